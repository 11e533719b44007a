"""Forms of the survey pages: the survey's details, a question of the builder, an export. The answering form is
built from the survey's questions by the page itself (survey_views.answers_from_post)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ExportFormat, QuestionKind, SurveyQuestion
from .surveys import LABEL_MAX_LENGTH

TEXT = {"class": "form-control"}


class SurveyForm(forms.Form):
    title_ar = forms.CharField(label=_("title (Arabic)"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    title_en = forms.CharField(label=_("title (English)"), max_length=200, required=False,
                               widget=forms.TextInput(attrs=TEXT))
    description_ar = forms.CharField(label=_("description (Arabic)"), max_length=5000, required=False,
                                     widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    description_en = forms.CharField(label=_("description (English)"), max_length=5000, required=False,
                                     widget=forms.Textarea(attrs={**TEXT, "rows": 3}))
    anonymous = forms.BooleanField(label=_("Anonymous answers (no link from an answer to its author is kept)"),
                                   required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


def choices_text(choices: list[dict]) -> str:
    return "\n".join(f"{c['key']} | {c.get('label_ar', '')} | {c.get('label_en', '')}" for c in choices)


def parse_choices(text: str) -> list[dict]:
    """One choice a line: `key | Arabic label | English label` (the English label optional)."""
    choices = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        choices.append({"key": parts[0], "label_ar": parts[1] if len(parts) > 1 else "",
                        "label_en": parts[2] if len(parts) > 2 else ""})
    return choices


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=QuestionKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    label_ar = forms.CharField(label=_("question (Arabic)"), max_length=LABEL_MAX_LENGTH,
                               widget=forms.TextInput(attrs=TEXT))
    label_en = forms.CharField(label=_("question (English)"), max_length=LABEL_MAX_LENGTH, required=False,
                               widget=forms.TextInput(attrs=TEXT))
    help_ar = forms.CharField(label=_("help (Arabic)"), max_length=LABEL_MAX_LENGTH, required=False,
                              widget=forms.TextInput(attrs=TEXT))
    help_en = forms.CharField(label=_("help (English)"), max_length=LABEL_MAX_LENGTH, required=False,
                              widget=forms.TextInput(attrs=TEXT))
    required = forms.BooleanField(label=_("required"), required=False,
                                  widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    choices = forms.CharField(
        label=_("choices"), required=False, max_length=30 * 1100,
        help_text=_("For the choice kinds: one choice a line, “key | Arabic label | English label”. Keys are "
                    "unique; once the survey has answers they stay."),
        widget=forms.Textarea(attrs={**TEXT, "rows": 5, "dir": "auto"}))
    minimum = forms.DecimalField(label=_("minimum"), required=False, max_digits=14, decimal_places=4,
                                 widget=forms.NumberInput(attrs=TEXT),
                                 help_text=_("A scale's lowest point, or the smallest number accepted."))
    maximum = forms.DecimalField(label=_("maximum"), required=False, max_digits=14, decimal_places=4,
                                 widget=forms.NumberInput(attrs=TEXT),
                                 help_text=_("A scale's highest point (10 points at most), or the largest number."))
    show_if = forms.TypedChoiceField(label=_("shown only if"), required=False, coerce=int, empty_value=None,
                                     widget=forms.Select(attrs={"class": "form-select"}),
                                     help_text=_("An earlier one-choice or several-choices question."))
    show_if_keys = forms.CharField(label=_("…is answered with one of these keys"), required=False, max_length=2000,
                                   widget=forms.TextInput(attrs=TEXT),
                                   help_text=_("Choice keys separated by commas."))

    def __init__(self, *args, earlier: list[SurveyQuestion] = (), **kwargs):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        options: list = [("", _("Always shown"))]
        options += [(question.pk, question.label_ar) for question in earlier
                    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)]
        show_if: forms.TypedChoiceField = self.fields["show_if"]  # type: ignore[assignment]
        show_if.choices = options

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["choices"] = parse_choices(data.get("choices") or "")
        data["show_if_keys"] = [key.strip() for key in (data.get("show_if_keys") or "").split(",") if key.strip()]
        return data


def question_initial(question: SurveyQuestion) -> dict:
    return {"kind": question.kind, "label_ar": question.label_ar, "label_en": question.label_en,
            "help_ar": question.help_ar, "help_en": question.help_en, "required": question.required,
            "choices": choices_text(question.choices), "minimum": question.minimum, "maximum": question.maximum,
            "show_if": question.show_if_id, "show_if_keys": ", ".join(question.show_if_keys)}


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("format"), choices=ExportFormat.choices,
                               widget=forms.Select(attrs={"class": "form-select"}))
