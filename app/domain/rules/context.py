"""What every rule needs: the group, the time it is judged at, its zone, and the list to report into."""

from __future__ import annotations

from datetime import datetime, tzinfo

from app.domain.base import WireModel
from app.domain.dates import WireDate, parse_wire_date, zone_or_none
from app.domain.models import TargetGroup, field_max_length, field_title, wire_name
from app.domain.problems import Problem, Severity


class Context:
    """Collects problems for one check of one group."""

    def __init__(self, group: TargetGroup, now: datetime) -> None:
        self.group = group
        self.now = now
        self.zone: tzinfo | None = zone_or_none(group.time_zone_name)
        self.problems: list[Problem] = []

    def error(self, path: str, rule: str, message: str, api_code: int | None = None) -> None:
        self.problems.append(Problem(path, Severity.ERROR, rule, message, api_code))

    def warning(self, path: str, rule: str, message: str, api_code: int | None = None) -> None:
        self.problems.append(Problem(path, Severity.WARNING, rule, message, api_code))

    def parse(self, text: str | None) -> WireDate | None:
        """Parse a date without reporting (for dates another rule already reported on)."""
        return parse_wire_date(text, self.zone) if text else None

    def date(self, text: str | None, path: str, field: str = "") -> WireDate | None:
        """Parse a date field at ``path`` (+ ``.field``); an unreadable one is reported and gives ``None``."""
        if text is None:
            return None
        parsed = parse_wire_date(text, self.zone)
        if parsed is None:
            self.error(
                f"{path}.{field}" if field else path,
                "date-format",
                f"'{text}' is not a date the API reads; write it as ISO 8601, "
                "e.g. 2026-01-01T00:00:00.000+05:30 or 2026-01-01.",
            )
        return parsed

    def check_text(
        self,
        model: WireModel,
        field: str,
        prefix: str,
        *,
        required: bool = False,
        api_code: int | None = None,
        what: str = "",
    ) -> None:
        """Required and length checks for a text field, driven by the field's declared metadata."""
        value = getattr(model, field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                title = what or field_title(type(model), field)
                self.error(self._path(model, field, prefix), "required", f"{title} is required; fill it in.")
            return
        limit = field_max_length(type(model), field)
        if limit is not None and len(value) > limit:
            title = what or field_title(type(model), field)
            self.error(
                self._path(model, field, prefix),
                f"{field.replace('_', '-')}-too-long",
                f"{title} is {len(value)} characters long; the API allows at most {limit}. "
                f"Shorten it by {len(value) - limit}.",
                api_code,
            )

    @staticmethod
    def _path(model: WireModel, field: str, prefix: str) -> str:
        wire = wire_name(type(model), field)
        return f"{prefix}.{wire}" if prefix else wire
