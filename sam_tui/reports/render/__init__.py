"""Renderers: one function per format turns a ``Report`` into the text of a file."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Protocol

from sam_tui.reports.model import Report, Section


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


def render(report: Report, fmt: Format, written: Mapping[str, list[str]] | None = None) -> str:
    """The whole document in ``fmt`` (text: 80 columns, no colour). ``written``: some
    sections' blocks already laid out in ``fmt`` by ``blocks`` (by section key)."""
    return renderer(fmt).render(report, written=written)


def blocks(section: Section, report: Report, fmt: Format) -> list[str]:
    """What ``render`` puts under ``section``'s heading in ``fmt``: a second process
    (``reports.apart``) lays out its sections with this while this one builds the rest."""
    return renderer(fmt).blocks(section, report)


class _Renderer(Protocol):
    """What each format's module offers (``text``, ``markdown``, ``html``, ``jsondoc``)."""

    def render(
        self, report: Report, *, written: Mapping[str, list[str]] | None = None
    ) -> str: ...

    def blocks(self, section: Section, report: Report) -> list[str]: ...


def renderer(fmt: Format) -> _Renderer:
    """``fmt``'s module, imported on first use: a command prints one format (and imports
    it before a report's helper forks, so both halves start with it)."""
    if fmt is Format.TEXT:
        from sam_tui.reports.render import text

        return text
    if fmt is Format.MD:
        from sam_tui.reports.render import markdown

        return markdown
    if fmt is Format.HTML:
        from sam_tui.reports.render import html

        return html
    from sam_tui.reports.render import jsondoc

    return jsondoc
