from django import forms
from django.utils.translation import gettext_lazy as _

from musharaka.core.forms import StyledFormMixin


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        help_text=_("At most 5,000 rows and 5 MB. Start from the template so the columns are right."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    confirm = forms.BooleanField(
        label=_("Import for real (otherwise the file is only checked and nothing is saved)"), required=False
    )
