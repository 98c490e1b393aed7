"""Snapshots for the report tests and the sample report: built in memory, no database.

``mixed_answers`` answers a questionnaire deterministically with a realistic mix of good, partial,
bad, "I don't know" and "not applicable" answers, following the skip logic (a profile that opens
most follow-up questions), so that a report of the real bank has gaps everywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from app.domain.answers import Answer, AnswerValue
from app.domain.assessment import (
    ActionItemState,
    ActionStatus,
    AssessmentSnapshot,
    AssessmentStatus,
    PracticeInfo,
)
from app.domain.loader import content_hash
from app.domain.questionnaire import Question, Questionnaire
from app.domain.skip_logic import visible_question_ids
from app.domain.vocabulary import NOT_APPLICABLE, UNKNOWN, Owner, Priority, QuestionType

GENERATED_AT = dt.datetime(2026, 11, 23, 10, 30, tzinfo=dt.UTC)
ACCENTS_FR = "àâäçéèêëîïôöùûüÿœæ ÀÂÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ € « » ’ —"
ACCENTS_DE = "äöüÄÖÜß"
ACCENTS_IT = "àèéìíòóùú"

SWISS_PRACTICE = PracticeInfo(
    name="Cabinet médical des Prés-Fleuris — Dr Zoë Müller-Périllat",
    address="Rue de l’Hôpital 12\n1205 Genève",
    country="CH",
    identifiers={"GLN": "7601000123456", "RCC": "Z123456"},
)
FRENCH_PRACTICE = PracticeInfo(
    name="Cabinet de l’Étoile — Dr Hélène Lefèvre",
    address="14 avenue des Tilleuls\n69003 Lyon",
    country="FR",
    identifiers={"FINESS": "690012345", "SIRET": "123 456 789 00012"},
)


def _kind(question_id: str) -> int:
    return int(hashlib.sha256(question_id.encode()).hexdigest(), 16) % 12


def _choices_by_score(question: Question) -> list[str]:
    scores = question.option_scores()
    return sorted(scores, key=lambda value: (scores[value] or 0.0, value))


def profile_value(question: Question) -> AnswerValue:
    """A profile that opens most follow-up questions: a Swiss group practice with a server."""
    if question.type is QuestionType.YES_NO:
        return "yes"
    if question.type is QuestionType.NUMBER:
        spec = question.number
        assert spec is not None
        return float(min(spec.max, max(spec.min, 6)))
    values = question.option_values()
    if question.type is QuestionType.MULTIPLE:
        return tuple(c.value for c in question.choices if not c.exclusive)
    for preferred in ("ch", "ge", "group"):
        if preferred in values:
            return preferred
    return values[0]


def scored_value(question: Question) -> AnswerValue:
    """Good for about half the questions, then partial, bad, unknown and n/a."""
    kind = _kind(question.id)
    if kind == 11 and question.allow_not_applicable:
        return NOT_APPLICABLE
    if kind == 10 and question.allow_unknown:
        return UNKNOWN
    if question.type is QuestionType.NUMBER:
        spec = question.number
        assert spec is not None
        bands = [band.min for band in spec.bands] or [spec.min, spec.max]
        chosen = bands[-1] if kind < 6 else bands[len(bands) // 2] if kind < 8 else bands[0]
        return float(max(spec.min, min(spec.max, chosen)))
    if question.type is QuestionType.MULTIPLE:
        plain = [c.value for c in question.choices if not c.exclusive]
        exclusive = [c.value for c in question.choices if c.exclusive]
        if kind < 6:
            return tuple(plain)
        if kind < 8 or not exclusive:
            return tuple(plain[:1])
        return (exclusive[0],)
    ordered = _choices_by_score(question)
    if kind < 6:
        return ordered[-1]
    if kind < 8 and len(ordered) > 2:
        return ordered[len(ordered) // 2]
    return ordered[0]


def mixed_answers(questionnaire: Questionnaire, *, leave_open: int = 0) -> dict[str, Answer]:
    """Answers for every question asked, following skip logic; the last ``leave_open`` asked
    scored questions are left unanswered."""
    answers: dict[str, AnswerValue] = {}
    changed = True
    while changed:
        changed = False
        visible = visible_question_ids(questionnaire, answers)
        for question in questionnaire.all_questions():
            if question.id in visible and question.id not in answers:
                answers[question.id] = (profile_value(question)
                                        if questionnaire.is_profile(question.id)
                                        else scored_value(question))
                changed = True
                break  # re-evaluate the skip logic after each answer
    if leave_open:
        scored = [q.id for _t, q in questionnaire.scored_questions() if q.id in answers]
        for question_id in scored[-leave_open:]:
            del answers[question_id]
    notes = ("Vérifié avec le prestataire le 3 novembre — « OK » selon lui",
             "À revoir avec l’équipe en janvier ; devis du prestataire : 450 €")
    return {qid: Answer(value, notes[(index // 7) % 2] if index % 7 == 3 else "")
            for index, (qid, value) in enumerate(answers.items())}


def make_snapshot(questionnaire: Questionnaire, answers: dict[str, Answer], *,
                  practice: PracticeInfo = SWISS_PRACTICE, assessment_id: str = "a-0001",
                  actions: dict[str, ActionItemState] | None = None,
                  language: str = "fr") -> AssessmentSnapshot:
    return AssessmentSnapshot(
        id=assessment_id,
        practice=practice,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire_hash=content_hash(questionnaire),
        language=language,
        answers=answers,
        status=AssessmentStatus.COMPLETED,
        filled_by="Dr Zoë Müller-Périllat, avec Léa Brügger (assistante médicale)",
        created_at=dt.datetime(2026, 11, 2, 8, 15),
        updated_at=dt.datetime(2026, 11, 3, 17, 40),
        actions=actions or {},
    )


def sample_action_states(question_ids: list[str]) -> dict[str, ActionItemState]:
    """A few actions the practice already took in hand (owner, date, status, comment)."""
    states = {}
    for index, question_id in enumerate(question_ids[:3]):
        states[question_id] = ActionItemState(
            question_id=question_id,
            owner=Owner.IT_PROVIDER if index % 2 else Owner.PRACTICE,
            priority=Priority.HIGH,
            due_date=dt.date(2026, 12, 15 + index),
            status=[ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.TODO][index],
            comment="Devis demandé à Informatique Léman SA" if index == 0 else "",
        )
    return states
