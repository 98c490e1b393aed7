"""An answer as a person reads it: "Partly", "Phishing, Passwords", "2 copies"."""

from __future__ import annotations

from collections.abc import Callable

from app.domain.answers import AnswerValue
from app.domain.questionnaire import LocalizedText, Question, Questionnaire, text_in
from app.domain.vocabulary import LABELS
from app.i18n import _, current_language, format_number


def content_text(questionnaire: Questionnaire) -> Callable[[LocalizedText | None], str]:
    """Questionnaire content in the interface language when the questionnaire has it, else in
    its source language (never half in each)."""
    language = questionnaire.content_language(current_language())
    source = questionnaire.languages[0]

    def text(localized: LocalizedText | None) -> str:
        return text_in(localized, language, source) if localized else ""
    return text


def answer_label(question: Question, value: AnswerValue | None,
                 text: Callable[[LocalizedText | None], str]) -> str:
    if value is None:
        return _("Not answered yet")
    if isinstance(value, tuple):
        return ", ".join(_option(question, v, text) for v in value) or _("None")
    if isinstance(value, float):
        spec = question.number
        digits = 0 if value.is_integer() else 1
        unit = text(spec.unit_for(value, current_language())) if spec is not None else ""
        return f"{format_number(value, digits=digits)} {unit}".strip()
    return _option(question, value, text)


def _option(question: Question, value: str,
            text: Callable[[LocalizedText | None], str]) -> str:
    choice = question.choice(value)
    if choice is not None:
        return text(choice.label)
    return _(LABELS[value]) if value in LABELS else value
