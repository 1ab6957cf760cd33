"""From raw JSON to a model and a list of problems: what every kind's loader shares.

Each kind's ``validate.py`` (``target_groups/``, ``promotions/``) takes whatever was parsed from a
file, a paste or a server and never raises for bad content; the pieces here turn pydantic's
type errors, unknown fields and keys given twice into :class:`~app.domain.problems.Problem`
objects, and hold the :class:`LoadResult` every kind returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from app.domain.base import WireModel
from app.domain.problems import Problem, join_path
from app.domain.rules import common_catalogue as common
from app.domain.rules.catalogue import Rule

#: pydantic adds the union member to an error's location; these are not wire names.
_UNION_TAGS = frozenset({"int", "float", "str", "bool", "list", "dict", "none"})

_NUMBER_ERRORS = frozenset({"int_type", "float_type", "int_parsing", "float_parsing", "finite_number"})

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list ([...])",
    "model_type": "an object ({...})",
    "model_attributes_type": "an object ({...})",
    "dict_type": "an object ({...})",
}


@dataclass
class LoadResult:
    """The model (``None`` when the payload could not be read as one) and what was found."""

    model: Any
    problems: list[Problem] = field(default_factory=list)

    @property
    def group(self) -> Any:
        """The model, by the name the target group's code uses."""
        return self.model


def duplicate_key_problems(duplicates: list[tuple[str, str]]) -> list[Problem]:
    """A warning for every key given twice in one object (the last value is the one kept)."""
    return [
        rule_problem(
            common.DUPLICATE_KEY,
            join_path(path, key) if path else key,
            f"'{key}' is given more than once in the same object; only the last value is kept and sent.",
        )
        for path, key in duplicates
    ]


def unknown_field_problems(model: WireModel) -> list[Problem]:
    """A warning for every key the model does not know; such keys are kept and sent as they are."""
    out: list[Problem] = []
    _collect_extras(model, "", out)
    return out


def _collect_extras(model: BaseModel, path: str, out: list[Problem]) -> None:
    extra = model.__pydantic_extra__
    if extra:
        for key in extra:
            out.append(
                rule_problem(
                    common.UNKNOWN_FIELD,
                    join_path(path, key) if path else key,
                    f"'{key}' is not a field this app knows; it is kept and sent as it is.",
                )
            )
    for name, wire in _nested_fields(type(model)):
        value = getattr(model, name)
        if not value:
            continue
        base = join_path(path, wire) if path else wire
        if isinstance(value, WireModel):
            _collect_extras(value, base, out)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                # Items (e.g. 18,000 default values, 366 cycles) are looked at inline and entered
                # only when they hold something: a call each would dominate.
                if not isinstance(item, WireModel):
                    continue
                if item.__pydantic_extra__:
                    _collect_extras(item, f"{base}[{index}]", out)
                    continue
                fields = item.__dict__
                for inner, _wire in _nested_fields(type(item)):
                    if fields.get(inner):
                        _collect_extras(item, f"{base}[{index}]", out)
                        break


@cache
def _nested_fields(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(python name, wire name) of the fields that may hold further wire objects."""
    out = []
    for name, info in cls.model_fields.items():
        if any(isinstance(t, type) and issubclass(t, WireModel) for t in _leaf_types(info.annotation)):
            out.append((name, info.alias or name))
    return tuple(out)


def _leaf_types(annotation: Any) -> list[Any]:
    args = get_args(annotation)
    if not args:
        return [annotation]
    return [leaf for arg in args for leaf in _leaf_types(arg)]


def type_problems(exc: ValidationError, raw: dict[str, Any]) -> list[Problem]:
    """One problem per wire path that pydantic could not read, in the operator's words."""
    grouped: dict[str, tuple[list[Any], list[Any]]] = {}
    for err in exc.errors(include_url=False):
        loc = [part for part in err["loc"] if not _is_union_tag(part)]
        path = join_path(*loc) if loc else ""
        grouped.setdefault(path, (loc, []))[1].append(err)
    out: list[Problem] = []
    for path, (loc, errors) in grouped.items():
        value = _value_at(raw, loc)
        if len(errors) > 1 and any(e["type"] in _NUMBER_ERRORS for e in errors):
            message = f"{_shown(value)} should be a number (e.g. 5 or 2.5)."
        else:
            message = _type_message(errors[0], value)
        out.append(rule_problem(common.TYPE, path, message))
    return out


def _is_union_tag(part: Any) -> bool:
    """pydantic names the union member that failed ("int", "function-after[...]"); not a wire name."""
    return isinstance(part, str) and (part in _UNION_TAGS or "[" in part)


def _type_message(err: Any, value: Any) -> str:
    kind = err["type"]
    shown = _shown(value)
    if kind == "enum":
        return f"{shown} is not one of the allowed values: {err['ctx']['expected']}."
    if kind == "value_error":
        return f"{shown}: {err['ctx']['error']!s}."
    if kind == "missing":
        return "This field is required."
    if kind == "extra_forbidden":
        return "This field is not allowed here."
    wanted = _TYPE_WORDS.get(kind)
    if wanted:
        return f"{shown} should be {wanted}."
    return f"{shown}: {err['msg']}."


def _shown(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"'{text}'"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "An object"
    if isinstance(value, list):
        return "A list"
    return str(value)


def _value_at(raw: Any, loc: list[Any]) -> Any:
    node = raw
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def rule_problem(rule: Rule, path: str, message: str) -> Problem:
    """A problem reported through ``rule`` (its severity and API code come from the catalogue)."""
    return Problem(path, rule.severity, rule.id, message, rule.api_code)
