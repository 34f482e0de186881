"""Whom an e-mail is with: its addresses matched to contacts, then accounts by e-mail domain.

A sender that is a contact (or at a contact's domain) makes the message inbound; a
recipient that is one makes it outbound. Free-mail domains (gmail.com...) never stand for
an account: two clients' people may both use them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import NamedTuple

from sam_tui.domain.enums import Direction
from sam_tui.domain.errors import Ambiguous, NotFound
from sam_tui.domain.text import one_line
from sam_tui.services import accounts

FREE_MAIL = frozenset(
    """gmail.com googlemail.com outlook.com hotmail.com hotmail.co.uk live.com msn.com
    yahoo.com yahoo.co.uk yahoo.fr ymail.com icloud.com me.com mac.com aol.com proton.me
    protonmail.com pm.me gmx.com gmx.de gmx.net web.de mail.com zoho.com yandex.com
    yandex.ru mail.ru orange.fr free.fr laposte.net t-online.de fastmail.com hey.com""".split()
)


class Party(NamedTuple):
    account_id: int
    account_name: str
    contact_id: int | None
    contact_name: str | None
    direction: Direction
    matched: str  # the address (or @domain) that decided it


def _contacts_by_address(
    conn: sqlite3.Connection, addresses: Sequence[str], account_id: int | None
) -> dict[str, list[sqlite3.Row]]:
    if not addresses:
        return {}
    marks = ", ".join("?" for _ in addresses)
    scope = " AND c.account_id = ?" if account_id is not None else ""
    params: list[object] = [*addresses, *([account_id] if account_id is not None else [])]
    found: dict[str, list[sqlite3.Row]] = {}
    for r in conn.execute(
        f"""SELECT c.id, c.name, c.account_id, a.name AS account_name, lower(trim(c.email)) AS email
              FROM contact c JOIN account a ON a.id = c.account_id
             WHERE c.archived = 0 AND a.archived = 0 AND lower(trim(c.email)) IN ({marks}){scope}
             ORDER BY c.id""",
        params,
    ):
        found.setdefault(r["email"], []).append(r)
    return found


def _accounts_by_domain(
    conn: sqlite3.Connection, domain: str, account_id: int | None
) -> list[sqlite3.Row]:
    scope = " AND a.id = ?" if account_id is not None else ""
    params: list[object] = ["%@" + domain, *([account_id] if account_id is not None else [])]
    return conn.execute(
        f"""SELECT DISTINCT a.id, a.name FROM contact c JOIN account a ON a.id = c.account_id
             WHERE c.archived = 0 AND a.archived = 0
               AND lower(trim(c.email)) LIKE ? ESCAPE '\\'{scope}
             ORDER BY a.id""",
        params,
    ).fetchall()


def _domain(address: str) -> str:
    return address.rpartition("@")[2]


def _by_contact(
    conn: sqlite3.Connection, addresses: Sequence[str], direction: Direction, scope: int | None
) -> Party | None:
    found = _contacts_by_address(conn, addresses, scope)
    for address in addresses:
        people = found.get(address, [])
        if len(people) > 1 and len({p["account_id"] for p in people}) > 1:
            listing = ", ".join(f"{one_line(p['account_name'])}" for p in people)
            raise Ambiguous(
                f"{address} belongs to contacts at several accounts ({listing}); "
                "name the account with --account"
            )
        if people:
            p = people[0]
            return Party(p["account_id"], p["account_name"], p["id"], p["name"], direction, address)
    return None


def _by_domain(
    conn: sqlite3.Connection, addresses: Sequence[str], direction: Direction, scope: int | None
) -> Party | None:
    for address in addresses:
        domain = _domain(address)
        if not domain or domain in FREE_MAIL:
            continue
        escaped = domain.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found = _accounts_by_domain(conn, escaped, scope)
        if len(found) > 1:
            listing = ", ".join(one_line(r["name"]) for r in found)
            raise Ambiguous(
                f"@{domain} is the e-mail domain of several accounts ({listing}); "
                "name the account with --account"
            )
        if found:
            return Party(found[0]["id"], found[0]["name"], None, None, direction, "@" + domain)
    return None


def match(
    conn: sqlite3.Connection,
    *,
    senders: Sequence[str],
    recipients: Sequence[str],
    forwarded_senders: Sequence[str] = (),
    forwarded_recipients: Sequence[str] = (),
    account_ref: str | None = None,
) -> Party:
    """The account, contact and direction of a message, from its addresses.

    Contacts first (sender, then recipients), then accounts by e-mail domain; then the
    same on a forwarded message's inner headers. With ``account_ref`` only that account's
    contacts are considered, and a message that matches none of them is still logged on it.
    """
    scope = accounts.find(conn, account_ref) if account_ref is not None else None
    scope_id = scope.id if scope is not None else None
    rounds = ((senders, recipients), (forwarded_senders, forwarded_recipients))
    for finder in (_by_contact, _by_domain):
        for inbound, outbound in rounds:
            party = finder(conn, inbound, Direction.IN, scope_id) or finder(
                conn, outbound, Direction.OUT, scope_id
            )
            if party is not None:
                return party
    if scope is not None:
        # nobody of the account is on it: the user said whose it is; outbound unless told
        return Party(scope.id, scope.name, None, None, Direction.OUT, "")
    everyone = list(dict.fromkeys([*senders, *recipients, *forwarded_senders]))
    shown = ", ".join(one_line(a) for a in everyone[:8]) or "no addresses"
    raise NotFound(
        f"no contact or account matches {shown}; name the account with --account ACCOUNT "
        "(or add the sender as a contact: sam contact add ACCOUNT NAME --email ADDRESS)"
    )
