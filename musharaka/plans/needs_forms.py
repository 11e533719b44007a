"""Forms of the needs pages (issue #14, needs): submitting and editing a need, voting, the team's moderation
(status with a reason, merging, evidence), the scoring matrix's criteria and the replication of a proven initiative.

They check the shape of what is sent (types, lengths, choices); the services decide the rest, and their errors come
back on the form under the field they name.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.core.files import ATTACHMENT_MAX_BYTES
from musharaka.core.forms import StyledFormMixin, in_arabic, in_english
from musharaka.core.i18n import localized
from musharaka.geo.models import Neighbourhood

from .models import MAX_CRITERION_SCORE, EvidenceKind, NeedCategory, NeedStatus, ParticipantGroup

EVIDENCE_ACCEPT = ("application/pdf,image/png,image/jpeg,image/webp,.docx,.xlsx,.pptx,.csv")
SCORE_CHOICES = [("", "—")] + [(str(value), str(value)) for value in range(MAX_CRITERION_SCORE + 1)]


def plan_neighbourhoods(plan):
    """The neighbourhoods a need of the plan may name: the plan's own, or else those of its city (or region)."""
    own = plan.neighbourhoods.all()
    if own.exists():
        return own.order_by("name_ar", "pk")
    queryset = Neighbourhood.objects.filter(city__region_id=plan.region_id)
    if plan.city_id:
        queryset = queryset.filter(city_id=plan.city_id)
    return queryset.order_by("name_ar", "pk")


class NeedFields(forms.Form):
    title = forms.CharField(label=_("The need in a few words"), min_length=5, max_length=200,
                            widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}))
    description = forms.CharField(label=_("description"), min_length=10, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}))
    category = forms.ModelChoiceField(label=_("category"), queryset=NeedCategory.objects.order_by("position", "pk"))
    neighbourhood = forms.ModelChoiceField(label=_("neighbourhood"), queryset=Neighbourhood.objects.none(),
                                           required=False)
    people_affected = forms.IntegerField(label=_("people affected"), min_value=0, max_value=100_000_000,
                                         required=False, widget=forms.NumberInput(attrs={"dir": "ltr"}))
    group = forms.ChoiceField(label=_("You take part as"), choices=ParticipantGroup.choices,
                              initial=ParticipantGroup.OTHER)

    FIELDS: tuple[str, ...] = ("title", "description", "category", "neighbourhood", "people_affected", "group")

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].label_from_instance = localized  # type: ignore[attr-defined]
        self.fields["neighbourhood"].queryset = plan_neighbourhoods(plan)  # type: ignore[attr-defined]
        self.fields["neighbourhood"].label_from_instance = localized  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, need) -> dict:
        return {name: getattr(need, name) for name in cls.FIELDS}


class NeedForm(StyledFormMixin, NeedFields):
    """The styling after the fields' choices are set (StyledFormMixin reads the errors when bound)."""


class VoteForm(forms.Form):
    group = forms.ChoiceField(label=_("You vote as"), choices=ParticipantGroup.choices,
                              initial=ParticipantGroup.OTHER)


class StatusForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=[(NeedStatus.OPEN, _("Retain")),
                                                           (NeedStatus.REJECTED, _("Set aside"))])
    reason = forms.CharField(label=_("reason"), max_length=500, required=False,
                             widget=forms.TextInput(attrs={"dir": "auto"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == NeedStatus.REJECTED and len((cleaned.get("reason") or "").strip()) < 3:
            self.add_error("reason", _("Say why the need is set aside."))
        return cleaned


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(min_value=1)
    into = forms.IntegerField(min_value=1)


class EvidenceForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=EvidenceKind.choices)
    title = forms.CharField(label=_("title"), min_length=3, max_length=250,
                            widget=forms.TextInput(attrs={"dir": "auto"}))
    detail = forms.CharField(label=_("details"), max_length=4000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
    figure = forms.DecimalField(label=_("figure"), max_digits=18, decimal_places=4, required=False,
                                widget=forms.NumberInput(attrs={"dir": "ltr", "step": "any"}))
    source_url = forms.URLField(label=_("source link"), max_length=500, required=False, assume_scheme="https",
                                widget=forms.URLInput(attrs={"dir": "ltr"}))
    file = forms.FileField(label=_("file"), required=False,
                           help_text=_("PDF, Word, Excel, PowerPoint or an image, at most %(size)s MB.")
                           % {"size": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
                           widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}))

    def service_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "file" and value is not None}


class CriterionForm(StyledFormMixin, forms.Form):
    name_ar = forms.CharField(label=_("name (Arabic)"), min_length=2, max_length=120, widget=in_arabic(forms.TextInput()))
    name_en = forms.CharField(label=_("name (English)"), max_length=120, required=False,
                              widget=in_english(forms.TextInput()))
    guidance_ar = forms.CharField(label=_("how to score (Arabic)"), max_length=500, required=False,
                                  widget=in_arabic(forms.TextInput()))
    guidance_en = forms.CharField(label=_("how to score (English)"), max_length=500, required=False,
                                  widget=in_english(forms.TextInput()))
    weight = forms.IntegerField(label=_("weight"), min_value=1, max_value=100,
                                widget=forms.NumberInput(attrs={"dir": "ltr"}))
    position = forms.IntegerField(label=_("order"), min_value=0, max_value=1000, required=False, initial=0,
                                  widget=forms.NumberInput(attrs={"dir": "ltr"}))

    FIELDS = ("name_ar", "name_en", "guidance_ar", "guidance_en", "weight", "position")

    @classmethod
    def initial_for(cls, criterion) -> dict:
        return {name: getattr(criterion, name) for name in cls.FIELDS}

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["position"] = data.get("position") or 0
        return data


class ReplicateFields(forms.Form):
    initiative = forms.IntegerField(min_value=1, widget=forms.HiddenInput())
    goal = forms.ChoiceField(label=_("Under the goal"))

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [(str(goal.pk), localized(goal, "title")) for goal in goals]


class ReplicateForm(StyledFormMixin, ReplicateFields):
    pass


# ---- parity14: the team records a need on the moderation page (services.need_add; the API's POST …/needs)
class TeamNeedForm(NeedForm):
    source = forms.ChoiceField(label=_("source"), choices=[("coordinator", _("The plan's team")),
                                                           ("study", _("A study"))], initial="coordinator")
    # Django drops a base field set to None (hence the ignore); the team's need is no participant's: its group stays the default
    group = None  # type: ignore[assignment]
    FIELDS = (*(name for name in NeedForm.FIELDS if name != "group"), "source")
