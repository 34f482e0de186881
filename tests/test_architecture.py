"""The layers of DESIGN.md hold: arrows point down, and the fast paths stay light."""

from __future__ import annotations

import ast
import importlib.util
import re
import subprocess
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import pytest

from sam_tui.domain import enums

PACKAGE = Path(__file__).resolve().parents[1] / "sam_tui"

# layer -> the sam_tui layers it may import
ALLOWED = {
    "domain": {"domain"},
    "store": {"domain", "store"},
    "services": {"domain", "store", "services", "clock"},
    # reports read through services only: data from services, layout in reports
    "reports": {"domain", "services", "reports", "clock"},
    "cli": {"domain", "store", "services", "cli", "clock", "tui", "reports", "interop", "demo"},
    "tui": {"domain", "store", "services", "tui", "clock", "reports", "interop"},
    "interop": {"domain", "store", "services", "clock", "interop"},
    # fixtures, not a service: it writes generated rows through store.bulk
    "demo": {"domain", "store", "clock", "demo"},
}
NO_UI = ("domain", "store", "services", "reports", "interop", "demo")


def imports_of(path: Path) -> set[str]:
    """Modules imported, and each name of ``from module import name`` as ``module.name``
    (``from sam_tui.store import models`` imports a module that way)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
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
    # anyascii: a transliteration table (pure Python, no I/O of its own), for folding names
    allowed_roots = set(sys.stdlib_module_names) | {"sam_tui", "dateutil", "anyascii", "__future__"}
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


LONG_MODULE = 450  # lines; a longer module says at its top why it is one module


def test_a_long_module_says_why_it_is_long() -> None:
    unexplained = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") <= LONG_MODULE:
            continue
        doc = ast.get_docstring(ast.parse(text)) or ""
        if not re.search(r"(?i)(over 450 lines|long) on purpose", doc):
            unexplained.append(str(path.relative_to(PACKAGE)))
    assert not unexplained, (
        f"over {LONG_MODULE} lines with no 'Over 450 lines on purpose: why' in the module "
        f"docstring: {', '.join(sorted(unexplained))}"
    )


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
    # anyascii (~12 ms) only folds names NFKD cannot: never for an ASCII reference
    slow = ("sqlalchemy", "sqlmodel", "textual", "pydantic", "anyascii")
    heavy = {m for m in loaded if m.split(".")[0] in slow}
    assert not heavy, f"`sam {' '.join(argv)}` imported {sorted(heavy)[:5]}"


@pytest.mark.parametrize(
    ("argv", "printer"),
    [
        (("today",), "sam_tui.cli.queue"),
        (("today", "--json"), "sam_tui.cli.queue"),
        (("account", "list"), "sam_tui.cli.account_list"),
        (("report", "year", "--format", "json"), "sam_tui.cli.reporting"),
        (("week",), "sam_tui.cli.reporting"),
    ],
)
def test_the_commands_of_every_day_never_import_typer(
    argv: tuple[str, ...], printer: str, tmp_path: Path
) -> None:
    # `sam today` is budgeted at 10x `python -c "import sqlite3"`: importing and building
    # Typer took over one of the ten (cli.entry takes these spellings straight to what
    # prints them)
    db = tmp_path / "sam.db"
    _modules_loaded_by("account", "add", "Acme", db=db)
    loaded = _modules_loaded_by(*argv, db=db)
    assert printer in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("typer", "click")}
    assert "sam_tui.cli.main" not in loaded
    if argv[0] == "today":  # a list measures non-ASCII text with rich.cells ("—")
        assert not {m for m in loaded if m.split(".")[0] == "rich"}


# --- SQL lives in store/ and services/ only -------------------------------------------------

SQL_HOMES = ("store", "services")
_SQL_TEXT = re.compile(
    # a keyword then a space or the end: "BEGIN:VCARD" is a vCard line, not a transaction
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WITH|BEGIN|COMMIT|ROLLBACK)(\s|$)"
    r"|\bSELECT\b.*\bFROM\b"
    r"|\b(WHERE|AND|OR)\s+\w+\.\w+\s*(=|!=|<|>|\bIN\b|\bIS\b)",
    re.DOTALL,
)
_RUNS_SQL = {"execute", "executemany", "executescript"}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring nodes (prose may name SQL; code may not carry it)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _texts(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string literal (f-strings by their literal parts), docstrings left out."""
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
                for v in node.values
            )
            found.append((node.lineno, text))
            skip.update(id(v) for v in node.values)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            found.append((node.lineno, node.value))
    return found


def sql_outside_its_homes(source: str, where: str) -> list[str]:
    """Calls that run SQL and string literals that hold it, in one module's ``source``."""
    tree = ast.parse(source)
    problems = [
        f"{where}:{node.lineno} calls .{node.func.attr}("
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _RUNS_SQL
    ]
    problems += [
        f"{where}:{line} holds SQL: {text.strip()[:60]!r}"
        for line, text in sorted(_texts(tree))
        if _SQL_TEXT.search(text)
    ]
    return problems


