"""Versioned schema migrations, plain SQL applied with stdlib sqlite3.

The version lives in ``PRAGMA user_version``. Each entry of ``MIGRATIONS`` takes
the file from version ``n - 1`` to ``n``; entries are never edited once released,
only appended. Each is literal SQL text that imports nothing: a migration built from
live code (``store.triggers``, say) would change under files that already ran it.
``tests/store/test_migrations.py`` pins every released text by its sha256, and
``tests/store/test_schema.py`` checks that the migrated schema is exactly what
``store.models`` declares, so there is one schema, not two.

This file is long on purpose: it is the frozen SQL of every released schema.
"""

from __future__ import annotations

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

# v2: last-touch columns and the search index, both kept by triggers (their current
# definitions live in store.triggers), filled from the rows already there; objective
# progress and prospect stage history. Frozen text, as released.
_V2 = """ALTER TABLE account ADD COLUMN last_touch_at VARCHAR;
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
CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER tr_interaction_touch_insert AFTER INSERT ON interaction BEGIN UPDATE account SET last_touch_at = NEW.occurred_at WHERE id = NEW.account_id AND (last_touch_at IS NULL OR last_touch_at < NEW.occurred_at); UPDATE contact SET last_touch_at = NEW.occurred_at WHERE id = NEW.contact_id AND (last_touch_at IS NULL OR last_touch_at < NEW.occurred_at); END;
CREATE TRIGGER tr_interaction_touch_update AFTER UPDATE OF account_id, contact_id, occurred_at ON interaction BEGIN UPDATE account SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE account_id = OLD.account_id) WHERE id = OLD.account_id; UPDATE account SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE account_id = NEW.account_id) WHERE id = NEW.account_id; UPDATE contact SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE contact_id = OLD.contact_id) WHERE id = OLD.contact_id; UPDATE contact SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE contact_id = NEW.contact_id) WHERE id = NEW.contact_id; END;
CREATE TRIGGER tr_interaction_touch_delete AFTER DELETE ON interaction BEGIN UPDATE account SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE account_id = OLD.account_id) WHERE id = OLD.account_id; UPDATE contact SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE contact_id = OLD.contact_id) WHERE id = OLD.contact_id; END;
CREATE TRIGGER tr_account_search_insert AFTER INSERT ON account BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 1, NEW.name, coalesce(NEW.industry, '') || ' ' || coalesce(NEW.notes, '') || ' ' || coalesce(NEW.fit_reason, '')); END;
CREATE TRIGGER tr_account_search_update AFTER UPDATE OF name, industry, notes, fit_reason ON account BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 1; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 1, NEW.name, coalesce(NEW.industry, '') || ' ' || coalesce(NEW.notes, '') || ' ' || coalesce(NEW.fit_reason, '')); END;
CREATE TRIGGER tr_account_search_delete AFTER DELETE ON account BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 1; END;
CREATE TRIGGER tr_contact_search_insert AFTER INSERT ON contact BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 2, NEW.name, coalesce(NEW.role, '') || ' ' || coalesce(NEW.email, '') || ' ' || coalesce(NEW.notes, '')); END;
CREATE TRIGGER tr_contact_search_update AFTER UPDATE OF name, role, email, notes ON contact BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 2; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 2, NEW.name, coalesce(NEW.role, '') || ' ' || coalesce(NEW.email, '') || ' ' || coalesce(NEW.notes, '')); END;
CREATE TRIGGER tr_contact_search_delete AFTER DELETE ON contact BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 2; END;
CREATE TRIGGER tr_interaction_search_insert AFTER INSERT ON interaction BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 3, '', coalesce(NEW.summary, '')); END;
CREATE TRIGGER tr_interaction_search_update AFTER UPDATE OF summary ON interaction BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 3; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 3, '', coalesce(NEW.summary, '')); END;
CREATE TRIGGER tr_interaction_search_delete AFTER DELETE ON interaction BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 3; END;
CREATE TRIGGER tr_complaint_search_insert AFTER INSERT ON complaint BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 4, NEW.title, coalesce(NEW.team, '') || ' ' || coalesce(NEW.resolution, '')); END;
CREATE TRIGGER tr_complaint_search_update AFTER UPDATE OF title, team, resolution ON complaint BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 4; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 4, NEW.title, coalesce(NEW.team, '') || ' ' || coalesce(NEW.resolution, '')); END;
CREATE TRIGGER tr_complaint_search_delete AFTER DELETE ON complaint BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 4; END;
CREATE TRIGGER tr_complaint_update_search_insert AFTER INSERT ON complaint_update BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 5, '', coalesce(NEW.text, '')); END;
CREATE TRIGGER tr_complaint_update_search_update AFTER UPDATE OF text ON complaint_update BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 5; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 5, '', coalesce(NEW.text, '')); END;
CREATE TRIGGER tr_complaint_update_search_delete AFTER DELETE ON complaint_update BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 5; END;
CREATE TRIGGER tr_idea_search_insert AFTER INSERT ON idea BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 6, NEW.title, coalesce(NEW.detail, '')); END;
CREATE TRIGGER tr_idea_search_update AFTER UPDATE OF title, detail ON idea BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 6; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 6, NEW.title, coalesce(NEW.detail, '')); END;
CREATE TRIGGER tr_idea_search_delete AFTER DELETE ON idea BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 6; END;
CREATE TRIGGER tr_internal_request_search_insert AFTER INSERT ON internal_request BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 7, NEW.team, coalesce(NEW.ask, '') || ' ' || coalesce(NEW.outcome, '')); END;
CREATE TRIGGER tr_internal_request_search_update AFTER UPDATE OF team, ask, outcome ON internal_request BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 7; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 7, NEW.team, coalesce(NEW.ask, '') || ' ' || coalesce(NEW.outcome, '')); END;
CREATE TRIGGER tr_internal_request_search_delete AFTER DELETE ON internal_request BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 7; END;
CREATE TRIGGER tr_deal_search_insert AFTER INSERT ON deal BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 8, NEW.name, coalesce(NEW.lost_reason, '')); END;
CREATE TRIGGER tr_deal_search_update AFTER UPDATE OF name, lost_reason ON deal BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 8; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 8, NEW.name, coalesce(NEW.lost_reason, '')); END;
CREATE TRIGGER tr_deal_search_delete AFTER DELETE ON deal BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 8; END;
UPDATE account SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE interaction.account_id = account.id);
UPDATE contact SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE interaction.contact_id = contact.id);
INSERT INTO search_index (rowid, title, body) SELECT r.id * 16 + 1, r.name, coalesce(r.industry, '') || ' ' || coalesce(r.notes, '') || ' ' || coalesce(r.fit_reason, '') FROM account r;
INSERT INTO search_index (rowid, title, body) SELECT r.id * 16 + 2, r.name, coalesce(r.role, '') || ' ' || coalesce(r.email, '') || ' ' || coalesce(r.notes, '') FROM contact r;
INSERT INTO search_index (rowid, title, body) SELECT r.id * 16 + 3, '', coalesce(r.summary, '') FROM interaction r;
INSERT INTO search_index (rowid, title, body) SELECT r.id * 16 + 4, r.title, coalesce(r.team, '') || ' ' || coalesce(r.resolution, '') FROM complaint r;
INSERT INTO search_index (rowid, title, body) SELECT r.id * 16 + 5, '', coalesce(r.text, '') FROM complaint_update r;
INSERT INTO search_index (rowid, title, body) SELECT r.id * 16 + 6, r.title, coalesce(r.detail, '') FROM idea r;
INSERT INTO search_index (rowid, title, body) SELECT r.id * 16 + 7, r.team, coalesce(r.ask, '') || ' ' || coalesce(r.outcome, '') FROM internal_request r;
INSERT INTO search_index (rowid, title, body) SELECT r.id * 16 + 8, r.name, coalesce(r.lost_reason, '') FROM deal r"""

