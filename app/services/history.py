"""Every submission, in SQLite: when, where, what was sent and what came back. Never a credential.

A row is written *before* the request goes out (outcome ``pending``) and completed when
the answer comes, so a crash or a cancelled request still leaves a trace of a POST that
may have reached the server. Text from the server passes through :func:`scrub` first:
credential headers and any secret value known to the caller are blanked out, in case a
proxy or server echoes them back.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.atomic_write import restrict_file, write_text_atomic
from app.domain import jsontext
from app.domain.kind_folders import original_kind
from app.services.api_result import ApiResult, CallKind
from app.services.paths import data_paths
from app.services.safe_text import spreadsheet_safe
from app.services.secret_forms import REDACTED, derived_forms, scrub_text

#: The kind of rows written before the ``kind`` column existed: every one was a target group (the
#: only kind then). A new row always names its kind.
LEGACY_KIND = original_kind()
if not re.fullmatch(r"[a-z][a-z-]*", LEGACY_KIND):  # it is written into the schema below
    raise RuntimeError(f"a kind name must be lower-case words: {LEGACY_KIND!r}")

PENDING = "pending"
CREATED = "created"
REJECTED = "rejected"
FAILED = "failed"
CANCELLED = "cancelled"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sent_at TEXT NOT NULL,
    sent_epoch REAL NOT NULL,
    profile TEXT NOT NULL,
    host TEXT NOT NULL,
    group_name TEXT NOT NULL,
    payload TEXT NOT NULL,
    payload_hash TEXT NOT NULL,
    outcome TEXT NOT NULL,
    http_status INTEGER,
    response TEXT,
    created_id INTEGER,
    request_id TEXT,
    error_codes TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    elapsed_ms INTEGER,
    kind TEXT NOT NULL DEFAULT '{LEGACY_KIND}'
);
CREATE INDEX IF NOT EXISTS submissions_recent ON submissions (profile, payload_hash, sent_epoch);
"""

_COLUMNS = (
    "id, sent_at, profile, host, group_name, payload, payload_hash, outcome, http_status, "
    "response, created_id, request_id, error_codes, message, elapsed_ms, kind"
)

_CREDENTIAL_HEADER = re.compile(
    r"(?im)((?:authorization|proxy-authorization|x-cap-api-oauth-token|cap-api-access-token)"
    r"\s*[:=]\s*\"?)(?:basic\s+|bearer\s+)?[^\s\",}]+"
)
_ACCESS_TOKEN_FIELD = re.compile(r"(?i)(\"(?:accessToken|secret|password)\"\s*:\s*\")[^\"]*")


def scrub(text: str | None, secrets: Iterable[str] = ()) -> str | None:
    """``text`` with credential headers, token fields and the given secret values blanked out."""
    if not text:
        return text
    folded = text.casefold()
    out = text
    if "authorization" in folded or "token" in folded:  # the regexes are slow on long answers
        out = _CREDENTIAL_HEADER.sub(lambda m: m.group(1) + REDACTED, out)
    if "accesstoken" in folded or "secret" in folded or "password" in folded:
        out = _ACCESS_TOKEN_FIELD.sub(lambda m: m.group(1) + REDACTED, out)
    return scrub_text(out, derived_forms(secrets))


#: The same hash for the same JSON content whatever the key order or spacing.
payload_hash = jsontext.content_hash


