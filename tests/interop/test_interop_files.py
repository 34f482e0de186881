"""The report-file writer shared by `sam report --output` and the cockpit's export."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from trust_support import read_only

from sam_tui.domain.errors import Conflict, InvalidInput
from sam_tui.interop.files import check_target, write_text


def test_writes_the_whole_file_readable_by_you_only(tmp_path: Path) -> None:
    target = tmp_path / "week.txt"
    assert write_text(target, "héllo\n", force=False) == target
    assert target.read_text(encoding="utf-8") == "héllo\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["week.txt"]


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "week.txt"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(Conflict, match="already exists; add --force to replace it"):
        write_text(target, "new\n", force=False)
    with pytest.raises(Conflict, match="already exists; press enter again"):
        write_text(target, "new\n", force=False, hint="press enter again")
    assert target.read_text(encoding="utf-8") == "mine\n"
    write_text(target, "new\n", force=True)
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["week.txt"]


def test_folders_are_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="is a folder; give a file name"):
        check_target(tmp_path, force=True)
    with pytest.raises(InvalidInput, match="does not exist"):
        write_text(tmp_path / "nope" / "week.txt", "x", force=False)


def test_a_folder_you_cannot_write_in_is_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder):
        with pytest.raises(InvalidInput, match=r"^cannot write .*week\.txt: "):
            write_text(folder / "week.txt", "x", force=False)
    assert os.listdir(folder) == []


def test_the_cli_says_so_in_one_line(sam, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder):
        result = sam("report", "week", "--output", str(folder / "week.html"))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: cannot write {folder}/week.html: ")
    assert os.listdir(folder) == []
