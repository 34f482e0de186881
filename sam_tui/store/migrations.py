"""Versioned schema migrations, plain SQL applied with stdlib sqlite3.

The version lives in ``PRAGMA user_version``. Each entry of ``MIGRATIONS`` takes
the file from version ``n - 1`` to ``n``; entries are never edited once released,
only appended. ``tests/store/test_schema.py`` checks that the migrated schema is
exactly what ``store.models`` declares, so there is one schema, not two.
"""

from __future__ import annotations

from sam_tui.store import triggers

# "SAM1" in ASCII: stamped into the file header so a foreign SQLite file is never
# mistaken for ours (and never initialised over).
APPLICATION_ID = 0x53414D31

_V1 = """
CREATE TABLE account (
    id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    name_key VARCHAR NOT NULL,
    tier VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    archived BOOLEAN NOT NULL,
    industry VARCHAR,
    region VARCHAR,
    annual_value_cents INTEGER,
    renewal_date DATE,
    cadence_days INTEGER,
    notes VARCHAR,
    prospect_stage VARCHAR,
    fit_reason VARCHAR,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_tier CHECK (tier IN ('strategic', 'key', 'growth')),
    CONSTRAINT ck_status CHECK (status IN ('prospect', 'active', 'churned')),
    CONSTRAINT ck_prospect_stage CHECK (prospect_stage IS NULL OR prospect_stage IN ('identified', 'researching', 'contacted', 'meeting', 'qualified', 'converted', 'disqualified')),
    CONSTRAINT ck_value CHECK (annual_value_cents IS NULL OR annual_value_cents >= 0),
    CONSTRAINT ck_cadence CHECK (cadence_days IS NULL OR cadence_days > 0),
    UNIQUE (name_key)
);
CREATE INDEX ix_account_renewal ON account (renewal_date);
CREATE INDEX ix_account_status_archived ON account (archived, status);
CREATE TABLE change_log (
    id INTEGER NOT NULL,
    at VARCHAR NOT NULL,
    batch VARCHAR NOT NULL,
    command VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    entity_id INTEGER NOT NULL,
    action VARCHAR NOT NULL,
    "before" VARCHAR,
    "after" VARCHAR,
    undone BOOLEAN NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_change_log_batch ON change_log (batch);
CREATE INDEX ix_change_log_entity ON change_log (entity, entity_id);
CREATE TABLE forecast_snapshot (
    id INTEGER NOT NULL,
    period VARCHAR NOT NULL,
    taken_at VARCHAR NOT NULL,
    data VARCHAR NOT NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_forecast_snapshot_period ON forecast_snapshot (period, taken_at);
CREATE TABLE quota (
    id INTEGER NOT NULL,
    period VARCHAR NOT NULL,
    amount_cents INTEGER NOT NULL,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_amount CHECK (amount_cents >= 0),
    UNIQUE (period)
);
CREATE TABLE setting (
    "key" VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    PRIMARY KEY ("key")
);
CREATE TABLE contact (
    id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    role VARCHAR,
    email VARCHAR,
    phone VARCHAR,
    influence VARCHAR,
    cadence_days INTEGER,
    notes VARCHAR,
    archived BOOLEAN NOT NULL,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_influence CHECK (influence IS NULL OR influence IN ('decision-maker', 'champion', 'influencer', 'user', 'gatekeeper', 'blocker')),
    CONSTRAINT ck_cadence CHECK (cadence_days IS NULL OR cadence_days > 0),
    FOREIGN KEY(account_id) REFERENCES account (id)
);
CREATE INDEX ix_contact_account ON contact (account_id, archived);
CREATE TABLE deal (
    id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    amount_cents INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    probability INTEGER,
    forecast_category VARCHAR NOT NULL,
    expected_close DATE,
    lost_reason VARCHAR,
    closed_at VARCHAR,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_kind CHECK (kind IN ('new', 'expansion', 'renewal')),
    CONSTRAINT ck_stage CHECK (stage IN ('prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost')),
    CONSTRAINT ck_forecast_category CHECK (forecast_category IN ('pipeline', 'best-case', 'commit', 'omitted')),
    CONSTRAINT ck_amount CHECK (amount_cents >= 0),
    CONSTRAINT ck_probability CHECK (probability IS NULL OR probability BETWEEN 0 AND 100),
    FOREIGN KEY(account_id) REFERENCES account (id)
);
CREATE INDEX ix_deal_account ON deal (account_id, stage);
CREATE INDEX ix_deal_closed ON deal (closed_at);
CREATE INDEX ix_deal_stage_close ON deal (stage, expected_close);
CREATE TABLE objective (
    id INTEGER NOT NULL,
    account_id INTEGER,
    title VARCHAR NOT NULL,
    target_value VARCHAR NOT NULL,
    current_value VARCHAR NOT NULL,
    unit VARCHAR,
    start_date DATE NOT NULL,
    due_date DATE NOT NULL,
    closed BOOLEAN NOT NULL,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(account_id) REFERENCES account (id)
);
CREATE INDEX ix_objective_account ON objective (account_id, due_date);
CREATE TABLE complaint (
    id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    contact_id INTEGER,
    title VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,
    opened_at VARCHAR NOT NULL,
    first_response_at VARCHAR,
    sla_due_at VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    resolution VARCHAR,
    resolved_at VARCHAR,
    team VARCHAR,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_severity CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    CONSTRAINT ck_status CHECK (status IN ('open', 'in-progress', 'waiting-customer', 'resolved')),
    FOREIGN KEY(account_id) REFERENCES account (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id)
);
CREATE INDEX ix_complaint_account ON complaint (account_id, status);
CREATE INDEX ix_complaint_status_sla ON complaint (status, sla_due_at);
CREATE TABLE deal_stage_change (
    id INTEGER NOT NULL,
    deal_id INTEGER NOT NULL,
    at VARCHAR NOT NULL,
    from_stage VARCHAR,
    to_stage VARCHAR NOT NULL,
    amount_cents INTEGER NOT NULL,
    expected_close DATE,
    forecast_category VARCHAR NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(deal_id) REFERENCES deal (id)
);
CREATE INDEX ix_deal_stage_change_deal ON deal_stage_change (deal_id, at);
CREATE TABLE idea (
    id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    detail VARCHAR,
    status VARCHAR NOT NULL,
    deal_id INTEGER,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_status CHECK (status IN ('proposed', 'discussed', 'accepted', 'rejected', 'converted')),
    FOREIGN KEY(account_id) REFERENCES account (id),
    FOREIGN KEY(deal_id) REFERENCES deal (id)
);
CREATE INDEX ix_idea_account ON idea (account_id, status);
CREATE TABLE interaction (
    id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    contact_id INTEGER,
    occurred_at VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    direction VARCHAR NOT NULL,
    summary VARCHAR NOT NULL,
    sentiment INTEGER NOT NULL,
    created_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_channel CHECK (channel IN ('call', 'email', 'meeting', 'visit', 'chat', 'qbr', 'note')),
    CONSTRAINT ck_direction CHECK (direction IN ('in', 'out')),
    CONSTRAINT ck_sentiment CHECK (sentiment IN (-1, 0, 1)),
    FOREIGN KEY(account_id) REFERENCES account (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id)
);
CREATE INDEX ix_interaction_account_when ON interaction (account_id, occurred_at);
CREATE INDEX ix_interaction_contact_when ON interaction (contact_id, occurred_at);
CREATE INDEX ix_interaction_when ON interaction (occurred_at);
CREATE TABLE complaint_update (
    id INTEGER NOT NULL,
    complaint_id INTEGER NOT NULL,
    at VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    status VARCHAR,
    PRIMARY KEY (id),
    FOREIGN KEY(complaint_id) REFERENCES complaint (id)
);
CREATE INDEX ix_complaint_update_complaint ON complaint_update (complaint_id, at);
CREATE TABLE internal_request (
    id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    complaint_id INTEGER,
    team VARCHAR NOT NULL,
    ask VARCHAR NOT NULL,
    asked_at VARCHAR NOT NULL,
    due_date DATE,
    status VARCHAR NOT NULL,
    outcome VARCHAR,
    done_at VARCHAR,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_status CHECK (status IN ('open', 'done', 'blocked')),
    FOREIGN KEY(account_id) REFERENCES account (id),
    FOREIGN KEY(complaint_id) REFERENCES complaint (id)
);
CREATE INDEX ix_request_account ON internal_request (account_id, status);
CREATE INDEX ix_request_status_due ON internal_request (status, due_date);
CREATE TABLE follow_up (
    id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    contact_id INTEGER,
    title VARCHAR NOT NULL,
    due_date DATE NOT NULL,
    due_time VARCHAR,
    priority VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    done_at VARCHAR,
    snooze_count INTEGER NOT NULL,
    interaction_id INTEGER,
    complaint_id INTEGER,
    request_id INTEGER,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_priority CHECK (priority IN ('low', 'normal', 'high')),
    CONSTRAINT ck_status CHECK (status IN ('open', 'done', 'cancelled')),
    FOREIGN KEY(account_id) REFERENCES account (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id),
    FOREIGN KEY(interaction_id) REFERENCES interaction (id),
    FOREIGN KEY(complaint_id) REFERENCES complaint (id),
    FOREIGN KEY(request_id) REFERENCES internal_request (id)
);
CREATE INDEX ix_follow_up_account ON follow_up (account_id, status, due_date);
CREATE INDEX ix_follow_up_status_due ON follow_up (status, due_date);
"""

