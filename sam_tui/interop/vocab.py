"""CRM vocabularies in sam's words: deal stages, forecast categories, deal types, channels.

The default pipelines of Salesforce, HubSpot (names and internal ids) and Pipedrive are
known; a custom stage is mapped with ``--stage-map "Their stage=our stage"``, and one
nobody mapped is a row error that names it. Keys ignore case, spaces and punctuation,
so ``Closed Won`` and HubSpot's ``closedwon`` are the same stage.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sam_tui.domain.enums import (
    AccountStatus,
    Channel,
    DealKind,
    DealStage,
    Direction,
    ForecastCategory,
    choose,
)
from sam_tui.domain.errors import InvalidInput


def key(text: str) -> str:
    """``Proposal/Price Quote`` -> ``proposalpricequote``."""
    return re.sub(r"[\W_]+", "", text.casefold())


_P, _Q, _R, _N = (
    DealStage.PROSPECTING,
    DealStage.QUALIFICATION,
    DealStage.PROPOSAL,
    DealStage.NEGOTIATION,
)
_W, _L = DealStage.WON, DealStage.LOST

STAGES: dict[str, DealStage] = {
    key(name): stage
    for name, stage in (
        # sam's own
        *((s.value, s) for s in DealStage),
        ("closed won", _W),
        ("closed lost", _L),
        # Salesforce's default opportunity stages
        ("Prospecting", _P),
        ("Qualification", _Q),
        ("Needs Analysis", _Q),
        ("Value Proposition", _R),
        ("Id. Decision Makers", _R),
        ("Perception Analysis", _R),
        ("Proposal/Price Quote", _R),
        ("Negotiation/Review", _N),
        # HubSpot's default sales pipeline, by label and by internal id
        ("Appointment Scheduled", _P),
        ("Qualified To Buy", _Q),
        ("Presentation Scheduled", _R),
        ("Decision Maker Bought-In", _R),
        ("Contract Sent", _N),
        # Pipedrive's default pipeline
        ("Lead In", _P),
        ("Contact Made", _P),
        ("Qualified", _Q),
        ("Needs Defined", _Q),
        ("Demo Scheduled", _Q),
        ("Proposal Made", _R),
        ("Negotiations Started", _N),
    )
}


def map_item(item: str, option: str, form: str, example: str) -> tuple[str, str]:
    """One ``THEIRS=OURS`` of a repeatable mapping option (``--map``, ``--stage-map``):
    split at the last ``=``; ours may be empty, theirs may not."""
    theirs, sep, ours = item.rpartition("=")
    if not sep or not theirs.strip():
        raise InvalidInput(f"{option} '{item}' is not {form} ({example})")
    return theirs, ours


def parse_stage_map(items: list[str]) -> dict[str, DealStage]:
    """``--stage-map "Discovery=qualification"`` (repeatable) -> {key: stage}."""
    found: dict[str, DealStage] = {}
    for item in items:
        theirs, ours = map_item(
            item, "--stage-map", "THEIR STAGE=OUR STAGE", "e.g. 'Discovery=qualification'"
        )
        found[key(theirs)] = choose(DealStage, ours, "stage in --stage-map")
    return found


def stage(text: str, extra: Mapping[str, DealStage]) -> DealStage | None:
    """The sam stage for a CRM stage, or None when nobody mapped it."""
    k = key(text)
    return extra.get(k) or STAGES.get(k)


_CATEGORIES: dict[str, ForecastCategory | None] = {
    "pipeline": ForecastCategory.PIPELINE,
    "bestcase": ForecastCategory.BEST_CASE,
    "mostlikely": ForecastCategory.BEST_CASE,
    "commit": ForecastCategory.COMMIT,
    "omitted": ForecastCategory.OMITTED,
    "notforecasted": ForecastCategory.OMITTED,
    # closed is derived from the stage in sam: the stored category does not matter
    "closed": None,
    "closedwon": None,
    "closedlost": None,
}


def category(text: str) -> ForecastCategory | None:
    """A forecast category (Salesforce's or HubSpot's); None for "Closed"."""
    k = key(text)
    if k not in _CATEGORIES:
        raise InvalidInput(
            f"unknown forecast category '{text}': sam knows Pipeline, Best Case, Commit, "
            "Closed and Omitted"
        )
    return _CATEGORIES[k]


def kind(text: str) -> DealKind:
    """A deal type: new business, existing business / upgrade, renewal."""
    k = key(text)
    if "renew" in k:
        return DealKind.RENEWAL
    if k.startswith("new") or k in ("newcustomer", "newbusiness", "newlogo"):
        return DealKind.NEW
    if any(w in k for w in ("existing", "upgrade", "upsell", "expansion", "crosssell", "addon")):
        return DealKind.EXPANSION
    raise InvalidInput(
        f"unknown deal type '{text}': sam knows new, expansion and renewal "
        "(ignore the column with --map 'COLUMN=')"
    )


def pipedrive_status(text: str) -> DealStage | None:
    """Pipedrive's deal status: won and lost close the deal whatever its stage column says."""
    k = key(text)
    if k == "won":
        return DealStage.WON
    if k == "lost":
        return DealStage.LOST
    return None


