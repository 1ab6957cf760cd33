"""Payload kinds: what every feature needs to know about one kind of document, in one place.

A kind is a target group (``POST v3/targetGroups``) or a promotion (``POST v3/promotions``).
Templates, drafts, history, Compare, curl, Send and the CLI work on a :class:`PayloadKind` and
never on a model class directly, so a second kind plugs in instead of piling onto them.
:func:`kind_of` tells which kind a parsed document is; :meth:`PayloadKind.as_payload` turns a
payload or any response of the kind into a payload; :meth:`PayloadKind.why_not` says, once for
everyone, why some JSON cannot be opened as that kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.domain.base import WireModel
from app.domain.kind_folders import DOMAIN_KIND, builtin_kinds, builtin_names, kind_module, original_kind
from app.domain.problems import Problem
from app.domain.shape import Shape, describe

if TYPE_CHECKING:
    from app.domain.placeholders import TemplatePlanning

LoadFn = Callable[[Any], Any]


@dataclass(frozen=True)
class PayloadKind:
    """One kind of payload.

    Attributes:
        name: stable id ("target-group", "promotion"); also the template kind and the catalogue kind.
        label: how messages name one ("target group").
        model: the root wire model.
        load: raw JSON -> :class:`~app.domain.validate.LoadResult` (model or problems; never raises).
        validate_model: a model -> every problem (unknown fields and rules), judged at a time.
        validate_text: JSON text -> LoadResult (fast path where the kind has one).
        response_payloads: a response (create/get/update/list, enveloped or bare) -> payload dicts.
        looks_like: whether parsed JSON is a payload or a response of this kind (from its shape).
        is_response: whether parsed JSON is a response rather than a payload.
        new_model: a blank document of the kind.
        name_of: the display name of a payload (its group or promotion name).
        shape: what one object of the kind looks like (see :mod:`app.domain.shape`); conversion
            refuses what does not fit it.
        summary: a one-line summary of a wire payload, to list and search templates by.
        name_path: the wire path of its name ("name", "metadata.name").
        new_label: how File › New offers it ("Milestone promotion (v3/promotions)").
        new_order: where File › New lists it (lowest first: the kind new work should use).
        planning: how its templates re-plan for a new start or cycle count (none: they cannot).
    """

    name: str
    label: str
    model: type[WireModel]
    load: LoadFn
    validate_model: Callable[[Any, datetime | None], list[Problem]]
    validate_text: Callable[[str, datetime | None], Any]
    response_payloads: Callable[[Any], list[dict[str, Any]]]
    looks_like: Callable[[Any], bool]
    is_response: Callable[[Any], bool]
    new_model: Callable[[], WireModel]
    name_of: Callable[[Any], str]
    shape: Shape
    summary: Callable[[dict[str, Any]], str] | None = None
    name_path: str = "name"
    new_label: str = ""
    new_order: int = 100
    planning: TemplatePlanning | None = None

    @property
    def plural(self) -> str:
        """How messages name several ("target groups", "promotions")."""
        return f"{self.label}s"

    def as_payload(self, document: Any) -> Any:
        """A payload from a payload or a response of this kind (a single item of a list), else as it is.

        Raises:
            ConversionError: it is a response but holds no single item of this kind.
        """
        if not self.is_response(document):
            return document
        from app.domain.convert import ConversionError

        payloads = self.response_payloads(document)
        if len(payloads) != 1:
            raise ConversionError(
                f"The response holds {len(payloads)} {self.label}s; open one at a time "
                f"(tgb convert --index N picks one)."
            )
        return payloads[0]

    def why_not(self, raw: Any, limit: int = 12) -> str | None:
        """Why ``raw`` cannot be opened as this kind (one line per error), or ``None`` when it can."""
        result = self.load(raw)
        if result.model is not None:
            return None
        lines = [f"• {p.path or 'payload'}: {p.message}" for p in result.problems if p.is_error]
        more = f"\n…and {len(lines) - limit} more." if len(lines) > limit else ""
        return "\n".join(lines[:limit]) + more


_KINDS: dict[str, PayloadKind] = {}

#: The kind a blank window starts with, when nothing was chosen yet (the first kind folder's).
DEFAULT_KIND = original_kind()


def register(kind: PayloadKind) -> PayloadKind:
    _KINDS[kind.name] = kind
    return kind


def all_kinds() -> list[PayloadKind]:
    """Every kind: the built-in ones in their folders' order, then any registered later."""
    builtin = builtin_names()
    for name in builtin:
        _load_builtin(name)
    return [_KINDS[name] for name in builtin if name in _KINDS] + [
        kind for name, kind in _KINDS.items() if name not in builtin
    ]


