"""Forms of the results pages: they check the shape of what is sent; the services decide the rest and their errors
come back on the form under the field they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.core.forms import StyledFormMixin, in_arabic, in_english
from musharaka.core.i18n import localized

from .models import CodeList, Dimension, Measure, ResultLevel

EVIDENCE_ACCEPT = ("application/pdf,image/png,image/jpeg,image/webp,.docx,.xlsx,.pptx")


def _figure(label, *, required=False):
    return forms.DecimalField(label=label, required=required, max_digits=18, decimal_places=4,
                              widget=forms.NumberInput(attrs={"step": "any", "dir": "ltr"}))


def _ar(label, max_length, *, required=False, rows=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, max_length=max_length, required=required, widget=in_arabic(widget))


def _en(label, max_length, *, rows=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, max_length=max_length, required=False, widget=in_english(widget))


class ResultForm(StyledFormMixin, forms.Form):
    level = forms.ChoiceField(label=_("level"), choices=ResultLevel.choices)
    title_ar = _ar(_("title (Arabic)"), 250, required=True)
    title_en = _en(_("title (English)"), 250)
    description_ar = _ar(_("description (Arabic)"), 4000, rows=3)
    description_en = _en(_("description (English)"), 4000, rows=3)


class IndicatorForm(StyledFormMixin, forms.Form):
    title_ar = _ar(_("title (Arabic)"), 250, required=True)
    title_en = _en(_("title (English)"), 250)
    description_ar = _ar(_("definition (Arabic)"), 4000, rows=3)
    description_en = _en(_("definition (English)"), 4000, rows=3)
    measure = forms.ChoiceField(label=_("measure"), choices=Measure.choices)
    unit_ar = _ar(_("unit (Arabic)"), 60)
    unit_en = _en(_("unit (English)"), 60)
    ascending = forms.BooleanField(label=_("higher is better"), required=False, initial=True)
    cumulative = forms.BooleanField(label=_("cumulative"), required=False)
    baseline_value = _figure(_("baseline value"))
    baseline_year = forms.IntegerField(label=_("baseline year"), required=False, min_value=1950, max_value=2100)
    code_list = forms.ChoiceField(label=_("code list"), choices=CodeList.choices, required=False)
    code = forms.CharField(label=_("code"), max_length=30, required=False,
                           widget=forms.TextInput(attrs={"dir": "ltr"}))
    dimensions = forms.ModelMultipleChoiceField(label=_("disaggregations"), queryset=Dimension.objects.all(),
                                                required=False, widget=forms.CheckboxSelectMultiple)


class PeriodForm(StyledFormMixin, forms.Form):
    start = forms.DateField(label=_("start"), widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"},
                                                                     format="%Y-%m-%d"))
    end = forms.DateField(label=_("end"), widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"},
                                                                 format="%Y-%m-%d"))
    target_value = _figure(_("target"))
    target_comment = forms.CharField(label=_("target comment"), max_length=500, required=False)


class _UpdateFields(forms.Form):
    """value, or numerator and denominator, the narrative, one input per disaggregation value and one evidence
    file; built for the indicator it reports on."""

    narrative = forms.CharField(label=_("narrative"), required=False, max_length=8000,
                                widget=in_arabic(forms.Textarea(attrs={"rows": 4})))
    evidence = forms.FileField(label=_("evidence file"), required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}))

    def __init__(self, *args, indicator, values=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.values = list(values)
        self.part_fields: list[tuple] = []  # (dimension value, [field names])
        if indicator.measure == Measure.UNIT:
            self.fields["value"] = _figure(_("value"))
        elif indicator.measure == Measure.PERCENTAGE:
            self.fields["numerator"] = _figure(_("numerator"))
            self.fields["denominator"] = _figure(_("denominator"))
        if indicator.measure != Measure.QUALITATIVE:
            for value in self.values:
                names = []
                if indicator.measure == Measure.UNIT:
                    names.append(f"part_{value.pk}_value")
                    self.fields[names[-1]] = _figure(f"{localized(value.dimension)}: {localized(value)}")
                else:
                    for part, label in (("numerator", _("numerator")), ("denominator", _("denominator"))):
                        names.append(f"part_{value.pk}_{part}")
                        self.fields[names[-1]] = _figure(f"{localized(value.dimension)}: {localized(value)} — {label}")
                self.part_fields.append((value, names))
        order = [n for n in ("value", "numerator", "denominator") if n in self.fields]
        order += [n for _, names in self.part_fields for n in names] + ["narrative", "evidence"]
        self.order_fields(order)

    def figures(self) -> dict:
        data = {"narrative": self.cleaned_data.get("narrative", "")}
        for name in ("value", "numerator", "denominator"):
            if name in self.fields:
                data[name] = self.cleaned_data.get(name)
        return data

    def breakdown(self) -> dict[int, dict]:
        rows = {}
        for value, names in self.part_fields:
            rows[value.pk] = {name.rsplit("_", 1)[1]: self.cleaned_data.get(name) for name in names}
        return rows


class UpdateForm(StyledFormMixin, _UpdateFields):
    """The update form, styled (the fields are added before the styling runs)."""


class ReviewForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(label=_("reviewer's comment"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))
