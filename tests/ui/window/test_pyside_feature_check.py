"""The quick PySide6 feature check answers as PySide's own does, for every module loaded."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from typing import Any

import app.ui.window.main_window  # noqa: F401  (loads the window's modules)
from app.ui._pyside import QuickCheck


def _check() -> tuple[Any, Any]:
    feature = sys.modules["shibokensupport.feature"]
    quick = feature._mod_uses_pyside
    assert isinstance(quick, QuickCheck), "app.ui did not install the quick check"
    return quick, quick.original


def test_every_loaded_module_gets_the_answer_pyside_would_give() -> None:
    quick, original = _check()
    modules = [m for m in list(sys.modules.values()) if m is not None]
    assert len(modules) > 300
    differ = [m.__name__ for m in modules if quick(m) != original(m)]
    assert differ == []
    assert quick(sys.modules["app.ui.window.main_window"]) is True
    assert quick(sys.modules["app.domain.jsontext"]) is False


def test_a_module_in_a_zip_is_read_through_its_loader(tmp_path: Path) -> None:
    quick, original = _check()
    archive = tmp_path / "pkg.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zipped_uses_qt.py", "import PySide6\nVALUE = 1\n")
        z.writestr("zipped_plain.py", "VALUE = 2\n")
    sys.path.insert(0, str(archive))
    try:
        import zipped_plain  # type: ignore[import-not-found]
        import zipped_uses_qt  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(archive))
    assert quick(zipped_uses_qt) is True and original(zipped_uses_qt) is True
    assert quick(zipped_plain) is False and original(zipped_plain) is False
