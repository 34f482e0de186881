"""Reading the change log back: one human line per row change, and the plan that reverts a batch."""

from __future__ import annotations

from datetime import date

import pytest

from sam_tui.domain.changes import Change, describe, inverse, plan_undo, plural, show_value

TODAY = date(2026, 11, 26)


def change(n: int, entity: str, entity_id: int, action: str, before=None, after=None) -> Change:
    return Change(n, entity, entity_id, action, before, after)


def test_a_created_row_is_named_by_its_title() -> None:
    made = change(1, "interaction", 12, "create", after={"id": 12, "summary": "CFO agreed"})
    assert describe(made, TODAY) == "interaction #12 created: 'CFO agreed'"


def test_long_text_is_cut_and_made_safe_to_print() -> None:
    note = "CFO agreed to a pilot of the whole logistics suite \x1b[2J in every region"
    made = change(1, "interaction", 3, "create", after={"summary": note})
    line = describe(made, TODAY)
    assert line.endswith("…'") and "\x1b" not in line
    assert len(line) < 70


def test_an_update_lists_each_column_before_and_after() -> None:
    done = change(
        2,
        "follow_up",
        3,
        "update",
        before={"status": "open", "done_at": None, "updated_at": "2026-11-20T09:00:00Z"},
        after={"status": "done", "done_at": "2026-11-26T09:00:00Z", "updated_at": "x"},
    )
    assert describe(done, TODAY) == (
        "follow-up #3: status open → done, done at — → Thu 26 Nov 09:00"
    )


def test_an_imports_record_of_its_values_is_not_spelt_out() -> None:
    again = change(
        4,
        "external_ref",
        9,
        "update",
        before={"imported_values": '{"account_id": 2, "name": "Acme", "phone": "+1 555"}'},
        after={"imported_values": '{"account_id": 2, "name": "Acme", "phone": "+1 556"}'},
    )
    assert describe(again, TODAY) == "import source #9: imported values updated"


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("annual_value_cents", 120_000_000, "1,200,000"),
        ("archived", 1, "yes"),
        ("archived", 0, "no"),
        ("due_date", "2026-12-04", "Fri 4 Dec"),
        ("renewal_date", "2027-03-31", "Wed 31 Mar 2027"),
        ("opened_at", "2026-11-26T14:05:00Z", "Thu 26 Nov 14:05"),
        ("tier", "strategic", "strategic"),
        ("title", "call", "'call'"),
        ("notes", "Two words", "'Two words'"),
        ("notes", None, "—"),
        ("cadence_days", 14, "14"),
    ],
)
def test_values_read_the_way_the_user_typed_them(column: str, value: object, shown: str) -> None:
    assert show_value(column, value, TODAY) == shown


def test_a_setting_is_named_by_its_key() -> None:
    made = change(1, "setting", 7, "create", after={"key": "backup.keep", "value": "3"})
    assert describe(made, TODAY) == "setting 'backup.keep' created: '3'"
    moved = change(
        2,
        "setting",
        7,
        "update",
        {"key": "backup.keep", "value": "3"},
        {"key": "backup.keep", "value": "5"},
    )
    assert describe(moved, TODAY) == "setting 'backup.keep': value '3' → '5'"


def test_unknown_tables_still_read_as_words() -> None:
    made = change(1, "deal_stage_change", 4, "create", after={"to_stage": "won"})
    assert describe(made, TODAY) == "deal stage change #4 created"
    assert plural("follow_up", 2) == "2 follow-ups" and plural("account", 1) == "1 account"


def test_inverse_swaps_create_and_delete_and_flips_updates() -> None:
    made = change(1, "account", 4, "create", after={"id": 4, "name": "Initech"})
    assert inverse(made) == change(1, "account", 4, "delete", before={"id": 4, "name": "Initech"})
    assert inverse(inverse(made)) == made
    edit = change(2, "account", 4, "update", {"tier": "key"}, {"tier": "growth"})
    assert inverse(edit) == change(2, "account", 4, "update", {"tier": "growth"}, {"tier": "key"})
    with pytest.raises(ValueError):
        inverse(change(3, "account", 4, "rename"))


def test_the_plan_runs_backwards_so_children_go_before_their_parents() -> None:
    batch = [
        change(10, "interaction", 7, "create", after={"id": 7}),
        change(11, "follow_up", 3, "create", after={"id": 3, "interaction_id": 7}),
        change(12, "account", 1, "update", {"updated_at": "a"}, {"updated_at": "b"}),
    ]
    plan = plan_undo(reversed(batch))  # the input order does not matter: the log ids do
    assert [(s.entity, s.action) for s in plan] == [
        ("account", "update"),
        ("follow_up", "delete"),
        ("interaction", "delete"),
    ]
    # each step names what the row must hold now (before) and what it gets (after)
    assert plan[0].before == {"updated_at": "b"} and plan[0].after == {"updated_at": "a"}
    assert plan[1].before == {"id": 3, "interaction_id": 7} and plan[1].after is None


def test_a_row_touched_twice_goes_back_through_each_state() -> None:
    batch = [
        change(1, "complaint", 2, "update", {"status": "open"}, {"status": "in-progress"}),
        change(2, "complaint", 2, "update", {"status": "in-progress"}, {"status": "resolved"}),
    ]
    plan = plan_undo(batch)
    assert [(s.before, s.after) for s in plan] == [
        ({"status": "resolved"}, {"status": "in-progress"}),
        ({"status": "in-progress"}, {"status": "open"}),
    ]
