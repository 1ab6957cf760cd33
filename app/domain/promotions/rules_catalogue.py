"""The promotion rules (``POST v3/promotions``), each declared once with its evidence.

Sources, as the notes (``spec/promotions/notes.md``) name them: C = create-a-loyalty-promotion,
U = update-loyalty-promotion, Y = the OpenAPI file, S = status, R = review, XJ = the expression
JSON page, RN3 = the Jul–Sep 2026 release notes. Where the notes mark a fact [CONFLICT], [EX] or
[INFER], the rule is a warning that says so. Shared rules (type errors, unknown fields, duplicate
keys) are in :mod:`app.domain.rules.common_catalogue`.
"""

from __future__ import annotations

from app.domain.fields import field_paths
from app.domain.promotions import KIND_NAME
from app.domain.promotions.models import Promotion
from app.domain.rules.catalogue import code, declare, doc, example, inferred, unsendable

K = KIND_NAME

_ALL_DATES = (
    "metadata.startDate",
    "metadata.endDate",
    "activities[*].targetCycleStartDate",
    "activities[*].targetCycleEndDate",
    "activities[*].commonCycleActionMapping[*].startDate",
    "activities[*].commonCycleActionMapping[*].endDate",
    "activities[*].milestones[*].cycleActionMapping[*].startDate",
    "activities[*].milestones[*].cycleActionMapping[*].endDate",
    "activities[*].cycles[*].startDate",
    "activities[*].activityCycles[*].startDate",
    "workflowMetadata.optin.optInStartDate",
    "workflowMetadata.optin.optInEndDate",
    "promotionSchedule.schedule.scheduleDate",
)
_CYCLES = "activities[*].milestones[*].cycleActionMapping"
_MILESTONE = "activities[*].milestones[*]"
_TARGET_VALUES = (f"{_CYCLES}[*].defaultValue", f"{_MILESTONE}.defaultValue", f"{_MILESTONE}.targetValue")

# --- field metadata ----------------------------------------------------------------------------

REQUIRED = declare(
    "required",
    K,
    field_paths(Promotion, "required=hard"),
    doc(
        "C: an invalid request is refused listing 'name, startDate, endDate, promotionType, status, and "
        "activity blocks'; the request table marks milestone targetType and targetEntity Yes",
        hard=True,
    ),
    "A field the server cannot create a promotion without is missing.",
)
REQUIRED_SOFT = declare(
    "required-soft",
    K,
    (
        *field_paths(Promotion, "required=docs"),
        "activities[*].children[*].milestones[*].targetType",
        "activities[*].children[*].milestones[*].targetEntity",
    ),
    example(
        "C's table marks orgId and customerEnrolment required; several examples (Y) leave them out. It "
        "marks milestone targetType and targetEntity required too, but the create and update examples of "
        "a GROUP ANY promotion leave both out in every child milestone"
    ),
    "A field the request table marks required is missing; examples do without it.",
)
NAME_TOO_LONG = declare(
    "name-too-long",
    K,
    ("metadata.name",),
    doc("C ParamField, Y and the UI guide: the name is at most 255 characters", hard=True),
    "The promotion name is longer than 255 characters.",
)
NAME_LONG = declare(
    "name-long",
    K,
    ("metadata.name",),
    doc("[CONFLICT] C's request table says 'Max length: 200'; its ParamField, Y and the UI say 255"),
    "The promotion name is between 201 and 255 characters (the docs disagree on the limit).",
)
TEXT_TOO_LONG = declare(
    "text-too-long",
    K,
    tuple(p for p in field_paths(Promotion, "maxLength") if p != "metadata.name"),
    doc(
        "C ParamField: description ≤1000, promoIdentifier ≤255; Y: activity name ≤100; U: groupName ≤255",
        hard=True,
    ),
    "A text is longer than its documented limit.",
)
ABOVE_MAXIMUM = declare(
    "above-maximum",
    K,
    field_paths(Promotion, "maximum"),
    doc("C: a liability ratio is 0–100", hard=True),
    "A number is above its documented maximum.",
)
BELOW_MINIMUM = declare(
    "below-minimum",
    K,
    field_paths(Promotion, "minimum"),
    doc("C: a liability ratio is 0–100", hard=True),
    "A number is below its documented minimum.",
)
DATE_FORMAT = declare(
    "date-format",
    K,
    _ALL_DATES,
    unsendable("the server reads ISO 8601 dates only"),
    "A date is not an ISO 8601 date or date-time.",
)

# --- the promotion ---------------------------------------------------------------------------------

