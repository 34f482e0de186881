"""Lint and types are part of the suite: ruff and mypy --strict on the package."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "sam_tui", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    shutil.which("mypy") is None and not (ROOT / ".venv/bin/mypy").exists(),
    reason="mypy not installed",
)
def test_mypy_strict_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "sam_tui"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr


def test_ci_runs_the_readme_s_test_command() -> None:
    """CI installs what the README tells a developer to (the replicate extra included, so the
    replication tests run there instead of being skipped) and runs the same pytest."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    wanted = next(line for line in readme.splitlines() if "pytest -n 2" in line)
    ran = next(line for line in ci.splitlines() if "pytest -n 2" in line)
    assert ran.replace("pip install -q ", "pip install ") == wanted
    assert "'.[test,replicate]'" in ran
