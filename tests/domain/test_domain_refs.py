"""Account references: exact name, unique prefix or #ID; anything else explains itself."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sam_tui.domain.errors import Ambiguous, InvalidInput, NotFound, SamError
from sam_tui.domain.refs import Candidate, name_key, parse_id_ref, resolve, suggest

ACME = Candidate(1, "Acme")
ACME_LABS = Candidate(2, "Acme Labs")
ACME_LOGISTICS = Candidate(3, "Acme Logistics")
GLOBEX = Candidate(4, "Globex Corporation")
AERZTE = Candidate(5, "Ärzte Verbund")
BOOK = [ACME, ACME_LABS, ACME_LOGISTICS, GLOBEX, AERZTE]


def narrowed(ref: str, book: list[Candidate] = BOOK) -> list[Candidate]:
    """What the caller hands over: every record whose key starts with the reference's key."""
    return [c for c in book if name_key(c.name).startswith(name_key(ref))]


@pytest.mark.parametrize("typed", ["Acme", "acme", "ACME", "  acme  ", "aCmE"])
def test_exact_name_wins_over_longer_names_it_prefixes(typed: str) -> None:
    assert resolve(typed, narrowed(typed)) == ACME


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("acme la", ACME_LABS),
        ("Acme Lo", ACME_LOGISTICS),
        ("glob", GLOBEX),
        ("g", GLOBEX),
        ("acme   labs", ACME_LABS),
    ],
)
def test_unique_prefix(typed: str, expected: Candidate) -> None:
    assert resolve(typed, narrowed(typed)) == expected


def test_ambiguous_prefix_lists_every_candidate_with_its_id() -> None:
    with pytest.raises(Ambiguous) as err:
        resolve("acme l", narrowed("acme l"))
    message = str(err.value)
    assert "'acme l'" in message
    assert "Acme Labs (#2)" in message
    assert "Acme Logistics (#3)" in message
    assert "Acme (#1)" not in message
    assert "#ID" in message  # tells the user the way out


def test_ambiguous_listing_is_alphabetical_and_capped() -> None:
    book = [Candidate(i, f"Branch {chr(ord('A') + 9 - i)}") for i in range(10)]
    with pytest.raises(Ambiguous) as err:
        resolve("branch", book)
    message = str(err.value)
    assert message.index("Branch B") < message.index("Branch C")
    assert "and 4 more" in message
    assert "Branch J" not in message  # only the first six are shown


def test_ambiguous_listing_shows_names_on_one_line() -> None:
    book = [Candidate(1, "Evil\x1b[2J Corp"), Candidate(2, "Evil\nTwin")]
    with pytest.raises(Ambiguous) as err:
        resolve("evil", book)
    listing = str(err.value).split(": ", 1)[1]
    assert "\x1b" not in listing and "\n" not in listing


def test_unknown_name() -> None:
    with pytest.raises(NotFound, match="unknown account 'Initech'"):
        resolve("Initech", narrowed("Initech"))


def test_what_names_the_kind_of_record() -> None:
    with pytest.raises(NotFound, match="unknown contact 'jane'"):
        resolve("jane", [], what="contact")
    with pytest.raises(Ambiguous, match="several contacts"):
        resolve("j", [Candidate(1, "Jane"), Candidate(2, "Joe")], what="contact")


@pytest.mark.parametrize("typed", ["", "   ", "\t"])
def test_empty_reference_is_invalid(typed: str) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        resolve(typed, BOOK)


@pytest.mark.parametrize(
    ("typed", "expected"), [("#4", GLOBEX), (" #1 ", ACME), ("# 2", ACME_LABS)]
)
def test_hash_id_picks_by_id(typed: str, expected: Candidate) -> None:
    assert resolve(typed, BOOK) == expected


def test_hash_id_wins_even_over_a_name_that_looks_like_it() -> None:
    book = [Candidate(7, "#1 Supplier"), ACME]
    assert resolve("#1", book) == ACME


def test_unknown_hash_id() -> None:
    with pytest.raises(NotFound, match="no account #99"):
        resolve("#99", BOOK)


@pytest.mark.parametrize(
    "typed", ["#", "#abc", "#1a", "#-1", "#1.5", "#²", "#١٢", "#１２", "#" + "9" * 30]
)
def test_bad_hash_id_is_invalid_input_not_a_crash(typed: str) -> None:
    with pytest.raises(InvalidInput, match="not a valid #ID") as err:
        resolve(typed, BOOK)
    assert f"'{typed}'" in str(err.value)


def test_parse_id_ref() -> None:
    assert parse_id_ref("#12") == 12
    assert parse_id_ref("#007") == 7
    assert parse_id_ref("12") is None
    assert parse_id_ref("Acme #2") is None
    assert parse_id_ref(f"#{2**63 - 1}") == 2**63 - 1  # the largest SQLite row id
    with pytest.raises(InvalidInput):
        parse_id_ref(f"#{2**63}")


@given(st.text())
def test_parse_id_ref_never_crashes(typed: str) -> None:
    try:
        ident = parse_id_ref(typed)
    except SamError:
        return
    assert ident is None or 0 <= ident < 2**63


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ärzte", "ÄRZTE"),
        ("ärzte", "ÄRZTE"),
        ("Straße", "STRASSE"),
        ("ΣΟΦΙΑ", "σοφια"),
        ("Acme  Labs", "acme labs"),
        (" Acme\tLabs ", "ACME LABS"),
    ],
)
def test_name_key_is_case_and_space_insensitive_beyond_ascii(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_name_key_keeps_different_names_apart() -> None:
    assert name_key("Ärzte") != name_key("Arzte")
    assert name_key("Acme Labs") != name_key("AcmeLabs")


def test_non_ascii_names_resolve_whatever_the_case() -> None:
    assert resolve("ÄRZTE", narrowed("ÄRZTE")) == AERZTE
    assert resolve("ärzte verbund", narrowed("ärzte verbund")) == AERZTE


@given(st.text(min_size=1).filter(lambda s: s.strip() and not s.strip().startswith("#")))
def test_every_name_resolves_to_itself_exactly(name: str) -> None:
    record = Candidate(42, name)
    longer = Candidate(43, name + " Holdings")
    assert resolve(name, [longer, record]) == record
    shouted = name.upper()
    if name_key(shouted) == name_key(name):
        assert resolve(shouted, [longer, record]) == record


def test_suggest_offers_close_spellings() -> None:
    message = suggest("Globx Corporation", BOOK)
    assert message.startswith("unknown account 'Globx Corporation'; did you mean")
    assert "Globex Corporation (#4)" in message


def test_suggest_offers_names_containing_the_text() -> None:
    message = suggest("corporation", BOOK)
    assert "Globex Corporation (#4)" in message


def test_suggest_is_case_insensitive() -> None:
    assert "Acme Labs (#2)" in suggest("ACME LABZ", BOOK)


def test_suggest_without_anything_close() -> None:
    assert suggest("Initech", BOOK) == "unknown account 'Initech'"


def test_suggest_lists_a_few_not_everything() -> None:
    book = [Candidate(i, f"Acme {i:02d}") for i in range(20)]
    message = suggest("acme", book)
    assert message.count("(#") <= 6
