"""The layers of DESIGN.md hold: arrows point down, and the fast paths stay light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sam_tui"

# layer -> the sam_tui layers it may import
ALLOWED = {
    "domain": {"domain"},
    "store": {"domain", "store"},
    "services": {"domain", "store", "services", "clock"},
    # reports read through services only: data from services, layout in reports
    "reports": {"domain", "services", "reports", "clock"},
    "cli": {"domain", "store", "services", "cli", "clock", "tui", "reports", "interop"},
    "tui": {"domain", "store", "services", "tui", "clock", "reports", "interop"},
    "interop": {"domain", "store", "services", "clock", "interop"},
}
NO_UI = ("domain", "store", "services", "reports", "interop")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layers_import_only_downwards(layer: str) -> None:
    for path in modules(layer):
        for name in imports_of(path):
            if name.startswith("sam_tui."):
                target = name.split(".")[1]
                assert target in ALLOWED[layer], f"{path.name} ({layer}) imports {name}"


@pytest.mark.parametrize("layer", NO_UI)
def test_lower_layers_never_import_textual_or_rich(layer: str) -> None:
    for path in modules(layer):
        for name in imports_of(path):
            root = name.split(".")[0]
            assert root not in ("textual", "rich", "typer"), f"{path} imports {name}"


def test_domain_is_pure_stdlib() -> None:
    allowed_roots = set(sys.stdlib_module_names) | {"sam_tui", "dateutil", "__future__"}
    for path in modules("domain"):
        for name in imports_of(path):
            assert name.split(".")[0] in allowed_roots, f"{path.name} imports {name}"


def test_only_the_clock_reads_the_system_time() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name == "clock.py":
            continue
        text = path.read_text(encoding="utf-8")
        for forbidden in ("datetime.now(", "date.today(", "time.time()"):
            assert forbidden not in text, f"{path} calls {forbidden}"


def test_every_module_opens_with_a_docstring() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name == "__init__.py" and not path.read_text().strip():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{path} has no module docstring"


def _modules_loaded_by(*argv: str, db: Path) -> set[str]:
    script = (
        "import sys\n"
        f"sys.argv = ['sam', '--db', {str(db)!r}, *{list(argv)!r}]\n"
        "from sam_tui.cli.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


@pytest.mark.parametrize(
    "argv",
    [
        ("log", "Acme", "called the CFO", "--follow-up", "next friday"),
        ("follow-up", "add", "Acme", "send deck", "--due", "tomorrow"),
        ("follow-up", "done", "1"),
        ("today",),
    ],
)
def test_one_line_commands_never_import_sqlalchemy_or_textual(
    argv: tuple[str, ...], tmp_path: Path
) -> None:
    db = tmp_path / "sam.db"
    _modules_loaded_by("account", "add", "Acme", db=db)
    loaded = _modules_loaded_by(*argv, db=db)
    heavy = {
        m for m in loaded if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "textual", "pydantic")
    }
    assert not heavy, f"`sam {' '.join(argv)}` imported {sorted(heavy)[:5]}"


def test_screens_forms_and_actions_never_import_the_app() -> None:
    """They reach the cockpit through ``tui/cockpit.py`` (a protocol and messages), not by
    importing the App, not even inside a function: the App imports them."""
    tui = PACKAGE / "tui"
    children = [
        *(tui / "screens").rglob("*.py"),
        *(tui / "forms").rglob("*.py"),
        *(tui / "widgets").rglob("*.py"),
        tui / "commands.py",
        tui / "actions.py",
        tui / "cockpit.py",
        tui / "keys.py",
    ]
    for path in children:
        for name in imports_of(path):
            assert name != "sam_tui.tui.app", f"{path.relative_to(PACKAGE)} imports {name}"
        # `from sam_tui.tui import app` names the module as an imported name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "sam_tui.tui":
                names = {alias.name for alias in node.names}
                assert "app" not in names, f"{path.relative_to(PACKAGE)} imports sam_tui.tui.app"
