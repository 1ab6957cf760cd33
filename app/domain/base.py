"""The camelCase base model every wire object derives from, and the small value types they share."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
)
from pydantic.alias_generators import to_camel


class WireModel(BaseModel):
    """A JSON object of the API.

    Wire names (camelCase) in and out, Python names inside. Unknown keys are kept
    (``extra="allow"``) so that an import never drops data; the parser reports them.
    Only fields that were set are written out, so nothing is invented.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        use_enum_values=False,
        validate_default=False,
    )

    #: Keys only the server makes (ids, attribution...): dropped when a response becomes a payload.
    SERVER_FIELDS: ClassVar[frozenset[str]] = frozenset()

    def to_wire(self) -> dict[str, Any]:
        """The object as the API expects it: wire names, only the fields that were set."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)

    def to_json(self, indent: int | None = 2) -> str:
        """The exact JSON text the app shows, saves and sends."""
        return self.model_dump_json(by_alias=True, exclude_unset=True, indent=indent)


def _numeric_text(text: str) -> int | float:
    try:
        value = float(text.strip())
    except ValueError:
        raise ValueError("expected a number") from None
    if not math.isfinite(value):
        raise ValueError("expected a finite number")
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _bool_or_str_expression(value: Any) -> Any:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return value


def _json_text(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"))
    return value


def _reject_bool_int(value: Any) -> Any:
    if value is True or value is False:
        raise ValueError("expected a whole number, not true/false")
    return value


#: A JSON number that may arrive as a numeric string ("1.00"); written back as a number.
#: "1.00" is read as the integer 1; true/false, NaN and infinity are refused. Numbers are
#: checked without a Python call (strict members first): payloads carry thousands of them.
if TYPE_CHECKING:
    Number = int | float
else:
    Number = (
        StrictInt
        | Annotated[StrictFloat, Field(allow_inf_nan=False)]
        | Annotated[str, AfterValidator(_numeric_text)]
    )

#: Text that may arrive as a number (a refCode of 1720782952 in a working example); kept as sent.
if TYPE_CHECKING:
    LooseText = str | int
else:
    LooseText = StrictStr | StrictInt

#: A whole number that refuses true/false (pydantic would otherwise read true as 1).
WholeNumber = Annotated[int, BeforeValidator(_reject_bool_int)]

#: The rule expression: the API accepts a boolean or a string; we always send a string.
ExpressionText = Annotated[str, BeforeValidator(_bool_or_str_expression)]

#: expressionJson is serialized JSON inside a string; an object given here is serialized.
JsonText = Annotated[str, BeforeValidator(_json_text)]
