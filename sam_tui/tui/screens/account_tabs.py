"""The account view's list tabs: contacts against their cadence, requests, ideas, deals, objectives.

Each tab is a table, filled from ``AccountDetail``, and a one-line hint under it with
the keys that act on it and what stands out (who is cold, what is overdue); requests and
ideas also show the selected one in full, as their texts do not fit a column.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from sam_tui.domain.dates import format_day, humanize, short_day
from sam_tui.domain.enums import DealStage, IdeaStatus, RequestStatus
from sam_tui.domain.money import format_compact, format_money
from sam_tui.domain.objectives import ObjectiveStatus, format_value
from sam_tui.services import contacts, deals, ideas, objectives, requests
from sam_tui.tui.widgets.table import Row, SamTable, literal, row, stamp

# pane id -> (label, short label): short ones when the full tab bar is wider than the screen
TAB_LABELS = {
    "tab-overview": ("Overview", "Overview"),
    "tab-timeline": ("Timeline", "Timeline"),
    "tab-contacts": ("Contacts", "Contacts"),
    "tab-follow-ups": ("Follow-ups", "F/u"),
    "tab-complaints": ("Complaints", "Cmp"),
    "tab-requests": ("Requests", "Req"),
    "tab-ideas": ("Ideas", "Ideas"),
    "tab-deals": ("Deals", "Deals"),
    "tab-objectives": ("Objectives", "Obj"),
}

REQUEST_STYLE = {RequestStatus.OPEN: "", RequestStatus.BLOCKED: "yellow", RequestStatus.DONE: "dim"}
IDEA_STYLE = {
    IdeaStatus.PROPOSED: "",
    IdeaStatus.DISCUSSED: "",
    IdeaStatus.ACCEPTED: "green",
    IdeaStatus.REJECTED: "dim",
    IdeaStatus.CONVERTED: "dim green",
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


def contact_table() -> ComposeResult:
    table = SamTable(id="contacts", flex="email")
    table.add_column("Name", key="name", width=16)
    table.add_column("Role", key="role", width=14)
    table.add_column("Influence", key="influence", width=14)
    table.add_column("Touched/cadence", key="touch", width=15)
    table.add_column("Email", key="email")
    yield table
    yield Static(id="contacts-hint", classes="tab-hint")


def request_table() -> ComposeResult:
    table = SamTable(id="requests", flex="ask")
    table.add_column("#", key="id", width=4)
    table.add_column("Status", key="status", width=7)
    table.add_column("Due", key="due", width=11)
    table.add_column("Team", key="team", width=12)
    table.add_column("Request", key="ask")
    yield table
    yield Static(id="requests-detail", classes="tab-detail")
    yield Static(id="requests-hint", classes="tab-hint")


def idea_table() -> ComposeResult:
    table = SamTable(id="ideas", flex="title")
    table.add_column("#", key="id", width=4)
    table.add_column("Status", key="status", width=9)
    table.add_column("Added", key="added", width=7)
    table.add_column("Deal", key="deal", width=5)
    table.add_column("Idea", key="title")
    yield table
    yield Static(id="ideas-detail", classes="tab-detail")
    yield Static(id="ideas-hint", classes="tab-hint")


def contact_rows(people: tuple[contacts.ContactCadence, ...]) -> list[Row]:
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


def contact_hint(people: tuple[contacts.ContactCadence, ...]) -> Text:
    if not people:
        return Text("No contacts yet: sam contact add ACCOUNT NAME --role ROLE", style="dim")
    cold = [p for p in people if p.cold]
    text = Text()
    if cold:
        text.append(f"{len(cold)} past their cadence", style="bold red")
    else:
        text.append("everyone within cadence", style="green")
    text.append(" · l log a touch with the selected one · e edit", style="dim")
    return text


def _due(r: requests.RequestRow, today: date) -> Text:
    if r.status is RequestStatus.DONE:
        done = r.done_at.astimezone().date() if r.done_at else None
        return Text(f"done {short_day(done, today)}" if done else "done", style="dim")
    if r.due_date is None:
        return Text("—", style="dim")
    if r.overdue(today):
        return Text(f"{(today - r.due_date).days}d late", style="bold red")
    if r.due_date == today:
        return Text("today", style="yellow")
    return Text(short_day(r.due_date, today))


def request_rows(asked: tuple[requests.RequestRow, ...], today: date) -> list[Row]:
    found = []
    for r in asked:
        done = r.status is RequestStatus.DONE
        ask = literal(r.ask, "dim" if done else "")
        if r.complaint_id is not None:
            ask.append(f" · complaint #{r.complaint_id}", style="dim")
        if r.outcome:
            ask.append(" — ", style="dim")
            blocked = r.status is RequestStatus.BLOCKED
            ask.append_text(literal(r.outcome, "yellow" if blocked else "dim"))
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


def request_detail(r: requests.RequestRow | None, today: date) -> Text:
    if r is None:
        return Text("")
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


def request_hint(asked: tuple[requests.RequestRow, ...], today: date) -> Text:
    keys = "t ask a team · d done · b block · o reopen"
    if not asked:
        return Text("No requests yet: t asks an internal team for something for them", "dim")
    owed = [r for r in asked if r.is_open]
    late = sum(1 for r in owed if r.overdue(today))
    blocked = sum(1 for r in owed if r.status is RequestStatus.BLOCKED)
    text = Text(f"{len(owed)} owed", style="bold" if owed else "dim")
    if late:
        text.append(f", {late} overdue", style="bold red")
    if blocked:
        text.append(f", {blocked} blocked", style="yellow")
    text.append(f" · {keys}", style="dim")
    return text


def idea_rows(suggested: tuple[ideas.IdeaRow, ...], today: date) -> list[Row]:
    found = []
    for i in suggested:
        closed = i.status in (IdeaStatus.REJECTED, IdeaStatus.CONVERTED)
        title = literal(i.title, "dim" if closed else "")
        if i.detail:
            title.append(" · ", style="dim")
            title.append_text(literal(i.detail, "dim"))
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


def idea_detail(i: ideas.IdeaRow | None, today: date) -> Text:
    if i is None:
        return Text("")
    text = Text(f"#{i.id} {i.status.value}", style="bold")
    facts = [f"added {short_day(i.created_at.astimezone().date(), today)}"]
    if i.deal_id is not None:
        facts.append(f"became deal #{i.deal_id}")
    text.append(" · " + " · ".join(facts), style="dim")
    text.append("\n")
    text.append_text(literal(i.title))
    if i.detail:
        text.append(" — ", style="dim")
        text.append_text(literal(i.detail))
    return text


def idea_hint(suggested: tuple[ideas.IdeaRow, ...]) -> Text:
    keys = "i new idea · m set status · p promote to a deal"
    if not suggested:
        return Text("No ideas yet: i records a solution you suggest for their needs", "dim")
    live = sum(1 for i in suggested if i.status in ideas.LIVE_STATUSES)
    text = Text(f"{live} live", style="bold" if live else "dim")
    text.append(f" · {keys}", style="dim")
    return text


# --- deals and objectives ----------------------------------------------------------------

OBJECTIVE_STYLE = {
    ObjectiveStatus.ACHIEVED: "green",
    ObjectiveStatus.ON_TRACK: "",
    ObjectiveStatus.AT_RISK: "yellow",
    ObjectiveStatus.OFF_TRACK: "bold red",
    ObjectiveStatus.MISSED: "red",
}
# the selected deal's latest changes shown under the table
DEAL_HISTORY_LINES = 2


def deal_table() -> ComposeResult:
    table = SamTable(id="deals", flex="name")
    table.add_column("#", key="id", width=4)
    table.add_column("Stage", key="stage", width=13)
    table.add_column("Amount", key="amount", width=10)
    table.add_column("Prob", key="probability", width=4)
    table.add_column("Close", key="close", width=8)
    table.add_column("Deal", key="name")
    yield table
    yield Static(id="deals-detail", classes="tab-detail")
    yield Static(id="deals-hint", classes="tab-hint")


def objective_table() -> ComposeResult:
    table = SamTable(id="objectives", flex="title")
    table.add_column("#", key="id", width=4)
    table.add_column("Status", key="status", width=9)
    table.add_column("Progress", key="progress", width=20)
    table.add_column("Due", key="due", width=8)
    table.add_column("Objective", key="title")
    yield table
    yield Static(id="objectives-detail", classes="tab-detail")
    yield Static(id="objectives-hint", classes="tab-hint")


def deal_close(d: deals.DealRow, today: date) -> Text:
    """The expected close, red when past; the day it closed for won and lost ones."""
    if not d.is_open:
        closed = d.closed_at.astimezone().date() if d.closed_at else None
        return Text(short_day(closed, today, narrow=True) if closed else "", style="dim")
    if d.expected_close is None:
        return Text("—", style="dim")
    if d.overdue(today):
        return Text(f"{(today - d.expected_close).days}d late", style="bold red")
    if d.expected_close == today:
        return Text("today", style="yellow")
    return Text(short_day(d.expected_close, today, narrow=True))


def deal_rows(sold: tuple[deals.DealRow, ...], today: date) -> list[Row]:
    found = []
    for d in sold:
        dim = "" if d.is_open else "dim"
        stage_style = {DealStage.WON: "green", DealStage.LOST: "red"}.get(d.stage, "")
        name = literal(d.name, dim)
        if d.lost_reason:
            name.append(" ✗ ", style="red")
            name.append_text(literal(d.lost_reason, "dim"))
        found.append(
            row(
                str(d.id),
                f"#{d.id}",
                Text(d.stage.value, style=stage_style),
                Text(format_money(d.amount_cents), justify="right", style=dim),
                Text(f"{d.probability}%", justify="right", style=dim),
                deal_close(d, today),
                name,
            )
        )
    return found


def deal_detail(d: deals.DealRow | None, today: date) -> Text:
    """The selected deal's category and weight, then its latest changes, newest first."""
    if d is None:
        return Text("")
    text = Text(f"#{d.id} {d.kind.value}", style="bold")
    if d.is_open:
        text.append(
            f" · {d.category.value} · weighted {format_money(d.weighted_cents)}", style="dim"
        )
        if d.expected_close is not None:
            text.append(
                f" · closes {format_day(d.expected_close, today)} "
                f"({humanize(d.expected_close, today)})",
                style="bold red" if d.overdue(today) else "dim",
            )
    elif d.closed_at is not None:
        text.append(f" · {d.stage.value} {stamp(d.closed_at)}", style="dim")
    for change in reversed(d.history[-DEAL_HISTORY_LINES:]):
        text.append(f"\n{stamp(change.at)}  ", style="dim")
        text.append_text(literal("; ".join(change.changes)))
    return text


