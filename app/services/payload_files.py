"""Reading and writing payload files. A file that fails to load is reported, never changed."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from app.atomic_write import write_text_atomic

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
    """Parse JSON, turning a syntax error into a message with line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PayloadFileError(
            source,
            f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
            exc.lineno,
            exc.colno,
        ) from None
    except RecursionError:
        raise PayloadFileError(source, "nests too deeply to read.") from None


def read_json_file(path: str | os.PathLike[str]) -> Any:
    """Read a JSON file; every failure becomes a :class:`PayloadFileError` naming the file."""
    return parse_json_text(read_text_file(path), str(path))


def read_text_file(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file (a BOM is dropped); every failure becomes a :class:`PayloadFileError`."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_PAYLOAD_BYTES:
            raise PayloadFileError(
                str(file), f"is {size // (1024 * 1024)} MiB; payload files are at most 64 MiB."
            )
        data = file.read_bytes()
    except PayloadFileError:
        raise
    except FileNotFoundError:
        raise PayloadFileError(str(file), "does not exist.") from None
    except IsADirectoryError:
        raise PayloadFileError(str(file), "is a folder, not a file.") from None
    except PermissionError:
        raise PayloadFileError(str(file), "cannot be read (permission denied).") from None
    except OSError as exc:
        raise PayloadFileError(str(file), f"cannot be read: {exc.strerror or exc}.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PayloadFileError(str(file), f"is not UTF-8 text (bad byte at offset {exc.start}).") from None


def dump_payload_json(payload: Any) -> str:
    """Pretty-printed JSON as the app saves it (2-space indent, trailing newline)."""
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def write_json_file(path: str | os.PathLike[str], payload: Any) -> None:
    """Write a JSON document atomically."""
    write_text_atomic(path, dump_payload_json(payload))
