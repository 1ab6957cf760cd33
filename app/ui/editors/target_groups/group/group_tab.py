"""The Group tab: every group-level field, in the sections an operator thinks in.

Fields are built by :func:`app.ui.widgets.field_widgets.make_field` from the model's metadata, so
labels, tooltips and choices are never repeated here. What this module adds is the
operator's view of the rules: settings that only apply to some tracking types appear with
them, and choices the rules forbid together (a leaderboard with a cyclic window) are
greyed out with the reason in their tooltip.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.base import WireModel
from app.domain.enums import TargetEvaluationType, TrackingType
from app.domain.fields import wire_name
from app.domain.problems import Problem
from app.domain.rules.catalogue import Rule
from app.domain.target_groups.models import AggregateWindow, TargetGroup, UnifiedTargetExpression
from app.domain.target_groups.rules.group import leaderboard_blocks
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.document import group_of
from app.ui.editors.target_groups.group.streaks import StreaksEditor
from app.ui.widgets.field_widgets import (
    BoolField,
    EnumField,
    FieldEditor,
    make_field,
    path_affects,
    zone_offset,
)
from app.ui.widgets.problem_marks import ProblemLabel, problems_by_path, remember_tooltip

#: (section title, [(model, python field name, path prefix)]) in the order shown.
_SECTIONS: list[tuple[str, list[tuple[type[WireModel], str, str]]]] = [
    ("Identity", [(TargetGroup, f, "") for f in ("name", "description", "active")]),
    (
        "Tracking",
        [
            (TargetGroup, f, "")
            for f in ("tracking_type", "target_evaluation_type", "user_created", "leaderboard_enabled")
        ],
    ),
    (
        "Calendar and time zone",
        [
            (TargetGroup, f, "")
            for f in (
                "time_zone_name",
                "target_cycle_start_date_iso",
                "target_cycle_end_date_iso",
                "frequency_type",
                "frequency",
                "recurring_cycles",
                "total_periods",
            )
        ],
    ),
    (
        "Attribution",
        [(TargetGroup, "preferred_till_id", "")]
        + [(AggregateWindow, f, "aggregateWindow") for f in AggregateWindow.model_fields],
    ),
    (
        "Older date fields (from responses and older examples)",
        [
            (TargetGroup, f, "")
            for f in ("from_date", "to_date", "target_cycle_start_date", "target_cycle_end_date")
        ],
    ),
]

_UNIFIED_FIELDS: list[tuple[type[WireModel], str, str]] = [(TargetGroup, "combination_type", "")] + [
    (UnifiedTargetExpression, f, "unifiedTargetExpression") for f in UnifiedTargetExpression.model_fields
]


def _reason(blocks: list[tuple[Rule, str]]) -> str:
    """The tooltip of a choice the leaderboard forbids, from the same function the rules use."""
    if not blocks:
        return ""
    rule, reason = blocks[0]
    code = f" (error {rule.api_code})" if rule.api_code else ""
    return f"{reason[0].upper()}{reason[1:]}{code}; turn the leaderboard off first."


_STREAK_TYPES = (TrackingType.STREAKS, TrackingType.NON_CONTINUOUS_STREAKS)


class GroupTab(QWidget):
    """The group's own fields (everything but periods and targets)."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.fields: dict[str, FieldEditor] = {}
        content = QWidget(self)
        content.setMaximumWidth(820)
        column = QVBoxLayout(content)
        self.general_message = ProblemLabel(content)
        column.addWidget(self.general_message)
        for title, fields in _SECTIONS:
            box, form = self._section(title, content)
            self._add_fields(form, fields, box)
            column.addWidget(box)
            if title == "Tracking":
                self.unified_box, unified_form = self._section("Unified targets", content)
                self._add_fields(unified_form, _UNIFIED_FIELDS, self.unified_box)
                column.addWidget(self.unified_box)
                self.streaks_box, streaks_form = self._section("Streak levels", content)
                self.streaks = StreaksEditor(document, self.streaks_box)
                streaks_form.addRow(self.streaks)
                column.addWidget(self.streaks_box)
        column.addStretch(1)
        self._align_captions()
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(content)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        document.changed.connect(self._on_changed)
        self._update_choices()

    def _section(self, title: str, parent: QWidget) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title, parent)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        return box, form

    def _add_fields(
        self, form: QFormLayout, fields: list[tuple[type[WireModel], str, str]], parent: QWidget
    ) -> None:
        for model, name, prefix in fields:
            path = f"{prefix}.{wire_name(model, name)}" if prefix else wire_name(model, name)
            options = {"default_offset": self._offset_of} if "date" in name else {}
            editor = make_field(self.document, model, name, path, parent, **options)
            form.addRow(editor.caption, editor)
            self.fields[path] = editor

    def _align_captions(self) -> None:
        """One caption width for every section, so the inputs line up down the whole tab."""
        width = max(editor.caption.sizeHint().width() for editor in self.fields.values())
        for editor in self.fields.values():
            editor.caption.setMinimumWidth(width)

    def _offset_of(self, moment: datetime) -> str:
        return zone_offset(self.document.value("timeZoneName"), moment)

    # reacting to edits --------------------------------------------------------

    def _on_changed(self, path: str) -> None:
        watched = ("trackingType", "targetEvaluationType", "leaderboardEnabled", "combinationType")
        if any(path_affects(path, p) for p in watched) or path.startswith(("streaks", "unified")):
            self._update_choices()

    def _update_choices(self) -> None:
        """Show the settings of the chosen tracking type; grey out what the rules forbid."""
        group = group_of(self.document)
        tracking = group.tracking_type
        self.unified_box.setVisible(
            tracking is TrackingType.UNIFIED
            or group.combination_type is not None
            or group.unified_target_expression is not None
        )
        self.streaks_box.setVisible(tracking in _STREAK_TYPES or bool(group.streaks))
        leaderboard = bool(group.leaderboard_enabled)
        evaluation = self.fields["targetEvaluationType"]
        assert isinstance(evaluation, EnumField)
        for member in TargetEvaluationType:
            blocks = leaderboard_blocks(member, None) if leaderboard else []
            evaluation.set_choice_enabled(member, not blocks, _reason(blocks))
        tracking_field = self.fields["trackingType"]
        assert isinstance(tracking_field, EnumField)
        for kind in TrackingType:
            blocks = leaderboard_blocks(None, kind) if leaderboard else []
            tracking_field.set_choice_enabled(kind, not blocks, _reason(blocks))
        self._update_leaderboard(group, leaderboard)

    def _update_leaderboard(self, group: TargetGroup, leaderboard: bool) -> None:
        box = self.fields["leaderboardEnabled"]
        assert isinstance(box, BoolField)
        reasons = [
            reason for _rule, reason in leaderboard_blocks(group.target_evaluation_type, group.tracking_type)
        ]
        # A leaderboard already on stays clickable so that it can be turned off.
        box.editor.setEnabled(leaderboard or not reasons)
        reason = f"\nNot available: {'; '.join(reasons)}." if reasons else ""
        remember_tooltip(box.editor, box.tooltip_text() + reason)

    # problems and navigation ---------------------------------------------------

    def show_problems(self, problems: list[Problem]) -> None:
        """Mark every field with the problems at its path; the rest goes to the top of the tab."""
        grouped = problems_by_path(problems)
        for path, editor in self.fields.items():
            editor.show_problems(grouped.get(path, []))
        self.streaks.show_problems(problems)
        general = [
            p
            for p in problems
            if p.path not in self.fields and not p.path.startswith(("streaks", "periods", "targets"))
        ]
        self.general_message.show_problems(general)

    def focus_path(self, path: str) -> bool:
        """Bring the field (or streak cell) of a path into view and focus it."""
        editor = self.fields.get(path)
        if editor is not None:
            self.scroll_area.ensureWidgetVisible(editor)
            editor.focus_editor()
            return True
        if path.startswith("streaks") and self.streaks_box.isVisible():
            self.scroll_area.ensureWidgetVisible(self.streaks)
            return self.streaks.focus_path(path)
        if not path.startswith(("periods", "targets", "streaks")):
            self.scroll_area.ensureWidgetVisible(self.general_message)
            return True
        return False


def section_titles() -> list[str]:
    """The section titles in order (tests and docs refer to them)."""
    return [title for title, _ in _SECTIONS]
