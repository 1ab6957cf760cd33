"""Template placeholders: the few values "New from template" asks for, and how they fill a group.

A template marks what changes from one launch to the next (the group's name, the first
day, the number of cycles, a target value) so that the operator types only those. Each
placeholder either writes its value at one or more wire paths (``[*]`` stands for every
item of a list) or drives the period planner (``plan: "start"`` / ``plan: "cycles"``):
a new start date re-plans the periods with the template's cycle unit, length and zone, so
a monthly template becomes next quarter's milestone without touching a single period.

Everything here is pure and shared by the kinds: values arrive as text (from a form or ``--set``)
or as Python values, and :func:`fill_template` returns a new model of the template's kind. How a
kind re-plans (periods of a group, cycles of a promotion) is its :class:`TemplatePlanning`, in
its folder's ``plan.py``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from app.domain import clock
from app.domain.base import WireModel
from app.domain.dates import zone_or_none
from app.domain.planner import API_MAX_CYCLES
from app.domain.wirepath import check_path, parse_steps, read_all, write_all


class PlaceholderKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    INT = "int"
    NUMBER = "number"


class PlanRole(StrEnum):
    """What a placeholder tells the period planner."""

    START = "start"
    CYCLES = "cycles"


_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")
_PLAN_KINDS = {PlanRole.START: PlaceholderKind.DATE, PlanRole.CYCLES: PlaceholderKind.INT}


class PlaceholderFormatError(ValueError):
    """A placeholder definition in a template is malformed; the message says which and why."""


class PlaceholderError(ValueError):
    """Values the operator gave cannot fill the template.

    Attributes:
        problems: placeholder key -> what is wrong with its value, so a form can mark
            each field; the key ``""`` holds problems that belong to no one field.
    """

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in self.problems.items()))


@dataclass(frozen=True)
class Placeholder:
    """One value asked for on use.

    Attributes:
        key: the name used by ``--set key=value`` and in the form.
        label: what the form shows.
        kind: how the text is read.
        paths: wire paths the value is written to (``[*]`` = every item); empty for plan roles.
        plan: set when the value drives the period planner instead of a field.
        required: the operator must give a value (e.g. a new group name).
        default: the value offered when the operator gives none (else the template's own).
        help: one line for a tooltip or ``tgb templates show``.
    """

    key: str
    label: str
    kind: PlaceholderKind
    paths: tuple[str, ...] = ()
    plan: PlanRole | None = None
    required: bool = False
    default: Any = None
    help: str = ""

    def to_json(self) -> dict[str, Any]:
        """The placeholder as written in a template file."""
        out: dict[str, Any] = {"key": self.key, "label": self.label, "kind": self.kind.value}
        if self.plan is not None:
            out["plan"] = self.plan.value
        if len(self.paths) == 1:
            out["path"] = self.paths[0]
        elif self.paths:
            out["path"] = list(self.paths)
        if self.required:
            out["required"] = True
        if self.default is not None:
            out["default"] = self.default
        if self.help:
            out["help"] = self.help
        return out


@dataclass
class FilledTemplate:
    """The payload made from a template (a target group or a promotion), and what was changed."""

    model: Any
    messages: list[str] = field(default_factory=list)

    @property
    def group(self) -> Any:
        """The filled model, by the name the target group's code uses."""
        return self.model


def parse_placeholders(raw: Any, root: type[WireModel] | None = None) -> list[Placeholder]:
    """Read the ``placeholders`` list of a template file (paths are checked against ``root``,
    the kind's model: the default kind's when not given).

    Raises:
        PlaceholderFormatError: naming the placeholder (by position and key) and the fault.
    """
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise PlaceholderFormatError("'placeholders' must be a list of objects.")
    out: list[Placeholder] = []
    seen: set[str] = set()
    roles: set[PlanRole] = set()
    for index, item in enumerate(raw):
        where = f"placeholder {index + 1}"
        if not isinstance(item, dict):
            raise PlaceholderFormatError(f"{where} must be an object with key, label and kind.")
        key = item.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            raise PlaceholderFormatError(
                f"{where}: key {key!r} must start with a letter and use letters, digits, _ or - (≤ 40)."
            )
        where = f"placeholder '{key}'"
        if key in seen:
            raise PlaceholderFormatError(f"{where} appears twice; keys must be unique.")
        seen.add(key)
        try:
            kind = PlaceholderKind(item.get("kind", "text"))
        except ValueError:
            kinds = ", ".join(k.value for k in PlaceholderKind)
            raise PlaceholderFormatError(
                f"{where}: kind {item.get('kind')!r} is not one of {kinds}."
            ) from None
        label = item.get("label", key)
        help_text = item.get("help", "")
        if not isinstance(label, str) or not isinstance(help_text, str):
            raise PlaceholderFormatError(f"{where}: label and help must be text.")
        plan = _plan_role(item.get("plan"), kind, where)
        if plan is not None and plan in roles:
            raise PlaceholderFormatError(f"{where}: only one placeholder may set the plan's {plan.value}.")
        if plan is not None:
            roles.add(plan)
        paths = _paths(item.get("path"), where, root)
        if plan is None and not paths:
            raise PlaceholderFormatError(f"{where} needs a 'path' (where the value goes) or a 'plan' role.")
        if plan is not None and paths:
            raise PlaceholderFormatError(f"{where} has both 'path' and 'plan'; use one.")
        required = item.get("required", False)
        if not isinstance(required, bool):
            raise PlaceholderFormatError(f"{where}: required must be true or false.")
        default = item.get("default")
        if default is not None:
            try:
                parse_value(Placeholder(key, label, kind, paths, plan), default)
            except PlaceholderError as exc:
                raise PlaceholderFormatError(f"{where}: default {default!r}: {exc.problems[key]}") from None
        out.append(Placeholder(key, label, kind, paths, plan, required, default, help_text))
    return out


def _plan_role(value: Any, kind: PlaceholderKind, where: str) -> PlanRole | None:
    if value is None:
        return None
    try:
        role = PlanRole(value)
    except ValueError:
        raise PlaceholderFormatError(f"{where}: plan {value!r} must be 'start' or 'cycles'.") from None
    if _PLAN_KINDS[role] is not kind:
        raise PlaceholderFormatError(f"{where}: plan '{role.value}' needs kind '{_PLAN_KINDS[role].value}'.")
    return role


def _paths(value: Any, where: str, root: type[WireModel] | None = None) -> tuple[str, ...]:
    if value is None:
        return ()
    if root is None:
        from app.domain.kinds import DEFAULT_KIND, kind_named

        root = kind_named(DEFAULT_KIND).model
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(p, str) for p in items):
        raise PlaceholderFormatError(f"{where}: path must be a wire path or a list of them.")
    for path in items:
        problem = check_path(path, root)
        if problem:
            raise PlaceholderFormatError(f"{where}: {problem}")
    return tuple(items)