STATUS_NOT_DRAFT = declare(
    "status-not-draft",
    K,
    ("metadata.status",),
    doc("RN3: 'Creating a promotion with any status other than Draft is now rejected'", hard=True),
    "A new promotion (no id) is not in DRAFT.",
)
DATE_OFFSET = declare(
    "date-offset",
    K,
    ("metadata.startDate", "metadata.endDate"),
    doc("C: startDate and endDate are ISO 8601 with an offset, e.g. 2025-12-16T14:30:45+05:30", hard=True),
    "The promotion's start or end has no UTC offset.",
)
CYCLE_DATE_OFFSET = declare(
    "cycle-date-offset",
    K,
    tuple(p for p in _ALL_DATES if not p.startswith("metadata.")),
    inferred("C says all request dates carry an offset; every example's cycle dates do, responses may not"),
    "A cycle or window date has no UTC offset; the server reads it in its own zone.",
)
WINDOW_ORDER = declare(
    "window-order",
    K,
    ("metadata.endDate",),
    doc("C: startDate must be before endDate", hard=True),
    "The promotion ends before it starts.",
)
PROMOTION_ENDED = declare(
    "promotion-ended",
    K,
    ("metadata.endDate",),
    inferred("a promotion that has already ended tracks nothing; the server may still store it"),
    "The promotion ended before now.",
)
TIME_ZONE_UNKNOWN = declare(
    "time-zone-unknown",
    K,
    ("metadata.timezoneName",),
    doc("U: timezoneName is a reference label and is not validated"),
    "The time zone is not an IANA name.",
)
TIME_ZONE_OFFSET = declare(
    "time-zone-offset",
    K,
    ("metadata.timezoneName", "metadata.startDate", "metadata.endDate"),
    inferred("[CONFLICT] C: the label is not used for dates; its ParamField: it evaluates every date"),
    "The time zone's offset differs from the offset the dates are written with.",
)
VALUE_UNDOCUMENTED = declare(
    "value-undocumented",
    K,
    (
        "metadata.promotionType",
        "metadata.status",
        "customerEnrolment.enrolmentMethod",
        f"{_MILESTONE}.targetType",
        f"{_MILESTONE}.targetEntity",
        f"{_MILESTONE}.trackingType",
        "limits[*].period.periodType",
    ),
    doc("C request tables list each field's values; the response tables list other values for some"),
    "An enumerated field has a value the docs do not list for a request.",
)

# --- metadata tags and stacking -------------------------------------------------------------------

_TAGS = "metadata.promotionMetadata[*]"
_TAG_SOURCE = "C: promotionMetadata errors 310177–310182 (the page lists the six codes with these rules; "
TAG_KEY_MISSING = declare(
    "tag-key-missing",
    K,
    (f"{_TAGS}.key",),
    code(_TAG_SOURCE + "310177 is paired here with an empty key)"),
    "A tag has no key.",
    api_code=310177,
)
TAG_KEY_TOO_LONG = declare(
    "tag-key-too-long",
    K,
    (f"{_TAGS}.key",),
    code(_TAG_SOURCE + "310178 with a key over 100 characters)"),
    "A tag's key is longer than 100 characters.",
    api_code=310178,
)
TAG_VALUE_MISSING = declare(
    "tag-value-missing",
    K,
    (f"{_TAGS}.value",),
    code(_TAG_SOURCE + "310179 with an empty value)"),
    "A tag has no value.",
    api_code=310179,
)
TAG_VALUE_TOO_LONG = declare(
    "tag-value-too-long",
    K,
    (f"{_TAGS}.value",),
    code(_TAG_SOURCE + "310180 with a value over 1000 characters)"),
    "A tag's value is longer than 1000 characters.",
    api_code=310180,
)
TAG_KEY_DUPLICATE = declare(
    "tag-key-duplicate",
    K,
    (f"{_TAGS}.key",),
    code(_TAG_SOURCE + "310181 with a key used twice)"),
    "Two tags have the same key.",
    api_code=310181,
)
STACKING_ALWAYS_APPLY = declare(
    "stacking-always-apply",
    K,
    ("metadata.loyaltyConfigMetaData.isAlwaysApply",),
    code("C: 310184, 'always apply' cannot be combined with stackable or exclusive"),
    "Always apply is combined with stackable or exclusive.",
    api_code=310184,
)
STACKING_EXCLUSIVE = declare(
    "stacking-exclusive",
    K,
    ("metadata.loyaltyConfigMetaData.isExclusive",),
    code("C: 310185, a promotion cannot be both stackable and exclusive"),
    "The promotion is both stackable and exclusive.",
    api_code=310185,
)

