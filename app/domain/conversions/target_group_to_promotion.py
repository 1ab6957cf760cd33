"""A target group becomes a promotion draft (File › Convert to promotion…, ``tgb convert --to``).

Following the notes' mapping (``docs/api/promotions.md``): a DEFAULT (or streak, capping) group
becomes one SINGLE activity per target, each with one milestone; a UNIFIED ALL/ANY group becomes a
GROUP with one child per target; the periods and their per-period values become the milestone's
``cycleActionMapping``. What has no place in a promotion is reported, one :class:`Lost` per field
with the reason; the values an old payload never had (program, org, reward actions) are left as
placeholders the rules flag.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from app.domain.convert import ConversionError
from app.domain.dates import offset_text, parse_wire_date, wall_clock, zone_or_none
from app.domain.expression import ALWAYS_TRUE_JSON
from app.domain.target_groups.models import Period, Target, TargetGroup

#: What a value the old payload never had is set to; :data:`PLACEHOLDER` rules flag them.
PROGRAM_PLACEHOLDER = "<PROGRAM_ID>"
ORG_PLACEHOLDER = "<ORG_ID>"
EVENT_PLACEHOLDER = "<EVENT_NAME>"

_ENTITY_EVENTS = {"TRANSACTION": "TransactionAdd", "LINEITEM": "TransactionAdd"}
#: Target-group spellings the promotions docs write otherwise.
_TYPE_ALIASES = {"PROMOTION": "PROMOTIONAL"}


@dataclass(frozen=True, slots=True)
class Lost:
    """A field of the target group that the promotion cannot carry (or carries with a choice made)."""

    path: str
    reason: str

    def line(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Converted:
    """The promotion draft and what did not come across."""

    payload: dict[str, Any]
    lost: list[Lost] = field(default_factory=list)


def from_target_group(group: TargetGroup, source: dict[str, Any] | None = None) -> Converted:
    """A promotion draft made from a target group (see the module docstring).

    ``source`` is the group as the server sent it, server fields included, when it came from an
    answer: its ``activePeriod`` then counts for the promotion's dates.

    Raises:
        ConversionError: the group has no targets, so there is nothing to make a milestone of.
    """
    if not group.targets:
        raise ConversionError(
            "Nothing to convert: the group has no targets, and each target becomes a milestone."
        )
    converter = _Converter(group, source)
    return Converted(converter.promotion(), converter.lost)


class _Converter:
    def __init__(self, group: TargetGroup, source: dict[str, Any] | None = None) -> None:
        self.group = group
        self.source = source or {}
        self.zone = zone_or_none(group.time_zone_name)
        self.lost: list[Lost] = []
        #: Source paths the draft carries, or that a drop explains: the rest is reported at the end.
        self.accounted: set[str] = set()
        self._periods = self.ordered_periods()

    def drop(self, path: str, reason: str) -> None:
        self.lost.append(Lost(path, reason))
        self.accounted.add(path)

    def carry(self, *paths: str) -> None:
        self.accounted.update(paths)

    def sweep(self) -> None:
        """Report every field of the group that neither reached the draft nor was dropped with a reason."""
        wire = self.group.to_wire()
        for key, value in wire.items():
            if key in ("targets", "periods") and isinstance(value, list):
                for index, item in enumerate(value):
                    for inner, inner_value in item.items() if isinstance(item, dict) else ():
                        path = f"{key}[{index}].{inner}"
                        if inner == "defaultValues" and isinstance(inner_value, list):
                            for j in range(len(inner_value)):
                                self._unaccounted(f"{path}[{j}]")
                        else:
                            self._unaccounted(path, inner_value)
            else:
                self._unaccounted(key, value)

    def _unaccounted(self, path: str, value: Any = None) -> None:
        if value in ([], {}, ""):
            return  # nothing is lost with an empty list, object or text
        parts = [path[:i] for i in range(len(path)) if path[i] in ".["] + [path]
        if not any(part in self.accounted for part in parts):
            self.drop(path, "the draft has no place for it, so it is not carried over")

    # dates ----------------------------------------------------------------------------------

    def date(self, text: str | None, end: bool = False) -> str | None:
        """A date-time with an offset, as promotions take them (a plain date gets the day's bounds)."""
        found = wall_clock(text)
        if found is None:
            return None
        value = found.value
        if found.date_only:
            value = value.replace(hour=23, minute=59, second=59) if end else value
        if found.suffix is not None and not found.date_only:
            return text
        suffix = found.suffix
        if suffix is None:
            offset = self.zone.utcoffset(value) if self.zone else timedelta(0)
            suffix = offset_text(offset or timedelta(0)) if self.zone else "Z"
        stamp = value.isoformat(timespec="seconds")
        return f"{stamp}{suffix}"

    # the body -------------------------------------------------------------------------------

    def promotion(self) -> dict[str, Any]:
        group = self.group
        self._notes()
        targets = group.targets or []
        start, end = self.range()
        import_enrolment = any(str(t.enrolment_method or "") == "IMPORT" for t in targets)
        metadata: dict[str, Any] = {
            "name": group.name or "",
            "orgId": ORG_PLACEHOLDER,
            "programId": PROGRAM_PLACEHOLDER,
            "startDate": start,
            "endDate": end,
            "promotionType": "LOYALTY" if import_enrolment else "GENERIC",
            "status": "DRAFT",
        }
        if group.description:
            metadata["description"] = group.description
        if group.time_zone_name:
            metadata["timezoneName"] = group.time_zone_name
        metadata = {k: v for k, v in metadata.items() if v is not None}
        unified = str(group.tracking_type or "") == "UNIFIED"
        activities = [self.activity(target, index, unified) for index, target in enumerate(targets)]
        if unified:
            combination = str(group.combination_type or "")
            if combination not in ("ALL", "ANY"):
                self.drop(
                    "combinationType", "a UNIFIED group without ALL/ANY has no GROUP equivalent; ALL was used"
                )
                combination = "ALL"
            for child in activities:
                child["parentId"] = "activity_group"
            activities = [
                {
                    "id": "activity_group",
                    "type": "GROUP",
                    "name": (group.name or "Group")[:100],
                    "combinationType": combination,
                    "expJSON": ALWAYS_TRUE_JSON,
                    "children": activities,
                }
            ]
        body: dict[str, Any] = {
            "metadata": metadata,
            "customerEnrolment": {"enrolmentMethod": "IMPORT" if import_enrolment else "TRANSACTION"},
            "activities": activities,
        }
        self.carry("name", "description", "timeZoneName", "trackingType")
        if unified:
            self.carry("combinationType")
        self.sweep()
        return body

    def ordered_periods(self) -> list[tuple[int, Period]]:
        """The periods in date order, each with its position (which its target values follow)."""
        periods = list(enumerate(self.group.periods or []))

        def key(item: tuple[int, Period]) -> Any:
            parsed = parse_wire_date(item[1].start_date, self.zone)
            return (parsed is None, parsed.as_start() if parsed else None, item[0])

        ordered = sorted(periods, key=key)
        if [i for i, _ in ordered] != [i for i, _ in periods]:
            self.drop(
                "periods",
                "the periods were not in date order; the cycles follow the dates (values move with their periods)",
            )
        return ordered

    def range(self) -> tuple[str | None, str | None]:
        """The promotion's start and end: the earliest and latest of the group's window (in any of
        its spellings, the server's active period included) and of its periods.

        A window date that is not the promotion's start or end is reported as not kept.
        """
        group = self.group
        active = self.source.get("activePeriod")
        active = active if isinstance(active, dict) else {}
        windows = (
            (("fromDate", group.from_date), ("toDate", group.to_date)),
            (
                ("targetCycleStartDateISO", group.target_cycle_start_date_iso),
                ("targetCycleEndDateISO", group.target_cycle_end_date_iso),
            ),
            (
                ("targetCycleStartDate", group.target_cycle_start_date),
                ("targetCycleEndDate", group.target_cycle_end_date),
            ),
            (
                ("activePeriod.startDate", active.get("startDate")),
                ("activePeriod.endDate", active.get("endDate")),
            ),
        )
        starts = [pair[0] for pair in windows] + [
            (f"periods[{i}].startDate", p.start_date) for i, p in enumerate(group.periods or [])
        ]
        ends = [pair[1] for pair in windows] + [
            (f"periods[{i}].endDate", p.end_date) for i, p in enumerate(group.periods or [])
        ]
        first = self._dated(starts, end=False)
        last = self._dated(ends, end=True)
        start = min(first)[1] if first else None
        end = max(last)[1] if last else None
        for found, chosen, what in ((first, start, "starts"), (last, end, "ends")):
            for _moment, text, path in found:
                if path.startswith("periods["):
                    continue  # the cycles carry the periods' dates
                if text == chosen:
                    self.carry(path)
                else:
                    self.drop(
                        path,
                        f"the promotion {what} at {self.date(chosen, end=what == 'ends')} (the "
                        f"{'earliest' if what == 'starts' else 'latest'} of the group's dates); {text} is not kept",
                    )
        return self.date(start), self.date(end, end=True)

    def _dated(self, dates: list[tuple[str, Any]], end: bool) -> list[tuple[Any, str, str]]:
        out = []
        for path, text in dates:
            if not isinstance(text, str):
                continue
            parsed = parse_wire_date(text, self.zone)
            if parsed is not None:
                out.append((parsed.as_end() if end else parsed.as_start(), text, path))
        return out

    def _notes(self) -> None:
        group = self.group
        if group.unified_target_expression is not None:
            self.drop(
                "unifiedTargetExpression",
                "a promotion GROUP combines its children with ALL/ANY only; the aggregation and threshold "
                "have no equivalent",
            )
        tracking = str(group.tracking_type or "")
        if tracking == "CAPPING":
            self.drop(
                "trackingType",
                "CAPPING is kept on the milestone, but limits[] is the documented way to cap on promotions; "
                "re-model the cap as a limit",
            )
        if group.user_created:
            self.drop("userCreated", "promotions have no user-created (UCC) milestones")
        else:
            self.carry("userCreated")  # false: what every promotion milestone is
        if group.active is not None:
            self.drop("active", "a promotion has no active flag; its status lifecycle takes its place")
        if group.total_periods is not None:
            self.drop("totalPeriods", "the number of cycles is the number of cycleActionMapping entries")
        if group.frequency not in (None, 0, 1):
            self.drop(
                "frequency",
                f"promotions have no 'N units per cycle' ({group.frequency}); the cycles are written out explicitly",
            )
        else:
            self.carry("frequency")  # one unit per cycle: what the written-out cycles are
        if group.aggregate_window is not None:
            self.drop("aggregateWindow", "promotions have no aggregate window")
        for key in sorted(group.__pydantic_extra__ or {}):
            self.drop(key, "not a target-group field this app knows, so not mapped")
        for index, period in enumerate(group.periods or []):
            self._period_notes(period, index)

    def _period_notes(self, period: Period, index: int) -> None:
        base = f"periods[{index}]"
        if period.period_status is not None:
            self.drop(f"{base}.periodStatus", "cycles have no status; the server derives it")
        if period.ref_code not in (None, "", f"Cycle_{index + 1}"):
            self.drop(
                f"{base}.refCode",
                f"cycles are named Cycle_{index + 1}; the reference code '{period.ref_code}' is not kept",
            )
        if period.description is not None:
            self.drop(f"{base}.description", "cycles have no description")
        if period.active is False:
            self.drop(f"{base}.active", "cycles cannot be switched off one by one; this one is kept")
        self.carry(f"{base}.startDate", f"{base}.endDate", f"{base}.active", f"{base}.refCode")

    def activity(self, target: Target, index: int, unified: bool) -> dict[str, Any]:
        group = self.group
        base = f"targets[{index}]"
        entity = str(target.target_entity or "")
        target_type = str(target.target_type or "")
        name = (target.name or f"Target {index + 1}")[:100]
        event = target.event_name or _ENTITY_EVENTS.get(entity)
        if not event:
            event = EVENT_PLACEHOLDER
            self.drop(f"{base}.eventName", "the activity needs an event; fill in the one this target counts")
        activity: dict[str, Any] = {
            "id": f"activity_{index + 1}",
            "type": "SINGLE",
            "name": name,
            "event": event,
            "expJSON": target.expression_json or ALWAYS_TRUE_JSON,
        }
        if target.expression and target.expression.strip().lower() != "true":
            activity["ruleExpression"] = target.expression
        milestone: dict[str, Any] = {
            "name": f"{group.name or 'Promotion'}~{name}~Milestone 1",
            "trackingType": "DEFAULT" if unified else str(group.tracking_type or "DEFAULT"),
            "targetEntity": "POINTS" if entity == "REWARDS" else entity or None,
            "targetType": _TYPE_ALIASES.get(target_type, target_type) or None,
        }
        if target_type in _TYPE_ALIASES:
            self.drop(
                f"{base}.targetType",
                f"{target_type} is written {_TYPE_ALIASES[target_type]} on promotions (converted)",
            )
        if entity == "REWARDS":
            self.drop(f"{base}.targetEntity", "REWARDS is POINTS on promotions (converted)")
        if target.description:
            milestone["description"] = target.description
        self.carry(
            *(f"{base}.{key}" for key in ("name", "targetEntity", "targetType", "description", "active"))
        )
        if target.event_name:
            self.carry(f"{base}.eventName")
        self.carry(f"{base}.expressionJson", f"{base}.expression")
        self._target_notes(target, base)
        info = target.extended_field_info
        if target_type == "EXTENDED_FIELD" and info is not None:
            milestone["targetRuleMetaData"] = {
                k: v
                for k, v in {"name": info.name, "aggregateFunction": _text(info.aggregate_function)}.items()
                if v
            }
            self.carry(f"{base}.extendedFieldInfo.name", f"{base}.extendedFieldInfo.aggregateFunction")
        for key, wire in (
            ("preferred_till_id", "preferredTillId"),
            ("frequency_type", "frequencyType"),
            ("target_evaluation_type", "targetEvaluationType"),
            ("recurring_cycles", "recurringCycles"),
            ("leaderboard_enabled", "leaderboardEnabled"),
        ):
            value = getattr(group, key)
            if value is not None:
                milestone[wire] = _text(value) if isinstance(value, str) else value
                self.carry(wire)
        if group.streaks and str(group.tracking_type or "") in ("STREAKS", "NON_CONTINUOUS_STREAKS"):
            consecutive = str(group.tracking_type) == "STREAKS"
            milestone["streaks"] = [
                {
                    k: v
                    for k, v in {"name": s.name, "targetCountOfSequence": s.target_count_of_sequence}.items()
                    if v is not None
                }
                | {"consecutive": consecutive}
                for s in group.streaks
            ]
            self.carry("streaks")
        cycles, values = self.cycles(target, base)
        distinct = set(values)
        milestone["sameActionsForEveryCycle"] = True
        milestone["differentTargetsForEveryCycle"] = len(distinct) > 1
        if len(distinct) == 1:
            milestone["defaultValue"] = values[0]
        milestone["cycleActionMapping"] = cycles
        activity["milestones"] = [{k: v for k, v in milestone.items() if v is not None}]
        return activity

    def _target_notes(self, target: Target, base: str) -> None:
        if target.filters:
            self.drop(
                f"{base}.filters",
                "promotions have no store/zone/concept filters; write the condition into expJSON by hand",
            )
        info = target.extended_field_info
        if info is not None and str(target.target_type or "") != "EXTENDED_FIELD":
            if info.alternate_currency_identifier or info.program_id is not None:
                reason = "the alternate currency and its program have no documented place on a milestone"
            else:
                reason = "the event attribute (or field) and its aggregate function have no documented place on a milestone"
            self.drop(f"{base}.extendedFieldInfo", reason)
        elif info is not None and info.aggregate_window is not None:
            self.drop(f"{base}.extendedFieldInfo.aggregateWindow", "promotions have no aggregate window")
        if target.target_milestone_triggers:
            self.drop(f"{base}.targetMilestoneTriggers", "promotions have no milestone triggers")
        if str(target.enrolment_method or "") == "TRANSACTION":
            self.carry(f"{base}.enrolmentMethod")  # the promotion enrols by transaction too
        if str(target.enrolment_method or "") == "IMPORT":
            self.drop(
                f"{base}.enrolmentMethod",
                "enrolment moves to the promotion: customerEnrolment IMPORT on a LOYALTY promotion",
            )
        if target.active is False:
            self.drop(f"{base}.active", "an activity cannot be switched off; this one is kept")
        for key in sorted(target.__pydantic_extra__ or {}):
            self.drop(f"{base}.{key}", "not a target field this app knows, so not mapped")

    def cycles(self, target: Target, base: str) -> tuple[list[dict[str, Any]], list[str]]:
        """The milestone's cycles (one per period) and their targets as numeric strings; a value
        with no period to go with is reported."""
        out: list[dict[str, Any]] = []
        values: list[str] = []
        defaults = target.default_values or []
        for index, (position, period) in enumerate(self._periods):
            value = defaults[position].default_value if position < len(defaults) else None
            text = _number_text(value)
            mapping: dict[str, Any] = {
                "cycle": f"Cycle_{index + 1}",
                "startDate": self.date(period.start_date),
                "endDate": self.date(period.end_date, end=True),
            }
            if text is not None:
                mapping["defaultValue"] = text
                values.append(text)
                self.carry(f"{base}.defaultValues[{position}]")
            mapping["actions"] = []
            out.append({k: v for k, v in mapping.items() if v is not None})
        for position in range(len(self._periods), len(defaults)):
            self.drop(
                f"{base}.defaultValues[{position}]",
                f"there is no period {position + 1} for this value to be the target of (the group has "
                f"{len(self._periods)} period(s)), so no cycle carries it",
            )
        return out, values


def _text(value: Any) -> Any:
    return getattr(value, "value", value)


def _number_text(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def convert(group: Any, source: Any = None) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The conversion as :data:`app.domain.conversions.CONVERSIONS` calls it."""
    converted = from_target_group(group, source if isinstance(source, dict) else None)
    return converted.payload, [(item.path, item.reason) for item in converted.lost]
