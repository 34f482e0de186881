"""SQLModel tables: the declared schema of a sam database, one class per domain table.

The schema's source and the test oracle, never imported at run time: the runtime reads
and writes through the stdlib gateway in ``store.db``, because importing SQLAlchemy
costs ~0.5 s, more than the whole ``sam log`` budget. So sqlmodel and sqlalchemy are in
the ``test`` extra only (README, "How the code is laid out"). ``store.migrations`` holds
the DDL as released; ``tests/store/test_schema.py`` compares what it builds, column by
column and index by index, with these classes, and ``store.orm`` opens sessions on them
for the tests (and any tool that installs the extra).

Conventions shared with the gateway: dates are ISO ``YYYY-MM-DD`` text,
timestamps are UTC ISO text ending in ``Z`` (see ``UTCDateTime``), money is
integer cents, booleans are 0/1.

Over 450 lines on purpose: one class per table of one schema, compared as a whole with
the migrations; split, the schema would be read in pieces.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DDL, CheckConstraint, Column, Index, String, TypeDecorator, event, text
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel

from sam_tui.domain import enums
from sam_tui.store import triggers


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as ``2026-11-26T09:15:00Z`` text, the gateway's format."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; attach a timezone")
        # as store.db.ts: strftime's "%Y" would drop the zero padding of years before 1000
        return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.fromisoformat(value)


def _ts(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


# Ids are never reused after an undo deleted the newest row (migration "ids are never
# reused"): SQLite's AUTOINCREMENT, declared as the last item of each ``__table_args__``.
_AUTOINCREMENT: dict[str, Any] = {"sqlite_autoincrement": True}


def _check(column: str, values: type[StrEnum]) -> CheckConstraint:
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=f"ck_{column}")


class Account(SQLModel, table=True):
    __tablename__ = "account"
    __table_args__ = (
        _check("tier", enums.Tier),
        _check("status", enums.AccountStatus),
        CheckConstraint(
            "prospect_stage IS NULL OR prospect_stage IN ("
            + ", ".join(f"'{s.value}'" for s in enums.ProspectStage)
            + ")",
            name="ck_prospect_stage",
        ),
        CheckConstraint("annual_value_cents IS NULL OR annual_value_cents >= 0", name="ck_value"),
        CheckConstraint("cadence_days IS NULL OR cadence_days > 0", name="ck_cadence"),
        Index("ix_account_status_archived", "archived", "status"),
        Index("ix_account_renewal", "renewal_date"),
        _AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    # casefolded name: SQLite's NOCASE only folds ASCII, so uniqueness is enforced here
    name_key: str = Field(unique=True)
    tier: str = Field(default=enums.Tier.KEY.value)
    status: str = Field(default=enums.AccountStatus.ACTIVE.value)
    archived: bool = Field(default=False)
    industry: str | None = None
    region: str | None = None
    annual_value_cents: int | None = None
    renewal_date: date | None = None
    cadence_days: int | None = None
    notes: str | None = None
    prospect_stage: str | None = None
    fit_reason: str | None = None
    created_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False)
    # v2. Kept by triggers (store.triggers): the newest interaction's time.
    last_touch_at: datetime | None = _ts()
    disqualified_reason: str | None = None
    # the name folded for matching (domain.refs.fold_key): accents, case, punctuation dropped
    fold_key: str = Field(default="", index=True, sa_column_kwargs={"server_default": ""})
    # Kept by triggers (store.triggers): its six newest interactions' sentiments, newest first
    recent_sentiments: str | None = None


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = (
        CheckConstraint(
            "influence IS NULL OR influence IN ("
            + ", ".join(f"'{s.value}'" for s in enums.Influence)
            + ")",
            name="ck_influence",
        ),
        CheckConstraint("cadence_days IS NULL OR cadence_days > 0", name="ck_cadence"),
        Index("ix_contact_account", "account_id", "archived"),
        _AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    influence: str | None = None
    cadence_days: int | None = None
    notes: str | None = None
    archived: bool = Field(default=False)
    created_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False)
    # v2. Kept by triggers (store.triggers).
    last_touch_at: datetime | None = _ts()


class Interaction(SQLModel, table=True):
    __tablename__ = "interaction"
    __table_args__ = (
        _check("channel", enums.Channel),
        _check("direction", enums.Direction),
        CheckConstraint("sentiment IN (-1, 0, 1)", name="ck_sentiment"),
        # last touch per account / per contact is the hottest triage query
        Index("ix_interaction_account_when", "account_id", "occurred_at", "sentiment"),
        Index("ix_interaction_contact_when", "contact_id", "occurred_at"),
        Index("ix_interaction_when", "occurred_at"),
        # `sam log --eml`: the same message is logged once
        Index(
            "ix_interaction_message_id",
            "message_id",
            unique=True,
            sqlite_where=text("message_id IS NOT NULL"),
        ),
        _AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    occurred_at: datetime = _ts(nullable=False)
    channel: str = Field(default=enums.Channel.NOTE.value)
    direction: str = Field(default=enums.Direction.OUT.value)
    summary: str
    sentiment: int = Field(default=0)
    created_at: datetime = _ts(nullable=False)
    message_id: str | None = None


class Complaint(SQLModel, table=True):
    __tablename__ = "complaint"
    __table_args__ = (
        _check("severity", enums.Severity),
        _check("status", enums.ComplaintStatus),
        Index("ix_complaint_status_sla", "status", "sla_due_at"),
        Index("ix_complaint_account", "account_id", "status"),
        _AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    title: str
    severity: str = Field(default=enums.Severity.MEDIUM.value)
    opened_at: datetime = _ts(nullable=False)
    first_response_at: datetime | None = _ts()
    sla_due_at: datetime = _ts(nullable=False)
    status: str = Field(default=enums.ComplaintStatus.OPEN.value)
    resolution: str | None = None
    resolved_at: datetime | None = _ts()
    team: str | None = None
    created_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False)


class ComplaintUpdate(SQLModel, table=True):
    __tablename__ = "complaint_update"
    __table_args__ = (Index("ix_complaint_update_complaint", "complaint_id", "at"), _AUTOINCREMENT)

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id")
    at: datetime = _ts(nullable=False)
    text: str
    # the status the complaint moved to with this update, when it moved
    status: str | None = None


class InternalRequest(SQLModel, table=True):
    __tablename__ = "internal_request"
    __table_args__ = (
        _check("status", enums.RequestStatus),
        Index("ix_request_status_due", "status", "due_date"),
        Index("ix_request_account", "account_id", "status"),
        _AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    complaint_id: int | None = Field(default=None, foreign_key="complaint.id")
    team: str
    ask: str
    asked_at: datetime = _ts(nullable=False)
    due_date: date | None = None
    status: str = Field(default=enums.RequestStatus.OPEN.value)
    outcome: str | None = None
    done_at: datetime | None = _ts()
    created_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False)


class FollowUp(SQLModel, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (
        _check("priority", enums.Priority),
        _check("status", enums.FollowUpStatus),
        Index("ix_follow_up_status_due", "status", "due_date"),
        Index("ix_follow_up_account", "account_id", "status", "due_date"),
        _AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    title: str
    due_date: date
    # optional "HH:MM" local time of day; most follow-ups are due on a day
    due_time: str | None = None
    priority: str = Field(default=enums.Priority.NORMAL.value)
    status: str = Field(default=enums.FollowUpStatus.OPEN.value)
    done_at: datetime | None = _ts()
    snooze_count: int = Field(default=0)
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id")
    complaint_id: int | None = Field(default=None, foreign_key="complaint.id")
    request_id: int | None = Field(default=None, foreign_key="internal_request.id")
    created_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False)
    # what came of it: the outcome given when it was done (the closing touch's note)
    outcome: str | None = None


class Objective(SQLModel, table=True):
    __tablename__ = "objective"
    __table_args__ = (Index("ix_objective_account", "account_id", "due_date"), _AUTOINCREMENT)

    id: int | None = Field(default=None, primary_key=True)
    # NULL account: a portfolio-wide objective
    account_id: int | None = Field(default=None, foreign_key="account.id")
    title: str
    # exact decimals as text: objectives count things other than money
    target_value: str
    current_value: str = Field(default="0")
    unit: str | None = None
    start_date: date
    due_date: date
    closed: bool = Field(default=False)
    created_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False)
    # the figure it measures itself by (``domain.measures``); None: progress typed by hand
    measure: str | None = None


class ObjectiveProgress(SQLModel, table=True):
    """v2: each recorded value of an objective, so progress has a history."""

    __tablename__ = "objective_progress"
    __table_args__ = (
        Index("ix_objective_progress_objective", "objective_id", "at"),
        _AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    objective_id: int = Field(foreign_key="objective.id")
    at: datetime = _ts(nullable=False)
    # exact decimal as text, like objective.current_value
    value: str
    note: str | None = None


class Deal(SQLModel, table=True):
    __tablename__ = "deal"
    __table_args__ = (
        _check("kind", enums.DealKind),
        _check("stage", enums.DealStage),
        _check("forecast_category", enums.ForecastCategory),
        CheckConstraint("amount_cents >= 0", name="ck_amount"),
        CheckConstraint(
            "probability IS NULL OR probability BETWEEN 0 AND 100", name="ck_probability"
        ),
        Index("ix_deal_stage_close", "stage", "expected_close"),
        Index("ix_deal_account", "account_id", "stage"),
        Index("ix_deal_closed", "closed_at"),
        _AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    name: str
    amount_cents: int
    kind: str = Field(default=enums.DealKind.NEW.value)
    stage: str = Field(default=enums.DealStage.PROSPECTING.value)
    # NULL: the stage's default probability applies
    probability: int | None = None
    forecast_category: str = Field(default=enums.ForecastCategory.PIPELINE.value)
    expected_close: date | None = None
    lost_reason: str | None = None
    closed_at: datetime | None = _ts()
    created_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False)


class DealStageChange(SQLModel, table=True):
    __tablename__ = "deal_stage_change"
    __table_args__ = (
        Index("ix_deal_stage_change_deal", "deal_id", "at"),
        Index("ix_deal_stage_change_recorded", "recorded_at"),
        _AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="deal.id")
    # when the change took effect (a win dated back: the day it was won)
    at: datetime = _ts(nullable=False)
    from_stage: str | None = None
    to_stage: str
    amount_cents: int
    expected_close: date | None = None
    forecast_category: str
    # the deal's own probability after the change (None: its stage's)
    probability: int | None = None
    # when the change was recorded (what sam knew, and from when)
    recorded_at: datetime | None = _ts()


class Idea(SQLModel, table=True):
    __tablename__ = "idea"
    __table_args__ = (
        _check("status", enums.IdeaStatus),
        Index("ix_idea_account", "account_id", "status"),
        _AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    title: str
    detail: str | None = None
    status: str = Field(default=enums.IdeaStatus.PROPOSED.value)
    deal_id: int | None = Field(default=None, foreign_key="deal.id")
    created_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False)


class ProspectStageChange(SQLModel, table=True):
    """v2: a prospect's path through the prospect stages, kept after conversion."""

    __tablename__ = "prospect_stage_change"
    __table_args__ = (Index("ix_prospect_stage_change_account", "account_id", "at"), _AUTOINCREMENT)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    at: datetime = _ts(nullable=False)
    from_stage: str | None = None
    to_stage: str
    note: str | None = None


