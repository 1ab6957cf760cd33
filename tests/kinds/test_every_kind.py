"""The same checks over every registered payload kind (a new kind is checked the day it registers).

For each kind, from its own examples: mutated documents (fields dropped, retyped, duplicated,
replaced by random JSON, nested) and random JSON end as a model or as problems, never a crash,
and every problem comes from the kind's catalogue with the severity and API code declared
there; the text path never crashes either; every example round-trips (read, written, read
again gives the same wire JSON) and its shape tells its kind.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.jsontext import JsonTextError
from app.domain.kinds import PayloadKind, all_kinds, kind_named, kind_of
from app.domain.problems import Problem
from app.domain.rules.catalogue import find
from tests.conftest import load_fixture, request_examples
from tests.domain.payloads import valid_payload
from tests.promotions.payloads import NOW, group_promotion, valid_promotion

FIXTURES = Path(__file__).parents[1] / "fixtures"

#: Each kind's examples. A kind registered without examples here fails the first test below.
EXAMPLES: dict[str, Callable[[], list[Any]]] = {
    "target-group": lambda: [load_fixture(name) for name in request_examples()] + [valid_payload()],
    "promotion": lambda: (
        [
            json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((FIXTURES / "promotions").glob("request-create-*.json"))
        ]
        + [valid_promotion(), group_promotion()]
    ),
}

KINDS = sorted(kind.name for kind in all_kinds())


@cache
def examples(name: str) -> list[Any]:
    return EXAMPLES[name]()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)

_ODD: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1.5,
    1e300,
    "",
    "x" * 300,
    "<X>",
    [],
    {},
    "2027-13-45",
    "Cycle_0",
]


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


def mutated(seeds: list[Any]) -> st.SearchStrategy[Any]:
    """Documents made from ``seeds`` by one to five random edits."""

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        doc = copy.deepcopy(draw(st.sampled_from(seeds)))
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

    return build()


def _declared(kind: PayloadKind, problems: list[Problem]) -> None:
    assert all(isinstance(p, Problem) and p.message for p in problems)
    for problem in problems:  # every check reports through a declared catalogue entry
        rule = find(kind.name, problem.rule)
        assert rule is not None, (kind.name, problem.rule)
        assert rule.severity is problem.severity and rule.api_code == problem.api_code, problem


def check(kind: PayloadKind, raw: Any) -> None:
    """Whatever ``raw`` is, the kind reads it as a model or as problems, all declared."""
    loaded = kind.load(raw)
    _declared(kind, loaded.problems)
    if loaded.model is None:
        assert any(p.is_error for p in loaded.problems)
    else:
        _declared(kind, kind.validate_model(loaded.model, NOW))
        json.loads(loaded.model.to_json())
    kind_of(raw, default=kind.name)  # telling the kind never raises
    try:
        text = json.dumps(raw, allow_nan=False)
    except ValueError:
        return  # NaN and infinity have no JSON text (jsontext refuses them; tested in hostile/)
    try:
        result = kind.validate_text(text, NOW)
    except JsonTextError:
        return  # too deep or too big: said with its reason (tested in hostile/)
    _declared(kind, result.problems)


def test_every_registered_kind_has_examples_here():
    assert set(KINDS) <= set(EXAMPLES), f"add examples of {sorted(set(KINDS) - set(EXAMPLES))} to EXAMPLES"


@pytest.mark.parametrize("name", KINDS)
def test_every_example_round_trips_and_tells_its_kind(name: str) -> None:
    kind = kind_named(name)
    for example in examples(name):
        model = kind.load(example).model
        assert model is not None, example.get("name") if isinstance(example, dict) else example
        wire = model.to_wire()
        again = kind.load(json.loads(json.dumps(wire))).model
        assert again is not None and again.to_wire() == wire
        for other in KINDS:  # whichever kind is open, the shape tells this one
            assert kind_of(wire, default=other) is kind


@pytest.mark.parametrize("name", KINDS)
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_examples_end_as_a_model_or_as_problems(name: str, data: st.DataObject) -> None:
    kind = kind_named(name)
    check(kind, data.draw(mutated(examples(name))))


@pytest.mark.parametrize("name", KINDS)
@settings(max_examples=300, deadline=None)
@given(raw=json_values)
def test_random_json_ends_as_problems(name: str, raw: Any) -> None:
    check(kind_named(name), raw)
