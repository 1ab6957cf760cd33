"""A second document kind, defined here only, proves the window and its features work through the
kind interface: a "period list" payload (a name and periods) with one tab.

The window shows its one tab, the preview and Problems follow it, autosave keeps it with its kind,
Copy as curl and Send use its endpoint, history records it, templates save and reopen it, Compare
diffs it, and New from pasted JSON opens one, without any of them knowing the kind.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import Field, ValidationError
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QVBoxLayout, QWidget

from app.domain import kinds
from app.domain.base import WireModel
from app.domain.fields import meta
from app.domain.kinds import PayloadKind
from app.domain.problems import Problem, Severity
from app.domain.shape import Shape
from app.domain.target_groups.models import Period
from app.domain.validate import LoadResult
from app.services import send_targets
from app.services.history import History
from app.ui.common.workers import wait_for_background_tasks
from app.ui.document.kind import EditorKind, PageContext, TabSpec
from app.ui.editors import registry
from app.ui.widgets.field_widgets import TextField
from app.ui.window.main_window import MainWindow
from tests.services import sending_support as support

embedded_sandbox_stopped = support.embedded_sandbox_stopped


class PeriodList(WireModel):
    SERVER_FIELDS = frozenset({"id"})

    name: str | None = Field(None, title="List name", json_schema_extra=meta(40, required="hard"))
    periods: list[Period] | None = Field(None, title="Periods")


def _load(raw: Any) -> LoadResult:
    if not isinstance(raw, dict):
        return LoadResult(None, [Problem("", Severity.ERROR, "payload-shape", "Not an object.")])
    try:
        return LoadResult(PeriodList.model_validate(raw), [])
    except ValidationError as exc:
        return LoadResult(None, [Problem("", Severity.ERROR, "type", str(exc.errors()[0]["msg"]) + ".")])


def _validate(model: Any, _now: datetime | None) -> list[Problem]:
    if not (model.name or "").strip():
        return [Problem("name", Severity.ERROR, "required", "The list needs a name.")]
    return []


def _is_response(document: Any) -> bool:
    return isinstance(document, dict) and "data" in document


def _responses(document: Any) -> list[dict[str, Any]]:
    data = document["data"]
    return [
        {k: v for k, v in item.items() if k != "id"} for item in (data if isinstance(data, list) else [data])
    ]


PERIOD_LIST = PayloadKind(
    name="period-list",
    label="period list",
    model=PeriodList,
    load=_load,
    validate_model=_validate,
    validate_text=lambda text, now: _load(json.loads(text)),
    response_payloads=_responses,
    looks_like=lambda document: (
        isinstance(document, dict) and "periods" in document and "targets" not in document
    ),
    is_response=_is_response,
    new_model=lambda: PeriodList(name="", periods=[]),
    name_of=lambda model: model.name or "",
    shape=Shape(PeriodList, required=("periods",)),
)


class ListPage(QWidget):
    """The period list's one tab: its name."""

    def __init__(self, context: PageContext) -> None:
        super().__init__(context.parent)
        self.name = TextField(context.document, PeriodList, "name", parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        self.shown: list[Problem] = []

    def show_problems(self, problems: list[Problem]) -> None:
        self.shown = problems
        self.name.show_problems([p for p in problems if p.path == "name"])

    def focus_path(self, path: str) -> bool:
        self.name.editor.setFocus()
        return path == "name"


PERIOD_LIST_EDITOR = EditorKind(
    payload=PERIOD_LIST,
    tabs=(TabSpec("list", "List", ListPage),),
    tab_of=lambda _path: "list",
)


@pytest.fixture
def kind_window(qtbot) -> Iterator[MainWindow]:
    kinds.register(PERIOD_LIST)
    send_targets.register_target(
        send_targets.SendTarget("period-list", "v3/periodLists", "period list", None)
    )
    registry.register_editor(PERIOD_LIST_EDITOR)
    window = MainWindow(kind=PERIOD_LIST_EDITOR)

    def discard_and_wait(win: MainWindow) -> None:
        wait_for_background_tasks()
        win.document.undo_stack.setClean()

    qtbot.addWidget(window, before_close_func=discard_and_wait)
    window.show()
    qtbot.waitExposed(window)
    yield window
    kinds._KINDS.pop("period-list", None)
    send_targets._TARGETS.pop("period-list", None)
    registry._REGISTERED.pop("period-list", None)


def _type_name(qtbot, window: MainWindow, text: str) -> None:
    page = window.tab_widgets["list"]
    assert isinstance(page, ListPage)
    page.name.editor.setFocus()
    qtbot.keyClicks(page.name.editor, text)
    window.document.refresh_now()


def test_the_window_shows_the_kinds_one_tab_and_follows_its_problems(qtbot, kind_window: MainWindow) -> None:
    window = kind_window
    assert window.tabs.count() == 1 and window.tabs.tabText(0).startswith("List")
    assert "name" in window.problems_view.problems_model.problem(0).path
    assert not window.menu_actions["plan"].isEnabled()  # the target group's hook is not installed
    _type_name(qtbot, window, "Quarter lists")
    assert json.loads(window.preview.toPlainText()) == {"name": "Quarter lists", "periods": []}
    assert window.problems_view.problems_model.rowCount() == 0
    assert window.windowTitle().startswith("Quarter lists")
    window.undo_action.trigger()
    assert window.document.model.name != "Quarter lists"


def test_autosave_keeps_the_kind_and_curl_uses_its_endpoint(qtbot, kind_window: MainWindow) -> None:
    window = kind_window
    _type_name(qtbot, window, "Kept")
    autosave = window.drafts_feature.autosave
    qtbot.waitUntil(lambda: autosave.session is not None, timeout=5000)
    autosave.save_now()
    qtbot.waitUntil(lambda: autosave.session.draft_path.exists(), timeout=5000)
    saved = json.loads(autosave.session.draft_path.read_text(encoding="utf-8"))
    assert saved["meta"]["kind"] == "period-list" and json.loads(saved["text"])["name"] == "Kept"
    window.menu_actions["copy_curl"].trigger()
    assert "v3/periodLists" in QGuiApplication.clipboard().text()


@pytest.mark.usefixtures("embedded_sandbox_stopped")
def test_send_posts_to_the_kinds_endpoint_and_history_records_the_kind(
    qtbot, kind_window: MainWindow
) -> None:
    from app.services import sandbox_runtime

    window = kind_window
    _type_name(qtbot, window, "Sent list")
    flow = window.send.flow
    with qtbot.waitSignal(flow.finished, timeout=15000) as done:
        window.menu_actions["send"].trigger()
    assert not done.args[0].created  # the sandbox has no such endpoint: 404, recorded as refused
    server = sandbox_runtime.embedded_sandbox()
    assert server.requests[("POST", "/v3/periodLists")] == 1
    (entry,) = History().search("Sent list")
    assert entry.kind == "period-list" and json.loads(entry.payload)["name"] == "Sent list"


def test_templates_save_and_reopen_the_kind(qtbot, kind_window: MainWindow) -> None:
    window = kind_window
    _type_name(qtbot, window, "Template me")
    dialog = window.templates.save_as_template()
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )
    written = json.loads(Path(saved.args[0]).read_text(encoding="utf-8"))
    assert written["payloadKind"] == "period-list" and written["payload"]["name"] == "Template me"
    window.document.undo_stack.setClean()
    window.files.new_file()
    window.files.new_dialog.choose("period-list")
    assert window.document.model.name == ""
    library = window.templates.open_library()
    qtbot.waitUntil(lambda: "Template me" in library.visible_titles(), timeout=5000)
    library.select_title("Template me")
    entry = library._current()
    assert entry is not None and entry.template is not None and entry.template.payload_kind == "period-list"
    window.templates._use_template(entry.template.model(), entry.template)
    qtbot.waitUntil(lambda: window.document.model.name == "Template me", timeout=5000)
    assert window.context.drafts.origin is not None and "Template me" in window.context.drafts.origin.label


def test_pasted_json_and_compare_work_for_the_kind(qtbot, kind_window: MainWindow, tmp_path) -> None:
    window = kind_window
    dialog = window.files.paste_json()
    dialog.editor.setPlainText('{"data": {"id": 7, "name": "From a response", "periods": []}}')
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.document.model.name == "From a response", timeout=5000)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"name": "Older name", "periods": []}), encoding="utf-8")
    window.files.compare.compare_with_file(other)
    qtbot.waitUntil(lambda: window.files.compare.diff_dialog is not None, timeout=5000)
    assert [row[:2] for row in window.files.compare.diff_dialog.rows()] == [
        ["List name", "changed"]
    ]  # the kind's own field title
