"""Forms of the reports pages: the public report form (with each category's questions), the public list's and the
queue's filters, a status change, a bulk change, a route, a re-routing.

They check the shape of what is sent; the services decide the rest (place, attributes, photo, transitions), their
errors coming back on the form under the field they name.
"""

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from musharaka.core.forms import StyledFormMixin, drop_bidi_controls
from musharaka.core.i18n import localized
from musharaka.geo.models import City, Neighbourhood, Region
from musharaka.orgs.forms import LocalizedChoiceField
from musharaka.orgs.models import Organization

from .models import (
    ADDRESS_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    AttributeType,
    Report,
    ReportStatus,
    ServiceCategory,
)
from .selectors import reroute_organizations, route_organizations

STATUS_FILTERS = [("", _("— any status —")), ("open", _("Open")), ("closed", _("Closed")), *ReportStatus.choices]


def attribute_field_name(category_code: str, attribute_code: str) -> str:
    return f"attr-{category_code}-{attribute_code}"


def _options(model, **filters) -> list[tuple[int, str]]:
    if not any(filters.values()):
        return []
    return [(row.pk, localized(row)) for row in model.objects.filter(**filters)]


def cascade(lookup_url: str, lookup: str, target: str) -> dict[str, str]:
    """htmx attributes that reload the next select of a place when this one changes."""
    return {"hx-get": lookup_url, "hx-vals": json.dumps({"lookup": lookup}), "hx-trigger": "change",
            "hx-target": f"#id_{target}", "hx-swap": "innerHTML"}


class PlaceFieldsMixin:
    """Region → city → neighbourhood selects, each list holding only the chosen parent's places."""

    fields: dict[str, Any]
    is_bound: bool
    data: Any
    initial: Any

    def set_up_place(self, lookup_url: str, *, any_labels: bool = False) -> None:
        region, city = self._place_value("region"), self._place_value("city")
        self.fields["region"].widget.attrs.update(cascade(lookup_url, "cities", "city"))
        self.fields["city"].widget.attrs.update(cascade(lookup_url, "neighbourhoods", "neighbourhood"))
        self.fields["city"].widget.choices = [
            ("", _("— any city —") if any_labels else _("— city —")), *_options(City, region_id=region)]
        self.fields["neighbourhood"].widget.choices = [
            ("", _("— any neighbourhood —") if any_labels else _("— neighbourhood —")),
            *_options(Neighbourhood, city_id=city)]

    def _place_value(self, name: str) -> int | None:
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        value = getattr(value, "pk", value)
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None


