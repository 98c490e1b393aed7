"""A list of question results (critical gaps, "I don't know" answers) for the results page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.domain.scoring import QuestionResult
from app.gui.answer_text import answer_label
from app.gui.session import AssessmentSession
from app.i18n import _

AnyIndex = QModelIndex | QPersistentModelIndex
QUESTION_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ResultListModel(QAbstractListModel):
    def __init__(self, session: AssessmentSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._results: list[QuestionResult] = []

    def set_results(self, results: list[QuestionResult]) -> None:
        self.beginResetModel()
        self._results = list(results)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._results):
            return None
        result = self._results[index.row()]
        text = self._session.text
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            answer = answer_label(result.question, result.value, text)
            return "{question}\n{theme} · {answer_title} {answer}".format(
                question=text(result.question.text), theme=text(result.theme.title),
                answer_title=_("Answer:"), answer=answer)
        if role == Qt.ItemDataRole.ToolTipRole:
            return text(result.question.help)
        if role == QUESTION_ID_ROLE:
            return result.question.id
        return None

    def retranslate(self) -> None:
        if self._results:
            self.dataChanged.emit(self.index(0), self.index(len(self._results) - 1))