# --- enrolment and opt-in -------------------------------------------------------------------------

_WF = "workflowMetadata.*"
ENROLMENT_LIMIT = declare(
    "enrolment-limit",
    K,
    (f"{_WF}.restrictions.enrolmentLimitPerPromotion.value",),
    doc("U: enrolmentLimitPerPromotion is at most 100,000, else 400", hard=True),
    "The enrolment limit per promotion is above 100,000.",
)
RESTRICTION_VALUE = declare(
    "restriction-value",
    K,
    (f"{_WF}.restrictions.*.value",),
    example('U: restriction values are numbers; examples send them as text ("1", "") and as numbers'),
    "A restriction's value is not a number.",
)
OPTIN_WINDOW_PLACE = declare(
    "optin-window-place",
    K,
    ("workflowMetadata.optin.optInStartDate", "workflowMetadata.enrolment.optInStartDate"),
    doc("C: opt-in dates are only for the optin workflow of LOYALTY_EARNING promotions", hard=True),
    "Opt-in dates are set outside the opt-in workflow of a LOYALTY_EARNING promotion.",
)
OPTIN_WINDOW_PAIR = declare(
    "optin-window-pair",
    K,
    ("workflowMetadata.optin.optInStartDate", "workflowMetadata.optin.optInEndDate"),
    doc("C, U: optInStartDate and optInEndDate are given both or neither", hard=True),
    "Only one of the opt-in dates is given.",
)
OPTIN_WINDOW_ORDER = declare(
    "optin-window-order",
    K,
    ("workflowMetadata.optin.optInEndDate",),
    doc("C, U: the opt-in start is before its end", hard=True),
    "The opt-in window ends before it opens.",
)
OPTIN_WINDOW_END = declare(
    "optin-window-end",
    K,
    ("workflowMetadata.optin.optInEndDate",),
    doc("C, U: the opt-in window ends on or before the promotion's end", hard=True),
    "The opt-in window ends after the promotion.",
)
OPTIN_WINDOW_TRIGGER = declare(
    "optin-window-trigger",
    K,
    ("workflowMetadata.optin.optInStartDate", "workflowMetadata.enrolment.basedOn"),
    code("C, U: 310228, an opt-in window is not allowed with activity or external-trigger enrolment"),
    "Opt-in dates are given while enrolment is by activity or external trigger.",
    api_code=310228,
)

# --- activities ------------------------------------------------------------------------------------

_ACT = "activities[*]"
ACTIVITIES_EMPTY = declare(
    "activities-empty",
    K,
    ("activities",),
    doc("C: the activity block is required; a promotion does nothing without an activity", hard=True),
    "The promotion has no activity.",
)
ACTIVITY_TYPE = declare(
    "activity-type",
    K,
    (f"{_ACT}.type",),
    doc("C: an activity's type is SINGLE or GROUP", hard=True),
    "An activity's type is neither SINGLE nor GROUP.",
)
ACTIVITY_EVENT_MISSING = declare(
    "activity-event-missing",
    K,
    (f"{_ACT}.event",),
    doc("C: event is required on a SINGLE activity", hard=True),
    "A SINGLE activity has no event.",
)
ACTIVITY_CONDITION_MISSING = declare(
    "activity-condition-missing",
    K,
    (f"{_ACT}.expJSON",),
    example(
        "[CONFLICT] XJ: expJSON is required for activity-based promotions; the create and get responses "
        "(C, GA) show activities without it"
    ),
    "A SINGLE activity has no condition (expJSON); the server may refuse it or apply no filter.",
)
CONDITION_INVALID = declare(
    "condition-invalid",
    K,
    (f"{_ACT}.expJSON",),
    inferred("expJSON uses the target groups' expression tree; only its proven node kinds are known"),
    "The condition JSON is not JSON or uses an unknown node.",
)
MILESTONES_PER_SINGLE = declare(
    "milestones-per-single",
    K,
    (f"{_ACT}.milestones",),
    doc("C: 'A SINGLE activity supports at most one milestone'", hard=True),
    "A SINGLE activity has more than one milestone.",
)
GROUP_COMBINATION = declare(
    "group-combination",
    K,
    (f"{_ACT}.combinationType",),
    doc("C: combinationType (ALL or ANY) is required on a GROUP", hard=True),
    "A GROUP has no ALL/ANY combination.",
)
GROUP_CHILDREN = declare(
    "group-children",
    K,
    (f"{_ACT}.children",),
    doc("C: children are required on a GROUP", hard=True),
    "A GROUP has no children.",
)
CHILD_COMMON_MAPPING = declare(
    "child-common-mapping",
    K,
    (f"{_ACT}.children[*].commonCycleActionMapping",),
    doc(
        "C: with a group-level common mapping, children must not have their own; the server enforces it",
        hard=True,
    ),
    "A child activity has its own common mapping while its GROUP has one.",
)
ACTIVITY_ID_DUPLICATE = declare(
    "activity-id-duplicate",
    K,
    (f"{_ACT}.id",),
    inferred("children point at their GROUP by id (parentId), so ids should be unique"),
    "Two activities share an id.",
)

