"""The actions a payload kind's editor binds (the target group's Plan periods), across kind switches.

An action is connected once, to a dispatcher that calls the handler the current kind bound; when
another kind's editor takes over, its handlers replace the old ones and the actions it does not
bind are disabled (a promotion has no Plan periods of its own unless its editor binds one).
"""

from __future__ import annotations

from collections.abc import Callable

from app.ui.window.actions import Actions


class KindActions:
    def __init__(self, actions: Actions) -> None:
        self._actions = actions
        self._connected: set[str] = set()
        self._handlers: dict[str, Callable[[], object]] = {}
        self._texts: dict[str, str] = {}  # the declared texts, put back when another kind takes over
        self._titles: dict[str, str] = {}

    def bind(self, action_id: str, handler: Callable[[], object], text: str | None = None) -> object:
        """Bind an action to the current kind's handler (enabling it), in the kind's words if given."""
        self._handlers[action_id] = handler
        action = self._actions[action_id]
        self._texts.setdefault(action_id, action.text())
        if text is not None:
            action.setText(text)
            plain = text.replace("&", "").rstrip("…")
            action.setToolTip(plain)
            action.setStatusTip(plain)
        if action_id not in self._connected:
            self._connected.add(action_id)
            self._actions.bind(action_id, lambda: self._run(action_id))
        action.setEnabled(True)
        return action

    def title_menu(self, menu_id: str, title: str) -> None:
        """Name a menu in the kind's words ("Cycles" where a target group says "Periods")."""
        menu = self._actions.menu(menu_id)
        self._titles.setdefault(menu_id, menu.title())
        menu.setTitle(title)

    def reset(self) -> None:
        """Another kind takes over: forget the handlers and disable their actions until bound again;
        the declared texts and menu titles come back."""
        self._handlers.clear()
        for action_id in self._connected:
            self._actions[action_id].setEnabled(False)
        for action_id, text in self._texts.items():
            action = self._actions[action_id]
            action.setText(text)
            plain = text.replace("&", "").rstrip("…")
            action.setToolTip(plain)
            action.setStatusTip(plain)
        for menu_id, title in self._titles.items():
            self._actions.menu(menu_id).setTitle(title)

    def _run(self, action_id: str) -> None:
        handler = self._handlers.get(action_id)
        if handler is not None:
            handler()
