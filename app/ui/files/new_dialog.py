"""File › New: which kind of payload to start, the last choice selected.

Capillary takes new milestones as promotions, so the promotion is listed first (the kinds'
``new_order``); the target group stays for groups that still run on ``v3/targetGroups``.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.kinds import PayloadKind, all_kinds


class NewKindDialog(QDialog):
    """Radio buttons, one per kind; Enter takes the selected one, Esc cancels."""

    def __init__(self, selected: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New payload")
        self.kinds: list[PayloadKind] = sorted(all_kinds(), key=lambda kind: kind.new_order)
        intro = QLabel("What do you want to build?", self)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        wanted = selected if any(k.name == selected for k in self.kinds) else self.kinds[0].name
        for number, kind in enumerate(self.kinds):
            button = QRadioButton(f"&{number + 1}  {kind.new_label or kind.label}", self)
            button.setChecked(kind.name == wanted)
            self.group.addButton(button, number)
            layout.addWidget(button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        checked = self.group.checkedButton()
        if checked is not None:
            checked.setFocus()

    @property
    def chosen(self) -> PayloadKind:
        return self.kinds[max(self.group.checkedId(), 0)]

    def choose(self, name: str) -> None:
        """Select the kind called ``name`` and accept (what a click on it and Create do)."""
        for number, kind in enumerate(self.kinds):
            if kind.name == name:
                button = self.group.button(number)
                button.setChecked(True)
        self.accept()