# --- milestones ------------------------------------------------------------------------------------

EXTENDED_FIELD_METADATA = declare(
    "extended-field-metadata",
    K,
    (f"{_MILESTONE}.targetRuleMetaData",),
    doc(
        "C: EXTENDED_FIELD needs targetRuleMetaData (the field's name and the aggregate function)", hard=True
    ),
    "An EXTENDED_FIELD milestone lacks its field name or aggregate function.",
)
STREAK_LEVELS_MISSING = declare(
    "streak-levels-missing",
    K,
    (f"{_MILESTONE}.streaks",),
    doc("U: streaks[] is required when trackingType is STREAKS or NON_CONTINUOUS_STREAKS", hard=True),
    "A streak milestone has no streak levels.",
)
TRACKING_UNPROVEN = declare(
    "tracking-unproven",
    K,
    (f"{_MILESTONE}.trackingType",),
    doc("C lists these tracking types; no example anywhere uses them (create page, its examples)"),
    "A tracking type with no example (streaks, unified, capping, individual).",
)
LEADERBOARD_WINDOW = declare(
    "leaderboard-window",
    K,
    (f"{_MILESTONE}.leaderboardEnabled", f"{_MILESTONE}.targetEvaluationType"),
    example(
        "[CONFLICT] target groups need FIXED_CALENDAR_WINDOW for a leaderboard (310132); Workout Warrior uses CYCLIC_WINDOW"
    ),
    "A leaderboard on a window other than the fixed calendar window.",
)
NO_REWARD = declare(
    "no-reward",
    K,
    (f"{_MILESTONE}.cycleActionMapping[*].actions", f"{_ACT}.commonCycleActionMapping[*].actions"),
    inferred("the Single Milestone example has no action at all: it would track but reward nothing"),
    "A milestone has no reward action anywhere (its cycles, its activity or its group).",
)
TARGET_VALUE_INVALID = declare(
    "target-value-invalid",
    K,
    _TARGET_VALUES,
    doc('C, Y: a target value is a numeric string, e.g. "15"', hard=True),
    "A target value is not a number.",
)
TARGET_VALUE_TEXT = declare(
    "target-value-text",
    K,
    _TARGET_VALUES,
    doc('C, Y: target values are numeric strings; every example writes "3", not 3'),
    "A target value is a number, not a numeric string.",
)
TARGET_VALUE_NEGATIVE = declare(
    "target-value-negative",
    K,
    _TARGET_VALUES,
    inferred("a target to reach cannot be below zero"),
    "A target value is negative.",
)
TARGETS_DIFFER = declare(
    "targets-differ",
    K,
    (f"{_MILESTONE}.differentTargetsForEveryCycle", f"{_CYCLES}[*].defaultValue"),
    doc("Y: with differentTargetsForEveryCycle false 'the top-level defaultValue applies uniformly'"),
    "The cycles' targets differ although the milestone says one target for every cycle.",
)
TARGET_MISSING = declare(
    "target-missing",
    K,
    (f"{_MILESTONE}.defaultValue", f"{_CYCLES}[*].defaultValue"),
    inferred("a milestone with no target anywhere has nothing to reach"),
    "A milestone has no target value, at the milestone or in its cycles.",
)

# --- cycles ----------------------------------------------------------------------------------------

CYCLE_NAME = declare(
    "cycle-name",
    K,
    (f"{_CYCLES}[*].cycle",),
    example(
        "every example names cycles Cycle_1, Cycle_2, ... in order; Y says the server generates those names"
    ),
    "A cycle is not named Cycle_1, Cycle_2, ... in order.",
)
CYCLE_ORDER = declare(
    "cycle-order",
    K,
    (f"{_CYCLES}[*].startDate", f"{_CYCLES}[*].endDate"),
    inferred("cycles are ordered and each ends after it starts"),
    "A cycle ends before it starts, or starts before the previous one.",
)
CYCLE_GAP = declare(
    "cycle-gap",
    K,
    (f"{_CYCLES}[*].startDate",),
    inferred("cycles are contiguous (the next starts a second after the previous ends)"),
    "A cycle does not start right after the previous one ends (a gap or an overlap).",
)
CYCLE_OUTSIDE = declare(
    "cycle-outside",
    K,
    (f"{_CYCLES}[*].startDate", f"{_CYCLES}[*].endDate"),
    doc("cycles lie inside the promotion's range (Y: the last cycle is cut at its end)"),
    "A cycle starts before the promotion or ends after it.",
)

