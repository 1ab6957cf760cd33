"""Wire paths (``targets[0].defaultValues[3].defaultValue``) over the models.

Problems point at fields with these paths; the editor uses the same paths to read
and write the model, so a problem can always be taken to the widget that shows it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, get_args

from app.domain.base import WireModel

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")

Step = str | int


class PathError(LookupError):
    """The path does not lead to a field of the model."""


def parse_path(path: str) -> list[Step]:
    """``"targets[0].name"`` -> ``["targets", 0, "name"]``."""
    steps: list[Step] = []
    for name, index in _TOKEN.findall(path):
        steps.append(int(index) if index else name)
    return steps


def format_path(steps: list[Step]) -> str:
    out = ""
    for step in steps:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out = f"{out}.{step}" if out else step
    return out


@cache
def python_name(cls: type[WireModel], wire: str) -> str:
    """The attribute name of a wire field (accepts the attribute name too)."""
    for name, info in cls.model_fields.items():
        if wire in (name, info.alias):
            return name
    raise PathError(f"{cls.__name__} has no field '{wire}'")


@cache
def model_class_of(cls: type[WireModel], attribute: str) -> type[WireModel] | None:
    """The wire model a field holds (directly or as list items), if any."""
    annotation = cls.model_fields[attribute].annotation
    for leaf in _leaves(annotation):
        if isinstance(leaf, type) and issubclass(leaf, WireModel):
            return leaf
    return None


def _leaves(annotation: Any) -> list[Any]:
    args = get_args(annotation)
    if not args:
        return [annotation]
    return [leaf for arg in args for leaf in _leaves(arg)]


def get_at(root: WireModel, path: str) -> Any:
    """The value at ``path``; ``None`` where an object on the way is missing."""
    node: Any = root
    for step in parse_path(path):
        if node is None:
            return None
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                return None
            node = node[step]
        else:
            if not isinstance(node, WireModel):
                raise PathError(f"'{step}' is not under an object in {path}")
            node = getattr(node, python_name(type(node), step))
    return node


def resolve_parent(
    root: WireModel, path: str, create: bool = False
) -> tuple[Any, Step, list[tuple[WireModel, str]]]:
    """The container holding the last step of ``path`` and that step (an attribute name or an index).

    With ``create``, missing intermediate objects are created; the returned list names
    the ``(object, attribute)`` pairs that were created so that an undo can remove them.
    """
    steps = parse_path(path)
    if not steps:
        raise PathError("empty path")
    created: list[tuple[WireModel, str]] = []
    node: Any = root
    for step in steps[:-1]:
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                raise PathError(f"index {step} is out of range in {path}")
            node = node[step]
            continue
        if not isinstance(node, WireModel):
            raise PathError(f"'{step}' is not under an object in {path}")
        attribute = python_name(type(node), step)
        child = getattr(node, attribute)
        if child is None:
            child_cls = model_class_of(type(node), attribute)
            if not create or child_cls is None:
                raise PathError(f"'{step}' is not set in {path}")
            child = child_cls()
            setattr(node, attribute, child)
            created.append((node, attribute))
        node = child
    last = steps[-1]
    if isinstance(last, str):
        if not isinstance(node, WireModel):
            raise PathError(f"'{last}' is not under an object in {path}")
        return node, python_name(type(node), last), created
    return node, last, created


def unset(model: WireModel, attribute: str) -> None:
    """Clear a field so that it is left out of the JSON again (not written as null)."""
    setattr(model, attribute, None)
    model.model_fields_set.discard(attribute)


def _singular(title: str) -> str:
    return title[:-1] if title.endswith("s") and not title.endswith("ss") else title


def describe_path(root: type[WireModel], path: str) -> str:
    """A wire path in the form's words: ``targets[0].name`` -> "target 1 name", ``leaderboardEnabled``
    -> "leaderboard". Unknown steps fall back to their wire names, so any path can be described."""
    cls: type[WireModel] | None = root
    words: list[str] = []
    item = ""
    pending_list = ""
    for step in parse_path(path):
        if isinstance(step, int):
            item = _singular(pending_list or "item").lower()
            words.append(f"{item} {step + 1}")
            pending_list = ""
            continue
        if pending_list:
            words.append(pending_list.lower())
            pending_list = ""
        title = step
        if cls is not None:
            try:
                attribute = python_name(cls, step)
                title = cls.model_fields[attribute].title or step
                child = model_class_of(cls, attribute)
                annotation = str(cls.model_fields[attribute].annotation)
                cls = child
                if "list[" in annotation:
                    pending_list = title
                    continue
                if child is not None:
                    continue
            except PathError:
                cls = None
        text = title.lower()
        if item and text.startswith(item + " "):
            text = text[len(item) + 1 :]
        elif item and text == item:
            text = ""
        if text:
            words.append(text)
    if pending_list:
        words.append(pending_list.lower())
    return " ".join(words) or "payload"
