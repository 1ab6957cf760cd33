"""Where a target group is sent and how its answer is read: the target group's :class:`SendTarget`.

``POST v3/targetGroups`` answers the created group with its numeric ``id``; a taken name is
310069, and the API can say whether a name is free before sending (``isValidName``)
(``docs/api/target-groups.md``).
"""

from __future__ import annotations

from app.services.send_targets import SendTarget, register_target

TARGET_GROUPS = register_target(
    SendTarget("target-group", "v3/targetGroups", "target group", 310069, name_check=True)
)
