"""Forms of the processes and ideas pages. They check the shape of what is sent; the services decide the rest (the
area, the phase, the image), their errors coming back on the form under the field they name."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from musharaka.core.forms import StyledFormMixin, in_arabic, in_english
from musharaka.core.i18n import localized
from musharaka.geo.models import City, Neighbourhood, Region
from musharaka.orgs.forms import LocalizedChoiceField
from musharaka.orgs.models import Organization
from musharaka.plans.models import ParticipantGroup
from musharaka.taxonomy.models import Axis

from .ideas import ANSWER_STATES
from .ideas_selectors import IDEA_SORTS
from .models import (
    ANSWER_TEXT_MAX_LENGTH,
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    IdeaState,
    PhaseKind,
    Process,
    ProcessStatus,
)


class LocalizedMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return localized(obj)


class _ProcessSetUp:
    """Runs inside StyledFormMixin's __init__, before it reads the errors (which cleans a bound form): the choices
    that depend on the person and the process must be in place by then."""

    fields: dict

    def __init__(self, *args, organizations, process: Process | None = None, **kwargs):
        if process is not None:  # a disabled field (the organisation) takes its initial value even when bound
            kwargs["initial"] = {
                "organization": process.organization_id, "axis": process.axis_id, "region": process.region_id,
                "city": process.city_id, "neighbourhoods": [n.pk for n in process.neighbourhoods.all()],
                **{name: getattr(process, name) for name in (
                    "title_ar", "title_en", "summary_ar", "summary_en", "description_ar", "description_en",
                    "premoderation")}}
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = localized
        if process is not None:
            self.fields["organization"].disabled = True
        data = getattr(self, "data", {})
        city = data.get("city") if getattr(self, "is_bound", False) else (process.city_id if process else None)
        text = str(city or "")
        city_id = int(text) if text.isdigit() and len(text) < 10 else None
        self.fields["neighbourhoods"].queryset = (Neighbourhood.objects.filter(city_id=city_id) if city_id
                                                  else Neighbourhood.objects.none())


class ProcessForm(StyledFormMixin, _ProcessSetUp, forms.Form):
    organization = forms.ModelChoiceField(Organization.objects.none(), label=_("organisation"))
    title_ar = forms.CharField(label=_("title (Arabic)"), max_length=TITLE_MAX_LENGTH, widget=in_arabic(forms.TextInput()))
    title_en = forms.CharField(label=_("title (English)"), max_length=TITLE_MAX_LENGTH, required=False,
                               widget=in_english(forms.TextInput()))
    summary_ar = forms.CharField(label=_("summary (Arabic)"), max_length=500, required=False,
                                 widget=in_arabic(forms.TextInput()))
    summary_en = forms.CharField(label=_("summary (English)"), max_length=500, required=False,
                                 widget=in_english(forms.TextInput()))
    description_ar = forms.CharField(label=_("description (Arabic)"), max_length=BODY_MAX_LENGTH, required=False,
                                     widget=in_arabic(forms.Textarea(attrs={"rows": 5})))
    description_en = forms.CharField(label=_("description (English)"), max_length=BODY_MAX_LENGTH, required=False,
                                     widget=in_english(forms.Textarea(attrs={"rows": 5})))
    axis = LocalizedChoiceField(Axis.objects.all(), label=_("development axis"), required=False)
    region = LocalizedChoiceField(Region.objects.all(), label=_("region"))
    city = LocalizedChoiceField(City.objects.select_related("region"), label=_("city"), required=False)
    neighbourhoods = LocalizedMultipleChoiceField(
        Neighbourhood.objects.none(), label=_("neighbourhoods"), required=False,
        help_text=_("The neighbourhoods of the city chosen (save the city first to choose among them)."))
    premoderation = forms.BooleanField(
        label=_("pre-moderation"), required=False,
        help_text=_("New ideas and comments appear only after a moderator approves them."))

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {**{name: data.get(name) or "" for name in ("title_ar", "title_en", "summary_ar", "summary_en",
                                                          "description_ar", "description_en")},
                "axis_id": getattr(data.get("axis"), "pk", None), "region_id": data["region"].pk,
                "city_id": getattr(data.get("city"), "pk", None), "premoderation": bool(data.get("premoderation"))}


class ProcessFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    region = LocalizedChoiceField(Region.objects.all(), label=_("region"), required=False,
                                  empty_label=_("— any region —"))
    city = LocalizedChoiceField(City.objects.all(), label=_("city"), required=False, empty_label=_("— any city —"))
    axis = LocalizedChoiceField(Axis.objects.all(), label=_("development axis"), required=False,
                                empty_label=_("— any axis —"))
    phase = forms.ChoiceField(label=_("phase in force"), required=False,
                              choices=[("", _("— any phase —")), *PhaseKind.choices])

    def values(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"q": data.get("q") or None, "region": getattr(data.get("region"), "pk", None),
                "city": getattr(data.get("city"), "pk", None), "axis": getattr(data.get("axis"), "pk", None),
                "phase": data.get("phase") or None}


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PhaseForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("phase"), choices=PhaseKind.choices)
    starts_at = forms.DateTimeField(label=_("starts"), widget=DateTimeInput(),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
    ends_at = forms.DateTimeField(label=_("ends"), widget=DateTimeInput(),
                                  input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
    description_ar = forms.CharField(label=_("description (Arabic)"), max_length=2_000, required=False,
                                     widget=in_arabic(forms.Textarea(attrs={"rows": 2})))
    description_en = forms.CharField(label=_("description (English)"), max_length=2_000, required=False,
                                     widget=in_english(forms.Textarea(attrs={"rows": 2})))


class StatusForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ProcessStatus.choices)


def _area_neighbourhoods(process: Process):
    chosen = list(process.neighbourhoods.all())
    if chosen:
        return Neighbourhood.objects.filter(pk__in=[n.pk for n in chosen])
    if process.city_id:
        return Neighbourhood.objects.filter(city_id=process.city_id)
    return Neighbourhood.objects.filter(city__region_id=process.region_id)


def _neighbourhood_choices(process: Process) -> list[tuple[int, str]]:
    return [(n.pk, localized(n)) for n in _area_neighbourhoods(process)]


class _AreaChoices:
    """The neighbourhoods of the process's area as choices, set before StyledFormMixin validates a bound form."""

    fields: dict
    any_label: Any = "---------"

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.fields["neighbourhood"].choices = [("", self.any_label), *_neighbourhood_choices(process)]


