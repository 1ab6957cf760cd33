"""The promotion's checks: each reports through its rule in :mod:`.rules_catalogue`.

:func:`check_promotion` walks the body once: the metadata, the enrolment workflows, every
activity (GROUP children and workflow activities included, each with its wire path), each
milestone and its cycles, the limits, the liability split and the broadcast blocks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from app.domain import clock, jsontext
from app.domain.base import WireModel
from app.domain.dates import offset_text, wall_clock, zone_or_none
from app.domain.expression import check_expression_json
from app.domain.fields import nested_model
from app.domain.problems import Problem, join_path
from app.domain.promotions import rules_catalogue as pr
from app.domain.promotions import values
from app.domain.promotions.models import (
    ENROLMENT_LIMIT_PER_PROMOTION_MAX,
    METADATA_KEY_MAX,
    METADATA_VALUE_MAX,
    Action,
    Activity,
    CycleActionMapping,
    Milestone,
    Promotion,
    WorkflowStep,
)
from app.domain.rules.context import Checker, FieldRules, declaring_fields

__all__ = ["check_promotion", "walk_activities"]

_FIELD_RULES = FieldRules(
    pr.REQUIRED,
    pr.REQUIRED_SOFT,
    pr.NAME_TOO_LONG,
    pr.TEXT_TOO_LONG,
    pr.NAME_LONG,
    pr.ABOVE_MAXIMUM,
    pr.BELOW_MINIMUM,
    pr.DATE_FORMAT,
    soft_note="C's request table allows at most {limit} while its ParamField and the UI allow 255; "
    "stay within {limit} to be safe",
    name_paths=frozenset({"metadata.name"}),
)


@dataclass(frozen=True, slots=True)
class Place:
    """An activity and where it sits: its path, its GROUP (if a child), and whether it is a workflow's."""

    activity: Activity
    path: str
    parent: Activity | None
    workflow: bool


def walk_activities(promotion: Promotion) -> Iterator[Place]:
    """Every activity of the promotion, depth first (GROUP children after their group)."""

    def walk(
        items: list[Activity] | None, prefix: str, parent: Activity | None, workflow: bool
    ) -> Iterator[Place]:
        for index, activity in enumerate(items or []):
            path = f"{prefix}[{index}]"
            yield Place(activity, path, parent, workflow)
            yield from walk(activity.children, join_path(path, "children"), activity, workflow)

    yield from walk(promotion.activities, "activities", None, False)
    flows = promotion.workflow_metadata
    if flows is not None:
        for name in ("enrolment", "optin"):
            step: WorkflowStep | None = getattr(flows, name)
            if step is not None:
                yield from walk(step.activities, f"workflowMetadata.{name}.activities", None, True)


def check_promotion(promotion: Promotion, now: datetime | None = None) -> list[Problem]:
    """All rule problems of ``promotion``, judged at ``now`` (the current time when not given)."""
    meta = promotion.metadata
    ctx = _Context(promotion, now or clock.now(), zone_or_none(meta.timezone_name if meta else None))
    _walk_fields(ctx, promotion, "")
    _metadata(ctx)
    _workflows(ctx)
    places = list(walk_activities(promotion))
    if promotion.activities is not None and not promotion.activities:
        ctx.report(
            pr.ACTIVITIES_EMPTY,
            "activities",
            "The promotion has no activity; add a SINGLE or a GROUP activity.",
        )
    seen_ids: dict[str, str] = {}
    for place in places:
        _activity(ctx, place, seen_ids)
    _limits(ctx)
    _liability(ctx)
    _broadcast(ctx)
    meta = promotion.metadata
    if meta is not None:
        _placeholder(ctx, meta.program_id, "metadata.programId")
        _placeholder(ctx, meta.org_id, "metadata.orgId")
    return ctx.problems


_PLACEHOLDER = re.compile(r"^<[A-Z][A-Z0-9_ ]*>$")


def _placeholder(ctx: _Context, value: Any, path: str) -> None:
    """A value still written as a placeholder (``<PROGRAM_ID>``), left by a conversion or a template."""
    if isinstance(value, str) and value.startswith("<") and _PLACEHOLDER.match(value):
        ctx.report(pr.PLACEHOLDER, path, f"{value} is a placeholder; fill in the real value before sending.")


