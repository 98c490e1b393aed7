"""The side list of the questionnaire: the practice profile, then each theme that is asked,
with its progress (answered / asked). A theme with no question asked is not listed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.gui.asked_index import Section
from app.gui.look import ACCENT, ACCENT_LIGHT, BORDER, MUTED, SUCCESS, relative_font
from app.gui.session import AssessmentSession
from app.i18n import _

AnyIndex = QModelIndex | QPersistentModelIndex

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
ANSWERED_ROLE = Qt.ItemDataRole.UserRole + 2
ASKED_ROLE = Qt.ItemDataRole.UserRole + 3
MAX_LAYOUTS_KEPT = 512


class ThemeListModel(QAbstractListModel):
    def __init__(self, session: AssessmentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._sections: list[Section] = session.sections()
        self.generation = 0
        """Changes whenever a row's title or count may have changed (sizes measured before
        that are stale)."""

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._sections)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._sections):
            return None
        section = self._sections[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.title(section)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _("{title}: {answered} of {asked} answered").format(
                title=self.title(section), answered=section.answered, asked=section.asked)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.data(index, Qt.ItemDataRole.AccessibleTextRole)
        if role == KEY_ROLE:
            return section.key
        if role == ANSWERED_ROLE:
            return section.answered
        if role == ASKED_ROLE:
            return section.asked
        return None

    def title(self, section: Section) -> str:
        return self._session.text(section.title) if section.title else _("Your practice")

    def section(self, row: int) -> Section:
        return self._sections[row]

    def row_of(self, key: str) -> int:
        return next((row for row, s in enumerate(self._sections) if s.key == key), -1)

    def section_keys(self) -> list[str]:
        return [s.key for s in self._sections]

    def refresh(self) -> None:
        """Follow the answers: new progress, and themes that appear or disappear."""
        sections = self._session.sections()
        self.generation += 1
        if [s.key for s in sections] != self.section_keys():
            self.beginResetModel()
            self._sections = sections
            self.endResetModel()
            return
        self.layoutAboutToBeChanged.emit()  # a "✓" can make a title wrap differently
        self._sections = sections
        self.layoutChanged.emit()

    def retranslate(self) -> None:
        """Titles change, and with them the rows' heights: lay the list out again."""
        self.generation += 1
        self.layoutAboutToBeChanged.emit()
        self.layoutChanged.emit()


class ThemeDelegate(QStyledItemDelegate):
    """The title (wrapped, never cut), "3/8" on the right, a thin progress line under them."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        self._layouts: dict[tuple[int, str, str, str], tuple[int, int, QRect]] = {}
        # The rows' sizes for the model's current generation: asked again at every selection
        # change, they cost no call to the model then.
        self._sizes: dict[tuple[int, int, int, str], QSize] = {}
        self._sizes_generation = -1

    def _width(self) -> int:
        """The width items are laid out for, whether the scroll bar shows or not (so that a
        title wraps the same when it is measured and when it is painted)."""
        view = self._view
        scroll_bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return view.width() - 2 * view.frameWidth() - scroll_bar

    @staticmethod
    def _count(answered: int, asked: int) -> str:
        return ("✓ " if asked > 0 and answered >= asked else "") + f"{answered}/{asked}"

    def _layout(self, width: int, font: QFont, index: AnyIndex) -> tuple[int, int, QRect]:
        """(padding, width of the count, the title's rectangle from the item's top-left).

        Kept by (width, font, title, count): the view asks every row's size again whenever
        it lays itself out, and measuring a wrapped title is the costly part. A new language
        (new title), a resize (new width) or a new count is a new key."""
        title_text = str(index.data())
        count = self._count(int(index.data(ANSWERED_ROLE) or 0),
                            int(index.data(ASKED_ROLE) or 0))
        key = (width, font.key(), title_text, count)
        known = self._layouts.get(key)
        if known is None:
            if len(self._layouts) > MAX_LAYOUTS_KEPT:
                self._layouts.clear()
            known = self._measure(width, font, title_text, count)
            self._layouts[key] = known
        pad, count_width, title = known
        return pad, count_width, QRect(title)

    @staticmethod
    def _measure(width: int, font: QFont, title_text: str,
                 count: str) -> tuple[int, int, QRect]:
        metrics = QFontMetrics(font)
        pad = metrics.height() // 2
        count_width = QFontMetrics(relative_font(0.9, base=font)).horizontalAdvance(count) + pad
        title_width = max(width - 2 * pad - 4 - count_width, metrics.height())
        title = metrics.boundingRect(QRect(0, 0, title_width, 10_000),
                                     int(Qt.TextFlag.TextWordWrap), title_text)
        return pad, count_width, QRect(pad + 4, pad // 2, title_width, title.height())

    @property
    def layouts_kept(self) -> int:
        """How many measured rows are kept (for the tests)."""
        return len(self._layouts)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        font: QFont = option.font  # type: ignore[attr-defined]
        width = self._width()
        model = index.model()
        generation = model.generation if isinstance(model, ThemeListModel) else -1
        key = (generation, index.row(), width, font.key())
        if generation >= 0 and key[0] == self._sizes_generation:
            known = self._sizes.get(key)
            if known is not None:
                return QSize(known)
        elif generation >= 0:
            self._sizes.clear()
            self._sizes_generation = generation
        pad, _count, title = self._layout(width, font, index)
        bar = max(3, QFontMetrics(font).height() // 6)
        size = QSize(width, title.bottom() + pad // 2 + bar + pad)
        if generation >= 0:
            self._sizes[key] = QSize(size)
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        rect: QRect = option.rect  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        font: QFont = option.font  # type: ignore[attr-defined]
        answered = int(index.data(ANSWERED_ROLE) or 0)
        asked = int(index.data(ASKED_ROLE) or 0)
        done = asked > 0 and answered >= asked
        pad, count_width, title = self._layout(self._width(), font, index)
        title.translate(rect.topLeft())
        painter.save()
        selected = bool(state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, QColor(ACCENT_LIGHT))
            painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), QColor(ACCENT))
        painter.setFont(font)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))  # type: ignore[attr-defined]
        painter.drawText(title, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                    | Qt.TextFlag.TextWordWrap), str(index.data()))
        painter.setFont(relative_font(0.9, base=font))
        painter.setPen(QColor(SUCCESS if done else MUTED))
        first_line = QFontMetrics(font).height()
        painter.drawText(QRect(title.right() + pad // 2, title.top(), count_width,
                               first_line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         self._count(answered, asked))
        bar = QRect(title.left(), title.bottom() + pad // 2, title.width() + count_width,
                    max(3, QFontMetrics(font).height() // 6))
        painter.fillRect(bar, QColor(BORDER))
        if asked:
            filled = QRect(bar.left(), bar.top(), bar.width() * answered // asked, bar.height())
            painter.fillRect(filled, QColor(SUCCESS if done else ACCENT))
        painter.restore()
