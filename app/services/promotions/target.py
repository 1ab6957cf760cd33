"""Where a promotion is sent and how its answer is read: the promotion's :class:`SendTarget`.

``POST v3/promotions`` answers the new promotion with its 24-hex id; there is no name check
endpoint, so a name is found by searching the list (:func:`find_by_name`), as bulk runs do to
settle a row whose answer was lost (``docs/api/promotions.md``).
"""

from __future__ import annotations

import re
from typing import Any

from app.domain.promotions import lifecycle
from app.services.send_targets import SendTarget, register_target

_HEX_ID = re.compile(r"^[0-9a-f]{24}$")


def _promotion_id(data: Any) -> str | None:
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) and _HEX_ID.match(value) else None


def _promotion_name(data: Any) -> Any:
    metadata = data.get("metadata") if isinstance(data, dict) else None
    return metadata.get("name") if isinstance(metadata, dict) else None


#: Pages of a name search read before giving up (a list that never ends stays "unknown").
MAX_SEARCH_PAGES = 200


def find_by_name(client: Any, name: str) -> tuple[bool, str | None] | None:
    """Whether the server has a promotion called exactly ``name`` (any case): (exists, id).

    The list API's search matches any name containing the text, so every page is read until the
    exact name turns up or the list ends (a first page of near-misses once hid it). ``None``: the
    search failed or never ended, so nobody knows.
    """
    for page in range(MAX_SEARCH_PAGES):
        result = client.list_promotions(search=name, page=page, size=100)
        if not result.ok or not isinstance(result.data, dict):
            return None
        content = result.data.get("content")
        if not isinstance(content, list):
            return None
        for item in content:
            meta = item.get("metadata") if isinstance(item, dict) else None
            found = str(meta.get("name") or "") if isinstance(meta, dict) else None
            if found is not None and found.casefold() == name.casefold():
                return True, str(item.get("id"))
        total = result.data.get("totalPages")
        last = result.data.get("last") is True or not content
        if last or (isinstance(total, int) and page + 1 >= total):
            return False, None
    return None


PROMOTIONS = register_target(
    SendTarget(
        "promotion",
        "v3/promotions",
        "promotion",
        lifecycle.NAME_EXISTS,
        created_id=_promotion_id,
        name_check=False,
        name_in_answer=_promotion_name,
        find_by_name=find_by_name,
    )
)
