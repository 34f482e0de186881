"""`sam follow-up add|list|done|snooze|cancel`: what the manager promised, and when."""

from __future__ import annotations

from samcli import as_json, counts, fails, ok, query, seed


def _three(sam):
    """#1 Acme Corp due 20 Nov (overdue), #2 Globex due today, #3 Acme Labs due 3 Dec."""
    seed(sam)
    ok(sam("follow-up", "add", "acme corp", "Send", "the", "revised", "proposal",
           "--due", "2026-11-20"))
    ok(sam("follow-up", "add", "globex", "Book the QBR", "--due", "today", "--priority", "high"))
    ok(sam("follow-up", "add", "acme labs", "Share the case study", "--due", "next thursday",
           "--with", "bob"))


def test_add_confirms_the_resolved_due_date(sam):
    seed(sam)
    out = ok(sam("follow-up", "add", "acme c", "Send the revised proposal", "--due", "eow"))
    assert out == (
        "Follow-up #1 for Acme Corp due Fri 27 Nov (tomorrow): Send the revised proposal\n"
    )


def test_list_is_earliest_first_and_marks_what_is_late(sam):
    _three(sam)
    out = ok(sam("follow-up", "list"))
    header, *rows = out.splitlines()
    assert header.split() == ["#", "Due", "Account", "Follow-up", "Pri"]
    assert [r.split()[0] for r in rows] == ["1", "2", "3"]
    assert "Fri 20 Nov (6 days ago)" in rows[0]
    assert "Thu 26 Nov (today)" in rows[1] and rows[1].rstrip().endswith("high")
    assert "Thu 3 Dec (in 7 days)" in rows[2]


def test_list_overdue_and_by_account(sam):
    _three(sam)
    assert [f["id"] for f in as_json(sam("follow-up", "list", "--overdue", "--json"))] == [1]
    assert [f["id"] for f in as_json(sam("follow-up", "list", "-a", "acme l", "--json"))] == [3]


def test_empty_lists_say_so(sam):
    seed(sam)
    assert ok(sam("follow-up", "list")) == "No open follow-ups.\n"
    assert ok(sam("follow-up", "list", "--overdue")) == "Nothing overdue.\n"


def test_done_closes_it_and_it_leaves_the_list(sam, db_path):
    _three(sam)
    assert ok(sam("follow-up", "done", "#1")) == (
        "Done: follow-up #1 for Acme Corp: Send the revised proposal\n"
    )
    assert [f["id"] for f in as_json(sam("follow-up", "list", "--json"))] == [2, 3]
    closed = as_json(sam("follow-up", "list", "--all", "--json"))[0]
    assert (closed["id"], closed["status"], closed["done_at"]) == (
        1, "done", "2026-11-26T09:00:00+00:00")
    assert "(done)" in ok(sam("follow-up", "list", "--all"))


def test_done_twice_is_an_error_and_changes_nothing(sam, db_path):
    _three(sam)
    ok(sam("follow-up", "done", "1"))
    before = counts(db_path)
    assert fails(sam("follow-up", "done", "1")) == (
        "error: follow-up #1 is already done; cannot complete it"
    )
    assert counts(db_path) == before


def test_snooze_moves_the_date_and_counts_the_snoozes(sam):
    _three(sam)
    assert ok(sam("follow-up", "snooze", "1", "monday")) == (
        "Snoozed follow-up #1 for Acme Corp to Mon 30 Nov (in 4 days)\n"
    )
    ok(sam("follow-up", "snooze", "1", "+1w"))
    f = as_json(sam("follow-up", "list", "--json", "-a", "acme corp"))[0]
    assert (f["due"], f["snoozed"], f["overdue"]) == ("2026-12-03", 2, False)


def test_snooze_never_brings_a_follow_up_forward(sam, db_path):
    _three(sam)
    ok(sam("follow-up", "snooze", "1", "2026-12-10"))
    before = counts(db_path)
    assert fails(sam("follow-up", "snooze", "1", "tomorrow")) == (
        "error: follow-up #1 is due 2026-12-10: a snooze moves it later, not to 2026-11-27"
    )
    assert counts(db_path) == before
    assert as_json(sam("follow-up", "list", "--json", "-a", "acme corp"))[0]["due"] == (
        "2026-12-10"
    )


def test_snooze_into_the_past_or_onto_the_same_day_is_refused(sam, db_path):
    _three(sam)
    before = counts(db_path)
    assert fails(sam("follow-up", "snooze", "2", "yesterday")) == (
        "error: cannot snooze into the past (2026-11-25)"
    )
    assert fails(sam("follow-up", "snooze", "2", "today")) == (
        "error: follow-up #2 is already due 2026-11-26"
    )
    assert counts(db_path) == before
    assert query(db_path, "SELECT due_date, snooze_count FROM follow_up WHERE id = 2") == [
        ("2026-11-26", 0)
    ]


def test_cancel_and_then_nothing_more_can_happen_to_it(sam):
    _three(sam)
    assert ok(sam("follow-up", "cancel", "3")) == "Cancelled follow-up #3 for Acme Labs\n"
    assert "already cancelled" in fails(sam("follow-up", "done", "3"))
    assert "already cancelled" in fails(sam("follow-up", "snooze", "3", "friday"))
    assert "already cancelled" in fails(sam("follow-up", "cancel", "3"))


def test_ids_must_be_numbers_and_exist(sam):
    _three(sam)
    assert fails(sam("follow-up", "done", "first")) == (
        "error: 'first' is not a follow-up ID (expected a number such as 12)"
    )
    assert fails(sam("follow-up", "done", "99")) == "error: no follow-up #99"


def test_add_needs_a_due_date(sam):
    seed(sam)
    r = sam("follow-up", "add", "globex", "Call back")
    assert r.exit_code == 2 and "--due" in r.stderr
