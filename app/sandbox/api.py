"""The sandbox's endpoints as plain functions: request in, (HTTP status, envelope) out.

Kept apart from the HTTP plumbing in :mod:`app.sandbox.server` so each answer can be read
as the API documents it (``docs/api/``): every body is Capillary's envelope
``{data, errors: [{code, message}], warnings}``, error codes are those of §4f, and
validation is the domain's own, the same list the editor shows.
"""

from __future__ import annotations

import base64
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.domain.validate import validate_payload
from app.sandbox.promotions import PromotionsApi, PromotionStore
from app.sandbox.shaping import shape_created_group
from app.sandbox.store import NAME_KINDS, NameTakenError, SandboxStore

INVALID_INPUT = 300004
NAME_EXISTS = 310069
GROUP_NOT_FOUND = 310017
INVALID_NAME_TYPE = 310145

_MD5_SHAPE = re.compile(r"[0-9a-f]{32}")

Envelope = dict[str, Any]
Answer = tuple[int, Envelope]


def envelope(
    data: Any = None, errors: list[dict[str, Any]] | None = None, warnings: list[dict[str, Any]] | None = None
) -> Envelope:
    return {"data": data, "errors": errors, "warnings": warnings or None}


def error_answer(status: int, code: int, message: str) -> Answer:
    return status, envelope(errors=[{"code": code, "message": message}])


@dataclass
class Caller:
    """Who a request came from: the till code (Basic) or the client key (OAuth)."""

    user: str


