"""A curl command from the API docs, read for its JSON body (its credentials left behind).

Operators copy the docs' "Try It" example, which is a curl command, not JSON:
``curl -L 'https://eu.api.capillarytech.com/v3/targetGroups' -H 'Authorization: Basic …' -d '{…}'``.
:func:`read_curl` takes such a command (single or double quotes, ``-d``/``--data``/``--data-raw``/
``--data-binary``/``--json``, ``\\`` line continuations) and returns its body, with what it saw:
the URL and method, and which credentials it dropped. Nothing of the credentials is kept.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

_DATA_OPTIONS = ("-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json")
_VALUE_OPTIONS = {"-H", "--header", "-X", "--request", "-u", "--user", "-b", "--cookie", "-o", "--output"}
_CREDENTIAL_HEADERS = ("authorization", "x-cap-api-oauth-token", "cap-api-access-token", "cookie")


class CurlError(ValueError):
    """The text is a curl command, but not one with a body this app can take."""


@dataclass
class CurlRequest:
    """What a curl command sends: its body, URL and method, and what was left behind."""

    body: str
    url: str = ""
    method: str = "POST"
    dropped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the operator: what was taken and what was not kept."""
        where = f" ({self.method} {self.url})" if self.url else ""
        said = f"Took the JSON body of the pasted curl command{where}."
        if self.dropped:
            said += f" Left behind, not stored: {', '.join(self.dropped)}."
        return said


def looks_like_curl(text: str) -> bool:
    return bool(re.match(r"\s*(\$\s*)?curl(\.exe)?\s", text))


def read_curl(text: str) -> CurlRequest:
    """The body of a curl command.

    Raises:
        CurlError: the command has no body, or cannot be split into words (an open quote).
    """
    joined = re.sub(r"\\\r?\n", " ", text.strip())  # line continuations
    joined = re.sub(r"^\s*\$\s*", "", joined)
    try:
        words = shlex.split(joined)
    except ValueError as exc:
        raise CurlError(f"The curl command cannot be read ({exc}); copy it whole.") from None
    body: str | None = None
    url = ""
    method = ""
    dropped: list[str] = []
    index = 1
    while index < len(words):
        word = words[index]
        name, eq, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        if not eq and word[:2] in ("-d", "-H", "-X", "-u") and len(word) > 2:
            name, attached, eq = word[:2], word[2:], "="
        takes_value = name in _DATA_OPTIONS or name in _VALUE_OPTIONS
        value = attached if eq else (words[index + 1] if takes_value and index + 1 < len(words) else "")
        index += 1 if eq or not takes_value else 2
        if name in _DATA_OPTIONS:
            body = value if body is None else body + "&" + value
            if name == "--json" and not method:
                method = "POST"
        elif name in ("-H", "--header"):
            header = value.partition(":")[0].strip().lower()
            if header in _CREDENTIAL_HEADERS:
                dropped.append(f"the {value.partition(':')[0].strip()} header")
        elif name in ("-u", "--user"):
            dropped.append("the -u credentials")
        elif name in ("-b", "--cookie"):
            dropped.append("the cookies")
        elif name in ("-X", "--request"):
            method = value.upper()
        elif not name.startswith("-") and not url:
            url = name
    if body is None:
        raise CurlError("The curl command has no body (-d, --data or --data-raw): nothing to open.")
    if body.startswith("@"):
        raise CurlError(
            f"The curl command reads its body from the file {body[1:]!r}; open that file instead."
        )
    return CurlRequest(body, url, method or "POST", dropped)
