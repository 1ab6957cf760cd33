"""Benchmark: planning 3,660 daily periods against the floor of building as many datetime pairs.

Run with ``.venv/bin/python benchmarks/bench_planner.py``. The floor is the cost of the
least any planner must do: make a start and an end ``datetime`` per period in the group's
zone. The planner also writes both timestamps as text, derives a status and a refCode and
builds a validated ``Period`` model per period; the issue's target is at most 5x the floor.
This is a script, not a timed test, because timings on shared CI machines are too noisy to
assert on.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.enums import FrequencyType  # noqa: E402
from app.domain.planner import PlanRequest, plan_periods  # noqa: E402

PERIODS = 3_660
ZONE = "Europe/Berlin"  # has DST changes, so the offset lookups are real work
START = date(2026, 1, 1)
TARGET_RATIO = 5.0


def build_floor_pairs(count: int) -> list[tuple[datetime, datetime]]:
    """``count`` (start, end) pairs of aware datetimes, one day apart: the floor."""
    zone = ZoneInfo(ZONE)
    day = datetime(START.year, START.month, START.day, tzinfo=zone)
    last = timedelta(hours=23, minutes=59, seconds=59, milliseconds=999)
    one_day = timedelta(days=1)
    pairs = []
    for _ in range(count):
        pairs.append((day, day + last))
        day += one_day
    return pairs


def plan(count: int) -> int:
    """Plan ``count`` daily periods the way the CLI does, without the API's 100-cycle cap."""
    request = PlanRequest(start=START, cycles=count, frequency_type=FrequencyType.DAILY, time_zone=ZONE)
    return len(plan_periods(request, now=datetime(2025, 12, 1), max_cycles=None))


def best_of(repeats: int, func, count: int) -> float:  # type: ignore[no-untyped-def]
    """The fastest of ``repeats`` runs, in seconds (the least disturbed by the machine)."""
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        func(count)
        best = min(best, time.perf_counter() - began)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    assert plan(PERIODS) == PERIODS
    floor = best_of(args.repeats, build_floor_pairs, PERIODS)
    planner = best_of(args.repeats, plan, PERIODS)
    ratio = planner / floor
    print(f"periods:              {PERIODS}")
    print(f"floor (datetime pairs): {floor * 1000:8.2f} ms")
    print(f"planner:              {planner * 1000:8.2f} ms")
    print(f"ratio:                {ratio:8.2f}x (target <= {TARGET_RATIO:.0f}x)")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
