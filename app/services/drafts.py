"""Autosave of the open draft, and telling a crash from a clean exit at the next start.

Each running app holds a *session*: a lock file ``session-<id>.lock`` in the drafts folder,
kept locked (``flock`` / ``msvcrt.locking``) for as long as the process lives, with its PID
inside for people reading the folder. The OS drops the lock when the process dies, however
it dies (SIGKILL, power cut), so a draft whose session lock can be taken belongs to a dead
app: that is what :func:`load_recoverable` offers to restore. A clean exit calls
:meth:`DraftSession.close`, which removes the draft, so nothing is offered next time.

The draft keeps the payload's JSON *text*, not a model: whatever the operator typed, even
half-valid JSON in a raw editor, comes back as it was. Writes are atomic and may run on a
worker thread; a save carrying an older ``revision`` than one already written is skipped, so
two overlapping autosaves can never leave the older text on disk.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from app.atomic_write import write_text_atomic
from app.domain import jsontext
from app.filelock import try_lock as _try_lock
from app.services.paths import data_paths
from app.services.secret_forms import find_secrets

DRAFT_FORMAT = "tgb-draft"
DRAFT_VERSION = 1
_MAX_DRAFT_BYTES = 64 * 1024 * 1024


class DraftError(ValueError):
    """A draft cannot be saved as asked (e.g. its meta carries something like a credential)."""


@dataclass(frozen=True)
class RecoverableDraft:
    """A draft left by an app that did not exit cleanly.

    Attributes:
        path: the draft file.
        session_id: the session that wrote it.
        pid: the process that wrote it (for the message; may be reused by now).
        saved_at: when it was last saved (ISO 8601, UTC).
        meta: what the app stored with it (title, the file it came from...).
        text: the payload's JSON text, exactly as it was; ``None`` when the draft is unreadable.
        problem: why the draft cannot be read; such a file is left in place, never deleted.
    """

    path: Path
    session_id: str
    pid: int | None = None
    saved_at: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    text: str | None = None
    problem: str | None = None


def drafts_folder() -> Path:
    return data_paths().drafts_dir


class DraftSession:
    """This app's autosave slot. Create with :meth:`start`; end with :meth:`close` on a clean exit."""

    def __init__(self, folder: Path, session_id: str, lock_handle: IO[bytes]) -> None:
        self.folder = folder
        self.session_id = session_id
        self._lock_handle: IO[bytes] | None = lock_handle
        self._write_lock = threading.Lock()
        self._revision = -1

    @classmethod
    def start(cls, folder: Path | None = None) -> DraftSession:
        """Claim a new session: create and lock its lock file (with the PID inside)."""
        where = folder or drafts_folder()
        where.mkdir(parents=True, exist_ok=True)
        _forget_dead_sessions_without_drafts(where)
        session_id = f"{os.getpid()}-{secrets.token_hex(4)}"
        handle = open(where / f"session-{session_id}.lock", "w+b")  # noqa: SIM115 - held for the session
        if not _try_lock(handle):
            handle.close()
            raise DraftError(f"Could not lock the session file in {where}.")
        started = datetime.now(UTC).isoformat(timespec="seconds")
        handle.write(json.dumps({"pid": os.getpid(), "started": started}).encode())
        handle.flush()
        return cls(where, session_id, handle)

    @property
    def draft_path(self) -> Path:
        return self.folder / f"draft-{self.session_id}.json"

    @property
    def lock_path(self) -> Path:
        return self.folder / f"session-{self.session_id}.lock"

    def save_draft(
        self, payload_json_text: str, meta: Mapping[str, Any] | None = None, revision: int | None = None
    ) -> bool:
        """Write the draft atomically; safe to call from a worker thread.

        Args:
            payload_json_text: the payload's JSON text as the editor holds it.
            meta: small JSON-able facts to show on restore (title, source file); never a secret.
            revision: increasing number of the edit this text reflects; a save older than one
                already written is skipped.

        Returns:
            Whether the draft was written (``False``: skipped as older, or the session is closed).

        Raises:
            DraftError: ``meta`` holds something that looks like a credential, or is not JSON-able.
        """
        info = dict(meta or {})
        suspects = find_secrets(info)
        if suspects:
            raise DraftError(f"Draft details must not carry credentials ({', '.join(suspects)}).")
        document = {
            "format": DRAFT_FORMAT,
            "version": DRAFT_VERSION,
            "session": self.session_id,
            "pid": os.getpid(),
            "saved": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "revision": revision,
            "meta": info,
            "text": payload_json_text,
        }
        try:
            text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        except (TypeError, ValueError) as exc:
            raise DraftError(f"Draft details cannot be saved as JSON: {exc}") from None
        with self._write_lock:
            if self._lock_handle is None:
                return False
            if revision is not None:
                if revision < self._revision:
                    return False
                self._revision = revision
            write_text_atomic(self.draft_path, text)
        return True

    def discard(self) -> None:
        """Remove this session's draft (the payload was saved to a file or closed unchanged)."""
        with self._write_lock, contextlib.suppress(FileNotFoundError):
            self.draft_path.unlink()

    def close(self) -> None:
        """A clean exit: remove the draft and the lock, so the next start offers nothing.

        Closing and removing happen under one lock, so a save running on a worker thread
        either lands before (and is removed) or is refused after; it cannot bring the draft back.
        """
        with self._write_lock:
            handle, self._lock_handle = self._lock_handle, None
            with contextlib.suppress(FileNotFoundError):
                self.draft_path.unlink()
        if handle is not None:
            with contextlib.suppress(OSError):
                self.lock_path.unlink()
            handle.close()


