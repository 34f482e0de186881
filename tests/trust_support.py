"""Helpers for the trust harnesses: real processes started together, and the cockpit in a pty."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import textwrap
import threading
import time
from collections.abc import Sequence

# One process: pay the imports, wait for a shared start instant (so that processes really
# collide), then run `sam ARGS...` exactly as `python -m sam_tui` would.
SYNC_START = textwrap.dedent(
    """
    import runpy, sys, time
    start, args = float(sys.argv[1]), sys.argv[2:]
    import sam_tui.cli.entry, sam_tui.store.db  # noqa: F401
    time.sleep(max(0.0, start - time.time()))
    sys.argv = ["sam", *args]
    runpy.run_module("sam_tui", run_name="__main__", alter_sys=True)
    """
)


def synced(args: Sequence[str], start: float) -> list[str]:
    """The command line of a process that runs ``sam ARGS`` at ``start`` (a time.time())."""
    return [sys.executable, "-c", SYNC_START, repr(start), *args]


class Cockpit:
    """A process on a pseudo-terminal (80x24): stdin, stdout and stderr are the terminal,
    as when the user types ``sam`` (the cockpit refuses to start without one)."""

    def __init__(self, command: Sequence[str], env: dict[str, str] | None = None) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.master = master
        self._output = bytearray()
        self.proc = subprocess.Popen(
            list(command),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, "TERM": "xterm-256color", **(env or {})},
            start_new_session=True,
        )
        os.close(slave)
        # the pty's buffer is small: an undrained terminal would block the app's output
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO once the process side is closed
                return
            if not data:
                return
            self._output.extend(data)

    def wait(self, timeout: float) -> int | None:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def quit(self, timeout: float = 30) -> int:
        """Press ``q`` until the app exits (keys typed before it is ready are dropped)."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            try:
                os.write(self.master, b"q")
            except OSError:
                break
            self.wait(0.5)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"the cockpit did not quit on q: {self.text()[-500:]!r}")
        return self.proc.returncode

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=5)
        os.close(self.master)

    def text(self) -> str:
        """Everything the process wrote to the terminal (line ends as the pty made them)."""
        return self._output.decode("utf-8", "replace").replace("\r\n", "\n")
