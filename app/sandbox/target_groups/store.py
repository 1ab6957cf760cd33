"""The sandbox's created groups: one JSON file per group in its data folder.

One file per group keeps a create cheap however many groups exist (no whole-store
rewrite) and lets an operator look at or delete a single group by hand. Names are
indexed in memory, case-folded. Several writers are safe, threads or processes: a create
holds the store's lock file (``.store.lock``), first reads the group files other writers
added, then claims its ids and creates its file without ever replacing one. A file that
cannot be read is left alone and skipped.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.atomic_write import write_text_atomic, write_text_new
from app.filelock import exclusive

log = logging.getLogger(__name__)

#: isValidName ``type`` values and where each kind of name lives in a stored group.
NAME_KINDS = ("targetGroupName", "targetName", "periodName", "streakName", "streakLevelName")

#: First id of each kind in a fresh store (the shape of the spec's examples).
_FIRST_IDS = {"group": 1001, "period": 5001, "target": 1201, "defaultValue": 7001, "emfRuleSet": 126000001}


class NameTakenError(Exception):
    """A group with this name (ignoring case) exists."""


@dataclass
class IdAllocator:
    """Hands out the next id of each kind; used only under the store's lock."""

    next_ids: dict[str, int] = field(default_factory=lambda: dict(_FIRST_IDS))

    def take(self, kind: str) -> int:
        value = self.next_ids[kind]
        self.next_ids[kind] = value + 1
        return value

    def see(self, kind: str, value: Any) -> None:
        if isinstance(value, int) and not isinstance(value, bool) and value >= self.next_ids[kind]:
            self.next_ids[kind] = value + 1


