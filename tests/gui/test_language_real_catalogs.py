"""With the real catalogs and the real question bank, a language switch leaves no old text.

The pseudo-translation test (test_language.py) proves every widget retranslates; this one proves
the shipped catalogs and the bank are complete enough that a physician who switches to German,
Italian or French sees no English left on any page they visit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

import app.domain.catalog as catalog
from app.gui.database_store import DatabaseStore
from app.gui.main_window import MainWindow, Page
from app.gui.settings import AppSettings
from app.gui.settings_dialog import SettingsDialog
from app.gui.translation import LanguageSwitcher
from tests.gui.conftest import SIZE
from tests.gui.helpers import create_practice, page_of

pytestmark = pytest.mark.gui

BANK = Path(__file__).parents[2] / "questionnaires"
CATALOGS = Path(__file__).parents[2] / "i18n"
# Words that are the same in both languages, or names: not a sign of a missed translation.
SAME_EVERYWHERE = {"CyberCabinet", "Cabinet du Lac", "Rue du Lac 12, 1800 Vevey", "OK"}


@pytest.fixture
def window(qtbot: QtBot, styled: QApplication, db_url: str,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(catalog, "questionnaires_dir", lambda: BANK)
    store = DatabaseStore.open(db_url)
    settings = AppSettings()
    switcher = LanguageSwitcher()
    switcher.switch("en")
    window = MainWindow(store, settings, switcher, questionnaire_id="cabinet-medical")
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.resume()
    yield window
    store.close()


def same_in(language: str) -> set[str]:
    """The messages a translator deliberately left as they are in English ("Status", "Name")."""
    path = CATALOGS / language / "LC_MESSAGES" / "cybercabinet.po"
    with path.open("rb") as handle:
        return {m.id.replace("&", "") for m in read_po(handle)
                if isinstance(m.id, str) and m.string == m.id}


def visible_texts(root: QWidget) -> set[str]:
    texts: set[str] = set()
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        candidates: list[str] = []
        if isinstance(widget, QLabel | QAbstractButton):
            candidates.append(widget.text())
        if isinstance(widget, QGroupBox):
            candidates.append(widget.title())
        if isinstance(widget, QTabWidget):
            candidates += [widget.tabText(i) for i in range(widget.count())]
        if widget.toolTip():
            candidates.append(widget.toolTip())
        for text in candidates:
            plain = re.sub(r"<[^>]+>", " ", text).replace("&", "").strip()
            if re.search(r"[A-Za-z]{3}", plain):
                texts.add(plain)
    return texts


def texts_of_every_page(qtbot: QtBot, window: MainWindow) -> set[str]:
    texts: set[str] = set()
    for page in (Page.START, Page.QUESTIONNAIRE, Page.RESULTS, Page.ACTIONS):
        window.show_page(page)
        qtbot.wait(10)
        texts |= visible_texts(window)
    window.show_page(Page.QUESTIONNAIRE)
    return texts


def switch(qtbot: QtBot, window: MainWindow, language: str) -> None:
    dialog = SettingsDialog(window.store, window.switch_language, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData(language))
    qtbot.waitUntil(lambda: window.settings.language == language)
    dialog.close()


@pytest.mark.parametrize("language", ["de", "it", "fr"])
def test_no_english_left_after_switching(qtbot: QtBot, window: MainWindow,
                                         language: str) -> None:
    create_practice(qtbot, window)
    page_of(window).show_question("PRF-SERVER")
    english = texts_of_every_page(qtbot, window)
    assert window.session is not None
    question = window.session.questionnaire.question("PRF-SERVER")
    assert question is not None
    assert question.text["en"] in english

    switch(qtbot, window, language)
    translated = texts_of_every_page(qtbot, window)
    left_over = english & translated - SAME_EVERYWHERE - same_in(language)
    assert not left_over, f"still in English after switching to {language}: {left_over}"
    assert question.text[language] in translated
