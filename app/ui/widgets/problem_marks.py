"""How a widget or a table cell shows "this has a problem".

One place decides the look of a problem so that the Group tab, the Periods and Targets
tabs and the Problems list agree. Public API (kept stable; other tabs rely on it):

- :func:`problems_by_path` groups a problem list by wire path (one pass, cheap to look up).
- :func:`worst_severity` gives the severity to show for several problems at one place.
- :func:`mark_widget` puts a coloured border on an input, sets its dynamic property
  ``problem`` to ``"error"``, ``"warning"`` or ``""`` and appends the messages to its tooltip
  (the widget's own tooltip is remembered and restored when the problems go away).
- :class:`FieldMessage` is the one-line message under a field (its line always kept);
  :class:`ProblemLabel` the wrapping message of a section (a list, a whole tab).
- :func:`severity_color` / :func:`severity_icon` / :func:`severity_brush` give table models
  what to return for ``BackgroundRole``/``ForegroundRole``/``DecorationRole`` of a cell.
- :func:`problem_tooltip` joins messages for ``ToolTipRole``.

The border is a per-widget style sheet rather than an application one, so a widget gets
its mark wherever it lives (a dialog, a table's editor) without anything else being set up.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QIcon, QPalette, QResizeEvent
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QStyle, QWidget

from app.domain.problems import Problem, Severity

PROBLEM_PROPERTY = "problem"
_BASE_TOOLTIP = "_tgb_base_tooltip"
_BASE_STYLE = "_tgb_base_style"

_LIGHT = {Severity.ERROR: "#c62828", Severity.WARNING: "#b26a00"}
_DARK = {Severity.ERROR: "#ff6b6b", Severity.WARNING: "#f0b429"}
_LIGHT_FILL = {Severity.ERROR: "#fde7e7", Severity.WARNING: "#fff4d6"}
_DARK_FILL = {Severity.ERROR: "#4a2323", Severity.WARNING: "#4a3b16"}


def problems_by_path(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    """The problems grouped by their wire path, in their original order."""
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.path, []).append(problem)
    return grouped


def worst_severity(problems: Iterable[Problem]) -> Severity | None:
    """ERROR if any problem is an error, WARNING if there are only warnings, else ``None``."""
    worst: Severity | None = None
    for problem in problems:
        if problem.is_error:
            return Severity.ERROR
        worst = Severity.WARNING
    return worst


def is_dark() -> bool:
    """Whether the current palette is dark (colours are chosen to read on it)."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def severity_color(severity: Severity) -> QColor:
    """The text/border colour of a severity, readable on the current palette."""
    return QColor((_DARK if is_dark() else _LIGHT)[severity])


def error_style() -> str:
    """A style sheet for a line of error text, readable on the current palette (light or dark)."""
    return f"color: {severity_color(Severity.ERROR).name()}"


def severity_brush(severity: Severity) -> QBrush:
    """A soft fill for a table cell with a problem."""
    return QBrush(QColor((_DARK_FILL if is_dark() else _LIGHT_FILL)[severity]))


def severity_icon(severity: Severity) -> QIcon:
    """The standard critical/warning icon of the style."""
    style = QApplication.style()
    pixmap = (
        QStyle.StandardPixmap.SP_MessageBoxCritical
        if severity is Severity.ERROR
        else QStyle.StandardPixmap.SP_MessageBoxWarning
    )
    return style.standardIcon(pixmap)


def severity_word(severity: Severity) -> str:
    return "Error" if severity is Severity.ERROR else "Warning"


def problem_tooltip(problems: Iterable[Problem]) -> str:
    """One line per problem: ``Error: message``."""
    return "\n".join(f"{severity_word(p.severity)}: {p.message}" for p in problems)


