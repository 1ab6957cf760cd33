"""The rule catalogue: every check the app makes, declared once as data, with its evidence.

A check (a Python function in the rules modules) reports through its :class:`Rule`; it never
invents an id or picks a severity. The severity follows from the evidence by one policy
(:func:`severity_for`, written out in ``docs/rules.md``):

- **error** where the real server is known to reject the payload (an API error code for the
  same fault, or a documented hard limit), or where it cannot be sent at all;
- **warning** for everything else; the message says what the server is likely to do.

Where the docs and a working example disagree, the example wins: the rule is a warning whose
evidence names the example. ``tgb rules`` prints this catalogue and ``docs/rules.md`` is
generated from it (:func:`render_markdown`); a test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from app.domain.problems import Severity


class EvidenceKind(StrEnum):
    """Why we believe a rule: the strongest evidence decides its severity."""

    API_CODE = "api-code"
    """The server answers this error code for the fault."""
    DOCUMENTED = "documented"
    """A docs page says so (a *hard limit* when the page states a limit or a must)."""
    EXAMPLE = "example"
    """A working example shows it (usually: the server accepted what the docs forbid)."""
    INFERRED = "inferred"
    """Our reading of the docs, examples or common sense; not confirmed."""
    UNSENDABLE = "unsendable"
    """The payload cannot be sent or read at all (not an object, a type the server cannot read)."""


#: The "kind" of the rules every payload kind shares. A rule of one kind carries that kind's name
#: (each kind's package declares it as ``KIND_NAME``).
ANY = "any"


@dataclass(frozen=True, slots=True)
class Evidence:
    kind: EvidenceKind
    source: str
    hard: bool = False
    """For documented rules: the page states a hard limit or a must with no working counter-example."""


def severity_for(evidence: Evidence) -> Severity:
    """The severity policy: errors only where the server is known to reject, or nothing can be sent."""
    if evidence.kind in (EvidenceKind.API_CODE, EvidenceKind.UNSENDABLE):
        return Severity.ERROR
    if evidence.kind is EvidenceKind.DOCUMENTED and evidence.hard:
        return Severity.ERROR
    return Severity.WARNING


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: a stable id, the wire fields it reads, its evidence and what it means."""

    id: str
    kind: str
    fields: tuple[str, ...]
    evidence: Evidence
    description: str
    api_code: int | None = None
    severity: Severity = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", severity_for(self.evidence))
        if self.api_code is not None and self.evidence.kind is not EvidenceKind.API_CODE:
            raise ValueError(f"rule {self.id}: an API code needs api-code evidence")
        if self.evidence.kind is EvidenceKind.API_CODE and self.api_code is None:
            raise ValueError(f"rule {self.id}: api-code evidence needs the code")

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "severity": self.severity.value,
            "apiCode": self.api_code,
            "evidence": self.evidence.kind.value,
            "source": self.evidence.source,
            "fields": list(self.fields),
            "description": self.description,
        }


#: Every rule, by (kind, id). Ids are unique within a kind; ANY rules are shared by all kinds.
CATALOGUE: dict[tuple[str, str], Rule] = {}


def declare(
    rule_id: str,
    kind: str,
    fields: Iterable[str],
    evidence: Evidence,
    description: str,
    api_code: int | None = None,
) -> Rule:
    """Add a rule to the catalogue (once; a second declaration of the same id is a bug)."""
    key = (kind, rule_id)
    if key in CATALOGUE:
        raise ValueError(f"rule {rule_id} is declared twice for {kind}")
    rule = Rule(rule_id, kind, tuple(fields), evidence, description, api_code)
    CATALOGUE[key] = rule
    return rule


def rules_for(kind: str | None = None) -> list[Rule]:
    """The rules of one kind (with the shared ones), or all of them, in declaration order."""
    _load_all()
    if kind is None:
        return list(CATALOGUE.values())
    return [r for r in CATALOGUE.values() if r.kind in (kind, ANY)]


def find(kind: str, rule_id: str) -> Rule | None:
    _load_all()
    return CATALOGUE.get((kind, rule_id)) or CATALOGUE.get((ANY, rule_id))


def _load_all() -> None:
    """Load every kind (each declares its rules as it loads), so the catalogue is complete when listed."""
    from app.domain.kinds import all_kinds
    from app.domain.rules import common_catalogue  # noqa: F401  (declares the shared rules)

    all_kinds()


def doc(page: str, *, hard: bool = False) -> Evidence:
    return Evidence(EvidenceKind.DOCUMENTED, page, hard)


def code(text: str) -> Evidence:
    return Evidence(EvidenceKind.API_CODE, text)


def example(text: str) -> Evidence:
    return Evidence(EvidenceKind.EXAMPLE, text)


def inferred(text: str) -> Evidence:
    return Evidence(EvidenceKind.INFERRED, text)


def unsendable(text: str) -> Evidence:
    return Evidence(EvidenceKind.UNSENDABLE, text)


POLICY = """\
## Severity policy

- **Error**: the server is known to reject the payload — it answers an API error code for the
  same fault, or a docs page states a hard limit (a maximum length, a maximum count, a field
  without which nothing can be created) that no working example breaks — or the payload cannot
  be sent at all (not a JSON object, a value of a type the server cannot read, a date that is
  not a date).
- **Warning**: everything else. The message says what the server is likely to do.
- Where the docs and a working example disagree, **the working example wins**: the rule is a
  warning and its evidence names the example.

Errors block Send in the editor, make `tgb validate` exit 1 and are what the local sandbox
refuses (with the rule's API code, or 300004 "Invalid input" when the rule has none). Warnings
are shown next to their field and in Problems, listed by `tgb validate`, and returned by the
sandbox in the envelope's `warnings`. `tgb validate --strict` (and the editor's *Strict checks*
setting) treats warnings as errors, for teams that want a stricter house style.
"""


def render_markdown() -> str:
    """``docs/rules.md``: the policy and the whole catalogue, generated (``tgb rules --format markdown``)."""
    rules = rules_for()
    lines = [
        "# Rules",
        "",
        "Generated from `app/domain/rules/catalogue.py` by `tgb rules --format markdown`; do not edit",
        "by hand (a test compares this file with the catalogue).",
        "",
        POLICY,
    ]
    counts: dict[tuple[str, str], int] = {}
    for rule in rules:
        key = (rule.severity.value, rule.evidence.kind.value)
        counts[key] = counts.get(key, 0) + 1
    lines += ["## Counts", "", "| severity | evidence | rules |", "|---|---|---|"]
    lines += [f"| {sev} | {ev} | {n} |" for (sev, ev), n in sorted(counts.items())]
    lines.append("")
    from app.domain.kinds import all_kinds

    titles = {ANY: "Every payload"} | {kind.name: kind.plural.capitalize() for kind in all_kinds()}
    for kind, title in titles.items():
        group = [r for r in rules if r.kind == kind]
        if not group:
            continue
        lines += [
            f"## {title}",
            "",
            "| id | severity | API code | evidence | fields | description |",
            "|---|---|---|---|---|---|",
        ]
        for rule in group:
            fields = ", ".join(f"`{f}`" for f in rule.fields) or "—"
            source = f"{rule.evidence.kind.value}: {rule.evidence.source}"
            lines.append(
                f"| `{rule.id}` | {rule.severity.value} | {rule.api_code or ''} | {_cell(source)} | "
                f"{_cell(fields)} | {_cell(rule.description)} |"
            )
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
