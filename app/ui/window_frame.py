"""The main window's frame: actions, menus, toolbar and the empty tabs and splitters.

The frame needs nothing but Qt, so the window can be on screen before pydantic, the
domain and the forms are imported; :meth:`app.ui.main_window.MainWindow.finish_building`
then puts the real tabs, preview and problems into it right after the first paint. Every
action starts disabled and the tab pages are empty placeholders, so nothing can be clicked
or typed into a window that is not built yet.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QSplitter, QStyle, QTabWidget, QToolBar, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from app.domain.problems import Problem
    from app.ui.document import PayloadDocument
    from app.ui.main_window import MainWindow

TAB_NAMES = {"group": "Group", "periods": "Periods", "targets": "Targets"}

# Nothing here touches the ``Qt`` namespace: its first use makes PySide6 create all of its
# ~100 enums (some 17 ms), which is left until after the first paint. The two enum values
# the frame needs are set through Qt properties, by number.
_QT_VERTICAL = 2  # Qt::Vertical
_QT_TOOL_BUTTON_TEXT_BESIDE_ICON = 2  # Qt::ToolButtonTextBesideIcon

#: If the window gets no paint event (minimised, hidden), build it anyway after this long.
BUILD_FALLBACK_MS = 300


class FrameParts:
    """What :func:`build_actions` puts on the window (declared for readers and type checkers)."""

    new_action: QAction
    open_action: QAction
    save_action: QAction
    save_as_action: QAction
    quit_action: QAction
    undo_action: QAction
    redo_action: QAction
    copy_json_action: QAction
    copy_curl_action: QAction
    edit_json_action: QAction
    plan_action: QAction
    file_menu: QMenu
    recent_menu: QMenu
    edit_menu: QMenu
    periods_menu: QMenu
    toolbar: QToolBar


def make_action(
    window: MainWindow, text: str, slot: Callable[[], Any], keys: Any = None, icon: Any = None, tip: str = ""
) -> QAction:
    """A disabled action (enabled once the window is built) with shortcuts, icon and tips."""
    action = QAction(text, window)
    if keys is not None:
        action.setShortcuts(keys if isinstance(keys, list) else [QKeySequence(keys)])
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    action.setStatusTip(tip or text.rstrip("…"))
    action.setToolTip(tip or text.rstrip("…"))
    action.triggered.connect(lambda _checked=False: slot())
    action.setEnabled(False)
    return action


def build_actions(window: MainWindow) -> list[QAction]:
    """The window's actions, menus and toolbar; returns the actions to enable once built.

    Undo and Redo are plain actions here (the undo stack does not exist yet);
    :func:`bind_undo_actions` ties them to the stack later.
    """
    pix = QStyle.StandardPixmap
    act = make_action
    w = window
    w.new_action = act(w, "&New", w.new_file, "Ctrl+N", pix.SP_FileIcon, "Start a new payload")
    w.open_action = act(w, "&Open…", w.open_file, "Ctrl+O", pix.SP_DialogOpenButton)
    w.save_action = act(w, "&Save", w.save, "Ctrl+S", pix.SP_DialogSaveButton)
    w.save_as_action = act(w, "Save &As…", w.save_as, "Ctrl+Shift+S")
    w.quit_action = act(w, "&Quit", w.close, "Ctrl+Q")
    w.undo_action = act(w, "&Undo", lambda: None, "Ctrl+Z", pix.SP_ArrowBack, "Undo")
    w.redo_action = act(
        w, "&Redo", lambda: None, [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")], pix.SP_ArrowForward
    )
    w.copy_json_action = act(
        w, "Copy &JSON", w.copy_json, "Ctrl+Shift+C", pix.SP_FileDialogDetailedView, "Copy the JSON"
    )
    w.copy_curl_action = act(
        w, "Copy as &curl", w.copy_curl, None, pix.SP_CommandLink, "Copy a curl command (no secrets)"
    )
    w.edit_json_action = act(
        w, "&Edit JSON…", w.edit_json, "Ctrl+E", pix.SP_FileDialogContentsView, "Paste or edit raw JSON"
    )
    w.plan_action = act(
        w, "&Plan periods…", w.plan_periods, "Ctrl+P", pix.SP_FileDialogListView, "Plan the periods"
    )
    menu = w.menuBar()
    w.file_menu = menu.addMenu("&File")
    w.file_menu.addActions([w.new_action, w.open_action])
    w.recent_menu = w.file_menu.addMenu("Open &Recent")
    w.recent_menu.aboutToShow.connect(w._fill_recent_menu)
    w.file_menu.addActions([w.save_action, w.save_as_action])
    w.file_menu.addSeparator()
    w.file_menu.addAction(w.quit_action)
    w.edit_menu = menu.addMenu("&Edit")
    w.edit_menu.addActions([w.undo_action, w.redo_action])
    w.edit_menu.addSeparator()
    w.edit_menu.addActions([w.copy_json_action, w.copy_curl_action, w.edit_json_action])
    w.periods_menu = menu.addMenu("&Periods")
    w.periods_menu.addAction(w.plan_action)
    toolbar = w.addToolBar("Main")
    assert isinstance(toolbar, QToolBar)
    w.toolbar = toolbar
    toolbar.setObjectName("mainToolbar")
    toolbar.setProperty("toolButtonStyle", _QT_TOOL_BUTTON_TEXT_BESIDE_ICON)
    toolbar.addActions([w.new_action, w.open_action, w.save_action])
    toolbar.addSeparator()
    toolbar.addActions([w.undo_action, w.redo_action])
    toolbar.addSeparator()
    toolbar.addActions([w.edit_json_action, w.copy_json_action, w.copy_curl_action])
    toolbar.addAction(w.plan_action)
    return [
        w.new_action,
        w.open_action,
        w.save_action,
        w.save_as_action,
        w.quit_action,
        w.copy_json_action,
        w.copy_curl_action,
        w.edit_json_action,
    ]


class _StackActionText(QObject):
    """Keeps an action's text as "<verb> <command>" (a child of the action: dies with it)."""

    def __init__(self, action: QAction, verb: str) -> None:
        super().__init__(action)
        self._action = action
        self._verb = verb

    def show(self, command: str) -> None:
        self._action.setText(f"{self._verb} {command}".rstrip())


