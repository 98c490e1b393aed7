"""The window's menus: File, Audit, Help. Declared once here; the window connects them."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from app.i18n import _


class WindowMenus:
    def __init__(self, window: QMainWindow) -> None:
        bar = window.menuBar()

        def action(keys: str = "") -> QAction:
            made = QAction(window)
            if keys:
                made.setShortcut(QKeySequence(keys))
            return made

        self.file_menu = bar.addMenu("")
        self.export = action("Ctrl+E")
        self.sign = action()
        self.export_exchange = action()
        self.import_exchange = action("Ctrl+I")
        self.settings = action("Ctrl+,")
        self.quit = action("Ctrl+Q")
        for group in ((self.export, self.sign), (self.export_exchange, self.import_exchange),
                      (self.settings,), (self.quit,)):
            if not self.file_menu.isEmpty():
                self.file_menu.addSeparator()
            for item in group:
                self.file_menu.addAction(item)
        self.audit_menu = bar.addMenu("")
        self.auditor_list = action("Ctrl+Shift+A")
        self.export_review = action()
        self.countersign = action()
        for item in (self.auditor_list, self.export_review, self.countersign):
            self.audit_menu.addAction(item)
        self.help_menu = bar.addMenu("")
        self.keys = action("F1")
        self.about = action()
        self.help_menu.addAction(self.keys)
        self.help_menu.addAction(self.about)

    def retranslate(self) -> None:
        self.file_menu.setTitle(_("&File"))
        self.export.setText(_("&Export PDF report…"))
        self.sign.setText(_("&Sign the report…"))
        self.export_exchange.setText(_("Export for the &auditor…"))
        self.import_exchange.setText(_("&Import an exchange file…"))
        self.settings.setText(_("Se&ttings…"))
        self.quit.setText(_("&Quit"))
        self.audit_menu.setTitle(_("&Audit"))
        self.auditor_list.setText(_("&All assessments"))
        self.export_review.setText(_("Export the &reviewed report…"))
        self.countersign.setText(_("&Countersign the report…"))
        self.help_menu.setTitle(_("&Help"))
        self.keys.setText(_("&Keyboard shortcuts"))
        self.about.setText(_("&About CyberCabinet"))


def keyboard_help() -> str:
    """Help → Keyboard shortcuts (F1): every key of the window, one a line."""
    return "\n".join((
        _("1 to 9: choose an answer"),
        _("Enter: next question"),
        _("Alt+Right or Page Down: next question"),
        _("Alt+Left or Page Up: previous question"),
        _("Space: choose the answer that has the focus"),
        _("Tab: move between the answers, the note and the buttons"),
        _("Ctrl+E: export the PDF report"),
        _("Ctrl+Shift+A: all assessments (auditors)"),
        _("In a review: Ctrl+1 confirmed, Ctrl+2 disputed, Ctrl+3 evidence needed, "
          "Ctrl+0 no verdict; Page Up / Page Down: previous / next answer"),
    ))
