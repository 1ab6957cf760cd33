"""Bulk creation, the pure part: a spreadsheet's rows become checked payloads, before anything is sent.

Each column maps to a placeholder of the template: by its key or its label (ignoring case and
spaces), or as ``--map column=placeholder`` says. A payload without placeholders (``--payload``)
offers its suggested ones (the name, a start, a cycle count), and a column named after a wire
path (``targets[0].name``) writes that field. Every row is filled and validated; a name used by
two rows is an error in both. Each row carries a hash of its payload, so a resumed run can tell a
changed row from the one it sent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.domain import jsontext
from app.domain.base import WireModel
from app.domain.kinds import PayloadKind
from app.domain.placeholders import (
    Placeholder,
    PlaceholderError,
    PlaceholderKind,
    fill_template,
    suggested_placeholders,
)
from app.domain.problems import Problem, Severity
from app.domain.wirepath import check_path

#: Codes of the problems bulk finds itself (the payload's own come from the rule catalogue).
FILL = "fill"
DUPLICATE_NAME = "duplicate-name"
UNKNOWN_COLUMN = "unknown-column"
EMPTY_ROW = "empty-row"

_SPACES = re.compile(r"[\s_\-]+")


def _fold(text: str) -> str:
    return _SPACES.sub("", text).casefold()


@dataclass(frozen=True)
class Mapping_:
    """Which column fills which placeholder, and the columns that fill nothing."""

    columns: dict[str, Placeholder]
    ignored: tuple[str, ...]


@dataclass
class RowProblem:
    """One line of the report: ``ROWS:row N (name): path: severity: message [code]``."""

    row: int | None
    name: str
    path: str
    severity: Severity
    message: str
    code: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def line(self, source: str) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        who = f" ({self.name})" if self.name else ""
        at = f"{self.path}: " if self.path else ""
        return f"{source}:{where}{who}: {at}{self.severity.value}: {self.message} [{self.code}]"

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "name": self.name,
            "path": self.path,
            "severity": self.severity.value,
            "message": self.message,
            "code": self.code,
        }


@dataclass
class RowPlan:
    """A row, filled and checked: its payload (``None`` when it could not be filled).

    The payload is kept as compact JSON text, not as the model it was checked as: a run holds
    every row of the file, and the text is a tenth of the model's memory.
    """

    row: int
    values: dict[str, str]
    name: str = ""
    cells: dict[str, str] = field(default_factory=dict)  # the row as the file has it, by column
    payload_text: str | None = None
    problems: list[RowProblem] = field(default_factory=list)
    payload_hash: str = ""

    def keep(self, model: WireModel) -> None:
        """Keep the filled model's payload (as text) and its hash."""
        wire = model.to_wire()
        self.payload_text = jsontext.compact(wire)
        self.payload_hash = jsontext.content_hash(wire)

    @property
    def filled(self) -> bool:
        return self.payload_text is not None

    @property
    def payload(self) -> dict[str, Any] | None:
        """The row's payload, a fresh copy each time."""
        return json.loads(self.payload_text) if self.payload_text is not None else None

    @property
    def ok(self) -> bool:
        return self.payload_text is not None and not any(p.is_error for p in self.problems)

    @property
    def row_hash(self) -> str:
        """The same hash for the same payload (key order and spacing aside)."""
        return self.payload_hash if self.payload_text is not None else jsontext.content_hash(self.values)


@dataclass
class BulkPlan:
    """Every row of the file, checked, and the file-level notes (columns that fill nothing...)."""

    kind: PayloadKind
    rows: list[RowPlan]
    notes: list[RowProblem]
    mapping: Mapping_ | None = None

    @property
    def problems(self) -> list[RowProblem]:
        return self.notes + [p for row in self.rows for p in row.problems]

    @property
    def name_column(self) -> str | None:
        """The file's column that fills the payload's name (``None`` when no column does)."""
        if self.mapping is None:
            return None
        for column, placeholder in self.mapping.columns.items():
            if self.kind.name_path in placeholder.paths:
                return column
        return None

    @property
    def valid(self) -> list[RowPlan]:
        return [row for row in self.rows if row.ok]

    @property
    def invalid(self) -> list[RowPlan]:
        return [row for row in self.rows if not row.ok]


def placeholders_for(model: WireModel, placeholders: Sequence[Placeholder]) -> list[Placeholder]:
    """The template's placeholders, or a payload's suggested ones when it has none."""
    return list(placeholders) if placeholders else suggested_placeholders(model)


