"""The account view's tabs, declared: each list tab's table, the line under it, and the
selected record in full where its text does not fit a column.

Each list tab shows one kind of record of ``AccountDetail``; the line under the table
says what stands out (who is cold, what is overdue) and the keys that act there. Deals
and objectives are in ``account_sales``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any, NamedTuple

from rich.text import Text

from sam_tui import clock
from sam_tui.domain.dates import format_day, humanize, short_day
from sam_tui.domain.enums import IdeaStatus, RequestStatus
from sam_tui.domain.sla import describe_remaining
from sam_tui.domain.text import one_line
from sam_tui.services import complaints, contacts, follow_ups, ideas, requests
from sam_tui.services.account_detail import AccountDetail, TimelineEntry
from sam_tui.tui.screens import account_sales as sales
from sam_tui.tui.widgets.table import (
    Cell,
    Column,
    Row,
    due_cell,
    lazy_row,
    literal,
    noted,
    row,
    stamp,
)

SENTIMENT = {1: Text("+", style="green"), 0: Text(""), -1: Text("-", style="bold red")}
REQUEST_STYLE = {RequestStatus.OPEN: "", RequestStatus.BLOCKED: "yellow", RequestStatus.DONE: "dim"}
IDEA_STYLE = {
    IdeaStatus.PROPOSED: "",
    IdeaStatus.DISCUSSED: "",
    IdeaStatus.ACCEPTED: "green",
    IdeaStatus.REJECTED: "dim",
    IdeaStatus.CONVERTED: "dim green",
}


class ListTab(NamedTuple):
    """A tab that lists one kind of record; its pane is ``tab-<key>``, its table ``#<key>``."""

    key: str
    label: str
    short: str  # the label when the full tab bar is wider than the screen
    columns: tuple[Column, ...]
    records: Callable[[AccountDetail], Sequence[Any]]
    rows: Callable[[Sequence[Any], date], list[Row]]
    # the number in its label: what still needs something (None: no number)
    counted: Callable[[AccountDetail], int] | None = None
    # the line under the table: what stands out, then ``keys``; ``empty`` with no records
    status: Callable[[Sequence[Any], date], Text] | None = None
    keys: str = ""
    empty: str = ""
    # the selected record in full, under the table
    detail: Callable[[Any, date], Text] | None = None
    # what the record under the cursor adds to the selection (None: nothing)
    selects: Callable[[Any], dict[str, Any]] | None = None
    key_of: Callable[[Any], int] = lambda record: int(record.id)
    # rows keyed by their place (``t12``: the timeline, read page by page): the record there
    at: Callable[[Sequence[Any], str], Any] | None = None

    def find(self, detail: AccountDetail, key: str | None) -> Any:
        """The record of the row ``key``, or None."""
        if self.at is not None:
            return None if key is None else self.at(self.records(detail), key)
        return next((r for r in self.records(detail) if str(self.key_of(r)) == key), None)

    def hint(self, detail: AccountDetail, today: date) -> Text:
        found = self.records(detail)
        if not found:
            return Text(self.empty, style="dim")
        assert self.status is not None
        text = self.status(found, today)
        text.append(f" · {self.keys}", style="dim")
        return text


def timeline_key(step: int, seq: int) -> str:
    """A timeline row's key: its entry's source (``step``) and record id, so the cursor
    stays on a touch when a newer one is logged above it, and a search hit finds its row."""
    return f"t{step}.{seq}"


def timeline_rows(entries: Sequence[TimelineEntry], today: date) -> list[Row]:
    """The timeline's rows: a long history builds only the rows drawn."""
    found = []
    for e in entries:
        when = stamp(e.at)
        words = (when, e.kind, one_line(e.who or ""), one_line(e.text))
        found.append(
            lazy_row(
                timeline_key(e.step, e.seq), " ".join(words), partial(_timeline_cells, e, when)
            )
        )
    return found


