"""Words in the report's language: translation, dates, numbers, answers, and escaping.

The report speaks the language chosen for it, not the interface's: every string goes through
``gettext_for(language, …)``. Everything that reaches a ``Paragraph`` is escaped (``esc``), since
ReportLab reads a little XML markup and a practice called "Dr A & B <test>" must print as typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

from app.domain.answers import AnswerValue
from app.domain.assessment import ActionStatus
from app.domain.questionnaire import LocalizedText, Question, text_in
from app.domain.scoring import AnswerStatus
from app.domain.vocabulary import LABELS, NOT_APPLICABLE, UNKNOWN, QuestionType
from app.i18n import N_, format_date, format_list, format_number, gettext_for, ngettext_for
from app.reporting.fonts import clean

ACTION_STATUS_LABELS: dict[ActionStatus, str] = {
    ActionStatus.TODO: N_("To do"),
    ActionStatus.IN_PROGRESS: N_("In progress"),
    ActionStatus.DONE: N_("Done"),
    ActionStatus.DROPPED: N_("Dropped"),
}
NOT_ANSWERED = N_("Not answered yet")
NOT_ASKED = N_("Not asked")


def esc(text: str) -> str:
    """``text`` safe for a Paragraph: markup escaped, line breaks kept, unprintables swapped."""
    return clean(escape(text)).replace("\r\n", "\n").replace("\n", "<br/>")


@dataclass(frozen=True)
class Words:
    language: str
    country: str | None = None
    content_fallback: str = "fr"
    """The questionnaire's first language, used when a text lacks the report's language."""

    def __call__(self, message: str) -> str:
        return clean(gettext_for(self.language, message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return clean(ngettext_for(self.language, singular, plural, n))

    def date(self, value: dt.date, fmt: str = "long") -> str:
        return clean(format_date(value, self.language, country=self.country, fmt=fmt))

    def number(self, value: float, digits: int = 0) -> str:
        return clean(format_number(value, self.language, country=self.country, digits=digits))

    def items(self, texts: list[str]) -> str:
        """Texts run into a sentence: each quoted, then listed (« a », « b » et « c »)."""
        quoted = [self(N_("“{text}”")).format(text=text) for text in texts]
        return clean(format_list(quoted, self.language, country=self.country))

    def score(self, value: float | None) -> str:
        """A 0..100 score as a whole number, or a dash when nothing counts yet."""
        return "—" if value is None else self.number(round(value))

    def text(self, localized: LocalizedText | None) -> str:
        if not localized:
            return ""
        return clean(text_in(localized, self.language, self.content_fallback))

    def label(self, key: str) -> str:
        """A vocabulary label (answers, priorities, owners, insurer topics)."""
        return self(LABELS[key]) if key in LABELS else key

    def answer(self, question: Question, value: AnswerValue | None,
               status: AnswerStatus = AnswerStatus.ANSWERED) -> str:
        """An answer as a person reads it, in the report's language."""
        if status is AnswerStatus.HIDDEN:
            return self(NOT_ASKED)
        if value is None:
            return self(NOT_ANSWERED)
        if value in (UNKNOWN, NOT_APPLICABLE):
            return self.label(str(value))
        if question.type is QuestionType.NUMBER:
            number = float(value) if isinstance(value, (int, float)) else 0.0
            unit = self.text(question.number.unit_for(number, self.language)) \
                if question.number else ""
            shown = self.number(number, 0 if number.is_integer() else 1)
            return f"{shown} {unit}".strip()
        if question.type in (QuestionType.YES_NO, QuestionType.YES_PARTLY_NO):
            return self.label(str(value))
        chosen = value if isinstance(value, tuple) else (str(value),)
        labels = []
        for item in chosen:
            choice = question.choice(item)
            labels.append(self.text(choice.label) if choice else item)
        return ", ".join(labels)

    def action_status(self, status: ActionStatus) -> str:
        return self(ACTION_STATUS_LABELS[status])
