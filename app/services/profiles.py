"""Where to send: named profiles (a host, an auth kind, a production flag), kept without secrets.

Profiles are stored in ``data_paths().profiles_file`` as plain JSON, written atomically.
Secrets never go there: they live in the keychain (:mod:`app.services.credentials`); a
profile only names the till code or the OAuth client key they belong to. The built-in
"Local sandbox" profile is always first, cannot be removed, and points at the embedded
emulator, so a newcomer can send without an account.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.atomic_write import write_text_atomic
from app.domain import jsontext
from app.services.paths import data_paths

#: Documented API hosts (``docs/api/connection.md``), by the short name operators use.
HOST_PRESETS: dict[str, str] = {
    "apac": "https://apac.api.capillarytech.com",
    "apac2": "https://apac2.api.capillarytech.com",
    "eu": "https://eu.api.capillarytech.com",
    "us": "https://us.api.capillarytech.com",
    "cn": "https://api.capillarytech.cn.com",
}

#: The host value that stands for the embedded sandbox (its port is picked at start).
SANDBOX_HOST = "sandbox:local"
SANDBOX_PROFILE_NAME = "Local sandbox"

#: Sandbox-only demo credentials: the emulator accepts them; no real cluster knows them.
SANDBOX_DEMO_TILL_CODE = "sandbox.demo.till"
SANDBOX_DEMO_PASSWORD = "sandbox-only-demo"

MAX_NAME_LENGTH = 80
_FILE_VERSION = 1


class AuthKind(StrEnum):
    BASIC = "basic"
    OAUTH = "oauth"


class ProfileError(ValueError):
    """A profile or the profiles file is not usable; the message says what and where."""


@dataclass(frozen=True)
class Profile:
    """One place to send to.

    Attributes:
        name: shown in menus and recorded in history; unique, ignoring case.
        host: a base URL (``https://eu.api.capillarytech.com``) or :data:`SANDBOX_HOST`.
        auth: Basic (till code + password) or OAuth (client key + secret).
        identity: the till code (Basic) or the client key (OAuth); not a secret.
        production: sending asks for a confirmation that names the host and the group.
        ca_bundle: a PEM file of extra trusted CAs (a corporate proxy); verification stays on.
        timeout_seconds: how long to wait for an answer before telling the operator.
    """

    name: str
    host: str
    auth: AuthKind = AuthKind.BASIC
    identity: str = ""
    production: bool = False
    ca_bundle: str | None = None
    timeout_seconds: float = 60.0
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_sandbox(self) -> bool:
        return self.host == SANDBOX_HOST

    @property
    def host_label(self) -> str:
        """The host as an operator reads it (in confirmations and history)."""
        return "local sandbox" if self.is_sandbox else self.host

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["auth"] = self.auth.value
        extra = data.pop("extra")
        return {**extra, **data}


def sandbox_profile() -> Profile:
    return Profile(SANDBOX_PROFILE_NAME, SANDBOX_HOST, AuthKind.BASIC, SANDBOX_DEMO_TILL_CODE)


def normalize_host(text: str) -> str:
    """A preset name or a URL, checked and reduced to ``scheme://host[:port][/path]``.

    Raises:
        ProfileError: not a URL, not HTTPS for a non-loopback host, or carrying a
            user name or password (which would end up in the profiles file).
    """
    value = text.strip()
    if value.lower() in HOST_PRESETS:
        return HOST_PRESETS[value.lower()]
    if value == SANDBOX_HOST:
        return value
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
        hostname = parts.hostname
    except ValueError as exc:  # "http://[::1" (Invalid IPv6 URL), "http://[127.0.0.1]"
        raise ProfileError(f"Host '{text}' is not a web address ({exc}).") from None
    if parts.scheme not in ("http", "https") or hostname is None or not hostname:
        raise ProfileError(f"Host '{text}' is not a web address; use e.g. https://eu.api.capillarytech.com.")
    if parts.username or parts.password:
        raise ProfileError("Do not put a user name or password in the host; enter them as credentials.")
    if parts.query or parts.fragment:
        raise ProfileError(f"Host '{text}' has a query or fragment; give only the base address.")
    if parts.scheme == "http" and not is_loopback(hostname):
        raise ProfileError(f"Host '{text}' uses plain http; every non-local host must use https.")
    try:
        port = parts.port
    except ValueError:
        raise ProfileError(f"Host '{text}' has an invalid port.") from None
    bare = hostname.lower()
    shown = f"[{bare}]" if ":" in bare else bare
    expected = shown if port is None and not parts.netloc.endswith(":") else f"{shown}:{port}"
    if parts.netloc.lower() != expected or not _HOST_NAME.fullmatch(bare):
        # "http://[::1]evil.example:8080" parses as [::1] with "evil.example" trailing: refuse
        raise ProfileError(f"Host '{text}' is not a plain host name or address (and an optional :port).")
    return f"{parts.scheme}://{expected}{parts.path.rstrip('/')}"


#: A DNS name (letters, digits, dots and hyphens) or an IPv4/IPv6 address.
_HOST_NAME = re.compile(r"[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?|[0-9a-f:.%]+")


def is_loopback(hostname: str) -> bool:
    if hostname.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(hostname.strip("[]")).is_loopback
    except ValueError:
        return False


def make_profile(
    name: str,
    host: str,
    auth: AuthKind | str = AuthKind.BASIC,
    identity: str = "",
    *,
    production: bool = False,
    ca_bundle: str | None = None,
    timeout_seconds: float = 60.0,
) -> Profile:
    """A checked profile from what an operator typed (dialog or CLI)."""
    clean = name.strip()
    if not clean:
        raise ProfileError("Give the profile a name.")
    if len(clean) > MAX_NAME_LENGTH:
        raise ProfileError(f"Profile names are at most {MAX_NAME_LENGTH} characters.")
    try:
        kind = AuthKind(auth)
    except ValueError:
        raise ProfileError(f"Authentication must be basic or oauth, not '{auth}'.") from None
    who = identity.strip()
    if not who:
        raise ProfileError(
            "Enter the till code." if kind is AuthKind.BASIC else "Enter the OAuth client key."
        )
    if ca_bundle:
        bundle = Path(ca_bundle).expanduser()
        if not bundle.is_file():
            raise ProfileError(f"CA bundle {bundle} does not exist.")
        ca_bundle = str(bundle.resolve())
    if not 1 <= timeout_seconds <= 600:
        raise ProfileError("The timeout must be between 1 and 600 seconds.")
    return Profile(clean, normalize_host(host), kind, who, production, ca_bundle or None, timeout_seconds)


class ProfileStore:
    """The profiles file. Every method re-reads it, so the GUI and the CLI never overwrite each other."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._path = Path(path) if path is not None else None

    @property
    def path(self) -> Path:
        return self._path or data_paths().profiles_file

    def load(self) -> list[Profile]:
        """The sandbox profile, then the saved ones in the order they were added."""
        return [sandbox_profile(), *self._read()]

    def get(self, name: str) -> Profile:
        for profile in self.load():
            if profile.name.casefold() == name.strip().casefold():
                return profile
        names = ", ".join(p.name for p in self.load())
        raise ProfileError(f"No profile named '{name}'. Profiles: {names}.")

    def add(self, profile: Profile, *, replace_existing: bool = False) -> None:
        if profile.name.casefold() == SANDBOX_PROFILE_NAME.casefold():
            raise ProfileError(f"'{SANDBOX_PROFILE_NAME}' is built in; choose another name.")
        saved = self._read()
        same = [p for p in saved if p.name.casefold() == profile.name.casefold()]
        if same and not replace_existing:
            raise ProfileError(f"A profile named '{profile.name}' exists; remove it or replace it.")
        kept = [profile if p in same else p for p in saved] if same else [*saved, profile]
        self._write(kept)

    def remove(self, name: str) -> Profile:
        if name.strip().casefold() == SANDBOX_PROFILE_NAME.casefold():
            raise ProfileError(f"'{SANDBOX_PROFILE_NAME}' is built in and cannot be removed.")
        saved = self._read()
        gone = [p for p in saved if p.name.casefold() == name.strip().casefold()]
        if not gone:
            raise ProfileError(f"No saved profile named '{name}'.")
        self._write([p for p in saved if p not in gone])
        return gone[0]

    def _read(self) -> list[Profile]:
        path = self.path
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise ProfileError(f"{path} cannot be read: {exc.strerror or exc}.") from None
        try:
            document = jsontext.parse(text).value
            entries = document["profiles"]
            return [_profile_from_json(entry, index) for index, entry in enumerate(entries)]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ProfileError(
                f"{path} is damaged ({exc}); fix or move it away. It was left as it is."
            ) from None

    def _write(self, profiles: list[Profile]) -> None:
        document = {"version": _FILE_VERSION, "profiles": [p.to_json() for p in profiles]}
        write_text_atomic(self.path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _profile_from_json(entry: Any, index: int) -> Profile:
    if not isinstance(entry, dict):
        raise ValueError(f"profile {index + 1} is not an object")
    known = {"name", "host", "auth", "identity", "production", "ca_bundle", "timeout_seconds"}
    missing = {"name", "host"} - set(entry)
    if missing:
        raise ValueError(f"profile {index + 1} has no {', '.join(sorted(missing))}")
    profile = Profile(
        name=str(entry["name"]),
        host=normalize_host(str(entry["host"])),
        auth=AuthKind(entry.get("auth", "basic")),
        identity=str(entry.get("identity", "")),
        production=bool(entry.get("production", False)),
        ca_bundle=entry.get("ca_bundle") or None,
        timeout_seconds=float(entry.get("timeout_seconds", 60.0)),
    )
    return replace(profile, extra={k: v for k, v in entry.items() if k not in known})
