"""One bulk job, as ``tgb bulk`` and the window's Bulk create both set it up.

A job is a *source* (a template, or a payload file with its suggested placeholders) and a *row
table* (read from a CSV or XLSX file, or from the snapshot a journal kept). :func:`check_job`
maps the columns, fills and checks every row, and adds the file-level notes (columns that fill
nothing, empty rows). The source is named by an id (``template:PATH`` or ``payload:PATH``) that
the journal keeps, so an unfinished run can be set up again from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.base import WireModel
from app.domain.bulk import EMPTY_ROW, BulkPlan, RowProblem, map_columns, placeholders_for, plan_rows
from app.domain.kinds import PayloadKind, kind_of
from app.domain.placeholders import Placeholder
from app.domain.problems import Severity
from app.services.bulk_rows import RowTable

if TYPE_CHECKING:
    from app.services.templates import TemplateEntry, TemplateLibrary


class BulkSourceError(ValueError):
    """The template or payload cannot be used; the message says which and why."""


@dataclass(frozen=True)
class BulkSource:
    """What every row fills: the payload kind, the model, its placeholders, and the source's id."""

    kind: PayloadKind
    model: WireModel
    placeholders: tuple[Placeholder, ...]
    source_id: str
    label: str


def template_source(entry: TemplateEntry) -> BulkSource:
    template = entry.template
    if template is None:
        raise BulkSourceError(f"{entry.path} {entry.problem}")
    model = template.model()
    return BulkSource(
        template.kind_of_payload,
        model,
        tuple(placeholders_for(model, template.placeholders)),
        f"template:{entry.path}",
        f"template “{template.meta.title}”",
    )


def find_template_source(name: str, library: TemplateLibrary | None = None) -> BulkSource:
    """The template called ``name`` (a path, a file name or a title).

    Raises:
        BulkSourceError: no such template, several, or it cannot be used.
    """
    from app.services.templates import TemplateLibrary, TemplateLibraryError

    try:
        return template_source((library or TemplateLibrary()).find(name))
    except TemplateLibraryError as exc:
        raise BulkSourceError(str(exc)) from None


def payload_source(path: str | Path) -> BulkSource:
    """A payload file: every row fills its suggested placeholders or names fields by wire path.

    Raises:
        BulkSourceError: the file cannot be read, or is not a payload of a known kind.
    """
    from app.services.payload_files import PayloadFileError, read_json_file

    try:
        raw = read_json_file(str(path))
    except PayloadFileError as exc:
        raise BulkSourceError(str(exc)) from None
    kind = kind_of(raw)
    loaded = kind.load(kind.as_payload(raw))
    if loaded.model is None:
        first = next((p for p in loaded.problems if p.is_error), None)
        raise BulkSourceError(
            f"{path}: cannot be read as a {kind.label}: {first.message if first else 'unknown problem'}"
        )
    return BulkSource(
        kind,
        loaded.model,
        tuple(placeholders_for(loaded.model, ())),
        f"payload:{Path(path).resolve()}",
        f"payload {Path(path).name}",
    )


def source_from_id(source_id: str, library: TemplateLibrary | None = None) -> BulkSource:
    """The source a journal names (``template:PATH`` or ``payload:PATH``).

    Raises:
        BulkSourceError: the id is not one of those, or its file cannot be used any more.
    """
    what, _sep, path = source_id.partition(":")
    if what == "template" and path:
        return find_template_source(path, library)
    if what == "payload" and path:
        return payload_source(path)
    raise BulkSourceError(f"The journal names an unknown source {source_id!r}.")


def check_job(
    source: BulkSource,
    table: RowTable,
    explicit: Mapping[str, str] | None = None,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BulkPlan:
    """Map the columns, fill and check every row (``progress`` as in
    :func:`~app.domain.bulk.plan_rows`); the plan keeps the mapping for edits."""
    mapping, notes = map_columns(table.columns, source.placeholders, explicit or {}, source.kind.model)
    notes += [
        RowProblem(n, "", "", Severity.WARNING, f"Row {n} is empty; it is skipped.", EMPTY_ROW)
        for n in table.empty_rows
    ]
    plans = plan_rows(source.kind, source.model, source.placeholders, mapping, table.rows, now, progress)
    return BulkPlan(source.kind, plans, notes, mapping)


def table_snapshot(
    columns: list[str], plan: BulkPlan, explicit: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The rows as they are now (edits included), for the journal: a resumed run sends these."""
    return {
        "columns": list(columns),
        "rows": [[row.row, dict(row.cells)] for row in plan.rows],
        "map": dict(explicit or {}),
    }


def table_from_snapshot(snapshot: Mapping[str, Any]) -> tuple[RowTable, dict[str, str]]:
    """The row table and ``--map`` a journal kept.

    Raises:
        BulkSourceError: the snapshot is damaged.
    """
    try:
        columns = [str(c) for c in snapshot["columns"]]
        rows = [(int(n), {str(k): str(v) for k, v in cells.items()}) for n, cells in snapshot["rows"]]
        explicit = {str(k): str(v) for k, v in dict(snapshot.get("map") or {}).items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BulkSourceError(f"The journal's copy of the rows is damaged ({exc}).") from None
    return RowTable(columns, rows), explicit
