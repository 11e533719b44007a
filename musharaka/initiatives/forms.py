"""Forms of the initiative pages: the catalogue's filters, the initiative with its partners and places,
and the small forms of the workflow buttons. They validate input; the services decide."""

import json
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from musharaka.core.files import validate_document_upload, validate_image_upload
from musharaka.core.forms import ProtectedFileInput, StyledFormMixin
from musharaka.core.i18n import localized
from musharaka.geo.models import City, Neighbourhood, Region
from musharaka.orgs.models import Organization, Sector
from musharaka.taxonomy.models import SDG, Axis, TargetGroup

from .models import Initiative, PartnerRole, Status
from .selectors import InitiativeFilters
from .services import PartnerSpec, PlaceSpec

MAX_ID = 2**31 - 1
COVER_MAX_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS = 10


class LocalizedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return localized(obj)


class LocalizedMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {localized(obj)}" if isinstance(obj, SDG) else localized(obj)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, list | tuple):
            return [clean_one(item, initial) for item in data if item]
        return [clean_one(data, initial)] if data else []


# ---------------------------------------------------------------- catalogue


SORT_CHOICES = [
    ("", _("Best match / newest")),
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("start", _("Start date")),
    ("budget", _("Budget")),
    ("beneficiaries", _("Beneficiaries")),
    ("replicated", _("Most replicated")),
    ("title", _("Title")),
]


