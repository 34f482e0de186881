"""Reading one e-mail message (.eml, or piped from a mail client) into what a touch records.

Standard library only: ``email`` with the default policy decodes headers and any charset,
``get_body`` picks the plain part (else the HTML one, reduced to text with ``html.parser``).
The excerpt is the first lines of what the writer wrote: quoted history, forwarded
headers and signatures are cut. A forwarded message also yields the addresses of its
inner header block, for when the outer ones match nobody.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from typing import NamedTuple

from sam_tui.domain.errors import InvalidInput

EXCERPT_LINES = 6
EXCERPT_CHARS = 600


class Mail(NamedTuple):
    message_id: str
    subject: str
    sent_at: datetime | None
    senders: tuple[str, ...]  # From (lower case)
    recipients: tuple[str, ...]  # To, then Cc
    forwarded_senders: tuple[str, ...]  # From: lines of a forwarded message's header block
    forwarded_recipients: tuple[str, ...]
    excerpt: str

    def summary(self) -> str:
        """What the touch records: the subject, then the first lines of the body."""
        subject = self.subject or "(no subject)"
        return f"{subject}\n{self.excerpt}" if self.excerpt else subject


# --- HTML to text ------------------------------------------------------------------------

_BLOCKS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "ul", "ol", "hr", "section", "article", "header", "footer",
}  # fmt: skip
_SKIPPED = {"script", "style", "head", "title"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.quoting = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        if tag in _BLOCKS:
            self.parts.append("\n")
        # Gmail and Outlook put the quoted history in a blockquote or a marked div
        classes = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
        if tag == "blockquote" or "gmail_quote" in classes or "divRplyFwdMsg" in classes:
            self.quoting += 1
            self.parts.append("\n> ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self.skipping:
            self.skipping -= 1
        # a quoted div runs to the end of the message in practice: only blockquotes close
        if tag == "blockquote" and self.quoting:
            self.quoting -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            text = re.sub(r"\s+", " ", data)
            self.parts.append(text.replace("\n", "\n> ") if self.quoting else text)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).splitlines())
    return "\n".join(lines)


# --- cutting quoted history and signatures ------------------------------------------------

_ATTRIBUTION = re.compile(
    r"^(on\b.*\bwrote:|le\b.*\ba écrit\s?:|am\b.*\bschrieb.*:|el\b.*\bescribió:"
    r"|.*<[^>]+@[^>]+>\s+wrote:)$",
    re.I,
)
_SEPARATOR = re.compile(
    r"^(-{2,}\s*original message\s*-{2,}|_{8,}|-{5,}|-{2,}\s*forwarded message\s*-{2,}"
    r"|begin forwarded message:|-{2,}\s*message transféré\s*-{2,})$",
    re.I,
)
_FORWARD = re.compile(r"forwarded message|begin forwarded message|message transféré", re.I)
_HEADER = re.compile(r"^(from|von|de|to|an|à|cc|date|datum|sent|gesendet|envoyé|subject|"
                     r"betreff|objet)\s*:", re.I)  # fmt: skip
_SIGNATURE = re.compile(r"^(--\s?|sent from my .*|get outlook for .*|envoyé de mon .*)$", re.I)


def _is_attribution(lines: list[str], i: int) -> bool:
    """ "On Tue, Jane <jane@x> wrote:", also when a mail client wrapped it over 2-3 lines."""
    joined = ""
    for line in lines[i : i + 3]:
        joined = f"{joined} {line.strip()}".strip()
        if _ATTRIBUTION.match(joined):
            return True
    return False


def _written_part(text: str) -> tuple[str, str]:
    """(what the writer wrote, a forwarded message's body or "") from a plain-text body."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if _SEPARATOR.match(stripped):
            rest = lines[i + 1 :]
            forwarded = ""
            if _FORWARD.search(stripped):
                # skip the inner header block: From:, Date:, Subject:, To: and blank lines
                j = 0
                while j < len(rest) and (not rest[j].strip() or _HEADER.match(rest[j].strip())):
                    j += 1
                forwarded = "\n".join(rest[j:])
            return "\n".join(kept), forwarded
        if _is_attribution(lines, i) or _SIGNATURE.match(line.rstrip("\n")):
            break
        if stripped.startswith(">"):
            continue
        # Outlook's reply header without a separator line: "From: ... / Sent: ..."
        if _HEADER.match(stripped) and i + 1 < len(lines) and _HEADER.match(lines[i + 1].strip()):
            break
        kept.append(line)
    return "\n".join(kept), ""


def _first_lines(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    excerpt = "\n".join(lines[:EXCERPT_LINES])
    if len(excerpt) > EXCERPT_CHARS:
        excerpt = excerpt[: EXCERPT_CHARS - 1].rstrip() + "…"
    return excerpt


def excerpt(body: str) -> str:
    """The first lines the writer wrote, then those of the message it forwards, if any."""
    own, forwarded = _written_part(body)
    parts = [own, _written_part(forwarded)[0]] if forwarded else [own]
    return _first_lines("\n".join(parts))


def forwarded_addresses(body: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(senders, recipients) named in the header block of a forwarded message."""
    senders: list[str] = []
    recipients: list[str] = []
    lines = body.replace("\r\n", "\n").split("\n")
    inside = False
    for line in lines:
        stripped = line.strip()
        if _SEPARATOR.match(stripped) and _FORWARD.search(stripped):
            inside = True
            continue
        if not inside:
            continue
        match = _HEADER.match(stripped)
        if match is None:
            if stripped:
                break
            continue
        field = match.group(1).lower()
        value = stripped[match.end() :]
        addresses = [a.lower() for _, a in getaddresses([value]) if "@" in a]
        if field in ("from", "von", "de"):
            senders.extend(addresses)
        elif field in ("to", "an", "à", "cc"):
            recipients.extend(addresses)
    return tuple(senders), tuple(recipients)


# --- the message --------------------------------------------------------------------------


def _addresses(message: Message, *fields: str) -> tuple[str, ...]:
    values: list[str] = []
    for name in fields:
        values.extend(str(v) for v in message.get_all(name, []))
    found = [address.strip().lower() for _, address in getaddresses(values)]
    return tuple(dict.fromkeys(a for a in found if "@" in a))


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        # an unknown or lying charset: decode what can be decoded rather than refuse
        raw = part.get_payload(decode=True)
        content = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""
    if not isinstance(content, str):
        return ""
    return html_to_text(content) if part.get_content_subtype() == "html" else content


def _sent_at(message: Message) -> datetime | None:
    value = message.get("date")
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    # "-0000" (no zone known) reads as naive: RFC 5322 calls that UTC
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def parse(data: bytes) -> Mail:
    """One message from its bytes; raises InvalidInput when it is not an e-mail at all."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    senders = _addresses(message, "from")
    recipients = _addresses(message, "to", "cc")
    if not senders and not recipients:
        raise InvalidInput("this is not an e-mail message: it has no From, To or Cc address")
    body = _body(message)
    subject = " ".join(str(message.get("subject", "")).split())
    raw_id = str(message.get("message-id", "")).strip()
    if not raw_id:
        # no Message-ID: the same sender, date and subject stand for the same message
        stamp = "\n".join([str(message.get("date", "")), *senders, subject, body[:2000]])
        raw_id = f"<{hashlib.sha256(stamp.encode()).hexdigest()[:32]}@sam.no-message-id>"
    fwd_senders, fwd_recipients = forwarded_addresses(body)
    return Mail(
        message_id=raw_id,
        subject=subject,
        sent_at=_sent_at(message),
        senders=senders,
        recipients=recipients,
        forwarded_senders=fwd_senders,
        forwarded_recipients=fwd_recipients,
        excerpt=excerpt(body),
    )
