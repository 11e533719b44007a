"""Forms of the volunteering pages. They only shape what people type; the services check the rules (places,
dates, seats, hours), and their refusals come back on the form under the field they name."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.core.forms import StyledFormMixin, in_arabic, in_english
from musharaka.core.i18n import localized
from musharaka.events.models import Event
from musharaka.geo.models import City, Neighbourhood, Region
from musharaka.initiatives.models import Currency, Initiative
from musharaka.taxonomy.models import Axis

from .models import ANSWER_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, MAX_SHIFT_CAPACITY, REASON_MAX_LENGTH, Shift, Skill

MAX_ID = 2**31 - 1
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _date_field(label, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required,
                           widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"))


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "dir": "ltr"}, format="%Y-%m-%dT%H:%M"))


class FilterForm(StyledFormMixin, forms.Form):
    """The public list's query string; a bad parameter is dropped on its own."""

    q = forms.CharField(label=_("Search opportunities"), required=False, max_length=200)
    region = forms.ModelChoiceField(label=_("region"), required=False, queryset=Region.objects.all(),
                                    empty_label=_("All regions"))
    axis = forms.ModelChoiceField(label=_("axis"), required=False, queryset=Axis.objects.all(),
                                  empty_label=_("All axes"))
    skill = forms.ModelChoiceField(label=_("skill"), required=False, queryset=Skill.objects.all(),
                                   empty_label=_("All skills"))
    open_seats = forms.BooleanField(label=_("Only with free seats"), required=False)
    city = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    neighbourhood = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    organization = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    initiative = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    event = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("region", "axis", "skill"):
            cast(forms.ModelChoiceField, self.fields[name]).label_from_instance = localized  # type: ignore[method-assign, assignment]

    def values(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        values = {name: value for name, value in self.cleaned_data.items() if value not in (None, "", False)}
        for name in ("region", "axis", "skill"):
            if name in values:
                values[name] = values[name].pk
        return values


class OpportunityFields(forms.Form):
    title_ar = forms.CharField(label=_("title (Arabic)"), max_length=250, widget=in_arabic(forms.TextInput()))
    title_en = forms.CharField(label=_("title (English)"), max_length=250, required=False,
                               widget=in_english(forms.TextInput()))
    description_ar = forms.CharField(label=_("description (Arabic)"), max_length=DESCRIPTION_MAX_LENGTH,
                                     widget=in_arabic(forms.Textarea(attrs={"rows": 5})))
    description_en = forms.CharField(label=_("description (English)"), max_length=DESCRIPTION_MAX_LENGTH,
                                     required=False, widget=in_english(forms.Textarea(attrs={"rows": 5})))
    region = forms.ModelChoiceField(label=_("region"), queryset=Region.objects.all())
    city = forms.ModelChoiceField(label=_("city"), queryset=City.objects.none(), required=False)
    neighbourhood = forms.ModelChoiceField(label=_("neighbourhood"), queryset=Neighbourhood.objects.none(),
                                           required=False)
    axis = forms.ModelChoiceField(label=_("axis"), queryset=Axis.objects.all(), required=False)
    skills = forms.ModelMultipleChoiceField(label=_("skills"), queryset=Skill.objects.all(), required=False,
                                            widget=forms.CheckboxSelectMultiple)
    starts_on = _date_field(_("starts on"))
    ends_on = _date_field(_("ends on"))
    minimum_age = forms.IntegerField(label=_("minimum age"), min_value=0, max_value=99, initial=0)
    auto_accept = forms.BooleanField(label=_("accept applicants while seats are free"), required=False)
    # Only the organisation's own initiatives and events (set in __init__).
    initiative = forms.ModelChoiceField(label=_("initiative"), queryset=Initiative.objects.none(), required=False)
    event = forms.ModelChoiceField(label=_("event"), queryset=Event.objects.none(), required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        city = cast(forms.ModelChoiceField, fields["city"])
        city.queryset = City.objects.select_related("region").order_by("region_id", "name_ar")
        city.label_from_instance = lambda item: f"{localized(item)} — {localized(item.region)}"  # type: ignore[method-assign, assignment]
        neighbourhood = cast(forms.ModelChoiceField, fields["neighbourhood"])
        neighbourhood.queryset = Neighbourhood.objects.select_related("city").order_by("city_id", "name_ar")
        neighbourhood.label_from_instance = lambda item: f"{localized(item)} — {localized(item.city)}"  # type: ignore[method-assign, assignment]
        initiative = cast(forms.ModelChoiceField, fields["initiative"])
        initiative.queryset = Initiative.objects.filter(lead_organization=organization).order_by("-pk")
        initiative.label_from_instance = lambda item: localized(item, "title")  # type: ignore[method-assign, assignment]
        event = cast(forms.ModelChoiceField, fields["event"])
        event.queryset = Event.objects.filter(organization=organization).order_by("-starts_at")
        event.label_from_instance = lambda item: localized(item, "title")  # type: ignore[method-assign, assignment]
        for name in ("region", "axis", "skills"):
            cast(forms.ModelChoiceField, fields[name]).label_from_instance = localized  # type: ignore[method-assign, assignment]


class OpportunityForm(StyledFormMixin, OpportunityFields):
    """The styling mixin first: it reads the errors, so the querysets must be set before (in the fields' class)."""

    @classmethod
    def initial_for(cls, opportunity) -> dict:
        return {
            "title_ar": opportunity.title_ar, "title_en": opportunity.title_en,
            "description_ar": opportunity.description_ar, "description_en": opportunity.description_en,
            "region": opportunity.region_id, "city": opportunity.city_id, "neighbourhood": opportunity.neighbourhood_id,
            "axis": opportunity.axis_id, "skills": list(opportunity.skills.values_list("pk", flat=True)),
            "starts_on": opportunity.starts_on, "ends_on": opportunity.ends_on,
            "minimum_age": opportunity.minimum_age, "auto_accept": opportunity.auto_accept,
            "initiative": opportunity.initiative_id, "event": opportunity.event_id,
        }

    def service_data(self) -> tuple[dict, list[int]]:
        data = self.cleaned_data
        values = {name: data[name] for name in ("title_ar", "title_en", "description_ar", "description_en",
                                                 "starts_on", "ends_on", "minimum_age", "auto_accept")}
        for name in ("region", "city", "neighbourhood", "axis", "initiative", "event"):
            values[f"{name}_id"] = data[name].pk if data[name] else None
        return values, [skill.pk for skill in data["skills"]]


class ShiftForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=200, required=False)
    starts_at = _datetime_field(_("starts at"))
    ends_at = _datetime_field(_("ends at"))
    capacity = forms.IntegerField(label=_("capacity"), min_value=1, max_value=MAX_SHIFT_CAPACITY)


class QuestionForm(StyledFormMixin, forms.Form):
    text_ar = forms.CharField(label=_("question (Arabic)"), max_length=300, widget=in_arabic(forms.TextInput()))
    text_en = forms.CharField(label=_("question (English)"), max_length=300, required=False,
                              widget=in_english(forms.TextInput()))
    required = forms.BooleanField(label=_("required"), required=False)


class ApplyFields(forms.Form):
    """An application to one shift: the opportunity's questions, and the date of birth when it has a minimum age."""

    message = forms.CharField(label=_("A word to the organisation"), max_length=ANSWER_MAX_LENGTH, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, questions=(), minimum_age: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=localized(question, "text"), max_length=ANSWER_MAX_LENGTH, required=question.required,
                widget=forms.Textarea(attrs={"rows": 2}))
        if minimum_age:
            self.fields["birth_date"] = _date_field(_("date of birth"))
            self.fields["birth_date"].help_text = _("Asked because the minimum age is %(age)s years; never shown "
                                                    "publicly.") % {"age": minimum_age}

    def answers(self) -> dict[int, str]:
        return {question.pk: self.cleaned_data.get(f"answer_{question.pk}", "") for question in self.questions}


class ApplyForm(StyledFormMixin, ApplyFields):
    pass


class HoursFields(forms.Form):
    date = _date_field(_("date"))
    # Text, not a number field: the service reads it and explains what it refuses (0, 25, 1e400…).
    hours = forms.CharField(label=_("hours"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}))
    # The opportunity's shifts (set in __init__).
    shift = forms.ModelChoiceField(label=_("shift"), queryset=Shift.objects.none(), required=False)
    activity = forms.CharField(label=_("activity"), max_length=300, required=False)

    def __init__(self, *args, shifts=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["shift"])
        field.queryset = shifts
        field.label_from_instance = shift_label  # type: ignore[method-assign, assignment]