@dataclass
class AuthPolicy:
    """Which credentials the sandbox accepts.

    ``None`` for a mapping means "any": any till code with an MD5-shaped password, any
    non-empty client key and secret. ``denied`` users authenticate but get 403, as an
    account without the Target Loyalty access group does.
    """

    basic_accounts: dict[str, str] | None = None
    oauth_clients: dict[str, str] | None = None
    denied: frozenset[str] = frozenset()
    token_ttl_seconds: int = 300
    _tokens: dict[str, tuple[str, float]] = field(default_factory=dict)
    _issued: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue_token(self, key: str, secret: str) -> str | None:
        if not key or not secret:
            return None
        if self.oauth_clients is not None and self.oauth_clients.get(key) != secret:
            return None
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[token] = (key, time.monotonic() + self.token_ttl_seconds)
            self._issued.append(token)
        return token

    def issued_tokens(self) -> list[str]:
        """Every token handed out so far (tests check none of them was written anywhere)."""
        with self._lock:
            return list(self._issued)

    def revoke_tokens(self) -> None:
        """Forget every issued token (tests use it to make the next call answer 401)."""
        with self._lock:
            self._tokens.clear()

    def authenticate(self, headers: Any) -> Caller | None:
        token = headers.get("X-CAP-API-OAUTH-TOKEN")
        if token:
            with self._lock:
                entry = self._tokens.get(token)
            if entry and entry[1] > time.monotonic():
                return Caller(entry[0])
            return None
        scheme, _, value = (headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "basic" or not value:
            return None
        try:
            till, sep, digest = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        if not sep or not till or not _MD5_SHAPE.fullmatch(digest):
            return None
        if self.basic_accounts is not None and self.basic_accounts.get(till) != digest:
            return None
        return Caller(till)


class SandboxApi:
    """Routing and endpoint logic; thread-safe through the store's lock."""

    def __init__(self, store: SandboxStore, auth: AuthPolicy, clock: Callable[[], datetime] | None = None):
        self.store = store
        self.auth = auth
        self.clock = clock or (lambda: datetime.now(UTC))
        self.promotions = PromotionsApi(PromotionStore(store.folder), lambda: self.clock())

    def handle(self, method: str, path: str, query: dict[str, str], headers: Any, body: Any) -> Answer:
        """Answer one request; ``body`` is parsed JSON, or ``ValueError`` when it was not JSON."""
        parts = [p for p in path.split("/") if p]
        if parts[:2] == ["v3", "oauth"] and parts[2:] == ["token", "generate"]:
            return self._generate_token(body) if method == "POST" else _not_allowed()
        promotions = parts[:2] == ["v3", "promotions"] or parts[:3] == ["v3", "requests", "PROMOTION"]
        if parts[:2] != ["v3", "targetGroups"] and not promotions:
            return error_answer(404, 404, f"No such endpoint: {path}")
        caller = self.auth.authenticate(headers)
        if caller is None:
            return error_answer(401, 401, "Unauthorized: invalid or missing credentials")
        if caller.user in self.auth.denied:
            return error_answer(403, 403, "Forbidden: the Target Loyalty access group is not granted")
        if promotions:
            return self.promotions.handle(method, parts[1:], query, body, caller.user)
        rest = parts[2:]
        if method == "POST" and not rest:
            return self._create(body, caller)
        if method == "POST" and rest == ["isValidName"]:
            return self._is_valid_name(body)
        if method == "GET" and not rest:
            return 200, envelope([_view(g, query) for g in self.store.all() if _listed(g, query)])
        if method == "GET" and len(rest) == 1:
            return self._get(rest[0], query)
        return _not_allowed() if not rest or rest == ["isValidName"] else error_answer(404, 404, "Not found")

    def _generate_token(self, body: Any) -> Answer:
        if not isinstance(body, dict):
            return error_answer(400, INVALID_INPUT, 'Send {"key": ..., "secret": ...} as JSON')
        token = self.auth.issue_token(str(body.get("key") or ""), str(body.get("secret") or ""))
        if token is None:
            return error_answer(401, 401, "Failed to generate OAuth token")
        return 200, envelope({"accessToken": token, "ttlSeconds": self.auth.token_ttl_seconds})

    def _create(self, body: Any, caller: Caller) -> Answer:
        if isinstance(body, ValueError):
            return error_answer(400, INVALID_INPUT, f"Invalid input, check all values: {body}")
        result = validate_payload(body, now=self.clock())
        # The server's policy, not our house style: refuse only what the real server refuses (the
        # catalogue's errors); everything else is accepted and reported back as warnings.
        errors = [p for p in result.problems if p.is_error]
        warnings = [
            {"message": f"{p.path}: {p.message}" if p.path else p.message}
            for p in result.problems
            if not p.is_error
        ]
        if errors or result.group is None:
            return 400, envelope(errors=_dedupe(_error_item(p.api_code, p.path, p.message) for p in errors))
        payload = result.group.to_wire()
        name = str(payload.get("name") or "")
        try:
            group = self.store.create(
                name, lambda ids: shape_created_group(payload, ids, caller.user, self.clock())
            )
        except NameTakenError:
            return error_answer(400, NAME_EXISTS, "Target group name already exists")
        return 200, envelope(group, warnings=warnings)

    def _is_valid_name(self, body: Any) -> Answer:
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            return error_answer(400, INVALID_INPUT, "Invalid input, check all values: send {type, value}")
        kind = body.get("type")
        if kind not in NAME_KINDS:
            return error_answer(400, INVALID_NAME_TYPE, f"Invalid key passed: {kind}")
        return 200, envelope(not self.store.name_in_use(kind, body["value"]))

    def _get(self, raw_id: str, query: dict[str, str]) -> Answer:
        try:
            group_id = int(raw_id)
        except ValueError:
            return error_answer(400, INVALID_INPUT, f"Invalid input, check all values: id {raw_id!r}")
        group = self.store.get(group_id)
        if group is None:
            return error_answer(404, GROUP_NOT_FOUND, "Target group not found or deactivated")
        return 200, envelope(_view(group, {"includePeriods": "true", **query}))


def _error_item(code: int | None, path: str, message: str) -> dict[str, Any]:
    where = f"{path}: " if path else ""
    if code is None:
        return {"code": INVALID_INPUT, "message": f"Invalid input, check all values. {where}{message}"}
    return {"code": code, "message": f"{where}{message}"}


def _dedupe(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[int, str]] = set()
    out = []
    for item in items:
        key = (item["code"], item["message"])
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _flag(query: dict[str, str], name: str, default: bool = False) -> bool:
    value = query.get(name)
    return default if value is None else value.strip().lower() == "true"


def _listed(group: dict[str, Any], query: dict[str, str]) -> bool:
    if group.get("userCreated") and not _flag(query, "includeUserCreatedTargetGroups"):
        return False
    return not (_flag(query, "includeOnlyActive") and not group.get("active", True))


def _view(group: dict[str, Any], query: dict[str, str]) -> dict[str, Any]:
    if _flag(query, "includePeriods"):
        return group
    return {key: value for key, value in group.items() if key != "periods"}


def _not_allowed() -> Answer:
    return error_answer(405, 405, "Method not allowed")
