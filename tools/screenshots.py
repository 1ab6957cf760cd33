"""Screenshots of the real window, one PNG per tab, in light and dark (``make screenshots``).

Run under a real X server (``xvfb-run -a``) so fonts, styles and scaling are what an
operator gets. The payload is the spec's uatTargetGroup130 example with one mistake
made on purpose (a leaderboard on a streaks group), so the problem marks show.
Each scheme also gets the blank window a newcomer sees first and the window with a production
profile picked. ``--scale 2`` renders at 200 % (files named ``*@2x.png``); ``--dialogs`` adds the Targets
tab's values page and the dialogs an operator opens most (plan periods, template library, the
New from template form, the unsaved-changes question, profiles, about), to check layouts beyond
the main window (e.g. at 200 %). The 200 % set
needs a screen twice the window's size::

    xvfb-run -a -s "-screen 0 3200x2000x24" .venv/bin/python tools/screenshots.py \\
        --scale 2 --dialogs --out /tmp/shots
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "tests" / "fixtures" / "request-uatTargetGroup130-event-sum.json"
LIVE: Any = None  # a production profile, only in the picker (nothing is saved or sent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--dialogs", action="store_true", help="also the values page and the dialogs")
    args = parser.parse_args()
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    os.environ.setdefault("TGB_HOME", tempfile.mkdtemp(prefix="tgb-shots-"))

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.domain.enums import TrackingType
    from app.domain.target_groups.validate import load_payload
    from app.services.profiles import Profile
    from app.ui.common.theme import set_color_scheme
    from app.ui.window.application import create_application
    from app.ui.window.main_window import MainWindow

    global LIVE
    LIVE = Profile("Live org", "https://eu.api.capillarytech.com", identity="till.live", production=True)
    app = create_application(sys.argv[:1])
    group = load_payload(json.loads(SAMPLE.read_text(encoding="utf-8"))).group
    assert group is not None
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scale == 1.0 else f"@{args.scale:g}x"
    for scheme, name in ((Qt.ColorScheme.Light, "light"), (Qt.ColorScheme.Dark, "dark")):
        set_color_scheme(app, scheme)
        blank = MainWindow()  # what a newcomer sees first: a new, untouched group
        blank.show()
        _settle()
        _save(blank, args.out / f"blank-{name}{suffix}.png")
        blank.close()
        window = MainWindow()
        window.document.load(group.model_copy(deep=True), SAMPLE)
        window.document.set_value("leaderboardEnabled", True)
        window.document.set_value("trackingType", TrackingType.STREAKS)
        window.group_tab.streaks.add_level()
        window.document.refresh_now()
        window.show()  # at the size a first start gets (it fits the screen)
        for index, tab in enumerate(("group", "periods", "targets")):
            window.tabs.setCurrentIndex(index)
            for _ in range(5):
                QApplication.processEvents()
            path = args.out / f"{tab}-{name}{suffix}.png"
            window.grab().save(str(path))
            print(path)
        # a production profile picked: the Send to box, the status area and the title change
        window.tabs.setCurrentIndex(0)
        picker = window.send.picker
        picker._fill([*picker.profiles(), LIVE], "Local sandbox")
        picker.select(LIVE.name)
        _settle()
        _save(window, args.out / f"production-{name}{suffix}.png")
        picker.select("Local sandbox")
        shoot_focus(window, args.out, f"{name}{suffix}")
        shoot_promotion(window, args.out, f"{name}{suffix}")
        shoot_live(window, args.out, f"{name}{suffix}")
        if args.dialogs:
            shoot_more(window, args.out, f"{name}{suffix}")
        window.document.undo_stack.setClean()
        window.close()
    return 0


PROMOTION = (
    ROOT
    / "tests"
    / "fixtures"
    / "promotions"
    / (
        "request-create-milestone-cyclic-window-weekly-leaderboard-event-count-tier-upgrade-Workout-Warrior.json"
    )
)


def shoot_focus(window: Any, out: Path, tail: str) -> None:
    """Where the focus is, as the keyboard leaves it: a field with an error mark (its border takes
    the focus colour), and the Problems list."""
    from PySide6.QtCore import Qt

    window.tabs.setCurrentIndex(0)
    window.activateWindow()
    name = window.group_tab.fields["name"].editor
    saved = window.document.value("name")
    window.document.set_value("name", "n" * 201)  # an error at the field (310008)
    window.document.refresh_now()
    name.setFocus(Qt.FocusReason.TabFocusReason)
    _settle()
    _save(window, out / f"focus-field-{tail}.png")
    window.problems_view.setFocus(Qt.FocusReason.TabFocusReason)
    _settle()
    _save(window, out / f"focus-problems-{tail}.png")
    window.document.set_value("name", saved)
    window.document.refresh_now()


def shoot_promotion(window: Any, out: Path, tail: str) -> None:
    """Every tab of the promotion editor, with a real example open (its cycles and reward)."""
    from app.domain.kinds import kind_named

    kind = kind_named("promotion")
    model = kind.load(json.loads(PROMOTION.read_text(encoding="utf-8"))).model
    window.document.load(model, PROMOTION, kind)
    window.resize(1366, 768)  # the smallest screen operators use (at 200 %: 2732 x 1536 pixels)
    for key in ("promotion", "audience", "milestone", "cycles", "limits"):
        page = window.tab_widgets.show_page(key)
        if key == "cycles":
            page.table.setCurrentIndex(page.model.index(0, 0))
        _settle()
        _save(window, out / f"promotion-{key}-{tail}.png")


def _wait(condition: Any, seconds: float = 20.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def shoot_live(window: Any, out: Path, tail: str) -> None:
    """Send › On the server… with promotions listed, a live promotion's strip, and its changes."""
    from tests.promotions.payloads import valid_promotion

    live = window.send.live
    profile = window.send.profile
    client = window.send.send_service.client_for(profile)
    for name, status in (("Spring visits", "ACTIVE"), ("Summer spend", "DRAFT"), ("Autumn club", "DRAFT")):
        body = valid_promotion()
        body["metadata"]["name"] = f"{name} {tail}"
        created = client.create("v3/promotions", body)
        if status == "ACTIVE":
            live.service.sender.client_for(profile).change_promotion_status(
                created.data["id"], "DRAFT", "PENDING_APPROVAL"
            )
            client.review_promotion(created.data["id"], "APPROVE", "Looks right")
    window.menu_actions["on_server"].trigger()
    browser = live.browser
    browser.search.setText(tail)
    browser.find_matching()
    _wait(lambda: len(browser.rows) == 3 and not browser.busy.isVisible())
    _settle()
    _save(browser, out / f"live-browser-{tail}.png")
    row = next(i for i, r in enumerate(browser.rows) if r.name.startswith("Spring visits"))
    browser.table.setCurrentIndex(browser.model.index(row, 0))
    browser.open_selected()
    _wait(lambda: live.strip.isVisible() and not live.busy)
    window.tab_widgets.show_page("promotion")
    fields = window.tab_widgets["promotion"].metadata.fields
    window.document.set_value("metadata.endDate", "2027-06-30T23:59:59+05:30")
    fields["end_date"].refresh()
    window.document.refresh_now()
    _settle()
    _save(window, out / f"live-strip-{tail}.png")
    dialog = live.show_changes(confirm="Update on server")
    _settle()
    _save(dialog, out / f"live-changes-{tail}.png")
    dialog.close()
    window.document.undo_stack.setClean()


