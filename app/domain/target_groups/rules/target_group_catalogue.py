"""The target-group rules (``POST v3/targetGroups``), each declared once with its evidence.

Sources named here: the API pages of Capillary's docs ("create-target-groups", "create-streak",
"create-unified-targets", "create-target-group-based-on-behavioural-event", the alternate
currency page...), the error codes in ``docs/api/target-groups.md``, and the working examples those pages show.
Rules shared by every payload kind (type errors, unknown fields) are in :mod:`.common_catalogue`.
"""

from __future__ import annotations

from app.domain.fields import field_paths
from app.domain.rules.catalogue import code, declare, doc, example, inferred, unsendable
from app.domain.target_groups import KIND_NAME
from app.domain.target_groups.models import TargetGroup

K = KIND_NAME

_HARD_MAX = field_paths(TargetGroup, "maxLength")

# --- Field metadata (required, lengths, ranges) --------------------------------------------

REQUIRED = declare(
    "required",
    K,
    field_paths(TargetGroup, "required=hard"),
    doc("create-target-groups: name* is required, and every working example sends it", hard=True),
    "A field the server cannot create a group without is missing.",
)
REQUIRED_EMPTY = declare(
    "required-empty",
    K,
    field_paths(TargetGroup, "empty"),
    example("a 2025 GET v3/targetGroups listing holds an active group whose name is an empty string"),
    "A field the docs mark required is present but empty; a server was seen to keep such a value.",
)
REQUIRED_SOFT = declare(
    "required-soft",
    K,
    field_paths(TargetGroup, "required=docs"),
    example(
        "the docs mark these required (*), but working examples leave several out "
        "(targetEvaluationType on the unified and behavioural-event pages, frequency, recurringCycles)"
    ),
    "A field the docs mark required is missing; the server is likely to fill in a default.",
)
NAME_TOO_LONG = declare(
    "name-too-long",
    K,
    tuple(p for p in _HARD_MAX if p.split(".")[-1] == "name"),
    code("310008 Length of target rule name cannot exceed 200"),
    "A group or target name is longer than 200 characters.",
    api_code=310008,
)
TEXT_TOO_LONG = declare(
    "text-too-long",
    K,
    tuple(p for p in _HARD_MAX if p.split(".")[-1] != "name"),
    doc(
        "create-streak: the description is limited to 255 characters; the periods' descriptions likewise",
        hard=True,
    ),
    "A description is longer than the documented limit.",
)
TEXT_LONG = declare(
    "text-long",
    K,
    field_paths(TargetGroup, "softMaxLength"),
    inferred("the group's limits, applied to texts the docs give no limit for"),
    "A text is longer than the limit of similar fields; the server may cut it or refuse it.",
)
ABOVE_MAXIMUM = declare(
    "above-maximum",
    K,
    field_paths(TargetGroup, "maximum"),
    doc("create-streak: a maximum of 100 cycles can be defined for a target group", hard=True),
    "A number is above its documented maximum (recurring cycles: 100).",
)
BELOW_MINIMUM = declare(
    "below-minimum",
    K,
    field_paths(TargetGroup, "minimum"),
    inferred("counts and values cannot be negative; responses nevertheless show recurringCycles -1"),
    "A count or value is below its smallest sensible value.",
)
DATE_FORMAT = declare(
    "date-format",
    K,
    (
        "targetCycleStartDateISO",
        "targetCycleEndDateISO",
        "targetCycleStartDate",
        "targetCycleEndDate",
        "fromDate",
        "toDate",
        "periods[*].startDate",
        "periods[*].endDate",
    ),
    unsendable("the server reads ISO 8601 dates only (YYYY-MM-DDTHH:mm:ss.SSS, with Z, an offset or none)"),
    "A date is not an ISO 8601 date or date-time.",
)

# --- Group ------------------------------------------------------------------------------------

