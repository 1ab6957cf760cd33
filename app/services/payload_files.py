"""Reading and writing payload files. A file that fails to load is reported, never changed."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.atomic_write import write_text_atomic
from app.domain import jsontext
from app.domain.jsontext import JsonTextError, ParsedJson

MAX_PAYLOAD_BYTES = 64 * 1024 * 1024


class PayloadFileError(Exception):
    """A file could not be read as JSON; ``reason`` says why, ``str()`` adds which file."""

    def __init__(self, source: str, reason: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(f"{source} {reason}")
        self.source = source
        self.reason = reason
        #: Where a JSON syntax error is (1-based), so an editor can put the cursor there.
        self.line = line
        self.column = column


def parse_json_text(text: str, source: str = "the text") -> Any:
    """Parse JSON within the limits of :mod:`app.domain.jsontext`; a fault names its line and column."""
    return parse_json_document(text, source).value


def parse_json_document(text: str, source: str = "the text") -> ParsedJson:
    """Like :func:`parse_json_text`, keeping the duplicate keys found."""
    try:
        return jsontext.parse(text)
    except JsonTextError as exc:
        raise PayloadFileError(source, exc.reason, exc.line, exc.column) from None


def read_json_file(path: str | os.PathLike[str]) -> Any:
    """Read a JSON file; every failure becomes a :class:`PayloadFileError` naming the file."""
    return parse_json_text(read_text_file(path), str(path))


@dataclass(frozen=True)
class CurlBody:
    """A file that held a curl command (copied from the API docs): its JSON body, and what was taken."""

    payload: Any
    taken: str


def read_payload_file(path: str | os.PathLike[str]) -> Any:
    """A JSON file, or a text file holding a curl command (``.sh``, ``.txt``): its parsed JSON, or a
    :class:`CurlBody` with the command's body; every failure is a :class:`PayloadFileError`."""
    from app.domain.curl import CurlError, looks_like_curl, read_curl

    text = read_text_file(path)
    if not looks_like_curl(text):
        return parse_json_text(text, str(path))
    try:
        request = read_curl(text)
    except CurlError as exc:
        raise PayloadFileError(str(path), f"holds a curl command, but: {exc}") from None
    try:
        payload = parse_json_text(request.body, f"{path} (the curl command's body)")
    except PayloadFileError as exc:
        raise PayloadFileError(str(path), f"holds a curl command whose body {exc.reason}") from None
    return CurlBody(payload, request.summary())


def read_text_file(path: str | os.PathLike[str], limit: int = MAX_PAYLOAD_BYTES) -> str:
    """Read a UTF-8 text file (a BOM is dropped); every failure becomes a :class:`PayloadFileError`.

    Only regular files are read (a FIFO, a device such as /dev/zero or a socket is refused
    without waiting on it), and the size limit is enforced while reading, not taken from the
    size the file states.
    """
    data = read_bytes_limited(path, limit, "payload files")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PayloadFileError(str(path), f"is not UTF-8 text (bad byte at offset {exc.start}).") from None


def read_bytes_limited(path: str | os.PathLike[str], limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (see :func:`read_text_file`)."""
    file = Path(path)
    source = str(file)
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    )
    try:
        fd = os.open(file, flags)
    except FileNotFoundError:
        raise PayloadFileError(source, "does not exist.") from None
    except IsADirectoryError:
        raise PayloadFileError(source, "is a folder, not a file.") from None
    except PermissionError:
        raise PayloadFileError(source, "cannot be read (permission denied).") from None
    except OSError as exc:
        raise PayloadFileError(source, f"cannot be read: {exc.strerror or exc}.") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise PayloadFileError(source, "is a folder, not a file.")
        if not stat.S_ISREG(info.st_mode):
            raise PayloadFileError(
                source, "is not a regular file (a pipe, device or socket); save it to a file first."
            )
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise PayloadFileError(
                    source, f"is larger than {limit // (1024 * 1024)} MiB; {what} are at most that."
                )
            chunks.append(chunk)
    except OSError as exc:
        raise PayloadFileError(source, f"cannot be read: {exc.strerror or exc}.") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def dump_payload_json(payload: Any) -> str:
    """Pretty-printed JSON as the app saves it (2-space indent, trailing newline); never NaN or Infinity.

    Raises:
        JsonTextError: the payload holds what JSON cannot carry.
    """
    return jsontext.dumps_checked(payload) + "\n"


def write_json_file(path: str | os.PathLike[str], payload: Any) -> None:
    """Write a JSON document atomically."""
    write_text_atomic(path, dump_payload_json(payload))
