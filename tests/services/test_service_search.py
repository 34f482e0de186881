"""Full-text search at the service level: ranking, filters, snippets and the index kept in sync."""

from __future__ import annotations

import sqlite3

import pytest
from svc_support import account, at, complaint

from sam_tui import clock
from sam_tui.domain.enums import Channel, DealStage
from sam_tui.domain.errors import InvalidInput, NotFound
from sam_tui.domain.search import MATCH_END, MATCH_START, SearchKind, plain
from sam_tui.services import (
    accounts,
    complaints,
    contacts,
    ideas,
    interactions,
    requests,
    search,
)
from sam_tui.store import db


def log(conn: sqlite3.Connection, account_ref: str, text: str, **kw: object) -> int:
    return interactions.log(conn, account_ref=account_ref, summary=text, **kw).interaction_id  # type: ignore[arg-type]


def found(conn: sqlite3.Connection, text: str, **kw: object) -> list[tuple[str, str, str]]:
    """(kind, account, snippet text) of each hit, best first."""
    return [
        (h.kind.value, h.account_name, plain(h.snippet))
        for h in search.search(conn, text, **kw).hits  # type: ignore[arg-type]
    ]


@pytest.fixture
def portfolio(conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> sqlite3.Connection:
    at(monkeypatch, "2026-11-20T10:00")
    account(conn, "Société Générale", industry="Banking")
    account(conn, "Müller GmbH", notes="Family-owned; AT&T was their telco")
    account(conn, "Acme Corp")
    contacts.add(conn, "Müller", contacts.ContactInput(name="Seán O'Brien", role="CFO"))
    log(conn, "Société", "Call with the trésorier about e-mail invoicing", channel=Channel.CALL)
    log(conn, "Acme", 'CFO said "NOT now" (title: later) -maybe; C++ SDK question')
    at(monkeypatch, "2026-11-26T09:00")
    return conn


# --- what is typed finds what was stored ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("societe", [("account", "Société Générale", "Société Générale")]),
        ("SOCIÉTÉ GÉNÉRALE", [("account", "Société Générale", "Société Générale")]),
        ("muller gmbh", [("account", "Müller GmbH", "Müller GmbH")]),
        ("mül", [("account", "Müller GmbH", "Müller GmbH")]),
        (
            "tresorier",
            [("interaction", "Société Générale", "Call with the trésorier about e-mail invoicing")],
        ),
        (
            "e-mail",
            [("interaction", "Société Générale", "Call with the trésorier about e-mail invoicing")],
        ),
        ("o'brien", [("contact", "Müller GmbH", "Seán O'Brien")]),
        ("sean", [("contact", "Müller GmbH", "Seán O'Brien")]),
        ("AT&T", [("account", "Müller GmbH", "Family-owned; AT&T was their telco")]),
        (
            '"NOT now"',
            [
                (
                    "interaction",
                    "Acme Corp",
                    'CFO said "NOT now" (title: later) -maybe; C++ SDK question',
                )
            ],
        ),
        (
            "title: later",
            [
                (
                    "interaction",
                    "Acme Corp",
                    'CFO said "NOT now" (title: later) -maybe; C++ SDK question',
                )
            ],
        ),
        (
            "C++ sdk",
            [
                (
                    "interaction",
                    "Acme Corp",
                    'CFO said "NOT now" (title: later) -maybe; C++ SDK question',
                )
            ],
        ),
        (
            "(maybe",
            [
                (
                    "interaction",
                    "Acme Corp",
                    'CFO said "NOT now" (title: later) -maybe; C++ SDK question',
                )
            ],
        ),
        ("banking", [("account", "Société Générale", "Banking")]),
        ("acme tresorier", []),  # every word in the same record
        ("nothing-like-this", []),
    ],
)
def test_punctuation_quotes_and_accents(
    portfolio: sqlite3.Connection, typed: str, expected: list[tuple[str, str, str]]
) -> None:
    assert found(portfolio, typed) == expected


