"""Conversions between kinds: each module of this package turns a payload of one kind into a draft
of another (File › Convert to…, ``tgb convert --to``).

The one place in the domain that holds two kinds at once: it sits outside both kinds' folders, so
they never import each other. :data:`CONVERSIONS` lists them by the kinds' names (light: the
window offers "Convert to promotion…" without loading the promotion's models); a conversion's
module is imported when it is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.domain.kind_folders import builtin_kinds

#: (model of the source, the server's answer it came from or ``None``) -> (the new payload,
#: [(path, what was not carried over)]).
Converter = Callable[..., tuple[dict[str, Any], list[tuple[str, str]]]]


@dataclass(frozen=True)
class Conversion:
    """From the kind in folder ``source`` to the kind in folder ``target`` (see
    :mod:`app.domain.kind_folders`), by ``convert`` in this package's ``module``."""

    source_folder: str
    target_folder: str
    module: str

    @property
    def source(self) -> str:
        return _name_of(self.source_folder)

    @property
    def target(self) -> str:
        return _name_of(self.target_folder)

    def converter(self) -> Converter:
        convert: Converter = importlib.import_module(f"{__name__}.{self.module}").convert
        return convert


CONVERSIONS = (Conversion("target_groups", "promotions", "target_group_to_promotion"),)


def _name_of(folder: str) -> str:
    return next((name for name, its in builtin_kinds().items() if its == folder), "")


def targets_from(source: str) -> list[str]:
    """The kinds a payload of kind ``source`` can be converted into (nothing is loaded)."""
    return [c.target for c in CONVERSIONS if c.source == source]


def converter(source: str, target: str) -> Converter | None:
    """How a payload of kind ``source`` becomes one of kind ``target`` (``None``: it cannot)."""
    found = next((c for c in CONVERSIONS if c.source == source and c.target == target), None)
    return None if found is None else found.converter()
