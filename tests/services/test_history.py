"""The submission history: what a row holds, search, exports, and what is never kept."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from app.services import history as hist
from app.services.history import History, export_csv, export_json, payload_hash, scrub
from tests.services.sending_support import DOC_HEADER, payload


def _record(history: History, name: str, outcome: str = hist.CREATED, **fields: object) -> int:
    entry_id = history.record_attempt("EU prod", "https://eu.api.capillarytech.com", name, payload(name))
    history.record_outcome(entry_id, outcome, **fields)  # type: ignore[arg-type]
    return entry_id


def test_a_row_holds_everything_but_credentials() -> None:
    history = History()
    entry_id = _record(
        history,
        "Spring",
        http_status=200,
        response='{"data": {"id": 1001}}',
        created_id=1001,
        request_id="req-1",
        message="Created",
        elapsed_ms=12,
    )
    entry = history.get(entry_id)
    assert entry is not None
    assert (entry.profile, entry.payload_name, entry.outcome, entry.created_id) == (
        "EU prod",
        "Spring",
        "created",
        1001,
    )
    assert entry.payload_json() == payload("Spring")
    assert entry.payload_hash == payload_hash(payload("Spring"))
    assert entry.sent_at.endswith("Z") and entry.request_id == "req-1"


def test_a_pending_row_stays_visible_until_completed() -> None:
    history = History()
    entry_id = history.record_attempt("EU prod", "host", "Pending one", payload())
    assert history.get(entry_id).outcome == hist.PENDING


def test_search_matches_names_codes_and_ids_newest_first() -> None:
    history = History()
    _record(history, "Spring spend", created_id=1001)
    _record(history, "Summer visits", hist.REJECTED, error_codes=[310069])
    _record(history, "100% club", created_id=1002)
    assert [e.payload_name for e in history.search()] == ["100% club", "Summer visits", "Spring spend"]
    assert [e.payload_name for e in history.search("spring")] == ["Spring spend"]
    assert [e.payload_name for e in history.search("310069")] == ["Summer visits"]
    assert [e.payload_name for e in history.search("1002")] == ["100% club"]
    assert [e.payload_name for e in history.search("100%")] == ["100% club"]
    assert history.search("nothing like it") == []
    assert len(history.search(profile="Other")) == 0


def test_the_history_survives_a_restart(isolated_home: Path) -> None:
    History().record_attempt("P", "h", "Kept", payload())
    assert [e.payload_name for e in History().search()] == ["Kept"]


def test_exports_round_trip_in_csv_and_json(tmp_path: Path) -> None:
    history = History()
    _record(history, "Spring, with comma", created_id=1001, response='{"data": {"id": 1001}}')
    _record(history, 'Quote "q"', hist.FAILED, message="line one\nline two")
    entries = history.search()
    export_json(entries, tmp_path / "h.json")
    export_csv(entries, tmp_path / "h.csv")
    as_json = json.loads((tmp_path / "h.json").read_text(encoding="utf-8"))
    with (tmp_path / "h.csv").open(encoding="utf-8", newline="") as handle:
        as_csv = list(csv.DictReader(handle))
    assert [row["payload_name"] for row in as_json] == ['Quote "q"', "Spring, with comma"]
    assert [row["payload_name"] for row in as_csv] == ['Quote "q"', "Spring, with comma"]
    assert as_csv[0]["message"] == "line one\nline two"
    assert json.loads(as_csv[1]["payload"]) == payload("Spring, with comma")
    assert as_json[1]["created_id"] == 1001


def test_credentials_are_scrubbed_from_anything_stored() -> None:
    echoed = (
        f"Authorization: {DOC_HEADER}\n"
        "X-CAP-API-OAUTH-TOKEN: eyJhbGciOi.abc.def\n"
        '{"accessToken": "tok-123", "secret": "s3cr3t", "other": "digest-abcdef"}'
    )
    cleaned = scrub(echoed, ["digest-abcdef"]) or ""
    for leaked in ("c3RvcmUxMjM6", "eyJhbGciOi", "tok-123", "s3cr3t", "digest-abcdef"):
        assert leaked not in cleaned
    assert cleaned.count(hist.REDACTED) == 5
    history = History()
    entry_id = _record(
        history, "Echo", hist.FAILED, response=echoed, message="digest-abcdef", secrets=["digest-abcdef"]
    )
    entry = history.get(entry_id)
    assert entry is not None and "tok-123" not in (entry.response or "") and "digest" not in entry.message


def test_payload_hash_ignores_key_order_and_spacing() -> None:
    assert payload_hash({"a": 1, "b": [1, 2]}) == payload_hash({"b": [1, 2], "a": 1})
    assert payload_hash({"a": 1}) != payload_hash({"a": 2})
