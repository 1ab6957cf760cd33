"""Every item model of the Periods and Targets tabs passes Qt's own model checks, before and after edits."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.domain.enums import FrequencyType
from app.domain.planner import PlanRequest, plan_periods
from app.domain.target_groups.models import Filter, Period, Target
from app.domain.target_groups.validate import load_payload
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.periods.periods_model import PeriodsTableModel
from app.ui.editors.target_groups.periods.plan_dialog import PlanPreviewModel
from app.ui.editors.target_groups.targets.filters_table import FiltersTableModel
from app.ui.editors.target_groups.targets.targets_list_model import TargetsListModel
from app.ui.editors.target_groups.targets.values_model import VALUE, DefaultValuesModel

FIXTURES = Path(__file__).parents[3] / "fixtures"


@pytest.fixture
def doc(qtbot):
    raw = json.loads((FIXTURES / "request-fixed-window-milestone-monthly-leaderboard.json").read_text())
    return PayloadDocument(load_payload(raw).group)


def test_periods_model(doc, qtmodeltester):
    model = PeriodsTableModel(doc, doc)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    doc.set_value("periods[0].refCode", "A")
    doc.remove_items("periods", [1])
    doc.refresh_now()
    model.set_problems(doc.problems)
    doc.undo_stack.undo()
    qtmodeltester.check(model)


def test_plan_preview_model(qtmodeltester):
    model = PlanPreviewModel()
    qtmodeltester.check(model, force_py=True)
    request = PlanRequest(
        start=date(2025, 1, 1), cycles=5, frequency_type=FrequencyType.MONTHLY, time_zone="UTC"
    )
    model.set_periods(plan_periods(request, now=datetime(2024, 1, 1, tzinfo=UTC)))
    assert model.rowCount() == 5
    qtmodeltester.check(model)
    assert model.index(4, 1).data() == "Cycle_5"


def test_default_values_model(doc, qtmodeltester):
    model = DefaultValuesModel(doc, doc)
    assert model.rowCount() == 0  # no target chosen: no rows
    model.set_target(0)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    doc.set_value("targets[0].defaultValues[1].defaultValue", 3)
    doc.insert_items("periods", 2, [Period(ref_code="X")])  # a period without a value
    assert model.rowCount() == 3
    doc.refresh_now()
    model.set_problems(doc.problems)
    assert model.setData(model.index(0, VALUE), "oops") is False
    doc.undo_stack.undo()
    qtmodeltester.check(model)


def test_filters_model(doc, qtmodeltester):
    model = FiltersTableModel(doc, doc)
    model.set_target(0)
    qtmodeltester.check(model, force_py=True)
    doc.insert_items("targets[0].filters", 0, [Filter(entity_type="STORE", entity_ids=[1, 2]), Filter()])
    assert model.rowCount() == 2
    doc.refresh_now()
    model.set_problems(doc.problems)
    qtmodeltester.check(model)


def test_targets_list_model(doc, qtmodeltester):
    model = TargetsListModel(doc, doc)
    qtmodeltester.check(model, force_py=True)
    doc.insert_items("targets", 1, [Target(name="second")])
    doc.set_value("targets[1].name", "renamed")
    doc.refresh_now()
    model.set_problems(doc.problems)
    assert model.index(1).data() == "renamed"
    qtmodeltester.check(model)
