"""``domain.patterns.compiled_later``: a pattern compiled on first use, the same as compiled."""

from __future__ import annotations

import re

from sam_tui.domain import dates, money, patterns, periods, refs, text


def test_a_later_pattern_answers_as_the_compiled_one() -> None:
    later = patterns.compiled_later(r"(\d{4})-(\d{2})", re.ASCII)
    now = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
    for probe in ("2026-11", "x2026-11y", "26-1", "2026-11-2027-01"):
        assert bool(later.match(probe)) == bool(now.match(probe))
        assert bool(later.fullmatch(probe)) == bool(now.fullmatch(probe))
        assert later.findall(probe) == now.findall(probe)
        assert later.sub("#", probe) == now.sub("#", probe)
    assert (later.pattern, later.flags, later.groups) == (now.pattern, now.flags, now.groups)


def test_nothing_is_compiled_before_the_first_use() -> None:
    later = patterns.compiled_later(r"[")  # not a valid expression: compiling it would fail
    assert "compiled_later" in repr(later)


def test_the_domain_patterns_compile() -> None:
    # each module's patterns are valid expressions (compiled here, not at import)
    for module in (dates, money, periods, refs, text):
        found = [v for v in vars(module).values() if isinstance(v, patterns._Later)]
        assert found, module.__name__
        for pattern in found:
            assert isinstance(pattern.pattern, str)
            pattern.search("2026-11-26")
