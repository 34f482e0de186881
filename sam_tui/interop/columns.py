"""Which CSV column feeds which sam field: header matching, source detection, ``--map``.

Headers match with case, spacing, underscores, a trailing ``*`` and the file's own
``Entity - `` prefix (Pipedrive's ``Deal - Title``) ignored, so ``Account ID``,
``AccountId``, ``ACCOUNTID`` and ``accountid`` are one column. Several columns may feed
one field (``Billing State/Province`` and ``Billing Country`` both give the region): each
row takes the first of them that is filled (a contact's phones: all of them). Pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from typing import NamedTuple

from sam_tui.domain.errors import InvalidInput
from sam_tui.interop.cells import salesforce_like
from sam_tui.interop.vocab import map_item


class Entity(StrEnum):
    ACCOUNTS = "accounts"
    CONTACTS = "contacts"
    DEALS = "deals"
    ACTIVITIES = "activities"


SOURCES = ("salesforce", "hubspot", "pipedrive", "plain")
SOURCE_NAMES = {
    "salesforce": "Salesforce",
    "hubspot": "HubSpot",
    "pipedrive": "Pipedrive",
    "plain": "a plain spreadsheet",
}

# The "Entity - " prefixes that name the file's own records (stripped from its headers).
_OWN_PREFIXES = {
    Entity.ACCOUNTS: {"organization", "organisation", "company", "account"},
    Entity.CONTACTS: {"person", "contact"},
    Entity.DEALS: {"deal", "opportunity"},
    Entity.ACTIVITIES: {"activity", "task", "event"},
}
_PREFIXED = re.compile(r"^([^\W\d_]+)\s+-\s+(.+)$")


class Field(NamedTuple):
    name: str  # as --map names it
    label: str  # as the plan says it
    aliases: tuple[str, ...]


_ID = ("Id", "ID", "Record ID", "Pipedrive System ID", "System ID")
_ACCOUNT = (
    "Account Name",
    "Account",
    "Company",
    "Company Name",
    "Associated Company",
    "Organization",
    "Organisation",
    "Organization - Name",
    "Organization Name",
)
_ACCOUNT_ID = (
    "Account ID",
    "Associated Company ID",
    "Company ID",
    "Organization - ID",
    "Organization ID",
)

FIELDS: dict[Entity, tuple[Field, ...]] = {
    Entity.ACCOUNTS: (
        Field(
            "name",
            "name",
            ("Account Name", "Name", "Company name", "Company", "Organization", "Account"),
        ),
        Field("id", "source id", ("Account ID", *_ID, "Company ID", "Organization ID")),
        Field("tier", "tier", ("Tier", "Account Tier")),
        Field("status", "status", ("Status", "Account Status", "Type", "Lifecycle Stage")),
        Field("industry", "industry", ("Industry",)),
        Field(
            "region",
            "region",
            (
                "Region",
                "Billing State/Province",
                "Billing State",
                "State/Region",
                "Country/Region",
                "Billing Country",
                "Country",
            ),
        ),
        Field(
            "value",
            "annual value",
            ("Value", "Annual Value", "ARR", "Annual Contract Value", "Contract Value"),
        ),
        Field("currency", "currency", ("Currency", "Value Currency", "Annual Value Currency")),
        Field("renewal", "renewal date", ("Renewal", "Renewal Date", "Contract End Date")),
        Field("cadence", "cadence (days)", ("Cadence", "Cadence (days)", "Cadence Days")),
        Field("notes", "notes", ("Notes", "Description", "Note")),
        Field("archived", "archived (yes, no)", ("Archived",)),  # sam's own export
    ),
    Entity.CONTACTS: (
        Field("name", "name", ("Name", "Full Name", "Contact Name", "Contact")),
        Field("first-name", "first name", ("First Name", "Given Name")),
        Field("last-name", "last name", ("Last Name", "Surname", "Family Name")),
        Field("id", "source id", ("Contact ID", *_ID, "Person ID")),
        Field("account", "account", (*_ACCOUNT, "Account.Name")),
        Field("account-id", "account's source id", _ACCOUNT_ID),
        Field("role", "role", ("Title", "Job Title", "Role", "Position")),
        Field(
            "email",
            "email",
            ("Email", "E-mail", "Email Address", "Email - Work", "Email - Home", "Email - Other"),
        ),
        Field(
            "phone",
            "phone",
            (
                "Phone",
                "Phone Number",
                "Business Phone",
                "Phone - Work",
                "Mobile",
                "Mobile Phone",
                "MobilePhone",
                "Phone - Mobile",
                "Phone - Home",
                "Phone - Other",
            ),
        ),
        Field("influence", "influence", ("Influence",)),
        Field("cadence", "cadence (days)", ("Cadence", "Cadence (days)")),
        Field("notes", "notes", ("Notes", "Description")),
    ),
    Entity.DEALS: (
        Field(
            "name",
            "name",
            ("Opportunity Name", "Deal Name", "Name", "Title", "Deal", "Opportunity"),
        ),
        Field("id", "source id", ("Opportunity ID", "Deal ID", *_ID)),
        Field("account", "account", (*_ACCOUNT, "Account.Name")),
        Field("account-id", "account's source id", _ACCOUNT_ID),
        Field("stage", "stage", ("Stage", "StageName", "Deal Stage", "Stage Name")),
        Field("status", "status (open, won, lost)", ("Status",)),
        Field("amount", "amount", ("Amount", "Value", "Deal Value", "Deal Amount")),
        Field(
            "currency",
            "currency",
            (
                "Amount Currency",
                "Currency",
                "Currency of value",
                "CurrencyIsoCode",
                "Opportunity Currency",
                "Deal Currency",
                "Deal Currency Code",
            ),
        ),
        Field("close", "close date", ("Close Date", "Expected close date", "Expected Close")),
        Field(
            "probability",
            "probability",
            ("Probability (%)", "Probability", "Deal Probability", "Deal Stage Probability"),
        ),
        Field(
            "category",
            "forecast category",
            ("Forecast Category", "ForecastCategoryName", "Forecast Category Name"),
        ),
        Field("kind", "kind (new, expansion, renewal)", ("Type", "Deal Type", "Kind")),
        Field(
            "lost-reason",
            "lost reason",
            ("Lost Reason", "Loss Reason", "Closed Lost Reason", "Reason Lost"),
        ),
        Field("won-time", "won time", ("Won time", "Closed Won Date", "Close time")),
        # sam's own export: when a won or lost deal closed (a CRM's yes/no "Closed" is skipped)
        Field("closed", "closed time", ("Closed",)),
        Field("lost-time", "lost time", ("Lost time", "Closed Lost Date")),
        Field(
            "created",
            "created date",
            ("Created Date", "Create Date", "Deal created", "Add time", "Created"),
        ),
    ),
    Entity.ACTIVITIES: (
        Field("subject", "subject", ("Subject", "Activity Subject", "Title", "Summary")),
        Field(
            "details",
            "details",
            (
                "Comments",
                "Description",
                "Comments/Description",
                "Full Comments",
                "Notes",
                "Note",
                "Body",
                "Activity note",
            ),
        ),
        Field(
            "date",
            "date",
            (
                "Activity Date",
                "Date",
                "StartDateTime",
                "Start Date",
                "Due Date",
                "Done time",
                "Completed Date",
                "Create Date",
                "Created Date",
                "When",
            ),
        ),
        Field("time", "time of day", ("Time", "Due time", "Activity Time")),
        Field(
            "type",
            "channel",
            (
                "Type",
                "Activity Type",
                "TaskSubtype",
                "Task Subtype",
                "EventSubtype",
                "Event Subtype",
                "Engagement Type",
                "Channel",
            ),
        ),
        Field("id", "source id", ("Activity ID", "Task ID", "Event ID", *_ID)),
        Field("account", "account", (*_ACCOUNT, "Account.Name")),
        Field("account-id", "account's source id", _ACCOUNT_ID),
        Field(
            "contact",
            "contact",
            ("Contact", "Contact Name", "Contact person", "Associated Contact", "Person"),
        ),
        Field(
            "contact-id",
            "contact's source id",
            ("Contact ID", "WhoId", "Person - ID", "Associated Contact ID"),
        ),
        Field("direction", "direction (in, out)", ("Direction", "Call Direction")),
        Field("sentiment", "sentiment", ("Sentiment",)),
    ),
}

# Headers that say which CRM wrote the file (keys as ``header_key`` makes them).
_MARKERS = {
    "salesforce": {
        "accountid",
        "opportunityid",
        "contactid",
        "activityid",
        "opportunityname",
        "opportunityowner",
        "accountowner",
        "stagename",
        "forecastcategory",
        "forecastcategoryname",
        "probability(%)",
        "owner.name",
        "ownerid",
        "billingstate/province",
        "billingstate",
        "billingcountry",
        "amountcurrency",
        "whoid",
        "whatid",
        "activitydate",
        "createddate",
        "lastactivity",
        "nextstep",
        "leadsource",
        "accountnumber",
        "mailingcountry",
        "closedate",
    },
    "hubspot": {
        "recordid",
        "companyname",
        "companyowner",
        "dealname",
        "dealstage",
        "associatedcompany",
        "associatedcontact",
        "pipeline",
        "createdate",
        "country/region",
        "phonenumber",
        "jobtitle",
        "contactowner",
        "dealowner",
        "companydomainname",
        "lifecyclestage",
        "dealtype",
        "dealprobability",
        "associatedcompanyid",
    },
    "pipedrive": {"pipedrivesystemid", "contactperson", "currencyofvalue", "expectedclosedate"},
}
# Data Loader writes the API names, often in capitals (ANNUALREVENUE, BILLINGCITY)
_MARKERS["salesforce"] |= set(
    "annualrevenue numberofemployees billingstreet billingcity billingpostalcode "
    "shippingstreet shippingcity parentid recordtypeid masterrecordid isdeleted "
    "systemmodstamp lastmodifieddate lastmodifiedbyid createdbyid mobilephone mailingstreet "
    "mailingcity mailingstate mailingpostalcode reportstoid isclosed iswon".split()
)
_PIPEDRIVE_PREFIXES = {"deal", "organization", "person", "activity", "lead", "product", "note"}


def header_key(text: str, entity: Entity) -> str:
    """``Deal - Expected close date*`` -> ``expectedclosedate`` (in a deals file)."""
    value = unicodedata.normalize("NFKC", text).replace("\ufeff", "").strip().rstrip("*").strip()
    prefixed = _PREFIXED.match(value)
    if prefixed and prefixed.group(1).casefold() in _OWN_PREFIXES[entity]:
        value = prefixed.group(2)
    elif prefixed:
        value = f"{prefixed.group(1)}-{prefixed.group(2)}"
    return re.sub(r"[\s_]+", "", value.casefold())


def detect_source(header: Sequence[str], entity: Entity, rows: Sequence[Sequence[str]] = ()) -> str:
    """The CRM whose headers these are, else whose ids an id column holds (Salesforce Data
    Loader: ``ID,NAME,TYPE``); ``plain`` when nothing says so."""
    keys = {header_key(text, entity) for text in header}
    if "created" in keys and keys & {"updated", "when"}:
        return "plain"  # sam's own export (`sam export csv`): its ids are sam's
    scores = dict.fromkeys(SOURCES, 0)
    for text in header:
        k = header_key(text, entity)
        for source, markers in _MARKERS.items():
            if k in markers:
                scores[source] += 1
        prefixed = _PREFIXED.match(text.strip())
        if prefixed and prefixed.group(1).casefold() in _PIPEDRIVE_PREFIXES:
            scores["pipedrive"] += 1
    best = max(SOURCES, key=lambda s: scores[s])
    if scores[best]:
        return best
    for index, text in enumerate(header):
        if header_key(text, entity).endswith("id"):
            values = [r[index].strip() for r in rows if index < len(r) and r[index].strip()]
            if values and all(salesforce_like(v) for v in values):
                return "salesforce"
    return "plain"


class ColumnUse(NamedTuple):
    """What became of one CSV column."""

    position: int
    header: str
    field: str | None  # None: ignored
    why: str  # for an ignored column: why


class ColumnMap(NamedTuple):
    # field name -> column indexes, the first filled one wins in each row
    fields: dict[str, list[int]]
    uses: list[ColumnUse]


def field_names(entity: Entity) -> list[str]:
    return [f.name for f in FIELDS[entity]]


def parse_map(items: Sequence[str], entity: Entity) -> dict[str, str | None]:
    """``--map "CSV column=field"`` -> {header key: field or None (ignore the column)}."""
    names = field_names(entity)
    found: dict[str, str | None] = {}
    for item in items:
        column, field = map_item(
            item, "--map", "CSV COLUMN=FIELD", "e.g. 'Firma=account'; 'Firma=' ignores the column"
        )
        wanted = field.strip().lower().replace("_", "-").replace(" ", "-") or None
        if wanted is not None and wanted not in names:
            raise InvalidInput(
                f"--map '{item}': {entity.value} have no field '{field.strip()}'; "
                f"fields: {', '.join(names)}"
            )
        found[header_key(column, entity)] = wanted
    return found


def map_columns(
    header: Sequence[str], entity: Entity, overrides: dict[str, str | None] | None = None
) -> ColumnMap:
    """Match every column to a field: ``--map`` first, then the known headers in order of
    preference (a field's aliases are listed from the most specific)."""
    overrides = dict(overrides or {})
    keys = [header_key(h, entity) for h in header]
    unknown = [k for k in overrides if k not in keys]
    if unknown:
        names = ", ".join(f"'{h}'" for h in header)
        raise InvalidInput(f"--map names a column the file does not have; its columns: {names}")
    fields: dict[str, list[int]] = {}
    uses: dict[int, ColumnUse] = {}
    taken_by_map: set[str] = set()
    for index, k in enumerate(keys):
        if k in overrides:
            field = overrides[k]
            if field is None:
                uses[index] = ColumnUse(index, header[index], None, "ignored by --map")
            else:
                fields.setdefault(field, []).append(index)
                taken_by_map.add(field)
                uses[index] = ColumnUse(index, header[index], field, "--map")
    for spec in FIELDS[entity]:
        if spec.name in taken_by_map:
            continue
        for alias in spec.aliases:
            alias_key = header_key(alias, entity)
            for index, k in enumerate(keys):
                if index not in uses and k == alias_key:
                    fields.setdefault(spec.name, []).append(index)
                    uses[index] = ColumnUse(index, header[index], spec.name, "")
    for index, text in enumerate(header):
        if index not in uses:
            why = "empty header" if not text.strip() else "no such field in sam"
            uses[index] = ColumnUse(index, text, None, why)
    for field, indexes in fields.items():
        first = header[indexes[0]].strip()
        for index in indexes[1:]:
            if not uses[index].why:  # the plan says what a second column of a field is for
                joined = (entity, field) in JOINED
                why = f"kept too, after {first}" if joined else f"used where {first} is empty"
                uses[index] = uses[index]._replace(why=why)
    return ColumnMap(fields, [uses[i] for i in range(len(header))])


# Fields whose columns are all kept ("+1 555 0100 / mobile +1 555 0199"), not the first filled
JOINED = {(Entity.CONTACTS, "phone")}


def label(entity: Entity, field: str) -> str:
    return next(f.label for f in FIELDS[entity] if f.name == field)
