"""A report on a large book built in two processes, one per core: ``kind.apart`` in a helper.

A year's report on 10,000 accounts is ~2 s of Python over sections that read the book
independently; the machines sam runs on have two cores. The helper is this process forked
(``Helper._fork``) when nothing here holds the book open: the caller imports the report
code and starts the helper before it opens the book, so the helper starts with every
module loaded and no SQLite connection to inherit (a connection must never cross a fork:
SQLite keeps each open file's locks per process). Anywhere else (a connection to the book
already open here, no ``fork`` or no ``/proc``) it is a fresh interpreter
(``reports.apart.main``). Either way it waits for the request, opens its own connection,
reads one snapshot, builds the sections it is asked for and sends them back pickled.

Both halves must describe the same book: ``reports.base.build`` reads ``PRAGMA
data_version`` before this process's snapshot and after the helper's answer, and builds
the whole report again here if anyone committed in between. A helper that fails, dies or
answers nonsense costs time, never output: its sections are then built here, in this
process's snapshot.

``SAM_REPORT_PROCESSES``: ``1`` (or ``0``, ``off``) never starts a helper, ``2`` (or ``on``)
always does (where it can); unset, a book of ``LARGE_BYTES`` or more gets one (below, the
second process costs more than it saves); anything else is an error.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, NamedTuple, NoReturn

if TYPE_CHECKING:
    # imported when used: the helper starts before this process imports the report code
    import subprocess

    from sam_tui.domain.periods import Period
    from sam_tui.reports.base import ReportContext, ReportKind
    from sam_tui.reports.model import Block, Cell, Report, Section
    from sam_tui.reports.render import Format

ENV = "SAM_REPORT_PROCESSES"
LARGE_BYTES = 48 * 1024 * 1024


class Request(NamedTuple):
    """What the helper builds: these sections of this kind, as ``build`` would here."""

    path: str
    kind: str
    indexes: tuple[int, ...]
    period: Period
    now: datetime
    # the format the caller prints: its sections come back laid out in it (``written``),
    # without their blocks; None: whole sections
    fmt: Format | None = None


class Answer(NamedTuple):
    """The helper's sections (without blocks when laid out) and their laid-out blocks."""

    built: dict[int, Section | None]
    written: dict[str, list[str]]


_ONE = frozenset({"1", "0", "off", "no", "false", "never"})
_TWO = frozenset({"2", "on", "yes", "true", "always"})


def wanted(size: int) -> bool:
    """Whether a report on a book of ``size`` bytes is worth a second process. A value of
    ``SAM_REPORT_PROCESSES`` that says neither is refused (InvalidInput), not ignored."""
    from sam_tui.domain.errors import InvalidInput

    setting = os.environ.get(ENV, "").strip().casefold()
    if setting and setting not in _ONE | _TWO:
        raise InvalidInput(
            f"{ENV} is {os.environ[ENV].strip()[:20]!r}: use 1 (one process), 2 (two) "
            "or leave it unset (two on a large book)"
        )
    if setting in _ONE or (os.cpu_count() or 1) < 2:
        return False
    return setting in _TWO or size >= LARGE_BYTES


class _Forked:
    """A helper forked from this process: what ``Helper`` uses of ``subprocess.Popen``.
    A child already reaped (SIGCHLD ignored, or an interrupt between reaping it and
    noting it) counts as ended, as ``Popen`` counts it: its answer is checked anyway."""

    def __init__(self, pid: int, stdin: IO[bytes], stdout: IO[bytes]) -> None:
        self.pid = pid
        self.stdin: IO[bytes] | None = stdin
        self.stdout: IO[bytes] | None = stdout
        self.returncode: int | None = None

    def poll(self) -> int | None:
        return self._reap(os.WNOHANG)

    def wait(self) -> int:
        code = self._reap(0)
        assert code is not None
        return code

    def _reap(self, options: int) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, options)
            except ChildProcessError:
                self.returncode = 0
            else:
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