# --- actions ---------------------------------------------------------------------------------------

_ACTIONS = "activities[*].*.actions[*]"
ACTION_DELEGATE = declare(
    "action-delegate",
    K,
    (f"{_ACTIONS}.actionClass", f"{_ACTIONS}.mandatoryPropertiesValues.delegateActionClass"),
    example(
        "[CONFLICT] C, U: actionClass is the decorator and delegateActionClass the real class; most examples name the real class with no delegate"
    ),
    "An action has an actionClass but no delegateActionClass.",
)
ACTION_PROPERTY_TEXT = declare(
    "action-property-text",
    K,
    (f"{_ACTIONS}.mandatoryPropertiesValues",),
    doc("C: every value of mandatoryPropertiesValues is a string"),
    "An action property is not text.",
)
STRATEGY_DUPLICATE = declare(
    "strategy-duplicate",
    K,
    (f"{_ACTIONS}.embeddedStrategies[*].strategyTypeId",),
    doc("Y: at most one embedded strategy of each type per action", hard=True),
    "An action has two embedded strategies of the same type.",
)
STRATEGY_PROPERTIES = declare(
    "strategy-properties",
    K,
    (f"{_ACTIONS}.embeddedStrategies[*].propertyValues",),
    inferred("Y: propertyValues is a JSON object written as a string"),
    "An embedded strategy's properties are not a JSON object.",
)

# --- limits, liability, broadcast -----------------------------------------------------------------

LIMIT_WEEK_START = declare(
    "limit-week-start",
    K,
    ("limits[*].period.periodStartDay",),
    doc("C: periodStartDay is only for a FIXED_CALENDAR_WINDOW in WEEKS", hard=True),
    "A limit has a week start day but its period is not in weeks.",
)
LIMIT_WEEK_LENGTH = declare(
    "limit-week-length",
    K,
    ("limits[*].period.periodValue",),
    doc("C: with WEEKS and a periodStartDay, periodValue must be 1", hard=True),
    "A weekly limit with a start day spans more than one week.",
)
LIMIT_PROGRAM_ENTITY = declare(
    "limit-program-entity",
    K,
    ("limits[*].entityId",),
    doc("C: with entityScope PROGRAM, entityId (the program id) is required", hard=True),
    "A program-scoped limit has no program id.",
)
LIABILITY_TOTAL = declare(
    "liability-total",
    K,
    ("liabilityOwnerSplitInfo[*].ratio",),
    doc("C: the ratios should sum to 100"),
    "The liability shares do not add up to 100.",
)
BROADCAST_SHAPE = declare(
    "broadcast-shape",
    K,
    ("metadata.promotionType", "activities[*].event"),
    doc(
        "C: broadcast promotions need promotionType LOYALTY, category BROADCAST and event BulkEMFEvent",
        hard=True,
    ),
    "A broadcast promotion is not LOYALTY or its activity is not on BulkEMFEvent.",
)
BROADCAST_TILL = declare(
    "broadcast-till",
    K,
    ("broadcastMetadata.tillId",),
    doc("C: tillId is required for broadcast", hard=True),
    "A broadcast promotion has no till id.",
)
BROADCAST_AUDIENCE = declare(
    "broadcast-audience",
    K,
    ("broadcastMetadata.audienceFilter.audienceListIds",),
    doc("C: a broadcast names at least one audience list", hard=True),
    "A broadcast promotion names no audience list.",
)
SCHEDULE_DATE = declare(
    "schedule-date",
    K,
    ("promotionSchedule.schedule.scheduleDate",),
    doc("C: scheduleDate is required for a PARTICULAR_DATE start", hard=True),
    "A broadcast starting on a particular date has no date.",
)
PLACEHOLDER = declare(
    "placeholder",
    K,
    ("metadata.programId", "metadata.orgId", "activities[*].event"),
    inferred("a value written <LIKE_THIS> is a placeholder to fill in (the docs' own examples use them)"),
    "A value is still a placeholder (<PROGRAM_ID>, <EVENT_NAME>...).",
)
