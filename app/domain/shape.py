"""Whether a JSON object has the shape of a payload kind, and what it looks like when it has not.

The API family answers many things that are not groups or promotions: channel lists, a member's
progress, leaderboard ranks, tracked events, communications. Converting one of them must be
refused, and the decision is made from the shape of the object against the kind's own model
(the fields it declares, the ones the server adds), never from a list of known endpoints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.domain.base import WireModel
from app.domain.fields import wire_name

#: At most this share of an object's keys may be unknown to the model before it is "something else".
_UNKNOWN_SHARE = 0.5


@cache
def known_keys(model: type[WireModel]) -> frozenset[str]:
    """Every wire name ``model`` declares, and the keys the server adds to it."""
    return frozenset(wire_name(model, name) for name in model.model_fields) | model.SERVER_FIELDS


@dataclass(frozen=True)
class Shape:
    """What an object of one wire model must look like.

    Attributes:
        model: the wire model.
        required: keys every such object has (the model's hard-required fields).
        some_of: keys of which it has at least one (what tells the kind from other objects).
        nested: key -> shape of the objects in that list or object, when present.
    """

    model: type[WireModel]
    required: tuple[str, ...] = ()
    some_of: tuple[str, ...] = ()
    nested: tuple[tuple[str, Shape], ...] = ()

    def fits(self, item: Any) -> bool:
        if not isinstance(item, dict) or not item:
            return False
        keys = item.keys()
        if any(key not in keys for key in self.required):
            return False
        if self.some_of and not any(key in keys for key in self.some_of):
            return False
        known = known_keys(self.model)
        unknown = sum(1 for key in keys if key not in known)
        if unknown > _UNKNOWN_SHARE * len(keys):
            return False
        for key, shape in self.nested:
            value = item.get(key)
            if value is None:
                continue
            values = value if isinstance(value, list) else [value]
            if not all(shape.fits(v) for v in values):
                return False
        return True


def describe(document: Any, limit: int = 6) -> str:
    """What ``document`` looks like, in a few words ("a list of 3 objects with the keys name")."""
    if isinstance(document, dict):
        data = document.get("data") if set(document) <= {"data", "errors", "warnings", "pagination"} else None
        if data is not None:
            return f"an answer whose data is {describe(data, limit)}"
        if isinstance(document.get("content"), list):
            return f"a page whose content is {describe(document['content'], limit)}"
        return f"an object with the keys {_keys(document, limit)}" if document else "an empty object"
    if isinstance(document, list):
        items = [item for item in document if isinstance(item, dict)]
        if not document:
            return "an empty list"
        if len(items) != len(document):
            return f"a list of {len(document)} values that are not all objects"
        keys: dict[str, None] = {}
        for item in items[:20]:
            keys.update(dict.fromkeys(item))
        return f"a list of {len(items)} object(s) with the keys {_keys(keys, limit)}"
    return f"a JSON {type(document).__name__.replace('NoneType', 'null').replace('str', 'string')}"


def _keys(keys: Iterable[str], limit: int) -> str:
    names = list(keys)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "") if names else "(none)"
