"""Full-text search over the FTS5 index: ranked hits with their account, date, label and snippet.

The index (``store.triggers``) holds one row per searchable record, its rowid encoding
the source as ``id * SEARCH_KINDS + code``, its words folded as the query's are
(``domain.search.SEARCH_FOLDS``) while snippets come from the text as written. A search
runs in up to three passes, each one walk over the matching index entries, so its cost
stays bounded on a large file:

1. rank: bm25 (a title match weighs ``TITLE_WEIGHT`` times a body match) over the
   matches that pass the filters. When more than ``WINDOW`` match, only the newest
   ``WINDOW`` (highest rowids) are ranked: scoring half a million rows of a word like
   "the" would take seconds, and it ranks nothing useful.
2. titles, only in that broad case: the same query on titles alone, so an account,
   complaint or deal named by the words is not pushed out of the window by notes.
3. snippets, for the hits shown only (within one account, whose matches are few, they
   are cut while ranking instead): ``snippet()`` marks the matched words with
   private-use characters that ``domain.search.segments`` turns into (text, matched)
   pairs; the renderers style those, so stored text never meets a markup parser.

Filters (kind, account, archived accounts) are evaluated on each index entry before
it is scored: they cut work, not just results.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import NamedTuple

from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.search import (
    MATCH_END,
    MATCH_START,
    SearchKind,
    SearchQuery,
    Segment,
    parse_query,
    segments,
)
from sam_tui.domain.text import shorten
from sam_tui.services import accounts
from sam_tui.store import db
from sam_tui.store.triggers import SEARCH_KINDS, SEARCH_SOURCES

TITLE_WEIGHT = 10.0
WINDOW = 20_000
MAX_LIMIT = 500
SNIPPET_TOKENS = 12

KIND_OF: dict[str, SearchKind] = {
    "account": SearchKind.ACCOUNT,
    "contact": SearchKind.CONTACT,
    "interaction": SearchKind.INTERACTION,
    "complaint": SearchKind.COMPLAINT,
    "complaint_update": SearchKind.COMPLAINT,
    "idea": SearchKind.IDEA,
    "internal_request": SearchKind.REQUEST,
    "deal": SearchKind.DEAL,
    "follow_up": SearchKind.FOLLOW_UP,
}
_SOURCE_OF_CODE = {code: table for table, (code, _title, _body) in SEARCH_SOURCES.items()}


class _Source(NamedTuple):
    """Where a searchable table's rows come from, all on alias ``r``."""

    source: str  # the FROM clause
    owner: str  # the account id expression
    at: str  # the date column shown
    label: str  # the columns the label is made of, as a, b and c


_SOURCES: dict[str, _Source] = {
    "account": _Source(
        "account r", "r.id", "r.created_at", "r.tier AS a, r.status AS b, NULL AS c"
    ),
    "contact": _Source(
        "contact r", "r.account_id", "r.created_at", "r.name AS a, r.role AS b, NULL AS c"
    ),
    "interaction": _Source(
        "interaction r",
        "r.account_id",
        "r.occurred_at",
        "r.channel AS a, (SELECT name FROM contact WHERE id = r.contact_id) AS b, NULL AS c",
    ),
    "complaint": _Source(
        "complaint r", "r.account_id", "r.opened_at", "r.severity AS a, r.status AS b, NULL AS c"
    ),
    "complaint_update": _Source(
        "complaint_update r JOIN complaint p ON p.id = r.complaint_id",
        "p.account_id",
        "r.at",
        "p.id AS a, p.title AS b, r.status AS c",
    ),
    "idea": _Source(
        "idea r", "r.account_id", "r.created_at", "r.status AS a, NULL AS b, NULL AS c"
    ),
    "internal_request": _Source(
        "internal_request r", "r.account_id", "r.asked_at", "r.team AS a, r.status AS b, NULL AS c"
    ),
    "deal": _Source("deal r", "r.account_id", "r.created_at", "r.stage AS a, NULL AS b, NULL AS c"),
    "follow_up": _Source(
        "follow_up r", "r.account_id", "r.created_at", "r.status AS a, r.due_date AS b, NULL AS c"
    ),
}


class SearchHit(NamedTuple):
    """One record that matched, with what a result list shows about it."""

    kind: SearchKind
    # the table the record lives in: a complaint update is kind complaint, source complaint_update
    source: str
    id: int
    account_id: int
    account_name: str
    account_archived: bool
    at: datetime
    # who or what the record is: "call with Jane Doe", "#3 high · open", "Jane Doe (CFO)"
    label: str
    # the matched passage as (text, matched) parts; text is stored text, shown literally
    snippet: tuple[Segment, ...]
    # relevance: higher is better (bm25, sign flipped)
    score: float
    # the complaint a complaint update belongs to
    parent_id: int | None = None


