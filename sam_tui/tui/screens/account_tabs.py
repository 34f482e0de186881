"""The account view's relationship tabs: contacts against their cadence, requests, ideas.

Each tab is a table, filled from ``AccountDetail``, and a one-line hint under it with
the keys that act on it and what stands out (who is cold, what is overdue); requests and
ideas also show the selected one in full, as their texts do not fit a column.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from sam_tui.domain.dates import short_day
from sam_tui.domain.enums import IdeaStatus, RequestStatus
from sam_tui.services import contacts, ideas, requests
from sam_tui.tui.widgets.table import Row, SamTable, literal, row

# pane id -> (label, short label): short ones when the full tab bar is wider than the screen
TAB_LABELS = {
    "tab-overview": ("Overview", "Overview"),
    "tab-timeline": ("Timeline", "Timeline"),
    "tab-contacts": ("Contacts", "Contacts"),
    "tab-follow-ups": ("Follow-ups", "F/u"),
    "tab-complaints": ("Complaints", "Cmp"),
    "tab-requests": ("Requests", "Req"),
    "tab-ideas": ("Ideas", "Ideas"),
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
