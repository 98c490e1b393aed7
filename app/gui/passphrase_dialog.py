"""The passphrase of an exchange file: chosen (twice) when exporting, typed when importing.

An exchange file lists a practice's weak spots, so protecting it is the default; the passphrase
travels another way (a phone call), never with the file. Each dialog has a class method that
tests replace.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.look import label
from app.i18n import _

MIN_LENGTH = 10
"""As storage requires of an exchange file's passphrase."""


@dataclass(frozen=True)
class PassphraseChoice:
    passphrase: str | None
    """``None``: the file is not protected."""


def secret_edit(name: str = "") -> QLineEdit:
    """A field whose text is never shown (a passphrase), named for screen readers."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    if name:
        edit.setAccessibleName(name)
    return edit


def lay_out_passphrase_dialog(dialog: QDialog, parts: list[QWidget | QLayout],
                              width_em: int) -> QDialogButtonBox:
    """The frame both passphrase dialogs share: ``parts`` from the top (intro, form, problem),
    then OK / Cancel; returns the buttons, whose OK the dialog enables as the input allows."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addWidget(buttons)
    dialog.setMinimumWidth(dialog.fontMetrics().height() * width_em)
    return buttons


class PassphraseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, new: bool = True,
                 file_name: str = "") -> None:
        super().__init__(parent)
        self._new = new
        self.setWindowTitle(_("Protect the exchange file") if new
                            else _("Passphrase of the exchange file"))
        self._protect = QCheckBox(_("&Protect the file with a passphrase"))
        self._protect.setChecked(True)
        self._protect.toggled.connect(self.on_input_changed)
        self._passphrase = secret_edit(_("Passphrase"))
        self._passphrase.textChanged.connect(self.on_input_changed)
        self._again = secret_edit(_("Passphrase again"))
        self._again.textChanged.connect(self.on_input_changed)
        self._problem = label("small")
        form = QFormLayout()
        form.addRow(_("&Passphrase:"), self._passphrase)
        if new:
            form.addRow(_("&Again:"), self._again)
            intro = label("body", _(
                "The file describes the practice's weak spots. Protect it with a passphrase, "
                "and give the passphrase to the auditor another way (by phone, for example)."))
        else:
            self._protect.hide()
            self._again.hide()
            intro = label("body", _("{file} is protected: type the passphrase you were "
                                    "given.").format(file=file_name or _("The file")))
        parts: list[QWidget | QLayout] = [intro, self._protect] if new else [intro]
        self._buttons = lay_out_passphrase_dialog(self, [*parts, form, self._problem], 28)
        self.on_input_changed()

    @property
    def protect_box(self) -> QCheckBox:
        return self._protect

    @property
    def passphrase_edit(self) -> QLineEdit:
        return self._passphrase

    @property
    def again_edit(self) -> QLineEdit:
        return self._again

    @property
    def ok_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def choice(self) -> PassphraseChoice:
        protect = self._protect.isChecked() or not self._new
        return PassphraseChoice(self._passphrase.text() if protect else None)

    def on_input_changed(self, *_args: object) -> None:
        protect = self._protect.isChecked() or not self._new
        for edit in (self._passphrase, self._again):
            edit.setEnabled(protect)
        text = self._passphrase.text()
        problem = ""
        if protect and self._new:
            if text and len(text) < MIN_LENGTH:
                problem = _("At least {count} characters.").format(count=MIN_LENGTH)
            elif self._again.text() and self._again.text() != text:
                problem = _("The two passphrases differ.")
        ok = not protect or (bool(text) and (not self._new or (
            len(text) >= MIN_LENGTH and self._again.text() == text)))
        self._problem.setText(problem)
        self._problem.setVisible(bool(problem))
        self.ok_button.setEnabled(ok)

    @classmethod
    def ask_new(cls, parent: QWidget | None) -> PassphraseChoice | None:
        """How to protect a file being exported; None if the person cancelled."""
        return cls._ask(cls(parent, new=True))

    @classmethod
    def ask_existing(cls, parent: QWidget | None, file_name: str) -> str | None:
        """The passphrase of a protected file; None if the person cancelled."""
        choice = cls._ask(cls(parent, new=False, file_name=file_name))
        return choice.passphrase if choice is not None else None

    @staticmethod
    def _ask(dialog: PassphraseDialog) -> PassphraseChoice | None:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        choice = dialog.choice() if accepted else None
        dialog.passphrase_edit.clear()  # do not keep a passphrase in a widget
        dialog.again_edit.clear()
        return choice
