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
from app.domain.models import Target
from app.domain.problems import join_path
from app.domain.rules.context import Context
from app.domain.rules.group import MAX_UNIFIED_TARGETS

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

#: targetEntity -> the targetTypes the API accepts with it (api-notes §4d). Error 310033 otherwise.
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

#: Pairs the docs disagree on: accepted with a warning.
_CONFLICTING_PAIRS = {
    (TargetEntity.REWARDS, TargetType.ALL),
    (TargetEntity.REWARDS, TargetType.REGULAR),
    (TargetEntity.REWARDS, TargetType.PROMOTION),
}

_SINGLE_TARGET_TYPES = (TrackingType.DEFAULT, TrackingType.CAPPING, TrackingType.STREAKS)


def allowed_types(entity: TargetEntity | None) -> list[TargetType]:
    """The target types to offer for an entity, in declaration order (all when unknown)."""
    allowed = ALLOWED_TYPES.get(entity) if entity else None
    return [t for t in TargetType if allowed is None or t in allowed]


def check_targets(ctx: Context) -> None:
    targets = ctx.group.targets or []
    _count(ctx, len(targets))
    names: dict[str, int] = {}
    period_count = len(ctx.group.periods or [])
    for index, target in enumerate(targets):
        prefix = join_path("targets", index)
        ctx.check_text(target, "name", prefix, required=True, api_code=310008, what="Target name")
        ctx.check_text(target, "description", prefix, what="Target description")
        key = (target.name or "").strip().casefold()
        if key and key in names:
            ctx.error(
                join_path(prefix, "name"),
                "target-name-duplicate",
                f"Target name '{target.name}' is already used by target {names[key] + 1}; names are "
                "compared without case.",
            )
        elif key:
            names[key] = index
        _entity_and_type(ctx, target, prefix)
        _enrolment(ctx, target, prefix)
        _default_values(ctx, target, prefix, period_count)
        _filters(ctx, target, prefix)
        _expression(ctx, target, prefix)


def _count(ctx: Context, count: int) -> None:
    group = ctx.group
    tracking = group.tracking_type
    if group.user_created:
        wanted, why = (1, 1), "A user-created group"
    elif tracking in _SINGLE_TARGET_TYPES:
        wanted, why = (1, 1), f"A {tracking.value if tracking else ''} group"
    elif tracking is TrackingType.UNIFIED:
        wanted, why = (2, MAX_UNIFIED_TARGETS), "A UNIFIED group"
    else:
        wanted, why = (1, MAX_UNIFIED_TARGETS), "A group"
    low, high = wanted
    if low <= count <= high:
        return
    need = "exactly 1 target" if low == high == 1 else f"{low} to {high} targets"
    ctx.error("targets", "target-count", f"{why} needs {need}; it has {count}.")


def _entity_and_type(ctx: Context, target: Target, prefix: str) -> None:
    entity, kind = target.target_entity, target.target_type
    if entity is None:
        ctx.error(
            join_path(prefix, "targetEntity"), "required", "Choose what the target tracks (targetEntity)."
        )
    if kind is None:
        ctx.error(join_path(prefix, "targetType"), "required", "Choose the measure (targetType).")
    if entity is None or kind is None:
        return
    if (entity, kind) in _CONFLICTING_PAIRS:
        ctx.warning(
            join_path(prefix, "targetType"),
            "target-type-conflicting-docs",
            f"{kind.value} with REWARDS appears only in response tables; the request docs use "
            "REGULAR_POINTS, PROMOTIONAL_POINTS or ALL_POINTS. Prefer those.",
        )
    elif kind not in ALLOWED_TYPES[entity]:
        options = ", ".join(t.value for t in allowed_types(entity))
        ctx.error(
            join_path(prefix, "targetType"),
            "entity-type-mismatch",
            f"{label(entity)} targets cannot measure {kind.value}; choose one of {options}.",
            310033,
        )
        return
    if entity is TargetEntity.POINTS:
        ctx.warning(
            join_path(prefix, "targetEntity"),
            "target-entity-legacy",
            "POINTS appears only in old documentation; use REWARDS for points targets.",
        )
    if entity is TargetEntity.EVENT and not (target.event_name or "").strip():
        ctx.warning(
            join_path(prefix, "eventName"),
            "event-name-missing",
            "No event name: the server is likely to fill in eventName TransactionAdd (it did for "
            "uatTargetGroup130). Set the behavioural or EMF event you mean.",
        )
    if kind in (TargetType.EXTENDED_FIELD, TargetType.EVENT_ATTRIBUTE):
        _extended_field(ctx, target, prefix, kind)
    if entity is TargetEntity.ALTERNATE_CURRENCIES:
        _alternate_currency(ctx, target, prefix)


def _extended_field(ctx: Context, target: Target, prefix: str, kind: TargetType) -> None:
    info = target.extended_field_info
    what = "extended field" if kind is TargetType.EXTENDED_FIELD else "event attribute"
    path = join_path(prefix, "extendedFieldInfo")
    if info is None:
        ctx.error(path, "extended-field-missing", f"{kind.value} needs the {what} name and function.", 310094)
        return
    if not (info.name or "").strip():
        ctx.error(join_path(path, "name"), "extended-field-missing", f"Name the {what} to aggregate.", 310094)
    if info.aggregate_function is None:
        ctx.error(
            join_path(path, "aggregateFunction"),
            "extended-field-missing",
            "Choose the aggregate function (SUM or COUNT).",
            310094,
        )
    elif kind is TargetType.EVENT_ATTRIBUTE and info.aggregate_function is not AggregateFunction.SUM:
        ctx.error(
            join_path(path, "aggregateFunction"),
            "event-attribute-function",
            "An event attribute target sums the attribute; use SUM.",
        )


