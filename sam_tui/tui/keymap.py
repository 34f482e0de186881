"""User key remapping: binding ids to keys, from ``keymap.toml`` in the user config folder."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path


def keymap_path() -> Path:
    override = os.environ.get("SAM_KEYMAP")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("sam", appauthor=False)) / "keymap.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """The ``[keymap]`` table (``"sam.log" = "L"``), and a problem to report, if any.

    A broken file never stops the cockpit: it is ignored with a warning.
    """
    target = path or keymap_path()
    if not target.is_file():
        return {}, None
    try:
        with open(target, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{target} ignored: {exc}"
    table = data.get("keymap", {})
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in table.items()
    ):
        return {}, f'{target} ignored: expected a [keymap] table of "binding-id" = "key"'
    return dict(table), None
