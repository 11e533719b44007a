"""Forms of the budget pages (the services check every value again and name the field of a refusal)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .budgets import CURRENCIES
from .models import BallotKind, BudgetRule, Feasibility, Idea, Visibility


class BudgetForm(forms.Form):
    title_ar = forms.CharField(label=_("Title (Arabic)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    amount = forms.CharField(label=_("Amount"), max_length=20,
                             widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}))
    currency = forms.ChoiceField(label=_("Currency"), choices=[(code, code) for code in CURRENCIES])
    rule = forms.ChoiceField(label=_("Rule"), choices=BudgetRule.choices,
                             help_text=_("Greedy funds the most voted projects first while money is left; the Method "
                                         "of Equal Shares gives each voter an equal share of the budget."))
    ballot_kind = forms.ChoiceField(label=_("Ballot"), choices=BallotKind.choices)
    choose_n = forms.IntegerField(label=_("Projects each voter may choose"), required=False, min_value=1,
                                  max_value=100, help_text=_("Only for a choose-N ballot."))


class ProjectForm(forms.Form):
    idea_id = forms.TypedChoiceField(label=_("From the idea"), required=False, coerce=int, empty_value=None)
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Left empty, the idea's title is used."))
    description = forms.CharField(label=_("Description"), max_length=5_000, required=False, widget=forms.Textarea)
    cost = forms.CharField(label=_("Cost"), max_length=20,
                           widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}))

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        ideas = (Idea.objects.filter(process=process, visibility=Visibility.VISIBLE, merged_into=None)
                 .order_by("-support_count", "-pk").values_list("pk", "title")[:300])
        self.fields["idea_id"].choices = [("", _("— none (a project by staff) —")), *ideas]


class FeasibilityForm(forms.Form):
    feasibility = forms.ChoiceField(label=_("Review"), choices=Feasibility.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=1_000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required when the project is not feasible: residents read it."))
