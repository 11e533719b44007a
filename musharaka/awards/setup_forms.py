"""Forms of the awards' setup and application pages: programmes, cycles, categories, criteria with their level
descriptors, questions, the jury's invitations, eligibility decisions and the application itself.

They check the shape of what is sent (types, lengths, choices); the services decide the rest, and their errors come
back on the form under the field they name.
"""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from musharaka.core.files import ATTACHMENT_MAX_BYTES
from musharaka.core.forms import StyledFormMixin, in_arabic, in_english
from musharaka.core.i18n import localized
from musharaka.geo.models import Region
from musharaka.orgs.models import Organization

from .models import MAX_SCORE, CategoryKind, Criterion

MYSELF = "self"  # the organisation choice of a resident applying alone
EVIDENCE_ACCEPT = ("application/pdf,image/png,image/jpeg,image/webp,.docx,.xlsx,.pptx,"
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
LEVELS = range(MAX_SCORE + 1)


def _filled(message: str, **values) -> str:
    return gettext(message) % values


filled_lazy = lazy(_filled, str)  # a translated text with its values, translated when shown
LEVEL_AR = gettext_noop("level %(level)s (Arabic)")
LEVEL_EN = gettext_noop("level %(level)s (English)")
EVIDENCE_HELP = gettext_noop("PDF, Word, Excel, PowerPoint or an image, at most %(size)s MB.")


def _date(label):
    return forms.DateField(label=label, required=False,
                           widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"))


def _moment(label):
    """A moment to the second, typed in the platform's time zone (Django reads it in the current zone)."""
    return forms.DateTimeField(label=label, widget=forms.DateTimeInput(
        attrs={"type": "datetime-local", "step": "1", "dir": "ltr"}, format="%Y-%m-%dT%H:%M:%S"))


def _arabic_text(label, max_length, *, required=False, rows=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, max_length=max_length, required=required, widget=in_arabic(widget))


def _english_text(label, max_length, *, rows=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, max_length=max_length, required=False, widget=in_english(widget))


class ProgrammeFields(forms.Form):
    organization = forms.ModelChoiceField(label=_("organiser"), queryset=Organization.objects.none())
    name_ar = _arabic_text(_("name (Arabic)"), 250, required=True)
    name_en = _english_text(_("name (English)"), 250)
    description_ar = _arabic_text(_("description (Arabic)"), 8000, rows=4)
    description_en = _english_text(_("description (English)"), 8000, rows=3)
    eligibility_ar = _arabic_text(_("eligibility rules (Arabic)"), 8000, rows=4)
    eligibility_en = _english_text(_("eligibility rules (English)"), 8000, rows=3)
    region = forms.ModelChoiceField(label=_("region"), queryset=Region.objects.order_by("pk"), required=False,
                                    help_text=_("Leave empty for a national award."))

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        if organizations is None:
            del self.fields["organization"]  # an existing programme keeps its organiser
        else:
            field.queryset = organizations  # type: ignore[attr-defined]
            field.label_from_instance = localized  # type: ignore[attr-defined]
        self.fields["region"].label_from_instance = localized  # type: ignore[attr-defined]

    def service_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "organization"}


class ProgrammeForm(StyledFormMixin, ProgrammeFields):
    pass


class CycleForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    title_ar = _arabic_text(_("title (Arabic)"), 250)
    title_en = _english_text(_("title (English)"), 250)
    nominations_open_at = _moment(_("nominations open"))
    nominations_close_at = _moment(_("nominations close"))
    eligibility_until = _date(_("eligibility check until"))
    judging_until = _date(_("judging until"))
    deliberation_until = _date(_("deliberation until"))
    results_on = _date(_("results announced on"))
    blind_judging = forms.BooleanField(label=_("blind judging"), required=False)
    feedback_to_applicants = forms.BooleanField(label=_("feedback to applicants"), required=False, initial=True)
    people_choice = forms.BooleanField(label=_("people's choice vote"), required=False)

    FIELDS = ("year", "title_ar", "title_en", "nominations_open_at", "nominations_close_at", "eligibility_until",
              "judging_until", "deliberation_until", "results_on", "blind_judging", "feedback_to_applicants",
              "people_choice")

    @classmethod
    def initial_for(cls, cycle) -> dict:
        return {name: getattr(cycle, name) for name in cls.FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations_close_at"].help_text = _(
            "To the second, in the platform's time zone; a submission within the closing second is on time.")


class CategoryForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=CategoryKind.choices)
    name_ar = _arabic_text(_("name (Arabic)"), 250, required=True)
    name_en = _english_text(_("name (English)"), 250)
    description_ar = _arabic_text(_("description (Arabic)"), 4000, rows=3)
    description_en = _english_text(_("description (English)"), 4000, rows=2)
    needs_initiative = forms.BooleanField(label=_("applications name an initiative"), required=False, initial=True)
    allows_residents = forms.BooleanField(label=_("residents may apply"), required=False)
    judges_per_application = forms.IntegerField(label=_("judges per application"), min_value=1, max_value=15,
                                                initial=3)
    winner_places = forms.IntegerField(label=_("places awarded"), min_value=1, max_value=3, initial=3,
                                       help_text=_("1 for a single winner, 3 for first to third."))
    position = forms.IntegerField(label=_("order"), min_value=0, max_value=1000, initial=0, required=False)

    FIELDS = ("kind", "name_ar", "name_en", "description_ar", "description_en", "needs_initiative",
              "allows_residents", "judges_per_application", "winner_places", "position")

    @classmethod
    def initial_for(cls, category) -> dict:
        return {name: getattr(category, name) for name in cls.FIELDS}

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["position"] = data.get("position") or 0
        return data


