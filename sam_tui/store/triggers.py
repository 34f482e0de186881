"""SQL triggers and the FTS5 search index: derived data the database keeps up to date itself.

Kept in SQL, not in services, so that every write path (commands, the cockpit, undo,
restore, imports, a future tool) keeps them right without remembering to. These are
the current definitions: ``store.models`` creates them (through DDL events), while the
migrations hold the same statements as frozen text, never importing this module. The
schema test compares the two, so changing a statement here needs a new migration that
drops and recreates it (``drop_triggers`` lists the DROP statements).

- ``account.last_touch_at`` / ``contact.last_touch_at``: the newest interaction's time.
  Triage reads it for 10,000 accounts at start-up; a correlated MAX per account over a
  million interactions was the cockpit's slowest query (DESIGN.md, Budgets).
- ``account.recent_sentiments``: the sentiments of its six newest interactions, newest
  first, comma-separated (what ``domain.health`` weighs): a list of 10,000 accounts read
  them per account from the index, a tenth of its time.
- ``touch_slot``: how many interactions fall in each quarter hour (UTC) that has any.
  Every local midnight of a zone in use today is a quarter hour in UTC, so the touches
  of a day, a week or a year are a sum over its quarter hours (35,040 rows a year at
  most) instead of a count over its interactions (838,000 in the large benchmark book's
  year); a bound that is no quarter hour (a zone's old local mean time) is counted from
  the interactions as before (``services.activity.touches_in``).
- ``touch_slot_aside``: the same quarter hours, counting only the touches of the accounts
  that do not count (``domain.figures``: prospects, churned, archived), and of those the
  prospects'. A span's touches are its quarter hours' less these, instead of a count on
  each such account's index for each span (a year's 53 weeks times ~1,100 accounts: a
  tenth of the year report's touch work). An account that starts or stops counting (its
  status or archived flag changes) moves its touches in or out (``tr_account_aside``):
  ``COUNTED`` and ``PROSPECTS`` are written into the triggers, so changing them needs a
  migration like any trigger change.
- ``search_index``: one FTS5 row per searchable record. Its rowid encodes the source as
  ``id * 16 + kind`` so a trigger deletes by rowid (UNINDEXED columns would need a scan).
  An external-content index: ``search_text`` holds each record's text as written (what
  snippets are cut from), the index holds the words of that text *folded* through the
  view ``search_folded`` (``domain.search.SEARCH_FOLDS``: ``Øresund`` is indexed as
  ``oresund``). Folding keeps the number and order of the words, so FTS5's own snippets,
  cut from the stored text, highlight the words that matched. The fold is plain SQL
  (``replace``), never a Python function: another program writing the file (the sqlite3
  shell, a restore) must not fail. An external-content index must be told what it held
  to forget a row, so the triggers delete through the same view, before the text goes.
  FTS5's ``rebuild`` command would index the unfolded text, and ``integrity-check`` with
  a rank of 1 compares the index with the unfolded text (sam runs neither; the plain
  ``integrity-check`` and ``PRAGMA integrity_check`` check the index itself).
"""

from __future__ import annotations

from sam_tui.domain.figures import COUNTED, PROSPECTS, AccountScope
from sam_tui.domain.search import SEARCH_FOLDS

# kind codes in search_index rowids: rowid = source id * SEARCH_KINDS + code
SEARCH_KINDS = 16
SEARCH_SOURCES: dict[str, tuple[int, str | None, tuple[str, ...]]] = {
    # table: (code, title column, body columns)
    "account": (1, "name", ("industry", "notes", "fit_reason")),
    "contact": (2, "name", ("role", "email", "notes")),
    "interaction": (3, None, ("summary",)),
    "complaint": (4, "title", ("team", "resolution")),
    "complaint_update": (5, None, ("text",)),
    "idea": (6, "title", ("detail",)),
    "internal_request": (7, "team", ("ask", "outcome")),
    "deal": (8, "name", ("lost_reason",)),
    "follow_up": (9, "title", ("outcome",)),
}


def _values(table: str, alias: str) -> str:
    """``rowid, title, body`` of one source row (SQLite 3.40 has no concat_ws)."""
    code, title, body = SEARCH_SOURCES[table]
    joined = " || ' ' || ".join(f"coalesce({alias}.{c}, '')" for c in body)
    title_sql = f"{alias}.{title}" if title else "''"
    return f"{alias}.id * {SEARCH_KINDS} + {code}, {title_sql}, {joined}"


