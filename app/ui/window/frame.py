"""The main window's frame: the tab pages, titled boxes, splitters and the first-paint hook.

The frame needs nothing but Qt, so the window can be on screen before pydantic, the domain
and the forms are imported; :meth:`app.ui.window.main_window.MainWindow.finish_building` then
puts the real pages, preview and problems into it right after the first paint. The tab pages
are empty placeholders until then, so nothing can be typed into a window that is not built.
(The actions, menus and toolbar are :mod:`app.ui.window.actions`.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.ui.widgets.wheel_guard import guard_wheels

if TYPE_CHECKING:
    from app.domain.problems import Problem
    from app.ui.document.document import PayloadDocument
    from app.ui.document.kind import EditorKind, EditorPage, TabSpec

# Nothing here touches the ``Qt`` namespace: its first use makes PySide6 create all of its
# ~100 enums (some 17 ms), which is left until after the first paint. The one enum value the
# frame needs is set through a Qt property, by number.
_QT_VERTICAL = 2  # Qt::Vertical

#: If the window gets no paint event (minimised, hidden), build it anyway after this long.
BUILD_FALLBACK_MS = 300


def placeholder_page(parent: QWidget) -> QWidget:
    """An empty, disabled tab page shown for the instant before the real form exists."""
    page = QWidget(parent)
    page.setEnabled(False)
    return page


def vertical_splitter(parent: QWidget) -> QSplitter:
    splitter = QSplitter(parent=parent)  # QSplitter(parent) would try it as a Qt.Orientation first
    splitter.setProperty("orientation", _QT_VERTICAL)
    return splitter


def replace_tab_page(tabs: QTabWidget, index: int, widget: QWidget) -> None:
    """Put ``widget`` in place of the page at ``index``, keeping its title, icon, tip and the current tab."""
    current = tabs.currentIndex()
    old = tabs.widget(index)
    title, icon, tip = tabs.tabText(index), tabs.tabIcon(index), tabs.tabToolTip(index)
    tabs.removeTab(index)
    tabs.insertTab(index, widget, icon, title)
    tabs.setTabToolTip(index, tip)
    tabs.setCurrentIndex(current)
    if old is not None:
        old.deleteLater()


def label_tab(tabs: QTabWidget, index: int, title: str, problems: list[Problem]) -> None:
    """A tab's title with its problem count, the worst severity's icon and the counts as a tip."""
    from PySide6.QtGui import QIcon

    from app.domain.problems import count_by_severity
    from app.ui.widgets.problem_marks import severity_icon, worst_severity

    errors, warnings = count_by_severity(problems)
    severity = worst_severity(problems)
    text = f"{title} ({len(problems)})" if problems else title
    tip = f"{errors} error(s), {warnings} warning(s)"
    state = severity.value if severity else ""
    # Every check of the payload comes here; an unchanged label is left alone (a new text lays
    # the tab bar out again).
    if tabs.tabText(index) != text:
        tabs.setTabText(index, text)
    if tabs.tabToolTip(index) != tip:
        tabs.setTabToolTip(index, tip)
    bar = tabs.tabBar()
    if bar.tabData(index) != state:
        bar.setTabData(index, state)
        tabs.setTabIcon(index, severity_icon(severity) if severity else QIcon())


class TabPages(QObject):
    """The window's tab pages by key, each built the first time it is shown or asked for.

    A page that is not on screen needs neither its imports nor its widgets for the window to
    be usable, so later pages are made when the operator opens them, a problem in them is
    shown, or code asks for them (``pages["targets"]``). Problems come straight from the
    document: each refresh is split by the kind's ``tab_of`` and handed to the built pages (the
    others get theirs when made), and every tab title counts its problems at once.

    Args:
        tabs: the tab widget, holding one placeholder page per tab of the kind, in order.
        document: the document whose problems the pages show.
        kind: the editor kind (its tabs and ``tab_of``).
        make: builds a page from its :class:`~app.ui.document.kind.TabSpec`.
    """

    def __init__(
        self,
        tabs: QTabWidget,
        document: PayloadDocument,
        kind: EditorKind,
        make: Callable[[TabSpec], QWidget],
    ) -> None:
        super().__init__(tabs)
        self._tabs = tabs
        self._document = document
        self._kind = kind
        self._specs = {spec.key: spec for spec in kind.tabs}
        self._make = make
        self._pages: dict[str, QWidget] = {}
        self._problems: dict[str, list[Problem]] = {key: [] for key in self._specs}
        self._replacing = False
        tabs.currentChanged.connect(self._shown)
        document.refreshed.connect(self._refreshed)
        self._shown(tabs.currentIndex())  # the page on screen (a restored layout may show any)

    def __getitem__(self, key: str) -> QWidget:
        return self.page(key)

    def page(self, key: str) -> QWidget:
        """The page of ``key``, built now if it was not yet."""
        page = self._pages.get(key)
        if page is None:
            page = self._make(self._specs[key])
            self._pages[key] = page
            self._replacing = True  # removing the placeholder moves the current tab for a moment
            try:
                replace_tab_page(self._tabs, self.index(key), page)
            finally:
                self._replacing = False
            self._hand_problems(key, page)
            guard_wheels(page)
        return page

    def show_page(self, key: str) -> QWidget:
        page = self.page(key)
        self._tabs.setCurrentWidget(page)
        return page

    def focus(self, key: str, path: str) -> bool:
        """Put the focus on the field or cell of ``path`` in the page of ``key``."""
        return _as_page(self.page(key)).focus_path(path)

    def dispose(self) -> None:
        """Another kind's pages take over: stop following the document and delete the pages now.

        The pages are deleted at once (not later), so none of them reads the next kind's model.
        """
        import shiboken6

        self._document.refreshed.disconnect(self._refreshed)
        self._tabs.currentChanged.disconnect(self._shown)
        for page in self._pages.values():
            if shiboken6.isValid(page):
                shiboken6.delete(page)
        self._pages.clear()

    def index(self, key: str) -> int:
        return list(self._specs).index(key)

    def built_pages(self) -> dict[str, QWidget]:
        """The pages made so far (asking for the others would build them)."""
        return dict(self._pages)

    def _refreshed(self, _json_text: str, problems: list[Problem]) -> None:
        by_key: dict[str, list[Problem]] = {key: [] for key in self._specs}
        for problem in problems:
            by_key.setdefault(self._kind.tab_of(problem.path), []).append(problem)
        self._problems = by_key
        for key, page in self._pages.items():
            self._hand_problems(key, page)
        for key, spec in self._specs.items():
            label_tab(self._tabs, self.index(key), spec.title, by_key[key])

    def _hand_problems(self, key: str, page: QWidget) -> None:
        _as_page(page).show_problems(self._problems.get(key, []))

    def _shown(self, index: int) -> None:
        keys = list(self._specs)
        if not self._replacing and 0 <= index < len(keys):
            self.page(keys[index])


def _as_page(widget: QWidget) -> EditorPage:
    """A tab page as the :class:`~app.ui.document.kind.EditorPage` it must be (checked, not assumed)."""
    from app.ui.document.kind import EditorPage

    if not isinstance(widget, EditorPage):
        raise TypeError(f"{type(widget).__name__} is not an editor page (show_problems, focus_path)")
    return widget


class TitledBox(QWidget):
    """A bold caption over one widget, which may come later (:meth:`set_widget`)."""

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.box_layout = QVBoxLayout(self)
        self.box_layout.setContentsMargins(4, 4, 4, 0)
        self.caption = QLabel(f"<b>{title}</b>", self)
        self.box_layout.addWidget(self.caption)
        self.box_layout.addStretch(1)

    def set_widget(self, widget: QWidget) -> None:
        self.box_layout.takeAt(1)  # the stretch that held the place
        self.box_layout.addWidget(widget, 1)
        self.caption.setBuddy(widget)


class _FirstPaintWatcher(QObject):
    """Calls back once, on the event loop turn after the watched widget's first paint."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback = callback
        self._fired = False
        widget.installEventFilter(self)
        QTimer.singleShot(BUILD_FALLBACK_MS, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._fired:
            QTimer.singleShot(0, self._fire)  # let this paint reach the screen first
        return False

    def _fire(self) -> None:
        if not self._fired:
            self._fired = True
            self._widget.removeEventFilter(self)
            self._callback()


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run ``callback`` right after ``widget`` is first painted (or after a short fallback)."""
    _FirstPaintWatcher(widget, callback)
