"""The staff page's form for issuing an Open311 API key."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from musharaka.core.forms import StyledFormMixin
from musharaka.orgs.models import Organization

from .keys import LABEL_MAX_LENGTH


class ApiKeyForm(StyledFormMixin, forms.Form):
    # Typed rather than chosen from a list: the platform holds thousands of organisations.
    organization = forms.CharField(label=_("organisation (its number or exact name)"), max_length=300)
    label = forms.CharField(label=_("label"), max_length=LABEL_MAX_LENGTH,
                            help_text=_("The app that will use the key, so that it can be told apart later."))

    def clean_organization(self) -> Organization:
        value = self.cleaned_data["organization"].strip()
        query = Q(name_ar=value) | Q(name_en__iexact=value) if value else Q(pk__in=[])
        if value.isdigit() and len(value) < 18:
            query |= Q(pk=int(value))
        found = list(Organization.objects.filter(query)[:2])
        if len(found) != 1:
            raise forms.ValidationError(_("No single organisation has this number or name."))
        return found[0]
