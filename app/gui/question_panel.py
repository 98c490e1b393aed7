"""The widgets of one question, made the first time it is shown and kept.

Moving to a question hides the previous question's widgets and shows this one's, already
filled, polished and laid out, instead of setting a dozen long texts again: re-wrapping the
question, "why" and "how" and restyling a set of answer buttons at every move cost most of a
frame. ``head`` (the place, the question and its answers) goes in the left column, above the
shared note; ``side`` (why it matters, how to do it) in the right one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.domain.questionnaire import Question
from app.domain.vocabulary import LABELS
from app.gui.answer_buttons import AnswerChoices
from app.gui.asked_index import PROFILE_KEY
from app.gui.look import DANGER, card, label, set_text
from app.gui.session import AssessmentSession
from app.i18n import _, ngettext

MAX_SOURCES_SHOWN = 2


class QuestionPanel:
    """One question's texts and answers, in two widgets the view places and shows."""

    def __init__(self, question: Question, session: AssessmentSession, spacing: int) -> None:
        self.question = question
        self._session = session
        self._position = (0, 0)

        self.head = QWidget()
        self._crumb = label("muted")
        self._key: QLabel | None = None
        header = QHBoxLayout()
        header.addWidget(self._crumb, 1)
        self._provider: QLabel | None = None
        if question.ask_it_provider:
            self._provider = label("badge", wrap=False)
            self._provider.setObjectName("askItProvider")
            header.addWidget(self._provider, 0,
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        if question.critical:
            self._key = label("badge", wrap=False)
            self._key.setStyleSheet(f"color: {DANGER};")
            header.addWidget(self._key, 0,
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._text = label("question")
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answers = AnswerChoices(question, session.text)
        head = QVBoxLayout(self.head)
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(spacing * 3 // 4)
        head.addLayout(header)
        head.addWidget(self._text)
        head.addSpacing(spacing // 4)
        head.addWidget(self.answers)

        self.side = QWidget()
        self._why_title = label("heading")
        self._why = label("body")
        self._how_title = label("heading")
        self._how = label("body")
        self._who = label("body")
        self._sources = label("small")
        for text in (self._why, self._how, self._sources):
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        why_card, why_layout = card("tip")
        why_layout.addWidget(self._why_title)
        why_layout.addWidget(self._why)
        self._how_card, how_layout = card("tip")
        for widget in (self._how_title, self._how, self._who, self._sources):
            how_layout.addWidget(widget)
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(spacing * 3 // 4)
        side.addWidget(why_card)
        side.addWidget(self._how_card)
        side.addStretch(1)
        self.side.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.fill()

    def set_visible(self, visible: bool) -> None:
        self.head.setVisible(visible)
        self.side.setVisible(visible)

    def set_position(self, index: int, count: int) -> None:
        """Number ``index`` (1-based) of ``count`` asked in its section."""
        if (index, count) != self._position:
            self._position = (index, count)
            self._fill_crumb()

    def _fill_crumb(self) -> None:
        theme = self._session.questionnaire.theme_of(self.question.id)
        title = self._session.text(theme.title) if theme is not None else _("Your practice")
        index, count = self._position
        set_text(self._crumb, _("{section} · question {index} of {count}").format(
            section=title, index=index, count=count))

    def fill(self) -> None:
        """Every text, in the current language (again after a language switch)."""
        question = self.question
        text = self._session.text
        self._fill_crumb()
        if self._provider is not None:
            set_text(self._provider, _("To answer with your IT provider"))
            self._provider.setToolTip(_("A technical question: ask your IT provider, or answer "
                                        "together. Results → \"Questions for your IT provider\" "
                                        "prints the list of them."))
        if self._key is not None:
            set_text(self._key, "● " + _("Key measure"))
            self._key.setToolTip(_("A gap here limits the maturity level, whatever the rest."))
        set_text(self._text, text(question.text))
        self._text.setAccessibleName(text(question.text))
        set_text(self._why_title, _("Why it matters"))
        set_text(self._how_title, _("How to do it"))
        if self._session.section_of(question.id) == PROFILE_KEY and not question.help:
            set_text(self._why, _("These questions describe your practice. They are not "
                                  "scored: they decide which questions are asked next."))
        else:
            set_text(self._why, text(question.help) or _("No explanation for this question."))
        self._how_card.setVisible(bool(question.guidance))
        set_text(self._how, text(question.guidance))
        set_text(self._who, "<b>{}</b> {}".format(_("Who does it:"), _(LABELS[question.owner])))
        sources = [f"{ref.title}, {ref.section}" for ref in question.references]
        shown = "; ".join(sources[:MAX_SOURCES_SHOWN])
        if len(sources) > MAX_SOURCES_SHOWN:
            shown += " " + ngettext("and {count} other guide", "and {count} other guides",
                                    len(sources) - MAX_SOURCES_SHOWN).format(
                count=len(sources) - MAX_SOURCES_SHOWN)
        set_text(self._sources, _("Source: {sources}").format(sources=shown) if sources else "")
        self._sources.setToolTip("\n".join(sources))
        self._sources.setVisible(bool(sources))