TOTAL_PERIODS_MISMATCH = declare(
    "total-periods-mismatch",
    K,
    ("totalPeriods", "periods"),
    example("uatTargetGroup101 and the streak examples send totalPeriods 1 with 2 periods"),
    "Total periods differs from the number of periods.",
)
TIME_ZONE_UNKNOWN = declare(
    "time-zone-unknown",
    K,
    ("timeZoneName",),
    doc("create-target-groups: timeZoneName is a reference label; there is no validation for it"),
    "The time zone is not an IANA name; dates without an offset are read in UTC here.",
)
WINDOW_ORDER = declare(
    "window-order",
    K,
    ("targetCycleEndDateISO", "targetCycleEndDate", "toDate"),
    inferred("a window cannot end before it starts"),
    "A window's end is before its start.",
)
TRACKING_TYPE_UNVERIFIED = declare(
    "tracking-type-unverified",
    K,
    ("trackingType",),
    doc("NON_CONTINUOUS_STREAKS appears in responses; its input support is unverified"),
    "NON_CONTINUOUS_STREAKS may not be accepted in a create request.",
)
TRACKING_TYPE_SPELLING = declare(
    "tracking-type-spelling",
    K,
    ("trackingType",),
    example("the parameter table says STREAK; every streak example and the v3/milestones filter use STREAKS"),
    "trackingType STREAK is sent as STREAKS.",
)
COMBINATION_IGNORED = declare(
    "combination-type-ignored",
    K,
    ("combinationType",),
    inferred("create-unified-targets: combinationType belongs to UNIFIED groups"),
    "Combine targets is set on a group that is not UNIFIED.",
)
LEADERBOARD_WINDOW = declare(
    "leaderboard-window",
    K,
    ("leaderboardEnabled", "targetEvaluationType"),
    code("310132 Target evaluation type not supported for leaderboard"),
    "A leaderboard needs the fixed calendar window.",
    api_code=310132,
)
LEADERBOARD_TRACKING = declare(
    "leaderboard-tracking",
    K,
    ("leaderboardEnabled", "trackingType"),
    doc("leaderboard page: leaderboards are for single-target (DEFAULT) milestones, not streaks"),
    "A leaderboard on a group that is not single-target.",
)
STREAKS_IGNORED = declare(
    "streaks-ignored",
    K,
    ("streaks",),
    inferred("streak levels belong to STREAKS groups"),
    "Streak levels on a group that is not STREAKS.",
)
STREAKS_MISSING = declare(
    "streaks-missing",
    K,
    ("streaks",),
    doc("create-streak: streaks* is required when trackingType is STREAKS"),
    "A STREAKS group has no streak levels.",
)
STREAK_NAME_DUPLICATE = declare(
    "streak-name-duplicate",
    K,
    ("streaks[*].name",),
    inferred("isValidName checks streakLevelName without case, as for every other name"),
    "Two streak levels have the same name.",
)
COMBINATION_MISSING = declare(
    "combination-type-missing",
    K,
    ("combinationType",),
    doc("create-unified-targets: combinationType* ALL or ANY"),
    "A UNIFIED group does not say how its targets combine.",
)
THRESHOLD_MISSING = declare(
    "threshold-missing",
    K,
    ("unifiedTargetExpression.thresholdValue",),
    doc("create-unified-targets: the threshold is required when an aggregation is set"),
    "A unified aggregation has no threshold.",
)
THRESHOLD_NEGATIVE = declare(
    "threshold-negative",
    K,
    ("unifiedTargetExpression.thresholdValue",),
    inferred("a threshold below zero is always met"),
    "A unified threshold is negative.",
)

# --- Periods ----------------------------------------------------------------------------------

PERIODS_MISSING = declare(
    "periods-missing",
    K,
    ("periods",),
    doc("the endpoint table: periods are optional in the create call and can be added later (targetPeriods)"),
    "The group has no periods.",
)
PERIOD_ORDER = declare(
    "period-order",
    K,
    ("periods[*].endDate",),
    inferred("a period cannot end before it starts"),
    "A period ends before it starts.",
)
REF_CODE_DUPLICATE = declare(
    "ref-code-duplicate",
    K,
    ("periods[*].refCode",),
    inferred("the refCode is the periodName used when enrolling; two equal ones cannot be told apart"),
    "Two periods have the same reference code.",
)
PERIOD_STATUS_RESPONSE_ONLY = declare(
    "period-status-response-only",
    K,
    ("periods[*].periodStatus",),
    doc(
        "create-target-groups: periodStatus accepts RUNNING, UPCOMING, NOT_STARTED; LIVE/ENDED are sent back"
    ),
    "A period status only the server sends back.",
)
PERIOD_IN_PAST = declare(
    "period-in-past",
    K,
    ("periods[*].endDate",),
    doc("milestones guide: past data must be reprocessed"),
    "A period has already ended.",
)
PERIOD_STATUS_STALE = declare(
    "period-status-stale",
    K,
    ("periods[*].periodStatus",),
    inferred("RUNNING is the period containing today; NOT_STARTED the ones after it"),
    "A period's status does not match its dates.",
)
PERIOD_SEQUENCE = declare(
    "period-sequence",
    K,
    ("periods[*].startDate",),
    example("uatTargetGroup101 lists Cycle_2 (May) after Cycle_1 (June) and was accepted"),
    "Periods are not listed in date order (target values follow them by position).",
)
PERIOD_OVERLAP = declare(
    "period-overlap",
    K,
    ("periods[*].startDate",),
    inferred("every working example has contiguous, non-overlapping periods"),
    "Two periods overlap.",
)
PERIOD_OUTSIDE_CYCLE = declare(
    "period-outside-cycle",
    K,
    ("periods[*].startDate", "periods[*].endDate"),
    example(
        "the behavioural-event and EMF-event examples have periods starting before "
        "targetCycleStartDate, and were accepted"
    ),
    "A period lies outside the cycle window.",
)
PERIOD_OUTSIDE_MILESTONE = declare(
    "period-outside-milestone",
    K,
    ("periods[*].startDate", "periods[*].endDate"),
    example("uatTargetGroup124 has periods after its toDate, and was accepted"),
    "A period lies outside fromDate/toDate; nothing is tracked there.",
)

