"""Real `python -m sam_tui` processes: start-up, exit codes, env vars, what `sam log` imports."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import run_sam

HEAVY = ("textual", "sqlalchemy", "sqlmodel")


def _one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr + proc.stdout
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


def test_help_exits_0():
    proc = run_sam("--help")
    assert proc.returncode == 0, proc.stderr
    assert "Usage: sam" in proc.stdout and "today" in proc.stdout and "log" in proc.stdout


def test_version():
    proc = run_sam("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("sam ")


def test_log_on_a_real_file(tmp_path):
    path = tmp_path / "sam.db"
    assert run_sam("--db", str(path), "account", "add", "Acme Corp").returncode == 0
    proc = run_sam("--db", str(path), "log", "acme", "CFO agreed to pilot", "-c", "call",
                   "--follow-up", "next friday")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        "Logged call with Acme Corp, today 09:00 [#1]; follow-up #1 due Fri 27 Nov (tomorrow)\n"
    )
    assert proc.stderr == ""
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT summary FROM interaction").fetchall() == [("CFO agreed to pilot",)]
    assert conn.execute("SELECT due_date FROM follow_up").fetchall() == [("2026-11-27",)]
    conn.close()
    assert not path.with_name("sam.db-wal").exists()  # closed cleanly, WAL checkpointed


def test_an_error_is_one_line_and_exit_1(tmp_path):
    path = tmp_path / "sam.db"
    run_sam("--db", str(path), "account", "add", "Acme Corp")
    line = _one_error_line(run_sam("--db", str(path), "log", "acme crop", "hi"))
    assert line == "error: unknown account 'acme crop'; did you mean Acme Corp (#1)?"


def test_a_usage_error_exits_2(tmp_path):
    proc = run_sam("--db", str(tmp_path / "sam.db"), "log", "acme", "x", "--channel", "fax")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_bare_sam_without_a_terminal_points_at_sam_today(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sam_tui"], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)
    line = _one_error_line(proc)
    assert "needs a terminal" in line and "sam today" in line
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "sam" / "sam.db").exists()
    path = tmp_path / "sam.db"
    proc = subprocess.run([sys.executable, "-m", "sam_tui", "--db", str(path)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert "sam today" in _one_error_line(proc)
    assert not path.exists()


def test_demo_with_piped_stdout_prints_the_path(tmp_path):
    path = tmp_path / "demo.db"
    proc = run_sam("demo", "--db", str(path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"Demo portfolio ready in {path} (25 accounts,")
    assert path.exists()
    today = run_sam("--db", str(path), "today", "--json")
    assert json.loads(today.stdout)["items"]


def test_demo_without_db_goes_to_the_cache_folder():
    proc = run_sam("demo")
    assert proc.returncode == 0, proc.stderr
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "sam" / "demo.db"
    assert proc.stdout.startswith(f"Demo portfolio ready in {cache} ")
    assert cache.exists()


def test_sam_db_is_honoured_and_db_wins_over_it(tmp_path):
    env_db, flag_db = tmp_path / "env.db", tmp_path / "flag.db"
    env = {"SAM_DB": str(env_db)}
    assert run_sam("account", "add", "From Env", env=env).returncode == 0
    assert run_sam("--db", str(flag_db), "account", "add", "From Flag", env=env).returncode == 0
    names = json.loads(run_sam("account", "list", "--json", env=env).stdout)
    assert [a["name"] for a in names] == ["From Env"]
    names = json.loads(run_sam("--db", str(flag_db), "account", "list", "--json", env=env).stdout)
    assert [a["name"] for a in names] == ["From Flag"]


def test_a_raw_non_utf8_byte_in_a_note_is_a_one_line_error(tmp_path):
    path = tmp_path / "sam.db"
    run_sam("--db", str(path), "account", "add", "Acme Corp")
    proc = subprocess.run(
        [sys.executable, "-m", "sam_tui", "--db", str(path), "log", "acme", b"bad \x9b31m byte"],
        capture_output=True, text=True, timeout=60,
    )
    assert "not valid UTF-8" in _one_error_line(proc)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM interaction").fetchone() == (0,)
    conn.close()


def test_sam_log_does_not_import_textual_or_sqlalchemy(tmp_path):
    path = tmp_path / "sam.db"
    run_sam("--db", str(path), "account", "add", "Acme Corp")
    script = textwrap.dedent(f"""
        import json, sys
        sys.argv = ["sam", "--db", {str(path)!r}, "log", "acme", "Quick", "call",
                    "--follow-up", "friday"]
        from sam_tui.cli.entry import main
        try:
            main()
        except SystemExit as exc:
            code = exc.code
        else:
            code = 0
        sys.stdout.write("\\n" + json.dumps({{"code": code, "modules": sorted(sys.modules)}}))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.splitlines()[-1])
    assert report["code"] in (0, None)
    assert "Logged note with Acme Corp" in proc.stdout
    heavy = sorted(m for m in report["modules"] if m.split(".")[0] in HEAVY)
    assert heavy == []


