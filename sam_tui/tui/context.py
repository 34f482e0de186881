"""What the user has selected on the current screen: the context every action works on."""

from __future__ import annotations

from typing import NamedTuple


class Selection(NamedTuple):
    account_id: int | None = None
    account_name: str | None = None
    follow_up_id: int | None = None
    complaint_id: int | None = None
    contact_id: int | None = None
    # a short label of the selected record, for confirmations ("follow-up #12 Send deck")
    label: str | None = None
    # the account itself while it is in the prospect pipeline (or was: converted ones)
    prospect_id: int | None = None
    request_id: int | None = None
    idea_id: int | None = None
    # known when the screen shows it: the log form starts with it in "With"
    contact_name: str | None = None
    deal_id: int | None = None
    objective_id: int | None = None
