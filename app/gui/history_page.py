"""A practice over time: its assessments, the score curve, and any two of them compared.

The curve and the list come from one storage call (``Store.practice_history``); the comparison
loads the two snapshots it needs and hands them to ``app.domain.comparison.compare``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.assessment import AssessmentSnapshot, AssessmentStatus
from app.domain.comparison import compare
from app.domain.questionnaire import Questionnaire
from app.errors import CyberCabinetError
from app.gui.answer_text import content_text
from app.gui.assessment_list_model import STATUS_LABELS
from app.gui.audit_store import HistoryPoint
from app.gui.comparison_view import ComparisonView
from app.gui.errors import show_error
from app.gui.look import label
from app.gui.score_chart import CurvePoint, ScoreChart
from app.gui.store import Store
from app.gui.translation import is_language_change
from app.i18n import _, format_date, format_number


class HistoryPage(QWidget):
    review_requested = Signal(str)
    answer_history_requested = Signal(str, str)
    """(assessment id, question id): the history of one answer of the newer assessment."""

    def __init__(self, store: Store, practice_id: str, focus: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._practice_id = practice_id
        self._points: list[HistoryPoint] = []
        self._snapshots: dict[str, tuple[AssessmentSnapshot, Questionnaire]] = {}
        self._practice_name = ""
        em = self.fontMetrics().height()

        self._title = label("title")
        self._subtitle = label("muted")
        self._chart = ScoreChart()
        self._chart.setMinimumHeight(em * 12)
        self._list_title = label("heading")
        self._table = QTableWidget(0, 4)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.verticalHeader().setVisible(False)
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the status
        self._table.doubleClicked.connect(self.on_review_clicked)
        self._review = QPushButton()
        self._review.clicked.connect(self.on_review_clicked)
        self._compare_title = label("heading")
        self._a = QComboBox()
        self._b = QComboBox()
        self._with = label("body", wrap=False)
        self._a_title = label("body", wrap=False)
        self._a_title.setBuddy(self._a)
        for combo in (self._a, self._b):
            combo.currentIndexChanged.connect(self.on_choice_changed)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)  # long dates and statuses elide, never widen
        self._view = ComparisonView()
        self._view.answer_history_requested.connect(self.on_view_answer_history_requested)

        left = QVBoxLayout()
        left.setSpacing(em // 2)
        left.addWidget(self._chart)
        left.addWidget(self._list_title)
        left.addWidget(self._table, 1)
        review_row = QHBoxLayout()
        review_row.addStretch(1)
        review_row.addWidget(self._review)
        left.addLayout(review_row)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)
        left_widget.setFixedWidth(em * 27)
        choice = QHBoxLayout()
        choice.addWidget(self._a_title)
        choice.addWidget(self._a, 1)
        choice.addWidget(self._with)
        choice.addWidget(self._b, 1)
        right = QVBoxLayout()
        right.setSpacing(em // 2)
        right.addWidget(self._compare_title)
        right.addLayout(choice)
        right.addWidget(self._view, 1)
        body = QHBoxLayout()
        body.setSpacing(em * 3 // 2)
        body.addWidget(left_widget)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(em * 3 // 2, em * 3 // 4, em * 3 // 2, em * 3 // 4)
        layout.setSpacing(em // 2)
        layout.addWidget(self._title)
        layout.addWidget(self._subtitle)
        layout.addLayout(body, 1)
        self.reload(focus)

    # -- public ------------------------------------------------------------------------
    @property
    def practice_id(self) -> str:
        return self._practice_id

    @property
    def chart(self) -> ScoreChart:
        return self._chart

    @property
    def table(self) -> QTableWidget:
        return self._table

    @property
    def comparison_view(self) -> ComparisonView:
        return self._view

    @property
    def combos(self) -> tuple[QComboBox, QComboBox]:
        return self._a, self._b

    def choose(self, before: str, after: str) -> None:
        """Compare ``before`` (A) with ``after`` (B), as choosing them in the boxes would."""
        for combo, assessment_id in ((self._a, before), (self._b, after)):
            combo.setCurrentIndex(combo.findData(assessment_id))

    def reload(self, focus: str | None = None) -> None:
        try:
            self._points = list(self._store.practice_history(self._practice_id))
        except CyberCabinetError as error:
            show_error(self, error)
            self._points = []
        ids = [p.assessment_id for p in self._points]
        after = focus if focus in ids else (ids[-1] if ids else None)
        before = ids[ids.index(after) - 1] if after is not None and ids.index(after) > 0 \
            else (ids[0] if ids else None)
        for combo in (self._a, self._b):
            combo.blockSignals(True)
            combo.clear()
            for point in self._points:
                combo.addItem("", point.assessment_id)
            combo.blockSignals(False)
        if before is not None and after is not None:
            self._a.setCurrentIndex(ids.index(before))
            self._b.setCurrentIndex(ids.index(after))
        if self._points:
            try:
                self._practice_name = self._load(ids[-1])[0].practice.name
            except CyberCabinetError:
                self._practice_name = ""
        self.retranslate()
        if after is not None:
            self._table.selectRow(ids.index(after))

    # -- texts -------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._title.setText(_("History: {practice}").format(practice=self._practice_name))
        self._list_title.setText(_("Assessments"))
        self._compare_title.setText(_("Comparison"))
        self._a_title.setText(_("Co&mpare"))
        self._with.setText(_("with"))
        self._a.setAccessibleName(_("Earlier assessment"))
        self._b.setAccessibleName(_("Later assessment"))
        self._review.setText(_("Review this assessment"))
        self._table.setAccessibleName(_("Assessments of the practice"))
        self._table.setHorizontalHeaderLabels([_("Date"), _("Status"), _("Score"),
                                               _("Reviewed")])
        count = len(self._points)
        self._subtitle.setText(_("One assessment") if count == 1 else _(
            "{count} assessments, from {first} to {last}").format(
            count=count, first=format_date(self._points[0].created_at.date(), fmt="medium"),
            last=format_date(self._points[-1].created_at.date(), fmt="medium"))
            if count else _("No assessment yet"))
        self._table.setRowCount(count)
        for row, point in enumerate(self._points):
            when = format_date(point.created_at.date(), fmt="medium")
            for column, value in enumerate((
                    when, _(STATUS_LABELS[point.status]),
                    format_number(point.score) if point.score is not None else "—",
                    format_number(point.reviewed_score)
                    if point.reviewed_score is not None else "—")):
                item = QTableWidgetItem(value)
                item.setToolTip(_("Reviewed by {auditor}").format(auditor=point.reviewer)
                                if point.reviewer else value)
                self._table.setItem(row, column, item)
            for combo in (self._a, self._b):
                combo.setItemText(row, f"{when} · {_(STATUS_LABELS[point.status])}")
        self._chart.set_points([CurvePoint(p.assessment_id, p.created_at.date(), p.score,
                                           p.status is AssessmentStatus.DRAFT)
                                for p in self._points], self._chosen())
        self._review.setEnabled(bool(self._points))
        self._compare()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # -- comparison --------------------------------------------------------------------
    def _chosen(self) -> set[str]:
        return {str(c.currentData()) for c in (self._a, self._b) if c.currentIndex() >= 0}

    def _load(self, assessment_id: str) -> tuple[AssessmentSnapshot, Questionnaire]:
        if assessment_id not in self._snapshots:
            snapshot = self._store.load_snapshot(assessment_id)
            self._snapshots[assessment_id] = (snapshot, self._store.questionnaire(snapshot))
        return self._snapshots[assessment_id]

    def _compare(self) -> None:
        if len(self._points) < 2:
            self._view.show_message(_("A comparison needs two assessments of the practice: "
                                      "the next one will be compared with this one."))
            return
        a, b = str(self._a.currentData()), str(self._b.currentData())
        if a == b:
            self._view.show_message(_("Choose two different assessments to compare."))
            return
        try:
            snapshot_a, questionnaire_a = self._load(a)
            snapshot_b, questionnaire_b = self._load(b)
            comparison = compare(questionnaire_a, snapshot_a, questionnaire_b, snapshot_b)
        except CyberCabinetError as error:
            self._view.show_message(error.message)
            return
        self._view.set_comparison(comparison, content_text(questionnaire_b))

    # -- events ------------------------------------------------------------------------
    def on_choice_changed(self, _index: int) -> None:
        self._chart.set_marked(self._chosen())
        self._compare()

    def on_review_clicked(self, *_args: object) -> None:
        rows = self._table.selectionModel().selectedRows()
        if rows:
            self.review_requested.emit(self._points[rows[0].row()].assessment_id)

    def on_view_answer_history_requested(self, question_id: str) -> None:
        if self._b.currentIndex() >= 0:
            self.answer_history_requested.emit(str(self._b.currentData()), question_id)



