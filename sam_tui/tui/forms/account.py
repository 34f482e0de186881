"""`a` add an account, `e` edit one; contacts are edited from the account view."""

from __future__ import annotations

import sqlite3

from textual.app import ComposeResult

from sam_tui.domain.enums import AccountStatus, Influence, Tier
from sam_tui.domain.errors import InvalidInput
from sam_tui.domain.money import format_money
from sam_tui.domain.text import one_line
from sam_tui.services import accounts, contacts
from sam_tui.tui.context import Selection
from sam_tui.tui.forms.base import EditForm, FormScreen, Needs, Values
from sam_tui.tui.widgets.inputs import Field, Spec, choice, day, money, text


def days(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= 10_000:
        raise InvalidInput(f"'{text}' is not a number of days")
    return int(text)


def _cadence(placeholder: str = "") -> Spec[int]:
    return Spec(
        "cadence",
        "Cadence days",
        days,
        hint=lambda text: f"→ every {days(text)} days",
        placeholder=placeholder,
        arg="cadence_days",
    )


NAME = text("name", "Name", required=True)
TIER = choice("tier", "Tier", Tier, "tier", default="key")
STATUS = choice("status", "Status", AccountStatus, "status", default="active")
INDUSTRY = text("industry", "Industry")
REGION = text("region", "Region")
VALUE = money("value", "Annual value", "annual value", placeholder="250k, 1.2m", arg="value_cents")
RENEWAL = day("renewal", "Renewal", placeholder="2027-03-31, eoq", arg="renewal_date")
CADENCE = _cadence("default by tier: 14 / 30 / 60")
NOTES = text("notes", "Notes")
# the columns `accounts.edit(clear=...)` empties for a field left empty
CLEARS = {
    "industry": "industry",
    "region": "region",
    "notes": "notes",
    "value": "annual_value_cents",
    "renewal": "renewal_date",
    "cadence": "cadence_days",
}


class AccountForm(FormScreen[Selection]):
    form_title = "Add an account"
    submit_label = "Add"
    FIELDS = (NAME, TIER, STATUS, INDUSTRY, REGION, VALUE, RENEWAL, CADENCE, NOTES)

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        new_id = accounts.add(conn, accounts.AccountInput(**values.arguments()))
        return f"Added account #{new_id} {one_line(values.need(NAME))}"


def _for_edit(conn: sqlite3.Connection, ident: int) -> tuple[accounts.AccountSummary, str | None]:
    return accounts.summary(conn, ident), accounts.notes(conn, ident)


class AccountEditForm(EditForm[tuple[accounts.AccountSummary, str | None]]):
    needs = Needs("account_id", "Select an account to edit", _for_edit)

    def heading(self) -> str:
        return f"Edit {one_line(self.subject[0].name)}"

    def fields(self) -> ComposeResult:
        s, notes = self.subject
        yield Field(NAME, s.name)
        yield Field(TIER, s.tier.value)
        yield Field(STATUS, s.status.value)
        yield Field(INDUSTRY, s.industry or "")
        yield Field(REGION, s.region or "")
        yield Field(VALUE, format_money(s.value_cents) if s.value_cents else "")
        yield Field(RENEWAL, s.renewal_date.isoformat() if s.renewal_date else "")
        yield Field(CADENCE, str(s.own_cadence) if s.own_cadence else "")
        yield Field(NOTES, notes or "")

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        # emptied optional fields are cleared, as `sam account edit --clear` does
        cleared = tuple(CLEARS[ident] for ident in values.cleared)
        data = accounts.AccountInput(**values.arguments())
        name = accounts.edit(conn, f"#{self.subject[0].id}", data, clear=cleared)
        return f"Updated account {one_line(name)}"


ROLE = text("role", "Role")
EMAIL = text("email", "Email")
PHONE = text("phone", "Phone")
INFLUENCE = choice("influence", "Influence", Influence, "influence")
CONTACT_CADENCE = _cadence()
CONTACT_CLEARS = {
    "role": "role",
    "email": "email",
    "phone": "phone",
    "influence": "influence",
    "cadence": "cadence_days",
}


def _contact(conn: sqlite3.Connection, ident: int) -> contacts.ContactRow:
    return contacts.find(conn, f"#{ident}")


class ContactEditForm(EditForm[contacts.ContactRow]):
    form_title = "Edit contact {s.name}"
    needs = Needs("contact_id", "Select a contact to edit", _contact)

    def fields(self) -> ComposeResult:
        c = self.subject
        yield Field(NAME, c.name)
        yield Field(ROLE, c.role or "")
        yield Field(EMAIL, c.email or "")
        yield Field(PHONE, c.phone or "")
        yield Field(INFLUENCE, c.influence.value if c.influence else "")
        yield Field(CONTACT_CADENCE, str(c.cadence_days) if c.cadence_days else "")

    def write(self, conn: sqlite3.Connection, values: Values) -> str:
        data = contacts.ContactInput(**values.arguments())
        cleared = tuple(CONTACT_CLEARS[ident] for ident in values.cleared)
        row = contacts.edit(conn, f"#{self.subject.id}", data, clear=cleared)
        return f"Updated contact {one_line(row.name)}"
