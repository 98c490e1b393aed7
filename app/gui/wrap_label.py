"""A word-wrapped label that remembers its height for a width until its text or font changes.

``QLabel.heightForWidth`` lays the whole text out again at every call, and a label that can be
selected or holds rich text does it through a ``QTextDocument`` (twice per call). Layouts ask
it many times per move (minimum and preferred height, each level of nested layouts, with and
without a scroll bar), and forget their own cache at every activation: re-measuring the
question, "why" and "how" was most of a move's time. The answer only changes with the text,
the font, the style or the margins, so it is kept per width until one of them changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, Qt
from PySide6.QtWidgets import QLabel, QWidget

MAX_WIDTHS_KEPT = 8

_CHANGES = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange,
            QEvent.Type.LayoutDirectionChange, QEvent.Type.ApplicationFontChange)


class WrapLabel(QLabel):
    """A ``QLabel`` whose ``heightForWidth`` is cached (see the module's docstring)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._heights: dict[int, int] = {}

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        height = self._heights.get(width)
        if height is None:
            if len(self._heights) >= MAX_WIDTHS_KEPT:
                self._heights.clear()
            height = super().heightForWidth(width)
            self._heights[width] = height
        return height

    def forget_sizes(self) -> None:
        self._heights.clear()

    def setText(self, text: str) -> None:  # noqa: N802
        if text != self.text():
            self._heights.clear()
            super().setText(text)

    def clear(self) -> None:
        self._heights.clear()
        super().clear()

    def setNum(self, number: float) -> None:  # type: ignore[override]  # noqa: N802
        self._heights.clear()
        super().setNum(number)

    def setWordWrap(self, on: bool) -> None:  # noqa: N802
        self._heights.clear()
        super().setWordWrap(on)

    def setTextFormat(self, text_format: Qt.TextFormat) -> None:  # noqa: N802
        self._heights.clear()
        super().setTextFormat(text_format)

    def setIndent(self, indent: int) -> None:  # noqa: N802
        self._heights.clear()
        super().setIndent(indent)

    def setMargin(self, margin: int) -> None:  # noqa: N802
        self._heights.clear()
        super().setMargin(margin)

    def setContentsMargins(self, *margins: int | QMargins) -> None:  # type: ignore[override]  # noqa: N802
        self._heights.clear()
        super().setContentsMargins(*margins)  # type: ignore[arg-type]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in _CHANGES:
            self._heights.clear()
        super().changeEvent(event)
