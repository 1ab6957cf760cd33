"""From raw JSON to a promotion model and its problems (the target group's loader, for promotions).

Never raises for bad content: a body that is not an object, values of a type the API cannot read,
unknown keys (kept and sent), keys given twice, and every rule of the catalogue come back as
problems.
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from app.domain import jsontext
from app.domain.problems import Problem
from app.domain.promotions.models import Promotion
from app.domain.promotions.rules import check_promotion
from app.domain.rules import common_catalogue as common
from app.domain.validate import (
    LoadResult,
    duplicate_key_problems,
    rule_problem,
    type_problems,
    unknown_field_problems,
)


def load_promotion(raw: Any) -> LoadResult:
    """Read parsed JSON into a :class:`Promotion`, reporting type errors and unknown fields."""
    if not isinstance(raw, dict):
        kind = type(raw).__name__ if raw is not None else "null"
        return LoadResult(
            None,
            [
                rule_problem(
                    common.PAYLOAD_SHAPE, "", f"The promotion must be a JSON object ({{...}}), not {kind}."
                )
            ],
        )
    try:
        promotion = Promotion.model_validate(raw)
    except ValidationError as exc:
        return LoadResult(None, type_problems(exc, raw))
    return LoadResult(promotion, unknown_field_problems(promotion))


def validate_promotion(promotion: Promotion, now: datetime | None = None) -> list[Problem]:
    """Check a model the editor holds (unknown fields included)."""
    return unknown_field_problems(promotion) + check_promotion(promotion, now)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class _Repeated(Exception):
    pass


def _once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise _Repeated
    return obj


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _no_constant(text: str) -> Any:
    raise ValueError(text)


def _fast(text: str, now: datetime | None) -> LoadResult | None:
    if _SURROGATE_ESCAPE.search(text):
        return None
    try:
        raw = json.loads(text, object_pairs_hook=_once, parse_float=_finite, parse_constant=_no_constant)
    except (ValueError, RecursionError, _Repeated):
        return None
    result = load_promotion(raw)
    if result.model is None or result.problems:
        return None
    result.problems.extend(check_promotion(result.model, now))
    return result


def validate_raw(raw: Any, now: datetime | None = None) -> LoadResult:
    """Load and check parsed JSON."""
    result = load_promotion(raw)
    if result.model is not None:
        result.problems.extend(check_promotion(result.model, now))
    return result


def validate_text(text: str, now: datetime | None = None) -> LoadResult:
    """Like :func:`validate_raw` for JSON text; keys given twice are reported too.

    A fast path parses with the standard reader (a length check per object finds keys given twice)
    and keeps its result when nothing in the text could break the limits of :mod:`jsontext`: no
    surrogate escape, no NaN or infinity, no key given twice and no key outside the model (so no
    deep or odd value hides anywhere). Everything else goes through :func:`jsontext.parse`.

    Raises:
        JsonTextError: the text is not JSON the API can carry.
    """
    fast = _fast(text, now)
    if fast is not None:
        return fast
    parsed = jsontext.parse(text)
    result = validate_raw(parsed.value, now)
    result.problems[:0] = duplicate_key_problems(parsed.duplicate_keys)
    return result
