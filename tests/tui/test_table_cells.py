"""The table draws each cell exactly as Rich's layout (and Textual's DataTable) would.

``draw_cell`` skips Rich's general layout for one-line cells, the cost of every line a
long list draws; for any text, style, width and alignment it must give the same cells.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from sam_tui.tui.widgets.table import draw_cell, rich_cell

CONSOLE = Console(width=200, color_system="truecolor", legacy_windows=False)
OPTIONS = CONSOLE.options

styles = st.sampled_from(
    [
        Style(),
        Style(bold=True),
        Style(color="red"),
        Style(color="yellow", bgcolor="blue", dim=True),
        Style(reverse=True, bold=True),
        Style.from_meta({"row": 3, "column": 1}),
    ]
)
words = st.text(
    alphabet=st.sampled_from(list("abc XYZ-·✗…") + ["日", "本", "é", "😀", " "]), max_size=30
)


@st.composite
def cells(draw: st.DrawFn) -> Text:
    text = Text(
        draw(words),
        style=draw(styles),
        justify=draw(st.sampled_from([None, "left", "right", "default"])),
        overflow=draw(st.sampled_from([None, "ellipsis", "crop", "fold"])),
    )
    for _ in range(draw(st.integers(0, 3))):
        if text.plain:
            start = draw(st.integers(0, len(text.plain) - 1))
            end = draw(st.integers(start + 1, len(text.plain)))
            text.stylize(draw(styles), start, end)
    if draw(st.booleans()):
        text.append(draw(words), style=draw(styles))
    return text


def drawn(segments: list[Segment]) -> list[tuple[str, Style]]:
    """What a terminal shows: each character with its style (how it is cut into segments
    is not shown)."""
    return [
        (char, segment.style or Style())
        for segment in Strip(segments).simplify()
        for char in segment.text
    ]


@settings(max_examples=400, deadline=None)
@given(
    cells(),
    st.integers(1, 40),
    st.integers(0, 2),
    styles,
    st.sampled_from([Style(), Style(color="white", bgcolor="green")]),
)
def test_a_cell_is_drawn_as_rich_draws_it(
    cell: Text, width: int, padding: int, pre: Style, post: Style
) -> None:
    fast = draw_cell(CONSOLE, OPTIONS, cell, width, padding, pre, post)
    slow = rich_cell(CONSOLE, OPTIONS, cell, width, padding, pre, post)
    assert drawn(fast) == drawn(slow)
    assert sum(s.cell_length for s in fast) == width
