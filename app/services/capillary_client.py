"""The HTTP client for Capillary's v3 target group API (and the sandbox, which answers alike).

Every call returns an :class:`~app.services.api_result.ApiResult`; nothing raises for a
network or server failure, because each of those needs its own words for the operator.
Rules kept here:

* HTTPS for every host that is not loopback; certificate checks always on (a profile may
  add a CA bundle); every request has connect and read timeouts; no redirects followed.
* A request is never re-sent after it may have reached the server, with one exception
  the API documents: an OAuth token is fetched again once after a 401, and the
  rejected request is sent again (a 401 means the server did not act on it).
* OAuth tokens live only in this object's memory, until shortly before ``ttlSeconds``.
"""

from __future__ import annotations

import json
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import certifi
import httpx

from app import __version__
from app.domain import jsontext
from app.services import api_errors
from app.services.api_result import ApiError, ApiResult, CallKind
from app.services.credentials import BasicCredentials, Credentials, OAuthCredentials
from app.services.http_limits import (
    ACCEPT_ENCODING,
    BadAnswer,
    DeadlinePassed,
    answer_deadline,
    read_capped,
    with_deadlines,
)
from app.services.profiles import ProfileError, is_loopback, normalize_host
from app.services.secret_forms import derived_forms, scrub_text, scrub_value

CREATE_PATH = "v3/targetGroups"
PROMOTIONS_PATH = "v3/promotions"
IS_VALID_NAME_PATH = "v3/targetGroups/isValidName"
TOKEN_PATH = "v3/oauth/token/generate"
TOKEN_HEADER = "X-CAP-API-OAUTH-TOKEN"
REQUEST_ID_HEADER = "X-Cap-Requestid"

MAX_RAW_CHARS = 2 * 1024 * 1024
#: Renew a token this long before it runs out (never more than a fifth of its life).
TOKEN_MARGIN_SECONDS = 30.0

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


