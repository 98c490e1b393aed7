"""The practice's identity: name, address, country. Used on first run and in the settings."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.domain.assessment import PracticeInfo
from app.gui.translation import is_language_change
from app.i18n import _

COUNTRIES = ("CH", "FR")


class PracticeForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._identifiers: Mapping[str, str] = {}
        self._name = QLineEdit()
        self._address = QLineEdit()
        self._country = QComboBox()
        for code in COUNTRIES:
            self._country.addItem(code, code)
        self._labels = [QLabel(), QLabel(), QLabel()]
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for text_label, field in zip(self._labels, (self._name, self._address, self._country),
                                     strict=True):
            text_label.setBuddy(field)
            layout.addRow(text_label, field)
        self._name.textChanged.connect(self.changed)
        self._address.textChanged.connect(self.changed)
        self._country.currentIndexChanged.connect(self.changed)
        self.retranslate()

    def retranslate(self) -> None:
        for label_widget, text in zip(self._labels, (_("Practice &name:"), _("&Address:"),
                                                     _("&Country:")), strict=True):
            label_widget.setText(text)
        self._name.setPlaceholderText(_("For example: Cabinet médical des Alpes"))
        self._address.setPlaceholderText(_("Street, postcode and town"))
        self._name.setAccessibleName(_("Practice name"))
        self._address.setAccessibleName(_("Address"))
        self._country.setAccessibleName(_("Country"))
        names = {"CH": _("Switzerland"), "FR": _("France")}
        for row, code in enumerate(COUNTRIES):
            self._country.setItemText(row, names[code])

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    @property
    def name_edit(self) -> QLineEdit:
        return self._name

    @property
    def address_edit(self) -> QLineEdit:
        return self._address

    @property
    def country_combo(self) -> QComboBox:
        return self._country

    def is_valid(self) -> bool:
        return bool(self._name.text().strip())

    def info(self) -> PracticeInfo:
        return PracticeInfo(name=self._name.text().strip(), address=self._address.text().strip(),
                            country=str(self._country.currentData()),
                            identifiers=dict(self._identifiers))

    def set_info(self, info: PracticeInfo) -> None:
        self._identifiers = dict(info.identifiers)
        self._name.setText(info.name)
        self._address.setText(info.address)
        self._country.setCurrentIndex(max(self._country.findData(info.country), 0))
