"""The typed outcome of one API call, with the message the operator reads.

Kept free of ``httpx`` so that the UI can import it at start-up for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class CallKind(StrEnum):
    """How a call ended. Everything but ``OK`` is a failure with its own message."""

    OK = "ok"
    REJECTED = "rejected"  # the API answered with error codes
    UNAUTHORIZED = "unauthorized"  # 401 (after one token renewal for OAuth)
    FORBIDDEN = "forbidden"  # 403
    TOKEN_REFUSED = "token-refused"  # OAuth key/secret refused
    SERVER_ERROR = "server-error"  # 5xx
    NOT_JSON = "not-json"  # a body that is not JSON (an HTML page, a login form)
    UNEXPECTED = "unexpected"  # JSON, but not the {data, errors} envelope; or another HTTP status
    TIMEOUT = "timeout"  # sent, no answer in time
    CONNECT_TIMEOUT = "connect-timeout"  # could not connect in time; nothing was sent
    DNS = "dns"  # host name not found
    TLS = "tls"  # certificate or TLS handshake failure
    REFUSED = "refused"  # nothing listens at that address
    DROPPED = "dropped"  # the connection closed before an answer came
    NETWORK = "network"  # any other transport failure
    CONFIG = "config"  # the profile cannot be used as it is (http host, missing CA file...)
    CANCELLED = "cancelled"  # the operator cancelled


#: Kinds where the request may have been acted on although no clear answer came.
UNKNOWN_OUTCOME_KINDS = frozenset(
    {CallKind.TIMEOUT, CallKind.DROPPED, CallKind.SERVER_ERROR, CallKind.NOT_JSON, CallKind.NETWORK}
)


@dataclass(frozen=True)
class ApiError:
    """One ``errors[]`` item of the envelope, with our explanation and the field it points at."""

    code: int
    message: str
    explanation: str | None = None
    path: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "explanation": self.explanation,
            "path": self.path,
        }


@dataclass
class ApiResult:
    """What one call came to.

    Attributes:
        kind: how it ended.
        message: one or two sentences for the operator, saying what happened and what to do.
        status: the HTTP status, when an answer came.
        data: the envelope's ``data`` (the created group, a boolean for isValidName...).
        errors: the envelope's non-zero error items.
        warnings: the envelope's warnings, as sent.
        request_id: the ``X-Cap-Requestid`` header, for Capillary support.
        raw_text: the response body as received (cut at 2 MB), for "show raw response".
        outcome_unknown: the server may have acted on the request (a POST may have
            created the group) although no clear answer says so. Such a POST is never
            re-sent automatically.
        elapsed_ms: time from sending to the end of the answer.
    """

    kind: CallKind
    message: str
    status: int | None = None
    data: Any = None
    errors: list[ApiError] = field(default_factory=list)
    warnings: Any = None
    request_id: str | None = None
    raw_text: str | None = None
    outcome_unknown: bool = False
    elapsed_ms: int = 0

    @property
    def ok(self) -> bool:
        return self.kind is CallKind.OK

    @property
    def is_network_failure(self) -> bool:
        """No usable answer from the API (exit code 3 in the CLI)."""
        return self.kind not in (
            CallKind.OK,
            CallKind.REJECTED,
            CallKind.UNAUTHORIZED,
            CallKind.FORBIDDEN,
            CallKind.TOKEN_REFUSED,
            CallKind.CONFIG,
            CallKind.CANCELLED,
        )


def said(result: ApiResult) -> str:
    """A failed call in one line, with the server's codes (``310069: Target group name already exists``)."""
    if result.errors:
        return "; ".join(f"{e.code}: {e.message}" for e in result.errors)
    return result.message
