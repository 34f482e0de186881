"""The cockpit's replication warning: the replica checked after the first frame and every few
minutes, in a worker; when it has fallen behind more than ``replicate.warn-after`` (or cannot
be reached), the nav bar of every screen says so and one toast tells it once."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from sam_tui.domain.errors import SamError

if TYPE_CHECKING:
    from sam_tui.tui.app import SamApp

# seconds between checks: listing a remote replica is a network call, and the warning is
# about minutes (15 by default)
INTERVAL = 300.0


def start(app: SamApp) -> None:
    app.set_interval(INTERVAL, partial(check, app))
    check(app)


def check(app: SamApp) -> None:
    app.run_worker(
        partial(_job, app), thread=True, group="replica", exclusive=True, exit_on_error=False
    )


def _job(app: SamApp) -> None:
    # imported here: nothing of replication is on the first paint's path
    from sam_tui.interop.replication import lag_warning

    try:
        text = lag_warning(app.db_path) or ""
    except SamError as exc:
        text = f"replica: {exc}"
    app.call_from_thread(show, app, text)


def show(app: SamApp, text: str) -> None:
    app.replica_checks += 1
    if text == app.notice:
        return
    app.notice = text
    if text:
        app.notify(text, title="Replication", severity="warning", markup=False, timeout=10)
    from sam_tui.tui.widgets.nav import NavBar

    for bar in app.screen.query(NavBar):
        bar.refresh_bar()
