"""A faster answer to a question PySide6 asks of every module imported after it.

PySide6's ``__feature__`` support hooks ``import``: for each newly imported module it asks
whether the module's source mentions "PySide6" (only such modules can switch features), and
finds out with :func:`inspect.getsource`, which tokenizes the file and keeps every line in
:mod:`linecache`. For the ~200 modules the window imports that cost ~80 ms of start-up and
~9 MiB that stayed. :func:`quicken_feature_check` keeps the question and its answer and
reads the file's bytes instead (or asks the module's loader for its source, without keeping it,
for a module in a zip or a bundle); anything else goes to PySide's own check.
If a PySide6 release moves this hook, nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType


class QuickCheck:
    """PySide's ``_mod_uses_pyside`` answered from the module's bytes; ``original`` is PySide's own."""

    def __init__(self, original: Callable[[ModuleType], object]) -> None:
        self.original = original

    def __call__(self, module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass  # in a zip or a bundle: ask its loader, as inspect would
        loader = getattr(module, "__loader__", None)
        get_source = getattr(loader, "get_source", None)
        if callable(get_source):
            try:
                text = get_source(module.__name__)
            except Exception:  # a loader may raise anything: PySide's own check decides
                return bool(self.original(module))
            return isinstance(text, str) and "PySide6" in text
        return bool(self.original(module))


def quicken_feature_check() -> None:
    """Import PySide6 (this module itself is imported before it, so its hook never reads it)."""
    import PySide6  # noqa: F401  (installs the hook)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or isinstance(original, QuickCheck):
        return
    setattr(feature, "_mod_uses_pyside", QuickCheck(original))  # noqa: B010  (a module PySide builds at run time)
