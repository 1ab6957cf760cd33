"""Fixtures for the send, profile and credential tests: an in-memory keychain and a real sandbox.

Test modules import the fixtures they use from here (no conftest, so other suites in
these folders are not affected).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from app.sandbox.server import SandboxServer
from app.services import credentials, sandbox_runtime
from tests.domain.payloads import valid_payload

DOC_TILL = "store123"
DOC_PASSWORD = "password1234"
DOC_MD5 = "bdc87b9c894da5168059e00ebffb9077"
DOC_HEADER = "Basic c3RvcmUxMjM6YmRjODdiOWM4OTRkYTUxNjgwNTllMDBlYmZmYjkwNzc="


class MemoryKeyring(KeyringBackend):
    """A keychain that lives in a dict: tests never touch the real one."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture
def keychain() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    credentials.reset_vault()
    yield backend
    keyring.set_keyring(previous)
    credentials.reset_vault()


@pytest.fixture
def no_keychain() -> Iterator[None]:
    """keyring's ``fail`` backend: what a headless Linux desktop has."""
    import keyring.backends.fail

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    credentials.reset_vault()
    yield
    keyring.set_keyring(previous)
    credentials.reset_vault()


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    server = SandboxServer(tmp_path / "sandbox-data")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def embedded_sandbox_stopped() -> Iterator[None]:
    """Stop the app's embedded sandbox after the test (it lives in that test's data folder)."""
    yield
    sandbox_runtime.stop_sandbox()


def payload(name: str = "Spend 5000 in March", **changes: Any) -> dict[str, Any]:
    data = valid_payload()
    data["name"] = name
    data.update(changes)
    return data


def posts(server: SandboxServer) -> int:
    """How many create requests reached the sandbox."""
    return server.requests[("POST", "/v3/targetGroups")]


def encodings(secret: str) -> set[str]:
    """A secret as it could leak: plain, base64 (standard and URL-safe), hex of its bytes."""
    raw = secret.encode("utf-8")
    return {
        secret,
        base64.b64encode(raw).decode().rstrip("="),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
        raw.hex(),
        json.dumps(secret)[1:-1],
    }