def _timeline_cells(e: TimelineEntry, when: str) -> tuple[Cell, ...]:
    return (when, e.kind, e.who or "", SENTIMENT.get(e.sentiment or 0, Text("")), literal(e.text))


def timeline_entry(entries: Sequence[TimelineEntry], key: str) -> TimelineEntry | None:
    """The entry of the row ``key`` (see ``timeline_key``)."""
    return next((e for e in entries if timeline_key(e.step, e.seq) == key), None)


def timeline_detail(e: TimelineEntry, today: date) -> Text:
    """The selected touch in full: the note the column cuts short."""
    text = Text()
    text.append(f"{stamp(e.at)} · {e.kind}", style="bold")
    if e.who:
        text.append(" · ")
        text.append_text(literal(e.who, "bold"))
    if e.sentiment:
        text.append(" ")
        text.append_text(SENTIMENT[e.sentiment])
    text.append("\n")
    text.append_text(literal(e.text))
    return text


def follow_up_rows(owed: Sequence[follow_ups.FollowUpRow], today: date) -> list[Row]:
    return [
        row(
            str(f.id),
            f"#{f.id}",
            Text(
                f"{format_day(f.due_date, today)} ({humanize(f.due_date, today)})",
                style="bold red" if f.overdue(today) else "",
            ),
            "" if f.priority.value == "normal" else f.priority.value,
            literal(f.title),
        )
        for f in owed
    ]


def complaint_rows(raised: Sequence[complaints.ComplaintRow], today: date) -> list[Row]:
    now = clock.now()
    found = []
    for c in raised:
        sla = c.sla(now)
        remaining = Text(describe_remaining(sla.remaining), "bold red" if sla.breached else "")
        found.append(row(str(c.id), f"#{c.id}", c.severity.value, remaining, literal(c.title)))
    return found


def contact_status(people: Sequence[contacts.ContactCadence], today: date) -> Text:
    cold = [p for p in people if p.cold]
    if cold:
        return Text(f"{len(cold)} past their cadence", style="bold red")
    return Text("everyone within cadence", style="green")


def request_status(asked: Sequence[requests.RequestRow], today: date) -> Text:
    owed = [r for r in asked if r.is_open]
    late = sum(1 for r in owed if r.overdue(today))
    blocked = sum(1 for r in owed if r.status is RequestStatus.BLOCKED)
    text = Text(f"{len(owed)} owed", style="bold" if owed else "dim")
    if late:
        text.append(f", {late} overdue", style="bold red")
    if blocked:
        text.append(f", {blocked} blocked", style="yellow")
    return text


def idea_status(suggested: Sequence[ideas.IdeaRow], today: date) -> Text:
    live = sum(1 for i in suggested if i.status in ideas.LIVE_STATUSES)
    return Text(f"{live} live", style="bold" if live else "dim")


def contact_rows(people: Sequence[contacts.ContactCadence], today: date) -> list[Row]:
    found = []
    for p in people:
        c = p.contact
        touched = "never" if p.never else f"{p.days_since}d ago" if p.days_since else "today"
        if p.cadence_days is not None:
            touched += f" / {p.cadence_days}d"
        style = "bold red" if p.cold else ""
        found.append(
            row(
                str(c.id),
                literal(c.name, style),
                c.role or "",
                c.influence.value if c.influence else "",
                Text(touched, style=style),
                c.email or "",
            )
        )
    return found


def _due(r: requests.RequestRow, today: date) -> Text:
    if r.status is RequestStatus.DONE:
        done = r.done_at.astimezone().date() if r.done_at else None
        return Text(f"done {short_day(done, today)}" if done else "done", style="dim")
    return due_cell(r.due_date, today)


