"""`sam history [REF]`: what each command changed, newest first, in words a user reads."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from samcli import as_json, fails, ok, seed


def _story(sam):
    seed(sam)
    ok(
        sam(
            "log",
            "acme corp",
            "CFO agreed to pilot",
            "--channel",
            "call",
            "--with",
            "jane",
            "--follow-up",
            "next friday",
        )
    )
    ok(sam("follow-up", "done", "1"))
    ok(sam("complaint", "open", "globex", "Late delivery", "--severity", "high"))
    ok(sam("complaint", "update", "1", "Carrier found the pallet"))
    ok(sam("complaint", "update", "1", "Delivered today"))


def test_history_is_newest_first_grouped_by_command(sam):
    _story(sam)
    out = ok(sam("history", "--limit", "4"))
    assert out == (
        "Thu 26 Nov 09:00  complaint update — Globex\n"
        "    complaint update #2 created: 'Delivered today'\n"
        "Thu 26 Nov 09:00  complaint update — Globex\n"
        "    complaint #1: first response at — → Thu 26 Nov 09:00\n"
        "    complaint update #1 created: 'Carrier found the pallet'\n"
        "Thu 26 Nov 09:00  complaint open — Globex\n"
        "    complaint #1 created: 'Late delivery'\n"
        "Thu 26 Nov 09:00  follow-up done — Acme Corp\n"
        "    follow-up #1: status open → done, done at — → Thu 26 Nov 09:00\n"
    )


def test_history_of_one_account_follows_its_records(sam):
    _story(sam)
    out = ok(sam("history", "acme c"))
    heads = [line for line in out.splitlines() if not line.startswith("    ")]
    assert heads == [
        "Thu 26 Nov 09:00  follow-up done — Acme Corp",
        "Thu 26 Nov 09:00  log — Acme Corp",
        "Thu 26 Nov 09:00  contact add — Acme Corp",
        "Thu 26 Nov 09:00  account add — Acme Corp",
    ]
    assert "    interaction #1 created: 'CFO agreed to pilot'" in out
    # a complaint's updates carry no account of their own: they are found through it
    globex = [h for h in ok(sam("history", "globex")).splitlines() if not h.startswith(" ")]
    assert [h.split("  ")[1] for h in globex] == [
        "complaint update — Globex",
        "complaint update — Globex",
        "complaint open — Globex",
        "account add — Globex",
    ]


def test_undone_commands_are_marked_and_the_undo_is_listed(sam):
    seed(sam)
    ok(sam("account", "edit", "globex", "--tier", "strategic"))
    ok(sam("undo", "--yes"))
    first, body, second, body2 = ok(sam("history", "-n", "2")).splitlines()
    assert first == "Thu 26 Nov 09:00  undo: account edit — Globex"
    assert body == "    account #3: tier strategic → growth"
    assert second == "Thu 26 Nov 09:00  account edit — Globex  (undone)"
    assert body2 == "    account #3: tier growth → strategic"


def test_an_undone_account_add_is_still_named_in_the_history(sam):
    ok(sam("account", "add", "Initech"))
    ok(sam("undo", "--yes"))
    out = ok(sam("history", "#1"))
    assert out.splitlines()[0] == "Thu 26 Nov 09:00  undo: account add — Initech"
    assert "    account #1 deleted: 'Initech'" in out


def test_history_json(sam):
    _story(sam)
    doc = as_json(sam("history", "--json", "-n", "1"))
    assert doc == [
        {
            "at": "2026-11-26T09:00:00+00:00",
            "command": "complaint update",
            "undone": False,
            "accounts": ["Globex"],
            "changes": [
                {
                    "entity": "complaint_update",
                    "id": 2,
                    "action": "create",
                    "summary": "complaint update #2 created: 'Delivered today'",
                    "before": None,
                    "after": {
                        "id": 2,
                        "complaint_id": 1,
                        "at": "2026-11-26T09:00:00Z",
                        "text": "Delivered today",
                        "status": None,
                    },
                }
            ],
        }
    ]


def test_user_text_in_history_is_shown_literally(sam):
    ok(sam("account", "add", "Acme"))
    ok(sam("log", "acme", "[bold]x[/] \x1b[2J done"))
    out = ok(sam("history", "-n", "1"))
    assert "'[bold]x[/] ^[[2J done'" in out and "\x1b" not in out


def test_an_empty_history(sam):
    assert ok(sam("history")) == "No changes recorded yet.\n"
    ok(sam("account", "add", "Acme"))
    ok(sam("account", "add", "Globex"))
    assert ok(sam("history", "globex", "--limit", "5")).count("account add") == 1


def test_unknown_account_is_one_line(sam):
    seed(sam)
    assert fails(sam("history", "zzz")).startswith("error: unknown account 'zzz'")
    assert sam("history", "--limit", "0").exit_code == 2


def _long_story(sam):
    """The trial's book: long account names, a note, a deal lost with its reason."""
    ok(sam("account", "add", "Globex International Holdings"))
    ok(sam("account", "add", "Société Générale Énergie Distribution et Services du Nord-Est"))
    ok(sam("account", "add", "Acme Corp"))
    note = "Called the CFO: renewal terms, the pilot and next year's timeline all agreed"
    ok(sam("log", "acme", note, "--follow-up", "next friday"))
    ok(sam("deal", "add", "acme", "Legacy migration", "--amount", "120k", "--stage", "proposal"))
    # dated back as far as it may go: not before the deal was added (today 09:00)
    ok(sam("deal", "lost", "1", "--reason", "Budget frozen", "--when", "today 08:30"))
    ok(sam("follow-up", "done", "1", "--outcome", "Pilot scope sent to the whole steering group"))


def _unwrapped(out: str) -> list[str]:
    """The lines as they were before wrapping: a line indented six continues the one above."""
    lines: list[str] = []
    for line in out.splitlines():
        if line.startswith(" " * 6):
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return lines


@pytest.mark.parametrize("columns", [None, "60"])
def test_piped_history_fits_the_width_and_wraps_under_each_line(sam, monkeypatch, columns):
    _long_story(sam)
    if columns is None:
        monkeypatch.delenv("COLUMNS")  # piped: 80 columns
    else:
        monkeypatch.setenv("COLUMNS", columns)
    width = int(columns or 80)
    out = ok(sam("history"))
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= width, out
    assert any(line.startswith(" " * 6) for line in lines), "something long had to wrap"
    # only an entry's head starts at the margin; a change starts four in, its rest six in
    batches = as_json(sam("history", "--json"))
    heads = [line for line in lines if not line.startswith(" ")]
    assert len(heads) == len(batches), out
    # and nothing is lost: rejoined, every head and change reads as it did on one line
    whole = _unwrapped(out)
    assert [line for line in whole if not line.startswith(" ")] == [
        f"Thu 26 Nov 09:00  {b['command']} — {', '.join(b['accounts'])}" for b in batches
    ]
    changes = [line.removeprefix("    ") for line in whole if line.startswith("    ")]
    assert changes == [c["summary"] for b in batches for c in b["changes"]]
    lost = "deal #1: stage proposal → lost, lost reason — → 'Budget frozen', closed at — → "
    assert f"{lost}Thu 26 Nov 09:00" in changes


def test_a_terminal_wider_than_the_history_leaves_it_on_one_line_each(sam, monkeypatch):
    _long_story(sam)
    monkeypatch.setenv("COLUMNS", "200")
    out = ok(sam("history"))
    assert not any(line.startswith(" " * 6) for line in out.splitlines())
    assert out.splitlines()[0] == "Thu 26 Nov 09:00  follow-up done — Acme Corp"
