"""Screenshots of the real window, one PNG per tab, in light and dark (``make screenshots``).

Run under a real X server (``xvfb-run -a``) so fonts, styles and scaling are what an
operator gets. The payload is the spec's uatTargetGroup130 example with one mistake
made on purpose (a leaderboard on a streaks group), so the problem marks show.
``--scale 2`` renders at 200 %.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "tests" / "fixtures" / "request-uatTargetGroup130-event-sum.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    os.environ.setdefault("TGB_HOME", tempfile.mkdtemp(prefix="tgb-shots-"))

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.domain.enums import TrackingType
    from app.domain.validate import load_payload
    from app.ui.application import create_application
    from app.ui.main_window import MainWindow
    from app.ui.theme import set_color_scheme

    app = create_application(sys.argv[:1])
    group = load_payload(json.loads(SAMPLE.read_text(encoding="utf-8"))).group
    assert group is not None
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scale == 1.0 else f"@{args.scale:g}x"
    for scheme, name in ((Qt.ColorScheme.Light, "light"), (Qt.ColorScheme.Dark, "dark")):
        set_color_scheme(app, scheme)
        window = MainWindow()
        window.document.load(group.model_copy(deep=True), SAMPLE)
        window.document.set_value("leaderboardEnabled", True)
        window.document.set_value("trackingType", TrackingType.STREAKS)
        window.group_tab.streaks.add_level()
        window.document.refresh_now()
        window.resize(1320, 860)
        window.show()
        for index, tab in enumerate(("group", "periods", "targets")):
            window.tabs.setCurrentIndex(index)
            for _ in range(5):
                QApplication.processEvents()
            path = args.out / f"{tab}-{name}{suffix}.png"
            window.grab().save(str(path))
            print(path)
        window.document.undo_stack.setClean()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
