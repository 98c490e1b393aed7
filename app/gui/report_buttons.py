""""Export PDF report…" and "Sign…", side by side, on the pages where a report makes sense."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.gui.look import set_role
from app.gui.translation import is_language_change
from app.i18n import _


class ReportButtons(QWidget):
    export_clicked = Signal()
    sign_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = QLabel()
        set_role(self._busy, "muted")
        self._export = QPushButton()
        self._export.clicked.connect(self.export_clicked)
        self._sign = QPushButton()
        self._sign.clicked.connect(self.sign_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._busy)
        layout.addWidget(self._export)
        layout.addWidget(self._sign)
        self._is_busy = False
        self.retranslate()

    @property
    def export_button(self) -> QPushButton:
        return self._export

    @property
    def sign_button(self) -> QPushButton:
        return self._sign

    def set_busy(self, busy: bool) -> None:
        """While a report is being written: say so, and do not start another."""
        self._is_busy = busy
        self._export.setEnabled(not busy)
        self._sign.setEnabled(not busy)
        self.retranslate()

    def retranslate(self) -> None:
        self._busy.setText(_("Writing the report…") if self._is_busy else "")
        self._busy.setVisible(self._is_busy)
        self._export.setText(_("Export PDF report…"))
        self._export.setToolTip(_("Save the report (score, action plan, data protection "
                                  "summary) as a PDF file (Ctrl+E)"))
        self._sign.setText(_("Sign…"))
        self._sign.setToolTip(_("Sign the report with your signing identity"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)
