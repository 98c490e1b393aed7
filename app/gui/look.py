"""The look: a calm palette, one style sheet, and text roles sized relative to the system font.

No pixel font sizes anywhere: a role's font is the application font times a factor, and
spacing in the style sheet is in ``em``, so 125–150 % scaling and large system fonts just work.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

from app.gui.wrap_label import WrapLabel

ACCENT: Final = "#1d6a80"
ACCENT_DARK: Final = "#14505f"
ACCENT_LIGHT: Final = "#e2f0f4"
BACKGROUND: Final = "#f3f5f7"
CARD: Final = "#ffffff"
BORDER: Final = "#d6dde3"
TEXT: Final = "#1d2830"
MUTED: Final = "#56656f"
DANGER: Final = "#a8322b"
WARNING: Final = "#a15c00"
SUCCESS: Final = "#2c7a3f"

# role: (size factor, bold)
ROLES: Final[dict[str, tuple[float, bool]]] = {
    "title": (1.55, True),
    "heading": (1.2, True),
    "question": (1.3, True),
    "score": (3.0, True),
    "body": (1.0, False),
    "muted": (1.0, False),
    "small": (0.9, False),
    "badge": (0.9, True),
}


def score_color(score: float | None) -> QColor:
    """Red below 35, amber below 55, teal below 75, green above: the maturity bands."""
    if score is None:
        return QColor(BORDER)
    if score < 35:
        return QColor(DANGER)
    if score < 55:
        return QColor(WARNING)
    if score < 75:
        return QColor(ACCENT)
    return QColor(SUCCESS)


def relative_font(factor: float, bold: bool = False, base: QFont | None = None) -> QFont:
    font = QFont(base if base is not None else QApplication.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    return font


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget a text role: its font, and a ``role`` property the style sheet can match."""
    factor, bold = ROLES[role]
    widget.setProperty("role", role)
    widget.setFont(relative_font(factor, bold))


def label(role: str = "body", text: str = "", wrap: bool = True) -> QLabel:
    """A label in a text role; a wrapped one keeps its height per width (``WrapLabel``)."""
    widget = WrapLabel(text) if wrap else QLabel(text)
    widget.setWordWrap(wrap)
    set_role(widget, role)
    return widget


