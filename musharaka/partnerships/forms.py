"""Forms of the partnership pages: the register's filters, an agreement with its parties, commitments and their
follow-up, documents, comments, and the decisions that end or renew an agreement.

They validate the shape of what is sent (types, lengths, choices) and give translated errors; the services decide
the rest (a draft is not published, the recording party is a party, …) and their errors come back on the form.
"""

from typing import cast

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from musharaka.core.files import ATTACHMENT_MAX_BYTES
from musharaka.core.forms import StyledFormMixin, in_arabic, in_english
from musharaka.core.i18n import localized
from musharaka.events.models import Event, Session
from musharaka.geo.models import Region
from musharaka.initiatives.models import Initiative
from musharaka.orgs.models import Organization, Sector
from musharaka.taxonomy.models import Axis

from .models import AgreementKind, AgreementStatus, CommitmentStatus, PartyRole, Renewal, Stage
from .selectors import AgreementFilters
from .services import MAX_NOTICE_DAYS, PartySpec

MAX_ID = 2**31 - 1
MAX_EXPIRING_DAYS = 3650
DOCUMENT_ACCEPT = ("application/pdf,image/png,image/jpeg,image/webp,.docx,.xlsx,.pptx,"
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def _date_field(label, *, required=False, **extra):
    return forms.DateField(label=label, required=required,
                           widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"), **extra)


class AgreementFilterForm(StyledFormMixin, forms.Form):
    """The register's query string; a bad parameter is dropped on its own (never an error page)."""

    q = forms.CharField(label=_("Search agreements"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *AgreementKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *AgreementStatus.choices])
    sector = forms.ChoiceField(label=_("Sector of a party"), required=False,
                               choices=[("", _("All sectors")), *Sector.choices])
    region = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    axis = forms.SlugField(required=False, max_length=40)
    expiring = forms.IntegerField(label=_("Ending within (days)"), required=False, min_value=0,
                                  max_value=MAX_EXPIRING_DAYS)
    organization = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    event = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def filters(self) -> AgreementFilters:
        if not self.is_bound:
            return AgreementFilters()
        self.is_valid()
        values = {name: value for name, value in self.cleaned_data.items()
                  if name not in self.errors and value not in (None, "")}
        if "expiring" in values:
            values["expiring_within"] = values.pop("expiring")
        return AgreementFilters(**values)


class PartyFields(forms.Form):
    """One party: an organisation on the platform (chosen by search) or the name of one that is not."""

    organization = forms.ModelChoiceField(label=_("organisation on the platform"), required=False,
                                          queryset=Organization.objects.all())
    name_ar = forms.CharField(label=_("or its name, if not on the platform (Arabic)"), required=False,
                              max_length=250, widget=in_arabic(forms.TextInput()))
    name_en = forms.CharField(label=_("name, if not on the platform (English)"), required=False, max_length=250,
                              widget=in_english(forms.TextInput()))
    role = forms.ChoiceField(label=_("role"), choices=PartyRole.choices, initial=PartyRole.PARTNER, required=False)
    signatory_name = forms.CharField(label=_("signatory's name"), required=False, max_length=200)
    signatory_title = forms.CharField(label=_("signatory's title"), required=False, max_length=250)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organization = cast(forms.ModelChoiceField, self.fields["organization"])
        organization.label_from_instance = localized
        organization.widget.choices = [("", _("— search for an organisation —")), *self._chosen_organization()]

    def search_attrs(self) -> dict[str, str]:
        """The search box above the select (rendered by the template, outside the form's data: orgs:options reads
        `organization_search`, whatever the formset's prefix)."""
        target = self["organization"].auto_id
        return {"id": f"{target}_search", "hx-get": reverse("orgs:options"),
                "hx-trigger": "input changed delay:300ms, search", "hx-target": f"#{target}", "hx-swap": "innerHTML",
                "hx-sync": "this:replace", "aria-controls": target}

    def _chosen_organization(self) -> list[tuple[int, str]]:
        value = self.data.get(self.add_prefix("organization")) if self.is_bound else self.initial.get("organization")
        if isinstance(value, Organization):
            return [(value.pk, localized(value))]
        if isinstance(value, int):
            value = str(value)
        if not (isinstance(value, str) and value.isdigit() and len(value) < 12):
            return []
        return [(organization.pk, localized(organization))
                for organization in Organization.objects.filter(pk=int(value))]

    def is_empty(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("organization") and not (data.get("name_ar") or "").strip()

    def spec(self) -> PartySpec:
        data = self.cleaned_data
        return PartySpec(organization=data.get("organization"), name_ar=data.get("name_ar") or "",
                         name_en=data.get("name_en") or "", role=data.get("role") or PartyRole.PARTNER,
                         signatory_name=data.get("signatory_name") or "",
                         signatory_title=data.get("signatory_title") or "")

    @staticmethod
    def initial_for(party) -> dict:
        return {"organization": party.organization if party.organization_id else None, "name_ar": party.name_ar,
                "name_en": party.name_en, "role": party.role, "signatory_name": party.signatory_name,
                "signatory_title": party.signatory_title}


# The fields are adjusted in the *Fields classes, below StyledFormMixin, which reads the form's errors (and so
# cleans it) in its own __init__: a queryset set after it would come too late.
class PartyForm(StyledFormMixin, PartyFields):
    pass


class BasePartyFormSet(forms.BaseFormSet):
    def specs(self) -> list[PartySpec]:
        """The filled rows, in their order; empty rows are left out."""
        return [form.spec() for form in self.forms if form.is_valid() and not form.is_empty()]

    def clean(self):
        if any(self.errors) or not self.management_form.is_valid():
            return  # each row's errors, or the missing management form's, are the answer
        if len([form for form in self.forms if not form.is_empty()]) == 0:
            raise forms.ValidationError(_("Name at least one party."))


PartyFormSet = forms.formset_factory(PartyForm, formset=BasePartyFormSet, extra=0, max_num=30, absolute_max=30,
                                     validate_max=True)

PARTY_ROWS_NEW = 4  # empty rows offered on the form: a bilateral MoU, or up to four parties without script
PARTY_ROWS_MORE = 2


def party_formset(data=None, *, parties=None, initial_organization=None):
    """The parties' rows: the agreement's own and a few empty ones (the first prefilled with the recording
    organisation on a new agreement)."""
    if parties is not None:
        initial = [PartyForm.initial_for(party) for party in parties]
    else:
        initial = [{"organization": initial_organization.pk, "role": PartyRole.FIRST_PARTY}] if initial_organization else []
    more = PARTY_ROWS_MORE if parties is not None else PARTY_ROWS_NEW - len(initial)
    initial += [{}] * max(0, min(more, PartyFormSet.max_num - len(initial)))
    return PartyFormSet(data, initial=initial, prefix="parties")


class AgreementFields(forms.Form):
    organization = forms.ModelChoiceField(label=_("recorded by"), queryset=Organization.objects.none(),
                                          help_text=_("The party keeping this record; its admins and editors edit it."))
    kind = forms.ChoiceField(label=_("kind"), choices=AgreementKind.choices)
    title_ar = forms.CharField(label=_("title (Arabic)"), max_length=300, widget=in_arabic(forms.TextInput()))
    title_en = forms.CharField(label=_("title (English)"), max_length=300, required=False,
                               widget=in_english(forms.TextInput()))
    objectives_ar = forms.CharField(label=_("objectives (Arabic)"), max_length=8000, required=False,
                                    widget=in_arabic(forms.Textarea(attrs={"rows": 4})))
    objectives_en = forms.CharField(label=_("objectives (English)"), max_length=8000, required=False,
                                    widget=in_english(forms.Textarea(attrs={"rows": 3})))
    stage = forms.ChoiceField(label=_("stage"), choices=[(Stage.DRAFT, Stage.DRAFT.label),
                                                         (Stage.SIGNED, Stage.SIGNED.label)], initial=Stage.SIGNED)
    signed_on = _date_field(_("signed on"))
    signed_place = forms.CharField(label=_("place of signing"), max_length=250, required=False)
    signed_before = forms.CharField(label=_("signed in the presence of"), max_length=300, required=False)
    event = forms.ModelChoiceField(label=_("signed at the event"), queryset=Event.objects.all(), required=False)
    session = forms.ModelChoiceField(label=_("signing session"), queryset=Session.objects.none(), required=False)
    starts_on = _date_field(_("in force from"))
    ends_on = _date_field(_("in force until"))
    renewal = forms.ChoiceField(label=_("renewal"), choices=Renewal.choices, initial=Renewal.NONE)
    notice_days = forms.IntegerField(label=_("notice period (days)"), min_value=0, max_value=MAX_NOTICE_DAYS,
                                     initial=90)
    axes = forms.ModelMultipleChoiceField(label=_("axes"), queryset=Axis.objects.all(), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    regions = forms.ModelMultipleChoiceField(label=_("regions covered"), queryset=Region.objects.all(),
                                             required=False, widget=forms.CheckboxSelectMultiple)
    initiatives = forms.ModelMultipleChoiceField(label=_("linked initiatives"), queryset=Initiative.objects.none(),
                                                 required=False, widget=forms.CheckboxSelectMultiple)
    is_published = forms.BooleanField(label=pgettext_lazy("agreement", "published"), required=False,
                                      help_text=_("Published agreements are public; their documents stay private "
                                                  "unless each is marked public."))

    def __init__(self, *args, organizations, events, initiatives, agreement=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agreement is not None:
            # The recording party stays; an ended or renewed agreement's stage is decided on its own pages.
            self.fields["organization"].disabled = True
            if agreement.stage not in (Stage.DRAFT, Stage.SIGNED):
                del self.fields["stage"]
        organization = cast(forms.ModelChoiceField, self.fields["organization"])
        organization.queryset = organizations
        organization.label_from_instance = localized
        if len(organizations) == 1 and not self.is_bound:
            self.initial.setdefault("organization", organizations[0].pk)
        event = cast(forms.ModelChoiceField, self.fields["event"])
        event.queryset = events
        event.label_from_instance = lambda item: localized(item, "title")
        chosen_event = self._chosen_event(events)
        session = cast(forms.ModelChoiceField, self.fields["session"])
        session.queryset = Session.objects.filter(event_id=chosen_event).order_by("starts_at", "pk")
        session.label_from_instance = lambda item: localized(item, "title")
        initiative = cast(forms.ModelMultipleChoiceField, self.fields["initiatives"])
        initiative.queryset = initiatives
        initiative.label_from_instance = lambda item: localized(item, "title")
        for name in ("axes", "regions"):
            cast(forms.ModelMultipleChoiceField, self.fields[name]).label_from_instance = localized

    def _chosen_event(self, events) -> int | None:
        value = self.data.get("event") if self.is_bound else self.initial.get("event")
        if isinstance(value, Event):
            return value.pk
        value = str(value or "")
        return int(value) if value.isdigit() and len(value) < 12 else None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end must not be before the start."))
        if cleaned.get("stage") == Stage.SIGNED and not cleaned.get("signed_on") and "signed_on" not in self.errors:
            self.add_error("signed_on", _("Give the date of signing."))
        if cleaned.get("stage") == Stage.DRAFT and cleaned.get("is_published"):
            self.add_error("is_published", _("A draft cannot be published: record the signing first."))
        signed_on = cleaned.get("signed_on")
        if signed_on and signed_on > timezone.localdate():
            self.add_error("signed_on", _("The date of signing cannot be in the future."))
        session = cleaned.get("session")
        if session is not None and session.event_id != getattr(cleaned.get("event"), "pk", None):
            self.add_error("session", _("The session is not part of the chosen event."))
        return cleaned

    def service_data(self) -> dict:
        names = ("kind", "title_ar", "title_en", "objectives_ar", "objectives_en", "stage", "signed_on",
                 "signed_place", "signed_before", "event", "session", "starts_on", "ends_on", "renewal",
                 "notice_days", "is_published")
        data = {name: self.cleaned_data.get(name) for name in names}
        for name in ("title_en", "objectives_ar", "objectives_en", "signed_place", "signed_before"):
            data[name] = data[name] or ""
        return data

    @staticmethod
    def initial_for(agreement) -> dict:
        initial = {name: getattr(agreement, name) for name in (
            "kind", "title_ar", "title_en", "objectives_ar", "objectives_en", "stage", "signed_on", "signed_place",
            "signed_before", "starts_on", "ends_on", "renewal", "notice_days", "is_published")}
        initial.update(organization=agreement.organization_id, event=agreement.event_id,
                       session=agreement.session_id, axes=list(agreement.axes.all()),
                       regions=list(agreement.regions.all()), initiatives=list(agreement.initiatives.all()))
        return initial


class AgreementForm(StyledFormMixin, AgreementFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("axes", "regions", "initiatives"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class CommitmentFields(forms.Form):
    party = forms.ModelChoiceField(label=_("party"), queryset=Organization.objects.none())
    title_ar = forms.CharField(label=_("commitment (Arabic)"), max_length=400, widget=in_arabic(forms.TextInput()))
    title_en = forms.CharField(label=_("commitment (English)"), max_length=400, required=False,
                               widget=in_english(forms.TextInput()))
    description = forms.CharField(label=_("details"), max_length=4000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    due_on = _date_field(_("due on"))
    owner_name = forms.CharField(label=_("responsible person or unit"), max_length=200, required=False)

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        party = cast(forms.ModelChoiceField, self.fields["party"])
        party.queryset = agreement.parties.select_related("organization")
        party.label_from_instance = lambda item: localized(item.organization) if item.organization_id else item.name_ar

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in ("title_ar", "title_en", "description", "due_on",
                                                               "owner_name")}
        for name in ("title_en", "description", "owner_name"):
            data[name] = data[name] or ""
        return data

    @staticmethod
    def initial_for(commitment) -> dict:
        return {"party": commitment.party_id, "title_ar": commitment.title_ar, "title_en": commitment.title_en,
                "description": commitment.description, "due_on": commitment.due_on,
                "owner_name": commitment.owner_name}


class CommitmentForm(StyledFormMixin, CommitmentFields):
    pass


class FollowUpForm(StyledFormMixin, forms.Form):
    happened_on = _date_field(_("date"), required=True)
    note = forms.CharField(label=_("what was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("status after this update"), choices=CommitmentStatus.choices)
    progress = forms.IntegerField(label=_("progress (%)"), min_value=0, max_value=100, required=False)
    evidence = forms.FileField(label=_("evidence (PDF, Office documents, images)"), required=False,
                               widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}))

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day


class DocumentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("title"), max_length=250, min_length=2)
    file = forms.FileField(label=_("file (PDF, Office documents, images)"),
                           widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
                           help_text=_("At most %(size)s MB.") % {"size": ATTACHMENT_MAX_BYTES // (1024 * 1024)})
    is_public = forms.BooleanField(label=_("public when the agreement is published"), required=False)


class CommentForm(StyledFormMixin, forms.Form):
    body = forms.CharField(label=_("comment"), max_length=4000, min_length=2,
                           widget=forms.Textarea(attrs={"rows": 3}))


class TerminateForm(StyledFormMixin, forms.Form):
    terminated_on = _date_field(_("terminated on"), required=True)
    reason = forms.CharField(label=_("reason for termination"), max_length=2000, min_length=3,
                             widget=forms.Textarea(attrs={"rows": 3}))


class RenewForm(StyledFormMixin, forms.Form):
    signed_on = _date_field(_("renewal signed on"), required=True)
    ends_on = _date_field(_("new term ends on"), required=True)
    title_ar = forms.CharField(label=_("title of the renewal (Arabic)"), max_length=300, required=False,
                               widget=in_arabic(forms.TextInput()), help_text=_("Empty: the same title."))
