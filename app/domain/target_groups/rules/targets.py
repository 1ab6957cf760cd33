"""Rules on the targets: counts per tracking type, the entity/type matrix, values, filters, conditions."""

from __future__ import annotations

from app.domain.enums import (
    AggregateFunction,
    EnrolmentMethod,
    TargetEntity,
    TargetEvaluationType,
    TargetType,
    TrackingType,
    label,
)
from app.domain.expression import check_expression_json, is_always_true
from app.domain.fields import field_title
from app.domain.problems import join_path
from app.domain.target_groups.models import ExtendedFieldInfo, Target
from app.domain.target_groups.rules import target_group_catalogue as tg
from app.domain.target_groups.rules.context import Context
from app.domain.target_groups.rules.group import MAX_UNIFIED_TARGETS

_TXN_TYPES = frozenset(
    {
        TargetType.QUANTITY,
        TargetType.SALES,
        TargetType.GROSS_SALES,
        TargetType.COUNT,
        TargetType.VISIT,
        TargetType.EXTENDED_FIELD,
    }
)

#: targetEntity -> the targetTypes the API accepts with it (``docs/api/target-groups.md``). Error 310033 otherwise.
ALLOWED_TYPES: dict[TargetEntity, frozenset[TargetType]] = {
    TargetEntity.TRANSACTION: _TXN_TYPES,
    TargetEntity.LINEITEM: _TXN_TYPES,
    TargetEntity.EVENT: frozenset({TargetType.COUNT, TargetType.VISIT, TargetType.EVENT_ATTRIBUTE}),
    TargetEntity.REWARDS: frozenset(
        {TargetType.REGULAR_POINTS, TargetType.PROMOTIONAL_POINTS, TargetType.ALL_POINTS}
    ),
    TargetEntity.ALTERNATE_CURRENCIES: frozenset({TargetType.ALL, TargetType.REGULAR, TargetType.PROMOTION}),
    TargetEntity.POINTS: frozenset(TargetType),
}

#: Pairs outside the table that a server was seen to store (49 of 96 groups in a 2025 listing):
#: offered in the form, with a warning that names what was seen.
SEEN_STORED: frozenset[tuple[TargetEntity, TargetType]] = frozenset(
    {(TargetEntity.TRANSACTION, TargetType.ALL)}
)

#: Pairs the docs disagree on: accepted with a warning.
_CONFLICTING_PAIRS = {
    (TargetEntity.REWARDS, TargetType.ALL),
    (TargetEntity.REWARDS, TargetType.REGULAR),
    (TargetEntity.REWARDS, TargetType.PROMOTION),
}

#: Tracking types with exactly one target. STREAKS is not one: the parameter table says a streak
#: tracks "multiple targets", and a create response shows a streak group with two.
_SINGLE_TARGET_TYPES = (TrackingType.DEFAULT, TrackingType.CAPPING)


def allowed_types(entity: TargetEntity | None) -> list[TargetType]:
    """The target types to offer for an entity, in declaration order (all when unknown)."""
    allowed = ALLOWED_TYPES.get(entity) if entity else None
    return [t for t in TargetType if allowed is None or t in allowed or (entity, t) in SEEN_STORED]


def check_targets(ctx: Context) -> None:
    targets = ctx.group.targets or []
    _count(ctx, len(targets))
    names: dict[str, int] = {}
    period_count = len(ctx.group.periods or [])
    for index, target in enumerate(targets):
        prefix = join_path("targets", index)
        ctx.check_fields(target, prefix, f"Target {index + 1}")
        key = (target.name or "").strip().casefold()
        if key and key in names:
            ctx.report(
                tg.TARGET_NAME_DUPLICATE,
                join_path(prefix, "name"),
                f"Target name '{target.name}' is already used by target {names[key] + 1}; names are "
                "compared without case, so the server is likely to refuse the second.",
            )
        elif key:
            names[key] = index
        _entity_and_type(ctx, target, prefix, index)
        _enrolment(ctx, target, prefix)
        _default_values(ctx, target, prefix, period_count, index)
        _filters(ctx, target, prefix)
        _expression(ctx, target, prefix)


def _count(ctx: Context, count: int) -> None:
    group = ctx.group
    tracking = group.tracking_type
    if group.user_created:
        wanted, why = (1, 1), "A user-created group"
    elif tracking in _SINGLE_TARGET_TYPES:
        assert tracking is not None
        wanted, why = (1, 1), f"A {label(tracking).lower()} group"
    elif tracking is TrackingType.UNIFIED:
        wanted, why = (2, MAX_UNIFIED_TARGETS), "A unified group"
    else:
        wanted, why = (1, MAX_UNIFIED_TARGETS), "A group"
    low, high = wanted
    if low <= count <= high:
        return
    need = "exactly 1 target" if low == high == 1 else f"{low} to {high} targets"
    consequence = (
        "the server creates no target until targets are added"
        if count == 0
        else "the server is likely to refuse it or track only part of it"
    )
    ctx.report(tg.TARGET_COUNT, "targets", f"{why} has {need} in the docs; it has {count}, so {consequence}.")


