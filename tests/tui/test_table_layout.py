"""Nothing important cut off in the cockpit (issue 14): at 80x24 low-priority columns drop
out whole, wider terminals give the name columns the room, the selected row is readable in
full under the table, and Accounts shows its sort order and each account's health score."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from tui_helpers import screen_text, settle

from sam_tui.store import db
from sam_tui.tui.app import SamApp
from sam_tui.tui.widgets.table import Column, SamTable, row

LONG_NOTE = (
    "Walked the CFO through the renewal options, agreed to send the three-year quote "
    "by Friday and to involve procurement early"
)


async def switch(pilot: Any, key: str) -> None:
    """The cockpit up, then the screen under ``key`` on top."""
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)


class OneTable(App[None]):
    def __init__(self, columns: tuple[Column, ...]) -> None:
        super().__init__()
        self.columns = columns

    def compose(self) -> ComposeResult:
        yield SamTable(self.columns, id="t")

    def on_mount(self) -> None:
        self.query_one(SamTable).set_rows([row("1", "Müller-Thurgau Weinhandel", "a", "b", "c")])


COLUMNS = (
    Column("name", "Name", least=10, grow=1),
    Column("tier", "Tier", 20, drop=1),
    Column("value", "Value", 20, drop=2),
    Column("note", "Note", least=10, grow=2),
)


async def layout(width: int) -> tuple[list[str], list[int]]:
    app = OneTable(COLUMNS)
    async with app.run_test(size=(width, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(SamTable)
        return table.shown_columns(), [w for _, w in table._layout()]


async def test_low_priority_columns_drop_out_whole_lowest_first() -> None:
    shown, _ = await layout(120)
    assert shown == ["name", "tier", "value", "note"]
    shown, _ = await layout(60)
    assert shown == ["name", "value", "note"]
    shown, widths = await layout(30)
    assert shown == ["name", "note"]
    # never a column cut to a sliver: what is kept has at least its least width
    assert all(w >= 10 + 2 for w in widths)


async def test_a_wider_terminal_gives_the_growing_columns_the_room_in_proportion() -> None:
    _, narrow = await layout(120)
    _, wide = await layout(200)
    name_gain, note_gain = wide[0] - narrow[0], wide[3] - narrow[3]
    assert name_gain > 0 and note_gain > 0 and abs(note_gain - 2 * name_gain) <= 1
    # the fixed columns keep their widths
    assert wide[1:3] == narrow[1:3]


async def test_home_shows_the_selected_item_in_full_at_80x24(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        # the What column cuts the title short; the line under the table has it whole
        assert "Invoices sent to the …" in text
        assert "complaint #1 Vandelay Aerospace: Invoices sent to the wrong cost centre" in text


async def test_the_timeline_shows_the_selected_touch_whole_under_the_table(
    demo_db: Path,
) -> None:
    conn = db.connect(demo_db)
    from sam_tui.services import interactions

    interactions.log(conn, account_ref="#1", summary=LONG_NOTE)
    conn.close()
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_account(1, tab="timeline")
        await settle(pilot)
        text = screen_text(app)
        assert "Walked the CFO through" in text and "procurement early" in text
        assert " ".join(text.split()).count("procurement early") == 1
        # the next touch down: its note, whole, replaces the first
        app.screen.query_one("#timeline").focus()
        await pilot.press("down")
        await settle(pilot)
        assert "procurement early" not in screen_text(app)
        assert "Caught up on open items" in screen_text(app)


def header(app: Any) -> str:
    return screen_text(app).splitlines()[1]


async def test_accounts_show_the_sort_and_the_health_score_and_drop_the_tier_at_80(
    demo_db: Path,
) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await switch(pilot, "2")
        assert "Health▲" in header(app) and "Tier" not in header(app)
        assert "amber 50" in screen_text(app)  # Wonka Corp, the least healthy, first
        await pilot.press("O")
        await settle(pilot)
        assert "Health▼" in header(app)
        await pilot.press("o")
        await settle(pilot)
        assert "Touched▲" in header(app) and "Health▲" not in header(app)
        assert "Health " in header(app)
    async with SamApp(demo_db, watch=False).run_test(size=(120, 40)) as pilot:
        await switch(pilot, "2")
        assert "Tier" in header(pilot.app)


async def test_value_sorts_largest_first_and_says_so(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await switch(pilot, "2")
        for _ in range(4):  # health -> touched -> next f/u -> complaints -> value
            await pilot.press("o")
            await settle(pilot, rounds=1)
        assert "Value▼" in header(app)
        first = screen_text(app).splitlines()[2]
        assert "1.58M" in first  # Arden Health, the largest


async def test_follow_ups_show_the_selected_one_whole_at_80x24(demo_db: Path) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await switch(pilot, "3")
        text = screen_text(app)
        # the row cuts the title and its contact; the line under the table has both
        assert "#11 Set up the executive sponsor ca…" in text
        assert "#11 Set up the executive sponsor call\n" in text + "\n"
        assert "Brightwater Retail · with Zoe Mensah · due Wed 18 Nov (8 days ago)" in text


async def test_the_pipeline_at_80x24_keeps_the_day_and_the_stage_sums_whole(
    demo_db: Path,
) -> None:
    app = SamApp(demo_db, watch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await switch(pilot, "5")
        text = screen_text(app)
        # the category dropped out whole: the stage's weighted sum and next year's dates
        # keep every character; the selected deal's category is under the table
        assert "Category" not in text.splitlines()[2]
        assert "5 deals · wtd 263.56k" in text and "15 Feb '27" in text
        assert "prospecting 10% · omitted · weighted 11,400" in text


async def test_a_growing_column_stops_at_its_most_and_the_others_take_the_rest() -> None:
    capped = (
        Column("name", "Name", least=10, grow=1, most=20),
        Column("note", "Note", least=10, grow=1),
    )
    app = OneTable(capped)
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(SamTable)
        widths = [w for _, w in table._layout()]
        assert widths[0] == 20 + 2
        assert sum(widths) == table.scrollable_content_region.width


async def test_accounts_sorted_by_name_fold_their_letters(sam: Any, db_path: Path) -> None:
    for name in ("Zürich Re", "Øresund Shipping", "Acme", "Åkesson AB", "Nordic Steel"):
        assert sam("account", "add", name).exit_code == 0
    app = SamApp(db_path, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await switch(pilot, "2")
        for _ in range(8):
            if "Account▲" in header(app):
                break
            await pilot.press("o")
            await settle(pilot, rounds=1)
        assert "Account▲" in header(app)
        names = [line.split("  ")[0].strip() for line in screen_text(app).splitlines()[2:7]]
    assert names == ["Acme", "Åkesson AB", "Nordic Steel", "Øresund Shipping", "Zürich Re"]
