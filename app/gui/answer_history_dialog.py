"""Every change of one answer: who changed what, and when (from the append-only history)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.questionnaire import LocalizedText, Question
from app.gui.answer_text import answer_label
from app.gui.audit_store import AnswerChange
from app.gui.look import label
from app.i18n import _, format_datetime


def change_rows(question: Question, changes: Sequence[AnswerChange],
                text: Callable[[LocalizedText | None], str]) -> list[tuple[str, ...]]:
    """(when, who, before, after, note) for each change, oldest first."""
    rows: list[tuple[str, ...]] = []
    for change in changes:
        before = answer_label(question, change.old_value, text) \
            if change.old_value is not None else "—"
        after = answer_label(question, change.new_value, text) \
            if change.new_value is not None else _("Cleared")
        note = change.new_note if change.new_note is not None and \
            change.new_note != (change.old_note or "") else ""
        rows.append((format_datetime(change.changed_at.astimezone(), fmt="short"),
                     change.changed_by or "—", before, after, note))
    return rows


class AnswerHistoryDialog(QDialog):
    def __init__(self, question: Question, changes: Sequence[AnswerChange],
                 text: Callable[[LocalizedText | None], str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History of the answer {id}").format(id=question.id))
        em = self.fontMetrics().height()
        intro = label("body", text(question.text))
        self._table = QTableWidget(0, 5)
        self._table.setHorizontalHeaderLabels(
            [_("When"), _("Who"), _("Before"), _("After"), _("Note")])
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.verticalHeader().setVisible(False)
        self._table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self._table.setAccessibleName(_("Changes of this answer"))
        rows = change_rows(question, changes, text)
        self._table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self._table.setItem(row, column, QTableWidgetItem(value))
        empty = label("muted", _("This answer was never changed: it was given once, or not "
                                 "at all."))
        empty.setVisible(not rows)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self._table, 1)
        layout.addWidget(empty)
        layout.addWidget(buttons)
        self.resize(em * 44, em * 18)

    @property
    def table(self) -> QTableWidget:
        return self._table
