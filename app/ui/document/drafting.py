"""The one way to open a payload as a new, unsaved draft, and what the draft was made from.

Templates, imported responses, pasted JSON, a history entry and a group fetched by id all end
here: the JSON is checked (a response is converted; something that is not a payload of the
document's kind is refused with the reasons, and nothing changes), unsaved changes are asked
about, then the draft replaces the open payload *unsaved* (no file, the title marked modified),
so closing asks before it is lost. Its :class:`DraftOrigin` is remembered for Compare until
another payload is loaded.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.domain.base import WireModel
    from app.ui.document.document import PayloadDocument


@dataclass(frozen=True)
class DraftOrigin:
    """What the open draft was made from, for Compare.

    Attributes:
        label: how Compare names it, e.g. ``template “Monthly spend”``.
        payload: that payload as wire JSON (a copy, so later edits cannot change it).
        live: the server copy it was fetched as (:class:`~app.services.live.LiveCopy`), when it
            came from a server: its lifecycle and updates go there.
    """

    label: str
    payload: dict[str, Any]
    live: Any = None


class NewDrafts:
    """Opening new drafts into one document.

    Args:
        document: the window's document.
        ask_unsaved: runs its argument once unsaved changes are saved or knowingly dropped.
        show_error: shows a non-blocking message (title, text).
        status: shows a line in the status bar.
        bring_forward: puts the window in front with the keyboard focus (a draft opened from the
            History or Bulk window must not stay behind them).
    """

    def __init__(
        self,
        document: PayloadDocument,
        ask_unsaved: Callable[[Callable[[], None]], None],
        show_error: Callable[[str, str], object],
        status: Callable[[str], None],
        bring_forward: Callable[[], None] | None = None,
    ) -> None:
        self.document = document
        self._ask = ask_unsaved
        self._error = show_error
        self._status = status
        self._bring_forward = bring_forward
        self._origin: tuple[DraftOrigin, object] | None = None

    @property
    def origin(self) -> DraftOrigin | None:
        """The origin of the current draft, or ``None`` (opened from a file, new, or another since)."""
        if self._origin is None:
            return None
        origin, model = self._origin
        if model is not self.document.model and self.document.undo_stack.count() == 0:
            return None  # another payload was loaded since (load() clears the undo stack)
        return origin

    def remember(self, origin: DraftOrigin | None) -> None:
        """Remember what the current draft was made from (``None``: nothing)."""
        self._origin = None if origin is None else (origin, self.document.model)

    def load(
        self, model: WireModel, origin: DraftOrigin | None, on_opened: Callable[[], None] | None = None
    ) -> None:
        """Replace the open payload with ``model`` as unsaved work, once unsaved changes are dealt with."""

        def load() -> None:
            self.document.load(model, None)
            self.document.undo_stack.resetClean()  # never saved: the title says so, closing asks
            self.remember(origin)
            where = f" from {origin.label}" if origin else ""
            self._status(f"New draft{where}; it is not saved to a file yet.")
            if self._bring_forward is not None:
                self._bring_forward()
            if on_opened is not None:
                on_opened()

        self._ask(load)

    def open(
        self,
        payload: Any,
        source_label: str,
        on_opened: Callable[[], None] | None = None,
        *,
        live: Any = None,
    ) -> bool:
        """Open parsed JSON (a payload or a response, of any kind: told by its shape) as a new unsaved draft.

        Returns:
            Whether it could be opened (``False``: the reasons were shown; nothing changed).
        """
        from app.domain.convert import ConversionError
        from app.domain.kinds import kind_of

        kind = kind_of(payload, default=self.document.kind.name)
        try:
            converted = kind.as_payload(payload)
        except ConversionError as exc:
            self._error("Cannot open as a draft", f"{source_label}: {exc}\n\nThe open payload is unchanged.")
            return False
        why = kind.why_not(converted)
        if why is not None:
            self._error(
                "Cannot open as a draft",
                f"{source_label} is not a {kind.label} payload, so nothing was opened:\n\n{why}",
            )
            return False
        model = kind.load(converted).model
        self.load(model, DraftOrigin(source_label, copy.deepcopy(model.to_wire()), live), on_opened)
        return True