# Ids are never reused (issue 12): without AUTOINCREMENT SQLite hands out max(id) + 1, so
# after `sam undo` deletes the newest row its id went to the next record, and a stale id
# typed in another terminal acted on a different record. SQLite's 12-step rebuild of every
# table with an integer id (https://sqlite.org/lang_altertable.html#otheralter): the
# triggers go first (a RENAME fails while a trigger names a dropped table) and come back
# last; the sequences start above the highest id in use or ever recorded in the change log
# (an id an undo deleted before this upgrade is not handed out again either). Literal
# text, frozen once released like every migration.
_AUTOINCREMENT = """
DROP TRIGGER tr_interaction_touch_insert;
DROP TRIGGER tr_interaction_touch_update;
DROP TRIGGER tr_interaction_touch_delete;
DROP TRIGGER tr_account_search_insert;
DROP TRIGGER tr_account_search_update;
DROP TRIGGER tr_account_search_delete;
DROP TRIGGER tr_contact_search_insert;
DROP TRIGGER tr_contact_search_update;
DROP TRIGGER tr_contact_search_delete;
DROP TRIGGER tr_interaction_search_insert;
DROP TRIGGER tr_interaction_search_update;
DROP TRIGGER tr_interaction_search_delete;
DROP TRIGGER tr_complaint_search_insert;
DROP TRIGGER tr_complaint_search_update;
DROP TRIGGER tr_complaint_search_delete;
DROP TRIGGER tr_complaint_update_search_insert;
DROP TRIGGER tr_complaint_update_search_update;
DROP TRIGGER tr_complaint_update_search_delete;
DROP TRIGGER tr_idea_search_insert;
DROP TRIGGER tr_idea_search_update;
DROP TRIGGER tr_idea_search_delete;
DROP TRIGGER tr_internal_request_search_insert;
DROP TRIGGER tr_internal_request_search_update;
DROP TRIGGER tr_internal_request_search_delete;
DROP TRIGGER tr_deal_search_insert;
DROP TRIGGER tr_deal_search_update;
DROP TRIGGER tr_deal_search_delete;
CREATE TABLE new_account (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    last_touch_at VARCHAR,
    disqualified_reason VARCHAR,
    CONSTRAINT ck_tier CHECK (tier IN ('strategic', 'key', 'growth')),
    CONSTRAINT ck_status CHECK (status IN ('prospect', 'active', 'churned')),
    CONSTRAINT ck_prospect_stage CHECK (prospect_stage IS NULL OR prospect_stage IN ('identified', 'researching', 'contacted', 'meeting', 'qualified', 'converted', 'disqualified')),
    CONSTRAINT ck_value CHECK (annual_value_cents IS NULL OR annual_value_cents >= 0),
    CONSTRAINT ck_cadence CHECK (cadence_days IS NULL OR cadence_days > 0),
    UNIQUE (name_key)
);
INSERT INTO new_account (id, name, name_key, tier, status, archived, industry, region, annual_value_cents, renewal_date, cadence_days, notes, prospect_stage, fit_reason, created_at, updated_at, last_touch_at, disqualified_reason) SELECT id, name, name_key, tier, status, archived, industry, region, annual_value_cents, renewal_date, cadence_days, notes, prospect_stage, fit_reason, created_at, updated_at, last_touch_at, disqualified_reason FROM account;
DROP TABLE account;
ALTER TABLE new_account RENAME TO account;
CREATE INDEX ix_account_renewal ON account (renewal_date);
CREATE INDEX ix_account_status_archived ON account (archived, status);
CREATE TABLE new_change_log (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at VARCHAR NOT NULL,
    batch VARCHAR NOT NULL,
    command VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    entity_id INTEGER NOT NULL,
    action VARCHAR NOT NULL,
    "before" VARCHAR,
    "after" VARCHAR,
    undone BOOLEAN NOT NULL
);
INSERT INTO new_change_log (id, at, batch, command, entity, entity_id, action, "before", "after", undone) SELECT id, at, batch, command, entity, entity_id, action, "before", "after", undone FROM change_log;
DROP TABLE change_log;
ALTER TABLE new_change_log RENAME TO change_log;
CREATE INDEX ix_change_log_batch ON change_log (batch);
CREATE INDEX ix_change_log_entity ON change_log (entity, entity_id);
CREATE TABLE new_forecast_snapshot (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    period VARCHAR NOT NULL,
    taken_at VARCHAR NOT NULL,
    data VARCHAR NOT NULL
);
INSERT INTO new_forecast_snapshot (id, period, taken_at, data) SELECT id, period, taken_at, data FROM forecast_snapshot;
DROP TABLE forecast_snapshot;
ALTER TABLE new_forecast_snapshot RENAME TO forecast_snapshot;
CREATE INDEX ix_forecast_snapshot_period ON forecast_snapshot (period, taken_at);
CREATE TABLE new_quota (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    period VARCHAR NOT NULL,
    amount_cents INTEGER NOT NULL,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    CONSTRAINT ck_amount CHECK (amount_cents >= 0),
    UNIQUE (period)
);
INSERT INTO new_quota (id, period, amount_cents, created_at, updated_at) SELECT id, period, amount_cents, created_at, updated_at FROM quota;
DROP TABLE quota;
ALTER TABLE new_quota RENAME TO quota;
CREATE TABLE new_contact (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    last_touch_at VARCHAR,
    CONSTRAINT ck_influence CHECK (influence IS NULL OR influence IN ('decision-maker', 'champion', 'influencer', 'user', 'gatekeeper', 'blocker')),
    CONSTRAINT ck_cadence CHECK (cadence_days IS NULL OR cadence_days > 0),
    FOREIGN KEY(account_id) REFERENCES account (id)
);
INSERT INTO new_contact (id, account_id, name, role, email, phone, influence, cadence_days, notes, archived, created_at, updated_at, last_touch_at) SELECT id, account_id, name, role, email, phone, influence, cadence_days, notes, archived, created_at, updated_at, last_touch_at FROM contact;
DROP TABLE contact;
ALTER TABLE new_contact RENAME TO contact;
CREATE INDEX ix_contact_account ON contact (account_id, archived);
CREATE TABLE new_deal (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    CONSTRAINT ck_kind CHECK (kind IN ('new', 'expansion', 'renewal')),
    CONSTRAINT ck_stage CHECK (stage IN ('prospecting', 'qualification', 'proposal', 'negotiation', 'won', 'lost')),
    CONSTRAINT ck_forecast_category CHECK (forecast_category IN ('pipeline', 'best-case', 'commit', 'omitted')),
    CONSTRAINT ck_amount CHECK (amount_cents >= 0),
    CONSTRAINT ck_probability CHECK (probability IS NULL OR probability BETWEEN 0 AND 100),
    FOREIGN KEY(account_id) REFERENCES account (id)
);
INSERT INTO new_deal (id, account_id, name, amount_cents, kind, stage, probability, forecast_category, expected_close, lost_reason, closed_at, created_at, updated_at) SELECT id, account_id, name, amount_cents, kind, stage, probability, forecast_category, expected_close, lost_reason, closed_at, created_at, updated_at FROM deal;
DROP TABLE deal;
ALTER TABLE new_deal RENAME TO deal;
CREATE INDEX ix_deal_account ON deal (account_id, stage);
CREATE INDEX ix_deal_closed ON deal (closed_at);
CREATE INDEX ix_deal_stage_close ON deal (stage, expected_close);
CREATE TABLE new_objective (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    FOREIGN KEY(account_id) REFERENCES account (id)
);
INSERT INTO new_objective (id, account_id, title, target_value, current_value, unit, start_date, due_date, closed, created_at, updated_at) SELECT id, account_id, title, target_value, current_value, unit, start_date, due_date, closed, created_at, updated_at FROM objective;
DROP TABLE objective;
ALTER TABLE new_objective RENAME TO objective;
CREATE INDEX ix_objective_account ON objective (account_id, due_date);
CREATE TABLE new_complaint (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    CONSTRAINT ck_severity CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    CONSTRAINT ck_status CHECK (status IN ('open', 'in-progress', 'waiting-customer', 'resolved')),
    FOREIGN KEY(account_id) REFERENCES account (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id)
);
INSERT INTO new_complaint (id, account_id, contact_id, title, severity, opened_at, first_response_at, sla_due_at, status, resolution, resolved_at, team, created_at, updated_at) SELECT id, account_id, contact_id, title, severity, opened_at, first_response_at, sla_due_at, status, resolution, resolved_at, team, created_at, updated_at FROM complaint;
DROP TABLE complaint;
ALTER TABLE new_complaint RENAME TO complaint;
CREATE INDEX ix_complaint_account ON complaint (account_id, status);
CREATE INDEX ix_complaint_status_sla ON complaint (status, sla_due_at);
CREATE TABLE new_deal_stage_change (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    deal_id INTEGER NOT NULL,
    at VARCHAR NOT NULL,
    from_stage VARCHAR,
    to_stage VARCHAR NOT NULL,
    amount_cents INTEGER NOT NULL,
    expected_close DATE,
    forecast_category VARCHAR NOT NULL,
    FOREIGN KEY(deal_id) REFERENCES deal (id)
);
INSERT INTO new_deal_stage_change (id, deal_id, at, from_stage, to_stage, amount_cents, expected_close, forecast_category) SELECT id, deal_id, at, from_stage, to_stage, amount_cents, expected_close, forecast_category FROM deal_stage_change;
DROP TABLE deal_stage_change;
ALTER TABLE new_deal_stage_change RENAME TO deal_stage_change;
CREATE INDEX ix_deal_stage_change_deal ON deal_stage_change (deal_id, at);
CREATE TABLE new_idea (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    detail VARCHAR,
    status VARCHAR NOT NULL,
    deal_id INTEGER,
    created_at VARCHAR NOT NULL,
    updated_at VARCHAR NOT NULL,
    CONSTRAINT ck_status CHECK (status IN ('proposed', 'discussed', 'accepted', 'rejected', 'converted')),
    FOREIGN KEY(account_id) REFERENCES account (id),
    FOREIGN KEY(deal_id) REFERENCES deal (id)
);
INSERT INTO new_idea (id, account_id, title, detail, status, deal_id, created_at, updated_at) SELECT id, account_id, title, detail, status, deal_id, created_at, updated_at FROM idea;
DROP TABLE idea;
ALTER TABLE new_idea RENAME TO idea;
CREATE INDEX ix_idea_account ON idea (account_id, status);
CREATE TABLE new_interaction (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL,
    contact_id INTEGER,
    occurred_at VARCHAR NOT NULL,
    channel VARCHAR NOT NULL,
    direction VARCHAR NOT NULL,
    summary VARCHAR NOT NULL,
    sentiment INTEGER NOT NULL,
    created_at VARCHAR NOT NULL,
    CONSTRAINT ck_channel CHECK (channel IN ('call', 'email', 'meeting', 'visit', 'chat', 'qbr', 'note')),
    CONSTRAINT ck_direction CHECK (direction IN ('in', 'out')),
    CONSTRAINT ck_sentiment CHECK (sentiment IN (-1, 0, 1)),
    FOREIGN KEY(account_id) REFERENCES account (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id)
);
INSERT INTO new_interaction (id, account_id, contact_id, occurred_at, channel, direction, summary, sentiment, created_at) SELECT id, account_id, contact_id, occurred_at, channel, direction, summary, sentiment, created_at FROM interaction;
DROP TABLE interaction;
ALTER TABLE new_interaction RENAME TO interaction;
CREATE INDEX ix_interaction_account_when ON interaction (account_id, occurred_at);
CREATE INDEX ix_interaction_contact_when ON interaction (contact_id, occurred_at);
CREATE INDEX ix_interaction_when ON interaction (occurred_at);
CREATE TABLE new_complaint_update (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    complaint_id INTEGER NOT NULL,
    at VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    status VARCHAR,
    FOREIGN KEY(complaint_id) REFERENCES complaint (id)
);
INSERT INTO new_complaint_update (id, complaint_id, at, text, status) SELECT id, complaint_id, at, text, status FROM complaint_update;
DROP TABLE complaint_update;
ALTER TABLE new_complaint_update RENAME TO complaint_update;
CREATE INDEX ix_complaint_update_complaint ON complaint_update (complaint_id, at);
CREATE TABLE new_internal_request (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    CONSTRAINT ck_status CHECK (status IN ('open', 'done', 'blocked')),
    FOREIGN KEY(account_id) REFERENCES account (id),
    FOREIGN KEY(complaint_id) REFERENCES complaint (id)
);
INSERT INTO new_internal_request (id, account_id, complaint_id, team, ask, asked_at, due_date, status, outcome, done_at, created_at, updated_at) SELECT id, account_id, complaint_id, team, ask, asked_at, due_date, status, outcome, done_at, created_at, updated_at FROM internal_request;
DROP TABLE internal_request;
ALTER TABLE new_internal_request RENAME TO internal_request;
CREATE INDEX ix_request_account ON internal_request (account_id, status);
CREATE INDEX ix_request_status_due ON internal_request (status, due_date);
CREATE TABLE new_follow_up (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
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
    CONSTRAINT ck_priority CHECK (priority IN ('low', 'normal', 'high')),
    CONSTRAINT ck_status CHECK (status IN ('open', 'done', 'cancelled')),
    FOREIGN KEY(account_id) REFERENCES account (id),
    FOREIGN KEY(contact_id) REFERENCES contact (id),
    FOREIGN KEY(interaction_id) REFERENCES interaction (id),
    FOREIGN KEY(complaint_id) REFERENCES complaint (id),
    FOREIGN KEY(request_id) REFERENCES internal_request (id)
);
INSERT INTO new_follow_up (id, account_id, contact_id, title, due_date, due_time, priority, status, done_at, snooze_count, interaction_id, complaint_id, request_id, created_at, updated_at) SELECT id, account_id, contact_id, title, due_date, due_time, priority, status, done_at, snooze_count, interaction_id, complaint_id, request_id, created_at, updated_at FROM follow_up;
DROP TABLE follow_up;
ALTER TABLE new_follow_up RENAME TO follow_up;
CREATE INDEX ix_follow_up_account ON follow_up (account_id, status, due_date);
CREATE INDEX ix_follow_up_status_due ON follow_up (status, due_date);
CREATE TABLE new_objective_progress (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    objective_id INTEGER NOT NULL,
    at VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    note VARCHAR,
    FOREIGN KEY(objective_id) REFERENCES objective (id)
);
INSERT INTO new_objective_progress (id, objective_id, at, value, note) SELECT id, objective_id, at, value, note FROM objective_progress;
DROP TABLE objective_progress;
ALTER TABLE new_objective_progress RENAME TO objective_progress;
CREATE INDEX ix_objective_progress_objective ON objective_progress (objective_id, at);
CREATE TABLE new_prospect_stage_change (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL,
    at VARCHAR NOT NULL,
    from_stage VARCHAR,
    to_stage VARCHAR NOT NULL,
    note VARCHAR,
    FOREIGN KEY(account_id) REFERENCES account (id)
);
INSERT INTO new_prospect_stage_change (id, account_id, at, from_stage, to_stage, note) SELECT id, account_id, at, from_stage, to_stage, note FROM prospect_stage_change;
DROP TABLE prospect_stage_change;
ALTER TABLE new_prospect_stage_change RENAME TO prospect_stage_change;
CREATE INDEX ix_prospect_stage_change_account ON prospect_stage_change (account_id, at);
CREATE TRIGGER tr_interaction_touch_insert AFTER INSERT ON interaction BEGIN UPDATE account SET last_touch_at = NEW.occurred_at WHERE id = NEW.account_id AND (last_touch_at IS NULL OR last_touch_at < NEW.occurred_at); UPDATE contact SET last_touch_at = NEW.occurred_at WHERE id = NEW.contact_id AND (last_touch_at IS NULL OR last_touch_at < NEW.occurred_at); END;
CREATE TRIGGER tr_interaction_touch_update AFTER UPDATE OF account_id, contact_id, occurred_at ON interaction BEGIN UPDATE account SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE account_id = OLD.account_id) WHERE id = OLD.account_id; UPDATE account SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE account_id = NEW.account_id) WHERE id = NEW.account_id; UPDATE contact SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE contact_id = OLD.contact_id) WHERE id = OLD.contact_id; UPDATE contact SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE contact_id = NEW.contact_id) WHERE id = NEW.contact_id; END;
CREATE TRIGGER tr_interaction_touch_delete AFTER DELETE ON interaction BEGIN UPDATE account SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE account_id = OLD.account_id) WHERE id = OLD.account_id; UPDATE contact SET last_touch_at = (SELECT max(occurred_at) FROM interaction WHERE contact_id = OLD.contact_id) WHERE id = OLD.contact_id; END;
CREATE TRIGGER tr_account_search_insert AFTER INSERT ON account BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 1, NEW.name, coalesce(NEW.industry, '') || ' ' || coalesce(NEW.notes, '') || ' ' || coalesce(NEW.fit_reason, '')); END;
CREATE TRIGGER tr_account_search_update AFTER UPDATE OF name, industry, notes, fit_reason ON account BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 1; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 1, NEW.name, coalesce(NEW.industry, '') || ' ' || coalesce(NEW.notes, '') || ' ' || coalesce(NEW.fit_reason, '')); END;
CREATE TRIGGER tr_account_search_delete AFTER DELETE ON account BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 1; END;
CREATE TRIGGER tr_contact_search_insert AFTER INSERT ON contact BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 2, NEW.name, coalesce(NEW.role, '') || ' ' || coalesce(NEW.email, '') || ' ' || coalesce(NEW.notes, '')); END;
CREATE TRIGGER tr_contact_search_update AFTER UPDATE OF name, role, email, notes ON contact BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 2; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 2, NEW.name, coalesce(NEW.role, '') || ' ' || coalesce(NEW.email, '') || ' ' || coalesce(NEW.notes, '')); END;
CREATE TRIGGER tr_contact_search_delete AFTER DELETE ON contact BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 2; END;
CREATE TRIGGER tr_interaction_search_insert AFTER INSERT ON interaction BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 3, '', coalesce(NEW.summary, '')); END;
CREATE TRIGGER tr_interaction_search_update AFTER UPDATE OF summary ON interaction BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 3; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 3, '', coalesce(NEW.summary, '')); END;
CREATE TRIGGER tr_interaction_search_delete AFTER DELETE ON interaction BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 3; END;
CREATE TRIGGER tr_complaint_search_insert AFTER INSERT ON complaint BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 4, NEW.title, coalesce(NEW.team, '') || ' ' || coalesce(NEW.resolution, '')); END;
CREATE TRIGGER tr_complaint_search_update AFTER UPDATE OF title, team, resolution ON complaint BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 4; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 4, NEW.title, coalesce(NEW.team, '') || ' ' || coalesce(NEW.resolution, '')); END;
CREATE TRIGGER tr_complaint_search_delete AFTER DELETE ON complaint BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 4; END;
CREATE TRIGGER tr_complaint_update_search_insert AFTER INSERT ON complaint_update BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 5, '', coalesce(NEW.text, '')); END;
CREATE TRIGGER tr_complaint_update_search_update AFTER UPDATE OF text ON complaint_update BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 5; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 5, '', coalesce(NEW.text, '')); END;
CREATE TRIGGER tr_complaint_update_search_delete AFTER DELETE ON complaint_update BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 5; END;
CREATE TRIGGER tr_idea_search_insert AFTER INSERT ON idea BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 6, NEW.title, coalesce(NEW.detail, '')); END;
CREATE TRIGGER tr_idea_search_update AFTER UPDATE OF title, detail ON idea BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 6; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 6, NEW.title, coalesce(NEW.detail, '')); END;
CREATE TRIGGER tr_idea_search_delete AFTER DELETE ON idea BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 6; END;
CREATE TRIGGER tr_internal_request_search_insert AFTER INSERT ON internal_request BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 7, NEW.team, coalesce(NEW.ask, '') || ' ' || coalesce(NEW.outcome, '')); END;
CREATE TRIGGER tr_internal_request_search_update AFTER UPDATE OF team, ask, outcome ON internal_request BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 7; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 7, NEW.team, coalesce(NEW.ask, '') || ' ' || coalesce(NEW.outcome, '')); END;
CREATE TRIGGER tr_internal_request_search_delete AFTER DELETE ON internal_request BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 7; END;
CREATE TRIGGER tr_deal_search_insert AFTER INSERT ON deal BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 8, NEW.name, coalesce(NEW.lost_reason, '')); END;
CREATE TRIGGER tr_deal_search_update AFTER UPDATE OF name, lost_reason ON deal BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 8; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 8, NEW.name, coalesce(NEW.lost_reason, '')); END;
CREATE TRIGGER tr_deal_search_delete AFTER DELETE ON deal BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 8; END;
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence (name, seq) SELECT 'account', seq FROM (SELECT max(coalesce((SELECT max(id) FROM account), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'account'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'change_log', max(id) FROM change_log HAVING max(id) > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'forecast_snapshot', seq FROM (SELECT max(coalesce((SELECT max(id) FROM forecast_snapshot), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'forecast_snapshot'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'quota', seq FROM (SELECT max(coalesce((SELECT max(id) FROM quota), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'quota'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'contact', seq FROM (SELECT max(coalesce((SELECT max(id) FROM contact), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'contact'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'deal', seq FROM (SELECT max(coalesce((SELECT max(id) FROM deal), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'deal'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'objective', seq FROM (SELECT max(coalesce((SELECT max(id) FROM objective), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'objective'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'complaint', seq FROM (SELECT max(coalesce((SELECT max(id) FROM complaint), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'complaint'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'deal_stage_change', seq FROM (SELECT max(coalesce((SELECT max(id) FROM deal_stage_change), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'deal_stage_change'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'idea', seq FROM (SELECT max(coalesce((SELECT max(id) FROM idea), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'idea'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'interaction', seq FROM (SELECT max(coalesce((SELECT max(id) FROM interaction), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'interaction'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'complaint_update', seq FROM (SELECT max(coalesce((SELECT max(id) FROM complaint_update), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'complaint_update'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'internal_request', seq FROM (SELECT max(coalesce((SELECT max(id) FROM internal_request), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'internal_request'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'follow_up', seq FROM (SELECT max(coalesce((SELECT max(id) FROM follow_up), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'follow_up'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'objective_progress', seq FROM (SELECT max(coalesce((SELECT max(id) FROM objective_progress), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'objective_progress'), 0)) AS seq) WHERE seq > 0;
INSERT INTO sqlite_sequence (name, seq) SELECT 'prospect_stage_change', seq FROM (SELECT max(coalesce((SELECT max(id) FROM prospect_stage_change), 0), coalesce((SELECT max(entity_id) FROM change_log WHERE entity = 'prospect_stage_change'), 0)) AS seq) WHERE seq > 0;
"""