class HoursForm(StyledFormMixin, HoursFields):
    pass


def shift_label(shift) -> str:
    from django.utils import formats, timezone

    when = formats.date_format(timezone.localtime(shift.starts_at), "SHORT_DATETIME_FORMAT")
    return f"{shift.title} — {when}" if shift.title else when


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("waitlist", _("Waitlist")),
                                          ("decline", _("Decline"))])
    reason = forms.CharField(label=_("reason"), max_length=REASON_MAX_LENGTH, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=REASON_MAX_LENGTH)


class RevokeForm(forms.Form):
    """Revoking a certificate: its reason is required (the service also wants at least two letters)."""

    reason = forms.CharField(label=_("reason"), max_length=REASON_MAX_LENGTH, error_messages={
        "required": _("Give the reason for revoking this certificate.")})


# ---- volapi16: a value of an hour


class HourValueForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("region"), queryset=Region.objects.order_by("code"), required=False,
                                    empty_label=_("The whole country (national)"))
    amount = forms.DecimalField(label=_("value of an hour"), max_digits=10, decimal_places=2, min_value=0.01)
    currency = forms.ChoiceField(label=_("currency"), choices=Currency.choices, initial=Currency.SAR)
    basis_ar = forms.CharField(label=_("basis (Arabic)"), max_length=300,
                               help_text=_("E.g. the average hourly wage in the region, and its source."))
    basis_en = forms.CharField(label=_("basis (English)"), max_length=300, required=False)
    effective_from = forms.DateField(label=_("effective from"), widget=forms.DateInput(attrs={"type": "date"}))
