"""A fault and bad-input campaign against the CLI, the sandbox and the services, as an attacker and a
careless user would run it. Prints one count per line; every count but "inputs tried" must be 0.

What it throws:

* hostile payload files (lone surrogates, 5,000-digit integers, nesting 300 and 100,000 deep, NaN,
  1e400, cut and noisy copies, BOMs) through ``tgb validate``, ``format`` and ``convert`` as real
  processes, and a FIFO with no writer, /dev/zero and a folder;
* corrupted template files beside the starters, then ``tgb templates list`` and ``tgb new``;
* malformed HTTP to a real ``tgb sandbox`` process (other methods, 414, 431, bad request lines,
  Content-Length abc/0x10/-1, deep bodies);
* several ``tgb send`` processes at once on one Local sandbox folder;
* a server on 127.0.0.1 that echoes every credential back, then history exports;
* damaged history databases under ``tgb send``.

It counts: inputs tried, tracebacks (in any process's output), files changed (an input that is not
byte-identical afterwards), groups lost (a reported id that is not on disk with its own name), secret
hits (any form of a credential in any file under the data folder or in any output).

Run: .venv/bin/python benchmarks/fault_campaign.py [--payloads 300] [--seed 7]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HOSTILE_VALUES = [
    '"\\ud800"',
    "9" * 5000,
    "[" * 300 + "]" * 300,
    '{"a":' * 260 + "1" + "}" * 260,
    "NaN",
    "-Infinity",
    "1e400",
    '"' + "x" * 50_000 + '"',
]


class Campaign:
    def __init__(self, work: Path, seed: int) -> None:
        self.work = work
        self.random = random.Random(seed)
        self.counts = {
            "inputs tried": 0,
            "tracebacks": 0,
            "files changed": 0,
            "groups lost": 0,
            "secret hits": 0,
        }
        self.outputs: list[str] = []

    def tgb(
        self, home: Path, *args: str, stdin: str | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "app", *args],
            cwd=ROOT,
            env={
                **os.environ,
                "TGB_HOME": str(home),
                "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            },
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        self.outputs.append(done.stdout + done.stderr)
        if "Traceback" in done.stdout + done.stderr:
            self.counts["tracebacks"] += 1
        return done

    # --- payload files -------------------------------------------------------------------

    def _hostile_payload(self) -> bytes:
        from tests.domain.payloads import valid_payload

        document: Any = valid_payload()
        text = json.dumps(document)
        kind = self.random.choice(["value", "key", "cut", "noise", "bom", "deep"])
        if kind == "value":
            text = text[:-1] + f', "extra": {self.random.choice(HOSTILE_VALUES)}}}'
        elif kind == "key":
            text = '{"\\udfff": 1, ' + text[1:]
        elif kind == "cut":
            text = text[: self.random.randrange(len(text))]
        elif kind == "deep":
            text = "[" * 100_000 + "]" * 100_000
        data = text.encode("utf-8")
        if kind == "noise":
            at = self.random.randrange(len(data))
            data = data[:at] + bytes(self.random.randrange(256) for _ in range(6)) + data[at:]
        elif kind == "bom":
            data = b"\xef\xbb\xbf" + data
        return data

    def payload_files(self, count: int) -> None:
        home = self.work / "payload-home"
        for index in range(count):
            source = self.work / f"payload-{index}.json"
            data = self._hostile_payload()
            source.write_bytes(data)
            command = ("validate", "format", "convert")[index % 3]
            done = self.tgb(home, command, str(source))
            self.counts["inputs tried"] += 1
            if done.returncode not in (0, 1, 2):
                self.counts["tracebacks"] += 1
            if command != "validate" and done.returncode == 0:
                try:
                    json.loads(done.stdout)
                except ValueError:
                    self.counts["tracebacks"] += 1
            if source.read_bytes() != data:
                self.counts["files changed"] += 1
        fifo = self.work / "fifo.json"
        if hasattr(os, "mkfifo"):
            os.mkfifo(fifo)
            for special in (fifo, Path("/dev/zero"), self.work):
                if special.exists():
                    done = self.tgb(home, "validate", str(special), timeout=20)
                    self.counts["inputs tried"] += 1
                    if done.returncode != 2:
                        self.counts["tracebacks"] += 1

    # --- templates -------------------------------------------------------------------------

    def templates(self, count: int) -> None:
        from app.services.templates.folders import STARTER_DIR

        starters = [p.read_text(encoding="utf-8") for p in sorted(STARTER_DIR.glob("*.json"))]
        home = self.work / "template-home"
        folder = home / "data" / "templates"
        folder.mkdir(parents=True)
        written: dict[Path, bytes] = {}
        for index in range(count):
            text = self.random.choice(starters)
            document = json.loads(text)
            kind = index % 4
            if kind == 0:
                document["meta"]["title"] = "@@"
                text = json.dumps(document).replace('"@@"', '"\\ud800"')
            elif kind == 1:
                text = json.dumps(document)[:-1] + ', "n": ' + "9" * 5000 + "}"
            elif kind == 2:
                text = text[: self.random.randrange(len(text))]
            else:
                text = json.dumps(document)[:-1] + ', "deep": ' + "[" * 300 + "]" * 300 + "}"
            path = folder / f"bad-{index}.json"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            written[path] = path.read_bytes()
            self.counts["inputs tried"] += 1
        listing = self.tgb(home, "templates", "list")
        if listing.returncode != 0 or "event-count-monthly" not in listing.stdout:
            self.counts["tracebacks"] += 1
        made = self.tgb(home, "new", "-t", "event-count-monthly", "--set", "name=Campaign")
        if made.returncode not in (0, 1):
            self.counts["tracebacks"] += 1
        self.counts["files changed"] += sum(1 for path, data in written.items() if path.read_bytes() != data)

    # --- the sandbox over raw sockets ------------------------------------------------------

    def sandbox_requests(self) -> None:
        home = self.work / "sandbox-home"
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "sandbox", "--data", str(self.work / "raw-sandbox")],
            cwd=ROOT,
            env={**os.environ, "TGB_HOME": str(home)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        url = process.stdout.readline().split()[-1]
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        auth = "Basic " + base64.b64encode(b"till:" + hashlib.md5(b"x").hexdigest().encode()).decode()
        requests = [
            b"PATCH /v3/targetGroups HTTP/1.1\r\n\r\n",
            b"OPTIONS / HTTP/1.1\r\n\r\n",
            b"TRACE / HTTP/1.1\r\n\r\n",
            b"HEAD /v3/targetGroups HTTP/1.1\r\n\r\n",
            b"get /v3/targetGroups HTTP/1.1\r\n\r\n",
            b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 150 + b"\r\n",
            b"THIS IS NOT HTTP\r\n\r\n",
        ]
        for length in ("abc", "0x10", "-1"):
            requests.append(
                f"POST /v3/targetGroups HTTP/1.1\r\nAuthorization: {auth}\r\nContent-Length: {length}\r\n\r\n{{}}".encode()
            )
        for body in (
            b"[" * 100_000 + b"]" * 100_000,
            b'{"name": "x", "e": ' + b"[" * 300 + b"]" * 300 + b"}",
        ):
            requests.append(
                f"POST /v3/targetGroups HTTP/1.1\r\nAuthorization: {auth}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
        for request in requests:
            self.counts["inputs tried"] += 1
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                    sock.sendall(request)
                    sock.shutdown(socket.SHUT_WR)
                    answer = b""
                    while chunk := sock.recv(65536):
                        answer += chunk
                _head, _, body = answer.partition(b"\r\n\r\n")
                if not request.startswith(b"HEAD"):
                    document = json.loads(body)
                    if set(document) != {"data", "errors", "warnings"}:
                        self.counts["tracebacks"] += 1
            except (OSError, ValueError):
                self.counts["tracebacks"] += 1
        process.terminate()
        _out, err = process.communicate(timeout=10)
        if "Traceback" in err:
            self.counts["tracebacks"] += 1
        if list((self.work / "raw-sandbox" / "groups").glob("*.json")):
            self.counts["files changed"] += 1  # a refused request must create nothing

    # --- concurrent sends ------------------------------------------------------------------

    def concurrent_sends(self, processes: int) -> None:
        from tests.domain.payloads import valid_payload

        home = self.work / "concurrent-home"
        files = []
        for index in range(processes):
            payload = valid_payload()
            payload["name"] = f"Campaign concurrent {index}"
            file = self.work / f"concurrent-{index}.json"
            file.write_text(json.dumps(payload), encoding="utf-8")
            files.append(file)
        results: list[Any] = [None] * processes
        barrier = threading.Barrier(processes)

        def send(index: int) -> None:
            barrier.wait()
            done = self.tgb(home, "send", str(files[index]), "--yes", "--format", "json", timeout=120)
            try:
                results[index] = json.loads(done.stdout)
            except ValueError:
                results[index] = None

        threads = [threading.Thread(target=send, args=(i,)) for i in range(processes)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        groups = home / "data" / "sandbox" / "groups"
        for index, result in enumerate(results):
            self.counts["inputs tried"] += 1
            if not result or result.get("status") != "created":
                self.counts["groups lost"] += 1
                continue
            stored = groups / f"{result['id']}.json"
            if (
                not stored.exists()
                or json.loads(stored.read_text())["name"] != f"Campaign concurrent {index}"
            ):
                self.counts["groups lost"] += 1

    # --- an echoing server -----------------------------------------------------------------

    def echoed_secrets(self) -> None:
        from tests.domain.payloads import valid_payload

        password, till = "Campaign-Pa55!", "till.campaign"
        digest = hashlib.md5(password.encode()).hexdigest()
        header = base64.b64encode(f"{till}:{digest}".encode()).decode()

        class Echo(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                value = self.headers.get("Authorization", "").split(" ", 1)[-1]
                echoed = " ".join(
                    [
                        value,
                        quote(value, safe=""),
                        quote_plus(value),
                        base64.b64decode(value).decode().upper(),
                    ]
                )
                data = json.dumps(
                    {"data": None, "errors": [{"code": 300004, "message": echoed}], "warnings": None}
                ).encode()
                self.send_response(400)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-Cap-Requestid", value)
                self.end_headers()
                self.wfile.write(data)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        home = self.work / "echo-home"
        url = f"http://127.0.0.1:{server.server_port}/"
        self.tgb(
            home,
            "profiles",
            "add",
            "Echo",
            "--host",
            url,
            "--till-code",
            till,
            "--password-stdin",
            stdin=password + "\n",
        )
        payload = valid_payload()
        payload["name"] = "Campaign echo"
        file = self.work / "echo.json"
        file.write_text(json.dumps(payload), encoding="utf-8")
        env_secret = {"TGB_PASSWORD": password}
        for fmt in ("text", "json"):
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "app",
                    "send",
                    str(file),
                    "--profile",
                    "Echo",
                    "--yes",
                    "--format",
                    fmt,
                ],
                cwd=ROOT,
                env={
                    **os.environ,
                    "TGB_HOME": str(home),
                    "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
                    **env_secret,
                },
                capture_output=True,
                text=True,
                timeout=60,
            )
            self.outputs.append(done.stdout + done.stderr)
            self.counts["inputs tried"] += 1
            if "300004" not in done.stdout + done.stderr:  # the echo must have been reached and shown
                self.counts["tracebacks"] += 1
        server.shutdown()
        forms: set[str] = set()
        for secret in (password, digest, header):
            for variant in (secret, secret.upper(), base64.b64encode(secret.encode()).decode()):
                forms |= {variant, quote(variant, safe=""), quote_plus(variant)}
        places = [p.read_bytes().decode("utf-8", "replace") for p in home.rglob("*") if p.is_file()]
        places += self.outputs
        self.counts["secret hits"] += sum(1 for text in places for form in forms if form in text)

    # --- damaged history -------------------------------------------------------------------

    def damaged_history(self) -> None:
        from tests.domain.payloads import valid_payload

        damages = {
            "random": lambda p: p.write_bytes(os.urandom(4096)),
            "text": lambda p: p.write_text("notes\n" * 100),
            "folder": lambda p: p.mkdir(),
            "truncated": lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x00" * 40),
        }
        for name, damage in damages.items():
            home = self.work / f"history-{name}"
            (home / "data").mkdir(parents=True)
            damage(home / "data" / "history.sqlite3")
            file = self.work / f"history-{name}.json"
            file.write_text(json.dumps(valid_payload()), encoding="utf-8")
            done = self.tgb(home, "send", str(file), "--yes")
            self.counts["inputs tried"] += 1
            if done.returncode != 2 or "history" not in done.stderr:
                self.counts["tracebacks"] += 1

    def report(self) -> None:
        for key, value in self.counts.items():
            print(f"{key}: {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payloads", type=int, default=300)
    parser.add_argument("--templates", type=int, default=200)
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="tgb-campaign-") as folder:
        campaign = Campaign(Path(folder), args.seed)
        campaign.payload_files(args.payloads)
        campaign.templates(args.templates)
        campaign.sandbox_requests()
        campaign.concurrent_sends(args.senders)
        campaign.echoed_secrets()
        campaign.damaged_history()
        campaign.report()
    print(f"elapsed: {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
