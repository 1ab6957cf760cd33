"""Benchmark: plan 3,660 daily periods and compare with building as many datetime pairs.

Run with ``.venv/bin/python benchmarks/bench_planner.py``. Both timings come from the same
run (best of several repeats, taken in turns, so the figures are the least disturbed by the machine), and the
ratio is what the issue's target (at most 5x) is about.

The floor is the least any planner must do: for each day, its start (00:00:00.000) and
end (23:59:59.999) as aware datetimes in the group's zone, built with ``datetime.combine``.
The planner does more per period: it resolves the zone's offset at every boundary, writes
both timestamps as ISO 8601 text, derives the status and the refCode. Two more figures are
printed for honesty, not judged: the planner plus building the pydantic ``Period`` models
(which pydantic validation dominates), and the cheapest pairs imaginable (one timedelta
addition per datetime, no per-day construction).

This is a script, not a timed test: timings on shared CI machines are too noisy to assert on.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.enums import FrequencyType
from app.domain.planner import PlanRequest, plan_periods
from app.domain.target_groups.replan import wire_period

PERIODS = 3_660
ZONE = "Europe/Berlin"  # has DST changes, so the offsets really vary over the ten years
START = date(2026, 1, 1)
NOW = datetime(2025, 12, 1)
TARGET_RATIO = 5.0
END_OF_DAY = datetime.min.time().replace(hour=23, minute=59, second=59, microsecond=999_000)
ONE_DAY = timedelta(days=1)
REQUEST = PlanRequest(start=START, cycles=PERIODS, frequency_type=FrequencyType.DAILY, time_zone=ZONE)


def floor_pairs(count: int) -> object:
    """(start, end) aware datetimes of ``count`` consecutive days: the floor."""
    zone = ZoneInfo(ZONE)
    day = START
    pairs = []
    for _ in range(count):
        pairs.append(
            (datetime.combine(day, datetime.min.time(), zone), datetime.combine(day, END_OF_DAY, zone))
        )
        day += ONE_DAY
    return pairs


def cheapest_pairs(count: int) -> object:
    """The same pairs by timedelta additions only: a bound no planner that formats text can near."""
    start = datetime(START.year, START.month, START.day, tzinfo=ZoneInfo(ZONE))
    to_end = ONE_DAY - timedelta(milliseconds=1)
    pairs = []
    for _ in range(count):
        pairs.append((start, start + to_end))
        start += ONE_DAY
    return pairs


def planner(count: int) -> object:
    """Plan ``count`` daily periods, without the API's 100-cycle cap."""
    return plan_periods(REQUEST, NOW, max_cycles=None)


def planner_with_models(count: int) -> object:
    """Plan and build the validated wire models, as applying a plan to a payload does."""
    return [wire_period(planned) for planned in plan_periods(REQUEST, NOW, max_cycles=None)]


def best_times(repeats: int, funcs: list[Callable[[int], object]]) -> list[float]:
    """The fastest of ``repeats`` runs of each function, in seconds.

    The functions take turns within each repeat, so a busy machine slows them alike.
    """
    best = [float("inf")] * len(funcs)
    for _ in range(repeats):
        for slot, func in enumerate(funcs):
            began = time.perf_counter()
            func(PERIODS)
            best[slot] = min(best[slot], time.perf_counter() - began)
    return best


def main() -> int:
    """Print the timings and the ratio; exit 1 when the ratio misses the target."""
    parser = argparse.ArgumentParser(description="Time the period planner against the datetime-pair floor.")
    parser.add_argument("--repeats", type=int, default=30, help="runs per measurement (default 30)")
    args = parser.parse_args()
    assert len(plan_periods(REQUEST, NOW, max_cycles=None)) == PERIODS
    floor, planned, with_models, cheapest = best_times(
        args.repeats, [floor_pairs, planner, planner_with_models, cheapest_pairs]
    )
    ratio = planned / floor
    print(f"{PERIODS} daily periods in {ZONE}, best of {args.repeats} runs")
    print(f"  floor: datetime pairs (combine)  {floor * 1000:8.2f} ms")
    print(f"  planner (plan_periods)           {planned * 1000:8.2f} ms   ratio {ratio:5.2f}x (target <= 5x)")
    print(
        f"  planner + Period models          {with_models * 1000:8.2f} ms   ratio {with_models / floor:5.2f}x"
    )
    print(
        f"  cheapest pairs (additions only)  {cheapest * 1000:8.2f} ms   planner is {planned / cheapest:5.2f}x"
    )
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
