"""Found by a new-user trial: the report helper (``python -m sam_tui.reports.apart``) puts
the working directory first on sys.path, so a ``sam_tui`` folder in the directory sam is
run from (another checkout, an unpacked download) is imported and run instead of the
installed sam."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_the_helper_never_imports_sam_tui_from_the_working_directory(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    env = {**os.environ, "SAM_NOW": "2026-12-03T10:00", "SAM_REPORT_PROCESSES": "2"}
    subprocess.run(
        [sys.executable, "-m", "sam_tui", "--db", str(book), "account", "add", "Acme"],
        check=True,
        env=env,
        capture_output=True,
    )
    stranger = tmp_path / "elsewhere"
    (stranger / "sam_tui" / "reports").mkdir(parents=True)
    marker = tmp_path / "ran-from-cwd"
    (stranger / "sam_tui" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    (stranger / "sam_tui" / "reports" / "__init__.py").write_text("")
    (stranger / "sam_tui" / "reports" / "apart.py").write_text("")
    run = subprocess.run(
        [sys.executable, "-m", "sam_tui", "--db", str(book), "report", "week"],
        cwd=Path(__file__).resolve().parents[2],  # sam itself from its checkout...
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        capture_output=True,
    )
    assert run.returncode == 0
    # ...then from the stranger's directory, as `sam week` typed there
    sam = Path(sys.executable).with_name("sam")
    run = subprocess.run(
        [str(sam), "--db", str(book), "week"], cwd=stranger, env=env, capture_output=True
    )
    assert run.returncode == 0, run.stderr
    assert not marker.exists(), "the report helper ran code from the working directory"
