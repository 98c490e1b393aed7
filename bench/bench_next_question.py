"""Moving to the next question in the window: key press or click to the new question painted.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_next_question.py [--json FILE] [--quick]

The real ``MainWindow`` (1366x768, the app's look) on a SQLite file holding 20 assessments of
the real question bank, resumed on the draft. One move is timed from the event (Enter sent to
the focused widget, or a click on "Next") until the posted events are processed (layout,
deferred deletes) and the window is repainted (the offscreen platform paints into the window's
backing store as a screen would; ``grab()`` if nothing was painted): p50 / p95 over the whole
questionnaire, several passes. The resume position is written to the
database on every move (a synced commit), as in the app: it is part of the figure.

Also (notes): choosing an answer (digit key, saved through the facade) to the repaint, and the
growth of a move with the size of the questionnaire (the 10-question example vs the real bank).
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import ROOT, Row, arguments, isolated_home, make_database, percentile, report

SIZE = (1366, 768)


def open_window(url: str, questionnaires: Path | None = None,
                questionnaire_id: str = "cabinet-medical") -> tuple[Any, Any]:
    from PySide6.QtWidgets import QApplication

    from app.gui.application import create_application
    from app.gui.database_store import DatabaseStore
    from app.gui.look import apply_look
    from app.gui.main_window import MainWindow
    from app.gui.settings import AppSettings
    from app.gui.translation import LanguageSwitcher

    application = create_application()
    apply_look(application)
    store = DatabaseStore.open(url, questionnaires=questionnaires)
    switcher = LanguageSwitcher()
    switcher.switch("en")
    window = MainWindow(store, AppSettings(), switcher, questionnaire_id=questionnaire_id)
    window.resize(*SIZE)
    window.show()
    window.activateWindow()
    window.resume()
    settle()
    QApplication.processEvents()
    return window, store


def settle() -> None:
    """Process what a turn of the event loop would: posted events, deferred deletes."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


class PaintCounter:
    """Counts the repaints of the window: the ``UpdateRequest`` that makes the repaint manager
    paint every dirty widget into the backing store, and paint events of the window itself.

    The filter watches the window alone. An application-wide Python filter (what this bench
    used at first) runs Python code for every event of every widget: a fifth of the measured
    time was the instrument's, not the app's."""

    def __init__(self, window: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        counter = self
        kinds = (QEvent.Type.Paint, QEvent.Type.UpdateRequest)

        class Filter(QObject):
            def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802
                if event.type() in kinds:
                    counter.count += 1
                return False

        self.count = 0
        self.window = window
        self._filter = Filter()
        window.installEventFilter(self._filter)


PAINTS: list[PaintCounter] = []


CPU: list[float] = []
"""The process time of each frame (ms): what the move costs, whatever else the machine does."""


def frame(window: Any, action: Callable[[], None]) -> float:
    """Milliseconds from ``action`` (the input event) to the repainted window: the event, then
    what the event loop does next (layout, deferred deletes, the repaint into the window's
    backing store). Should nothing have been painted, ``grab()`` paints it (and is counted)."""
    if not PAINTS or PAINTS[0].window is not window:
        PAINTS[:] = [PaintCounter(window)]
    counter = PAINTS[0]
    counter.count = 0
    start, cpu = time.perf_counter(), time.process_time()
    action()
    settle()
    if counter.count == 0:
        window.grab()
    CPU.append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - start) * 1000


def key_to_focus(window: Any, key: Any) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    page = window.questionnaire_page
    focus = QApplication.focusWidget()
    target = focus if focus is not None and page.isAncestorOf(focus) else page
    QTest.keyClick(target, key)