def bind_undo_actions(undo: QAction, redo: QAction, stack: QUndoStack) -> None:
    """Make two plain actions behave like ``stack.createUndoAction``/``createRedoAction``."""
    undo.triggered.disconnect()
    redo.triggered.disconnect()
    undo.triggered.connect(stack.undo)
    redo.triggered.connect(stack.redo)
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.canRedoChanged.connect(redo.setEnabled)
    stack.undoTextChanged.connect(_StackActionText(undo, "&Undo").show)
    stack.redoTextChanged.connect(_StackActionText(redo, "&Redo").show)
    undo.setEnabled(stack.canUndo())
    redo.setEnabled(stack.canRedo())


def optional_tab(module: str, name: str, document: PayloadDocument, parent: QWidget) -> QWidget:
    """A tab built by another module, or a placeholder while that module does not exist yet."""
    try:
        cls = getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        return QLabel(f"{name.removesuffix('Tab')} editor is not available.", parent)
    widget: QWidget = cls(document, parent)
    return widget


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
    from app.ui.problem_marks import severity_icon, worst_severity

    errors, warnings = count_by_severity(problems)
    tabs.setTabText(index, f"{title} ({len(problems)})" if problems else title)
    severity = worst_severity(problems)
    tabs.setTabIcon(index, severity_icon(severity) if severity else QIcon())
    tabs.setTabToolTip(index, f"{errors} error(s), {warnings} warning(s)")


class TabPages(QObject):
    """The window's tab pages by key, each built the first time it is shown or asked for.

    A page that is not on screen needs neither its imports nor its widgets for the window
    to be usable, so Periods and Targets are made when the operator opens them, a problem in
    them is shown, or code asks for them (``pages["targets"]``). The tab titles (with their
    problem counts) belong to the tab bar and never wait for a page; the problems of a page
    not built yet are kept and handed to it (``show_problems``) as soon as it exists.

    Args:
        tabs: the tab widget, holding one placeholder page per key, in order.
        factories: how to make each page.
        on_built: called with the key and the page once a page has taken its placeholder's place.
    """

    def __init__(
        self,
        tabs: QTabWidget,
        factories: dict[str, Callable[[], QWidget]],
        on_built: Callable[[str, QWidget], None],
    ) -> None:
        super().__init__(tabs)
        self._tabs = tabs
        self._factories = factories
        self._on_built = on_built
        self._pages: dict[str, QWidget] = {}
        self._problems: dict[str, list[Problem]] = {}
        self._replacing = False
        tabs.currentChanged.connect(self._shown)
        self._shown(tabs.currentIndex())  # the page on screen (a restored layout may show any)

    def __getitem__(self, key: str) -> QWidget:
        return self.page(key)

    def page(self, key: str) -> QWidget:
        """The page of ``key``, built now if it was not yet."""
        page = self._pages.get(key)
        if page is None:
            page = self._factories[key]()
            self._pages[key] = page
            self._replacing = True  # removing the placeholder moves the current tab for a moment
            try:
                replace_tab_page(self._tabs, self.index(key), page)
            finally:
                self._replacing = False
            self._hand_problems(key, page)
            self._on_built(key, page)
        return page

    def index(self, key: str) -> int:
        return list(self._factories).index(key)

    def built_pages(self) -> dict[str, QWidget]:
        """The pages made so far (asking for the others would build them)."""
        return dict(self._pages)

    def show_problems(self, by_key: dict[str, list[Problem]]) -> None:
        """Mark each built page with its problems; keep them for the pages to come."""
        self._problems = by_key
        for key, page in self._pages.items():
            self._hand_problems(key, page)

    def _hand_problems(self, key: str, page: QWidget) -> None:
        show = getattr(page, "show_problems", None)
        if show is not None and key in self._problems:
            show(self._problems[key])

    def _shown(self, index: int) -> None:
        keys = list(self._factories)
        if not self._replacing and 0 <= index < len(keys):
            self.page(keys[index])


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
