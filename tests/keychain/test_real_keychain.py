"""The credential paths against a real Secret Service (gnome-keyring in a D-Bus session).

The rest of the suite uses an in-memory keyring. These tests run only when ``python3 dev.py test``
starts them inside ``dbus-run-session`` with an unlocked ``gnome-keyring-daemon`` (it sets
``TGB_REAL_KEYCHAIN=1``); every ``tgb`` here is a real process using the real backend, so
"read back" is read back after a restart.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sandbox.server import SandboxServer
from app.services.credentials import KEYRING_SERVICE
from tests.domain.payloads import valid_payload

pytestmark = pytest.mark.skipif(
    os.environ.get("TGB_REAL_KEYCHAIN") != "1", reason="needs the D-Bus session python3 dev.py test starts"
)
ROOT = Path(__file__).resolve().parents[2]
SERVICE = KEYRING_SERVICE


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON_KEYRING_BACKEND", "TGB_PASSWORD")}
    return {**env, "TGB_HOME": str(home), "PYTHONPATH": str(ROOT)}


def tgb(home: Path, *args: str, secret: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=ROOT,
        env=_env(home),
        input=secret,
        capture_output=True,
        text=True,
        timeout=60,
    )


def stored(account_prefix: str) -> dict[str, str]:
    """Every secret of ours in the real keychain whose account starts with ``account_prefix``."""
    code = (
        "import keyring, sys, json\n"
        "from keyring.backends.SecretService import Keyring\n"
        "found = {}\n"
        "for item in Keyring().get_preferred_collection().search_items({'service': sys.argv[1]}):\n"
        "    account = item.get_attributes().get('username', '')\n"
        "    if account.startswith(sys.argv[2]):\n"
        "        found[account] = item.get_secret().decode()\n"
        "print(json.dumps(found))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, SERVICE, account_prefix], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    import json

    return json.loads(done.stdout)


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    with SandboxServer(tmp_path / "sandbox") as server:
        yield server


def _payload(tmp_path: Path, name: str) -> str:
    import json

    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(valid_payload() | {"name": name}), encoding="utf-8")
    return str(path)


def add_profile(
    home: Path, name: str, url: str, secret: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    """``tgb profiles add NAME`` (Basic, till ``till.one``) with the secret on standard input."""
    return tgb(
        home,
        "profiles",
        "add",
        name,
        "--host",
        url,
        "--till-code",
        "till.one",
        "--password-stdin",
        *extra,
        secret=secret + "\n",
    )


def test_store_read_back_replace_and_remove(tmp_path: Path, sandbox: SandboxServer) -> None:
    home = tmp_path / "home"
    added = add_profile(home, "Real", sandbox.url, "first-secret")
    assert added.returncode == 0, added.stderr
    assert stored("real|") == {"real|till.one|password-md5": hashlib.md5(b"first-secret").hexdigest()}
    # a new process (a restart of the app) reads it back from the keychain and sends with it
    sent = tgb(home, "send", _payload(tmp_path, "Real keychain one"), "--profile", "Real")
    assert sent.returncode == 0, sent.stderr
    # nothing in the data folder holds the secret or its digest
    digest = hashlib.md5(b"first-secret").hexdigest()
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"first-secret" not in data and digest.encode() not in data, path
    replaced = add_profile(home, "Real", sandbox.url, "second-secret", "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert stored("real|") == {"real|till.one|password-md5": hashlib.md5(b"second-secret").hexdigest()}
    removed = tgb(home, "profiles", "remove", "Real")
    assert removed.returncode == 0, removed.stderr
    assert stored("real|") == {}


def test_a_locked_keychain_and_one_that_goes_away(tmp_path: Path, sandbox: SandboxServer) -> None:
    """Last in this module: it replaces the session's keyring daemon with a locked one, then stops it."""
    home = tmp_path / "home"
    assert add_profile(home, "Before", sandbox.url, "s").returncode == 0
    keyring_home = tmp_path / "locked-keyring"
    keyring_home.mkdir()
    # a daemon with no unlocked collection: storing needs a prompt, and there is no one to answer it
    subprocess.run(
        ["gnome-keyring-daemon", "--replace", "--daemonize", "--components=secrets"],
        env={**os.environ, "HOME": str(keyring_home), "XDG_DATA_HOME": str(keyring_home)},
        capture_output=True,
        timeout=30,
    )
    locked = add_profile(home, "Locked", sandbox.url, "s")
    assert locked.returncode == 2 and "Traceback" not in locked.stderr
    assert "keychain" in locked.stderr and ".." not in locked.stderr and "delete" not in locked.stderr
    assert "--replace" in locked.stderr and "$TGB_PASSWORD" in locked.stderr
    # the keychain goes away mid-session: sending says what happened, and the password for one
    # command still works
    # by process name: the session command line itself names gnome-keyring-daemon
    subprocess.run(["pkill", "-x", "gnome-keyring-d"], capture_output=True, timeout=30)
    gone = tgb(home, "send", _payload(tmp_path, "After the keychain"), "--profile", "Before")
    assert gone.returncode != 0 and "Traceback" not in gone.stderr and "keychain" in gone.stderr.lower()
    env_sent = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "send",
            _payload(tmp_path, "With the variable"),
            "--profile",
            "Before",
        ],
        cwd=ROOT,
        env={**_env(home), "TGB_PASSWORD": "s"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert env_sent.returncode == 0, env_sent.stderr