# The id is the index's rowid (``id * SEARCH_KINDS + code``), not a record's own: no
# AUTOINCREMENT, a row comes and goes with its record.
SEARCH_TEXT = (
    "CREATE TABLE search_text (id INTEGER NOT NULL PRIMARY KEY, title VARCHAR, body VARCHAR)"
)

# SQLite's parser overflows past about 30 nested calls: the fold is applied in stages,
# each a subquery of its own (which SQLite flattens: a lookup by id stays one).
_FOLD_STAGE = 17


def _fold_sql(column: str, letters: list[tuple[str, str]]) -> str:
    """``column`` with ``letters`` replaced, unless it is ASCII (the flag ``ascii_<column>``):
    a replace() costs ~0.2 µs, and most text has none of the letters."""
    sql = column
    for letter, folded in letters:
        sql = f"replace({sql}, '{letter}', '{folded}')"
    return f"CASE WHEN ascii_{column} THEN {column} ELSE {sql} END"


_TEXT = ("title", "body")


def _folded_view() -> str:
    """``search_text`` as the index sees it: (id, title, body), folded."""
    letters = list(SEARCH_FOLDS.items())
    flags = ", ".join(f"length(CAST({c} AS BLOB)) = length({c}) AS ascii_{c}" for c in _TEXT)
    select = f"SELECT id, title, body, {flags} FROM search_text"
    starts = range(0, len(letters), _FOLD_STAGE)
    for start in starts:
        stage = letters[start : start + _FOLD_STAGE]
        folded = ", ".join(f"{_fold_sql(c, stage)} AS {c}" for c in _TEXT)
        carried = "" if start == starts[-1] else ", ascii_title, ascii_body"
        select = f"SELECT id, {folded}{carried} FROM ({select})"
    return f"CREATE VIEW search_folded AS {select}"


SEARCH_FOLDED = _folded_view()

SEARCH_TABLE = (
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "title, body, content = 'search_text', content_rowid = 'id', "
    "tokenize = 'unicode61 remove_diacritics 2')"
)


def _search_triggers(table: str) -> list[str]:
    code, title, body = SEARCH_SOURCES[table]
    # only the indexed columns: the touch trigger updates account rows on every `sam log`
    columns = ", ".join(([title] if title else []) + list(body))
    new_row, old_row = (f"{ref}.id * {SEARCH_KINDS} + {code}" for ref in ("NEW", "OLD"))
    add = (
        f"INSERT INTO search_text (id, title, body) VALUES ({_values(table, 'NEW')}); "
        "INSERT INTO search_index (rowid, title, body) "
        f"SELECT id, title, body FROM search_folded WHERE id = {new_row};"
    )
    remove = (
        "INSERT INTO search_index (search_index, rowid, title, body) "
        f"SELECT 'delete', id, title, body FROM search_folded WHERE id = {old_row}; "
        f"DELETE FROM search_text WHERE id = {old_row};"
    )
    return [
        f"CREATE TRIGGER tr_{table}_search_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER tr_{table}_search_update AFTER UPDATE OF {columns} ON {table} "
        f"BEGIN {remove} {add} END",
        f"CREATE TRIGGER tr_{table}_search_delete AFTER DELETE ON {table} BEGIN {remove} END",
    ]


def _recompute(target: str, column: str, ref: str) -> str:
    return (
        f"UPDATE {target} SET last_touch_at = (SELECT max(occurred_at) FROM interaction "
        f"WHERE {column} = {ref}) WHERE id = {ref};"
    )


TOUCH_TRIGGERS = [
    # an insert can only move the last touch forward: no MAX scan on the `sam log` path
    "CREATE TRIGGER tr_interaction_touch_insert AFTER INSERT ON interaction BEGIN "
    "UPDATE account SET last_touch_at = NEW.occurred_at WHERE id = NEW.account_id "
    "AND (last_touch_at IS NULL OR last_touch_at < NEW.occurred_at); "
    "UPDATE contact SET last_touch_at = NEW.occurred_at WHERE id = NEW.contact_id "
    "AND (last_touch_at IS NULL OR last_touch_at < NEW.occurred_at); END",
    "CREATE TRIGGER tr_interaction_touch_update "
    "AFTER UPDATE OF account_id, contact_id, occurred_at ON interaction BEGIN "
    + _recompute("account", "account_id", "OLD.account_id")
    + " "
    + _recompute("account", "account_id", "NEW.account_id")
    + " "
    + _recompute("contact", "contact_id", "OLD.contact_id")
    + " "
    + _recompute("contact", "contact_id", "NEW.contact_id")
    + " END",
    "CREATE TRIGGER tr_interaction_touch_delete AFTER DELETE ON interaction BEGIN "
    + _recompute("account", "account_id", "OLD.account_id")
    + " "
    + _recompute("contact", "contact_id", "OLD.contact_id")
    + " END",
]