# Activity types -> channels; anything else is a note (said in the plan).
_CHANNELS = {
    "call": Channel.CALL,
    "phone": Channel.CALL,
    "phonecall": Channel.CALL,
    "email": Channel.EMAIL,
    "mail": Channel.EMAIL,
    "emailsent": Channel.EMAIL,
    "emailreceived": Channel.EMAIL,
    "meeting": Channel.MEETING,
    "event": Channel.MEETING,
    "lunch": Channel.MEETING,
    "videocall": Channel.MEETING,
    "demo": Channel.MEETING,
    "visit": Channel.VISIT,
    "sitevisit": Channel.VISIT,
    "chat": Channel.CHAT,
    "sms": Channel.CHAT,
    "whatsapp": Channel.CHAT,
    "linkedin": Channel.CHAT,
    "linkedinmessage": Channel.CHAT,
    "message": Channel.CHAT,
    "qbr": Channel.QBR,
    "note": Channel.NOTE,
    "task": Channel.NOTE,
}


def channel(text: str) -> Channel | None:
    """The channel of an activity type, or None when sam has no such channel."""
    return _CHANNELS.get(key(text))


def direction(text: str) -> Direction:
    k = key(text)
    if k in ("in", "inbound", "incoming", "received"):
        return Direction.IN
    if k in ("out", "outbound", "outgoing", "sent", ""):
        return Direction.OUT
    raise InvalidInput(f"unknown direction '{text}': use in or out")


_STATUSES = {
    # sam's own
    **{s.value: s for s in AccountStatus},
    # Salesforce account types
    "customer": AccountStatus.ACTIVE,
    "customerdirect": AccountStatus.ACTIVE,
    "customerchannel": AccountStatus.ACTIVE,
    "channelpartnerreseller": AccountStatus.ACTIVE,
    "installationpartner": AccountStatus.ACTIVE,
    "technologypartner": AccountStatus.ACTIVE,
    "partner": AccountStatus.ACTIVE,
    "reseller": AccountStatus.ACTIVE,
    "other": AccountStatus.ACTIVE,
    "formercustomer": AccountStatus.CHURNED,
    "churned": AccountStatus.CHURNED,
    "inactive": AccountStatus.CHURNED,
    # HubSpot lifecycle stages
    "subscriber": AccountStatus.PROSPECT,
    "lead": AccountStatus.PROSPECT,
    "marketingqualifiedlead": AccountStatus.PROSPECT,
    "salesqualifiedlead": AccountStatus.PROSPECT,
    "opportunity": AccountStatus.PROSPECT,
    "evangelist": AccountStatus.ACTIVE,
}


def account_status(text: str) -> AccountStatus:
    """An account type or lifecycle stage: prospect, active (customers, partners) or churned."""
    found = _STATUSES.get(key(text))
    if found is None:
        raise InvalidInput(
            f"unknown account status '{text}': sam knows prospect, active and churned "
            "(ignore the column with --map 'COLUMN=')"
        )
    return found
