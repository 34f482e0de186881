"""`sam export ics`: what a calendar reads back, byte for byte and through a real parser."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli.samcli import fails, ok, query, seed
from conftest import Run
from icalendar import Calendar

LONG = "Überprüfung der Verträge für das Geschäftsjahr 2027 — 日本語の契約書を確認する"


@pytest.fixture
def book(sam: Run) -> Run:
    """Acme Corp (renews 31 Mar 2027) with follow-ups, a deal and a complaint."""
    seed(sam)
    ok(sam("follow-up", "add", "acme corp", LONG, "--due", "2026-12-01", "--priority", "high"))
    ok(sam("follow-up", "add", "globex", "Send the deck", "--due", "2026-12-02"))
    ok(sam("follow-up", "add", "acme labs", "Call back", "--due", "2026-12-03"))
    ok(sam("follow-up", "cancel", "3"))
    ok(sam("deal", "add", "acme corp", "Platform expansion", "--amount", "250k",
           "--close", "2026-12-18"))
    ok(sam("complaint", "open", "globex", "Invoices wrong", "--severity", "high"))
    return sam


def export(sam: Run, path: Path, *args: str) -> Calendar:
    ok(sam("export", "ics", str(path), "--force", *args))
    return Calendar.from_ical(path.read_bytes())


def by_uid(cal: Calendar, name: str = "VEVENT") -> dict[str, Any]:
    return {str(c["UID"]): c for c in cal.walk(name)}


def summaries(cal: Calendar, name: str = "VEVENT") -> dict[str, Any]:
    return {str(c["SUMMARY"]): c for c in cal.walk(name)}


def test_the_file_is_crlf_and_folded_at_75_octets_without_splitting_a_character(
    book: Run, tmp_path: Path
) -> None:
    path = tmp_path / "sam.ics"
    cal = export(book, path)
    raw = path.read_bytes()
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "a bare LF line end"
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # no line ends inside a multi-byte character
    # the long non-ASCII summary needed folding, and it reads back whole
    start = next(i for i, line in enumerate(lines) if line.startswith(b"SUMMARY:Acme Corp"))
    assert lines[start + 1].startswith(b" "), "the long summary was not folded"
    assert f"Acme Corp · {LONG}" in summaries(cal)


def test_each_kind_is_an_event_saying_which_account_and_what(book: Run, tmp_path: Path) -> None:
    cal = export(book, tmp_path / "sam.ics")
    events = summaries(cal)
    follow_up = events[f"Acme Corp · {LONG}"]
    assert follow_up["DTSTART"].dt == date(2026, 12, 1)  # all day
    assert follow_up["DTEND"].dt == date(2026, 12, 2)
    assert str(follow_up["STATUS"]) == "CONFIRMED"
    assert "sam follow-up #1" in str(follow_up["DESCRIPTION"])
    assert "sam follow-up done 1" in str(follow_up["DESCRIPTION"])
    (alarm,) = follow_up.walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(hours=9)  # 9:00 on the day

    renewal = events["Acme Corp · renewal"]
    assert renewal["DTSTART"].dt == date(2027, 3, 31)
    assert "annual value 1,200,000" in str(renewal["DESCRIPTION"])
    close = events["Acme Corp · close Platform expansion"]
    assert close["DTSTART"].dt == date(2026, 12, 18)

    sla = events["Globex · SLA due: Invoices wrong"]
    deadline = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)  # high: 3 days
    assert sla["DTEND"].dt == deadline and isinstance(sla["DTSTART"].dt, datetime)
    (sla_alarm,) = sla.walk("VALARM")
    assert sla_alarm["TRIGGER"].dt == -timedelta(hours=2)


def test_a_cancelled_follow_up_is_exported_cancelled_without_a_reminder(
    book: Run, tmp_path: Path
) -> None:
    cancelled = summaries(export(book, tmp_path / "sam.ics"))["Acme Labs · Call back"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert not cancelled.walk("VALARM")


def test_uids_are_stable_and_sequence_and_last_modified_move_with_the_record(
    book: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = by_uid(export(book, tmp_path / "one.ics"))
    monkeypatch.setenv("SAM_NOW", "2026-11-27T10:00")
    ok(book("follow-up", "snooze", "2", "2026-12-09"))
    ok(book("follow-up", "done", "1"))
    second = by_uid(export(book, tmp_path / "two.ics"))
    assert set(first) == set(second)
    assert len(first) == 6  # 3 follow-ups, a renewal, a close date, an SLA deadline

    def event(events: dict[str, Any], title: str) -> Any:
        return next(e for e in events.values() if str(e["SUMMARY"]).endswith(title))

    before, after = event(first, "Send the deck"), event(second, "Send the deck")
    assert after["DTSTART"].dt == date(2026, 12, 9)
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after["LAST-MODIFIED"].dt > before["LAST-MODIFIED"].dt
    done = event(second, LONG)
    assert str(done["STATUS"]) == "CANCELLED"  # done: off the calendar
    untouched = event(second, "renewal")
    assert untouched.to_ical() == event(first, "renewal").to_ical()


def test_the_same_data_gives_the_same_bytes(book: Run, tmp_path: Path) -> None:
    export(book, tmp_path / "one.ics")
    export(book, tmp_path / "two.ics")
    assert (tmp_path / "one.ics").read_bytes() == (tmp_path / "two.ics").read_bytes()


def test_two_books_never_share_a_uid(sam: Run, tmp_path: Path) -> None:
    uids = []
    for name in ("a.db", "b.db"):
        other = tmp_path / name
        ok(sam("account", "add", "Acme", db=other))
        ok(sam("follow-up", "add", "acme", "Call", "--due", "tomorrow", db=other))
        out = tmp_path / f"{name}.ics"
        ok(sam("export", "ics", str(out), db=other))
        uids.append(set(by_uid(Calendar.from_ical(out.read_bytes()))))
    assert uids[0] and not uids[0] & uids[1]


def test_the_book_id_stays_out_of_undo(book: Run, tmp_path: Path) -> None:
    export(book, tmp_path / "one.ics")
    (book_id,) = query(tmp_path / "sam.db", "SELECT value FROM setting WHERE key = 'book.id'")
    ok(book("undo", "--yes"))  # undoes the complaint, not the export
    assert query(tmp_path / "sam.db", "SELECT value FROM setting WHERE key = 'book.id'") == [
        book_id
    ]
    assert query(tmp_path / "sam.db", "SELECT count(*) FROM complaint") == [(0,)]


def test_todos_are_vtodos_with_due_dates_and_states(book: Run, tmp_path: Path) -> None:
    ok(book("follow-up", "done", "2"))
    cal = export(book, tmp_path / "sam.ics", "--todos", "--what", "follow-ups")
    assert not cal.walk("VEVENT")
    todos = summaries(cal, "VTODO")
    assert set(todos) == {f"Acme Corp · {LONG}", "Globex · Send the deck", "Acme Labs · Call back"}
    assert todos[f"Acme Corp · {LONG}"]["DUE"].dt == date(2026, 12, 1)
    assert str(todos[f"Acme Corp · {LONG}"]["STATUS"]) == "NEEDS-ACTION"
    assert int(todos[f"Acme Corp · {LONG}"]["PRIORITY"]) == 1
    assert str(todos["Globex · Send the deck"]["STATUS"]) == "COMPLETED"
    assert str(todos["Acme Labs · Call back"]["STATUS"]) == "CANCELLED"


def test_what_and_alarm_choose_the_items_and_the_reminder(book: Run, tmp_path: Path) -> None:
    cal = export(book, tmp_path / "sam.ics", "--what", "renew,close", "--alarm", "8:30am")
    assert set(summaries(cal)) == {"Acme Corp · renewal", "Acme Corp · close Platform expansion"}
    for event in cal.walk("VEVENT"):
        (alarm,) = event.walk("VALARM")
        assert alarm["TRIGGER"].dt == timedelta(hours=8, minutes=30)
    cal = export(book, tmp_path / "sam.ics", "--what", "renewals", "--alarm", "none")
    assert not cal.walk("VALARM")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--what", "meetings"), "--what takes a list of"),
        (("--alarm", "25:00"), "impossible time"),
        (("--alarm", "tomorrow"), "not a time of day"),
    ],
)
def test_bad_options_are_one_line_and_write_nothing(
    book: Run, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    assert message in fails(book("export", "ics", str(tmp_path / "x.ics"), *args))
    assert not (tmp_path / "x.ics").exists()


def test_an_existing_file_needs_force(book: Run, tmp_path: Path) -> None:
    path = tmp_path / "sam.ics"
    path.write_text("mine")
    assert "already exists; add --force" in fails(book("export", "ics", str(path)))
    assert path.read_text() == "mine"
    assert "to write" in fails(book("export", "ics"))


def test_output_dash_writes_the_calendar_to_stdout(book: Run) -> None:
    result = book("export", "ics", "--output", "-")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert len(Calendar.from_ical(result.stdout_bytes).walk("VEVENT")) == 6


def test_sam_log_never_imports_icalendar(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        f"sys.argv = ['sam', '--db', {str(tmp_path / 's.db')!r}, 'log', 'Acme', 'hi']\n"
        "from sam_tui.cli.entry import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('icalendar' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