# the newest sentiments of an account, newest first, as its health reads them
RECENT = (
    "(SELECT group_concat(s.sentiment, ',') FROM (SELECT i.sentiment FROM interaction i "
    "WHERE i.account_id = {ref} ORDER BY i.occurred_at DESC LIMIT 6) s)"
)


def _sentiments(ref: str) -> str:
    return f"UPDATE account SET recent_sentiments = {RECENT.format(ref=ref)} WHERE id = {ref};"


SENTIMENT_TRIGGERS = [
    "CREATE TRIGGER tr_interaction_sentiment_insert AFTER INSERT ON interaction BEGIN "
    + _sentiments("NEW.account_id")
    + " END",
    "CREATE TRIGGER tr_interaction_sentiment_update "
    "AFTER UPDATE OF account_id, occurred_at, sentiment ON interaction BEGIN "
    + _sentiments("OLD.account_id")
    + " "
    + _sentiments("NEW.account_id")
    + " END",
    "CREATE TRIGGER tr_interaction_sentiment_delete AFTER DELETE ON interaction BEGIN "
    + _sentiments("OLD.account_id")
    + " END",
]


def slot_of(ref: str) -> str:
    """The quarter hour a stored moment (``YYYY-MM-DDTHH:MM:SSZ``) falls in, as SQL:
    ``YYYY-MM-DDTHH:MM`` with the minutes 00, 15, 30 or 45."""
    # no printf('%02d'): SQLAlchemy's DDL reads a percent sign as a placeholder
    quarter = f"CAST(substr({ref}, 15, 2) AS INTEGER) / 15"
    return f"substr({ref}, 1, 14) || substr('00153045', {quarter} * 2 + 1, 2)"


TOUCH_SLOT = (
    "CREATE TABLE touch_slot (slot VARCHAR NOT NULL PRIMARY KEY, touches INTEGER NOT NULL)"
    " WITHOUT ROWID"
)


def _slot_add(ref: str) -> str:
    return (
        f"INSERT INTO touch_slot (slot, touches) VALUES ({slot_of(ref)}, 1)"
        " ON CONFLICT (slot) DO UPDATE SET touches = touches + 1;"
    )


def _slot_remove(ref: str) -> str:
    slot = slot_of(ref)
    return (
        f"UPDATE touch_slot SET touches = touches - 1 WHERE slot = {slot}; "
        f"DELETE FROM touch_slot WHERE slot = {slot} AND touches <= 0;"
    )


SLOT_TRIGGERS = [
    "CREATE TRIGGER tr_interaction_slot_insert AFTER INSERT ON interaction BEGIN "
    + _slot_add("NEW.occurred_at")
    + " END",
    "CREATE TRIGGER tr_interaction_slot_update AFTER UPDATE OF occurred_at ON interaction BEGIN "
    + _slot_remove("OLD.occurred_at")
    + " "
    + _slot_add("NEW.occurred_at")
    + " END",
    "CREATE TRIGGER tr_interaction_slot_delete AFTER DELETE ON interaction BEGIN "
    + _slot_remove("OLD.occurred_at")
    + " END",
]

TOUCH_SLOT_ASIDE = (
    "CREATE TABLE touch_slot_aside (slot VARCHAR NOT NULL PRIMARY KEY, "
    "touches INTEGER NOT NULL, prospects INTEGER NOT NULL) WITHOUT ROWID"
)


def in_scope(scope: AccountScope, ref: str) -> str:
    """``activity.scope_sql`` with its values written in: whether the account ``ref`` is
    one a figure counts (1 or 0)."""
    statuses = ", ".join(f"'{s.value}'" for s in scope.statuses)
    return f"({ref}.archived = 0 AND {ref}.status IN ({statuses}))"


def _aside_add(moment: str, account: str) -> str:
    """One touch at ``moment`` set aside when its account does not count."""
    return (
        "INSERT INTO touch_slot_aside (slot, touches, prospects) "
        f"SELECT {slot_of(moment)}, 1, {in_scope(PROSPECTS, 'a')} FROM account a "
        f"WHERE a.id = {account} AND NOT {in_scope(COUNTED, 'a')} "
        "ON CONFLICT (slot) DO UPDATE SET touches = touches + 1, "
        "prospects = prospects + excluded.prospects;"
    )


