"""Which editor edits which payload kind: the one place the UI finds a kind's tabs.

A built-in kind's editor is ``EDITOR`` in ``app/ui/editors/<its folder>/kind.py`` (the folder is
the kind's folder in every layer, see :mod:`app.domain.kind_folders`), imported the first time
a payload of that kind is shown, so a window that only ever edits one kind never loads the
other's forms. Each is imported explicitly below (tools can follow it); the architecture test
checks that every kind's folder has one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.domain.kind_folders import kind_folder

if TYPE_CHECKING:
    from app.domain.kinds import PayloadKind
    from app.ui.document.kind import EditorKind


def _target_groups() -> EditorKind:
    from app.ui.editors.target_groups.kind import EDITOR

    return EDITOR


def _promotions() -> EditorKind:
    from app.ui.editors.promotions.kind import EDITOR

    return EDITOR


#: Each kind's folder -> its editor, imported when first asked for.
_BY_FOLDER: dict[str, Callable[[], EditorKind]] = {"target_groups": _target_groups, "promotions": _promotions}

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
    if name not in _REGISTERED:
        _REGISTERED[name] = _BY_FOLDER[kind_folder(name)]()
    return _REGISTERED[name]
