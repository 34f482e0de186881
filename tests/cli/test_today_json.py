"""`sam today --json`: each item's line is exactly what json.dumps writes for it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st
from samcli import ok, seed

from sam_tui.cli.queue import item_line, item_lines
from sam_tui.domain.triage import TriageItem, TriageKind

REF_TYPE = {
    "going-cold": "account",
    "renewal": "account",
    "single-threaded": "account",
    "contact-cold": "contact",
}

# any text a user can type or import: quotes, backslashes, controls, bidi marks, emoji
texts = st.text(
    st.characters(blacklist_categories=["Cs"]) | st.sampled_from('"\\\x00\x1b\x7f\x9b\u202e/'),
    max_size=40,
)
ids = st.integers(min_value=0, max_value=2**53)
ZONES = [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]


@st.composite
def items(draw: st.DrawFn) -> TriageItem:
    return TriageItem(
        kind=draw(st.sampled_from(list(TriageKind))),
        ref_id=draw(ids),
        account_id=draw(ids),
        account_name=draw(texts),
        title=draw(texts),
        due=draw(st.dates()),
        score=draw(st.integers(min_value=-1000, max_value=1000)),
        reasons=tuple(draw(st.lists(texts, max_size=5))),
        due_at=draw(st.none() | st.datetimes(timezones=st.sampled_from(ZONES))),
    )


def _dumped(rank: int, item: TriageItem) -> str:
    """The item as the documented keys, through json.dumps (the reference encoding)."""
    document = {
        "rank": rank,
        "kind": item.kind.value,
        "ref": {"type": REF_TYPE.get(item.kind.value, item.kind.value), "id": item.ref_id},
        "account": {"id": item.account_id, "name": item.account_name},
        "title": item.title,
        "due": item.due.isoformat(),
        "due_at": None if item.due_at is None else item.due_at.isoformat(),
        "score": item.score,
        "reasons": list(item.reasons),
    }
    return json.dumps(document, separators=(", ", ": "))


@given(st.integers(min_value=1, max_value=100_000), items())
def test_an_item_line_is_json_dumps_of_the_item_byte_for_byte(rank: int, item: TriageItem) -> None:
    line = item_line(rank, item)
    assert line == _dumped(rank, item)
    assert "\n" not in line and line.isascii()
    assert json.loads(line)["title"] == item.title


# few accounts, days and lists of reasons, so that items share them (as a queue's do)
shared = st.builds(
    lambda item, account, due, reasons: item._replace(
        account_id=account[0], account_name=account[1], due=due, reasons=reasons
    ),
    items(),
    st.sampled_from([(1, "Acme"), (2, 'Acme "EU"'), (1, "Acme renamed"), (0, "portfolio")]),
    st.sampled_from([date(2026, 11, 24), date(2026, 11, 25)]),
    st.sampled_from([(), ("overdue by 2 days",), ("overdue by 2 days", "key account (+5)")]),
)


@given(st.lists(items() | shared, max_size=12))
def test_the_queue_lines_are_the_item_lines_ranked_from_one(queue: list[TriageItem]) -> None:
    # item_lines encodes what items share once; each line is still item_line's
    assert item_lines(queue) == [item_line(n, i) for n, i in enumerate(queue, start=1)]


def test_a_complaint_item_reads_back_with_its_deadline() -> None:
    due_at = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)
    item = TriageItem(
        TriageKind.COMPLAINT,
        1,
        7,
        'Acme "EU"',
        "Late\x1b[2J",
        date(2026, 11, 25),
        104,
        ("SLA late by 1 day", "critical severity (+10)"),
        due_at,
    )
    assert json.loads(item_line(1, item)) == {
        "rank": 1, "kind": "complaint", "ref": {"type": "complaint", "id": 1},
        "account": {"id": 7, "name": 'Acme "EU"'}, "title": "Late\x1b[2J",
        "due": "2026-11-25", "due_at": "2026-11-25T05:00:00+00:00", "score": 104,
        "reasons": ["SLA late by 1 day", "critical severity (+10)"],
    }  # fmt: skip


def test_the_whole_document_is_indented_with_one_item_a_line(sam, monkeypatch) -> None:
    monkeypatch.setenv("SAM_NOW", "2026-11-20T09:00")
    seed(sam)
    ok(sam("follow-up", "add", "acme labs", 'Send the "security" pack', "--due", "Nov 24"))
    ok(sam("follow-up", "add", "globex", "Book the QBR", "--due", "Nov 26"))
    monkeypatch.setenv("SAM_NOW", "2026-11-26T09:00")
    out = ok(sam("today", "--json"))
    document = json.loads(out)
    lines = out.splitlines()
    first = lines.index('  "items": [') + 1
    assert len(document["items"]) >= 2
    listed = lines[first : first + len(document["items"])]
    assert [json.loads(line.strip().rstrip(",")) for line in listed] == document["items"]
    assert all(line.startswith("    {") for line in listed)
    assert lines[first + len(document["items"]) :] == ["  ]", "}"]
    # the rest of the document is json.dumps(..., indent=2) of the same values
    head = {key: value for key, value in document.items() if key != "items"}
    assert out.startswith(json.dumps(head, indent=2)[:-2] + ',\n  "items": [\n')
