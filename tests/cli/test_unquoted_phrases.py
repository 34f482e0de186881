"""Positionals that are phrases take their words unquoted: `sam quota set this year 2m`,
`sam quota unset next quarter`, `sam follow-up snooze 1 next friday`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run
from samcli import digest, fails, ok, query

# the pinned clock: Thu 26 Nov 2026, in 2026-Q4 (fiscal year from January)


@pytest.mark.parametrize(
    ("words", "label"),
    [
        (("this", "year"), "2026"),
        (("last", "quarter"), "2026-Q3"),
        (("next", "quarter"), "2027-Q1"),
        (("next", "month"), "2026-12"),
        (("this", "week"), "2026-W48"),
        (("this year",), "2026"),
        (("2026-Q4",), "2026-Q4"),
        (("next",), "2027-Q1"),
    ],
)
def test_quota_set_and_unset_read_the_period_from_all_words_before_the_amount(
    sam: Run, db_path: Path, words: tuple[str, ...], label: str
) -> None:
    assert ok(sam("quota", "set", *words, "2m")).startswith(f"Quota for {label} (")
    assert query(db_path, "SELECT period, amount_cents FROM quota") == [(label, 200_000_000)]
    assert ok(sam("quota", "unset", *words)).startswith(f"Removed the quota for {label} (")
    assert query(db_path, "SELECT count(*) FROM quota") == [(0,)]


def test_quota_set_without_a_period_or_with_a_bad_one_writes_nothing(
    sam: Run, db_path: Path
) -> None:
    ok(sam("quota", "set", "2026-Q4", "300k"))
    before = digest(db_path)
    assert fails(sam("quota", "set", "2m")) == (
        "error: give a period before the quota: sam quota set 2026-Q4 2m "
        "(or this year 2m, next quarter 2m...)"
    )
    assert fails(sam("quota", "set", "this", "yaer", "2m")).startswith(
        "error: not a period: 'this yaer'"
    )
    assert fails(sam("quota", "set", "this", "year", "lots")).startswith("error: ")
    assert fails(sam("quota", "unset", "last", "year")) == "error: no quota for 2025"
    assert digest(db_path) == before


@pytest.mark.parametrize(
    ("words", "due"),
    [
        (("next", "monday"), "2026-11-30"),
        (("in", "3", "days"), "2026-11-29"),
        (("in 2 weeks",), "2026-12-10"),
        (("Dec", "20"), "2026-12-20"),
    ],
)
def test_snooze_reads_an_unquoted_date_phrase(
    sam: Run, db_path: Path, words: tuple[str, ...], due: str
) -> None:
    ok(sam("account", "add", "Acme Corp"))
    ok(sam("follow-up", "add", "acme", "Send the deck", "--due", "tomorrow"))
    ok(sam("follow-up", "snooze", "1", *words))
    assert query(db_path, "SELECT due_date FROM follow_up") == [(due,)]
