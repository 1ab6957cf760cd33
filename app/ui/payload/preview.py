"""The live JSON preview: the model's own JSON, read-only and coloured.

The preview receives the whole JSON text after every edit (``document.refreshed``). With
a 366-period × 50-target payload that is about a megabyte, so instead of replacing the
whole text (which re-lays-out every line and loses the scroll position) it replaces only
the lines that changed.

Only the lines around the view are coloured (a page above and below it), by
:class:`JsonColouring`: Qt keeps a text layout with format ranges per coloured line, and
for the 58,000 lines of that payload those cost some 20 MiB, for lines nobody is looking at.
A ``QSyntaxHighlighter`` could not do this: it visits (and gives a layout to) every line a
change touches, even those it leaves plain.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QFont, QFontDatabase, QTextCharFormat, QTextCursor, QTextLayout
from PySide6.QtWidgets import QPlainTextEdit, QWidget

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


class JsonColouring(QObject):
    """Colours the JSON lines of a :class:`QPlainTextEdit` on screen, and a page above and below.

    Each coloured line holds a :class:`QTextLayout` with its format ranges; a
    :class:`QSyntaxHighlighter` would make one for every line the text changes (all 58,000 when a
    big payload is loaded: some 20 MiB). Here only the lines around the view get one: lines are
    coloured as they scroll into view and uncoloured as they leave it, and an edit recolours the
    changed lines that are in view. Stateless per line (no block state), so any line can be
    coloured on its own.
    """

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self._editor = editor
        self._document = editor.document()
        self.formats: dict[str, QTextCharFormat] = {}
        #: Numbers of the blocks that hold colours now.
        self.coloured: set[int] = set()
        self._blocks = self._document.blockCount()
        self._busy = False
        self._document.contentsChange.connect(self._text_changed)
        editor.verticalScrollBar().valueChanged.connect(lambda _value: self.refresh())
        editor.installEventFilter(self)
        self.update_colors()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange:
            self.update_colors()
        elif event.type() == QEvent.Type.Resize:
            self.refresh()
        return False

    def update_colors(self) -> None:
        """Pick colours readable on the current palette and colour the view again."""
        colors = _DARK if is_dark() else _LIGHT
        for kind, color in colors.items():
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(color))
            if kind == "key":
                fmt.setFontWeight(QFont.Weight.DemiBold)
            self.formats[kind] = fmt
        self.refresh(again=range(0, self._document.blockCount()))

    def view_lines(self) -> range:
        """The lines on screen and a page above and below them."""
        editor = self._editor
        first = editor.firstVisibleBlock().blockNumber()
        page = max(editor.viewport().height() // max(1, editor.fontMetrics().lineSpacing()) + 1, 60)
        return range(max(0, first - page), min(first + 2 * page, self._document.blockCount()))

    def refresh(self, again: range = range(0), clear: tuple[int, ...] = ()) -> None:
        """Colour the lines in view that are not yet (and those in ``again``); uncolour the rest."""
        if self._busy:
            return
        self._busy = True
        try:
            self._refresh(again, clear)
        finally:
            self._busy = False

    def _refresh(self, again: range, clear: tuple[int, ...]) -> None:
        lines = self.view_lines()
        for number in clear:
            if number not in lines:
                self._paint(number, colour=False)
        for number in sorted(self.coloured.difference(lines)):
            self._paint(number, colour=False)
        fresh = set(lines).difference(self.coloured)
        if again:
            fresh.update(range(max(again.start, lines.start), min(again.stop, lines.stop)))
        for number in sorted(fresh):
            self._paint(number, colour=True)
        self.coloured = set(lines)

    def _text_changed(self, position: int, _removed: int, added: int) -> None:
        """Blocks after the change moved by the lines it added or removed; those it touched are new."""
        document = self._document
        count = document.blockCount()
        moved, self._blocks = count - self._blocks, count
        first = document.findBlock(position).blockNumber()
        end = document.findBlock(position + added)
        last = end.blockNumber() if end.isValid() else count - 1
        first = max(first, 0)
        self.coloured = {n for n in self.coloured if n < first} | {
            n + moved for n in self.coloured if n > last - moved
        }
        # A block the change kept (its first or last) may still hold the colours of its old text.
        self.refresh(again=range(first, last + 1), clear=(first, last))

    def _paint(self, number: int, colour: bool) -> None:
        block = self._document.findBlockByNumber(number)
        if not block.isValid():
            return
        layout = block.layout()
        if colour:
            layout.setFormats(self._ranges(block.text()))
        elif not layout.formats():
            return
        else:
            layout.clearFormats()
        self._document.markContentsDirty(block.position(), block.length())

    def _ranges(self, text: str) -> list[QTextLayout.FormatRange]:
        formats, ranges = self.formats, []
        wide = not text.isascii()
        for match in _TOKENS.finditer(text):
            kind = match.lastgroup
            if kind:
                start, end = match.span()
                if wide:  # Qt counts UTF-16 code units
                    start, end = _utf16_len(text[:start]), _utf16_len(text[:end])
                item = QTextLayout.FormatRange()
                item.start, item.length, item.format = start, end - start, formats[kind]
                ranges.append(item)
        return ranges


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
    """Read-only, coloured JSON that updates only what changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setAccessibleName("JSON preview")
        self.setToolTip("The exact JSON that will be saved and sent (read-only).")
        self.colouring = JsonColouring(self)
        self._text = ""

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
        start, old_end, new_end = changed_span(old, text) if old else (0, 0, len(text))
        if new_end - start > len(text) // 2:
            # Mostly new text (a file opened, a template): set it whole. Typed into the document,
            # a megabyte costs Qt twice the memory setPlainText does.
            scroll = self.verticalScrollBar()
            place = scroll.value()
            self.setPlainText(text)
            scroll.setValue(min(place, scroll.maximum()))
            return
        prefix_units = _utf16_len(old[:start])
        cursor = QTextCursor(self.document())
        cursor.setPosition(prefix_units)
        cursor.setPosition(prefix_units + _utf16_len(old[start:old_end]), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text[start:new_end])