class _ReportFields(PlaceFieldsMixin, forms.Form):
    """The fields; ReportForm styles them (StyledFormMixin reads the errors in __init__, so the choices and the
    questions must be set up before it: here)."""

    category = forms.ModelChoiceField(ServiceCategory.objects.none(), label=_("category"), empty_label=None)
    description = forms.CharField(label=_("What is the problem?"), max_length=DESCRIPTION_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    region = LocalizedChoiceField(Region.objects.all(), label=pgettext_lazy("field", "Region"), required=False)
    city = LocalizedChoiceField(City.objects.all(), label=_("City"), required=False)
    neighbourhood = LocalizedChoiceField(Neighbourhood.objects.all(), label=_("Neighbourhood"), required=False)
    latitude = forms.CharField(label=_("latitude"), required=False, max_length=20,
                               widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}))
    longitude = forms.CharField(label=_("longitude"), required=False, max_length=20,
                                widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}))
    address = forms.CharField(label=_("Address or landmark"), required=False, max_length=ADDRESS_MAX_LENGTH)
    photo = forms.FileField(label=_("Photo (optional)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
                            help_text=_("Its location and camera details are removed before it is stored."))
    anonymous = forms.BooleanField(label=_("Send it anonymously (without my name or contact)"), required=False)
    contact_name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    contact_email = forms.CharField(label=_("Your e-mail"), required=False, max_length=254,
                                    widget=forms.EmailInput(attrs={"dir": "ltr"}))
    contact_phone = forms.CharField(label=_("Your phone"), required=False, max_length=32,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr"}))

    def __init__(self, *args, categories, lookup_url: str, **kwargs):
        self.categories = list(categories)
        super().__init__(*args, **kwargs)
        category_field: Any = self.fields["category"]
        category_field.queryset = ServiceCategory.objects.filter(pk__in=[c.pk for c in self.categories])
        category_field.label_from_instance = localized
        self.fields["category"].widget.attrs["data-report-category"] = ""
        self.attribute_groups: list[tuple[ServiceCategory, list[str]]] = []
        for category in self.categories:
            names = []
            for attribute in category.attributes.all():
                name = attribute_field_name(category.code, attribute.code)
                self.fields[name] = self._attribute_field(attribute)
                names.append(name)
            self.attribute_groups.append((category, names))
        self.set_up_place(lookup_url)

    @staticmethod
    def _attribute_field(attribute) -> forms.Field:
        label = localized(attribute, "description")
        if attribute.required:
            label = f"{label} *"
        choices = [(str(item.get("key")), localized(item)) for item in attribute.values if isinstance(item, dict)]
        if attribute.datatype == AttributeType.SINGLE:
            return forms.ChoiceField(label=label, required=False, choices=[("", "—"), *choices])
        if attribute.datatype == AttributeType.MULTI:
            return forms.MultipleChoiceField(label=label, required=False, choices=choices,
                                             widget=forms.CheckboxSelectMultiple)
        if attribute.datatype == AttributeType.TEXT:
            return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}))
        if attribute.datatype == AttributeType.NUMBER:
            return forms.CharField(label=label, required=False, max_length=30,
                                   widget=forms.TextInput(attrs={"inputmode": "decimal"}))
        if attribute.datatype == AttributeType.DATETIME:
            return forms.CharField(label=label, required=False, max_length=30,
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
        return forms.CharField(label=label, required=False, max_length=300)

    def clean(self):
        cleaned = super().clean()
        drop_bidi_controls(self)
        return cleaned

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "description": data.get("description", ""), "latitude": data.get("latitude") or None,
            "longitude": data.get("longitude") or None, "address": data.get("address", ""),
            "region_id": getattr(data.get("region"), "pk", None), "city_id": getattr(data.get("city"), "pk", None),
            "neighbourhood_id": getattr(data.get("neighbourhood"), "pk", None),
            "contact_name": data.get("contact_name", ""), "contact_email": data.get("contact_email", ""),
            "contact_phone": data.get("contact_phone", ""), "anonymous": bool(data.get("anonymous")),
        }

    def attribute_answers(self) -> dict[str, Any]:
        category = self.cleaned_data["category"]
        answers = {}
        for attribute in category.attributes.all():
            value = self.cleaned_data.get(attribute_field_name(category.code, attribute.code))
            if value not in (None, "", []):
                answers[attribute.code] = value
        return answers

    def field_for(self, service_field: str | None) -> str | None:
        """The form's field for a field a service named (`region_id` → region, `attributes.x` → its question)."""
        if not service_field:
            return None
        if service_field.startswith("attributes."):
            category = self.cleaned_data.get("category")
            name = attribute_field_name(category.code, service_field.split(".", 1)[1]) if category else ""
            return name if name in self.fields else None
        name = service_field.removesuffix("_id")
        return name if name in self.fields else None


class ReportForm(StyledFormMixin, _ReportFields):
    pass


