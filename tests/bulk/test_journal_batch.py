"""A run's rows go into the journal as pending in one transaction, before the first send."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.domain.bulk import RowPlan
from app.services.bulk import PENDING, SENDING, Journal, JournalUnavailable


def _plans(count: int) -> list[RowPlan]:
    return [
        RowPlan(row=n + 2, values={}, name=f"Region {n}", payload_text="{}", payload_hash=f"h{n}")
        for n in range(count)
    ]


def test_every_row_is_pending_at_once_and_a_later_state_replaces_it(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.sqlite3")
    journal.open_run("run", "template:x", str(tmp_path / "rows.csv"), "Sandbox", "target_group")
    plans = _plans(300)
    journal.set_all("run", plans, PENDING)
    rows = journal.rows("run")
    assert len(rows) == 300 and {row.state for row in rows.values()} == {PENDING}
    journal.set("run", plans[7], SENDING)
    journal.set_all("run", plans[:10], PENDING)  # a second start: the same rows, no duplicates
    assert len(journal.rows("run")) == 300
    journal.close()


def test_a_journal_that_cannot_be_written_stops_the_run_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    journal.open_run("run", "template:x", str(tmp_path / "rows.csv"), "Sandbox", "target_group")
    other = sqlite3.connect(path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")  # another process holds the file
    journal._db.execute("PRAGMA busy_timeout=100")
    with pytest.raises(JournalUnavailable, match=r"journal\.sqlite3"):
        journal.set_all("run", _plans(3), PENDING)
    other.rollback()
    other.close()
    journal.set_all("run", _plans(3), PENDING)  # nothing half-written was left behind
    assert len(journal.rows("run")) == 3
    journal.close()
