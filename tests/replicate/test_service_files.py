"""The systemd user unit and the launchd agent README gives for `sam replicate run`, checked
as far as a unit file's syntax goes: systemd's own verifier where it is installed (a key it
does not know is a failure here, not a warning), and Apple's plist format by a parser."""

from __future__ import annotations

import configparser
import plistlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def _block(language: str, after: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(after)
    found = re.search(rf"```{language}\n(.*?)```", text[start:], re.DOTALL)
    assert found, f"no ```{language} block after {after!r} in README"
    return found.group(1)


def _unit() -> str:
    return _block("ini", "sam-replicate.service")


def test_the_unit_runs_sam_replicate_run_and_restarts_it() -> None:
    unit = configparser.ConfigParser(strict=True, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    unit.read_string(_unit())
    assert set(unit.sections()) == {"Unit", "Service", "Install"}
    service = unit["Service"]
    assert service["ExecStart"].endswith("/sam replicate run")
    assert service["Restart"] == "on-failure"
    assert unit["Install"]["WantedBy"] == "default.target"  # a user unit's target


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd is not installed")
def test_systemd_verifies_the_unit(tmp_path: Path) -> None:
    # the path README gives is the user's: here, the sam this test runs
    sam = Path(sys.executable).with_name("sam")
    if not sam.exists():
        pytest.skip("no sam console script beside this Python")
    text = _unit().replace("%h/.local/bin/sam", str(sam))
    path = tmp_path / "sam-replicate.service"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["systemd-analyze", "verify", str(path)], capture_output=True, text=True, timeout=60
    )
    problems = [line for line in done.stderr.splitlines() if str(path) in line]
    assert done.returncode == 0 and not problems, done.stderr


def test_the_launchd_agent_is_a_valid_plist_that_keeps_the_replicator_up() -> None:
    agent = plistlib.loads(_block("xml", "LaunchAgents").encode("utf-8"))
    assert agent["Label"] == "io.github.sam.replicate"
    assert agent["ProgramArguments"][-2:] == ["replicate", "run"]
    assert agent["ProgramArguments"][0].endswith("/sam")
    assert agent["RunAtLoad"] is True
    assert agent["KeepAlive"] == {"SuccessfulExit": False}  # restarted when it fails
