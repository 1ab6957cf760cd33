"""Field-by-field comparison of two payloads, in wire paths an operator can read.

Compare shows a draft against the template it came from, a saved file or a history
entry. A line per change (``periods[2].endDate: "…" → "…"``) says more than two JSON
texts side by side. Lists of different lengths are aligned first
(:class:`difflib.SequenceMatcher` over the items' JSON), so inserting a period at the top
reads as one added period, not as every later period changed; lists of the same length
are compared item by item.

Given the payload's root model (:func:`diff_payloads` ``root=``), Compare says only what an
operator changed: fields the server writes (a history entry holds the server's answer) are left
out, and a date written two ways (``2027-01-01`` and ``2027-01-01T00:00:00.000+05:30``, the
server's plain date and the editor's date-time) counts as the same date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

from app.domain.base import WireModel
from app.domain.dates import wall_clock
from app.domain.problems import join_path

#: A value longer than this is cut in :meth:`Change.describe`.
SHOWN_MAX = 80


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class Change:
    """One difference.

    Attributes:
        path: where, in wire names; list items are numbered as in the *new* payload,
            except for removed items, numbered as in the old one.
        kind: added (only in the new payload), removed (only in the old) or changed.
        old: the old value (``None`` when added).
        new: the new value (``None`` when removed).
    """

    path: str
    kind: ChangeKind
    old: Any = None
    new: Any = None

    def describe(self) -> str:
        """One line for the operator, e.g. ``periods[2].endDate: "2026-01-31" → "2026-02-28"``."""
        where = self.path or "(whole payload)"
        if self.kind is ChangeKind.ADDED:
            return f"{where}: added {shown(self.new)}"
        if self.kind is ChangeKind.REMOVED:
            return f"{where}: removed (was {shown(self.old)})"
        return f"{where}: {shown(self.old)} → {shown(self.new)}"

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind.value, "old": self.old, "new": self.new}


def shown(value: Any) -> str:
    """A value as compact JSON, cut to :data:`SHOWN_MAX` characters."""
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"


def diff_payloads(old: Any, new: Any, root: type[WireModel] | None = None) -> list[Change]:
    """Every difference between two parsed JSON documents, in document order.

    Objects are compared key by key (the new payload's key order, then keys only the
    old one has); lists are aligned, then matched items compared field by field. With
    ``root`` (the payload's model), server-written fields are skipped and equal dates
    written two ways are not a change.
    """
    out: list[Change] = []
    _compare(old, new, "", out, root, lenient=root is not None)
    return out


def diff_models(old: WireModel, new: WireModel) -> list[Change]:
    """Differences between two models, as they would be sent (numbers normalised, unset fields left out)."""
    return diff_payloads(old.to_wire(), new.to_wire(), type(new))


def same_date(old: Any, new: Any) -> bool:
    """Whether two texts are one date or date-time written two ways: a plain date and that day's
    midnight (or its last millisecond, an end date), with or without fractions or an offset."""
    if not isinstance(old, str) or not isinstance(new, str):
        return False
    a, b = wall_clock(old), wall_clock(new)
    if a is None or b is None:
        return False
    if a.date_only or b.date_only:
        timed = b if a.date_only else a
        if a.value.date() != b.value.date():
            return False
        clock = timed.value.time()
        return timed.date_only or (clock.hour, clock.minute, clock.second) in ((0, 0, 0), (23, 59, 59))
    if a.value.replace(microsecond=0) != b.value.replace(microsecond=0):
        return False
    return a.suffix == b.suffix or a.suffix is None or b.suffix is None


def _server_fields(model: type[WireModel] | None) -> frozenset[str]:
    return frozenset(getattr(model, "SERVER_FIELDS", ())) if model is not None else frozenset()


def _child_model(model: type[WireModel] | None, key: str) -> type[WireModel] | None:
    if model is None:
        return None
    from app.domain.wirepath import PathError, model_class_of, python_name

    try:
        return model_class_of(model, python_name(model, key))
    except PathError:
        return None


def format_diff(changes: list[Change]) -> str:
    """The changes, one line each; a sentence when there are none."""
    if not changes:
        return "No differences."
    return "\n".join(change.describe() for change in changes)


def _compare(
    old: Any,
    new: Any,
    path: str,
    out: list[Change],
    model: type[WireModel] | None = None,
    lenient: bool = False,
) -> None:
    if _same(old, new) or (lenient and same_date(old, new)):
        return
    if isinstance(old, dict) and isinstance(new, dict):
        skipped = _server_fields(model)
        for key in new:
            if key in skipped:
                continue
            child = join_path(path, key) if path else key
            if key in old:
                _compare(old[key], new[key], child, out, _child_model(model, key), lenient)
            else:
                out.append(Change(child, ChangeKind.ADDED, None, new[key]))
        for key in old:
            if key not in new and key not in skipped:
                out.append(Change(join_path(path, key) if path else key, ChangeKind.REMOVED, old[key], None))
        return
    if isinstance(old, list) and isinstance(new, list):
        _compare_lists(old, new, path, out, model, lenient)
        return
    out.append(Change(path, ChangeKind.CHANGED, old, new))


def _compare_lists(
    old: list[Any],
    new: list[Any],
    path: str,
    out: list[Change],
    model: type[WireModel] | None = None,
    lenient: bool = False,
) -> None:
    if len(old) == len(new):
        # Same length: items are edited in place far more often than one is dropped and
        # another inserted; aligning would turn one edited value among equal ones into noise.
        for index, (before, after) in enumerate(zip(old, new, strict=True)):
            _compare(before, after, f"{path}[{index}]", out, model, lenient)
        return
    matcher = SequenceMatcher(None, [_key(v) for v in old], [_key(v) for v in new], autojunk=False)
    for tag, o1, o2, n1, n2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(o2 - o1, n2 - n1) if tag == "replace" else 0
        for k in range(paired):
            _compare(old[o1 + k], new[n1 + k], f"{path}[{n1 + k}]", out, model, lenient)
        for k in range(n1 + paired, n2):
            out.append(Change(f"{path}[{k}]", ChangeKind.ADDED, None, new[k]))
        for k in range(o1 + paired, o2):
            out.append(Change(f"{path}[{k}]", ChangeKind.REMOVED, old[k], None))


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _same(old: Any, new: Any) -> bool:
    """Equal as JSON: ``1`` and ``True`` differ, ``1`` and ``1.0`` do not."""
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if type(old) is not type(new) and not (isinstance(old, int | float) and isinstance(new, int | float)):
        return False
    if isinstance(old, dict | list):
        return _key(old) == _key(new)
    return bool(old == new)


_ABSENT = object()


def merge3(base: Any, mine: Any, theirs: Any) -> tuple[Any, list[str]]:
    """Three-way merge of JSON: ``mine`` and ``theirs`` both started from ``base``.

    What only one side changed is taken from that side; what both changed the same way is kept;
    what both changed differently keeps ``mine`` and its wire path is listed as a conflict. Objects
    merge key by key, lists of the base's length item by item; ``null`` counts as left out (an
    update that leaves a field out clears it, as ``null`` does).

    Returns:
        (the merged JSON, the conflicting paths in document order).
    """
    conflicts: list[str] = []
    merged = _merge(without_nulls(base), without_nulls(mine), without_nulls(theirs), "", conflicts)
    return (None if merged is _ABSENT else merged), conflicts


def without_nulls(value: Any) -> Any:
    """JSON with every ``null`` left out, at any depth (an update clears a field left out, as ``null`` does)."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def _merge(base: Any, mine: Any, theirs: Any, path: str, conflicts: list[str]) -> Any:
    if _same_json(mine, base):
        return theirs
    if _same_json(theirs, base) or _same_json(mine, theirs):
        return mine
    if isinstance(base, dict) and isinstance(mine, dict) and isinstance(theirs, dict):
        out: dict[str, Any] = {}
        for key in [
            *mine,
            *(k for k in theirs if k not in mine),
            *(k for k in base if k not in mine and k not in theirs),
        ]:
            value = _merge(
                base.get(key, _ABSENT),
                mine.get(key, _ABSENT),
                theirs.get(key, _ABSENT),
                join_path(path, key),
                conflicts,
            )
            if value is not _ABSENT:
                out[key] = value
        return out
    if (
        isinstance(base, list)
        and isinstance(mine, list)
        and isinstance(theirs, list)
        and len(base) == len(mine) == len(theirs)
    ):
        return [
            _merge(b, m, t, f"{path}[{i}]", conflicts)
            for i, (b, m, t) in enumerate(zip(base, mine, theirs, strict=True))
        ]
    conflicts.append(path)
    return mine


def _same_json(a: Any, b: Any) -> bool:
    """Equal as JSON (``1`` and ``true`` differ, at any depth)."""
    if a is _ABSENT or b is _ABSENT:
        return a is b
    return _key(a) == _key(b)
