"""Forms of the impact pages: the public list's filters, the logic model and its items, analyses (settings and the
sensitivity ranges), stakeholder groups, investments, outcomes, review comments, returning an analysis, reviewers.

Their fields are the models' (labels and choices come with them); they check the shape of what is sent and the
services decide the rest, their errors coming back on the form under the field they name.
"""

from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from musharaka.core.forms import StyledFormMixin, in_arabic, in_english
from musharaka.core.i18n import localized
from musharaka.initiatives.models import Currency

from .models import (
    MEASURED_STAGES,
    Analysis,
    AnalysisKind,
    Investment,
    LogicItem,
    LogicModel,
    Outcome,
    QuantitySource,
    Stakeholder,
)
from .services import (
    ANALYSIS_FIELDS,
    INVESTMENT_FIELDS,
    ITEM_FIELDS,
    LOGIC_MODEL_FIELDS,
    OUTCOME_FIELDS,
    STAKEHOLDER_FIELDS,
)


def _model_fields(model, names) -> dict:
    """The model's form fields, texts marked Arabic or English, long texts as short text areas."""
    fields = fields_for_model(model, fields=list(names))
    for name, field in fields.items():
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 3
        if name.endswith("_ar"):
            in_arabic(field.widget)
        elif name.endswith("_en"):
            in_english(field.widget)
    return fields


class _ServiceForm(forms.Form):
    """Fields set up in __init__; the styled form (StyledFormMixin first) validates only after that set-up."""

    SERVICE_FIELDS: tuple[str, ...] = ()

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.SERVICE_FIELDS if name in self.cleaned_data}

    @classmethod
    def initial_for(cls, record) -> dict:
        return {name: getattr(record, name) for name in cls.SERVICE_FIELDS}


def _indicator_choices(indicators) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [("", _("— none —"))]
    for row in indicators:
        title = localized(row, "title")
        value = row["actual_value"]
        rows.append((str(row["id"]), f"{title} ({value})" if value is not None else title))
    return rows


class ListFilterForm(forms.Form):
    """The public list's filters (GET); a wrong value is ignored rather than refused."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=[("", _("Any kind")), *AnalysisKind.choices], required=False)
    currency = forms.ChoiceField(label=_("currency"), choices=[("", _("Any currency")), *Currency.choices],
                                 required=False)
    organization = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**62)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"

    def values(self) -> dict:
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        return {"q": data["q"] or None, "kind": data["kind"] or None, "currency": data["currency"] or None,
                "organization": data["organization"]}


class LogicModelFields(_ServiceForm):
    SERVICE_FIELDS = LOGIC_MODEL_FIELDS
    locals().update(_model_fields(LogicModel, LOGIC_MODEL_FIELDS))


class ItemFormFields(_ServiceForm):
    SERVICE_FIELDS = ITEM_FIELDS
    locals().update(_model_fields(LogicItem, ("stage", "text_ar", "text_en")))
    indicator = forms.ChoiceField(label=_("indicator"), required=False,
                                  help_text=_("Outputs and outcomes only: the indicator of the results framework "
                                              "that measures it."))
    position = forms.IntegerField(label=_("order"), min_value=0, max_value=999, required=False)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = _indicator_choices(indicators)
        self._indicator_ids = {row["id"] for row in indicators}

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        if indicator and cleaned.get("stage") not in MEASURED_STAGES:
            self.add_error("indicator", _("Only outputs and outcomes are measured by indicators."))
        return cleaned

    @classmethod
    def initial_for(cls, record) -> dict:
        initial = super().initial_for(record)
        initial["indicator"] = record.indicator_id or ""
        return initial


class AnalysisFormFields(_ServiceForm):
    SERVICE_FIELDS = ANALYSIS_FIELDS
    locals().update(_model_fields(Analysis, ANALYSIS_FIELDS))


class StakeholderFormFields(_ServiceForm):
    SERVICE_FIELDS = STAKEHOLDER_FIELDS
    locals().update(_model_fields(Stakeholder, STAKEHOLDER_FIELDS[:-1]))
    position = forms.IntegerField(label=_("order"), min_value=0, max_value=999, required=False)


class InvestmentFormFields(_ServiceForm):
    SERVICE_FIELDS = INVESTMENT_FIELDS
    locals().update(_model_fields(Investment, INVESTMENT_FIELDS[:-1]))
    position = forms.IntegerField(label=_("order"), min_value=0, max_value=999, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].help_text = _("Cash and in kind: the amount in the analysis currency.")
        self.fields["hours"].help_text = _("Volunteer time: the hours given, valued at the value of an hour.")


class OutcomeFormFields(_ServiceForm):
    SERVICE_FIELDS = OUTCOME_FIELDS
    stakeholder = forms.ChoiceField(label=_("stakeholder group"))
    locals().update(_model_fields(Outcome, OUTCOME_FIELDS[:-1]))
    indicator = forms.ChoiceField(label=_("indicator"), required=False,
                                  help_text=_("When the quantity comes from an indicator: its approved value is "
                                              "taken while the analysis is a draft."))
    position = forms.IntegerField(label=_("order"), min_value=0, max_value=999, required=False)

    field_order = ["stakeholder", "title_ar", "title_en", "quantity_source", "quantity", "indicator"]

    def __init__(self, *args, stakeholders=(), indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].choices = [(str(s.pk), localized(s)) for s in stakeholders]
        self.fields["indicator"].choices = _indicator_choices(indicators)
        self.fields["quantity"].required = False
        self.fields["quantity"].help_text = _("Leave as it is when the quantity comes from an indicator.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("quantity_source") == QuantitySource.TYPED and cleaned.get("quantity") is None:
            self.add_error("quantity", _("Enter the quantity."))
        if cleaned.get("quantity_source") == QuantitySource.INDICATOR and not cleaned.get("indicator"):
            self.add_error("indicator", _("Choose the indicator the quantity comes from."))
        return cleaned

    def service_data(self) -> dict:
        data = super().service_data()
        if data.get("quantity") is None:
            data.pop("quantity", None)
        return data

    @classmethod
    def initial_for(cls, record) -> dict:
        initial = super().initial_for(record)
        initial["stakeholder"] = record.stakeholder_id
        initial["indicator"] = record.indicator_id or ""
        return initial


class LogicModelForm(StyledFormMixin, LogicModelFields):
    pass


class ItemForm(StyledFormMixin, ItemFormFields):
    pass


class AnalysisForm(StyledFormMixin, AnalysisFormFields):
    pass


class StakeholderForm(StyledFormMixin, StakeholderFormFields):
    pass


class InvestmentForm(StyledFormMixin, InvestmentFormFields):
    pass


class OutcomeForm(StyledFormMixin, OutcomeFormFields):
    pass


class CommentFields(forms.Form):
    figure = forms.ChoiceField(label=_("figure"), required=False)
    body = forms.CharField(label=_("comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, figures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["figure"].choices = [("", _("The analysis as a whole")), *figures]


class CommentForm(StyledFormMixin, CommentFields):
    pass


class ReturnForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(label=_("What must change"), min_length=3, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ReviewerForm(StyledFormMixin, forms.Form):
    who = forms.CharField(label=_("username or e-mail"), max_length=254)
    note = forms.CharField(label=_("qualification"), max_length=300, required=False)
