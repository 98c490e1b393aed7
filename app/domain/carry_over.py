"""Which answers of an assessment carry over to a newer version of its questionnaire.

A question keeps its id for ever, and one whose meaning changes gets a new id (the bank's rule,
docs/question-bank.md); so an answer carries over when its question still exists *and asks the
same thing*: same type, same answers to choose from worded the same, same number range, same
wording of the question in the questionnaire's source language. Help, guidance, sources, scores
and actions may change without touching the answer. Anything else is "changed": the question is
asked again, and the person is told which ones and why (a draft continued on a new version, or
next year's assessment).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.domain.answers import AnswerValue, validate_value
from app.domain.questionnaire import Question, Questionnaire, text_in
from app.errors import ValidationError


@dataclass(frozen=True)
class CarryOver:
    kept: dict[str, AnswerValue] = field(default_factory=dict)
    """Question id → the answer, still valid and asking the same thing."""
    changed: list[str] = field(default_factory=list)
    """Questions that still exist but ask something else now: to answer again."""
    removed: list[str] = field(default_factory=list)
    """Answered questions the new version no longer has."""
    added: list[str] = field(default_factory=list)
    """Questions of the new version the old one did not have."""


def _range(question: Question) -> tuple[float, float] | None:
    return None if question.number is None else (question.number.min, question.number.max)


def _choices(question: Question, language: str) -> list[tuple[str, str]]:
    return [(c.value, text_in(c.label, language)) for c in question.choices]


def _asks_the_same(old: Question, new: Question, source_language: str) -> bool:
    """Same type, same choices worded the same, same range, same question: a choice whose
    label changed may now mean something else ("checked now and then" → "regularly")."""
    return (old.type is new.type
            and _choices(old, source_language) == _choices(new, source_language)
            and _range(old) == _range(new)
            and text_in(old.text, source_language) == text_in(new.text, source_language))


def carry_over(old: Questionnaire, new: Questionnaire,
               answers: Mapping[str, AnswerValue]) -> CarryOver:
    """Sort the answers given on ``old`` into kept, changed and removed for ``new``."""
    source = new.languages[0]
    result = CarryOver(added=[q.id for q in new.all_questions() if old.question(q.id) is None])
    for question_id, value in answers.items():
        was, now = old.question(question_id), new.question(question_id)
        if now is None:
            result.removed.append(question_id)
            continue
        if was is not None and not _asks_the_same(was, now, source):
            result.changed.append(question_id)
            continue
        try:
            result.kept[question_id] = validate_value(now, value)
        except ValidationError:
            result.changed.append(question_id)
    return result
