"""Slow work (building a report, signing) off the UI thread, through this one helper.

``run_in_background(parent, work, on_success, on_failure)`` runs ``work()`` on the global
``QThreadPool``; ``on_success(result)`` or ``on_failure(error)`` is then called on the UI thread.
Without ``on_failure`` the error goes to ``show_error``. ``work`` must not touch widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from app.gui.errors import show_error

log = logging.getLogger("cybercabinet.gui")

T = TypeVar("T")

_running: set[Operation[Any]] = set()


class Operation(QObject, Generic[T]):
    """One background job; lives on the UI thread, so its slots run there."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QWidget | None, work: Callable[[], T],
                 on_success: Callable[[T], None],
                 on_failure: Callable[[BaseException], None] | None) -> None:
        super().__init__()
        self._parent = parent
        self._work = work
        self._on_success = on_success
        self._on_failure = on_failure
        self.succeeded.connect(self.on_job_succeeded)
        self.failed.connect(self.on_job_failed)

    def run(self) -> None:
        """Called on a pool thread: only emits, never touches widgets."""
        try:
            result = self._work()
        except BaseException as error:  # reported on the UI thread
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)

    @Slot(object)
    def on_job_succeeded(self, result: T) -> None:
        _running.discard(self)
        try:
            self._on_success(result)
        except Exception as error:
            show_error(self._parent, error)

    @Slot(object)
    def on_job_failed(self, error: BaseException) -> None:
        _running.discard(self)
        if self._on_failure is not None:
            self._on_failure(error)
        else:
            show_error(self._parent, error)


def run_in_background(parent: QWidget | None, work: Callable[[], T],
                      on_success: Callable[[T], None],
                      on_failure: Callable[[BaseException], None] | None = None
                      ) -> Operation[T]:
    operation: Operation[T] = Operation(parent, work, on_success, on_failure)
    _running.add(operation)
    QThreadPool.globalInstance().start(QRunnable.create(operation.run))
    return operation


def is_busy() -> bool:
    return bool(_running)


def wait_for_all(milliseconds: int = 30_000) -> bool:
    """At exit: let running jobs finish (a half-written report is worse than a short wait)."""
    return QThreadPool.globalInstance().waitForDone(milliseconds)
