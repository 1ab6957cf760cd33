"""Field metadata: a field's label, limits and required-ness, declared once beside its type.

Models declare constraints with :func:`meta` in ``json_schema_extra``; the rules, the UI
(labels, tooltips, input limits) and the catalogue (which fields a rule reads) all read them
back through the helpers here, so no list of required fields or limits is kept twice.

- ``maxLength`` / ``maximum``: a documented hard limit (breaking it is an error).
- ``softMaxLength``: a limit only inferred (breaking it is a warning).
- ``minimum``: the smallest sensible value (going below is a warning: responses carry -1).
- ``required``: ``"hard"`` when the server cannot do without it (an error when missing),
  ``"docs"`` when the docs mark it required but working examples leave it out (a warning).
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal, get_args

from app.domain.base import WireModel

Required = Literal["hard", "docs"]


def meta(
    max_length: int | None = None,
    *,
    required: Required | None = None,
    soft_max_length: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    missing: str | None = None,
    empty: str | None = None,
) -> dict[str, Any]:
    """The ``json_schema_extra`` of a field; ``missing`` says what the server likely does without it,
    ``empty`` what the server was seen to do with an empty text in a field it requires (a
    present but blank value is then a warning, not the missing field's error)."""
    extra = {
        "maxLength": max_length,
        "softMaxLength": soft_max_length,
        "required": required,
        "minimum": minimum,
        "maximum": maximum,
        "missing": missing,
        "empty": empty,
    }
    return {key: value for key, value in extra.items() if value is not None}


def _extra(model: type[WireModel], field: str) -> dict[str, Any]:
    extra = model.model_fields[field].json_schema_extra
    return extra if isinstance(extra, dict) else {}


@cache
def field_max_length(model: type[WireModel], field: str) -> int | None:
    """The documented maximum length of a text field, if any."""
    return _extra(model, field).get("maxLength")


@cache
def field_soft_max_length(model: type[WireModel], field: str) -> int | None:
    return _extra(model, field).get("softMaxLength")


@cache
def field_range(model: type[WireModel], field: str) -> tuple[int | None, int | None]:
    """(minimum, maximum) of a number field."""
    extra = _extra(model, field)
    return extra.get("minimum"), extra.get("maximum")


@cache
def field_required(model: type[WireModel], field: str) -> Required | None:
    """``"hard"``, ``"docs"`` or ``None``."""
    value = _extra(model, field).get("required")
    return value if value in ("hard", "docs") else None


def field_empty_note(model: type[WireModel], field: str) -> str | None:
    """What the server was seen to do with a blank value of a required text (None: refuse it)."""
    return _extra(model, field).get("empty")


def field_missing_note(model: type[WireModel], field: str) -> str | None:
    """What the server is likely to do when a docs-required field is missing (None: use a default)."""
    return _extra(model, field).get("missing")


@cache
def required_fields(model: type[WireModel], level: Required) -> tuple[str, ...]:
    """The Python names of the fields of ``model`` marked required at ``level``, in declaration order."""
    return tuple(name for name in model.model_fields if field_required(model, name) == level)


@cache
def wire_name(model: type[WireModel], field: str) -> str:
    """The camelCase name of a field on the wire."""
    info = model.model_fields[field]
    return info.alias or field


@cache
def field_title(model: type[WireModel], field: str) -> str:
    """The operator-facing label of a field."""
    return model.model_fields[field].title or field


@cache
def nested_model(model: type[WireModel], field: str) -> tuple[type[WireModel] | None, bool]:
    """The wire model a field holds, and whether it holds a list of them."""
    annotation = model.model_fields[field].annotation
    is_list = False
    for leaf in _leaves(annotation, []):
        if leaf is list:
            is_list = True
        elif isinstance(leaf, type) and issubclass(leaf, WireModel):
            return leaf, is_list
    return None, False


def _leaves(annotation: Any, out: list[Any]) -> list[Any]:
    origin = getattr(annotation, "__origin__", None)
    if origin is list:
        out.append(list)
    args = get_args(annotation)
    if not args:
        out.append(annotation)
        return out
    for arg in args:
        _leaves(arg, out)
    return out


@cache
def field_paths(root: type[WireModel], key: str) -> tuple[str, ...]:
    """Wildcard wire paths (``targets[*].name``) of every field under ``root`` whose metadata has ``key``.

    ``key`` is a metadata key ("maxLength") or ``required=hard`` / ``required=docs``.
    """
    wanted_key, _, wanted_value = key.partition("=")
    out: list[str] = []

    def walk(model: type[WireModel], prefix: str, seen: tuple[type[WireModel], ...]) -> None:
        for name in model.model_fields:
            wire = wire_name(model, name)
            path = f"{prefix}.{wire}" if prefix else wire
            extra = _extra(model, name)
            if wanted_key in extra and (not wanted_value or str(extra[wanted_key]) == wanted_value):
                out.append(path)
            child, is_list = nested_model(model, name)
            if child is not None and child not in seen:
                walk(child, f"{path}[*]" if is_list else path, (*seen, child))

    walk(root, "", (root,))
    return tuple(out)
