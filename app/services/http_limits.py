"""Bounds on every answer a server sends: a deadline for the whole answer and a size cap.

httpx's timeouts are per read, so a server that sends one byte every 0.8 s, or a chunked body
that never ends, kept a command waiting for ever; and a small gzip answer was unpacked whole
(254 KB became 839 MB) before any size check. Here:

- **Deadline.** :func:`answer_deadline` sets, for the calling thread, the moment by which the
  whole answer (connect, headers and body) must be in. :func:`with_deadlines` wraps the
  transport's network streams so that every read and write is given at most the time left, and
  fails once it is spent, whatever the server trickles.
- **Size.** :func:`read_capped` reads the raw body in chunks and unpacks it (gzip, deflate) with
  a bounded output per step, stopping as soon as the unpacked size passes the cap.
"""

from __future__ import annotations

import contextlib
import threading
import time
import zlib
from collections.abc import Iterator
from typing import Any

import httpcore
import httpx

#: The most an answer may unpack to; every answer of the API is far smaller.
MAX_ANSWER_BYTES = 16 * 1024 * 1024
#: What the client asks servers to use, so that it knows how to unpack every answer it takes.
ACCEPT_ENCODING = "gzip, deflate"

_local = threading.local()


class BadAnswer(Exception):
    """The answer cannot be taken: too large, packed in a way not asked for, or damaged."""


class AnswerTooLarge(BadAnswer):
    """The answer unpacks to more than the cap."""


class DeadlinePassed(Exception):
    """The whole answer was not in by its deadline."""


@contextlib.contextmanager
def answer_deadline(seconds: float) -> Iterator[float]:
    """For this thread, the whole of the next answers must arrive within ``seconds``."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = time.monotonic() + seconds
    try:
        yield _local.deadline
    finally:
        _local.deadline = previous


def _time_left(timeout: float | None) -> float | None:
    deadline = getattr(_local, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the whole answer did not arrive in time")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _time_left(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, _time_left(timeout), local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(path, _time_left(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def with_deadlines(transport: httpx.HTTPTransport) -> httpx.HTTPTransport:
    """``transport`` with its network streams bound by the thread's :func:`answer_deadline`.

    httpx does not expose the network backend; it is reached on the transport's pool (httpcore
    1.x). ``tests/hostile/test_slow_answers.py`` fails if that ever stops working.
    """
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if pool is not None and backend is not None and not isinstance(backend, _DeadlineBackend):
        pool._network_backend = _DeadlineBackend(backend)
    return transport


def read_capped(response: httpx.Response, limit: int = MAX_ANSWER_BYTES) -> bytes:
    """The unpacked body of a streamed ``response``, never more than ``limit`` bytes in memory.

    Raises:
        AnswerTooLarge: it unpacks to more than ``limit``.
        DeadlinePassed: the body did not arrive by the thread's deadline.
    """
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        decoder: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = zlib.decompressobj()
    elif encoding in ("", "identity"):
        decoder = None
    else:
        raise BadAnswer(f"the answer is packed as {encoding!r}, which was not asked for")
    out = bytearray()
    try:
        for chunk in response.iter_raw():
            if decoder is None:
                out += chunk
            else:
                data = chunk
                while data:
                    # at most what is left under the cap (plus one byte to see it is passed)
                    piece = decoder.decompress(data, limit - len(out) + 1)
                    out += piece
                    if len(out) > limit:
                        break
                    data = decoder.unconsumed_tail
            if len(out) > limit:
                raise AnswerTooLarge(f"the answer is larger than {limit // (1024 * 1024)} MB")
    except (httpx.ReadTimeout, httpcore.ReadTimeout) as exc:
        raise DeadlinePassed(str(exc)) from None
    except zlib.error as exc:
        raise BadAnswer(f"the packed answer cannot be unpacked: {exc}") from None
    return bytes(out)
