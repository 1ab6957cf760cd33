"""A curl command copied from the API docs gives its JSON body; its credentials are left behind."""

from __future__ import annotations

import base64
import json

import pytest

from app.domain.curl import CurlError, looks_like_curl, read_curl

BODY = {"name": "Pasted from the docs", "trackingType": "DEFAULT", "targets": [{"name": "t's"}]}


def test_the_docs_example_with_single_quotes() -> None:
    token = base64.b64encode(b"till:secretmd5").decode()  # a made-up credential
    text = (
        "curl -L 'https://eu.api.capillarytech.com/v3/targetGroups' \\\n"
        "  -H 'Content-Type: application/json' \\\n"
        f"  -H 'Authorization: Basic {token}' \\\n"
        f"  -d '{json.dumps(BODY).replace(chr(39), chr(39) + chr(92) + chr(39) + chr(39))}'"
    )
    assert looks_like_curl(text)
    request = read_curl(text)
    assert json.loads(request.body) == BODY
    assert request.url == "https://eu.api.capillarytech.com/v3/targetGroups" and request.method == "POST"
    assert request.dropped == ["the Authorization header"]
    assert token not in request.summary()


@pytest.mark.parametrize(
    "command",
    [
        'curl --request POST --url https://h/v3/promotions --data-raw "{\\"name\\": \\"x\\"}"',
        'curl https://h/v3/promotions --data=\'{"name": "x"}\' -u till:pass',
        "$ curl -X PUT https://h/v3/promotions/ab -H 'X-CAP-API-OAUTH-TOKEN: eyJ' --json '{\"name\": \"x\"}'",
        'curl -d\'{"name": "x"}\' https://h/v3/targetGroups',
    ],
)
def test_quotes_and_options_of_every_kind(command: str) -> None:
    request = read_curl(command)
    assert json.loads(request.body) == {"name": "x"}
    assert "pass" not in request.summary() and "eyJ" not in request.summary()


def test_a_command_without_a_body_or_with_a_file_body_says_so() -> None:
    with pytest.raises(CurlError, match="no body"):
        read_curl("curl https://h/v3/targetGroups/12 -H 'Authorization: Basic x'")
    with pytest.raises(CurlError, match="open that file"):
        read_curl("curl https://h/v3/targetGroups -d @group.json")
    with pytest.raises(CurlError, match="cannot be read"):
        read_curl("curl https://h -d '{\"open")


def test_json_is_not_curl() -> None:
    assert not looks_like_curl('{"name": "curl -d x"}')
