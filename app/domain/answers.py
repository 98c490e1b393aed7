"""Answer values: what each question type accepts, and what each answer is worth.

A value is a ``str`` (yes/partly/no, a choice value, ``unknown``, ``not_applicable``), a
``float`` (number questions) or a ``tuple`` of choice values (multiple choice). The same rules
serve the GUI, the command line and imports, so a value refused in one is refused in all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.domain.questionnaire import Question
from app.domain.vocabulary import NOT_APPLICABLE, UNKNOWN, QuestionType
from app.errors import ValidationError

AnswerValue = str | float | tuple[str, ...]

_SPECIAL_SPELLINGS = {
    "unknown": UNKNOWN, "dont_know": UNKNOWN, "?": UNKNOWN,
    "not_applicable": NOT_APPLICABLE, "na": NOT_APPLICABLE, "n/a": NOT_APPLICABLE,
}


@dataclass(frozen=True)
class Answer:
    value: AnswerValue
    note: str = ""


def is_special(value: AnswerValue) -> bool:
    return isinstance(value, str) and value in (UNKNOWN, NOT_APPLICABLE)


def allowed_values(question: Question) -> list[str]:
    """The spellings a person may type, for messages."""
    values = [] if question.type is QuestionType.NUMBER else question.option_values()
    if question.allow_unknown:
        values.append(UNKNOWN)
    if question.allow_not_applicable:
        values.append(NOT_APPLICABLE)
    return values


def validate_value(question: Question, value: AnswerValue) -> AnswerValue:
    """Return the normalised value, or raise ``ValidationError`` saying what is allowed."""
    if isinstance(value, str) and value in (UNKNOWN, NOT_APPLICABLE):
        if value == UNKNOWN and not question.allow_unknown:
            raise ValidationError(f"{question.id} does not accept 'I don't know'.")
        if value == NOT_APPLICABLE and not question.allow_not_applicable:
            raise ValidationError(f"{question.id} does not accept 'not applicable'.")
        return value
    if question.type is QuestionType.NUMBER:
        return _validate_number(question, value)
    if question.type is QuestionType.MULTIPLE:
        return _validate_multiple(question, value)
    if not isinstance(value, str) or value not in question.option_values():
        raise ValidationError(
            f"{value!r} is not an answer of {question.id}; "
            f"allowed: {', '.join(allowed_values(question))}.")
    return value


def _validate_number(question: Question, value: AnswerValue) -> float:
    spec = question.number
    assert spec is not None  # guaranteed by the model  # noqa: S101
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(f"{question.id} expects a number, not {value!r}.")
    number = float(value)
    if not math.isfinite(number) or not spec.min <= number <= spec.max:
        raise ValidationError(
            f"{question.id} expects a number from {spec.min:g} to {spec.max:g}, not {value!r}.")
    return number


def _validate_multiple(question: Question, value: AnswerValue) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, (tuple, list)):
        raise ValidationError(f"{question.id} expects a list of choices, not {value!r}.")
    options = question.option_values()
    unknown = [v for v in value if v not in options]
    if unknown:
        raise ValidationError(
            f"{unknown[0]!r} is not a choice of {question.id}; allowed: {', '.join(options)}.")
    chosen = set(value)
    exclusive = [c.value for c in question.choices if c.exclusive and c.value in chosen]
    if exclusive and len(chosen) > 1:
        raise ValidationError(f"{exclusive[0]!r} of {question.id} excludes every other choice.")
    return tuple(v for v in options if v in chosen)  # canonical order, no duplicates


def parse_value(question: Question, text: str) -> AnswerValue:
    """Read a value typed on the command line: ``yes``, ``na``, ``3``, ``a,b``, ``none``…"""
    raw = text.strip()
    special = _SPECIAL_SPELLINGS.get(raw.lower())
    if special is not None:
        return validate_value(question, special)
    if question.type is QuestionType.NUMBER:
        try:
            number = float(raw.replace(",", ".")) if raw.count(",") <= 1 else float("nan")
        except ValueError:
            raise ValidationError(f"{question.id} expects a number, not {text!r}.") from None
        return validate_value(question, number)
    if question.type is QuestionType.MULTIPLE:
        parts = tuple(part.strip() for part in raw.split(",") if part.strip())
        return validate_value(question, parts)
    return validate_value(question, raw.lower())


def value_score(question: Question, value: AnswerValue) -> float | None:
    """0..1 for an answer, ``None`` when it does not count (not applicable)."""
    if value == NOT_APPLICABLE:
        return None
    if value == UNKNOWN:
        return 0.0
    if question.type is QuestionType.NUMBER:
        assert question.number is not None  # noqa: S101
        return question.number.score(float(value))  # type: ignore[arg-type]
    if question.type is QuestionType.MULTIPLE:
        chosen = value if isinstance(value, tuple) else (str(value),)
        return min(1.0, sum(question.option_scores().get(v) or 0.0 for v in chosen))
    return question.option_scores().get(str(value)) or 0.0


def value_to_json(value: AnswerValue) -> str | float | list[str]:
    return list(value) if isinstance(value, tuple) else value


def value_from_json(raw: object) -> AnswerValue:
    """Inverse of ``value_to_json`` for storage and exchange files."""
    if isinstance(raw, list):
        return tuple(str(v) for v in raw)
    if isinstance(raw, bool):
        raise ValidationError(f"not an answer value: {raw!r}")
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str):
        return raw
    raise ValidationError(f"not an answer value: {raw!r}")
