"""Load + validate + rules + dump of a 366-period x 50-target UNIFIED payload vs json.loads + json.dumps.

Two pairs are timed in the same run, each side parsing the same text and writing it back:
compact (json.dumps' C encoder) and pretty-printed with indent=2 (as the app saves and
previews; json.dumps then uses its pure-Python encoder). Target: at most 3x.

The app writes target values as JSON numbers; the spec's examples send numeric strings
("1.00"), which take a slower path, so both documents are timed.

Run: .venv/bin/python benchmarks/bench_validate.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.domain.target_groups.validate import validate_text
from benchmarks.big_payload import big_unified_payload

NOW = datetime(2027, 6, 1, tzinfo=UTC)
REPEATS = 15


def _time(fn: Callable[[], object]) -> tuple[float, float]:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    documents = {
        "numbers": json.dumps(big_unified_payload()),
        "numeric strings": json.dumps(big_unified_payload(numeric_strings=True)),
    }
    for kind, text in documents.items():
        print(f"document ({kind} as values): {len(text) / 1e6:.2f} MB, 366 periods x 50 targets")
        _compare(text)


def _compare(text: str) -> None:
    for label, indent in (("compact", None), ("indent=2", 2)):

        def baseline(indent: int | None = indent) -> None:
            json.dumps(json.loads(text), indent=indent)

        def ours(indent: int | None = indent) -> None:
            result = validate_text(text, now=NOW)
            assert result.group is not None
            assert not [p for p in result.problems if p.is_error], result.problems[:3]
            result.group.to_json(indent=indent)

        ours()
        base_best, base_median = _time(baseline)
        ours_best, ours_median = _time(ours)
        print(
            f"[{label}] json.loads + json.dumps         best {base_best * 1e3:6.1f} ms  median {base_median * 1e3:6.1f} ms"
        )
        print(
            f"[{label}] load + validate + rules + dump  best {ours_best * 1e3:6.1f} ms  median {ours_median * 1e3:6.1f} ms"
        )
        print(
            f"[{label}] ratio {ours_best / base_best:.2f}x best/best, {ours_median / base_median:.2f}x median/median (target <= 3x)"
        )


if __name__ == "__main__":
    main()
