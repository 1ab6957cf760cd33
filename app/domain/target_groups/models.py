"""One model class per wire object of ``POST v3/targetGroups``.

Constraints the rules check (lengths, required fields) are declared here once, in
field metadata, and read back by :mod:`app.domain.target_groups.rules` and by the UI (labels,
tooltips). The models themselves accept any well-typed value, so an editor can hold
an unfinished payload; the rules say what is wrong with it.
"""

from __future__ import annotations

from pydantic import Field

from app.domain.base import ExpressionText, JsonText, LooseText, Number, WholeNumber, WireModel
from app.domain.enums import (
    AggregateFunction,
    CombinationType,
    EnrolmentMethod,
    FilterEntityType,
    FrequencyType,
    PeriodStatus,
    TargetEntity,
    TargetEvaluationType,
    TargetType,
    TrackingType,
    WindowTimeUnit,
    WindowType,
)
from app.domain.fields import (
    field_max_length,
    field_required,
    field_title,
    meta,
    wire_name,
)

__all__ = ["field_max_length", "field_required", "field_title", "wire_name"]

NAME_MAX = 200
DESCRIPTION_MAX = 255
MAX_RECURRING_CYCLES = 100


class AggregateWindow(WireModel):
    window_type: WindowType | None = Field(
        None, title="Window type", description="MIN or MAX of the values inside the window."
    )
    window_time_unit: WindowTimeUnit | None = Field(
        None, title="Window unit", description="The unit of the window; only DAY is supported."
    )
    window_value: str | int | None = Field(
        None, title="Window length", description="How many units the window spans; only 1 is supported."
    )


class ExtendedFieldInfo(WireModel):
    name: str | None = Field(
        None,
        title="Field or attribute name",
        description="The extended field (transactions) or event attribute to aggregate.",
    )
    aggregate_function: AggregateFunction | None = Field(
        None, title="Aggregate function", description="SUM adds the values up; COUNT counts them."
    )
    alternate_currency_identifier: str | None = Field(
        None,
        title="Alternate currency identifier",
        description="The identifier of the alternate currency to track, e.g. DocCoin.",
    )
    program_id: WholeNumber | None = Field(
        None, title="Program id", description="The loyalty program the alternate currency belongs to."
    )
    aggregate_window: AggregateWindow | None = Field(
        None, title="Aggregate window", description="Where responses place the aggregate window."
    )


class DefaultValue(WireModel):
    SERVER_FIELDS = frozenset({"id", "periodId", "targetId"})

    default_value: Number | None = Field(
        None,
        title="Target value",
        description="The value a customer must reach in this period.",
        json_schema_extra=meta(minimum=0),
    )


class Filter(WireModel):
    entity_type: FilterEntityType | None = Field(
        None,
        title="Entity type",
        description="Which kind of entity limits where the target counts.",
        json_schema_extra=meta(required="docs"),
    )
    entity_ids: list[WholeNumber] | None = Field(
        None, title="Entity ids", description="The ids of the stores, zones or concepts that count."
    )


class TargetMilestoneTrigger(WireModel):
    trigger_name: str | None = Field(None, title="Trigger name", description="e.g. targetAchieved")
    trigger_value_type: str | None = Field(None, title="Trigger value type", description="e.g. PERCENTAGE")
    trigger_value: Number | None = Field(None, title="Trigger value", description="e.g. 100")


class Streak(WireModel):
    SERVER_FIELDS = frozenset({"id", "targetGroupId", "attribution"})

    name: str | None = Field(
        None,
        title="Level name",
        description="The name of this streak level.",
        json_schema_extra=meta(required="docs", soft_max_length=NAME_MAX),
    )
    target_count_of_sequence: WholeNumber | None = Field(
        None,
        title="Consecutive cycles",
        description="How many consecutive cycles a customer must meet the target to reach this level.",
        json_schema_extra=meta(required="docs", minimum=1),
    )


class UnifiedTargetExpression(WireModel):
    #: The server writes the combination of its target rule ids here, e.g. "(9107 & 9108 & 9109)".
    SERVER_FIELDS = frozenset({"ruleExpression"})

    aggregation: AggregateFunction | None = Field(
        None, title="Aggregation", description="How the targets' values are combined (SUM or COUNT)."
    )
    threshold_value: Number | None = Field(
        None, title="Threshold", description="The combined value to reach; required with an aggregation."
    )


