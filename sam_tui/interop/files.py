"""Writing a file the user named (the CLI's --output, the cockpit's export): all or nothing,
and never over a file by surprise."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from sam_tui.domain.errors import Conflict, InvalidInput

# how to say "replace it anyway": the CLI's flag; the cockpit passes its own words
FORCE_HINT = "add --force to replace it"


def check_target(path: Path, *, force: bool, hint: str = FORCE_HINT) -> Path:
    """The path to write, refused early (before any work) when it cannot or may not be."""
    path = path.expanduser()
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give a file name to write to")
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path}: folder {path.parent} does not exist")
    if path.exists() and not force:
        raise Conflict(f"{path} already exists; {hint}")
    return path


def write_text(
    path: Path, text: str | Iterable[str], *, force: bool, hint: str = FORCE_HINT
) -> Path:
    """Write ``text`` to a temporary file beside ``path``, then move it into place.

    A reader never sees half a file, and on any error nothing is left behind. Without
    ``force`` an existing file is never replaced, even one created meanwhile (the move is
    a hard link, which fails when the name is taken). The file is readable by you only:
    reports hold client data.
    """
    path = check_target(path, force=force, hint=hint)
    try:
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:  # a folder you may not write in, a read-only filesystem
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            # a large document comes in pieces, so it is never whole in memory
            for piece in [text] if isinstance(text, str) else text:
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            os.replace(temp, path)
        else:
            try:
                os.link(temp, path)
            except FileExistsError:
                raise Conflict(f"{path} already exists; {hint}") from None
            except OSError:
                # a filesystem without hard links (FAT, some network shares): check, then move
                if path.exists():
                    raise Conflict(f"{path} already exists; {hint}") from None
                os.replace(temp, path)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return path
