"""Litestream, the engine that streams a book's WAL to a replica: its binary, config, commands.

sam never speaks a replication protocol of its own: it writes Litestream's config and runs
its commands (``replicate``, ``restore``, ``ltx``), checked against Litestream 0.5.17's
flags and config keys (``cmd/litestream``). Credentials are never written here: Litestream
reads them from the environment and the usual files (``AWS_ACCESS_KEY_ID`` or
``~/.aws``, ``GOOGLE_APPLICATION_CREDENTIALS``, ``LITESTREAM_AZURE_ACCOUNT_KEY``, an SSH
key). Every command runs with ``-no-expand-env``: a ``$`` in a path stays a ``$``.
Nothing here is on ``sam log``'s path.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlsplit

from sam_tui.domain.errors import InvalidInput, SamError
from sam_tui.domain.text import one_line

# the URL schemes sam accepts -> Litestream's own (GCS is ``gs://`` to Litestream)
SCHEMES = {"s3": "s3", "gs": "gs", "gcs": "gs", "abs": "abs", "sftp": "sftp", "file": "file"}
MIN_VERSION = (0, 5)
INSTALL_HINT = "install it with: pip install 'sam-tui[replicate]' (or put litestream on PATH)"
# an SFTP replica authenticates with a key file: the first of these that exists
SSH_KEYS = ("id_ed25519", "id_ecdsa", "id_rsa")
# how long one command may take before it is called stuck (a restore of a large book over a
# slow link is the longest)
TIMEOUT = 600.0


class ReplicaProblem(SamError):
    """Litestream is missing, or the replica cannot be reached, read or written."""


class Replica(NamedTuple):
    """Where a book is replicated, as Litestream reads it."""

    url: str  # s3://bucket/path, gs://..., abs://..., sftp://user@host/path, file:///path
    endpoint: str | None = None  # S3-compatible storage elsewhere than AWS
    region: str | None = None
    key_path: str | None = None  # SFTP: the SSH key file (a path, never the key itself)

    @property
    def scheme(self) -> str:
        return self.url.split("://", 1)[0]

    @property
    def folder(self) -> Path | None:
        """The folder of a ``file://`` replica, else None."""
        return Path(urlsplit(self.url).path) if self.scheme == "file" else None

    def shown(self) -> str:
        """The URL and its options in one line, for messages."""
        extra = [f"{k} {v}" for k, v in (("endpoint", self.endpoint), ("region", self.region)) if v]
        return self.url + (f" ({', '.join(extra)})" if extra else "")

    def command_url(self) -> str:
        """The URL with its options as query parameters, for commands that take no config
        (``restore``/``ltx`` of a team member's replica)."""
        params = [(k, v) for k, v in (("endpoint", self.endpoint), ("region", self.region)) if v]
        if not params:
            return self.url
        query = "&".join(f"{k}={quote(v, safe=':/')}" for k, v in params)
        return f"{self.url}{'&' if '?' in self.url else '?'}{query}"

    def as_json(self) -> dict[str, str]:
        return {k: v for k, v in self._asdict().items() if v is not None}