class _Context(Checker):
    def __init__(self, promotion: Promotion, now: datetime, zone: Any) -> None:
        super().__init__(now, zone, _FIELD_RULES)
        self.promotion = promotion
        meta = promotion.metadata
        self.start = self.parse(meta.start_date) if meta and isinstance(meta.start_date, str) else None
        self.end = self.parse(meta.end_date) if meta and isinstance(meta.end_date, str) else None
        self.broadcast = bool(meta and str(meta.promotion_category or "").upper() == "BROADCAST")

    def enum(self, value: Any, allowed: tuple[str, ...], path: str, what: str, hint: str = "") -> None:
        if isinstance(value, str) and value and value not in allowed:
            self.report(
                pr.VALUE_UNDOCUMENTED,
                path,
                f"{what} '{value}' is not among the values the docs list for a request "
                f"({', '.join(allowed)}); the server may refuse it.{hint}",
            )


# --- field metadata, every level ----------------------------------------------------------------


#: Fields the request table marks required that working examples leave out in the milestones of a
#: GROUP's children ("Dinner Special", a GROUP ANY of ALL children, in its create and update).
_CHILD_MILESTONE_OPTIONAL = {
    name: "the GROUP examples (create and update) leave it out in every child milestone, so the server "
    "is likely to do without it there"
    for name in ("target_type", "target_entity")
}


def _walk_fields(ctx: _Context, model: WireModel, prefix: str, in_child: bool = False) -> None:
    """Required, length and range checks of every wire object in the body (from field metadata).

    Only objects whose class, or a class below it, declares a limit are visited: the 366 cycles
    of a daily milestone, their actions and strategies declare none, so they cost nothing here.
    """
    optional = _CHILD_MILESTONE_OPTIONAL if in_child and isinstance(model, Milestone) else None
    ctx.check_fields(model, prefix, optional_here=optional)
    for name, wire in _checked_fields(type(model)):
        value = getattr(model, name)
        if not value:
            continue
        path = f"{prefix}.{wire}" if prefix else wire
        child = in_child or (isinstance(model, Activity) and name == "children")
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, WireModel):
                    _walk_fields(ctx, item, f"{path}[{index}]", child)
        elif isinstance(value, WireModel):
            _walk_fields(ctx, value, path, child)


@cache
def _checked_fields(cls: type[WireModel]) -> tuple[tuple[str, str], ...]:
    """(python name, wire name) of the fields of ``cls`` holding wire objects with something
    to check (a declared limit in that class or below it)."""
    out = []
    for name, info in cls.model_fields.items():
        nested = nested_model(cls, name)[0]
        if nested is not None and _declares_below(nested):
            out.append((name, info.alias or name))
    return tuple(out)


@cache
def _declares_below(cls: type[WireModel], seen: frozenset[type[WireModel]] = frozenset()) -> bool:
    """Whether ``cls`` or a wire class it holds (at any depth) declares a limit or required-ness."""
    if declaring_fields(cls):
        return True
    below = seen | {cls}
    for name in cls.model_fields:
        nested = nested_model(cls, name)[0]
        if nested is not None and nested not in below and _declares_below(nested, below):
            return True
    return False


# --- metadata ------------------------------------------------------------------------------------


def _metadata(ctx: _Context) -> None:
    promotion, meta = ctx.promotion, ctx.promotion.metadata
    if meta is None:
        return
    status = meta.status
    if promotion.id is None and isinstance(status, str) and status and status.upper() != "DRAFT":
        ctx.report(
            pr.STATUS_NOT_DRAFT,
            "metadata.status",
            f"A new promotion is created in DRAFT only (it was '{status}'); it goes live by approval "
            "(tgb promotions submit, then approve).",
        )
    ctx.enum(meta.promotion_type, values.PROMOTION_TYPES, "metadata.promotionType", "Promotion type")
    ctx.enum(status, values.STATUSES, "metadata.status", "Status")
    for field, what in (("start_date", "The start"), ("end_date", "The end")):
        text = getattr(meta, field)
        path = f"metadata.{'startDate' if field == 'start_date' else 'endDate'}"
        parsed = ctx.date(text, path, what)
        if parsed is not None and isinstance(text, str):
            found = wall_clock(text)
            if found is not None and found.suffix is None:
                ctx.report(
                    pr.DATE_OFFSET,
                    path,
                    f"{what} '{text}' has no UTC offset; the API wants one, e.g. "
                    f"{found.value.date().isoformat()}T00:00:00+05:30.",
                )
    if ctx.start and ctx.end:
        if ctx.end.as_end() < ctx.start.as_start():
            ctx.report(
                pr.WINDOW_ORDER,
                "metadata.endDate",
                "The promotion ends before it starts; swap or fix the dates.",
            )
        elif ctx.end.as_end() < ctx.now:
            ctx.report(
                pr.PROMOTION_ENDED,
                "metadata.endDate",
                f"The promotion ended before now ({ctx.end.as_end().isoformat(timespec='minutes')}); the "
                "server may store it, but it will track and reward nothing. Move its dates forward.",
            )
    _time_zone(ctx)
    _tags(ctx)
    _stacking(ctx)


