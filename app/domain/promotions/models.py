"""One model class per wire object of ``POST v3/promotions`` (``docs/api/promotions.md``), on the target group's base.

The same guarantees as :mod:`app.domain.target_groups.models`: unknown keys are kept and sent (the parser warns
about them), unset fields are left out, and values keep the type they came in: the API writes
target values, restriction values and many ids as strings ("15", "1"), and examples mix strings
and numbers, so those fields take either and send back what they were given. Enumerated fields
are text (their documented values are in :mod:`.values`, checked by the rules). ``expJSON`` is
a JSON string, as ``expressionJson`` is on a target group.

Limits and required-ness are declared here, in field metadata, and read by the rules, the
catalogue and the UI alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field, StrictBool, StrictFloat, StrictInt, StrictStr

from app.domain.base import JsonText, WireModel
from app.domain.fields import meta

if TYPE_CHECKING:
    Text = str
    Flag = bool | str
    NumberOrText = int | float | str
    IdValue = int | str
else:
    Text = StrictStr
    #: A flag: true/false, or the text form the docs use in places ("true").
    Flag = StrictBool | StrictStr
    #: A number the API writes as a string in places ("15"); kept exactly as given.
    NumberOrText = StrictInt | StrictFloat | StrictStr
    #: An id that examples send as a number or as a string (programId 973 and "973").
    IdValue = StrictInt | StrictStr

NAME_MAX = 255  # every source agrees on 255 at most; 200 is the request table's (a warning)
NAME_TABLE_MAX = 200
DESCRIPTION_MAX = 1000
ACTIVITY_NAME_MAX = 100
PROMO_IDENTIFIER_MAX = 255
METADATA_KEY_MAX = 100
METADATA_VALUE_MAX = 1000
AUDIENCE_GROUP_NAME_MAX = 255
ENROLMENT_LIMIT_PER_PROMOTION_MAX = 100_000
REVIEW_COMMENT_MAX = 150


# --- metadata ---------------------------------------------------------------------------------


class PromotionMetadataItem(WireModel):
    is_brand_defined: Flag | None = Field(
        None, title="Brand defined", description='"true" or "false" (the API writes it as text).'
    )
    key: Text | None = Field(
        None,
        title="Key",
        description="A tag's key; unique in the promotion, at most 100 characters.",
    )
    value: Text | None = Field(
        None,
        title="Value",
        description="A tag's value, at most 1000 characters.",
    )


class LoyaltyConfigMetaData(WireModel):
    is_stackable: Flag | None = Field(None, title="Stackable", description="Can be combined with others.")
    is_exclusive: Flag | None = Field(None, title="Exclusive", description="Applies alone.")
    is_always_apply: Flag | None = Field(
        None,
        title="Always apply",
        description="Applies whatever else applies (not with stackable/exclusive).",
    )
    is_considered_for_ranking: Flag | None = Field(None, title="Considered for ranking")
    skip_earned_date_check_on_redeem: Flag | None = Field(None, title="Skip earned-date check on redeem")


class PromotionMetadata(WireModel):
    SERVER_FIELDS = frozenset(
        {
            "promotionId",
            "createdOn",
            "lastModifiedOn",
            "createdBy",
            "lastModifiedBy",
            "version",
            "draftDetails",
            "promotionMode",
        }
    )

    name: Text | None = Field(
        None,
        title="Promotion name",
        description="Unique in the organisation (ignoring case); at most 200 characters to be safe.",
        json_schema_extra=meta(NAME_MAX, soft_max_length=NAME_TABLE_MAX, required="hard"),
    )
    description: Text | None = Field(
        None,
        title="Description",
        description="At most 1000 characters.",
        json_schema_extra=meta(DESCRIPTION_MAX),
    )
    org_id: IdValue | None = Field(
        None,
        title="Org id",
        description="The organisation's id.",
        json_schema_extra=meta(
            required="docs", missing="several examples leave it out; the server takes the caller's org"
        ),
    )
    program_id: IdValue | None = Field(
        None,
        title="Program",
        description="The loyalty program (a number or its id as text); fixed once created.",
    )
    start_date: Text | None = Field(
        None,
        title="Start",
        description="ISO 8601 with an offset, e.g. 2027-01-01T00:00:00+05:30.",
        json_schema_extra=meta(required="hard"),
    )
    end_date: Text | None = Field(
        None,
        title="End",
        description="ISO 8601 with an offset, e.g. 2027-12-31T23:59:59+05:30.",
        json_schema_extra=meta(required="hard"),
    )
    timezone_name: Text | None = Field(
        None, title="Time zone", description="IANA name, a label for the dates (e.g. Asia/Kolkata)."
    )
    promotion_type: Text | None = Field(
        None,
        title="Promotion type",
        description="LOYALTY_EARNING (points, enrolment or opt-in), LOYALTY (import/audience, "
        "broadcast) or GENERIC (non-point rewards, enrolment by transaction).",
        json_schema_extra=meta(required="hard"),
    )
    status: Text | None = Field(
        None,
        title="Status",
        description="DRAFT on create; it then moves through the approval lifecycle.",
        json_schema_extra=meta(required="hard"),
    )
    promo_identifier: Text | None = Field(
        None,
        title="External identifier",
        description="Unique in the organisation, at most 255 characters.",
        json_schema_extra=meta(PROMO_IDENTIFIER_MAX),
    )
    promotion_category: Text | None = Field(
        None, title="Category", description="BROADCAST for broadcast promotions; left out otherwise."
    )
    promotion_metadata: list[PromotionMetadataItem] | None = Field(
        None, title="Tags", description="Key/value tags (keys unique, neither empty)."
    )
    loyalty_config_meta_data: LoyaltyConfigMetaData | None = Field(
        None, title="Stacking", description="Stackable / exclusive / always apply / ranking flags."
    )
    loyalty_earning_type: Text | None = Field(
        None, title="Earning type", description="DIRECT_EARN, ISSUE_AND_EARN or null."
    )
    common_strategies: Any = Field(
        None, title="Common strategies", description="Strategies actions can refer to (strategyRef)."
    )
    created_by: IdValue | None = Field(
        None, title="Created by", description="Set by the server (examples send it)."
    )
    last_modified_by: IdValue | None = Field(
        None, title="Last modified by", description="Set by the server (examples send it)."
    )


# --- enrolment ----------------------------------------------------------------------------------


class AudienceGroup(WireModel):
    audience_group_id: IdValue | None = Field(
        None, title="Audience group id", json_schema_extra=meta(required="hard")
    )
    audience_group_name: Text | None = Field(None, title="Audience group name")
    description: Text | None = Field(None, title="Description")


class CustomerEnrolment(WireModel):
    enrolment_method: Text | None = Field(
        None, title="Enrolment", description="TRANSACTION, IMPORT or AUDIENCE_FILTER."
    )
    audience_groups: list[AudienceGroup] | None = Field(None, title="Audience groups")
    customer_eligibility_type: Text | None = Field(
        None, title="Eligible customers", description="LOYAL, NON_LOYAL or ALL (the default)."
    )


class ExpiryBasedOn(WireModel):
    type: Text | None = Field(None, title="Expiry", description="PROMOTION, CUSTOM or FIXED_DATE.")
    value: NumberOrText | None = Field(None, title="Days", description="Days, for CUSTOM.")
    expiry_date: Text | None = Field(None, title="Expiry date", description="For FIXED_DATE.")


class RestrictionLimit(WireModel):
    value: NumberOrText | None = Field(None, title="Limit")
    type: Text | None = Field(None, title="Kind", description="NON_PERIOD_BASED or PERIOD_BASED.")
    period_type: Text | None = Field(None, title="Period type", description="MOVING_WINDOW.")
    period_unit: Text | None = Field(None, title="Period unit", description="DAILY, WEEKLY or MONTHLY.")


class Restrictions(WireModel):
    optin_expiry_based_on: ExpiryBasedOn | None = Field(None, title="Opt-in expiry")
    enrolment_expiry_based_on: ExpiryBasedOn | None = Field(None, title="Enrolment expiry")
    optin_limit_per_customer: RestrictionLimit | None = Field(None, title="Opt-ins per customer")
    max_redemptions_per_earn_per_customer: RestrictionLimit | None = Field(
        None, title="Redemptions per earn per customer"
    )
    enrolment_limit_per_promotion: RestrictionLimit | None = Field(
        None, title="Enrolments per promotion", description="At most 100,000."
    )
    enrolment_limit_per_customer: RestrictionLimit | None = Field(None, title="Enrolments per customer")
    max_points_per_earn_per_customer: RestrictionLimit | None = Field(
        None, title="Points per earn per customer"
    )


class AudienceMapping(WireModel):
    group_id: IdValue | None = Field(None, title="Group id")
    group_name: Text | None = Field(None, title="Group name", json_schema_extra=meta(AUDIENCE_GROUP_NAME_MAX))


class WorkflowStep(WireModel):
    based_on: Text | None = Field(
        None, title="Based on", description="ACTIVITY, AUDIENCE or EXTERNAL_TRIGGER."
    )
    activities: list[Activity] | None = Field(None, title="Activities", description="For basedOn ACTIVITY.")
    audience_mapping: list[AudienceMapping] | None = Field(
        None, title="Audiences", description="For basedOn AUDIENCE."
    )
    opt_in_start_date: Text | None = Field(
        None, title="Opt-in opens", description="Opt-in only, on LOYALTY_EARNING, with the org flag."
    )
    opt_in_end_date: Text | None = Field(
        None, title="Opt-in closes", description="On or before the promotion's end."
    )
    restrictions: Restrictions | None = Field(None, title="Restrictions")


class WorkflowMetadata(WireModel):
    enrolment: WorkflowStep | None = Field(None, title="Enrolment workflow")
    optin: WorkflowStep | None = Field(None, title="Opt-in workflow")


# --- actions ------------------------------------------------------------------------------------


class EmbeddedStrategy(WireModel):
    strategy_type_id: NumberOrText | None = Field(
        None, title="Strategy type", description="1 (allocation) or 3 (expiry)."
    )
    property_values: JsonText | None = Field(
        None, title="Properties", description="A JSON string of the strategy's properties."
    )
    owner: Text | None = Field(None, title="Owner", description="LOYALTY or CAMPAIGN.")
    strategy_sub_type: Text | None = Field(None, title="Sub-type", description="DEFAULT.")
    updated_via_new_ui: Flag | None = Field(None, alias="updatedViaNewUI", title="Updated via the new UI")
    use_common_expiry_strategy: Flag | None = Field(None, title="Use the common expiry strategy")
    strategy_ref: Text | None = Field(None, title="Strategy reference")


class Action(WireModel):
    id: IdValue | None = Field(None, title="Id", description="A client id for the action (not kept).")
    action_name: Text | None = Field(
        None, title="Action", description="e.g. AWARD_POINTS_ACTION, PE_ISSUE_VOUCHER_ACTION."
    )
    action_class: Text | None = Field(
        None,
        title="Action class",
        description="The docs: always CommunicationDecoratorActionImpl, the real class in "
        "mandatoryPropertiesValues.delegateActionClass; most examples name the real class here.",
    )
    description: Text | None = Field(None, title="Description")
    mandatory_properties_values: dict[str, Any] | None = Field(
        None, title="Properties", description="The action's properties; every value is text."
    )
    mandatory_complex_properties_values: dict[str, Any] | None = Field(
        None, title="Line-item filters", description="skus, brands, categories... {operator, values}."
    )
    embedded_strategies: list[EmbeddedStrategy] | None = Field(None, title="Strategies")


class CycleActionMapping(WireModel):
    SERVER_FIELDS = frozenset({"id"})

    cycle: Text | None = Field(None, title="Cycle", description="Cycle_1, Cycle_2, ...")
    start_date: Text | None = Field(None, title="Start", description="ISO 8601 with an offset.")
    end_date: Text | None = Field(None, title="End", description="ISO 8601 with an offset.")
    default_value: NumberOrText | None = Field(
        None, title="Target", description='The target of this cycle, as a numeric string ("15").'
    )
    ruleset_id: IdValue | None = Field(
        None, title="Ruleset id", description="Set by the server; sent back on edit."
    )
    actions: list[Action] | None = Field(None, title="Rewards", description="What a customer gets.")


class Cycle(WireModel):
    id: IdValue | None = Field(None, title="Id")
    name: Text | None = Field(None, title="Name")
    start_date: Text | None = Field(None, title="Start")
    end_date: Text | None = Field(None, title="End")


class ActivityCycle(WireModel):
    id: IdValue | None = Field(None, title="Id")
    name: Text | None = Field(None, title="Name")
    start_date: Text | None = Field(None, title="Start")
    end_date: Text | None = Field(None, title="End")
    ref_code: Text | None = Field(None, title="Reference code")
    is_active: Flag | None = Field(None, title="Active")


# --- milestones -----------------------------------------------------------------------------------


class TargetRuleMetaData(WireModel):
    name: Text | None = Field(None, title="Extended field", description="The extended field to aggregate.")
    aggregate_function: Text | None = Field(
        None, title="Aggregate function", description="SUM, COUNT, MAX or MIN."
    )


class MilestoneStreak(WireModel):
    name: Text | None = Field(None, title="Level name")
    target_count_of_sequence: NumberOrText | None = Field(None, title="Cycles in a row")
    consecutive: Flag | None = Field(None, title="Consecutive")
    aggregate_function: Text | None = Field(None, title="Aggregate function")


class ColumnsMapping(WireModel):
    user_identifier: Text | None = Field(None, title="Customer identifier", description="EMAIL, USER_ID...")
    user_identifier_column: Text | None = Field(None, title="Identifier column")
    target_columns: dict[str, Any] | None = Field(
        None, title="Target columns", description="Cycle_1 -> column."
    )


class IndividualMilestoneFile(WireModel):
    file_handle: Text | None = Field(None, title="File handle", json_schema_extra=meta(required="hard"))
    file_name: Text | None = Field(None, title="File name", json_schema_extra=meta(required="hard"))
    columns_mapping: ColumnsMapping | None = Field(None, title="Columns")


class Milestone(WireModel):
    SERVER_FIELDS = frozenset({"targetGroupId", "targetRuleIds"})

    name: Text | None = Field(
        None, title="Milestone name", description="By convention Promotion~Activity~Milestone 1."
    )
    description: Text | None = Field(None, title="Description")
    tracking_type: Text | None = Field(
        None, title="Tracking", description="DEFAULT; STREAKS and the others are less proven."
    )
    target_type: Text | None = Field(
        None,
        title="Measure",
        description="QUANTITY, SALES, COUNT, VISIT, GROSS_SALES, points types, EXTENDED_FIELD...",
        json_schema_extra=meta(required="hard"),
    )
    target_entity: Text | None = Field(
        None,
        title="Tracked on",
        description="TRANSACTION, LINEITEM, POINTS, EVENT or ALTERNATE_CURRENCIES.",
        json_schema_extra=meta(required="hard"),
    )
    target_rule_meta_data: TargetRuleMetaData | None = Field(
        None, title="Extended field", description="For EXTENDED_FIELD: the field and the function."
    )
    default_value: NumberOrText | None = Field(
        None, title="Target", description='The target for every cycle, as a numeric string ("15").'
    )
    target_value: NumberOrText | None = Field(None, title="Target value", description="Often the same.")
    preferred_till_id: IdValue | None = Field(None, title="Preferred till id")
    frequency_type: Text | None = Field(None, title="Cycle unit", description="DAILY ... YEARLY, CUSTOM.")
    target_evaluation_type: Text | None = Field(None, title="Evaluation window")
    recurring_cycles: NumberOrText | None = Field(None, title="Recurring cycles")
    target_group_id: IdValue | None = Field(None, title="Target group id", description="Set by the server.")
    leaderboard_enabled: Flag | None = Field(None, title="Leaderboard")
    same_actions_for_every_cycle: Flag | None = Field(
        None, title="Same rewards every cycle", description="Only Cycle_1 needs its actions."
    )
    different_targets_for_every_cycle: Flag | None = Field(
        None, title="A target per cycle", description="false: the milestone's target applies to every cycle."
    )
    cycle_action_mapping: list[CycleActionMapping] | None = Field(
        None, title="Cycles", description="Per cycle: its dates, its target and its rewards."
    )
    streaks: list[MilestoneStreak] | None = Field(None, title="Streak levels")
    aggregate_function: Text | None = Field(None, title="Aggregate function")
    cycles: list[Cycle] | None = Field(None, title="Windows")
    periods: list[ActivityCycle] | None = Field(None, title="Periods")
    target_rule_ids: list[Any] | None = Field(None, title="Target rule ids", description="Set by the server.")
    individual_milestone_file_details: list[IndividualMilestoneFile] | None = Field(
        None, title="Per-customer targets file"
    )


# --- activities ----------------------------------------------------------------------------------


class Activity(WireModel):
    SERVER_FIELDS = frozenset({"allCycles"})

    id: IdValue | None = Field(None, title="Id", description="Any client text, e.g. activity_1.")
    type: Text | None = Field(
        None,
        title="Kind",
        description="SINGLE (one event, at most one milestone) or GROUP (ALL/ANY of its children).",
        json_schema_extra=meta(required="hard"),
    )
    name: Text | None = Field(
        None,
        title="Activity name",
        description="At most 100 characters.",
        json_schema_extra=meta(ACTIVITY_NAME_MAX),
    )
    parent_id: IdValue | None = Field(None, title="Parent", description="The id of the parent GROUP.")
    ruleset_id: IdValue | None = Field(
        None, title="Ruleset id", description="Set by the server; sent back on edit."
    )
    event: Text | None = Field(
        None, title="Event", description="TransactionAdd, a behavioural event...; fixed once created."
    )
    rule_expression: Text | None = Field(
        None, title="Rule expression", description="The condition as DSL text."
    )
    exp_json: JsonText | None = Field(
        None,
        alias="expJSON",
        title="Condition",
        description="The condition as a JSON expression tree, in a string.",
    )
    cycles: list[Cycle] | None = Field(None, title="Windows")
    common_cycle_action_mapping: list[CycleActionMapping] | None = Field(
        None, title="Rewards for every event", description="Rewards with no target (or a group's reward)."
    )
    frequency_type: Text | None = Field(None, title="Cycle unit")
    target_evaluation_type: Text | None = Field(None, title="Evaluation window")
    target_cycle_start_date: Text | None = Field(None, title="Cycles start")
    target_cycle_end_date: Text | None = Field(None, title="Cycles end")
    activity_cycles: list[ActivityCycle] | None = Field(None, title="Named cycles")
    milestones: list[Milestone] | None = Field(
        None, title="Milestone", description="At most one on a SINGLE."
    )
    combination_type: Text | None = Field(
        None, title="Combination", description="ALL or ANY of the children (GROUP)."
    )
    children: list[Activity] | None = Field(None, title="Children", description="The GROUP's activities.")


# --- limits, liability, broadcast ---------------------------------------------------------------


class LimitPeriod(WireModel):
    period_type: Text | None = Field(
        None,
        title="Period type",
        description="NON_PERIOD_BASED, MOVING_WINDOW, FIXED_CALENDAR_WINDOW, FIXED_WINDOW.",
    )
    period_unit: Text | None = Field(None, title="Unit", description="DAYS, WEEKS or MONTHS.")
    period_value: NumberOrText | None = Field(None, title="Length")
    period_start_day: Text | None = Field(None, title="Week starts", description="With WEEKS only.")
    reference_date: Text | None = Field(None, title="Reference date")
    start_date: Text | None = Field(None, title="Start")
    end_date: Text | None = Field(None, title="End")


class Limit(WireModel):
    SERVER_FIELDS = frozenset({"id", "createdOn", "lastModifiedOn", "createdBy", "lastModifiedBy"})

    entity_scope: Text | None = Field(None, title="Scope", description="PROMOTION (default) or PROGRAM.")
    entity_id: IdValue | None = Field(None, title="Program id", description="Required with scope PROGRAM.")
    granularity: Text | None = Field(None, title="Per", description="OVERALL, USER or PER_ACTIVITY.")
    action_type: Text | None = Field(None, title="Reward kind", description="AWARD_CURRENCY, ISSUE_COUPON...")
    action_sub_type_id: IdValue | None = Field(None, title="Currency or series")
    limit_type: Text | None = Field(None, title="Counts", description="SUM or COUNT.")
    limit_value: NumberOrText | None = Field(None, title="Limit")
    active: Flag | None = Field(None, title="Active")
    period: LimitPeriod | None = Field(None, title="Period")


class LiabilitySplit(WireModel):
    SERVER_FIELDS = frozenset({"componentId", "createdBy", "createdOn", "lastModifiedOn", "lastModifiedBy"})

    org_id: IdValue | None = Field(None, title="Org id")
    liability_owner_id: IdValue | None = Field(None, title="Owner id", description="A program or partner id.")
    component_type: Text | None = Field(None, title="Component", description="PROMOTION or PROGRAM.")
    ratio: NumberOrText | None = Field(
        None,
        title="Share (%)",
        description="0 to 100; the shares add up to 100.",
        json_schema_extra=meta(minimum=0, maximum=100),
    )
    liability_owner_type: Text | None = Field(None, title="Owner kind", description="PROGRAM or PARTNER.")
    active: Flag | None = Field(None, title="Active")
    is_active: Flag | None = Field(
        None, title="Active (isActive)", description="The Y and U examples' name for active."
    )
    liability_owner_name: Text | None = Field(None, title="Owner name")


class AudienceFilter(WireModel):
    audience_list_ids: list[Any] | None = Field(None, title="Audience lists")


class BroadcastMetadata(WireModel):
    source: Text | None = Field(None, title="Source", description="AUDIENCE_FILTER.")
    audience_filter: AudienceFilter | None = Field(None, title="Audience filter")
    till_id: IdValue | None = Field(None, title="Till id", description="Required for broadcast.")


class Schedule(WireModel):
    start_type: Text | None = Field(None, title="Starts", description="IMMEDIATE or PARTICULAR_DATE.")
    schedule_date: Text | None = Field(None, title="Date", description="For PARTICULAR_DATE.")
    frequency: Text | None = Field(None, title="Repeats", description="ONCE or DAILY.")


class PromotionSchedule(WireModel):
    schedule: Schedule | None = Field(None, title="Schedule")


# --- the body -------------------------------------------------------------------------------------


class Promotion(WireModel):
    """The body of ``POST v3/promotions`` (and of ``PUT v3/promotions/{id}``, with the root ``id``)."""

    SERVER_FIELDS = frozenset(
        {"parentId", "parentDetails", "version", "communicationApprovalStatus", "draftDetails"}
    )

    id: Text | None = Field(
        None, title="Promotion id", description="The server's id (24 hex digits); sent back to update."
    )
    metadata: PromotionMetadata | None = Field(
        None, title="Promotion", json_schema_extra=meta(required="hard")
    )
    customer_enrolment: CustomerEnrolment | None = Field(
        None,
        title="Audience",
        json_schema_extra=meta(
            required="docs", missing="the request table marks it required, its ParamField does not"
        ),
    )
    workflow_metadata: WorkflowMetadata | None = Field(None, title="Workflows")
    activities: list[Activity] | None = Field(
        None, title="Activities", json_schema_extra=meta(required="hard")
    )
    limits: list[Limit] | None = Field(None, title="Limits")
    liability_owner_split_info: list[LiabilitySplit] | None = Field(None, title="Liability split")
    comments: Text | None = Field(None, title="Comments")
    broadcast_metadata: BroadcastMetadata | None = Field(None, title="Broadcast")
    promotion_schedule: PromotionSchedule | None = Field(None, title="Broadcast schedule")


WorkflowStep.model_rebuild()
