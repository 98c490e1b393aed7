"""Child process of bench_startup.py / bench_memory.py: start, say when the window is usable.

    python bench/startup_probe.py bare            # a bare PySide6 app showing one label
    python bench/startup_probe.py app --db FILE   # CyberCabinet, as `python -m app --db FILE`

Two moments are reported, each as a line ``TAG {"at": <time.time()>, "cpu": …, "rss_mb": …,
"peak_mb": …}``:

- ``PAINTED``: the first turn of the event loop (``QTimer.singleShot(0)``) after the first paint
  of the main window: what it shows is on the screen and it answers input. The app's window then
  shows its start page saying that the database is opening (``app.gui.startup``).
- ``READY``: the first turn of the event loop after the window's next paint once it has emitted
  ``MainWindow.ready``: the database is open, the start page filled with the assessments and
  the window back where the person stopped (the draft's question, or the start page). The
  payload's ``usable`` says what the window then offers (database open, nothing modal, the
  list shown and its actions enabled, or the question's answers enabled), read through public
  accessors. The probe then quits the event loop normally.

The bare app prints both at its first paint. For the app, the only things added are an event
filter installed on the QApplication right after the app creates it and a connection to
``ready``; everything else is the app's own start path (``app.cli.main.main``).

``--phases`` (``bench_usable_window.py --profile``): also time the steps of the start path
(wall and CPU, printed as ``PHASES [...]`` at the end), by wrapping them in this process.

``--answer-all`` (memory bench): once usable, answer every question asked through the window's
own session and questionnaire page (the same calls a click makes), then report the peak memory.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _memory() -> dict[str, float]:
    from common import current_rss_mb, peak_rss_mb

    return {"rss_mb": current_rss_mb(), "peak_mb": peak_rss_mb()}


def _watch(application: Any, is_main: Any, on_ready: Any) -> None:
    """Call ``on_ready(widget)`` at the first event-loop turn after the first paint of a
    widget for which ``is_main(widget)``."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if not self.done and event.type() == QEvent.Type.Paint and is_main(watched):
                self.done = True
                application.removeEventFilter(self)
                QTimer.singleShot(0, lambda: on_ready(watched))
            return False

    watcher = FirstPaint()
    application.installEventFilter(watcher)
    application.setProperty("_bench_watcher", id(watcher))
    _keep.append(watcher)


_keep: list[Any] = []


def _ready(extra: dict[str, Any] | None = None, tag: str = "READY") -> None:
    payload = {"at": time.time(), "cpu": time.process_time(), **_memory(), **(extra or {})}
    print(f"{tag} " + json.dumps(payload), flush=True)


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    application = QApplication(sys.argv[:1])
    label = QLabel("CyberCabinet")

    def ready(_widget: Any) -> None:
        _ready(tag="PAINTED")
        _ready()
        application.quit()

    _watch(application, lambda widget: widget is label, ready)
    label.show()
    return application.exec()


def run_app(db: str, answer_all: bool) -> int:
    import app.gui.application as application_module
    from app.cli.main import main

    original = application_module.create_application

    def create_application(argv: list[str] | None = None) -> Any:
        from PySide6.QtWidgets import QMainWindow, QWidget

        application = original(argv)

        def is_main(widget: Any) -> bool:
            return isinstance(widget, QMainWindow) and widget.isVisible()

        def ready(window: Any) -> None:
            extra: dict[str, Any] = {"page": window.current_page().name,
                                     "usable": _usable(window)}
            if answer_all:
                extra.update(_answer_all(window))
            _ready(extra)
            application.quit()

        def painted(window: Any) -> None:
            _ready({"page": window.current_page().name,
                    "database_open": window.is_open}, tag="PAINTED")
            if window.is_open:  # the window was made with its store
                ready(window)
                return

            def is_window(widget: Any) -> bool:
                return isinstance(widget, QWidget) and widget.window() is window

            window.ready.connect(lambda: _watch(application, is_window,
                                                lambda _widget: ready(window)))

        _watch(application, is_main, painted)
        return application

    application_module.create_application = create_application
    return main(["--db", db])


