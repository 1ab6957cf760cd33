"""``tgb periods``: plan a group's periods from a cycle start, a count or an end, and a unit.

Without ``--apply`` it prints the planned periods as a JSON array (the wire form of each
period), so an operator can look at them or paste them. With ``--apply FILE`` it plans into
the group of a payload file instead: periods, the group's cycle fields and every target's
per-period values, and rewrites the file atomically, so an interrupted run never leaves
half a payload behind. Exit codes follow :mod:`app.cli`: 0 done, 2 bad input or file.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.atomic_write import write_text_atomic
from app.cli import EXIT_OK, EXIT_USAGE
from app.domain import jsontext
from app.domain.enums import FrequencyType
from app.domain.planner import DEFAULT_REF_PATTERN, PlanError, PlanRequest, plan_periods

if TYPE_CHECKING:
    from app.domain.target_groups.models import TargetGroup

#: The option to name when the planner rejects a :class:`PlanRequest` field.
_OPTION_OF_FIELD = {
    "start": "--start",
    "end": "--end",
    "cycles": "--cycles",
    "frequency_type": "--frequency-type",
    "frequency": "--frequency",
    "time_zone": "--tz",
    "ref_pattern": "--ref-pattern",
    "fill_value": "--fill-value",
}


def register(subparsers: Any) -> None:
    """Add the ``periods`` command to ``tgb``."""
    parser = subparsers.add_parser(
        "periods",
        help="plan a group's periods (e.g. 12 monthly cycles from 1 January)",
        description="Plan contiguous periods, each from local 00:00:00.000 to 23:59:59.999, "
        "and print them as JSON, or plan them into a payload file with --apply.",
    )
    parser.add_argument("--start", required=True, type=_date_or_datetime, help="first day of the first cycle")
    parser.add_argument("--cycles", type=int, help="how many cycles (or give --end)")
    parser.add_argument(
        "--end",
        type=_date_or_datetime,
        help="last day of the last cycle, which is cut there (or give --cycles)",
    )
    parser.add_argument(
        "--frequency-type",
        required=True,
        type=str.upper,
        choices=[unit.value for unit in FrequencyType],
        metavar="UNIT",
        help="DAILY, WEEKLY, MONTHLY, QUARTERLY, HALF_YEARLY or YEARLY",
    )
    parser.add_argument("--frequency", type=int, default=1, help="units per cycle (default 1)")
    parser.add_argument("--tz", help="IANA time zone, e.g. Asia/Kolkata (default with --apply: the group's)")
    parser.add_argument(
        "--ref-pattern",
        default=DEFAULT_REF_PATTERN,
        help=f"refCode of each period (default {DEFAULT_REF_PATTERN})",
    )
    parser.add_argument(
        "--now",
        type=_date_or_datetime,
        help="the moment statuses are derived from (default: the current time)",
    )
    parser.add_argument("--apply", metavar="FILE", type=Path, help="plan into this payload file's group")
    parser.add_argument(
        "--fill-value",
        type=_finite_number,
        help="with --apply: target value for added periods (default: each target's last value)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Plan, then print the periods or apply them to the payload file."""
    group = None
    if args.fill_value is not None and args.apply is None:
        return _fail("--fill-value only applies with --apply FILE")
    if args.apply is not None:
        group = _read_group(args.apply)
        if group is None:
            return EXIT_USAGE
    time_zone = args.tz or (group.time_zone_name if group is not None else None)
    if not time_zone:
        return _fail("give the group's time zone with --tz, e.g. --tz Asia/Kolkata")
    now = args.now
    if isinstance(now, date) and not isinstance(now, datetime):
        now = datetime.combine(now, datetime.min.time())  # local midnight of that day
    request = PlanRequest(
        start=args.start,
        cycles=args.cycles,
        end=args.end,
        frequency_type=FrequencyType(args.frequency_type),
        frequency=args.frequency,
        time_zone=time_zone,
        ref_pattern=args.ref_pattern,
    )
    from app.domain.target_groups.replan import apply_plan, wire_period

    try:
        if group is None:
            planned = plan_periods(request, now)
        else:
            report = apply_plan(group, request, now, fill_value=args.fill_value)
    except PlanError as error:
        return _fail(f"{_OPTION_OF_FIELD.get(error.field, error.field)}: {error}")
    if group is None:
        print(json.dumps([wire_period(period).to_wire() for period in planned], indent=2))
        _warn_past([p.ref_code for p in planned if p.is_past])
        return EXIT_OK
    try:
        write_text_atomic(args.apply, report.group.to_json() + "\n")
    except OSError as error:
        return _fail(f"cannot write {args.apply}: {error.strerror or error}")
    for line in report.messages():
        print(line)
    print(f"Wrote {args.apply}.")
    _warn_past([str(p.ref_code or "") for p in report.group.periods or [] if p.period_status is None])
    return EXIT_OK


def _read_group(path: Path) -> TargetGroup | None:
    """The payload's group, or None after telling the operator why it cannot be read."""
    from pydantic import ValidationError

    from app.domain.target_groups.models import TargetGroup

    try:
        text = path.read_text(encoding="utf-8-sig")  # tolerate the BOM some Windows editors write
    except (OSError, UnicodeDecodeError) as error:
        detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        _fail(f"cannot read {path}: {detail}")
        return None
    try:
        data = jsontext.parse(text).value
    except jsontext.JsonTextError as error:
        _fail(f"{path} {error.reason}")
        return None
    if not isinstance(data, dict):
        _fail(f"{path}: expected a target group (a JSON object), found a JSON {type(data).__name__}")
        return None
    try:
        return TargetGroup.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        _fail(f"{path}: {where}: {first['msg']} ({error.error_count()} problem(s) in all)")
        return None


def _warn_past(past: list[str]) -> None:
    """Tell the operator which periods (by refCode) are already over: nothing is tracked for them."""
    if past:
        print(f"warning: {len(past)} period(s) ended before now: {', '.join(past)}", file=sys.stderr)


def _date_or_datetime(text: str) -> date | datetime:
    """``2026-01-01`` as a date, ``2026-01-01T09:30+05:30`` as a date-time (argparse type)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date (2026-01-01) or an ISO date-time (2026-01-01T09:30:00+05:30), got {text!r}"
        ) from None


def _finite_number(text: str) -> int | float:
    """A target value: ``500`` stays a whole number, ``1.5`` a decimal (argparse type)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"expected a number such as 500 or 1.5, got {text!r}")
    return int(value) if value.is_integer() else value


def _fail(message: str) -> int:
    """Print an operator-facing error and give the usage exit code."""
    print(f"tgb periods: error: {message}", file=sys.stderr)
    return EXIT_USAGE