def request_rows(asked: Sequence[requests.RequestRow], today: date) -> list[Row]:
    found = []
    for r in asked:
        done = r.status is RequestStatus.DONE
        ask = literal(r.ask, "dim" if done else "")
        if r.complaint_id is not None:
            ask.append(f" · complaint #{r.complaint_id}", style="dim")
        noted(ask, r.outcome, " — ", "yellow" if r.status is RequestStatus.BLOCKED else "dim")
        found.append(
            row(
                str(r.id),
                f"#{r.id}",
                Text(r.status.value, style=REQUEST_STYLE[r.status]),
                _due(r, today),
                literal(r.team, "dim" if done else ""),
                ask,
            )
        )
    return found


def request_detail(r: requests.RequestRow, today: date) -> Text:
    text = Text(f"#{r.id} ", style="bold")
    text.append_text(literal(r.team, "bold"))
    facts = [f"asked {short_day(r.asked_at.astimezone().date(), today)}"]
    if r.due_date is not None:
        facts.append(f"due {short_day(r.due_date, today)}")
    if r.complaint_id is not None:
        facts.append(f"for complaint #{r.complaint_id}")
    text.append(" · " + " · ".join(facts), style="dim")
    text.append("\n")
    text.append_text(literal(r.ask))
    if r.outcome:
        label = {RequestStatus.BLOCKED: "blocked: ", RequestStatus.DONE: "outcome: "}
        text.append(f" — {label.get(r.status, '')}", style=REQUEST_STYLE[r.status] or "dim")
        text.append_text(literal(r.outcome))
    return text


def idea_rows(suggested: Sequence[ideas.IdeaRow], today: date) -> list[Row]:
    found = []
    for i in suggested:
        closed = i.status in (IdeaStatus.REJECTED, IdeaStatus.CONVERTED)
        title = noted(literal(i.title, "dim" if closed else ""), i.detail)
        found.append(
            row(
                str(i.id),
                f"#{i.id}",
                Text(i.status.value, style=IDEA_STYLE[i.status]),
                short_day(i.created_at.astimezone().date(), today),
                f"#{i.deal_id}" if i.deal_id is not None else "",
                title,
            )
        )
    return found


def idea_detail(i: ideas.IdeaRow, today: date) -> Text:
    text = Text(f"#{i.id} {i.status.value}", style="bold")
    facts = [f"added {short_day(i.created_at.astimezone().date(), today)}"]
    if i.deal_id is not None:
        facts.append(f"became deal #{i.deal_id}")
    text.append(" · " + " · ".join(facts), style="dim")
    text.append("\n")
    text.append_text(noted(literal(i.title), i.detail, " — ", ""))
    return text


def _by_id(field: str, noun: str) -> Callable[[Any], dict[str, Any]]:
    """A record selects its id as ``field``, labelled ``request #12``."""
    return lambda r: {field: r.id, "label": f"{noun} #{r.id}"}


