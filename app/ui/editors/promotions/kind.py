"""The promotion as an :class:`~app.ui.document.kind.EditorKind`: its five tabs and where a problem shows.

Promotion (``metadata``, comments), Audience (``customerEnrolment``, ``workflowMetadata``),
Milestone (the activity tree), Cycles and rewards (each milestone's ``cycleActionMapping``) and
Limits (``limits``, the liability split, broadcast). Every page but the first is made when first
shown. The kind's hook binds Plan (Ctrl+P) to Plan cycles of the selected milestone, and calls the
Periods menu Cycles.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.domain.promotions.kind import PROMOTION
from app.domain.wirepath import first_step
from app.ui.document.kind import EditorKind, KindHooks, PageContext, TabSpec


def _promotion(context: PageContext) -> QWidget:
    from app.ui.editors.promotions.pages import PromotionPage

    return PromotionPage(context.document, context.parent)


def _audience(context: PageContext) -> QWidget:
    from app.ui.editors.promotions.pages import AudiencePage

    return AudiencePage(context.document, context.parent)


def _milestone(context: PageContext) -> QWidget:
    from app.ui.editors.promotions.activity_tree import MilestonePage

    return MilestonePage(context.document, context.parent)


def _cycles(context: PageContext) -> QWidget:
    from app.ui.editors.promotions.cycles_page import CyclesPage

    return CyclesPage(context.document, context.parent)


def _limits(context: PageContext) -> QWidget:
    from app.ui.editors.promotions.pages import LimitsPage

    return LimitsPage(context.document, context.parent)


_TAB_OF_HEAD = {
    "customerEnrolment": "audience",
    "workflowMetadata": "audience",
    "activities": "milestone",
    "limits": "limits",
    "liabilityOwnerSplitInfo": "limits",
    "broadcastMetadata": "limits",
    "promotionSchedule": "limits",
}


def tab_of(path: str) -> str:
    """Which tab owns a path: a milestone's cycles are on Cycles and rewards, the rest by its head."""
    tab = _TAB_OF_HEAD.get(first_step(path), "promotion")
    if tab == "milestone" and ".cycleActionMapping" in path:
        return "cycles"
    return tab


def _install(hooks: KindHooks) -> None:
    def plan() -> None:
        from app.ui.editors.promotions.cycles_page import CyclesPage

        page = hooks.show_page("cycles")
        assert isinstance(page, CyclesPage)
        page.plan()

    hooks.bind("plan", plan, "&Plan cycles")
    hooks.title_menu("periods", "&Cycles")


EDITOR = EditorKind(
    payload=PROMOTION,
    tabs=(
        TabSpec("promotion", "Promotion", _promotion),
        TabSpec("audience", "Audience", _audience),
        TabSpec("milestone", "Milestone", _milestone),
        TabSpec("cycles", "Cycles and rewards", _cycles),
        TabSpec("limits", "Limits", _limits),
    ),
    tab_of=tab_of,
    install=_install,
    first_field=PROMOTION.name_path,
)
