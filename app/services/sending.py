"""The send flow without a UI: check, ask, submit once, record.

Two steps, so that a front end can ask its questions in between::

    sender = Sender()
    plan = sender.prepare(payload, "Local sandbox")   # validation, duplicate check, questions
    if plan.blocked: show plan.errors
    elif plan.questions and not operator_agrees(plan.questions): stop
    outcome = sender.send(plan, confirmed=True, cancel=event, progress=callback)

:meth:`Sender.send` blocks (run it off the GUI thread); it returns a :class:`SendOutcome`
and never raises for a network or server failure. A POST is never repeated by this module
once it may have reached the server; after an unknown outcome, :meth:`Sender.check_name`
tells whether the group exists.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.domain.base import WireModel
from app.domain.kinds import PayloadKind, all_kinds, kind_of
from app.domain.problems import Problem
from app.services import history as hist
from app.services.api_result import ApiError, ApiResult, CallKind
from app.services.credentials import (
    CredentialError,
    Credentials,
    CredentialVault,
    open_vault,
    sandbox_credentials,
)
from app.services.profiles import Profile, ProfileError, ProfileStore
from app.services.send_outcome import NameCheck, SendOutcome, SendStatus, outcome_from_result
from app.services.send_plan import SendPlan
from app.services.send_targets import target_for

if TYPE_CHECKING:
    from app.services.capillary_client import CapillaryClient

log = logging.getLogger(__name__)

DUPLICATE_WINDOW_SECONDS = 600.0

Progress = Callable[[str], None]


class Sender:
    """Sends payloads; keeps one HTTP client per profile so OAuth tokens are reused in memory."""

    def __init__(
        self,
        profiles: ProfileStore | None = None,
        vault: CredentialVault | None = None,
        history: hist.History | None = None,
    ) -> None:
        self.profiles = profiles or ProfileStore()
        self._vault = vault
        self._history = history
        self._clients: dict[tuple[str, str, Credentials], CapillaryClient] = {}
        self._lock = threading.Lock()
        self._in_flight: set[tuple[str, str]] = set()
        #: Secrets given for this session only (a locked or missing keychain), by profile name.
        self._session: dict[str, Credentials] = {}

    def use_for_session(self, profile: Profile, secret: str) -> None:
        """Use ``secret`` for ``profile`` until the app quits; it is kept in memory only."""
        from app.services.credentials import CredentialVault, SessionSecrets

        credentials = CredentialVault(SessionSecrets()).save_secret(profile, secret)
        with self._lock:
            self._session[profile.name.casefold()] = credentials

    @property
    def vault(self) -> CredentialVault:
        if self._vault is None:
            self._vault = open_vault()
        return self._vault

    @property
    def history(self) -> hist.History:
        with self._lock:
            if self._history is None:
                self._history = hist.History()
            return self._history

    def prepare(
        self,
        payload: dict[str, Any] | WireModel,
        profile: Profile | str,
        now: datetime | None = None,
        *,
        kind: PayloadKind | None = None,
    ) -> SendPlan:
        """Validate and look for a recent identical submission. Reads the history database.

        ``kind`` is told from the payload when not given (a promotion has top-level
        ``metadata`` and ``activities``).

        Raises:
            ProfileError: ``profile`` names no profile, or the profiles file is damaged.
            sqlite3.Error: the history database cannot be read.
        """
        target = self.profiles.get(profile) if isinstance(profile, str) else profile
        if isinstance(payload, WireModel):
            kind = kind or next(k for k in all_kinds() if isinstance(payload, k.model))
            problems = kind.validate_model(payload, now)
            wire = payload.to_wire()
            name = kind.name_of(payload)
        else:
            kind = kind or kind_of(payload)
            result = kind.load(payload)
            if result.model is not None:
                result.problems.extend(_rules_only(kind, result.model, now))
            problems = result.problems
            wire = result.model.to_wire() if result.model is not None else payload
            name = kind.name_of(result.model) if result.model is not None else ""
        plan = SendPlan(target, wire if isinstance(wire, dict) else {}, name, problems, kind=kind)
        if not plan.blocked:
            plan.duplicate = self.history.recent_duplicate(
                target.name, plan.payload_hash, within_seconds=DUPLICATE_WINDOW_SECONDS
            )
        return plan

    def send(
        self,
        plan: SendPlan,
        *,
        confirmed: bool = False,
        check_name: bool = False,
        cancel: threading.Event | None = None,
        progress: Progress | None = None,
        credentials: Credentials | None = None,
        inline: bool = False,
    ) -> SendOutcome:
        """Submit the plan once. Blocks; ``cancel`` may be set from another thread.

        Args:
            confirmed: the operator agreed to every one of ``plan.questions``.
            check_name: ask isValidName first and stop if the name is taken.
            credentials: use these instead of the keychain's (the CLI's environment variable).
            inline: make the request on the calling thread (a worker that is never cancelled
                mid-request, like the bulk runner's), not on one of its own that a cancel leaves.
        """
        cancel = cancel or threading.Event()
        report = progress or (lambda _stage: None)
        name = plan.payload_name
        if plan.blocked:
            return SendOutcome(
                SendStatus.INVALID,
                f"{len(plan.errors)} problem(s) must be fixed first.",
                name,
                problems=plan.errors,
            )
        if plan.questions and not confirmed:
            return SendOutcome(SendStatus.NEEDS_CONFIRMATION, " ".join(plan.questions), name)
        key = (plan.profile.name.casefold(), plan.payload_hash)
        with self._lock:
            if key in self._in_flight:
                return SendOutcome(
                    SendStatus.BUSY,
                    f"'{name}' is already being sent to {plan.profile.name}; wait for it.",
                    name,
                )
            self._in_flight.add(key)
        # A POST abandoned by cancel still counts as in flight until its answer comes.
        lease = {"keep": False}
        try:
            return self._send(
                plan, check_name, cancel, report, credentials, lambda: self._release(key), lease, inline
            )
        finally:
            if not lease["keep"]:
                self._release(key)

    def _release(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._in_flight.discard(key)

    def check_name(
        self,
        profile: Profile | str,
        name: str,
        credentials: Credentials | None = None,
        *,
        find_id: bool = True,
    ) -> NameCheck:
        """Whether a group called ``name`` exists on the profile's server (after an unknown outcome).

        With ``find_id``, an existing group's id is looked up in the group list (one more
        request, which lists every group of the org).
        """
        target = self.profiles.get(profile) if isinstance(profile, str) else profile
        client = self._client_or_outcome(target, name, credentials)
        if isinstance(client, SendOutcome):
            return NameCheck(None, client.message)
        result = client.is_valid_name(name)
        if not result.ok or not isinstance(result.data, bool):
            return NameCheck(None, f"The name check failed: {result.message}", result)
        if result.data:
            return NameCheck(
                False, f"No group named '{name}' exists on {target.name}; it is safe to send.", result
            )
        group_id = _find_id(client, name) if find_id else None
        where = f" (id {group_id})" if group_id else ""
        return NameCheck(
            True,
            f"A group named '{name}' exists on {target.name}{where}; do not send it again.",
            result,
            group_id,
        )

    def get_group(
        self, profile: Profile | str, group_id: int, credentials: Credentials | None = None
    ) -> ApiResult:
        """``GET v3/targetGroups/{id}`` on the profile's server (to open a sent group as a draft).

        Like every call here, failures come back as a result with the operator's message.
        """
        target = self.profiles.get(profile) if isinstance(profile, str) else profile
        client = self._client_or_outcome(target, str(group_id), credentials)
        if isinstance(client, SendOutcome):
            return ApiResult(CallKind.CONFIG, client.message)
        return client.get_target_group(group_id)

    def close(self) -> None:
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def _send(
        self,
        plan: SendPlan,
        check_name: bool,
        cancel: threading.Event,
        report: Progress,
        creds: Credentials | None,
        release: Callable[[], None],
        lease: dict[str, bool],
        inline: bool = False,
    ) -> SendOutcome:
        name = plan.payload_name
        if cancel.is_set():
            return SendOutcome(SendStatus.CANCELLED, "Cancelled; nothing was sent.", name)
        client = self._client_or_outcome(plan.profile, name, creds)
        if isinstance(client, SendOutcome):
            return client
        target = target_for(plan.kind.name)
        if check_name and target.name_check:
            report("Checking the name")
            free = _in_flight(lambda: client.is_valid_name(name), cancel, inline=inline)
            if free is None:
                return SendOutcome(
                    SendStatus.CANCELLED, "Cancelled during the name check; nothing was sent.", name
                )
            if free.ok and free.data is False:
                code = target.name_taken_code
                what = target.what
                error = ApiError(
                    code or 0,
                    f"{what[:1].upper()}{what[1:]} name already exists",
                    _explain(code) if code else None,
                    plan.kind.name_path,
                )
                return SendOutcome(
                    SendStatus.NAME_TAKEN,
                    f"A {what} named '{name}' already exists on {plan.profile.name}; nothing was sent.",
                    name,
                    result=free,
                    errors=[error],
                )
            if not free.ok:
                return SendOutcome(
                    SendStatus.FAILED,
                    f"The name check failed, so nothing was sent: {free.message}",
                    name,
                    result=free,
                )
        if cancel.is_set():
            return SendOutcome(SendStatus.CANCELLED, "Cancelled; nothing was sent.", name)
        report("Sending")
        history = self.history
        try:
            entry_id = history.record_attempt(
                plan.profile.name,
                plan.profile.host_label,
                name,
                plan.payload,
                kind=plan.kind.name,
                text=plan.payload_text,
                content_hash=plan.payload_hash,
            )
        except sqlite3.Error as exc:
            message = (
                str(exc)
                if isinstance(exc, hist.HistoryUnavailable)
                else f"The history database cannot be written ({exc}), so nothing was sent: every "
                "submission must be recorded."
            )
            return SendOutcome(SendStatus.CONFIG, message, name)
        holder: dict[str, SendOutcome] = {}
        done_lock = threading.Lock()

        def finish(result: ApiResult) -> None:
            outcome = outcome_from_result(result, name, plan.profile.name, target_for(plan.kind.name))
            outcome.history_id = entry_id
            with done_lock:
                late = "cancelled" in holder
                if late:
                    outcome.message = f"(answer after cancel) {outcome.message}"
                holder["outcome"] = outcome
            _record(history, entry_id, outcome, client.secret_values())
            if late:
                release()

        result = _in_flight(
            lambda: self._create(plan, client, creds), cancel, on_late_result=finish, inline=inline
        )
        if result is None:
            with done_lock:
                if "outcome" in holder:  # the answer won the race after all
                    return holder["outcome"]
                lease["keep"] = True
                holder["cancelled"] = SendOutcome(
                    SendStatus.CANCELLED,
                    f"Cancelled while waiting for the answer: '{name}' may have been created on "
                    f"{plan.profile.name}. Check by name before sending again.",
                    name,
                    outcome_unknown=True,
                    history_id=entry_id,
                )
                history.record_outcome(entry_id, hist.CANCELLED, message=holder["cancelled"].message)
                return holder["cancelled"]
        finish(result)
        return holder["outcome"]

    def client_for(
        self, profile: Profile | str, credentials: Credentials | None = None
    ) -> CapillaryClient | SendOutcome:
        """The client of a profile's server (its secret from the keychain), or why there is none.

        Raises:
            ProfileError: ``profile`` names no profile, or the profiles file is damaged.
        """
        target = self.profiles.get(profile) if isinstance(profile, str) else profile
        return self._client_or_outcome(target, target.name, credentials)

    def _client_or_outcome(
        self, profile: Profile, name: str, creds: Credentials | None
    ) -> CapillaryClient | SendOutcome:
        if creds is None and not profile.is_sandbox:
            with self._lock:
                creds = self._session.get(profile.name.casefold())
        try:
            if creds is None:
                creds = sandbox_credentials() if profile.is_sandbox else self.vault.load(profile)
        except CredentialError as exc:
            return SendOutcome(SendStatus.CONFIG, f"{exc}.", name, needs_secret=True)
        if creds is None:
            return SendOutcome(
                SendStatus.CONFIG,
                f"No password or secret is stored for '{profile.name}'; enter it in the profile first.",
                name,
                needs_secret=True,
            )
        from app.services.sandbox_runtime import SandboxUnavailable

        try:
            return self._client(profile, creds)
        except ProfileError as exc:
            return SendOutcome(SendStatus.CONFIG, str(exc), name)
        except SandboxUnavailable as exc:
            return SendOutcome(SendStatus.FAILED, str(exc), name)

    def _create(self, plan: SendPlan, client: CapillaryClient, creds: Credentials | None) -> ApiResult:
        """POST the payload. On the local sandbox, a refused connection means the instance that served
        this data folder has just exited (nothing was received): ask again which one serves it, once."""
        path = target_for(plan.kind.name).path
        result = client.create(path, plan.payload, text=plan.payload_text)
        if plan.profile.is_sandbox and result.kind is CallKind.REFUSED:
            with self._lock:
                self._clients = {k: c for k, c in self._clients.items() if c is not client}
            fresh = self._client_or_outcome(plan.profile, plan.payload_name, creds)
            if not isinstance(fresh, SendOutcome):
                result = fresh.create(path, plan.payload, text=plan.payload_text)
        return result

    def _client(self, profile: Profile, creds: Credentials) -> CapillaryClient:
        from app.services.capillary_client import CapillaryClient

        if profile.is_sandbox:
            from app.services.sandbox_runtime import sandbox_url

            base = sandbox_url()
        else:
            base = profile.host
        key = (profile.name.casefold(), base, creds)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = CapillaryClient(
                    base, creds, ca_bundle=profile.ca_bundle, timeout_seconds=profile.timeout_seconds
                )
                self._clients[key] = client
            return client


def _in_flight(
    call: Callable[[], ApiResult],
    cancel: threading.Event,
    on_late_result: Callable[[ApiResult], None] | None = None,
    *,
    inline: bool = False,
) -> ApiResult | None:
    """Run ``call`` on its own thread; None if ``cancel`` is set first.

    A cancelled call is not interrupted (the request may already be on the wire); its
    result, when it comes, goes to ``on_late_result`` so the record ends up true. With
    ``inline`` the call runs on this thread and is not cancelled once started.
    """
    if inline:
        try:
            return call()
        except Exception as exc:  # a bug must still end with a message
            return ApiResult(CallKind.NETWORK, f"Unexpected failure: {exc!r}", outcome_unknown=True)
    box: list[ApiResult] = []
    done = threading.Event()
    lock = threading.Lock()
    abandoned = False

    def run() -> None:
        try:
            result = call()
        except Exception as exc:  # a bug must still end the wait with a message
            result = ApiResult(CallKind.NETWORK, f"Unexpected failure: {exc!r}", outcome_unknown=True)
        with lock:
            late = abandoned
            if not late:
                box.append(result)
                done.set()
        if late and on_late_result is not None:
            on_late_result(result)

    threading.Thread(target=run, name="tgb-request", daemon=True).start()
    while not done.wait(0.05):
        if cancel.is_set():
            with lock:
                if done.is_set():
                    break
                abandoned = True
            return None
    return box[0]


def _record(history: hist.History, entry_id: int, outcome: SendOutcome, secrets: tuple[str, ...]) -> None:
    """Complete the history row; a failure to write it is added to the message, never raised."""
    result = outcome.result
    log.info(
        "History row %s, %r: %s (HTTP %s, request id %s)",
        entry_id,
        outcome.payload_name,
        outcome.status.value,
        result.status if result else None,
        outcome.request_id,
    )
    try:
        _write_outcome(history, entry_id, outcome, secrets)
    except sqlite3.Error as exc:
        log.error("History row %s could not be completed: %s", entry_id, exc)
        outcome.message += f"\n(The history could not record this result: {exc}.)"


def _write_outcome(
    history: hist.History, entry_id: int, outcome: SendOutcome, secrets: tuple[str, ...]
) -> None:
    result = outcome.result
    history.record_outcome(
        entry_id,
        outcome.history_outcome,
        http_status=result.status if result else None,
        response=result.raw_text if result else None,
        created_id=outcome.created_id,
        request_id=outcome.request_id,
        error_codes=[e.code for e in outcome.errors],
        message=outcome.message,
        elapsed_ms=result.elapsed_ms if result else None,
        secrets=secrets,
    )


def _explain(code: int) -> str | None:
    from app.services.api_errors import explain

    return explain(code)


def _find_id(client: CapillaryClient, name: str) -> int | None:
    listing = client.list_target_groups()
    if listing.ok and isinstance(listing.data, list):
        for group in listing.data:
            if isinstance(group, dict) and str(group.get("name", "")).casefold() == name.casefold():
                group_id = group.get("id")
                return group_id if isinstance(group_id, int) else None
    return None


def _rules_only(kind: PayloadKind, model: WireModel, now: datetime | None) -> list[Problem]:
    """The rule problems of a freshly loaded model (its unknown fields were reported by the load)."""
    from app.domain.rules.common_catalogue import UNKNOWN_FIELD

    return [p for p in kind.validate_model(model, now) if p.rule != UNKNOWN_FIELD.id]
