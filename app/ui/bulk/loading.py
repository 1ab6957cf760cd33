"""Setting up Bulk create's rows off the GUI thread: from a file, or from an unfinished run's journal.

Each function here runs in the background (it reads the template, the spreadsheet and the
journal) and returns a :class:`Loaded` for the dialog to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.domain.bulk import BulkPlan
    from app.services.bulk import JournalRow
    from app.services.bulk_job import BulkSource
    from app.services.profiles import Profile

#: Called after each row is checked, with (rows done, rows in all); may raise to stop the check.
CheckProgress = Callable[[int, int], None]


@dataclass
class Loaded:
    """A checked job: its source, the rows file, its columns and sheets, the plan, earlier results."""

    source: BulkSource
    rows_file: str
    columns: list[str]
    sheets: list[str]
    plan: BulkPlan
    explicit: dict[str, str]
    earlier: dict[str, JournalRow]
    from_journal: bool = False


def journal_text(entry: JournalRow) -> str:
    if entry.state == "created":
        return f"Created{f' (id {entry.created_id})' if entry.created_id else ''} earlier"
    if entry.state == "refused":
        return f"Refused earlier: {entry.message}"
    return f"Unknown: {entry.message or 'an earlier run got no clear answer'}"


def _earlier(journal_path: str | None, key: str) -> dict[str, JournalRow]:
    from app.services.bulk import Journal
    from app.services.paths import data_paths

    path = Path(journal_path) if journal_path else data_paths().bulk_journal
    if not path.exists():
        return {}
    journal = Journal(path)
    try:
        return journal.rows(key)
    finally:
        journal.close()


def load_file(
    choice: str,
    payload: str | None,
    rows_file: str,
    sheet: str | None,
    profile: Profile,
    journal_path: str | None,
    progress: CheckProgress | None = None,
) -> Loaded:
    from app.services.bulk import run_key
    from app.services.bulk_job import check_job, payload_source, source_from_id
    from app.services.bulk_rows import read_rows

    source = payload_source(payload) if payload else source_from_id(f"template:{choice}")
    table = read_rows(rows_file, sheet)
    plan = check_job(source, table, progress=progress)
    key = run_key(rows_file, source.source_id, profile.name, source.kind.name)
    return Loaded(source, rows_file, table.columns, table.sheets, plan, {}, _earlier(journal_path, key))


def load_journal(
    run: dict[str, Any], profile: Profile, journal_path: str | None, progress: CheckProgress | None = None
) -> Loaded:
    from app.services.bulk import Journal
    from app.services.bulk_job import check_job, source_from_id, table_from_snapshot
    from app.services.bulk_rows import read_rows

    source = source_from_id(str(run["source"]))
    journal = Journal(journal_path)
    try:
        snapshot = journal.snapshot(str(run["key"]))
        earlier = journal.rows(str(run["key"]))
    finally:
        journal.close()
    if snapshot is not None:
        table, explicit = table_from_snapshot(snapshot)
    else:
        table, explicit = read_rows(str(run["rowsFile"])), {}
    plan = check_job(source, table, explicit, progress=progress)
    return Loaded(source, str(run["rowsFile"]), table.columns, table.sheets, plan, explicit, earlier, True)