class SearchResult(NamedTuple):
    query: SearchQuery
    hits: list[SearchHit]
    # how many matches were ranked (at most WINDOW)
    ranked: int
    # more than WINDOW matched: the newest WINDOW were ranked, with every title match
    broad: bool
    # archived accounts exist and their records were left out
    archived_left_out: bool = False


def _owned_rowids(accounts_sql: str) -> str:
    """Index rowids of every record belonging to the accounts ``accounts_sql`` selects."""
    arms = []
    for table, (source, owner, _, _) in _SOURCES.items():
        code = SEARCH_SOURCES[table][0]
        arms.append(
            f"SELECT r.id * {SEARCH_KINDS} + {code} FROM {source} WHERE {owner} IN ({accounts_sql})"
        )
    return " UNION ALL ".join(arms)


def _account_of_entry() -> str:
    """The account id of index entry ``s``: one primary-key lookup or two, per entry."""
    arms = []
    for table, (source, owner, _, _) in _SOURCES.items():
        code = SEARCH_SOURCES[table][0]
        if table == "account":
            arms.append(f"WHEN {code} THEN s.rowid / {SEARCH_KINDS}")
        else:
            arms.append(
                f"WHEN {code} THEN (SELECT {owner} FROM {source} "
                f"WHERE r.id = s.rowid / {SEARCH_KINDS})"
            )
    return f"(CASE s.rowid % {SEARCH_KINDS} {' '.join(arms)} END)"


def _filters(
    conn: sqlite3.Connection,
    kinds: set[SearchKind] | None,
    account_id: int | None,
    include_archived: bool,
) -> tuple[str, dict[str, object], bool]:
    """WHERE terms on the index entry ``s``, their parameters, and whether archived
    accounts' records are left out."""
    # The unary plus keeps the account's set off FTS5's rowid constraint, which would re-run
    # the whole MATCH once per listed rowid instead of checking each match against the set.
    clauses: list[str] = []
    params: dict[str, object] = {}
    if kinds is not None:
        codes = sorted(SEARCH_SOURCES[t][0] for t, k in KIND_OF.items() if k in kinds)
        clauses.append(f"s.rowid % {SEARCH_KINDS} IN ({', '.join(map(str, codes))})")
    left_out = False
    if account_id is not None:
        clauses.append(f"+s.rowid IN ({_owned_rowids(':account')})")
        params["account"] = account_id
    elif not include_archived:
        exists = "SELECT EXISTS (SELECT 1 FROM account WHERE archived = 1)"
        left_out = bool(conn.execute(exists).fetchone()[0])
    if left_out:
        # checked entry by entry: the ranking window stops after WINDOW entries pass, and a
        # set of every archived record would cost more than a narrow search itself
        clauses.append(f"{_account_of_entry()} NOT IN (SELECT id FROM account WHERE archived = 1)")
    return "".join(f" AND {c}" for c in clauses), params, left_out


# Text that holds a marker character itself gets no highlight rather than a wrong one.
_MARKED = "(instr(s.title, :m1) OR instr(s.title, :m2) OR instr(s.body, :m1) OR instr(s.body, :m2))"
_SNIPPET = (
    f"{_MARKED} AS marked, CASE WHEN {_MARKED} "
    f"THEN snippet(search_index, -1, '', '', '…', {SNIPPET_TOKENS}) "
    f"ELSE snippet(search_index, -1, :m1, :m2, '…', {SNIPPET_TOKENS}) END AS snippet"
)


class _Ranked(NamedTuple):
    rowid: int
    bm25: float
    # how many matches were ranked (the same on every row)
    ranked: int
    snippet: tuple[Segment, ...] | None


def _parts(marked: object, snippet: str) -> tuple[Segment, ...]:
    return ((snippet, False),) if marked else segments(snippet)


def _rank(
    conn: sqlite3.Connection,
    match: str,
    where: str,
    params: dict[str, object],
    limit: int,
    *,
    snippets: bool = False,
) -> list[_Ranked]:
    """The best ``limit`` among the newest WINDOW matches.

    ``snippets``: cut them in this pass too, for every match ranked; worth it when the
    filters leave few (one account's records), a pass of its own otherwise.
    """
    extra = f", {_SNIPPET}" if snippets else ", NULL AS marked, NULL AS snippet"
    sql = f"""
        SELECT rowid, score, count(*) OVER () AS ranked, marked, snippet FROM (
            SELECT s.rowid AS rowid, bm25(search_index, {TITLE_WEIGHT}, 1.0) AS score{extra}
              FROM search_index s
             WHERE search_index MATCH :match{where}
             ORDER BY s.rowid DESC LIMIT {WINDOW + 1})
         ORDER BY score, rowid DESC LIMIT :limit"""
    values = {**params, "match": match, "limit": limit, "m1": MATCH_START, "m2": MATCH_END}
    return [
        _Ranked(r[0], r[1], r[2], None if r[4] is None else _parts(r[3], r[4]))
        for r in conn.execute(sql, values)
    ]