def test_bad_input_is_one_clear_error(conn: sqlite3.Connection) -> None:
    for typed, message in (("  ", "type something"), ("&&", "no letters or digits")):
        with pytest.raises(InvalidInput, match=message):
            search.search(conn, typed)
    with pytest.raises(InvalidInput, match="between 1 and 500"):
        search.search(conn, "acme", limit=0)
    with pytest.raises(NotFound, match="unknown account 'zz'"):
        account(conn, "Acme Corp")
        search.search(conn, "acme", account_ref="zz")


# --- ranking, labels, dates -------------------------------------------------------------------


def test_a_title_match_ranks_above_a_body_match(conn: sqlite3.Connection) -> None:
    account(conn, "Acme Corp")
    for n in range(10):
        log(conn, "Acme", f"Unrelated note {n}")
    # many body matches, logged before and after the title match
    log(conn, "Acme", "Talked about the pilot, the pilot plan and the pilot budget")
    account(conn, "Pilot Logistics")
    log(conn, "Acme", "Pilot pilot pilot")
    hits = search.search(conn, "pilot").hits
    assert [(h.kind, h.account_name) for h in hits][0] == (SearchKind.ACCOUNT, "Pilot Logistics")
    assert [h.kind for h in hits[1:]] == [SearchKind.INTERACTION] * 2
    assert hits[0].score > hits[1].score > 0


def test_every_kind_has_its_account_date_and_label(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, "2026-11-02T10:00")
    acme = account(conn, "Acme Corp", notes="renewal talks")
    contacts.add(conn, "Acme", contacts.ContactInput(name="Jane Renewal", role="CFO"))
    at(monkeypatch, "2026-11-03T10:00")
    log(conn, "Acme", "Renewal call", channel=Channel.CALL, contact_ref="Jane")
    at(monkeypatch, "2026-11-04T10:00")
    cid = complaint(conn, "Acme", "Renewal invoice wrong")
    at(monkeypatch, "2026-11-05T10:00")
    complaints.add_update(conn, cid, "Renewal credit note sent")
    at(monkeypatch, "2026-11-06T10:00")
    ideas.add(conn, account_ref="Acme", title="Renewal bundle")
    requests.add(conn, "Acme", requests.NewRequest(team="finance", ask="Renewal quote"))
    upsell = ideas.add(conn, account_ref="Acme", title="Upsell training").id
    ideas.promote(
        conn,
        upsell,
        ideas.DealTerms(amount_cents=100, name="Renewal 2027", stage=DealStage.PROPOSAL),
    )
    hits = search.search(conn, "renewal").hits
    by_source = {h.source: h for h in hits}
    assert set(by_source) == {
        "account",
        "contact",
        "interaction",
        "complaint",
        "complaint_update",
        "idea",
        "internal_request",
        "deal",
    }
    assert {h.account_id for h in hits} == {acme}
    assert {h.account_name for h in hits} == {"Acme Corp"}
    labels = {s: (h.kind.value, h.label, h.at.date().isoformat()) for s, h in by_source.items()}
    assert labels == {
        "account": ("account", "key · active", "2026-11-02"),
        "contact": ("contact", "Jane Renewal (CFO)", "2026-11-02"),
        "interaction": ("interaction", "call with Jane Renewal", "2026-11-03"),
        "complaint": ("complaint", f"#{cid} medium · open", "2026-11-04"),
        "complaint_update": ("complaint", f"update on #{cid} Renewal invoice wrong", "2026-11-05"),
        "idea": ("idea", "#1 proposed", "2026-11-06"),
        "internal_request": ("request", "#1 to finance · open", "2026-11-06"),
        "deal": ("deal", "#1 proposal", "2026-11-06"),
    }


# --- snippets are stored text, shown literally ------------------------------------------------


def test_snippets_mark_the_match_and_keep_markup_literally(conn: sqlite3.Connection) -> None:
    account(conn, "Acme Corp")
    log(conn, "Acme", "[bold]Pilot[/] agreed \x1b[2J [link=x]see[/link] {q} \\n")
    (hit,) = search.search(conn, "pilot").hits
    assert hit.snippet == (
        ("[bold]", False),
        ("Pilot", True),
        ("[/] agreed \x1b[2J [link=x]see[/link] {q} \\n", False),
    )