class Quota(SQLModel, table=True):
    __tablename__ = "quota"
    __table_args__ = (CheckConstraint("amount_cents >= 0", name="ck_amount"), _AUTOINCREMENT)

    id: int | None = Field(default=None, primary_key=True)
    # "2026", "2026-Q4" or "2026-11"
    period: str = Field(unique=True)
    amount_cents: int
    created_at: datetime = _ts(nullable=False)
    updated_at: datetime = _ts(nullable=False)


class ForecastSnapshot(SQLModel, table=True):
    __tablename__ = "forecast_snapshot"
    __table_args__ = (Index("ix_forecast_snapshot_period", "period", "taken_at"), _AUTOINCREMENT)

    id: int | None = Field(default=None, primary_key=True)
    period: str
    taken_at: datetime = _ts(nullable=False)
    # JSON document: per-deal amount, stage, category and close date at that moment
    data: str


class ChangeLog(SQLModel, table=True):
    __tablename__ = "change_log"
    __table_args__ = (
        Index("ix_change_log_batch", "batch"),
        Index("ix_change_log_entity", "entity", "entity_id"),
        _AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _ts(nullable=False)
    # one batch per command: `sam undo` reverts a whole batch
    batch: str
    command: str
    entity: str
    entity_id: int
    action: str
    before: str | None = None
    after: str | None = None
    undone: bool = Field(default=False)


class ExternalRef(SQLModel, table=True):
    """Where an imported record came from, and the values the import gave it."""

    __tablename__ = "external_ref"
    __table_args__ = (
        Index("ux_external_ref_source", "source", "source_key", "entity", unique=True),
        Index("ix_external_ref_entity", "entity", "entity_id"),
        _AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    # salesforce, hubspot, pipedrive, plain (a spreadsheet), or sam (another book, JSON)
    source: str
    # the record's id in the source (Salesforce ids in their 15-character form), or a
    # key made of its name where the source has no ids
    source_key: str
    # the table and row it became in this book; any table, so no foreign key
    entity: str
    entity_id: int
    # JSON object: column -> the value the latest import set
    imported_values: str
    imported_at: datetime = _ts(nullable=False)


class Setting(SQLModel, table=True):
    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


# Triggers and the search index are part of the schema too: create_all makes them exactly
# as the migrations do, so the schema test compares them.
for _statement in triggers.STATEMENTS:
    event.listen(SQLModel.metadata, "after_create", DDL(_statement))  # type: ignore[no-untyped-call]
