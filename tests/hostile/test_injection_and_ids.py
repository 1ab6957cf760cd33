"""Formulas in CSV cells, escape sequences from a server, ids that are not ids, odd page numbers."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest

from app.cli import main
from app.sandbox.server import SandboxServer
from app.services.bulk_rows import read_rows, write_rows_csv
from app.services.credentials import basic_authorization, md5_hex
from app.services.safe_text import spreadsheet_safe, terminal_safe
from tests.services import sending_support as support

sandbox = support.sandbox
FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)", "-2+3", "=1+1"]


def test_every_csv_the_app_writes_keeps_formulas_as_text_and_reads_them_back(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    rows = [{"name": text, "value": "5000"} for text in FORMULAS]
    write_rows_csv(path, ["name", "value"], rows)
    raw = path.read_text(encoding="utf-8-sig")
    for line in raw.splitlines()[1:]:
        assert line.startswith(("'", "\"'"))  # the first cell is text to a spreadsheet
    table = read_rows(path)
    assert [cells["name"] for _n, cells in table.rows] == FORMULAS  # nothing changed on the way back


def test_the_history_export_and_the_rows_share_one_helper() -> None:
    assert spreadsheet_safe("=1+1") == "'=1+1" and spreadsheet_safe(-5) == -5


class _Hostile(BaseHTTPRequestHandler):
    """A server whose promotion list holds escape sequences and a status that is an object."""

    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Hostile.requests.append(self.path)
        item: dict[str, Any] = {
            "id": "b" * 24,
            "metadata": {
                "name": "Spring\x1b]0;owned\x07\x1b[2J sale\u202e",
                "status": {"value": "ACTIVE", "\x1b[31m": 1},
                "startDate": "2027-01-01T00:00:00+05:30\x1b[H",
                "endDate": None,
            },
        }
        body = json.dumps({"data": {"content": [item], "totalElements": 1}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hostile_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("TGB_PASSWORD", "secret-one")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    url = f"http://127.0.0.1:{server.server_address[1]}"
    assert main(["profiles", "add", "Hostile", "--host", url, "--till-code", "t"]) == 0
    yield url
    server.shutdown()
    server.server_close()


@pytest.mark.usefixtures("hostile_url")
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_server_text_reaches_the_terminal_with_its_control_characters_visible(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["promotions", "list", "--profile", "Hostile", "--format", fmt]) == 0
    out, err = capsys.readouterr()
    for text in (out, err):
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    if fmt == "text":
        assert "Spring\\u001b]0;owned" in out and "ACTIVE" in out  # the object status is shown as text


@pytest.mark.usefixtures("hostile_url")
@pytest.mark.parametrize("bad", ["..", "../v3", "b" * 23, "g" * 24, "1 OR 1", "%2e%2e"])
def test_ids_are_checked_before_they_are_in_a_url(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    _Hostile.requests.clear()
    for command in (["show", bad], ["pause", bad], ["approve", bad]):
        with pytest.raises(SystemExit) as ended:
            main(["promotions", *command, "--profile", "Hostile"])
        assert ended.value.code == 2
        assert "is not a promotion id" in capsys.readouterr().err
    assert _Hostile.requests == []  # nothing was sent


def test_the_client_refuses_a_bad_id_too(sandbox: SandboxServer) -> None:
    from app.services.capillary_client import CapillaryClient
    from app.services.credentials import BasicCredentials

    client = CapillaryClient(sandbox.url, BasicCredentials("till.one", md5_hex("secret-one")))
    try:
        result = client.get_promotion("..")
        assert not result.ok and "not a promotion id" in result.message
        assert sandbox.requests == {} or all("/.." not in path for _m, path in sandbox.requests)
    finally:
        client.close()


@pytest.mark.parametrize("value", ["٣", "1_0", "+5", " 5", "5 ", "0x5", "1e2", "-1"])
def test_the_sandbox_reads_page_and_size_as_ascii_digits_only(sandbox: SandboxServer, value: str) -> None:
    auth = {"Authorization": basic_authorization("till.one", md5_hex("secret-one"))}
    for key in ("page", "size"):
        answer = httpx.get(sandbox.url + "v3/promotions", params={key: value}, headers=auth)
        assert answer.status_code == 400, (key, value)
        assert answer.json()["errors"][0]["code"] == 300004


def test_terminal_safe_leaves_ordinary_text_alone() -> None:
    assert terminal_safe("Région 1 – 5000 ₹\tok") == "Région 1 – 5000 ₹\tok"