class Period(WireModel):
    SERVER_FIELDS = frozenset({"id", "attribution", "targetGroupId", "periodId"})

    active: bool | None = Field(None, title="Active", description="Whether the period is tracked.")
    description: str | None = Field(
        None,
        title="Description",
        description="A note on the period.",
        json_schema_extra=meta(DESCRIPTION_MAX),
    )
    start_date: str | None = Field(
        None,
        title="Start",
        description="When the period starts, ISO 8601 (YYYY-MM-DDTHH:mm:ss.SSS with an offset).",
        json_schema_extra=meta(
            required="docs",
            missing="a period without dates cannot be tracked, so the server is likely to refuse it",
        ),
    )
    end_date: str | None = Field(
        None,
        title="End",
        description="When the period ends, ISO 8601; a day ends at 23:59:59.999.",
        json_schema_extra=meta(
            required="docs",
            missing="a period without dates cannot be tracked, so the server is likely to refuse it",
        ),
    )
    period_status: PeriodStatus | None = Field(
        None,
        title="Status",
        description="RUNNING for the period containing today, NOT_STARTED for later ones.",
    )
    ref_code: LooseText | None = Field(
        None,
        title="Reference code",
        description="The period's name, used as periodName when enrolling customers.",
        json_schema_extra=meta(
            required="docs",
            missing="it is the period name used when enrolling, so the server is likely to refuse the period without it",
        ),
    )


class Target(WireModel):
    SERVER_FIELDS = frozenset(
        {
            "id",
            "attribution",
            "targetGroupId",
            "emfRuleSetId",
            "emfUnrolledRulesetId",
            "targetPeriodDefaultValuesMap",
        }
    )

    active: bool | None = Field(None, title="Active", description="Whether the target is tracked.")
    description: str | None = Field(
        None,
        title="Description",
        description="A note on the target.",
        json_schema_extra=meta(soft_max_length=DESCRIPTION_MAX),
    )
    name: str | None = Field(
        None,
        title="Target name",
        description="Unique in the group (case-insensitive), at most 200 characters.",
        json_schema_extra=meta(NAME_MAX, required="docs", missing="every working example names its targets"),
    )
    target_entity: TargetEntity | None = Field(
        None,
        title="Tracked on",
        description="The KPI the target tracks: transactions, line items, events, rewards or a currency.",
        json_schema_extra=meta(
            required="docs", missing="without it the server is likely to refuse the target"
        ),
    )
    target_type: TargetType | None = Field(
        None,
        title="Measure",
        description="What is counted or summed; the choices depend on what the target tracks.",
        json_schema_extra=meta(
            required="docs", missing="without it the server is likely to refuse the target"
        ),
    )
    event_name: str | None = Field(
        None, title="Event name", description="The behavioural or EMF event that is tracked."
    )
    expression: ExpressionText | None = Field(
        None,
        title="Condition",
        description="The rule a transaction or event must meet to count, e.g. currentTxn.value>500 or true.",
    )
    expression_json: JsonText | None = Field(
        None,
        title="Condition (JSON)",
        description="The same condition as an expression tree, serialized into a string.",
    )
    filters: list[Filter] | None = Field(
        None, title="Filters", description="Limit the target to some stores, zones or concepts."
    )
    extended_field_info: ExtendedFieldInfo | None = Field(
        None,
        title="Field details",
        description="The field and function for extended fields and event attributes, "
        "or the currency and program for alternate currencies.",
    )
    default_values: list[DefaultValue] | None = Field(
        None,
        title="Target values",
        description="One value per period, in the order of the periods.",
    )
    enrolment_method: EnrolmentMethod | None = Field(
        None, title="Enrolment", description="How customers are enrolled: by transaction or by import/API."
    )
    target_milestone_triggers: list[TargetMilestoneTrigger] | None = Field(
        None, title="Milestone triggers", description="Triggers fired as the target progresses."
    )


