"""Forms of the volunteering pages."""

# ---- volapi16: the statistics' filters and a value of an hour

from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.core.forms import StyledFormMixin
from musharaka.geo.models import Region
from musharaka.initiatives.models import Currency


class HourValueForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("region"), queryset=Region.objects.order_by("code"), required=False,
                                    empty_label=_("The whole country (national)"))
    amount = forms.DecimalField(label=_("value of an hour"), max_digits=10, decimal_places=2, min_value=0.01)
    currency = forms.ChoiceField(label=_("currency"), choices=Currency.choices, initial=Currency.SAR)
    basis_ar = forms.CharField(label=_("basis (Arabic)"), max_length=300,
                               help_text=_("E.g. the average hourly wage in the region, and its source."))
    basis_en = forms.CharField(label=_("basis (English)"), max_length=300, required=False)
    effective_from = forms.DateField(label=_("effective from"), widget=forms.DateInput(attrs={"type": "date"}))