def _entity_and_type(ctx: Context, target: Target, prefix: str, index: int) -> None:
    entity, kind = target.target_entity, target.target_type
    if entity is None or kind is None:
        return
    measure = field_title(Target, "target_type")
    if (entity, kind) in _CONFLICTING_PAIRS:
        ctx.report(
            tg.TARGET_TYPE_CONFLICT,
            join_path(prefix, "targetType"),
            f"{label(kind)} with {label(entity)} appears only in the response tables; the request docs use "
            f"{', '.join(label(t) for t in allowed_types(entity))}. Prefer those.",
        )
    elif (entity, kind) in SEEN_STORED:
        ctx.report(
            tg.ENTITY_TYPE_STORED,
            join_path(prefix, "targetType"),
            f"Target {index + 1}: the docs' table does not list the {measure.lower()} {label(kind)} for "
            f"{label(entity)} targets, but a server was seen to store many groups with it (active ones "
            "too); it is likely accepted.",
        )
    elif kind not in ALLOWED_TYPES[entity]:
        options = ", ".join(label(t) for t in ALLOWED_TYPES[entity])
        ctx.report(
            tg.ENTITY_TYPE_MISMATCH,
            join_path(prefix, "targetType"),
            f"Target {index + 1}: the docs' table does not list the {measure.lower()} {label(kind)} for "
            f"{label(entity)} targets ({options}); the server may refuse it with 310033 (stored groups show "
            "it accepts more than the table, so this is not certain).",
        )
        return
    if entity is TargetEntity.POINTS:
        ctx.report(
            tg.TARGET_ENTITY_LEGACY,
            join_path(prefix, "targetEntity"),
            f"{label(entity)} appears only in old documentation; use {label(TargetEntity.REWARDS)} for "
            "points targets.",
        )
    if entity is TargetEntity.EVENT and not (target.event_name or "").strip():
        ctx.report(
            tg.EVENT_NAME_MISSING,
            join_path(prefix, "eventName"),
            f"No {field_title(Target, 'event_name').lower()}: the server is likely to fill in TransactionAdd "
            "(it did for uatTargetGroup130). Set the behavioural or EMF event you mean.",
        )
    if kind is TargetType.EXTENDED_FIELD:
        _extended_field(ctx, target, prefix)
    elif kind is TargetType.EVENT_ATTRIBUTE:
        _event_attribute(ctx, target, prefix)
    if entity is TargetEntity.ALTERNATE_CURRENCIES:
        _alternate_currency(ctx, target, prefix)


def _extended_field(ctx: Context, target: Target, prefix: str) -> None:
    info = target.extended_field_info
    path = join_path(prefix, "extendedFieldInfo")
    if info is None:
        ctx.report(
            tg.EXTENDED_FIELD_MISSING, path, "An extended field target needs the field name and function."
        )
        return
    if not (info.name or "").strip():
        ctx.report(
            tg.EXTENDED_FIELD_MISSING,
            join_path(path, "name"),
            f"Enter the {field_title(ExtendedFieldInfo, 'name').lower()} to aggregate.",
        )
    if info.aggregate_function is None:
        ctx.report(
            tg.EXTENDED_FIELD_MISSING,
            join_path(path, "aggregateFunction"),
            f"Choose the {field_title(ExtendedFieldInfo, 'aggregate_function').lower()} "
            f"({label(AggregateFunction.SUM)} or {label(AggregateFunction.COUNT)}).",
        )


def _event_attribute(ctx: Context, target: Target, prefix: str) -> None:
    info = target.extended_field_info
    path = join_path(prefix, "extendedFieldInfo")
    if info is None or not (info.name or "").strip():
        ctx.report(
            tg.EVENT_ATTRIBUTE_MISSING,
            join_path(path, "name") if info is not None else path,
            "An event attribute target needs the name of the attribute to sum; the server is likely to "
            "refuse it (error 310094) without.",
        )
    if info is not None and info.aggregate_function not in (None, AggregateFunction.SUM):
        ctx.report(
            tg.EVENT_ATTRIBUTE_FUNCTION,
            join_path(path, "aggregateFunction"),
            f"An event attribute target sums the attribute; use {label(AggregateFunction.SUM)}.",
        )


