"""Wire paths (``targets[0].defaultValues[3].defaultValue``) over the models, parsed in one place.

Problems point at fields with these paths; the editor uses the same paths to read and write
the model, so a problem can always be taken to the widget that shows it. The UI tells which
row, cell or field a path is about with :func:`split_item` and :func:`first_step`; template
placeholders name every item of a list with ``[*]`` (:func:`parse_steps`, :func:`read_all`,
:func:`write_all` over wire JSON). No other module parses a path.
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


def _numeric_text(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return True


@cache
def _is_mapping(cls: type[WireModel], attribute: str) -> bool:
    """Whether a field holds a free-form object (``dict[str, Any]``)."""
    annotation = cls.model_fields[attribute].annotation
    return any(
        leaf is dict or getattr(leaf, "__origin__", None) is dict for leaf in _leaves(annotation)
    ) or any(getattr(arg, "__origin__", None) is dict for arg in get_args(annotation))


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


def field_place(path: str, model: WireModel | None = None) -> str:
    """Where a wire path is in the form's words: the fields' titles and the list items' names
    (``Periods › #1 Cycle_1 › End``); the Problems list and Compare use it."""
    if not path:
        return "Whole payload"
    parts: list[str] = []
    cls: type[WireModel] | None = type(model) if model is not None else None
    node: Any = model
    for step in parse_path(path):
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            name = getattr(item, "name", None) or getattr(item, "ref_code", None)
            parts.append(f"#{step + 1} {name}" if isinstance(name, str) and name else f"#{step + 1}")
            node = item
            continue
        if cls is None:
            parts.append(step)
            continue
        try:
            attribute = python_name(cls, step)
        except PathError:
            parts.append(step)
            cls = None
            continue
        parts.append(cls.model_fields[attribute].title or step)
        node = getattr(node, attribute, None) if node is not None else None
        cls = model_class_of(cls, attribute)
    return " › ".join(parts)


def path_affects(changed: str, path: str) -> bool:
    """Whether a change at ``changed`` may alter the value at ``path`` ("" means everything)."""
    if not changed or changed == path:
        return True
    return path.startswith(changed) and path[len(changed)] in ".["


def path_matches(pattern: str, path: str) -> bool:
    """Whether ``path`` (``activities[0].event``) is the field ``pattern`` names, where ``[*]`` in
    the pattern stands for any index (``activities[*].event``)."""
    wanted, steps = parse_steps(pattern), parse_steps(path)
    if wanted is None or steps is None or len(wanted) != len(steps):
        return False
    return all(w == s or (w == "*" and isinstance(s, int)) for w, s in zip(wanted, steps, strict=True))


def split_item(path: str, list_path: str) -> tuple[int, str] | None:
    """``targets[2].filters[0].entityIds`` under ``targets`` -> ``(2, "filters[0].entityIds")``.

    ``None`` when ``path`` is not inside an item of the list at ``list_path``; the rest is ""
    for the item itself. This is how the UI tells which row, cell or field a path is about.
    """
    steps = parse_path(path)
    prefix = parse_path(list_path) if list_path else []
    if len(steps) <= len(prefix) or steps[: len(prefix)] != prefix:
        return None
    index = steps[len(prefix)]
    if not isinstance(index, int):
        return None
    return index, format_path(steps[len(prefix) + 1 :])


def first_step(path: str) -> str:
    """The first field name of a path ("" for an index or an empty path): ``refCode`` of ``refCode.x``."""
    steps = parse_path(path)
    return steps[0] if steps and isinstance(steps[0], str) else ""


# --- wildcard paths over wire JSON (template placeholders) -----------------------------

_PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+|\*)\]")


def check_path(path: str, root: type[WireModel]) -> str | None:
    """Why ``path`` (wildcards allowed) does not name a field under ``root`` (a kind's model)."""
    steps = parse_steps(path)
    if steps is None:
        return f"'{path}' is not a wire path such as targets[*].defaultValues[*].defaultValue."
    cls: type[WireModel] | None = root
    last_was_field = False
    for step in steps:
        if isinstance(step, int) or step == "*":
            if not last_was_field:
                return f"'{path}': an index must follow a list field."
            last_was_field = False
            continue
        if cls is None:
            return f"'{path}': '{step}' is not inside an object."
        try:
            attribute = python_name(cls, step)
        except PathError:
            return f"'{path}': '{step}' is not a field here."
        if _is_mapping(cls, attribute):
            return None  # a free-form object (an action's properties): any key below it is fine
        cls = model_class_of(cls, attribute)
        last_was_field = True
    if cls is not None:
        return f"'{path}' names an object or a list; point at one of its fields."
    return None


def parse_steps(path: str) -> list[Step] | None:
    """``"targets[*].name"`` -> ``["targets", "*", "name"]``; ``None`` when the text is not a path."""
    steps: list[Step] = []
    position = 0
    for match in _PATH_TOKEN.finditer(path):
        gap = path[position : match.start()]
        if gap not in ("", ".") or (gap == "." and not steps):
            return None
        name, index = match.groups()
        steps.append(name if name else ("*" if index == "*" else int(index)))
        position = match.end()
    if not steps or position != len(path):
        return None
    return steps


def read_all(node: Any, steps: list[Step]) -> list[Any]:
    """Every value ``steps`` reaches in wire JSON (none where a list item or key is missing)."""
    if not steps:
        return [node]
    step, rest = steps[0], steps[1:]
    if step == "*":
        return [v for item in node for v in read_all(item, rest)] if isinstance(node, list) else []
    if isinstance(step, int):
        return read_all(node[step], rest) if isinstance(node, list) and step < len(node) else []
    return read_all(node[step], rest) if isinstance(node, dict) and step in node else []


def write_all(node: Any, steps: list[Step], value: Any) -> int:
    """Set ``value`` at every place ``steps`` reaches in the wire dict; how many places were set.

    A number written where the document has text keeps the text form (``"5000"``): the API writes
    some numbers as strings (a promotion's targets, an action's properties), and a template's
    value shows which.
    """
    step, rest = steps[0], steps[1:]
    if step == "*":
        if not isinstance(node, list):
            return 0
        if not rest:
            node[:] = [_like(old, value) for old in node]
            return len(node)
        return sum(write_all(item, rest, value) for item in node)
    if isinstance(step, int):
        if not isinstance(node, list) or step >= len(node):
            return 0
        if not rest:
            node[step] = _like(node[step], value)
            return 1
        return write_all(node[step], rest, value)
    if not isinstance(node, dict):
        return 0
    if not rest:
        node[step] = _like(node.get(step), value)
        return 1
    if node.get(step) is None:
        if isinstance(rest[0], int) or rest[0] == "*":
            return 0
        node[step] = {}
    return write_all(node[step], rest, value)


def _like(old: Any, value: Any) -> Any:
    """``value`` in the form of ``old``: a number where a number was written as text becomes text
    (``5000`` -> ``"5000"``); a placeholder such as ``<ORG_ID>`` takes the number as it is."""
    if _numeric_text(old) and isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return value
