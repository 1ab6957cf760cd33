"""Opening a payload that came from elsewhere (history, a fetched group) as a new, unsaved draft.

The payload is checked first; one that is not a target group is refused with the reasons,
and the open document is left as it is. Unsaved changes are asked about before anything
is replaced. The draft is marked modified, so closing the window asks before losing it.
If the import feature's ``open_as_new_draft`` exists, it is used, so both behave alike.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from app.domain.validate import load_payload

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def open_as_draft(window: MainWindow, payload: Any, source_label: str) -> None:
    """Load ``payload`` into the window as an unsaved draft, after asking about unsaved changes."""
    shared = _shared_opener()
    if shared is not None:
        shared(window, payload, source_label)
        return
    result = load_payload(payload)
    group = result.group
    if group is None:
        lines = [f"• {p.path or 'payload'}: {p.message}" for p in result.problems if p.is_error][:15]
        window.show_error(
            "Cannot open as a draft",
            f"{source_label} is not a target group payload, so it was not opened:\n\n" + "\n".join(lines),
        )
        return

    def replace() -> None:
        window.document.load(group, None)
        window.document.undo_stack.resetClean()  # never saved: the title says so, closing asks
        window.statusBar().showMessage(f"Opened {source_label} as a new draft (not saved yet).", 8000)

    window._after_asking(replace)


def _shared_opener() -> Any:
    try:
        module = importlib.import_module("app.ui.import_ext")
    except ModuleNotFoundError as exc:
        if exc.name != "app.ui.import_ext":
            raise
        return None
    return getattr(module, "open_as_new_draft", None)
