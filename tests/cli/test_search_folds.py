"""`sam search` finds words as people type them, also where a letter has no decomposition.

unicode61 folds case and accents (ü, é) but keeps ø æ œ ß ł đ þ and ligatures (ﬁ) as they
are; the index and the query fold those the way account names are matched
(``domain.refs.fold``), and what is shown stays the text as it was written.
"""

from __future__ import annotations

import pytest
from samcli import as_json, ok


@pytest.fixture
def nordic(sam):
    ok(sam("account", "add", "Øresund Energi"))
    ok(sam("account", "add", "Straße Logistik"))
    ok(sam("account", "add", "Ærospace AS"))
    ok(sam("account", "add", "Łódź Logistics"))
    ok(sam("log", "oresund", "Met Søren about the ﬁnal pricing"))
    ok(sam("log", "strasse", "Call with Jürgen"))
    return sam


ORESUND = ["account  Øresund Energi  key · active  26 Nov", "    Øresund Energi"]
SOREN = ["interaction  Øresund Energi  note  26 Nov", "    Met Søren about the ﬁnal pricing"]
STRASSE = ["account  Straße Logistik  key · active  26 Nov", "    Straße Logistik"]


@pytest.mark.parametrize(
    ("typed", "lines"),
    [
        ("oresund", ORESUND),
        ("Øresund", ORESUND),
        ("ORESUND", ORESUND),
        ("øresund energi", ORESUND),
        ("soren", SOREN),
        ("SØREN", SOREN),
        ("final", SOREN),  # the ﬁ ligature
        ("ﬁnal pricing", SOREN),
        ("strasse", STRASSE),
        ("straße", STRASSE),
        ("STRASSE", STRASSE),
        ("stras", STRASSE),  # as you type: a prefix of the folded word
        ("aerospace", ["account  Ærospace AS  key · active  26 Nov", "    Ærospace AS"]),
        ("lodz", ["account  Łódź Logistics  key · active  26 Nov", "    Łódź Logistics"]),
        ("jurgen", ["interaction  Straße Logistik  note  26 Nov", "    Call with Jürgen"]),
    ],
)
def test_folded_words_find_the_text_as_written(nordic, typed, lines):
    assert ok(nordic("search", typed)).splitlines() == lines


def test_the_matched_word_is_highlighted_in_the_original_text(nordic):
    for typed, word in (("oresund", "Øresund"), ("soren", "Søren"), ("final", "ﬁnal")):
        (hit,) = as_json(nordic("search", typed, "--json"))["hits"]
        (start, end), *_ = hit["matches"]
        assert hit["snippet"][start:end] == word


def test_a_renamed_account_is_found_by_its_new_name_only(nordic):
    ok(nordic("account", "edit", "oresund", "--name", "Kattegat Kraft"))
    assert ok(nordic("search", "oresund")).startswith("No matches for 'oresund'.")
    assert ok(nordic("search", "kattegat")).splitlines()[0].startswith("account  Kattegat")
    ok(nordic("account", "edit", "kattegat", "--name", "Ødegård Kraft"))
    assert ok(nordic("search", "odegard")).splitlines() == [
        "account  Ødegård Kraft  key · active  26 Nov",
        "    Ødegård Kraft",
    ]
    assert ok(nordic("search", "kattegat")).startswith("No matches")
    ok(nordic("undo", "--yes"))
    assert ok(nordic("search", "odegard")).startswith("No matches")
    assert ok(nordic("search", "kattegat")).splitlines()[0].startswith("account  Kattegat")


def test_edited_notes_are_found_by_their_new_words(nordic):
    ok(nordic("account", "edit", "strasse", "--notes", "Großhändler in Kraków"))
    out = ok(nordic("search", "grosshandler", "krakow")).splitlines()
    assert out == STRASSE[:1] + ["    Großhändler in Kraków"]
    ok(nordic("account", "edit", "strasse", "--clear", "notes"))
    assert ok(nordic("search", "grosshandler")).startswith("No matches")