class TargetGroup(WireModel):
    """The body of ``POST v3/targetGroups``."""

    SERVER_FIELDS = frozenset({"id", "orgId", "attribution", "createdOn", "lastUpdatedOn", "activePeriod"})

    active: bool | None = Field(None, title="Active", description="Whether the group is tracked.")
    name: str | None = Field(
        None,
        title="Group name",
        description="Unique in the organisation (case-insensitive), at most 200 characters.",
        json_schema_extra=meta(
            NAME_MAX,
            required="hard",
            empty='a server\'s stored groups include an active one named "", so it is likely '
            "accepted, but nobody can tell the group apart in lists",
        ),
    )
    description: str | None = Field(
        None,
        title="Description",
        description="A note on the group.",
        json_schema_extra=meta(DESCRIPTION_MAX),
    )
    preferred_till_id: WholeNumber | None = Field(
        None,
        title="Preferred till id",
        description="The till that points and currencies are attributed to (0 for none).",
        json_schema_extra=meta(minimum=0),
    )
    tracking_type: TrackingType | None = Field(
        None,
        title="Tracking type",
        description="Single target, unified (several targets), streaks or capping.",
        json_schema_extra=meta(required="docs"),
    )
    target_evaluation_type: TargetEvaluationType | None = Field(
        None,
        title="Evaluation window",
        description="How cycles are measured: fixed calendar dates, a rolling window per customer, "
        "or until the target is achieved.",
        json_schema_extra=meta(required="docs"),
    )
    time_zone_name: str | None = Field(
        None, title="Time zone", description="The IANA time zone of the group, e.g. Asia/Kolkata."
    )
    target_cycle_start_date_iso: str | None = Field(
        None,
        alias="targetCycleStartDateISO",
        title="Cycle start",
        description="When the first cycle starts, ISO 8601 with the zone's offset.",
    )
    target_cycle_end_date_iso: str | None = Field(
        None,
        alias="targetCycleEndDateISO",
        title="Cycle end",
        description="When the last cycle ends, ISO 8601 with the zone's offset.",
    )
    target_cycle_start_date: str | None = Field(
        None,
        title="Cycle start (old)",
        description="The older form of the cycle start; the server computes it.",
    )
    target_cycle_end_date: str | None = Field(
        None, title="Cycle end (old)", description="The older form of the cycle end; the server computes it."
    )
    from_date: str | None = Field(
        None, title="From", description="Overall start of the milestone (older and unified examples)."
    )
    to_date: str | None = Field(
        None, title="To", description="Overall end of the milestone (older and unified examples)."
    )
    total_periods: WholeNumber | None = Field(
        None,
        title="Total periods",
        description="The number of periods (cycles).",
        json_schema_extra=meta(required="docs", minimum=0),
    )
    frequency_type: FrequencyType | None = Field(
        None,
        title="Cycle unit",
        description="The calendar unit of a cycle; CUSTOM when periods are edited by hand.",
        json_schema_extra=meta(required="docs"),
    )
    frequency: WholeNumber | None = Field(
        None,
        title="Units per cycle",
        description="How many units make one cycle, e.g. DAILY and 10 for 10-day cycles.",
        json_schema_extra=meta(required="docs", minimum=0),
    )
    recurring_cycles: WholeNumber | None = Field(
        None,
        title="Recurring cycles",
        description="The total number of cycles, 0 to 100.",
        json_schema_extra=meta(required="docs", minimum=0, maximum=MAX_RECURRING_CYCLES),
    )
    user_created: bool | None = Field(
        None,
        title="User-created",
        description="Customers set their own goal; needs exactly one target enrolled by import.",
    )
    leaderboard_enabled: bool | None = Field(
        None,
        title="Leaderboard",
        description="Rank customers; needs a fixed calendar window, a single target and the org toggle.",
    )
    aggregate_window: AggregateWindow | None = Field(
        None, title="Aggregate window", description="A window over which an extended field is aggregated."
    )
    streaks: list[Streak] | None = Field(
        None,
        title="Streak levels",
        description="The levels of a streak, e.g. 4, 8 and 12 consecutive cycles.",
    )
    combination_type: CombinationType | None = Field(
        None, title="Combine targets", description="ALL: every target must be met; ANY: one is enough."
    )
    unified_target_expression: UnifiedTargetExpression | None = Field(
        None,
        title="Unified threshold",
        description="Optional: combine the targets' values with SUM or COUNT against a threshold.",
    )
    periods: list[Period] | None = Field(None, title="Periods", description="The cycles of the group.")
    targets: list[Target] | None = Field(None, title="Targets", description="What customers must achieve.")
