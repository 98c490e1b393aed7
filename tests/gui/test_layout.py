"""Nothing clips at 1366x768 with a 1.5x font, even with texts 40 % longer than English.

The longer texts come from a pseudo-translation (as German or Italian would be), the larger font
from the application font (as 150 % scaling gives). Every visible label must be as tall as its
wrapped text needs and every button as wide as its text; the window must fit the screen.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

import app.i18n.translation as translation
from app.gui.answer_buttons import AnswerButton
from app.gui.main_window import MainWindow, Page
from app.gui.settings_dialog import SettingsDialog
from tests.gui.conftest import SIZE, WindowFactory
from tests.gui.helpers import answer_all, create_practice, page_of

pytestmark = pytest.mark.gui


def _longer(message: str) -> str:
    """About 40 % longer, in words a line can break at, placeholders kept."""
    words = message.split(" ")
    extra = [w[: max(len(w) * 2 // 5, 1)] + "ö" for w in words if w and "{" not in w]
    return " ".join(words + extra) if extra else message


class PseudoGerman(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return _longer(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return _longer(msgid1 if n == 1 else msgid2)


@pytest.fixture
def long_texts_large_font(monkeypatch: pytest.MonkeyPatch, qapp: QApplication,
                          ) -> Iterator[None]:
    real = translation.translations_for
    monkeypatch.setattr(translation, "translations_for",
                        lambda language: PseudoGerman() if language == "de" else real(language))
    original = QFont(qapp.font())
    larger = QFont(original)
    larger.setPointSizeF(original.pointSizeF() * 1.5)
    qapp.setFont(larger)
    yield
    qapp.setFont(original)


def clipped(root: QWidget) -> list[str]:
    """Visible widgets smaller than their text needs."""
    for _turn in range(5):
        QApplication.processEvents()
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.window() is not root.window():
            continue
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap():
                need = widget.heightForWidth(widget.width())
                if widget.height() < need - 1:
                    problems.append(f"label {widget.text()[:50]!r}: {widget.height()} < {need}")
            elif widget.width() < widget.sizeHint().width() - 1:
                problems.append(f"label {widget.text()[:50]!r}: {widget.width()} < "
                                f"{widget.sizeHint().width()}")
        elif isinstance(widget, AnswerButton):
            need = widget.heightForWidth(widget.width())
            if widget.height() < need - 1:
                problems.append(f"answer {widget.label_text()[:50]!r}: {widget.height()} < "
                                f"{need}")
        elif isinstance(widget, QAbstractButton) and widget.text() \
                and widget.width() < widget.sizeHint().width() - 1:
            problems.append(f"button {widget.text()[:50]!r}: {widget.width()} < "
                            f"{widget.sizeHint().width()}")
    return problems


def _fits_screen(window: MainWindow) -> None:
    minimum = window.minimumSizeHint()
    assert minimum.width() <= SIZE[0] and minimum.height() <= SIZE[1], minimum
    assert (window.width(), window.height()) == SIZE


def test_no_page_clips_with_long_texts_and_a_large_font(
        qtbot: QtBot, long_texts_large_font: None, open_window: WindowFactory) -> None:
    window = open_window()
    window.switch_language("de")
    qtbot.waitUntil(lambda: window.nav_button(Page.START).text().endswith("ö"))
    assert clipped(window) == []
    _fits_screen(window)

    create_practice(qtbot, window)
    page = page_of(window)
    for question_id in ("PRF-COUNTRY", "BAK-01", "BAK-02", "AWR-01"):
        if question_id == "BAK-01":
            answer_all(qtbot, window, [("PRF-COUNTRY", "ch"), ("PRF-SERVER", "yes")])
        page.show_question(question_id)
        assert clipped(window) == [], question_id
    _fits_screen(window)

    answer_all(qtbot, window, [("BAK-01", "no"), ("SRV-01", "no"), ("AWR-01", "unknown")])
    for target in (Page.RESULTS, Page.ACTIONS, Page.START):
        window.show_page(target)
        assert clipped(window) == [], target
        _fits_screen(window)

    dialog = SettingsDialog(window.store, window.switch_language, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert clipped(dialog) == []
    assert dialog.width() <= SIZE[0] and dialog.height() <= SIZE[1]
