import re

from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.core.forms import StyledFormMixin

from .models import GlossaryTerm

ARABIC_LETTER = re.compile("[\u0621-\u064a]")
RESERVED_CODES = {"new"}  # would clash with the glossary's own addresses


class GlossarySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the glossary"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "class": "form-control", "autocomplete": "off"}),
    )


class GlossaryTermForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["code", "term_ar", "term_en", "definition_ar", "definition_en"]
        widgets = {
            "code": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "term_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "term_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "definition_ar": forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
            "definition_en": forms.Textarea(attrs={"rows": 4, "dir": "ltr", "lang": "en"}),
        }
        help_texts = {
            "code": _(
                "A short stable identifier in Latin letters, e.g. community-participation. It cannot be changed later."
            ),
        }

    def clean_code(self):
        code = self.cleaned_data["code"].lower()
        if code in RESERVED_CODES:
            raise forms.ValidationError(_("This code is reserved; choose another one."), code="reserved")
        return code

    def clean_term_ar(self):
        term = self.cleaned_data["term_ar"].strip()
        if not ARABIC_LETTER.search(term):
            raise forms.ValidationError(_("Write the Arabic term in Arabic letters."), code="not_arabic")
        return term


class GlossaryTermEditForm(GlossaryTermForm):
    class Meta(GlossaryTermForm.Meta):
        fields = ["term_ar", "term_en", "definition_ar", "definition_en"]