class Helper:
    """A second process, started early, that builds part of one report."""

    def __init__(self, path: str, fmt: Format | None = None) -> None:
        self.path = path
        self.fmt = fmt
        self.answered = False  # its sections came from it (else they were built here)
        # by section key: the section without its blocks and the blocks laid out in fmt
        self._written: dict[str, tuple[Section, list[str]]] = {}
        # this process's own sections, laid out while the helper worked (``_lay_out``)
        self._mine: dict[str, tuple[Section, list[str]]] = {}
        self._process: subprocess.Popen[bytes] | _Forked | None = None
        self.forked = may_fork(path)
        if self.forked:
            try:
                self._fork(path)
            except OSError:  # no process to spare: a fresh interpreter may still start
                self.forked = False
            except BaseException:  # ctrl-c once the child exists: stop it here
                self.close()
                raise
        if not self.forked:
            self._process = self._start(path)

    def _fork(self, path: str) -> None:
        """This process, forked: it starts at once, with every module imported here.
        Ctrl-c is held from before the fork until the child is ours to stop (``close``):
        one landing in between would run this process's exit in the child."""
        held = {signal.SIGINT}
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            request_in, request_out = os.pipe()
            answer_in, answer_out = os.pipe()
            parent = os.getpid()
            try:
                pid = os.fork()
                if pid == 0:
                    _child(path, request_in, answer_out, (request_out, answer_in))
            except BaseException:
                if os.getpid() != parent:
                    os._exit(1)  # the child never returns into the caller's code
                for fd in (request_in, request_out, answer_in, answer_out):
                    os.close(fd)
                raise
            os.close(request_in)
            os.close(answer_out)
            self._process = _Forked(pid, os.fdopen(request_out, "wb"), os.fdopen(answer_in, "rb"))
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)

    @staticmethod
    def _start(path: str) -> subprocess.Popen[bytes]:
        """A fresh interpreter running ``main``."""
        import subprocess  # here: a forked helper never starts one

        # this very sam_tui, installed or not, and never one in the working directory
        # (an unpacked download, another checkout): -P keeps the directory off sys.path,
        # and the package's own folder goes first. -S: no site-packages (what it imports
        # is the standard library; the site's startup, an editable install's finder, was
        # a fifth of its start)
        package = str(Path(__file__).resolve().parents[2])
        start = (
            f"import sys; sys.path.insert(0, {package!r}); "
            "from sam_tui.reports.apart import main; main()"
        )
        return subprocess.Popen(
            [sys.executable, "-P", "-S", "-c", start, path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def share(self, kind: ReportKind, ctx: ReportContext) -> dict[int, Section | None]:
        """Every section of ``kind``: ``kind.apart`` from the helper, the others built
        here meanwhile, in one snapshot of ``ctx.conn`` (the helper's own may be later:
        the caller compares ``data_version``)."""
        from sam_tui.services import activity

        theirs = tuple(i for i, b in enumerate(kind.sections) if b in kind.apart)
        asked = self._ask(Request(self.path, kind.name, theirs, ctx.period, ctx.now, self.fmt))
        with activity.snapshot(ctx.conn):
            built = {i: builder(ctx) for i, builder in enumerate(kind.sections) if i not in theirs}
            if asked:
                # while the helper still works: the time is idle otherwise
                self._lay_out(kind, ctx, built)
            answer = self._answer(theirs) if asked else None
            if answer is None:
                answer = {i: kind.sections[i](ctx) for i in theirs}
        built.update(answer)
        return built

    def _lay_out(
        self, kind: ReportKind, ctx: ReportContext, built: dict[int, Section | None]
    ) -> None:
        """This process's sections laid out in the printed format, kept for ``written``."""
        if self.fmt is None:
            return
        from sam_tui.reports.base import shell
        from sam_tui.reports.render import blocks

        report = shell(kind, ctx, ())
        self._mine = {s.key: (s, blocks(s, report, self.fmt)) for s in built.values() if s}

    def _ask(self, request: Request) -> bool:
        process = self._process
        if process is None or process.stdin is None:
            return False
        try:
            pickle.dump(request, process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            process.stdin.close()
        except OSError:  # it died early: a broken pipe
            return False
        return True

    def written(self, report: Report) -> dict[str, list[str]]:
        """The laid-out blocks of the sections of ``report`` that came from the helper
        without them, and of those this process laid out while it waited (a report built
        again here has none), for ``render``."""
        done = {**self._mine, **self._written}
        return {s.key: done[s.key][1] for s in report.sections if done.get(s.key, (None,))[0] is s}

    def _answer(self, indexes: tuple[int, ...]) -> dict[int, Section | None] | None:
        """The helper's sections, or None if it failed or sent something else."""
        process = self._process
        if process is None or process.stdout is None:
            return None
        data = process.stdout.read()
        if process.wait() != 0:
            return None
        try:
            answer = pickle.loads(data)
        except Exception:  # a truncated or foreign stream: build them here
            return None
        if not isinstance(answer, Answer) or sorted(answer.built) != sorted(indexes):
            return None
        stubs = {s.key: s for s in answer.built.values() if s is not None}
        if self.fmt is None:
            if answer.written:
                return None
        elif set(answer.written) != set(stubs) or any(s.blocks for s in stubs.values()):
            return None
        self._written = {key: (stubs[key], lines) for key, lines in answer.written.items()}
        self.answered = True
        return answer.built

    def close(self) -> None:
        """Stop the helper if it still runs (an error, ctrl-c) and reap it."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()


def may_fork(path: str) -> bool:
    """Whether a helper for the book at ``path`` may be this process forked: one thread,
    and no descriptor here on the book, its WAL or its shared memory (SQLite keeps each
    open file's locks per process, and a child would believe it holds the locks that
    were the parent's). Unknowable without ``/proc``: then no."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    if signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN:
        return False  # children reaped unseen: ``subprocess`` copes with that
    files = set()
    # SQLite names the WAL and shared memory after the file a link leads to
    real = os.path.realpath(path)
    for name in (path, f"{real}-wal", f"{real}-shm", f"{real}-journal"):
        try:
            found = os.stat(name)
        except OSError:
            continue
        files.add((found.st_dev, found.st_ino))
    try:
        descriptors = os.listdir("/proc/self/fd")
    except OSError:
        return False
    for fd in descriptors:
        try:
            found = os.fstat(int(fd))
        except (OSError, ValueError):  # the listing's own, closed since
            continue
        if (found.st_dev, found.st_ino) in files:
            return False
    return True


# in a forked helper: the caller's standard streams, never to be flushed or finalised
_KEPT: list[object] = []


def _child(path: str, request: int, answer: int, theirs: tuple[int, ...]) -> NoReturn:
    """The forked helper: ``serve`` the book, then leave at once (none of the caller's
    cleanup, buffers or exit handlers run here)."""
    code = 1
    try:
        # many objects, no cycles (as in ``main``): and no finaliser of the caller's
        # objects may run here
        gc.disable()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        for fd in theirs:
            os.close(fd)
        # nothing it might print reaches the caller's output or terminal. The caller's
        # streams are kept, not closed: their buffers hold the caller's output, which a
        # flush here would print a second time
        quiet = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(quiet, fd)
        _KEPT.extend((sys.stdin, sys.stdout, sys.stderr))
        sys.stdin = sys.stdout = sys.stderr = open(os.devnull, "r+", encoding="utf-8")
        with os.fdopen(request, "rb") as stdin, os.fdopen(answer, "wb") as stdout:
            code = serve(path, stdin, stdout)
    except BaseException:  # any failure: the caller builds these sections itself
        code = 1
    finally:
        os._exit(code)


@contextmanager
def helper_for(book: Path | None, fmt: Format | None = None) -> Iterator[Helper | None]:
    """A helper for the next report on the book at ``book`` (None: in memory) when it is
    worth one, else None; stopped on the way out whatever happened. ``fmt``: the format
    the report is printed in (the helper lays its sections out in it). Called before
    this process opens the book, the helper is a fork (``may_fork``)."""
    try:
        size = None if book is None else book.stat().st_size
    except OSError:  # not made yet: it will be small
        size = None
    worth = wanted(size or 0)  # a bad setting is refused, whatever the book
    if size is None or not worth or threading.active_count() > 1:
        # with other threads (the cockpit's workers) reports stay in one process
        yield None
        return
    try:
        helper = Helper(str(book), fmt)
    except OSError:
        yield None
        return
    try:
        yield helper
    finally:
        helper.close()


def serve(path: str, stdin: IO[bytes], stdout: IO[bytes]) -> int:
    """The helper's side: wait for a request (the caller sends it once it has opened and
    upgraded the book), open the book, build its sections, write them pickled."""
    from sam_tui.reports.base import context, shell
    from sam_tui.reports.kinds import KINDS
    from sam_tui.services import activity

    request = pickle.load(stdin)
    conn = activity.open_book(path)
    try:
        kind = KINDS[request.kind]
        ctx = context(conn, request.period, request.now)
        with activity.snapshot(conn):
            built = {i: kind.sections[i](ctx) for i in request.indexes}
    finally:
        conn.close()
    if request.fmt is None:
        answer = Answer(_dates_shared(built), {})
    else:
        # laid out here, sent as text: pickling a year's 30,000 rows cost as much as
        # laying them out, and this process has the time while the caller builds
        from sam_tui.reports.render import blocks

        report = shell(kind, ctx, ())
        written = {s.key: blocks(s, report, request.fmt) for s in built.values() if s}
        stubs = {i: s and s._replace(blocks=()) for i, s in built.items()}
        answer = Answer(stubs, written)
    stdout.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    stdout.flush()
    return 0


def _dates_shared(built: dict[int, Section | None]) -> dict[int, Section | None]:
    """``built`` with equal dates in table cells made one object: pickle sends an object
    once and refers to it after, and a year's 14,000 deal moves fall on 365 days (pickling
    each date on its own was half the cost of sending them)."""
    from sam_tui.reports.model import Table

    one: dict[date, date] = {}

    def cell(value: Cell) -> Cell:
        return one.setdefault(value, value) if type(value) is date else value

    def block(b: Block) -> Block:
        if not isinstance(b, Table):
            return b
        return b._replace(rows=tuple(tuple(map(cell, row)) for row in b.rows))

    return {
        i: None if s is None else s._replace(blocks=tuple(map(block, s.blocks)))
        for i, s in built.items()
    }


def main() -> None:
    """The helper process: ``serve`` the book named by the one argument."""
    # gc off as in the command itself (``cli.collector``): many objects, no cycles
    gc.disable()
    try:
        code = serve(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer)
    except BaseException:  # any failure: the caller builds these sections itself
        code = 1
    os._exit(code)
