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

    def bind(self, action_id: str, handler: Callable[[], object]) -> object:
        """Bind an action to the current kind's handler (enabling it)."""
        self._handlers[action_id] = handler
        action = self._actions[action_id]
        if action_id not in self._connected:
            self._connected.add(action_id)
            self._actions.bind(action_id, lambda: self._run(action_id))
        action.setEnabled(True)
        return action

    def reset(self) -> None:
        """Another kind takes over: forget the handlers and disable their actions until bound again."""
        self._handlers.clear()
        for action_id in self._connected:
            self._actions[action_id].setEnabled(False)

    def _run(self, action_id: str) -> None:
        handler = self._handlers.get(action_id)
        if handler is not None:
            handler()
