"""Help › About: the version, the bundled libraries' licenses, and the app icon on the window."""

from __future__ import annotations

from email.message import Message

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app import __version__
from app.ui.help.about import AboutDialog, _license_from, library_info


def help_menu_action(window, text: str):
    for top in window.menuBar().actions():
        if top.menu() is not None and top.text().replace("&", "") == "Help":
            for action in top.menu().actions():
                if action.text().replace("&", "") == text:
                    return action
    raise AssertionError(f"no Help › {text}")


def open_about(window, qtbot) -> AboutDialog:
    help_menu_action(window, "About Target Group Builder").trigger()
    dialog = window.help.about_dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_about_shows_the_version_and_the_licenses(window, qtbot) -> None:
    dialog = open_about(window, qtbot)
    assert f"Version {__version__}" in dialog.title_label.text()
    licenses = dialog.license_rows()
    assert licenses["Qt"] == "LGPL-3.0-only"
    assert licenses["PySide6-Essentials"].startswith("LGPL-3.0")
    assert licenses["Python"] == "PSF-2.0"
    assert licenses["pydantic"] == "MIT"
    assert licenses["httpx"] == "BSD-3-Clause"
    assert licenses["keyring"] == "MIT"
    assert licenses["platformdirs"] == "MIT"
    assert licenses["tzdata"] == "Apache-2.0"
    assert "pywin32-ctypes" not in licenses or QApplication.platformName() == "windows"
    assert "replace them with your own build" in dialog.lgpl_note.text()


def test_about_closes_with_its_button_and_reopens_the_same_box(window, qtbot) -> None:
    dialog = open_about(window, qtbot)
    close = dialog.buttons.button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert open_about(window, qtbot) is dialog
    dialog.reject()


def test_the_window_and_the_app_carry_the_icon(window) -> None:
    assert not window.windowIcon().isNull()
    sizes = {size.width() for size in QApplication.windowIcon().availableSizes()}
    assert {16, 32, 48, 256}.issubset(sizes)


def test_a_library_without_metadata_keeps_its_fallback_license() -> None:
    info = library_info("no-such-distribution", "json", "MIT")
    assert info is not None
    assert (info.version, info.license) == ("bundled", "MIT")
    assert library_info("no-such-distribution", "no_such_module_at_all", "MIT") is None


def test_a_license_field_holding_the_whole_text_falls_back_to_the_classifier() -> None:
    meta = Message()
    meta["License"] = "Copyright (c) someone\n\nPermission is hereby granted..."
    meta["Classifier"] = "License :: OSI Approved :: BSD License"
    assert _license_from(meta) == "BSD License"  # type: ignore[arg-type]
    meta = Message()
    meta["License-Expression"] = "Apache-2.0 OR BSD-3-Clause"
    meta["License"] = "whatever"
    assert _license_from(meta) == "Apache-2.0 OR BSD-3-Clause"  # type: ignore[arg-type]