def deal_hint(sold: tuple[deals.DealRow, ...]) -> Text:
    keys = "D new deal · m move · w won · L lost · e edit"
    if not sold:
        return Text(f"No deals yet · {keys}", style="dim")
    live = [d for d in sold if d.is_open]
    text = Text(f"{len(live)} open", style="bold" if live else "dim")
    if live:
        weighted = sum(d.weighted_cents for d in live)
        text.append(f", {format_compact(weighted)} weighted", style="dim")
    text.append(f" · {keys}", style="dim")
    return text


def objective_progress(o: objectives.ObjectiveRow) -> str:
    """``150/200 users (75%)``."""
    unit = f" {o.unit}" if o.unit else ""
    share = (o.assessment.progress * 100).quantize(Decimal(1))
    return f"{format_value(o.current)}/{format_value(o.target)}{unit} ({share}%)"


def objective_rows(aims: tuple[objectives.ObjectiveRow, ...], today: date) -> list[Row]:
    found = []
    for o in aims:
        dim = "dim" if o.closed else ""
        status = o.status.value + (" (closed)" if o.closed else "")
        found.append(
            row(
                str(o.id),
                f"#{o.id}",
                Text(status, style=OBJECTIVE_STYLE[o.status]),
                literal(objective_progress(o), dim),
                Text(
                    short_day(o.due_date, today, narrow=True),
                    style=dim or ("bold red" if o.status is ObjectiveStatus.MISSED else ""),
                ),
                literal(o.title, dim),
            )
        )
    return found


