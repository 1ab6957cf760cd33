"""Rules shared by every payload kind: what makes a document unreadable, and keys we do not know."""

from __future__ import annotations

from app.domain.rules.catalogue import ANY, declare, example, inferred, unsendable

PAYLOAD_SHAPE = declare(
    "payload-shape",
    ANY,
    (),
    unsendable("the API takes one JSON object as the request body"),
    "The document is not a JSON object.",
)
TYPE = declare(
    "type",
    ANY,
    (),
    unsendable("the server cannot read a value of another type (text for a number, an unknown enum value)"),
    "A value has a type or an enum value the API does not read.",
)
UNKNOWN_FIELD = declare(
    "unknown-field",
    ANY,
    (),
    inferred("the server ignores or rejects keys it does not know; we keep and send them as they are"),
    "A key this app does not know (kept and sent as it is).",
)
DUPLICATE_KEY = declare(
    "duplicate-key",
    ANY,
    (),
    example("a get-all promotions response carries the same key twice; JSON readers keep the last one"),
    "The same key appears twice in one object; the last one is kept.",
)
