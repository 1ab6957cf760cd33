"""Light and dark looks that follow the OS colour scheme.

Fusion everywhere (it looks the same on every platform and honours palettes), with a
dark palette when the OS is dark. Where the platform reports no scheme (offscreen, Xvfb)
the light palette is used; screenshots force one with :func:`set_color_scheme`.

At start-up the OS's choice is read from the platform's own palette rather than from
``QStyleHints.colorScheme()``: that returns a ``Qt.ColorScheme``, and the first value of
the ``Qt`` namespace makes PySide6 create all of its ~100 enums (some 17 ms, a third of
what the app may add to a bare window's start-up). Platforms derive their colour scheme
and their palette from the same setting, and later switches arrive as
``colorSchemeChanged`` with the scheme itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

_DARK_COLORS = {
    QPalette.ColorRole.Window: "#2b2d30",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282b",
    QPalette.ColorRole.ToolTipBase: "#3c3f41",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#8c8c8c",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#3a3d41",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Light: "#4a4d51",
    QPalette.ColorRole.Midlight: "#3f4246",
    QPalette.ColorRole.Mid: "#34373b",
    QPalette.ColorRole.Dark: "#1a1b1d",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#3d6fb4",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.LinkVisited: "#c58af9",
}
_DARK_DISABLED = {
    QPalette.ColorRole.WindowText: "#7a7a7a",
    QPalette.ColorRole.Text: "#7a7a7a",
    QPalette.ColorRole.ButtonText: "#7a7a7a",
    QPalette.ColorRole.Base: "#2b2d30",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK_COLORS.items():
        palette.setColor(role, QColor(color))
    for role, color in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return palette


def current_scheme() -> Qt.ColorScheme:
    return QGuiApplication.styleHints().colorScheme()


def platform_palette_is_dark() -> bool:
    """Whether the platform's palette (before ours is set) has light text on a dark window."""
    palette = QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window).lightness()
    return window < palette.color(QPalette.ColorRole.WindowText).lightness()


def _apply(app: QApplication, dark: bool) -> None:
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else app.style().standardPalette())


def apply_theme(app: QApplication, scheme: Qt.ColorScheme | None = None) -> Qt.ColorScheme:
    """Fusion with the palette of ``scheme`` (default: the OS's); returns the scheme used."""
    from PySide6.QtCore import Qt

    chosen = scheme if scheme is not None else current_scheme()
    _apply(app, chosen == Qt.ColorScheme.Dark)
    return chosen


#: ``light`` or ``dark`` here overrides the OS's scheme (a demo, a screenshot, a test run).
SCHEME_ENV = "TGB_COLOR_SCHEME"


def forced_dark() -> bool | None:
    """What :data:`SCHEME_ENV` asks for: True (dark), False (light) or None (follow the OS)."""
    import os

    wanted = os.environ.get(SCHEME_ENV, "").strip().lower()
    return {"dark": True, "light": False}.get(wanted)


def follow_os_scheme(app: QApplication) -> None:
    """Apply the OS's look now (read from its palette) and again whenever the OS switches.

    :data:`SCHEME_ENV` set to ``light`` or ``dark`` fixes the look instead.
    """
    forced = forced_dark()
    if forced is not None:
        _apply(app, forced)
        return
    _apply(app, platform_palette_is_dark())
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda scheme: apply_theme(app, scheme))


def set_color_scheme(app: QApplication, scheme: Qt.ColorScheme) -> None:
    """Force a scheme (screenshots, a future preference) and apply its palette."""
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(scheme)
    apply_theme(app, scheme)


# Production: a send there reaches real customers, so the window says so in colour as well as
# in words (text and border colours readable on the light and the dark palette).
_PRODUCTION_LIGHT = ("#b71c1c", "#ffebee")
_PRODUCTION_DARK = ("#ff8a80", "#4a1f1f")


def production_colors() -> tuple[str, str]:
    """(text or border colour, background colour) that mark a production target."""
    dark = QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return _PRODUCTION_DARK if dark else _PRODUCTION_LIGHT
