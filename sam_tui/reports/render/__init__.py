"""Renderers: one function per format turns a ``Report`` into the text of a file."""

from __future__ import annotations

from enum import StrEnum

from sam_tui.reports.model import Report


class Format(StrEnum):
    TEXT = "text"
    MD = "md"
    HTML = "html"
    JSON = "json"


# file name endings that choose a format when none is given
EXTENSIONS = {
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
    ".md": Format.MD,
    ".markdown": Format.MD,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".json": Format.JSON,
}


def render(report: Report, fmt: Format) -> str:
    """The whole document in ``fmt`` (text: 80 columns, no colour)."""
    if fmt is Format.TEXT:
        from sam_tui.reports.render import text

        return text.render(report)
    if fmt is Format.MD:
        from sam_tui.reports.render import markdown

        return markdown.render(report)
    if fmt is Format.HTML:
        from sam_tui.reports.render import html

        return html.render(report)
    from sam_tui.reports.render import jsondoc

    return jsondoc.render(report)
