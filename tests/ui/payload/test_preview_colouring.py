"""The preview colours the lines around its view, and only those, whatever the edits and scrolling."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from app.ui.payload.preview import JsonPreview

_KEY = re.compile(r'"[^"]*"(?=\s*:)')


def _document(rows: int) -> str:
    return json.dumps({"items": [{"name": f"row {n}", "value": n} for n in range(rows)]}, indent=2)


def _colours(preview: JsonPreview) -> dict[int, list[tuple[int, int, str]]]:
    """Line number → its coloured spans (start, length, colour) for every line that has any."""
    document, found = preview.document(), {}
    block = document.firstBlock()
    while block.isValid():
        layout = block.layout()
        spans = [(r.start, r.length, r.format.foreground().color().name()) for r in layout.formats()]
        if spans:
            found[block.blockNumber()] = spans
        block = block.next()
    return found


def _check(preview: JsonPreview) -> None:
    view = preview.colouring.view_lines()
    colours = _colours(preview)
    assert set(colours) <= set(view), "a line outside the view keeps its colours"
    key_colour = preview.colouring.formats["key"].foreground().color().name()
    for number in view:
        text = preview.document().findBlockByNumber(number).text()
        keys = [(m.start(), m.end() - m.start(), key_colour) for m in _KEY.finditer(text)]
        spans = colours.get(number, [])
        assert [s for s in spans if s[2] == key_colour] == keys, f"line {number} {text!r} has {spans}"
        if text.strip() not in ("{", "}", "[", "]", "},", "],", ""):
            assert spans, f"line {number} {text!r} in view is plain"


def test_a_big_document_gets_colours_only_around_the_view(qtbot):
    preview = JsonPreview()
    qtbot.addWidget(preview)
    preview.resize(500, 400)
    preview.show()
    preview.show_json('{\n  "starter": true\n}')
    preview.show_json(_document(5000))  # 20,000 lines
    _check(preview)
    assert len(_colours(preview)) < 400
    scroll = preview.verticalScrollBar()
    scroll.setValue(scroll.maximum() // 2)
    _check(preview)
    assert 0 not in _colours(preview)  # the top lost its colours when it left the view


@settings(max_examples=60, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=150),  # where lines are added or removed
            st.integers(min_value=0, max_value=40),  # items removed there
            st.lists(st.sampled_from(["new", "é😀"]), max_size=40),  # items added there
            st.floats(0, 1),  # where the view is
        ),
        min_size=1,
        max_size=6,
    )
)
def test_edits_and_scrolling_keep_exactly_the_view_coloured(qapp, steps):
    """Lines added or removed above, inside or below the view move the colours with them."""
    preview = JsonPreview()
    preview.resize(400, 300)
    preview.show()
    items = [{"name": f"row {n}", "value": n} for n in range(150)]
    preview.show_json(json.dumps({"items": items}, indent=2))
    scroll = preview.verticalScrollBar()
    for where, removed, added, place in steps:
        scroll.setValue(int(scroll.maximum() * place))
        items[where : where + removed] = [{"name": name, "value": 0} for name in added]
        text = json.dumps({"items": items}, indent=2)
        preview.show_json(text)
        assert preview.toPlainText() == text
        _check(preview)
    preview.close()
    preview.deleteLater()
