"""After a scripted GUI session, no secret is on the clipboard or in any file under TGB_HOME.

The session: a Basic profile typed into the Profiles dialog with its password, sends (a
created one, a refused one), Copy as curl, Copy JSON, Copy of the new id, and the history
exported as CSV and JSON. Then the clipboard and every file under the data folder (the
SQLite database, its journal, the window settings, the profiles file, the exports) are
searched for the password, its MD5 digest (hex, base64 of the hex, base64 of the raw
digest) and base64(till:md5), each also as base64 and hex of its bytes.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from app.services import sandbox_runtime
from app.services.paths import data_paths
from tests.services import sending_support as support
from tests.services.sending_support import MemoryKeyring, encodings
from tests.ui.send.test_history_window import open_history, send
from tests.ui.send.test_send_flow import add_profile, click

keychain = support.keychain
sandbox = support.sandbox

PASSWORD = "Gui-Pa55word!"
TILL = "till.gui.secret"

pytestmark = pytest.mark.gui


def forbidden() -> dict[str, set[str]]:
    digest = hashlib.md5(PASSWORD.encode()).hexdigest()
    header_value = base64.b64encode(f"{TILL}:{digest}".encode()).decode()
    return {
        "password": encodings(PASSWORD),
        "md5 digest": encodings(digest)
        | {base64.b64encode(hashlib.md5(PASSWORD.encode()).digest()).decode()},
        "basic header": encodings(header_value),
    }


def test_no_secret_on_the_clipboard_or_under_the_data_folder(
    qtbot, window, sandbox, isolated_home: Path, keychain: MemoryKeyring
) -> None:
    clipboard = QGuiApplication.clipboard()
    seen: list[str] = []
    clipboard.dataChanged.connect(lambda: seen.append(clipboard.text()))
    add_profile(qtbot, window, sandbox.url, "Org", TILL, PASSWORD)
    assert hashlib.md5(PASSWORD.encode()).hexdigest() in keychain.entries.values()
    created = send(qtbot, window, "Secret-free group")
    assert created.created
    click(qtbot, window.send.flow.result_dialog.copy_button)
    assert not send(qtbot, window, "SECRET-FREE GROUP", description="again").created
    dialog = window.send.flow.result_dialog
    dialog.raw_button.click()
    window.menu_actions["copy_curl"].trigger()
    assert seen[-1].startswith("curl --request POST " + sandbox.url.rstrip("/"))
    window.menu_actions["copy_json"].trigger()
    history = open_history(qtbot, window)
    exports = isolated_home / "exports"
    for kind in ("csv", "json"):
        with qtbot.waitSignal(history.exported, timeout=5000):
            history.export(kind, exports / f"history.{kind}")
    window.settings.qsettings.sync()
    sandbox_runtime.stop_sandbox()

    assert len(seen) >= 3
    files = [p for p in isolated_home.rglob("*") if p.is_file()]
    expected = {"history.csv", "history.json", "history.sqlite3", data_paths().profiles_file.name}
    assert expected <= {p.name for p in files}
    places = {str(p.relative_to(isolated_home)): p.read_bytes().decode("utf-8", "replace") for p in files}
    places.update({f"clipboard {i}": text for i, text in enumerate(seen)})
    places["raw response view"] = dialog.raw_view.toPlainText()
    leaks = [
        f"{what} in {place}"
        for what, forms in forbidden().items()
        for place, text in places.items()
        if any(form in text for form in forms)
    ]
    assert leaks == []
