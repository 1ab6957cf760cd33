"""What Bulk create needs from sending, handed over by the window (no dialog imported for it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.services.profiles import Profile
    from app.services.sending import Sender


@dataclass
class BulkHooks:
    """What Bulk create needs from sending, handed over by the window.

    Attributes:
        sender: the window's one sender (made on first use).
        profile: the profile the window's "Send to" box has chosen.
        show_submission: opens the history at a submission (its id and the row's name).
    """

    sender: Callable[[], Sender]
    profile: Callable[[], Profile]
    show_submission: Callable[[int, str], object]