# an e-mail logged with `sam log --eml` keeps its Message-ID, so the same message logged
# twice is refused; the index is partial: every other touch has none
_MESSAGE_ID = """
ALTER TABLE interaction ADD COLUMN message_id VARCHAR;
CREATE UNIQUE INDEX ix_interaction_message_id ON interaction (message_id) WHERE message_id IS NOT NULL;
"""

# Where imported records came from (`sam import csv|json`): the source system and its id
# for the record, and the values the import set, so a later import of a newer export
# updates what it made without duplicating it, and keeps what the user changed in sam.
# ``entity``/``entity_id`` name any table's row, so there is no foreign key.
_EXTERNAL_REF = """
CREATE TABLE external_ref (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    source VARCHAR NOT NULL,
    source_key VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    entity_id INTEGER NOT NULL,
    imported_values VARCHAR NOT NULL,
    imported_at VARCHAR NOT NULL
);
CREATE UNIQUE INDEX ux_external_ref_source ON external_ref (source, source_key, entity);
CREATE INDEX ix_external_ref_entity ON external_ref (entity, entity_id);
"""

# The accounts table reads each account's newest six touches for their sentiment: with the
# sentiment in the index, those are read from the index alone, not from a million-row table
# in the order of the account names (issue 17: 10,000 accounts listed in under a second).
_SENTIMENT_IN_INDEX = """
DROP INDEX ix_interaction_account_when;
CREATE INDEX ix_interaction_account_when ON interaction (account_id, occurred_at, sentiment);
"""

