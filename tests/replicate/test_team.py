"""`sam team`: managers' books pulled from real replicas, and a roll-up whose figures are the
managers' own (a one-manager team is exactly that manager's report)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from replicas import needs_litestream
from typer.testing import CliRunner

from sam_tui.cli.main import app
from sam_tui.interop import team

pytestmark = needs_litestream


def sam(*args: str, db: Path | None = None) -> Any:
    argv = (["--db", str(db)] if db else []) + list(args)
    return CliRunner().invoke(app, argv)


def ok(result: Any) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return str(result.stdout)


def manager_book(source: Path, folder: Path, replica: Path) -> Path:
    """A manager's own book (a copy of ``source``), replicated to ``replica``."""
    folder.mkdir(mode=0o700)
    book = folder / "sam.db"
    book.write_bytes(source.read_bytes())
    book.chmod(0o600)
    ok(sam("replicate", "setup", f"file://{replica}", db=book))
    return book


@pytest.fixture
def ann(demo_db: Path, tmp_path: Path) -> Path:
    return manager_book(demo_db, tmp_path / "ann", tmp_path / "replicas" / "ann")


def _section(doc: dict[str, Any], key: str) -> dict[str, Any]:
    return next(s for s in doc["sections"] if s["key"] == key)


def _block(section: dict[str, Any], key: str) -> dict[str, Any]:
    return next(b for b in section["blocks"] if b.get("key") == key)


def _figure(section: dict[str, Any], key: str) -> Any:
    return next(f for f in section["figures"] if f["key"] == key)["value"]


def _this(table: dict[str, Any], label: str) -> Any:
    return next(r["this"] for r in table["rows"] if r["figure"] == label)


@pytest.mark.parametrize("kind", ["month", "quarter", "year"])
def test_a_one_manager_team_is_that_manager_s_own_report(
    ann: Path, tmp_path: Path, kind: str
) -> None:
    ok(sam("team", "add", "ann", f"file://{tmp_path / 'replicas' / 'ann'}"))
    ok(sam("team", "pull"))
    mine = json.loads(ok(sam("report", kind, "--format", "json", db=ann)))
    ours = json.loads(ok(sam("team", "report", kind, "--format", "json")))
    assert ours["period"] == mine["period"] and ours["previous_period"] == mine["previous_period"]
    own_forecast = _section(mine, "quota_forecast")
    team_forecast = _section(ours, "team_forecast")
    # closed won, commit, best case, weighted, run rate and their gaps: the same rows
    assert _block(team_forecast, "forecast")["rows"] == _block(own_forecast, "forecast")["rows"]
    # and the same columns: the gap in words ("ahead"/"behind"), as in the manager's report
    columns = _block(team_forecast, "forecast")["columns"]
    assert columns == _block(own_forecast, "forecast")["columns"]
    assert _figure(team_forecast, "attainment") == _figure(own_forecast, "attainment")
    metrics = _section(mine, "metrics")
    amounts, rates, counts = (_block(metrics, k) for k in ("amounts", "rates", "counts"))
    [line] = _block(_section(ours, "managers"), "managers")["rows"]
    forecast_rows = {r["figure"]: r["amount"] for r in _block(own_forecast, "forecast")["rows"]}
    assert line == {
        "manager": "ann",
        "quota": _this(amounts, "Quota"),
        "won": _this(amounts, "Won"),
        "attainment": _this(rates, "Attainment (won / quota)"),
        "coverage": _this(counts, "Coverage (pipeline / quota not yet met), times"),
        "win_rate": _this(rates, "Win rate by count"),
        "slipped": line["slipped"],
        "slipped_amount": line["slipped_amount"],
        "commit": forecast_rows["Commit (won + open commit deals)"],
        "weighted": forecast_rows["Weighted forecast (won + weighted pipeline)"],
    }
    risks = " ".join(_block(_section(mine, "highlights"), "risks")["items"])
    if line["slipped"] == 0:
        assert "Slipped" not in risks
    elif line["slipped"] == 1:
        assert "Slipped past its expected close" in risks
    else:
        assert f"Slipped: {line['slipped']} open deals worth" in risks


