"""Milestones already on a server: browse them, open one as a draft that remembers where it came
from, move it through its lifecycle, and send it back as an update without overwriting blind.

What differs by kind (the list API, the id, the version, the update call, the edit locks, the
lifecycle) is the kind's :class:`LiveKind`, in its folder's ``live.py`` (``target_groups/``,
``promotions/``), found by :func:`live_for`. Every call runs through the window's or the
command's :class:`~app.services.sending.Sender` (same clients, credentials and profiles as Send);
updates and lifecycle steps are recorded in the history, reads are not.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from app.domain import jsontext
from app.domain.kind_folders import LIVE, builtin_kinds, kind_module
from app.services.api_result import ApiResult, CallKind, said

if TYPE_CHECKING:
    from app.services.profiles import Profile
    from app.services.sending import Sender


@dataclass(frozen=True)
class ServerRow:
    """One row of a server's list, in the words the browser shows."""

    id: str
    name: str
    status: str = ""
    starts: str = ""
    ends: str = ""
    changed: str = ""
    detail: str = ""


@dataclass(frozen=True)
class ServerPage:
    """One page of a server's list. ``pages`` is ``None`` when the server does not say."""

    rows: list[ServerRow]
    page: int = 0
    pages: int | None = 1
    total: int | None = None

    @property
    def has_next(self) -> bool:
        return self.pages is not None and self.page + 1 < self.pages


@dataclass(frozen=True)
class Moved:
    """Where a lifecycle step left the object: ``ok``, what to say, the status after, the answer."""

    ok: bool
    message: str
    status: str | None = None
    result: ApiResult | None = None
    refused_locally: bool = False


@dataclass(frozen=True)
class LiveKind:
    """What the app does with one kind's objects on a server.

    Attributes:
        kind: the kind's name.
        what: how messages name one ("promotion").
        statuses: the list's status filter values (empty: the list has no filter).
        searchable: the list API searches by name itself (else the app filters the rows).
        list_page: (client, search, status, page, size) -> a page, or the failed call.
        fetch: (client, id) -> the answer of a GET of one.
        id_of, status_of: the id and the status in a fetched object.
        version_of: what changes whenever the server's copy changes (a version, a modification
            time; the whole object's digest where the API gives neither).
        update: (client, id, payload, stored) -> the answer of the update (its last call, or the
            first that failed); ``stored`` is the object as fetched; ``None``: not built for this
            kind (the window says so instead of sending).
        refusals: (stored, new payload, now) -> what the server would refuse, as (code, message):
            its edit locks, known before sending.
        locked_paths: (stored, now) -> wire path -> why it cannot change now.
        steps: status -> the lifecycle steps allowed from it (verbs).
        move: (client, profile, history, id, verb, comment) -> :class:`Moved`.
        with_version: (payload, stored) -> the payload as the update sends it (e.g. with the
            version fetched, so a server that changed meanwhile refuses it).
        is_id: whether a text has the shape of this kind's ids (``tgb pull ID`` tells the kind).
    """

    kind: str
    what: str
    statuses: tuple[str, ...]
    searchable: bool
    list_page: Callable[[Any, str, str, int, int], ServerPage | ApiResult]
    fetch: Callable[[Any, str], ApiResult]
    id_of: Callable[[Any], str | None]
    status_of: Callable[[Any], str | None]
    version_of: Callable[[Any], str] = lambda data: digest(data)
    update: Callable[[Any, str, dict[str, Any], dict[str, Any]], ApiResult] | None = None
    refusals: Callable[[dict[str, Any], dict[str, Any], datetime], list[tuple[int, str]]] = (
        lambda _stored, _new, _now: []
    )
    locked_paths: Callable[[dict[str, Any], datetime], dict[str, str]] = lambda _stored, _now: {}
    steps: Callable[[str], list[str]] = lambda _status: []
    move: Callable[..., Moved] | None = None
    with_version: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]] = lambda payload, _stored: (
        payload
    )
    is_id: Callable[[str], bool] = lambda _text: False


def digest(data: Any) -> str:
    """A short digest of JSON data (a version where the API gives none)."""
    return jsontext.content_hash(data)[:16]


_LIVE: dict[str, LiveKind] = {}


def register_live(live: LiveKind) -> LiveKind:
    _LIVE[live.kind] = live
    return live


def live_for(kind: str) -> LiveKind:
    """The live operations of a kind (its folder's ``live`` module, imported when first asked for).

    Raises:
        KeyError: the kind has none.
    """
    if kind not in _LIVE and kind in builtin_kinds():
        import importlib

        importlib.import_module(kind_module(LIVE, kind))
    return _LIVE[kind]


def live_kinds() -> list[LiveKind]:
    """Every kind's live operations, in the kinds' order."""
    out = []
    for name in builtin_kinds():
        try:
            out.append(live_for(name))
        except KeyError:
            continue
    return out


