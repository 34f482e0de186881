"""The cockpit's pipeline screen (5) and the account view's Deals and Objectives tabs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from tui_helpers import (
    account_id,
    fill,
    rows,
    run_palette,
    screen_text,
    select_row,
    settle,
    wait_for_text,
)

from sam_tui import clock
from sam_tui.domain.enums import DealStage
from sam_tui.domain.money import format_money
from sam_tui.domain.sales import OPEN_STAGES
from sam_tui.domain.triage import TriageKind
from sam_tui.services import deals, objectives, triage
from sam_tui.store import db
from sam_tui.tui.app import SamApp
from sam_tui.tui.screens.pipeline import PipelineScreen


def open_deals(path: Path) -> list[deals.DealRow]:
    conn = db.connect(path)
    try:
        return deals.list_deals(conn, open_only=True)
    finally:
        conn.close()


def deal_row(path: Path, ident: int) -> tuple[object, ...]:
    return rows(
        path,
        "SELECT stage, amount_cents, probability, forecast_category, lost_reason, "
        "closed_at IS NOT NULL, name FROM deal WHERE id = ?",
        ident,
    )[0]


def history_count(path: Path, ident: int) -> int:
    return int(rows(path, "SELECT count(*) FROM deal_stage_change WHERE deal_id = ?", ident)[0][0])


async def open_pipeline(pilot: Pilot[Any], app: SamApp) -> None:
    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)
    assert isinstance(app.screen, PipelineScreen)


# --- the pipeline screen ------------------------------------------------------------------


async def test_key_5_shows_the_open_deals_by_stage_with_their_totals(demo_db: Path) -> None:
    live = open_deals(demo_db)
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pipeline(pilot, app)
        text = screen_text(app)
        lines = text.splitlines()
        assert "5 Pipeline" in lines[0]
        total = sum(d.amount_cents for d in live)
        weighted = sum(d.weighted_cents for d in live)
        assert (
            f"Open: {len(live)} deals · {format_money(total)} · weighted {format_money(weighted)}"
            in lines[1]
        )
        # every stage's heading row: count and total, in pipeline order
        table = app.screen.query_one("#pipeline-table")
        headings = [str(k.value) for k in table.rows if str(k.value).startswith("stage:")]
        assert headings == [
            f"stage:{s.value}" for s in OPEN_STAGES if any(d.stage is s for d in live)
        ]
        for stage in OPEN_STAGES:
            members = [d for d in live if d.stage is stage]
            cells = [c.plain for c in table.get_row(f"stage:{stage.value}")]
            assert cells[1].startswith(f"{len(members)} deal")
            assert cells[2] == format_money(sum(d.amount_cents for d in members))
        # an overdue deal says how late it is, in the close column
        late = next(d for d in live if d.overdue(clock.today()))
        assert [c.plain for c in table.get_row(str(late.id))][4].endswith("d late")
        # closed deals only on demand
        assert "stage:won" not in [str(k.value) for k in table.rows]
        await pilot.press("h")
        await settle(pilot)
        keys = [str(k.value) for k in table.rows]
        assert "stage:won" in keys and "stage:lost" in keys
        await pilot.press("h")
        await settle(pilot)
        assert "stage:won" not in [str(k.value) for k in table.rows]


async def test_m_moves_the_selected_deal_to_the_next_stage_and_undo_reverts_it(
    demo_db: Path, sam: object
) -> None:
    deal = next(d for d in open_deals(demo_db) if d.stage is DealStage.PROPOSAL)
    before = history_count(demo_db, deal.id)
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pipeline(pilot, app)
        await select_row(pilot, "pipeline-table", str(deal.id))
        await pilot.press("m")
        await settle(pilot)
        assert "Move deal #" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert deal_row(demo_db, deal.id)[0] == "negotiation"
        assert history_count(demo_db, deal.id) == before + 1
        # the screen followed: the deal sits under Negotiation now
        table = app.screen.query_one("#pipeline-table")
        keys = [str(k.value) for k in table.rows]
        assert keys.index(str(deal.id)) > keys.index("stage:negotiation")
    result = sam("undo", "--yes", db=demo_db)  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    assert deal_row(demo_db, deal.id)[0] == "proposal"


async def test_w_marks_the_deal_won_and_the_kpi_strip_follows(demo_db: Path) -> None:
    deal = next(
        d for d in open_deals(demo_db) if d.stage is DealStage.NEGOTIATION and d.amount_cents
    )
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        kpis_before = screen_text(app).splitlines()[1]
        await open_pipeline(pilot, app)
        await select_row(pilot, "pipeline-table", str(deal.id))
        await pilot.press("w")
        await settle(pilot)
        assert "Won: deal #" in screen_text(app)
        await fill(pilot, "when", "tomorrow")
        await pilot.press("enter")
        await settle(pilot)
        assert "a deal cannot close in the future" in screen_text(app)
        assert deal_row(demo_db, deal.id)[0] == "negotiation"
        await fill(pilot, "when", "yesterday 15:00")
        await pilot.press("enter")
        await settle(pilot)
        stage, *_rest, closed, _name = deal_row(demo_db, deal.id)
        assert stage == "won" and closed == 1
        assert rows(demo_db, "SELECT closed_at FROM deal WHERE id = ?", deal.id)[0][0].startswith(
            "2026-11-25T15:00"
        )
        assert str(deal.id) not in app.screen.query_one("#pipeline-table").rows
        await pilot.press("1")
        await settle(pilot)
        assert await wait_for_text(pilot, "Q4")
        assert screen_text(app).splitlines()[1] != kpis_before


async def test_lost_needs_a_reason(demo_db: Path) -> None:
    deal = open_deals(demo_db)[0]
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pipeline(pilot, app)
        await select_row(pilot, "pipeline-table", str(deal.id))
        await pilot.press("L")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "required" in text and "Check reason" in text
        assert deal_row(demo_db, deal.id)[0] == deal.stage.value
        # the move form refuses lost without a reason the same way
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await fill(pilot, "stage", "lost")
        await pilot.press("enter")
        await settle(pilot)
        assert "required to lose it" in screen_text(app)
        assert deal_row(demo_db, deal.id)[0] == deal.stage.value
        await fill(pilot, "reason", "Went with [red]a rival[/]")
        await pilot.press("enter")
        await settle(pilot)
        stage, *_rest, reason, closed, _name = deal_row(demo_db, deal.id)
        assert (stage, reason, closed) == ("lost", "Went with [red]a rival[/]", 1)
        await pilot.press("h")
        await settle(pilot)
        await select_row(pilot, "pipeline-table", str(deal.id))
        assert "Went with [red]a rival[/]" in screen_text(app)


async def test_a_adds_a_deal_and_refuses_a_negative_amount(demo_db: Path) -> None:
    count = len(rows(demo_db, "SELECT id FROM deal"))
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pipeline(pilot, app)
        await pilot.press("a")
        await settle(pilot)
        assert "Add a deal" in screen_text(app)
        await fill(pilot, "account", "Stark Health")
        await fill(pilot, "name", "Rollout [/] \x1b[31mphase 2")
        await fill(pilot, "amount", "-5k")
        await pilot.press("enter")
        await settle(pilot)
        assert "amount cannot be negative" in screen_text(app)
        assert len(rows(demo_db, "SELECT id FROM deal")) == count
        await fill(pilot, "amount", "80k")
        await fill(pilot, "stage", "prop")
        await fill(pilot, "close", "2026-12-20")
        await fill(pilot, "probability", "40")
        await fill(pilot, "category", "commit")
        await pilot.press("enter")
        await settle(pilot)
        added = rows(
            demo_db,
            "SELECT d.stage, d.amount_cents, d.probability, d.forecast_category, "
            "d.expected_close, a.name, d.id FROM deal d JOIN account a ON a.id = d.account_id "
            "ORDER BY d.id DESC LIMIT 1",
        )[0]
        assert added[:6] == ("proposal", 8_000_000, 40, "commit", "2026-12-20", "Stark Health")
        await select_row(pilot, "pipeline-table", str(added[6]))
        # markup shows as typed, an escape sequence made visible
        assert "Rollout [/] ^[[31mphase 2" in screen_text(app)


async def test_e_edits_amount_probability_and_category(demo_db: Path) -> None:
    deal = next(d for d in open_deals(demo_db) if d.own_probability is None)
    before = history_count(demo_db, deal.id)
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pipeline(pilot, app)
        await select_row(pilot, "pipeline-table", str(deal.id))
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter")  # nothing changed: nothing written
        await settle(pilot)
        assert "nothing changed" in screen_text(app)
        await fill(pilot, "amount", "-1")
        await pilot.press("enter")
        await settle(pilot)
        assert "Check amount" in screen_text(app)
        await fill(pilot, "amount", "123,456")
        await fill(pilot, "probability", "35")
        await fill(pilot, "category", "best")
        await pilot.press("enter")
        await settle(pilot)
        stage, amount, probability, category, *_rest = deal_row(demo_db, deal.id)
        assert (stage, amount, probability, category) == (
            deal.stage.value,
            12_345_600,
            35,
            "best-case",
        )
        assert history_count(demo_db, deal.id) == before + 1
        assert "123,456" in screen_text(app)


async def test_enter_opens_the_account_on_its_deals_tab(demo_db: Path) -> None:
    deal = open_deals(demo_db)[0]
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pipeline(pilot, app)
        await select_row(pilot, "pipeline-table", str(deal.id))
        await pilot.press("enter")
        await settle(pilot)
        assert await wait_for_text(pilot, "D new deal")
        screen = app.screen
        assert screen.query_one("#account-tabs").active == "tab-deals"  # type: ignore[attr-defined]
        assert screen.selection().deal_id == deal.id


# --- the account view's Deals and Objectives tabs ------------------------------------------


async def test_the_deals_tab_lists_open_deals_then_closed_ones_with_their_history(
    demo_db: Path,
) -> None:
    conn = db.connect(demo_db)
    try:
        owned = deals.list_deals(conn, account_ref="Stark Health")
        last_change = deals.history(conn, owned[0].id)[-1].changes[0]
    finally:
        conn.close()
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_account(account_id(demo_db, "Stark Health"), tab="deals")
        await settle(pilot)
        assert await wait_for_text(pilot, "D new deal")
        table = app.screen.query_one("#deals")
        assert [str(k.value) for k in table.rows] == [str(d.id) for d in owned]
        opened = [d.is_open for d in owned]
        assert opened == sorted(opened, reverse=True)
        first = owned[0]
        await select_row(pilot, "deals", str(first.id))
        text = screen_text(app)
        assert f"#{first.id} {first.kind.value}" in text
        assert last_change[:30] in text
        # m on this tab moves the deal
        await pilot.press("m")
        await settle(pilot)
        assert f"Move deal #{first.id}" in screen_text(app)


async def test_objectives_tab_shows_status_and_progress_changes_it(demo_db: Path) -> None:
    conn = db.connect(demo_db)
    try:
        behind = next(
            o
            for o in objectives.list_objectives(conn)
            if o.account_id is not None and o.status.value in ("at-risk", "off-track")
        )
    finally:
        conn.close()
    assert behind.account_id is not None
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_account(behind.account_id, tab="objectives")
        await settle(pilot)
        assert await wait_for_text(pilot, "record progress")
        await select_row(pilot, "objectives", str(behind.id))
        cells = [c.plain for c in app.screen.query_one("#objectives").get_row(str(behind.id))]
        assert cells[1] == behind.status.value
        await pilot.press("plus")
        await settle(pilot)
        assert "Progress on objective" in screen_text(app)
        await fill(pilot, "value", "abc")
        await pilot.press("enter")
        await settle(pilot)
        assert "Check value" in screen_text(app)
        await fill(pilot, "value", f"+{behind.target}")
        await fill(pilot, "note", "Signed [b]all[/b] of it")
        assert "achieved" in screen_text(app)  # the form says the status it leads to
        await pilot.press("enter")
        await settle(pilot)
        stored = rows(
            demo_db, "SELECT value, note FROM objective_progress WHERE objective_id = ?", behind.id
        )
        assert stored[-1][1] == "Signed [b]all[/b] of it"
        assert "Signed [b]all[/b] of it" in screen_text(app)
        cells = [c.plain for c in app.screen.query_one("#objectives").get_row(str(behind.id))]
        assert cells[1] == "achieved"


async def test_o_adds_an_objective_for_the_account(demo_db: Path) -> None:
    ident = account_id(demo_db, "Stark Health")
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_account(ident, tab="objectives")
        await settle(pilot)
        assert await wait_for_text(pilot, "record progress")
        await pilot.press("O")
        await settle(pilot)
        await fill(pilot, "title", "Expand to 3 sites")
        await fill(pilot, "target", "3")
        await fill(pilot, "unit", "sites")
        await fill(pilot, "due", "2026-12-31")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(
            demo_db,
            "SELECT title, target_value, unit, due_date FROM objective WHERE account_id = ?",
            ident,
        )[-1] == ("Expand to 3 sites", "3", "sites", "2026-12-31")
        assert await wait_for_text(pilot, "0/3 sites (0%)")


async def test_user_text_on_deals_and_objectives_is_shown_literally(db_path: Path) -> None:
    from sam_tui.services import accounts

    conn = db.connect(db_path)
    accounts.add(conn, accounts.AccountInput(name="[bold]Evil[/] Corp"))
    kept = deals.add(conn, "#1", deals.NewDeal("Deal [/] \x1b[2J x", 100_00))
    gone = deals.add(conn, "#1", deals.NewDeal("Other [i]one", 5_00))
    deals.lost(conn, gone.id, "Price [red]too high[/]")
    objectives.add(
        conn,
        objectives.NewObjective(
            title="Grow [/] fast", target=Decimal(3), due=clock.today(), unit="[i]sites"
        ),
        account_ref="#1",
    )
    conn.close()
    app = SamApp(db_path, watch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_pipeline(pilot, app)
        await pilot.press("h")
        await settle(pilot)
        text = screen_text(app)
        assert "Deal [/] ^[[2J x" in text and "[bold]Evil[/] Corp" in text
        assert "Other [i]one ✗ Price [red]too high[/]" in text
        await select_row(pilot, "pipeline-table", str(kept.id))
        await pilot.press("enter")
        await settle(pilot)
        assert await wait_for_text(pilot, "D new deal")
        assert "Deal [/] ^[[2J x" in screen_text(app)
        app.screen.query_one("#account-tabs").active = "tab-objectives"  # type: ignore[attr-defined]
        await settle(pilot)
        text = screen_text(app)
        assert "Grow [/] fast" in text and "0/3 [i]sites (0%)" in text


async def test_help_and_palette_know_the_pipeline_and_its_keys(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        await run_palette(pilot, "go: pipeline", "Go: pipeline")
        await settle(pilot)
        assert app.current_mode == "pipeline"
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        for ident in (
            "sam.pipeline",
            "pipeline.add",
            "pipeline.toggle-closed",
            "sam.deal-won",
            "sam.deal-lost",
            "sam.add-deal",
        ):
            assert ident in text
        assert "Deal lost (with the reason)" in text
        await pilot.press("escape")
        app.open_account(account_id(demo_db, "Stark Health"), tab="objectives")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        assert "sam.objective-progress" in text and "sam.objective " in text


async def test_an_overdue_deal_on_home_moves_with_m_and_opens_on_the_deals_tab(
    demo_db: Path,
) -> None:
    conn = db.connect(demo_db)
    try:
        items = triage.load(conn).items
    finally:
        conn.close()
    steps, item = next((n, i) for n, i in enumerate(items) if i.kind is TriageKind.DEAL)
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(steps):
            await pilot.press("down")
        await settle(pilot)
        assert app.screen.selection().deal_id == item.ref_id
        await pilot.press("m")
        await settle(pilot)
        assert f"Move deal #{item.ref_id}" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert await wait_for_text(pilot, "D new deal")
        assert app.screen.selection().deal_id is not None


async def test_e_on_the_objectives_tab_edits_the_objective(demo_db: Path) -> None:
    conn = db.connect(demo_db)
    try:
        aim = next(o for o in objectives.list_objectives(conn) if o.account_id is not None)
    finally:
        conn.close()
    assert aim.account_id is not None
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_account(aim.account_id, tab="objectives")
        await settle(pilot)
        assert await wait_for_text(pilot, "record progress")
        await select_row(pilot, "objectives", str(aim.id))
        await pilot.press("e")
        await settle(pilot)
        assert f"Edit objective #{aim.id}" in screen_text(app)
        await fill(pilot, "due", "2026-01-01")
        await pilot.press("enter")
        await settle(pilot)
        # a due date before the start is refused by the service: shown, nothing written
        assert "is before the start" in screen_text(app)
        assert rows(demo_db, "SELECT due_date FROM objective WHERE id = ?", aim.id)[0][0] == (
            aim.due_date.isoformat()
        )
        await fill(pilot, "due", "2027-06-30")
        await fill(pilot, "unit", "")
        await pilot.press("enter")
        await settle(pilot)
        assert rows(demo_db, "SELECT due_date, unit FROM objective WHERE id = ?", aim.id)[0] == (
            "2027-06-30",
            None,
        )


async def test_w_on_a_renewal_shows_and_moves_the_renewal_date(sam: Any, db_path: Path) -> None:
    """The won form says, before saving, where the account's renewal date goes (one term
    later by default); the date typed there is the one saved."""
    sam("account", "add", "Polar", "--renewal", "2026-12-10")
    sam("deal", "add", "polar", "Renewal", "--amount", "100k", "--kind", "renewal",
        "--stage", "neg", "--close", "2026-12-10")
    app = SamApp(db_path, watch=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_pipeline(pilot, app)
        await select_row(pilot, "pipeline-table", "1")
        await pilot.press("w")
        await settle(pilot)
        text = screen_text(app)
        assert "Polar renews Thu 10 Dec now; winning moves it to:" in text
        assert "2027-12-10" in text
        await fill(pilot, "renewal", "2028-01-31")
        await pilot.press("enter")
        await settle(pilot)
        assert "No open deals." in screen_text(app)
    assert rows(db_path, "SELECT renewal_date FROM account") == [("2028-01-31",)]
    assert deal_row(db_path, 1)[0] == "won"


async def test_an_amount_too_wide_for_its_column_is_compact_never_cut(
    sam: Any, db_path: Path
) -> None:
    assert sam("account", "add", "Société Générale").exit_code == 0
    for name, amount in (("Platform", "1541250.50"), ("Pilot", "12,500")):
        args = ("deal", "add", "societe", name, "--amount", amount, "--stage", "proposal")
        assert sam(*args).exit_code == 0
    app = SamApp(db_path, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pipeline(pilot, app)
        text = screen_text(app)
    assert "1.54M" in text and "1.55M" in text  # the deal and its stage's total
    assert " 12,500 " in text
    assert "1,541,250…" not in text and "1,553,750…" not in text
