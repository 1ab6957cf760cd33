"""A promotion read from JSON text: what only the text shows (keys given twice)."""

from __future__ import annotations

from app.domain.problems import Severity
from app.domain.promotions.validate import validate_text
from tests.promotions.payloads import NOW


def test_duplicate_keys_are_a_warning_and_never_a_crash() -> None:
    text = '{"metadata": {"name": "A", "name": "B"}, "activities": []}'
    problems = validate_text(text, NOW).problems
    assert ("metadata.name", "duplicate-key", Severity.WARNING) in [
        (p.path, p.rule, p.severity) for p in problems
    ]
