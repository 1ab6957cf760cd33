"""The documented values of the promotion's enumerated fields (``docs/api/promotions.md`` and the create page).

The models keep these fields as text, so a value the docs do not list (the response tables list
other ``targetType`` values than the request table, examples use ``AUDIENCE_FILTER``...) is kept
and sent; the rules warn about it, naming the documented values. Only values without which the
server cannot act (an activity's ``type``) are checked as errors.
"""

from __future__ import annotations

PROMOTION_TYPES = ("LOYALTY_EARNING", "LOYALTY", "GENERIC")
STATUSES = (
    "DRAFT",
    "PENDING_APPROVAL",
    "ACTIVE",
    "UPCOMING",
    "LIVE",
    "COMPLETED",
    "PAUSED",
    "STOPPED",
    "PUBLISH_FAILED",
    "SNAPSHOT",
    "REJECTED",
    "EXPIRED",
)
LOYALTY_EARNING_TYPES = ("DIRECT_EARN", "ISSUE_AND_EARN")
ENROLMENT_METHODS = ("TRANSACTION", "IMPORT", "AUDIENCE_FILTER")
ELIGIBILITY_TYPES = ("LOYAL", "NON_LOYAL", "ALL")
ACTIVITY_TYPES = ("SINGLE", "GROUP")
COMBINATION_TYPES = ("ALL", "ANY")
TRACKING_TYPES = ("DEFAULT", "STREAKS", "NON_CONTINUOUS_STREAKS", "CAPPING", "UNIFIED", "INDIVIDUAL")
STREAK_TRACKING = ("STREAKS", "NON_CONTINUOUS_STREAKS")
TARGET_TYPES = (
    "QUANTITY",
    "SALES",
    "COUNT",
    "VISIT",
    "GROSS_SALES",
    "REGULAR_POINTS",
    "PROMOTIONAL_POINTS",
    "ALL_POINTS",
    "EXTENDED_FIELD",
    "EVENT_ATTRIBUTE",
    "REGULAR",
    "PROMOTIONAL",
    "ALL",
)
TARGET_ENTITIES = ("TRANSACTION", "LINEITEM", "POINTS", "EVENT", "ALTERNATE_CURRENCIES")
EVALUATION_TYPES = (
    "FIXED_CALENDAR_WINDOW",
    "CYCLIC_WINDOW",
    "PERIOD_AGNOSTIC_WINDOW",
    "CALENDAR_CYCLIC_WINDOW",
)
FREQUENCY_TYPES = ("DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "HALF_YEARLY", "YEARLY", "CUSTOM")
AGGREGATE_FUNCTIONS = ("SUM", "COUNT", "MAX", "MIN")
BASED_ON = ("ACTIVITY", "AUDIENCE", "EXTERNAL_TRIGGER")
EXPIRY_BASED_ON = ("PROMOTION", "CUSTOM", "FIXED_DATE")
RESTRICTION_TYPES = ("NON_PERIOD_BASED", "PERIOD_BASED")
ENTITY_SCOPES = ("PROMOTION", "PROGRAM")
GRANULARITIES = ("OVERALL", "USER", "PER_ACTIVITY")
LIMIT_ACTION_TYPES = (
    "AWARD_CURRENCY",
    "AWARD_BADGE",
    "ISSUE_COUPON",
    "ISSUE_REWARD",
    "UPGRADE_TIER",
    "RENEW_TIER",
    "DOWNGRADE_TIER",
)
LIMIT_TYPES = ("SUM", "COUNT")
PERIOD_TYPES = ("NON_PERIOD_BASED", "MOVING_WINDOW", "FIXED_CALENDAR_WINDOW", "FIXED_WINDOW", "CYCLIC_WINDOW")
PERIOD_UNITS = ("DAYS", "WEEKS", "MONTHS")
LIABILITY_OWNER_TYPES = ("PROGRAM", "PARTNER")
COMPONENT_TYPES = ("PROMOTION", "PROGRAM")
START_TYPES = ("IMMEDIATE", "PARTICULAR_DATE")
SCHEDULE_FREQUENCIES = ("ONCE", "DAILY")

#: The implementation class every action names (the real one is its delegateActionClass) [DOC C, U].
DECORATOR_ACTION_CLASS = (
    "com.capillary.shopbook.pointsengine.endpoint.impl.action.CommunicationDecoratorActionImpl"
)
ACTION_PACKAGE = "com.capillary.shopbook.pointsengine.endpoint.impl.action."

#: Where each documented value list applies: (a description of the field, its values).
ENUMERATED: dict[str, tuple[str, ...]] = {
    "metadata.promotionType": PROMOTION_TYPES,
    "metadata.status": STATUSES,
    "metadata.loyaltyEarningType": LOYALTY_EARNING_TYPES,
    "customerEnrolment.enrolmentMethod": ENROLMENT_METHODS,
    "customerEnrolment.customerEligibilityType": ELIGIBILITY_TYPES,
    "activity.type": ACTIVITY_TYPES,
    "activity.combinationType": COMBINATION_TYPES,
    "activity.targetEvaluationType": EVALUATION_TYPES,
    "activity.frequencyType": FREQUENCY_TYPES,
    "milestone.trackingType": TRACKING_TYPES,
    "milestone.targetType": TARGET_TYPES,
    "milestone.targetEntity": TARGET_ENTITIES,
    "milestone.targetEvaluationType": EVALUATION_TYPES,
    "milestone.frequencyType": FREQUENCY_TYPES,
    "milestone.aggregateFunction": AGGREGATE_FUNCTIONS,
    "targetRuleMetaData.aggregateFunction": AGGREGATE_FUNCTIONS,
    "workflow.basedOn": BASED_ON,
    "limit.entityScope": ENTITY_SCOPES,
    "limit.granularity": GRANULARITIES,
    "limit.actionType": LIMIT_ACTION_TYPES,
    "limit.limitType": LIMIT_TYPES,
    "period.periodType": PERIOD_TYPES,
    "period.periodUnit": PERIOD_UNITS,
    "liability.liabilityOwnerType": LIABILITY_OWNER_TYPES,
    "liability.componentType": COMPONENT_TYPES,
    "schedule.startType": START_TYPES,
    "schedule.frequency": SCHEDULE_FREQUENCIES,
    "restriction.type": RESTRICTION_TYPES,
    "restriction.periodUnit": ("DAILY", "WEEKLY", "MONTHLY"),
    "restriction.periodType": ("MOVING_WINDOW",),
    "expiry.type": EXPIRY_BASED_ON,
    "metadata.promotionCategory": ("BROADCAST",),
    "broadcast.source": ("AUDIENCE_FILTER",),
    "strategy.owner": ("LOYALTY", "CAMPAIGN"),
    "strategy.strategySubType": ("DEFAULT",),
}

_TRANSACTION_MEASURES = ("QUANTITY", "SALES", "GROSS_SALES", "COUNT", "VISIT", "EXTENDED_FIELD")

#: targetEntity -> the targetTypes offered with it. The promotions docs give no such table; this is
#: the target groups' table (error 310033 there), with the promotions' names (REWARDS is POINTS,
#: PROMOTION is PROMOTIONAL). The editor greys the other measures as a hint; the rules do not
#: refuse them, since no promotion source says the server does.
MEASURES_BY_ENTITY: dict[str, tuple[str, ...]] = {
    "TRANSACTION": _TRANSACTION_MEASURES,
    "LINEITEM": _TRANSACTION_MEASURES,
    "EVENT": ("COUNT", "VISIT", "EVENT_ATTRIBUTE"),
    "POINTS": ("REGULAR_POINTS", "PROMOTIONAL_POINTS", "ALL_POINTS"),
    "ALTERNATE_CURRENCIES": ("ALL", "REGULAR", "PROMOTIONAL"),
}

#: Which ENUMERATED prefix each wire object's fields are under (the editor's drop-downs).
CONTEXT_OF_MODEL = {
    "PromotionMetadata": "metadata",
    "CustomerEnrolment": "customerEnrolment",
    "Activity": "activity",
    "Milestone": "milestone",
    "TargetRuleMetaData": "targetRuleMetaData",
    "WorkflowStep": "workflow",
    "Limit": "limit",
    "LimitPeriod": "period",
    "LiabilitySplit": "liability",
    "Schedule": "schedule",
    "RestrictionLimit": "restriction",
    "ExpiryBasedOn": "expiry",
    "BroadcastMetadata": "broadcast",
    "EmbeddedStrategy": "strategy",
}


def documented_values(model_name: str, wire: str) -> tuple[str, ...]:
    """The documented values of one field of a wire object (empty when it is free text)."""
    context = CONTEXT_OF_MODEL.get(model_name)
    return ENUMERATED.get(f"{context}.{wire}", ()) if context else ()
