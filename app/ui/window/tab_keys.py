"""Ctrl+Tab / Ctrl+Shift+Tab and Alt+1…n change the window's tab, and the focus follows.

The focus used to stay where it was (in the JSON preview, or in the table it had been in), so
the keyboard alone could not move on. Each switch now puts the focus on the tab's first field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QWidget

from app.ui.widgets.focus import focus_first_field


def _fixed(index: int) -> Callable[[], int]:
    return lambda: index


class TabKeys:
    """The tab-switching keys of one window.

    Args:
        tabs: the window's tab widget.
        show_page: shows the page of a tab index (building it if needed) and returns it.
    """

    def __init__(self, tabs: QTabWidget, show_page: Callable[[int], QWidget]) -> None:
        self._tabs = tabs
        self._show_page = show_page
        # The number of tabs is read at each press: it changes with the payload's kind.
        keys: list[tuple[str, Callable[[], int]]] = [
            ("Ctrl+Tab", lambda: (tabs.currentIndex() + 1) % max(tabs.count(), 1)),
            ("Ctrl+Shift+Tab", lambda: (tabs.currentIndex() - 1) % max(tabs.count(), 1)),
            ("Ctrl+Backtab", lambda: (tabs.currentIndex() - 1) % max(tabs.count(), 1)),
        ]
        keys += [(f"Alt+{n + 1}", _fixed(n)) for n in range(9)]
        self.shortcuts: list[QShortcut] = []
        for sequence, target in keys:
            shortcut = QShortcut(QKeySequence(sequence), tabs.window())
            shortcut.activated.connect(lambda target=target: self.show_tab(target()))
            self.shortcuts.append(shortcut)

    def show_tab(self, index: int) -> None:
        """Show tab ``index`` with the keyboard focus on its first field (nothing if there is none)."""
        if 0 <= index < self._tabs.count():
            focus_first_field(self._show_page(index))
