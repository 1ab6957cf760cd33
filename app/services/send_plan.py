"""What will be sent where, and what the operator must agree to before it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from app.domain import jsontext
from app.domain.kinds import DEFAULT_KIND, PayloadKind, kind_named
from app.domain.problems import Problem
from app.services import history as hist
from app.services.profiles import Profile


@dataclass
class SendPlan:
    """What will be sent where, and what the operator must agree to first.

    Attributes:
        profile: the destination.
        payload: the exact JSON object that will be sent.
        payload_name: the payload's name, at its kind's name path (for confirmations and history).
        problems: every problem our rules found; errors block sending.
        duplicate: an identical payload sent to the same profile in the last 10 minutes.
    """

    profile: Profile
    payload: dict[str, Any]
    payload_name: str
    problems: list[Problem] = field(default_factory=list)
    duplicate: hist.HistoryEntry | None = None
    ask_about_warnings: bool = True
    """Strict checks: warnings are a question before sending (the editor's setting; always on the CLI)."""
    kind: PayloadKind = field(default_factory=lambda: kind_named(DEFAULT_KIND))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def blocked(self) -> bool:
        return bool(self.errors)

    @cached_property
    def payload_text(self) -> str:
        """The payload as compact JSON: the request's body and the history's copy."""
        return jsontext.compact(self.payload)

    @cached_property
    def payload_hash(self) -> str:
        return jsontext.content_hash(self.payload)

    def known_text(self, text: str, content_hash: str) -> SendPlan:
        """Take the payload's compact text and hash from a caller that has them (a bulk row)."""
        self.__dict__["payload_text"], self.__dict__["payload_hash"] = text, content_hash
        return self

    @property
    def production_question(self) -> str | None:
        if not self.profile.production:
            return None
        return (
            f"'{self.profile.name}' is a PRODUCTION profile. Create {self.kind.label} '{self.payload_name}' "
            f"on {self.profile.host_label}?"
        )

    @property
    def warnings_question(self) -> str | None:
        if not self.warnings or not self.ask_about_warnings:
            return None
        count = len(self.warnings)
        return f"The payload has {count} warning{'s' if count != 1 else ''}. Send anyway?"

    @property
    def duplicate_question(self) -> str | None:
        entry = self.duplicate
        if entry is None:
            return None
        result = f"created as id {entry.created_id}" if entry.created_id else entry.outcome
        return (
            f"This exact payload was sent to '{self.profile.name}' at {entry.sent_at} ({result}). "
            "Send it again?"
        )

    @property
    def questions(self) -> list[str]:
        """Everything the operator must confirm, most serious first."""
        asked = (self.production_question, self.duplicate_question, self.warnings_question)
        return [q for q in asked if q]