_V2_TABLES = """
ALTER TABLE account ADD COLUMN last_touch_at VARCHAR;
ALTER TABLE account ADD COLUMN disqualified_reason VARCHAR;
ALTER TABLE contact ADD COLUMN last_touch_at VARCHAR;
CREATE TABLE objective_progress (
    id INTEGER NOT NULL,
    objective_id INTEGER NOT NULL,
    at VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    note VARCHAR,
    PRIMARY KEY (id),
    FOREIGN KEY(objective_id) REFERENCES objective (id)
);
CREATE INDEX ix_objective_progress_objective ON objective_progress (objective_id, at);
CREATE TABLE prospect_stage_change (
    id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    at VARCHAR NOT NULL,
    from_stage VARCHAR,
    to_stage VARCHAR NOT NULL,
    note VARCHAR,
    PRIMARY KEY (id),
    FOREIGN KEY(account_id) REFERENCES account (id)
);
CREATE INDEX ix_prospect_stage_change_account ON prospect_stage_change (account_id, at);
"""

# v2: last-touch columns and the search index, both kept by triggers (store.triggers),
# filled from the rows already there; objective progress and prospect stage history.
_V2 = ";\n".join([_V2_TABLES.strip().rstrip(";"), *triggers.STATEMENTS, *triggers.backfill()])