def replica_from_json(data: object) -> Replica:
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        raise ValueError("no replica url")
    values = {k: data.get(k) for k in Replica._fields}
    if not all(v is None or isinstance(v, str) for v in values.values()):
        raise ValueError("replica fields must be text")
    return Replica(**values)  # type: ignore[arg-type]


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def parse_replica(
    text: str,
    *,
    endpoint: str | None = None,
    region: str | None = None,
    key_path: str | None = None,
) -> Replica:
    """Check a replica URL the user typed; raises InvalidInput with one line saying what."""
    raw = text.strip()
    shown = one_line(raw[:80])
    if _CONTROL.search(raw):
        raise InvalidInput(f"'{shown}' has control characters; a replica URL cannot")
    if "://" not in raw:
        raise InvalidInput(
            f"'{shown}' is not a replica URL; use s3://BUCKET/PATH, gcs://BUCKET/PATH, "
            "abs://ACCOUNT@CONTAINER/PATH, sftp://USER@HOST/PATH or file:///FOLDER"
        )
    scheme, rest = raw.split("://", 1)
    ours = SCHEMES.get(scheme.lower())
    if ours is None:
        raise InvalidInput(
            f"'{scheme}://' replicas are not supported; use s3, gcs, abs, sftp or file"
        )
    url = f"{ours}://{rest}"
    parts = urlsplit(url)
    if ours != "s3" and (endpoint or region):
        raise InvalidInput("--endpoint and --region are for s3:// replicas only")
    if ours != "sftp" and key_path:
        raise InvalidInput("--key is for sftp:// replicas only")
    if parts.password:
        raise InvalidInput(
            "sam never stores credentials: take the password out of the URL (Litestream reads "
            "them from the environment, the usual files or an SSH key)"
        )
    if ours == "file":
        if parts.netloc or not parts.path.startswith("/"):
            raise InvalidInput(f"'{shown}': a folder replica is file:/// and an absolute path")
        if parts.query:
            raise InvalidInput(f"'{shown}': a folder replica takes no options")
        return Replica(f"file://{Path(parts.path)}")
    if not parts.hostname:
        raise InvalidInput(f"'{shown}' names no bucket, container or host")
    if ours == "sftp":
        key = _ssh_key(key_path)
        if not parts.username:
            raise InvalidInput(f"'{shown}': name the SSH user (sftp://USER@HOST/PATH)")
        return Replica(url, key_path=key)
    if endpoint is not None:
        end = urlsplit(endpoint.strip())
        if end.scheme not in ("http", "https") or not end.hostname:
            raise InvalidInput(
                f"--endpoint '{one_line(endpoint[:60])}' is not an http:// or https:// address"
            )
        endpoint = endpoint.strip().rstrip("/")
    return Replica(url, endpoint=endpoint or None, region=(region or "").strip() or None)


def _ssh_key(given: str | None) -> str:
    if given:
        path = Path(given).expanduser()
        if not path.is_file():
            raise InvalidInput(f"--key {one_line(given)}: no such file")
        return str(path.resolve())
    ssh = Path("~/.ssh").expanduser()
    for name in SSH_KEYS:
        if (ssh / name).is_file():
            return str(ssh / name)
    raise InvalidInput(f"no SSH key in {ssh} ({', '.join(SSH_KEYS)}): name one with --key PATH")


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is YAML's."""
    return json.dumps(value, ensure_ascii=False)


def config_text(db_path: Path, replica: Replica) -> str:
    """Litestream's config for one book (keys of its ``DBConfig`` and ``ReplicaConfig``)."""
    lines = [
        "# Written by `sam replicate setup`; run it again to change the replica.",
        "# No credentials here: Litestream reads them from the environment and the usual files.",
        "dbs:",
        f"  - path: {_quoted(str(db_path))}",
        "    replica:",
        f"      url: {_quoted(replica.url)}",
    ]
    for key, value in (
        ("endpoint", replica.endpoint),
        ("region", replica.region),
        ("key-path", replica.key_path),
    ):
        if value:
            lines.append(f"      {key}: {_quoted(value)}")
    return "\n".join(lines) + "\n"


# --- the binary ---------------------------------------------------------------------------


def binary() -> str:
    """The ``litestream`` to run: the one the ``replicate`` extra installed beside this
    Python (a venv's bin, on PATH or not), else the first on PATH."""
    beside = Path(sys.executable).parent / "litestream"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("litestream")
    if found is None:
        raise ReplicaProblem(f"Litestream is not installed; {INSTALL_HINT}")
    return found


def version(exe: str) -> tuple[int, ...]:
    """Litestream's version, refused below 0.5 (its config and commands differ)."""
    out = _run(exe, ["version"], timeout=30).stdout.strip()
    numbers = re.match(r"v?(\d+)\.(\d+)(?:\.(\d+))?", out)
    if numbers is None:
        raise ReplicaProblem(f"{exe} does not look like Litestream (version: {one_line(out)})")
    found = tuple(int(n) for n in numbers.groups() if n is not None)
    if found[:2] < MIN_VERSION:
        raise ReplicaProblem(f"sam needs Litestream 0.5 or later; {exe} is {out}; {INSTALL_HINT}")
    return found