def card(name: str = "card") -> tuple[QFrame, QVBoxLayout]:
    """A framed panel: ``card`` (white), ``tip`` (light accent) or ``warning`` (amber)."""
    frame = QFrame()
    frame.setObjectName(name)
    layout = QVBoxLayout(frame)
    em = frame.fontMetrics().height()
    layout.setContentsMargins(em, em * 3 // 4, em, em * 3 // 4)
    layout.setSpacing(em // 2)
    return frame, layout


def stylesheet() -> str:
    return f"""
QMainWindow, QStackedWidget > QWidget, QScrollArea > QWidget > QWidget#page {{
    background: {BACKGROUND};
}}
QWidget {{ color: {TEXT}; }}
QLabel[role="muted"], QLabel[role="small"] {{ color: {MUTED}; }}
QLabel[role="title"], QLabel[role="heading"] {{ color: {ACCENT_DARK}; }}
QFrame#card {{
    background: {CARD}; border: 1px solid {BORDER}; border-radius: 0.4em;
}}
QFrame#card QLabel {{ background: transparent; }}
QFrame#tip {{
    background: {ACCENT_LIGHT}; border: none; border-radius: 0.4em;
}}
QFrame#tip QLabel {{ background: transparent; }}
QFrame#warning {{
    background: #fdf3e6; border: 1px solid #efd3ad; border-radius: 0.4em;
}}
QFrame#warning QLabel {{ background: transparent; }}
QPushButton {{
    padding: 0.35em 1.1em; border: 1px solid {BORDER}; border-radius: 0.3em;
    background: {CARD};
}}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton:disabled {{ color: #9aa6ae; background: #eef1f3; }}
QPushButton[primary="true"] {{
    background: {ACCENT}; color: white; border: 1px solid {ACCENT_DARK}; font-weight: bold;
}}
QPushButton[primary="true"]:hover {{ background: {ACCENT_DARK}; }}
QPushButton[primary="true"]:focus {{ border: 2px solid {TEXT}; }}
QPushButton[primary="true"]:disabled {{
    background: #9fbcc5; color: #eef4f6; border: 1px solid #9fbcc5;
}}
QPushButton#answer {{
    text-align: left; padding: 0; border: 1px solid {BORDER}; border-radius: 0.4em;
    background: {CARD};
}}
QPushButton#answer:hover {{ border-color: {ACCENT}; background: #f7fbfc; }}
QPushButton#answer:checked {{ border: 2px solid {ACCENT}; background: {ACCENT_LIGHT}; }}
QPushButton#answer:focus {{ border: 1px dashed {ACCENT_DARK}; }}
QPushButton#answer:checked:focus {{ border: 2px solid {ACCENT_DARK}; }}
QPushButton#answer[special="true"] {{ background: #f7f8f9; }}
QPushButton#answer[special="true"]:checked {{ background: {ACCENT_LIGHT}; }}
QPushButton#verdict {{ text-align: left; padding: 0.35em 0.8em; }}
QPushButton#verdict:checked {{ font-weight: bold; }}
QPushButton#verdict[verdict="confirmed"]:checked {{
    background: #e3f1e6; border: 2px solid {SUCCESS};
}}
QPushButton#verdict[verdict="disputed"]:checked {{
    background: #f8e4e2; border: 2px solid {DANGER};
}}
QPushButton#verdict[verdict="evidence_needed"]:checked {{
    background: #fdf3e6; border: 2px solid {WARNING};
}}
QLabel#digit {{
    border: 1px solid {BORDER}; border-radius: 0.3em; color: {MUTED}; background: {BACKGROUND};
    padding: 0 0.4em;
}}
QToolButton#nav {{
    padding: 0.4em 0.9em; border: none; border-bottom: 3px solid transparent;
}}
QToolButton#nav:checked {{
    border-bottom: 3px solid {ACCENT}; color: {ACCENT_DARK}; font-weight: bold;
}}
QToolButton#nav:hover {{ background: {ACCENT_LIGHT}; }}
QToolButton#nav:disabled {{ color: #a3adb4; }}
QWidget#navbar {{ background: {CARD}; border-bottom: 1px solid {BORDER}; }}
QListView, QTableView, QPlainTextEdit, QLineEdit {{
    background: {CARD}; border: 1px solid {BORDER}; border-radius: 0.3em;
}}
QLineEdit {{ padding: 0.2em 0.3em; }}
QPlainTextEdit:focus, QLineEdit:focus {{ border: 2px solid {ACCENT}; }}
QListView#themes {{ border: none; background: {CARD}; }}
QWidget#side {{ background: {CARD}; border-right: 1px solid {BORDER}; }}
QTableView {{ gridline-color: #e8ecef; selection-background-color: {ACCENT_LIGHT};
    selection-color: {TEXT}; }}
QHeaderView::section {{ background: {BACKGROUND}; border: none;
    border-bottom: 1px solid {BORDER}; padding: 0.3em 0.5em; font-weight: bold; }}
QProgressBar {{ border: none; background: #e3e8ec; border-radius: 0.25em; text-align: center;
    max-height: 0.6em; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 0.25em; }}
QStatusBar {{ background: {CARD}; border-top: 1px solid {BORDER}; }}
QScrollArea {{ border: none; background: transparent; }}
"""


def apply_look(application: QApplication) -> None:
    application.setStyle("Fusion")
    application.setStyleSheet(stylesheet())


def set_text(widget: QLabel, text: str) -> None:
    """``setText`` only when the text differs: setting the same text again still makes a
    wrapped label measure itself and its layout settle again (a frame's worth at each move)."""
    if widget.text() != text:
        widget.setText(text)
