"""The editor window: the Group, Periods and Targets tabs beside the live preview and problems.

The window owns no payload logic. It wires one :class:`PayloadDocument` to the tabs, the
preview and the Problems list, runs file work off the GUI thread, and asks before anything
unsaved could be lost. Its modified marker is the undo stack's clean state.
"""

from __future__ import annotations

import linecache
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QWidget

from app.ui.settings import WindowSettings
from app.ui.window_frame import (
    TAB_NAMES,
    FrameParts,
    TabPages,
    TitledBox,
    after_first_paint,
    bind_undo_actions,
    build_actions,
    label_tab,
    optional_tab,
    placeholder_page,
    vertical_splitter,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from app.domain.problems import Problem
    from app.ui.document import PayloadDocument
    from app.ui.json_dialog import EditJsonDialog
    from app.ui.preview import JsonPreview
    from app.ui.problems_view import ProblemsView

APP_TITLE = "Target Group Builder"
JSON_FILTER = "Payload JSON (*.json);;All files (*)"


class MainWindow(QMainWindow, FrameParts):
    """One open payload, its three tabs, its preview and its problems.

    Built in two steps so the window is on screen at once: the frame (menus, toolbar,
    empty tabs and splitters, restored geometry) needs only Qt; :meth:`finish_building`
    imports the domain and builds the forms, preview and problems. ``MainWindow()`` does
    both at once; ``MainWindow(deferred=True)`` (the app's start path) builds the rest right
    after the first paint. Until then every action is disabled and the tab pages are empty,
    and :attr:`built` is emitted when the window is usable.
    """

    built = Signal()

    # the actions, menus and toolbar (FrameParts) are set by window_frame.build_actions
    document: PayloadDocument
    preview: JsonPreview
    problems_view: ProblemsView

    def __init__(self, document: PayloadDocument | None = None, *, deferred: bool = False) -> None:
        super().__init__()
        self.settings = WindowSettings()
        self.last_message: QMessageBox | None = None
        self.json_dialog: EditJsonDialog | None = None
        self.is_built = False
        self._given_document = document
        self._closing = False
        self._saving = False
        self.close_hooks: list[Callable[[], None]] = []
        self.tabs = QTabWidget(self)
        for name in TAB_NAMES.values():
            self.tabs.addTab(placeholder_page(self.tabs), name)
        self.preview_box = TitledBox("JSON preview", self)
        self.problems_box = TitledBox("Problems", self)
        self.side_splitter = vertical_splitter(self)
        self.side_splitter.addWidget(self.preview_box)
        self.side_splitter.addWidget(self.problems_box)
        self.side_splitter.setSizes([560, 240])
        self.main_splitter = QSplitter(parent=self)  # horizontal; see vertical_splitter
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.addWidget(self.side_splitter)
        self.main_splitter.setSizes([760, 520])
        self.main_splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.main_splitter)
        self.counts_label = QLabel("Loading…", self)
        self.statusBar().addPermanentWidget(self.counts_label)
        self._enable_when_built = build_actions(self)
        self.resize(1320, 860)
        self.settings.restore_layout(self, self._splitters())
        self.setWindowTitle(APP_TITLE)
        if deferred:
            after_first_paint(self, self.finish_building)
        else:
            self.finish_building()

    def finish_building(self) -> None:
        """Import the domain, build the tabs, preview and problems, and make the window usable.

        Runs once (later calls do nothing); extensions are installed here, when the
        document exists. The Periods and Targets pages are made when first shown or asked
        for (:class:`~app.ui.window_frame.TabPages`); their tab titles count problems at once.
        """
        if self.is_built:
            return
        from app.ui.document import PayloadDocument
        from app.ui.extensions import install_extensions
        from app.ui.group_tab import GroupTab
        from app.ui.preview import JsonPreview
        from app.ui.problems_view import ProblemsView

        self.setUpdatesEnabled(False)
        self.document = self._given_document or PayloadDocument(parent=self)
        self.group_tab = GroupTab(self.document, self)
        self.tab_widgets = TabPages(
            self.tabs,
            {
                "group": lambda: self.group_tab,
                "periods": lambda: optional_tab("app.ui.periods_tab", "PeriodsTab", self.document, self),
                "targets": lambda: optional_tab("app.ui.targets_tab", "TargetsTab", self.document, self),
            },
            self._tab_built,
        )
        self.tab_widgets.page("group")
        self.preview = JsonPreview(self)
        self.preview_box.set_widget(self.preview)
        self.problems_view = ProblemsView(self)
        self.problems_box.set_widget(self.problems_view)
        for action in self._enable_when_built:
            action.setEnabled(True)
        bind_undo_actions(self.undo_action, self.redo_action, self.document.undo_stack)
        self.plan_action.setEnabled(True)
        self._connect()
        self.is_built = True
        install_extensions(self)
        # PySide6 reads the whole source of every module imported after it (looking for
        # "from __feature__ import") into linecache, and keeps it: ~9 MiB by now.
        linecache.clearcache()
        self._on_refreshed(self.document.json_text, self.document.problems)
        self._update_title()
        self.setUpdatesEnabled(True)
        self.built.emit()

    def _connect(self) -> None:
        self.document.refreshed.connect(self._on_refreshed)
        self.document.fileChanged.connect(self._update_title)
        self.document.undo_stack.cleanChanged.connect(lambda _clean: self._update_title())
        self.document.changed.connect(lambda path: self._update_title() if path in ("", "name") else None)
        self.problems_view.problemActivated.connect(self.go_to_problem)

    @property
    def periods_tab(self) -> QWidget:
        return self.tab_widgets["periods"]  # built on first use, see TabPages

    @property
    def targets_tab(self) -> QWidget:
        return self.tab_widgets["targets"]

    def _tab_built(self, _key: str, page: QWidget) -> None:
        status = getattr(page, "statusMessage", None)
        if status is not None:
            status.connect(lambda text: self.statusBar().showMessage(text, 8000))

    def _splitters(self) -> dict[str, QSplitter]:
        return {"main": self.main_splitter, "side": self.side_splitter}

    # refresh -----------------------------------------------------------------------

    def _on_refreshed(self, json_text: str, problems: list[Problem]) -> None:
        from app.domain.problems import count_by_severity
        from app.ui.problems_view import tab_of

        self.preview.show_json(json_text)
        self.problems_view.problems_model.set_problems(problems, self.document.group)
        by_tab: dict[str, list[Problem]] = {key: [] for key in TAB_NAMES}
        for problem in problems:
            by_tab[tab_of(problem.path)].append(problem)
        self.tab_widgets.show_problems(by_tab)
        for key in TAB_NAMES:
            label_tab(self.tabs, self.tab_widgets.index(key), TAB_NAMES[key], by_tab[key])
        errors, warnings = count_by_severity(problems)
        self.counts_label.setText(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        )

    def _update_title(self) -> None:
        name = self.document.group.name or "Untitled"
        path = self.document.file_path
        where = path.name if path else "not saved"
        self.setWindowTitle(f"{name} — {where}[*] — {APP_TITLE}")
        self.setWindowModified(self.document.is_modified)

    def go_to_problem(self, problem: Problem) -> bool:
        """Show the tab of a problem and put the focus on its field or cell."""
        from app.ui.problems_view import tab_of

        key = tab_of(problem.path)
        widget = self.tab_widgets[key]
        self.tabs.setCurrentWidget(widget)
        focus = getattr(widget, "focus_path", None)
        found = bool(focus and focus(problem.path))
        if not found:
            self.statusBar().showMessage(f"Cannot show {problem.path or 'the payload'} in the form.", 6000)
        return found

    # files -----------------------------------------------------------------------

    def _after_asking(self, then: Callable[[], None]) -> None:
        """Run ``then`` once unsaved changes are saved or knowingly dropped (not at all on Cancel)."""
        if not self.document.is_modified:
            then()
            return
        from PySide6.QtWidgets import QMessageBox

        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            f"“{self.document.group.name or 'Untitled'}” has changes that are not saved. Save them first?",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        if answer == buttons.Discard:
            then()
        elif answer == buttons.Save:
            self.save(then=then)

    def new_file(self) -> None:
        from app.ui.document import new_group

        self._after_asking(lambda: self.document.load(new_group(), None))

    def open_file(self, path: Path | str | None = None) -> None:
        def choose_and_load() -> None:
            chosen = path
            if chosen is None:
                from PySide6.QtWidgets import QFileDialog

                start = str(self.document.file_path.parent) if self.document.file_path else ""
                chosen, _ = QFileDialog.getOpenFileName(self, "Open payload", start, JSON_FILTER)
            if chosen:
                self._start_loading(Path(chosen))

        self._after_asking(choose_and_load)

    def _start_loading(self, path: Path) -> None:
        from app.services.payload_files import read_json_file
        from app.ui.workers import run_in_background

        self.statusBar().showMessage(f"Opening {path}…")
        task = run_in_background(read_json_file, path)
        task.signals.finished.connect(lambda raw: self._loaded(path, raw))
        task.signals.failed.connect(lambda exc: self._load_failed(path, exc))

    def _loaded(self, path: Path, raw: Any) -> None:
        from app.domain.validate import load_payload

        result = load_payload(raw)
        if result.group is None:
            lines = [f"• {p.path or 'payload'}: {p.message}" for p in result.problems if p.is_error]
            more = f"\n…and {len(lines) - 15} more." if len(lines) > 15 else ""
            self.show_error(
                "Cannot open payload",
                f"{path} is not a target group payload, so it was not opened "
                f"(the file is unchanged):\n\n" + "\n".join(lines[:15]) + more,
            )
            self.statusBar().clearMessage()
            return
        self.document.load(result.group, path)
        self.settings.add_recent_file(path)
        notes = [p.message for p in result.problems if p.rule != "unknown-field"]
        self.statusBar().showMessage(f"Opened {path}. " + " ".join(notes), 8000)

    def _load_failed(self, path: Path, exc: object) -> None:
        from app.services.payload_files import PayloadFileError

        reason = exc.reason if isinstance(exc, PayloadFileError) else str(exc)
        if not path.exists():
            self.settings.remove_recent_file(path)
        self.statusBar().clearMessage()
        self.show_error("Cannot open payload", f"{path}\n{reason}\n\nThe open payload is unchanged.")

    def save(self, then: Callable[[], None] | None = None) -> None:
        if self.document.file_path is None:
            self.save_as(then)
        else:
            self._write(self.document.file_path, then)

    def save_as(self, then: Callable[[], None] | None = None) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.document.file_path or f"{self.document.group.name or 'payload'}.json")
        chosen, _ = QFileDialog.getSaveFileName(self, "Save payload", start, JSON_FILTER)
        if not chosen:
            return
        path = Path(chosen)
        self._write(path if path.suffix else path.with_suffix(".json"), then)

    def _write(self, path: Path, then: Callable[[], None] | None) -> None:
        if self._saving:
            return
        from app.services.payload_files import write_json_file
        from app.ui.workers import run_in_background

        self._saving = True
        index = self.document.undo_stack.index()
        task = run_in_background(write_json_file, path, self.document.group.to_wire())
        task.signals.finished.connect(lambda _none: self._written(path, index, then))
        task.signals.failed.connect(lambda exc: self._write_failed(path, exc))
        self.statusBar().showMessage(f"Saving {path}…")

    def _written(self, path: Path, index: int, then: Callable[[], None] | None) -> None:
        self._saving = False
        if self.document.undo_stack.index() == index:
            self.document.mark_saved(path)
        else:  # edited while saving: the file is older than the form, so stay "modified"
            self.document.file_path = path
            self.document.fileChanged.emit()
        self.settings.add_recent_file(path)
        self.statusBar().showMessage(f"Saved {path}", 5000)
        if then is not None:
            then()

    def _write_failed(self, path: Path, exc: object) -> None:
        self._saving = False
        self.statusBar().clearMessage()
        self.show_error(
            "Cannot save payload",
            f"{path} could not be written: {exc}\n\nYour edits are still here; try another place.",
        )

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for path in files:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_file(p))
        if not files:
            self.recent_menu.addAction("No recent files").setEnabled(False)

    # other actions -------------------------------------------------------------------

    def copy_json(self) -> None:
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText(self.document.current_json())
        self.statusBar().showMessage("Copied the JSON.", 4000)

    def copy_curl(self) -> None:
        from app.ui.curl import copy_curl

        copy_curl(self.document)
        self.statusBar().showMessage(
            "Copied a curl command; replace <API_HOST> and <YOUR_CREDENTIALS> before running it.", 6000
        )

    def edit_json(self) -> EditJsonDialog:
        from app.ui.json_dialog import EditJsonDialog

        if self.json_dialog is not None:
            self.json_dialog.close()
        self.json_dialog = EditJsonDialog(self.document, self)
        self.json_dialog.open()
        return self.json_dialog

    def plan_periods(self) -> None:
        opener = getattr(self.periods_tab, "open_planner", None)
        if opener is not None:
            self.tabs.setCurrentWidget(self.periods_tab)
            opener()

    def show_error(self, title: str, text: str) -> QMessageBox:
        """A window-modal message that does not block the caller (tests read ``last_message``)."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        self.last_message = box
        return box

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing or not self.is_built or not self.document.is_modified:
            self.settings.save_layout(self, self._splitters())
            for hook in self.close_hooks:
                hook()
            event.accept()
            return
        event.ignore()
        self._after_asking(self._close_now)

    def _close_now(self) -> None:
        self._closing = True
        QTimer.singleShot(0, self.close)  # Qt ignores close() from inside closeEvent
