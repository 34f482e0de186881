"""interop.backup without the CLI: snapshot-consistent copies, verification, rotation rules."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sam_tui.domain.errors import DatabaseProblem
from sam_tui.interop import backup as backups
from sam_tui.store import db

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _fill(conn: sqlite3.Connection, n: int = 50) -> None:
    with db.write(conn, "seed", NOW) as tx:
        acme = tx.insert(
            "account",
            {
                "name": "Acme",
                "name_key": "acme",
                "tier": "key",
                "status": "active",
                "archived": False,
            },
        )
        for i in range(n):
            tx.insert(
                "interaction",
                {
                    "account_id": acme,
                    "occurred_at": NOW,
                    "channel": "call",
                    "direction": "out",
                    "summary": f"note {i}",
                    "sentiment": 0,
                },
            )


def test_a_copy_taken_during_another_write_holds_the_committed_state(
    conn: sqlite3.Connection, db_path: Path, tmp_path: Path
) -> None:
    _fill(conn)
    writer = sqlite3.connect(db_path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM interaction WHERE summary LIKE 'note 1%'")
        info = backups.make(conn, tmp_path / "copy.db")
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert info.counts["interaction"] == 50 and info.counts["account"] == 1
    assert info.counts["change_log"] == 51
    assert info.last_change == NOW


def test_a_copy_that_does_not_match_is_removed(
    conn: sqlite3.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(conn, 3)
    real = backups.inspect

    def lossy(path: Path, thorough: bool = True) -> backups.BackupInfo:  # a page lost on the way
        info = real(path, thorough=thorough)
        return info._replace(counts={**info.counts, "interaction": 2})

    monkeypatch.setattr(backups, "inspect", lossy)
    target = tmp_path / "copy.db"
    with pytest.raises(DatabaseProblem, match="interaction differ"):
        backups.make(conn, target)
    assert not target.exists()


def test_prune_keeps_the_newest_and_only_touches_this_databases_dailies(tmp_path: Path) -> None:
    db_path = tmp_path / "work.db"
    folder = tmp_path / "backups"
    folder.mkdir()
    names = [f"work-daily-2026-11-{d:02d}.db" for d in range(20, 27)] + [
        "work-2026-11-01-080000.db",  # manual
        "work-before-restore-2026-11-02-080000.db",
        "home-daily-2026-11-01.db",  # another database in the same folder
        "notes.txt",
    ]
    for name in names:
        (folder / name).write_bytes(b"x")
    removed = backups.prune(db_path, 2)
    assert sorted(p.name for p in removed) == [f"work-daily-2026-11-{d}.db" for d in range(20, 25)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(names[5:])


def test_listing_sorts_newest_first_and_names_the_kind(tmp_path: Path) -> None:
    db_path = tmp_path / "sam.db"
    folder = tmp_path / "backups"
    folder.mkdir()
    for n, name in enumerate(
        [
            "sam-daily-2026-11-25.db",
            "sam-2026-11-26-080000.db",
            "sam-before-restore-x.db",
            "other-2026.db",
        ]
    ):
        (folder / name).write_bytes(b"x" * (n + 1))
        stamp = datetime(2026, 11, 20 + n, tzinfo=UTC).timestamp()
        os.utime(folder / name, (stamp, stamp))
    found = backups.list_backups(db_path)
    assert [(b.path.name, b.kind) for b in found] == [
        ("sam-before-restore-x.db", "before restore"),
        ("sam-2026-11-26-080000.db", "manual"),
        ("sam-daily-2026-11-25.db", "daily"),
    ]


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 bytes"),
        (999, "999 bytes"),
        (180_224, "180.2 kB"),
        (5_300_000, "5.3 MB"),
        (12_000_000_000, "12.0 GB"),
    ],
)
def test_sizes_read_like_a_file_manager(size: int, shown: str) -> None:
    assert backups.format_size(size) == shown