@dataclass(frozen=True)
class HistoryEntry:
    """One submission as the history window shows it."""

    id: int
    sent_at: str
    profile: str
    host: str
    payload_name: str  # the kind's name (stored in the column group_name, its first name)
    payload: str
    payload_hash: str
    outcome: str
    http_status: int | None
    response: str | None
    created_id: int | str | None
    request_id: str | None
    error_codes: str
    message: str
    elapsed_ms: int | None
    kind: str = LEGACY_KIND

    def payload_json(self) -> Any:
        return json.loads(self.payload)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class HistoryUnavailable(sqlite3.DatabaseError):
    """The history database cannot be opened, read or written; the message names it and says what to do.

    A subclass of :class:`sqlite3.DatabaseError`, so callers that already refuse to send when the
    history cannot record keep doing so, now with a message an operator can act on.
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"The history database {path} {reason}. Nothing is sent while submissions cannot be "
            f"recorded. Close the app, move the file aside (for example rename it to {path.name}.damaged) "
            "and a new, empty history is started; profiles, templates and drafts are not affected."
        )


def _reason(path: Path, exc: BaseException) -> str:
    if path.is_dir():
        return "is a folder, not a database file"
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return "is damaged (it is not an SQLite database any more)"
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return "cannot be written (it or its folder is read-only)"
    if "unable to open" in text:
        return "cannot be opened"
    return f"cannot be used ({exc})"


class History:
    """The history database; safe to share between threads (one connection, one lock).

    Every database failure surfaces as :class:`HistoryUnavailable`, never as a bare sqlite3 error.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else data_paths().history_db
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.is_dir():
                raise IsADirectoryError(str(self.path))
            self._db = sqlite3.connect(self.path, timeout=15, check_same_thread=False, isolation_level=None)
        except (sqlite3.Error, OSError) as exc:
            raise HistoryUnavailable(self.path, _reason(self.path, exc)) from None
        try:
            with self._lock:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(_SCHEMA)
                columns = {row[1] for row in self._db.execute("PRAGMA table_info(submissions)")}
                if "kind" not in columns:  # a history written before promotions existed
                    self._db.execute(
                        f"ALTER TABLE submissions ADD COLUMN kind TEXT NOT NULL DEFAULT '{LEGACY_KIND}'"
                    )
        except (sqlite3.Error, OSError) as exc:
            self._db.close()
            raise HistoryUnavailable(self.path, _reason(self.path, exc)) from None
        for suffix in ("", "-wal", "-shm"):
            restrict_file(f"{self.path}{suffix}")

    def _execute(self, sql: str, args: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one statement under the lock; a failure names the file (see :class:`HistoryUnavailable`)."""
        try:
            with self._lock:
                return self._db.execute(sql, tuple(args))
        except (sqlite3.Error, OSError) as exc:
            raise HistoryUnavailable(self.path, _reason(self.path, exc)) from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def record_attempt(
        self,
        profile: str,
        host: str,
        payload_name: str,
        payload: Any,
        *,
        now: float | None = None,
        kind: str = LEGACY_KIND,
        text: str | None = None,
        content_hash: str | None = None,
    ) -> int:
        """A pending row for a request about to be sent; returns its id.

        ``text`` and ``content_hash``, when the caller has them, are the payload's compact text and
        hash (:func:`jsontext.compact`, :func:`jsontext.content_hash`): not worked out again.
        """
        moment = time.time() if now is None else now
        text = jsontext.compact(payload) if text is None else text  # shown pretty-printed
        digest = payload_hash(payload) if content_hash is None else content_hash
        cursor = self._execute(
            "INSERT INTO submissions (sent_at, sent_epoch, profile, host, group_name, payload, "
            "payload_hash, outcome, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_iso(moment), moment, profile, host, payload_name, text, digest, PENDING, kind),
        )
        return int(cursor.lastrowid or 0)

    def record_call(self, entry_id: int, result: ApiResult, secrets: Iterable[str] = ()) -> None:
        """Complete a row with a call's result (a lifecycle step, an update): done, refused or failed."""
        outcome = CREATED if result.ok else (REJECTED if result.kind is CallKind.REJECTED else FAILED)
        self.record_outcome(
            entry_id,
            "done" if result.ok else outcome,
            http_status=result.status,
            response=result.raw_text,
            request_id=result.request_id,
            error_codes=[e.code for e in result.errors],
            message=result.message,
            elapsed_ms=result.elapsed_ms,
            secrets=secrets,
        )

    def record_outcome(
        self,
        entry_id: int,
        outcome: str,
        *,
        http_status: int | None = None,
        response: str | None = None,
        created_id: int | str | None = None,
        request_id: str | None = None,
        error_codes: Sequence[int] = (),
        message: str = "",
        elapsed_ms: int | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        """Complete a row. ``secrets`` are blanked out of the response and message."""
        hidden = tuple(secrets)
        self._execute(
            "UPDATE submissions SET outcome=?, http_status=?, response=?, created_id=?, request_id=?, "
            "error_codes=?, message=?, elapsed_ms=? WHERE id=?",
            (
                outcome,
                http_status,
                scrub(response, hidden),
                created_id,
                request_id,
                ",".join(str(c) for c in error_codes),
                scrub(message, hidden) or "",
                elapsed_ms,
                entry_id,
            ),
        )

    def get(self, entry_id: int) -> HistoryEntry | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM submissions WHERE id=?", (entry_id,))
        return rows[0] if rows else None

    def search(self, text: str = "", *, profile: str | None = None, limit: int = 500) -> list[HistoryEntry]:
        """Newest first; ``text`` matches the payload's name, profile, host, outcome, codes, ids or payload."""
        where, args = [], []
        if text.strip():
            like = f"%{_escape_like(text.strip())}%"
            fields = (
                "group_name",
                "profile",
                "host",
                "outcome",
                "error_codes",
                "request_id",
                "CAST(created_id AS TEXT)",
                "payload",
            )
            where.append("(" + " OR ".join(f"{f} LIKE ? ESCAPE '\\'" for f in fields) + ")")
            args.extend([like] * len(fields))
        if profile:
            where.append("profile = ?")
            args.append(profile)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return self._query(
            f"SELECT {_COLUMNS} FROM submissions {clause} ORDER BY id DESC LIMIT ?", (*args, limit)
        )

    def recent_duplicate(
        self, profile: str, digest: str, *, within_seconds: float = 600, now: float | None = None
    ) -> HistoryEntry | None:
        """The latest submission of the same payload to the same profile within the window."""
        moment = time.time() if now is None else now
        rows = self._query(
            f"SELECT {_COLUMNS} FROM submissions WHERE profile=? AND payload_hash=? AND sent_epoch>=? "
            "ORDER BY id DESC LIMIT 1",
            (profile, digest, moment - within_seconds),
        )
        return rows[0] if rows else None

    def _query(self, sql: str, args: Sequence[Any]) -> list[HistoryEntry]:
        try:
            with self._lock:
                rows = self._db.execute(sql, tuple(args)).fetchall()
        except (sqlite3.Error, OSError) as exc:
            raise HistoryUnavailable(self.path, _reason(self.path, exc)) from None
        return [HistoryEntry(*row) for row in rows]


def export_json(entries: Iterable[HistoryEntry], path: str | Path) -> None:
    """A JSON array of the entries (payload and response kept as JSON text), written atomically."""
    document = [entry.as_dict() for entry in entries]
    write_text_atomic(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def export_csv(entries: Iterable[HistoryEntry], path: str | Path) -> None:
    """One row per entry with every column; opens in a spreadsheet. Written atomically."""
    buffer = io.StringIO()
    names = list(HistoryEntry.__dataclass_fields__)
    writer = csv.DictWriter(buffer, fieldnames=names)
    writer.writeheader()
    for entry in entries:
        writer.writerow({key: spreadsheet_safe(value) for key, value in entry.as_dict().items()})
    write_text_atomic(path, buffer.getvalue())


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