# Where imported records came from (`sam import csv|json`): the source system and its id
# for the record, and the values the import set, so a later import of a newer export
# updates what it made without duplicating it, and keeps what the user changed in sam.
# ``entity``/``entity_id`` name any table's row, so there is no foreign key.
_EXTERNAL_REF = """
CREATE TABLE external_ref (
    id INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    source_key VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    entity_id INTEGER NOT NULL,
    imported_values VARCHAR NOT NULL,
    imported_at VARCHAR NOT NULL,
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ux_external_ref_source ON external_ref (source, source_key, entity);
CREATE INDEX ix_external_ref_entity ON external_ref (entity, entity_id);
"""

MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("initial schema", _V1),
    ("schema v2: last touch, search index, objective progress, prospect history", _V2),
    ("external references: the source and source id of imported records", _EXTERNAL_REF),
)

LATEST_VERSION = len(MIGRATIONS)

# Column order of each table, for the gateway's INSERT/UPDATE statements.
COLUMNS: dict[str, tuple[str, ...]] = {
    "account": (
        "id",
        "name",
        "name_key",
        "tier",
        "status",
        "archived",
        "industry",
        "region",
        "annual_value_cents",
        "renewal_date",
        "cadence_days",
        "notes",
        "prospect_stage",
        "fit_reason",
        "created_at",
        "updated_at",
        "last_touch_at",
        "disqualified_reason",
    ),
    "change_log": (
        "id",
        "at",
        "batch",
        "command",
        "entity",
        "entity_id",
        "action",
        "before",
        "after",
        "undone",
    ),
    "complaint": (
        "id",
        "account_id",
        "contact_id",
        "title",
        "severity",
        "opened_at",
        "first_response_at",
        "sla_due_at",
        "status",
        "resolution",
        "resolved_at",
        "team",
        "created_at",
        "updated_at",
    ),
    "complaint_update": ("id", "complaint_id", "at", "text", "status"),
    "contact": (
        "id",
        "account_id",
        "name",
        "role",
        "email",
        "phone",
        "influence",
        "cadence_days",
        "notes",
        "archived",
        "created_at",
        "updated_at",
        "last_touch_at",
    ),
    "deal": (
        "id",
        "account_id",
        "name",
        "amount_cents",
        "kind",
        "stage",
        "probability",
        "forecast_category",
        "expected_close",
        "lost_reason",
        "closed_at",
        "created_at",
        "updated_at",
    ),
    "deal_stage_change": (
        "id",
        "deal_id",
        "at",
        "from_stage",
        "to_stage",
        "amount_cents",
        "expected_close",
        "forecast_category",
    ),
    "follow_up": (
        "id",
        "account_id",
        "contact_id",
        "title",
        "due_date",
        "due_time",
        "priority",
        "status",
        "done_at",
        "snooze_count",
        "interaction_id",
        "complaint_id",
        "request_id",
        "created_at",
        "updated_at",
    ),
    "external_ref": (
        "id",
        "source",
        "source_key",
        "entity",
        "entity_id",
        "imported_values",
        "imported_at",
    ),
    "forecast_snapshot": ("id", "period", "taken_at", "data"),
    "idea": (
        "id",
        "account_id",
        "title",
        "detail",
        "status",
        "deal_id",
        "created_at",
        "updated_at",
    ),
    "interaction": (
        "id",
        "account_id",
        "contact_id",
        "occurred_at",
        "channel",
        "direction",
        "summary",
        "sentiment",
        "created_at",
    ),
    "internal_request": (
        "id",
        "account_id",
        "complaint_id",
        "team",
        "ask",
        "asked_at",
        "due_date",
        "status",
        "outcome",
        "done_at",
        "created_at",
        "updated_at",
    ),
    "objective": (
        "id",
        "account_id",
        "title",
        "target_value",
        "current_value",
        "unit",
        "start_date",
        "due_date",
        "closed",
        "created_at",
        "updated_at",
    ),
    "objective_progress": ("id", "objective_id", "at", "value", "note"),
    "prospect_stage_change": ("id", "account_id", "at", "from_stage", "to_stage", "note"),
    "quota": ("id", "period", "amount_cents", "created_at", "updated_at"),
    "setting": ("key", "value"),
}