def walk(window: Any, passes: int, how: str) -> list[float]:
    """Move forward through every asked question, ``passes`` times (back to the first each
    time, untimed); returns the time of each move."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    page = window.questionnaire_page
    session = window.session
    durations: list[float] = []
    for _ in range(passes):
        first = session.asked_questions()[0].id
        page.show_question(first)
        settle()
        while True:
            current = page.current_question_id
            last = session.asked_questions()[-1].id
            if current == last:
                break
            if how == "key":
                durations.append(frame(window, lambda: key_to_focus(window, Qt.Key.Key_Return)))
            else:  # the button is found outside the timing: a search of every button
                button = next_button(page)  # of the page is the bench's work, not the app's
                durations.append(frame(window, lambda b=button: QTest.mouseClick(
                    b, Qt.MouseButton.LeftButton)))
            if page.current_question_id == current:
                raise RuntimeError(f"'next' did not move from {current}")
    return durations


def next_button(page: Any) -> Any:
    from PySide6.QtWidgets import QPushButton

    for button in page.findChildren(QPushButton):
        if button.property("primary") and button.isVisible():
            return button
    raise RuntimeError("no Next button")


def answer_moves(window: Any, count: int) -> list[float]:
    """Choose an answer with a digit key on ``count`` questions (alternating 1 and 2)."""
    from PySide6.QtCore import Qt

    page = window.questionnaire_page
    session = window.session
    scored = [q.id for q in session.asked_questions()
              if not session.questionnaire.is_profile(q.id)]
    durations: list[float] = []
    for index in range(count):
        page.show_question(scored[index % len(scored)])
        settle()
        key = Qt.Key.Key_1 if (index // len(scored)) % 2 == 0 else Qt.Key.Key_2
        durations.append(frame(window, lambda k=key: key_to_focus(window, k)))
    return durations


def example_window(home: Path) -> tuple[Any, Any]:
    """A window on the 10-question example questionnaire, for the growth note."""
    from app.storage import open_database

    folder = home / "example-questionnaires"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "example.yaml", folder / "example.yaml")
    url = str(home / "example.sqlite3")
    with open_database(url, questionnaires=folder, backup=False) as db:
        practice = db.create_practice("Cabinet Exemple", country="CH")
        db.create_assessment(practice.id, questionnaire_id="example")
    return open_window(url, folder, "example")


def main() -> int:
    parser = arguments(__doc__.splitlines()[0])
    args = parser.parse_args()
    passes = 1 if args.quick else 2
    home = isolated_home()
    try:
        fixture = make_database(home / "practice-20.sqlite3", 20)
        window, store = open_window(str(fixture.path))
        session = window.session
        if session is None or window.questionnaire_page is None:
            raise RuntimeError("the window did not resume on the draft")
        asked = len(session.asked_questions())
        walk(window, 1, "key")  # warm up (first paint of each kind of question)
        CPU.clear()
        by_key = walk(window, passes, "key")
        by_click = walk(window, max(1, passes - 1), "click")
        move_cpu = list(CPU)
        answering = answer_moves(window, 40 if args.quick else 100)
        moves = by_key + by_click
        p50, p95 = percentile(moves, 50), percentile(moves, 95)
        print(f"next question: {len(moves)} moves over {asked} asked questions; "
              f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (key p95 {percentile(by_key, 95):.1f}, "
              f"click p95 {percentile(by_click, 95):.1f}, max {max(moves):.1f})", flush=True)
        print(f"answer (digit key): p50 {percentile(answering, 50):.1f} ms, "
              f"p95 {percentile(answering, 95):.1f} ms", flush=True)
        window.close()
        store.close()

        small_window, small_store = example_window(home)
        small_asked = len(small_window.session.asked_questions())
        walk(small_window, 1, "key")
        small = walk(small_window, 6 if args.quick else 15, "key")
        print(f"example questionnaire ({small_asked} asked): p50 {percentile(small, 50):.1f} ms,"
              f" p95 {percentile(small, 95):.1f} ms", flush=True)
        small_window.close()
        small_store.close()

        rows = [Row("next question in the window, p95", p95, "ms", None, "", "< 16 ms",
                    passed=p95 < 16, notes=[
                        f"p50 {p50:.1f} ms, max {max(moves):.1f} ms over {len(moves)} moves "
                        f"(Enter and Next click) through {asked} asked questions, 1366x768; "
                        f"CPU time per move p50 {percentile(move_cpu, 50):.1f} ms, p95 "
                        f"{percentile(move_cpu, 95):.1f} ms",
                        f"choosing an answer (digit key, synced save, repaint): p50 "
                        f"{percentile(answering, 50):.1f} ms, p95 "
                        f"{percentile(answering, 95):.1f} ms",
                        f"growth: {small_asked}-question example p50 "
                        f"{percentile(small, 50):.1f} ms / p95 {percentile(small, 95):.1f} ms "
                        f"vs {asked} asked of the real bank p50 {p50:.1f} / p95 {p95:.1f} ms",
                    ])]
        report(rows, args.json)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: PySide6 may crash while collecting widgets


if __name__ == "__main__":
    sys.exit(main())
