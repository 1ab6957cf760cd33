"""Every form a secret can take in a server's or proxy's text, and scrubbing them out.

A server that echoes the request back (an error message, a redirect URL, a header) can return a
credential in a form other than the one we hold: the Basic header's base64 of ``till:md5``, that
base64 URL-encoded (``%3D``), the MD5 digest in upper case, the OAuth token, base64 of a secret.
:func:`derived_forms` lists them all; :func:`scrub_text` and :func:`scrub_value` blank each one
wherever server text is shown, logged or stored.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import quote, quote_plus

REDACTED = "[redacted]"
#: Shorter strings would blank ordinary words; no secret of ours is that short.
MIN_SECRET_LENGTH = 6


def _encodings(value: str) -> set[str]:
    raw = value.encode("utf-8")
    b64 = base64.b64encode(raw).decode("ascii")
    urlsafe = base64.urlsafe_b64encode(raw).decode("ascii")
    return {value, b64, b64.rstrip("="), urlsafe, urlsafe.rstrip("="), raw.hex()}


def _url_forms(value: str) -> set[str]:
    forms = {value, quote(value, safe=""), quote_plus(value, safe="")}
    return forms | {f.replace("%3D", "%3d").replace("%2B", "%2b").replace("%2F", "%2f") for f in forms}


def derived_forms(secrets: Iterable[str]) -> list[str]:
    """Every form of ``secrets`` worth scrubbing, longest first (so no form is left half-blanked).

    Computed once per set of secrets (a client asks for every answer it reads).
    """
    return list(_derived_forms(tuple(secrets)))


@lru_cache(maxsize=64)
def _derived_forms(secrets: tuple[str, ...]) -> tuple[str, ...]:
    forms: set[str] = set()
    for secret in secrets:
        if not secret or len(secret) < MIN_SECRET_LENGTH:
            continue
        for base in {secret, secret.lower(), secret.upper()}:
            for encoded in _encodings(base):
                forms |= _url_forms(encoded)
    return tuple(sorted((f for f in forms if len(f) >= MIN_SECRET_LENGTH), key=len, reverse=True))


def scrub_text(text: str | None, forms: list[str]) -> str | None:
    """``text`` with every form blanked out."""
    if not text or not forms:
        return text
    for form in forms:
        if form in text:
            text = text.replace(form, REDACTED)
    return text


def scrub_value(value: Any, forms: list[str]) -> Any:
    """A JSON value with every string (keys included) scrubbed."""
    if not forms:
        return value
    if isinstance(value, str):
        return scrub_text(value, forms)
    if isinstance(value, list):
        return [scrub_value(item, forms) for item in value]
    if isinstance(value, dict):
        return {
            scrub_text(key, forms) if isinstance(key, str) else key: scrub_value(v, forms)
            for key, v in value.items()
        }
    return value


#: Parts of a key (lower case, without - _ and spaces) that mark a credential or profile data.
_SECRET_KEY_PARTS = (
    "password",
    "passwd",
    "secret",
    "token",
    "authorization",
    "apikey",
    "accesskey",
    "privatekey",
    "clientkey",
    "credential",
    "cookie",
    "bearer",
    "username",
    "tillcode",
)
_SECRET_VALUE = re.compile(
    r"^\s*(?:(?:basic|bearer)\s+[A-Za-z0-9+/=._~-]{12,}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*)\s*$",
    re.IGNORECASE,
)


def find_secrets(value: Any, path: str = "") -> list[str]:
    """Paths of keys named like credentials (token, password...) and of values shaped like
    an Authorization header or a JWT, anywhere in a JSON document."""
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            normal = re.sub(r"[\s_.-]", "", str(key)).lower()
            if any(part in normal for part in _SECRET_KEY_PARTS):
                out.append(child)
            out.extend(find_secrets(item, child))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.extend(find_secrets(item, f"{path}[{index}]"))
    elif isinstance(value, str) and _SECRET_VALUE.match(value):
        out.append(path)
    return out
