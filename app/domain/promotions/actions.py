"""The reward actions a promotion editor offers by name, with their documented properties.

Sourced from the create page's ``actionName`` ↔ ``delegateActionClass`` table and the
``mandatoryPropertiesValues`` keys it and the update page describe (``docs/api/promotions.md``,
"Rewards are actions"). Every property value is text on the wire. The editor writes the
documented shape: ``actionClass`` the CommunicationDecoratorActionImpl and the real class in
``delegateActionClass``; an action opened in another shape (most examples put the real class
in ``actionClass``) is kept as it is. Keys not listed here stay editable as raw key/value pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.promotions.values import ACTION_PACKAGE, DECORATOR_ACTION_CLASS

ROUNDING = ("ACTUAL", "FLOOR", "ROUND", "ROUND_TO_NEAREST")
EVALUATED_ENTITIES = ("USER", "USERGROUP2", "USER_ENTITY_REFERENCE")


@dataclass(frozen=True)
class ActionProperty:
    """One ``mandatoryPropertiesValues`` key: its label, hint, choices (empty: free text) and default."""

    key: str
    label: str
    hint: str = ""
    choices: tuple[str, ...] = ()
    default: str = ""


@dataclass(frozen=True)
class ActionKind:
    name: str
    label: str
    delegate: str
    properties: tuple[ActionProperty, ...]

    @property
    def delegate_class(self) -> str:
        return ACTION_PACKAGE + self.delegate


_EVENT = ActionProperty(
    "Event Name",
    "Event name",
    "The activity's event; TargetCompleted for a milestone's or a group's reward.",
    default="TargetCompleted",
)

ACTIONS: tuple[ActionKind, ...] = (
    ActionKind(
        "AWARD_POINTS_ACTION",
        "Award points",
        "AwardPointsActionImpl",
        (
            ActionProperty("PointType", "Point type", "The point type, e.g. Main.", default="Main"),
            ActionProperty(
                "Points",
                "Points",
                "How many points to award (the starters' key; an allocation strategy may set them instead).",
            ),
            ActionProperty(
                "AwardStrategy", "Allocation strategy id", "The id of the points allocation strategy."
            ),
            ActionProperty("ExpiryStrategy", "Expiry strategy id", "The id of the points expiry strategy."),
            _EVENT,
        ),
    ),
    ActionKind(
        "ADVANCE_CURRENCY_ALLOCATION_ACTION",
        "Award an alternate currency (or points)",
        "AdvanceCurrencyAllocationActionImpl",
        (
            ActionProperty(
                "Currency", "Currency", "POINTS, or an alternate currency's id.", default="POINTS"
            ),
            ActionProperty("PointType", "Point type", "e.g. Main.", default="Main"),
            ActionProperty(
                "PointsRoundingStrategy", "Rounding", "How fractions are rounded.", ROUNDING, "ACTUAL"
            ),
            ActionProperty(
                "EvaluatedEntity",
                "Evaluated for",
                "Who the reward is worked out for.",
                EVALUATED_ENTITIES,
                "USER",
            ),
            _EVENT,
        ),
    ),
    ActionKind(
        "PE_ISSUE_VOUCHER_ACTION",
        "Issue a voucher",
        "PointsEngineIssueVoucherActionImpl",
        (ActionProperty("VoucherSeriesId", "Voucher series id", "The coupon series to issue from."), _EVENT),
    ),
    ActionKind(
        "BADGE_EARN_ACTION",
        "Earn a badge",
        "BadgeEarnActionImpl",
        (
            ActionProperty("badgeMetaId", "Badge id", "The badge's meta id."),
            ActionProperty("badgeMetaName", "Badge name", "The badge's name."),
            _EVENT,
        ),
    ),
    ActionKind(
        "UPGRADE_SLAB_ACTION",
        "Upgrade a tier",
        "UpgradeSlabActionImpl",
        (
            ActionProperty(
                "ToSlabSerialNumber", "To tier (serial number)", "The tier's serial number, e.g. 2."
            ),
            _EVENT,
        ),
    ),
    ActionKind("NO_OP_ACTION", "No action (a placeholder)", "NoOpActionImpl", ()),
)

_BY_NAME = {action.name: action for action in ACTIONS}


def action_kind(name: str | None) -> ActionKind | None:
    """The catalogue entry of an ``actionName`` (``None`` for one the editor has no form for)."""
    return _BY_NAME.get(name or "")


def new_action(kind: ActionKind, index: int = 1) -> dict[str, object]:
    """A new action of ``kind`` in the documented shape, its properties at their defaults."""
    properties: dict[str, str] = {"delegateActionClass": kind.delegate_class}
    properties.update({p.key: p.default for p in kind.properties})
    return {
        "id": f"action_{index}",
        "actionName": kind.name,
        "actionClass": DECORATOR_ACTION_CLASS,
        "description": kind.label,
        "mandatoryPropertiesValues": properties,
        "mandatoryComplexPropertiesValues": {},
        "embeddedStrategies": [],
    }