def _alternate_currency(ctx: Context, target: Target, prefix: str) -> None:
    info = target.extended_field_info
    path = join_path(prefix, "extendedFieldInfo")
    if ctx.group.tracking_type is TrackingType.UNIFIED:
        ctx.warning(
            join_path(prefix, "targetEntity"),
            "alternate-currency-unified",
            "The docs disagree on alternate currency targets in UNIFIED groups; the alternate currency "
            "page says they are not supported. Test this in a sandbox org first.",
        )
    if info is None:
        ctx.error(
            path,
            "alternate-currency-missing",
            "An alternate currency target needs the currency identifier and the program id.",
            310094,
        )
        return
    if not (info.alternate_currency_identifier or "").strip():
        ctx.error(
            join_path(path, "alternateCurrencyIdentifier"),
            "alternate-currency-identifier",
            "Enter the alternate currency identifier (e.g. DocCoin).",
            310147,
        )
    if info.program_id is None or info.program_id <= 0:
        ctx.error(
            join_path(path, "programId"),
            "program-id",
            "Enter the id of the program the currency belongs to (a positive number).",
            310146,
        )


def _enrolment(ctx: Context, target: Target, prefix: str) -> None:
    method = target.enrolment_method
    path = join_path(prefix, "enrolmentMethod")
    if method is EnrolmentMethod.AUDIENCE_FILTER:
        ctx.warning(path, "enrolment-response-only", "AUDIENCE_FILTER appears only in responses; use IMPORT.")
    if not ctx.group.user_created:
        return
    if method is None:
        ctx.warning(
            path,
            "user-created-enrolment",
            "A user-created target is enrolled by import; the server is likely to set enrolmentMethod "
            "IMPORT (it did for UCCtesttarget2). Set it to IMPORT to be explicit.",
        )
    elif method is not EnrolmentMethod.IMPORT:
        ctx.error(
            path,
            "user-created-enrolment",
            f"A user-created target must be enrolled by IMPORT, not {method.value}.",
        )


def _default_values(ctx: Context, target: Target, prefix: str, period_count: int) -> None:
    values = target.default_values or []
    path = join_path(prefix, "defaultValues")
    if len(values) != period_count:
        ctx.error(
            path,
            "default-values-count",
            f"Target has {len(values)} value(s) for {period_count} period(s); it needs exactly one per "
            "period, in period order.",
        )
    numbers = [item.default_value for item in values]
    bad = [i for i, value in enumerate(numbers) if value is None or value < 0]
    for index in bad:
        value = numbers[index]
        if value is None:
            ctx.error(
                f"{path}[{index}].defaultValue",
                "default-value-missing",
                f"Enter the target value for period {index + 1}.",
            )
        else:
            ctx.error(
                f"{path}[{index}].defaultValue",
                "default-value-range",
                f"The target value for period {index + 1} is {value}; use 0 or more.",
            )
    distinct = {value for value in numbers if value is not None}
    evaluation = ctx.group.target_evaluation_type
    if len(distinct) > 1 and evaluation not in (None, TargetEvaluationType.FIXED_CALENDAR_WINDOW):
        ctx.error(
            path,
            "default-values-vary",
            f"Different values per period need a fixed calendar window; with {evaluation.value} every "
            "period must have the same value. Use Fill all.",
        )


def _filters(ctx: Context, target: Target, prefix: str) -> None:
    for index, item in enumerate(target.filters or []):
        path = join_path(prefix, "filters", index)
        if item.entity_type is None:
            ctx.error(
                join_path(path, "entityType"), "required", "Choose STORE, ZONE or CONCEPT for the filter."
            )
        ids = item.entity_ids or []
        if not ids:
            ctx.error(join_path(path, "entityIds"), "filter-ids-empty", "Add at least one id to the filter.")
        for id_index, value in enumerate(ids):
            if value <= 0:
                ctx.error(
                    join_path(path, "entityIds", id_index),
                    "filter-id-range",
                    f"Filter id {value} is not valid; ids are positive numbers.",
                )


def _expression(ctx: Context, target: Target, prefix: str) -> None:
    text, tree = target.expression, target.expression_json
    if tree is None:
        if text is not None and not is_always_true(text):
            ctx.warning(
                join_path(prefix, "expressionJson"),
                "expression-json-missing",
                "The condition has no expressionJson; send both so the server does not have to derive it.",
            )
        return
    for where, message in check_expression_json(tree):
        ctx.error(
            join_path(prefix, "expressionJson"),
            "expression-json-invalid",
            f"The condition JSON{(' at ' + where) if where else ''} {message}",
        )
    if text is not None and is_always_true(text) and '"literal"' not in tree.replace(" ", ""):
        ctx.warning(
            join_path(prefix, "expression"),
            "expression-mismatch",
            "The condition says true but its JSON is a different rule; rebuild one from the other.",
        )