def _time_zone(ctx: _Context) -> None:
    meta = ctx.promotion.metadata
    assert meta is not None
    name = meta.timezone_name
    if not isinstance(name, str) or not name:
        return
    zone = zone_or_none(name)
    if zone is None:
        ctx.report(
            pr.TIME_ZONE_UNKNOWN,
            "metadata.timezoneName",
            f"'{name}' is not an IANA time zone (e.g. Asia/Kolkata); the server stores it as a label.",
        )
        return
    for field, path in (("start_date", "metadata.startDate"), ("end_date", "metadata.endDate")):
        text = getattr(meta, field)
        found = wall_clock(text) if isinstance(text, str) else None
        if found is None or found.suffix is None or found.suffix == "Z":
            continue
        expected = offset_text(zone.utcoffset(found.value) or timedelta(0))
        if expected != found.suffix:
            ctx.report(
                pr.TIME_ZONE_OFFSET,
                path,
                f"'{text}' is written at {found.suffix}, but {name} is at {expected} then; the dates may "
                f"be read in another zone than meant. Write them at {expected} or fix the time zone.",
            )
            return


def _tags(ctx: _Context) -> None:
    meta = ctx.promotion.metadata
    assert meta is not None
    keys: dict[str, int] = {}
    for index, tag in enumerate(meta.promotion_metadata or []):
        base = f"metadata.promotionMetadata[{index}]"
        key, value = tag.key, tag.value
        if not isinstance(key, str) or not key.strip():
            ctx.report(
                pr.TAG_KEY_MISSING, join_path(base, "key"), f"Tag {index + 1} has no key; give it one."
            )
        elif len(key) > METADATA_KEY_MAX:
            ctx.report(
                pr.TAG_KEY_TOO_LONG,
                join_path(base, "key"),
                f"Tag {index + 1}'s key is {len(key)} characters long; the API allows at most {METADATA_KEY_MAX}.",
            )
        else:
            folded = key.strip()
            if folded in keys:
                ctx.report(
                    pr.TAG_KEY_DUPLICATE,
                    join_path(base, "key"),
                    f"Tag {index + 1} repeats the key '{key}' of tag {keys[folded] + 1}; keys must be unique.",
                )
            else:
                keys[folded] = index
        if not isinstance(value, str) or not value.strip():
            ctx.report(
                pr.TAG_VALUE_MISSING, join_path(base, "value"), f"Tag {index + 1} has no value; give it one."
            )
        elif len(value) > METADATA_VALUE_MAX:
            ctx.report(
                pr.TAG_VALUE_TOO_LONG,
                join_path(base, "value"),
                f"Tag {index + 1}'s value is {len(value)} characters long; the API allows at most "
                f"{METADATA_VALUE_MAX}.",
            )


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _stacking(ctx: _Context) -> None:
    meta = ctx.promotion.metadata
    assert meta is not None
    flags = meta.loyalty_config_meta_data
    if flags is None:
        return
    stackable, exclusive, always = (
        _flag(flags.is_stackable),
        _flag(flags.is_exclusive),
        _flag(flags.is_always_apply),
    )
    base = "metadata.loyaltyConfigMetaData"
    if always and (stackable or exclusive):
        ctx.report(
            pr.STACKING_ALWAYS_APPLY,
            f"{base}.isAlwaysApply",
            "Always apply cannot be combined with stackable or exclusive; turn one of them off.",
        )
    if stackable and exclusive:
        ctx.report(
            pr.STACKING_EXCLUSIVE,
            f"{base}.isExclusive",
            "A promotion cannot be both stackable and exclusive; turn one of them off.",
        )


# --- workflows -----------------------------------------------------------------------------------