def test_importtime_of_sam_log_shows_no_heavy_imports(tmp_path):
    path = tmp_path / "sam.db"
    run_sam("--db", str(path), "account", "add", "Acme Corp")
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sam_tui", "--db", str(path), "log", "acme",
         "Quick call"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()
                if line.startswith("import time:") and "|" in line]
    # importlib.import_module (the lazy command loader) is not timed, its imports are
    assert "sam_tui.services.interactions" in imported
    assert [m for m in imported if m.split(".")[0] in HEAVY] == []


@pytest.mark.parametrize("args", [("account", "list"), ("report", "year", "--format", "json")])
def test_importtime_of_account_list_and_a_report_shows_no_typer(tmp_path, args):
    # cli.entry runs these without Typer (~60-80 ms of imports and building the commands)
    path = tmp_path / "sam.db"
    assert run_sam("demo", "--db", str(path)).returncode == 0
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sam_tui", "--db", str(path), *args],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") > 20
    imported = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()
                if line.startswith("import time:") and "|" in line]
    assert "sam_tui.services.accounts" in imported
    assert [m for m in imported if m.split(".")[0] in ("typer", "click")] == []
    assert "sam_tui.cli.main" not in imported


def test_several_logs_at_once_lose_nothing(tmp_path):
    path = tmp_path / "sam.db"
    run_sam("--db", str(path), "account", "add", "Acme Corp")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "sam_tui", "--db", str(path), "log", "acme", f"touch {n}",
             "--follow-up", "friday"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n in range(6)
    ]
    results = [p.communicate(timeout=60) + (p.returncode,) for p in procs]
    assert [r[2] for r in results] == [0] * 6, results
    conn = sqlite3.connect(path)
    assert sorted(r[0] for r in conn.execute("SELECT summary FROM interaction")) == [
        f"touch {n}" for n in range(6)]
    assert conn.execute("SELECT count(*) FROM follow_up").fetchone() == (6,)
    assert conn.execute(
        "SELECT count(DISTINCT batch) FROM change_log WHERE command = 'log'").fetchone() == (6,)
    conn.close()


def test_sam_today_without_typer_prints_what_typer_would(tmp_path):
    # `sam [--db PATH] today [--json]` skip Typer (cli.entry); other spellings of the same
    # command go through it: the same bytes either way, SAM_DB or --db
    path = tmp_path / "sam.db"
    assert run_sam("demo", "--db", str(path)).returncode == 0
    env = {"SAM_DB": str(path), "COLUMNS": "80"}
    pairs = [
        (("today",), ("today", "--no-pager")),
        (("today", "--json"), ("today", "--json", "--limit", "0")),
        (
            ("--db", str(path), "today", "--json"),
            ("--db", str(path), "today", "--limit=0", "--json"),
        ),
        ((f"--db={path}", "today"), (f"--db={path}", "today", "--no-pager")),
    ]
    for quick, parsed in pairs:
        fast, slow = run_sam(*quick, env=env), run_sam(*parsed, env=env)
        assert fast.returncode == slow.returncode == 0, (fast.stderr, slow.stderr)
        assert fast.stdout == slow.stdout and fast.stderr == slow.stderr == ""
    assert fast.stdout.count("\n") > 5  # the demo's queue, not an empty one
