"""Bringing payloads in as new drafts: a response file, pasted JSON; and comparing the draft.

A new draft replaces the open payload only after the usual unsaved-changes question, and
starts *unsaved* (no file, the title marked modified), so closing asks before it is lost.
Whatever it came from is remembered as the window's :class:`DraftOrigin` (a template, a
response file, pasted text) for Compare, until another payload is opened.

:func:`open_as_new_draft` is the one way in, for other features too (fetching a group
from a server by id hands its converted payload to it).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from app.domain.convert import ConversionError, response_to_payload
from app.domain.models import TargetGroup
from app.domain.validate import load_payload
from app.services.payload_files import PayloadFileError, read_json_file
from app.ui.import_ext_compare import install_compare_menu
from app.ui.import_ext_payloads import as_payload, problems_text
from app.ui.workers import run_in_background

if TYPE_CHECKING:
    from app.ui.import_ext_paste import PasteJsonDialog  # loaded when first opened
    from app.ui.main_window import MainWindow

JSON_FILTER = "JSON (*.json);;All files (*)"


@dataclass(frozen=True)
class DraftOrigin:
    """What the open draft was made from, for Compare.

    Attributes:
        label: how Compare names it, e.g. ``template “Monthly spend”``.
        payload: that payload as wire JSON (a copy, so later edits cannot change it).
    """

    label: str
    payload: dict[str, Any]


def origin_of(window: MainWindow) -> DraftOrigin | None:
    """The origin of the window's current draft, or ``None`` (opened from a file, new...)."""
    tracked = getattr(window, "draft_origin", None)
    if tracked is None or (
        tracked[1] is not window.document.group and window.document.undo_stack.count() == 0
    ):
        return None  # another payload was loaded since (load() clears the undo stack)
    origin: DraftOrigin = tracked[0]
    return origin


def remember_origin(window: MainWindow, origin: DraftOrigin | None) -> None:
    """Remember what the window's current draft was made from (``None``: nothing)."""
    window.draft_origin = None if origin is None else (origin, window.document.group)  # type: ignore[attr-defined]


def load_new_draft(
    window: MainWindow,
    group: TargetGroup,
    origin: DraftOrigin | None,
    on_opened: Callable[[], None] | None = None,
) -> None:
    """Replace the open payload with ``group`` as unsaved work, once unsaved changes are dealt with.

    ``on_opened`` runs once it is open (not at all when the operator cancels the question).
    """

    def load() -> None:
        window.document.load(group, None)
        window.document.undo_stack.resetClean()  # never saved: the title says so, closing asks
        remember_origin(window, origin)
        where = f" from {origin.label}" if origin else ""
        window.statusBar().showMessage(f"New draft{where}; it is not saved to a file yet.", 8000)
        if on_opened is not None:
            on_opened()

    window._after_asking(load)


def open_as_new_draft(
    window: MainWindow, payload: Any, source_label: str, on_opened: Callable[[], None] | None = None
) -> bool:
    """Open a payload dict (or a response, converted) as a new unsaved draft.

    Args:
        window: the main window.
        payload: parsed JSON of a payload, or of a create/get response.
        source_label: where it came from, for messages and Compare (e.g. ``group 1234 on “prod”``).
        on_opened: runs once the draft is open (not when the unsaved-changes question is cancelled).

    Returns:
        Whether it is a target group (``False``: the reasons were shown; nothing changed).
    """
    try:
        converted = as_payload(payload)
    except ConversionError as exc:
        window.show_error(
            "Cannot open as a draft", f"{source_label}: {exc}\n\nThe open payload is unchanged."
        )
        return False
    problems = problems_text(converted)
    if problems is not None:
        window.show_error(
            "Cannot open as a draft",
            f"{source_label} is not a target group payload, so nothing was opened:\n\n{problems}",
        )
        return False
    group = load_payload(converted).group
    assert group is not None
    load_new_draft(window, group, DraftOrigin(source_label, copy.deepcopy(group.to_wire())), on_opened)
    return True


def import_response(window: MainWindow, path: Path | str | None = None) -> None:
    """File › Import response…: a create/get response file, converted, as a new draft."""
    chosen = path
    if chosen is None:
        chosen, _ = QFileDialog.getOpenFileName(window, "Import response", "", JSON_FILTER)
    if not chosen:
        return
    file = Path(chosen)
    window.statusBar().showMessage(f"Reading {file}…")
    task = run_in_background(read_json_file, file)
    task.signals.finished.connect(lambda raw: _response_read(window, file, raw))
    task.signals.failed.connect(lambda exc: _response_failed(window, file, exc))


def _response_read(window: MainWindow, file: Path, raw: Any) -> None:
    window.statusBar().clearMessage()
    try:
        payload = response_to_payload(raw)
    except ConversionError as exc:
        window.show_error(
            "Cannot import response", f"{file}\n{exc}\n\nThe file is unchanged; the open payload too."
        )
        return
    open_as_new_draft(window, payload, f"the response {file.name}")


def _response_failed(window: MainWindow, file: Path, exc: object) -> None:
    window.statusBar().clearMessage()
    reason = exc.reason if isinstance(exc, PayloadFileError) else str(exc)
    window.show_error("Cannot import response", f"{file}\n{reason}\n\nThe open payload is unchanged.")


def paste_json(window: MainWindow) -> PasteJsonDialog:
    """File › New from pasted JSON…: a non-blocking dialog; its text stays until the draft is open."""
    from app.ui.import_ext_paste import PasteJsonDialog

    dialog = PasteJsonDialog(as_payload, problems_text, window)
    dialog.payloadReady.connect(
        lambda payload: open_as_new_draft(window, payload, "pasted JSON", on_opened=dialog.accept)
    )
    dialog.open()
    window.paste_dialog = dialog  # type: ignore[attr-defined]
    return dialog


def install(window: MainWindow) -> None:
    remember_origin(window, None)
    menu = window.file_menu
    import_action = QAction("&Import response…", window)
    import_action.setStatusTip("Open a create or get response file as a new draft (server fields dropped)")
    import_action.triggered.connect(lambda: import_response(window))
    paste_action = QAction("New from &pasted JSON…", window)
    paste_action.setStatusTip("Paste a payload or a response as a new draft")
    paste_action.triggered.connect(lambda: paste_json(window))
    menu.insertActions(window.save_action, [import_action, paste_action])
    window.import_response_action = import_action  # type: ignore[attr-defined]
    window.paste_json_action = paste_action  # type: ignore[attr-defined]
    window.compare_menu = install_compare_menu(window, origin_of)  # type: ignore[attr-defined]