@dataclass(frozen=True)
class LiveCopy:
    """A payload as fetched from a server: where it came from and the version it was.

    Attributes:
        kind: the kind's name.
        profile: the profile's name (the server).
        server_id: its id there.
        version: :attr:`LiveKind.version_of` of what was fetched.
        status: its status then (``None`` where the kind has none).
        fetched_at: when, as local ISO time to the second.
        stored: the server's object as fetched (server fields included).
        payload: that object as a payload (what an unchanged update would send).
    """

    kind: str
    profile: str
    server_id: str
    version: str
    status: str | None
    fetched_at: str
    stored: dict[str, Any] = field(repr=False)
    payload: dict[str, Any] = field(repr=False)

    @property
    def label(self) -> str:
        return f"{live_for(self.kind).what} {self.server_id} on {self.profile}"


def copy_to_json(live: LiveCopy) -> dict[str, Any]:
    return {
        "format": "tgb-pulled",
        "kind": live.kind,
        "profile": live.profile,
        "id": live.server_id,
        "version": live.version,
        "status": live.status,
        "fetchedAt": live.fetched_at,
        "stored": live.stored,
        "payload": live.payload,
    }


def copy_from_json(data: Any) -> LiveCopy | None:
    """A pulled copy read back (``None`` for anything else: a damaged or foreign file)."""
    if not isinstance(data, dict) or data.get("format") != "tgb-pulled":
        return None
    fields = ("kind", "profile", "id", "version", "fetchedAt")
    if not all(isinstance(data.get(key), str) for key in fields):
        return None
    if not isinstance(data.get("stored"), dict) or not isinstance(data.get("payload"), dict):
        return None
    status = data.get("status")
    return LiveCopy(
        data["kind"],
        data["profile"],
        data["id"],
        data["version"],
        status if isinstance(status, str) else None,
        data["fetchedAt"],
        data["stored"],
        data["payload"],
    )


def _pulled_file(profile: str, kind: str, server_id: str, file: str) -> Any:
    from pathlib import Path

    from app.services.paths import data_paths

    key = digest([profile, kind, server_id, str(Path(file).resolve())])
    return data_paths().data_dir / "pulled" / f"{key}.json"


def remember_pulled(live: LiveCopy, file: str) -> None:
    """Keep the copy ``tgb pull`` wrote to ``file``, so ``tgb push`` knows the version that file
    started from (each file its own: two files pulled from one object never share a base)."""
    from app.atomic_write import write_text_atomic

    path = _pulled_file(live.profile, live.kind, live.server_id, file)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(copy_to_json(live), ensure_ascii=False, indent=1))


def pulled(profile: str, kind: str, server_id: str, file: str) -> LiveCopy | None:
    """The copy pulled into ``file`` of that object from that profile (``None``: none, or unreadable)."""
    try:
        text = _pulled_file(profile, kind, server_id, file).read_text(encoding="utf-8")
        return copy_from_json(json.loads(text))
    except (OSError, ValueError):
        return None


@dataclass(frozen=True)
class Updated:
    """How an update ended.

    Attributes:
        ok: the server took it.
        message: what to tell the operator (the server's codes included).
        copy: the server's copy now (after the update, or the newer one that stopped it).
        stale: the server's copy changed since it was fetched; nothing was sent.
        refusals: edit locks the change breaks (nothing was sent).
        result: the update call's answer, when one was made.
    """

    ok: bool
    message: str
    copy: LiveCopy | None = None
    stale: bool = False
    refusals: list[tuple[int, str]] = field(default_factory=list)
    result: ApiResult | None = None


