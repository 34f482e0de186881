"""A book made read-only and then writable again takes writes again (found by a new-user
trial: reading a `chmod 400` book left read-only -wal and -shm files behind, and every later
write failed with "read-only" though the book itself was writable again).

Run as the user would be: as root, the process drops the capabilities that let root
write any file (``setpriv``), else file modes would not apply to it."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_sam

SETPRIV = shutil.which("setpriv")
AS_A_USER = (
    [SETPRIV, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    if os.getuid() == 0 and SETPRIV
    else []
)
pytestmark = pytest.mark.skipif(
    os.getuid() == 0 and not SETPRIV, reason="root, and no setpriv to act as a user"
)


def _sam(*args: str) -> tuple[int, str]:
    """``sam ARGS`` as a real process, as an ordinary user."""
    if not AS_A_USER:
        run = run_sam(*args)
    else:
        run = subprocess.run(
            [*AS_A_USER, sys.executable, "-m", "sam_tui", *args],
            capture_output=True,
            text=True,
            env=os.environ.copy(),
            timeout=60,
        )
    return run.returncode, run.stdout + run.stderr


def test_a_book_writable_again_takes_writes_again(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    code, out = _sam("--db", str(book), "account", "add", "Acme")
    assert code == 0, out
    book.chmod(0o400)
    code, out = _sam("--db", str(book), "today")
    assert code == 0, out
    book.chmod(0o600)
    code, out = _sam("--db", str(book), "log", "acme", "Call after the freeze")
    assert code == 0, out
    for name in ("book.db-wal", "book.db-shm"):
        part = tmp_path / name
        if part.exists():
            assert part.stat().st_mode & stat.S_IWUSR, f"{name} left read-only"
    code, out = _sam("--db", str(book), "account", "show", "acme")
    assert code == 0 and "Call after the freeze" in out, out
