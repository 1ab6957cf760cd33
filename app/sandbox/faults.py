"""Faults the sandbox can inject: slow answers, gateway errors, non-JSON bodies, dropped connections.

They exist to rehearse what a real network does to a submission (tests, demos, the load run).
One :class:`FaultPlan` draws from one seeded random generator under a lock, so a run with a
seed is repeatable whatever the thread interleaving of the draws.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from enum import StrEnum


class Fault(StrEnum):
    """What happens to one request."""

    NONE = "none"
    SERVER_ERROR = "server-error"
    NON_JSON = "non-json"
    DROP = "drop"


@dataclass(frozen=True)
class Faults:
    """Fault settings; rates are probabilities per request (0 to 1), drawn in the order below.

    ``after_commit_share`` is the part of the faults on a create that strike after the group
    was stored: the client then sees a failure although the group exists, as with a gateway
    that times out behind a slow backend. That is the case the app must never resend blindly.
    """

    latency_ms: int = 0
    fail_rate: float = 0.0
    drop_rate: float = 0.0
    non_json_rate: float = 0.0
    after_commit_share: float = 0.5
    seed: int | None = None

    def __post_init__(self) -> None:
        for name in ("fail_rate", "drop_rate", "non_json_rate", "after_commit_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, not {value}.")
        if self.fail_rate + self.drop_rate + self.non_json_rate > 1.0:
            raise ValueError("fail, drop and non-JSON rates together cannot exceed 1.")
        if self.latency_ms < 0:
            raise ValueError(f"latency must be 0 ms or more, not {self.latency_ms}.")

    @property
    def active(self) -> bool:
        return bool(self.latency_ms or self.fail_rate or self.drop_rate or self.non_json_rate)


@dataclass(frozen=True)
class Decision:
    """The draw for one request: which fault, and whether it strikes after the work is done."""

    fault: Fault = Fault.NONE
    after_commit: bool = False


class FaultPlan:
    """Thread-safe draws from :class:`Faults`."""

    def __init__(self, faults: Faults | None = None) -> None:
        self.faults = faults or Faults()
        self._random = random.Random(self.faults.seed)
        self._lock = threading.Lock()

    def draw(self) -> Decision:
        faults = self.faults
        if not (faults.fail_rate or faults.drop_rate or faults.non_json_rate):
            return Decision()
        with self._lock:
            roll = self._random.random()
            late = self._random.random() < faults.after_commit_share
        for fault, rate in (
            (Fault.SERVER_ERROR, faults.fail_rate),
            (Fault.DROP, faults.drop_rate),
            (Fault.NON_JSON, faults.non_json_rate),
        ):
            if roll < rate:
                return Decision(fault, late)
            roll -= rate
        return Decision()
