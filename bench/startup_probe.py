"""Child process of bench_startup.py / bench_memory.py: start, say when the window is usable.

    python bench/startup_probe.py bare            # a bare PySide6 app showing one label
    python bench/startup_probe.py app --db FILE   # CyberCabinet, as `python -m app --db FILE`

"Usable" is the first turn of the event loop (``QTimer.singleShot(0)``) after the first paint
of the main window: what it shows is on the screen and it answers input. The probe prints
``READY {"at": <time.time()>, "rss_mb": …, "peak_mb": …}`` then quits the event loop normally.
For the app, the only thing added is an event filter installed on the QApplication right after
the app creates it; everything else is the app's own start path (``app.cli.main.main``).

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
    """Call ``on_ready`` at the first event-loop turn after the main window's first paint."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if not self.done and event.type() == QEvent.Type.Paint and is_main(watched):
                self.done = True
                application.removeEventFilter(self)
                QTimer.singleShot(0, on_ready)
            return False

    watcher = FirstPaint()
    application.installEventFilter(watcher)
    application.setProperty("_bench_watcher", id(watcher))
    _keep.append(watcher)


_keep: list[Any] = []


def _ready(extra: dict[str, Any] | None = None) -> None:
    payload = {"at": time.time(), "cpu": time.process_time(), **_memory(), **(extra or {})}
    print("READY " + json.dumps(payload), flush=True)


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    application = QApplication(sys.argv[:1])
    label = QLabel("CyberCabinet")

    def ready() -> None:
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
        from PySide6.QtWidgets import QApplication, QMainWindow

        application = original(argv)

        def is_main(widget: Any) -> bool:
            return isinstance(widget, QMainWindow) and widget.isVisible()

        def ready() -> None:
            window = next(w for w in QApplication.topLevelWidgets()
                          if isinstance(w, QMainWindow) and w.isVisible())
            extra: dict[str, Any] = {"page": window.current_page().name}
            if answer_all:
                extra.update(_answer_all(window))
            _ready(extra)
            application.quit()

        _watch(application, is_main, ready)
        return application

    application_module.create_application = create_application
    return main(["--db", db])


def _answer_all(window: Any) -> dict[str, Any]:
    """Answer every asked question through the questionnaire page, as clicks would."""
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
        if not session.open_questions():
            break
    progress = session.progress()
    for target in (Page.RESULTS, Page.ACTIONS):  # what a person looks at next
        window.show_page(target)
        QApplication.processEvents()
    return {"answered": answered, "progress": list(progress),
            "status": str(session.status), "before_mb": before["rss_mb"]}


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "bare"
    if mode == "bare":
        sys.exit(bare())
    database = sys.argv[sys.argv.index("--db") + 1]
    sys.exit(run_app(database, "--answer-all" in sys.argv))
