"""Files: New, Open, Open Recent, Save, Save As, Import response, New from pasted JSON, Compare with.

Reading and writing run off the GUI thread; a file that cannot be read is reported and the open
payload stays as it is. A response or pasted JSON becomes a new *unsaved* draft through the one
way in (:class:`~app.ui.document.drafting.NewDrafts`), which also remembers its origin for Compare.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.ui.common.workers import run_in_background
from app.ui.files.compare import Compare
from app.ui.widgets.file_dialogs import choose_open, choose_save

if TYPE_CHECKING:
    from app.ui.common.context import WindowContext
    from app.ui.files.new_dialog import NewKindDialog
    from app.ui.files.paste_dialog import PasteJsonDialog

JSON_FILTER = "Payload JSON (*.json);;All files (*)"
#: Open also takes a curl command copied from the docs and saved as text.
OPEN_FILTER = "Payload JSON (*.json);;curl command (*.sh *.txt *.curl);;All files (*)"


class FilesFeature:
    """The file actions of one window."""

    def __init__(self, context: WindowContext) -> None:
        self.context = context
        self.document = context.document
        self._saving = False
        self.paste_dialog: PasteJsonDialog | None = None
        self.new_dialog: NewKindDialog | None = None
        bind = context.actions.bind
        bind("new", self.new_file)
        bind("open", self.open_file)
        bind("save", self.save)
        bind("save_as", self.save_as)
        bind("import_response", self.import_response)
        bind("paste_json", self.paste_json)
        self.convert_action = bind("convert", self.convert)
        self.document.kindChanged.connect(self._offer_conversion)
        self._offer_conversion()
        self.recent_menu = context.actions.submenu("recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.compare = Compare(context, context.actions.submenu("compare"))

    # new and open ------------------------------------------------------------------

    def new_file(self) -> None:
        """File › New: once unsaved changes are dealt with, ask which kind, then start a blank one."""
        self.context.ask_unsaved(self._ask_kind)

    # convert --------------------------------------------------------------------------

    def _offer_conversion(self) -> None:
        """Offer File › Convert to… for the open kind (by name: no other kind's models load)."""
        from app.domain.conversions import targets_from
        from app.domain.kind_folders import kind_label

        targets = targets_from(self.document.kind.name)
        self.convert_action.setEnabled(bool(targets))
        label = kind_label(targets[0]) if targets else "another kind"
        self.convert_action.setText(f"Con&vert to {label}…")

    def convert(self) -> bool:
        """File › Convert to…: the open payload as a new unsaved draft of the other kind.

        What could not be carried over is said in a message and listed in Problems (as notes
        of the draft) until another payload is opened. The open payload is asked about first.
        """
        from app.domain.convert import ConversionError
        from app.domain.kinds import conversions_from
        from app.domain.problems import Problem, Severity

        source = self.document.kind
        targets = conversions_from(source)
        if not targets:
            return False
        target = targets[0]
        try:
            from app.domain.conversions import converter

            convert = converter(source.name, target.name)
            assert convert is not None  # offered only for the kinds a conversion exists for
            payload, lost = convert(self.document.model)
        except ConversionError as exc:
            self.context.show_error(
                f"Cannot convert to a {target.label}", f"{exc}\n\nThe open payload is unchanged."
            )
            return False
        loaded = target.load(payload)
        if loaded.model is None:
            self.context.show_error(
                f"Cannot convert to a {target.label}",
                (target.why_not(payload) or "") + "\n\nNothing changed.",
            )
            return False
        notes = [
            Problem(
                path,
                Severity.WARNING,
                "not-carried-over",
                f"Not carried over from the {source.label}: {reason}",
            )
            for path, reason in lost
        ]
        name = source.name_of(self.document.model) or "Untitled"

        def opened() -> None:
            self.document.notes = notes
            self.document.refresh_now()
            if notes:
                lines = "\n".join(f"• {note.message.split(': ', 1)[1]} ({note.path})" for note in notes[:15])
                more = f"\n…and {len(notes) - 15} more." if len(notes) > 15 else ""
                self.context.show_error(
                    "Converted, with notes",
                    f"“{name}” is open as a new {target.label} draft. These did not carry over "
                    f"(also listed in Problems):\n\n{lines}{more}",
                )

        from app.ui.document.drafting import DraftOrigin

        self.context.drafts.load(loaded.model, DraftOrigin(f"the {source.label} “{name}”", payload), opened)
        return True

    def _ask_kind(self) -> None:
        from app.ui.files.new_dialog import NewKindDialog
        from app.ui.widgets.dialogs import open_freed

        settings = self.context.settings
        dialog = NewKindDialog(settings.new_kind(), self.context.window)

        def chosen() -> None:
            kind = dialog.chosen
            settings.set_new_kind(kind.name)
            self.document.load(kind.new_model(), None, kind, blank=True)

        dialog.accepted.connect(chosen)
        self.new_dialog = open_freed(dialog, self.new_dialog)

    def open_file(self, path: Path | str | None = None) -> None:
        def choose_and_load() -> None:
            chosen = path
            if chosen is None:
                chosen = choose_open(
                    self.context.window, "Open payload", OPEN_FILTER, self.document.file_path
                )
            if chosen:
                self._start_loading(Path(chosen))

        self.context.ask_unsaved(choose_and_load)

    def _start_loading(self, path: Path) -> None:
        from app.services.payload_files import read_payload_file

        self.context.status(f"Opening {path}…", 0)
        task = run_in_background(read_payload_file, path)
        task.signals.finished.connect(lambda raw: self._loaded(path, raw))
        task.signals.failed.connect(lambda exc: self._load_failed(path, exc))

    def _loaded(self, path: Path, raw: Any) -> None:
        from app.domain.kinds import kind_of
        from app.services.payload_files import CurlBody

        if isinstance(raw, CurlBody):
            # A curl command is not a payload file: its body opens as a new draft, so Save asks for
            # a .json file instead of overwriting the command.
            self.context.status("", 0)
            taken = raw.taken
            self.context.drafts.open(
                raw.payload,
                f"the curl command in {path.name}",
                on_opened=lambda: self.context.status(taken, 12000),
            )
            return

        kind = kind_of(raw, default=self.document.kind.name)
        result = kind.load(raw)
        if result.model is None:
            self.context.show_error(
                "Cannot open payload",
                f"{path} is not a {kind.label} payload, so it was not opened (the file is unchanged):\n\n"
                + (kind.why_not(raw, limit=15) or ""),
            )
            self.context.status("", 0)
            return
        self.document.load(result.model, path, kind)
        self.context.settings.add_recent_file(path)
        notes = [p.message for p in result.problems if p.rule != "unknown-field"]
        self.context.status(f"Opened {path}. " + " ".join(notes), 8000)

    def _load_failed(self, path: Path, exc: object) -> None:
        from app.services.payload_files import PayloadFileError

        reason = exc.reason if isinstance(exc, PayloadFileError) else str(exc)
        if not path.exists():
            self.context.settings.remove_recent_file(path)
        self.context.status("", 0)
        self.context.show_error("Cannot open payload", f"{path}\n{reason}\n\nThe open payload is unchanged.")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.context.settings.recent_files()
        for path in files:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_file(p))
        if not files:
            self.recent_menu.addAction("No recent files").setEnabled(False)

    # save ----------------------------------------------------------------------------

    def save(self, then: Callable[[], None] | None = None) -> None:
        if self.document.file_path is None:
            self.save_as(then)
        else:
            self._write(self.document.file_path, then)

    def save_as(self, then: Callable[[], None] | None = None) -> None:
        path = self.document.file_path
        name = path.name if path else f"{self.document.title or 'payload'}.json"
        chosen = choose_save(self.context.window, "Save payload", name, JSON_FILTER, path)
        if not chosen:
            return
        path = Path(chosen)
        self._write(path if path.suffix else path.with_suffix(".json"), then)

    def _write(self, path: Path, then: Callable[[], None] | None) -> None:
        if self._saving:
            return
        from app.services.payload_files import write_json_file

        self._saving = True
        index = self.document.undo_stack.index()
        task = run_in_background(write_json_file, path, self.document.model.to_wire())
        task.signals.finished.connect(lambda _none: self._written(path, index, then))
        task.signals.failed.connect(lambda exc: self._write_failed(path, exc))
        self.context.status(f"Saving {path}…", 0)

    def _written(self, path: Path, index: int, then: Callable[[], None] | None) -> None:
        self._saving = False
        if self.document.undo_stack.index() == index:
            self.document.mark_saved(path)
        else:  # edited while saving: the file is older than the form, so stay "modified"
            self.document.file_path = path
            self.document.fileChanged.emit()
        self.context.settings.add_recent_file(path)
        self.context.status(f"Saved {path}", 5000)
        if then is not None:
            then()

    def _write_failed(self, path: Path, exc: object) -> None:
        self._saving = False
        self.context.status("", 0)
        self.context.show_error(
            "Cannot save payload",
            f"{path} could not be written: {exc}\n\nYour edits are still here; try another place.",
        )

    # responses and pasted JSON as new drafts --------------------------------------------

    def import_response(self, path: Path | str | None = None) -> None:
        """File › Import response…: a create/get/list response file, converted, as a new draft."""
        chosen = path
        if chosen is None:
            chosen = choose_open(self.context.window, "Import response", "JSON (*.json);;All files (*)")
        if not chosen:
            return
        from app.services.payload_files import read_json_file

        file = Path(chosen)
        self.context.status(f"Reading {file}…", 0)
        task = run_in_background(read_json_file, file)
        task.signals.finished.connect(lambda raw: self._response_read(file, raw))
        task.signals.failed.connect(lambda exc: self._response_failed(file, exc))

    def _response_read(self, file: Path, raw: Any) -> None:
        from app.domain.convert import ConversionError
        from app.domain.kinds import kind_of

        self.context.status("", 0)
        kind = kind_of(raw, default=self.document.kind.name)
        try:
            payloads = kind.response_payloads(raw)
            if len(payloads) != 1:
                raise ConversionError(
                    f"The response holds {len(payloads)} {kind.label}s; import one at a time "
                    "(tgb convert --index N picks one)."
                )
        except ConversionError as exc:
            self.context.show_error(
                "Cannot import response", f"{file}\n{exc}\n\nThe file is unchanged; the open payload too."
            )
            return
        self.context.drafts.open(payloads[0], f"the response {file.name}")

    def _response_failed(self, file: Path, exc: object) -> None:
        from app.services.payload_files import PayloadFileError

        self.context.status("", 0)
        reason = exc.reason if isinstance(exc, PayloadFileError) else str(exc)
        self.context.show_error(
            "Cannot import response", f"{file}\n{reason}\n\nThe open payload is unchanged."
        )

    def paste_json(self) -> PasteJsonDialog:
        """File › New from pasted JSON…: a non-blocking dialog; its text stays until the draft is open."""
        from app.domain.kinds import kind_labels, kind_of
        from app.ui.files.paste_dialog import PasteJsonDialog

        default = self.document.kind.name
        dialog = PasteJsonDialog(
            lambda raw: kind_of(raw, default=default).as_payload(raw),
            lambda payload: kind_of(payload, default=default).why_not(payload),
            self.context.window,
            kind_labels(),
        )

        def opened() -> None:
            dialog.accept()
            if dialog.taken:
                self.context.status(dialog.taken, 12000)

        dialog.payloadReady.connect(
            lambda payload: self.context.drafts.open(
                payload, "a pasted curl command" if dialog.taken else "pasted JSON", on_opened=opened
            )
        )
        from app.ui.widgets.dialogs import open_freed

        self.paste_dialog = open_freed(dialog, self.paste_dialog)
        return dialog
