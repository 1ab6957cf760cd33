"""What the window needs from a kind of payload: its tabs and where a problem is shown.

The domain half of a kind (model, validation, rules, recognising a file or a response) is
:class:`app.domain.kinds.PayloadKind`; its send plan is in the services. An :class:`EditorKind`
adds the UI: the tab pages (made when first shown), which tab a wire path belongs to, and an
optional hook that binds the kind's own actions (the target group's Plan periods). The target
group is the first implementation (:mod:`app.ui.editors.target_groups.kind`); the window, templates, drafts,
history, Compare, curl and Send use only this interface.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

from app.domain.kinds import PayloadKind
from app.domain.problems import Problem

if TYPE_CHECKING:
    from app.ui.document.document import PayloadDocument


@runtime_checkable
class EditorPage(Protocol):
    """A tab page: it marks its fields with their problems and can take the focus to a path."""

    def show_problems(self, problems: list[Problem]) -> None: ...

    def focus_path(self, path: str) -> bool: ...


@dataclass(frozen=True)
class PageContext:
    """What a page is made with: the document, its parent, and the status line for its messages."""

    document: PayloadDocument
    parent: QWidget
    status: Callable[[str], None]


@dataclass(frozen=True)
class TabSpec:
    key: str
    title: str
    make: Callable[[PageContext], QWidget]


class KindHooks(Protocol):
    """What a kind's hook may use: bind one of the declared actions, reach a page, show it."""

    def bind(self, action_id: str, handler: Callable[[], object], text: str | None = None) -> object: ...

    def title_menu(self, menu_id: str, title: str) -> None: ...

    def page(self, key: str) -> QWidget: ...

    def show_page(self, key: str) -> QWidget: ...


@dataclass(frozen=True)
class EditorKind:
    payload: PayloadKind
    tabs: tuple[TabSpec, ...]
    tab_of: Callable[[str], str]
    install: Callable[[KindHooks], None] | None = None
    #: The field that has the focus when the window starts or a new payload opens (the name).
    first_field: str | None = None

    @property
    def tab_titles(self) -> dict[str, str]:
        return {tab.key: tab.title for tab in self.tabs}
