"""`sam config path` and `sam config show`: where things live, and where each setting came from."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run
from samcli import as_json, ok


def by_key(rows: list[dict[str, str]]) -> dict[str, tuple[str, str]]:
    return {r["key"]: (r["value"], r["source"]) for r in rows}


def test_path_names_the_database_backups_config_folder_and_keymap(
    sam: Run, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keymap = tmp_path / "keys.toml"
    monkeypatch.setenv("SAM_KEYMAP", str(keymap))
    found = by_key(as_json(sam("config", "path", "--json")))
    assert found["database"] == (str(db_path), "the --db option")
    assert found["backups"] == (str(db_path.parent / "backups"), "beside the database")
    config_home = Path(__import__("os").environ["XDG_CONFIG_HOME"])
    assert found["config folder"][0] == str(config_home / "sam")
    assert found["keymap"] == (f"{keymap} (not created yet)", "SAM_KEYMAP")
    keymap.write_text("[keymap]\n")
    assert by_key(as_json(sam("config", "path", "--json")))["keymap"][0] == str(keymap)
    text = ok(sam("config", "path"))
    assert "database" in text and str(db_path) in text


def test_path_says_when_the_database_comes_from_sam_db_or_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from sam_tui.cli.main import app

    monkeypatch.setenv("SAM_DB", str(tmp_path / "env.db"))
    rows = by_key(as_json(CliRunner().invoke(app, ["config", "path", "--json"])))
    assert rows["database"] == (str(tmp_path / "env.db"), "SAM_DB")
    monkeypatch.delenv("SAM_DB")
    rows = by_key(as_json(CliRunner().invoke(app, ["config", "path", "--json"])))
    assert rows["database"][1].startswith("default")
    assert rows["database"][0].endswith("sam.db")


def test_show_lists_every_setting_with_its_value_and_source(
    sam: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(sam("config", "fiscal-year-start", "feb"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("VISUAL", "nano")
    rows = by_key(as_json(sam("config", "show", "--json")))
    assert rows["fiscal-year-start"] == ("2", "this database")
    assert rows["sla.high"] == ("3", "default")
    assert rows["backup.keep"] == ("7", "default")
    assert rows["clock"] == ("2026-11-26T09:00", "SAM_NOW")
    assert rows["colour"] == ("off", "NO_COLOR")
    assert rows["editor (-e)"] == ("nano", "VISUAL")
    assert {"database", "keymap"} <= set(rows)
    from sam_tui.services.settings import REGISTRY

    assert set(REGISTRY) <= set(rows)
    text = ok(sam("config", "show"))
    assert "fiscal-year-start" in text and "this database" in text


def test_the_existing_config_commands_still_work(sam: Run) -> None:
    ok(sam("config", "sla.high", "5"))
    assert ok(sam("config", "sla.high")) == "5\n"
    assert "sla.high" in ok(sam("config"))
