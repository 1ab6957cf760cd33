"""Every closed set of values the target group API knows, declared once.

Each enum value is the wire spelling. :func:`label` and :func:`help_text` give the
operator-facing name and a one-line explanation, so the GUI, the CLI and the rules
never repeat these strings.
"""

from __future__ import annotations

from enum import StrEnum


class TrackingType(StrEnum):
    DEFAULT = "DEFAULT"
    UNIFIED = "UNIFIED"
    STREAKS = "STREAKS"
    CAPPING = "CAPPING"
    NON_CONTINUOUS_STREAKS = "NON_CONTINUOUS_STREAKS"


class TargetEvaluationType(StrEnum):
    FIXED_CALENDAR_WINDOW = "FIXED_CALENDAR_WINDOW"
    CYCLIC_WINDOW = "CYCLIC_WINDOW"
    PERIOD_AGNOSTIC_WINDOW = "PERIOD_AGNOSTIC_WINDOW"


class FrequencyType(StrEnum):
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    QUARTERLY = "QUARTERLY"
    HALF_YEARLY = "HALF_YEARLY"
    YEARLY = "YEARLY"
    CUSTOM = "CUSTOM"


class PeriodStatus(StrEnum):
    RUNNING = "RUNNING"
    UPCOMING = "UPCOMING"
    NOT_STARTED = "NOT_STARTED"
    LIVE = "LIVE"
    ENDED = "ENDED"


#: Statuses the API only ever sends back; a create request should not carry them.
RESPONSE_ONLY_PERIOD_STATUSES = frozenset({PeriodStatus.LIVE, PeriodStatus.ENDED})


class TargetEntity(StrEnum):
    TRANSACTION = "TRANSACTION"
    LINEITEM = "LINEITEM"
    EVENT = "EVENT"
    REWARDS = "REWARDS"
    ALTERNATE_CURRENCIES = "ALTERNATE_CURRENCIES"
    POINTS = "POINTS"


class TargetType(StrEnum):
    QUANTITY = "QUANTITY"
    SALES = "SALES"
    GROSS_SALES = "GROSS_SALES"
    COUNT = "COUNT"
    VISIT = "VISIT"
    EXTENDED_FIELD = "EXTENDED_FIELD"
    EVENT_ATTRIBUTE = "EVENT_ATTRIBUTE"
    REGULAR_POINTS = "REGULAR_POINTS"
    PROMOTIONAL_POINTS = "PROMOTIONAL_POINTS"
    ALL_POINTS = "ALL_POINTS"
    ALL = "ALL"
    REGULAR = "REGULAR"
    PROMOTION = "PROMOTION"


class EnrolmentMethod(StrEnum):
    TRANSACTION = "TRANSACTION"
    IMPORT = "IMPORT"
    AUDIENCE_FILTER = "AUDIENCE_FILTER"


class FilterEntityType(StrEnum):
    STORE = "STORE"
    ZONE = "ZONE"
    CONCEPT = "CONCEPT"


class AggregateFunction(StrEnum):
    SUM = "SUM"
    COUNT = "COUNT"


class CombinationType(StrEnum):
    ALL = "ALL"
    ANY = "ANY"


class WindowType(StrEnum):
    MIN = "MIN"
    MAX = "MAX"


class WindowTimeUnit(StrEnum):
    DAY = "DAY"


