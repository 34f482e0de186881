"""Planning a CSV import: every row read, checked and matched against the book; nothing written.

The plan says what would be created, updated and skipped and why, which column went to
which field, and every problem with its line, column and value. A plan with problems is
refused whole. Matching (issue 15): a record an earlier import made is found by its
source id (``external_ref``); otherwise accounts by name (case, accents and punctuation
folded), contacts by email then by name within their account, deals by name within
their account, activities by account, moment and text. On a re-import, a field the user
changed in sam since is kept unless ``overwrite``; the plan says which.

Over 450 lines on purpose: one ``_Planner`` walks the four kinds of record (accounts,
contacts, deals, activities) through the same steps (read the field, match, compare with
the book, note the problem with its line); kept together, a rule changed for one kind is
seen to hold, or not, for the others.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any, NamedTuple

from sam_tui import clock
from sam_tui.domain import refs
from sam_tui.domain.enums import (
    AccountStatus,
    Channel,
    DealKind,
    DealStage,
    ForecastCategory,
    Influence,
    ProspectStage,
    Tier,
    choose,
    parse_sentiment,
)
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.sales import DEFAULT_PROBABILITY, is_closed
from sam_tui.domain.text import check_user_text
from sam_tui.interop import cells, vocab
from sam_tui.interop.columns import (
    FIELDS,
    ColumnUse,
    Entity,
    detect_source,
    map_columns,
    parse_map,
)
from sam_tui.interop.csvfile import CsvTable, Record
from sam_tui.services.accounts import NAME_KEYS, AccountInput
from sam_tui.services.contacts import ContactInput
from sam_tui.services.imports import Book, Create, Known, NewAccount, Operations, Ref, Update
from sam_tui.store import db

TABLES = {
    Entity.ACCOUNTS: "account",
    Entity.CONTACTS: "contact",
    Entity.DEALS: "deal",
    Entity.ACTIVITIES: "interaction",
}
# What each file type needs from the book.
NEEDS = {
    Entity.ACCOUNTS: ("account",),
    Entity.CONTACTS: ("account", "contact"),
    Entity.DEALS: ("account", "deal"),
    Entity.ACTIVITIES: ("account", "contact", "interaction"),
}
_DATE_FIELDS = {"renewal", "close", "created", "won-time", "lost-time", "date"}
Progress = Callable[[int, int], None]


class Options(NamedTuple):
    entity: Entity
    source: str = "auto"
    maps: tuple[str, ...] = ()
    date_format: str | None = None
    stage_map: tuple[str, ...] = ()
    create_accounts: bool = False
    overwrite: bool = False
    encoding: str | None = None  # --encoding: instead of working it out


class Problem(NamedTuple):
    line: int | None  # None: the whole file or column
    column: str | None
    value: str | None
    message: str

    def text(self) -> str:
        where = [f"line {self.line}"] if self.line is not None else []
        if self.column is not None:
            where.append(f"column {self.column}")
        value = f"'{self.value}': " if self.value is not None else ""
        prefix = ", ".join(where)
        return f"{prefix}: {value}{self.message}" if prefix else f"{value}{self.message}"


class Skip(NamedTuple):
    line: int
    label: str
    reason: str


class Plan(NamedTuple):
    file: str
    entity: Entity
    source: str
    detected: bool  # the source was read from the headers
    encoding: str
    delimiter: str
    rows: int
    columns: list[ColumnUse]
    creates: list[Create]
    new_accounts: list[Create]  # --create-accounts
    updates: list[Update]  # with changes
    unchanged: list[Update]
    skips: list[Skip]
    notices: list[str]
    problems: list[Problem]
    ops: Operations


class _Bad(Exception):
    """A row problem already recorded: the row is dropped."""


class _Planner:
    """One file's planning state: columns read, lookups over the book, what rows asked for."""

    def __init__(self, table: CsvTable, name: str, options: Options, book: Book) -> None:
        self.table = table
        self.name = name
        self.options = options
        self.book = book
        self.entity = options.entity
        header = table.header
        if options.source == "auto":
            rows = [r.cells for r in table.records[:200]]
            self.source, self.detected = detect_source(header, self.entity, rows), True
        else:
            self.source, self.detected = options.source, False
        self.columns = map_columns(header, self.entity, parse_map(options.maps, self.entity))
        self.fields = self.columns.fields
        self.problems: list[Problem] = [Problem(line, None, None, m) for line, m in table.problems]
        self.notices: list[str] = list(table.notices)
        self.stage_map = vocab.parse_stage_map(list(options.stage_map))
        self.order, self.pattern = (
            cells.parse_date_format(options.date_format) if options.date_format else (None, None)
        )
        self.date_orders: dict[int, str | None] = {}
        self.bad_columns: set[int] = set()
        self.marks: dict[int, str | None] = {}
        self._ambiguous: dict[int, str] = {}
        self.creates: list[Create] = []
        self.new_accounts: list[Create] = []
        self.new_account_keys: dict[str, NewAccount] = {}
        self.updates: list[Update] = []
        self.unchanged: list[Update] = []
        self.skips: list[Skip] = []
        self.counts: dict[str, int] = {}
        self.claimed: dict[tuple[str, int], int] = {}  # (table, id) -> line that matched it
        self.seen: dict[str, int] = {}  # a key in this file -> its first line
        # a Latin account name as `sam account add` compares it (``refs.fold_key``) -> the
        # first line and name that had it
        self.folded_names: dict[str, tuple[int, str]] = {}
        self.now = clock.now()
        self._made_by_id: set[tuple[str, int]] | None = None
        # a field fed by one column: its index (most are), for the per-cell lookups
        self.single = {f: cols[0] for f, cols in self.fields.items() if len(cols) == 1}
        self._index_book()

    # --- the book, indexed for matching -------------------------------------------------

    def _index_book(self) -> None:
        self.account_keys: dict[str, int] = {}
        self.account_folds: dict[str, list[int]] = {}
        # Latin names only (``named``): also without spaces and punctuation, as `sam
        # account add` compares them (``O Brien`` is ``O'Brien``)
        self.account_fold_keys: dict[str, list[int]] = {}
        for known in self.book.accounts.values():
            self.account_keys[str(known.values["name_key"])] = known.id
            name = str(known.values["name"])
            if refs.latin_only(name):
                self.account_folds.setdefault(cells.fold(name), []).append(known.id)
                self.account_fold_keys.setdefault(refs.fold_key(name), []).append(known.id)
        self.emails: dict[str, list[int]] = {}
        self.people: dict[tuple[int, str], list[int]] = {}
        for known in self.book.contacts.values():
            email = known.values.get("email")
            if email:
                self.emails.setdefault(str(email).casefold(), []).append(known.id)
            key = (int(known.values["account_id"]), cells.fold(str(known.values["name"])))
            self.people.setdefault(key, []).append(known.id)
        self.deal_names: dict[tuple[int, str], list[int]] = {}
        for known in self.book.deals.values():
            key = (int(known.values["account_id"]), cells.fold(str(known.values["name"])))
            self.deal_names.setdefault(key, []).append(known.id)

    # --- columns ------------------------------------------------------------------------------

    def check_columns(self) -> None:
        have = set(self.fields)

        def need(any_of: tuple[str, ...], what: str) -> None:
            if not have & set(any_of):
                looked = next(f for f in FIELDS[self.entity] if f.name == any_of[0]).aliases
                self.problems.append(
                    Problem(
                        None,
                        None,
                        None,
                        f"no column for the {what} (looked for {', '.join(looked[:4])}); "
                        f"name one with --map 'COLUMN={any_of[0]}'",
                    )
                )

        if self.entity is Entity.ACCOUNTS:
            need(("name",), "account name")
        elif self.entity is Entity.CONTACTS:
            need(("name", "first-name", "last-name"), "contact's name")
            need(("account", "account-id"), "contact's account")
        elif self.entity is Entity.DEALS:
            need(("name",), "deal name")
            need(("account", "account-id"), "deal's account")
            need(("stage", "status"), "deal stage")
        else:
            need(("date",), "activity date")
            need(("subject", "details"), "activity subject")
            need(("account", "account-id"), "activity's account")
        for field, indexes in self.fields.items():
            if field in _DATE_FIELDS:
                for index in indexes:
                    self._date_column(index)
            if field == "amount" or field == "value":
                for index in indexes:
                    self.marks[index] = cells.decimal_mark(self._values(index))

    def _values(self, index: int) -> list[str]:
        return [
            r.cells[index].strip()
            for r in self.table.records
            if index < len(r.cells) and r.cells[index].strip()
        ]

    def _date_column(self, index: int) -> None:
        if self.order is not None or self.pattern is not None:
            self.date_orders[index] = self.order
            return
        evidence = cells.date_evidence(self._values(index))
        header = self.table.header[index]
        if evidence.conflict:
            day_first, month_first = evidence.conflict
            self.problems.append(
                Problem(
                    None,
                    header,
                    None,
                    f"mixes day-first ('{day_first}') and month-first ('{month_first}') dates; "
                    "fix the file or give --date-format",
                )
            )
            self.bad_columns.add(index)
        self.date_orders[index] = evidence.order
        if evidence.order is None and evidence.ambiguous:
            self.date_orders[index] = None
            self._ambiguous[index] = evidence.ambiguous

    def settle_dates(self) -> None:
        """A column nothing settles borrows the order another date column of the file shows
        (one export, one locale); with none, it is refused and --date-format asked for."""
        known = {o for i, o in self.date_orders.items() if o and i not in self.bad_columns}
        for index, example in self._ambiguous.items():
            if len(known) == 1:
                order = next(iter(known))
                self.date_orders[index] = order
                self.notices.append(
                    f"column {self.table.header[index]}: dates read {order} like the file's "
                    "other date columns"
                )
                continue
            self.problems.append(
                Problem(
                    None,
                    self.table.header[index],
                    None,
                    f"dates like '{example}' read two ways (day or month first) and no date "
                    "settles it; give --date-format DMY or MDY",
                )
            )
            self.bad_columns.add(index)

    # --- rows -------------------------------------------------------------------------------

    def get(self, record: Record, field: str) -> tuple[str, int] | None:
        """The first filled cell among the field's columns: (text, column index)."""
        index = self.single.get(field)
        if index is not None:
            row = record.cells
            text = row[index].strip() if index < len(row) else ""
            return (text, index) if text else None
        for index in self.fields.get(field, ()):
            if index < len(record.cells):
                text = record.cells[index].strip()
                if text:
                    return text, index
        return None

    def text(self, record: Record, field: str) -> str | None:
        found = self.get(record, field)
        return found[0] if found else None

    def phones(self, record: Record) -> str:
        """Every number of the row, the work one first: ``+1 555 0100 / mobile +1 555 0199``."""
        parts: list[str] = []
        for index in self.fields.get("phone", ()):
            text = record.cells[index].strip() if index < len(record.cells) else ""
            if not text or any(text in p for p in parts):
                continue
            word = cells.phone_label(self.table.header[index])
            parts.append(f"{word} {text}" if word else text)
        return " / ".join(parts)

    def mapped(self, field: str) -> bool:
        return field in self.fields

    def fail(self, record: Record, index: int | None, value: str | None, message: str) -> _Bad:
        column = self.table.header[index] if index is not None else None
        self.problems.append(Problem(record.line, column, value, message))
        return _Bad()

    def parsed(self, record: Record, field: str, parse: Callable[[str], Any]) -> Any:
        found = self.get(record, field)
        if found is None:
            return None
        text, index = found
        try:
            return parse(text)
        except InvalidInput as exc:
            raise self.fail(record, index, text, _plain(str(exc), text)) from None

    def date_of(self, record: Record, field: str) -> date | datetime | None:
        found = self.get(record, field)
        if found is None or found[1] in self.bad_columns:
            return None
        text, index = found
        try:
            return cells.parse_date(text, self.date_orders.get(index), self.pattern)
        except InvalidInput as exc:
            raise self.fail(record, index, text, _plain(str(exc), text)) from None

    def amount_of(self, record: Record, field: str) -> cells.Amount | None:
        found = self.get(record, field)
        if found is None:
            return None
        text, index = found
        try:
            return cells.parse_amount(text, self.marks.get(index))
        except InvalidInput as exc:
            raise self.fail(record, index, text, _plain(str(exc), text)) from None

    def check_currency(self, record: Record, amount: cells.Amount | None) -> None:
        found = self.get(record, "currency")
        currency = found[0] if found else amount.currency if amount else None
        if currency and not cells.same_currency(currency, self.book.currency):
            where = found or self.get(record, "amount") or self.get(record, "value")
            index = where[1] if where else None
            raise self.fail(
                record,
                index,
                currency,
                f"not the book's currency ({self.book.currency}); sam holds one currency: "
                f"if the whole book is in {currency.upper()}, run `sam config currency "
                f"{currency.upper()}` first",
            )

    def source_id(self, record: Record, field: str = "id") -> str | None:
        text = self.text(record, field)
        return cells.source_key(text, self.source) if text else None

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def once(self, key: str, record: Record, what: str) -> None:
        """Refuse a second row for the same record in one file."""
        first = self.seen.setdefault(key, record.line)
        if first != record.line:
            raise self.fail(record, None, None, f"repeats {what} of line {first}")

    def one_folded_name(self, record: Record, index: int | None, label: str) -> None:
        """Refuse a second account whose Latin name is the first's but for accents, case,
        spaces or punctuation, as `sam account add` does: names are matched without them,
        so `sam log societe` could not tell "Société Générale" from "Societe Generale"."""
        if not refs.latin_only(label):
            return  # other scripts: only the same name twice is refused (``once``)
        line, other = self.folded_names.setdefault(refs.fold_key(label), (record.line, label))
        if line != record.line:
            raise self.fail(
                record,
                index,
                label,
                f"is the account name of line {line} ('{other}') but for accents, case or "
                "punctuation, and sam matches names without them: keep one row, or give it a "
                "name of its own (its city or division, say)",
            )

    def claim(self, table: str, ident: int, record: Record, label: str) -> None:
        first = self.claimed.setdefault((table, ident), record.line)
        if first != record.line:
            raise self.fail(
                record, None, None, f"'{label}' is the same {table} in sam as line {first}"
            )

    # --- matching ------------------------------------------------------------------------------

    def by_ref(
        self, table: str, known: dict[int, Known], *keys: str | None
    ) -> tuple[int, Ref] | None:
        """The record the first of ``keys`` (a source id, a derived key) was imported as."""
        for key in keys:
            ref = None if key is None else self.book.refs.get((table, key))
            if ref is not None and ref.entity_id in known:
                return ref.entity_id, ref
        return None

    def account_by_name(self, record: Record, name: str, index: int | None) -> int | None:
        exact = self.account_keys.get(refs.name_key(name))
        if exact is not None or not refs.latin_only(name):
            return exact
        found = self.account_folds.get(cells.fold(name)) or self.account_fold_keys.get(
            refs.fold_key(name), []
        )
        if len(found) > 1:
            names = ", ".join(f"'{self.book.accounts[i].values['name']}'" for i in found[:4])
            raise self.fail(record, index, name, f"matches several accounts in sam: {names}")
        return found[0] if found else None

    def account_for(self, record: Record) -> tuple[int | NewAccount, str]:
        """The account a contact, deal or activity belongs to: by the source's account id,
        else by name; unknown ones are new accounts with ``--create-accounts``."""
        account_key = self.source_id(record, "account-id")
        found = self.get(record, "account")
        name, index = found if found else (None, None)
        hit = self.by_ref("account", self.book.accounts, account_key)
        if hit is not None:
            return hit[0], str(self.book.accounts[hit[0]].values["name"])
        if name is not None:
            ident = self.account_by_name(record, name, index)
            if ident is not None:
                return ident, str(self.book.accounts[ident].values["name"])
        if name is None:
            id_index = self.fields["account-id"][0] if account_key else None
            raise self.fail(
                record,
                id_index,
                account_key,
                "no account in sam has this id (import the accounts first)"
                if account_key
                else "no account given",
            )
        if not self.options.create_accounts:
            raise self.fail(
                record,
                index,
                name,
                "no such account in sam (import the accounts first, or add --create-accounts)",
            )
        return self.new_account(record, name, account_key, index), name

    def new_account(
        self, record: Record, name: str, account_key: str | None, index: int | None
    ) -> NewAccount:
        folded = named(name)
        if folded in self.new_account_keys:
            return self.new_account_keys[folded]
        try:
            values = AccountInput(name=name).columns()
        except InvalidInput as exc:
            raise self.fail(record, index, name, _plain(str(exc), name)) from None
        values.update(tier=Tier.KEY.value, status=AccountStatus.ACTIVE.value, archived=False)
        placeholder = NewAccount(len(self.new_accounts))
        self.new_accounts.append(
            Create(
                record.line,
                "account",
                name,
                values,
                account_key or f"name:{folded}",
                {"name": values["name"]},
            )
        )
        self.new_account_keys[folded] = placeholder
        return placeholder

    def create(
        self,
        record: Record,
        table: str,
        label: str,
        account: int | NewAccount,
        values: dict[str, Any],
        key: str | None,
        incoming: dict[str, Any],
    ) -> None:
        """A record of ``account`` that sam does not have yet: created, unless that account
        is archived in sam."""
        if isinstance(account, int) and self.book.accounts[account].values["archived"]:
            self.skips.append(Skip(record.line, label, "its account is archived in sam"))
        else:
            self.creates.append(Create(record.line, table, label, values, key, incoming))

    def diff(
        self, known: Known, incoming: dict[str, Any], imported: dict[str, Any] | None
    ) -> tuple[dict[str, tuple[Any, Any]], dict[str, tuple[Any, Any]]]:
        """(changes, kept): a field is changed when sam still holds what the last import
        set (or nothing), kept when the user changed it since (unless overwrite)."""
        changes: dict[str, tuple[Any, Any]] = {}
        kept: dict[str, tuple[Any, Any]] = {}
        for column, new in incoming.items():
            current = known.values.get(column)
            if current == new or (
                column == "email"
                and isinstance(current, str)
                and isinstance(new, str)
                and current.casefold() == new.casefold()
            ):
                continue
            untouched = imported is not None and column in imported and imported[column] == current
            if self.options.overwrite or untouched or current in (None, ""):
                changes[column] = (current, new)
            else:
                kept[column] = (current, new)
        return changes, kept

    def settle(
        self,
        record: Record,
        table: str,
        label: str,
        known: Known,
        ref: Ref | None,
        key: str | None,
        incoming: dict[str, Any],
        adjust: Callable[[dict[str, tuple[Any, Any]], dict[str, tuple[Any, Any]]], None]
        | None = None,
    ) -> None:
        changes, kept = self.diff(known, incoming, ref.values if ref else None)
        if adjust is not None:
            adjust(changes, kept)
        update = Update(record.line, table, known.id, label, changes, kept, key, ref, incoming)
        if changes:
            self.updates.append(update)
        else:
            self.unchanged.append(update)

    # --- per entity --------------------------------------------------------------------------

    def account(self, record: Record) -> None:
        found = self.get(record, "name")
        if found is None:
            raise self.fail(record, self.fields["name"][0], "", "the account name is empty")
        name, name_index = found
        tier = self.parsed(record, "tier", lambda t: choose(Tier, t, "tier"))
        status = self.parsed(record, "status", vocab.account_status)
        value = self.amount_of(record, "value")
        self.check_currency(record, value)
        renewal = self.date_of(record, "renewal")
        cadence = self.parsed(record, "cadence", _days)
        archived = self.parsed(record, "archived", _yes_no)
        try:
            values = AccountInput(
                name=name,
                industry=self.text(record, "industry") or "",
                region=self.text(record, "region") or "",
                notes=self.text(record, "notes") or "",
                cadence_days=cadence,
            ).columns()
        except InvalidInput as exc:
            raise self.fail(record, name_index, name, _plain(str(exc), name)) from None
        incoming: dict[str, Any] = {"name": values["name"]}
        for field, column in (("industry", "industry"), ("region", "region"), ("notes", "notes")):
            if self.mapped(field):
                incoming[column] = values.get(column)
        optional = {
            "tier": (tier.value if tier else None),
            "status": (status.value if status else None),
            "value": value.cents if value else None,
            "renewal": cells.as_day(renewal).isoformat() if renewal else None,
            "cadence": cadence,
        }
        columns = {
            "tier": "tier",
            "status": "status",
            "value": "annual_value_cents",
            "renewal": "renewal_date",
            "cadence": "cadence_days",
        }
        for field, column in columns.items():
            if self.mapped(field) and (
                optional[field] is not None or field not in ("tier", "status")
            ):
                incoming[column] = optional[field]
        key = self.source_id(record)
        label = str(values["name"])
        self.once(f"name:{values['name_key']}", record, f"the account name '{label}'")
        if key:
            self.once(f"id:{key}", record, "the source id")
        derived = f"name:{named(name)}"
        self.one_folded_name(record, name_index, label)
        hit = self.by_ref("account", self.book.accounts, key, derived)
        ident = hit[0] if hit else self.account_by_name(record, name, name_index)
        ref = hit[1] if hit else None
        if ident is None:
            create = {**values, "tier": Tier.KEY.value, "status": AccountStatus.ACTIVE.value}
            create.update({k: v for k, v in incoming.items() if v is not None})
            create["archived"] = bool(archived)
            if create["status"] == AccountStatus.PROSPECT.value:
                create["prospect_stage"] = ProspectStage.IDENTIFIED.value
            self.creates.append(
                Create(record.line, "account", label, create, key or derived, incoming)
            )
            return
        self.claim("account", ident, record, label)
        known = self.book.accounts[ident]
        label = str(known.values["name"])  # as sam calls it
        if key and ref is None and self._other_ref("account", ident):
            raise self.fail(
                record,
                name_index,
                name,
                "sam's account of this name came from another record of this CRM (two "
                "records with one name?)",
            )
        other = self.account_keys.get(str(values["name_key"]))
        if other is not None and other != ident:
            raise self.fail(record, name_index, name, "another account in sam has this name")

        def adjust(changes: dict[str, tuple[Any, Any]], kept: dict[str, tuple[Any, Any]]) -> None:
            if "name" in changes:
                for column in NAME_KEYS:
                    changes[column] = (known.values[column], values[column])
            if "status" in changes and AccountStatus.PROSPECT.value in changes["status"]:
                del changes["status"]
                self.notices.append(
                    f"line {record.line}: the status of '{label}' is left as it is: a prospect "
                    "moves with `sam prospect advance`"
                )

        self.settle(record, "account", label, known, ref, key or derived, incoming, adjust)

    def _other_ref(self, table: str, ident: int) -> bool:
        """Another record of this source (by its real id, not a name) made this one."""
        if self._made_by_id is None:
            self._made_by_id = {
                (entity, r.entity_id)
                for (entity, key), r in self.book.refs.items()
                if not key.startswith("name:")
            }
        return (table, ident) in self._made_by_id

    def contact(self, record: Record) -> None:
        name = self.text(record, "name")
        if name is None:
            parts = [self.text(record, "first-name"), self.text(record, "last-name")]
            name = " ".join(p for p in parts if p) or None
        if name is None:
            raise self.fail(record, None, None, "the contact has no name")
        influence = self.parsed(record, "influence", lambda t: choose(Influence, t, "influence"))
        cadence = self.parsed(record, "cadence", _days)
        email_found = self.get(record, "email")
        try:
            values = ContactInput(
                name=name,
                role=self.text(record, "role") or "",
                email=email_found[0] if email_found else "",
                phone=self.phones(record),
                notes=self.text(record, "notes") or "",
                influence=influence,
                cadence_days=cadence,
            ).columns()
        except InvalidInput as exc:
            index = email_found[1] if email_found and "email" in str(exc) else None
            raise self.fail(record, index, None, str(exc)) from None
        account, account_name = self.account_for(record)
        label = f"{values['name']} ({account_name})"
        incoming: dict[str, Any] = {"account_id": account, "name": values["name"]}
        for field in ("role", "email", "phone", "notes", "influence", "cadence"):
            if self.mapped(field):
                column = "cadence_days" if field == "cadence" else field
                incoming[column] = values.get(column)
        key = self.source_id(record)
        email = values.get("email")
        if key:
            self.once(f"id:{key}", record, "the source id")
        derived = key or (
            f"email:{str(email).casefold()}"
            if email
            else f"name:{named(account_name)}:{cells.fold(str(values['name']))}"
        )
        hit = self.by_ref("contact", self.book.contacts, key, derived)
        ident: int | None = hit[0] if hit else None
        ref = hit[1] if hit else None
        if ident is None and email:
            ident = _only(self.emails.get(str(email).casefold(), []))
        if ident is None and isinstance(account, int):
            ident = _only(self.people.get((account, cells.fold(str(values["name"]))), []))
        if ident is None:
            self.once(derived, record, "the contact")
            create = {**values, "account_id": account, "archived": False}
            self.create(record, "contact", label, account, create, derived, incoming)
            return
        self.claim("contact", ident, record, label)
        label = f"{self.book.contacts[ident].values['name']} ({account_name})"
        self.settle(record, "contact", label, self.book.contacts[ident], ref, derived, incoming)

    def deal(self, record: Record) -> None:
        name_found = self.get(record, "name")
        if name_found is None:
            raise self.fail(record, self.fields["name"][0], "", "the deal name is empty")
        name, name_index = name_found
        try:
            name = check_user_text(name, "the deal name")
        except InvalidInput as exc:
            raise self.fail(record, name_index, name, str(exc)) from None
        status_found = self.get(record, "status")
        status = vocab.key(status_found[0]) if status_found else ""
        if status == "deleted":
            self.skips.append(Skip(record.line, name, "deleted in the CRM"))
            return
        stage = vocab.pipedrive_status(status) if status else None
        if stage is None:
            found = self.get(record, "stage")
            if found is None:
                index = self.fields["stage"][0] if "stage" in self.fields else None
                raise self.fail(record, index, "", "the stage is empty")
            stage = vocab.stage(found[0], self.stage_map)
            if stage is None:
                raise self.fail(
                    record,
                    found[1],
                    found[0],
                    f"unknown stage: map it with --stage-map '{found[0]}=STAGE' (STAGE: "
                    "prospecting, qualification, proposal, negotiation, won, lost)",
                )
        amount = self.amount_of(record, "amount")
        self.check_currency(record, amount)
        if amount is None:
            self.count("no amount")
        close = self.date_of(record, "close")
        created = self.date_of(record, "created")
        closed_moment = self.date_of(
            record, "won-time" if stage is DealStage.WON else "lost-time"
        ) or self._closed(record)
        probability = self.parsed(record, "probability", self._probability)
        category = self.parsed(record, "category", vocab.category)
        kind = self.parsed(record, "kind", vocab.kind)
        lost_reason = self.text(record, "lost-reason") if stage is DealStage.LOST else None
        account, account_name = self.account_for(record)
        closed_at: str | None = None
        if is_closed(stage):
            moment = closed_moment or close or created
            if moment is None:
                self.count("closed without a date")
                closed_at = db.ts(self.now)
            else:
                closed_at = db.ts(cells.at_noon(moment))
        own = None
        if probability is not None and not is_closed(stage):
            if probability != self.book.probabilities.get(stage, DEFAULT_PROBABILITY[stage]):
                own = probability
        label = f"{name} ({account_name})"
        incoming: dict[str, Any] = {
            "account_id": account,
            "name": name,
            "stage": stage.value,
            "closed_at": closed_at,
            "lost_reason": lost_reason,
        }
        if self.mapped("amount"):
            incoming["amount_cents"] = amount.cents if amount else 0
        if self.mapped("close"):
            incoming["expected_close"] = cells.as_day(close).isoformat() if close else None
        if self.mapped("probability"):
            incoming["probability"] = own
        if category is not None:
            incoming["forecast_category"] = category.value
        if kind is not None:
            incoming["kind"] = kind.value
        key = self.source_id(record)
        if key:
            self.once(f"id:{key}", record, "the source id")
        derived = key or f"name:{named(account_name)}:{cells.fold(name)}"
        hit = self.by_ref("deal", self.book.deals, key, derived)
        ident: int | None = hit[0] if hit else None
        ref = hit[1] if hit else None
        if ident is None and isinstance(account, int):
            ident = _only(self.deal_names.get((account, cells.fold(name)), []))
        if ident is None:
            self.once(derived, record, "the deal")
            create: dict[str, Any] = {
                "amount_cents": 0,
                "kind": DealKind.NEW.value,
                "forecast_category": ForecastCategory.PIPELINE.value,
                "probability": None,
                "expected_close": None,
                **incoming,
            }
            if created is not None:
                create["created_at"] = db.ts(cells.at_noon(created))
            self.create(record, "deal", label, account, create, derived, incoming)
            return
        self.claim("deal", ident, record, label)
        known = self.book.deals[ident]
        label = f"{known.values['name']} ({account_name})"

        def adjust(changes: dict[str, tuple[Any, Any]], kept: dict[str, tuple[Any, Any]]) -> None:
            # a deal's stage and how it closed are one change: both move, or neither does
            for column in ("closed_at", "lost_reason"):
                if "stage" in changes and column in kept:
                    changes[column] = kept.pop(column)
                elif "stage" in kept and column in changes:
                    kept[column] = changes.pop(column)

        self.settle(record, "deal", label, known, ref, derived, incoming, adjust)

    def _closed(self, record: Record) -> date | datetime | None:
        """sam's export's ``Closed`` moment; a CRM's yes/no ``Closed`` column says nothing."""
        found = self.get(record, "closed")
        if found is None or found[0].casefold() in _YES | _NO:
            return None
        text, index = found
        try:
            return cells.parse_date(text, None)
        except InvalidInput as exc:
            raise self.fail(record, index, text, _plain(str(exc), text)) from None

    def _probability(self, text: str) -> int:
        raw = text.strip().removesuffix("%").strip()
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise InvalidInput("is not a probability (0-100)") from None
        if self.source == "hubspot" or ("." in raw and value <= 1 and value != 0 and value != 1):
            value *= 100  # HubSpot writes 0.4 for 40%
        if not value.is_finite() or not 0 <= value <= 100:
            raise InvalidInput("is not a probability (0-100)")
        return int(value.quantize(Decimal(1), ROUND_HALF_EVEN))

    def activity(self, record: Record) -> None:
        subject = self.text(record, "subject")
        details = self.text(record, "details")
        summary = "\n".join(p for p in (subject, details) if p)
        if not summary:
            raise self.fail(record, None, None, "the activity has no subject or description")
        moment = self.date_of(record, "date")
        if moment is None:
            index = self.fields["date"][0] if "date" in self.fields else None
            raise self.fail(record, index, "", "the activity has no date")
        clock_time = self.parsed(record, "time", _time_of_day)
        if clock_time is not None and not isinstance(moment, datetime):
            moment = datetime.combine(moment, clock_time).astimezone()
        when = cells.at_noon(moment)
        type_found = self.get(record, "type")
        channel = Channel.NOTE
        if type_found is not None:
            known_channel = vocab.channel(type_found[0])
            if known_channel is None:
                self.count(f"type:{type_found[0]}")
            else:
                channel = known_channel
        direction = self.parsed(record, "direction", vocab.direction)
        sentiment = self.parsed(record, "sentiment", parse_sentiment) or 0
        account, account_name = self.account_for(record)
        occurred = db.ts(when)
        label = f"{channel.value} {when:%Y-%m-%d} with {account_name}: {subject or details}"
        if when > self.now:
            self.skips.append(Skip(record.line, label, "in the future (not done yet)"))
            return
        contact = self._contact_for(record, account)
        incoming: dict[str, Any] = {
            "account_id": account,
            "contact_id": contact,
            "occurred_at": occurred,
            "channel": channel.value,
            "direction": (direction.value if direction else "out"),
            "summary": summary,
            "sentiment": sentiment,
        }
        key = self.source_id(record)
        if key:
            self.once(f"id:{key}", record, "the source id")
            ref = self.book.refs.get(("interaction", key))
            known = self.book.interaction(ref.entity_id) if ref else None
            if ref is not None and known is not None:
                self.settle(record, "interaction", label, known, ref, key, incoming)
                return
        content = f"touch:{account}:{occurred}:{summary}"
        first = self.seen.setdefault(content, record.line)
        if first != record.line:
            self.skips.append(Skip(record.line, label, f"the same as line {first}"))
            return
        if isinstance(account, int) and self.book.has_touch(account, occurred, summary):
            self.skips.append(Skip(record.line, label, "already in sam"))
            return
        self.create(record, "interaction", label, account, incoming, key, incoming)

    def _contact_for(self, record: Record, account: int | NewAccount) -> int | None:
        key = self.source_id(record, "contact-id")
        hit = self.by_ref("contact", self.book.contacts, key)
        if hit is not None and self.book.contacts[hit[0]].values["account_id"] == account:
            return hit[0]
        name = self.text(record, "contact")
        if name is None:
            if key:
                self.count("contact not found")
            return None
        matches: list[int] = []
        if "@" in name:
            matches = self.emails.get(name.casefold(), [])
        elif isinstance(account, int):
            matches = self.people.get((account, cells.fold(name)), [])
        matches = [m for m in matches if self.book.contacts[m].values["account_id"] == account]
        if len(matches) != 1:
            self.count("contact not found")
            return None
        return matches[0]

    # --- the whole file -------------------------------------------------------------------

    def run(self, progress: Progress | None) -> None:
        self.check_columns()
        self.settle_dates()
        if any(p.line is None for p in self.problems):
            return  # the file's columns are wrong: every row would say so again
        handle = {
            Entity.ACCOUNTS: self.account,
            Entity.CONTACTS: self.contact,
            Entity.DEALS: self.deal,
            Entity.ACTIVITIES: self.activity,
        }[self.entity]
        total = len(self.table.records)
        for n, record in enumerate(self.table.records, start=1):
            try:
                handle(record)
            except _Bad:
                pass
            if progress and n % 2000 == 0:
                progress(n, total)
        self._say_counts()

    def _say_counts(self) -> None:
        for what, n in sorted(self.counts.items()):
            rows = f"{n} row{'s' if n != 1 else ''}"
            if what == "no amount":
                self.notices.append(f"{rows} without an amount: imported as 0")
            elif what == "closed without a date":
                self.notices.append(f"{rows} closed without any date: closed today")
            elif what == "contact not found":
                name = "names" if n == 1 else "name"
                self.notices.append(
                    f"{rows} {name} a contact sam does not know: logged without one"
                )
            elif what.startswith("type:"):
                self.notices.append(f"{rows} of type '{what[5:]}': logged as notes")

    def plan(self) -> Plan:
        link_only = [
            u
            for u in self.unchanged
            if u.source_key is not None and (u.ref is None or u.ref.values != u.imported)
        ]
        ops = Operations(
            self.source,
            [*self.new_accounts, *self.creates],
            [*self.updates, *link_only],
        )
        return Plan(
            file=self.name,
            entity=self.entity,
            source=self.source,
            detected=self.detected,
            encoding=self.table.encoding,
            delimiter=self.table.delimiter,
            rows=len(self.table.records),
            columns=self.columns.uses,
            creates=self.creates,
            new_accounts=self.new_accounts,
            updates=self.updates,
            unchanged=self.unchanged,
            skips=self.skips,
            notices=self.notices,
            problems=self.problems,
            ops=ops,
        )


