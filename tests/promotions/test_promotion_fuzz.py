"""The promotion's text path reports what its dict path reports, for mutated promotions (the
properties every kind shares are checked once for all kinds in :mod:`tests.kinds.test_every_kind`)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, assume, given, settings

from app.domain.promotions.validate import validate_raw, validate_text
from tests.kinds.test_every_kind import examples, mutated
from tests.promotions.payloads import NOW


def mutated_promotions() -> Any:
    return mutated(examples("promotion"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_promotions())
def test_the_text_path_reports_what_the_dict_path_reports(raw: Any) -> None:
    try:
        text = json.dumps(raw, allow_nan=False)
    except ValueError:
        assume(False)  # NaN and infinity have no JSON text (jsontext refuses them; tested in hostile/)
    from_text = [(p.path, p.rule) for p in validate_text(text, NOW).problems]
    assert from_text == [(p.path, p.rule) for p in validate_raw(raw, NOW).problems]