def scan(check: Callable[[str, str], list[str]], skip: Callable[[Path], bool]) -> list[str]:
    """``check(source, where)`` over every module of the package but those ``skip`` names
    (by their path inside the package)."""
    return [
        problem
        for path in sorted(PACKAGE.rglob("*.py"))
        if not skip(path.relative_to(PACKAGE))
        for problem in check(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    ]


def test_sql_is_written_and_run_in_store_and_services_only() -> None:
    """A query belongs to a service (or the store gateway); everything else calls it."""
    assert scan(sql_outside_its_homes, lambda where: where.parts[0] in SQL_HOMES) == []


def test_the_sql_check_sees_sql() -> None:
    """Guard the guard: each way SQL shows up outside its homes is reported, prose is not."""
    code = (
        'A = "SELECT notes FROM account WHERE id = ?"\n'
        'B = f"SELECT 1 FROM {table} LIMIT 1"\n'
        "C = \"a.archived = 0 AND a.status = 'active'\"\n"
        'D = "PRAGMA data_version"\n'
        "conn.execute(A)\n"
        'def f():\n    """SELECT in prose is fine."""\n'
        'E = "Select something to edit; or pick another"\n'
    )
    found = sql_outside_its_homes(code, "x.py")
    assert [p.split(" ")[0] for p in found] == ["x.py:5", "x.py:1", "x.py:2", "x.py:3", "x.py:4"]


# --- status lists come from the enums -------------------------------------------------------


def _vocabularies() -> dict[str, frozenset[str]]:
    return {
        name: frozenset(member.value for member in value)
        for name, value in vars(enums).items()
        if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
    }


_QUOTED_LIST = re.compile(r"\bIN\s*\(\s*('[^']*'(?:\s*,\s*'[^']*')+)\s*\)", re.IGNORECASE)
# the released migrations are frozen SQL (CHECK constraints spell the vocabularies out)
_LITERAL_VOCABULARY_OK = {Path("domain/enums.py"), Path("store/migrations.py")}


def enum_lists_spelt_out(source: str, where: str) -> list[str]:
    vocabularies = _vocabularies()

    def duplicates(values: list[str]) -> str | None:
        if len(values) < 2:
            return None
        owners = [name for name, members in vocabularies.items() if set(values) <= members]
        return owners[0] if owners else None

    tree = ast.parse(source)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if len(values) == len(node.elts) and all(isinstance(v, str) for v in values):
                owner = duplicates(values)
                if owner:
                    problems.append(f"{where}:{node.lineno} spells out {owner}: {values}")
    for line, text in _texts(tree):
        for match in _QUOTED_LIST.finditer(text):
            values = [v.strip().strip("'") for v in match.group(1).split(",")]
            owner = duplicates(values)
            if owner:
                problems.append(f"{where}:{line} spells out {owner} in SQL: {match.group(0)}")
    return problems


def test_status_lists_come_from_the_enums() -> None:
    """``IN ('open', 'blocked')`` or ``("won", "lost")`` written again drifts from the enum
    the day a status is added: build the set from the enum and bind it
    (``store.sql.one_of``)."""
    assert scan(enum_lists_spelt_out, lambda where: where in _LITERAL_VOCABULARY_OK) == []


def test_the_enum_check_sees_spelt_out_lists() -> None:
    code = (
        'OPEN = ("open", "in-progress", "waiting-customer")\n'
        "Q = \"SELECT 1 FROM deal WHERE stage NOT IN ('won', 'lost')\"\n"
        'ROLES = [("CFO", "decision-maker")]\n'
        'ONE = ("open",)\n'
    )
    found = enum_lists_spelt_out(code, "x.py")
    assert [p.split(" ")[:3] for p in found] == [
        ["x.py:1", "spells", "out"],
        ["x.py:2", "spells", "out"],
    ], found


# --- the schema's declaration is a test oracle, never a runtime import ----------------------

ORACLE = {Path("store/models.py"), Path("store/orm.py")}
_ORACLE_MODULES = {"sam_tui.store.models", "sam_tui.store.orm"}


def test_runtime_code_never_imports_sqlmodel_or_the_models() -> None:
    """sqlmodel and sqlalchemy are test dependencies (pyproject's ``test`` extra): only the
    schema's declaration and its ORM sessions may use them, and nothing imports those."""
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE)
        if where in ORACLE:
            continue
        for name in imports_of(path):
            if name.split(".")[0] in ("sqlalchemy", "sqlmodel", "pydantic") or name in (
                _ORACLE_MODULES
            ):
                problems.append(f"{where} imports {name}")
    assert problems == []


def test_sqlmodel_is_not_a_runtime_dependency() -> None:
    import tomllib

    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["project"]
    runtime = " ".join(project["dependencies"]).lower()
    assert "sqlmodel" not in runtime and "sqlalchemy" not in runtime
    assert any(d.startswith("sqlmodel") for d in project["optional-dependencies"]["test"])
# The import and export machinery (issue 15) loads only when its command runs.
INTEROP_ONLY = (
    "sam_tui.cli.imports",
    "sam_tui.cli.export",
    "sam_tui.interop.csv_import",
    "sam_tui.interop.csvfile",
    "sam_tui.interop.cells",
    "sam_tui.interop.columns",
    "sam_tui.interop.plan",
    "sam_tui.interop.vocab",
    "sam_tui.interop.book_json",
    "sam_tui.services.imports",
    "sam_tui.services.book",
)


def test_sam_log_never_loads_the_import_and_export_modules(tmp_path: Path) -> None:
    db = tmp_path / "sam.db"
    _modules_loaded_by("account", "add", "Acme", db=db)
    loaded = _modules_loaded_by("log", "Acme", "called the CFO", db=db)
    assert not set(INTEROP_ONLY) & loaded
    # guard the guard: the names are real modules, and the import command does load them
    assert all(importlib.util.find_spec(name) for name in INTEROP_ONLY)
    assert "sam_tui.cli.imports" in _modules_loaded_by("import", "csv", "--help", db=db)


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