def known_kind_names() -> set[str]:
    """The names of every kind, without loading any of them."""
    return set(builtin_names()) | set(_KINDS)


def kind_named(name: str) -> PayloadKind:
    """The kind called ``name`` ("target-group", "promotion").

    Raises:
        KeyError: no such kind.
    """
    _load_builtin(name)
    return _KINDS[name]


def kind_labels() -> str:
    """Every kind's label, for messages that refuse other JSON ("target group or promotion")."""
    labels = [kind.label for kind in all_kinds()]
    return " or ".join(labels) if len(labels) < 3 else ", ".join(labels[:-1]) + " or " + labels[-1]


#: What conversion takes, for the message that refuses anything else.
CONVERTIBLE = (
    "a payload, or a create, get, update or list answer, of a target group (v3/targetGroups, "
    "v3/milestones) or a promotion (v3/promotions)"
)


def items_of(document: Any) -> list[Any]:
    """The objects a document holds: itself, or the items of its envelope, list or page."""
    from app.domain.convert import unwrap_envelope

    data = unwrap_envelope(document)
    if isinstance(data, dict) and isinstance(data.get("content"), list):
        data = data["content"]
    return data if isinstance(data, list) else [data]


def convertible_kind(document: Any) -> PayloadKind:
    """The kind whose objects ``document`` holds (every one of them), for conversion.

    Raises:
        ConversionError: it holds none, or something that is not a target group or promotion; the
            message says what it looks like and what can be converted.
    """
    from app.domain.convert import ConversionError, envelope_errors

    items = items_of(document)
    for kind in all_kinds():
        if items and all(kind.shape.fits(item) for item in items):
            return kind
    errors = envelope_errors(document)
    if errors:
        codes = ", ".join(str(e.get("code") if isinstance(e, dict) else e) for e in errors[:5])
        raise ConversionError(f"This is an error answer ({codes}), not a target group or promotion.")
    raise ConversionError(
        f"This is {describe(document)}: not a target group or promotion. It converts {CONVERTIBLE}."
    )


def kind_of(document: Any, default: str = DEFAULT_KIND) -> PayloadKind:
    """The kind a parsed document (payload or response) belongs to, by its shape; ``default`` otherwise.

    ``default`` (the open payload's kind, in the window) wins when its shape fits too, so a
    document two kinds could claim opens as the kind already open.
    """
    preferred = kind_named(default)
    if preferred.looks_like(document):
        return preferred
    for kind in all_kinds():
        if kind.name != default and kind.looks_like(document):
            return kind
    return preferred


def kind_of_model(model: Any) -> PayloadKind:
    """The kind whose root model ``model`` is an instance of.

    Raises:
        KeyError: it is the model of no kind.
    """
    for kind in [*_KINDS.values(), *all_kinds()]:  # the loaded kinds first: no other kind loads
        if isinstance(model, kind.model):
            return kind
    raise KeyError(type(model).__name__)


def conversions_from(kind: PayloadKind) -> list[PayloadKind]:
    """The kinds a payload of ``kind`` can be converted into (File › Convert to…)."""
    from app.domain.conversions import targets_from

    return [kind_named(name) for name in targets_from(kind.name)]


def _load_builtin(name: str) -> None:
    """Register a built-in kind (its ``kind`` module registers it when imported), the first time it
    is needed: a target-group command does not load the promotion's models and rules."""
    if name in _KINDS or name not in builtin_kinds():
        return
    import importlib

    importlib.import_module(kind_module(DOMAIN_KIND, name))
