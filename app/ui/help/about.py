"""The app's identity in the window: its icon, and Help › About with the version and licenses.

The About box lists every library the app ships with its license, as the bundle's licenses
require (Qt and PySide6 under the LGPL v3 above all). Versions and licenses are read from
the installed packages' metadata, so they stay true after an upgrade; the bundle keeps that
metadata (``packaging/bundle_rules.py``), and :data:`LIBRARIES` holds a fallback license for
a package whose metadata is missing or says nothing usable. A package that is not installed
on this platform (pywin32-ctypes off Windows, SecretStorage off Linux) is not listed.
"""

from __future__ import annotations

import importlib.util
import platform
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.resources import ResourcesNotFound, app_icon_files

if TYPE_CHECKING:
    from app.ui.common.context import WindowContext

#: The desktop entry's id (packaging/linux): Wayland and GNOME match windows to it.
DESKTOP_ID = "org.tgb.TargetGroupBuilder"
QT_LICENSE = "LGPL-3.0-only"
LGPL_NOTE = (
    "Qt and Qt for Python (PySide6) are used under the GNU Lesser General Public License v3. "
    "They are separate shared libraries in the app's folder, so you can replace them with "
    "your own build; their source is at <a href='https://download.qt.io/'>download.qt.io</a>."
)

#: (distribution, import name, license if the metadata has none), in the order shown.
LIBRARIES: tuple[tuple[str, str, str], ...] = (
    ("PySide6-Essentials", "PySide6", QT_LICENSE),
    ("shiboken6", "shiboken6", QT_LICENSE),
    ("pydantic", "pydantic", "MIT"),
    ("pydantic-core", "pydantic_core", "MIT"),
    ("annotated-types", "annotated_types", "MIT"),
    ("typing-extensions", "typing_extensions", "PSF-2.0"),
    ("typing-inspection", "typing_inspection", "MIT"),
    ("httpx", "httpx", "BSD-3-Clause"),
    ("httpcore", "httpcore", "BSD-3-Clause"),
    ("h11", "h11", "MIT"),
    ("anyio", "anyio", "MIT"),
    ("sniffio", "sniffio", "MIT OR Apache-2.0"),
    ("idna", "idna", "BSD-3-Clause"),
    ("certifi", "certifi", "MPL-2.0"),
    ("keyring", "keyring", "MIT"),
    ("jaraco.classes", "jaraco.classes", "MIT"),
    ("jaraco.functools", "jaraco.functools", "MIT"),
    ("jaraco.context", "jaraco.context", "MIT"),
    ("more-itertools", "more_itertools", "MIT"),
    ("importlib-metadata", "importlib_metadata", "Apache-2.0"),
    ("zipp", "zipp", "MIT"),
    ("SecretStorage", "secretstorage", "BSD-3-Clause"),
    ("jeepney", "jeepney", "MIT"),
    ("cryptography", "cryptography", "Apache-2.0 OR BSD-3-Clause"),
    ("cffi", "cffi", "MIT-0"),
    ("pycparser", "pycparser", "BSD-3-Clause"),
    ("pywin32-ctypes", "win32ctypes", "BSD-3-Clause"),
    ("platformdirs", "platformdirs", "MIT"),
    ("tzdata", "tzdata", "Apache-2.0"),
)


@dataclass(frozen=True)
class LibraryInfo:
    """One row of the About box's license table."""

    name: str
    version: str
    license: str


def _license_from(meta: metadata.PackageMetadata) -> str:
    """The SPDX expression, else a one-line License field, else the classifier's name, else ""."""
    # The metadata object is an email.message.Message; the stdlib's protocol omits .get().
    get = meta.get  # type: ignore[attr-defined]
    expression = get("License-Expression")
    if expression:
        return str(expression)
    text = str(get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 60 and text.upper() != "UNKNOWN":
        return text
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::") and not classifier.endswith(":: OSI Approved"):
            return str(classifier.rsplit("::", 1)[1].strip())
    return ""


def library_info(distribution: str, module: str, fallback: str) -> LibraryInfo | None:
    """The row for one library, or None when it is not part of this installation."""
    try:
        meta = metadata.metadata(distribution)
    except metadata.PackageNotFoundError:
        try:
            present = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            present = False
        return LibraryInfo(distribution, "bundled", fallback) if present else None
    return LibraryInfo(distribution, str(meta["Version"] or "?"), _license_from(meta) or fallback)


def bundled_libraries() -> list[LibraryInfo]:
    """Python and Qt, then every installed library in :data:`LIBRARIES`."""
    rows = [
        LibraryInfo("Python", platform.python_version(), "PSF-2.0"),
        LibraryInfo("Qt", qVersion(), QT_LICENSE),
    ]
    for distribution, module, fallback in LIBRARIES:
        info = library_info(distribution, module, fallback)
        if info is not None:
            rows.append(info)
    return rows


def app_icon() -> QIcon:
    """The app icon in every shipped size (a null icon if the resources are missing)."""
    icon = QIcon()
    try:
        files = app_icon_files()
    except ResourcesNotFound:
        return icon
    for path in files:
        icon.addFile(str(path))
    return icon


class AboutDialog(QDialog):
    """Version, what the app is for, and the license of everything it ships with."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Target Group Builder")
        self.resize(620, 560)
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(64, 64))
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        self.title_label = QLabel(
            f"<h2>Target Group Builder</h2><p>Version {__version__}</p>"
            "<p>Build, check and submit Capillary target group (milestone) payloads.</p>",
            self,
        )
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header.addWidget(self.title_label, 1)
        layout.addLayout(header)
        layout.addWidget(QLabel("This app includes the following software:", self))
        rows = bundled_libraries()
        self.licenses_table = QTableWidget(len(rows), 3, self)
        self.licenses_table.setHorizontalHeaderLabels(["Component", "Version", "License"])
        self.licenses_table.setAccessibleName("Components and their licenses")
        for row, info in enumerate(rows):
            for column, text in enumerate((info.name, info.version, info.license)):
                self.licenses_table.setItem(row, column, QTableWidgetItem(text))
        self.licenses_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.licenses_table.verticalHeader().setVisible(False)
        self.licenses_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.licenses_table, 1)
        note = QLabel(LGPL_NOTE, self)
        note.setWordWrap(True)
        note.setOpenExternalLinks(True)
        layout.addWidget(note)
        self.lgpl_note = note
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons

    def license_rows(self) -> dict[str, str]:
        """Component -> license as shown (what tests and support read)."""
        table = self.licenses_table
        cells = [(table.item(r, 0), table.item(r, 2)) for r in range(table.rowCount())]
        return {name.text(): license.text() for name, license in cells if name and license}


class HelpFeature:
    """The app's icon on the window, and Help › About (one box, opened without blocking)."""

    def __init__(self, context: WindowContext) -> None:
        self.context = context
        self.about_dialog: AboutDialog | None = None
        icon = app_icon()
        if not icon.isNull():
            app = QGuiApplication.instance()
            if isinstance(app, QGuiApplication):
                app.setWindowIcon(icon)
            context.window.setWindowIcon(icon)
        QGuiApplication.setDesktopFileName(DESKTOP_ID)
        self.about_action = context.actions.bind("about", self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def show_about(self) -> AboutDialog:
        """Open the About box without blocking (one at a time)."""
        if self.about_dialog is None:
            self.about_dialog = AboutDialog(self.context.window)
        self.about_dialog.open()
        return self.about_dialog
