"""The period planner dialog: ask for a start, a count or an end, a unit and a zone; preview; apply.

Every change of the form re-plans at once, so the operator sees the periods and what
will happen to each target's values before anything changes. Applying replaces the
group in one undo step (:meth:`PayloadDocument.replace_model`) and reports what was
added and dropped through :attr:`PlanDialog.applied`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QObject,
    Qt,
    QTimeZone,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.clock import first_of_next_month
from app.domain.dates import known_zones, parse_wire_date, zone_or_none
from app.domain.enums import FrequencyType
from app.domain.fields import field_title
from app.domain.period_phase import phase_label
from app.domain.planner import (
    API_MAX_CYCLES,
    DEFAULT_REF_PATTERN,
    PlanError,
    PlannedPeriod,
    PlanRequest,
)
from app.domain.problems import Problem, Severity
from app.domain.target_groups.models import TargetGroup
from app.domain.target_groups.replan import ReplanReport, apply_plan
from app.domain.target_groups.validate import validate_group
from app.domain.wirepath import first_step, parse_path
from app.ui.document.document import PayloadDocument
from app.ui.editors.target_groups.document import group_of
from app.ui.editors.target_groups.targets.values_paste import ValueTextError, parse_number
from app.ui.widgets.delegates import fill_enum_combo
from app.ui.widgets.indexes import ROOT_INDEX, AnyIndex
from app.ui.widgets.iso_date_edit import IsoDateEdit
from app.ui.widgets.problem_marks import (
    mark_widget,
    problem_tooltip,
    severity_brush,
    severity_color,
    worst_severity,
)
from app.ui.widgets.zone_picker import ZoneCompleter, resolve_zone

PREVIEW_HEADERS = ("#", "Reference code", "Start", "End", "Status")


class PlanPreviewModel(QAbstractTableModel):
    """The planned periods, read-only, for the preview table.

    The Status column is what the plan writes, read with the rules' own status rule
    (:func:`~app.domain.period_phase.expected_status`): a period already over shows "Ended",
    with the rules' warning on the row, exactly as the Periods tab will after Apply.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.periods: list[PlannedPeriod] = []
        self.problems: dict[int, list[Problem]] = {}

    def set_periods(self, periods: list[PlannedPeriod], problems: list[Problem] | None = None) -> None:
        self.beginResetModel()
        self.periods = list(periods)
        self.problems = {}
        for problem in problems or []:
            steps = parse_path(problem.path)
            if len(steps) > 1 and steps[0] == "periods" and isinstance(steps[1], int):
                self.problems.setdefault(steps[1], []).append(problem)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(self.periods)

    def columnCount(self, parent: AnyIndex = ROOT_INDEX) -> int:
        return 0 if parent.isValid() else len(PREVIEW_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return PREVIEW_HEADERS[section] if 0 <= section < len(PREVIEW_HEADERS) else None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.periods):
            return None
        row = index.row()
        problems = self.problems.get(row, [])
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem_tooltip(problems) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            worst = worst_severity(problems)
            return severity_brush(worst) if worst else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        period = self.periods[row]
        return (
            str(row + 1),
            period.ref_code,
            period.start_date,
            period.end_date,
            phase_label(period.period_status),
        )[index.column()]


