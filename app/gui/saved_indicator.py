"""A quiet "✓ Saved" that fades in when an answer is stored, then fades out."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QEvent, QPropertyAnimation, QTimer
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QWidget

from app.gui.look import SUCCESS, set_role
from app.gui.translation import is_language_change
from app.i18n import _

VISIBLE_MS = 2500
FADE_MS = 400


class SavedIndicator(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "small")
        self.setStyleSheet(f"color: {SUCCESS};")
        self._effect = QGraphicsOpacityEffect(self)
        self._effect.setOpacity(0.0)
        self.setGraphicsEffect(self._effect)
        self._fade = QPropertyAnimation(self._effect, b"opacity", self)
        self._fade.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self._hide_timer = QTimer(self, singleShot=True, interval=VISIBLE_MS)
        self._hide_timer.timeout.connect(self.on_hide_timer_timeout)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText("✓ " + _("Saved"))
        self.setAccessibleName(_("Save status"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    @property
    def shown(self) -> bool:
        return self._hide_timer.isActive() or self._effect.opacity() > 0.0

    def flash(self) -> None:
        self._animate(1.0)
        self._hide_timer.start()

    def on_hide_timer_timeout(self) -> None:
        self._animate(0.0)

    def _animate(self, target: float) -> None:
        self._fade.stop()
        self._fade.setDuration(FADE_MS)
        self._fade.setStartValue(self._effect.opacity())
        self._fade.setEndValue(target)
        self._fade.start()
