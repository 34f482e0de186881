"""The HTML report is one well-formed, self-contained file that a browser renders cleanly.

Parsed here with html.parser (balanced tags, no script, no URL, nothing to fetch), then
opened in headless Chromium when ``chromium`` is on PATH (Debian's package; ``.ci/run``
installs it): the DOM it builds, a screenshot, and a printed PDF with one page per section
at least. Without it the browser checks are skipped, except on CI (``CI=true``), where a
missing browser fails them: a quiet skip there would hide that they never ran.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import report_fixture

from sam_tui.domain.periods import parse_period
from sam_tui.reports.base import build
from sam_tui.reports.kinds import KINDS
from sam_tui.reports.render import Format, render
from sam_tui.store import db

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}
# SVG elements written self-closed (<line .../>): html.parser reports them as startendtag
URL = re.compile(r"(?i)\b(?:https?|ftp)://|//[a-z0-9.-]+\.[a-z]{2,}/")

# the shared fixtures (pytest finds fixtures among a module's globals)
report_db = report_fixture.report_db
report_template = report_fixture.report_template


class Checker(HTMLParser):
    """Balanced tags, and a list of whatever could make the page load something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("script", "link", "iframe", "object", "embed", "img", "base"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}")
            if name in ("src", "href", "xlink:href", "srcset", "action"):
                self.problems.append(f"{tag} {name}={value}")
            if value and URL.search(value):
                self.problems.append(f"URL in {tag} {name}")
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, _value in attrs:
            if name in ("src", "href", "xlink:href"):
                self.problems.append(f"{tag} {name}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.in_style:
            for bad in ("@import", "url(", "@font-face"):
                if bad in data:
                    self.problems.append(f"CSS {bad}")
        elif URL.search(data) and "evil.example" not in data:
            self.problems.append(f"URL in text: {data[:40]}")
        self.text.append(data)


def _html(path: Path) -> str:
    conn = db.connect(path)
    try:
        return render(build(KINDS["week"], conn, parse_period("2026-W48")), Format.HTML)
    finally:
        conn.close()


def test_well_formed_and_self_contained(report_db: Path) -> None:
    page = _html(report_db)
    checker = Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == [], f"unclosed: {checker.stack}"
    assert checker.problems == []
    assert page.startswith("<!DOCTYPE html>")
    assert "http://" not in page and "https://" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    # every section is there, charts are inline SVG, printing breaks pages between sections
    assert checker.tags.count("section") == 6  # at a glance + five sections
    assert checker.tags.count("svg") == 4  # two charts, the health chart, one sparkline
    assert "break-before: page" in page and "@media print" in page
    text = " ".join(checker.text)
    assert "Invoices to the wrong cost centre" in text and "Umbrella Health" in text


def find_chromium() -> str | None:
    """The browser as ``.ci/run`` looks for it: ``chromium`` on PATH."""
    return shutil.which("chromium")


@pytest.fixture
def chromium() -> str:
    found = find_chromium()
    if found is None:
        missing = "headless browser check needs chromium on PATH (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{missing}; on CI (CI=true) a missing browser is a failure, not a skip")
        pytest.skip(missing)
    return found


def _chromium(browser: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_chromium_renders_it_without_errors(chromium: str, report_db: Path, tmp_path: Path) -> None:
    page = tmp_path / "week.html"
    page.write_text(_html(report_db), encoding="utf-8")
    url = page.as_uri()

    dom = _chromium(chromium, tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # console messages (a CSP violation, a blocked load) are logged as CONSOLE lines
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []
    assert "<h1>Week report" in dom.stdout
    assert dom.stdout.count("<svg") == 4
    assert 'id="agenda"' in dom.stdout

    shot = tmp_path / "week.png"
    done = _chromium(chromium, tmp_path, "--window-size=1000,1400", f"--screenshot={shot}", url)
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000

    pdf = tmp_path / "week.pdf"
    done = _chromium(chromium, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url)
    assert done.returncode == 0, done.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages >= 6, f"{pages} pages: each of the five sections starts a page"