class CapillaryClient:
    """One host with one set of credentials; thread-safe, reuse it to keep the OAuth token.

    Raises:
        ProfileError: from the constructor when the base URL is not usable (plain http
            to a remote host, a CA bundle that cannot be read).
    """

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        ca_bundle: str | None = None,
        timeout_seconds: float = 60.0,
        connect_timeout_seconds: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        url = normalize_host(base_url)
        host = urlsplit(url).hostname or ""
        loopback = is_loopback(host)
        if not url.startswith("https://") and not loopback:
            raise ProfileError(f"{url} is not HTTPS; only the local machine may be reached over http.")
        self.base_url = url.rstrip("/") + "/"
        self.credentials = credentials
        self._clock = clock
        self._token: tuple[str, float] | None = None
        self._token_lock = threading.RLock()  # _clean reads the tokens while a fetch holds it
        self._tokens_seen: list[str] = []
        self.token_fetches = 0
        #: The whole of an answer (connect, headers, body) must be in within this many seconds.
        self.deadline_seconds = timeout_seconds
        verify: Any = _tls_context(ca_bundle) if url.startswith("https://") or ca_bundle else False
        if transport is None:
            transport = with_deadlines(httpx.HTTPTransport(verify=verify, trust_env=not loopback))
        self._http = httpx.Client(
            base_url=self.base_url,
            # Plain http is only ever the local machine (checked above): no TLS to verify, so the
            # certificate bundle (tens of milliseconds to load) is left unread.
            verify=verify,
            timeout=httpx.Timeout(timeout_seconds, connect=connect_timeout_seconds),
            follow_redirects=False,
            trust_env=not loopback,
            transport=transport,
            headers={
                "Accept": "application/json",
                "Accept-Encoding": ACCEPT_ENCODING,
                "User-Agent": f"TargetGroupBuilder/{__version__}",
            },
        )

    def close(self) -> None:
        self._http.close()

    def secret_values(self) -> tuple[str, ...]:
        """The credentials' secrets and every token this client was given: never to be written anywhere."""
        with self._token_lock:
            tokens = tuple(self._tokens_seen)
        return (*self.credentials.secret_values(), *tokens)

    def _clean(self, result: ApiResult) -> ApiResult:
        """The result with every form of every secret blanked out of what the server sent.

        The whole answer is first searched as one text (a fast scan in C); only an answer that
        holds some form of a secret is scrubbed field by field.
        """
        forms = derived_forms(self.secret_values())
        if forms and not _mentions(result, forms):
            return result
        result.message = scrub_text(result.message, forms) or ""
        result.raw_text = scrub_text(result.raw_text, forms)
        result.request_id = scrub_text(result.request_id, forms)
        result.errors = [
            ApiError(e.code, scrub_text(e.message, forms) or "", e.explanation, e.path) for e in result.errors
        ]
        result.warnings = scrub_value(result.warnings, forms)
        result.data = scrub_value(result.data, forms)
        return result

    def create_target_group(self, payload: dict[str, Any]) -> ApiResult:
        """``POST v3/targetGroups``. On failure, errors carry our explanation and field path."""
        return self.create(CREATE_PATH, payload)

    def create(self, path: str, payload: dict[str, Any], text: str | None = None) -> ApiResult:
        """POST a payload to a create endpoint; on failure, errors carry our explanation and field path.

        ``text``: the payload already as JSON text (sent as it is, not encoded again).
        """
        result = self._call("POST", path, payload if text is None else _Encoded(text), may_change_server=True)
        if result.errors:
            result.errors = [
                ApiError(
                    e.code,
                    e.message,
                    api_errors.explain(e.code),
                    api_errors.locate(e.code, e.message, payload),
                )
                for e in result.errors
            ]
        return result

    def is_valid_name(self, name: str, kind: str = "targetGroupName") -> ApiResult:
        """``POST v3/targetGroups/isValidName``: ``data`` is True when the name is free."""
        return self._call("POST", IS_VALID_NAME_PATH, {"type": kind, "value": name})

    def list_target_groups(self, include_periods: bool = False) -> ApiResult:
        params = {"includePeriods": _flag(include_periods), "includeUserCreatedTargetGroups": "true"}
        return self._call("GET", CREATE_PATH, params=params)

    def get_target_group(self, group_id: int) -> ApiResult:
        return self._call("GET", f"{CREATE_PATH}/{int(group_id)}", params={"includePeriods": "true"})

    # promotions (v3/promotions) ---------------------------------------------------------------

    def get_promotion(self, promotion_id: str) -> ApiResult:
        """``GET v3/promotions/{id}``."""
        if (bad := _bad_promotion_id(promotion_id)) is not None:
            return bad
        return self._call("GET", f"{PROMOTIONS_PATH}/{quote(promotion_id, safe='')}")

    def list_promotions(
        self, *, search: str | None = None, status: str | None = None, page: int = 0, size: int = 10
    ) -> ApiResult:
        """``GET v3/promotions`` (a Spring page in ``data``)."""
        params = {"page": str(page), "size": str(size)}
        if search:
            params["searchText"] = search
        if status:
            params["status"] = status
        return self._call("GET", PROMOTIONS_PATH, params=params)

    def update_promotion(self, promotion_id: str, payload: dict[str, Any]) -> ApiResult:
        """``PUT v3/promotions/{id}``: a full replacement."""
        if (bad := _bad_promotion_id(promotion_id)) is not None:
            return bad
        return self._call(
            "PUT", f"{PROMOTIONS_PATH}/{quote(promotion_id, safe='')}", payload, may_change_server=True
        )

    def update_call(self, method: str, path: str, body: Any) -> ApiResult:
        """One of an update's calls (a target group's ``editTargetGroup``, ``targetPeriods``, target
        edit, ``unifiedTargets``): ``path`` from the API root, made by the kind's update plan."""
        if method not in ("PUT", "POST") or not path.startswith("v3/") or ".." in path:
            return ApiResult(CallKind.CONFIG, f"Not an update call: {method} {path}")
        return self._call(method, path, body, may_change_server=True)

    def change_promotion_status(self, promotion_id: str, existing: str, value: str) -> ApiResult:
        """``PUT v3/requests/PROMOTION/{id}/status?existingStatus=…`` with ``{"promotionStatus": value}``.

        The server answers a wrong ``existingStatus`` with HTTP 200 and an error (310191); the
        result is a refusal all the same, because ``errors`` are read whatever the status.
        """
        if (bad := _bad_promotion_id(promotion_id)) is not None:
            return bad
        return self._call(
            "PUT",
            f"v3/requests/PROMOTION/{quote(promotion_id, safe='')}/status",
            {"promotionStatus": value},
            params={"existingStatus": existing},
            may_change_server=True,
        )

    def review_promotion(self, promotion_id: str, approval: str, comment: str | None = None) -> ApiResult:
        """``POST v3/promotions/{id}/review`` with ``{"approvalStatus": APPROVE|REJECT, "comment"}``."""
        if (bad := _bad_promotion_id(promotion_id)) is not None:
            return bad
        body: dict[str, Any] = {"approvalStatus": approval}
        if comment:
            body["comment"] = comment
        return self._call(
            "POST", f"{PROMOTIONS_PATH}/{quote(promotion_id, safe='')}/review", body, may_change_server=True
        )

    def _call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: dict[str, str] | None = None,
        may_change_server: bool = False,
    ) -> ApiResult:
        renewed = False
        while True:
            auth = self._auth_headers()
            if isinstance(auth, ApiResult):
                return auth
            result = self._send(method, path, body, params, auth, may_change_server)
            if (
                result.kind is CallKind.UNAUTHORIZED
                and isinstance(self.credentials, OAuthCredentials)
                and not renewed
            ):
                with self._token_lock:
                    self._token = None
                renewed = True
                continue
            return result

    def _auth_headers(self) -> dict[str, str] | ApiResult:
        creds = self.credentials
        if isinstance(creds, BasicCredentials):
            return {"Authorization": creds.authorization()}
        with self._token_lock:
            now = self._clock()
            if self._token is None or self._token[1] <= now:
                fetched = self._fetch_token(creds)
                if isinstance(fetched, ApiResult):
                    return fetched
                self._token = fetched
                self._tokens_seen.append(fetched[0])
            return {TOKEN_HEADER: self._token[0]}

    def _fetch_token(self, creds: OAuthCredentials) -> tuple[str, float] | ApiResult:
        self.token_fetches += 1
        result = self._send("POST", TOKEN_PATH, {"key": creds.client_key, "secret": creds.secret_values()[0]})
        if result.kind is CallKind.UNAUTHORIZED or (result.kind is CallKind.REJECTED and result.status):
            return _fail(
                CallKind.TOKEN_REFUSED,
                "The OAuth client key or secret was refused (or the client lacks the access group). "
                "Check the profile's client key and enter the secret again.",
                result,
            )
        if not result.ok:
            result.message = f"Could not get an OAuth token: {result.message}"
            result.raw_text = None
            return result
        data = result.data if isinstance(result.data, dict) else {}
        token, ttl = data.get("accessToken"), data.get("ttlSeconds")
        if not isinstance(token, str) or not token or not isinstance(ttl, int | float):
            return ApiResult(
                CallKind.UNEXPECTED,
                "The token answer has no accessToken and ttlSeconds; is this a Capillary API host?",
                status=result.status,
                request_id=result.request_id,
            )
        margin = min(TOKEN_MARGIN_SECONDS, max(float(ttl), 0.0) / 5)
        return token, self._clock() + float(ttl) - margin

    def _send(
        self,
        method: str,
        path: str,
        body: Any,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        may_change_server: bool = False,
    ) -> ApiResult:
        started = time.monotonic()
        if body is None:
            content = None
        elif isinstance(body, _Encoded):
            content = body.text.encode("utf-8")
        else:
            content = json.dumps(body, ensure_ascii=False).encode("utf-8")
        request_headers = dict(headers or {})
        if content is not None:
            request_headers["Content-Type"] = "application/json"
        with answer_deadline(self.deadline_seconds):
            try:
                request = self._http.build_request(
                    method, path, content=content, params=params, headers=request_headers
                )
                response = self._http.send(request, stream=True)
                try:
                    raw = read_capped(response)
                finally:
                    response.close()
            except httpx.HTTPError as exc:
                result = _transport_failure(exc, self.base_url, may_change_server, self.deadline_seconds)
            except DeadlinePassed:
                result = _too_slow(self.base_url, may_change_server, self.deadline_seconds)
            except BadAnswer as exc:
                result = ApiResult(
                    CallKind.UNEXPECTED,
                    f"{urlsplit(self.base_url).netloc} sent an answer that cannot be taken: {exc}."
                    + _unknown_note(may_change_server, "this answer"),
                    status=response.status_code,
                    request_id=response.headers.get(REQUEST_ID_HEADER),
                    outcome_unknown=may_change_server,
                )
            else:
                result = _interpret(response, raw, may_change_server)
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
        return self._clean(result)


