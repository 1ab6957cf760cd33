"""The sandbox's HTTP server: a real socket on the loopback interface, one thread per request.

Start it in the background from Python (the app and the tests)::

    server = SandboxServer(folder, faults=Faults(latency_ms=200))
    url = server.start()          # "http://127.0.0.1:53127/"
    ...
    server.stop()

or in the foreground with ``tgb sandbox``. Faults (latency, 5xx HTML pages, non-JSON
bodies, dropped connections) are drawn per request to the target group endpoints; the
token endpoint is spared so that a rehearsal of flaky creates is not also a token outage.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import ssl
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from app.domain import jsontext
from app.sandbox.api import AuthPolicy, SandboxApi
from app.sandbox.envelope import error_answer
from app.sandbox.faults import Decision, Fault, FaultPlan, Faults
from app.sandbox.target_groups.store import SandboxStore

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024 * 1024

_GATEWAY_PAGE = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
_LOGIN_PAGE = (
    "<!DOCTYPE html><html><head><title>Sign in</title></head>"
    "<body><form action='/login'>Session expired. Please sign in.</form></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    server: _HttpServer
    protocol_version = "HTTP/1.1"
    timeout = 30
    # Headers and body go out in two writes; with Nagle on, the body waits for the
    # client's delayed ACK (about 40 ms on Linux) on every answer.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        # A new connection counts as activity: another process probing this instance (see
        # app.sandbox.instance.running_url) is about to send, so a stopping owner lingers.
        self.server.owner.activity(0)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def do_PATCH(self) -> None:
        self._not_allowed("PATCH")

    def do_OPTIONS(self) -> None:
        self._not_allowed("OPTIONS")

    def do_TRACE(self) -> None:
        self._not_allowed("TRACE")

    def do_HEAD(self) -> None:
        self._not_allowed("HEAD")

    def _not_allowed(self, method: str) -> None:
        # The body of a refused request is read and dropped, so the next request on this
        # keep-alive connection starts where it should; one that cannot be read closes it.
        kept = self._discard_body()
        self._send(
            *error_answer(
                405, 405, f"Method {method} is not allowed; the API takes GET, POST, PUT and DELETE"
            ),
            close=not kept,
        )

    def _discard_body(self) -> bool:
        """Read and drop the request's body; False when the connection cannot be reused."""
        if self.headers.get("Transfer-Encoding"):
            return False
        declared = (self.headers.get("Content-Length") or "0").strip()
        if not declared.isascii() or not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
            return False
        left = int(declared)
        while left > 0:
            chunk = self.rfile.read(min(left, 65536))
            if not chunk:
                return False
            left -= len(chunk)
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Every refusal of the HTTP layer itself (a bad request line, 414, 431, an unknown method)
        answers with the API's envelope, not the standard library's HTML page."""
        reason = message or self.responses.get(code, ("Error",))[0]
        if code == 501:
            reason = f"Method {self.command!r} is not supported; the API takes GET, POST, PUT and DELETE"
        self.close_connection = True
        if not getattr(self, "request_version", None) or not getattr(self, "command", None):
            self.request_version = "HTTP/1.1"  # the request line was unreadable: answer in HTTP/1.1
        self._send(*error_answer(code, code if code >= 400 else 400, reason), close=True)

    def log_message(self, format: str, *args: Any) -> None:
        # The request line only: headers (credentials) are never logged.
        log.debug("sandbox %s - %s", self.address_string(), format % args)

    def _serve(self, method: str) -> None:
        owner = self.server.owner
        owner.activity(+1)
        try:
            self._answer(method, owner)
        finally:
            owner.activity(-1)

    def _answer(self, method: str, owner: SandboxServer) -> None:
        try:
            self._answer_checked(method, owner)
        except Exception:  # never a traceback and never silence: the envelope with a 500
            log.debug("Sandbox: a request failed", exc_info=True)
            self._send(*error_answer(500, 500, "The sandbox failed on this request"), close=True)

    def _answer_checked(self, method: str, owner: SandboxServer) -> None:
        split = urlsplit(self.path)
        if self.headers.get("Transfer-Encoding"):
            self._send(*error_answer(411, 300004, "Send the body with a Content-Length"), close=True)
            return
        declared = (self.headers.get("Content-Length") or "0").strip()
        if not declared.isdigit() or not declared.isascii():
            self._send(*error_answer(400, 300004, f"Invalid Content-Length {declared!r}"), close=True)
            return
        length = int(declared)
        if length > MAX_BODY_BYTES:
            self._send(*error_answer(413, 300004, "Request body too large"), close=True)
            return
        raw = self.rfile.read(length) if length else b""
        if len(raw) < length:
            self._send(*error_answer(400, 300004, "The body is shorter than its Content-Length"), close=True)
            return
        body: Any
        try:
            body = jsontext.parse(raw.decode("utf-8")).value if raw else None
        except UnicodeDecodeError:
            body = ValueError("the body is not UTF-8 text")
        except jsontext.JsonTextError as exc:
            body = ValueError(f"the body {exc.reason}")
        faulty = any(part in split.path for part in ("/targetGroups", "/promotions", "/requests/PROMOTION"))
        decision = owner.fault_plan.draw() if faulty else Decision()
        owner.count(method, split.path)
        latency = owner.fault_plan.faults.latency_ms
        if latency:
            time.sleep(latency / 1000)
        if decision.fault is not Fault.NONE and not decision.after_commit:
            self._fail(decision.fault)
            return
        status, answer = owner.api.handle(
            method, split.path, dict(parse_qsl(split.query)), self.headers, body
        )
        if decision.fault is not Fault.NONE:
            self._fail(decision.fault)
            return
        self._send(status, answer)

    def _fail(self, fault: Fault) -> None:
        if fault is Fault.DROP:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault is Fault.SERVER_ERROR:
            self._send_text(502, _GATEWAY_PAGE, "text/html")
        else:
            self._send_text(200, _LOGIN_PAGE, "text/html; charset=utf-8")

    def _send(self, status: int, answer: dict[str, Any], close: bool = False) -> None:
        self._send_text(status, json.dumps(answer), "application/json", close)

    def _send_text(self, status: int, text: str, content_type: str, close: bool = False) -> None:
        data = text.encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Cap-Requestid", uuid.uuid4().hex)
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command != "HEAD":  # a HEAD answer has the headers of the envelope, not its body
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    owner: SandboxServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("Sandbox: a connection from %s failed", client_address, exc_info=True)


class SandboxServer:
    """The emulator, bound to 127.0.0.1 (port 0 picks a free one).

    Args:
        folder: where created groups persist (``data_paths().sandbox_dir`` in the app).
        faults: what to inject; none by default.
        auth: which credentials to accept; by default any MD5-shaped Basic password
            and any OAuth client.
        tls: ``(certfile, keyfile)`` to serve HTTPS (to rehearse certificate checks).
    """

    def __init__(
        self,
        folder: str | Path,
        faults: Faults | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        auth: AuthPolicy | None = None,
        tls: tuple[str, str] | None = None,
    ) -> None:
        self.store = SandboxStore(folder)
        self.auth = auth or AuthPolicy()
        self.api = SandboxApi(self.store, self.auth)
        self.fault_plan = FaultPlan(faults)
        self.requests: Counter[tuple[str, str]] = Counter()
        self._count_lock = threading.Lock()
        self._active = 0
        self._last_request = 0.0
        self._httpd = _HttpServer((host, port), _Handler)
        self._httpd.owner = self
        scheme = "http"
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
            scheme = "https"
        self.url = f"{scheme}://{host}:{self._httpd.server_port}/"
        self._thread: threading.Thread | None = None

    @property
    def faults(self) -> Faults:
        return self.fault_plan.faults

    def set_faults(self, faults: Faults | None) -> None:
        """Change what is injected from now on (demos and tests switch it while running)."""
        self.fault_plan = FaultPlan(faults)

    def activity(self, change: int) -> None:
        """A request started (+1) or ended (-1); :meth:`stop` waits for the ones under way."""
        with self._count_lock:
            self._active += change
            self._last_request = time.monotonic()

    def count(self, method: str, path: str) -> None:
        with self._count_lock:
            self.requests[(method, path)] += 1

    def start(self) -> str:
        """Serve on a background thread; returns the base URL."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                name="tgb-sandbox",
                kwargs={"poll_interval": 0.2},
                daemon=True,
            )
            self._thread.start()
        return self.url

    def serve_forever(self) -> None:
        """Serve on this thread until :meth:`stop` or Ctrl+C."""
        self._httpd.serve_forever(poll_interval=0.2)

    def stop(self, linger: float = 0.0, max_wait: float = 10.0) -> None:
        """Stop serving, after the requests under way (and ``linger`` seconds of quiet) are over.

        ``linger`` covers another process that found this instance an instant ago and is about
        to send: a short-lived owner (``tgb send``) waits that long after the last request.
        """
        deadline = time.monotonic() + max_wait
        while time.monotonic() < deadline:
            with self._count_lock:
                busy = self._active > 0 or (linger and time.monotonic() - self._last_request < linger)
            if not busy:
                break
            time.sleep(0.02)
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
