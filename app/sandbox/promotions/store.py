"""The sandbox's promotions kept as files: one JSON file per promotion under ``promotions/``.

Every operation holds the store's lock (a thread lock and ``.promotions.lock`` for other
processes) and reads the files afresh, so several sandboxes on one folder never lose each
other's changes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from app.atomic_write import write_text_atomic, write_text_new
from app.filelock import exclusive

_ID_CHARS = frozenset("0123456789abcdef")


class PromotionStore:
    """Promotions kept as files; every method reads and writes under the store's locks."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.dir = self.folder / "promotions"

    def locked(self) -> Any:
        """The store's lock (threads and processes); hold it for a read-modify-write."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return exclusive(self.folder / ".promotions.lock")

    def read(self, promotion_id: str) -> dict[str, Any] | None:
        if len(promotion_id) != 24 or not set(promotion_id) <= _ID_CHARS:
            return None
        try:
            data = json.loads((self.dir / f"{promotion_id}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def all(self) -> list[dict[str, Any]]:
        """Every stored promotion, oldest first."""
        try:
            names = sorted(e.name for e in os.scandir(self.dir) if e.name.endswith(".json"))
        except OSError:
            return []
        out = []
        for name in names:
            found = self.read(name.removesuffix(".json"))
            if found is not None:
                out.append(found)
        out.sort(key=lambda p: str(p.get("metadata", {}).get("createdOn") or ""))
        return out

    def write_new(self, promotion: dict[str, Any]) -> None:
        write_text_new(self.dir / f"{promotion['id']}.json", json.dumps(promotion, indent=2) + "\n")

    def replace(self, promotion: dict[str, Any]) -> None:
        write_text_atomic(self.dir / f"{promotion['id']}.json", json.dumps(promotion, indent=2) + "\n")
