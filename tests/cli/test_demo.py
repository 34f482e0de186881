"""`sam demo`: a believable portfolio in a scratch database, never over the user's own data."""

from __future__ import annotations

import os
from pathlib import Path

from samcli import as_json, counts, digest, fails, ok, seed
from typer.testing import CliRunner


def _demo(sam, path: Path, *extra: str) -> str:
    return ok(sam("demo", "--db", str(path), *extra))


def test_piped_demo_prints_where_it_is_and_how_to_look(sam, tmp_path):
    path = tmp_path / "demo.db"
    out = _demo(sam, path)
    assert out.splitlines() == [
        f"Demo portfolio ready in {path} (25 accounts, {counts(path)['contact']} contacts, "
        f"{counts(path)['interaction']} interactions, 60 follow-ups, 8 complaints, "
        "7 prospects, 7 requests, 6 ideas).",
        f"Try: sam --db {path} today",
    ]
    assert path.exists()


def test_the_demo_gives_today_something_to_rank(sam, tmp_path):
    path = tmp_path / "demo.db"
    _demo(sam, path)
    doc = as_json(sam("today", "--json", db=path))
    assert doc["kpis"]["breached_complaints"] == 2
    assert doc["kpis"]["overdue_follow_ups"] > 0 and doc["kpis"]["going_cold"] > 0
    assert doc["items"][0]["kind"] == "complaint"
    assert len(as_json(sam("account", "list", "--json", db=path))) > 20


def test_same_seed_same_portfolio_other_seed_other_portfolio(sam, tmp_path):
    a, b, c = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    _demo(sam, a, "--seed", "42")
    _demo(sam, b, "--seed", "42")
    _demo(sam, c, "--seed", "43")
    for command in (("account", "list", "--json"), ("today", "--json"),
                    ("follow-up", "list", "--json"), ("complaint", "list", "--json"),
                    ("contact", "list", "--json")):
        assert sam(*command, db=a).stdout == sam(*command, db=b).stdout, command
    assert sam("account", "list", "--json", db=a).stdout != sam(
        "account", "list", "--json", db=c).stdout


def test_scale_multiplies_the_portfolio(sam, tmp_path):
    path = tmp_path / "big.db"
    assert "(50 accounts," in _demo(sam, path, "--scale", "2")
    # the prospects (7) come on top of the portfolio, whatever its scale
    assert counts(path)["account"] == 50 + 7


def test_a_demo_can_be_rebuilt_over_an_earlier_demo(sam, tmp_path):
    path = tmp_path / "demo.db"
    _demo(sam, path, "--seed", "1")
    first = counts(path)
    _demo(sam, path, "--seed", "1")
    assert counts(path) == first


def test_a_database_with_the_users_own_data_is_refused_and_untouched(sam, db_path):
    seed(sam)
    ok(sam("log", "acme corp", "Real client note"))
    before, before_bytes = counts(db_path), digest(db_path)
    line = fails(sam("demo", "--db", str(db_path)))
    assert line == (
        "error: this database already holds your own data; demo only fills an empty database "
        "or an earlier demo (use --db with a new file)"
    )
    assert counts(db_path) == before
    assert digest(db_path) == before_bytes


def test_the_global_db_option_also_points_demo_at_a_file(sam, db_path):
    # `sam --db X demo` (the fixture passes --db first): explicit, so X is used
    out = ok(sam("demo"))
    assert f"Demo portfolio ready in {db_path} " in out


def test_without_db_the_demo_goes_to_the_cache_and_never_to_sam_db(tmp_path, monkeypatch):
    from sam_tui.cli.main import app

    own = tmp_path / "own.db"
    monkeypatch.setenv("SAM_DB", str(own))
    result = CliRunner().invoke(app, ["demo"])
    out = ok(result)
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "sam" / "demo.db"
    assert out.startswith(f"Demo portfolio ready in {cache} ")
    assert cache.exists()
    assert not own.exists()
