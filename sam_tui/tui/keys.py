"""The cockpit's keys by binding id, and the action table: what each action runs.

A key runs an action by name (``BINDINGS``; users remap a key by its binding id in
keymap.toml, so ids never change). The command palette (``tui/commands.py``) names the
same actions. An action in ``ACTIONS`` is ``"module:callable"`` under ``sam_tui.tui``,
imported the first time it runs, so the first paint imports no form; the callable is
given the cockpit and the selection on screen. The App's own actions (modes, reload,
filter, help, search, the palette's show/hide closed and report export) are its methods.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from sam_tui.tui.cockpit import Cockpit
    from sam_tui.tui.context import Selection

    Run = Callable[[Cockpit, Selection], None]

BINDINGS: list[BindingType] = [
    Binding("1", "switch_mode('home')", "Home", id="sam.home", show=False),
    Binding("2", "switch_mode('accounts')", "Accounts", id="sam.accounts", show=False),
    Binding("3", "switch_mode('follow-ups')", "Follow-ups", id="sam.follow-ups", show=False),
    Binding("4", "switch_mode('complaints')", "Complaints", id="sam.complaints", show=False),
    Binding("5", "switch_mode('pipeline')", "Pipeline", id="sam.pipeline", show=False),
    Binding("6", "switch_mode('prospects')", "Prospects", id="sam.prospects", show=False),
    Binding("7", "switch_mode('reports')", "Reports", id="sam.reports", show=False),
    Binding("l", "log", "Log", id="sam.log"),
    Binding("f", "follow_up", "Follow-up", id="sam.follow-up"),
    Binding(
        "d",
        "done",
        "Done",
        id="sam.done",
        tooltip="Done: the selected follow-up, or the selected request (with its outcome)",
    ),
    Binding("s", "snooze", "Snooze", id="sam.snooze", show=False),
    Binding("c", "complaint", "Complaint", id="sam.complaint", show=False),
    Binding("u", "complaint_update", "Update", id="sam.complaint-update", show=False),
    Binding("r", "resolve", "Resolve", id="sam.resolve", show=False),
    Binding("a", "add_account", "Add account", id="sam.add-account", show=False),
    Binding("A", "archive", "Archive account", id="sam.archive", show=False),
    Binding("x", "cancel_follow_up", "Cancel follow-up", id="sam.cancel-follow-up", show=False),
    Binding("P", "add_prospect", "Add prospect", id="sam.add-prospect", show=False),
    Binding("m", "move", "Move: deal / prospect / idea status", id="sam.move", show=False),
    Binding("D", "add_deal", "New deal", id="sam.add-deal", show=False),
    Binding("t", "add_request", "Request to a team", id="sam.request", show=False),
    Binding("b", "block_request", "Block request", id="sam.block-request", show=False),
    Binding("o", "reopen_request", "Reopen request", id="sam.reopen-request", show=False),
    Binding("i", "add_idea", "New idea", id="sam.idea", show=False),
    Binding("p", "promote_idea", "Promote idea to a deal", id="sam.promote-idea", show=False),
    Binding("ctrl+r", "reload", "Reload", id="sam.reload", show=False),
    Binding(
        "z",
        "undo",
        "Undo the latest change",
        id="sam.undo",
        show=False,
        tooltip="Undo: shows the latest change and asks, then reverts it as `sam undo` does",
    ),
    Binding("e", "edit", "Edit", id="sam.edit", show=False),
    Binding("slash", "filter", "Filter", id="sam.filter", key_display="/"),
    Binding("question_mark", "help", "Help", id="sam.help", key_display="?"),
    Binding("q", "quit", "Quit", id="sam.quit"),
]

# bound on the screens that list deals (pipeline, account view), not app-wide: the help
# lists them where they apply; one id each, so a keymap remaps both
DEAL_KEYS = [
    Binding("w", "app.deal_won", "Deal won", id="sam.deal-won", show=False),
    Binding("L", "app.deal_lost", "Deal lost (with the reason)", id="sam.deal-lost", show=False),
]
OBJECTIVE_KEYS = [
    Binding("O", "app.add_objective", "New objective", id="sam.objective", show=False),
    Binding(
        "plus",
        "app.objective_progress",
        "Record objective progress",
        id="sam.objective-progress",
        key_display="+",
        show=False,
    ),
]

# action name -> "module:callable(cockpit, selection)"; a form's ``start`` opens it on
# the selection, or says what to select first
ACTIONS: dict[str, str] = {
    "log": "forms.log:LogForm.start",
    "follow_up": "forms.follow_up:FollowUpForm.start",
    "done": "actions:done",
    "snooze": "forms.follow_up:SnoozeForm.start",
    "cancel_follow_up": "actions:cancel_follow_up",
    "complaint": "forms.complaint:ComplaintForm.start",
    "complaint_update": "forms.complaint:UpdateForm.start",
    "resolve": "forms.complaint:ResolveForm.start",
    "add_account": "forms.account:AccountForm.start",
    "archive": "actions:archive_account",
    "edit": "actions:edit",
    "move": "actions:move",
    "add_prospect": "forms.prospect:ProspectForm.start",
    "advance_prospect": "forms.prospect:AdvanceForm.start",
    "add_deal": "forms.deal:DealForm.start",
    "move_deal": "forms.deal:MoveForm.start",
    "deal_won": "forms.deal:WonForm.start",
    "deal_lost": "forms.deal:LostForm.start",
    "add_objective": "forms.objective:ObjectiveForm.start",
    "objective_progress": "forms.objective:ProgressForm.start",
    "add_request": "forms.request:RequestForm.start",
    "request_done": "forms.request:RequestDoneForm.start",
    "block_request": "forms.request:BlockForm.start",
    "reopen_request": "actions:reopen_request",
    "undo": "actions:undo",
    "add_idea": "forms.idea:IdeaForm.start",
    "idea_status": "forms.idea:IdeaStatusForm.start",
    "promote_idea": "forms.idea:PromoteForm.start",
}


def resolve(name: str) -> Run:
    """The callable behind the action ``name`` (its module is imported now)."""
    module, _, path = ACTIONS[name].partition(":")
    found: Any = importlib.import_module(f"sam_tui.tui.{module}")
    for part in path.split("."):
        found = getattr(found, part)
    run: Run = found
    return run


def action_methods(dispatch: Callable[[Any, str], None]) -> dict[str, Callable[[Any], None]]:
    """An ``action_<name>`` method for each entry, each calling ``dispatch(app, name)``."""

    def method(name: str) -> Callable[[Any], None]:
        def action(app: Any) -> None:
            dispatch(app, name)

        action.__name__ = action.__qualname__ = f"action_{name}"
        action.__doc__ = f"Runs {ACTIONS[name]} (tui/keys.py)."
        return action

    return {f"action_{name}": method(name) for name in ACTIONS}
