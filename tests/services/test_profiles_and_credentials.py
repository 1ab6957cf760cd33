"""Profiles (no secrets, presets, the built-in sandbox) and where secrets go (keychain or session)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.services import credentials
from app.services.credentials import (
    NO_KEYCHAIN_NOTICE,
    BasicCredentials,
    OAuthCredentials,
    md5_hex,
    open_vault,
)
from app.services.paths import data_paths
from app.services.profiles import (
    HOST_PRESETS,
    SANDBOX_PROFILE_NAME,
    ProfileError,
    ProfileStore,
    make_profile,
    normalize_host,
)
from tests.services import sending_support as support
from tests.services.sending_support import DOC_MD5, DOC_PASSWORD, MemoryKeyring

keychain = support.keychain
no_keychain = support.no_keychain


@pytest.mark.parametrize(("preset", "url"), sorted(HOST_PRESETS.items()))
def test_presets_expand_to_the_documented_hosts(preset: str, url: str) -> None:
    assert normalize_host(preset.upper()) == url
    assert url.startswith("https://") and url.endswith(".com")


@pytest.mark.parametrize(
    ("host", "words"),
    [
        ("http://eu.api.capillarytech.com", "must use https"),
        ("https://user:pw@eu.api.capillarytech.com", "user name or password"),
        ("https://eu.api.capillarytech.com/?x=1", "query"),
        ("ftp://example.com", "not a web address"),
        ("https://example.com:99999", "invalid port"),
    ],
)
def test_unusable_hosts_are_refused_with_the_reason(host: str, words: str) -> None:
    with pytest.raises(ProfileError, match=words):
        normalize_host(host)


def test_custom_hosts_are_normalised() -> None:
    assert normalize_host("eucrm.cc.capillarytech.com/") == "https://eucrm.cc.capillarytech.com"
    assert normalize_host("http://127.0.0.1:8080/api/") == "http://127.0.0.1:8080/api"


def test_the_sandbox_profile_is_built_in_first_and_cannot_be_removed_or_shadowed() -> None:
    store = ProfileStore()
    first = store.load()[0]
    assert first.name == SANDBOX_PROFILE_NAME and first.is_sandbox and not first.production
    with pytest.raises(ProfileError, match="built in"):
        store.remove("local SANDBOX")
    with pytest.raises(ProfileError, match="built in"):
        store.add(make_profile("Local Sandbox", "eu", "basic", "till"))
    assert not data_paths().profiles_file.exists()


def test_profiles_are_saved_added_replaced_and_removed() -> None:
    store = ProfileStore()
    eu = make_profile("EU prod", "eu", "basic", "till.eu", production=True)
    store.add(eu)
    store.add(make_profile("US", "us", "oauth", "client-us"))
    with pytest.raises(ProfileError, match="exists"):
        store.add(make_profile("eu PROD", "apac", "basic", "t"))
    store.add(make_profile("EU prod", "apac", "basic", "till.apac"), replace_existing=True)
    names = [(p.name, p.host) for p in store.load()]
    assert names == [
        (SANDBOX_PROFILE_NAME, "sandbox:local"),
        ("EU prod", HOST_PRESETS["apac"]),
        ("US", HOST_PRESETS["us"]),
    ]
    assert store.get("us").identity == "client-us"
    store.remove("us")
    with pytest.raises(ProfileError, match="No profile named 'US'"):
        store.get("US")


def test_a_damaged_profiles_file_is_reported_and_left_untouched() -> None:
    path = data_paths().profiles_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"profiles": [{"name": "x"}]}', encoding="utf-8")
    store = ProfileStore()
    with pytest.raises(ProfileError, match=r"damaged \(profile 1 has no host\)"):
        store.load()
    with pytest.raises(ProfileError, match="damaged"):
        store.add(make_profile("New", "eu", "basic", "t"))
    assert path.read_text(encoding="utf-8") == '{"profiles": [{"name": "x"}]}'


def test_unknown_keys_in_the_file_survive_a_rewrite() -> None:
    path = data_paths().profiles_file
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {"name": "Old", "host": "eu", "auth": "basic", "identity": "t", "colour": "blue"}
    path.write_text(json.dumps({"version": 1, "profiles": [entry]}), encoding="utf-8")
    ProfileStore().add(make_profile("New", "us", "basic", "t2"))
    saved = json.loads(path.read_text(encoding="utf-8"))["profiles"]
    assert saved[0]["colour"] == "blue" and saved[1]["name"] == "New"


def test_make_profile_checks_what_the_operator_typed(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="name"):
        make_profile("  ", "eu", "basic", "t")
    with pytest.raises(ProfileError, match="till code"):
        make_profile("A", "eu", "basic", " ")
    with pytest.raises(ProfileError, match="client key"):
        make_profile("A", "eu", "oauth", "")
    with pytest.raises(ProfileError, match="basic or oauth"):
        make_profile("A", "eu", "token", "t")
    with pytest.raises(ProfileError, match="does not exist"):
        make_profile("A", "eu", "basic", "t", ca_bundle=str(tmp_path / "none.pem"))


def test_basic_keeps_only_the_md5_digest_in_the_keychain(keychain: MemoryKeyring) -> None:
    vault = open_vault()
    assert vault.persistent and vault.notice is None
    profile = make_profile("EU", "eu", "basic", "store123")
    saved = vault.save_secret(profile, DOC_PASSWORD)
    assert saved == BasicCredentials("store123", DOC_MD5)
    assert list(keychain.entries.values()) == [DOC_MD5]
    assert all(DOC_PASSWORD not in key + value for (_, key), value in keychain.entries.items())
    assert vault.load(profile) == saved
    assert DOC_MD5 not in repr(saved)


def test_oauth_keeps_the_client_secret_and_forget_removes_it(keychain: MemoryKeyring) -> None:
    vault = open_vault()
    profile = make_profile("US", "us", "oauth", "client-key")
    vault.save_secret(profile, "s3cr3t-value")
    assert vault.load(profile) == OAuthCredentials("client-key", "s3cr3t-value")
    assert "s3cr3t-value" not in repr(vault.load(profile))
    vault.forget(profile)
    assert vault.load(profile) is None and keychain.entries == {}
    vault.forget(profile)  # forgetting twice is fine


def test_the_sandbox_needs_no_keychain_entry(keychain: MemoryKeyring) -> None:
    sandbox = ProfileStore().get(SANDBOX_PROFILE_NAME)
    creds = open_vault().load(sandbox)
    assert isinstance(creds, BasicCredentials) and creds.password_md5 == md5_hex("sandbox-only-demo")
    assert keychain.entries == {}


@pytest.mark.usefixtures("no_keychain")
def test_without_a_keychain_secrets_last_for_the_session_and_say_so(isolated_home: Path) -> None:
    vault = open_vault()
    assert not vault.persistent
    assert vault.notice == NO_KEYCHAIN_NOTICE and "this session only" in vault.notice
    profile = make_profile("EU", "eu", "basic", "store123")
    vault.save_secret(profile, DOC_PASSWORD)
    assert vault.load(profile) == BasicCredentials("store123", DOC_MD5)
    written = [p for p in isolated_home.rglob("*") if p.is_file()]
    assert all(DOC_MD5.encode() not in p.read_bytes() for p in written)
    credentials.reset_vault()  # a new session
    assert open_vault().load(profile) is None
