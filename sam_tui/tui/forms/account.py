"""`a` add an account, `e` edit one; contacts are edited from the account view."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from textual.app import ComposeResult

from sam_tui import clock
from sam_tui.domain import dates
from sam_tui.domain.enums import AccountStatus, Influence, Tier, choose
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.money import format_money, parse_amount
from sam_tui.domain.text import one_line
from sam_tui.services import accounts, contacts
from sam_tui.tui.forms.base import FormScreen
from sam_tui.tui.widgets.inputs import Field, choice_hint, due_hint, money_hint


def days_hint(text: str) -> str:
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= 10_000:
        raise InvalidInput(f"'{text}' is not a number of days")
    return f"→ every {int(text)} days"


def _optional_int(text: str) -> int | None:
    return int(text) if text else None


class AccountForm(FormScreen):
    form_title = "Add an account"
    submit_label = "Add"

    def __init__(
        self, existing: accounts.AccountSummary | None = None, notes: str | None = None
    ) -> None:
        super().__init__()
        self.existing = existing
        self.notes = notes
        if existing is not None:
            self.form_title = f"Edit {one_line(existing.name)}"
            self.submit_label = "Save"

    def fields(self) -> ComposeResult:
        e = self.existing
        yield Field("Name", id="name", value=e.name if e else "", required=True)
        yield Field(
            "Tier",
            id="tier",
            value=e.tier.value if e else "key",
            check=choice_hint(Tier, "tier"),
            suggestions=[t.value for t in Tier],
        )
        yield Field(
            "Status",
            id="status",
            value=e.status.value if e else "active",
            check=choice_hint(AccountStatus, "status"),
            suggestions=[s.value for s in AccountStatus],
        )
        yield Field("Industry", id="industry", value=(e.industry or "") if e else "")
        yield Field("Region", id="region", value=(e.region or "") if e else "")
        yield Field(
            "Annual value",
            id="value",
            check=money_hint("annual value"),
            placeholder="250k, 1.2m",
            value=format_money(e.value_cents) if e and e.value_cents else "",
        )
        yield Field(
            "Renewal",
            id="renewal",
            check=due_hint,
            placeholder="2027-03-31, eoq",
            value=e.renewal_date.isoformat() if e and e.renewal_date else "",
        )
        yield Field(
            "Cadence days",
            id="cadence",
            check=days_hint,
            placeholder="default by tier: 14 / 30 / 60",
            value=str(e.own_cadence) if e and e.own_cadence else "",
        )
        yield Field("Notes", id="notes", value=self.notes or "")

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        value_text = self.field_value("value")
        renewal_text = self.field_value("renewal")
        data = accounts.AccountInput(
            name=self.field_value("name"),
            tier=choose(Tier, self.field_value("tier") or "key", "tier"),
            status=choose(AccountStatus, self.field_value("status") or "active", "status"),
            industry=self.field_value("industry"),
            region=self.field_value("region"),
            value_cents=parse_amount(value_text, "annual value") if value_text else None,
            renewal_date=dates.parse_date(renewal_text, clock.today()) if renewal_text else None,
            cadence_days=_optional_int(self.field_value("cadence")),
            notes=self.field_value("notes"),
        )
        existing = self.existing
        if existing is None:

            def add(conn: sqlite3.Connection) -> str:
                new_id = accounts.add(conn, data)
                return f"Added account #{new_id} {one_line(data.name or '')}"

            return add
        # emptied optional fields are cleared, as `sam account edit --clear` does
        cleared = tuple(
            column
            for column, text in (
                ("annual_value_cents", value_text),
                ("renewal_date", renewal_text),
                ("cadence_days", self.field_value("cadence")),
            )
            if not text
        )
        ref = f"#{existing.id}"

        def edit(conn: sqlite3.Connection) -> str:
            name = accounts.edit(conn, ref, data, clear=cleared)
            return f"Updated account {one_line(name)}"

        return edit


class ContactForm(FormScreen):
    form_title = "Edit contact"
    submit_label = "Save"

    def __init__(self, existing: contacts.ContactRow) -> None:
        super().__init__()
        self.existing = existing
        self.form_title = f"Edit contact {one_line(existing.name)}"

    def fields(self) -> ComposeResult:
        e = self.existing
        yield Field("Name", id="name", value=e.name, required=True)
        yield Field("Role", id="role", value=e.role or "")
        yield Field("Email", id="email", value=e.email or "")
        yield Field("Phone", id="phone", value=e.phone or "")
        yield Field(
            "Influence",
            id="influence",
            value=e.influence.value if e.influence else "",
            check=choice_hint(Influence, "influence"),
            suggestions=[i.value for i in Influence],
        )
        yield Field(
            "Cadence days",
            id="cadence",
            check=days_hint,
            value=str(e.cadence_days) if e.cadence_days else "",
        )

    def prepare(self) -> Callable[[sqlite3.Connection], str]:
        influence = self.field_value("influence")
        data = contacts.ContactInput(
            name=self.field_value("name"),
            role=self.field_value("role"),
            email=self.field_value("email"),
            phone=self.field_value("phone"),
            influence=choose(Influence, influence, "influence") if influence else None,
            cadence_days=_optional_int(self.field_value("cadence")),
        )
        ref = f"#{self.existing.id}"

        def edit(conn: sqlite3.Connection) -> str:
            row = contacts.edit(conn, ref, data)
            return f"Updated contact {one_line(row.name)}"

        return edit
