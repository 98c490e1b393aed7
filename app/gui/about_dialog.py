"""Help → About: the version, and the licences of the libraries inside."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__
from app.gui.look import label
from app.i18n import _

# (distribution name, name shown, licence)
LIBRARIES: tuple[tuple[str, str, str], ...] = (
    ("PySide6-Essentials", "Qt for Python (PySide6)", "LGPL-3.0"),
    ("SQLAlchemy", "SQLAlchemy", "MIT"),
    ("alembic", "Alembic", "MIT"),
    ("reportlab", "ReportLab", "BSD"),
    ("pyHanko", "pyHanko", "MIT"),
    ("babel", "Babel", "BSD"),
    ("pydantic", "pydantic", "MIT"),
    ("PyYAML", "PyYAML", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
    ("cryptography", "cryptography", "Apache-2.0 / BSD"),
)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "—"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About {app}").format(app=APP_NAME))
        title = label("title", f"{APP_NAME} {__version__}")
        text = label("body", _("A cybersecurity self-assessment for medical practices: a scored "
                               "questionnaire, a prioritised action plan and a signed RGPD / nLPD "
                               "summary. Everything stays on this computer."))
        libraries = label("heading", _("Libraries and their licences"))
        table = QTableWidget(len(LIBRARIES), 3)
        table.setHorizontalHeaderLabels([_("Library"), _("Version"), _("Licence")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setAccessibleName(_("Libraries and their licences"))
        for row, (distribution, name, licence) in enumerate(LIBRARIES):
            for column, value in enumerate((name, _version(distribution), licence)):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                table.setItem(row, column, item)
        table.setMinimumHeight(table.verticalHeader().length()
                               + table.horizontalHeader().height() + 4)
        note = label("small", _("Qt is used under the GNU LGPL version 3; its source code is "
                                "available from qt.io. Python itself is under the PSF licence."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (title, text, libraries, table, note, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(self.fontMetrics().height() * 30)

    @property
    def libraries(self) -> list[tuple[str, str]]:
        return [(name, licence) for _dist, name, licence in LIBRARIES]
