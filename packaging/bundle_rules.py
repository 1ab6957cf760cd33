"""What goes into the bundles, in one place: data files, hidden imports, and what is left out.

Both specs (``tgb.spec`` for the app, ``bare_window.spec`` for the benchmark's baseline) read
this module, so the baseline is trimmed exactly like the app and the size ratio measures what
the app itself adds. ``tests/test_packaging.py`` reads it too, to check that every resource
and every dynamically imported module the app needs is listed.

No PyInstaller import here: the spec passes its own helpers in where they are needed.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE_NAME = "tgb-app"
MAC_BUNDLE_NAME = "Target Group Builder.app"
MAC_BUNDLE_ID = "org.tgb.TargetGroupBuilder"

#: (source, folder in the bundle); a source may be a glob. Everything ``app.resources`` serves.
DATAS: list[tuple[str, str]] = [
    ("resources/templates/*.json", "resources/templates"),
    ("resources/icons/app-*.png", "resources/icons"),
    ("resources/icons/app.svg", "resources/icons"),
]

#: Modules imported by name at run time that PyInstaller cannot see, besides the app's own
#: (every module under ``app/`` is bundled, see :func:`app_modules`: the CLI's commands, the
#: window's tabs and extensions and the lazily started sandbox are all imported by name).
HIDDEN_IMPORTS: list[str] = [
    # the starter templates' zones when the OS has no tz database (Windows)
    "tzdata",
]

#: Packages whose keyring backends are found through entry points and imported by name.
SUBMODULE_PACKAGES: list[str] = ["keyring.backends"]

#: Distributions whose metadata the bundle keeps (those installed on the building platform):
#: the About box reads versions and licenses from it (``app.ui.help.about.LIBRARIES``), and
#: keyring finds its backends through its entry points.
METADATA: list[str] = [
    "PySide6-Essentials",
    "shiboken6",
    "pydantic",
    "pydantic-core",
    "annotated-types",
    "typing-extensions",
    "typing-inspection",
    "httpx",
    "httpcore",
    "h11",
    "anyio",
    "sniffio",
    "idna",
    "certifi",
    "keyring",
    "jaraco.classes",
    "jaraco.functools",
    "jaraco.context",
    "more-itertools",
    "importlib-metadata",
    "zipp",
    "SecretStorage",
    "jeepney",
    "cryptography",
    "cffi",
    "pycparser",
    "pywin32-ctypes",
    "platformdirs",
    "tzdata",
]

#: Python modules never bundled: Qt modules the app does not use, test and build tools.
EXCLUDED_MODULES: list[str] = [
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtSvg",
    "PySide6.QtSvgWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDBus",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "tkinter",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "PyInstaller",
    "pip",
    "setuptools",
    "IPython",
    "numpy",
]

#: Files dropped after analysis, by their path inside the bundle: Qt translations (the app is
#: in English), image format and icon engine plugins (the app's icons are PNG, built into
#: QtGui), and plugins of Qt parts the app does not use.
EXCLUDED_FILES: list[str] = [
    r"PySide6/Qt/translations/",
    r"PySide6/translations/",
    r"PySide6/Qt/plugins/(imageformats|iconengines|generic|tls|networkinformation|sqldrivers|"
    r"printsupport|qmltooling|designer|vectorimageformats|egldeviceintegrations|"
    r"wayland-graphics-integration-server)/",
    r"PySide6/plugins/(imageformats|iconengines|generic|tls|networkinformation|sqldrivers|"
    r"printsupport|qmltooling|designer|vectorimageformats|egldeviceintegrations|"
    r"wayland-graphics-integration-server)/",
    r"PySide6/Qt/plugins/platforms/lib(qeglfs|qlinuxfb|qvnc|qvkkhrdisplay|qminimalegl)",
    # GTK's theme plugin would pull GTK's own stack (cairo, pango, glib) into the bundle and mix
    # it with the system's GTK; the xdg-desktop-portal theme gives the native file dialogs instead.
    r"PySide6/Qt/plugins/platformthemes/libqgtk3",
    r"libQt6(Qml|Quick|Pdf|Network|Svg|OpenGLWidgets|Sql|Test|Designer|Help|EglFS|WaylandCompositor|"
    r"WaylandEgl|VirtualKeyboard)",
    r"(Qt6|Qt)(Qml|Quick|Pdf|Network|Svg|Sql|Test|Designer|Help|VirtualKeyboard)\w*\.(dll|framework)",
]

_EXCLUDED = re.compile("|".join(f"(?:{pattern})" for pattern in EXCLUDED_FILES))


def is_excluded(dest: str) -> bool:
    """Whether a file at ``dest`` inside the bundle is left out (``\\`` or ``/`` separators)."""
    return bool(_EXCLUDED.search(dest.replace("\\", "/")))


def trim(entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A PyInstaller TOC (``(dest, source, kind)`` entries) without the excluded files."""
    return [entry for entry in entries if not is_excluded(entry[0])]


def app_version() -> str:
    """``app.__version__``, read from the file so the spec does not import the app."""
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise SystemExit("app/__init__.py has no __version__")
    return match.group(1)


def app_modules() -> list[str]:
    """Every module of the ``app`` package, by dotted name, found from the files (no import)."""
    names = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def hidden_imports() -> list[str]:
    """The app's modules and :data:`HIDDEN_IMPORTS` (the spec adds :data:`SUBMODULE_PACKAGES`)."""
    return app_modules() + HIDDEN_IMPORTS


def data_entries() -> list[tuple[str, str]]:
    """DATAS as absolute sources, ready for ``Analysis(datas=...)``."""
    return [(str(ROOT / source), dest) for source, dest in DATAS]


def strip_binaries(platform: str) -> bool:
    """Strip debug symbols on Linux (the venv's libpython carries ~20 MB of them); on Windows
    there is nothing to strip, and on macOS stripping would break the libraries' signatures."""
    return platform.startswith("linux")


def icon_file(platform: str) -> str | None:
    """The executable's icon for ``sys.platform``: ICO on Windows, ICNS on macOS, none on Linux."""
    if platform.startswith("win"):
        return str(ROOT / "resources" / "icons" / "app.ico")
    if platform == "darwin":
        return str(ROOT / "resources" / "icons" / "app.icns")
    return None
