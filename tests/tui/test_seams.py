"""The cockpit's seams hold: every key and palette entry reaches an action, every action in
the table imports and runs, and children talk to the App only through ``tui.cockpit``."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

from textual.actions import parse
from textual.binding import Binding
from tui_helpers import screen_text, settle, wait_for_text

from sam_tui.services import accounts
from sam_tui.store import db
from sam_tui.tui import keys
from sam_tui.tui.app import SamApp
from sam_tui.tui.cockpit import Cockpit, Wrote
from sam_tui.tui.commands import ACTIONS as PALETTE
from sam_tui.tui.forms.base import FormScreen


def _app_action(action: str) -> str:
    destination, name, _params = parse(action)
    assert destination in ("", "app"), action
    return name


def test_every_table_action_imports_and_takes_the_cockpit_and_the_selection() -> None:
    for name in keys.ACTIONS:
        run = keys.resolve(name)
        assert callable(run), name
        assert len(inspect.signature(run).parameters) == 2, name


def test_every_key_and_palette_entry_reaches_an_app_action() -> None:
    bound = [b.action for b in keys.BINDINGS if isinstance(b, Binding)]
    screen_keys = [b.action for b in (*keys.DEAL_KEYS, *keys.OBJECTIVE_KEYS)]
    for action in [*bound, *screen_keys, *(entry[2] for entry in PALETTE)]:
        name = _app_action(action)
        assert callable(getattr(SamApp, f"action_{name}", None)), action


def test_the_app_imports_no_form_or_action_until_one_runs() -> None:
    """The first paint pays for none of them: the table names them, lazily."""
    script = (
        "import sys\n"
        "import sam_tui.tui.app\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith('sam_tui.tui.')))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    early = [m for m in loaded if m.startswith(("sam_tui.tui.forms", "sam_tui.tui.actions"))]
    assert not early, early
    assert "sam_tui.tui.commands" not in loaded


def test_forms_that_open_on_a_record_say_what_to_select() -> None:
    for name in keys.ACTIONS:
        run = keys.resolve(name)
        form = getattr(run, "__self__", None)
        if isinstance(form, type) and issubclass(form, FormScreen) and form.needs is not None:
            assert form.needs.missing.startswith("Select "), name


async def test_a_write_told_by_message_shows_and_reloads(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app, Cockpit)
        await pilot.press("2")
        await settle(pilot)
        conn = db.connect(demo_db)
        try:
            accounts.add(conn, accounts.AccountInput(name="Zeta Seams Ltd"))
        finally:
            conn.close()
        assert "Zeta Seams Ltd" not in screen_text(app)
        app.screen.post_message(Wrote("Saved by a form"))
        await settle(pilot)
        assert "Saved by a form" in [n.message for n in app._notifications]
        await pilot.press("slash", *"zeta")
        assert await wait_for_text(pilot, "Zeta Seams Ltd")


def test_every_stylesheet_a_screen_names_is_there_and_shipped() -> None:
    """Each screen's and form's .tcss sits next to its code and goes into the wheel."""
    import importlib
    import inspect
    import tomllib

    from textual.screen import Screen

    package = Path(__file__).resolve().parents[2] / "sam_tui"
    shipped = tomllib.loads((package.parent / "pyproject.toml").read_text())["tool"][
        "setuptools"
    ]["package-data"]
    named = 0
    for path in sorted((package / "tui").rglob("*.py")):
        module = importlib.import_module(
            ".".join(path.relative_to(package.parent).with_suffix("").parts)
        )
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, Screen) or cls.__module__ != module.__name__:
                continue
            paths = cls.CSS_PATH if isinstance(cls.CSS_PATH, list) else [cls.CSS_PATH]
            for css in filter(None, paths):
                named += 1
                found = path.parent / str(css)
                assert found.is_file(), f"{cls.__name__}: no {found}"
                folder = ".".join(found.parent.relative_to(package.parent).parts)
                assert "*.tcss" in shipped.get(folder, []), f"{folder} .tcss not in the wheel"
    assert named >= 8
