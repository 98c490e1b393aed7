"""Reviews for the report tests: built in memory (the storage facade's review methods are not
needed to test what the report prints)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from app.domain.answers import Answer, AnswerValue
from app.domain.assessment import AssessmentSnapshot
from app.domain.questionnaire import Question, Questionnaire
from app.domain.review import AnswerReview, Review, ReviewItemStatus
from app.domain.vocabulary import NOT_APPLICABLE, UNKNOWN, QuestionType

REVIEWED_AT = dt.datetime(2026, 11, 20, 16, 5, tzinfo=dt.UTC)
OPINION = ("Bonne base, mais la sauvegarde n’a jamais été restaurée : je ne peux pas confirmer "
           "qu’elle fonctionne. Wiederherstellungsprüfung dringend durchführen.")
# Long words on purpose: German compounds must wrap inside the narrow columns, never overflow.
COMMENTS = (
    "Kein dokumentierter Wiederherstellungstest; Datensicherungsverantwortlicher unbekannt.",
    "Vu sur place le 18 novembre avec l’assistante : conforme.",
    "Merci d’envoyer la capture d’écran de la console d’administration.",
    "",
)


def with_review(snapshot: AssessmentSnapshot, items: dict[str, AnswerReview], *,
                auditor: str = "Marc Audit (Audit Sécurité SA)", opinion: str = OPINION,
                reviewed_at: dt.datetime | None = REVIEWED_AT) -> AssessmentSnapshot:
    review = Review(auditor=auditor, opinion=opinion, reviewed_at=reviewed_at, items=items)
    return dataclasses.replace(snapshot, review=review)


def item(question_id: str, status: ReviewItemStatus, comment: str = "",
         proposed: AnswerValue | None = None) -> AnswerReview:
    return AnswerReview(question_id, status, comment, proposed)


def worse_answer(question: Question, value: AnswerValue) -> AnswerValue | None:
    """An answer the auditor could believe right instead: a worse one, or ``None``."""
    if question.type is QuestionType.NUMBER:
        assert question.number is not None
        return question.number.min if value != question.number.min else None
    if question.type is QuestionType.MULTIPLE:
        exclusive = [c.value for c in question.choices if c.exclusive]
        return (exclusive[0],) if exclusive and value != (exclusive[0],) else None
    scores = question.option_scores()
    worst = min(scores, key=lambda v: (scores[v] or 0.0, v))
    return worst if value != worst else (UNKNOWN if question.allow_unknown else None)


def sample_review(questionnaire: Questionnaire, answers: dict[str, Answer]
                  ) -> dict[str, AnswerReview]:
    """A realistic review of a full assessment: every third answer reviewed, a mix of verdicts
    (disputed with a worse proposal, evidence needed, confirmed) and comments."""
    items = {}
    scored = [q for _t, q in questionnaire.scored_questions() if q.id in answers]
    for index, question in enumerate(scored):
        if index % 3:
            continue
        value = answers[question.id].value
        kind = (index // 3) % 4
        comment = COMMENTS[(index // 3) % len(COMMENTS)]
        proposal = worse_answer(question, value) if value != NOT_APPLICABLE else None
        if kind == 0 and proposal is not None:
            items[question.id] = item(question.id, ReviewItemStatus.DISPUTED, comment, proposal)
        elif kind == 1:
            items[question.id] = item(question.id, ReviewItemStatus.EVIDENCE_NEEDED, comment)
        else:
            items[question.id] = item(question.id, ReviewItemStatus.CONFIRMED, comment)
    return items