class IdeaForm(StyledFormMixin, _AreaChoices, forms.Form):
    title = forms.CharField(label=_("title"), max_length=TITLE_MAX_LENGTH,
                            widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}))
    description = forms.CharField(label=_("description"), max_length=BODY_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}))
    axis = LocalizedChoiceField(Axis.objects.all(), label=_("development axis"), required=False)
    neighbourhood = forms.TypedChoiceField(label=_("neighbourhood"), required=False, coerce=int, empty_value=None)
    latitude = forms.DecimalField(label=_("latitude"), required=False, max_digits=9, decimal_places=6,
                                  min_value=-90, max_value=90, widget=forms.NumberInput(attrs={"step": "any"}))
    longitude = forms.DecimalField(label=_("longitude"), required=False, max_digits=9, decimal_places=6,
                                   min_value=-180, max_value=180, widget=forms.NumberInput(attrs={"step": "any"}))
    image = forms.FileField(label=_("image"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    group = forms.ChoiceField(label=_("participant group"), choices=ParticipantGroup.choices,
                              initial=ParticipantGroup.OTHER)

    def service_data(self, *, editing: bool = False) -> dict:
        data = self.cleaned_data
        values = {"title": data["title"], "description": data["description"],
                  "axis_id": getattr(data.get("axis"), "pk", None),
                  "neighbourhood_id": data.get("neighbourhood"),
                  "latitude": data.get("latitude"), "longitude": data.get("longitude"), "group": data["group"]}
        if data.get("image"):
            values["image"] = data["image"]
        return values


class IdeaFilterForm(StyledFormMixin, _AreaChoices, forms.Form):
    any_label = _("— any neighbourhood —")
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    neighbourhood = forms.TypedChoiceField(label=_("neighbourhood"), required=False, coerce=int, empty_value=None)
    axis = LocalizedChoiceField(Axis.objects.all(), label=_("development axis"), required=False,
                                empty_label=_("— any axis —"))
    state = forms.ChoiceField(label=_("official answer"), required=False,
                              choices=[("", _("— any answer —")), *IdeaState.choices])
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("recent", _("Most recent")), ("supported", _("Most supported"))])

    def values(self) -> dict:
        if not self.is_valid():
            return {"sort": "recent"}
        data = self.cleaned_data
        return {"q": data.get("q") or None, "neighbourhood": data.get("neighbourhood"),
                "axis": getattr(data.get("axis"), "pk", None), "state": data.get("state") or None,
                "sort": data.get("sort") if data.get("sort") in IDEA_SORTS else "recent"}


class AnswerForm(StyledFormMixin, forms.Form):
    state = forms.ChoiceField(label=_("official answer"),
                              choices=[(state.value, state.label) for state in ANSWER_STATES])
    text = forms.CharField(label=pgettext_lazy("official answer", "reason or explanation"), required=False,
                           max_length=ANSWER_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
                           help_text=_("Required when the idea is rejected."))


class CommentForm(StyledFormMixin, forms.Form):
    body = forms.CharField(label=_("comment"), max_length=COMMENT_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput(), min_value=1, max_value=2**31 - 1)
    group = forms.ChoiceField(label=_("participant group"), choices=ParticipantGroup.choices,
                              initial=ParticipantGroup.OTHER, required=False)