# Account names folded for matching (``domain.refs.fold_key``: accents, case and punctuation
# dropped, so ``obrien`` finds "O'Brien & Sons"), indexed so a folded lookup stays a range
# scan. Existing rows get their key from ``sam_fold_key``, the SQL function the gateway
# registers for the length of a migration (``store.db``): folding needs Unicode tables
# SQL does not have. New and renamed accounts get theirs from the services.
_FOLD_KEY = """
ALTER TABLE account ADD COLUMN fold_key VARCHAR NOT NULL DEFAULT '';
UPDATE account SET fold_key = sam_fold_key(name);
CREATE INDEX ix_account_fold_key ON account (fold_key);
"""

# What came of a follow-up: the note of the touch that closed it (`sam log --done`), or
# the outcome given to `sam follow-up done`.
_FOLLOW_UP_OUTCOME = """
ALTER TABLE follow_up ADD COLUMN outcome VARCHAR;
"""

# Follow-ups in the search index (issue 14: search covers what is owed, and what came of
# it): the triggers of ``store.triggers`` for the table, and its existing rows.
_FOLLOW_UP_SEARCH = """
CREATE TRIGGER tr_follow_up_search_insert AFTER INSERT ON follow_up BEGIN INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 9, NEW.title, coalesce(NEW.outcome, '')); END;
CREATE TRIGGER tr_follow_up_search_update AFTER UPDATE OF title, outcome ON follow_up BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 9; INSERT INTO search_index (rowid, title, body) VALUES (NEW.id * 16 + 9, NEW.title, coalesce(NEW.outcome, '')); END;
CREATE TRIGGER tr_follow_up_search_delete AFTER DELETE ON follow_up BEGIN DELETE FROM search_index WHERE rowid = OLD.id * 16 + 9; END;
INSERT INTO search_index (rowid, title, body) SELECT id * 16 + 9, title, coalesce(outcome, '') FROM follow_up;
"""

