"""The HTTP client against the real sandbox on 127.0.0.1: auth, tokens, and every failure's message."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.sandbox.api import AuthPolicy
from app.sandbox.faults import Faults
from app.sandbox.server import SandboxServer
from app.services.api_result import ApiResult, CallKind
from app.services.capillary_client import CapillaryClient
from app.services.credentials import BasicCredentials, OAuthCredentials, basic_authorization, md5_hex
from app.services.profiles import ProfileError
from tests.services import sending_support as support
from tests.services.sending_support import DOC_HEADER, DOC_MD5, DOC_PASSWORD, DOC_TILL, payload, posts

sandbox = support.sandbox
BASIC = BasicCredentials("till.one", md5_hex("secret-one"))
TOKENS = ("POST", "/v3/oauth/token/generate")


def _client(
    server: SandboxServer, creds: BasicCredentials | OAuthCredentials = BASIC, **kw: object
) -> CapillaryClient:
    return CapillaryClient(server.url, creds, **kw)  # type: ignore[arg-type]


def test_the_documented_basic_vector_is_what_goes_out(tmp_path: Path) -> None:
    assert md5_hex(DOC_PASSWORD) == DOC_MD5
    assert basic_authorization(DOC_TILL, DOC_MD5) == DOC_HEADER
    assert BasicCredentials(DOC_TILL, md5_hex(DOC_PASSWORD)).authorization() == DOC_HEADER
    # A sandbox that knows only this till and digest accepts the client's request.
    with SandboxServer(tmp_path, auth=AuthPolicy(basic_accounts={DOC_TILL: DOC_MD5})) as server:
        result = _client(server, BasicCredentials(DOC_TILL, md5_hex(DOC_PASSWORD))).create_target_group(
            payload()
        )
        assert result.ok, result.message
        assert result.data["name"] == "Spend 5000 in March"
        assert result.request_id and result.status == 200
        wrong = _client(server, BasicCredentials(DOC_TILL, md5_hex("Pass123"))).create_target_group(
            payload("B")
        )
        assert wrong.kind is CallKind.UNAUTHORIZED
        assert "till code and password" in wrong.message


def test_an_oauth_token_is_reused_until_shortly_before_it_expires(tmp_path: Path) -> None:
    now = [1000.0]
    policy = AuthPolicy(oauth_clients={"key-1": "secret-1"}, token_ttl_seconds=300)
    with SandboxServer(tmp_path, auth=policy) as server:
        client = _client(server, OAuthCredentials("key-1", "secret-1"), clock=lambda: now[0])
        assert client.create_target_group(payload("One")).ok
        assert client.is_valid_name("Two").data is True
        assert server.requests[TOKENS] == 1
        now[0] += 300 - 31  # still more than the 30 s margin left
        assert client.create_target_group(payload("Two")).ok
        assert server.requests[TOKENS] == 1
        now[0] += 2  # inside the margin: fetch a fresh one before sending
        assert client.create_target_group(payload("Three")).ok
        assert server.requests[TOKENS] == 2
        assert posts(server) == 3


def test_a_401_fetches_a_new_token_once_and_sends_again(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, auth=AuthPolicy(token_ttl_seconds=300)) as server:
        client = _client(server, OAuthCredentials("key-1", "secret-1"))
        assert client.create_target_group(payload("Before")).ok
        server.auth.revoke_tokens()  # the server forgot the token early
        result = client.create_target_group(payload("After"))
        assert result.ok, result.message
        assert server.requests[TOKENS] == 2
        assert posts(server) == 3  # one 401 (not acted on), then the resend
        assert [g["name"] for g in server.store.all()] == ["Before", "After"]


def test_a_second_401_is_reported_and_not_retried_again(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, auth=AuthPolicy(token_ttl_seconds=0)) as server:
        result = _client(server, OAuthCredentials("key-1", "secret-1")).create_target_group(payload())
        assert result.kind is CallKind.UNAUTHORIZED
        assert server.requests[TOKENS] == 2
        assert posts(server) == 2
        assert server.store.all() == []


def test_a_refused_client_secret_sends_nothing(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, auth=AuthPolicy(oauth_clients={"key-1": "secret-1"})) as server:
        result = _client(server, OAuthCredentials("key-1", "wrong")).create_target_group(payload())
        assert result.kind is CallKind.TOKEN_REFUSED
        assert "client key or secret was refused" in result.message
        assert posts(server) == 0


def test_403_says_the_access_group_is_missing(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, auth=AuthPolicy(denied=frozenset({"till.one"}))) as server:
        result = _client(server).create_target_group(payload())
        assert result.kind is CallKind.FORBIDDEN and result.status == 403
        assert "access group" in result.message
        assert not result.outcome_unknown


def test_a_timeout_says_the_group_may_exist_and_it_does(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, Faults(latency_ms=1200)) as server:
        result = _client(server, timeout_seconds=0.3).create_target_group(payload("Slow one"))
        assert result.kind is CallKind.TIMEOUT
        assert result.outcome_unknown
        assert "may or may not have been created" in result.message and "check by name" in result.message
        deadline = time.monotonic() + 5
        while not server.store.all() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [g["name"] for g in server.store.all()] == ["Slow one"]
        assert posts(server) == 1  # never re-sent


def test_a_timeout_on_a_read_is_not_an_unknown_outcome(tmp_path: Path) -> None:
    with SandboxServer(tmp_path, Faults(latency_ms=800)) as server:
        result = _client(server, timeout_seconds=0.2).is_valid_name("x")
        assert result.kind is CallKind.TIMEOUT and not result.outcome_unknown


@pytest.mark.parametrize(
    ("faults", "kind", "words"),
    [
        (
            Faults(fail_rate=1.0, after_commit_share=0.0),
            CallKind.SERVER_ERROR,
            'HTML page ("502 Bad Gateway")',
        ),
        (Faults(non_json_rate=1.0, after_commit_share=0.0), CallKind.NOT_JSON, 'HTML page ("Sign in")'),
        (Faults(drop_rate=1.0, after_commit_share=0.0), CallKind.DROPPED, "closed before an answer came"),
    ],
)
def test_gateway_pages_login_pages_and_dropped_connections(
    tmp_path: Path, faults: Faults, kind: CallKind, words: str
) -> None:
    with SandboxServer(tmp_path, faults) as server:
        result = _client(server).create_target_group(payload())
        assert result.kind is kind
        assert words in result.message
        assert result.outcome_unknown and "check by name" in result.message
        assert posts(server) == 1
        if kind is not CallKind.DROPPED:
            assert result.request_id and result.raw_text


def test_api_errors_carry_our_explanation_and_the_field(sandbox: SandboxServer) -> None:
    client = _client(sandbox)
    assert client.create_target_group(payload("Taken")).ok
    again = client.create_target_group(payload("TAKEN"))
    assert again.kind is CallKind.REJECTED and again.status == 400
    (error,) = again.errors
    assert (error.code, error.path) == (310069, "name")
    assert "already exists" in error.message and "choose another name" in (error.explanation or "")
    assert not again.outcome_unknown

    bad = payload("Bad pair")
    bad["name"] = "N" * 201
    (too_long,) = client.create_target_group(bad).errors
    assert (too_long.code, too_long.path) == (310008, "name")
    assert too_long.explanation


def test_nothing_listening_is_a_refused_connection() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CapillaryClient(f"http://127.0.0.1:{port}", BASIC).create_target_group(payload())
    assert result.kind is CallKind.REFUSED
    assert not result.outcome_unknown


def test_an_unknown_host_is_a_dns_failure() -> None:
    result = CapillaryClient("https://no-such-host.invalid", BASIC, timeout_seconds=5).create_target_group(
        payload()
    )
    assert result.kind is CallKind.DNS
    assert "no-such-host.invalid" in result.message and not result.outcome_unknown


def test_plain_http_is_refused_for_any_host_but_this_machine() -> None:
    with pytest.raises(ProfileError, match="https"):
        CapillaryClient("http://eu.api.capillarytech.com", BASIC)
    CapillaryClient("http://localhost:9", BASIC).close()
    CapillaryClient("http://[::1]:9", BASIC).close()


@pytest.fixture
def self_signed(tmp_path: Path) -> Iterator[tuple[str, str]]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    yield str(cert), str(key)


def test_an_untrusted_certificate_is_a_tls_failure_and_a_ca_bundle_fixes_it(
    tmp_path: Path, self_signed: tuple[str, str]
) -> None:
    with SandboxServer(tmp_path / "data", tls=self_signed) as server:
        assert server.url.startswith("https://")
        refused = _client(server).create_target_group(payload())
        assert refused.kind is CallKind.TLS
        assert "CA bundle" in refused.message and not refused.outcome_unknown
        assert posts(server) == 0
        trusted = _client(server, ca_bundle=self_signed[0]).create_target_group(payload())
        assert trusted.ok, trusted.message


def test_a_ca_bundle_that_cannot_be_read_is_a_profile_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bundle.pem"
    bogus.write_text("not a certificate", encoding="utf-8")
    with pytest.raises(ProfileError, match="CA bundle"):
        CapillaryClient("https://eu.api.capillarytech.com", BASIC, ca_bundle=str(bogus))


def test_a_secret_the_server_echoes_is_blanked_from_the_answer(sandbox: SandboxServer) -> None:
    """The create answer carries the stored group back: a digest typed into its description goes."""
    digest = BASIC.secret_values()[0]
    sent = payload("Echo")
    sent["description"] = f"pasted by mistake: {digest}"
    result = _client(sandbox).create_target_group(sent)
    assert result.ok, result.message
    assert digest not in json.dumps(result.data) and digest not in (result.raw_text or "")
    assert result.data["name"] == sent["name"]


@pytest.mark.parametrize("escaped", [True, False])
def test_a_secret_written_with_json_escapes_is_found_in_the_data(escaped: bool) -> None:
    """The answer's text is searched first; data read from escaped text is searched as data too."""
    client = CapillaryClient("http://127.0.0.1:9", BASIC)
    digest = BASIC.secret_values()[0]
    written = "".join(f"\\u{ord(c):04x}" for c in digest) if escaped else digest
    raw = '{"data": {"description": "' + written + '", "share": 0.5}, "warnings": []}'
    document = json.loads(raw)
    cleaned = client._clean(ApiResult(CallKind.OK, "Done.", data=document["data"], raw_text=raw))
    assert digest not in json.dumps(cleaned.data)


@pytest.mark.parametrize(
    "written",
    [
        'se\\/cr\\"et-7',  # the answer escapes the slash and the quote
        'se/cr\\"et-7',  # a quote can only be written escaped
    ],
)
def test_a_secret_holding_a_slash_or_a_quote_is_found_in_escaped_answers(written: str) -> None:
    client = CapillaryClient("http://127.0.0.1:9", OAuthCredentials("key-1", 'se/cr"et-7'))
    raw = '{"data": {"note": "' + written + '", "expressionJson": "{\\"arity\\":1}"}}'
    document = json.loads(raw)
    cleaned = client._clean(ApiResult(CallKind.OK, "Done.", data=document["data"], raw_text=raw))
    assert 'se/cr"et-7' not in json.dumps(cleaned.data, ensure_ascii=False)
    assert 'se/cr"et-7' not in cleaned.data["note"]