def test_a_folded_match_is_marked_in_the_text_as_written(conn: sqlite3.Connection) -> None:
    account(conn, "Øresund Energi")
    log(conn, "Øresund", "Met Søren in Ærøskøbing about the ﬁnal price")
    expected = (
        ("Met ", False),
        ("Søren", True),
        (" in Ærøskøbing about the ", False),
        ("ﬁnal", True),
        (" price", False),
    )
    (hit,) = search.search(conn, "soren final").hits
    assert hit.snippet == expected
    # within one account the snippets are cut while ranking: the same marks
    (hit,) = search.search(conn, "SØREN ﬁnal", account_ref="oresund").hits
    assert hit.snippet == expected


def test_a_long_text_is_cut_around_the_match(conn: sqlite3.Connection) -> None:
    account(conn, "Acme Corp")
    log(
        conn,
        "Acme",
        " ".join(f"word{n}" for n in range(40))
        + " pilot "
        + " ".join(f"more{n}" for n in range(40)),
    )
    (hit,) = search.search(conn, "pilot").hits
    text = plain(hit.snippet)
    assert text.startswith("…") and text.endswith("…") and "pilot" in text
    assert len(text.split()) <= 12


def test_stored_marker_characters_are_never_taken_for_matches(conn: sqlite3.Connection) -> None:
    account(conn, "Acme Corp")
    stored = f"odd {MATCH_START}pilot{MATCH_END} text"
    log(conn, "Acme", stored)
    # private-use characters are letters to the index: the marked word is one token
    (hit,) = search.search(conn, "odd").hits
    assert hit.snippet == ((stored, False),)
    # within one account the snippets are cut while ranking: the same rule holds
    (hit,) = search.search(conn, "odd", account_ref="acme").hits
    assert hit.snippet == ((stored, False),)
    (hit,) = search.search(conn, "text", account_ref="acme").hits
    assert hit.snippet == ((stored, False),)


# --- filters ----------------------------------------------------------------------------------


def test_archived_accounts_are_left_out_unless_asked_for(portfolio: sqlite3.Connection) -> None:
    accounts.set_archived(portfolio, "Société", True)
    assert found(portfolio, "tresorier") == []
    assert found(portfolio, "societe") == []
    assert [k for k, _a, _s in found(portfolio, "societe", include_archived=True)] == ["account"]
    # naming the account is asking for it
    assert found(portfolio, "tresorier", account_ref="Société Générale") == [
        ("interaction", "Société Générale", "Call with the trésorier about e-mail invoicing")
    ]
    hit = search.search(portfolio, "tresorier", include_archived=True).hits[0]
    assert hit.account_archived


def test_kind_and_account_filters(conn: sqlite3.Connection) -> None:
    account(conn, "Acme Corp", notes="delivery focus")
    account(conn, "Globex")
    contacts.add(conn, "Acme", contacts.ContactInput(name="Dee Livery"))
    log(conn, "Acme", "Delivery slipped")
    log(conn, "Globex", "Delivery on time")
    cid = complaint(conn, "Globex", "Late delivery")
    complaints.add_update(conn, cid, "Delivery rescheduled")

    def kinds(**kw: object) -> list[tuple[str, str]]:
        hits = search.search(conn, "delivery", **kw).hits  # type: ignore[arg-type]
        return sorted((h.kind.value, h.account_name) for h in hits)

    assert kinds(kinds={SearchKind.COMPLAINT}) == [("complaint", "Globex"), ("complaint", "Globex")]
    assert kinds(kinds={SearchKind.INTERACTION}) == [
        ("interaction", "Acme Corp"),
        ("interaction", "Globex"),
    ]
    assert kinds(account_ref="glob") == [
        ("complaint", "Globex"),
        ("complaint", "Globex"),
        ("interaction", "Globex"),
    ]
    assert kinds(account_ref="acme", kinds={SearchKind.ACCOUNT, SearchKind.INTERACTION}) == [
        ("account", "Acme Corp"),
        ("interaction", "Acme Corp"),
    ]
    acme_id = accounts.find(conn, "acme").id
    assert kinds(account_id=acme_id) == kinds(account_ref="acme")
    assert search.search(conn, "dee").hits[0].kind is SearchKind.CONTACT


