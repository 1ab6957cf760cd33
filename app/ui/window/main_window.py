"""The editor window: a document kind's tabs beside the live preview and problems, and the features.

The window owns no payload logic. It builds the frame (actions, menus and toolbar from
:mod:`app.ui.window.menu_structure`), one :class:`PayloadDocument` of one :class:`EditorKind`,
the kind's tab pages, the preview and the Problems list, and then creates each feature
explicitly with a typed :class:`WindowContext`. Problems flow from the document straight to
what shows them (the pages, the preview, the list, the counts); the window is not on that path.
Its modified marker is the undo stack's clean state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QWidget

from app.ui.common.geometry import fit_to_screen
from app.ui.common.settings import WindowSettings
from app.ui.window.actions import Actions, bind_undo_actions
from app.ui.window.frame import TabPages, TitledBox, after_first_paint, placeholder_page, vertical_splitter
from app.ui.window.tab_keys import TabKeys

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from app.domain.kinds import PayloadKind
    from app.domain.problems import Problem
    from app.ui.common.context import WindowContext
    from app.ui.document.document import PayloadDocument
    from app.ui.document.kind import EditorKind
    from app.ui.drafts.autosave import DraftsFeature
    from app.ui.files.feature import FilesFeature
    from app.ui.help.about import HelpFeature
    from app.ui.payload.json_dialog import EditJsonDialog
    from app.ui.payload.preview import JsonPreview
    from app.ui.payload.problems_view import ProblemsView
    from app.ui.send.feature import SendFeature
    from app.ui.templates.feature import TemplatesFeature

APP_TITLE = "Target Group Builder"
#: The tab titles of the default kind, known before the domain is imported (the frame shows them).
DEFAULT_TABS = ("Group", "Periods", "Targets")


class MainWindow(QMainWindow):
    """One open payload, its tabs, its preview, its problems and the features around them.

    Built in two steps so the window is on screen at once: the frame (menus, toolbar, empty
    tabs and splitters, restored geometry) needs only Qt; :meth:`finish_building` imports the
    domain and builds the document, pages and features. ``MainWindow()`` does both at once;
    ``MainWindow(deferred=True)`` (the app's start path) builds the rest right after the first
    paint. Until then every action is disabled and the tab pages are empty, and :attr:`built`
    is emitted when the window is usable.
    """

    built = Signal()

    document: PayloadDocument
    preview: JsonPreview
    problems_view: ProblemsView
    context: WindowContext
    drafts_feature: DraftsFeature
    files: FilesFeature
    templates: TemplatesFeature
    send: SendFeature
    help: HelpFeature

    def __init__(
        self,
        document: PayloadDocument | None = None,
        *,
        deferred: bool = False,
        kind: EditorKind | None = None,
    ) -> None:
        super().__init__()
        self.settings = WindowSettings()
        self.last_message: QMessageBox | None = None
        self.json_dialog: EditJsonDialog | None = None
        self.is_built = False
        self._given_document = document
        self._given_kind = kind
        self._closing = False
        self.production_target: str | None = None
        self.close_hooks: list[Callable[[], None]] = []
        self.tabs = QTabWidget(self)
        titles = [t.title for t in kind.tabs] if kind else list(DEFAULT_TABS)
        for title in titles:
            self.tabs.addTab(placeholder_page(self.tabs), title)
        self.preview_box = TitledBox("JSON preview", self)
        self.problems_box = TitledBox("Problems", self)
        self.side_splitter = vertical_splitter(self)
        self.side_splitter.addWidget(self.preview_box)
        self.side_splitter.addWidget(self.problems_box)
        self.side_splitter.setSizes([420, 300])
        self.main_splitter = QSplitter(parent=self)  # horizontal; see vertical_splitter
        self.main_splitter.addWidget(self.tabs)
        self.main_splitter.addWidget(self.side_splitter)
        self.main_splitter.setSizes([760, 520])
        self.main_splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.main_splitter)
        self.counts_label = QLabel("Loading…", self)
        self.production_label = QLabel(self)
        self.production_label.setObjectName("productionLabel")
        self.production_label.hide()
        self.statusBar().addPermanentWidget(self.production_label)
        self.statusBar().addPermanentWidget(self.counts_label)
        self.menu_actions = Actions(self, self.settings.qsettings)
        self.toolbar = self.menu_actions.toolbar
        restored = self.settings.restore_layout(self, self._splitters())
        fit_to_screen(self, restored)
        self.setWindowTitle(APP_TITLE)
        if deferred:
            after_first_paint(self, self.finish_building)
        else:
            self.finish_building()

    # the window's own actions (declared in menu_structure like every other) ------------

    @property
    def undo_action(self) -> QAction:
        return self.menu_actions["undo"]

    @property
    def redo_action(self) -> QAction:
        return self.menu_actions["redo"]

    # building ------------------------------------------------------------------------

    def finish_building(self) -> None:
        """Import the domain, build the document, pages, preview and problems, then the features.

        Runs once (later calls do nothing). The pages other than the first are made when first
        shown or asked for (:class:`~app.ui.window.frame.TabPages`); their tab titles count
        problems at once.
        """
        if self.is_built:
            return
        from app.ui.common.context import WindowContext
        from app.ui.document.document import PayloadDocument
        from app.ui.document.drafting import NewDrafts
        from app.ui.payload.preview import JsonPreview
        from app.ui.payload.problems_view import ProblemsView
        from app.ui.window.kind_actions import KindActions
        from app.ui.window.one_undo import OneUndoHistory

        self.setUpdatesEnabled(False)
        self.kind_actions = KindActions(self.menu_actions)
        given = self._given_document
        kind = self._given_kind or _editor_of(given.kind if given else None, self.settings)
        self.kind = kind
        self.document = given or PayloadDocument(parent=self, kind=kind.payload)
        self._make_pages(kind)
        status = self._status_line
        self.preview = JsonPreview(self)
        self.preview.follow(self.document)
        self.preview_box.set_widget(self.preview)
        self.problems_view = ProblemsView(self)
        self.problems_view.follow(self.document)
        self.problems_box.set_widget(self.problems_view)
        self.problems_view.problemActivated.connect(self.go_to_problem)
        self.document.refreshed.connect(self._show_counts)
        self.document.fileChanged.connect(self._update_title)
        self.document.undo_stack.cleanChanged.connect(lambda _clean: self._update_title())
        self.document.changed.connect(lambda _path: self._update_title())  # any kind's name path
        self.document.kindChanged.connect(self._kind_changed)
        bind_undo_actions(self.menu_actions["undo"], self.menu_actions["redo"], self.document.undo_stack)
        self.one_undo = OneUndoHistory(self)
        self.tab_keys = TabKeys(
            self.tabs, lambda index: self.tab_widgets.show_page(self.kind.tabs[index].key)
        )
        self._bind_own_actions()
        drafts = NewDrafts(
            self.document,
            self.ask_unsaved,
            self.show_error,
            lambda text: status(text, 8000),
            self.bring_forward,
        )
        self.context = WindowContext(
            window=self,
            document=self.document,
            actions=self.menu_actions,
            settings=self.settings,
            drafts=drafts,
            ask_unsaved=self.ask_unsaved,
            show_error=self.show_error,
            status=status,
            edit_json=self.edit_json,
            go_to_problem=self.go_to_problem,
            reveal_problem=self.reveal_problem,
            show_production=self.show_production,
            close_hooks=self.close_hooks,
        )
        self._create_features(self.context)
        if kind.install is not None:
            kind.install(self)
        self.is_built = True
        self.document.refresh_now()
        self._update_title()
        self.setUpdatesEnabled(True)
        self.focus_first_field()
        self.document.fileChanged.connect(self._focus_if_blank)
        self.built.emit()

    def _make_pages(self, kind: EditorKind) -> None:
        """The tab pages of ``kind`` (the first one built now, the others when first shown)."""
        from app.ui.document.kind import PageContext

        titles = [spec.title for spec in kind.tabs]
        if [self.tabs.tabText(i) for i in range(self.tabs.count())] != titles:
            while self.tabs.count():  # another kind's placeholders (its built pages are gone)
                widget = self.tabs.widget(0)
                self.tabs.removeTab(0)
                if widget is not None:
                    widget.deleteLater()
            for title in titles:
                self.tabs.addTab(placeholder_page(self.tabs), title)
        status = self._status_line
        self.tab_widgets = TabPages(
            self.tabs,
            self.document,
            kind,
            lambda tab: tab.make(PageContext(self.document, self, lambda text: status(text, 8000))),
        )
        self.tab_widgets.page(kind.tabs[0].key)

    def _kind_changed(self) -> None:
        """A payload of another kind was loaded: that kind's tabs replace these, on the spot."""
        kind = _editor_of(self.document.kind, None)
        if kind is self.kind:
            return
        self.setUpdatesEnabled(False)
        self.tab_widgets.dispose()
        self.kind_actions.reset()
        self.kind = kind
        self._make_pages(kind)
        if kind.install is not None:
            kind.install(self)
        self.setUpdatesEnabled(True)

    # what a kind's hook may use (KindHooks) -----------------------------------------------

    def bind(self, action_id: str, handler: Callable[[], object], text: str | None = None) -> object:
        return self.kind_actions.bind(action_id, handler, text)

    def title_menu(self, menu_id: str, title: str) -> None:
        self.kind_actions.title_menu(menu_id, title)

    def page(self, key: str) -> QWidget:
        return self.tab_widgets.page(key)

    def show_page(self, key: str) -> QWidget:
        return self.tab_widgets.show_page(key)

    def focus_first_field(self) -> None:
        """Put the focus on the kind's first field (the name), so the first keystrokes land there."""
        path = self.kind.first_field
        if path is not None:
            key = self.kind.tab_of(path)
            self.tab_widgets.show_page(key)
            self.tab_widgets.focus(key, path)

    def _focus_if_blank(self) -> None:
        document = self.document
        if document.file_path is None and not document.marks_everywhere and document.undo_stack.count() == 0:
            self.focus_first_field()  # File › New: start typing the name

    def _create_features(self, context: WindowContext) -> None:
        """Every feature, by name; each binds its declared actions and fills its submenus and slots."""
        from app.ui.bulk.feature import BulkFeature
        from app.ui.bulk.hooks import BulkHooks
        from app.ui.drafts.autosave import DraftsFeature
        from app.ui.files.feature import FilesFeature
        from app.ui.help.about import HelpFeature
        from app.ui.send.feature import SendFeature
        from app.ui.templates.feature import TemplatesFeature

        self.files = FilesFeature(context)
        self.drafts_feature = DraftsFeature(context)
        self.templates = TemplatesFeature(context)
        self.send = SendFeature(context)
        send = self.send
        hooks = BulkHooks(
            sender=lambda: send.send_service,
            profile=lambda: send.profile,
            show_submission=send.show_submission,
        )
        self.bulk = BulkFeature(context, hooks, send.picker.select)
        send.picker.profileChanged.connect(lambda _profile: self.bulk.profile_changed())
        self.help = HelpFeature(context)

    def _bind_own_actions(self) -> None:
        bind = self.menu_actions.bind
        bind("quit", self.close)
        bind("copy_json", self.copy_json)
        bind("edit_json", self.edit_json)

    def _splitters(self) -> dict[str, QSplitter]:
        return {"main": self.main_splitter, "side": self.side_splitter}

    # what the document says ------------------------------------------------------------

    def _show_counts(self, _json_text: str, problems: list[Problem]) -> None:
        from app.domain.problems import count_by_severity

        errors, warnings = count_by_severity(problems)
        self.counts_label.setText(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        )

    def _update_title(self) -> None:
        name = self.document.title or "Untitled"
        path = self.document.file_path
        where = path.name if path else "not saved"
        target = f"PRODUCTION ({self.production_target}) — " if self.production_target else ""
        title = f"{target}{name} — {where}[*] — {APP_TITLE}"
        if self.windowTitle() != title:  # called on every edit: most change nothing here
            self.setWindowTitle(title)
        modified = self.document.is_modified
        if self.isWindowModified() != modified:
            self.setWindowModified(modified)

    def show_production(self, profile_name: str | None) -> None:
        """Mark the window while Send goes to a production profile: title, status area and its label.

        ``None`` puts the sandbox or test look back.
        """
        from app.ui.common.theme import production_colors

        self.production_target = profile_name
        bar = self.statusBar()
        if profile_name is None:
            bar.setStyleSheet("")
            self.production_label.hide()
        else:
            text, fill = production_colors()
            bar.setStyleSheet(f"QStatusBar {{ background: {fill}; border-top: 2px solid {text}; }}")
            self.production_label.setText(f"Sending to PRODUCTION: {profile_name}")
            self.production_label.setStyleSheet(f"color: {text}; font-weight: bold;")
            self.production_label.show()
        if self.is_built:
            self._update_title()

    def _status_line(self, text: str, msecs: int = 0) -> None:
        self.statusBar().showMessage(text, msecs)

    def go_to_problem(self, problem: Problem) -> bool:
        """Show the tab of a problem and put the focus on its field or cell."""
        key = self.kind.tab_of(problem.path)
        page = self.tab_widgets.show_page(key)
        found = self.tab_widgets.focus(key, problem.path)
        if not found:
            self.statusBar().showMessage(f"Cannot show {problem.path or 'the payload'} in the form.", 6000)
        return found and page is not None

    def reveal_problem(self, problem: Problem | None) -> None:
        """Show the Problems list with ``problem`` selected (the first error when Send is blocked)."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QAbstractItemView

        view = self.problems_view
        sizes = self.side_splitter.sizes()
        if len(sizes) == 2 and sizes[1] < 80:  # the Problems pane was dragged shut: open it
            total = sum(sizes)
            self.side_splitter.setSizes([max(total - 240, 0), min(240, total)])
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        model = view.problems_model
        for row in range(model.rowCount()):
            if problem is None or model.problem(row) == problem:
                view.selectRow(row)
                view.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)
                break

    # the pages, for tests and the kinds' hooks ------------------------------------------

    @property
    def group_tab(self) -> QWidget:
        return self.tab_widgets["group"]

    @property
    def periods_tab(self) -> QWidget:
        return self.tab_widgets["periods"]  # built on first use, see TabPages

    @property
    def targets_tab(self) -> QWidget:
        return self.tab_widgets["targets"]

    # unsaved changes ---------------------------------------------------------------

    def ask_unsaved(self, then: Callable[[], None]) -> None:
        """Run ``then`` once unsaved changes are saved or knowingly dropped (not at all on Cancel)."""
        if not self.document.is_modified:
            then()
            return
        from PySide6.QtWidgets import QMessageBox

        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            unsaved_question(self.document.title),
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        if answer == buttons.Discard:
            then()
        elif answer == buttons.Save:
            self.files.save(then=then)

    # other actions -------------------------------------------------------------------

    def show_tab(self, index: int) -> None:
        """Show tab ``index`` with the keyboard focus on its first field."""
        self.tab_keys.show_tab(index)

    def bring_forward(self) -> None:
        """In front of the app's other windows, with the keyboard focus (whatever the window manager)."""
        self.show()
        self.raise_()
        self.activateWindow()

    def copy_json(self) -> None:
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText(self.document.current_json())
        self.statusBar().showMessage("Copied the JSON.", 4000)

    def edit_json(self, rescue_text: str | None = None) -> EditJsonDialog:
        """Edit JSON: the payload's text, or a text to rescue (a draft that is not a payload)."""
        from app.ui.payload.json_dialog import EditJsonDialog
        from app.ui.widgets.dialogs import open_freed

        dialog = EditJsonDialog(self.document, self)
        if rescue_text is not None:
            dialog.editor.setPlainText(rescue_text)
        self.json_dialog = open_freed(dialog, self.json_dialog)
        return dialog

    def show_error(self, title: str, text: str) -> QMessageBox:
        """A window-modal message that does not block the caller (tests read ``last_message``)."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        from app.ui.widgets.dialogs import open_freed

        self.last_message = open_freed(box)
        return box

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing or not self.is_built or not self.document.is_modified:
            self.settings.save_layout(self, self._splitters())
            for hook in self.close_hooks:
                hook()
            event.accept()
            return
        event.ignore()
        self.ask_unsaved(self._close_now)

    def _close_now(self) -> None:
        self._closing = True
        QTimer.singleShot(0, self.close)  # Qt ignores close() from inside closeEvent


def unsaved_question(title: str | None, room: int = 60) -> str:
    """The unsaved-changes question; a long name is shortened in the middle so the box stays readable."""
    name = title or "Untitled"
    if len(name) > room:
        name = f"{name[: room - 16]}…{name[-15:]}"
    return f"“{name}” has changes that are not saved. Save them first?"


def _editor_of(kind: PayloadKind | None, settings: WindowSettings | None) -> EditorKind:
    """The editor of ``kind``; with none, of the kind last chosen in File › New (else the default)."""
    from app.domain.kinds import DEFAULT_KIND, known_kind_names
    from app.ui.editors.registry import editor_for

    if kind is not None:
        return editor_for(kind)
    chosen = settings.new_kind() if settings is not None else None
    return editor_for(chosen if chosen in known_kind_names() else DEFAULT_KIND)
