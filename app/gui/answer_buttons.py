"""The answers of one question, as large buttons (or a spin box for numbers).

Every option is a big, wrapped, numbered button (the number is its keyboard key); "I don't
know" and "Not applicable" follow when the question allows them. A click emits ``value_chosen``
with the new value (``None`` clears the answer); the widget only mirrors ``set_value`` and
never decides what an answer is worth.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.answers import AnswerValue
from app.domain.questionnaire import Question
from app.domain.vocabulary import LABELS, NOT_APPLICABLE, UNKNOWN, QuestionType
from app.gui.look import label, relative_font, set_role
from app.gui.translation import is_language_change
from app.i18n import _, current_language

NUMBER_COMMIT_MS = 700
MAX_DIGIT = 9


class AnswerButton(QPushButton):
    """A checkable button whose text wraps, with its keyboard digit in a badge."""

    def __init__(self, value: str, digit: int | None, special: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = value
        self.digit = digit
        self.setObjectName("answer")
        self.setCheckable(True)
        self.setProperty("special", special)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        em = self.fontMetrics().height()
        layout.setContentsMargins(em * 3 // 4, em * 2 // 3, em * 3 // 4, em * 2 // 3)
        layout.setSpacing(em * 3 // 4)
        self._digit = QLabel(str(digit) if digit is not None else "", self)
        self._digit.setObjectName("digit")
        self._digit.setVisible(digit is not None)
        self._digit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._digit.setFixedWidth(em * 3 // 2)
        self._text = label("body", wrap=True)
        self._text.setParent(self)
        if not special:
            self._text.setFont(relative_font(1.12))
        for child in (self._digit, self._text):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(self._digit, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self._text)
        layout.setStretch(1, 1)

    def set_label(self, text: str) -> None:
        self._text.setText(text)
        self.setAccessibleName(text)
        self.updateGeometry()

    def label_text(self) -> str:
        return self._text.text()

    def sizeHint(self) -> QSize:  # noqa: N802
        layout = self.layout()
        return layout.sizeHint() if layout is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        layout = self.layout()
        return layout.minimumSize() if layout is not None else super().minimumSizeHint()

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        layout = self.layout()
        return layout.totalHeightForWidth(width) if layout is not None else -1


class NumberBox(QDoubleSpinBox):
    """A spin box whose lowest step reads "—" (no answer yet); typing replaces the dash."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.value() <= self.minimum() and event.text().isdigit():
            self.lineEdit().clear()
        super().keyPressEvent(event)