def test_limit_and_counts(conn: sqlite3.Connection) -> None:
    account(conn, "Acme Corp")
    for n in range(7):
        log(conn, "Acme", f"Pilot step {n}")
    result = search.search(conn, "pilot", limit=3)
    assert (len(result.hits), result.ranked, result.broad) == (3, 7, False)
    # equal scores: the newest first
    assert [plain(h.snippet) for h in result.hits] == [
        "Pilot step 6",
        "Pilot step 5",
        "Pilot step 4",
    ]


def test_exactly_window_matches_is_not_broad(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "WINDOW", 5)
    account(conn, "Acme Corp")
    for n in range(5):
        log(conn, "Acme", f"pilot note {n}")
    assert search.search(conn, "pilot")[2:4] == (5, False)
    log(conn, "Acme", "pilot note 5")
    assert search.search(conn, "pilot")[2:4] == (5, True)


def test_a_broad_search_keeps_every_title_match(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "WINDOW", 5)
    account(conn, "Pilot Partners")
    account(conn, "Acme Corp")
    for n in range(8):
        log(conn, "Acme", f"pilot note {n}")
    result = search.search(conn, "pilot", limit=4)
    assert result.broad and result.ranked == 5
    assert [h.kind for h in result.hits] == [SearchKind.ACCOUNT] + [SearchKind.INTERACTION] * 3
    # the window holds the newest matches
    assert [plain(h.snippet) for h in result.hits[1:]] == [
        "pilot note 7",
        "pilot note 6",
        "pilot note 5",
    ]


# --- the index follows every change -----------------------------------------------------------


def test_the_index_follows_edits(portfolio: sqlite3.Connection) -> None:
    conn = portfolio
    accounts.edit(conn, "Acme", accounts.AccountInput(name="Zenith Holdings"))
    assert found(conn, "acme") == []
    assert [k for k, _a, _s in found(conn, "zenith")] == ["account"]
    contacts.edit(conn, "Seán", contacts.ContactInput(role="Treasurer"))
    assert [plain(h.snippet) for h in search.search(conn, "treasurer").hits] == ["Treasurer"]
    assert found(conn, "cfo", kinds={SearchKind.CONTACT}) == []
    cid = complaint(conn, "Zenith", "Invoice in the wrong currency")
    complaints.edit(conn, cid, complaints.ComplaintChanges(title="Invoice in Swiss francs"))
    assert found(conn, "currency") == []
    assert [k for k, _a, _s in found(conn, "francs")] == ["complaint"]
    complaints.resolve(conn, cid, "Reissued in euros")
    # the resolution is both the complaint's text and its last update
    assert sorted((h.source, h.kind.value) for h in search.search(conn, "euros").hits) == [
        ("complaint", "complaint"),
        ("complaint_update", "complaint"),
    ]


def test_an_edited_interaction_is_found_by_its_new_text_only(portfolio: sqlite3.Connection) -> None:
    conn = portfolio
    (hit,) = search.search(conn, "tresorier").hits
    # interactions have no edit command yet; the gateway is what every service writes through
    with db.write(conn, "interaction edit", clock.now()) as tx:
        tx.update("interaction", hit.id, {"summary": "Call with the treasury about SEPA"})
    assert search.search(conn, "tresorier").hits == []
    assert [(h.source, h.id) for h in search.search(conn, "sepa").hits] == [("interaction", hit.id)]
    with db.write(conn, "interaction delete", clock.now()) as tx:
        tx.execute("DELETE FROM interaction WHERE id = ?", (hit.id,))
    assert search.search(conn, "sepa").hits == []