def map_columns(
    columns: Sequence[str],
    placeholders: Sequence[Placeholder],
    explicit: Mapping[str, str],
    root: type[WireModel],
) -> tuple[Mapping_, list[RowProblem]]:
    """Map each column to a placeholder (see the module docstring); the problems of the mapping.

    ``explicit`` is ``--map column=placeholder`` (the placeholder by key or label).
    """
    by_name: dict[str, Placeholder] = {}
    for placeholder in placeholders:
        by_name.setdefault(_fold(placeholder.key), placeholder)
        by_name.setdefault(_fold(placeholder.label), placeholder)
    problems: list[RowProblem] = []
    chosen: dict[str, Placeholder] = {}
    known = {_fold(c): c for c in columns}
    for column, target in explicit.items():
        if _fold(column) not in known:
            problems.append(
                RowProblem(
                    None,
                    "",
                    column,
                    Severity.ERROR,
                    f"--map names column '{column}', which the file does not have.",
                    FILL,
                )
            )
            continue
        wanted = by_name.get(_fold(target))
        if wanted is None:
            keys = ", ".join(p.key for p in placeholders) or "none"
            problems.append(
                RowProblem(
                    None,
                    "",
                    column,
                    Severity.ERROR,
                    f"--map {column}={target}: no such placeholder (the template has: {keys}).",
                    FILL,
                )
            )
            continue
        chosen[known[_fold(column)]] = wanted
    ignored: list[str] = []
    for column in columns:
        if column in chosen or not column.strip():
            continue
        found = by_name.get(_fold(column))
        if found is None and check_path(column, root) is None:
            found = Placeholder(column, column, PlaceholderKind.TEXT, (column,))
        if found is None:
            ignored.append(column)
            keys = ", ".join(p.key for p in placeholders) or "none"
            problems.append(
                RowProblem(
                    None,
                    "",
                    column,
                    Severity.WARNING,
                    f"Column '{column}' matches no placeholder of the template ({keys}) and is ignored; "
                    "rename it to a placeholder's key or label (on the command line, --map "
                    "column=placeholder maps it too).",
                    UNKNOWN_COLUMN,
                )
            )
            continue
        chosen[column] = found
    used: dict[str, str] = {}
    for column, placeholder in chosen.items():
        if placeholder.key in used:
            problems.append(
                RowProblem(
                    None,
                    "",
                    column,
                    Severity.ERROR,
                    f"Columns '{used[placeholder.key]}' and '{column}' both fill '{placeholder.key}'; keep one.",
                    FILL,
                )
            )
        used[placeholder.key] = column
    return Mapping_(chosen, tuple(ignored)), problems


def plan_rows(
    kind: PayloadKind,
    model: WireModel,
    placeholders: Sequence[Placeholder],
    mapping: Mapping_,
    rows: Sequence[tuple[int, dict[str, str]]],
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[RowPlan]:
    """Fill and check every row; a name used twice is an error on each row that has it.

    ``progress(done, total)`` is called after each row: a caller on a worker thread uses it to
    report, to stop (by raising) and to let other threads run.
    """
    all_placeholders = list(placeholders) + [p for p in mapping.columns.values() if p not in placeholders]
    plans: list[RowPlan] = []
    total = len(rows)
    for number, cells in rows:
        if progress is not None:
            progress(len(plans), total)
        values = {mapping.columns[c].key: v for c, v in cells.items() if c in mapping.columns and v.strip()}
        plan = RowPlan(number, values, cells=dict(cells))
        try:
            filled = fill_template(model, all_placeholders, values, now)
        except PlaceholderError as exc:
            plan.name = values.get("name", "")
            for key, message in exc.problems.items():
                column = next((c for c, p in mapping.columns.items() if p.key == key), key)
                plan.problems.append(RowProblem(number, plan.name, column, Severity.ERROR, message, FILL))
            plans.append(plan)
            continue
        plan.keep(filled.model)
        plan.name = kind.name_of(filled.model)
        for problem in kind.validate_model(filled.model, now):
            plan.problems.append(_from_problem(number, plan.name, problem))
        plans.append(plan)
    _mark_duplicates(plans, kind)
    return plans


def replan_row(
    bulk: BulkPlan,
    model: WireModel,
    placeholders: Sequence[Placeholder],
    index: int,
    cells: dict[str, str],
    now: datetime | None = None,
) -> RowPlan:
    """Fill and check one row again after an edit (the others keep their checks); names used
    twice are marked again over the whole file."""
    assert bulk.mapping is not None
    old = bulk.rows[index]
    fresh = plan_rows(bulk.kind, model, placeholders, bulk.mapping, [(old.row, cells)], now)[0]
    bulk.rows[index] = fresh
    for plan in bulk.rows:
        plan.problems = [p for p in plan.problems if p.code != DUPLICATE_NAME]
    _mark_duplicates(bulk.rows, bulk.kind)
    return fresh


def _from_problem(row: int, name: str, problem: Problem) -> RowProblem:
    return RowProblem(row, name, problem.path, problem.severity, problem.message, problem.code)


def _mark_duplicates(plans: list[RowPlan], kind: PayloadKind) -> None:
    seen: dict[str, list[RowPlan]] = {}
    for plan in plans:
        if plan.name.strip():
            seen.setdefault(plan.name.strip().casefold(), []).append(plan)
    path = kind.name_path
    for same in seen.values():
        if len(same) < 2:
            continue
        rows = ", ".join(str(p.row) for p in same)
        for plan in same:
            plan.problems.append(
                RowProblem(
                    plan.row,
                    plan.name,
                    path,
                    Severity.ERROR,
                    f"The name '{plan.name}' is used by rows {rows} (names are compared ignoring case); "
                    "each row needs its own.",
                    DUPLICATE_NAME,
                )
            )