class CriterionForm(StyledFormMixin, forms.Form):
    """A criterion with what each level of the 0–10 scale means, in both languages (levels may be left empty)."""

    name_ar = _arabic_text(_("name (Arabic)"), 250, required=True)
    name_en = _english_text(_("name (English)"), 250)
    weight = forms.IntegerField(label=_("weight (%)"), min_value=1, max_value=100)
    guidance_ar = _arabic_text(_("guidance (Arabic)"), 2000, rows=2)
    guidance_en = _english_text(_("guidance (English)"), 2000, rows=2)
    position = forms.IntegerField(label=_("order"), min_value=0, max_value=1000, initial=0, required=False)

    @staticmethod
    def level_names(level: int) -> tuple[str, str]:
        return f"level_{level}_ar", f"level_{level}_en"

    @classmethod
    def initial_for(cls, criterion: Criterion) -> dict:
        initial = {name: getattr(criterion, name) for name in ("name_ar", "name_en", "weight", "guidance_ar",
                                                              "guidance_en", "position")}
        for level, texts in (criterion.levels or {}).items():
            arabic, english = cls.level_names(int(level))
            initial[arabic], initial[english] = texts.get("ar", ""), texts.get("en", "")
        return initial

    def level_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(level, self[self.level_names(level)[0]], self[self.level_names(level)[1]]) for level in LEVELS]

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("name_ar", "name_en", "weight", "guidance_ar",
                                                          "guidance_en")}
        data["position"] = self.cleaned_data.get("position") or 0
        levels = {}
        for level in LEVELS:
            arabic, english = self.level_names(level)
            texts = {"ar": self.cleaned_data.get(arabic) or "", "en": self.cleaned_data.get(english) or ""}
            if texts["ar"] or texts["en"]:
                levels[str(level)] = texts
        data["levels"] = levels
        return data


for _level in LEVELS:  # the descriptor fields, declared on the class so that the mixin styles them
    _arabic, _english = CriterionForm.level_names(_level)
    CriterionForm.base_fields[_arabic] = _arabic_text(filled_lazy(LEVEL_AR, level=_level), 300)
    CriterionForm.base_fields[_english] = _english_text(filled_lazy(LEVEL_EN, level=_level), 300)


