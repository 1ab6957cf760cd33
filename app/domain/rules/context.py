"""What every check needs: the time it is judged at, a zone, the rules it reports through, the list.

:class:`Checker` is shared by the payload kinds; it knows the field-metadata rules (required,
lengths, ranges, dates) of one kind through a :class:`FieldRules`. Each kind's checker is in
its folder (``target_groups/rules/context.py``, ``promotions/rules.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cache

from app.domain.base import WireModel
from app.domain.dates import WireDate, parse_wire_date
from app.domain.fields import (
    field_empty_note,
    field_max_length,
    field_missing_note,
    field_range,
    field_required,
    field_soft_max_length,
    field_title,
    wire_name,
)
from app.domain.problems import Problem
from app.domain.rules.catalogue import Rule


@dataclass(frozen=True, slots=True)
class FieldRules:
    """The rules one kind reports field-metadata problems through."""

    required: Rule
    required_soft: Rule
    name_too_long: Rule
    text_too_long: Rule
    text_long: Rule
    above_maximum: Rule
    below_minimum: Rule
    date_format: Rule
    #: What a text over its soft limit (``softMaxLength``) risks, after "…characters long; ".
    soft_note: str = "similar fields allow at most {limit}, so the server may cut or refuse it"
    #: The paths ``name_too_long`` is for (``None``: every field called ``name``).
    name_paths: frozenset[str] | None = None
    #: For a required text that is present but blank where the server was seen to keep such a
    #: value (the field's ``empty`` note); ``None``: a blank required text is the missing error.
    required_empty: Rule | None = None


class Checker:
    """Collects problems for one check of one payload."""

    def __init__(self, now: datetime, zone: tzinfo | None, field_rules: FieldRules) -> None:
        self.now = now
        self.zone = zone
        self.fields = field_rules
        self.problems: list[Problem] = []

    def report(self, rule: Rule, path: str, message: str) -> None:
        """Report a problem at ``path``; its severity and code come from the rule's catalogue entry."""
        self.problems.append(Problem(path, rule.severity, rule.id, message, rule.api_code))

    def parse(self, text: str | None) -> WireDate | None:
        """Parse a date without reporting (for dates another rule already reported on)."""
        return parse_wire_date(text, self.zone) if text else None

    def date(self, text: object, path: str, what: str = "") -> WireDate | None:
        """Parse a date field; an unreadable one is reported and gives ``None``."""
        if text is None or text == "":
            return None
        parsed = parse_wire_date(text, self.zone) if isinstance(text, str) else None
        if parsed is None:
            self.report(
                self.fields.date_format,
                path,
                f"{what or 'The date'} '{text}' is not a date the API reads; write it as ISO 8601, "
                "e.g. 2026-01-01T00:00:00.000+05:30 or 2026-01-01.",
            )
        return parsed

    def check_fields(
        self, model: WireModel, prefix: str, what: str = "", optional_here: Mapping[str, str] | None = None
    ) -> None:
        """Required, length and range checks for every field of ``model``, from its declared metadata.

        ``what`` names the item for messages ("Target 2"); the field's form label follows it. Only
        the fields that declare something are looked at (a cached list per model class).
        ``optional_here`` maps fields (Python names) that working examples leave out at this
        place to what they show: a missing one is the docs-only warning here, not an error.
        """
        cls = type(model)
        for name, wire, title in declaring_fields(cls):
            value = getattr(model, name)
            path = f"{prefix}.{wire}" if prefix else wire
            label = f"{what}: {title}" if what else title
            if value is None or (isinstance(value, str) and not value.strip()):
                level = field_required(cls, name)
                here = (optional_here or {}).get(name)
                if here is not None:
                    level = "docs"
                empty = field_empty_note(cls, name) if value is not None else None
                if level == "hard" and empty and self.fields.required_empty is not None:
                    self.report(
                        self.fields.required_empty,
                        path,
                        f"{label} is empty. The docs mark it required; {empty}. Fill it in.",
                    )
                elif level == "hard":
                    self.report(self.fields.required, path, f"{label} is required; fill it in.")
                elif level == "docs":
                    note = (
                        here
                        or field_missing_note(cls, name)
                        or (
                            "working examples leave such fields out and the server is likely to use a default"
                        )
                    )
                    self.report(
                        self.fields.required_soft,
                        path,
                        f"{label} is missing. The docs mark it required; {note}. Set it to be sure.",
                    )
                continue
            if isinstance(value, str | int) and not isinstance(value, bool):
                self._length(cls, name, value, path, label)
            if isinstance(value, int | float) and not isinstance(value, bool):
                self._range(cls, name, value, path, label)

    def _length(self, cls: type[WireModel], name: str, value: str | int, path: str, label: str) -> None:
        text = value if isinstance(value, str) else str(value)
        limit = field_max_length(cls, name)
        if limit is not None and len(text) > limit:
            names = self.fields.name_paths
            is_name = name == "name" if names is None else path in names
            rule = self.fields.name_too_long if is_name else self.fields.text_too_long
            self.report(
                rule,
                path,
                f"{label} is {len(text)} characters long; the API allows at most {limit}. "
                f"Shorten it by {len(text) - limit}.",
            )
            return
        soft = field_soft_max_length(cls, name)
        if soft is not None and len(text) > soft:
            note = self.fields.soft_note.format(limit=soft)
            self.report(self.fields.text_long, path, f"{label} is {len(text)} characters long; {note}.")

    def _range(self, cls: type[WireModel], name: str, value: float, path: str, label: str) -> None:
        low, high = field_range(cls, name)
        if high is not None and value > high:
            self.report(
                self.fields.above_maximum, path, f"{label} is {value}; the API allows at most {high}."
            )
        elif low is not None and value < low:
            self.report(
                self.fields.below_minimum,
                path,
                f"{label} is {value}; use {low} or more (the server's handling of {value} is unknown).",
            )


_DECLARED_KEYS = ("maxLength", "softMaxLength", "required", "minimum", "maximum")


@cache
def declaring_fields(cls: type[WireModel]) -> tuple[tuple[str, str, str], ...]:
    """(python name, wire name, label) of the fields of ``cls`` with a limit or required-ness."""
    out = []
    for name, info in cls.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if any(key in extra for key in _DECLARED_KEYS):
            out.append((name, wire_name(cls, name), field_title(cls, name)))
    return tuple(out)
