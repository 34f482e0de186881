"""`sam log --eml`: an e-mail becomes a touch with the right contact, direction, date and text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run, run_sam
from samcli import counts, fails, ok, query, seed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "eml"


@pytest.fixture
def book(sam: Run) -> Run:
    """The seed portfolio, plus a Globex contact with an e-mail address."""
    seed(sam)
    ok(sam("contact", "add", "globex", "Anna Weber", "--email", "anna.weber@globex.example"))
    return sam


def touches(db: Path) -> list[tuple[object, ...]]:
    return query(
        db,
        "SELECT a.name, c.name, i.channel, i.direction, i.occurred_at, i.summary, i.message_id "
        "FROM interaction i JOIN account a ON a.id = i.account_id "
        "LEFT JOIN contact c ON c.id = i.contact_id ORDER BY i.id",
    )


def test_an_html_only_message_from_a_contact_is_an_inbound_email(
    book: Run, db_path: Path
) -> None:
    out = ok(book("log", "--eml", str(FIXTURES / "html_only.eml")))
    assert out.startswith("Logged email with Acme Corp (Jane Doe), Tue 24 Nov 09:02")
    assert "inbound: Pilot scope — signed" in out
    ((account, contact, channel, direction, when, summary, message_id),) = touches(db_path)
    assert (account, contact, channel, direction) == ("Acme Corp", "Jane Doe", "email", "in")
    assert when == "2026-11-24T09:02:00Z"  # the message's Date, +0100
    assert summary == (
        "Pilot scope — signed\nHi Sam,\nWe signed the pilot scope & the SOW. Kick-off on "
        "Monday.\nJane"
    )  # no style sheet, no quoted "Can you sign by Friday?"
    assert message_id == "<CAHtml.001@mail.acme.example>"


def test_a_windows_1252_message_is_decoded_and_matched_by_domain(
    book: Run, db_path: Path
) -> None:
    ok(book("log", "--eml", str(FIXTURES / "windows_1252.eml")))
    ((account, contact, _, direction, _, summary, _),) = touches(db_path)
    # Jürgen is not a contact, but globex.example is Anna Weber's domain
    assert (account, contact, direction) == ("Globex", None, "in")
    assert summary.startswith("Preisänderung für 2027\nGuten Tag,\n")
    assert "(€ 12.000) ist für uns schwierig" in summary
    assert summary.endswith("Mit freundlichen Grüßen\nJürgen Müller")


def test_a_reply_is_outbound_to_the_contact_without_quoted_history_or_signature(
    book: Run, db_path: Path
) -> None:
    out = ok(book("log", "--eml", str(FIXTURES / "reply.eml")))
    assert "outbound: Re: Renewal terms" in out
    ((account, contact, _, direction, _, summary, _),) = touches(db_path)
    assert (account, contact, direction) == ("Acme Corp", "Jane Doe", "out")
    assert summary == (
        "Re: Renewal terms\nThanks Jane, the revised terms are attached.\n"
        "Happy to walk the CFO through them on Tuesday.\nBest,\nSam"
    )


def test_a_forwarded_message_is_matched_by_its_inner_headers(book: Run, db_path: Path) -> None:
    ok(book("log", "--eml", str(FIXTURES / "forwarded.eml")))
    ((account, contact, _, direction, _, summary, _),) = touches(db_path)
    assert (account, contact, direction) == ("Acme Corp", "Jane Doe", "in")
    assert summary.startswith(
        "Fwd: Invoice question\nCan you check the credit note below?\nHi Sam,\n"
        "invoice 4711 still shows the old price."
    )
    assert "From:" not in summary and "Forwarded" not in summary


def test_an_address_that_matches_nobody_names_the_addresses_and_offers_account(
    book: Run, db_path: Path
) -> None:
    before = counts(db_path)
    line = fails(book("log", "--eml", str(FIXTURES / "unknown_sender.eml")))
    assert "alex@nowhere.example, sam@mycompany.example, someone@gmail.com" in line
    assert "--account" in line
    assert counts(db_path) == before
    out = ok(book("log", "--eml", str(FIXTURES / "unknown_sender.eml"), "--account", "globex"))
    assert out.startswith("Logged email with Globex,")
    assert touches(db_path)[0][:4] == ("Globex", None, "email", "out")


def test_the_same_message_twice_is_refused(book: Run, db_path: Path) -> None:
    ok(book("log", "--eml", str(FIXTURES / "reply.eml")))
    before = counts(db_path)
    line = fails(book("log", "--eml", str(FIXTURES / "reply.eml"), "--follow-up", "friday"))
    assert "already logged: interaction #1 with Acme Corp" in line
    assert counts(db_path) == before
    ok(book("undo", "--yes"))  # undone: it may be logged again
    ok(book("log", "--eml", str(FIXTURES / "reply.eml")))


def test_standard_input_and_the_usual_options(book: Run, db_path: Path) -> None:
    data = (FIXTURES / "windows_1252.eml").read_bytes()
    out = ok(book("log", "--eml", "-", "--follow-up", "monday", "--sentiment", "-",
                  input=data.decode("latin-1")))
    assert "follow-up #1 due Mon 30 Nov" in out
    assert query(db_path, "SELECT sentiment FROM interaction") == [(-1,)]
    # the follow-up is named by the subject, not by the whole message logged
    assert query(db_path, "SELECT title FROM follow_up") == [("Preisänderung für 2027",)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--eml", "missing.eml"), "cannot read missing.eml"),
        (("acme", "note", "--eml", "X"), "leave out the TEXT"),
        (("--eml", "X", "--channel", "call"), "leave out --channel"),
        (("acme corp", "--account", "globex", "--eml", "X"), "two accounts given"),
    ],
)
def test_bad_eml_use_is_one_line(
    book: Run, args: tuple[str, ...], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "X").write_bytes((FIXTURES / "reply.eml").read_bytes())
    assert message in fails(book("log", *args))


def test_not_an_email_is_refused(book: Run, tmp_path: Path) -> None:
    junk = tmp_path / "junk.eml"
    junk.write_bytes(b"\x00\xff garbage without headers")
    assert "not an e-mail message" in fails(book("log", "--eml", str(junk)))
    assert "empty" in fails(book("log", "--eml", "-", input=""))


def test_a_mail_client_pipes_the_message_to_a_real_process(tmp_path: Path) -> None:
    db = str(tmp_path / "sam.db")
    assert run_sam("--db", db, "account", "add", "Acme Corp").returncode == 0
    assert run_sam("--db", db, "contact", "add", "acme", "Jane", "--email",
                   "jane@acme.example").returncode == 0
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "sam_tui", "--db", db, "log", "--eml", "-"],
        input=(FIXTURES / "html_only.eml").read_bytes(),
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert b"Logged email with Acme Corp (Jane)" in done.stdout