def _aside_remove(moment: str, account: str) -> str:
    slot = slot_of(moment)
    return (
        "UPDATE touch_slot_aside SET touches = touches - 1, prospects = prospects - "
        f"(SELECT {in_scope(PROSPECTS, 'a')} FROM account a WHERE a.id = {account}) "
        f"WHERE slot = {slot} AND EXISTS (SELECT 1 FROM account a WHERE a.id = {account} "
        f"AND NOT {in_scope(COUNTED, 'a')}); "
        f"DELETE FROM touch_slot_aside WHERE slot = {slot} AND touches <= 0;"
    )


# an account's touches by quarter hour, read from its (account, time) index
_ACCOUNT_SLOTS = (
    f"SELECT {slot_of('i.occurred_at')} AS slot, COUNT(*) AS n FROM interaction i "
    "WHERE i.account_id = {ref}.id GROUP BY 1"
)


def _aside_account_add(ref: str) -> str:
    """Every touch of the account ``ref`` set aside, when it does not count."""
    return (
        "INSERT INTO touch_slot_aside (slot, touches, prospects) "
        f"SELECT s.slot, s.n, s.n * {in_scope(PROSPECTS, ref)} "
        f"FROM ({_ACCOUNT_SLOTS.format(ref=ref)}) AS s WHERE NOT {in_scope(COUNTED, ref)} "
        "ON CONFLICT (slot) DO UPDATE SET touches = touches + excluded.touches, "
        "prospects = prospects + excluded.prospects;"
    )


def _aside_account_remove(ref: str) -> str:
    return (
        "UPDATE touch_slot_aside SET touches = touches - s.n, "
        f"prospects = prospects - s.n * {in_scope(PROSPECTS, ref)} "
        f"FROM ({_ACCOUNT_SLOTS.format(ref=ref)}) AS s "
        f"WHERE touch_slot_aside.slot = s.slot AND NOT {in_scope(COUNTED, ref)}; "
        "DELETE FROM touch_slot_aside WHERE touches <= 0 AND slot IN "
        f"(SELECT {slot_of('i.occurred_at')} FROM interaction i WHERE i.account_id = {ref}.id);"
    )


ASIDE_TRIGGERS = [
    # `sam log` on a counted account: one lookup of its account, nothing written
    "CREATE TRIGGER tr_interaction_aside_insert AFTER INSERT ON interaction BEGIN "
    + _aside_add("NEW.occurred_at", "NEW.account_id")
    + " END",
    "CREATE TRIGGER tr_interaction_aside_update "
    "AFTER UPDATE OF account_id, occurred_at ON interaction BEGIN "
    + _aside_remove("OLD.occurred_at", "OLD.account_id")
    + " "
    + _aside_add("NEW.occurred_at", "NEW.account_id")
    + " END",
    "CREATE TRIGGER tr_interaction_aside_delete AFTER DELETE ON interaction BEGIN "
    + _aside_remove("OLD.occurred_at", "OLD.account_id")
    + " END",
    # an account that starts or stops counting: its touches as it was out, as it is in
    "CREATE TRIGGER tr_account_aside AFTER UPDATE OF status, archived ON account "
    "WHEN OLD.status IS NOT NEW.status OR OLD.archived IS NOT NEW.archived BEGIN "
    + _aside_account_remove("OLD")
    + " "
    + _aside_account_add("NEW")
    + " END",
    # an account deleted with its touches still there (foreign keys off): they are set
    # aside no more, as the touches of any account that is gone
    "CREATE TRIGGER tr_account_aside_delete AFTER DELETE ON account BEGIN "
    + _aside_account_remove("OLD")
    + " END",
]

TRIGGERS: list[str] = (
    TOUCH_TRIGGERS
    + SENTIMENT_TRIGGERS
    + SLOT_TRIGGERS
    + ASIDE_TRIGGERS
    + [statement for table in SEARCH_SOURCES for statement in _search_triggers(table)]
)

# Run after the tables exist: CREATE statements, in order.
STATEMENTS: list[str] = [
    SEARCH_TEXT,
    SEARCH_FOLDED,
    SEARCH_TABLE,
    TOUCH_SLOT,
    TOUCH_SLOT_ASIDE,
    *TRIGGERS,
]


def drop_triggers() -> list[str]:
    """A migration that rebuilds a table (create new, copy, drop, rename) runs these first
    and ``TRIGGERS`` again last: SQLite refuses the RENAME while a trigger on another table
    names the table being replaced."""
    return [f"DROP TRIGGER {s.split()[2]}" for s in TRIGGERS]
