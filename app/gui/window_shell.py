"""The window's frame: the navigation bar, the stack of pages with the start page, the menus and
the status line. It needs no storage and imports none, so that ``app.gui.startup`` can paint it
before the database is opened; ``MainWindow`` (main_window.py) wires it to its store."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QToolButton, QVBoxLayout, QWidget

from app.gui.pages import Page
from app.gui.settings import AppSettings
from app.gui.start_page import StartPage
from app.gui.translation import LanguageSwitcher
from app.gui.window_menus import WindowMenus
from app.gui.window_nav import NavBar


class WindowShell(QMainWindow):
    def _build_shell(self, settings: AppSettings, switcher: LanguageSwitcher | None,
                     show_page: Callable[[Page], None]) -> None:
        self._settings = settings
        self._switcher = switcher or LanguageSwitcher()
        # Top-down: each widget joins a finished hierarchy and is styled once (a subtree
        # added to a parent, then to the window, is styled again at every level).
        em = self.fontMetrics().height()
        central = QWidget()
        self.setCentralWidget(central)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._nav = NavBar(show_page, em, central)
        self._nav.button(Page.START).setChecked(True)
        layout.addWidget(self._nav)
        self._stack = QStackedWidget(central)
        layout.addWidget(self._stack, 1)
        self._start = StartPage(None, "", self._stack)
        self._stack.addWidget(self._start)
        for _page in list(Page)[1:]:
            self._stack.addWidget(QWidget(self._stack))
        self._status = QLabel()
        self.statusBar().addWidget(self._status, 1)
        self._menus = WindowMenus(self)
        geometry = settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(em * 70, em * 42)

    @property
    def settings(self) -> AppSettings:
        return self._settings

    @property
    def start_page(self) -> StartPage:
        return self._start

    def current_page(self) -> Page:
        return Page(self._stack.currentIndex())

    def nav_button(self, page: Page) -> QToolButton:
        return self._nav.button(page)
