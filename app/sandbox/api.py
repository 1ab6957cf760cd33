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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.sandbox.envelope import Answer, envelope, error_answer, not_allowed
from app.sandbox.promotions.api import PromotionsApi
from app.sandbox.promotions.store import PromotionStore
from app.sandbox.target_groups.api import TargetGroupsApi
from app.sandbox.target_groups.store import SandboxStore

INVALID_INPUT = 300004

_MD5_SHAPE = re.compile(r"[0-9a-f]{32}")


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
        self.target_groups = TargetGroupsApi(store, lambda: self.clock())
        self.promotions = PromotionsApi(PromotionStore(store.folder), lambda: self.clock())

    def handle(self, method: str, path: str, query: dict[str, str], headers: Any, body: Any) -> Answer:
        """Answer one request; ``body`` is parsed JSON, or ``ValueError`` when it was not JSON."""
        parts = [p for p in path.split("/") if p]
        if parts[:2] == ["v3", "oauth"] and parts[2:] == ["token", "generate"]:
            return self._generate_token(body) if method == "POST" else not_allowed()
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
        return self.target_groups.handle(method, parts[2:], query, body, caller.user)

    def _generate_token(self, body: Any) -> Answer:
        if not isinstance(body, dict):
            return error_answer(400, INVALID_INPUT, 'Send {"key": ..., "secret": ...} as JSON')
        token = self.auth.issue_token(str(body.get("key") or ""), str(body.get("secret") or ""))
        if token is None:
            return error_answer(401, 401, "Failed to generate OAuth token")
        return 200, envelope({"accessToken": token, "ttlSeconds": self.auth.token_ttl_seconds})
