"""`sam contact add|list|edit`: the people at each account."""

from __future__ import annotations

from samcli import as_json, counts, fails, ok, query, seed


def test_add_names_the_account_it_resolved_and_the_influence(sam):
    ok(sam("account", "add", "Acme Corp"))
    out = ok(sam("contact", "add", "acme", "Jane Doe", "--role", "CFO",
                 "--influence", "decision-maker"))
    assert out == "Added contact #1 Jane Doe at Acme Corp, decision-maker\n"


def test_list_all_contacts_grouped_by_account(sam):
    seed(sam)
    out = ok(sam("contact", "list"))
    header, first, second = out.splitlines()
    assert header.split() == ["#", "Name", "Account", "Role", "Influence", "Email", "Last", "touch"]
    assert "Jane Doe" in first and "Acme Corp" in first and "never" in first
    assert "Bob Smith" in second and "Acme Labs" in second


def test_list_for_one_account_and_last_touch_after_a_log(sam):
    seed(sam)
    ok(sam("log", "acme corp", "Call about the pilot", "--with", "jane", "--channel", "call"))
    doc = as_json(sam("contact", "list", "acme corp", "--json"))
    assert [c["name"] for c in doc] == ["Jane Doe"]
    assert doc[0]["last_touch"] == "2026-11-26T09:00:00+00:00"
    assert "Thu 26 Nov 09:00" in ok(sam("contact", "list", "acme corp"))


def test_list_without_contacts_says_how_to_add_one(sam):
    ok(sam("account", "add", "Acme Corp"))
    assert ok(sam("contact", "list")) == (
        'No contacts yet. Add one: sam contact add ACCOUNT "Jane Doe" --role CFO\n'
    )


def test_edit_by_first_name_or_id(sam, db_path):
    seed(sam)
    assert ok(sam("contact", "edit", "jane", "--role", "CEO")) == (
        "Updated contact #1 Jane Doe at Acme Corp\n"
    )
    ok(sam("contact", "edit", "#2", "--phone", "+44 20 7946 0000"))
    ok(sam("contact", "edit", "2", "--name", "Robert Smith"))
    assert query(db_path, "SELECT name, role, phone FROM contact ORDER BY id") == [
        ("Jane Doe", "CEO", None),
        ("Robert Smith", "IT Director", "+44 20 7946 0000"),
    ]


def test_a_name_shared_across_accounts_is_ambiguous_until_scoped(sam, db_path):
    seed(sam)
    ok(sam("contact", "add", "globex", "Jane Roe"))
    before = counts(db_path)
    line = fails(sam("contact", "edit", "jane", "--role", "CTO"))
    assert "matches several contacts" in line
    assert "Jane Doe (#1, Acme Corp)" in line and "Jane Roe (#3, Globex)" in line
    assert counts(db_path) == before
    ok(sam("contact", "edit", "jane", "--account", "globex", "--role", "CTO"))
    assert query(db_path, "SELECT role FROM contact WHERE id = 3") == [("CTO",)]


def test_an_id_from_another_account_is_not_found_there(sam):
    seed(sam)
    assert fails(sam("contact", "edit", "2", "--account", "acme corp", "--role", "x")) == (
        "error: no contact #2 at this account"
    )


def test_add_refuses_a_malformed_email_and_an_unknown_account(sam, db_path):
    seed(sam)
    before = counts(db_path)
    assert fails(sam("contact", "add", "globex", "Ann", "--email", "ann.example.com")) == (
        "error: 'ann.example.com' does not look like an email address"
    )
    assert "unknown account 'initech'" in fails(sam("contact", "add", "initech", "Ann"))
    assert "contact name cannot be empty" in fails(sam("contact", "add", "globex", "  "))
    assert counts(db_path) == before


def test_unknown_influence_is_a_usage_error(sam):
    seed(sam)
    r = sam("contact", "add", "globex", "Ann", "--influence", "boss")
    assert r.exit_code == 2
    assert "decision-maker" in r.stderr
