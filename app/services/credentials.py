"""Secrets: in the OS keychain through ``keyring``, or for this session only where there is none.

What is kept per profile:

* Basic: only the MD5 hex digest of the till password (the API sends the digest, never the
  password, so the password itself need not be kept anywhere).
* OAuth: the client secret. Tokens are never stored; they live in the HTTP client's memory.

Where keyring has no usable backend (its ``fail`` or ``null`` backend, typical of a headless
Linux desktop), :func:`open_vault` returns a vault over a :class:`SessionSecrets` store:
``persistent`` is False and ``notice`` says so in words the UI can show. There is no file
fallback, on purpose.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from app.services.profiles import (
    SANDBOX_DEMO_PASSWORD,
    SANDBOX_DEMO_TILL_CODE,
    AuthKind,
    Profile,
)

log = logging.getLogger(__name__)

KEYRING_SERVICE = "TargetGroupBuilder"

NO_KEYCHAIN_NOTICE = (
    "No system keychain is available, so passwords and secrets are kept in memory for this "
    "session only and must be entered again next time. Nothing is written to disk."
)


class CredentialError(Exception):
    """The keychain refused or failed; the message is meant for the operator."""


def md5_hex(password: str) -> str:
    """The digest the API wants in place of the till password."""
    return hashlib.md5(password.encode("utf-8")).hexdigest()


def basic_authorization(till_code: str, password_md5: str) -> str:
    """``Basic base64(tillCode + ":" + md5hex(password))`` from the stored digest."""
    token = base64.b64encode(f"{till_code}:{password_md5}".encode()).decode("ascii")
    return f"Basic {token}"


@dataclass(frozen=True)
class BasicCredentials:
    till_code: str
    password_md5: str

    def authorization(self) -> str:
        return basic_authorization(self.till_code, self.password_md5)

    def secret_values(self) -> tuple[str, ...]:
        """What must never be written anywhere (for scrubbing and for tests)."""
        return (self.password_md5, self.authorization().split(" ", 1)[1])

    def __repr__(self) -> str:
        return f"BasicCredentials(till_code={self.till_code!r}, password_md5=<hidden>)"


@dataclass(frozen=True)
class OAuthCredentials:
    client_key: str
    client_secret: str

    def secret_values(self) -> tuple[str, ...]:
        return (self.client_secret,)

    def __repr__(self) -> str:
        return f"OAuthCredentials(client_key={self.client_key!r}, client_secret=<hidden>)"


Credentials = BasicCredentials | OAuthCredentials


def sandbox_credentials() -> BasicCredentials:
    """The built-in demo till of the local sandbox (public, sandbox-only; no keychain needed)."""
    return BasicCredentials(SANDBOX_DEMO_TILL_CODE, md5_hex(SANDBOX_DEMO_PASSWORD))


class SecretStore(Protocol):
    """The small interface both stores share (Vorta's keyring abstraction, in spirit)."""

    persistent: bool

    def get(self, account: str) -> str | None: ...

    def set(self, account: str, secret: str) -> None: ...

    def delete(self, account: str) -> None: ...


def _keychain_seconds() -> float:
    """How long a keychain call may take (``TGB_KEYCHAIN_TIMEOUT``, default 20 s)."""
    try:
        return max(1.0, float(os.environ.get("TGB_KEYCHAIN_TIMEOUT", "20")))
    except ValueError:
        return 20.0


def _bounded(action: str, call: Callable[[], Any]) -> Any:
    """Run a keychain call with a deadline: a keychain that went away mid-session (or waits on a
    prompt nobody can answer) must not hang the app or the command."""
    import keyring.errors

    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append((True, call()))
        except BaseException as exc:  # handed to the caller's thread
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name="tgb-keychain", daemon=True)
    worker.start()
    worker.join(_keychain_seconds())
    if not outcome:
        raise CredentialError(
            f"The keychain did not answer within {_keychain_seconds():g} s, so the app could not {action} "
            "(is it waiting for an unlock prompt, or has it stopped?). Unlock or restart it"
        )
    ok, value = outcome[0]
    if ok:
        return value
    if isinstance(value, keyring.errors.PasswordDeleteError):
        return None
    if isinstance(value, Exception):  # keyring's errors, and its back ends' own (D-Bus, jeepney)
        raise CredentialError(keychain_trouble(action, value)) from None
    raise value


class KeyringSecrets:
    """The OS keychain through ``keyring``; every call has a deadline."""

    persistent = True

    def get(self, account: str) -> str | None:
        import keyring

        value = _bounded("read the secret", lambda: keyring.get_password(KEYRING_SERVICE, account))
        return value if isinstance(value, str) else None

    def set(self, account: str, secret: str) -> None:
        import keyring

        _bounded("store the secret", lambda: keyring.set_password(KEYRING_SERVICE, account, secret))

    def delete(self, account: str) -> None:
        import keyring

        _bounded("remove the secret", lambda: keyring.delete_password(KEYRING_SERVICE, account))


