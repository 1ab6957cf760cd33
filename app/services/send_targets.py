"""Where each payload kind is sent and how its answer is read: the services half of a document kind.

A :class:`SendTarget` names the create endpoint, what one created thing is called, how its id is
read from the answer's ``data``, and the error code for a name that is taken. Send, Copy as curl,
the history and bulk runs look the target up by the kind's name (:func:`target_for`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.domain.kind_folders import SEND_TARGET, builtin_kinds, kind_module


def _int_id(data: Any) -> int | str | None:
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _top_name(data: Any) -> Any:
    return data.get("name") if isinstance(data, dict) else None


@dataclass(frozen=True)
class SendTarget:
    kind: str
    path: str
    what: str
    name_taken_code: int | None
    created_id: Callable[[Any], int | str | None] = _int_id
    #: The API can say whether a name is free before sending (``isValidName``).
    name_check: bool = False
    #: Where the created thing's name is in the answer's ``data``.
    name_in_answer: Callable[[Any], Any] = _top_name
    #: For a kind with no name check: (client, name) -> (exists, id), ``None`` when unknown.
    find_by_name: Callable[[Any, str], tuple[bool, str | None] | None] | None = None

    def created_name(self, data: Any, fallback: str) -> str:
        return str(self.name_in_answer(data) or fallback)


_TARGETS: dict[str, SendTarget] = {}


def register_target(target: SendTarget) -> SendTarget:
    _TARGETS[target.kind] = target
    return target


def target_for(kind: str) -> SendTarget:
    """The send target of a kind (by the kind's name). A built-in kind's comes from its folder's
    ``target`` module, imported when first asked for: a target-group run never loads the
    promotions' service.

    Raises:
        KeyError: no kind of that name has a send target.
    """
    if kind not in _TARGETS and kind in builtin_kinds():
        import importlib

        importlib.import_module(kind_module(SEND_TARGET, kind))
    return _TARGETS[kind]