def _workflows(ctx: _Context) -> None:
    flows = ctx.promotion.workflow_metadata
    if flows is None:
        return
    meta = ctx.promotion.metadata
    earning = bool(meta and str(meta.promotion_type or "").upper() == "LOYALTY_EARNING")
    enrolment_trigger = str(getattr(flows.enrolment, "based_on", None) or "").upper()
    for name in ("enrolment", "optin"):
        step: WorkflowStep | None = getattr(flows, name)
        if step is None:
            continue
        base = f"workflowMetadata.{name}"
        ctx.enum(step.based_on, values.BASED_ON, f"{base}.basedOn", "Based on")
        _restrictions(ctx, step, base)
        opens, closes = step.opt_in_start_date, step.opt_in_end_date
        if opens is None and closes is None:
            continue
        if name != "optin" or not earning:
            ctx.report(
                pr.OPTIN_WINDOW_PLACE,
                f"{base}.optInStartDate" if opens is not None else f"{base}.optInEndDate",
                "Opt-in dates belong to the opt-in workflow of a LOYALTY_EARNING promotion"
                + ("" if name == "optin" else ", not to enrolment")
                + "; remove them or change the promotion type.",
            )
            continue
        if (opens is None) != (closes is None):
            missing = "optInEndDate" if closes is None else "optInStartDate"
            ctx.report(
                pr.OPTIN_WINDOW_PAIR,
                f"{base}.{missing}",
                "Give both opt-in dates or neither (without them the window is the promotion's).",
            )
        if enrolment_trigger in ("ACTIVITY", "EXTERNAL_TRIGGER"):
            ctx.report(
                pr.OPTIN_WINDOW_TRIGGER,
                f"{base}.optInStartDate",
                f"An opt-in window is not allowed while enrolment is based on {enrolment_trigger}; remove "
                "the opt-in dates or change the enrolment.",
            )
        start = ctx.date(opens, f"{base}.optInStartDate", "The opt-in start")
        end = ctx.date(closes, f"{base}.optInEndDate", "The opt-in end")
        if start and end and end.as_end() < start.as_start():
            ctx.report(
                pr.OPTIN_WINDOW_ORDER, f"{base}.optInEndDate", "The opt-in window ends before it opens."
            )
        if end and ctx.end and end.as_end() > ctx.end.as_end():
            ctx.report(
                pr.OPTIN_WINDOW_END,
                f"{base}.optInEndDate",
                "The opt-in window ends after the promotion; end it on or before the promotion's end.",
            )


def _number(value: Any) -> float | None:
    """A numeric value or numeric text as a float; ``None`` when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(float(value)) else None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _restrictions(ctx: _Context, step: WorkflowStep, base: str) -> None:
    limits = step.restrictions
    if limits is None:
        return
    for name in type(limits).model_fields:
        item = getattr(limits, name)
        if item is None or not hasattr(item, "value"):
            continue
        wire = type(limits).model_fields[name].alias or name
        path = f"{base}.restrictions.{wire}.value"
        value = item.value
        if value is None or value == "":
            continue
        number = _number(value)
        if number is None:
            ctx.report(pr.RESTRICTION_VALUE, path, f"'{value}' is not a number; the restriction needs one.")
        elif name == "enrolment_limit_per_promotion" and number > ENROLMENT_LIMIT_PER_PROMOTION_MAX:
            ctx.report(
                pr.ENROLMENT_LIMIT,
                path,
                f"The enrolment limit per promotion is {value}; the API allows at most "
                f"{ENROLMENT_LIMIT_PER_PROMOTION_MAX:,}.",
            )


# --- activities ----------------------------------------------------------------------------------


def _activity(ctx: _Context, place: Place, seen_ids: dict[str, str]) -> None:
    activity, path = place.activity, place.path
    kind = str(activity.type or "").upper()
    what = f"Activity '{activity.name}'" if activity.name else f"The activity at {path}"
    if activity.type is not None and kind not in values.ACTIVITY_TYPES:
        ctx.report(
            pr.ACTIVITY_TYPE,
            join_path(path, "type"),
            f"{what} has type '{activity.type}'; an activity is SINGLE (one event) or GROUP (ALL/ANY).",
        )
    if activity.id is not None:
        key = str(activity.id)
        if key in seen_ids:
            ctx.report(
                pr.ACTIVITY_ID_DUPLICATE,
                join_path(path, "id"),
                f"Id '{key}' is also used by the activity at {seen_ids[key]}; give each activity its own.",
            )
        else:
            seen_ids[key] = path
    if kind == "SINGLE":
        _single(ctx, place, what)
    elif kind == "GROUP":
        _group(ctx, place, what)
    if activity.exp_json is not None:
        _condition(ctx, activity.exp_json, join_path(path, "expJSON"))
    ctx.enum(
        activity.target_evaluation_type,
        values.EVALUATION_TYPES,
        join_path(path, "targetEvaluationType"),
        "Evaluation window",
    )
    ctx.enum(activity.frequency_type, values.FREQUENCY_TYPES, join_path(path, "frequencyType"), "Cycle unit")
    for index, mapping in enumerate(activity.common_cycle_action_mapping or []):
        _mapping_dates(ctx, mapping, f"{path}.commonCycleActionMapping[{index}]")
        _actions(ctx, mapping, f"{path}.commonCycleActionMapping[{index}]")
    windows: list[tuple[str, Any]] = [("activityCycles", c) for c in activity.activity_cycles or []]
    windows += [("cycles", c) for c in activity.cycles or []]
    counters: dict[str, int] = {}
    for key, window in windows:
        index = counters.get(key, 0)
        counters[key] = index + 1
        ctx.date(window.start_date, f"{path}.{key}[{index}].startDate", "A window's start")
        ctx.date(window.end_date, f"{path}.{key}[{index}].endDate", "A window's end")
    for index, milestone in enumerate(activity.milestones or []):
        _milestone(ctx, place, milestone, f"{path}.milestones[{index}]")


def _single(ctx: _Context, place: Place, what: str) -> None:
    activity, path = place.activity, place.path
    _placeholder(ctx, activity.event, f"{path}.event")
    if not activity.event:
        ctx.report(
            pr.ACTIVITY_EVENT_MISSING,
            join_path(path, "event"),
            f"{what} needs the event it listens to (e.g. TransactionAdd).",
        )
    if activity.exp_json is None and not ctx.broadcast:
        ctx.report(
            pr.ACTIVITY_CONDITION_MISSING,
            join_path(path, "expJSON"),
            f"{what} has no condition (expJSON): the docs require one, though responses leave it out. "
            'Send {"arity":"literal","type":"boolean:primitive","value":"true"} for no filter.',
        )
    if len(activity.milestones or []) > 1:
        ctx.report(
            pr.MILESTONES_PER_SINGLE,
            join_path(path, "milestones"),
            f"{what} has {len(activity.milestones or [])} milestones; a SINGLE activity takes at most one. "
            "Use a GROUP with one child per milestone.",
        )


def _group(ctx: _Context, place: Place, what: str) -> None:
    activity, path = place.activity, place.path
    combination = activity.combination_type
    if not combination or str(combination).upper() not in values.COMBINATION_TYPES:
        shown = f" ('{combination}')" if combination else ""
        ctx.report(
            pr.GROUP_COMBINATION,
            join_path(path, "combinationType"),
            f"{what} is a GROUP and needs combinationType ALL or ANY{shown}.",
        )
    if not activity.children:
        ctx.report(
            pr.GROUP_CHILDREN,
            join_path(path, "children"),
            f"{what} is a GROUP with no children; add its activities.",
        )
    if activity.common_cycle_action_mapping:
        for index, child in enumerate(activity.children or []):
            if child.common_cycle_action_mapping:
                ctx.report(
                    pr.CHILD_COMMON_MAPPING,
                    f"{path}.children[{index}].commonCycleActionMapping",
                    "This child has its own common mapping while its GROUP has one; the server refuses "
                    "that. Keep the rewards on the group.",
                )


def _condition(ctx: _Context, text: str, path: str) -> None:
    for where, message in check_expression_json(text):
        ctx.report(
            pr.CONDITION_INVALID,
            path,
            f"The condition JSON{(' at ' + where) if where else ''} {message.rstrip('.')}; the server may "
            "refuse it.",
        )


def _mapping_dates(
    ctx: _Context, mapping: CycleActionMapping, path: str
) -> tuple[datetime | None, datetime | None]:
    """The cycle's first and last instants (a plain date spans its day); bad dates are reported."""
    return (
        _instant(ctx, mapping.start_date, path, "startDate", "The cycle's start", end=False),
        _instant(ctx, mapping.end_date, path, "endDate", "The cycle's end", end=True),
    )


