"""Two assessments of a practice side by side: scores, themes, gaps closed, new gaps, changes.

Everything shown comes from ``app.domain.comparison.compare`` (A before, B after; every delta is
B − A); this view only lays it out in four tabs. Double-clicking a changed answer (or pressing
Enter on it) asks for that answer's history.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.comparison import Comparison, GapChange, QuestionSide, SideStatus
from app.domain.questionnaire import LocalizedText, Question
from app.gui.answer_text import answer_label
from app.gui.look import DANGER, MUTED, SUCCESS, label
from app.gui.translation import is_language_change
from app.i18n import _, format_number

Text = Callable[[LocalizedText | None], str]
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def side_text(question: Question, side: QuestionSide, text: Text) -> str:
    if side.status is SideStatus.UNANSWERED:
        return _("Not answered")
    if side.status is SideStatus.HIDDEN:
        return _("Not asked")
    if side.status is SideStatus.ABSENT:
        return _("Not in this version")
    return answer_label(question, side.value, text)


def signed(value: float | None) -> str:
    if value is None:
        return "—"
    rounded = round(value)
    if rounded == 0:
        return "±0"
    return ("+" if rounded > 0 else "−") + format_number(abs(rounded))


def _table(columns: int, width_em: int) -> QTableWidget:
    """The first column takes the room left; the others are ``width_em`` wide (elided, with
    the whole text as tooltip): no sideways scrolling."""
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    em = table.fontMetrics().height()
    for column in range(1, columns):
        header.resizeSection(column, em * width_em)
    return table


def _fill(table: QTableWidget, rows: Sequence[tuple[str, ...]],
          ids: Sequence[str] = (), colors: Sequence[str | None] = ()) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            if row < len(ids):
                item.setData(ID_ROLE, ids[row])
            if column == len(values) - 1 and row < len(colors) and colors[row]:
                item.setForeground(QColor(str(colors[row])))
            table.setItem(row, column, item)


class ComparisonView(QWidget):
    answer_history_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._comparison: Comparison | None = None
        self._text: Text = lambda localized: ""
        self._headline = label("heading")
        self._detail = label("body")
        self._message = label("muted")
        self._tabs = QTabWidget()
        self._themes = _table(4, 6)
        self._closed = _table(3, 12)
        self._new = _table(3, 12)
        self._changed = _table(3, 12)
        self._changed.doubleClicked.connect(self.on_changed_activated)
        self._changed.activated.connect(self.on_changed_activated)
        for table in (self._themes, self._closed, self._new, self._changed):
            self._tabs.addTab(table, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._headline)
        layout.addWidget(self._detail)
        layout.addWidget(self._message)
        layout.addWidget(self._tabs, 1)
        self.retranslate()

    @property
    def comparison(self) -> Comparison | None:
        return self._comparison

    @property
    def tabs(self) -> QTabWidget:
        return self._tabs

    def table(self, tab: int) -> QTableWidget:
        """0 themes, 1 gaps closed, 2 new gaps, 3 answers changed."""
        return (self._themes, self._closed, self._new, self._changed)[tab]

    def set_comparison(self, comparison: Comparison | None, text: Text) -> None:
        self._comparison = comparison
        self._text = text
        self.retranslate()

    def show_message(self, message: str) -> None:
        """Nothing to compare (one assessment only, or two different questionnaires)."""
        self._comparison = None
        self._message.setText(message)
        self.retranslate()

    def retranslate(self) -> None:
        comparison = self._comparison
        self._tabs.setVisible(comparison is not None)
        self._headline.setVisible(comparison is not None)
        self._detail.setVisible(comparison is not None)
        self._message.setVisible(comparison is None and bool(self._message.text()))
        for table, headers in (
                (self._themes, (_("Theme"), _("Before"), _("After"), _("Change"))),
                (self._closed, (_("Question"), _("Before"), _("Now"))),
                (self._new, (_("Question"), _("Before"), _("Now"))),
                (self._changed, (_("Question"), _("Before"), _("After")))):
            table.setHorizontalHeaderLabels(list(headers))
        self._themes.setAccessibleName(_("Scores per theme"))
        self._closed.setAccessibleName(_("Gaps closed"))
        self._new.setAccessibleName(_("New gaps"))
        self._changed.setAccessibleName(_("Answers that changed"))
        self._changed.setToolTip(_("Double-click an answer (or press Enter) to see its history"))
        if comparison is None:
            for index, title in enumerate((_("Themes"), _("Gaps closed"), _("New gaps"),
                                           _("Answers changed"))):
                self._tabs.setTabText(index, title)
            return
        self._fill(comparison)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _fill(self, comparison: Comparison) -> None:
        text = self._text
        before = format_number(comparison.overall_a) if comparison.overall_a is not None \
            else "—"
        after = format_number(comparison.overall_b) if comparison.overall_b is not None \
            else "—"
        self._headline.setText(_("Score {before} → {after} ({change})").format(
            before=before, after=after, change=signed(comparison.overall_delta)))
        self._detail.setText(_("Maturity level {before} → {after}").format(
            before=comparison.level_a.number, after=comparison.level_b.number)
            + ("" if comparison.same_version else " · " + _(
                "questionnaire version {a} → {b}").format(a=comparison.version_a,
                                                          b=comparison.version_b)))
        themes = [(text(t.title), format_number(t.score_a) if t.score_a is not None else "—",
                   format_number(t.score_b) if t.score_b is not None else "—", signed(t.delta))
                  for t in comparison.themes]
        colors = [None if t.delta is None or round(t.delta) == 0
                  else SUCCESS if t.delta > 0 else DANGER for t in comparison.themes]
        _fill(self._themes, themes, [t.theme_id for t in comparison.themes], colors)
        for table, gaps, color in ((self._closed, comparison.closed_gaps, SUCCESS),
                                   (self._new, comparison.new_gaps, DANGER)):
            _fill(table, [self._gap_row(gap) for gap in gaps], [g.question_id for g in gaps],
                  [color if (gap.fixed or table is self._new) else MUTED for gap in gaps])
        changed = [(f"{c.question_id}  {text(c.question_b.text)}",
                    side_text(c.question_a, c.a, text), side_text(c.question_b, c.b, text))
                   for c in comparison.changed]
        _fill(self._changed, changed, [c.question_id for c in comparison.changed])
        for index, (title, count) in enumerate((
                (_("Themes"), None), (_("Gaps closed"), len(comparison.closed_gaps)),
                (_("New gaps"), len(comparison.new_gaps)),
                (_("Answers changed"), len(comparison.changed)))):
            self._tabs.setTabText(index, title if count is None else f"{title} ({count})")

    def _gap_row(self, gap: GapChange) -> tuple[str, str, str]:
        text = self._text
        marker = "● " if gap.critical else ""
        return (f"{marker}{gap.question_id}  {text(gap.question.text)}",
                side_text(gap.question, gap.a, text), side_text(gap.question, gap.b, text))

    def on_changed_activated(self, index: QModelIndex) -> None:
        question_id = index.data(ID_ROLE)
        if isinstance(question_id, str):
            self.answer_history_requested.emit(question_id)
