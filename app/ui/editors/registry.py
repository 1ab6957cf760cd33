"""Which editor edits which payload kind: the one place the UI maps a kind to its tabs.

Each kind's editor lives in its own folder (``editors/target_group/``, ``editors/promotion/``)
and is imported the first time a payload of that kind is shown, so a window that only ever
edits one kind never loads the other's forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.domain.kinds import PayloadKind
    from app.ui.document.kind import EditorKind


def _target_group() -> EditorKind:
    from app.ui.editors.target_group.kind import TARGET_GROUP_EDITOR

    return TARGET_GROUP_EDITOR


def _promotion() -> EditorKind:
    from app.ui.editors.promotion.kind import PROMOTION_EDITOR

    return PROMOTION_EDITOR


#: payload kind name -> its editor, imported when first asked for.
_EDITORS: dict[str, Callable[[], EditorKind]] = {"target-group": _target_group, "promotion": _promotion}

_REGISTERED: dict[str, EditorKind] = {}


def register_editor(editor: EditorKind) -> EditorKind:
    """Add the editor of a kind defined elsewhere (a plug-in, a test's kind)."""
    _REGISTERED[editor.payload.name] = editor
    return editor


def editor_for(kind: PayloadKind | str) -> EditorKind:
    """The editor of a payload kind (or of a kind's name).

    Raises:
        KeyError: the kind has no editor.
    """
    name = kind if isinstance(kind, str) else kind.name
    if name in _REGISTERED:
        return _REGISTERED[name]
    return _EDITORS[name]()