def _alternate_currency(ctx: Context, target: Target, prefix: str) -> None:
    info = target.extended_field_info
    path = join_path(prefix, "extendedFieldInfo")
    if ctx.group.tracking_type is TrackingType.UNIFIED:
        ctx.report(
            tg.ALTERNATE_CURRENCY_UNIFIED,
            join_path(prefix, "targetEntity"),
            "The docs disagree on alternate currency targets in unified groups; the alternate currency "
            "page says they are not supported. Test this in a sandbox org first.",
        )
    if info is None:
        ctx.report(
            tg.ALTERNATE_CURRENCY_MISSING,
            path,
            "An alternate currency target needs the currency identifier and the program id.",
        )
        return
    if not (info.alternate_currency_identifier or "").strip():
        ctx.report(
            tg.ALTERNATE_CURRENCY_IDENTIFIER,
            join_path(path, "alternateCurrencyIdentifier"),
            f"Enter the {field_title(ExtendedFieldInfo, 'alternate_currency_identifier').lower()} (e.g. DocCoin).",
        )
    if info.program_id is None or info.program_id <= 0:
        ctx.report(
            tg.PROGRAM_ID,
            join_path(path, "programId"),
            "Enter the id of the program the currency belongs to (a positive number).",
        )


def _enrolment(ctx: Context, target: Target, prefix: str) -> None:
    method = target.enrolment_method
    path = join_path(prefix, "enrolmentMethod")
    if method is EnrolmentMethod.AUDIENCE_FILTER:
        ctx.report(
            tg.ENROLMENT_RESPONSE_ONLY,
            path,
            f"{label(method)} appears only in responses; use {label(EnrolmentMethod.IMPORT)}.",
        )
    if not ctx.group.user_created or method is EnrolmentMethod.IMPORT:
        return
    if method is None:
        message = (
            "A user-created target is enrolled by import; the server is likely to set "
            f"{label(EnrolmentMethod.IMPORT)} (it did for UCCtesttarget2). Set it to be explicit."
        )
    else:
        message = (
            f"The docs say a user-created target is enrolled by {label(EnrolmentMethod.IMPORT)}, not "
            f"{label(method).lower()}; the server accepted a user-created streak enrolled by transaction, "
            "so check that customers can still set their own goal."
        )
    ctx.report(tg.USER_CREATED_ENROLMENT, path, message)


def _default_values(ctx: Context, target: Target, prefix: str, period_count: int, index: int) -> None:
    values = target.default_values or []
    path = join_path(prefix, "defaultValues")
    if len(values) != period_count:
        ctx.report(
            tg.DEFAULT_VALUES_COUNT,
            path,
            f"Target {index + 1} has {len(values)} value(s) for {period_count} period(s); the server matches "
            "values to periods by position, so give exactly one per period, in period order.",
        )
    numbers = [item.default_value for item in values]
    for position, value in enumerate(numbers):
        item = values[position]
        if value is None:
            ctx.report(
                tg.DEFAULT_VALUE_MISSING,
                f"{path}[{position}].defaultValue",
                f"Enter the target value for period {position + 1}; without one the period has nothing to reach.",
            )
        elif value < 0:
            ctx.check_fields(item, f"{path}[{position}]", f"Period {position + 1}")
    distinct = {value for value in numbers if value is not None}
    evaluation = ctx.group.target_evaluation_type
    if len(distinct) > 1 and evaluation not in (None, TargetEvaluationType.FIXED_CALENDAR_WINDOW):
        assert evaluation is not None
        ctx.report(
            tg.DEFAULT_VALUES_VARY,
            path,
            f"Different values per period need the {label(TargetEvaluationType.FIXED_CALENDAR_WINDOW).lower()}; "
            f"with the {label(evaluation).lower()} the server is likely to use one value for every period. "
            "Use Fill all.",
        )


def _filters(ctx: Context, target: Target, prefix: str) -> None:
    for index, item in enumerate(target.filters or []):
        path = join_path(prefix, "filters", index)
        ctx.check_fields(item, path, f"Filter {index + 1}")
        ids = item.entity_ids or []
        if not ids:
            ctx.report(
                tg.FILTER_IDS_EMPTY,
                join_path(path, "entityIds"),
                "Add at least one id to the filter; with none it limits the target to nothing.",
            )
        for id_index, value in enumerate(ids):
            if value < 0:
                ctx.report(
                    tg.FILTER_ID_NEGATIVE,
                    join_path(path, "entityIds", id_index),
                    f"Filter id {value} is not an id; ids are positive numbers.",
                )


def _expression(ctx: Context, target: Target, prefix: str) -> None:
    text, tree = target.expression, target.expression_json
    if tree is None:
        if text is not None and not is_always_true(text):
            ctx.report(
                tg.EXPRESSION_JSON_MISSING,
                join_path(prefix, "expressionJson"),
                "The condition has no condition JSON; send both so the server does not have to derive it.",
            )
        return
    for where, message in check_expression_json(tree):
        ctx.report(
            tg.EXPRESSION_JSON_INVALID,
            join_path(prefix, "expressionJson"),
            f"The condition JSON{(' at ' + where) if where else ''} {message[:-1] if message.endswith('.') else message}; "
            "the server may refuse it or derive its own from the condition.",
        )
    if text is not None and is_always_true(text) and '"literal"' not in tree.replace(" ", ""):
        ctx.report(
            tg.EXPRESSION_MISMATCH,
            join_path(prefix, "expression"),
            "The condition says true but its JSON is a different rule; rebuild one from the other.",
        )