class LiveService:
    """Browsing, fetching, moving and updating through one :class:`Sender`."""

    def __init__(self, sender: Sender, credentials: Any = None) -> None:
        self.sender = sender
        self.credentials = credentials  # for one profile, given (a CI run's); else the keychain's

    def _client(self, profile: Profile) -> Any:
        """The profile's client, or a failed result saying why there is none."""
        from app.services.send_outcome import SendOutcome

        client = self.sender.client_for(profile, self.credentials)
        if isinstance(client, SendOutcome):
            return ApiResult(CallKind.CONFIG, client.message)
        return client

    def page(
        self, profile: Profile, kind: str, search: str = "", status: str = "", page: int = 0, size: int = 20
    ) -> ServerPage | ApiResult:
        """One page of the kind's list on the profile's server."""
        client = self._client(profile)
        if isinstance(client, ApiResult):
            return client
        return live_for(kind).list_page(client, search.strip(), status, page, size)

    def fetch(self, profile: Profile, kind: str, server_id: str) -> LiveCopy | ApiResult:
        """One object as a :class:`LiveCopy` (or the failed call)."""

        live = live_for(kind)
        client = self._client(profile)
        if isinstance(client, ApiResult):
            return client
        result = live.fetch(client, server_id)
        if not result.ok:
            return result
        made = self._as_copy(profile, kind, server_id, result.data)
        if isinstance(made, str):
            return ApiResult(CallKind.UNEXPECTED, made)
        return made

    @staticmethod
    def _as_copy(profile: Profile, kind: str, server_id: str, data: Any) -> LiveCopy | str:
        """The server's object as a :class:`LiveCopy`, or why it is not one."""
        from app.domain.convert import ConversionError
        from app.domain.kinds import kind_named

        live = live_for(kind)
        try:
            payload = kind_named(kind).as_payload(data)
        except ConversionError as exc:
            return f"The server's {live.what} {server_id} cannot be read: {exc}"
        if not isinstance(data, dict) or not isinstance(payload, dict):
            return f"The server sent no {live.what} for id {server_id}."
        if str(live.id_of(data) or server_id) != server_id:
            return f"The server answered with another {live.what} ({live.id_of(data)}) for id {server_id}."
        return LiveCopy(
            kind,
            profile.name,
            server_id,
            live.version_of(data),
            live.status_of(data),
            datetime.now().astimezone().isoformat(timespec="seconds"),
            copy.deepcopy(data),
            copy.deepcopy(payload),
        )

    def refusals(self, live_copy: LiveCopy, payload: dict[str, Any]) -> list[tuple[int, str]]:
        """What the server would refuse of ``payload`` replacing ``live_copy`` (its edit locks)."""
        return live_for(live_copy.kind).refusals(live_copy.stored, payload, datetime.now(UTC))

    def update(self, profile: Profile, live_copy: LiveCopy, payload: dict[str, Any]) -> Updated:
        """Send ``payload`` as the new version of ``live_copy``, only if the server still has that version.

        The server's copy is read first: a newer version stops the update (``stale``, with the new
        copy, so the operator sees the new diff); an edit lock the change breaks stops it too.
        """
        live = live_for(live_copy.kind)
        if live.update is None:
            return Updated(False, f"Updating a {live.what} on the server is not built yet; nothing was sent.")
        fresh = self.fetch(profile, live_copy.kind, live_copy.server_id)
        if isinstance(fresh, ApiResult):
            return Updated(
                False, f"Could not read {live_copy.label} before updating: {said(fresh)}", result=fresh
            )
        if fresh.version != live_copy.version:
            return Updated(
                False,
                f"{live_copy.label[0].upper()}{live_copy.label[1:]} changed on the server since it was fetched "
                f"({live_copy.fetched_at}); nothing was sent. Look at the changes against the server's new "
                "version and send again.",
                fresh,
                stale=True,
            )
        refused = live.refusals(fresh.stored, payload, datetime.now(UTC))
        if refused:
            lines = "; ".join(f"{code}: {message}" for code, message in refused)
            return Updated(
                False, f"Not sent: the server would refuse this change ({lines}).", fresh, refusals=refused
            )
        client = self._client(profile)
        if isinstance(client, ApiResult):
            return Updated(False, client.message, fresh, result=client)
        body = live.with_version(payload, fresh.stored)
        history = self.sender.history
        entry = history.record_attempt(
            profile.name,
            profile.host_label,
            f"update {live.what} {live_copy.server_id}",
            body,
            kind=live_copy.kind,
        )
        result = live.update(client, live_copy.server_id, body, fresh.stored)
        history.record_call(entry, result, client.secret_values())
        if not result.ok:
            return Updated(False, f"The server refused the update: {said(result)}", fresh, result=result)
        # The new base is the object the update answered with (what this update made), not a GET
        # after it: a change by someone else in between would be taken as ours, unseen.
        after: LiveCopy | ApiResult | str = self._as_copy(
            profile, live_copy.kind, live_copy.server_id, result.data
        )
        if isinstance(after, str):
            after = self.fetch(profile, live_copy.kind, live_copy.server_id)
        calls = f" {result.message}" if result.message and result.message != "Done." else ""
        return Updated(
            True,
            f"Updated {live_copy.label}.{calls}",
            after if isinstance(after, LiveCopy) else None,
            result=result,
        )

    def move(self, profile: Profile, live_copy: LiveCopy, verb: str, comment: str | None = None) -> Moved:
        """A lifecycle step (submit, approve, pause, ...), checked against the status first."""
        live = live_for(live_copy.kind)
        if live.move is None:
            return Moved(False, f"A {live.what} has no lifecycle steps.", refused_locally=True)
        client = self._client(profile)
        if isinstance(client, ApiResult):
            return Moved(False, client.message, result=client)
        return live.move(client, profile, self.sender.history, live_copy.server_id, verb, comment)