def _run(
    exe: str, args: Sequence[str], *, timeout: float = TIMEOUT
) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(
            [exe, *args],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise ReplicaProblem(
            f"litestream {args[0]} did not finish in {timeout:.0f} s; is the replica reachable?"
        ) from None
    except OSError as exc:
        raise ReplicaProblem(f"cannot run {exe}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        reason = _reason(done.stderr or done.stdout)
        if "RootCAs" in reason and os.environ.get("AWS_CA_BUNDLE"):
            # the AWS SDK cannot apply it to Litestream's own HTTP client
            reason += "; Litestream cannot use AWS_CA_BUNDLE: unset it for sam replicate"
        raise ReplicaProblem(f"litestream {args[0]} failed: {reason}")
    return done


def _reason(output: str) -> str:
    """The line of Litestream's output that says what went wrong, in one line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    if not lines:
        return "no reason given"
    wanted = next((line for line in reversed(lines) if "error" in line.lower()), lines[-1])
    found = re.search(r'(?:error|msg)="?(.*?)"?$', wanted)
    return one_line((found.group(1) if found else wanted)[:300])


# --- what a replica holds -----------------------------------------------------------------


class LtxFile(NamedTuple):
    """One file of a replica: transactions ``min_txid``..``max_txid`` as of ``created``."""

    level: int
    min_txid: int
    max_txid: int
    size: int
    created: datetime


def _source(config: Path | None, target: str) -> list[str]:
    """How a command names the replica: the book's config and its path, or a URL."""
    return (["-config", str(config), "-no-expand-env"] if config else []) + [target]


def files(exe: str, target: str, *, config: Path | None = None) -> list[LtxFile]:
    """Every file of the replica, all levels (``litestream ltx -json -level all``).

    ``target``: the book's path (with its ``config``) or a replica URL.
    """
    done = _run(exe, ["ltx", "-json", "-level", "all", *_source(config, target)], timeout=120)
    try:
        rows = json.loads(done.stdout or "[]") or []
        return [
            LtxFile(
                int(r["level"]),
                int(r["min_txid"], 16),
                int(r["max_txid"], 16),
                int(r["size"]),
                datetime.fromisoformat(r["timestamp"].replace("Z", "+00:00")),
            )
            for r in rows
        ]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ReplicaProblem(
            f"litestream ltx gave a listing sam cannot read: {one_line(done.stdout[:120])}"
        ) from None


class Position(NamedTuple):
    """How far a replica goes: its last transaction and when that was shipped."""

    txid: int
    at: datetime


def position(found: Sequence[LtxFile]) -> Position | None:
    """The newest transaction a replica holds (None: it holds nothing yet)."""
    if not found:
        return None
    return Position(max(f.max_txid for f in found), max(f.created for f in found))


def restore(
    exe: str,
    target: str,
    out: Path,
    *,
    config: Path | None = None,
    at: datetime | None = None,
) -> int:
    """Restore the replica into the new file ``out``; returns the transaction it reached.

    ``at``: the replica as it was at that moment (``-timestamp``), else its latest state.
    """
    args = ["restore", "-json", "-o", str(out)]
    if at is not None:
        args += ["-timestamp", at.astimezone().isoformat(timespec="milliseconds")]
    done = _run(exe, [*args, *_source(config, target)])
    # -json prints one summary object: {"db_path", "replica", "txid", ...}
    start = done.stdout.find("{")
    try:
        return int(json.loads(done.stdout[start:])["txid"], 16) if start >= 0 else 0
    except (ValueError, KeyError, TypeError):
        return 0


def replicate_once(exe: str, config: Path) -> None:
    """One sync of the book to its replica, then exit (``replicate -once``)."""
    _run(exe, ["replicate", "-config", str(config), "-no-expand-env", "-once"])


def replicate_argv(exe: str, config: Path) -> list[str]:
    """The command line of the replicator itself (``sam replicate run`` becomes it)."""
    return [exe, "replicate", "-config", str(config), "-no-expand-env"]


def local_txid(db_path: Path) -> int:
    """The last transaction this machine's Litestream took from the book (its files beside
    the book, ``.NAME-litestream/ltx/0``); 0 when it never ran here."""
    level0 = db_path.with_name(f".{db_path.name}-litestream") / "ltx" / "0"
    best = 0
    try:
        names = os.listdir(level0)
    except OSError:
        return 0
    for name in names:
        found = re.fullmatch(r"([0-9a-f]{16})-([0-9a-f]{16})\.ltx", name)
        if found:
            best = max(best, int(found.group(2), 16))
    return best
