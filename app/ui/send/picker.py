"""The toolbar's "Send to" choice: which profile Send, Copy as curl and Fetch use.

The profiles file is read off the GUI thread; until it has been read (or when it is
damaged) the built-in "Local sandbox" is the only choice, so Send always has a target.
The last choice is remembered in the window settings (a name, never a secret).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from app.services.profiles import SANDBOX_PROFILE_NAME, Profile, ProfileStore, sandbox_profile
from app.ui.common.settings import WindowSettings
from app.ui.common.workers import BackgroundTask, run_in_background

#: Where the last chosen profile's name is kept in the window settings.
SETTINGS_KEY = "send/profile"
NAME_ROLE = Qt.ItemDataRole.UserRole + 1


def profile_label(profile: Profile) -> str:
    """How a profile reads in the picker: production ones say so, in words."""
    return f"{profile.name} (production)" if profile.production else profile.name


class ProfilePicker(QComboBox):
    """A combo of the saved profiles, the sandbox first.

    Signals:
        profilesLoaded(): the list was (re)read from the profiles file.
        profileChanged(object): the chosen :class:`Profile` changed.
        loadFailed(str): the profiles file could not be read; only the sandbox is offered.
    """

    profilesLoaded = Signal()
    profileChanged = Signal(object)
    loadFailed = Signal(str)

    def __init__(self, settings: WindowSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._profiles: list[Profile] = []
        self.setObjectName("profilePicker")
        self.setAccessibleName("Send to profile")
        self.setToolTip("Where Send goes (profiles are edited under Send › Profiles…)")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        wanted = self.settings.qsettings.value(SETTINGS_KEY, SANDBOX_PROFILE_NAME)
        self._fill([sandbox_profile()], str(wanted or SANDBOX_PROFILE_NAME))
        self.currentIndexChanged.connect(self._chosen)

    def reload(self, select: str | None = None) -> BackgroundTask:
        """Re-read the profiles file; keep the current choice (or pick ``select``) if it still exists."""
        wanted = select or self._wanted_name()
        task = run_in_background(ProfileStore().load)
        task.signals.finished.connect(lambda profiles: self._loaded(profiles, wanted))
        task.signals.failed.connect(self._failed)
        return task

    def show_production(self, production: bool) -> None:
        """A production profile turns the "Send to" box a warning colour (and bold)."""
        if not production:
            self.setStyleSheet("")
            return
        from app.ui.common.theme import production_colors

        text, fill = production_colors()
        self.setStyleSheet(
            f"QComboBox#profilePicker {{ background: {fill}; color: {text}; border: 2px solid {text}; "
            "border-radius: 3px; font-weight: bold; padding: 1px 18px 1px 4px; }"
        )

    def current_profile(self) -> Profile:
        index = self.currentIndex()
        return self._profiles[index] if 0 <= index < len(self._profiles) else sandbox_profile()

    def profiles(self) -> list[Profile]:
        return list(self._profiles)

    def select(self, name: str) -> bool:
        for index, profile in enumerate(self._profiles):
            if profile.name.casefold() == name.casefold():
                self.setCurrentIndex(index)
                return True
        return False

    def _wanted_name(self) -> str:
        stored = self.settings.qsettings.value(SETTINGS_KEY, SANDBOX_PROFILE_NAME)
        return str(stored or SANDBOX_PROFILE_NAME)

    def _loaded(self, profiles: list[Profile], wanted: str) -> None:
        before = self.current_profile()
        self._fill(profiles, wanted)
        self.profilesLoaded.emit()
        if self.current_profile() != before:
            self.profileChanged.emit(self.current_profile())

    def _failed(self, error: object) -> None:
        self._fill([sandbox_profile()], SANDBOX_PROFILE_NAME)
        self.loadFailed.emit(f"Profiles could not be read, so only the Local sandbox is offered: {error}")
        self.profilesLoaded.emit()

    def _fill(self, profiles: list[Profile], wanted: str) -> None:
        self.blockSignals(True)
        try:
            self.clear()
            self._profiles = list(profiles)
            for profile in profiles:
                self.addItem(profile_label(profile))
                self.setItemData(self.count() - 1, profile.name, NAME_ROLE)
                self.setItemData(self.count() - 1, profile.host_label, Qt.ItemDataRole.ToolTipRole)
            found = [i for i, p in enumerate(profiles) if p.name.casefold() == wanted.casefold()]
            self.setCurrentIndex(found[0] if found else 0)
        finally:
            self.blockSignals(False)

    def _chosen(self, _index: int) -> None:
        profile = self.current_profile()
        self.settings.qsettings.setValue(SETTINGS_KEY, profile.name)
        self.settings.qsettings.sync()
        self.profileChanged.emit(profile)
