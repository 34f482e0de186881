"""The command palette (ctrl+p): every action by name, and "go to account" for each account."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from sam_tui.domain.refs import Candidate
from sam_tui.domain.text import one_line
from sam_tui.tui.cockpit import Cockpit, OpenAccount

if TYPE_CHECKING:
    import sqlite3

# (title, help, action): "group: verb" titles, as posting does
ACTIONS = [
    ("Go: home (triage)", "The ranked list of what needs you", "switch_mode('home')"),
    ("Go: accounts", "The portfolio table", "switch_mode('accounts')"),
    ("Go: follow-ups", "Open follow-ups by due date", "switch_mode('follow-ups')"),
    ("Go: complaints", "Open complaints by SLA", "switch_mode('complaints')"),
    ("Go: pipeline", "Open deals by stage, with their totals", "switch_mode('pipeline')"),
    ("Go: prospects", "The prospect pipeline by stage", "switch_mode('prospects')"),
    ("Go: reports", "Week and period reports with charts; export", "switch_mode('reports')"),
    ("Log: interaction", "Log a client touch for the selected account", "log"),
    ("Follow-up: new", "Add a follow-up", "follow_up"),
    ("Follow-up: mark done", "Complete the selected follow-up", "done"),
    ("Follow-up: snooze", "Move the selected follow-up to a later date", "snooze"),
    ("Follow-up: cancel", "Cancel the selected follow-up (asks first)", "cancel_follow_up"),
    ("Complaint: open", "Open a complaint with an SLA clock", "complaint"),
    ("Complaint: add update", "Record progress on the selected complaint", "complaint_update"),
    ("Complaint: resolve", "Resolve the selected complaint", "resolve"),
    ("Account: add", "Add an account to the portfolio", "add_account"),
    ("Prospect: add", "A company you want as a strategic customer", "add_prospect"),
    ("Prospect: advance", "The selected prospect to the next stage, or any", "advance_prospect"),
    ("Prospects: show/hide closed", "Converted and disqualified ones", "closed_on('prospects')"),
    ("Request: new", "Ask an internal team for something for the account", "add_request"),
    ("Request: mark done", "Record the outcome of the selected request", "request_done"),
    ("Request: block", "Mark the selected request blocked, with the reason", "block_request"),
    ("Request: reopen", "Reopen the selected done or blocked request", "reopen_request"),
    ("Idea: new", "Record a solution you suggest to the selected account", "add_idea"),
    ("Idea: set status", "Proposed, discussed, accepted or rejected", "idea_status"),
    ("Idea: promote to deal", "Turn the selected idea into an expansion deal", "promote_idea"),
    ("Deal: new", "Add a deal for the selected account", "add_deal"),
    ("Deal: move stage", "The selected deal to another stage (default: the next)", "move_deal"),
    ("Deal: mark won", "The selected deal is won (today, or the day it closed)", "deal_won"),
    ("Deal: mark lost", "The selected deal is lost, with the reason", "deal_lost"),
    ("Pipeline: show/hide closed", "Won and lost deals", "closed_on('pipeline')"),
    ("Objective: new", "Set an objective for the selected account", "add_objective"),
    (
        "Objective: record progress",
        "The value reached (12) or a change (+3) on the selected objective",
        "objective_progress",
    ),
    ("Account: archive", "Archive the selected account (asks first)", "archive"),
    ("Edit: selected record", "The selected deal, account, follow-up, complaint, contact", "edit"),
    ("Search…", "Find any record by its words: names, notes, complaints, ideas, deals", "search"),
    ("View: filter table", "Filter the table on this screen", "filter"),
    ("View: reload", "Read the database again", "reload"),
    ("Undo: latest change", "Revert the latest change, as `sam undo` does (asks first)", "undo"),
    ("Report: export", "Write the report on the Reports screen to a file", "export_report"),
    ("Help: keys", "Every key and its binding id", "help"),
]


def literal_highlight(matcher: Matcher, candidate: str) -> Content:
    """``matcher.highlight`` parses markup; an account named "[/]" must not break search."""
    content = Content(candidate)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    for offset in offsets:
        if offset < len(candidate) and not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class SamCommands(Provider):
    """Actions and accounts; account names are loaded off the UI thread when it opens."""

    async def startup(self) -> None:
        self.accounts: list[Candidate] = []
        if isinstance(self.app, Cockpit):
            worker = self.app.db_call(self._load, done=self._loaded)
            await worker.wait()

    def _load(self, conn: sqlite3.Connection) -> list[Candidate]:
        from sam_tui.services import accounts

        return accounts.names(conn)

    def _loaded(self, names: list[Candidate]) -> None:
        self.accounts = names

    def _entries(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app = self.app
        entries: list[tuple[str, str, Callable[[], Any]]] = [
            (title, help_text, partial(app.run_action, action))
            for title, help_text, action in ACTIONS
        ]
        for account in getattr(self, "accounts", []):
            entries.append(
                (
                    f"Account: go to {one_line(account.name)}",
                    f"Open account #{account.id}",
                    partial(self._open, account.id),
                )
            )
        return entries

    def _open(self, account_id: int) -> None:
        self.app.post_message(OpenAccount(account_id))

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries()[: len(ACTIONS)]:
            yield DiscoveryHit(
                Content(title),
                callback,
                text=title,
                help=help_text,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    literal_highlight(matcher, title),
                    callback,
                    text=title,
                    help=help_text,
                )
