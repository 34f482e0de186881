"""The closed vocabularies of the domain: tiers, statuses, channels, severities, stages."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from sam_tui.domain.errors import InvalidInput


class Tier(StrEnum):
    STRATEGIC = "strategic"
    KEY = "key"
    GROWTH = "growth"


class AccountStatus(StrEnum):
    PROSPECT = "prospect"
    ACTIVE = "active"
    CHURNED = "churned"


class ProspectStage(StrEnum):
    IDENTIFIED = "identified"
    RESEARCHING = "researching"
    CONTACTED = "contacted"
    MEETING = "meeting"
    QUALIFIED = "qualified"
    CONVERTED = "converted"
    DISQUALIFIED = "disqualified"


class Influence(StrEnum):
    DECISION_MAKER = "decision-maker"
    CHAMPION = "champion"
    INFLUENCER = "influencer"
    USER = "user"
    GATEKEEPER = "gatekeeper"
    BLOCKER = "blocker"


class Channel(StrEnum):
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    VISIT = "visit"
    CHAT = "chat"
    QBR = "qbr"
    NOTE = "note"


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class ComplaintStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in-progress"
    WAITING_CUSTOMER = "waiting-customer"
    RESOLVED = "resolved"


class RequestStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    BLOCKED = "blocked"


# Still owed: what triage, health and the "open" lists count. Queries bind these sets
# (``store.sql.one_of``) rather than spelling the statuses out again.
OPEN_COMPLAINT_STATUSES = tuple(s for s in ComplaintStatus if s is not ComplaintStatus.RESOLVED)
OPEN_REQUEST_STATUSES = tuple(s for s in RequestStatus if s is not RequestStatus.DONE)


class DealKind(StrEnum):
    NEW = "new"
    EXPANSION = "expansion"
    RENEWAL = "renewal"


class DealStage(StrEnum):
    PROSPECTING = "prospecting"
    QUALIFICATION = "qualification"
    PROPOSAL = "proposal"
    NEGOTIATION = "negotiation"
    WON = "won"
    LOST = "lost"


CLOSED_STAGES = frozenset({DealStage.WON, DealStage.LOST})
OPEN_STAGES = tuple(s for s in DealStage if s not in CLOSED_STAGES)


class ForecastCategory(StrEnum):
    PIPELINE = "pipeline"
    BEST_CASE = "best-case"
    COMMIT = "commit"
    OMITTED = "omitted"


class IdeaStatus(StrEnum):
    PROPOSED = "proposed"
    DISCUSSED = "discussed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CONVERTED = "converted"


E = TypeVar("E", bound=StrEnum)


def choose(enum: type[E], text: str, what: str) -> E:
    """Parse ``text`` as a member of ``enum``; a unique prefix is enough (``crit``)."""
    # "in progress" and "decision maker" are how people type them
    key = "-".join(text.strip().lower().replace("_", " ").split())
    values = [member.value for member in enum]
    if key in values:
        return enum(key)
    matches = [v for v in values if v.startswith(key)] if key else []
    if len(matches) == 1:
        return enum(matches[0])
    if len(matches) > 1:
        raise InvalidInput(f"ambiguous {what} '{text}': could be {', '.join(matches)}")
    raise InvalidInput(f"unknown {what} '{text}': choose one of {', '.join(values)}")


_SENTIMENT_WORDS = {
    "+": 1, "+1": 1, "1": 1, "positive": 1, "good": 1,
    "0": 0, "=": 0, "neutral": 0,
    "-": -1, "-1": -1, "negative": -1, "bad": -1,
}  # fmt: skip
SENTIMENT_NAMES = {1: "positive", 0: "neutral", -1: "negative"}


def parse_sentiment(text: str) -> int:
    """``+``/``0``/``-``, ``+1``, or a word and its prefixes (``pos``, ``neg``) -> -1, 0 or 1."""
    key = text.strip().lower()
    if key in _SENTIMENT_WORDS:
        return _SENTIMENT_WORDS[key]
    matches = {v for k, v in _SENTIMENT_WORDS.items() if k[0].isalpha() and k.startswith(key)}
    if key and len(matches) == 1:
        return matches.pop()
    raise InvalidInput(f"unknown sentiment '{text}': use +, 0 or -")
