"""`sam contact ...`: the people at each account, and who decides."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from sam_tui.cli import completion as complete
from sam_tui.cli.options import AccountArg, JsonOpt, NoPagerOpt, WideOpt, group
from sam_tui.cli.output import emit_json, moment, say
from sam_tui.cli.state import conn
from sam_tui.cli.table import Cell, Column, id_column, name_column, peek, print_list, widest
from sam_tui.domain.enums import Influence
from sam_tui.domain.text import one_line
from sam_tui.store.sql import largest_id

app = group("The people at each account: add, list, edit.")

RoleOpt = Annotated[str | None, typer.Option(help="Role or title, e.g. CFO.")]
EmailOpt = Annotated[str | None, typer.Option(help="Email address.")]
PhoneOpt = Annotated[str | None, typer.Option(help="Phone number.")]
InfluenceOpt = Annotated[
    Influence | None,
    typer.Option(
        metavar="<weight>",
        help="Their weight in decisions: decision-maker, champion, influencer, user, "
        "gatekeeper or blocker.",
    ),
]
CadenceOpt = Annotated[
    int | None,
    typer.Option(
        help="Days between touches for this person (decision-makers and champions "
        "default to twice the account's cadence).",
        min=1,
    ),
]


def _input(**fields: Any) -> Any:
    from sam_tui.services.contacts import ContactInput

    return ContactInput(**fields)


@app.command("add")
def add(
    ctx: typer.Context,
    account: AccountArg,
    name: Annotated[str, typer.Argument(help="The person's name.")],
    role: RoleOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    influence: InfluenceOpt = None,
    cadence: CadenceOpt = None,
) -> None:
    """Add a contact at an account."""
    from sam_tui.services import contacts

    new_id, account_name = contacts.add(
        conn(ctx),
        account,
        _input(
            name=name,
            role=role,
            email=email,
            phone=phone,
            influence=influence,
            cadence_days=cadence,
        ),
    )
    what = f", {influence.value}" if influence else ""
    say(f"Added contact #{new_id} {one_line(name.strip())} at {one_line(account_name)}{what}")


LIST_COLUMNS = (
    id_column(),
    name_column("Name"),
    name_column("Account"),
    Column("Role", max_width=24, drop=2),
    Column("Influence", min_width=widest(Influence), drop=1),
    Column("Email", flex=True, min_width=12, drop=3),
    Column("Last touch", max_width=16),
)


def _list_row(c: Any) -> tuple[Cell, ...]:
    return (
        str(c.id),
        c.name,
        c.account_name,
        c.role or "",
        c.influence.value if c.influence else "",
        c.email or "",
        moment(c.last_touch) if c.last_touch else "never",
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    account: Annotated[
        str | None, typer.Argument(help="Only this account (name, prefix or #ID).")
    ] = None,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List contacts, with when you last spoke to each.

    On a narrow terminal Email, then Role and Influence give way, whole, to the names; --wide shows every column. On a terminal a long list opens in your pager (PAGER; --no-pager prints it straight).
    """  # noqa: E501
    from sam_tui.services import contacts

    rows = contacts.each_contact(conn(ctx), account)
    if as_json:
        emit_json(
            [
                {
                    "id": c.id,
                    "account_id": c.account_id,
                    "account": c.account_name,
                    "name": c.name,
                    "role": c.role,
                    "email": c.email,
                    "phone": c.phone,
                    "influence": c.influence.value if c.influence else None,
                    "cadence_days": c.cadence_days,
                    "last_touch": c.last_touch,
                }
                for c in rows
            ]
        )
        return
    first, every = peek(rows)
    if first is None:
        say('No contacts yet. Add one: sam contact add ACCOUNT "Jane Doe" --role CFO')
        return
    ids = largest_id(conn(ctx), "contact")
    print_list(LIST_COLUMNS, map(_list_row, every), no_pager=no_pager, gap=2, wide=wide, ids=ids)


@app.command("edit")
def edit(
    ctx: typer.Context,
    contact: Annotated[
        str, typer.Argument(help="Contact: #ID, ID, or name.", autocompletion=complete.contact)
    ],
    account: Annotated[
        str | None, typer.Option("--account", help="Look the name up at this account only.")
    ] = None,
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    role: RoleOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    influence: InfluenceOpt = None,
    cadence: CadenceOpt = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            help="Empty a field: role, email, phone, influence, cadence (repeatable). "
            "Clearing cadence brings back the default: twice the account's for "
            "decision-makers and champions, none for others."
        ),
    ] = None,
) -> None:
    """Change a contact's details."""
    from sam_tui.services import contacts

    cleared = tuple("cadence_days" if c == "cadence" else c for c in (clear or []))
    row = contacts.edit(
        conn(ctx),
        contact,
        _input(
            name=name,
            role=role,
            email=email,
            phone=phone,
            influence=influence,
            cadence_days=cadence,
        ),
        account_ref=account,
        clear=cleared,
    )
    say(f"Updated contact #{row.id} {one_line(row.name)} at {one_line(row.account_name)}")
