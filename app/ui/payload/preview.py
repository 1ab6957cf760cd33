"""The live JSON preview: the model's own JSON, read-only and highlighted.

The preview receives the whole JSON text after every edit (``document.refreshed``). With
a 366-period × 50-target payload that is about a megabyte, so instead of replacing the
whole text (which re-lays-out and re-highlights every line and loses the scroll position)
it replaces only the lines that changed. The highlighter is stateless per line, which is
what makes that partial update cheap: only the replaced lines are highlighted again.

Only the lines around the view are coloured (a page above and below it): Qt keeps a list
of format ranges per highlighted line, and for the 40,000 lines of that payload those
lists cost some 25 MiB, a third of the window's memory, for lines nobody is looking at.
Lines are coloured as they scroll into view and uncoloured as they leave it.
"""

from __future__ import annotations

import ctypes
import re
import sys
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QPlainTextDocumentLayout, QPlainTextEdit, QWidget

if TYPE_CHECKING:
    from app.ui.document.document import PayloadDocument

from app.ui.widgets.problem_marks import is_dark

_TOKENS = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*"(?=\s*:))'
    r'|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<literal>\btrue\b|\bfalse\b|\bnull\b)"
)

_LIGHT = {"key": "#1f4e9c", "string": "#1b7a3a", "number": "#a23b00", "literal": "#7b2fa8"}
_DARK = {"key": "#8ab4f8", "string": "#8fd19e", "number": "#f6ae6b", "literal": "#d7a8f5"}


_PROBE_LINES = 64


class _Probe(QSyntaxHighlighter):
    def highlightBlock(self, text: str) -> None:
        self.setFormat(0, 1, QTextCharFormat())


@cache
def set_format_steals_none() -> bool:
    """Whether ``QSyntaxHighlighter.setFormat`` drops a reference to ``None`` on every call.

    PySide6 6.12 on Python 3.11 does (None is not immortal before 3.12): after some ten
    thousand highlighted lines the interpreter aborts with "deallocating None". Measured
    once on a private document, so a fixed PySide6 or a newer Python needs no workaround.
    """
    document = QTextDocument()
    document.setDocumentLayout(QPlainTextDocumentLayout(document))  # without one, nothing is highlighted
    probe = _Probe(document)
    before = sys.getrefcount(None)
    document.setPlainText("x\n" * (_PROBE_LINES - 1) + "x")
    lost = before - sys.getrefcount(None)
    probe.setDocument(None)
    if lost > 0:
        _give_back_none(lost)  # repay what the probe itself took
    return lost >= _PROBE_LINES // 2


_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


def _give_back_none(count: int) -> None:
    for _ in range(count):
        _incref(None)


