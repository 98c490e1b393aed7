"""Start-up: the window first, the database after.

Importing storage (SQLAlchemy, pydantic and the questionnaire models) and the pages that use it
takes most of a start, several times what showing a window takes. So ``app.gui.application.run``
shows the window first (its frame and the start page, saying the database is opening, its
actions disabled); after its first paint, ``warm_imports`` imports those modules on a
background thread while the event loop keeps the window painted and answering; then the
database is opened on the GUI thread, with its dialogs (passphrase, read-only offer, errors),
and ``finish`` completes the window, fills the start page, takes it back where the person
stopped and emits ``MainWindow.ready``.

The modules imported on the thread define classes and constants only: no widget or other Qt
object is made there. Importing them again on the GUI thread is then a dictionary look-up.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer

if TYPE_CHECKING:
    from app.gui.main_window import MainWindow
    from app.gui.store import Store

log = logging.getLogger("cybercabinet.gui")

WARM_MODULES: tuple[str, ...] = (
    # storage and the domain (pure Python): most of the cost
    "app.storage",
    "app.storage.database",
    "app.domain.catalog",
    "app.domain.scoring",
    "app.domain.skip_logic",
    "app.gui.store",
    "app.gui.database_store",
    # the window's parts made when the store is given (class definitions only)
    "app.gui.assessment_list_model",
    "app.gui.practice_form",
    "app.gui.report_actions",
    "app.gui.exchange_actions",
    "app.gui.session",
    "app.gui.questionnaire_page",
    "app.gui.results_page",
    "app.gui.action_plan_page",
)
"""Imported on the warm-up thread, in this order."""

FIRST_PAINT_TIMEOUT_MS = 2000
"""A window that is never painted (minimised at start) still opens its database."""


class _Watch(QObject):
    """Ends ``loop`` when the window is closed and, with ``until_paint``, once it has been
    painted (at the next turn of the event loop, so that the paint reaches the screen first)."""

    def __init__(self, window: MainWindow, loop: QEventLoop, until_paint: bool) -> None:
        super().__init__()
        self.window = window
        self.loop = loop
        self.painted = not until_paint
        self.closed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.Close:
            self.closed = True
            QTimer.singleShot(0, self.loop.quit)
        elif not self.painted and kind == QEvent.Type.Paint and watched is self.window:
            self.painted = True
            QTimer.singleShot(0, self.loop.quit)
        return False


def _run_until(window: MainWindow, done: threading.Event | None, timeout_ms: int) -> bool:
    """Run the event loop until the first paint (``done`` is None) or until ``done`` is set;
    False if the window was closed meanwhile."""
    loop = QEventLoop()
    watch = _Watch(window, loop, until_paint=done is None)
    window.installEventFilter(watch)
    timers = []
    if done is not None:
        poll = QTimer()
        poll.setInterval(10)
        poll.timeout.connect(lambda: loop.quit() if done.is_set() else None)
        poll.start()
        timers.append(poll)
    elif timeout_ms > 0:
        QTimer.singleShot(timeout_ms, loop.quit)
    if not (done is not None and done.is_set()):
        loop.exec()
    for timer in timers:
        timer.stop()
    window.removeEventFilter(watch)
    return not watch.closed and window.isVisible()


def wait_for_first_paint(window: MainWindow) -> bool:
    """Let the window be painted; False if it was closed before."""
    return _run_until(window, None, FIRST_PAINT_TIMEOUT_MS)


def _import_all(done: threading.Event, modules: tuple[str, ...]) -> None:
    started = time.perf_counter()
    try:
        for name in modules:
            importlib.import_module(name)
        if "app.storage" in modules:
            from app.storage.engine import WARM_UP_MODULES  # the driver's, storage's detail

            for name in WARM_UP_MODULES:
                importlib.import_module(name)
        from app import __version__  # importlib.metadata: the version, for the About box
        from app.i18n import format_date

        format_date(dt.date.today(), fmt="long")  # babel's locale data
        log.debug("version %s", __version__)
    except Exception:  # the GUI thread imports them again and reports the error there
        log.exception("warming the imports failed")
    finally:
        log.debug("imports warmed in %.3f s", time.perf_counter() - started)
        done.set()


def warm_imports(window: MainWindow, modules: tuple[str, ...] = WARM_MODULES) -> bool:
    """Import ``modules`` on a background thread while the window stays responsive; False if
    the window was closed meanwhile."""
    done = threading.Event()
    thread = threading.Thread(target=_import_all, args=(done, modules),
                              name="cybercabinet-warm-up", daemon=True)
    thread.start()
    return _run_until(window, done, 0)


def finish(window: MainWindow, store: Store) -> None:
    """Complete the window with its open store, let the filled start page be painted, take
    the window back where the person stopped, then emit ``ready``."""
    window.complete(store)
    QCoreApplication.processEvents()
    window.resume()
    window.ready.emit()