def mark_widget(widget: QWidget, problems: list[Problem]) -> None:
    """Show (or clear, with an empty list) the problems of a field on its input widget."""
    if widget.property(_BASE_TOOLTIP) is None:
        widget.setProperty(_BASE_TOOLTIP, widget.toolTip())
        widget.setProperty(_BASE_STYLE, widget.styleSheet())
    severity = worst_severity(problems)
    state = severity.value if severity else ""
    base_tip = str(widget.property(_BASE_TOOLTIP) or "")
    if problems:
        tip = problem_tooltip(problems)
        tip = f"{tip}\n\n{base_tip}" if base_tip else tip
    else:
        tip = base_tip
    if widget.toolTip() != tip:  # every check of the payload comes here; most change nothing
        widget.setToolTip(tip)
    if widget.property(PROBLEM_PROPERTY) == state:
        return
    widget.setProperty(PROBLEM_PROPERTY, state)
    base_style = str(widget.property(_BASE_STYLE) or "")
    if severity is None:
        widget.setStyleSheet(base_style)
    else:
        color = severity_color(severity).name()
        focus = QGuiApplication.palette().color(QPalette.ColorRole.Highlight).name()
        name = widget.metaObject().className()
        # A style sheet border replaces the style's focus frame: with the focus, the border takes
        # the focus colour (the message under the field still says what is wrong).
        widget.setStyleSheet(
            f"{base_style}\n{name} {{ border: 2px solid {color}; border-radius: 3px; }}"
            f"\n{name}:focus {{ border: 2px solid {focus}; }}"
        )


def remember_tooltip(widget: QWidget, text: str) -> None:
    """Set a widget's own tooltip (the one shown when it has no problem)."""
    widget.setProperty(_BASE_TOOLTIP, text)
    if not widget.property(PROBLEM_PROPERTY):
        widget.setToolTip(text)


class ProblemLabel(QLabel):
    """The message line under a field: hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setObjectName("problemLabel")
        self.hide()

    def show_problems(self, problems: list[Problem]) -> None:
        severity = worst_severity(problems)
        if severity is None:
            self.clear()
            self.hide()
            return
        self.setText("\n".join(p.message for p in problems))
        self.setStyleSheet(f"color: {severity_color(severity).name()};")
        self.setProperty(PROBLEM_PROPERTY, severity.value)
        self.show()


_LOCKED = "Locked: "


class FieldMessage(QLabel):
    """The one-line message under a field; its line is always kept, so the form never moves.

    Showing or clearing a problem used to add or remove lines under the field, moving every
    field below it under the operator's pointer. This line is reserved whether or not there is
    anything to say; a longer message is cut with "…" and the whole text is in the tooltip (and
    in the Problems list).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemLabel")
        self.setWordWrap(False)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(1)
        self.full_text = ""
        self._hint_until = 0.0
        self._shown: tuple[list[Problem], bool] = ([], False)  # the problems and the palette shown
        self._fit_height()

    def show_problems(self, problems: list[Problem]) -> None:
        shown = (problems, is_dark())
        if not self._hint_until and shown == self._shown:
            return  # every check of the payload comes here; most change nothing
        severity = worst_severity(problems)
        if severity is None and time.monotonic() < self._hint_until:
            return  # a hint just given stays a moment (the check of the keys before it comes after)
        self._hint_until = 0.0
        self._shown = (list(problems), shown[1])
        if severity is None:
            self.full_text = ""
            self.setProperty(PROBLEM_PROPERTY, "")
            self.setToolTip("")
            self.setText("")
            return
        self.full_text = " ".join(p.message for p in problems)
        self._colour(severity)
        self.setProperty(PROBLEM_PROPERTY, severity.value)
        self.setToolTip(problem_tooltip(problems))
        self._elide()

    def _colour(self, severity: Severity) -> None:
        style = f"color: {severity_color(severity).name()};"
        if self.styleSheet() != style:
            self.setStyleSheet(style)

    def show_lock(self, reason: str | None) -> None:
        """Say why the field cannot change now (``None``: it can; its problems show again)."""
        if reason is None:
            if self.full_text.startswith(_LOCKED):
                self._shown = ([], False)
                self.full_text = ""
                self.setText("")
                self.setToolTip("")
            return
        self._hint_until = 0.0
        self._shown = ([], False)
        self.full_text = f"{_LOCKED}{reason}"
        self.setStyleSheet("")
        self.setProperty(PROBLEM_PROPERTY, "")
        self.setToolTip(self.full_text)
        self._elide()

    def show_hint(self, text: str) -> None:
        """A passing word on what was typed (a letter in a number field), in the error colour, until
        the next check of the field replaces it."""
        self.full_text = text
        self._hint_until = time.monotonic() + 4.0
        self.setStyleSheet(error_style())
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()
            self._elide()

    def _fit_height(self) -> None:
        self.setFixedHeight(self.fontMetrics().height() + 2)

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self.full_text, Qt.TextElideMode.ElideRight, max(self.width(), 1)
        )
        if shown != self.text():
            self.setText(shown)
