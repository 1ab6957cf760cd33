"""Mutated promotions (the 19 create examples and the test promotions, broken at random) never crash
validation: each ends as a model with problems, or as problems, every one through a declared rule."""

from __future__ import annotations

import contextlib
import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.domain.kinds import kind_of
from app.domain.problems import Problem
from app.domain.promotions.convert import response_promotions
from app.domain.promotions.validate import validate_raw, validate_text
from app.domain.rules.catalogue import Kind, find
from tests.domain.test_validation_fuzz import _parent, _paths, json_values
from tests.promotions.payloads import NOW, group_promotion, valid_promotion

EXAMPLES = Path(__file__).parents[1] / "fixtures" / "promotions"
SEEDS = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("request-create-*.json"))]
SEEDS += [valid_promotion(), group_promotion()]

_ODD = [None, True, False, 0, -1, 1.5, 1e300, "", "x" * 300, "<X>", [], {}, "2027-13-45", "Cycle_0", "NaN"]


@st.composite
def mutated_promotions(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 5))):
        paths = _paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(doc, path)
        key = path[-1]
        action = draw(st.sampled_from(["drop", "retype", "duplicate", "random", "nest"]))
        if action == "drop":
            del parent[key]
        elif action == "retype":
            parent[key] = draw(st.sampled_from(_ODD))
        elif action == "duplicate":
            if isinstance(parent, list):
                parent.append(copy.deepcopy(parent[key]))
            else:
                parent[f"{key}Copy"] = copy.deepcopy(parent[key])
        elif action == "nest":
            parent[key] = {"children": [copy.deepcopy(parent[key])], "type": "GROUP"}
        else:
            parent[key] = draw(json_values)
    return doc


def _check(raw: Any) -> None:
    result = validate_raw(raw, NOW)
    assert all(isinstance(p, Problem) and p.message for p in result.problems)
    for problem in result.problems:
        rule = find(Kind.PROMOTION, problem.rule)
        assert rule is not None, problem.rule
        assert rule.severity is problem.severity and rule.api_code == problem.api_code
    if result.model is None:
        assert any(p.is_error for p in result.problems)
    else:
        json.loads(result.model.to_json())
    kind_of(raw)  # telling the kind never raises either
    if isinstance(raw, dict):
        with contextlib.suppress(ValueError):
            response_promotions({"data": raw, "errors": None, "warnings": None})


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_promotions())
def test_mutated_promotions_end_as_a_model_or_as_problems(raw: Any) -> None:
    _check(raw)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_random_json_ends_as_problems(raw: Any) -> None:
    _check(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_promotions())
def test_the_text_path_reports_what_the_dict_path_reports(raw: Any) -> None:
    try:
        text = json.dumps(raw, allow_nan=False)
    except ValueError:
        assume(False)  # NaN and infinity have no JSON text (jsontext refuses them; tested in hostile/)
    from_text = [(p.path, p.rule) for p in validate_text(text, NOW).problems]
    assert from_text == [(p.path, p.rule) for p in validate_raw(raw, NOW).problems]
