"""Shared fixtures: every test gets its own data folder, so nothing touches the real one."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

# pydantic must finish importing before any test module does: PySide6's import hook
# (loaded early by pytest-qt) inspects modules as they are imported and can re-enter
# pydantic's lazy attribute loader half-way through its own import.
import app.domain.target_groups.models  # noqa: F401

FIXTURES = Path(__file__).parent / "fixtures"

# GUI tests run on one offscreen screen the size of the operators' smallest laptop (1366×768),
# so "the window fits" and every layout test see the screen the app is built for.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={FIXTURES / 'screen-1366x768.json'}"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("tgb-home")
    monkeypatch.setenv("TGB_HOME", str(home))
    return home


def load_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def request_examples() -> list[str]:
    return sorted(p.name for p in FIXTURES.glob("request-*.json"))


def response_examples() -> list[str]:
    return sorted(p.name for p in FIXTURES.glob("response-*.json"))
