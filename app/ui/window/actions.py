"""The window's actions, menus and toolbar, built from :mod:`app.ui.window.menu_structure`.

Every action starts disabled. The feature that owns it calls :meth:`Actions.bind` with its
handler, which connects and enables it; a checkable action's state is restored from and saved
to the window settings under its declared key. Undo and Redo keep fixed labels (so the toolbar
does not move); what they would undo or redo is in their tooltips.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QMenu, QStyle, QToolBar, QWidget

from app.ui.window import icons
from app.ui.window.menu_structure import ACTIONS, MENUS, SEPARATOR, TOOLBAR, ActionSpec, Slot, Submenu

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QUndoStack

# Touching the ``Qt`` namespace makes PySide6 create all of its enums (some 17 ms); the frame is
# built before the first paint, so the one value it needs is set through a Qt property, by number.
_QT_TOOL_BUTTON_TEXT_BESIDE_ICON = 2  # Qt::ToolButtonTextBesideIcon


class Actions(QObject):
    """Every action of one window by id, its menus, submenus and toolbar slots."""

    def __init__(self, window: QMainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._actions: dict[str, QAction] = {spec.id: self._make(spec) for spec in ACTIONS}
        self._specs = {spec.id: spec for spec in ACTIONS}
        self._menus: dict[str, QMenu] = {}
        self._submenus: dict[str, QMenu] = {}
        self._slots: dict[str, QWidget] = {}
        bar = window.menuBar()
        for menu_id, title, items in MENUS:
            menu = bar.addMenu(title)
            menu.setObjectName(f"{menu_id}Menu")
            self._menus[menu_id] = menu
            for item in items:
                if item == SEPARATOR:
                    menu.addSeparator()
                elif isinstance(item, Submenu):
                    submenu = menu.addMenu(item.title)
                    submenu.setObjectName(f"{item.id}Menu")
                    submenu.setEnabled(False)
                    self._submenus[item.id] = submenu
                else:
                    menu.addAction(self._actions[str(item)])
        toolbar = window.addToolBar("Main")
        assert isinstance(toolbar, QToolBar)
        toolbar.setObjectName("mainToolbar")
        toolbar.setProperty("toolButtonStyle", _QT_TOOL_BUTTON_TEXT_BESIDE_ICON)
        self.toolbar = toolbar
        for entry in TOOLBAR:
            if entry == SEPARATOR:
                toolbar.addSeparator()
            elif isinstance(entry, Slot):
                toolbar.addWidget(self._slot(entry))
            else:
                toolbar.addAction(self._actions[str(entry)])

    def _make(self, spec: ActionSpec) -> QAction:
        action = QAction(spec.text, self._window)
        action.setObjectName(f"{spec.id}Action")
        if spec.keys:
            action.setShortcuts([QKeySequence(key) for key in spec.keys])
        if spec.icon and spec.icon.startswith(icons.PREFIX):
            action.setIcon(icons.drawn_icon(spec.icon.removeprefix(icons.PREFIX)))
        elif spec.icon:
            action.setIcon(self._window.style().standardIcon(getattr(QStyle.StandardPixmap, spec.icon)))
        tip = spec.tip or spec.text.replace("&", "").rstrip("…")
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.setCheckable(spec.checkable)
        action.setEnabled(False)
        return action

    def _slot(self, slot: Slot) -> QWidget:
        holder = QWidget(self._window)
        holder.setObjectName(f"{slot.id}Slot")
        layout = QHBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        if slot.label:
            layout.addWidget(QLabel(slot.label, holder))
        self._slots[slot.id] = holder
        return holder

    def __getitem__(self, action_id: str) -> QAction:
        return self._actions[action_id]

    def ids(self) -> list[str]:
        return list(self._actions)

    def bind(self, action_id: str, handler: Callable[..., Any]) -> QAction:
        """Connect an action to its handler and enable it.

        A plain action calls ``handler()``; a checkable one calls ``handler(checked)`` when
        toggled, starts from the state stored under its setting, and stores every change.
        """
        action = self._actions[action_id]
        spec = self._specs[action_id]
        if spec.checkable:
            if spec.setting:
                action.setChecked(self._settings.value(spec.setting, spec.checked) in (True, "true"))
            else:
                action.setChecked(spec.checked)
            action.toggled.connect(lambda checked: self._toggled(spec, checked, handler))
        else:
            action.triggered.connect(lambda _checked=False: handler())
        action.setEnabled(True)
        return action

    def _toggled(self, spec: ActionSpec, checked: bool, handler: Callable[[bool], Any]) -> None:
        if spec.setting:
            self._settings.setValue(spec.setting, checked)
        handler(checked)

    def menu(self, menu_id: str) -> QMenu:
        return self._menus[menu_id]

    def submenu(self, submenu_id: str) -> QMenu:
        """A submenu declared in the structure, for its feature to fill (it is enabled here)."""
        menu = self._submenus[submenu_id]
        menu.setEnabled(True)
        return menu

    def slot(self, slot_id: str) -> QWidget:
        """A toolbar place declared in the structure; put the feature's widget in its layout."""
        return self._slots[slot_id]

    def fill_slot(self, slot_id: str, widget: QWidget) -> None:
        holder = self._slots[slot_id]
        layout = holder.layout()
        assert layout is not None
        layout.addWidget(widget)
        labels = holder.findChildren(QLabel)
        if labels:
            labels[0].setBuddy(widget)


class _StackTip(QObject):
    """Keeps an action's tooltip as "<verb> <command>" (a child of the action: dies with it)."""

    def __init__(self, action: QAction, verb: str) -> None:
        super().__init__(action)
        self._action = action
        self._verb = verb

    def show(self, command: str) -> None:
        text = f"{self._verb} {command}".strip() if command else f"Nothing to {self._verb.lower()}"
        self._action.setToolTip(text)
        self._action.setStatusTip(text)


def bind_undo_actions(undo: QAction, redo: QAction, stack: QUndoStack) -> None:
    """Make the Undo and Redo actions work on ``stack`` with fixed labels and the command in the tooltip."""
    undo.triggered.connect(stack.undo)
    redo.triggered.connect(stack.redo)
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.canRedoChanged.connect(redo.setEnabled)
    stack.undoTextChanged.connect(_StackTip(undo, "Undo").show)
    stack.redoTextChanged.connect(_StackTip(redo, "Redo").show)
    undo.setEnabled(stack.canUndo())
    redo.setEnabled(stack.canRedo())
    _StackTip(undo, "Undo").show(stack.undoText())
    _StackTip(redo, "Redo").show(stack.redoText())