def _instant(ctx: _Context, text: Any, path: str, key: str, what: str, *, end: bool) -> datetime | None:
    """One cycle date as an instant, the quick way for the usual ISO text (1,000s of cycles)."""
    if text is None or text == "":
        return None
    if not isinstance(text, str):
        ctx.date(text, f"{path}.{key}", what)  # reports it
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        parsed = ctx.date(text, f"{path}.{key}", what)  # the planner's reader, or the report
        return None if parsed is None else (parsed.as_end() if end else parsed.as_start())
    if value.tzinfo is None:
        ctx.report(
            pr.CYCLE_DATE_OFFSET,
            f"{path}.{key}",
            f"'{text}' has no UTC offset; the server reads it in its own zone. Add the offset "
            "the promotion's dates use.",
        )
        value = value.replace(tzinfo=ctx.zone or UTC)
        if len(text) == 10 and end:
            value = value.replace(hour=23, minute=59, second=59, microsecond=999000)
    return value


def _actions(ctx: _Context, mapping: CycleActionMapping, path: str) -> None:
    for index, action in enumerate(mapping.actions or []):
        _action(ctx, action, f"{path}.actions[{index}]")


def _action(ctx: _Context, action: Action, path: str) -> None:
    props = action.mandatory_properties_values
    if action.action_class and not (isinstance(props, dict) and props.get("delegateActionClass")):
        ctx.report(
            pr.ACTION_DELEGATE,
            join_path(path, "actionClass"),
            "The docs say actionClass is always the CommunicationDecoratorActionImpl, with the real class "
            "in mandatoryPropertiesValues.delegateActionClass; most examples name the real class here "
            "instead. If the server refuses the action, add delegateActionClass.",
        )
    if isinstance(props, dict):
        for key, value in props.items():
            if isinstance(value, str):  # the usual case, and 366 cycles have thousands: kept quick
                if value.startswith("<"):
                    _placeholder(ctx, value, f"{path}.mandatoryPropertiesValues.{key}")
            elif value is not None:
                ctx.report(
                    pr.ACTION_PROPERTY_TEXT,
                    join_path(path, "mandatoryPropertiesValues", key),
                    f"'{key}' is {value!r}; every action property is text, so write it as \"{value}\".",
                )
    types: dict[str, int] = {}
    for index, strategy in enumerate(action.embedded_strategies or []):
        spath = f"{path}.embeddedStrategies[{index}]"
        kind = strategy.strategy_type_id
        if kind is not None:
            key = str(kind)
            if key in types:
                ctx.report(
                    pr.STRATEGY_DUPLICATE,
                    join_path(spath, "strategyTypeId"),
                    f"Strategy type {kind} is given twice for this action; keep one of each type.",
                )
            types.setdefault(key, index)
        if strategy.property_values is not None:
            try:
                parsed = jsontext.parse(strategy.property_values).value
            except jsontext.JsonTextError:
                parsed = None
            if not isinstance(parsed, dict):
                ctx.report(
                    pr.STRATEGY_PROPERTIES,
                    join_path(spath, "propertyValues"),
                    "propertyValues should be a JSON object in a string, e.g. "
                    '{"allocation_type":"FIXED","allocation_values":"100"}.',
                )


