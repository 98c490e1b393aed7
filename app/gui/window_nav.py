"""The window's navigation bar: one tab a page, the practice's and (once used) the auditor's.

Qt and the translations only, so that the window can be painted before storage is imported.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QToolButton, QWidget

from app.gui.pages import AUDITOR_PAGES, Page
from app.i18n import _


class NavBar(QWidget):
    def __init__(self, on_clicked: Callable[[Page], None], em: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navbar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # a subclass of QWidget
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[Page, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(em // 2, 0, em, 0)
        layout.setSpacing(0)
        self._separator = QFrame()
        self._separator.setFrameShape(QFrame.Shape.VLine)
        for page in Page:
            button = QToolButton()
            button.setObjectName("nav")
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.clicked.connect(lambda _checked=False, p=page: on_clicked(p))
            self._group.addButton(button, page)
            self._buttons[page] = button
            if page is AUDITOR_PAGES[0]:
                layout.addSpacing(em)
                layout.addWidget(self._separator)
                layout.addSpacing(em // 2)
            layout.addWidget(button)
        layout.addStretch(1)

    def button(self, page: Page) -> QToolButton:
        return self._buttons[page]

    def show_tabs(self, auditing: bool) -> None:
        """Four tabs at most, so that long words fit: while an auditor works, the auditor's
        pages replace the practice's (Home stays; the way in is the Audit menu or Home)."""
        shown = {page: (page in AUDITOR_PAGES) is auditing or page is Page.START for page in Page}
        for visible in (False, True):  # hide first: seven tabs at once would widen the window
            for page in (p for p in Page if shown[p] is visible):
                self._buttons[page].setVisible(visible)
        self._separator.setVisible(auditing)

    def retranslate(self) -> None:
        names = {Page.START: _("Home"), Page.QUESTIONNAIRE: _("Questionnaire"),
                 Page.RESULTS: _("Results"), Page.ACTIONS: _("Action plan"),
                 Page.AUDITOR: _("All assessments"), Page.REVIEW: _("Review"),
                 Page.HISTORY: _("History")}
        for page, button in self._buttons.items():
            button.setText(names[page])
            button.setAccessibleName(names[page])