class JsonHighlighter(QSyntaxHighlighter):
    """Colours keys, strings, numbers and literals; each line on its own (no block state)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.formats: dict[str, QTextCharFormat] = {}
        self._repay_none = set_format_steals_none()
        #: Block numbers to colour; ``None`` colours every line (small documents, dialogs).
        self.lines: range | None = None
        self.update_colors()

    def set_lines(self, lines: range) -> None:
        """Colour only ``lines``; lines entering the range are coloured, lines leaving it cleared."""
        old, self.lines = self.lines, lines
        changed = set(lines) if old is None else set(lines).symmetric_difference(old)
        self.redo_lines(changed)

    def redo_lines(self, numbers: Any) -> None:
        """Highlight these block numbers again (those beyond the end are skipped)."""
        document = self.document()
        if document is None:
            return
        for number in sorted(numbers):
            block = document.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)

    def update_colors(self) -> None:
        """Pick colours readable on the current palette (call after a theme change)."""
        colors = _DARK if is_dark() else _LIGHT
        for kind, color in colors.items():
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(color))
            if kind == "key":
                fmt.setFontWeight(QFont.Weight.DemiBold)
            self.formats[kind] = fmt
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if self.lines is not None and self.currentBlock().blockNumber() not in self.lines:
            return  # left plain: Qt stores no formats for it
        formats = self.formats
        calls = 0
        for match in _TOKENS.finditer(text):
            kind = match.lastgroup
            if kind:
                start, end = match.span()
                self.setFormat(start, end - start, formats[kind])
                calls += 1
        if calls and self._repay_none:
            _give_back_none(calls)


def _utf16_len(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def changed_span(old: str, new: str) -> tuple[int, int, int]:
    """(start, old_end, new_end): the whole lines of ``old[start:old_end]`` that become ``new[start:new_end]``.

    Compared a chunk at a time up to the first difference from each end (slice comparisons run in
    C), then bisected inside that chunk: a megabyte costs a few hundred microseconds.
    """
    limit = min(len(old), len(new))
    low = _common_prefix(old, new, limit)
    start = old.rfind("\n", 0, low) + 1
    suffix = _common_suffix(old, new, limit - start)
    old_end, new_end = len(old) - suffix, len(new) - suffix
    line_end = old.find("\n", old_end)
    extra = (line_end if line_end >= 0 else len(old)) - old_end
    return start, old_end + extra, new_end + extra


_CHUNK = 4096


def _common_prefix(old: str, new: str, limit: int) -> int:
    """The length of the common prefix of ``old`` and ``new`` (at most ``limit``)."""
    low = 0
    while low + _CHUNK <= limit and old[low : low + _CHUNK] == new[low : low + _CHUNK]:
        low += _CHUNK
    high = min(limit, low + _CHUNK)
    while low < high:  # the difference is in old[low:high]: bisect it
        mid = (low + high + 1) // 2
        if old[low:mid] == new[low:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _common_suffix(old: str, new: str, limit: int) -> int:
    """The length of the common suffix of ``old`` and ``new`` (at most ``limit``)."""
    a, b = len(old), len(new)
    low = 0
    while low + _CHUNK <= limit and old[a - low - _CHUNK : a - low] == new[b - low - _CHUNK : b - low]:
        low += _CHUNK
    high = min(limit, low + _CHUNK)
    while low < high:
        mid = (low + high + 1) // 2
        if old[a - mid : a - low] == new[b - mid : b - low]:
            low = mid
        else:
            high = mid - 1
    return low


class JsonPreview(QPlainTextEdit):
    """Read-only, highlighted JSON that updates only what changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setAccessibleName("JSON preview")
        self.setToolTip("The exact JSON that will be saved and sent (read-only).")
        self.highlighter = JsonHighlighter(self.document())
        self.highlighter.set_lines(range(0))
        self.verticalScrollBar().valueChanged.connect(lambda _value: self._colour_view())
        self._text = ""

    def _view_lines(self) -> range:
        """The lines on screen and a page above and below them."""
        first = self.firstVisibleBlock().blockNumber()
        page = max(self.viewport().height() // max(1, self.fontMetrics().lineSpacing()) + 1, 60)
        return range(max(0, first - page), first + 2 * page)

    def _colour_view(self) -> None:
        lines = self._view_lines()
        if lines != self.highlighter.lines:
            self.highlighter.set_lines(lines)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._colour_view()

    @property
    def json_text(self) -> str:
        return self._text

    def follow(self, document: PayloadDocument) -> None:
        """Show the document's JSON at every refresh (straight from the document)."""
        document.refreshed.connect(lambda text, _problems: self.show_json(text))
        self.show_json(document.json_text)

    def show_json(self, text: str) -> None:
        """Show ``text``; a no-op when it is what is shown already."""
        if text == self._text:
            return
        old, self._text = self._text, text
        if not old:
            self.setPlainText(text)
            self._colour_view()
            return
        blocks = self.document().blockCount()
        start, old_end, new_end = changed_span(old, text)
        prefix_units = _utf16_len(old[:start])
        cursor = QTextCursor(self.document())
        cursor.setPosition(prefix_units)
        cursor.setPosition(prefix_units + _utf16_len(old[start:old_end]), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text[start:new_end])
        if self.document().blockCount() != blocks:  # lines below moved: colour the view again
            lines = self._view_lines()
            self.highlighter.lines = lines
            self.highlighter.redo_lines(lines)