# --- milestones ----------------------------------------------------------------------------------


def _milestone(ctx: _Context, place: Place, milestone: Milestone, path: str) -> None:
    target_type = str(milestone.target_type or "").upper()
    tracking = str(milestone.tracking_type or "").upper()
    ctx.enum(milestone.target_type, values.TARGET_TYPES, join_path(path, "targetType"), "Measure")
    ctx.enum(
        milestone.target_entity,
        values.TARGET_ENTITIES,
        join_path(path, "targetEntity"),
        "Tracked on",
        " Points are tracked on POINTS here (REWARDS was the target groups' name)."
        if str(milestone.target_entity).upper() == "REWARDS"
        else "",
    )
    ctx.enum(milestone.tracking_type, values.TRACKING_TYPES, join_path(path, "trackingType"), "Tracking")
    ctx.enum(
        milestone.target_evaluation_type,
        values.EVALUATION_TYPES,
        join_path(path, "targetEvaluationType"),
        "Evaluation window",
    )
    ctx.enum(milestone.frequency_type, values.FREQUENCY_TYPES, join_path(path, "frequencyType"), "Cycle unit")
    if tracking and tracking != "DEFAULT" and tracking in values.TRACKING_TYPES:
        ctx.report(
            pr.TRACKING_UNPROVEN,
            join_path(path, "trackingType"),
            f"Tracking {tracking} is listed by the docs but no example uses it; the server's handling is "
            "unverified (the old v3/targetGroups path still takes it).",
        )
    if target_type == "EXTENDED_FIELD":
        info = milestone.target_rule_meta_data
        if info is None or not info.name or not info.aggregate_function:
            ctx.report(
                pr.EXTENDED_FIELD_METADATA,
                join_path(path, "targetRuleMetaData"),
                "An EXTENDED_FIELD milestone needs targetRuleMetaData with the field's name and the "
                "aggregate function (SUM, COUNT, MAX or MIN).",
            )
    if tracking in values.STREAK_TRACKING and not milestone.streaks:
        ctx.report(
            pr.STREAK_LEVELS_MISSING,
            join_path(path, "streaks"),
            f"A {tracking} milestone needs streaks[] (name, targetCountOfSequence, consecutive).",
        )
    evaluation = str(milestone.target_evaluation_type or place.activity.target_evaluation_type or "").upper()
    if _flag(milestone.leaderboard_enabled) and evaluation and evaluation != "FIXED_CALENDAR_WINDOW":
        ctx.report(
            pr.LEADERBOARD_WINDOW,
            join_path(path, "leaderboardEnabled"),
            f"A leaderboard on {evaluation}: target groups allow leaderboards only on the fixed calendar "
            "window (310132); an example does this on promotions, but whether the server accepts it is unknown.",
        )
    _target_value(ctx, milestone.default_value, path, "defaultValue")
    _target_value(ctx, milestone.target_value, path, "targetValue")
    _cycles(ctx, milestone, path)
    if not _rewarded(place, milestone):
        ctx.report(
            pr.NO_REWARD,
            join_path(path, "cycleActionMapping"),
            "This milestone rewards nothing: no action in its cycles, its activity or its group. The server "
            "will track it, but reaching the target gives the customer nothing; add an action.",
        )


