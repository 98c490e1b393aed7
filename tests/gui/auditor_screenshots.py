"""Grab the auditor's pages (the list, a review, a practice's history) at 1366x768.

Called by ``tests.gui.screenshots`` (which every language run goes through); the data is made up
in an in-memory store: forty practices, one of them with three assessments a year apart, the
last one under review with a few verdicts, a disputed answer and a comment.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.domain.answers import AnswerValue, validate_value
from app.domain.assessment import AssessmentStatus, PracticeInfo
from app.domain.review import ReviewItemStatus
from app.domain.scoring import score_assessment
from app.domain.skip_logic import visible_question_ids
from app.domain.vocabulary import NOT_APPLICABLE, UNKNOWN
from app.errors import CyberCabinetError
from app.gui.main_window import MainWindow
from app.gui.memory_store import MemoryStore
from app.gui.settings import AppSettings
from app.gui.translation import LanguageSwitcher
from tests.gui.screenshots import SIZE, demo_value

PRACTICES = ("Praxis Dr. med. Anna Keller", "Cabinet médical de la Gare",
             "Studio medico Bernasconi", "Gruppenpraxis am Rhein", "Centre d'imagerie du Léman",
             "Cabinet dentaire Morel", "Hausarztpraxis Zentrum", "Cabinet de pédiatrie Lambert")


def _fill(store: MemoryStore, assessment_id: str, limit: int | None = None) -> None:
    """``screenshots.fill`` without a session: no Qt calls (PySide6 6.12.0 on Python 3.11
    loses a reference to None with each call returning nothing; thousands of them crash)."""
    questionnaire = store.questionnaire(store.load_snapshot(assessment_id))
    values: dict[str, AnswerValue] = {}
    index = 0
    while limit is None or index < limit:
        asked = visible_question_ids(questionnaire, values)
        question = next((q for q in questionnaire.all_questions()
                         if q.id in asked and q.id not in values), None)
        if question is None:
            break
        value = demo_value(question, index)
        try:
            values[question.id] = validate_value(question, value)
        except CyberCabinetError:
            values[question.id] = NOT_APPLICABLE if question.allow_not_applicable else UNKNOWN
        store.save_answer(assessment_id, question.id, values[question.id], "")
        index += 1
    if limit is None:
        store.set_status(assessment_id, AssessmentStatus.COMPLETED)


def _demo_store(folder: Path | None, questionnaire_id: str,
                language: str) -> tuple[MemoryStore, str]:
    """Forty practices; returns the store and the assessment to review."""
    store = MemoryStore(folder)
    for index in range(40):
        name = f"{PRACTICES[index % len(PRACTICES)]} {index // len(PRACTICES) + 1}"
        practice = store.create_practice(PracticeInfo(name, "", "CH" if index % 3 else "FR"))
        assessment = store.create_assessment(practice.id, questionnaire_id, language)
        _fill(store, assessment, None if index % 4 else 30)
        store.backdate(assessment, days=(index * 37) % 400)
    practice = store.create_practice(PracticeInfo(
        "Cabinet médical des Alpes", "Rue du Lac 12, 1800 Vevey", "CH"))
    ids = []
    for age, improved in ((730, 0), (365, 4), (0, 12)):
        assessment = store.create_assessment(practice.id, questionnaire_id, language)
        _fill(store, assessment)
        snapshot = store.load_snapshot(assessment)
        questionnaire = store.questionnaire(snapshot)
        gaps = [r.question for r in score_assessment(questionnaire, snapshot.values).gaps]
        for question in gaps[:improved]:
            if question.option_values():  # the best answer: the gap is closed
                store.save_answer(assessment, question.id, question.option_values()[0], "")
        store.backdate(assessment, days=age)
        ids.append(assessment)
    return store, ids[-1]


def _review(store: MemoryStore, assessment_id: str) -> str:
    """Verdicts on the first answers; returns the disputed question's id."""
    snapshot = store.load_snapshot(assessment_id)
    questionnaire = store.questionnaire(snapshot)
    answered = [q for q in questionnaire.all_questions() if q.id in snapshot.answers]
    auditor = "Marc Keller, SecuMed Audit"
    disputed = next(q for q in answered if q.critical and len(q.option_values()) > 1)
    others = [q for q in answered if q is not disputed]
    for question in others[:min(14, len(others) - 1)]:
        store.set_review_item(assessment_id, question.id, ReviewItemStatus.CONFIRMED,
                              auditor=auditor)
    store.set_review_item(assessment_id, disputed.id, ReviewItemStatus.DISPUTED,
                          comment="Le disque de sauvegarde n'a jamais été testé.",
                          proposed=disputed.option_values()[-1], auditor=auditor)
    store.set_review_item(assessment_id, others[min(14, len(others) - 1)].id,
                          ReviewItemStatus.EVIDENCE_NEEDED,
                          comment="Copie du contrat de maintenance ?", auditor=auditor)
    store.set_review_opinion(assessment_id, "Bonne base. Tester la restauration des "
                             "sauvegardes avant l'été.", auditor, concluded=False)
    return disputed.id


def _grab(window: MainWindow, path: Path) -> Path:
    for _turn in range(5):
        QApplication.processEvents()
    window.grab().save(str(path))
    return path


def take_auditor_screenshots(out: Path, questionnaire_id: str, language: str = "en",
                             folder: Path | None = None) -> list[Path]:
    """``auditor-list``, ``review`` and ``history`` PNGs (with ``-xx`` but in English)."""
    from app.gui.look import apply_look

    application = QApplication.instance()
    assert isinstance(application, QApplication)
    apply_look(application)
    suffix = "" if language == "en" else f"-{language}"
    store, current = _demo_store(folder, questionnaire_id, language)
    disputed = _review(store, current)
    window = MainWindow(store, AppSettings(), LanguageSwitcher(), questionnaire_id)
    window.resize(*SIZE)
    window.show()
    shots = []
    window.show_auditor_list()
    shots.append(_grab(window, out / f"auditor-list{suffix}.png"))
    window.open_review(current)
    page = window.auditor.review_page
    assert page is not None
    page.show_question(disputed)
    shots.append(_grab(window, out / f"review{suffix}.png"))
    page.practice_history_requested.emit()
    history = window.auditor.history_page
    assert history is not None
    history.comparison_view.tabs.setCurrentIndex(1)
    shots.append(_grab(window, out / f"history{suffix}.png"))
    window.close()
    return shots
