"""Validate + dump of a 366-cycle promotion with a 3-level group tree vs json.loads + json.dumps.

The promotion: a GROUP (ALL) of two GROUPs (ANY), each of two SINGLE activities with one daily
milestone of 366 cycles (a year of days), and a reward on every cycle of the first: 1,464 cycles
in all, about 0.7 MB. Each side parses the same text and writes it back, compact and with
indent=2 (as the app saves and previews). Target: at most 2x.

Run: .venv/bin/python benchmarks/bench_promotion.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain.promotions.validate import validate_text

NOW = datetime(2026, 12, 1, tzinfo=UTC)
REPEATS = 15
TRUE = '{"arity":"literal","value":"true","type":"boolean:primitive"}'
DECOR = "com.capillary.shopbook.pointsengine.endpoint.impl.action.CommunicationDecoratorActionImpl"


def _action() -> dict[str, Any]:
    return {
        "actionName": "AWARD_POINTS_ACTION",
        "actionClass": DECOR,
        "mandatoryPropertiesValues": {
            "delegateActionClass": "com.capillary.shopbook.pointsengine.endpoint.impl.action.AwardPointsActionImpl",
            "PointType": "Main",
            "Event Name": "TargetCompleted",
            "Points": "10",
        },
    }


def _cycles(rewarded: bool) -> list[dict[str, Any]]:
    first = date(2027, 1, 1)
    out = []
    for n in range(366):
        day = first + timedelta(days=n)
        out.append(
            {
                "cycle": f"Cycle_{n + 1}",
                "startDate": f"{day.isoformat()}T00:00:00.000+05:30",
                "endDate": f"{day.isoformat()}T23:59:59.999+05:30",
                "defaultValue": str(100 + n),
                "actions": [_action()] if rewarded else [],
            }
        )
    return out


def _single(index: int, parent: str) -> dict[str, Any]:
    return {
        "id": f"activity_{index}",
        "type": "SINGLE",
        "name": f"Activity {index}",
        "parentId": parent,
        "event": "TransactionAdd",
        "expJSON": TRUE,
        "milestones": [
            {
                "name": f"Year~Activity {index}~Milestone 1",
                "trackingType": "DEFAULT",
                "targetEntity": "TRANSACTION",
                "targetType": "SALES",
                "frequencyType": "DAILY",
                "targetEvaluationType": "FIXED_CALENDAR_WINDOW",
                "sameActionsForEveryCycle": False,
                "differentTargetsForEveryCycle": True,
                "cycleActionMapping": _cycles(rewarded=index == 1),
            }
        ],
    }


def big_promotion() -> dict[str, Any]:
    groups = []
    for g in range(2):
        gid = f"group_{g + 1}"
        groups.append(
            {
                "id": gid,
                "type": "GROUP",
                "name": f"Either {g + 1}",
                "parentId": "root",
                "combinationType": "ANY",
                "expJSON": TRUE,
                "children": [_single(2 * g + 1, gid), _single(2 * g + 2, gid)],
            }
        )
    return {
        "metadata": {
            "name": "A year of days",
            "orgId": 100737,
            "programId": 973,
            "startDate": "2027-01-01T00:00:00.000+05:30",
            "endDate": "2028-01-01T23:59:59.999+05:30",
            "timezoneName": "Asia/Kolkata",
            "promotionType": "GENERIC",
            "status": "DRAFT",
        },
        "customerEnrolment": {"enrolmentMethod": "TRANSACTION"},
        "activities": [
            {
                "id": "root",
                "type": "GROUP",
                "name": "All of both",
                "combinationType": "ALL",
                "expJSON": TRUE,
                "children": groups,
            }
        ],
    }


def _time(fn: Callable[[], object]) -> tuple[float, float]:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> int:
    text = json.dumps(big_promotion())
    result = validate_text(text, NOW)
    errors = [p for p in result.problems if p.is_error]
    assert result.model is not None and not errors, errors[:3]
    print(f"document: {len(text) / 1e6:.2f} MB, 4 milestones x 366 cycles under a 3-level group tree")
    print(f"problems found: {len(result.problems)} (warnings)")
    worst = 0.0
    for label, indent in (("compact", None), ("indent=2", 2)):

        def baseline(indent: int | None = indent) -> None:
            json.dumps(json.loads(text), indent=indent)

        def ours(indent: int | None = indent) -> None:
            checked = validate_text(text, NOW)
            assert checked.model is not None
            checked.model.to_json(indent=indent)

        base_min, base_med = _time(baseline)
        our_min, our_med = _time(ours)
        ratio = our_med / base_med
        worst = max(worst, ratio)
        print(
            f"{label:9} json round trip {base_med * 1000:7.1f} ms (min {base_min * 1000:.1f})   "
            f"validate+dump {our_med * 1000:7.1f} ms (min {our_min * 1000:.1f})   ratio {ratio:.2f}x (target <= 2x)"
        )
    print(f"worst ratio {worst:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