class InitiativeFilterForm(StyledFormMixin, forms.Form):
    """The catalogue's query string. Each bad parameter is dropped on its own; the others still apply."""

    q = forms.CharField(label=_("Search initiatives"), required=False, max_length=200)
    region = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    city = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    axis = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    sdg = forms.IntegerField(required=False, min_value=1, max_value=17)
    sector = forms.ChoiceField(required=False, choices=[("", ""), *Sector.choices])
    status = forms.ChoiceField(required=False, choices=[("", ""), *Status.choices])
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)
    success = forms.BooleanField(label=_("Successful experiences only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def clean_success(self) -> bool:
        return self.data.get(self.add_prefix("success")) in ("1", "true", "on")

    def filters(self) -> InitiativeFilters:
        if not self.is_bound:
            return InitiativeFilters()
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name in self.fields}
        q = (data.get("q") or "").strip()
        sort = data.get("sort") or ""
        if sort == "relevance" and not q:
            sort = ""
        return InitiativeFilters(
            q=q,
            region=data.get("region"),
            city=data.get("city") if data.get("region") else None,
            axis=data.get("axis"),
            sdg=data.get("sdg"),
            sector=data.get("sector") or "",
            status=data.get("status") or "",
            year=data.get("year"),
            success=True if data.get("success") else None,
            sort=sort,
        )


# ---------------------------------------------------------------- the initiative


class InitiativeForm(StyledFormMixin, forms.ModelForm):
    """The initiative's own fields. Partners and places come in their own formsets."""

    region = LocalizedChoiceField(
        Region.objects.select_related("country"), label=_("Region (its coordinator approves the initiative)")
    )
    axes = LocalizedMultipleChoiceField(
        Axis.objects.all(), label=_("Development axes"), required=False, widget=forms.CheckboxSelectMultiple
    )
    sdgs = LocalizedMultipleChoiceField(
        SDG.objects.all(), label=_("Sustainable development goals"), required=False, widget=forms.CheckboxSelectMultiple
    )
    target_groups = LocalizedMultipleChoiceField(
        TargetGroup.objects.all(), label=_("Target groups"), required=False, widget=forms.CheckboxSelectMultiple
    )
    attachments = MultipleFileField(
        label=_("Add attachments"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint or images, up to 10 MB each."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Initiative
        fields = [
            "title_ar", "title_en", "summary_ar", "summary_en", "description_ar", "description_en", "region",
            "axes", "sdgs", "target_groups", "start_date", "end_date", "budget", "currency",
            "planned_beneficiaries", "actual_beneficiaries", "results_ar", "results_en", "lessons_ar", "lessons_en",
            "cover_image",
        ]
        widgets = {
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "title_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "summary_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "summary_en": forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "en"}),
            "description_ar": forms.Textarea(attrs={"rows": 6, "dir": "rtl", "lang": "ar"}),
            "description_en": forms.Textarea(attrs={"rows": 6, "dir": "ltr", "lang": "en"}),
            "results_ar": forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
            "results_en": forms.Textarea(attrs={"rows": 4, "dir": "ltr", "lang": "en"}),
            "lessons_ar": forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
            "lessons_en": forms.Textarea(attrs={"rows": 4, "dir": "ltr", "lang": "en"}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "budget": forms.NumberInput(attrs={"min": "0", "step": "0.01", "dir": "ltr"}),
            "planned_beneficiaries": forms.NumberInput(attrs={"min": "0", "dir": "ltr"}),
            "actual_beneficiaries": forms.NumberInput(attrs={"min": "0", "dir": "ltr"}),
            "cover_image": ProtectedFileInput(attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("axes", "sdgs", "target_groups"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            cast(ProtectedFileInput, self.fields["cover_image"].widget).file_url = self.instance.cover_url

    def clean_cover_image(self):
        cover = self.cleaned_data.get("cover_image")
        if cover and hasattr(cover, "content_type"):  # a new upload, not the stored file
            validate_image_upload(cover, max_bytes=COVER_MAX_BYTES)
        return cover

    def clean_attachments(self):
        uploads = self.cleaned_data.get("attachments") or []
        if len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(_("Attach at most %(count)d files at a time.") % {"count": MAX_ATTACHMENTS})
        for upload in uploads:
            try:
                validate_document_upload(upload)
            except ValidationError as error:
                raise ValidationError(f"{upload.name}: {error.messages[0]}") from error
        return uploads

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned

    def service_data(self) -> dict:
        """The cleaned values in the shape the services take."""
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        if data.get("cover_image") is False:  # "clear" was ticked
            data["cover_image"] = ""
        for name in ("axes", "sdgs", "target_groups"):
            data[name] = list(data[name] or [])
        return data


class _OrganizationChoices:
    """Sets the organisations offered before StyledFormMixin looks at the errors (it does so in __init__)."""

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class OrganizationChoiceForm(StyledFormMixin, _OrganizationChoices, forms.Form):
    """Which organisation leads a new initiative: one of those where the person edits."""

    organization = LocalizedChoiceField(Organization.objects.none(), label=_("Lead organisation"))


class PartnerForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        Organization.objects.all(), label=_("Partner organisation"), required=False
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("— role —")), *PartnerRole.choices], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The select offers only the chosen organisation; a search fills it with others (see lookup).
        self.fields["organization"].widget.choices = [("", _("— search for an organisation —")), *self._chosen()]

    def _chosen(self) -> list[tuple[int, str]]:
        value = self.data.get(self.add_prefix("organization")) if self.is_bound else None
        if value in (None, ""):
            value = self.initial.get("organization")
        if isinstance(value, Organization):
            return [(value.pk, localized(value))]
        try:
            organization = Organization.objects.filter(pk=int(value)).first() if value else None
        except (TypeError, ValueError):
            organization = None
        return [(organization.pk, localized(organization))] if organization else []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organization") and not cleaned.get("role"):
            self.add_error("role", _("Choose the partner's role."))
        return cleaned


class PlaceForm(StyledFormMixin, forms.Form):
    region = LocalizedChoiceField(Region.objects.all(), label=pgettext_lazy("field", "Region"), required=False)
    city = LocalizedChoiceField(City.objects.all(), label=_("City"), required=False)
    neighbourhood = LocalizedChoiceField(Neighbourhood.objects.all(), label=_("Neighbourhood"), required=False)

    def __init__(self, *args, lookup_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        region, city = self._value("region"), self._value("city")
        fields = self.fields
        fields["region"].widget.attrs.update(_cascade(lookup_url, "cities", self.add_prefix("city")), **{
            "data-place-region": ""
        })
        fields["city"].widget.attrs.update(_cascade(lookup_url, "neighbourhoods", self.add_prefix("neighbourhood")), **{
            "data-place-city": ""
        })
        fields["neighbourhood"].widget.attrs["data-place-neighbourhood"] = ""
        # Only the cities of the chosen region and the neighbourhoods of the chosen city are offered;
        # choosing a region or a city reloads the next list (htmx).
        self.fields["city"].widget.choices = [("", _("— any city —")), *_options(City, region_id=region)]
        self.fields["neighbourhood"].widget.choices = [
            ("", _("— any neighbourhood —")), *_options(Neighbourhood, city_id=city)
        ]

    def _value(self, name):
        value = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
        if hasattr(value, "pk"):
            return value.pk
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def clean(self):
        cleaned = super().clean()
        region, city, neighbourhood = cleaned.get("region"), cleaned.get("city"), cleaned.get("neighbourhood")
        if (city or neighbourhood) and not region:
            self.add_error("region", _("Choose the region first."))
        if city and region and city.region_id != region.pk:
            self.add_error("city", _("The city is not in the chosen region."))
        if neighbourhood and (not city or neighbourhood.city_id != city.pk):
            self.add_error("neighbourhood", _("The neighbourhood is not in the chosen city."))
        return cleaned


def _cascade(lookup_url: str, lookup: str, target_name: str) -> dict:
    """htmx attributes that reload the next select of a place when this one changes."""
    if not lookup_url:
        return {}
    return {
        "hx-get": lookup_url,
        "hx-vals": json.dumps({"lookup": lookup}),
        "hx-trigger": "change",
        "hx-target": f"#id_{target_name}",
        "hx-swap": "innerHTML",
    }


def _options(model, **filters) -> list[tuple[int, str]]:
    if not any(filters.values()):
        return []
    return [(row.pk, localized(row)) for row in model.objects.filter(**filters)]


PartnerFormSet = forms.formset_factory(PartnerForm, extra=1, can_delete=True, max_num=50, validate_max=True)
PlaceFormSet = forms.formset_factory(PlaceForm, extra=1, can_delete=True, max_num=50, validate_max=True)


def partner_specs(formset) -> list[PartnerSpec]:
    return [
        PartnerSpec(organization=form.cleaned_data["organization"], role=form.cleaned_data["role"])
        for form in formset.forms
        if form.cleaned_data.get("organization") and not form.cleaned_data.get("DELETE")
    ]


def place_specs(formset) -> list[PlaceSpec]:
    return [
        PlaceSpec(
            region=form.cleaned_data["region"],
            city=form.cleaned_data.get("city"),
            neighbourhood=form.cleaned_data.get("neighbourhood"),
        )
        for form in formset.forms
        if form.cleaned_data.get("region") and not form.cleaned_data.get("DELETE")
    ]


# ---------------------------------------------------------------- workflow


class RejectForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning it to the lead organisation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ReplicateForm(StyledFormMixin, _OrganizationChoices, forms.Form):
    organization = LocalizedChoiceField(Organization.objects.none(), label=_("Replicate it in"))
