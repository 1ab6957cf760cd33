"""Every table model of the Periods and Targets tabs passes Qt's own model checks."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.domain.enums import FrequencyType
from app.domain.planner import PlanRequest, plan_periods
from app.domain.validate import load_payload
from app.ui.document import PayloadDocument
from app.ui.periods_model import PeriodsTableModel
from app.ui.plan_dialog import PlanPreviewModel

FIXTURES = Path(__file__).parents[1] / "fixtures"


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
