"""What a send came to, in the terms the Send button, the CLI and the history window use."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from app.domain.problems import Problem
from app.services import history as hist
from app.services.api_result import ApiError, ApiResult, CallKind
from app.services.send_targets import SendTarget, target_for


class SendStatus(StrEnum):
    CREATED = "created"
    REJECTED = "rejected"  # the server refused (error codes, 401, 403)
    INVALID = "invalid"  # our rules found errors; nothing was sent
    NAME_TAKEN = "name-taken"  # isValidName said the name exists; nothing was sent
    NEEDS_CONFIRMATION = "needs-confirmation"  # questions were not confirmed; nothing was sent
    BUSY = "busy"  # the same payload is being sent to the same profile right now
    CONFIG = "config"  # missing credentials, unusable host or CA bundle; nothing was sent
    FAILED = "failed"  # network or server failure; see ``outcome_unknown``
    CANCELLED = "cancelled"


_EXIT_CODES = {
    SendStatus.CREATED: 0,
    SendStatus.REJECTED: 1,
    SendStatus.INVALID: 1,
    SendStatus.NAME_TAKEN: 1,
    SendStatus.NEEDS_CONFIRMATION: 2,
    SendStatus.BUSY: 2,
    SendStatus.CONFIG: 2,
    SendStatus.FAILED: 3,
    SendStatus.CANCELLED: 3,
}


@dataclass
class SendOutcome:
    """The end of one send.

    Attributes:
        status: how it ended.
        message: what to tell the operator (what happened, what to do next).
        payload_name: the name that was sent.
        created_id: the new target group's or promotion's id when created.
        result: the API call's result (raw response, status, request id) when one was made.
        errors: the server's error items with our explanation and the field they point at.
        problems: our own rule errors when the payload was blocked before sending.
        outcome_unknown: the group may exist although no answer said so; offer a check by name.
        history_id: the history row of this submission (None when nothing was sent).
        needs_secret: nothing was sent because the profile's secret could not be had (none stored,
            or the keychain locked or gone); the operator may give it for this session.
    """

    status: SendStatus
    message: str
    payload_name: str = ""
    created_id: int | str | None = None
    result: ApiResult | None = None
    errors: list[ApiError] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    outcome_unknown: bool = False
    history_id: int | None = None
    needs_secret: bool = False

    @property
    def status_line(self) -> str:
        """The outcome in one line (a status bar): the first error's code and text after a refusal."""
        first = self.message.splitlines()[0].strip() if self.message else ""
        if not first.endswith(":"):
            return first
        first = first[:-1]
        if not self.errors:
            return first + "."
        error = self.errors[0]
        more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        return f"{first}: {error.code}: {error.message.rstrip('.')}{more}."

    @property
    def created(self) -> bool:
        return self.status is SendStatus.CREATED

    @property
    def request_id(self) -> str | None:
        return self.result.request_id if self.result else None

    @property
    def raw_response(self) -> str | None:
        return self.result.raw_text if self.result else None

    @property
    def exit_code(self) -> int:
        """``tgb send``'s exit code: 0 created, 1 refused, 2 usage or set-up, 3 network."""
        return _EXIT_CODES[self.status]

    @property
    def history_outcome(self) -> str:
        if self.status is SendStatus.CREATED:
            return hist.CREATED
        if self.status is SendStatus.REJECTED:
            return hist.REJECTED
        if self.status is SendStatus.CANCELLED:
            return hist.CANCELLED
        return hist.FAILED


@dataclass(frozen=True)
class NameCheck:
    """Whether a group name exists on a server: True, False, or None when the check failed."""

    exists: bool | None
    message: str
    result: ApiResult | None = None
    found_id: int | None = None


def outcome_from_result(
    result: ApiResult, name: str, profile_name: str, target: SendTarget | None = None
) -> SendOutcome:
    """Turn the POST's result into an outcome with the operator's message (``target``: the kind's;
    the default kind's when not given)."""
    if target is None:
        from app.domain.kinds import DEFAULT_KIND

        target = target_for(DEFAULT_KIND)
    if result.ok:
        group_id = target.created_id(result.data)
        created_name = target.created_name(result.data, name)
        if group_id is None:
            return SendOutcome(
                SendStatus.FAILED,
                f"The server said OK but sent no {target.what} id; check by name whether it exists.",
                name,
                result=result,
                outcome_unknown=True,
            )
        return SendOutcome(
            SendStatus.CREATED,
            f"Created {target.what} '{created_name}' with id {group_id} on {profile_name}.",
            created_name,
            group_id,
            result,
        )
    if result.kind in (CallKind.REJECTED, CallKind.UNAUTHORIZED, CallKind.FORBIDDEN, CallKind.TOKEN_REFUSED):
        lines = [result.message]
        for error in result.errors:
            where = f" [field: {error.path}]" if error.path else ""
            why = f" {error.explanation}" if error.explanation else ""
            lines.append(f"{error.code}: {error.message}.{why}{where}")
        return SendOutcome(SendStatus.REJECTED, "\n".join(lines), name, result=result, errors=result.errors)
    if result.kind is CallKind.CONFIG:
        return SendOutcome(SendStatus.CONFIG, result.message, name, result=result)
    return SendOutcome(
        SendStatus.FAILED,
        result.message,
        name,
        result=result,
        errors=result.errors,
        outcome_unknown=result.outcome_unknown,
    )
