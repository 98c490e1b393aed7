"""Grab every page of the window at 1366x768 (and the questionnaire at a 1.5x font) as PNGs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui.screenshots [--out docs/screenshots]
        [--language de]

The auditor's pages (list, review, history) come from ``auditor_screenshots``; their files get a
``-xx`` suffix in other languages than English.

Uses the shipped questionnaire (``cabinet-medical``) when it loads, else the tests' example, in
a throw-away data folder and an in-memory store: nothing of the user's is touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.answers import AnswerValue
from app.domain.assessment import PracticeInfo
from app.domain.questionnaire import Question
from app.domain.vocabulary import NOT_APPLICABLE, UNKNOWN, QuestionType
from app.gui.main_window import MainWindow, Page
from app.gui.memory_store import MemoryStore
from app.gui.session import AssessmentSession
from app.gui.settings import AppSettings
from app.gui.settings_dialog import SettingsDialog
from app.gui.translation import LanguageSwitcher

SIZE = (1366, 768)
ROOT = Path(__file__).resolve().parents[2]


def demo_value(question: Question, index: int) -> AnswerValue:
    """A plausible, varied answer: mostly good, some gaps, a few "I don't know"."""
    if question.type is QuestionType.NUMBER:
        spec = question.number
        assert spec is not None
        bands = [band.min for band in spec.bands] or [spec.min]
        return float(max(spec.min, min(spec.max, bands[index % len(bands)])))
    options = question.option_values()
    if question.allow_unknown and index % 11 == 5:
        return UNKNOWN
    if question.type is QuestionType.MULTIPLE:
        plain = [c.value for c in question.choices if not c.exclusive]
        return tuple(plain[: 1 + index % max(len(plain), 1)])
    if question.id.startswith("PRF-"):
        return options[0]
    return options[[0, 0, 1, 0, len(options) - 1, 0, 1][index % 7] % len(options)]


def fill(session: AssessmentSession, limit: int | None = None) -> None:
    """Answer the asked questions in order (skip logic followed), ``limit`` of them at most."""
    index = 0
    while limit is None or index < limit:
        open_questions = session.open_questions()
        if not open_questions:
            return
        question = session.questionnaire.question(open_questions[0])
        assert question is not None
        value = demo_value(question, index)
        if not session.answer(question.id, value):
            session.answer(question.id, NOT_APPLICABLE if question.allow_not_applicable
                           else UNKNOWN)
        index += 1


def pick_question(session: AssessmentSession, preferred: tuple[str, ...]) -> str:
    """The first of ``preferred`` that is asked and answered, else an early question."""
    asked = [q.id for q in session.asked_questions() if session.value(q.id) is not None]
    return next((q for q in preferred if q in asked), asked[min(len(asked) - 1, 6)])


@contextmanager
def font_scale(application: QApplication, factor: float) -> Iterator[None]:
    original = QFont(application.font())
    if factor != 1.0:
        larger = QFont(original)
        larger.setPointSizeF(original.pointSizeF() * factor)
        application.setFont(larger)
    try:
        yield
    finally:
        application.setFont(original)


def _window(store: MemoryStore, questionnaire_id: str) -> MainWindow:
    from app.gui.look import apply_look

    apply_look(QApplication.instance())  # type: ignore[arg-type]
    window = MainWindow(store, AppSettings(), LanguageSwitcher(), questionnaire_id)
    window.resize(*SIZE)
    window.show()
    return window


def _grab(widget: QWidget, path: Path) -> Path:
    for _turn in range(5):  # word-wrapped labels settle their height over a few layout passes
        QApplication.processEvents()
    widget.grab().save(str(path))
    return path


def take_screenshots(out: Path, questionnaire_id: str, language: str = "en",
                     question: tuple[str, ...] = ("BAK-01",),
                     folder: Path | None = None) -> list[Path]:
    """Grab every page into ``out``; questionnaires from ``folder`` (default: the shipped)."""
    application = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(application, QApplication)
    LanguageSwitcher().switch(language)
    out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    first_run = _window(MemoryStore(folder), questionnaire_id)
    first_run.resume()
    shots.append(_grab(first_run, out / "start-first-run.png"))
    first_run.close()

    store = MemoryStore(folder)
    practice = store.create_practice(PracticeInfo(
        "Cabinet médical des Alpes", "Rue du Lac 12, 1800 Vevey", "CH"))
    previous = store.create_assessment(practice.id, questionnaire_id, language)
    fill(AssessmentSession(store, previous))
    store.backdate(previous, days=365)
    current = store.create_assessment(practice.id, questionnaire_id, language)
    session = AssessmentSession(store, current)
    fill(session, limit=len(session.asked_questions()) * 3 // 4)
    target = pick_question(session, question)
    window = _window(store, questionnaire_id)
    window.open_assessment(current, Page.START)
    shots.append(_grab(window, out / "start.png"))
    window.show_page(Page.QUESTIONNAIRE)
    page = window.questionnaire_page
    assert page is not None
    page.show_question(target)
    shots.append(_grab(window, out / "questionnaire.png"))
    window.show_page(Page.RESULTS)
    shots.append(_grab(window, out / "results.png"))
    window.show_page(Page.ACTIONS)
    plan = window.action_plan_page
    assert plan is not None
    plan.table.selectRow(0)
    shots.append(_grab(window, out / "action-plan.png"))
    dialog = SettingsDialog(store, window.switch_language, window)
    dialog.show()
    shots.append(_grab(dialog, out / "settings.png"))
    dialog.close()
    window.close()

    with font_scale(application, 1.5):
        large = _window(store, questionnaire_id)
        large.open_assessment(current, Page.QUESTIONNAIRE)
        assert large.questionnaire_page is not None
        large.questionnaire_page.show_question(target)
        shots.append(_grab(large, out / "questionnaire-150.png"))
        large.show_page(Page.RESULTS)
        shots.append(_grab(large, out / "results-150.png"))
        large.close()
    return shots


def shipped_questionnaire(folder: Path | None) -> tuple[str, Path | None]:
    """The shipped questionnaire (from ``folder`` if given), or the tests' example if it does
    not load yet."""
    from app.domain.catalog import DEFAULT_QUESTIONNAIRE_ID, get_entry

    try:
        get_entry(DEFAULT_QUESTIONNAIRE_ID, folder=folder)
    except Exception as error:  # the question bank is still being written
        print(f"{DEFAULT_QUESTIONNAIRE_ID} does not load ({str(error)[:200]}…); "
              "using the tests' example", file=sys.stderr)
        example = Path(tempfile.mkdtemp())
        (example / "example.yaml").write_bytes((ROOT / "tests/data/example.yaml").read_bytes())
        return "example", example
    return DEFAULT_QUESTIONNAIRE_ID, folder


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--language", default="en")
    parser.add_argument("--questionnaires", type=Path, metavar="DIR",
                        help="take the questionnaires from DIR instead of the shipped ones")
    parser.add_argument("--practice-only", action="store_true",
                        help="only the practice's pages (not the auditor's list, review, "
                             "history)")
    args = parser.parse_args()
    os.environ["CYBERCABINET_HOME"] = tempfile.mkdtemp(prefix="cybercabinet-shots-")
    folder = args.questionnaires.resolve() if args.questionnaires is not None else None
    questionnaire_id, folder = shipped_questionnaire(folder)
    for path in take_screenshots(args.out, questionnaire_id, args.language, folder=folder):
        print(path)
    if not args.practice_only:
        from tests.gui.auditor_screenshots import take_auditor_screenshots

        for path in take_auditor_screenshots(args.out, questionnaire_id, args.language,
                                             folder=folder):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
