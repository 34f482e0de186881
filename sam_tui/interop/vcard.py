"""vCard 3.0 (RFC 2426) cards of the contacts, for phones and Google Contacts; stdlib only.

Each card: N and FN from the name, ORG the account, TITLE the role, EMAIL, one TEL per
number with TYPE labels, a NOTE with influence, cadence and the contact's notes, and a
UID and REV so a re-import updates the card. Lines end in CRLF and fold at 75 octets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sam_tui.services.exports import CardContact

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
# several numbers in one phone field: "+44 20 7946 0000 / mobile +44 7700 900123"
_PHONE_SPLIT = re.compile(r"\s*(?:[;,]|\s/\s)\s*")
_PHONE_TYPES = (
    (re.compile(r"\b(?:mobile|mob|cell|cellular|handy)\b", re.I), "CELL,VOICE"),
    (re.compile(r"\bfax\b", re.I), "WORK,FAX"),
    (re.compile(r"\bhome\b", re.I), "HOME,VOICE"),
)
# a label written before the number ("mobile: +44 ...") is said by TYPE instead
_LABEL = re.compile(
    r"^\s*(?:mobile|mob|cell|cellular|handy|fax|home|work|office|tel|phone)\b\s*:?\s*", re.I
)


def escape(value: str) -> str:
    """A TEXT value: backslash, comma, semicolon and line breaks escaped (RFC 2426 5)."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character; CRLF ends it."""
    out: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75  # a continuation starts with one space
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out) + "\r\n"


def phones(text: str) -> list[tuple[str, str]]:
    """``(TYPE list, number)`` for each number in a phone field; WORK,VOICE unless labelled."""
    found = []
    for part in _PHONE_SPLIT.split(text.strip()):
        if not part:
            continue
        kind = next((label for rule, label in _PHONE_TYPES if rule.search(part)), "WORK,VOICE")
        number = _LABEL.sub("", part).strip() or part.strip()
        found.append((kind, number))
    return found


def name_parts(name: str) -> tuple[str, str]:
    """(family, given): the last word is the family name; one word is a family name."""
    words = name.split()
    if len(words) <= 1:
        return name.strip(), ""
    return words[-1], " ".join(words[:-1])


def _note(contact: CardContact) -> str:
    parts = []
    if contact.influence:
        parts.append(f"Influence: {contact.influence}")
    if contact.cadence_days is not None:
        whose = "" if contact.own_cadence else " (as a key person of the account)"
        parts.append(f"Cadence: every {contact.cadence_days} days{whose}")
    parts.append(f"sam contact #{contact.id}, account #{contact.account_id}")
    if contact.notes:
        parts.append(contact.notes)
    return "\n".join(parts)


def card(contact: CardContact, book_id: str) -> str:
    family, given = name_parts(contact.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{escape(family)};{escape(given)};;;",
        f"FN:{escape(contact.name)}",
        f"ORG:{escape(contact.account_name)}",
    ]
    if contact.role:
        lines.append(f"TITLE:{escape(contact.role)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(contact.email.strip())}")
    for types, number in phones(contact.phone or ""):
        lines.append(f"TEL;TYPE={types}:{escape(number)}")
    lines.append(f"NOTE:{escape(_note(contact))}")
    lines.append(f"UID:contact-{contact.id}@{book_id}.sam")
    if contact.updated_at:
        lines.append(f"REV:{contact.updated_at}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def cards(contacts: Sequence[CardContact], book_id: str) -> Iterable[str]:
    return (card(c, book_id) for c in contacts)
