"""A ``curl`` command that reproduces the create request, safe to paste anywhere.

The command never carries a secret: the Authorization header is always the placeholder
:data:`CREDENTIALS_PLACEHOLDER`, and the host is a placeholder until the operator has
chosen a profile. The body is the payload JSON exactly as the app would send it.
"""

from __future__ import annotations

import shlex

CREATE_PATH = "v3/targetGroups"
HOST_PLACEHOLDER = "<API_HOST>"
CREDENTIALS_PLACEHOLDER = "<YOUR_CREDENTIALS>"


def base_url(host: str | None) -> str:
    """``https://host`` from a host or URL (scheme added, trailing slash dropped)."""
    text = (host or "").strip().rstrip("/")
    if not text:
        return f"https://{HOST_PLACEHOLDER}"
    return text if "://" in text else f"https://{text}"


def curl_command(payload_json: str, host: str | None = None, path: str = CREATE_PATH) -> str:
    """The shell command (POSIX quoting) posting ``payload_json`` to ``host``/``path``."""
    url = f"{base_url(host)}/{path.lstrip('/')}"
    lines = [
        f"curl --request POST {shlex.quote(url)}",
        f"  --header {shlex.quote(f'Authorization: Basic {CREDENTIALS_PLACEHOLDER}')}",
        "  --header 'Content-Type: application/json'",
        "  --header 'Accept: application/json'",
        f"  --data-raw {shlex.quote(payload_json)}",
    ]
    return " \\\n".join(lines)
