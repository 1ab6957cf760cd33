"""Capillary's answer envelope, shared by every endpoint of the sandbox: ``{data, errors, warnings}``."""

from __future__ import annotations

from typing import Any

Envelope = dict[str, Any]
Answer = tuple[int, Envelope]


def envelope(
    data: Any = None, errors: list[dict[str, Any]] | None = None, warnings: list[dict[str, Any]] | None = None
) -> Envelope:
    return {"data": data, "errors": errors, "warnings": warnings or None}


def error_answer(status: int, code: int, message: str) -> Answer:
    return status, envelope(errors=[{"code": code, "message": message}])


def not_allowed() -> Answer:
    return error_answer(405, 405, "Method not allowed")