# A deal's history must let its forecast be rebuilt at any moment: each row now keeps the
# deal's own probability and when the row was recorded (a win dated back takes effect at
# ``at`` but was known only from ``recorded_at``). Rows from before get the deal's own
# probability as it stands now and, as the moment they were recorded, the change log's
# (else their ``at``).
_DEAL_HISTORY = """
ALTER TABLE deal_stage_change ADD COLUMN probability INTEGER;
ALTER TABLE deal_stage_change ADD COLUMN recorded_at VARCHAR;
UPDATE deal_stage_change SET probability = (SELECT d.probability FROM deal d WHERE d.id = deal_stage_change.deal_id), recorded_at = coalesce((SELECT min(l.at) FROM change_log l WHERE l.entity = 'deal_stage_change' AND l.entity_id = deal_stage_change.id AND l.action = 'create'), at);
CREATE INDEX ix_deal_stage_change_recorded ON deal_stage_change (recorded_at);
"""

# An objective may measure itself: ``measure`` names the figure it tracks (won amount of
# some deal kinds, touches, accounts touched, complaints resolved within SLA...); NULL
# keeps it hand-entered, as every objective was before.
_OBJECTIVE_MEASURE = """
ALTER TABLE objective ADD COLUMN measure VARCHAR;
"""

