"""Switching the language in the settings retranslates every visible widget at once.

The catalogs do not have the window's new strings yet, so the test installs a pseudo-French
catalog that marks every translated string: a text still in English after the switch is a
widget that did not retranslate itself.
"""

from __future__ import annotations

import gettext
import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

import app.i18n.translation as translation
from app.gui.main_window import MainWindow, Page
from app.gui.settings_dialog import SettingsDialog
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import create_practice, page_of

pytestmark = pytest.mark.gui

MARK = "‹fr›"


class PseudoFrench(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"{MARK}{message}"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"{MARK}{msgid1 if n == 1 else msgid2}"


@pytest.fixture
def pseudo_french(monkeypatch: pytest.MonkeyPatch) -> None:
    real = translation.translations_for

    def fake(language: str) -> gettext.NullTranslations:
        return PseudoFrench() if language == "fr" else real(language)

    monkeypatch.setattr(translation, "translations_for", fake)


def visible_texts(root: QWidget) -> set[str]:
    texts = set()
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            text = re.sub(r"<[^>]+>", "", widget.text()).replace("&", "").strip()
            if re.search(r"[A-Za-z]{3}", text):
                texts.add(text)
    return texts


def _switch(qtbot: QtBot, window: MainWindow, language: str) -> SettingsDialog:
    dialog = SettingsDialog(window.store, window.switch_language, window)
    qtbot.addWidget(dialog)
    dialog.show()
    combo = dialog.language_combo
    combo.setCurrentIndex(combo.findData(language))
    return dialog


def test_switch_retranslates_the_questionnaire_page(qtbot: QtBot, open_window: WindowFactory,
                                                    pseudo_french: None) -> None:
    window = open_window()
    create_practice(qtbot, window)
    page = page_of(window)
    page.show_question("PRF-SERVER")
    english = visible_texts(page)
    assert "Does the practice have a server?" in english
    assert "Why it matters" in english

    dialog = _switch(qtbot, window, "fr")
    qtbot.waitUntil(lambda: window.nav_button(Page.RESULTS).text().startswith(MARK))
    qtbot.waitUntil(lambda: dialog.windowTitle().startswith(MARK))
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    save = box.button(QDialogButtonBox.StandardButton.Save)
    # Qt's own words (standard buttons) come from qtbase_fr.qm
    qtbot.waitUntil(lambda: save.text().replace("&", "") == "Enregistrer")

    french = visible_texts(page)
    left_over = {t for t in english & french if not t.startswith(MARK)}
    assert not left_over, f"still in English after the switch: {left_over}"
    assert "Le cabinet a-t-il un serveur ?" in french, "questions come in the new language"
    assert f"{MARK}Why it matters" in french
    assert window.session is not None
    assert window.session.text({"fr": "a", "en": "b"}) == "a"
    assert any(t.startswith(MARK) for t in visible_texts(window.start_page))

    _switch(qtbot, window, "en")
    qtbot.waitUntil(lambda: window.nav_button(Page.RESULTS).text() == "Results")
    assert "Does the practice have a server?" in visible_texts(page)
    assert window.settings.language == "en"


def test_language_is_remembered(qtbot: QtBot, open_window: WindowFactory,
                                pseudo_french: None) -> None:
    window = open_window()
    _switch(qtbot, window, "fr")
    qtbot.waitUntil(lambda: window.nav_button(Page.START).text().startswith(MARK))
    window.close()
    reopened = open_window()
    qtbot.waitUntil(lambda: reopened.nav_button(Page.START).text().startswith(MARK))
    assert QApplication.instance() is not None