def _target_value(ctx: _Context, value: Any, base: str, key: str = "defaultValue") -> float | None:
    """The target's number; its problems are reported at ``base.key`` (the path is made only then)."""
    if value is None or value == "":
        return None
    number: float | None
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = math.nan
    else:
        number = _number(value) if not isinstance(value, bool) else None
        if number is not None:
            ctx.report(
                pr.TARGET_VALUE_TEXT,
                f"{base}.{key}",
                f'The API writes targets as text; send "{value}" rather than {value}.',
            )
    if number is None or not math.isfinite(number):
        ctx.report(
            pr.TARGET_VALUE_INVALID,
            f"{base}.{key}",
            f"'{value}' is not a number; a target is a numeric string such as \"15\".",
        )
        return None
    if number < 0:
        ctx.report(
            pr.TARGET_VALUE_NEGATIVE,
            f"{base}.{key}",
            f"A target of {value} can never be missed; use 0 or more.",
        )
    return number


def _cycles(ctx: _Context, milestone: Milestone, path: str) -> None:
    cycles = milestone.cycle_action_mapping or []
    numbers: list[tuple[int, float]] = []
    # Instants as POSIX seconds: comparing two aware datetimes asks each for its UTC offset, and a
    # daily milestone's 366 cycles make thousands of comparisons at every keystroke.
    previous_start: float | None = None
    previous_end: float | None = None
    opens = ctx.start.as_start().timestamp() if ctx.start else None
    closes = ctx.end.as_end().timestamp() if ctx.end else None
    for index, mapping in enumerate(cycles):
        cpath = f"{path}.cycleActionMapping[{index}]"
        expected = f"Cycle_{index + 1}"
        if mapping.cycle is not None and mapping.cycle != expected:
            ctx.report(
                pr.CYCLE_NAME,
                join_path(cpath, "cycle"),
                f"Cycle {index + 1} is called '{mapping.cycle}'; the API names cycles {expected} and so on, in order.",
            )
        number = _target_value(ctx, mapping.default_value, cpath)
        if number is not None:
            numbers.append((index, number))
        start, end = _mapping_dates(ctx, mapping, cpath)
        if mapping.actions:
            _actions(ctx, mapping, cpath)
        if start is None or end is None:
            previous_start = previous_end = None
            continue
        first, last = start.timestamp(), end.timestamp()
        if last < first:
            ctx.report(pr.CYCLE_ORDER, join_path(cpath, "endDate"), f"{expected} ends before it starts.")
        elif previous_end is not None and previous_start is not None:
            if first < previous_start:
                ctx.report(
                    pr.CYCLE_ORDER,
                    join_path(cpath, "startDate"),
                    f"{expected} starts before cycle {index}; list the cycles in date order.",
                )
            elif first <= previous_end:
                ctx.report(
                    pr.CYCLE_GAP,
                    join_path(cpath, "startDate"),
                    f"{expected} starts before cycle {index} ends; a day in both would count twice.",
                )
            elif first - previous_end > 1.0:
                ctx.report(
                    pr.CYCLE_GAP,
                    join_path(cpath, "startDate"),
                    f"{expected} starts {_gap(timedelta(seconds=first - previous_end))} after cycle {index} ends; what happens "
                    "in between counts for no cycle.",
                )
        if opens is not None and first < opens:
            ctx.report(
                pr.CYCLE_OUTSIDE,
                join_path(cpath, "startDate"),
                f"{expected} starts before the promotion does.",
            )
        if closes is not None and last > closes:
            ctx.report(
                pr.CYCLE_OUTSIDE,
                join_path(cpath, "endDate"),
                f"{expected} ends after the promotion does; cut it at the promotion's end.",
            )
        previous_start, previous_end = first, last
    if _flag_false(milestone.different_targets_for_every_cycle):
        base = _number(milestone.default_value)
        distinct = {n for _, n in numbers} | ({base} if base is not None else set())
        if len(distinct) > 1:
            ctx.report(
                pr.TARGETS_DIFFER,
                join_path(path, "differentTargetsForEveryCycle"),
                "The cycles have different targets but differentTargetsForEveryCycle is false, so the server "
                "is likely to apply one target to every cycle. Set it to true, or give every cycle the same target.",
            )
    if _number(milestone.default_value) is None and not numbers and milestone.default_value in (None, ""):
        ctx.report(
            pr.TARGET_MISSING,
            join_path(path, "defaultValue"),
            "This milestone has no target: set defaultValue, or a defaultValue in each cycle.",
        )