def objective_detail(o: objectives.ObjectiveRow | None, today: date) -> Text:
    """Its full title; why it has its status and when it is due; the latest value recorded."""
    if o is None:
        return Text("")
    text = Text(f"#{o.id} ", style="bold")
    text.append_text(literal(o.title, "bold"))
    text.append(f"\n{o.status.value}", style=OBJECTIVE_STYLE[o.status])
    text.append(f": {o.assessment.reason} · due {short_day(o.due_date, today)}")
    if o.progress:
        last = o.progress[-1]
        text.append(f"\n{stamp(last.at)}  {format_value(last.value)}", style="dim")
        if last.note:
            text.append("  ")
            text.append_text(literal(last.note))
    return text


def objective_hint(aims: tuple[objectives.ObjectiveRow, ...]) -> Text:
    keys = "O new objective · + record progress · e edit"
    if not aims:
        return Text(f"No objectives yet · {keys}", style="dim")
    live = [o for o in aims if not o.closed]
    behind = sum(
        1 for o in live if o.status in (ObjectiveStatus.AT_RISK, ObjectiveStatus.OFF_TRACK)
    )
    text = Text(f"{len(live)} open", style="bold" if live else "dim")
    if behind:
        text.append(f", {behind} behind", style="yellow")
    text.append(f" · {keys}", style="dim")
    return text
