from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from musharaka.core.files import validate_image_upload
from musharaka.core.forms import StyledFormMixin
from musharaka.core.i18n import localized
from musharaka.geo.models import City, Region

from .models import Organization, Role, Sector


class LocalizedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return localized(obj)


class OrganizationForm(StyledFormMixin, forms.ModelForm):
    region = LocalizedChoiceField(Region.objects.all(), label=_("region"))
    city = LocalizedChoiceField(City.objects.select_related("region"), label=_("city"), required=False)

    class Meta:
        model = Organization
        fields = [
            "name_ar", "name_en", "sector", "region", "city", "description_ar", "description_en",
            "website", "email", "phone", "address", "logo",
        ]
        widgets = {
            "name_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "description_ar": forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
            "description_en": forms.Textarea(attrs={"rows": 4, "dir": "ltr", "lang": "en"}),
            "website": forms.URLInput(attrs={"dir": "ltr"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            validate_image_upload(logo)
        return logo

    def clean(self):
        cleaned = super().clean()
        city, region = cleaned.get("city"), cleaned.get("region")
        if city and region and city.region_id != region.pk:
            self.add_error("city", _("The city is not in the chosen region."))
        return cleaned


class OrganizationFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=pgettext_lazy("field", "Search"), required=False, max_length=200)
    region = forms.ModelChoiceField(Region.objects.all(), required=False, label=_("region"))
    sector = forms.ChoiceField(choices=[("", _("All sectors")), *Sector.choices], required=False, label=_("sector"))


class MemberAddForm(StyledFormMixin, forms.Form):
    user = forms.CharField(label=_("User name or e-mail"), max_length=254)
    role = forms.ChoiceField(label=_("role"), choices=Role.choices, initial=Role.EDITOR)


class MemberRoleForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
