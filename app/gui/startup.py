"""Start-up: the window first, the database after.

Importing storage (SQLAlchemy, pydantic and the questionnaire models) and the pages that use it
takes most of a start, several times what showing a window takes. So ``app.gui.application.run``
shows the window first (its frame and the start page, saying the database is opening, its
actions disabled) and lets it be painted (``wait_for_first_paint``); then the database is
opened on the GUI thread, importing what it needs, with its dialogs (passphrase, read-only
offer, errors), and ``finish`` completes the window, fills the start page, takes it back where
the person stopped and emits ``MainWindow.ready``.

Measured (issue 20; ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/hack_gains.py startup``,
20 assessments, 11 alternated launches): painting before opening the database gives the first
window in 0.23 s instead of 1.19 s (the usable window is not slower for it), so it stays.
Importing storage on a background thread meanwhile, as this module once did (with a second
local event loop), made the usable window 0.12 s *slower* (1.18 s against 1.04 s): removed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer

if TYPE_CHECKING:
    from app.gui.main_window import MainWindow
    from app.gui.store import Store

FIRST_PAINT_TIMEOUT_MS = 2000
"""A window that is never painted (minimised at start) still opens its database."""


class _Watch(QObject):
    """Ends ``loop`` once the window has been painted (at the next turn of the event loop, so
    that the paint reaches the screen first) or closed."""

    def __init__(self, window: MainWindow, loop: QEventLoop) -> None:
        super().__init__()
        self.window = window
        self.loop = loop
        self.painted = False
        self.closed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and not (self.painted or self.closed):
            if event.type() == QEvent.Type.Close:
                self.closed = True
                QTimer.singleShot(0, self.loop.quit)
            elif event.type() == QEvent.Type.Paint:
                self.painted = True
                QTimer.singleShot(0, self.loop.quit)
        return False


def wait_for_first_paint(window: MainWindow) -> bool:
    """Let the window be painted (the event loop runs until then, or ``FIRST_PAINT_TIMEOUT_MS``
    for a window never painted); False if it was closed before."""
    loop = QEventLoop()
    watch = _Watch(window, loop)
    window.installEventFilter(watch)
    QTimer.singleShot(FIRST_PAINT_TIMEOUT_MS, loop.quit)
    loop.exec()
    window.removeEventFilter(watch)
    return not watch.closed and window.isVisible()


def finish(window: MainWindow, store: Store) -> None:
    """Complete the window with its open store, let the filled start page be painted, take
    the window back where the person stopped, then emit ``ready``."""
    window.complete(store)
    QCoreApplication.processEvents()
    window.resume()
    window.ready.emit()