def _usable(window: Any) -> dict[str, Any]:
    """What the person sees at READY, read through public accessors only: is the window one
    they can work in (database open, nothing modal, the list or the question live), or a
    disabled one?"""
    from PySide6.QtWidgets import QApplication, QTableView

    from app.gui.pages import Page

    start = window.start_page
    page = window.current_page()
    facts: dict[str, Any] = {
        "database_open": bool(window.is_open) and bool(start.is_open),
        "window_enabled": window.isEnabled() and QApplication.activeModalWidget() is None,
        "page": page.name,
        "list_rows": start.model.rowCount() if start.is_open else 0,
        "list_shown": page is Page.START and any(
            table.isVisible() and table.model() is not None and table.model().rowCount() > 0
            for table in start.findChildren(QTableView)),
        "start_actions_enabled": all(button.isEnabled() for button in (
            start.continue_button, start.new_button, start.auditor_button)),
        "questionnaire_enabled": False,
    }
    questionnaire = window.questionnaire_page
    if questionnaire is not None and questionnaire.question_view.answers is not None:
        facts["questionnaire_enabled"] = bool(
            questionnaire.isVisible() and questionnaire.question_view.answers.isEnabled()
            and window.nav_button(Page.QUESTIONNAIRE).isEnabled())
    return facts


def _answer_all(window: Any) -> dict[str, Any]:
    """Answer every asked question through the questionnaire page, as clicks would."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from app.gui.main_window import Page
    from tests.reporting.helpers import profile_value, scored_value

    window.show_page(Page.QUESTIONNAIRE)
    page = window.questionnaire_page
    session = window.session
    before = _memory()
    answered = 0
    for _round in range(3):  # skip logic may open questions as the profile is answered
        for question_id in session.open_questions():
            question = session.questionnaire.question(question_id)
            page.show_question(question_id)
            value = (profile_value(question) if session.questionnaire.is_profile(question_id)
                     else scored_value(question))
            page.question_view.on_answers_value_chosen(value)
            answered += 1
            QApplication.processEvents()
            # what returning to the event loop does after a click, and processEvents() does
            # not: delete the widgets given up with deleteLater() (panels beyond the cap)
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if not session.open_questions():
            break
    progress = session.progress()
    for target in (Page.RESULTS, Page.ACTIONS):  # what a person looks at next
        window.show_page(target)
        QApplication.processEvents()
    return {"answered": answered, "progress": list(progress),
            "status": str(session.status), "before_mb": before["rss_mb"]}


PHASES: list[dict[str, Any]] = []


def _timed(owner: Any, name: str, label: str) -> None:
    """Record each call of ``owner.name`` (when it started, wall and CPU milliseconds). The
    app's code is unchanged; only this probe process's attribute is wrapped."""
    import functools

    function = getattr(owner, name)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started, cpu = time.time(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            PHASES.append({"what": label, "at": started,
                           "ms": (time.time() - started) * 1000,
                           "cpu_ms": (time.process_time() - cpu) * 1000})

    setattr(owner, name, wrapper)


def _instrument() -> None:
    """``--phases``: time the steps of the start path (``app.gui.application.run``), those that
    exist in this version of it; the session and the question banks once storage is loaded (at
    ``finish``), without importing anything the app has not imported by then."""
    import app.gui.application as application
    import app.gui.startup as startup
    from app.gui.main_window import MainWindow
    from app.gui.start_page import StartPage

    for owner, name, label in (
            (application, "apply_look", "style sheet applied"),
            (MainWindow, "opening", "window built without its store"),
            (startup, "wait_for_first_paint", "first paint (event loop)"),
            (startup, "warm_imports", "storage and pages imported (warm-up thread)"),
            (application, "open_store", "database opened (open_store, with what it imports)"),
            (MainWindow, "complete", "window completed (store attached)"),
            (StartPage, "refresh", "start page list filled"),
            (MainWindow, "resume", "resumed (session, pages)")):
        if hasattr(owner, name):
            _timed(owner, name, label)
    finish = startup.finish

    def finish_instrumented(*args: Any, **kwargs: Any) -> Any:
        catalog, session = (sys.modules.get(name) for name in ("app.domain.catalog",
                                                                "app.gui.session"))
        if catalog is not None and hasattr(catalog, "builtin_entries"):
            _timed(catalog, "builtin_entries", "question banks loaded (YAML, validation)")
        if session is not None and hasattr(session, "AssessmentSession"):
            _timed(session.AssessmentSession, "__init__", "assessment session made")
        return finish(*args, **kwargs)

    startup.finish = finish_instrumented
    _timed(startup, "finish", "finish (complete + resume)")


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "bare"
    if mode == "bare":
        sys.exit(bare())
    database = sys.argv[sys.argv.index("--db") + 1]
    if "--phases" in sys.argv:
        _instrument()
    code = run_app(database, "--answer-all" in sys.argv)
    if PHASES:
        print("PHASES " + json.dumps(PHASES), flush=True)
    sys.exit(code)
