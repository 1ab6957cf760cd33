"""The target condition: the ``expression`` text and its ``expressionJson`` tree.

Only what Capillary's examples confirm is generated here (the examples of the TG pages): the literal
``true`` and one comparison ``profile.attribute <op> value``. Anything else can be
entered raw; :func:`check_expression_json` tells whether a tree uses known node kinds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from app.domain import jsontext

ALWAYS_TRUE_JSON = '{"arity":"literal","value":"true","type":"boolean:primitive"}'

KNOWN_ARITIES = frozenset({"literal", "name", "object_dereference", "binary_operation", "unary_operation"})
COMPARISON_OPERATORS = ("==", "!=", ">", ">=", "<", "<=")
ARITHMETIC_OPERATORS = ("+", "-", "*", "/", "%", "&&", "||")

#: Rule-language profiles and the expressionJson type of each (the examples of the TG pages).
PROFILES: dict[str, str] = {
    "currentTxn": "tx:object:primitive",
    "currentCustomer": "customer:object:primitive",
    "currentLineItem": "lineitem:object:primitive",
    "tenderProfile": "tender:object:primitive",
    "currentEvent": "customer.targetCompletedEvent:object:primitive",
    "currentTrackerCondition": "tracker:object:primitive",
}

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass(frozen=True, slots=True)
class Condition:
    """One comparison: ``profile.attribute operator value``."""

    profile: str
    attribute: str
    operator: str
    value: str

    def problems(self) -> list[str]:
        """What is wrong with the condition, in an operator's words (empty when it is fine)."""
        out = []
        if not _IDENTIFIER.match(self.profile):
            out.append(f"'{self.profile}' is not a profile name (letters, digits and _).")
        if not _IDENTIFIER.match(self.attribute):
            out.append(f"'{self.attribute}' is not an attribute name (letters, digits and _).")
        if self.operator not in COMPARISON_OPERATORS:
            out.append(f"'{self.operator}' is not a comparison; use one of {' '.join(COMPARISON_OPERATORS)}.")
        if not self.value.strip():
            out.append("The value to compare with is empty.")
        return out

    @property
    def is_numeric(self) -> bool:
        return bool(_NUMBER.match(self.value.strip()))

    def expression(self) -> str:
        """The rule-language text, e.g. ``currentTxn.value>500``."""
        value = self.value.strip()
        if not self.is_numeric and not (value.startswith('"') and value.endswith('"')):
            value = json.dumps(value)
        return f"{self.profile}.{self.attribute}{self.operator}{value}"

    def expression_json(self) -> str:
        """The matching expressionJson tree, compact, as the API stores it."""
        value = self.value.strip()
        if self.is_numeric:
            literal = {"arity": "literal", "value": value, "type": "number:primitive"}
            attr_type = "real:object:primitive"
        else:
            text = value[1:-1] if value.startswith('"') and value.endswith('"') else value
            literal = {"arity": "literal", "value": text, "type": "string:object:primitive"}
            attr_type = "string:object:primitive"
        tree = {
            "arity": "binary_operation",
            "value": self.operator,
            "type": "boolean:primitive",
            "operands": [
                {
                    "arity": "object_dereference",
                    "type": attr_type,
                    "operands": [
                        {
                            "arity": "name",
                            "value": self.profile,
                            "type": PROFILES.get(self.profile, "object"),
                        },
                        {"arity": "name", "value": self.attribute, "type": attr_type},
                    ],
                },
                literal,
            ],
        }
        return json.dumps(tree, separators=(",", ":"))


_CONDITION = re.compile(
    r"^\s*([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=|>=|<=|>|<)\s*(.+?)\s*$"
)


def parse_condition(expression: str | None) -> Condition | None:
    """Read a single comparison back from its text; ``None`` for anything else (incl. ``true``)."""
    if not expression:
        return None
    match = _CONDITION.match(expression)
    if not match:
        return None
    return Condition(*match.groups())


def is_always_true(expression: str | None) -> bool:
    return (expression or "").strip().lower() == "true"


def check_expression_json(text: str) -> list[tuple[str, str]]:
    """Check an expressionJson string.

    Returns ``(where, message)`` pairs; ``where`` is a JSON-pointer-like location inside
    the tree ("" for the whole text). Empty when the tree parses and uses known nodes.
    """
    try:
        tree = jsontext.parse(text).value
    except jsontext.JsonTextError as exc:
        return [("", exc.reason)]
    out: list[tuple[str, str]] = []
    _check_node(tree, "", out, depth=0)
    return out


def _check_node(node: Any, where: str, out: list[tuple[str, str]], depth: int) -> None:
    if depth > 64:
        out.append((where, "nests too deeply (more than 64 levels)."))
        return
    if not isinstance(node, dict):
        out.append((where, "must be an object with an 'arity'."))
        return
    arity = node.get("arity")
    if arity not in KNOWN_ARITIES:
        known = ", ".join(sorted(KNOWN_ARITIES))
        out.append((where, f"has an unknown node kind {json.dumps(arity)}; known kinds are {known}."))
        return
    operands = node.get("operands")
    if arity in ("literal", "name"):
        if not isinstance(node.get("value"), str):
            out.append((where, f"is a {arity} without a text 'value'."))
        return
    expected = {"object_dereference": 2, "binary_operation": 2, "unary_operation": 1}[arity]
    if not isinstance(operands, list) or len(operands) != expected:
        out.append((where, f"is a {arity} that needs exactly {expected} operand(s)."))
        return
    if arity == "binary_operation":
        op = node.get("value")
        if op not in COMPARISON_OPERATORS + ARITHMETIC_OPERATORS:
            out.append((where, f"uses an unknown operator {json.dumps(op)}."))
    for index, child in enumerate(operands):
        _check_node(child, f"{where}/operands/{index}", out, depth + 1)
