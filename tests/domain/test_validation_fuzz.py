"""Whatever arrives (mutated examples, random JSON), validation ends as a model or as problems, never a crash."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.jsontext import JsonTextError
from app.domain.problems import Problem
from app.domain.rules.catalogue import Kind, find
from app.domain.validate import validate_payload, validate_text
from tests.conftest import load_fixture, request_examples
from tests.domain.payloads import NOW, valid_payload

SEEDS = [load_fixture(name) for name in request_examples()] + [valid_payload()]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        doc = doc[step]
    return doc


@st.composite
def mutated_payloads(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _parent(doc, path)
        key = path[-1]
        action = draw(st.sampled_from(["drop", "retype", "duplicate", "random"]))
        if action == "drop":
            del parent[key]
        elif action == "retype":
            parent[key] = draw(st.sampled_from([None, True, 0, -1, 1.5, "", "x" * 300, [], {}, "2027-13-45"]))
        elif action == "duplicate":
            if isinstance(parent, list):
                parent.append(copy.deepcopy(parent[key]))
            else:
                parent[f"{key}Copy"] = copy.deepcopy(parent[key])
        else:
            parent[key] = draw(json_values)
    return doc


def _check(raw: Any) -> None:
    result = validate_payload(raw, now=NOW)
    assert all(isinstance(p, Problem) and p.message for p in result.problems)
    for problem in result.problems:  # every check reports through a declared catalogue entry
        rule = find(Kind.TARGET_GROUP, problem.rule)
        assert rule is not None, problem.rule
        assert rule.severity is problem.severity and rule.api_code == problem.api_code
    if result.group is None:
        assert any(p.is_error for p in result.problems)
    else:
        json.loads(result.group.to_json())


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_payloads())
def test_mutated_examples_end_as_valid_or_as_problems(raw: Any) -> None:
    _check(raw)


@settings(max_examples=500, deadline=None)
@given(json_values)
def test_random_json_ends_as_problems(raw: Any) -> None:
    _check(raw)


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