def _snippets(
    conn: sqlite3.Connection, match: str, rowids: list[int]
) -> dict[int, tuple[Segment, ...]]:
    """One more walk over the matches, cutting snippets for these entries only."""
    if not rowids:
        return {}
    sql = f"""
        SELECT s.rowid, {_SNIPPET}
          FROM search_index s
         WHERE search_index MATCH :match
           AND +s.rowid IN ({", ".join(str(r) for r in rowids)})"""
    rows = conn.execute(sql, {"match": match, "m1": MATCH_START, "m2": MATCH_END})
    return {r[0]: _parts(r[1], r[2]) for r in rows}


def _label(table: str, a: object, b: object, c: object) -> str:
    if table == "account":
        return f"{a} · {b}"
    if table == "contact":
        return f"{a} ({b})" if b else str(a)
    if table == "interaction":
        return f"{a} with {b}" if b else str(a)
    if table == "complaint_update":
        moved = f" ({c})" if c else ""
        return f"update{moved} on #{a} {shorten(str(b), 40)}"
    if table == "internal_request":
        return f"to {a} · {b}"
    if table == "follow_up":
        return f"{a} · due {b}"
    # complaint, idea, deal: their own fields
    return " · ".join(str(x) for x in (a, b) if x)


def _details(conn: sqlite3.Connection, table: str, ids: list[int]) -> dict[int, SearchHit]:
    """The hits for these records of ``table``, without snippet and score yet."""
    source, owner, at, label_columns = _SOURCES[table]
    sql = f"""
        SELECT r.id, {owner} AS account_id, acc.name, acc.archived, {at} AS at, {label_columns}
          FROM {source} JOIN account acc ON acc.id = {owner}
         WHERE r.id IN ({", ".join(str(i) for i in ids)})"""
    found = {}
    for r in conn.execute(sql):
        label = _label(table, r["a"], r["b"], r["c"])
        if table in ("complaint", "idea", "internal_request", "deal", "follow_up"):
            label = f"#{r['id']} {label}"
        found[r["id"]] = SearchHit(
            kind=KIND_OF[table],
            source=table,
            id=r["id"],
            account_id=r["account_id"],
            account_name=r["name"],
            account_archived=bool(r["archived"]),
            at=db.parse_ts(r["at"]),
            label=label,
            snippet=(),
            score=0.0,
            parent_id=r["a"] if table == "complaint_update" else None,
        )
    return found


def search(
    conn: sqlite3.Connection,
    text: str,
    *,
    account_ref: str | None = None,
    account_id: int | None = None,
    kinds: set[SearchKind] | None = None,
    include_archived: bool = False,
    limit: int = 20,
) -> SearchResult:
    """The best ``limit`` records matching ``text`` (see ``domain.search`` for the rules).

    Archived accounts' records are left out unless ``include_archived``, or unless the
    search is limited to that account (by ``account_ref`` or ``account_id``).
    """
    query = parse_query(text)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"the limit must be between 1 and {MAX_LIMIT}")
    with db.read(conn):
        if account_ref is not None:
            account_id = accounts.find(conn, account_ref, archived=True).id
        where, params, left_out = _filters(conn, kinds, account_id, include_archived)
        # one account's records are few: their snippets come with the ranking
        scoped = account_id is not None
        ranked = _rank(conn, query.expression, where, params, limit, snippets=scoped)
        # one more than WINDOW is ranked, so that "more than WINDOW" can be told
        count = min(ranked[0].ranked, WINDOW) if ranked else 0
        broad = bool(ranked) and ranked[0].ranked > WINDOW
        if broad:
            titles = _rank(conn, query.in_column("title"), where, params, limit)
            seen = {t.rowid for t in titles}
            ranked = (titles + [r for r in ranked if r.rowid not in seen])[:limit]
        snippets = {r.rowid: r.snippet for r in ranked if r.snippet is not None}
        snippets.update(
            _snippets(conn, query.expression, [r.rowid for r in ranked if r.rowid not in snippets])
        )
        by_table: dict[str, list[int]] = {}
        for r in ranked:
            table = _SOURCE_OF_CODE[r.rowid % SEARCH_KINDS]
            by_table.setdefault(table, []).append(r.rowid // SEARCH_KINDS)
        details = {
            (table, ident): detail
            for table, ids in by_table.items()
            for ident, detail in _details(conn, table, ids).items()
        }
    hits = []
    for r in ranked:
        hit = details.get((_SOURCE_OF_CODE[r.rowid % SEARCH_KINDS], r.rowid // SEARCH_KINDS))
        if hit is None:  # cannot happen: the index and its tables change in one transaction
            continue
        hits.append(hit._replace(snippet=snippets.get(r.rowid, ()), score=-r.bm25))
    return SearchResult(
        query=query, hits=hits, ranked=count, broad=broad, archived_left_out=left_out
    )
