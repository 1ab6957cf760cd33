"""Which editor edits which payload kind: the one place the UI finds a kind's tabs.

A built-in kind's editor is ``EDITOR`` in ``app/ui/editors/<its folder>/kind.py`` (the folder is
the kind's folder in every layer, see :mod:`app.domain.kind_folders`), imported the first time
a payload of that kind is shown, so a window that only ever edits one kind never loads the
other's forms.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from app.domain.kind_folders import EDITOR, builtin_kinds, kind_module

if TYPE_CHECKING:
    from app.domain.kinds import PayloadKind
    from app.ui.document.kind import EditorKind

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
    if name not in _REGISTERED and name in builtin_kinds():
        module = importlib.import_module(kind_module(EDITOR, name))
        _REGISTERED[name] = module.EDITOR
    return _REGISTERED[name]
