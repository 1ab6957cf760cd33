"""The template file format: reading (with migration), writing, and keeping secrets out.

A template is a plain, pretty-printed JSON file (see ``docs/template-format.md``)::

    {"format": "tgb-template", "version": 1, "payloadKind": "target-group",
     "meta": {"title": ..., "description": ..., "tags": [...], "created": ..., "modified": ...},
     "payload": {...}, "placeholders": [...]}

``payloadKind`` names the kind of payload (``target-group`` when absent, as in files written
before promotions existed; ``promotion``).

Version 0 is what operators kept before templates existed: a bare create payload, or a
saved create/get response. It is read as a template (migrated in memory) and written in
the current format only when the operator saves, renames or imports it. A file of a newer
version, or one that cannot be read, raises :class:`TemplateFormatError` with the reason;
nothing here ever writes to a file it failed to read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from app.domain import jsontext
from app.domain.base import WireModel
from app.domain.convert import ConversionError
from app.domain.kinds import DEFAULT_KIND, PayloadKind, all_kinds, kind_named, kind_of, known_kind_names
from app.domain.placeholders import (
    Placeholder,
    PlaceholderFormatError,
    parse_placeholders,
    suggested_placeholders,
)
from app.services.secret_forms import find_secrets

FORMAT_ID = "tgb-template"
FORMAT_VERSION = 1
#: Larger files are refused unread: a template is a few kilobytes.
MAX_TEMPLATE_BYTES = 8 * 1024 * 1024

_KNOWN_TOP = frozenset({"format", "version", "payloadKind", "meta", "payload", "placeholders"})
_KNOWN_META = frozenset({"title", "description", "tags", "created", "modified"})


def _payload_keys(model: type[WireModel]) -> frozenset[str]:
    return frozenset(model.model_fields) | frozenset(i.alias for i in model.model_fields.values() if i.alias)


class TemplateFormatError(ValueError):
    """A file is not a template this app can use; ``reason`` says why, for the library list.

    Attributes:
        reason: a sentence for the operator.
        newer: the file was written by a newer version of the app (kept, never migrated down).
    """

    def __init__(self, reason: str, *, newer: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.newer = newer


class TemplateSecretError(ValueError):
    """A template would carry something that looks like a credential; it is not written.

    Attributes:
        paths: where the suspect keys or values are (``payload.targets[0].token``).
    """

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        shown = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
        super().__init__(
            f"The template holds what looks like a credential or profile data at {shown}. "
            "Templates are shared files and must never carry secrets: remove these fields first."
        )


@dataclass(frozen=True)
class TemplateMeta:
    """The library's description of a template (never anything about a profile).

    ``extra`` keeps meta keys a newer minor revision may add, so a rewrite does not drop them.
    """

    title: str
    description: str = ""
    tags: tuple[str, ...] = ()
    created: str | None = None
    modified: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"title": self.title, "description": self.description, "tags": list(self.tags)}
        if self.created:
            out["created"] = self.created
        if self.modified:
            out["modified"] = self.modified
        return {**out, **{k: v for k, v in self.extra.items() if k not in _KNOWN_META}}


@dataclass(frozen=True)
class Template:
    """A template read from a file or about to be saved.

    Attributes:
        meta: title, description, tags, dates.
        payload: the create payload as wire JSON (already known to load as a model).
        placeholders: what "New from template" asks for.
        source_version: the format version the file had (0 = a bare payload, migrated on read).
        extra: unknown top-level keys, kept on rewrite.
        payload_kind: the kind of payload ("target-group", "promotion").
    """

    meta: TemplateMeta
    payload: dict[str, Any]
    placeholders: tuple[Placeholder, ...] = ()
    source_version: int = FORMAT_VERSION
    extra: dict[str, Any] = field(default_factory=dict)
    payload_kind: str = DEFAULT_KIND

    @classmethod
    def from_group(
        cls,
        group: WireModel,
        title: str,
        description: str = "",
        tags: tuple[str, ...] | list[str] = (),
        placeholders: list[Placeholder] | tuple[Placeholder, ...] | None = None,
    ) -> Template:
        """A new template of the payload in the editor ("Save as template"), of any kind.

        Without ``placeholders``, the usual ones are offered (a name, and a start date and a
        number of cycles when the periods follow a calendar unit).
        """
        chosen = suggested_placeholders(group) if placeholders is None else placeholders
        clean_tags = tuple(dict.fromkeys(t.strip() for t in tags if t.strip()))
        kind = next((k.name for k in all_kinds() if isinstance(group, k.model)), DEFAULT_KIND)
        return cls(
            TemplateMeta(title.strip(), description.strip(), clean_tags),
            group.to_wire(),
            tuple(chosen),
            payload_kind=kind,
        )

    from_model = from_group

    @property
    def kind_of_payload(self) -> PayloadKind:
        return kind_named(self.payload_kind)

    @property
    def migrated(self) -> bool:
        """Whether the file is in an older format (it is rewritten only when the operator saves)."""
        return self.source_version < FORMAT_VERSION

    def model(self) -> Any:
        """A fresh model of the payload (each call gives a new, independent copy)."""
        result = self.kind_of_payload.load(self.payload)
        assert result.model is not None  # checked when the template was read or built
        return result.model

    def kind(self) -> str:
        return describe_kind(self.payload, self.payload_kind)

    def to_document(self) -> dict[str, Any]:
        """The file's JSON, current format."""
        document: dict[str, Any] = {"format": FORMAT_ID, "version": FORMAT_VERSION}
        if self.payload_kind != DEFAULT_KIND:
            document["payloadKind"] = self.payload_kind
        document |= {
            "meta": self.meta.to_json(),
            "payload": self.payload,
            "placeholders": [p.to_json() for p in self.placeholders],
        }
        return {**document, **{k: v for k, v in self.extra.items() if k not in _KNOWN_TOP}}

    def with_meta(self, **changes: Any) -> Template:
        return replace(self, meta=replace(self.meta, **changes))


