"""The two questions asked before a report is written: in which language, and (to sign) with
which identity and passphrase. Each dialog has an ``ask`` class method that tests replace."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.look import label
from app.i18n import LANGUAGE_NAMES, LANGUAGES, _, format_date


def _language_combo(default: str) -> QComboBox:
    combo = QComboBox()
    for code in LANGUAGES:
        combo.addItem(LANGUAGE_NAMES[code], code)
    combo.setCurrentIndex(max(combo.findData(default), 0))
    return combo


class ExportDialog(QDialog):
    def __init__(self, default_language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export the PDF report"))
        self._language = _language_combo(default_language)
        self._language.setAccessibleName(_("Language of the report"))
        intro = label("body", _("The report holds the score, the action plan and the data "
                                "protection summary. It is marked DRAFT while questions are "
                                "still open."))
        form = QFormLayout()
        form.addRow(_("&Language of the report:"), self._language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Choose where to save…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().height() * 26)

    def language(self) -> str:
        return str(self._language.currentData())

    @classmethod
    def ask(cls, parent: QWidget | None, default_language: str) -> str | None:
        """The report's language, or None if the person cancelled."""
        dialog = cls(default_language, parent)
        return dialog.language() if dialog.exec() == QDialog.DialogCode.Accepted else None


@dataclass(frozen=True)
class SignRequest:
    identity: Path
    passphrase: str
    language: str


class SignDialog(QDialog):
    """The practice's signature; with ``countersign``, the auditor's second one (the report
    already exists then: no language to choose)."""

    def __init__(self, default_language: str, parent: QWidget | None = None, *,
                 countersign: bool = False) -> None:
        super().__init__(parent)
        # lazy: the signing modules take ~0.07 s to import: not at the window's opening
        from app.reporting.signatures import list_identities

        self.setWindowTitle(_("Countersign the report") if countersign
                            else _("Sign the report"))
        self._identity = QComboBox()
        self._identity.setAccessibleName(_("Signing identity"))
        for info in list_identities():
            if info.path is None:
                continue
            text = info.name or info.path.name
            if info.role:
                text += f" — {info.role}"
            text += " " + _("(valid until {date})").format(
                date=format_date(info.not_after.date(), fmt="medium"))
            self._identity.addItem(text, str(info.path))
        browse = QPushButton(_("Other file…"))
        browse.clicked.connect(self.on_browse_clicked)
        self._passphrase = QLineEdit()
        self._passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self._passphrase.setAccessibleName(_("Passphrase"))
        self._passphrase.textChanged.connect(self.on_input_changed)
        self._language = _language_combo(default_language)
        self._language.setAccessibleName(_("Language of the report"))
        identity_row = QHBoxLayout()
        identity_row.addWidget(self._identity, 1)
        identity_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(_("&Identity:"), identity_row)
        form.addRow(_("&Passphrase:"), self._passphrase)
        if countersign:
            self._language.hide()
        else:
            form.addRow(_("&Language of the report:"), self._language)
        intro = label("body", _("Your signature shows the insurer who vouches for this report "
                                "and proves that not a byte changed since."))
        warning = label("body", _("After signing, the answers of this assessment can no longer "
                                  "change; the action plan stays editable."))
        if countersign:
            intro.setText(_("Your signature is added after the practice's: both stay valid, "
                            "and anyone can check that the report did not change since."))
            warning.setText(_("After countersigning, the review of this assessment can no "
                              "longer change."))
        if self._identity.count() == 0:
            warning.setText(warning.text() + "\n\n" + _(
                "No signing identity is installed yet: choose your .p12 file with "
                "\"Other file…\", or ask your IT provider to create one."))
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                         | QDialogButtonBox.StandardButton.Cancel)
        self._buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            _("Countersign and choose where to save…") if countersign
            else _("Sign and choose where to save…"))
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(warning)
        layout.addWidget(self._buttons)
        self.setMinimumWidth(self.fontMetrics().height() * 30)
        self.on_input_changed()

    def on_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose your signing identity"), "",
            _("Signing identities (*.p12 *.pfx)"))
        if path:
            self._identity.addItem(Path(path).name, path)
            self._identity.setCurrentIndex(self._identity.count() - 1)
            self.on_input_changed()

    def on_input_changed(self) -> None:
        ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self._identity.count() > 0 and bool(self._passphrase.text()))

    @property
    def identity_combo(self) -> QComboBox:
        return self._identity

    @property
    def passphrase_edit(self) -> QLineEdit:
        return self._passphrase

    @property
    def ok_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def request(self) -> SignRequest:
        return SignRequest(Path(str(self._identity.currentData())), self._passphrase.text(),
                           str(self._language.currentData()))

    @classmethod
    def ask(cls, parent: QWidget | None, default_language: str) -> SignRequest | None:
        return cls._ask(cls(default_language, parent))

    @classmethod
    def ask_countersign(cls, parent: QWidget | None,
                        default_language: str) -> SignRequest | None:
        """The auditor's identity and passphrase (tests replace this)."""
        return cls._ask(cls(default_language, parent, countersign=True))

    @staticmethod
    def _ask(dialog: SignDialog) -> SignRequest | None:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        request = dialog.request() if accepted else None
        dialog._passphrase.clear()  # do not keep the passphrase in a widget
        return request
