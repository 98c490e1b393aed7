"""The Qt binding keeps Python's reference counts right.

PySide6 6.12.0 dropped one reference to ``None`` on every Qt call returning nothing; after a few
thousand calls a long session died with "Fatal Python error: none_dealloc". pyproject.toml keeps
that release out; this test refuses any release that brings the bug back.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

pytestmark = pytest.mark.gui


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_qt_calls_do_not_leak_references_to_none(qtbot: QtBot, qapp: QApplication) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(200):
        label.setEnabled(True)
        label.setText("x")
    assert abs(sys.getrefcount(None) - before) < 50