def keychain_trouble(action: str, exc: BaseException) -> str:
    """What went wrong with the keychain, and what to do, in one or two sentences."""
    detail = str(exc).strip().rstrip(".") or type(exc).__name__
    low = detail.lower()
    if "dismissed" in low or "locked" in low or "prompt" in low:
        return (
            f"The keychain is locked, so the app could not {action} (its unlock prompt was dismissed: "
            f"{detail}). Unlock it (log in to the desktop session, or open the keyring manager)"
        )
    if any(word in low for word in ("serviceunknown", "noreply", "disconnected", "not provided", "no such")):
        return (
            f"The keychain service is not running, so the app could not {action} ({detail}). Start it "
            "(or log in to the desktop session again)"
        )
    return f"The keychain could not {action}: {detail}"


class SessionSecrets:
    """Secrets in this process's memory only (no keychain); gone when the app quits."""

    persistent = False

    def __init__(self) -> None:
        self._secrets: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, account: str) -> str | None:
        with self._lock:
            return self._secrets.get(account)

    def set(self, account: str, secret: str) -> None:
        with self._lock:
            self._secrets[account] = secret

    def delete(self, account: str) -> None:
        with self._lock:
            self._secrets.pop(account, None)


def keychain_available() -> bool:
    """Whether keyring has a real backend (not its ``fail`` or ``null`` placeholders)."""
    import keyring
    import keyring.backends.chainer
    import keyring.backends.fail
    import keyring.backends.null

    backend = keyring.get_keyring()
    if isinstance(backend, keyring.backends.fail.Keyring | keyring.backends.null.Keyring):
        return False
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        return bool(backend.backends)
    return True


class CredentialVault:
    """Per-profile secrets over a :class:`SecretStore`."""

    def __init__(self, store: SecretStore) -> None:
        self.store = store

    @property
    def persistent(self) -> bool:
        """False when secrets last only for this session (no keychain)."""
        return self.store.persistent

    @property
    def notice(self) -> str | None:
        """What the UI should show about where secrets are kept; None when all is normal."""
        return None if self.persistent else NO_KEYCHAIN_NOTICE

    def save_basic(self, profile: Profile, password: str) -> BasicCredentials:
        """Keep the MD5 digest of ``password`` for ``profile``; the password itself is dropped."""
        if not password:
            raise CredentialError("The password is empty.")
        digest = md5_hex(password)
        self.store.set(_account(profile, AuthKind.BASIC), digest)
        return BasicCredentials(profile.identity, digest)

    def save_oauth(self, profile: Profile, client_secret: str) -> OAuthCredentials:
        if not client_secret:
            raise CredentialError("The client secret is empty.")
        self.store.set(_account(profile, AuthKind.OAUTH), client_secret)
        return OAuthCredentials(profile.identity, client_secret)

    def save_secret(self, profile: Profile, secret: str) -> Credentials:
        """The password (Basic) or client secret (OAuth), as the profile's auth kind wants."""
        if profile.auth is AuthKind.BASIC:
            return self.save_basic(profile, secret)
        return self.save_oauth(profile, secret)

    def load(self, profile: Profile) -> Credentials | None:
        """The profile's credentials; None when nothing is stored for it."""
        if profile.is_sandbox:
            return sandbox_credentials()
        secret = self.store.get(_account(profile, profile.auth))
        if not secret:
            return None
        if profile.auth is AuthKind.BASIC:
            return BasicCredentials(profile.identity, secret)
        return OAuthCredentials(profile.identity, secret)

    def has_secret(self, profile: Profile) -> bool:
        try:
            return self.load(profile) is not None
        except CredentialError:
            return False

    def forget_other(self, profile: Profile) -> None:
        """Delete the secret of the auth kinds the profile does not use (left by an earlier one)."""
        for kind in AuthKind:
            if kind is not profile.auth:
                self.store.delete(_account(profile, kind))

    def forget(self, profile: Profile) -> None:
        """Delete every secret stored for the profile (both kinds, whichever it had)."""
        for kind in AuthKind:
            self.store.delete(_account(profile, kind))


def _account(profile: Profile, kind: AuthKind) -> str:
    suffix = "password-md5" if kind is AuthKind.BASIC else "client-secret"
    return f"{profile.name.casefold()}|{profile.identity}|{suffix}"


_vault: CredentialVault | None = None
_vault_lock = threading.Lock()


def open_vault() -> CredentialVault:
    """The process's vault: the keychain when usable, else a session-only store (said plainly)."""
    global _vault
    with _vault_lock:
        if _vault is None:
            if keychain_available():
                _vault = CredentialVault(KeyringSecrets())
            else:
                log.info("No usable keychain; secrets are kept for this session only.")
                _vault = CredentialVault(SessionSecrets())
        return _vault


def reset_vault() -> None:
    """Forget the process's vault choice (tests switch keyring backends)."""
    global _vault
    with _vault_lock:
        _vault = None