def now_stamp() -> str:
    """The time written into ``created`` / ``modified``: UTC, seconds, ``Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def template_text(template: Template) -> str:
    """The file text of a template: checked for secrets, pretty-printed, newline at the end.

    Raises:
        TemplateSecretError: the template carries something that looks like a credential.
        TemplateFormatError: the title is empty.
    """
    if not template.meta.title.strip():
        raise TemplateFormatError("A template needs a title.")
    document = template.to_document()
    suspects = find_secrets(document)
    if suspects:
        raise TemplateSecretError(suspects)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def parse_template(data: bytes, fallback_title: str, file_time: str | None = None) -> Template:
    """Read a template file's bytes, migrating older formats.

    Args:
        data: the file's content.
        fallback_title: the title of a version-0 file without a group name (the file name).
        file_time: the file's modification time, the dates of a version-0 file.

    Raises:
        TemplateFormatError: why the file cannot be used (never raised for rule problems
            of the payload: an unfinished template is still a template).
    """
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateFormatError(f"is {len(data) // 1024} KiB; a template is at most 8 MiB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TemplateFormatError(f"is not UTF-8 text (bad byte at offset {exc.start}).") from None
    try:
        document = jsontext.parse(text).value
    except jsontext.JsonTextError as exc:
        raise TemplateFormatError(exc.reason) from None
    if not isinstance(document, dict):
        raise TemplateFormatError("is not a template: the file must hold a JSON object ({...}).")
    if "format" not in document:
        template = _version_zero(document, fallback_title, file_time)
    else:
        template = _current(document)
    suspects = find_secrets(template.to_document())
    if suspects:
        raise TemplateFormatError(str(TemplateSecretError(suspects)))
    return template


def _current(document: dict[str, Any]) -> Template:
    if document.get("format") != FORMAT_ID:
        raise TemplateFormatError(
            f"is not a Target Group Builder template (format {document.get('format')!r}, "
            f"expected {FORMAT_ID!r})."
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise TemplateFormatError(f"has an invalid format version {version!r}; expected {FORMAT_VERSION}.")
    if version > FORMAT_VERSION:
        raise TemplateFormatError(
            f"was written by a newer Target Group Builder (template format {version}; this version "
            f"reads up to {FORMAT_VERSION}). Update the app to use it; the file is left as it is.",
            newer=True,
        )
    meta = _meta(document.get("meta"))
    kind_name = document.get("payloadKind", DEFAULT_KIND)
    if not isinstance(kind_name, str) or kind_name not in known_kind_names():
        raise TemplateFormatError(
            f"holds a payload of a kind this version does not know ({kind_name!r}); update the app to use it.",
            newer=True,
        )
    payload = _payload(document.get("payload"), "payload", kind_named(kind_name))
    try:
        placeholders = parse_placeholders(document.get("placeholders"), kind_named(kind_name).model)
    except PlaceholderFormatError as exc:
        raise TemplateFormatError(f"has a bad placeholder: {exc}") from None
    extra = {k: v for k, v in document.items() if k not in _KNOWN_TOP}
    return Template(meta, payload, tuple(placeholders), version, extra, kind_name)


def _version_zero(document: dict[str, Any], fallback_title: str, file_time: str | None) -> Template:
    """A bare payload or a saved response: the format before templates had one."""
    kind = kind_of(document)
    try:
        payload = kind.as_payload(document)
    except ConversionError as exc:
        raise TemplateFormatError(f"is a response that holds no usable {kind.label}: {exc}") from None
    if not isinstance(payload, dict) or not _payload_keys(kind.model).intersection(payload):
        raise TemplateFormatError(
            "is not a template: it has no 'format' key and no target group field (name, trackingType, "
            "periods, targets...)."
        )
    payload = _payload(payload, "the payload", kind)
    model = kind.load(payload).model
    assert model is not None
    name = kind.name_of(model)
    title = name.strip() if name.strip() else fallback_title
    meta = TemplateMeta(title, "", (), file_time, file_time)
    return Template(meta, payload, tuple(suggested_placeholders(model)), 0, payload_kind=kind.name)


def _meta(raw: Any) -> TemplateMeta:
    if not isinstance(raw, dict):
        raise TemplateFormatError("has no 'meta' object (title, description, tags).")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise TemplateFormatError("has no title: meta.title must be a non-empty text.")
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise TemplateFormatError("meta.description must be text.")
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise TemplateFormatError("meta.tags must be a list of texts.")
    dates = {}
    for key in ("created", "modified"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise TemplateFormatError(f"meta.{key} must be a date-time text.")
        dates[key] = value
    extra = {k: v for k, v in raw.items() if k not in _KNOWN_META}
    return TemplateMeta(title.strip(), description, tuple(tags), dates["created"], dates["modified"], extra)


def _payload(raw: Any, where: str, kind: PayloadKind) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise TemplateFormatError(f"has no {where} object: {where} must be a {kind.label} ({{...}}).")
    result = kind.load(raw)
    if result.model is None:
        first = result.problems[0]
        at = f" at {first.path}" if first.path else ""
        more = f" (and {len(result.problems) - 1} more)" if len(result.problems) > 1 else ""
        raise TemplateFormatError(f"has a payload that cannot be read{at}: {first.message}{more}")
    return raw


#: A one-line summary per payload kind, for kinds other than the target group.
SUMMARIES: dict[str, Any] = {}


def describe_kind(payload: dict[str, Any], payload_kind: str = DEFAULT_KIND) -> str:
    """A one-line summary to list and search by: ``DEFAULT · EVENT COUNT · MONTHLY ×12 · leaderboard``."""
    if payload_kind != DEFAULT_KIND:
        summary = SUMMARIES.get(payload_kind) or kind_named(payload_kind).summary
        return str(summary(payload)) if summary else payload_kind
    parts: list[str] = []
    tracking = payload.get("trackingType")
    if isinstance(tracking, str):
        parts.append(tracking)
    targets = payload.get("targets")
    if isinstance(targets, list):
        kinds = []
        for target in targets:
            if isinstance(target, dict):
                text = " ".join(str(target[k]) for k in ("targetEntity", "targetType") if target.get(k))
                if text and text not in kinds:
                    kinds.append(text)
        if kinds:
            parts.append(", ".join(kinds))
    unit = payload.get("frequencyType")
    periods = payload.get("periods")
    if isinstance(unit, str):
        count = f" ×{len(periods)}" if isinstance(periods, list) and periods else ""
        parts.append(f"{unit}{count}")
    evaluation = payload.get("targetEvaluationType")
    if isinstance(evaluation, str) and evaluation != "FIXED_CALENDAR_WINDOW":
        parts.append(evaluation)
    if payload.get("userCreated") is True:
        parts.append("user-created")
    if payload.get("leaderboardEnabled") is True:
        parts.append("leaderboard")
    return " · ".join(parts)