# Search folds what names are matched without (issue: `sam search oresund` found nothing):
# the letters Unicode does not decompose (ø æ œ ß ł đ þ ...) and the Latin ligatures (ﬁ),
# which the tokenizer keeps as they are. The index becomes external-content: ``search_text``
# keeps each record's text as written (snippets are cut from it), the index holds it folded
# through the view ``search_folded`` (plain replace(): no trigger or view calls a Python
# function). The search triggers are made again to keep both, and every row is indexed anew.
_SEARCH_FOLDS = """
DROP TRIGGER tr_account_search_insert;
DROP TRIGGER tr_account_search_update;
DROP TRIGGER tr_account_search_delete;
DROP TRIGGER tr_contact_search_insert;
DROP TRIGGER tr_contact_search_update;
DROP TRIGGER tr_contact_search_delete;
DROP TRIGGER tr_interaction_search_insert;
DROP TRIGGER tr_interaction_search_update;
DROP TRIGGER tr_interaction_search_delete;
DROP TRIGGER tr_complaint_search_insert;
DROP TRIGGER tr_complaint_search_update;
DROP TRIGGER tr_complaint_search_delete;
DROP TRIGGER tr_complaint_update_search_insert;
DROP TRIGGER tr_complaint_update_search_update;
DROP TRIGGER tr_complaint_update_search_delete;
DROP TRIGGER tr_idea_search_insert;
DROP TRIGGER tr_idea_search_update;
DROP TRIGGER tr_idea_search_delete;
DROP TRIGGER tr_internal_request_search_insert;
DROP TRIGGER tr_internal_request_search_update;
DROP TRIGGER tr_internal_request_search_delete;
DROP TRIGGER tr_deal_search_insert;
DROP TRIGGER tr_deal_search_update;
DROP TRIGGER tr_deal_search_delete;
DROP TRIGGER tr_follow_up_search_insert;
DROP TRIGGER tr_follow_up_search_update;
DROP TRIGGER tr_follow_up_search_delete;
DROP TABLE search_index;
CREATE TABLE search_text (id INTEGER NOT NULL PRIMARY KEY, title VARCHAR, body VARCHAR);
INSERT INTO search_text (id, title, body) SELECT r.id * 16 + 1, r.name, coalesce(r.industry, '') || ' ' || coalesce(r.notes, '') || ' ' || coalesce(r.fit_reason, '') FROM account r;
INSERT INTO search_text (id, title, body) SELECT r.id * 16 + 2, r.name, coalesce(r.role, '') || ' ' || coalesce(r.email, '') || ' ' || coalesce(r.notes, '') FROM contact r;
INSERT INTO search_text (id, title, body) SELECT r.id * 16 + 3, '', coalesce(r.summary, '') FROM interaction r;
INSERT INTO search_text (id, title, body) SELECT r.id * 16 + 4, r.title, coalesce(r.team, '') || ' ' || coalesce(r.resolution, '') FROM complaint r;
INSERT INTO search_text (id, title, body) SELECT r.id * 16 + 5, '', coalesce(r.text, '') FROM complaint_update r;
INSERT INTO search_text (id, title, body) SELECT r.id * 16 + 6, r.title, coalesce(r.detail, '') FROM idea r;
INSERT INTO search_text (id, title, body) SELECT r.id * 16 + 7, r.team, coalesce(r.ask, '') || ' ' || coalesce(r.outcome, '') FROM internal_request r;
INSERT INTO search_text (id, title, body) SELECT r.id * 16 + 8, r.name, coalesce(r.lost_reason, '') FROM deal r;
INSERT INTO search_text (id, title, body) SELECT r.id * 16 + 9, r.title, coalesce(r.outcome, '') FROM follow_up r;
CREATE VIEW search_folded AS SELECT id, CASE WHEN ascii_title THEN title ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(title, 'ﬄ', 'ffl'), 'ﬅ', 'st'), 'ﬆ', 'st'), 'ĳ', 'ij'), 'Ø', 'o'), 'Ł', 'l'), 'Æ', 'ae'), 'Œ', 'oe'), 'Đ', 'd'), 'Þ', 'th'), 'Ð', 'd'), 'Ħ', 'h'), 'Ŧ', 't'), 'Ŋ', 'ng'), 'Ĳ', 'ij'), 'ẞ', 'ss') END AS title, CASE WHEN ascii_body THEN body ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, 'ﬄ', 'ffl'), 'ﬅ', 'st'), 'ﬆ', 'st'), 'ĳ', 'ij'), 'Ø', 'o'), 'Ł', 'l'), 'Æ', 'ae'), 'Œ', 'oe'), 'Đ', 'd'), 'Þ', 'th'), 'Ð', 'd'), 'Ħ', 'h'), 'Ŧ', 't'), 'Ŋ', 'ng'), 'Ĳ', 'ij'), 'ẞ', 'ss') END AS body FROM (SELECT id, CASE WHEN ascii_title THEN title ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(title, 'ø', 'o'), 'ł', 'l'), 'æ', 'ae'), 'œ', 'oe'), 'ß', 'ss'), 'đ', 'd'), 'þ', 'th'), 'ı', 'i'), 'ð', 'd'), 'ħ', 'h'), 'ŧ', 't'), 'ŋ', 'ng'), 'ĸ', 'q'), 'ﬀ', 'ff'), 'ﬁ', 'fi'), 'ﬂ', 'fl'), 'ﬃ', 'ffi') END AS title, CASE WHEN ascii_body THEN body ELSE replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, 'ø', 'o'), 'ł', 'l'), 'æ', 'ae'), 'œ', 'oe'), 'ß', 'ss'), 'đ', 'd'), 'þ', 'th'), 'ı', 'i'), 'ð', 'd'), 'ħ', 'h'), 'ŧ', 't'), 'ŋ', 'ng'), 'ĸ', 'q'), 'ﬀ', 'ff'), 'ﬁ', 'fi'), 'ﬂ', 'fl'), 'ﬃ', 'ffi') END AS body, ascii_title, ascii_body FROM (SELECT id, title, body, length(CAST(title AS BLOB)) = length(title) AS ascii_title, length(CAST(body AS BLOB)) = length(body) AS ascii_body FROM search_text));
CREATE VIRTUAL TABLE search_index USING fts5(title, body, content = 'search_text', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded;
CREATE TRIGGER tr_account_search_insert AFTER INSERT ON account BEGIN INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 1, NEW.name, coalesce(NEW.industry, '') || ' ' || coalesce(NEW.notes, '') || ' ' || coalesce(NEW.fit_reason, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 1; END;
CREATE TRIGGER tr_account_search_update AFTER UPDATE OF name, industry, notes, fit_reason ON account BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 1; DELETE FROM search_text WHERE id = OLD.id * 16 + 1; INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 1, NEW.name, coalesce(NEW.industry, '') || ' ' || coalesce(NEW.notes, '') || ' ' || coalesce(NEW.fit_reason, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 1; END;
CREATE TRIGGER tr_account_search_delete AFTER DELETE ON account BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 1; DELETE FROM search_text WHERE id = OLD.id * 16 + 1; END;
CREATE TRIGGER tr_contact_search_insert AFTER INSERT ON contact BEGIN INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 2, NEW.name, coalesce(NEW.role, '') || ' ' || coalesce(NEW.email, '') || ' ' || coalesce(NEW.notes, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 2; END;
CREATE TRIGGER tr_contact_search_update AFTER UPDATE OF name, role, email, notes ON contact BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 2; DELETE FROM search_text WHERE id = OLD.id * 16 + 2; INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 2, NEW.name, coalesce(NEW.role, '') || ' ' || coalesce(NEW.email, '') || ' ' || coalesce(NEW.notes, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 2; END;
CREATE TRIGGER tr_contact_search_delete AFTER DELETE ON contact BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 2; DELETE FROM search_text WHERE id = OLD.id * 16 + 2; END;
CREATE TRIGGER tr_interaction_search_insert AFTER INSERT ON interaction BEGIN INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 3, '', coalesce(NEW.summary, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 3; END;
CREATE TRIGGER tr_interaction_search_update AFTER UPDATE OF summary ON interaction BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 3; DELETE FROM search_text WHERE id = OLD.id * 16 + 3; INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 3, '', coalesce(NEW.summary, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 3; END;
CREATE TRIGGER tr_interaction_search_delete AFTER DELETE ON interaction BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 3; DELETE FROM search_text WHERE id = OLD.id * 16 + 3; END;
CREATE TRIGGER tr_complaint_search_insert AFTER INSERT ON complaint BEGIN INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 4, NEW.title, coalesce(NEW.team, '') || ' ' || coalesce(NEW.resolution, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 4; END;
CREATE TRIGGER tr_complaint_search_update AFTER UPDATE OF title, team, resolution ON complaint BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 4; DELETE FROM search_text WHERE id = OLD.id * 16 + 4; INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 4, NEW.title, coalesce(NEW.team, '') || ' ' || coalesce(NEW.resolution, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 4; END;
CREATE TRIGGER tr_complaint_search_delete AFTER DELETE ON complaint BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 4; DELETE FROM search_text WHERE id = OLD.id * 16 + 4; END;
CREATE TRIGGER tr_complaint_update_search_insert AFTER INSERT ON complaint_update BEGIN INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 5, '', coalesce(NEW.text, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 5; END;
CREATE TRIGGER tr_complaint_update_search_update AFTER UPDATE OF text ON complaint_update BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 5; DELETE FROM search_text WHERE id = OLD.id * 16 + 5; INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 5, '', coalesce(NEW.text, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 5; END;
CREATE TRIGGER tr_complaint_update_search_delete AFTER DELETE ON complaint_update BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 5; DELETE FROM search_text WHERE id = OLD.id * 16 + 5; END;
CREATE TRIGGER tr_idea_search_insert AFTER INSERT ON idea BEGIN INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 6, NEW.title, coalesce(NEW.detail, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 6; END;
CREATE TRIGGER tr_idea_search_update AFTER UPDATE OF title, detail ON idea BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 6; DELETE FROM search_text WHERE id = OLD.id * 16 + 6; INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 6, NEW.title, coalesce(NEW.detail, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 6; END;
CREATE TRIGGER tr_idea_search_delete AFTER DELETE ON idea BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 6; DELETE FROM search_text WHERE id = OLD.id * 16 + 6; END;
CREATE TRIGGER tr_internal_request_search_insert AFTER INSERT ON internal_request BEGIN INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 7, NEW.team, coalesce(NEW.ask, '') || ' ' || coalesce(NEW.outcome, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 7; END;
CREATE TRIGGER tr_internal_request_search_update AFTER UPDATE OF team, ask, outcome ON internal_request BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 7; DELETE FROM search_text WHERE id = OLD.id * 16 + 7; INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 7, NEW.team, coalesce(NEW.ask, '') || ' ' || coalesce(NEW.outcome, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 7; END;
CREATE TRIGGER tr_internal_request_search_delete AFTER DELETE ON internal_request BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 7; DELETE FROM search_text WHERE id = OLD.id * 16 + 7; END;
CREATE TRIGGER tr_deal_search_insert AFTER INSERT ON deal BEGIN INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 8, NEW.name, coalesce(NEW.lost_reason, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 8; END;
CREATE TRIGGER tr_deal_search_update AFTER UPDATE OF name, lost_reason ON deal BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 8; DELETE FROM search_text WHERE id = OLD.id * 16 + 8; INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 8, NEW.name, coalesce(NEW.lost_reason, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 8; END;
CREATE TRIGGER tr_deal_search_delete AFTER DELETE ON deal BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 8; DELETE FROM search_text WHERE id = OLD.id * 16 + 8; END;
CREATE TRIGGER tr_follow_up_search_insert AFTER INSERT ON follow_up BEGIN INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 9, NEW.title, coalesce(NEW.outcome, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 9; END;
CREATE TRIGGER tr_follow_up_search_update AFTER UPDATE OF title, outcome ON follow_up BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 9; DELETE FROM search_text WHERE id = OLD.id * 16 + 9; INSERT INTO search_text (id, title, body) VALUES (NEW.id * 16 + 9, NEW.title, coalesce(NEW.outcome, '')); INSERT INTO search_index (rowid, title, body) SELECT id, title, body FROM search_folded WHERE id = NEW.id * 16 + 9; END;
CREATE TRIGGER tr_follow_up_search_delete AFTER DELETE ON follow_up BEGIN INSERT INTO search_index (search_index, rowid, title, body) SELECT 'delete', id, title, body FROM search_folded WHERE id = OLD.id * 16 + 9; DELETE FROM search_text WHERE id = OLD.id * 16 + 9; END;
"""

