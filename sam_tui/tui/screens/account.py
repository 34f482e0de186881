"""The account view: profile, health and every record of one account, as tabs."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Iterator
from datetime import date
from functools import partial
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Static, TabbedContent, TabPane, Tabs

from sam_tui import clock
from sam_tui.domain.dates import format_day, humanize
from sam_tui.domain.enums import AccountStatus
from sam_tui.domain.money import format_money
from sam_tui.domain.sla import describe_remaining
from sam_tui.services import account_detail
from sam_tui.tui.context import Selection
from sam_tui.tui.keys import DEAL_KEYS, OBJECTIVE_KEYS
from sam_tui.tui.screens import account_tabs as tabs
from sam_tui.tui.screens.base import SamScreen
from sam_tui.tui.widgets.keybar import KeyBar
from sam_tui.tui.widgets.table import HEALTH_STYLE, SamTable, literal, stamp

# where a record shows in this view: table -> (tab, the table keyed by its id, if any)
RECORD_PLACE: dict[str, tuple[str, str | None]] = {
    "contact": ("tab-contacts", "contacts"),
    "complaint": ("tab-complaints", "complaints"),
    "interaction": ("tab-timeline", "timeline"),
    "follow_up": ("tab-follow-ups", "follow-ups"),
    "internal_request": ("tab-requests", "requests"),
    "idea": ("tab-ideas", "ideas"),
    "deal": ("tab-deals", "deals"),
    "objective": ("tab-objectives", "objectives"),
}


# touches read at a time; the next page is read as the cursor nears the end of the last
TIMELINE_PAGE = 100
TIMELINE_MARGIN = 10


class AccountScreen(SamScreen):
    """One account, everything about it; escape goes back."""

    CSS_PATH = ["lines.tcss", "account.tcss"]

    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="account.back"),
        Binding("slash", "search", "Search", id="account.search", key_display="/"),
        *DEAL_KEYS,
        *OBJECTIVE_KEYS,
    ]

    def __init__(self, account_id: int, *, tab: str | None = None) -> None:
        super().__init__()
        self.account_id = account_id
        self.detail: account_detail.AccountDetail | None = None
        # (tab, table id, row key) to show once the data is on screen
        self._focus: tuple[str, str | None, str] | None = None
        self.initial_tab = f"tab-{tab}" if tab else "tab-overview"
        # pane id -> the count shown in its tab label
        self._counts: dict[str, int | None] = {}
        # older touches than the timeline shows are still to be read; one page is on its way
        self.more_timeline = False
        self._reading_on = False
        # list tab pane id -> its contents mounted (done) or on their way
        self._panes: dict[str, asyncio.Future[None]] = {}
        self._labels: dict[str, str] = {}  # pane id -> its label as shown

    def compose(self) -> ComposeResult:
        yield Static(id="account-title")
        # labelled as they will first be shown (short on a narrow screen): no relabelling,
        # and no second layout, before the account is read
        self._labels = tabs.tab_labels({}, self.app.size.width)
        with TabbedContent(id="account-tabs", initial=self.initial_tab):
            with TabPane(self._labels["tab-overview"], id="tab-overview"), VerticalScroll():
                yield Static(id="overview")
            for tab in tabs.TABS:
                with TabPane(self._labels[f"tab-{tab.key}"], id=f"tab-{tab.key}"):
                    if f"tab-{tab.key}" == self.initial_tab:
                        yield from _pane_contents(tab)
        yield KeyBar()

    def _pane(self, pane: str) -> Awaitable[None] | None:
        """The list tab's table (and lines) in ``pane``, mounted and filled: composed on
        the tab's first visit, not with the view (nine tables at once were half the time
        to open an account). None: ``pane`` is not a list tab."""
        tab = next((t for t in tabs.TABS if f"tab-{t.key}" == pane), None)
        if tab is None:
            return None
        if pane not in self._panes:
            if pane == self.initial_tab:  # composed with the view
                self._panes[pane] = asyncio.get_running_loop().create_future()
                self._panes[pane].set_result(None)
            else:
                self._panes[pane] = asyncio.ensure_future(self._mount_pane(tab))
        return self._panes[pane]

    async def _mount_pane(self, tab: tabs.ListTab) -> None:
        try:
            await self.query_one(f"#tab-{tab.key}", TabPane).mount(*_pane_contents(tab))
        except NoMatches:
            return  # the view closed meanwhile
        if self.detail is not None:
            self._fill(tab, self.detail, clock.today())

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id is not None:
            self._pane(event.pane.id)

    def _built(self, tab: tabs.ListTab) -> bool:
        pane = f"tab-{tab.key}"
        done = self._panes.get(pane)
        return pane == self.initial_tab or (done is not None and done.done())

    def _fill(self, tab: tabs.ListTab, data: account_detail.AccountDetail, today: date) -> None:
        table = self.query_one(f"#{tab.key}", SamTable)
        table.set_rows(tab.rows(tab.records(data), today))
        if tab.status is not None:
            self.query_one(f"#{tab.key}-hint", Static).update(tab.hint(data, today))
        self.row_highlighted(table, table.current_key())

    def load(self, conn: sqlite3.Connection) -> account_detail.AccountDetail:
        return account_detail.load(conn, f"#{self.account_id}", timeline_limit=TIMELINE_PAGE)

    def show(self, data: account_detail.AccountDetail) -> None:
        self.detail = data
        self.more_timeline = len(data.timeline) >= TIMELINE_PAGE
        s = data.summary
        title = Text(" ")
        title.append_text(literal(s.name, "bold"))
        title.append(f"  #{s.id} · {s.tier.value} · {s.status.value} · ")
        title.append(
            f"{s.health.health.value} {s.health.score}", style=HEALTH_STYLE[s.health.health.value]
        )
        if s.archived:
            title.append(" · archived", style="dim")
        self.query_one("#account-title", Static).update(title)
        self.query_one("#overview", Static).update(self._overview(data))
        today = clock.today()
        for tab in tabs.TABS:
            # a tab still being mounted fills itself from ``self.detail`` once it is
            if self._built(tab):
                self._fill(tab, data, today)
        self._counts = {
            f"tab-{tab.key}": tab.counted(data) for tab in tabs.TABS if tab.counted is not None
        }
        self._label_tabs()
        self._apply_focus()

    def on_resize(self) -> None:
        self._label_tabs()

    def _label_tabs(self) -> None:
        tabbed = self.query_one(TabbedContent)
        labels = tabs.tab_labels(self._counts, self.size.width)
        if labels == self._labels:
            return
        for pane, label in labels.items():
            if label != self._labels.get(pane) and tabbed.query(f"#--content-tab-{pane}"):
                tabbed.get_tab(pane).label = label
        self._labels = labels
        # new widths move the active tab; Textual places its underline from the layout
        # before the relabel takes effect, so place it again once that layout is done
        bar = tabbed.query_one(Tabs)
        self.call_after_refresh(bar._highlight_active, False)

    def focus_record(self, table: str, record_id: int) -> None:
        """Open the tab that shows this record (a search hit) and put the cursor on it."""
        tab, table_id = RECORD_PLACE.get(table, ("tab-overview", None))
        # a touch is keyed among the timeline's other entries (``tabs.timeline_key``)
        key = tabs.timeline_key(0, record_id) if table == "interaction" else str(record_id)
        self._focus = (tab, table_id, key)
        if self.detail is not None:
            self._apply_focus()

    def _apply_focus(self) -> None:
        if self._focus is None:
            return
        tab, table_id, key = self._focus
        self._focus = None
        self.query_one(TabbedContent).active = tab
        mounted = self._pane(tab)
        if table_id is not None and mounted is not None:
            self.run_worker(self._focus_row(mounted, table_id, key), group="account-focus")

    async def _focus_row(self, mounted: Awaitable[None], table_id: str, key: str) -> None:
        await mounted
        table = self.query_one(f"#{table_id}", SamTable)
        if key in table.rows:
            table.move_cursor(row=table.get_row_index(key), animate=False)
        table.focus()

    def _overview(self, d: account_detail.AccountDetail) -> Table:
        s = d.summary
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column()
        today = clock.today()
        renewal = (
            f"{format_day(s.renewal_date, today)} ({humanize(s.renewal_date, today)})"
            if s.renewal_date
            else "—"
        )
        facts: list[tuple[str, Text]] = [
            (
                "Health",
                Text(
                    f"{s.health.health.value} ({s.health.score}/100)",
                    style=HEALTH_STYLE[s.health.health.value],
                ),
            ),
            *[("", Text(f"· {reason}")) for reason in s.health.reasons],
            ("Industry", literal(s.industry or "—")),
            ("Region", literal(s.region or "—")),
            (
                "Annual value",
                Text(format_money(s.value_cents) if s.value_cents is not None else "—"),
            ),
            ("Renewal", Text(renewal)),
            ("Cadence", Text(f"every {s.cadence_days} days; {s.recency.describe()}")),
        ]
        if d.prospect_stage and s.status.value == "prospect":
            facts.append(("Prospect", literal(f"{d.prospect_stage}: {d.fit_reason or ''}")))
        if d.notes:
            facts.append(("Notes", literal(d.notes)))
        now = clock.now()
        if d.follow_ups:
            facts.append(("", Text("")))
            for n, f in enumerate(d.follow_ups[:5]):
                line = Text(
                    f"{format_day(f.due_date, today)}  ",
                    style="bold red" if f.overdue(today) else "",
                )
                line.append_text(literal(f.title))
                facts.append(("Follow-ups" if n == 0 else "", line))
        if d.complaints:
            facts.append(("", Text("")))
            for n, c in enumerate(d.complaints[:3]):
                state = c.sla(now)
                line = Text(
                    f"{c.severity.value}, {describe_remaining(state.remaining)}  ",
                    style="bold red" if state.breached else "",
                )
                line.append_text(literal(c.title))
                facts.append(("Complaints" if n == 0 else "", line))
        key_people = [p for p in d.contacts if p.influence is not None][:4]
        if key_people:
            facts.append(("", Text("")))
            for n, person in enumerate(key_people):
                line = literal(person.name)
                influence = person.influence.value if person.influence else ""
                role = ", ".join(x for x in (person.role, influence) if x)
                if role:
                    line.append(" ")
                    line.append_text(literal(f"({role})", "dim"))
                facts.append(("People" if n == 0 else "", line))
        if d.timeline:
            facts.append(("", Text("")))
            for n, e in enumerate(d.timeline[:5]):
                line = Text(f"{stamp(e.at)}  {e.kind}  ", style="dim")
                line.append_text(literal(e.text))
                facts.append(("Recent" if n == 0 else "", line))
        for label, value in facts:
            grid.add_row(label, value)
        return grid

    def row_highlighted(self, table: SamTable, key: str | None) -> None:
        if table.id == "timeline":
            self._read_on(table)
        tab = next((t for t in tabs.TABS if t.key == table.id), None)
        if self.detail is None or tab is None or tab.detail is None:
            return
        record = tab.find(self.detail, key)
        shown = Text("") if record is None else tab.detail(record, clock.today())
        self.query_one(f"#{tab.key}-detail", Static).update(shown)

    def _read_on(self, table: SamTable) -> None:
        """Near the end of the touches read so far: read the next page."""
        if self.detail is None or not self.more_timeline or self._reading_on:
            return
        if table.cursor_row < table.row_count - TIMELINE_MARGIN:
            return
        self._reading_on = True
        last = self.detail.timeline[-1]
        self.cockpit.db_call(
            partial(
                account_detail.timeline,
                account_id=self.account_id,
                limit=TIMELINE_PAGE,
                before=last,
            ),
            done=partial(self._add_page, last),
            group="timeline-page",
        )

    def _add_page(
        self, after: account_detail.TimelineEntry, page: list[account_detail.TimelineEntry]
    ) -> None:
        self._reading_on = False
        if self.detail is None or not self.detail.timeline or self.detail.timeline[-1] != after:
            return  # reloaded meanwhile: the page follows another list
        self.more_timeline = len(page) >= TIMELINE_PAGE
        shown = self.detail.timeline
        self.detail = self.detail._replace(timeline=shown + tuple(page))
        table = self.query_one("#timeline", SamTable)
        table.append_rows(tabs.timeline_rows(page, clock.today()))

    def selection(self) -> Selection:
        if self.detail is None:
            return Selection(account_id=self.account_id)
        s = self.detail.summary
        base = Selection(
            account_id=s.id,
            account_name=s.name,
            label=f"account {s.name}",
            prospect_id=s.id if s.status is AccountStatus.PROSPECT else None,
        )
        active = self.query_one(TabbedContent).active
        tab = next((t for t in tabs.TABS if f"tab-{t.key}" == active), None)
        if tab is None or tab.selects is None or not self._built(tab):
            return base
        record = tab.find(self.detail, self.query_one(f"#{tab.key}", SamTable).current_key())
        return base if record is None else base._replace(**tab.selects(record))

    def start_filter(self) -> None:
        # this view has no one table to filter: `/` searches the account's records instead
        self.action_search()

    def action_search(self) -> None:
        from sam_tui.tui.screens.search import SearchScreen

        name = self.detail.summary.name if self.detail is not None else f"#{self.account_id}"
        self.app.push_screen(SearchScreen(self.account_id, name))

    def action_back(self) -> None:
        self.dismiss()


def _pane_contents(tab: tabs.ListTab) -> Iterator[Widget]:
    yield SamTable(tab.columns, id=tab.key, empty="")
    if tab.detail is not None:
        yield Static(id=f"{tab.key}-detail", classes="tab-detail")
    if tab.status is not None:
        yield Static(id=f"{tab.key}-hint", classes="tab-hint")


def show_account(
    app: App[Any], account_id: int, focus: tuple[str, int] | None, tab: str | None
) -> None:
    """Over what is on screen: another account's view replaces this one, the same
    account's stays (on the record of ``focus``), any other screen stays under it."""
    current = app.screen
    if isinstance(current, AccountScreen):
        if current.account_id == account_id and tab is None:
            if focus is not None:
                current.focus_record(*focus)
            return
        current.dismiss()
    screen = AccountScreen(account_id, tab=tab)
    if focus is not None:
        screen.focus_record(*focus)
    app.push_screen(screen)
