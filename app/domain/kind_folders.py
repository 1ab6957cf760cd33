"""The built-in payload kinds, by folder: the one list of kinds, light enough for ``tgb --help``.

Each kind has a folder of the same name in every layer: ``app/domain/<folder>/`` (its package
declares ``KIND_NAME``; ``kind.py`` registers its :class:`~app.domain.kinds.PayloadKind`),
``app/sandbox/<folder>/``, ``app/services/<folder>/`` (``target.py``: its send target;
``live.py``: what the app does with it on a server) and
``app/ui/editors/<folder>/`` (``kind.py``: its ``EDITOR``). Shared code finds a kind's code from
its folder and never names a kind. Reading the names imports only the packages' ``__init__``
modules (a docstring and a constant), not the models.
"""

from __future__ import annotations

import importlib
from functools import cache

#: The kinds' folders. The first is the app's original kind: what data written before there were
#: kinds is (history rows, template files without ``payloadKind``), and the kind a blank window
#: starts with when nothing was chosen.
KIND_FOLDERS = ("target_groups", "promotions")


@cache
def builtin_kinds() -> dict[str, str]:
    """Kind name -> folder, for the kinds whose package is there (a trimmed bundle may leave one out)."""
    out: dict[str, str] = {}
    for folder in KIND_FOLDERS:
        try:
            package = importlib.import_module(f"app.domain.{folder}")
        except ImportError:
            continue
        out[package.KIND_NAME] = folder
    return out


def kind_label(name: str) -> str:
    """How messages name one of the built-in kind ``name`` (its package's ``KIND_LABEL``)."""
    return str(importlib.import_module(f"app.domain.{kind_folder(name)}").KIND_LABEL)


def kind_folder(name: str) -> str:
    """The folder of the built-in kind called ``name``.

    Raises:
        KeyError: no built-in kind has that name.
    """
    return builtin_kinds()[name]


def builtin_names() -> list[str]:
    """The built-in kinds' names, in :data:`KIND_FOLDERS` order."""
    return list(builtin_kinds())


def original_kind() -> str:
    """The name of the app's original kind (see :data:`KIND_FOLDERS`)."""
    return builtin_names()[0]


#: The modules shared code imports from each kind's folder: (layer, module).
DOMAIN_KIND = ("domain", "kind")  # registers the kind's PayloadKind
SEND_TARGET = ("services", "target")  # registers its SendTarget
LIVE = ("services", "live")  # registers its LiveKind (browse, lifecycle, update on a server)
EDITOR = ("ui.editors", "kind")  # holds its EDITOR
KIND_MODULES = (DOMAIN_KIND, SEND_TARGET, LIVE, EDITOR)


def kind_module(entry: tuple[str, str], name: str) -> str:
    """The dotted path of ``entry`` (one of :data:`KIND_MODULES`) in kind ``name``'s folder."""
    layer, module = entry
    return f"app.{layer}.{kind_folder(name)}.{module}"