# Each account's newest sentiments kept on it by triggers (``store.triggers``): a list of
# 10,000 accounts read them through a correlated subquery per account, a tenth of its time.
_RECENT_SENTIMENTS = """
ALTER TABLE account ADD COLUMN recent_sentiments VARCHAR;
CREATE TRIGGER tr_interaction_sentiment_insert AFTER INSERT ON interaction BEGIN UPDATE account SET recent_sentiments = (SELECT group_concat(s.sentiment, ',') FROM (SELECT i.sentiment FROM interaction i WHERE i.account_id = NEW.account_id ORDER BY i.occurred_at DESC LIMIT 6) s) WHERE id = NEW.account_id; END;
CREATE TRIGGER tr_interaction_sentiment_update AFTER UPDATE OF account_id, occurred_at, sentiment ON interaction BEGIN UPDATE account SET recent_sentiments = (SELECT group_concat(s.sentiment, ',') FROM (SELECT i.sentiment FROM interaction i WHERE i.account_id = OLD.account_id ORDER BY i.occurred_at DESC LIMIT 6) s) WHERE id = OLD.account_id; UPDATE account SET recent_sentiments = (SELECT group_concat(s.sentiment, ',') FROM (SELECT i.sentiment FROM interaction i WHERE i.account_id = NEW.account_id ORDER BY i.occurred_at DESC LIMIT 6) s) WHERE id = NEW.account_id; END;
CREATE TRIGGER tr_interaction_sentiment_delete AFTER DELETE ON interaction BEGIN UPDATE account SET recent_sentiments = (SELECT group_concat(s.sentiment, ',') FROM (SELECT i.sentiment FROM interaction i WHERE i.account_id = OLD.account_id ORDER BY i.occurred_at DESC LIMIT 6) s) WHERE id = OLD.account_id; END;
UPDATE account SET recent_sentiments = (SELECT group_concat(s.sentiment, ',') FROM (SELECT i.sentiment FROM interaction i WHERE i.account_id = account.id ORDER BY i.occurred_at DESC LIMIT 6) s);
"""

# How many interactions fall in each quarter hour (``store.triggers``): a year's touches,
# or each of its weeks', were counted over 838,000 interactions of the large benchmark
# book; they are now a sum over its quarter hours.
_TOUCH_SLOTS = """
CREATE TABLE touch_slot (slot VARCHAR NOT NULL PRIMARY KEY, touches INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER tr_interaction_slot_insert AFTER INSERT ON interaction BEGIN INSERT INTO touch_slot (slot, touches) VALUES (substr(NEW.occurred_at, 1, 14) || substr('00153045', CAST(substr(NEW.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2), 1) ON CONFLICT (slot) DO UPDATE SET touches = touches + 1; END;
CREATE TRIGGER tr_interaction_slot_update AFTER UPDATE OF occurred_at ON interaction BEGIN UPDATE touch_slot SET touches = touches - 1 WHERE slot = substr(OLD.occurred_at, 1, 14) || substr('00153045', CAST(substr(OLD.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2); DELETE FROM touch_slot WHERE slot = substr(OLD.occurred_at, 1, 14) || substr('00153045', CAST(substr(OLD.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2) AND touches <= 0; INSERT INTO touch_slot (slot, touches) VALUES (substr(NEW.occurred_at, 1, 14) || substr('00153045', CAST(substr(NEW.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2), 1) ON CONFLICT (slot) DO UPDATE SET touches = touches + 1; END;
CREATE TRIGGER tr_interaction_slot_delete AFTER DELETE ON interaction BEGIN UPDATE touch_slot SET touches = touches - 1 WHERE slot = substr(OLD.occurred_at, 1, 14) || substr('00153045', CAST(substr(OLD.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2); DELETE FROM touch_slot WHERE slot = substr(OLD.occurred_at, 1, 14) || substr('00153045', CAST(substr(OLD.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2) AND touches <= 0; END;
INSERT INTO touch_slot (slot, touches) SELECT substr(occurred_at, 1, 14) || substr('00153045', CAST(substr(occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2), COUNT(*) FROM interaction GROUP BY 1;
"""

