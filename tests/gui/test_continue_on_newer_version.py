"""A draft on an older questionnaire version offers to continue on the newest, in the window:
the answers that still ask the same thing come along, the changed ones are asked again."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.gui.database_store import DatabaseStore
from app.gui.pages import Page
from tests.conftest import EXAMPLE
from tests.gui.conftest import WindowFactory


def _newer_example(folder: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["version"] = "2.0"
    backup = data["themes"][0]["questions"][0]
    backup["text"]["fr"] = "Sauvegardez-vous chaque nuit, automatiquement ?"  # asks otherwise
    (folder / "example-2.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                           encoding="utf-8")


def test_a_draft_continues_on_the_newest_version(qtbot: QtBot, open_window: WindowFactory,
                                                 questionnaires: Path, db_url: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store = DatabaseStore.open(db_url)
    database = store.database
    practice = database.create_practice("Cabinet du Lac", country="CH")
    draft = database.create_assessment(practice.id, questionnaire_id="example").id
    for question_id, value in (("PRF-SERVER", "yes"), ("BAK-01", "partly"), ("BAK-02", 2.0)):
        database.save_answer(draft, question_id, value)
    store.close()
    _newer_example(questionnaires)

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _parent, _title, text, *a, **k: shown.append(text))
    window = open_window()
    window.open_assessment(draft, Page.QUESTIONNAIRE)
    page = window.questionnaire_page
    assert page is not None
    button = page.newer_version_button
    assert button.isVisible() and "2.0" in button.text()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    session = window.session
    assert session is not None and session.assessment_id != draft
    assert session.questionnaire.version == "2.0"
    values = session.values()
    assert values["PRF-SERVER"] == "yes" and values["BAK-02"] == 2.0
    assert "BAK-01" not in values, "its question changed: asked again"
    assert shown and "3 answers were carried over" in shown[0]  # the country too
    assert "1 question changed" in shown[0]
    new_page = window.questionnaire_page
    assert new_page is not None and not new_page.newer_version_button.isVisible()
    # the earlier draft is still there, with its answers
    assert window.store.load_snapshot(draft).values["BAK-01"] == "partly"
