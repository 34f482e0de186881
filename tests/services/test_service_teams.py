"""The teams asked so far, for completion in the cockpit's request form."""

from __future__ import annotations

from svc_support import account

from sam_tui.services import requests


def test_teams_are_listed_once_each_in_their_most_used_spelling(conn):
    assert requests.teams(conn) == []
    account(conn, "Acme")
    for team in ("finance", "Finance", "finance", "Product", "legal"):
        requests.add(conn, "Acme", requests.NewRequest(team=team, ask="x"))
    assert requests.teams(conn) == ["finance", "legal", "Product"]