class AnswerChoices(QWidget):
    """The answer area of one question; in the ``proposal`` role, the answer an auditor
    believes right (same buttons, named for what they are)."""

    value_chosen = Signal(object)

    def __init__(self, question: Question, text: Callable[[dict[str, str] | None], str],
                 parent: QWidget | None = None, *, proposal: bool = False) -> None:
        super().__init__(parent)
        self._question = question
        self._proposal = proposal
        self._text = text
        self._value: AnswerValue | None = None
        self._buttons: list[AnswerButton] = []
        self._spin: QDoubleSpinBox | None = None
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._unit: QLabel | None = None
        self._hint = label("muted")
        self._commit_timer = QTimer(self)
        self._commit_timer.setSingleShot(True)
        self._commit_timer.setInterval(NUMBER_COMMIT_MS)
        self._commit_timer.timeout.connect(self.on_commit_timer_timeout)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(self._hint)
        digit = 1
        if question.type is QuestionType.NUMBER:
            layout.addWidget(self._number_row())
        else:
            for value in question.option_values():
                layout.addWidget(self._add_button(value, digit, special=False))
                digit += 1
        specials = [v for v, allowed in ((UNKNOWN, question.allow_unknown),
                                         (NOT_APPLICABLE, question.allow_not_applicable))
                    if allowed]
        if specials:
            row = QHBoxLayout()
            row.setSpacing(layout.spacing())
            for value in specials:
                numbered = digit if question.type is not QuestionType.NUMBER else None
                row.addWidget(self._add_button(value, numbered, special=True))
                digit += 1
            layout.addLayout(row)
        self.retranslate()

    @property
    def is_number(self) -> bool:
        return self._question.type is QuestionType.NUMBER

    @property
    def buttons(self) -> list[AnswerButton]:
        return list(self._buttons)

    @property
    def spin_box(self) -> QDoubleSpinBox | None:
        return self._spin

    def _add_button(self, value: str, digit: int | None, special: bool) -> AnswerButton:
        button = AnswerButton(value, digit if digit and digit <= MAX_DIGIT else None, special)
        button.clicked.connect(self.on_button_clicked)
        self._buttons.append(button)
        return button

    def _number_row(self) -> QWidget:
        spec = self._question.number
        assert spec is not None  # noqa: S101 (the model guarantees it)
        integral = all(float(x).is_integer() for x in [spec.min, spec.max]
                       + [band.min for band in spec.bands])
        spin = NumberBox()
        spin.setDecimals(0 if integral else 1)
        step = 1.0 if integral else 0.1
        spin.setRange(spec.min - step, spec.max)  # the lowest step means "no answer yet"
        spin.setSingleStep(step)
        spin.setSpecialValueText("—")
        spin.setValue(spin.minimum())
        set_role(spin, "heading")
        spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("0" * 10))
        spin.valueChanged.connect(self.on_spin_value_changed)
        spin.editingFinished.connect(self.on_spin_editing_finished)
        self._spin = spin
        self._unit = label("body", wrap=False)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(spin)
        layout.addWidget(self._unit)
        layout.addStretch(1)
        return row

    def retranslate(self) -> None:
        for button in self._buttons:
            button.set_label(self._label(button.value))
        if self._question.type is QuestionType.MULTIPLE:
            self._hint.setText(_("Tick every answer that applies."))
        elif self.is_number:
            self._hint.setText(_("Type a number, then press Enter."))
        else:
            self._hint.setText("")
        self._hint.setVisible(bool(self._hint.text()))
        if self._spin is not None and self._unit is not None:
            self._show_unit(self._spin.value())
            self._spin.setAccessibleName(_("The answer you believe right") if self._proposal
                                         else _("Your answer"))
        self.setAccessibleName(_("Proposed answer") if self._proposal else _("Answers"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _label(self, value: str) -> str:
        choice = self._question.choice(value)
        if choice is not None:
            return self._text(choice.label)
        return _(LABELS.get(value, value))

    # -- showing a value ---------------------------------------------------------------
    def set_value(self, value: AnswerValue | None) -> None:
        self._value = value
        chosen = set(value) if isinstance(value, tuple) else {value}
        for button in self._buttons:
            button.setChecked(button.value in chosen)
        if self._spin is not None:
            self._spin.blockSignals(True)
            number = value if isinstance(value, float) else self._spin.minimum()
            self._spin.setValue(number)
            self._spin.blockSignals(False)

    def value(self) -> AnswerValue | None:
        return self._value

    # -- choosing ----------------------------------------------------------------------
    def pick(self, digit: int) -> bool:
        """The answer numbered ``digit`` (1-based), as its key would choose it."""
        if self._spin is not None:
            self._spin.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self._spin.lineEdit().setText(str(digit))
            self._commit_timer.start()
            return True
        numbered = [b for b in self._buttons if b.digit is not None]
        if not 1 <= digit <= len(numbered):
            return False
        numbered[digit - 1].setFocus(Qt.FocusReason.ShortcutFocusReason)
        numbered[digit - 1].click()
        return True

    def focus_chain(self) -> list[QWidget]:
        """The answer's widgets in the order Tab visits them."""
        widgets: list[QWidget] = [self._spin] if self._spin is not None else []
        return widgets + list(self._buttons)

    def focus_answer(self) -> None:
        if not self.isVisible():
            return  # focusing inside a hidden page would take the focus from the window
        if self._spin is not None:
            self._spin.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        checked = next((b for b in self._buttons if b.isChecked()), None)
        if checked is not None:
            checked.setFocus(Qt.FocusReason.OtherFocusReason)
        else:  # no focus ring on an answer nobody chose: it would look chosen
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def commit_pending(self) -> None:
        """Save a number being typed now (before moving on or closing)."""
        if self._commit_timer.isActive() or (self._spin is not None and self._spin.hasFocus()):
            self._commit_timer.stop()
            self._commit_number()

    def on_button_clicked(self) -> None:
        button = self.sender()
        if not isinstance(button, AnswerButton):
            return
        value = self._next_value(button.value)
        self.set_value(value)
        self._emit(value)

    def _next_value(self, clicked: str) -> AnswerValue | None:
        if clicked in (UNKNOWN, NOT_APPLICABLE) or self._question.type is not QuestionType.MULTIPLE:
            return clicked
        current = set(self._value) if isinstance(self._value, tuple) else set()
        choice = self._question.choice(clicked)
        if clicked in current:
            current.discard(clicked)
        elif choice is not None and choice.exclusive:
            current = {clicked}
        else:
            exclusive = {c.value for c in self._question.choices if c.exclusive}
            current = (current - exclusive) | {clicked}
        ordered = tuple(v for v in self._question.option_values() if v in current)
        return ordered or None

    def _show_unit(self, value: float) -> None:
        """The unit agreeing with the number shown ("1 copie", "3 copies")."""
        spec = self._question.number
        if self._unit is not None:
            self._unit.setText(self._text(spec.unit_for(value, current_language()))
                               if spec is not None else "")

    def on_spin_value_changed(self, value: float) -> None:
        self._show_unit(value)
        self._commit_timer.start()

    def on_spin_editing_finished(self) -> None:
        self._commit_timer.stop()
        self._commit_number()

    def on_commit_timer_timeout(self) -> None:
        self._commit_number()

    def _commit_number(self) -> None:
        if self._spin is None:
            return
        self._spin.interpretText()
        number = self._spin.value()
        value: AnswerValue | None = None if number <= self._spin.minimum() else float(number)
        if value is None and isinstance(self._value, str):
            return  # a special answer is chosen and the box is empty: keep it
        if value != self._value:
            self.set_value(value)
            self._emit(value)

    def _emit(self, value: AnswerValue | None) -> None:
        self._value = value
        self.value_chosen.emit(value)
