"""What the rules report: a problem at a wire path, with a severity, a code and a message."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a payload.

    ``path`` uses wire names and indexes (``targets[0].defaultValues[3].defaultValue``;
    empty for the whole payload). ``rule`` is our stable identifier of the check;
    ``api_code`` is the Capillary error code for the same fault where one exists.
    """

    path: str
    severity: Severity
    rule: str
    message: str
    api_code: int | None = None

    @property
    def code(self) -> str:
        """The API's error code where it has one, else our rule identifier."""
        return str(self.api_code) if self.api_code is not None else self.rule

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "severity": self.severity.value,
            "code": self.code,
            "rule": self.rule,
            "message": self.message,
        }


def join_path(*parts: str | int) -> str:
    """Build a wire path: ``join_path("targets", 0, "name")`` gives ``targets[0].name``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif out:
            out += "." + part
        else:
            out = part
    return out


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


def count_by_severity(problems: list[Problem]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for p in problems if p.is_error)
    return errors, len(problems) - errors


def strict(problems: list[Problem]) -> list[Problem]:
    """The problems with every warning raised to an error (``tgb validate --strict``, Strict checks)."""
    return [p if p.is_error else replace(p, severity=Severity.ERROR) for p in problems]