def test_the_team_s_attention_list_is_the_manager_s_triage(ann: Path, tmp_path: Path) -> None:
    ok(sam("team", "add", "ann", f"file://{tmp_path / 'replicas' / 'ann'}"))
    ok(sam("team", "pull"))
    today = json.loads(ok(sam("today", "--json", db=ann)))
    wanted = [
        (i["score"], i["account"]["name"], i["title"], i["due"])
        for i in today["items"]
        if i["kind"] == "complaint" or (i["kind"] == "follow-up" and i["due"] < today["date"])
    ]
    ours = json.loads(ok(sam("team", "report", "quarter", "--format", "json")))
    rows = _block(_section(ours, "attention"), "attention")["rows"]
    assert [(r["score"], r["account"], r["title"], r["due"]) for r in rows] == wanted
    assert {r["manager"] for r in rows} == {"ann"}


def test_two_managers_add_up_and_rank_together(demo_db: Path, ann: Path, tmp_path: Path) -> None:
    manager_book(demo_db, tmp_path / "bob", tmp_path / "replicas" / "bob")
    for name in ("ann", "bob"):
        ok(sam("team", "add", name, f"file://{tmp_path / 'replicas' / name}"))
    ok(sam("team", "pull"))
    single = json.loads(ok(sam("report", "quarter", "--format", "json", db=ann)))
    ours = json.loads(ok(sam("team", "report", "quarter", "--format", "json")))
    own = {
        r["figure"]: r["amount"]
        for r in _block(_section(single, "quota_forecast"), "forecast")["rows"]
    }
    team_rows = _block(_section(ours, "team_forecast"), "forecast")["rows"]
    for row in team_rows[:4]:  # closed won, commit, best case, weighted: twice one book's
        assert row["amount"] == 2 * own[row["figure"]]
    rows = _block(_section(ours, "attention"), "attention")["rows"]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert {r["manager"] for r in rows} == {"ann", "bob"}
    text = ok(sam("team"))
    assert all(len(line) <= 80 for line in text.splitlines()), "wider than 80 columns"
    assert "TEAM QUOTA AND FORECAST" in text and "FRESHNESS" in text


def test_books_in_different_currencies_are_not_added_up(
    demo_db: Path, ann: Path, tmp_path: Path
) -> None:
    euros = tmp_path / "euros.db"
    euros.write_bytes(demo_db.read_bytes())
    ok(sam("config", "currency", "eur", db=euros))
    manager_book(euros, tmp_path / "bob", tmp_path / "replicas" / "bob")
    for name in ("ann", "bob"):
        ok(sam("team", "add", name, f"file://{tmp_path / 'replicas' / name}"))
    ok(sam("team", "pull"))
    for argv in (("team",), ("team", "report", "quarter", "--format", "json")):
        refused = sam(*argv)
        assert refused.exit_code == 1 and refused.stdout == ""
        assert refused.stderr == (
            "error: the managers' books are in different currencies (ann USD, bob EUR); the "
            "team's figures add their amounts up and sam holds no exchange rates, so there is "
            "no roll-up\n"
        )


def test_a_failed_pull_is_named_and_the_others_go_on(ann: Path, tmp_path: Path) -> None:
    replica = tmp_path / "replicas" / "ann"
    listing = {p: p.stat().st_mtime_ns for p in replica.rglob("*")}
    ok(sam("team", "add", "ann", f"file://{replica}"))
    ok(sam("team", "add", "nobody", f"file://{tmp_path / 'replicas' / 'nobody'}"))
    result = sam("team", "pull")
    assert result.exit_code == 1
    assert "ann: " in result.stdout and "Pulled 1 of 2 in" in result.stdout
    assert result.stderr.splitlines() == [
        f"error: nobody: file://{tmp_path / 'replicas' / 'nobody'} holds no book yet",
        "error: 1 failed (nobody); any older copy of theirs is kept",
    ]
    # the lead never writes to a replica
    assert {p: p.stat().st_mtime_ns for p in replica.rglob("*")} == listing
    copy = team.cache_folder() / "ann.db"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o400
    assert stat.S_IMODE(team.cache_folder().stat().st_mode) == 0o700
    assert not os.access(copy, os.W_OK) or os.geteuid() == 0
    fresh = _block(
        _section(json.loads(ok(sam("team", "report", "month", "-f", "json"))), "freshness"),
        "freshness",
    )["rows"]
    assert [(r["manager"], r["status"]) for r in fresh] == [
        ("ann", "ok"),
        ("nobody", f"file://{tmp_path / 'replicas' / 'nobody'} holds no book yet"),
    ]
    doc = json.loads(ok(sam("team", "list", "--json")))
    assert [m["name"] for m in doc] == ["ann", "nobody"]
    assert doc[1]["pulled_at"] is None


