"""The template library: list, search, save, rename, duplicate, delete (to a trash), restore.

Every write goes through :func:`~app.atomic_write.write_text_atomic`. A file the library
cannot read (corrupt, not a template, written by a newer app) is listed with the reason and
is never written to, renamed or deleted by the app: it may be a colleague's work in
progress or a newer app's file. Deleting moves the file to a trash folder and returns a
:class:`DeletedTemplate` that :meth:`TemplateLibrary.restore` puts back (the GUI's undo).

All methods do disk I/O: the GUI calls them off the GUI thread.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.atomic_write import write_text_atomic
from app.services.paths import data_paths
from app.services.payload_files import PayloadFileError, read_bytes_limited
from app.services.templates.fileformat import (
    MAX_TEMPLATE_BYTES,
    Template,
    TemplateFormatError,
    now_stamp,
    parse_template,
    template_text,
)
from app.services.templates.folders import FolderRole, TemplateFolder, library_folders

log = logging.getLogger(__name__)

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_SEARCH_FIELDS = ("title", "tag", "kind", "file")


class TemplateLibraryError(Exception):
    """An operation the library refuses or could not do; the message is for the operator."""


@dataclass(frozen=True)
class TemplateEntry:
    """One file in the library, readable or not.

    Attributes:
        path: the file.
        folder: where it was found.
        template: the template, or ``None`` when the file cannot be used.
        problem: why it cannot be used (shown in the list), else ``None``.
        stamp: (mtime_ns, size) when read, to notice a file changed behind the library's back.
    """

    path: Path
    folder: TemplateFolder
    template: Template | None
    problem: str | None
    stamp: tuple[int, int]

    @property
    def ok(self) -> bool:
        return self.template is not None

    @property
    def name(self) -> str:
        """The short name ``tgb new --template`` accepts: the file name without ``.json``."""
        return self.path.stem

    @property
    def title(self) -> str:
        return self.template.meta.title if self.template else self.path.name

    @property
    def tags(self) -> tuple[str, ...]:
        return self.template.meta.tags if self.template else ()

    @property
    def kind(self) -> str:
        return self.template.kind() if self.template else ""

    @property
    def read_only(self) -> bool:
        """Whether the app may change the file (never for starters or unreadable files)."""
        return self.folder.read_only or not self.ok

    def matches(self, query: str) -> bool:
        """Search by title, tag, kind or file name; every word must match somewhere.

        ``tag:x``, ``kind:x``, ``title:x`` and ``file:x`` restrict a word to one field.
        """
        fields = {
            "title": self.title.casefold() + " " + (self.template.meta.description if self.template else ""),
            "tag": " ".join(self.tags).casefold(),
            "kind": self.kind.casefold(),
            "file": self.path.name.casefold(),
        }
        for word in query.casefold().split():
            field, _, needle = word.partition(":")
            if needle and field in _SEARCH_FIELDS:
                if needle not in fields[field]:
                    return False
            elif not any(word in text.casefold() for text in fields.values()):
                return False
        return True


@dataclass(frozen=True)
class DeletedTemplate:
    """A template moved to the trash; :meth:`TemplateLibrary.restore` puts it back."""

    original: Path
    trashed: Path


class TemplateLibrary:
    """The templates in the app's folder, the extra folders and the starters.

    Args:
        folders: the folders to read; by default :func:`library_folders` (read at each listing,
            so a folder added elsewhere appears).
        trash_dir: where deleted templates go; by default ``<data>/trash/templates``.
    """

    def __init__(self, folders: list[TemplateFolder] | None = None, trash_dir: Path | None = None) -> None:
        self._folders = folders
        self._trash_dir = trash_dir

    def folders(self) -> list[TemplateFolder]:
        return list(self._folders) if self._folders is not None else library_folders()

    @property
    def user_folder(self) -> TemplateFolder:
        """Where new templates, duplicates and imports are saved."""
        for folder in self.folders():
            if folder.role is FolderRole.USER:
                return folder
        raise TemplateLibraryError("The library has no folder of its own to save in.")

    @property
    def trash_dir(self) -> Path:
        return self._trash_dir or data_paths().data_dir / "trash" / "templates"

    def entries(self) -> list[TemplateEntry]:
        """Every ``*.json`` file of every readable folder, sorted by title; unreadable ones included."""
        out: list[TemplateEntry] = []
        for folder in self.folders():
            if folder.problem is not None or not folder.path.is_dir():
                continue
            try:
                files = sorted(p for p in folder.path.glob("*.json") if not p.name.startswith("."))
            except OSError:
                continue
            out.extend(read_entry(path, folder) for path in files)
        out.sort(key=lambda e: (e.title.casefold(), str(e.path)))
        return out

    def _named(self, wanted: str) -> list[TemplateEntry]:
        """The entries whose file name (without ``.json``) is ``wanted`` (casefolded)."""
        out: list[TemplateEntry] = []
        for folder in self.folders():
            if folder.problem is not None or not folder.path.is_dir():
                continue
            try:
                files = sorted(
                    p
                    for p in folder.path.glob("*.json")
                    if not p.name.startswith(".") and p.stem.casefold() == wanted
                )
            except OSError:
                continue
            out.extend(read_entry(path, folder) for path in files)
        return out

    def search(self, query: str) -> list[TemplateEntry]:
        return [entry for entry in self.entries() if entry.matches(query)]

    def find(self, name: str) -> TemplateEntry:
        """The template called ``name``: a file path, a file name (without ``.json``) or a title.

        Raises:
            TemplateLibraryError: none or several match, or the one found cannot be used.
        """
        candidate = Path(name).expanduser()
        if candidate.suffix == ".json" and candidate.is_file():
            folder = TemplateFolder(candidate.parent, FolderRole.EXTRA, candidate.parent.name)
            entry = read_entry(candidate, folder)
        else:
            wanted = name.casefold()
            # A file name wins over a title, so only the files of that name are read when there are
            # any (one template read instead of the whole library for `tgb bulk -t monthly-spend`).
            matches = self._named(wanted)
            if not matches:
                matches = [e for e in self.entries() if e.title.casefold() == wanted]
            if not matches:
                raise TemplateLibraryError(
                    f"No template called {name!r}; `tgb templates list` shows their names."
                )
            if len(matches) > 1:
                where = ", ".join(str(e.path) for e in matches)
                raise TemplateLibraryError(
                    f"{len(matches)} templates are called {name!r} ({where}); give a path."
                )
            entry = matches[0]
        if entry.template is None:
            raise TemplateLibraryError(f"{entry.path} {entry.problem}")
        return entry

    def save(self, template: Template, replace: TemplateEntry | None = None) -> Path:
        """Write a template; a new one into the app's folder under a file name from its title.

        With ``replace``, the entry's file is overwritten (keeping its creation date), unless
        it changed on disk since it was listed.

        Raises:
            TemplateSecretError: the template carries something like a credential.
            TemplateLibraryError: the entry is read-only or changed since it was read.
        """
        stamp = now_stamp()
        if replace is not None:
            self._check_writable(replace)
            created = replace.template.meta.created if replace.template else None
            text = template_text(template.with_meta(created=created or stamp, modified=stamp))
            write_text_atomic(replace.path, text)
            return replace.path
        text = template_text(template.with_meta(created=stamp, modified=stamp))
        path = unique_path(self.user_folder.path, template.meta.title)
        write_text_atomic(path, text)
        return path

    def rename(self, entry: TemplateEntry, title: str) -> Path:
        """Give a template a new title (and the matching file name). Returns the new path.

        The new file is written before the old one is removed, so a failure loses nothing.
        An older-format file is written in the current format (renaming is the operator's say-so).
        """
        self._check_writable(entry)
        assert entry.template is not None
        title = title.strip()
        if not title:
            raise TemplateLibraryError("A template needs a title.")
        renamed = entry.template.with_meta(title=title, modified=now_stamp())
        if renamed.meta.created is None:
            renamed = renamed.with_meta(created=renamed.meta.modified)
        text = template_text(renamed)
        target = entry.path
        if slug(title) != entry.path.stem:
            target = unique_path(entry.path.parent, title, keep=entry.path)
        write_text_atomic(target, text)
        if target != entry.path:
            entry.path.unlink()
        return target

    def duplicate(self, entry: TemplateEntry, title: str | None = None) -> Path:
        """Copy a template (a starter included) into the app's folder, as "<title> (copy)"."""
        if entry.template is None:
            raise TemplateLibraryError(
                f"{entry.path.name} cannot be read, so it cannot be copied: {entry.problem}"
            )
        new_title = (title or f"{entry.template.meta.title} (copy)").strip()
        return self.save(entry.template.with_meta(title=new_title))

    def delete(self, entry: TemplateEntry) -> DeletedTemplate:
        """Move a template to the trash. Undo with :meth:`restore`."""
        self._check_writable(entry, check_stamp=False)
        self.trash_dir.mkdir(parents=True, exist_ok=True)
        moment = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        trashed = self.trash_dir / f"{moment}-{entry.path.name}"
        shutil.move(entry.path, trashed)
        return DeletedTemplate(entry.path, trashed)

    def restore(self, deleted: DeletedTemplate) -> Path:
        """Put a deleted template back; under a new name if its old name was taken meanwhile."""
        if not deleted.trashed.is_file():
            raise TemplateLibraryError(
                f"{deleted.original.name} is no longer in the trash; it cannot be restored."
            )
        target = deleted.original
        if target.exists():
            target = unique_path(target.parent, target.stem)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(deleted.trashed, target)
        return target

    def import_file(self, path: str | os.PathLike[str]) -> Path:
        """Copy a template file (any supported format version) into the app's folder."""
        source = Path(path)
        entry = read_entry(source, TemplateFolder(source.parent, FolderRole.EXTRA, source.parent.name))
        if entry.template is None:
            raise TemplateLibraryError(f"{source} {entry.problem}")
        return self.save(entry.template)

    def _check_writable(self, entry: TemplateEntry, check_stamp: bool = True) -> None:
        if entry.template is None:
            raise TemplateLibraryError(
                f"{entry.path.name} cannot be read ({entry.problem}); the app leaves it as it is."
            )
        if entry.folder.read_only:
            raise TemplateLibraryError(
                f"'{entry.title}' is a starter template and cannot be changed; duplicate it first."
            )
        if check_stamp and _stamp(entry.path) != entry.stamp:
            raise TemplateLibraryError(
                f"{entry.path.name} changed on disk since the library was read (someone else edited "
                "it?); refresh the library and try again."
            )


def read_entry(path: Path, folder: TemplateFolder) -> TemplateEntry:
    """Read one file into an entry; any failure becomes the entry's problem, never an exception."""
    stamp = _stamp(path)
    try:
        data = read_bytes_limited(path, MAX_TEMPLATE_BYTES, "templates")
    except PayloadFileError as exc:
        return TemplateEntry(path, folder, None, exc.reason, stamp)
    file_time = (
        datetime.fromtimestamp(stamp[0] / 1e9, UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if stamp[0] else None
    )
    try:
        template = parse_template(data, path.stem, file_time)
    except TemplateFormatError as exc:
        return TemplateEntry(path, folder, None, exc.reason, stamp)
    except (RecursionError, MemoryError):
        return TemplateEntry(path, folder, None, "is too deeply nested or too large to read.", stamp)
    except Exception as exc:  # a damaged file must never take the library down with it
        log.warning("Template %s cannot be used", path, exc_info=True)
        return TemplateEntry(path, folder, None, f"cannot be used ({type(exc).__name__}).", stamp)
    return TemplateEntry(path, folder, template, None, stamp)


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, -1)
    return (info.st_mtime_ns, info.st_size)


def slug(title: str) -> str:
    """A file name from a title: ``Monthly spend (Q2)`` gives ``monthly-spend-q2``."""
    text = _SLUG_DROP.sub("-", title.casefold()).strip("-")
    return text[:60].rstrip("-") or "template"


def unique_path(folder: Path, title: str, keep: Path | None = None) -> Path:
    """``folder/<slug>.json``, or ``<slug>-2.json``... when taken (``keep`` counts as free)."""
    base = slug(title)
    candidate = folder / f"{base}.json"
    number = 2
    while candidate.exists() and candidate != keep:
        candidate = folder / f"{base}-{number}.json"
        number += 1
    return candidate
