"""Complete answer sets for the built-in bank: every asked question answered, the best way or
as a scenario says, so a test can replay a whole practice through the command line."""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.answers import AnswerValue
from app.domain.questionnaire import Question, Questionnaire
from app.domain.skip_logic import visible_question_ids
from app.domain.vocabulary import QuestionType


def best_value(question: Question) -> AnswerValue:
    """The answer worth most (full marks) for a scored question."""
    if question.type is QuestionType.NUMBER:
        assert question.number is not None
        band = max(question.number.bands, key=lambda b: (b.score, -b.min))
        return float(band.min)
    if question.type is QuestionType.MULTIPLE:
        exclusive = [c for c in question.choices if c.exclusive and (c.score or 0) >= 1]
        if exclusive:
            return (exclusive[0].value,)
        return tuple(c.value for c in question.choices if not c.exclusive and c.score)
    scores = question.option_scores()
    return max(scores, key=lambda value: scores[value] or 0.0)


def complete(questionnaire: Questionnaire,
             given: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """``given`` completed with the best answer to every other asked scored question (profile
    questions must be given: they describe the practice)."""
    answers = dict(given)
    while True:
        visible = visible_question_ids(questionnaire, answers)
        missing = [q for _theme, q in questionnaire.scored_questions()
                   if q.id in visible and q.id not in answers]
        if not missing:
            return {k: v for k, v in answers.items() if k in visible}
        for question in missing:
            answers[question.id] = best_value(question)
