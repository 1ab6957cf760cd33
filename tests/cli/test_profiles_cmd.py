"""``tgb profiles``: secrets from a hidden prompt, stdin or the environment, never from argv."""

from __future__ import annotations

import io
import json

import pytest

from app.cli import main
from app.services.credentials import open_vault
from app.services.paths import data_paths
from app.services.profiles import ProfileStore
from tests.services import sending_support as support
from tests.services.sending_support import DOC_MD5, DOC_PASSWORD, MemoryKeyring

keychain = support.keychain
no_keychain = support.no_keychain


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str, tty: bool = False) -> None:
    stream = io.StringIO(text)
    stream.isatty = lambda: tty  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", stream)


def test_add_from_stdin_keeps_the_digest_in_the_keychain_and_nothing_secret_on_disk(
    keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, DOC_PASSWORD + "\n")
    code = main(
        [
            "profiles",
            "add",
            "EU prod",
            "--host",
            "eu",
            "--till-code",
            "store123",
            "--production",
            "--password-stdin",
        ]
    )
    assert code == 0
    assert "Added profile 'EU prod' (https://eu.api.capillarytech.com)" in capsys.readouterr().out
    assert list(keychain.entries.values()) == [DOC_MD5]
    text = data_paths().profiles_file.read_text(encoding="utf-8")
    assert DOC_PASSWORD not in text and DOC_MD5 not in text
    profile = ProfileStore().get("EU prod")
    assert profile.production and profile.identity == "store123"


def test_add_reads_the_environment_then_a_hidden_prompt(
    keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TGB_CLIENT_SECRET", "client-secret-1")
    assert main(["profiles", "add", "US", "--host", "us", "--auth", "oauth", "--client-key", "key-1"]) == 0
    assert "client-secret-1" in keychain.entries.values()

    monkeypatch.delenv("TGB_CLIENT_SECRET")
    prompts: list[str] = []

    def typed(prompt: str) -> str:
        prompts.append(prompt)
        return "typed-pass"

    monkeypatch.setattr("getpass.getpass", typed)
    _stdin(monkeypatch, "", tty=True)
    assert main(["profiles", "add", "APAC", "--host", "apac", "--till-code", "till.apac"]) == 0
    assert prompts == ["Password: "]
    assert open_vault().load(ProfileStore().get("APAC")).password_md5 != "typed-pass"


def test_without_a_terminal_or_input_add_explains_how_to_give_the_secret(
    keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "")
    assert main(["profiles", "add", "EU", "--host", "eu", "--till-code", "t"]) == 2
    assert "--password-stdin or set $TGB_PASSWORD" in capsys.readouterr().err
    assert not data_paths().profiles_file.exists()


def test_a_secret_is_never_accepted_as_an_argument(
    keychain: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["profiles", "add", "EU", "--host", "eu", "--till-code", "t", "--password", "pw"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --password pw" in capsys.readouterr().err


def test_bad_hosts_and_mixed_options_are_usage_errors(
    keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TGB_PASSWORD", "pw")
    assert main(["profiles", "add", "X", "--host", "http://example.com", "--till-code", "t"]) == 2
    assert "must use https" in capsys.readouterr().err
    assert main(["profiles", "add", "X", "--host", "eu", "--till-code", "t", "--client-key", "k"]) == 2
    assert keychain.entries == {}


def test_list_shows_each_profile_and_whether_its_secret_is_stored(
    keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TGB_PASSWORD", "pw")
    main(["profiles", "add", "EU", "--host", "eu", "--till-code", "till.eu", "--production"])
    keychain.entries.clear()
    main(["profiles", "add", "US", "--host", "us", "--till-code", "till.us"])
    capsys.readouterr()
    assert main(["profiles", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "Local sandbox: local sandbox (basic as sandbox.demo.till; built-in demo credentials)",
        "EU: https://eu.api.capillarytech.com (basic as till.eu; no secret stored) [production]",
        "US: https://us.api.capillarytech.com (basic as till.us; secret stored)",
    ]
    assert main(["profiles", "list", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in rows] == ["Local sandbox", "EU", "US"] and rows[1]["production"] is True


def test_remove_deletes_the_profile_and_its_secret(
    keychain: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TGB_PASSWORD", "pw")
    main(["profiles", "add", "EU", "--host", "eu", "--till-code", "t"])
    assert keychain.entries
    assert main(["profiles", "remove", "eu"]) == 0
    assert keychain.entries == {}
    assert [p.name for p in ProfileStore().load()] == ["Local sandbox"]
    assert main(["profiles", "remove", "Local sandbox"]) == 2
    assert "cannot be removed" in capsys.readouterr().err


@pytest.mark.usefixtures("no_keychain")
def test_without_a_keychain_add_says_the_secret_is_for_this_session_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TGB_PASSWORD", "pw")
    assert main(["profiles", "add", "EU", "--host", "eu", "--till-code", "t"]) == 0
    err = capsys.readouterr().err
    assert "this session only" in err and "set $TGB_PASSWORD when sending" in err