# The quarter hours' touches of the accounts that do not count, and of those the
# prospects' (``store.triggers``): a year's weeks took the touches of ~1,100 such accounts
# off one account and one week at a time (58,000 lookups in the large benchmark book).
_TOUCH_SLOTS_ASIDE = """
CREATE TABLE touch_slot_aside (slot VARCHAR NOT NULL PRIMARY KEY, touches INTEGER NOT NULL, prospects INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER tr_interaction_aside_insert AFTER INSERT ON interaction BEGIN INSERT INTO touch_slot_aside (slot, touches, prospects) SELECT substr(NEW.occurred_at, 1, 14) || substr('00153045', CAST(substr(NEW.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2), 1, (a.archived = 0 AND a.status IN ('prospect')) FROM account a WHERE a.id = NEW.account_id AND NOT (a.archived = 0 AND a.status IN ('active')) ON CONFLICT (slot) DO UPDATE SET touches = touches + 1, prospects = prospects + excluded.prospects; END;
CREATE TRIGGER tr_interaction_aside_update AFTER UPDATE OF account_id, occurred_at ON interaction BEGIN UPDATE touch_slot_aside SET touches = touches - 1, prospects = prospects - (SELECT (a.archived = 0 AND a.status IN ('prospect')) FROM account a WHERE a.id = OLD.account_id) WHERE slot = substr(OLD.occurred_at, 1, 14) || substr('00153045', CAST(substr(OLD.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2) AND EXISTS (SELECT 1 FROM account a WHERE a.id = OLD.account_id AND NOT (a.archived = 0 AND a.status IN ('active'))); DELETE FROM touch_slot_aside WHERE slot = substr(OLD.occurred_at, 1, 14) || substr('00153045', CAST(substr(OLD.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2) AND touches <= 0; INSERT INTO touch_slot_aside (slot, touches, prospects) SELECT substr(NEW.occurred_at, 1, 14) || substr('00153045', CAST(substr(NEW.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2), 1, (a.archived = 0 AND a.status IN ('prospect')) FROM account a WHERE a.id = NEW.account_id AND NOT (a.archived = 0 AND a.status IN ('active')) ON CONFLICT (slot) DO UPDATE SET touches = touches + 1, prospects = prospects + excluded.prospects; END;
CREATE TRIGGER tr_interaction_aside_delete AFTER DELETE ON interaction BEGIN UPDATE touch_slot_aside SET touches = touches - 1, prospects = prospects - (SELECT (a.archived = 0 AND a.status IN ('prospect')) FROM account a WHERE a.id = OLD.account_id) WHERE slot = substr(OLD.occurred_at, 1, 14) || substr('00153045', CAST(substr(OLD.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2) AND EXISTS (SELECT 1 FROM account a WHERE a.id = OLD.account_id AND NOT (a.archived = 0 AND a.status IN ('active'))); DELETE FROM touch_slot_aside WHERE slot = substr(OLD.occurred_at, 1, 14) || substr('00153045', CAST(substr(OLD.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2) AND touches <= 0; END;
CREATE TRIGGER tr_account_aside AFTER UPDATE OF status, archived ON account WHEN OLD.status IS NOT NEW.status OR OLD.archived IS NOT NEW.archived BEGIN UPDATE touch_slot_aside SET touches = touches - s.n, prospects = prospects - s.n * (OLD.archived = 0 AND OLD.status IN ('prospect')) FROM (SELECT substr(i.occurred_at, 1, 14) || substr('00153045', CAST(substr(i.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2) AS slot, COUNT(*) AS n FROM interaction i WHERE i.account_id = OLD.id GROUP BY 1) AS s WHERE touch_slot_aside.slot = s.slot AND NOT (OLD.archived = 0 AND OLD.status IN ('active')); DELETE FROM touch_slot_aside WHERE touches <= 0 AND slot IN (SELECT substr(i.occurred_at, 1, 14) || substr('00153045', CAST(substr(i.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2) FROM interaction i WHERE i.account_id = OLD.id); INSERT INTO touch_slot_aside (slot, touches, prospects) SELECT s.slot, s.n, s.n * (NEW.archived = 0 AND NEW.status IN ('prospect')) FROM (SELECT substr(i.occurred_at, 1, 14) || substr('00153045', CAST(substr(i.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2) AS slot, COUNT(*) AS n FROM interaction i WHERE i.account_id = NEW.id GROUP BY 1) AS s WHERE NOT (NEW.archived = 0 AND NEW.status IN ('active')) ON CONFLICT (slot) DO UPDATE SET touches = touches + excluded.touches, prospects = prospects + excluded.prospects; END;
CREATE TRIGGER tr_account_aside_delete AFTER DELETE ON account BEGIN UPDATE touch_slot_aside SET touches = touches - s.n, prospects = prospects - s.n * (OLD.archived = 0 AND OLD.status IN ('prospect')) FROM (SELECT substr(i.occurred_at, 1, 14) || substr('00153045', CAST(substr(i.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2) AS slot, COUNT(*) AS n FROM interaction i WHERE i.account_id = OLD.id GROUP BY 1) AS s WHERE touch_slot_aside.slot = s.slot AND NOT (OLD.archived = 0 AND OLD.status IN ('active')); DELETE FROM touch_slot_aside WHERE touches <= 0 AND slot IN (SELECT substr(i.occurred_at, 1, 14) || substr('00153045', CAST(substr(i.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2) FROM interaction i WHERE i.account_id = OLD.id); END;
INSERT INTO touch_slot_aside (slot, touches, prospects) SELECT substr(i.occurred_at, 1, 14) || substr('00153045', CAST(substr(i.occurred_at, 15, 2) AS INTEGER) / 15 * 2 + 1, 2), COUNT(*), SUM((a.archived = 0 AND a.status IN ('prospect'))) FROM account a JOIN interaction i ON i.account_id = a.id WHERE NOT (a.archived = 0 AND a.status IN ('active')) GROUP BY 1;
"""

MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("initial schema", _V1),
    ("schema v2: last touch, search index, objective progress, prospect history", _V2),
    ("ids are never reused: AUTOINCREMENT on every table with an integer id", _AUTOINCREMENT),
    ("e-mail Message-ID on interactions", _MESSAGE_ID),
    ("external references: the source and source id of imported records", _EXTERNAL_REF),
    ("each account's newest sentiments read from the index alone", _SENTIMENT_IN_INDEX),
    ("folded account names: fold_key, indexed", _FOLD_KEY),
    ("an outcome on follow-ups", _FOLLOW_UP_OUTCOME),
    ("follow-ups in the search index", _FOLLOW_UP_SEARCH),
    ("deal history complete: own probability and the moment recorded", _DEAL_HISTORY),
    ("objectives that measure themselves", _OBJECTIVE_MEASURE),
    ("search folds the letters Unicode does not decompose, and ligatures", _SEARCH_FOLDS),
    ("each account's newest sentiments kept on it", _RECENT_SENTIMENTS),
    ("touches counted by the quarter hour", _TOUCH_SLOTS),
    ("the touches of accounts that do not count, by the quarter hour", _TOUCH_SLOTS_ASIDE),
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
        "fold_key",
        "recent_sentiments",
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
        "probability",
        "recorded_at",
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
        "outcome",
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
        "message_id",
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
        "measure",
    ),
    "objective_progress": ("id", "objective_id", "at", "value", "note"),
    "prospect_stage_change": ("id", "account_id", "at", "from_stage", "to_stage", "note"),
    "quota": ("id", "period", "amount_cents", "created_at", "updated_at"),
    "setting": ("key", "value"),
}
