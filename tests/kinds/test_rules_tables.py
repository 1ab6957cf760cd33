"""Every kind's rules table, run the same way: one broken payload per rule, each must produce its
rule at its path with its code and severity; every rule of a kind's catalogue has a case.

A kind's table is ``tests/kinds/rule_tables/<its folder>.py`` (the folder of
:mod:`app.domain.kind_folders`): ``CASES`` (name, mutation, path, rule, code, severity),
``BASE`` (the valid payload the cases break), ``VALID`` (payloads with no problem at all),
``problems(raw)`` and ``UNREACHABLE`` (rules its payloads cannot reach, with where they are tested).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import pytest

from app.domain.kind_folders import builtin_kinds
from app.domain.problems import Severity
from app.domain.rules.catalogue import find, rules_for

TABLES: dict[str, ModuleType] = {
    name: importlib.import_module(f"tests.kinds.rule_tables.{folder}")
    for name, folder in builtin_kinds().items()
}
CASES = [(name, case) for name, table in TABLES.items() for case in table.CASES]


def test_every_kind_has_a_table() -> None:
    assert set(TABLES) == set(builtin_kinds()) and all(TABLES[name].CASES for name in TABLES)


@pytest.mark.parametrize("kind", list(TABLES))
def test_the_valid_payloads_have_no_problems(kind: str) -> None:
    for make in TABLES[kind].VALID:
        assert TABLES[kind].problems(make()) == [], make.__name__


@pytest.mark.parametrize(("kind", "case"), CASES, ids=[f"{kind}: {case[0]}" for kind, case in CASES])
def test_each_rule_reports_its_code_at_its_path(kind: str, case: tuple[Any, ...]) -> None:
    table = TABLES[kind]
    _name, mutation, path, rule, code, severity = case
    payload: Any = table.BASE()
    if rule == "payload-shape":
        payload = [payload]
    else:
        mutation(payload)
    problems = table.problems(payload)
    found = [(p.path, p.rule, p.code, p.severity) for p in problems]
    assert (path, rule, code, severity) in found, (
        f"expected {(path, rule, code, severity.value)}, got {found}"
    )
    for problem in problems:
        assert problem.message.strip().endswith((".", ")")), problem.message


@pytest.mark.parametrize("kind", list(TABLES))
def test_every_catalogue_rule_has_a_broken_payload(kind: str) -> None:
    table = TABLES[kind]
    declared = {r.id for r in rules_for(kind)}
    covered = {case[3] for case in table.CASES}
    assert declared - covered - table.UNREACHABLE == set(), "rules without a case in the table"
    assert covered - declared == set(), "cases for rules the catalogue does not declare"


@pytest.mark.parametrize("kind", list(TABLES))
def test_table_severities_agree_with_the_catalogue(kind: str) -> None:
    for name, _mutation, _path, rule_id, _code, severity in TABLES[kind].CASES:
        rule = find(kind, rule_id)
        assert rule is not None, name
        assert isinstance(severity, Severity) and rule.severity is severity, name
