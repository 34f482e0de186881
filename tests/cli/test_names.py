"""Names as people type them: accents, case and punctuation folded, the nearest names
suggested, everywhere a command takes an account, a contact, a prospect or a team."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from samcli import fails, ok, query

from sam_tui.store import db, migrations

BOOK = [
    "O'Brien & Sons",
    "Société Générale Énergie",
    "[Beta] Labs",
    "Müller-Thurgau Weinhandel",
    "Łódź Logistics",
    "Ørsted Services",
    "Straße Bau AG",
]


@pytest.fixture
def book(sam):
    for name in BOOK:
        ok(sam("account", "add", name, "--tier", "strategic"))
    ok(sam("contact", "add", "muller", "Katrin Vogel", "--role", "CFO"))
    ok(sam("contact", "add", "o'brien", "Seán Ó Dálaigh", "--role", "Buyer"))
    return sam


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("muller", "Müller-Thurgau Weinhandel"),
        ("MULLER thurgau", "Müller-Thurgau Weinhandel"),
        ("obrien", "O'Brien & Sons"),
        ("o brien", "O'Brien & Sons"),
        ("O'Brien", "O'Brien & Sons"),
        ("obr", "O'Brien & Sons"),
        ("societe", "Société Générale Énergie"),
        ("Societe Generale", "Société Générale Énergie"),
        ("beta labs", "[Beta] Labs"),
        ("beta", "[Beta] Labs"),
        ("lodz", "Łódź Logistics"),
        ("orsted", "Ørsted Services"),
        ("strasse", "Straße Bau AG"),
    ],
)
def test_an_account_is_found_as_people_type_its_name(book, db_path, typed, name) -> None:
    out = ok(book("log", typed, "Called about the renewal"))
    assert f"with {name}" in out
    assert query(db_path, "SELECT a.name FROM interaction i JOIN account a ON a.id = i.account_id")[
        -1
    ] == (name,)
    assert ok(book("account", "show", typed)).startswith(f"{name}  #")


def test_exact_beats_prefix_beats_folded(sam) -> None:
    ok(sam("account", "add", "Muller"))
    ok(sam("account", "add", "Muller Bros"))
    ok(sam("account", "add", "Müller-Thurgau"))
    # exact name first, though two others start with it or fold to it
    assert "with Muller," in ok(sam("log", "muller", "x"))
    # a unique prefix next
    assert "with Muller Bros" in ok(sam("log", "muller b", "x"))
    # the folded name only when neither finds anything
    assert "with Müller-Thurgau" in ok(sam("log", "mullert", "x"))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Société Générale d'Équipement", "Societe Generale d'Equipement"),
        ("Øresund Logistik", "oresund logistik"),
        ("O'Brien & Sons", "OBrien Sons"),
        ("Łódź Metals", "Lodz Metals"),
    ],
)
def test_a_name_that_differs_only_by_accents_or_punctuation_is_refused(
    sam, db_path, first, second
) -> None:
    ok(sam("account", "add", first))
    line = fails(sam("account", "add", second))
    assert f"'{second}' is the name of '{first}' (#1) but for accents, case or punctuation" in line
    assert query(db_path, "SELECT name FROM account") == [(first,)]
    # what the manager always typed still goes to the account they meant
    assert f"with {first}" in ok(sam("log", second.split()[0], "x"))
    # renaming another account to it is refused too; its own respelling is not
    ok(sam("account", "add", "Globex"))
    assert "but for accents, case or punctuation" in fails(
        sam("account", "edit", "globex", "--name", second)
    )
    ok(sam("account", "edit", "#1", "--name", second))
    assert query(db_path, "SELECT name FROM account WHERE id = 1") == [(second,)]


def test_names_in_other_scripts_that_transliterate_alike_are_both_kept(sam) -> None:
    # 华为 and 华威 are both "huawei" in Latin letters, and no one confuses them
    for name in ("华为", "华威", "三菱", "三陵", "Газпром", "Gazprom"):
        assert ok(sam("account", "add", name)).startswith("Added account")
    assert "with 华威" in ok(sam("log", "华威", "x"))
    assert "with Gazprom" in ok(sam("log", "gazprom", "x"))


def test_a_prospect_or_an_archived_account_holds_its_name_too(sam, db_path) -> None:
    ok(sam("account", "add", "Société Générale"))
    line = fails(sam("prospect", "add", "Societe Generale", "--why", "fits"))
    assert "is the name of 'Société Générale' (#1) but for accents" in line
    ok(sam("account", "archive", "societe"))
    line = fails(sam("account", "add", "SOCIETE generale"))
    assert "(#1) (archived: `sam account unarchive` brings it back)" in line
    assert query(db_path, "SELECT count(*) FROM account") == [(1,)]


def test_a_folded_reference_matching_several_lists_them(sam) -> None:
    ok(sam("account", "add", "Café Noir"))
    ok(sam("account", "add", "Café Nord"))
    line = fails(sam("log", "cafe no", "x"))
    assert "'cafe no' matches several accounts: Café Noir (#1), Café Nord (#2)" in line


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("mueller", "Müller-Thurgau Weinhandel (#4)"),
        ("sociate", "Société Générale Énergie (#2)"),
        ("orstead", "Ørsted Services (#6)"),
        ("labs", "[Beta] Labs (#3)"),
        ("weinhandel", "Müller-Thurgau Weinhandel (#4)"),
    ],
)
def test_an_unknown_account_suggests_the_nearest_names(book, typed, hint) -> None:
    line = fails(book("log", typed, "x"))
    assert line.startswith(f"error: unknown account '{typed}'; did you mean ")
    assert hint in line


def test_every_account_argument_folds(book, db_path) -> None:
    ok(book("follow-up", "add", "societe", "Send the deck", "--due", "tomorrow"))
    ok(book("complaint", "open", "lodz", "Late delivery", "--severity", "high"))
    ok(book("deal", "add", "orsted", "Renewal", "--amount", "50k"))
    ok(book("request", "add", "beta", "finance", "Credit note"))
    ok(book("idea", "add", "obrien", "Bundle support"))
    ok(book("objective", "add", "muller", "Three sites", "--target", "3", "--due", "eoq"))
    ok(book("account", "edit", "strasse", "--region", "DACH"))
    owners = query(
        db_path,
        "SELECT (SELECT name FROM account WHERE id = f.account_id) FROM follow_up f "
        "UNION ALL SELECT (SELECT name FROM account WHERE id = c.account_id) FROM complaint c",
    )
    assert owners == [("Société Générale Énergie",), ("Łódź Logistics",)]
    assert query(db_path, "SELECT region FROM account WHERE name = 'Straße Bau AG'") == [
        ("DACH",)
    ]


def test_contacts_fold_and_suggest(book, db_path) -> None:
    ok(book("log", "obrien", "Met the buyer", "--with", "sean"))
    ok(book("log", "obrien", "Met the buyer", "--with", "o dalaigh"))
    assert query(db_path, "SELECT count(*) FROM interaction WHERE contact_id = 2") == [(2,)]
    line = fails(book("log", "muller", "Called", "--with", "kathrin"))
    assert line == (
        "error: unknown contact 'kathrin' at Müller-Thurgau Weinhandel; "
        "did you mean Katrin Vogel (#1)?"
    )


def test_prospects_fold_and_suggest(sam) -> None:
    ok(sam("prospect", "add", "Zürich Réassurance", "--why", "Same brokers"))
    assert "Zürich Réassurance" in ok(sam("prospect", "advance", "zurich"))
    line = fails(sam("prospect", "advance", "zuerich"))
    assert "did you mean Zürich Réassurance (#1)?" in line


def test_teams_fold_to_the_spelling_already_used(book, db_path) -> None:
    ok(book("request", "add", "beta", "Finanzabteilung Ö", "Credit note"))
    ok(book("request", "add", "beta", "finanzabteilung o", "Second credit note"))
    assert query(db_path, "SELECT DISTINCT team FROM internal_request") == [
        ("Finanzabteilung Ö",)
    ]
    assert "Second credit note" in ok(book("request", "list", "--team", "FINANZABTEILUNG-O"))


def test_a_book_from_before_the_folded_key_gets_keys_on_upgrade(
    sam, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = next(
        n for n, (title, _) in enumerate(migrations.MIGRATIONS, start=1) if "fold_key" in title
    )
    with monkeypatch.context() as patch:
        # made by the sam just before the folded key, with accounts in it
        patch.setattr(db, "MIGRATIONS", migrations.MIGRATIONS[: number - 1])
        patch.setattr(db, "LATEST_VERSION", number - 1)
        db.connect(db_path).close()
    conn = sqlite3.connect(db_path)
    for name in ("Société Générale Énergie", "O'Brien & Sons"):
        conn.execute(
            "INSERT INTO account (name, name_key, tier, status, archived, created_at, updated_at)"
            " VALUES (?, ?, 'key', 'active', 0, '2026-11-01T09:00:00+00:00',"
            " '2026-11-01T09:00:00+00:00')",
            (name, name.casefold()),
        )
    conn.commit()
    conn.close()
    assert "with Société Générale Énergie" in ok(sam("log", "societe", "x"))
    assert query(db_path, "SELECT name, fold_key FROM account ORDER BY id") == [
        ("Société Générale Énergie", "societegeneraleenergie"),
        ("O'Brien & Sons", "obriensons"),
    ]
