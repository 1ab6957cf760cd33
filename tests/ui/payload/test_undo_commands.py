"""The document's undo commands on their own: each edit undone and redone returns the exact JSON."""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.kinds import kind_named
from app.ui.document.document import PayloadDocument


@pytest.fixture
def promotion_document(qapp):
    kind = kind_named("promotion")
    return PayloadDocument(kind.new_model(), kind=kind)


def _round_trip(document: PayloadDocument, edit) -> None:
    document.refresh_now()
    before = document.json_text
    edit()
    document.refresh_now()
    after = document.json_text
    assert after != before
    document.undo_stack.undo()
    document.refresh_now()
    assert document.json_text == before
    document.undo_stack.redo()
    document.refresh_now()
    assert document.json_text == after


def test_set_value_creates_parents_and_undo_removes_them(promotion_document):
    document = promotion_document
    _round_trip(document, lambda: document.set_value("metadata.loyaltyConfigMetaData.isStackable", True))
    document.undo_stack.undo()
    assert "loyaltyConfigMetaData" not in document.current_json()  # not left behind as {}


def test_typing_merges_into_one_step_and_a_new_visit_starts_another(promotion_document):
    document = promotion_document
    for text in ("W", "We", "Wee"):
        document.set_value("metadata.name", text, merge=True)
    assert document.undo_stack.count() == 1
    document.set_value("metadata.name", "Weekly", merge=True, new_step=True)
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert document.value("metadata.name") == "Wee"


def test_list_insert_remove_move_and_replace_are_one_step_each(promotion_document):
    from app.domain.promotions.models import Limit

    document = promotion_document
    _round_trip(
        document,
        lambda: document.insert_items("limits", 0, [Limit(granularity="USER"), Limit(granularity="OVERALL")]),
    )
    _round_trip(document, lambda: document.move_item("limits", 0, 1))
    _round_trip(document, lambda: document.remove_items("limits", [0]))
    _round_trip(document, lambda: document.replace_list("limits", [Limit(limit_type="SUM")], "Replace"))


def test_replace_model_is_undoable_and_clearing_a_field_leaves_it_out(promotion_document):
    document = promotion_document
    other: Any = kind_named("promotion").new_model()
    other.metadata.name = "Replaced"
    _round_trip(document, lambda: document.replace_model(other, "Edit JSON"))
    _round_trip(document, lambda: document.set_value("metadata.status", None))
    assert '"status"' not in document.current_json()