def load_recoverable(folder: Path | None = None) -> list[RecoverableDraft]:
    """Drafts of apps that are no longer running, newest first. Nothing is changed on disk."""
    where = folder or drafts_folder()
    try:
        files = sorted(where.glob("draft-*.json"))
    except OSError:
        return []
    out = []
    for path in files:
        session_id = path.stem.removeprefix("draft-")
        if _session_alive(where, session_id):
            continue
        out.append(_read_draft(path, session_id))
    out.sort(key=lambda d: d.saved_at or "", reverse=True)
    return out


def discard_recoverable(draft: RecoverableDraft) -> None:
    """Remove a recovered draft (restored into a new session, or declined) and its stale lock.

    A draft that could not be read is not removed: the operator may want to rescue it by hand.
    """
    if draft.problem is not None:
        return
    with contextlib.suppress(FileNotFoundError):
        draft.path.unlink()
    lock = draft.path.with_name(f"session-{draft.session_id}.lock")
    if not _session_alive(draft.path.parent, draft.session_id):
        with contextlib.suppress(OSError):
            lock.unlink()


def _session_alive(folder: Path, session_id: str) -> bool:
    """Whether the session's owner still holds its lock (a missing lock file means dead)."""
    try:
        handle = open(folder / f"session-{session_id}.lock", "r+b")  # noqa: SIM115
    except OSError:
        return False
    with handle:
        return not _try_lock(handle)  # closing the handle releases a lock we just took


def _read_draft(path: Path, session_id: str) -> RecoverableDraft:
    try:
        if path.stat().st_size > _MAX_DRAFT_BYTES:
            return RecoverableDraft(path, session_id, problem="is too large to be a draft.")
        document = jsontext.parse(path.read_text(encoding="utf-8")).value
    except jsontext.JsonTextError as exc:
        return RecoverableDraft(path, session_id, problem=exc.reason)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        return RecoverableDraft(path, session_id, problem=f"cannot be read: {exc}")
    if not isinstance(document, dict) or document.get("format") != DRAFT_FORMAT:
        return RecoverableDraft(path, session_id, problem="is not a draft file.")
    if not isinstance(document.get("version"), int) or document["version"] > DRAFT_VERSION:
        return RecoverableDraft(path, session_id, problem="was written by a newer version of the app.")
    text = document.get("text")
    if not isinstance(text, str):
        return RecoverableDraft(path, session_id, problem="holds no payload text.")
    pid = document.get("pid")
    saved = document.get("saved")
    meta = document.get("meta")
    return RecoverableDraft(
        path,
        session_id,
        pid if isinstance(pid, int) else None,
        saved if isinstance(saved, str) else None,
        meta if isinstance(meta, dict) else {},
        text,
    )


def _forget_dead_sessions_without_drafts(folder: Path) -> None:
    """Remove lock files of dead sessions that left no draft (they exited between the two removals)."""
    for lock in folder.glob("session-*.lock"):
        session_id = lock.stem.removeprefix("session-")
        if not (folder / f"draft-{session_id}.json").exists() and not _session_alive(folder, session_id):
            with contextlib.suppress(OSError):
                lock.unlink()