def parse_value(placeholder: Placeholder, value: Any) -> Any:
    """The typed value of what the operator gave, or a :class:`PlaceholderError` saying why not."""
    key = placeholder.key
    kind = placeholder.kind
    text = value.strip() if isinstance(value, str) else value
    if text is None or text == "":
        raise PlaceholderError({key: f"{placeholder.label} is empty; enter a value."})
    if kind is PlaceholderKind.TEXT:
        if not isinstance(text, str):
            raise PlaceholderError({key: f"{placeholder.label} must be text."})
        return text
    if kind is PlaceholderKind.DATE:
        if isinstance(text, datetime):
            return text.date()
        if isinstance(text, date):
            return text
        try:
            return date.fromisoformat(str(text))
        except ValueError:
            raise PlaceholderError(
                {key: f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-04-01."}
            ) from None
    number = _number(text)
    if number is None:
        raise PlaceholderError({key: f"'{text}' is not a number."})
    if kind is PlaceholderKind.INT:
        if number != int(number):
            raise PlaceholderError({key: f"'{text}' is not a whole number."})
        number = int(number)
        if placeholder.plan is PlanRole.CYCLES and not 1 <= number <= API_MAX_CYCLES:
            raise PlaceholderError(
                {key: f"The number of cycles must be 1 to {API_MAX_CYCLES}, not {number}."}
            )
    elif number < 0:
        raise PlaceholderError({key: f"{placeholder.label} cannot be negative ({text})."})
    return number


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if math.isfinite(value) else None
    try:
        number = float(str(value).replace(",", "").replace("_", ""))
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() else number


def current_value(model: WireModel, placeholder: Placeholder) -> Any:
    """What the template itself holds for a placeholder: the form's pre-filled value."""
    if placeholder.plan is not None:
        planning = planning_of(model)
        return planning.planned_value(model, placeholder.plan) if planning else None
    wire = model.to_wire()
    for path in placeholder.paths:
        for found in read_all(wire, parse_steps(path) or []):
            if found is not None:
                return found
    return None


def suggested_value(group: WireModel, placeholder: Placeholder, at: datetime | None = None) -> Any:
    """What the form pre-fills: the placeholder's default, else the template's own value.

    A start date that has already passed (the template was made for an earlier launch) moves
    to the first day of next month in the group's zone, the usual start of a new milestone.
    """
    value = placeholder.default if placeholder.default is not None else current_value(group, placeholder)
    if placeholder.plan is PlanRole.START:
        planning = planning_of(group)
        zone = zone_or_none(planning.zone(group) if planning else None)
        moment = at or clock.now()
        today = moment.astimezone(zone).date() if zone else moment.date()
        if not isinstance(value, date) or value < today:
            return clock.first_of_next_month(moment, zone)
    return value


def fill_template(
    group: WireModel,
    placeholders: Sequence[Placeholder],
    values: Mapping[str, Any],
    now: datetime | None = None,
) -> FilledTemplate:
    """A new group: ``group`` with the placeholders' values applied.

    A placeholder left out of ``values`` takes its default, or keeps the template's value
    (a required one is refused). A new start or cycle count re-plans the periods first,
    so that a target value placeholder then reaches every new period.

    Raises:
        PlaceholderError: every bad or missing value, by key.
    """
    known = {p.key: p for p in placeholders}
    problems: dict[str, str] = {}
    for key in values:
        if key not in known:
            choices = ", ".join(known) or "none"
            problems[key] = f"The template has no placeholder '{key}' (it has: {choices})."
    typed: dict[str, Any] = {}
    for placeholder in placeholders:
        given = values.get(placeholder.key)
        if given is None or (isinstance(given, str) and not given.strip()):
            if placeholder.default is None:
                if placeholder.required:
                    problems[placeholder.key] = f"{placeholder.label} is required; enter a value."
                continue
            given = placeholder.default
        try:
            typed[placeholder.key] = parse_value(placeholder, given)
        except PlaceholderError as exc:
            problems.update(exc.problems)
    if problems:
        raise PlaceholderError(problems)
    messages: list[str] = []
    result = _replanned(group, placeholders, typed, now, messages)
    wire = result.to_wire()
    for placeholder in placeholders:
        if placeholder.key not in typed or placeholder.plan is not None:
            continue
        count = 0
        for path in placeholder.paths:
            count += write_all(wire, parse_steps(path) or [], typed[placeholder.key])
        if count == 0:
            messages.append(f"{placeholder.label}: this template has nowhere to put it; ignored.")
    try:
        filled = type(group).model_validate(wire)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise PlaceholderError(
            {"": f"The values do not fit the template at {where}: {first['msg']}."}
        ) from None
    return FilledTemplate(filled, messages)


def _replanned(
    model: WireModel,
    placeholders: Sequence[Placeholder],
    typed: Mapping[str, Any],
    now: datetime | None,
    messages: list[str],
) -> WireModel:
    """``model`` re-planned by its kind for the plan roles given (itself when none is)."""
    roles = {p.plan: typed[p.key] for p in placeholders if p.plan is not None and p.key in typed}
    if not roles:
        return model
    key = next(p.key for p in placeholders if p.plan is not None and p.key in typed)
    planning = planning_of(model)
    if planning is None:
        raise PlaceholderError({key: "This kind of payload has no periods to re-plan."})
    replanned: WireModel = planning.replan(model, roles, now, messages, key)
    return replanned


def suggested_placeholders(model: WireModel) -> list[Placeholder]:
    """The placeholders offered when saving a template: its kind's (a name, and a start date and
    cycle count where it can be re-planned), or a name where the model has one."""
    planning = planning_of(model)
    if planning is not None:
        return planning.suggested(model)
    if "name" in type(model).model_fields:
        return [Placeholder("name", "Name", PlaceholderKind.TEXT, ("name",), required=True)]
    return []


@dataclass(frozen=True)
class TemplatePlanning:
    """How one kind's templates are re-planned for a new start or cycle count (its ``plan.py``).

    Attributes:
        replan: (model, {role: value}, now, messages, key) -> the re-planned model; refusals are a
            :class:`PlaceholderError` at ``key`` (the plan placeholder's key).
        planned_value: (model, role) -> what the template holds for the role (first day, count).
        suggested: model -> the placeholders offered when saving it as a template.
        zone: model -> its time zone's name (a start date is "today or later" there).
    """

    replan: Callable[[Any, Mapping[PlanRole, Any], datetime | None, list[str], str], Any]
    planned_value: Callable[[Any, PlanRole], Any]
    suggested: Callable[[Any], list[Placeholder]]
    zone: Callable[[Any], str | None]


def planning_of(model: WireModel) -> TemplatePlanning | None:
    """The template planning of ``model``'s kind (``None``: the kind has none, or no kind has it)."""
    from app.domain.kinds import kind_of_model

    try:
        return kind_of_model(model).planning
    except KeyError:
        return None
