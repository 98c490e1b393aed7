"""Settings' "Protection" card: encrypt the database with a passphrase, change it, remove it.

A copied database file or a lost backup disk then shows nothing (docs/security.md). The
passphrase is asked at every start; nothing can recover a forgotten one, so the dialog says so
before anything is changed. The conversion itself is storage's (atomic, backups included).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import CyberCabinetError
from app.gui.database_store import DatabaseStore
from app.gui.errors import show_error
from app.gui.look import card, label
from app.gui.passphrase_dialog import lay_out_passphrase_dialog, secret_edit
from app.i18n import _, ngettext

MIN_LENGTH = 10
"""As storage requires of a new database passphrase (``encryption.MIN_NEW_PASSPHRASE``)."""


class Change(Enum):
    PROTECT = "protect"
    CHANGE = "change"
    REMOVE = "remove"


class DatabasePassphraseDialog(QDialog):
    """The passphrases one change needs: the current one, the new one twice, or both."""

    def __init__(self, change: Change, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.change = change
        self.current = secret_edit(_("Current passphrase"))
        self.new = secret_edit(_("New passphrase"))
        self.again = secret_edit(_("New passphrase again"))
        self._problem = label("small")
        titles = {Change.PROTECT: _("Protect the database with a passphrase"),
                  Change.CHANGE: _("Change the database's passphrase"),
                  Change.REMOVE: _("Remove the database's passphrase")}
        self.setWindowTitle(titles[change])
        intro = label("body", {
            Change.PROTECT: _("Every page of the database and of its backups will be "
                              "encrypted: a copied file or a lost backup disk shows nothing. "
                              "CyberCabinet will ask for the passphrase at every start."),
            Change.CHANGE: _("The database and its backups will be encrypted under the new "
                             "passphrase."),
            Change.REMOVE: _("The database and its backups will be stored without encryption "
                             "again: anyone who copies the file can read it."),
        }[change])
        warning = label("small", _("Nothing can recover a forgotten passphrase: keep it where "
                                   "the practice keeps its vital passwords."))
        form = QFormLayout()
        if change is not Change.PROTECT:
            form.addRow(_("&Current passphrase:"), self.current)
        if change is not Change.REMOVE:
            form.addRow(_("&New passphrase:"), self.new)
            form.addRow(_("&Again:"), self.again)
        for edit in (self.current, self.new, self.again):
            edit.textChanged.connect(self.on_input_changed)
        parts: list[QWidget | QLayout] = ([intro] if change is Change.REMOVE
                                          else [intro, warning])
        self._buttons = lay_out_passphrase_dialog(self, [*parts, form, self._problem], 30)
        self.on_input_changed()

    @property
    def ok_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def passphrases(self) -> tuple[str | None, str | None]:
        """(current, new): None where this change needs none."""
        current = None if self.change is Change.PROTECT else self.current.text()
        new = None if self.change is Change.REMOVE else self.new.text()
        return current, new

    def on_input_changed(self, *_args: object) -> None:
        problem = ""
        ok = True
        if self.change is not Change.PROTECT:
            ok = bool(self.current.text())
        if self.change is not Change.REMOVE:
            text = self.new.text()
            if text and len(text) < MIN_LENGTH:
                problem = _("At least {count} characters.").format(count=MIN_LENGTH)
            elif self.again.text() and self.again.text() != text:
                problem = _("The two passphrases differ.")
            ok = ok and len(text) >= MIN_LENGTH and self.again.text() == text
        self._problem.setText(problem)
        self._problem.setVisible(bool(problem))
        self.ok_button.setEnabled(ok)

    @classmethod
    def ask(cls, change: Change,
            parent: QWidget | None) -> tuple[str | None, str | None] | None:
        """The passphrases for ``change``; None if the person cancelled (tests replace it)."""
        dialog = cls(change, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        answer = dialog.passphrases() if accepted else None
        for edit in (dialog.current, dialog.new, dialog.again):
            edit.clear()  # do not keep a passphrase in a widget
        return answer


class ProtectionCard(QWidget):
    """Whether the database is encrypted, and the buttons that change it."""

    def __init__(self, store: DatabaseStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        frame, layout = card()
        self._store = store
        self._title = label("heading")
        self._state = label("body")
        self.protect = QPushButton()
        self.change = QPushButton()
        self.remove = QPushButton()
        self.protect.clicked.connect(lambda: self.run(Change.PROTECT))
        self.change.clicked.connect(lambda: self.run(Change.CHANGE))
        self.remove.clicked.connect(lambda: self.run(Change.REMOVE))
        buttons = QHBoxLayout()
        for button in (self.protect, self.change, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._state)
        layout.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.retranslate()

    def retranslate(self) -> None:
        self._title.setText(_("Protection"))
        self.protect.setText(_("&Protect with a passphrase…"))
        self.change.setText(_("Change the passphrase…"))
        self.remove.setText(_("Remove the passphrase…"))
        self._show_state()

    def _show_state(self) -> None:
        protection = self._store.protection()
        encrypted = protection is not None and protection.encrypted
        self.setVisible(protection is not None)
        available = protection is not None and protection.available
        state = (_("The database and its backups are encrypted with a passphrase.") if encrypted
                 else _("The database is not encrypted: anyone who copies the file, or finds a "
                        "backup disk, can read the practice's answers. Protect it with a "
                        "passphrase, or keep the computer's disk encrypted (BitLocker)."))
        if not available:
            state += " " + _("Encrypting it needs SQLCipher, which is not installed: pip "
                             "install 'cybercabinet[encryption]'.")
        self._state.setText(state)
        self.protect.setVisible(available and not encrypted)
        self.change.setVisible(available and encrypted)
        self.remove.setVisible(available and encrypted)

    def run(self, change: Change) -> None:
        answer = DatabasePassphraseDialog.ask(change, self)
        if answer is None:
            return
        current, new = answer
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            conversion = self._store.change_protection(current, new)
        except CyberCabinetError as error:
            QApplication.restoreOverrideCursor()
            show_error(self, error)
            return
        QApplication.restoreOverrideCursor()
        self._show_state()
        done = {Change.PROTECT: _("The database is now encrypted with a passphrase."),
                Change.CHANGE: _("The database's passphrase was changed."),
                Change.REMOVE: _("The database is no longer encrypted.")}[change]
        lines = [done]
        if conversion.backups_converted:
            count = len(conversion.backups_converted)
            lines.append(ngettext("{count} backup was converted with it.",
                                  "{count} backups were converted with it.",
                                  count).format(count=count))
        for path in conversion.backups_left:
            lines.append(_("Not converted (damaged, or under another passphrase), delete it or "
                           "keep it safe: {path}").format(path=path))
        say = QMessageBox.warning if conversion.backups_left else QMessageBox.information
        say(self, _("Protection"), "\n\n".join(lines))
