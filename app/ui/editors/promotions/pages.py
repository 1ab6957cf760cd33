"""The promotion's form pages that are a model's fields laid out: Promotion, Audience, Limits.

Each page is a :class:`~app.ui.widgets.model_form.ModelForm` over part of the body, in a
scroll area, plus what the operator needs to know beside the fields: which promotion type takes
which earning type (the others greyed, with the reason), and the three-way stacking rule.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from app.domain.base import WireModel
from app.domain.fields import wire_name
from app.domain.problems import Problem
from app.domain.promotions.models import Promotion, PromotionMetadata
from app.domain.promotions.values import LOYALTY_EARNING_TYPES, documented_values
from app.domain.wirepath import path_affects
from app.ui.document.document import PayloadDocument
from app.ui.widgets.flex_fields import ChoiceField
from app.ui.widgets.model_form import ModelForm

#: Fields the server writes; shown nowhere in the form (they stay in the JSON when opened).
SERVER_WRITTEN = ("created_by", "last_modified_by")

STACKING_RULE = (
    "Stacking: tick at most one of Stackable (combines with other promotions), Exclusive (applies "
    "alone) and Always apply (applies whatever else does). Leave all three unticked to let the "
    "program's defaults decide."
)


def choices(model: type[WireModel], field: str) -> tuple[str, ...]:
    """The documented values of a promotion field, for its drop-down."""
    return documented_values(model.__name__, wire_name(model, field))


class FormPage(QScrollArea):
    """A scrolling page of one or more model forms (the :class:`EditorPage` protocol)."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWidgetResizable(True)
        self.body = QWidget(self)
        self.layout_ = QVBoxLayout(self.body)
        self.forms: list[ModelForm] = []
        self.setWidget(self.body)

    def add_form(self, form: ModelForm) -> ModelForm:
        self.forms.append(form)
        self.layout_.addWidget(form)
        return form

    def add_note(self, text: str) -> QLabel:
        label = QLabel(text, self.body)
        label.setWordWrap(True)
        self.layout_.addWidget(label)
        return label

    def finish(self) -> None:
        self.layout_.addStretch(1)

    def show_problems(self, problems: list[Problem]) -> None:
        for form in self.forms:
            form.show_problems(problems)

    def focus_path(self, path: str) -> bool:
        for form in self.forms:
            if form.focus_path(path):
                focused = self.body.focusWidget()
                if focused is not None:
                    self.ensureWidgetVisible(focused)
                return True
        return False


class PromotionPage(FormPage):
    """Name, description, program and org, dates and zone, types, identifier, tags, stacking."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.metadata = self.add_form(
            ModelForm(
                document, PromotionMetadata, "metadata", self.body, choices=choices, skip=SERVER_WRITTEN
            )
        )
        self.add_note(STACKING_RULE)
        self.add_form(ModelForm(document, Promotion, "", self.body, choices=choices, only=("comments", "id")))
        self.finish()
        document.changed.connect(self._changed)
        self._earning_types()

    def _changed(self, path: str) -> None:
        if path_affects(path, "metadata.promotionType"):
            self._earning_types()

    def _earning_types(self) -> None:
        """Earning types only go with LOYALTY_EARNING (the create page's matrix)."""
        field = self.metadata.fields.get("loyalty_earning_type")
        if not isinstance(field, ChoiceField):
            return
        kind = self.document.value("metadata.promotionType")
        allowed = kind == "LOYALTY_EARNING"
        for value in LOYALTY_EARNING_TYPES:
            field.set_choice_enabled(
                value, allowed, f"earning types go with promotion type LOYALTY_EARNING, not {kind or 'none'}"
            )


class AudiencePage(FormPage):
    """Who takes part: enrolment method and audiences, then the opt-in and enrolment workflows."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.add_form(
            ModelForm(
                document,
                Promotion,
                "",
                self.body,
                choices=choices,
                only=("customer_enrolment", "workflow_metadata"),
            )
        )
        self.finish()


class LimitsPage(FormPage):
    """Limits with their periods, the liability split, and the broadcast settings."""

    def __init__(self, document: PayloadDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.add_note(
            "Limits cap what the promotion gives (per customer, per period). The liability split says "
            "who pays; its shares must add up to 100."
        )
        self.add_form(
            ModelForm(
                document,
                Promotion,
                "",
                self.body,
                choices=choices,
                only=("limits", "liability_owner_split_info", "broadcast_metadata", "promotion_schedule"),
            )
        )
        self.finish()
