"""Forms of the event pages: filters, an event, a session, a speaker, a registration."""

from typing import cast

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from musharaka.core.files import validate_image_upload
from musharaka.core.forms import ProtectedFileInput, StyledFormMixin, in_arabic, in_english
from musharaka.core.i18n import localized
from musharaka.geo.models import City, Region
from musharaka.initiatives.forms import MultipleFileField
from musharaka.orgs.models import Organization
from musharaka.taxonomy.models import Axis

from .models import AUDIENCE_CHOICES, Kind, RecommendationStatus, Session, Speaker
from .services import IMAGE_MAX_BYTES, AudienceSpec, GuestSpec

MAX_ID = 2**31 - 1
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
IMAGE_ACCEPT = "image/png,image/jpeg,image/webp,image/gif"


def _image_input() -> ProtectedFileInput:
    """Covers and photos are private files: the "currently" link goes to the view that checks who asks."""
    return ProtectedFileInput(attrs={"accept": IMAGE_ACCEPT})


def _datetime_field(label):
    return forms.DateTimeField(
        label=label, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "dir": "ltr"}, format="%Y-%m-%dT%H:%M"),
    )


class EventFilterForm(StyledFormMixin, forms.Form):
    """The list's query string; a bad parameter is dropped on its own."""

    q = forms.CharField(label=_("Search events"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    region = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    city = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    axis = forms.SlugField(required=False, max_length=40)
    when = forms.ChoiceField(label=_("When"), required=False, choices=[
        ("", _("All dates")), ("upcoming", _("Upcoming")), ("past", _("Past"))])

    def values(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class EventFields(forms.Form):
    organization = forms.ModelChoiceField(label=_("organiser"), queryset=Organization.objects.none())
    title_ar = forms.CharField(label=_("title (Arabic)"), max_length=250, widget=in_arabic(forms.TextInput()))
    title_en = forms.CharField(label=_("title (English)"), max_length=250, required=False, widget=in_english(forms.TextInput()))
    kind = forms.ChoiceField(label=_("kind"), choices=Kind.choices)
    series_name = forms.CharField(label=_("series"), max_length=250, required=False,
                                  help_text=_("For a forum held every year: its name without the edition."))
    edition = forms.IntegerField(label=_("edition"), required=False, min_value=1, max_value=1000)
    description_ar = forms.CharField(label=_("description (Arabic)"), required=False, max_length=20000,
                                     widget=in_arabic(forms.Textarea(attrs={"rows": 5})))
    description_en = forms.CharField(label=_("description (English)"), required=False, max_length=20000,
                                     widget=in_english(forms.Textarea(attrs={"rows": 5})))
    patron_name = forms.CharField(label=_("patron"), max_length=200, required=False)
    patron_title = forms.CharField(label=_("patron's title"), max_length=200, required=False)
    guests = forms.CharField(label=_("guests of honour"), required=False, max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("One per line: name | title."))
    co_organizers = forms.CharField(label=_("co-organisers"), required=False, max_length=5000,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text=_("Registered organisations, one name per line."))
    sponsors = forms.CharField(label=_("sponsors"), required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("Registered organisations, one name per line."))
    region = forms.ModelChoiceField(label=_("region"), queryset=Region.objects.all())
    city = forms.ModelChoiceField(label=_("city"), queryset=City.objects.none(), required=False)
    venue = forms.CharField(label=_("venue"), max_length=250, required=False)
    starts_at = _datetime_field(_("starts"))
    ends_at = _datetime_field(_("ends"))
    axes = forms.ModelMultipleChoiceField(label=_("themes"), queryset=Axis.objects.all(), required=False,
                                          widget=forms.CheckboxSelectMultiple)
    capacity = forms.IntegerField(label=_("capacity"), required=False, min_value=1, max_value=1_000_000,
                                  help_text=_("Empty: no limit."))
    requires_approval = forms.BooleanField(label=_("registrations need the organiser's approval"), required=False)
    registration_open = forms.BooleanField(label=_("registration open"), required=False, initial=True)
    cover_image = forms.ImageField(label=_("cover image"), required=False, widget=_image_input())
    is_published = forms.BooleanField(label=pgettext_lazy("event", "published"), required=False)

    # The fields are adjusted here, below StyledFormMixin, which reads the form's errors once they exist.
    def __init__(self, *args, organizations=None, cover_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        cast(ProtectedFileInput, self.fields["cover_image"].widget).file_url = cover_url
        if organizations is not None and len(organizations) == 1 and not self.is_bound:
            self.initial.setdefault("organization", organizations[0].pk)
        organization_field = cast(forms.ModelChoiceField, self.fields["organization"])
        organization_field.queryset = organizations if organizations is not None else Organization.objects.none()
        # Every city (a few hundred at most), labelled with its region; the service checks they match.
        city_field = cast(forms.ModelChoiceField, self.fields["city"])
        city_field.queryset = City.objects.select_related("region").order_by("region_id", "name_ar")
        city_field.label_from_instance = lambda city: f"{localized(city)} — {localized(city.region)}"  # type: ignore[method-assign, assignment]
        self.audience_fields = []
        for code, label in AUDIENCE_CHOICES:
            self.fields[f"audience_{code}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"quota_{code}"] = forms.IntegerField(label=_("quota"), required=False, min_value=1,
                                                              max_value=1_000_000)
            self.audience_fields.append((self[f"audience_{code}"], self[f"quota_{code}"]))


class EventForm(StyledFormMixin, EventFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axes"].widget.attrs["class"] = "form-check-input"
        for code, _label in AUDIENCE_CHOICES:
            self.fields[f"audience_{code}"].widget.attrs["class"] = "form-check-input"

    def clean_cover_image(self):
        cover = self.cleaned_data.get("cover_image")
        if cover and hasattr(cover, "content_type"):
            validate_image_upload(cover, max_bytes=IMAGE_MAX_BYTES)
        return cover

    def _organizations(self, name: str) -> list[Organization]:
        names = [line.strip() for line in (self.cleaned_data.get(name) or "").splitlines() if line.strip()]
        found = {org.name_ar: org for org in Organization.objects.filter(name_ar__in=names)}
        unknown = [item for item in names if item not in found]
        if unknown:
            self.add_error(name, _("Not registered organisations: %(names)s") % {"names": "، ".join(unknown)})
        return [found[item] for item in names if item in found]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", _("The end must not be before the start."))
        if cleaned.get("edition") and not cleaned.get("series_name"):
            self.add_error("series_name", _("Name the series of this edition."))
        cleaned["co_organizer_list"] = self._organizations("co_organizers")
        cleaned["sponsor_list"] = self._organizations("sponsors")
        audiences = [AudienceSpec(code, cleaned.get(f"quota_{code}")) for code, _label in AUDIENCE_CHOICES
                     if cleaned.get(f"audience_{code}")]
        if not audiences:
            self.add_error(None, _("Choose at least one audience category."))
        cleaned["audience_list"] = audiences
        guests = []
        for line in (cleaned.get("guests") or "").splitlines():
            name, _sep, title = line.partition("|")
            if name.strip():
                guests.append(GuestSpec(name.strip()[:200], title.strip()[:200]))
        cleaned["guest_list"] = guests
        return cleaned

    def service_data(self) -> dict:
        names = ("title_ar", "title_en", "kind", "description_ar", "description_en", "patron_name", "patron_title",
                 "region", "city", "venue", "starts_at", "ends_at", "capacity", "requires_approval",
                 "registration_open", "is_published", "edition")
        data = {name: self.cleaned_data.get(name) for name in names}
        for name in ("title_en", "description_ar", "description_en", "patron_name", "patron_title", "venue"):
            data[name] = data[name] or ""
        cover = self.cleaned_data.get("cover_image")
        if cover is False or cover:
            data["cover_image"] = cover
        return data

    @staticmethod
    def initial_for(event) -> dict:
        initial = {name: getattr(event, name) for name in (
            "title_ar", "title_en", "kind", "edition", "description_ar", "description_en", "patron_name",
            "patron_title", "venue", "capacity", "requires_approval", "registration_open", "is_published")}
        initial.update(
            organization=event.organization_id, region=event.region_id, city=event.city_id,
            starts_at=event.starts_at, ends_at=event.ends_at, axes=list(event.axes.all()),
            series_name=event.series.name_ar if event.series else "", cover_image=event.cover_image,
            guests="\n".join(f"{g.name} | {g.title}" if g.title else g.name for g in event.guests.all()),
            co_organizers="\n".join(org.name_ar for org in event.co_organizers.all()),
            sponsors="\n".join(org.name_ar for org in event.sponsors.all()),
        )
        for row in event.audiences.all():
            initial[f"audience_{row.category}"] = True
            initial[f"quota_{row.category}"] = row.quota
        return initial


class SessionFields(forms.ModelForm):
    starts_at = _datetime_field(_("starts"))
    ends_at = _datetime_field(_("ends"))
    speakers = forms.ModelMultipleChoiceField(label=_("speakers"), queryset=Speaker.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    moderators = forms.ModelMultipleChoiceField(label=_("moderators"), queryset=Speaker.objects.none(),
                                                required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Session
        fields = ["kind", "title_ar", "title_en", "abstract_ar", "abstract_en", "starts_at", "ends_at", "track", "room",
                  "capacity"]
        widgets = {
            "title_ar": in_arabic(forms.TextInput()), "title_en": in_english(forms.TextInput()),
            "abstract_ar": in_arabic(forms.Textarea(attrs={"rows": 3})),
            "abstract_en": in_english(forms.Textarea(attrs={"rows": 3})),
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        people = Speaker.objects.filter(event=event).order_by("name_ar")
        self.fields["speakers"].queryset = people
        self.fields["moderators"].queryset = people
        if self.instance.pk:
            roles = {a.speaker_id: a.role for a in self.instance.appearances.all()}
            self.initial["speakers"] = [pk for pk, role in roles.items() if role == "speaker"]
            self.initial["moderators"] = [pk for pk, role in roles.items() if role == "moderator"]


class SessionForm(StyledFormMixin, SessionFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("speakers", "moderators"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end < start:
            self.add_error("ends_at", _("The end must not be before the start."))
        return cleaned

    def _post_clean(self):
        pass  # the services validate and save; the model's own checks run there

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class SpeakerForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name_ar", "name_en", "title_ar", "title_en", "organization_name", "bio_ar", "bio_en", "photo"]
        widgets = {
            "name_ar": in_arabic(forms.TextInput()), "name_en": in_english(forms.TextInput()),
            "title_ar": in_arabic(forms.TextInput()), "title_en": in_english(forms.TextInput()),
            "bio_ar": in_arabic(forms.Textarea(attrs={"rows": 3})), "bio_en": in_english(forms.Textarea(attrs={"rows": 3})),
            "photo": _image_input(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(ProtectedFileInput, self.fields["photo"].widget).file_url = self.instance.photo_url

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):
            validate_image_upload(photo, max_bytes=IMAGE_MAX_BYTES)
        return photo

    def _post_clean(self):
        pass

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        if not data["photo"] and data["photo"] is not False:
            data.pop("photo")
        return data


class RegistrationFields(forms.Form):
    category = forms.ChoiceField(label=_("I attend as"))
    name = forms.CharField(label=_("name"), max_length=200)
    email = forms.EmailField(label=_("e-mail"))
    phone = forms.CharField(label=_("phone"), max_length=32, required=False,
                            widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}))

    def __init__(self, *args, event, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(AUDIENCE_CHOICES)
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            (row.category, names[row.category]) for row in event.audiences.all()]
        if signed_in:
            del self.fields["name"]
            del self.fields["email"]


class RegistrationForm(StyledFormMixin, RegistrationFields):
    """The phone number is checked by the service (services.registration_create), for the API alike."""


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "approve"), ("decline", "decline")])


# ---------------------------------------------------------------- recommendations (deliverable 8)


class RecommendationFilterForm(StyledFormMixin, forms.Form):
    """The tracker's query string; a bad parameter is dropped on its own."""

    region = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    axis = forms.SlugField(required=False, max_length=40)
    status = forms.ChoiceField(required=False, choices=[("", ""), *RecommendationStatus.choices])
    organization = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    overdue = forms.BooleanField(required=False)

    def values(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items()
                if name not in self.errors and value not in (None, "", False)}


class RecommendationForm(StyledFormMixin, forms.Form):
    text_ar = forms.CharField(label=_("recommendation (Arabic)"), max_length=4000,
                              widget=in_arabic(forms.Textarea(attrs={"rows": 3})))
    text_en = forms.CharField(label=_("recommendation (English)"), max_length=4000, required=False,
                              widget=in_english(forms.Textarea(attrs={"rows": 3})))
    axis = forms.ModelChoiceField(label=_("development axis"), queryset=Axis.objects.all(), required=False)
    organization_search = forms.CharField(label=_("Find the responsible organisation"), required=False,
                                          max_length=200, widget=forms.SearchInput())
    organization = forms.ModelChoiceField(label=_("responsible organisation"), queryset=Organization.objects.all())
    due_date = forms.DateField(label=_("due date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organization = cast(forms.ModelChoiceField, self.fields["organization"])
        organization.label_from_instance = localized
        # Thousands of organisations: the select offers only the chosen one and the search above it fills it
        # with the organisations whose names match (orgs:options, htmx).
        organization.widget.choices = [("", _("— search for an organisation —")), *self._chosen_organization()]
        self.fields["organization_search"].widget.attrs.update({
            "autocomplete": "off", "placeholder": _("Type part of its name"),
            "hx-get": reverse("orgs:options"), "hx-trigger": "input changed delay:300ms, search",
            "hx-target": f"#{self['organization'].auto_id}", "hx-swap": "innerHTML", "hx-sync": "this:replace",
            "aria-controls": self["organization"].auto_id})
        axis = cast(forms.ModelChoiceField, self.fields["axis"])
        axis.label_from_instance = localized


    def _chosen_organization(self) -> list[tuple[int, str]]:
        value = self.data.get(self.add_prefix("organization")) if self.is_bound else self.initial.get("organization")
        if isinstance(value, Organization):
            return [(value.pk, localized(value))]
        if not (isinstance(value, str) and value.isdigit() and len(value) < 12):
            return []
        return [(organization.pk, localized(organization))
                for organization in Organization.objects.filter(pk=int(value))]


class RecommendationUpdateForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("What was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("When the status changes, this is the reason recorded with it."))
    # Every status validates here; the service refuses a move the status does not allow (as for the API). The
    # menu offers only the allowed ones.
    status = forms.ChoiceField(label=_("new status"), required=False,
                               choices=[("", _("Unchanged")), *RecommendationStatus.choices])
    date = forms.DateField(label=_("date"), required=False,
                           widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"))
    evidence = MultipleFileField(label=_("Evidence (PDF, Office documents, images)"), required=False)

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = {str(value) for value in recommendation.allowed_statuses()}
        status = cast(forms.ChoiceField, self.fields["status"])
        status.widget.choices = [(value, label) for value, label in status.choices if value == "" or value in allowed]


# ---------------------------------------------------------------- development media: news, photos

from musharaka.initiatives.forms import MultipleFileInput  # noqa: E402


class NewsPostForm(StyledFormMixin, forms.Form):
    title_ar = forms.CharField(label=_("title (Arabic)"), max_length=250, widget=in_arabic(forms.TextInput()))
    title_en = forms.CharField(label=_("title (English)"), max_length=250, required=False, widget=in_english(forms.TextInput()))
    body_ar = forms.CharField(label=_("text (Arabic)"), max_length=20000, widget=in_arabic(forms.Textarea(attrs={"rows": 8})),
                              help_text=_("Plain text: leave a blank line between paragraphs."))
    body_en = forms.CharField(label=_("text (English)"), max_length=20000, required=False,
                              widget=in_english(forms.Textarea(attrs={"rows": 6})))
    cover_image = forms.ImageField(label=_("image"), required=False, widget=_image_input())
    is_published = forms.BooleanField(label=pgettext_lazy("news", "published"), required=False)

    def __init__(self, *args, cover_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        cast(ProtectedFileInput, self.fields["cover_image"].widget).file_url = cover_url

    def clean_cover_image(self):
        cover = self.cleaned_data.get("cover_image")
        if cover and hasattr(cover, "content_type"):
            validate_image_upload(cover, max_bytes=IMAGE_MAX_BYTES)
        return cover

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in ("title_ar", "title_en", "body_ar", "body_en",
                                                               "is_published")}
        cover = self.cleaned_data.get("cover_image")
        if cover is False or cover:
            data["cover_image"] = cover
        return data


def _session_field(label):
    return forms.ModelChoiceField(label=label, queryset=Session.objects.none(), required=False)


class PhotoUploadForm(StyledFormMixin, forms.Form):
    images = MultipleFileField(label=_("Photos (PNG, JPEG, WebP or GIF; several at once)"),
                               widget=MultipleFileInput(attrs={"accept": IMAGE_ACCEPT}))
    caption_ar = forms.CharField(label=_("caption (Arabic)"), max_length=300, required=False,
                                 widget=in_arabic(forms.TextInput()))
    caption_en = forms.CharField(label=_("caption (English)"), max_length=300, required=False,
                                 widget=in_english(forms.TextInput()))
    session = _session_field(_("session"))
    taken_on = forms.DateField(label=_("taken on"), required=False,
                               widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"))

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        session = cast(forms.ModelChoiceField, self.fields["session"])
        session.queryset = Session.objects.filter(event=event).order_by("starts_at")
        session.label_from_instance = lambda item: localized(item, "title")  # type: ignore[method-assign, assignment]


class PhotoEditForm(StyledFormMixin, forms.Form):
    caption_ar = forms.CharField(label=_("caption (Arabic)"), max_length=300, required=False,
                                 widget=in_arabic(forms.TextInput()))
    caption_en = forms.CharField(label=_("caption (English)"), max_length=300, required=False,
                                 widget=in_english(forms.TextInput()))
    session = _session_field(_("session"))
    taken_on = forms.DateField(label=_("taken on"), required=False,
                               widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"))
    position = forms.IntegerField(label=_("order"), required=False, min_value=0, max_value=1_000_000)

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        session = cast(forms.ModelChoiceField, self.fields["session"])
        session.queryset = Session.objects.filter(event=event).order_by("starts_at")
        session.label_from_instance = lambda item: localized(item, "title")  # type: ignore[method-assign, assignment]
