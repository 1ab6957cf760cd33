"""Render the app icon's PNG sizes, ``.ico`` and ``.icns`` from ``resources/icons/app.svg``.

Run after editing the SVG (``.venv/bin/python packaging/make_icons.py``) and commit the
results: bundles and the app read the generated files, so neither needs an SVG renderer at
run time (which keeps QtSvg and its plugins out of the bundle). Qt renders the SVG; the ICO
and ICNS containers are written here because both are just a directory of PNG images, and a
build-time Pillow would be one more tool to install for no gain.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "icons"
SVG = ICON_DIR / "app.svg"
#: Sizes written as ``app-N.png`` (the Linux icon theme sizes, and what the window icon uses).
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
#: Windows shows 16-256; PNG-compressed entries are valid in ICO since Windows Vista.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: macOS element types and their pixel sizes (the @2x types share sizes with plain ones).
ICNS_TYPES = (
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic13", 256),
    (b"ic08", 256),
    (b"ic14", 512),
    (b"ic09", 512),
    (b"ic10", 1024),
)


def render_png(size: int, svg: Path = SVG) -> bytes:
    """The SVG drawn at ``size`` x ``size`` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _ = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding one PNG entry per size (a width/height byte of 0 means 256)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        png = pngs[size]
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def icns_bytes(elements: list[tuple[bytes, bytes]]) -> bytes:
    """An ICNS file: the ``icns`` magic, the total length, then (type, length, PNG) elements."""
    body = b"".join(kind + struct.pack(">I", 8 + len(png)) + png for kind, png in elements)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    wanted = set(PNG_SIZES) | set(ICO_SIZES) | {size for _kind, size in ICNS_TYPES}
    pngs = {size: render_png(size) for size in sorted(wanted)}
    for size in PNG_SIZES:
        (ICON_DIR / f"app-{size}.png").write_bytes(pngs[size])
    (ICON_DIR / "app.ico").write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    (ICON_DIR / "app.icns").write_bytes(icns_bytes([(kind, pngs[size]) for kind, size in ICNS_TYPES]))
    total = sum(path.stat().st_size for path in ICON_DIR.iterdir())
    print(f"wrote {len(PNG_SIZES)} PNGs, app.ico and app.icns to {ICON_DIR} ({total / 1024:.0f} KiB in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