class QuestionForm(StyledFormMixin, forms.Form):
    text_ar = _arabic_text(_("question (Arabic)"), 500, required=True)
    text_en = _english_text(_("question (English)"), 500)
    required = forms.BooleanField(label=_("required"), required=False, initial=True)
    max_length = forms.IntegerField(label=_("longest answer (characters)"), min_value=50, max_value=10000,
                                    initial=2000)
    position = forms.IntegerField(label=_("order"), min_value=0, max_value=1000, initial=0, required=False)

    FIELDS = ("text_ar", "text_en", "required", "max_length", "position")

    @classmethod
    def initial_for(cls, question) -> dict:
        return {name: getattr(question, name) for name in cls.FIELDS}

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["position"] = data.get("position") or 0
        return data


class InviteForm(StyledFormMixin, forms.Form):
    person = forms.CharField(label=_("username or e-mail address"), max_length=254,
                             widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}))
    expertise = forms.CharField(label=_("expertise"), max_length=250, required=False)


class EligibilityForm(StyledFormMixin, forms.Form):
    application = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("eligible", _("Eligible")), ("ineligible", _("Not eligible"))])
    reason = forms.CharField(label=_("reason"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceFields(forms.Form):
    evidence_title = forms.CharField(label=_("title of the file"), max_length=200, required=False)
    evidence_file = forms.FileField(label=_("evidence file"), required=False,
                                    widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
                                    help_text=filled_lazy(EVIDENCE_HELP, size=ATTACHMENT_MAX_BYTES // (1024 * 1024)))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("evidence_file") and not (cleaned.get("evidence_title") or "").strip():
            cleaned["evidence_title"] = cleaned["evidence_file"].name[:200]
        return cleaned


class ApplicationFields(EvidenceFields):
    """The application: who applies and with which initiative (on a new one), the texts, the category's answers
    (`answer_<question id>`, the names the services give their errors) and one evidence file per save."""

    organization = forms.ChoiceField(label=_("applying as"))
    initiative = forms.TypedChoiceField(label=_("initiative from the registry"), coerce=int, required=False,
                                        empty_value=None)
    title_ar = _arabic_text(_("title (Arabic)"), 300)
    title_en = _english_text(_("title (English)"), 300)
    summary_ar = _arabic_text(_("summary (Arabic)"), 4000, rows=4)
    summary_en = _english_text(_("summary (English)"), 4000, rows=3)

    def __init__(self, *args, category, questions, organizations=None, initiatives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category
        self.questions = questions
        if organizations is None:  # editing: who applies and with what is fixed
            del self.fields["organization"], self.fields["initiative"]
        else:
            choices = [(str(organization.pk), localized(organization)) for organization in organizations]
            if category.allows_residents:
                choices.append((MYSELF, _("Myself, as a resident")))
            self.fields["organization"].choices = choices  # type: ignore[attr-defined]
            if category.needs_initiative:
                self.fields["initiative"].choices = [  # type: ignore[attr-defined]
                    ("", _("— choose the initiative —")),
                    *[(initiative["pk"], initiative["label"]) for initiative in initiatives or []]]
                self.fields["initiative"].required = True
            else:
                del self.fields["initiative"]
        for question in questions:
            field = forms.CharField(label=localized(question, "text"), max_length=question.max_length,
                                    required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
            field.asked_required = question.required  # type: ignore[attr-defined]  # required on submission only
            self.fields[f"answer_{question.pk}"] = field
        self.fields["title_ar"].help_text = _("Left empty, the initiative's title is used.")

    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"answer_{question.pk}"] for question in self.questions]

    def answers(self) -> dict[str, str]:
        return {str(question.pk): self.cleaned_data.get(f"answer_{question.pk}") or "" for question in self.questions}

    def service_data(self) -> dict:
        """The texts; an empty one is left out so that the service takes the initiative's."""
        return {name: self.cleaned_data[name] for name in ("title_ar", "title_en", "summary_ar", "summary_en")
                if self.cleaned_data.get(name)}


class ApplicationForm(StyledFormMixin, ApplicationFields):
    pass


class EvidenceForm(StyledFormMixin, EvidenceFields):
    pass