_TEXT: list[tuple[StrEnum, tuple[str, str]]] = [
    (TrackingType.DEFAULT, ("Single target", "Track one target per customer.")),
    (TrackingType.UNIFIED, ("Unified, several targets", "Track 2 to 50 targets combined with ALL or ANY.")),
    (TrackingType.STREAKS, ("Streaks", "Reward consecutive cycles in which the target was met.")),
    (TrackingType.CAPPING, ("Capping", "Track what a customer earned in a period so a cap can be applied.")),
    (
        TrackingType.NON_CONTINUOUS_STREAKS,
        (
            "Non-continuous streaks",
            "Seen only in responses; not documented as an input value.",
        ),
    ),
    (
        TargetEvaluationType.FIXED_CALENDAR_WINDOW,
        (
            "Fixed calendar window",
            "Cycles follow calendar dates from a chosen start; a day runs 00:00:00.000 to 23:59:59.999.",
        ),
    ),
    (
        TargetEvaluationType.CYCLIC_WINDOW,
        (
            "Cyclic window",
            "A cycle starts at the customer's first event after enrolment and runs in rolling 24 h units.",
        ),
    ),
    (
        TargetEvaluationType.PERIOD_AGNOSTIC_WINDOW,
        (
            "Until target achieved",
            "A cycle lasts until the target is reached, then resets; it has no fixed end.",
        ),
    ),
    (FrequencyType.DAILY, ("Daily", "Cycles of N days.")),
    (FrequencyType.WEEKLY, ("Weekly", "Cycles of N weeks.")),
    (FrequencyType.MONTHLY, ("Monthly", "Cycles of N months.")),
    (FrequencyType.QUARTERLY, ("Quarterly", "Cycles of N quarters.")),
    (FrequencyType.HALF_YEARLY, ("Half-yearly", "Cycles of N half-years.")),
    (FrequencyType.YEARLY, ("Yearly", "Cycles of N years.")),
    (FrequencyType.CUSTOM, ("Custom", "Periods are edited by hand.")),
    (PeriodStatus.RUNNING, ("Running", "The period containing today.")),
    (PeriodStatus.UPCOMING, ("Upcoming", "A period that has not started yet.")),
    (PeriodStatus.NOT_STARTED, ("Not started", "A period that has not started yet.")),
    (PeriodStatus.LIVE, ("Live", "Only sent back by the server; not valid in a create request.")),
    (PeriodStatus.ENDED, ("Ended", "Only sent back by the server; not valid in a create request.")),
    (TargetEntity.TRANSACTION, ("Transaction", "Track bills.")),
    (TargetEntity.LINEITEM, ("Line item", "Track line items of bills.")),
    (TargetEntity.EVENT, ("Event", "Track a behavioural or EMF event.")),
    (TargetEntity.REWARDS, ("Rewards points", "Track points earned.")),
    (TargetEntity.ALTERNATE_CURRENCIES, ("Alternate currency", "Track an alternate currency of a program.")),
    (TargetEntity.POINTS, ("Legacy points", "Seen only in old documentation.")),
    (TargetType.QUANTITY, ("Quantity", "Number of items.")),
    (TargetType.SALES, ("Net sales", "Net bill amount.")),
    (TargetType.GROSS_SALES, ("Gross sales", "Gross bill amount.")),
    (TargetType.COUNT, ("Count", "Number of bills or events.")),
    (TargetType.VISIT, ("Days of activity", "Number of distinct days with activity.")),
    (TargetType.EXTENDED_FIELD, ("Extended field", "Sum or count of a custom field.")),
    (TargetType.EVENT_ATTRIBUTE, ("Event attribute sum", "Sum of an event attribute.")),
    (TargetType.REGULAR_POINTS, ("Regular points", "Regular points earned.")),
    (TargetType.PROMOTIONAL_POINTS, ("Promotional points", "Promotional points earned.")),
    (TargetType.ALL_POINTS, ("All points", "All points earned.")),
    (TargetType.ALL, ("All", "All of the alternate currency earned.")),
    (TargetType.REGULAR, ("Regular", "Regular alternate currency earned.")),
    (TargetType.PROMOTION, ("Promotional", "Promotional alternate currency earned.")),
    (EnrolmentMethod.TRANSACTION, ("By transaction", "Customers enrol by transacting.")),
    (EnrolmentMethod.IMPORT, ("Import / API", "Customers are enrolled through the enrol API or an import.")),
    (EnrolmentMethod.AUDIENCE_FILTER, ("Audience filter", "Seen only in responses.")),
    (FilterEntityType.STORE, ("Store", "Only these stores count.")),
    (FilterEntityType.ZONE, ("Zone", "Only these zones count.")),
    (FilterEntityType.CONCEPT, ("Concept", "Only these concepts count.")),
    (AggregateFunction.SUM, ("Sum", "Add up the values.")),
    (AggregateFunction.COUNT, ("Count", "Count the occurrences.")),
    (CombinationType.ALL, ("All targets", "Every target must be met.")),
    (CombinationType.ANY, ("Any target", "One target is enough.")),
    (WindowType.MIN, ("Minimum", "Smallest value in the window.")),
    (WindowType.MAX, ("Maximum", "Largest value in the window.")),
    (WindowTimeUnit.DAY, ("Day", "The only supported unit.")),
]


#: Keyed by (enum class, value): members of different enums with the same spelling (COUNT, ALL,
#: TRANSACTION...) compare equal as strings, so the member alone cannot be the key.
_BY_KIND: dict[tuple[type, str], tuple[str, str]] = {(type(k), k.value): v for k, v in _TEXT}


def readable_code(code: str) -> str:
    """An API code read as words: ``LOYALTY_EARNING`` -> ``Loyalty earning``."""
    return code.replace("_", " ").capitalize()


def label(value: StrEnum) -> str:
    """The readable name an operator sees for an enum value."""
    text = _BY_KIND.get((type(value), value.value))
    return text[0] if text else readable_code(value.value)


def choice_label(value: StrEnum) -> str:
    """How a choice reads in a list: the readable name with the API's code, ``"Net sales (SALES)"``.

    Operators map the form to the API docs and to support tickets by the code, so every list
    shows it (the Cycle unit list, Measure, Tracking...); the name alone is for running text.
    """
    return f"{label(value)} ({value.value})"


def help_text(value: StrEnum) -> str:
    """A one-line explanation of an enum value, for tooltips and CLI help."""
    text = _BY_KIND.get((type(value), value.value))
    return text[1] if text else ""