def _texts(value: Any) -> Iterator[str]:
    """Every key and value of a JSON value as text (numbers as Python writes them)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif item is not None:
            yield str(item)


#: JSON escapes that can write a character a secret's form may hold (an escaped quote, backslash or
#: control character cannot: a form holding one has the data's texts searched instead).
_HIDING_ESCAPE = re.compile(r"\\[u/]")


@dataclass(frozen=True)
class _Encoded:
    """A request body already encoded as JSON text."""

    text: str


_PROMOTION_ID = re.compile(r"[0-9a-fA-F]{24}")


def is_promotion_id(text: object) -> bool:
    """Whether ``text`` has the shape of a promotion id (24 hexadecimal digits)."""
    return isinstance(text, str) and _PROMOTION_ID.fullmatch(text) is not None


def _bad_promotion_id(promotion_id: str) -> ApiResult | None:
    """A promotion id must be 24 hexadecimal digits before it goes into a URL (``..`` must not)."""
    if is_promotion_id(promotion_id):
        return None
    return ApiResult(
        CallKind.CONFIG,
        f"{str(promotion_id)[:40]!r} is not a promotion id (24 hexadecimal digits); nothing was sent.",
    )


def _mentions(result: ApiResult, forms: list[str]) -> bool:
    """Whether any form of a secret appears anywhere in the result.

    The data and warnings are read from the raw text (:func:`_interpret`), so each of their values
    appears in it as it is unless an escape or a number written differently hides it: a ``\\u``
    or ``\\/`` escape, a fraction (read as a float), or a form holding a quote, a backslash or a
    control character (written escaped). Only then are their texts searched one by one (JSON
    written out would escape a quote again).
    """
    raw = result.raw_text or ""
    values = ""
    if (result.data is not None or result.warnings) and (
        not raw
        or _HIDING_ESCAPE.search(raw)
        or jsontext.has_fraction(raw)
        or not all(form.isprintable() and '"' not in form and "\\" not in form for form in forms)
    ):
        values = "\n".join(_texts([result.data, result.warnings]))
    parts = [result.message, raw, result.request_id or "", values]
    parts += [e.message for e in result.errors]
    blob = "\n".join(parts)
    return any(form in blob for form in forms)


def _tls_context(ca_bundle: str | None) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=certifi.where())
    if ca_bundle:
        try:
            context.load_verify_locations(cafile=ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise ProfileError(f"The CA bundle {ca_bundle} cannot be used: {exc}") from None
    return context


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _fail(kind: CallKind, message: str, source: ApiResult) -> ApiResult:
    return ApiResult(
        kind,
        message,
        status=source.status,
        errors=source.errors,
        request_id=source.request_id,
        raw_text=source.raw_text,
    )


def _interpret(response: httpx.Response, raw: bytes, may_change_server: bool) -> ApiResult:
    """Sort an answer (its unpacked body ``raw``) into one of the kinds, reading the envelope."""
    status = response.status_code
    request_id = response.headers.get(REQUEST_ID_HEADER)
    text = raw.decode(response.encoding or "utf-8", errors="replace")[:MAX_RAW_CHARS]
    base: dict[str, Any] = {"status": status, "request_id": request_id, "raw_text": text}
    document: Any = None
    parsed = False
    try:
        document = jsontext.parse(text, find_duplicates=False).value if text.strip() else None
        parsed = document is not None
    except jsontext.JsonTextError:
        pass  # not JSON, or JSON no answer of the API can be (NaN, 100,000 levels deep...)
    errors = _errors(document)
    server_says = "; ".join(f"{e.code}: {e.message}" for e in errors)
    if status == 401:
        return ApiResult(
            CallKind.UNAUTHORIZED,
            "The server refused the credentials (HTTP 401). Check the till code and password (or the "
            "OAuth client) in the profile." + (f" Server: {server_says}." if server_says else ""),
            errors=errors,
            **base,
        )
    if status == 403:
        return ApiResult(
            CallKind.FORBIDDEN,
            "The credentials are valid but not allowed to do this (HTTP 403): the till or OAuth client "
            "needs the Target Loyalty access group." + (f" Server: {server_says}." if server_says else ""),
            errors=errors,
            **base,
        )
    if status >= 500:
        what = f"an error envelope ({server_says})" if errors else _describe_body(response, text, parsed)
        return ApiResult(
            CallKind.SERVER_ERROR,
            f"The server failed (HTTP {status}) and sent {what}."
            + _unknown_note(may_change_server, "a server error"),
            errors=errors,
            outcome_unknown=may_change_server,
            **base,
        )
    if not parsed:
        return ApiResult(
            CallKind.NOT_JSON,
            f"The server answered HTTP {status} with {_describe_body(response, text, parsed)} instead of "
            "JSON; the host may be wrong, or a proxy or login page is in the way."
            + _unknown_note(may_change_server and status < 300, "an answer that is not JSON"),
            outcome_unknown=may_change_server and status < 300,
            **base,
        )
    if errors:
        return ApiResult(
            CallKind.REJECTED,
            f"The API refused the request (HTTP {status}) with {len(errors)} error"
            f"{'s' if len(errors) != 1 else ''}:",
            errors=errors,
            warnings=document.get("warnings") if isinstance(document, dict) else None,
            **base,
        )
    if not isinstance(document, dict) or "data" not in document or not 200 <= status < 300:
        return ApiResult(
            CallKind.UNEXPECTED,
            f"The server answered HTTP {status} with JSON that is not a Capillary API answer; "
            "check the host of the profile.",
            outcome_unknown=may_change_server and 200 <= status < 300,
            **base,
        )
    return ApiResult(CallKind.OK, "Done.", data=document["data"], warnings=document.get("warnings"), **base)


def _errors(document: Any) -> list[ApiError]:
    """Non-zero ``errors[]`` items (a zero code with data is how some APIs say "fine")."""
    if not isinstance(document, dict) or not isinstance(document.get("errors"), list):
        return []
    out = []
    for item in document["errors"]:
        if not isinstance(item, dict):
            continue
        try:
            code = int(item.get("code") or 0)
        except (TypeError, ValueError):
            code = -1
        if code != 0:
            out.append(ApiError(code, str(item.get("message") or "")))
    return out


def _describe_body(response: httpx.Response, text: str, parsed: bool) -> str:
    kind = response.headers.get("Content-Type", "no content type").split(";")[0].strip()
    if not text.strip():
        return "an empty body"
    title = _TITLE.search(text)
    if title:
        return f'an HTML page ("{" ".join(title.group(1).split())[:80]}")'
    return f"a {kind} body" if not parsed else "JSON"


def _unknown_note(applies: bool, what: str) -> str:
    if not applies:
        return ""
    return f" After {what} the group may or may not have been created: check by name before sending again."


def _too_slow(base_url: str, may_change_server: bool, seconds: float) -> ApiResult:
    host = urlsplit(base_url).netloc
    return ApiResult(
        CallKind.TIMEOUT,
        f"{host} did not send its whole answer within {seconds:g} s (the profile's timeout)."
        + _unknown_note(may_change_server, "a timeout")
        + ("" if may_change_server else " Try again later."),
        outcome_unknown=may_change_server,
    )


def _transport_failure(
    exc: httpx.HTTPError, base_url: str, may_change_server: bool, seconds: float = 60.0
) -> ApiResult:
    host = urlsplit(base_url).netloc
    causes = _causes(exc)
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return ApiResult(
            CallKind.CONNECT_TIMEOUT,
            f"Could not connect to {host} in time; nothing was sent. Check the network or VPN.",
        )
    if isinstance(exc, httpx.TimeoutException):
        return _too_slow(base_url, may_change_server, seconds)
    if isinstance(exc, httpx.ConnectError):
        if any(isinstance(c, socket.gaierror) for c in causes) or "Name or service not known" in detail:
            return ApiResult(
                CallKind.DNS, f"The host name {host} was not found (DNS). Check the profile's host."
            )
        if any(isinstance(c, ssl.SSLError) for c in causes) or "CERTIFICATE_VERIFY_FAILED" in detail:
            reason = next(
                (c.verify_message for c in causes if isinstance(c, ssl.SSLCertVerificationError)), ""
            )
            return ApiResult(
                CallKind.TLS,
                f"The secure connection to {host} failed ({reason or detail}); nothing was sent. If a "
                "company proxy inspects traffic, set its CA bundle in the profile.",
            )
        if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in detail.lower():
            return ApiResult(CallKind.REFUSED, f"Nothing is listening at {host} (connection refused).")
        return ApiResult(CallKind.NETWORK, f"Could not connect to {host}: {detail}.")
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return ApiResult(
            CallKind.DROPPED,
            f"The connection to {host} closed before an answer came."
            + _unknown_note(may_change_server, "a dropped connection"),
            outcome_unknown=may_change_server,
        )
    return ApiResult(
        CallKind.NETWORK,
        f"The request to {host} failed: {detail}." + _unknown_note(may_change_server, "this failure"),
        outcome_unknown=may_change_server,
    )


def _causes(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    seen: set[int] = set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        out.append(node)
        node = node.__cause__ or node.__context__
    return out
