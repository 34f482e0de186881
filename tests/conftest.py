"""Shared fixtures: a pinned clock and timezone, real SQLite files in tmp dirs, the CLI runner."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from sam_tui.store import db

NOW = "2026-11-26T09:00"  # a Thursday


@pytest.fixture(autouse=True)
def pinned_world(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test runs at Thu 26 Nov 2026 09:00 UTC and never sees the user's own files."""
    monkeypatch.setenv("SAM_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("SAM_DB", raising=False)
    # the cockpit's help screen prints this path: the same in every run
    monkeypatch.setenv("SAM_KEYMAP", "/nonexistent/sam/keymap.toml")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "sam.db"


@pytest.fixture
def conn(db_path: Path) -> Iterator[sqlite3.Connection]:
    connection = db.connect(db_path)
    yield connection
    connection.close()


Run = Callable[..., Result]


@pytest.fixture
def sam(db_path: Path) -> Run:
    """``sam(*args)``: the CLI in-process on the test database; stdout and stderr separate."""
    from sam_tui.cli.main import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None, db: Path | None = None) -> Result:
        return runner.invoke(app, ["--db", str(db or db_path), *args], input=input)

    return run


# `sam ARGS` parsed by Typer whatever ARGS are: cli.entry takes a few commands itself
THROUGH_TYPER = "import sys; sys.argv[0] = 'sam'; from sam_tui.cli.main import run; run()"


def run_sam(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
    typer: bool = False,
) -> subprocess.CompletedProcess[str]:
    """``python -m sam_tui ...`` as a real process (start-up, imports, exit codes);
    ``typer``: the same command line through Typer even where ``cli.entry`` would skip it."""
    full_env = {**os.environ, **(env or {})}
    program = ["-c", THROUGH_TYPER] if typer else ["-m", "sam_tui"]
    return subprocess.run(
        [sys.executable, *program, *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=timeout,
    )


@contextmanager
def pinned_clock() -> Iterator[None]:
    """The test clock and zone, for fixtures of a wider scope than ``pinned_world`` (they
    are set up before it)."""
    saved = {k: os.environ.get(k) for k in ("SAM_NOW", "TZ")}
    os.environ.update(SAM_NOW=NOW, TZ="UTC")
    time.tzset()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        time.tzset()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo portfolio (seed 7) built once, at the pinned clock, in UTC."""
    from sam_tui import demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with pinned_clock():
        connection = db.connect(path)
        demo.fill(connection, seed=7)
        connection.close()
    yield path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo portfolio for one test."""
    target = tmp_path / "demo.db"
    shutil.copy2(demo_template, target)  # keeps 0600: sam would warn of a shared file
    return target