# --- Targets ----------------------------------------------------------------------------------

TARGET_COUNT = declare(
    "target-count",
    K,
    ("targets",),
    doc("Target/Milestone intro: DEFAULT, CAPPING and user-created groups have one target; UNIFIED 2 to 50"),
    "The number of targets does not fit the tracking type.",
)
TARGET_NAME_DUPLICATE = declare(
    "target-name-duplicate",
    K,
    ("targets[*].name",),
    doc("create-streak: target names are case-insensitive"),
    "Two targets have the same name.",
)
TARGET_TYPE_CONFLICT = declare(
    "target-type-conflicting-docs",
    K,
    ("targets[*].targetType",),
    doc("the response table gives ALL/REGULAR/PROMOTION for points; the request table REGULAR_POINTS..."),
    "A points measure spelled as in the response tables.",
)
ENTITY_TYPE_MISMATCH = declare(
    "entity-type-mismatch",
    K,
    ("targets[*].targetEntity", "targets[*].targetType"),
    example(
        "the create page's entity/type table, with error 310033 for an invalid pair; but a server's "
        "stored groups (a 2025 GET v3/targetGroups listing: 49 of 96 groups, 17 of them active) pair "
        "TRANSACTION with ALL, which the table does not list, so the server accepts more than the table "
        "and which pairs it refuses is not known"
    ),
    "The measure is not in the docs' table for the tracked entity; the server may refuse it (310033).",
)
ENTITY_TYPE_STORED = declare(
    "entity-type-seen-stored",
    K,
    ("targets[*].targetEntity", "targets[*].targetType"),
    example(
        "a 2025 GET v3/targetGroups listing of 96 stored groups: 49 (17 active) have a TRANSACTION "
        "target measured as ALL, a pair the create page's table leaves out"
    ),
    "The pair is not in the docs' table, but a server was seen to store groups with it.",
)
TARGET_ENTITY_LEGACY = declare(
    "target-entity-legacy",
    K,
    ("targets[*].targetEntity",),
    doc("POINTS appears only in the old Slate and unified docs"),
    "Tracked on POINTS, a value of the old docs.",
)
EVENT_NAME_MISSING = declare(
    "event-name-missing",
    K,
    ("targets[*].eventName",),
    example("uatTargetGroup130 sent no eventName; the server filled in TransactionAdd"),
    "An event target names no event.",
)
EXTENDED_FIELD_MISSING = declare(
    "extended-field-missing",
    K,
    (
        "targets[*].extendedFieldInfo",
        "targets[*].extendedFieldInfo.name",
        "targets[*].extendedFieldInfo.aggregateFunction",
    ),
    code("310094 Target rule metadata is required for EXTENDED_FIELD / ALTERNATE_CURRENCIES"),
    "An extended-field target lacks the field name or the aggregate function.",
    api_code=310094,
)
EVENT_ATTRIBUTE_MISSING = declare(
    "event-attribute-missing",
    K,
    ("targets[*].extendedFieldInfo", "targets[*].extendedFieldInfo.name"),
    doc("behavioural-event page: EVENT_ATTRIBUTE takes extendedFieldInfo {name, aggregateFunction SUM}"),
    "An event-attribute target does not name the attribute to sum.",
)
EVENT_ATTRIBUTE_FUNCTION = declare(
    "event-attribute-function",
    K,
    ("targets[*].extendedFieldInfo.aggregateFunction",),
    doc("behavioural-event page: the event attribute is summed (aggregateFunction SUM)"),
    "An event-attribute target does not sum.",
)
ALTERNATE_CURRENCY_UNIFIED = declare(
    "alternate-currency-unified",
    K,
    ("targets[*].targetEntity",),
    doc("the alternate-currency page says UNIFIED is not supported; the unified page lists it"),
    "An alternate-currency target in a UNIFIED group, which the docs disagree on.",
)
ALTERNATE_CURRENCY_MISSING = declare(
    "alternate-currency-missing",
    K,
    ("targets[*].extendedFieldInfo",),
    code("310094 Target rule metadata is required for EXTENDED_FIELD / ALTERNATE_CURRENCIES"),
    "An alternate-currency target has no currency details.",
    api_code=310094,
)
ALTERNATE_CURRENCY_IDENTIFIER = declare(
    "alternate-currency-identifier",
    K,
    ("targets[*].extendedFieldInfo.alternateCurrencyIdentifier",),
    code("310147 Invalid or null alternate currency identifier for target rule"),
    "An alternate-currency target has no currency identifier.",
    api_code=310147,
)
PROGRAM_ID = declare(
    "program-id",
    K,
    ("targets[*].extendedFieldInfo.programId",),
    code("310146 Invalid program id"),
    "An alternate-currency target has no valid program id.",
    api_code=310146,
)
ENROLMENT_RESPONSE_ONLY = declare(
    "enrolment-response-only",
    K,
    ("targets[*].enrolmentMethod",),
    doc("create-target-groups: enrolmentMethod TRANSACTION or IMPORT; AUDIENCE_FILTER is seen in responses"),
    "AUDIENCE_FILTER enrolment, seen only in responses.",
)
USER_CREATED_ENROLMENT = declare(
    "user-created-enrolment",
    K,
    ("userCreated", "targets[*].enrolmentMethod"),
    example(
        "the docs say user-created targets are enrolled by IMPORT; the streak example Opp4 is "
        "user-created with enrolmentMethod TRANSACTION and was accepted"
    ),
    "A user-created group's target is not enrolled by import.",
)
DEFAULT_VALUES_COUNT = declare(
    "default-values-count",
    K,
    ("targets[*].defaultValues", "periods"),
    inferred("every example sends one value per period, matched by position"),
    "A target does not have one value per period.",
)
DEFAULT_VALUE_MISSING = declare(
    "default-value-missing",
    K,
    ("targets[*].defaultValues[*].defaultValue",),
    inferred("a period without a target value has nothing to reach"),
    "A period's target value is empty.",
)
DEFAULT_VALUES_VARY = declare(
    "default-values-vary",
    K,
    ("targets[*].defaultValues", "targetEvaluationType"),
    doc(
        "milestones guide: a different target value per cycle is supported only for the fixed calendar window"
    ),
    "Different values per period on a window that takes one value.",
)
FILTER_IDS_EMPTY = declare(
    "filter-ids-empty",
    K,
    ("targets[*].filters[*].entityIds",),
    inferred("a filter with no ids limits the target to nothing"),
    "A filter lists no ids.",
)
FILTER_ID_NEGATIVE = declare(
    "filter-id-negative",
    K,
    ("targets[*].filters[*].entityIds[*]",),
    example("ids are positive; the create-targets example sends ZONE id 0 and was accepted"),
    "A filter id is negative.",
)
EXPRESSION_JSON_INVALID = declare(
    "expression-json-invalid",
    K,
    ("targets[*].expressionJson",),
    inferred(
        "the examples' expressionJson: only literal, name, object_dereference and binary_operation nodes are confirmed"
    ),
    "The condition JSON is not JSON or uses an unknown node.",
)
EXPRESSION_JSON_MISSING = declare(
    "expression-json-missing",
    K,
    ("targets[*].expressionJson", "targets[*].expression"),
    inferred("whether the server derives expressionJson from expression is unverified"),
    "A condition has no expressionJson.",
)
EXPRESSION_MISMATCH = declare(
    "expression-mismatch",
    K,
    ("targets[*].expression", "targets[*].expressionJson"),
    inferred("expression and expressionJson should say the same thing"),
    "The condition and its JSON disagree.",
)
