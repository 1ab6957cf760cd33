"""Conversions between kinds: each module of this package turns a payload of one kind into a draft
of another (File › Convert to…, ``tgb convert --to``).

The one place in the domain that holds two kinds at once: it sits outside both kinds' folders, so
they never import each other. Each module declares its ``CONVERSION``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

#: The modules of this package, each with its ``CONVERSION``.
MODULES = ("target_group_to_promotion",)


@dataclass(frozen=True)
class Conversion:
    """From kind ``source`` to kind ``target``: (model of the source, the server's answer it came
    from or ``None``) -> (the new payload, [(path, what was not carried over)])."""

    source: str
    target: str
    convert: Callable[..., tuple[dict[str, Any], list[tuple[str, str]]]]


@cache
def conversions() -> tuple[Conversion, ...]:
    """Every conversion (their modules are imported when first asked for)."""
    return tuple(importlib.import_module(f"{__name__}.{name}").CONVERSION for name in MODULES)


def converter(source: str, target: str) -> Callable[..., tuple[dict[str, Any], list[tuple[str, str]]]] | None:
    """How a payload of kind ``source`` becomes one of kind ``target`` (``None``: it cannot)."""
    return next((c.convert for c in conversions() if c.source == source and c.target == target), None)