def _only(matches: list[int]) -> int | None:
    """The one record matched; None for none, and for several: the name does not settle it."""
    return matches[0] if len(matches) == 1 else None


def named(name: str) -> str:
    """An account as a file names it, for matching and for the key of a record known by
    name only: folded for Latin names (``Société Générale`` is ``societe generale``),
    exact but for case in other scripts, which fold by transliteration (华为 and 华威 are
    both ``huawei``: two companies)."""
    return cells.fold(name) if refs.latin_only(name) else refs.name_key(name)


def _plain(message: str, value: str) -> str:
    """An error about a value, without quoting the value again (the problem line does)."""
    return message.replace(f" '{value}'", "").replace(f"'{value}' ", "")


_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


def _yes_no(text: str) -> bool:
    value = text.strip().casefold()
    if value not in _YES | _NO:
        raise InvalidInput("is not yes or no")
    return value in _YES


def _days(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= 3650:
        raise InvalidInput("is not a number of days (1-3650)")
    return int(text)


def _time_of_day(text: str) -> time:
    try:
        parsed = cells.parse_date(f"2000-01-01 {text.strip()}", "YMD")
    except InvalidInput:
        raise InvalidInput("is not a time of day") from None
    if not isinstance(parsed, datetime):
        raise InvalidInput("is not a time of day")
    return parsed.time()


def build(
    table: CsvTable, name: str, options: Options, book: Book, progress: Progress | None = None
) -> Plan:
    """The plan for one CSV file against ``book``."""
    planner = _Planner(table, name, options, book)
    planner.run(progress)
    return planner.plan()