def _settle() -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.processEvents()


def shoot_more(window: Any, out: Path, tail: str) -> None:
    """The values page of the Targets tab, then each dialog, opened without blocking and closed."""

    targets = window.targets_tab
    window.tabs.setCurrentWidget(targets)
    sections = getattr(targets, "sections", None)
    if sections is not None:
        sections.setCurrentIndex(1)
        _settle()
        _save(window, out / f"targets-values-{tail}.png")
        sections.setCurrentIndex(0)
    openers = {
        "plan": lambda: window.periods_tab.open_planner(),
        "templates": lambda: window.templates.open_library(),
        "new-from-template": lambda: _template_form(window),
        "unsaved": lambda: _unsaved_box(window),
        "profiles": lambda: window.send.open_profiles(),
        "bulk": lambda: _bulk(window),
        "about": lambda: window.help.show_about(),
    }
    for name, opener in openers.items():
        dialog = opener()
        _settle()
        _save(dialog, out / f"dialog-{name}-{tail}.png")
        dialog.close()
        _settle()


def _template_form(window: Any) -> Any:
    """New from template › Monthly spend: the placeholder form, as the library opens it."""
    library = window.templates.open_library(choose=True)
    for _ in range(50):
        _settle()
        if library.list.count():
            break
    library.select_title("Monthly spend: one sales target")
    library.new_button.click()
    _settle()
    form = library.form_dialog
    assert form is not None
    form.finished.connect(library.close)
    return form


def _bulk(window: Any) -> Any:
    """Templates › Bulk create… with the Monthly spend template and eight regions, one row wrong."""
    rows = Path(os.environ["TGB_HOME"]) / "regions.csv"
    lines = ["Group name;Target name;Net sales per month"] + [
        f"{region} monthly spend;monthly_sales;{5000 + 500 * n}"
        for n, region in enumerate(("North", "South", "East", "West", "Central", "Coast", "Hills"))
    ]
    lines.append("Islands monthly spend;monthly_sales;five thousand")
    rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dialog = window.bulk.open()
    for _ in range(100):
        _settle()
        if dialog.template_combo.count() > 1:
            break
    dialog.template_combo.setCurrentIndex(
        next(
            i
            for i in range(dialog.template_combo.count())
            if dialog.template_combo.itemText(i).startswith("Monthly spend")
        )
    )
    os.chdir(rows.parent)  # the field shows a plain file name, not this machine's temporary folder
    dialog.rows_edit.setText(rows.name)
    dialog.check()
    deadline = time.monotonic() + 20
    while not dialog.model.rowCount() and time.monotonic() < deadline:
        _settle()
        time.sleep(0.02)
    _settle()
    return dialog


def _unsaved_box(window: Any) -> Any:
    """The unsaved-changes question for a long group name (it must stay inside its box)."""
    from PySide6.QtWidgets import QMessageBox

    from app.ui.window.main_window import unsaved_question

    buttons = QMessageBox.StandardButton
    long_name = "Festive season 2027 – monthly net sales milestone for Gold, Platinum and Diamond tiers"
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Unsaved changes",
        unsaved_question(long_name),
        buttons.Save | buttons.Discard | buttons.Cancel,
        window,
    )
    box.open()
    return box


def _save(widget: Any, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


if __name__ == "__main__":
    sys.exit(main())