class ListFilterForm(StyledFormMixin, PlaceFieldsMixin, forms.Form):
    region = LocalizedChoiceField(Region.objects.all(), label=pgettext_lazy("field", "Region"), required=False,
                                  empty_label=_("— any region —"))
    city = LocalizedChoiceField(City.objects.all(), label=_("City"), required=False)
    neighbourhood = LocalizedChoiceField(Neighbourhood.objects.all(), label=_("Neighbourhood"), required=False)
    category = LocalizedChoiceField(ServiceCategory.objects.filter(active=True), label=_("category"),
                                    required=False, empty_label=_("— any category —"))
    status = forms.ChoiceField(label=_("status"), required=False, choices=STATUS_FILTERS)

    def __init__(self, *args, lookup_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_up_place(lookup_url, any_labels=True)

    def values(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"region_id": getattr(data.get("region"), "pk", None), "city_id": getattr(data.get("city"), "pk", None),
                "neighbourhood_id": getattr(data.get("neighbourhood"), "pk", None),
                "category_id": getattr(data.get("category"), "pk", None), "status": data.get("status") or None}


class _QueueFilterFields(forms.Form):
    status = forms.ChoiceField(label=_("status"), required=False, choices=[
        ("open", _("Open")), ("closed", _("Closed")), *ReportStatus.choices])
    category = LocalizedChoiceField(ServiceCategory.objects.all(), label=_("category"), required=False,
                                    empty_label=_("— any category —"))
    neighbourhood = LocalizedChoiceField(Neighbourhood.objects.none(), label=_("Neighbourhood"), required=False,
                                         empty_label=_("— any neighbourhood —"))
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        # The neighbourhoods of the organisation's city, or of its region's cities.
        neighbourhoods = Neighbourhood.objects.select_related("city")
        if organization.city_id:
            neighbourhoods = neighbourhoods.filter(city_id=organization.city_id)
        else:
            neighbourhoods = neighbourhoods.filter(city__region_id=organization.region_id)
        self.fields["neighbourhood"].queryset = neighbourhoods

    def values(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"status": data.get("status") or None, "category_id": getattr(data.get("category"), "pk", None),
                "neighbourhood_id": getattr(data.get("neighbourhood"), "pk", None),
                "date_from": data.get("date_from"), "date_to": data.get("date_to")}


class QueueFilterForm(StyledFormMixin, _QueueFilterFields):
    pass


class _StatusFields(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ReportStatus.choices)
    note = forms.CharField(label=_("Public note"), required=False, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Shown on the report's public page; required to reject or mark a duplicate."))
    duplicate_of = forms.IntegerField(label=_("Number of the original report (for a duplicate)"), required=False,
                                      min_value=1, max_value=2**62)

    def __init__(self, *args, allowed: tuple[str, ...] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed is not None:
            status: Any = self.fields["status"]
            status.choices = [(value, label) for value, label in ReportStatus.choices
                                             if value in allowed]


class StatusForm(StyledFormMixin, _StatusFields):
    pass


class _BulkStatusFields(forms.Form):
    reports = forms.TypedMultipleChoiceField(label=_("Reports"), coerce=int, choices=())
    status = forms.ChoiceField(label=_("New status"), choices=[
        (value, label) for value, label in ReportStatus.choices
        if value not in (ReportStatus.SUBMITTED, ReportStatus.DUPLICATE)])
    note = forms.CharField(label=_("Public note"), required=False, max_length=NOTE_MAX_LENGTH)

    def __init__(self, *args, report_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        reports: Any = self.fields["reports"]
        reports.choices = [(pk, str(pk)) for pk in report_ids]
        self.fields["reports"].error_messages["invalid_choice"] = _("A chosen report is not in this queue.")


class BulkStatusForm(StyledFormMixin, _BulkStatusFields):
    pass


class _RouteFields(forms.Form):
    category = LocalizedChoiceField(ServiceCategory.objects.all(), label=_("category"))
    region = LocalizedChoiceField(Region.objects.all(), label=pgettext_lazy("field", "Region"), required=False,
                                  empty_label=_("— everywhere (the national default) —"))
    city = LocalizedChoiceField(City.objects.select_related("region"), label=_("City"), required=False,
                                empty_label=_("— the whole region —"))
    organization = LocalizedChoiceField(Organization.objects.none(), label=_("Responsible organisation"))

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = route_organizations()
        if regions is not None:  # a coordinator: their regions only, no national default
            self.fields["region"].queryset = regions
            self.fields["region"].required = True
            self.fields["region"].empty_label = None
            self.fields["city"].queryset = City.objects.filter(region__in=regions)


class RouteForm(StyledFormMixin, _RouteFields):
    pass


class _RerouteFields(forms.Form):
    organization = LocalizedChoiceField(Organization.objects.none(), label=_("Send it to"),
                                        empty_label=_("— choose the responsible organisation —"))

    def __init__(self, *args, report: Report | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        # The organisations a route may name (as on the routes page), of the report's region or named by a route.
        field.queryset = reroute_organizations(report) if report is not None else route_organizations()
        field.error_messages["invalid_choice"] = _(
            "Choose one of the listed organisations: an authority or a government body of the report's region (or "
            "one a route names), other than the one that has the report now.")
        field.error_messages["required"] = _("Choose the organisation to send the report to.")


class RerouteForm(StyledFormMixin, _RerouteFields):
    pass