def _gap(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds >= 86400:
        return f"{seconds // 86400} day(s)"
    if seconds >= 3600:
        return f"{seconds // 3600} hour(s)"
    return f"{seconds} second(s)"


def _flag_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _has_actions(mappings: list[CycleActionMapping] | None) -> bool:
    return any(mapping.actions for mapping in mappings or [])


def _rewarded(place: Place, milestone: Milestone) -> bool:
    if _has_actions(milestone.cycle_action_mapping):
        return True
    if _has_actions(place.activity.common_cycle_action_mapping):
        return True
    return place.parent is not None and _has_actions(place.parent.common_cycle_action_mapping)


# --- limits, liability, broadcast ------------------------------------------------------------------


def _limits(ctx: _Context) -> None:
    for index, limit in enumerate(ctx.promotion.limits or []):
        base = f"limits[{index}]"
        if str(limit.entity_scope or "").upper() == "PROGRAM" and limit.entity_id in (None, ""):
            ctx.report(
                pr.LIMIT_PROGRAM_ENTITY,
                f"{base}.entityId",
                "A PROGRAM-scoped limit needs entityId, the program's id.",
            )
        period = limit.period
        if period is None:
            continue
        ctx.enum(period.period_type, values.PERIOD_TYPES, f"{base}.period.periodType", "Period type")
        unit = str(period.period_unit or "").upper()
        if period.period_start_day:
            if unit != "WEEKS":
                ctx.report(
                    pr.LIMIT_WEEK_START,
                    f"{base}.period.periodStartDay",
                    f"A week start day ({period.period_start_day}) only applies to a period in WEEKS"
                    f"{f' (this one is in {unit})' if unit else ''}; remove it or use WEEKS.",
                )
            elif period.period_value is not None and _number(period.period_value) != 1:
                ctx.report(
                    pr.LIMIT_WEEK_LENGTH,
                    f"{base}.period.periodValue",
                    f"A weekly limit with a start day is one week long; periodValue must be 1 (it is {period.period_value}).",
                )
        for key in ("reference_date", "start_date", "end_date"):
            text = getattr(period, key)
            if isinstance(text, str):
                ctx.date(
                    text, f"{base}.period.{type(period).model_fields[key].alias or key}", "The limit's date"
                )


def _liability(ctx: _Context) -> None:
    splits = ctx.promotion.liability_owner_split_info or []
    counted = [
        s for s in splits if not _flag_false(s.active) and not _flag_false(getattr(s, "isActive", None))
    ]
    ratios = [_number(s.ratio) for s in counted]
    if not counted or any(r is None for r in ratios):
        return
    total = sum(r for r in ratios if r is not None)
    if abs(total - 100) > 1e-6:
        ctx.report(
            pr.LIABILITY_TOTAL,
            "liabilityOwnerSplitInfo",
            f"The liability shares add up to {total:g}; the docs say they should add up to 100.",
        )


def _broadcast(ctx: _Context) -> None:
    if not ctx.broadcast:
        return
    promotion = ctx.promotion
    meta = promotion.metadata
    assert meta is not None
    if str(meta.promotion_type or "").upper() != "LOYALTY":
        ctx.report(
            pr.BROADCAST_SHAPE,
            "metadata.promotionType",
            f"A broadcast promotion is of type LOYALTY (it is '{meta.promotion_type}').",
        )
    for index, activity in enumerate(promotion.activities or []):
        if activity.event and activity.event != "BulkEMFEvent":
            ctx.report(
                pr.BROADCAST_SHAPE,
                f"activities[{index}].event",
                f"A broadcast activity listens to BulkEMFEvent (this one to {activity.event}).",
            )
    info = promotion.broadcast_metadata
    if info is None or info.till_id in (None, ""):
        ctx.report(
            pr.BROADCAST_TILL, "broadcastMetadata.tillId", "A broadcast needs broadcastMetadata.tillId."
        )
    ids = info.audience_filter.audience_list_ids if info and info.audience_filter else None
    if not ids:
        ctx.report(
            pr.BROADCAST_AUDIENCE,
            "broadcastMetadata.audienceFilter.audienceListIds",
            "A broadcast names the audience lists it goes to (at least one id).",
        )
    schedule = promotion.promotion_schedule.schedule if promotion.promotion_schedule else None
    if schedule is not None:
        if str(schedule.start_type or "").upper() == "PARTICULAR_DATE" and not schedule.schedule_date:
            ctx.report(
                pr.SCHEDULE_DATE,
                "promotionSchedule.schedule.scheduleDate",
                "A broadcast that starts on a particular date needs scheduleDate.",
            )
        elif schedule.schedule_date:
            ctx.date(schedule.schedule_date, "promotionSchedule.schedule.scheduleDate", "The schedule date")