class PlanDialog(QDialog):
    """Plan the periods of ``document``'s group.

    Args:
        document: the payload to re-plan.
        now: the moment statuses are computed from (tests pass a fixed one).

    Signals:
        applied(list): the sentences telling the operator what the plan changed.
    """

    applied = Signal(list)

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None, now: datetime | None = None):
        super().__init__(parent)
        self.setWindowTitle("Plan periods")
        self.document = document
        self.now = now
        self.report: ReplanReport | None = None
        self._build()
        self._load_defaults(group_of(document))
        self._connect()
        self.update_preview()

    # building ------------------------------------------------------------------

    def _build(self) -> None:
        group = TargetGroup
        self.start_edit = IsoDateEdit(self)
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("yyyy-MM-dd")
        self.count_radio = QRadioButton("&Number of cycles", self)
        self.end_radio = QRadioButton("Cycle &end", self)
        self.count_spin = QSpinBox(self)
        self.count_spin.setRange(1, API_MAX_CYCLES)
        self.end_edit = IsoDateEdit(self)
        self.end_edit.setCalendarPopup(True)
        self.end_edit.setDisplayFormat("yyyy-MM-dd")
        self.end_edit.setAccessibleName("Cycle end date")
        self.count_spin.setAccessibleName("Number of cycles")
        self._mode = QButtonGroup(self)
        self._mode.addButton(self.count_radio)
        self._mode.addButton(self.end_radio)
        self.unit_combo = QComboBox(self)
        fill_enum_combo(self.unit_combo, [f for f in FrequencyType if f is not FrequencyType.CUSTOM], False)
        self.frequency_spin = QSpinBox(self)
        self.frequency_spin.setRange(1, 999)
        self.zone_combo = QComboBox(self)
        self.zone_combo.setEditable(True)
        self.zone_combo.addItems(sorted(known_zones()))
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_combo.setCompleter(ZoneCompleter(self.zone_combo.model(), self.zone_combo))
        zone_line = self.zone_combo.lineEdit()
        assert zone_line is not None
        zone_line.editingFinished.connect(self._finish_zone)
        self.pattern_edit = QLineEdit(self)
        self.fill_edit = QLineEdit(self)
        self.fill_edit.setPlaceholderText("repeat each target's last value")

        tips = {
            self.start_edit: "The first day of the first cycle; a day starts at 00:00:00.000 in the zone.",
            self.count_spin: f"How many cycles to lay out (the API allows at most {API_MAX_CYCLES}).",
            self.end_edit: "The last day of the last cycle; the last cycle is cut there.",
            self.unit_combo: group.model_fields["frequency_type"].description or "",
            self.frequency_spin: group.model_fields["frequency"].description or "",
            self.zone_combo: group.model_fields["time_zone_name"].description or "",
            self.pattern_edit: "The refCode of each period; {n} is the cycle number, e.g. Cycle_{n}.",
            self.fill_edit: "The target value given to periods the plan adds; empty repeats each "
            "target's last value. A decimal comma (1,5) is accepted.",
        }
        for widget, tip in tips.items():
            widget.setToolTip(tip)

        form = QFormLayout()
        form.addRow(f"{field_title(group, 'target_cycle_start_date_iso')}:", self.start_edit)
        length = QHBoxLayout()
        length.addWidget(self.count_radio)
        length.addWidget(self.count_spin)
        length.addSpacing(12)
        length.addWidget(self.end_radio)
        length.addWidget(self.end_edit)
        length.addStretch(1)
        length_label = QLabel("How many:", self)
        length_label.setBuddy(self.count_spin)
        form.addRow(length_label, length)
        self._labelled(form, f"&{field_title(group, 'frequency_type')}:", self.unit_combo)
        self._labelled(form, f"{field_title(group, 'frequency')}:", self.frequency_spin)
        self._labelled(form, f"&{field_title(group, 'time_zone_name')}:", self.zone_combo)
        self._labelled(form, "&RefCode pattern:", self.pattern_edit)
        self._labelled(form, "&Value for new periods:", self.fill_edit)

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(f"color: {severity_color(Severity.ERROR).name()};")
        self.error_label.hide()
        self.preview_model = PlanPreviewModel(self)
        self.preview = QTableView(self)
        self.preview.setModel(self.preview_model)
        self.preview.setAccessibleName("Planned periods")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().hide()
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button = self.buttons.addButton("&Apply plan", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setToolTip("Replace the periods with this plan (one undo step).")
        self.apply_button.setDefault(True)  # Enter in any field applies
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        preview_label = QLabel("&Preview:", self)
        preview_label.setBuddy(self.preview)
        layout.addWidget(preview_label)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(760, 560)

    def _labelled(self, form: QFormLayout, text: str, widget: QWidget) -> None:
        caption = QLabel(text, self)
        caption.setBuddy(widget)
        form.addRow(caption, widget)

    def _load_defaults(self, group: TargetGroup) -> None:
        """Start from what the group already says, so re-planning changes only what the operator changes."""
        zone = (
            group.time_zone_name
            if group.time_zone_name and zone_or_none(group.time_zone_name)
            else _system_zone()
        )
        self.zone_combo.setCurrentText(zone)
        unit = group.frequency_type if group.frequency_type not in (None, FrequencyType.CUSTOM) else None
        self.unit_combo.setCurrentIndex(
            max(0, self.unit_combo.findData((unit or FrequencyType.MONTHLY).value))
        )
        self.frequency_spin.setValue(group.frequency or 1)
        periods = group.periods or []
        first = group.target_cycle_start_date_iso or (periods[0].start_date if periods else None)
        start = _wall_date(first, zone) or first_of_next_month(self.now, zone_or_none(zone))
        self.start_edit.setDate(QDate(start.year, start.month, start.day))
        self._start_shown = self.start_edit.date()
        self.end_edit.setDate(QDate(start.year, start.month, start.day).addYears(1).addDays(-1))
        count = len(periods) or group.recurring_cycles or 12
        self.count_spin.setValue(max(1, min(API_MAX_CYCLES, count)))
        self.count_radio.setChecked(True)
        self.pattern_edit.setText(
            _pattern_from(str(periods[0].ref_code) if periods and periods[0].ref_code is not None else None)
        )

    def _connect(self) -> None:
        self.start_edit.dateChanged.connect(self._start_moved)
        self.start_edit.dateChanged.connect(self.update_preview)
        self.end_edit.dateChanged.connect(self.update_preview)
        self.count_spin.valueChanged.connect(self.update_preview)
        self.frequency_spin.valueChanged.connect(self.update_preview)
        self.unit_combo.currentIndexChanged.connect(self.update_preview)
        self.zone_combo.currentTextChanged.connect(self.update_preview)
        self.pattern_edit.textChanged.connect(self.update_preview)
        self.fill_edit.textChanged.connect(self.update_preview)
        self._mode.buttonToggled.connect(self.update_preview)

    def _finish_zone(self) -> None:
        typed = self.zone_combo.currentText()
        zone = resolve_zone(typed, known_zones())
        if zone != typed:
            self.zone_combo.setEditText(zone)

    def _start_moved(self, start: QDate) -> None:
        """The cycle end follows the start: it moves by as many days, keeping the plan's length."""
        moved = self._start_shown.daysTo(start)
        self._start_shown = start
        if moved and self.end_radio.isChecked():
            self.end_edit.setDate(self.end_edit.date().addDays(moved))

    def _show_planned_end(self) -> None:
        """With a number of cycles, Cycle end shows where the plan ends (ready for switching)."""
        if self.report is None or not self.count_radio.isChecked():
            return
        periods = self.report.group.periods or []
        last = _wall_date(periods[-1].end_date, self.zone_combo.currentText().strip()) if periods else None
        if last is not None:
            blocked = self.end_edit.blockSignals(True)
            self.end_edit.setDate(QDate(last.year, last.month, last.day))
            self.end_edit.blockSignals(blocked)

    # planning ------------------------------------------------------------------

    def request(self) -> PlanRequest:
        """The form as a planner request (not checked: the planner does that)."""
        by_count = self.count_radio.isChecked()
        self.count_spin.setEnabled(by_count)
        self.end_edit.setEnabled(not by_count)
        return PlanRequest(
            start=_python_date(self.start_edit.date()),
            cycles=self.count_spin.value() if by_count else None,
            end=None if by_count else _python_date(self.end_edit.date()),
            frequency_type=FrequencyType(self.unit_combo.currentData()),
            frequency=self.frequency_spin.value(),
            time_zone=self.zone_combo.currentText().strip(),
            ref_pattern=self.pattern_edit.text(),
        )

    def fill_value(self) -> int | float | None:
        text = self.fill_edit.text()
        return parse_number(text) if text.strip() else None

    def update_preview(self, *_args: object) -> None:
        """Re-plan from the form; show the periods and what applying would do, or what to fix."""
        widgets = {
            "start": self.start_edit,
            "cycles": self.count_spin,
            "end": self.end_edit,
            "frequency_type": self.unit_combo,
            "frequency": self.frequency_spin,
            "time_zone": self.zone_combo,
            "ref_pattern": self.pattern_edit,
            "fill": self.fill_edit,
        }
        fault, message = "", ""
        self.report = None
        try:
            self.report = apply_plan(group_of(self.document), self.request(), self.now, self.fill_value())
        except PlanError as exc:
            fault, message = exc.field, str(exc)
        except ValueTextError as exc:
            fault, message = "fill", f"Value for new periods: {exc}"
        for name, widget in widgets.items():
            problems = [Problem(name, Severity.ERROR, "plan", message)] if name == fault else []
            mark_widget(widget, problems)
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        self.apply_button.setEnabled(self.report is not None)
        if self.report is None:
            self.preview_model.set_periods([])
            self.summary.setText("")
            return
        problems = [p for p in validate_group(self.report.group, self.now) if first_step(p.path) == "periods"]
        self.preview_model.set_periods(_planned(self.report), problems)
        self._show_planned_end()
        self.summary.setText("Applying will do this:\n" + "\n".join(self.report.messages()))

    def apply(self) -> None:
        """Replace the group with the plan as one undo step and say what changed."""
        self.update_preview()
        if self.report is None:
            return
        self.document.replace_model(self.report.group, "Plan periods")
        self.applied.emit(self.report.messages())
        self.accept()


def _planned(report: ReplanReport) -> list[PlannedPeriod]:
    return [
        PlannedPeriod(
            str(p.ref_code or ""),
            p.start_date or "",
            p.end_date or "",
            p.period_status,
        )
        for p in report.group.periods or []
    ]


def _python_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _system_zone() -> str:
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode(errors="replace")
    return name if name in known_zones() else "UTC"


def _wall_date(text: str | None, zone_name: str) -> date | None:
    parsed = parse_wire_date(text, zone_or_none(zone_name))
    if parsed is None:
        return None
    zone = zone_or_none(zone_name)
    return (parsed.value.astimezone(zone) if zone else parsed.value).date()


def _pattern_from(ref_code: str | None) -> str:
    """``TP1`` -> ``TP{n}``: keep the operator's naming when the first refCode is numbered from 1."""
    match = re.match(r"^([^{}]*?)1$", ref_code or "")
    return f"{match.group(1)}{{n}}" if match else DEFAULT_REF_PATTERN