TABS = (
    ListTab(
        "timeline",
        "Timeline",
        "Timeline",
        (
            Column("when", "When", 16),
            # the selected touch is shown whole under the table: the note gets the room
            Column("kind", "What", 12),
            Column("who", "Who", 14),
            Column("sentiment", "", 1),
            Column("text", "Note", least=24),
        ),
        lambda d: d.timeline,
        timeline_rows,
        detail=timeline_detail,
        at=timeline_entry,
    ),
    ListTab(
        "contacts",
        "Contacts",
        "Contacts",
        (
            Column("name", "Name", 16),
            Column("role", "Role", 14),
            Column("influence", "Influence", 14),
            Column("touch", "Touched/cadence", 15),
            Column("email", "Email"),
        ),
        lambda d: d.contact_cadence,
        contact_rows,
        counted=lambda d: len(d.contacts),
        status=contact_status,
        keys="l log a touch with the selected one · e edit",
        empty="No contacts yet: sam contact add ACCOUNT NAME --role ROLE",
        selects=lambda p: {
            "contact_id": p.contact.id,
            "contact_name": p.contact.name,
            "label": f"contact #{p.contact.id}",
        },
        key_of=lambda p: int(p.contact.id),
    ),
    ListTab(
        "follow-ups",
        "Follow-ups",
        "F/u",
        (
            Column("id", "#", 5),
            Column("due", "Due", 18),
            Column("priority", "Pri", 6),
            Column("title", "Follow-up"),
        ),
        lambda d: d.follow_ups,
        follow_up_rows,
        counted=lambda d: len(d.follow_ups),
        selects=lambda f: {"follow_up_id": f.id, "label": f"follow-up #{f.id} {f.title}"},
    ),
    ListTab(
        "complaints",
        "Complaints",
        "Cmp",
        (
            Column("id", "#", 5),
            Column("severity", "Severity", 8),
            Column("sla", "SLA", 22),
            Column("title", "Complaint"),
        ),
        lambda d: d.complaints,
        complaint_rows,
        counted=lambda d: len(d.complaints),
        selects=_by_id("complaint_id", "complaint"),
    ),
    ListTab(
        "requests",
        "Requests",
        "Req",
        (
            Column("id", "#", 4),
            Column("status", "Status", 7),
            Column("due", "Due", 11),
            Column("team", "Team", 12),
            Column("ask", "Request"),
        ),
        lambda d: d.requests,
        request_rows,
        # owed ones and live ones: what still needs something
        counted=lambda d: sum(1 for r in d.requests if r.is_open),
        status=request_status,
        keys="t ask a team · d done · b block · o reopen",
        empty="No requests yet: t asks an internal team for something for them",
        detail=request_detail,
        selects=_by_id("request_id", "request"),
    ),
    ListTab(
        "ideas",
        "Ideas",
        "Ideas",
        (
            Column("id", "#", 4),
            Column("status", "Status", 9),
            Column("added", "Added", 7),
            Column("deal", "Deal", 5),
            Column("title", "Idea"),
        ),
        lambda d: d.ideas,
        idea_rows,
        counted=lambda d: sum(1 for i in d.ideas if i.status in ideas.LIVE_STATUSES),
        status=idea_status,
        keys="i new idea · m set status · p promote to a deal",
        empty="No ideas yet: i records a solution you suggest for their needs",
        detail=idea_detail,
        selects=_by_id("idea_id", "idea"),
    ),
    ListTab(
        "deals",
        "Deals",
        "Deals",
        sales.DEAL_COLUMNS,
        lambda d: d.deals,
        sales.deal_rows,
        counted=lambda d: sum(1 for x in d.deals if x.is_open),
        status=sales.deal_status,
        keys=sales.DEAL_KEYS,
        empty=f"No deals yet · {sales.DEAL_KEYS}",
        detail=sales.deal_detail,
        selects=_by_id("deal_id", "deal"),
    ),
    ListTab(
        "objectives",
        "Objectives",
        "Obj",
        sales.OBJECTIVE_COLUMNS,
        lambda d: d.objectives,
        sales.objective_rows,
        counted=lambda d: sum(1 for o in d.objectives if not o.closed),
        status=sales.objective_status,
        keys=sales.OBJECTIVE_KEYS,
        empty=f"No objectives yet · {sales.OBJECTIVE_KEYS}",
        detail=sales.objective_detail,
        selects=_by_id("objective_id", "objective"),
    ),
)

# pane id -> (label, short label): short ones when the full tab bar is wider than the screen
TAB_LABELS = {
    "tab-overview": ("Overview", "Overview"),
    **{f"tab-{tab.key}": (tab.label, tab.short) for tab in TABS},
}


def tab_labels(counts: dict[str, int | None], width: int) -> dict[str, str]:
    """Every tab's label with its count; the short labels when the full ones do not fit."""

    def labels(short: bool) -> dict[str, str]:
        found = {}
        for pane, (full, brief) in TAB_LABELS.items():
            count = counts.get(pane)
            name = brief if short else full
            if count is not None:
                name = f"{name} {count}" if short else f"{name} ({count})"
            found[pane] = name
        return found

    full = labels(short=False)
    # each tab is drawn with one cell of padding on either side
    if sum(len(label) + 2 for label in full.values()) <= width:
        return full
    return labels(short=True)
