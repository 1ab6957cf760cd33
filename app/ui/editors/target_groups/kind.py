"""The target group as an :class:`~app.ui.document.kind.EditorKind`: the Group, Periods and Targets tabs.

The Periods and Targets pages are imported when first shown (start-up only needs the Group
form). Problems under ``periods`` and ``targets`` belong to those tabs, the rest to Group. The
kind's hook binds Periods › Plan periods to the Periods page's planner.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.domain.target_groups.kind import TARGET_GROUP
from app.domain.wirepath import first_step
from app.ui.document.kind import EditorKind, KindHooks, PageContext, TabSpec


def _group(context: PageContext) -> QWidget:
    from app.ui.editors.target_groups.group.group_tab import GroupTab

    return GroupTab(context.document, context.parent)


def _periods(context: PageContext) -> QWidget:
    from app.ui.editors.target_groups.periods.periods_tab import PeriodsTab

    page = PeriodsTab(context.document, context.parent)
    page.statusMessage.connect(context.status)
    return page


def _targets(context: PageContext) -> QWidget:
    from app.ui.editors.target_groups.targets.targets_tab import TargetsTab

    return TargetsTab(context.document, context.parent)


def tab_of(path: str) -> str:
    """Which tab owns a path: ``"periods"``, ``"targets"`` or ``"group"``."""
    head = first_step(path)
    return head if head in ("periods", "targets") else "group"


def _install(hooks: KindHooks) -> None:
    def plan() -> None:
        from app.ui.editors.target_groups.periods.periods_tab import PeriodsTab

        page = hooks.show_page("periods")
        assert isinstance(page, PeriodsTab)
        page.open_planner()

    hooks.bind("plan", plan)


EDITOR = EditorKind(
    payload=TARGET_GROUP,
    tabs=(
        TabSpec("group", "Group", _group),
        TabSpec("periods", "Periods", _periods),
        TabSpec("targets", "Targets", _targets),
    ),
    tab_of=tab_of,
    install=_install,
    first_field=TARGET_GROUP.name_path,
)