def test_a_manager_s_name_and_replica_are_checked_before_anything_is_saved(
    ann: Path, tmp_path: Path
) -> None:
    url = f"file://{tmp_path / 'replicas' / 'ann'}"
    bad = sam("team", "add", "ann/../x", url)
    assert bad.exit_code == 1 and "cannot name a manager" in bad.stderr
    ok(sam("team", "add", "Ann", url))
    twice = sam("team", "add", "ann", url)
    assert twice.exit_code == 1 and "Ann is already in the team" not in twice.stderr
    assert "ann is already in the team" in twice.stderr
    assert [m.name for m in team.managers()] == ["Ann"]
    # the same replica under another name would count one book twice
    for again in (url, url + "/", f"file://{tmp_path / 'replicas' / 'x' / '..' / 'ann'}"):
        same = sam("team", "add", "Ann Again", again)
        assert same.exit_code == 1, again
        assert "error: Ann already reads file://" in same.stderr
        assert "one replica is one manager's book" in same.stderr
    assert [m.name for m in team.managers()] == ["Ann"]
    ok(sam("team", "remove", "ann"))
    assert team.managers() == []
    # names as people write them: accents, a space, an apostrophe
    ok(sam("team", "add", "Jürgen O'Brien", url))
    assert [m.name for m in team.managers()] == ["Jürgen O'Brien"]
    ok(sam("team", "add", "Li", f"file://{tmp_path / 'replicas' / 'li'}"))
    header, *lines = ok(sam("team", "list")).splitlines()
    assert header.split() == ["Manager", "Replica", "Pulled"]
    at = header.index("Replica")
    assert [line[at:].split()[0].startswith("file://") for line in lines] == [True, True]
    assert [line.split()[-1] for line in lines] == ["never", "never"]
    for bad_name in (".hidden", "a/b", "trailing ", "x" * 41):
        refused = sam("team", "add", bad_name, url)
        assert refused.exit_code == 1 and "cannot name a manager" in refused.stderr


def test_a_copy_pulled_by_an_older_sam_is_upgraded_before_the_roll_up(
    ann: Path, tmp_path: Path
) -> None:
    """After sam is upgraded, the copies the lead already holds are of the older schema
    until the next pull (which may fail): the roll-up upgrades them, as a pull would."""
    import shutil
    import sqlite3

    from trust_support import FIXTURE_DIR

    from sam_tui.store.migrations import LATEST_VERSION

    ok(sam("team", "add", "ann", f"file://{tmp_path / 'replicas' / 'ann'}"))
    ok(sam("team", "pull"))
    copy = team.cache_folder() / "ann.db"
    copy.chmod(0o600)
    shutil.copyfile(FIXTURE_DIR / "v5.db", copy)  # as an older sam pulled it
    copy.chmod(0o400)
    own = sqlite3.connect(f"{(FIXTURE_DIR / 'v5.db').as_uri()}?immutable=1", uri=True)
    accounts = own.execute("SELECT count(*) FROM account").fetchone()[0]
    own.close()
    doc = json.loads(ok(sam("team", "report", "month", "-f", "json")))
    fresh = _block(_section(doc, "freshness"), "freshness")["rows"]
    assert [(r["manager"], r["status"]) for r in fresh] == [("ann", "ok")]
    assert "ann" in ok(sam("team"))
    upgraded = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert upgraded.execute("SELECT count(*) FROM account").fetchone()[0] == accounts
    upgraded.close()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o400
    assert sorted(p.name for p in team.cache_folder().iterdir()) == ["ann.db", "ann.json"]
