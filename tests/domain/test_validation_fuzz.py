"""The target group's text fast path reports exactly what the dict path reports (the properties every
kind shares are checked once for all kinds in :mod:`tests.kinds.test_every_kind`)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from app.domain.jsontext import JsonTextError
from app.domain.target_groups.validate import validate_payload, validate_text
from tests.domain.payloads import NOW
from tests.kinds.test_every_kind import examples, mutated


#: Mutated target groups (the generic mutations of :mod:`tests.kinds.test_every_kind`, over the
#: target group's examples): the sandbox and hostile tests draw from it too. The property that
#: every mutation ends as a model or as problems is checked there, once for every kind.
def mutated_payloads() -> Any:
    return mutated(examples("target-group"))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_payloads())
def test_text_fast_path_reports_exactly_what_the_dict_path_reports(raw: Any) -> None:
    text = json.dumps(raw)
    try:
        json.dumps(raw, allow_nan=False)
    except ValueError:  # NaN or Infinity: not JSON the API can carry
        with pytest.raises(JsonTextError, match="cannot carry"):
            validate_text(text, now=NOW)
        return
    fast = validate_text(text, now=NOW)
    slow = validate_payload(json.loads(text), now=NOW)
    assert fast.problems == slow.problems
    assert (fast.group is None) == (slow.group is None)
    if fast.group is not None and slow.group is not None:
        assert fast.group.to_json() == slow.group.to_json()
