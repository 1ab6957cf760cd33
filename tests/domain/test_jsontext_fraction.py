"""has_fraction: a float anywhere in a JSON text is found, digits inside strings are not."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.domain.jsontext import has_fraction

_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.sampled_from('0123456789.eE-:"\\ abé'), max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


def _floats(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, list):
        return any(_floats(v) for v in value)
    if isinstance(value, dict):
        return any(_floats(v) for v in value.values())
    return False


@given(_values, st.sampled_from([None, 2]), st.booleans())
def test_a_float_is_found_exactly_where_there_is_one(
    value: Any, indent: int | None, ascii_only: bool
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    assert has_fraction(text) == _floats(value)


def test_a_dates_milliseconds_are_not_a_fraction() -> None:
    assert not has_fraction('{"startDate": "2026-03-01T00:00:00.000+05:30", "value": 5000}')
    assert has_fraction('{"value": 5000.0}')
