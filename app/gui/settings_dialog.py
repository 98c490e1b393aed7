"""Settings: the interface language (applied at once), the data folder, the database's
passphrase, the practice's identity."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import CyberCabinetError
from app.gui.database_protection import ProtectionCard
from app.gui.database_store import DatabaseStore
from app.gui.errors import show_error
from app.gui.look import card, label
from app.gui.practice_form import PracticeForm
from app.gui.store import PracticeRecord, Store
from app.gui.translation import is_language_change
from app.i18n import LANGUAGE_NAMES, LANGUAGES, _, current_language
from app.paths import data_dir

if TYPE_CHECKING:
    from app.gui.database_protection import ProtectionCard


class SettingsDialog(QDialog):
    def __init__(self, store: Store, switch_language: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._switch_language = switch_language
        self._practice: PracticeRecord | None = store.practice()

        self._language_title = label("heading")
        self._language_label = QLabel()
        self._language = QComboBox()
        for code in LANGUAGES:
            self._language.addItem(LANGUAGE_NAMES[code], code)
        self._language.setCurrentIndex(max(self._language.findData(current_language()), 0))
        self._language.currentIndexChanged.connect(self.on_language_current_index_changed)
        self._language_label.setBuddy(self._language)
        self._language_hint = label("muted")

        self._data_title = label("heading")
        self._data_path = label("body")
        self._data_path.setText(str(data_dir()))
        self._data_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._database = label("small")
        self._open_folder = QPushButton()
        self._open_folder.clicked.connect(self.on_open_folder_clicked)

        self._practice_title = label("heading")
        self._form = PracticeForm()
        if self._practice is not None:
            self._form.set_info(self._practice.info)

        language_card, language_layout = card()
        row = QFormLayout()
        row.addRow(self._language_label, self._language)
        language_layout.addWidget(self._language_title)
        language_layout.addLayout(row)
        language_layout.addWidget(self._language_hint)
        data_card, data_layout = card()
        folder_row = QHBoxLayout()
        folder_row.addWidget(self._data_path, 1)
        folder_row.addWidget(self._open_folder)
        data_layout.addWidget(self._data_title)
        data_layout.addLayout(folder_row)
        data_layout.addWidget(self._database)
        self._protection = self._protection_card(store)
        practice_card, practice_layout = card()
        practice_layout.addWidget(self._practice_title)
        practice_layout.addWidget(self._form)

        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                         | QDialogButtonBox.StandardButton.Close)
        self._buttons.accepted.connect(self.on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)
        em = self.fontMetrics().height()
        # The cards scroll when a large font or a long language makes them taller than the
        # screen; the Save and Close buttons stay in view below them.
        self._cards = QWidget()
        self._cards.setObjectName("settingsCards")
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(self._cards)
        layout = QVBoxLayout(self)
        layout.setSpacing(em * 2 // 3)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self._buttons)
        cards = QVBoxLayout(self._cards)
        cards.setContentsMargins(0, 0, 0, 0)
        cards.setSpacing(em * 2 // 3)
        cards.addWidget(language_card)
        cards.addWidget(data_card)
        if self._protection is not None:
            cards.addWidget(self._protection)
        cards.addWidget(practice_card)
        practice_card.setVisible(self._practice is not None)
        cards.addStretch(1)
        self.setMinimumWidth(em * 34)
        self.retranslate()

    @staticmethod
    def _protection_card(store: Store) -> ProtectionCard | None:
        """The passphrase card, for a database this window can convert (a SQLite file)."""
        if not isinstance(store, DatabaseStore) or store.protection() is None:
            return None
        return ProtectionCard(store)

    @property
    def protection_card(self) -> ProtectionCard | None:
        return self._protection

    @property
    def language_combo(self) -> QComboBox:
        return self._language

    @property
    def practice_form(self) -> PracticeForm:
        return self._form

    def retranslate(self) -> None:
        self.setWindowTitle(_("Settings"))
        self._language_title.setText(_("Language"))
        self._language_label.setText(_("&Interface language:"))
        self._language_hint.setText(_("Applied at once. The questions appear in this language "
                                      "when the questionnaire has it, otherwise in French."))
        self._data_title.setText(_("Data folder"))
        self._database.setText(_("Database: {location}").format(location=self._store.location))
        self._open_folder.setText(_("Open in the file manager"))
        self._practice_title.setText(_("The practice"))
        if self._protection is not None:
            self._protection.retranslate()
        # Save and Close are Qt's standard buttons: qtbase_xx.qm translates them.
        save = self._buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setVisible(self._practice is not None)
        if self.isVisible():
            self._fit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        """Tall enough for the wrapped texts at this width (a dialog does not grow alone), but
        never taller than the window it belongs to or the screen: the cards scroll then."""
        layout, cards = self.layout(), self._cards.layout()
        if layout is None or cards is None:
            return
        margins = layout.contentsMargins()
        inner = self.width() - margins.left() - margins.right()
        wanted = (cards.totalHeightForWidth(inner) + layout.spacing()
                  + self._buttons.sizeHint().height() + margins.top() + margins.bottom())
        limits = [self.screen().availableGeometry().height()]
        parent = self.parentWidget()
        if parent is not None:
            limits.append(parent.window().height())
        self.resize(self.width(), min(max(self.height(), wanted), *limits))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def on_language_current_index_changed(self, _index: int) -> None:
        self._switch_language(str(self._language.currentData()))

    def on_open_folder_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir())))

    def on_buttons_accepted(self) -> None:
        if self._practice is not None:
            if not self._form.is_valid():
                show_error(self, _("The practice needs a name."))
                return
            try:
                self._practice = self._store.update_practice(self._practice.id, self._form.info())
            except CyberCabinetError as error:
                show_error(self, error)
                return
        self.accept()
