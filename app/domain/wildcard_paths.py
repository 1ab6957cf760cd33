"""Wire paths with wildcards (``targets[*].defaultValues[*].defaultValue``) over wire JSON.

Template placeholders name the fields they fill with these paths; ``[*]`` stands for
every item of a list, so one placeholder can reach every period's target value whatever
the number of periods. Plain indexes and names work as in :mod:`app.domain.wirepath`.
"""

from __future__ import annotations

import re
from typing import Any

from app.domain.base import WireModel
from app.domain.models import TargetGroup
from app.domain.wirepath import PathError, model_class_of, python_name

_PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+|\*)\]")

Step = str | int


def check_path(path: str) -> str | None:
    """Why ``path`` does not name a field of a target group (``None`` when it does)."""
    steps = parse_steps(path)
    if steps is None:
        return f"'{path}' is not a wire path such as targets[*].defaultValues[*].defaultValue."
    cls: type[WireModel] | None = TargetGroup
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
    """Set ``value`` at every place ``steps`` reaches in the wire dict; how many places were set."""
    step, rest = steps[0], steps[1:]
    if step == "*":
        if not isinstance(node, list):
            return 0
        if not rest:
            node[:] = [value] * len(node)
            return len(node)
        return sum(write_all(item, rest, value) for item in node)
    if isinstance(step, int):
        if not isinstance(node, list) or step >= len(node):
            return 0
        if not rest:
            node[step] = value
            return 1
        return write_all(node[step], rest, value)
    if not isinstance(node, dict):
        return 0
    if not rest:
        node[step] = value
        return 1
    if node.get(step) is None:
        if isinstance(rest[0], int) or rest[0] == "*":
            return 0
        node[step] = {}
    return write_all(node[step], rest, value)