class SandboxStore:
    """Thread-safe persistence of created groups in ``folder``."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.groups_dir = self.folder / "groups"
        self._lock = threading.RLock()  # a change under replace() may read the store (a name check)
        self._groups: dict[int, dict[str, Any]] = {}
        self._names: dict[str, set[str]] = {kind: set() for kind in NAME_KINDS}
        self._ids = IdAllocator()
        self._seen_files: set[str] = set()
        self._seen_stamp: tuple[bytes, int] | None = None
        self._replaced_offset = 0  # how much of the replacements log has been read
        self._refresh()

    def create(self, name: str, build: Callable[[IdAllocator], dict[str, Any]]) -> dict[str, Any]:
        """Store the group ``build`` makes with fresh ids, unless ``name`` is taken.

        Raises:
            NameTakenError: a stored group has the same name, ignoring case.
        """
        with self._lock, exclusive(self.folder / ".store.lock"):
            self._refresh()
            if name.casefold() in self._names["targetGroupName"]:
                raise NameTakenError(name)
            while True:
                group = build(self._ids)
                try:
                    write_text_new(
                        self.groups_dir / f"{group['id']}.json",
                        json.dumps(group, separators=(",", ":")) + "\n",
                    )
                except FileExistsError:  # a writer outside the lock (an old version): take new ids
                    self._refresh(force=True)
                    continue
                break
            self._seen_files.add(f"{group['id']}.json")
            self._index(group)
            self._bump_generation()
            return group

    def replace(
        self, group_id: int, change: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> dict[str, Any] | None:
        """Replace a stored group by what ``change`` makes of it (a copy, read fresh under the lock);
        ``None`` when there is no such group. ``change`` may raise to refuse (nothing is written).

        The file is replaced atomically and its id logged in ``.store.replaced``, so every store
        on this folder (other processes too) reads it again.
        """
        with self._lock, exclusive(self.folder / ".store.lock"):
            self._refresh()
            file = self.groups_dir / f"{group_id}.json"
            try:
                current = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            group = change(current)
            write_text_atomic(file, json.dumps(group, separators=(",", ":")) + "\n")
            with open(self.folder / _REPLACED, "a", encoding="utf-8") as log_file:
                log_file.write(f"{group_id}\n")
            self._groups[int(group_id)] = group
            self._reindex_names()
            self._bump_generation()
            self._replaced_offset = self._log_size()
            return group

    def get(self, group_id: int) -> dict[str, Any] | None:
        with self._lock:
            self._refresh()
            return self._groups.get(group_id)

    def all(self) -> list[dict[str, Any]]:
        """Every stored group, oldest first."""
        with self._lock:
            self._refresh()
            return [self._groups[key] for key in sorted(self._groups)]

    def name_in_use(self, kind: str, name: str) -> bool:
        with self._lock:
            self._refresh()
            return name.casefold() in self._names[kind]

    def _refresh(self, force: bool = False) -> None:
        """Index the group files this store has not read yet (other writers' creates).

        Every create under the store's lock bumps a generation number in ``.store.generation``;
        when it and the folder's modification time are what this store saw last, nobody has
        written since and the folder is not listed again (a create costs the same with 10 or
        10,000 groups). Anything unreadable or different means a full look.
        """
        stamp = self._stamp()
        if not force and stamp == self._seen_stamp:
            return
        try:
            names = {entry.name for entry in os.scandir(self.groups_dir) if entry.name.endswith(".json")}
        except OSError:
            return
        for name in sorted(names - self._seen_files, key=_numeric_first):
            self._seen_files.add(name)
            file = self.groups_dir / name
            try:
                group = json.loads(file.read_text(encoding="utf-8"))
                int(group["id"])
            except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
                log.warning("Sandbox: skipping unreadable group file %s (%s)", file, exc)
                continue
            self._index(group)
        self._read_replacements()
        self._seen_stamp = stamp  # read before the listing: a create during it is seen next time

    def _log_size(self) -> int:
        try:
            return os.stat(self.folder / _REPLACED).st_size
        except OSError:
            return 0

    def _read_replacements(self) -> None:
        """Read again the groups other stores replaced since this one last looked."""
        try:
            with open(self.folder / _REPLACED, "rb") as log_file:
                log_file.seek(self._replaced_offset)
                fresh = log_file.read()
        except OSError:
            return
        complete = fresh[: fresh.rfind(b"\n") + 1]
        self._replaced_offset += len(complete)
        ids = {line.strip() for line in complete.splitlines() if line.strip().isdigit()}
        for raw in ids:
            file = self.groups_dir / f"{raw.decode()}.json"
            try:
                self._groups[int(raw)] = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                log.warning("Sandbox: cannot read replaced group %s (%s)", file, exc)
        if ids:
            self._reindex_names()

    def _reindex_names(self) -> None:
        """Names again from every group (a rename frees the old one)."""
        self._names = {kind: set() for kind in NAME_KINDS}
        for group in self._groups.values():
            self._index(group)

    def _stamp(self) -> tuple[bytes, int]:
        try:
            generation = (self.folder / _GENERATION).read_bytes()
        except OSError:
            generation = b""
        try:
            modified = os.stat(self.groups_dir).st_mtime_ns
        except OSError:
            modified = -1
        return generation, modified

    def _bump_generation(self) -> None:
        """After a create, under the store's lock: tell the other stores on this folder to look."""
        generation, _modified = self._stamp()
        number = int(generation) + 1 if generation.strip().isdigit() else 1
        try:
            (self.folder / _GENERATION).write_bytes(str(number).encode())
        except OSError as exc:  # the others then rely on the folder's modification time
            log.warning("Sandbox: cannot write %s (%s)", self.folder / _GENERATION, exc)
            return
        self._seen_stamp = self._stamp()

    def _index(self, group: dict[str, Any]) -> None:
        self._groups[int(group["id"])] = group
        self._ids.see("group", group["id"])
        self._add_name("targetGroupName", group.get("name"))
        for period in group.get("periods") or []:
            self._ids.see("period", period.get("id"))
            self._add_name("periodName", period.get("refCode"))
        for target in group.get("targets") or []:
            self._ids.see("target", target.get("id"))
            self._ids.see("emfRuleSet", target.get("emfRuleSetId"))
            self._add_name("targetName", target.get("name"))
            for value in target.get("defaultValues") or []:
                self._ids.see("defaultValue", value.get("id"))
        for streak in group.get("streaks") or []:
            self._add_name("streakName", streak.get("name"))
            self._add_name("streakLevelName", streak.get("name"))

    def _add_name(self, kind: str, name: Any) -> None:
        if isinstance(name, str) and name:
            self._names[kind].add(name.casefold())


#: The store's generation number, beside its lock (see :meth:`SandboxStore._refresh`).
_GENERATION = ".store.generation"
#: The ids of replaced groups, one per line, appended under the lock (see :meth:`SandboxStore.replace`).
_REPLACED = ".store.replaced"


def _numeric_first(name: str) -> tuple[int, str]:
    stem = name.removesuffix(".json")
    return (int(stem), name) if stem.isdigit() else (1 << 62, name)
