"""Forms of the plan pages: the list's filters, the plan (area and period), vision, partners, goals, actions, the lead
organisation's status report, status moves, reviews with a rating per goal, and risks.

They check the shape of what is sent (types, lengths, choices, records of this plan); the services decide the rest and
their errors come back on the form under the field they name.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from musharaka.core.forms import StyledFormMixin, in_arabic, in_english
from musharaka.core.i18n import localized
from musharaka.geo.models import City, Neighbourhood, Region
from musharaka.initiatives.models import Initiative
from musharaka.orgs.models import Organization

from .models import (
    RISK_SCALE,
    ActionStatus,
    Alignment,
    FundingSource,
    GoalRating,
    NeedStatus,
    PlanStatus,
    ReviewKind,
    RiskCategory,
    RiskStatus,
)

SCALE = [(value, str(value)) for value in range(1, RISK_SCALE + 1)]


def _arabic(label, max_length, *, required=False, rows=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, max_length=max_length, required=required, widget=in_arabic(widget))


def _english(label, max_length, *, rows=None):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, max_length=max_length, required=False, widget=in_english(widget))


def _date(label, *, required=False):
    return forms.DateField(label=label, required=required,
                           widget=forms.DateInput(attrs={"type": "date", "dir": "ltr"}, format="%Y-%m-%d"))


def _localized_labels(form, *names):
    for name in names:
        if name in form.fields:
            form.fields[name].label_from_instance = localized


def _titled(form, *names):
    for name in names:
        if name in form.fields:
            form.fields[name].label_from_instance = lambda record: localized(record, "title")


class PlanFilterForm(forms.Form):
    """The plans list's filters (GET); a wrong value is ignored rather than refused."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    region = forms.ModelChoiceField(label=_("region"), queryset=Region.objects.order_by("pk"), required=False)
    city = forms.ModelChoiceField(label=_("city or governorate"), queryset=City.objects.none(), required=False)
    status = forms.ChoiceField(label=_("status"), choices=[("", _("Any status")), *PlanStatus.choices],
                               required=False)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.data.get("region", "")
        self.fields["city"].queryset = (City.objects.filter(region_id=int(region)).order_by("name_ar")
                                        if region.isdigit() and len(region) < 10 else City.objects.none())
        _localized_labels(self, "region", "city")
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css

    def values(self) -> dict:
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}  # the valid ones
        return {"q": data["q"] or None, "region": data["region"].pk if data["region"] else None,
                "city": data["city"].pk if data["city"] else None, "status": data["status"] or None,
                "year": data["year"]}


class PlanFields(forms.Form):
    """The fields (their lists set up first); PlanForm styles them."""

    organization = forms.ModelChoiceField(label=_("owning authority"), queryset=Organization.objects.none())
    title_ar = _arabic(_("title (Arabic)"), 250, required=True)
    title_en = _english(_("title (English)"), 250)
    summary_ar = _arabic(_("summary (Arabic)"), 4000, rows=3)
    summary_en = _english(_("summary (English)"), 4000, rows=3)
    region = forms.ModelChoiceField(label=_("region"), queryset=Region.objects.order_by("pk"))
    city = forms.ModelChoiceField(label=_("city or governorate"), queryset=City.objects.none(), required=False,
                                  help_text=_("Choose the region and save to list its cities."))
    neighbourhoods = forms.ModelMultipleChoiceField(label=_("neighbourhoods"), queryset=Neighbourhood.objects.none(),
                                                    required=False,
                                                    help_text=_("Leave empty for the whole city or region."))
    start_year = forms.IntegerField(label=_("first year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("last year"), min_value=2000, max_value=2100)
    consultation_closes_on = _date(_("consultation closes on"))
    matrix_share = forms.IntegerField(label=_("weight of the scoring matrix in the priority (%)"), min_value=0,
                                      max_value=100, initial=70,
                                      help_text=_("The residents' votes weigh the rest."))

    FIELDS = ("title_ar", "title_en", "summary_ar", "summary_en", "region", "city", "start_year", "end_year",
              "consultation_closes_on", "matrix_share")

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]  # a plan keeps its authority
        else:
            self.fields["organization"].queryset = organizations
        region = self.data.get("region") or getattr(self.initial.get("region"), "pk", self.initial.get("region"))
        city = self.data.get("city") or getattr(self.initial.get("city"), "pk", self.initial.get("city"))
        if str(region or "").isdigit() and len(str(region)) < 10:
            self.fields["city"].queryset = City.objects.filter(region_id=int(region)).order_by("name_ar")
        if str(city or "").isdigit() and len(str(city)) < 10:
            self.fields["neighbourhoods"].queryset = Neighbourhood.objects.filter(city_id=int(city)).order_by("name_ar")
        _localized_labels(self, "organization", "region", "city", "neighbourhoods")

    @classmethod
    def initial_for(cls, plan) -> dict:
        initial = {name: getattr(plan, name) for name in cls.FIELDS}
        initial["neighbourhoods"] = list(plan.neighbourhoods.values_list("pk", flat=True))
        return initial

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}


class PlanForm(StyledFormMixin, PlanFields):
    pass


class VisionForm(StyledFormMixin, forms.Form):
    vision_ar = _arabic(_("vision (Arabic)"), 4000, rows=4)
    vision_en = _english(_("vision (English)"), 4000, rows=3)


class PartnersFields(forms.Form):
    """The fields (their lists set up first); PartnersForm styles them."""

    partners = forms.ModelMultipleChoiceField(
        label=_("partner organisations"), queryset=Organization.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Civil associations, universities, the private sector and government bodies that take part."))

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partner_choices(plan)
        _localized_labels(self, "partners")


class PartnersForm(StyledFormMixin, PartnersFields):
    pass


def partner_choices(plan, *extra_ids):
    """Every organisation, by name: partners come from anywhere (a university or a company of another region).
    A searching picker is the next step when the list grows past what a select reads well."""
    return Organization.objects.order_by("name_ar", "pk")


class GoalFields(forms.Form):
    """The fields (their lists set up first); GoalForm styles them."""

    title_ar = _arabic(_("title (Arabic)"), 250, required=True)
    title_en = _english(_("title (English)"), 250)
    description_ar = _arabic(_("description (Arabic)"), 4000, rows=3)
    description_en = _english(_("description (English)"), 4000, rows=3)
    needs: forms.ModelMultipleChoiceField  # its list is set in __init__
    needs = forms.ModelMultipleChoiceField(label=_("needs it answers"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    alignments = forms.ModelMultipleChoiceField(label=_("aligned with"), queryset=Alignment.objects.all(),
                                                required=False, widget=forms.CheckboxSelectMultiple)
    position = forms.IntegerField(label=_("order"), min_value=0, max_value=1000, required=False, initial=0)

    FIELDS = ("title_ar", "title_en", "description_ar", "description_en", "position")

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = plan.needs.filter(status=NeedStatus.OPEN).order_by("-vote_count", "pk")
        self.fields["alignments"].label_from_instance = lambda a: f"{a.code} · {localized(a)}"

    @classmethod
    def initial_for(cls, goal) -> dict:
        initial = {name: getattr(goal, name) for name in cls.FIELDS}
        initial["needs"] = list(goal.needs.values_list("pk", flat=True))
        initial["alignments"] = list(goal.alignments.values_list("pk", flat=True))
        return initial

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.FIELDS}
        data["position"] = data["position"] or 0
        return data


class GoalForm(StyledFormMixin, GoalFields):
    pass


class ActionFields(forms.Form):
    """The fields (their lists set up first); ActionForm styles them."""

    goal: forms.ModelChoiceField  # its list is set in __init__
    goal = forms.ModelChoiceField(label=_("goal"), queryset=None)
    title_ar = _arabic(_("title (Arabic)"), 250, required=True)
    title_en = _english(_("title (English)"), 250)
    description_ar = _arabic(_("how it will be carried out (Arabic)"), 8000, rows=4)
    description_en = _english(_("how it will be carried out (English)"), 8000, rows=3)
    lead_organization: forms.ModelChoiceField  # its list is set in __init__
    lead_organization = forms.ModelChoiceField(label=_("lead organisation"), queryset=None)
    partners: forms.ModelMultipleChoiceField  # its list is set in __init__
    partners = forms.ModelMultipleChoiceField(label=_("partner organisations"), queryset=None, required=False,
                                              widget=forms.SelectMultiple(attrs={"size": 8}))
    budget = forms.DecimalField(label=_("budget"), max_digits=14, decimal_places=2, min_value=0, required=False)
    currency = forms.CharField(label=_("currency"), max_length=3, initial="SAR",
                               widget=forms.TextInput(attrs={"dir": "ltr"}))
    funding_source = forms.ChoiceField(label=_("funding source"), choices=FundingSource.choices,
                                       initial=FundingSource.UNFUNDED)
    start_date = _date(_("start"))
    end_date = _date(_("end"))
    status = forms.ChoiceField(label=_("status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED)
    need: forms.ModelChoiceField  # its list is set in __init__
    need = forms.ModelChoiceField(label=_("need it answers"), queryset=None, required=False)
    initiatives: forms.ModelMultipleChoiceField  # its list is set in __init__
    initiatives = forms.ModelMultipleChoiceField(label=_("linked initiatives"), queryset=None, required=False,
                                                 widget=forms.SelectMultiple(attrs={"size": 6}))
    position = forms.IntegerField(label=_("order"), min_value=0, max_value=1000, required=False, initial=0)

    FIELDS = ("title_ar", "title_en", "description_ar", "description_en", "lead_organization", "budget", "currency",
              "funding_source", "start_date", "end_date", "status", "position", "need")

    def __init__(self, *args, plan, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = [action.lead_organization_id] if action else []
        organizations = partner_choices(plan, *current)
        self.fields["goal"].queryset = plan.goals.order_by("position", "pk")
        self.fields["lead_organization"].queryset = organizations
        self.fields["partners"].queryset = organizations
        self.fields["need"].queryset = plan.needs.filter(status=NeedStatus.OPEN).order_by("-vote_count", "pk")
        # The initiatives of the organisations around the plan (and those already linked).
        linked = list(action.initiatives.values_list("pk", flat=True)) if action else []
        self.fields["initiatives"].queryset = Initiative.objects.filter(
            Q(lead_organization_id__in=organizations.values("pk")) | Q(pk__in=linked)).order_by("title_ar", "pk")
        _localized_labels(self, "lead_organization", "partners")
        _titled(self, "goal", "initiatives")

    @classmethod
    def initial_for(cls, action) -> dict:
        initial = {name: getattr(action, name) for name in cls.FIELDS}
        initial["goal"] = action.goal_id
        initial["partners"] = list(action.partners.values_list("pk", flat=True))
        initial["initiatives"] = list(action.initiatives.values_list("pk", flat=True))
        return initial

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.FIELDS}
        data["goal"] = self.cleaned_data["goal"]
        data["position"] = data["position"] or 0
        data["currency"] = (data["currency"] or "SAR").upper()
        return data


class ActionForm(StyledFormMixin, ActionFields):
    pass


class ActionReportForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ActionStatus.choices)


class MoveForm(forms.Form):
    target = forms.ChoiceField(choices=PlanStatus.choices)
    note = forms.CharField(max_length=4000, required=False)


class ReviewFields(forms.Form):
    """The fields (their lists set up first); ReviewForm styles them."""

    kind = forms.ChoiceField(label=_("kind"), choices=ReviewKind.choices)
    held_on = _date(_("held on"), required=True)
    event: forms.ModelChoiceField  # its list is set in __init__
    event = forms.ModelChoiceField(label=_("workshop (event)"), queryset=None, required=False,
                                   help_text=_("The workshop where the review was held, when it is on the platform."))
    findings_ar = _arabic(_("findings"), 8000, required=True, rows=5)
    decisions_ar = _arabic(_("decisions"), 8000, rows=4)
    opens_revision = forms.BooleanField(label=_("opens a revision of the plan"), required=False)

    FIELDS = ("kind", "held_on", "event", "findings_ar", "decisions_ar", "opens_revision")

    def __init__(self, *args, plan, goals, rated=frozenset(), **kwargs):
        """`rated`: the goals a recorded review already rated. Their rating is changed, never removed (the service
        keeps a rating it is not given), so their list offers no "Not rated"."""
        from musharaka.events.models import Event

        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.filter(organization_id=plan.organization_id) \
            .order_by("-starts_at", "pk")
        _titled(self, "event")
        self.goals = goals
        for goal in goals:
            is_rated = goal.pk in rated
            self.fields[f"rating_{goal.pk}"] = forms.ChoiceField(
                label=localized(goal, "title"), required=is_rated,
                choices=[*([] if is_rated else [("", _("Not rated"))]), *GoalRating.choices],
                widget=forms.Select(attrs={"class": "form-select"}))
            self.fields[f"comment_{goal.pk}"] = forms.CharField(
                label=_("comment"), max_length=1000, required=False,
                widget=in_arabic(forms.TextInput(attrs={"class": "form-control"})))

    @classmethod
    def initial_for(cls, review, ratings) -> dict:
        """A recorded review's values, with its ratings ({goal id: ReviewRating})."""
        initial = {name: getattr(review, name) for name in cls.FIELDS}
        for goal_id, rating in ratings.items():
            initial[f"rating_{goal_id}"] = rating.rating
            initial[f"comment_{goal_id}"] = rating.comment
        return initial

    def rating_fields(self):
        return [(goal, self[f"rating_{goal.pk}"], self[f"comment_{goal.pk}"]) for goal in self.goals]

    def main_fields(self):
        return [self[name] for name in self.FIELDS]

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}

    def ratings(self) -> dict[int, tuple[str, str]]:
        return {goal.pk: (self.cleaned_data[f"rating_{goal.pk}"], self.cleaned_data.get(f"comment_{goal.pk}") or "")
                for goal in self.goals if self.cleaned_data.get(f"rating_{goal.pk}")}


class ReviewForm(StyledFormMixin, ReviewFields):
    pass


class RiskFields(forms.Form):
    """The fields (their lists set up first); RiskForm styles them."""

    title = _arabic(_("risk"), 250, required=True)
    description = _arabic(_("description"), 4000, rows=3)
    category = forms.ChoiceField(label=_("category"), choices=RiskCategory.choices)
    likelihood = forms.TypedChoiceField(label=_("likelihood (1–5)"), choices=SCALE, coerce=int)
    impact = forms.TypedChoiceField(label=_("impact (1–5)"), choices=SCALE, coerce=int)
    owner = _arabic(_("risk owner"), 200, required=True)
    mitigation = _arabic(_("mitigation"), 4000, rows=3)
    contingency = _arabic(_("contingency"), 4000, rows=3)
    status = forms.ChoiceField(label=_("status"), choices=RiskStatus.choices, initial=RiskStatus.OPEN)
    review_date = _date(_("next review"))
    action: forms.ModelChoiceField  # its list is set in __init__
    action = forms.ModelChoiceField(label=_("action"), queryset=None, required=False,
                                    help_text=_("Leave empty for a risk of the whole plan."))
    initiative: forms.ModelChoiceField  # its list is set in __init__
    initiative = forms.ModelChoiceField(label=_("initiative"), queryset=None, required=False,
                                        help_text=_("An initiative linked to one of the plan's actions."))

    FIELDS = ("title", "description", "category", "likelihood", "impact", "owner", "mitigation", "contingency",
              "status", "review_date", "action", "initiative")

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = plan.actions.order_by("goal_id", "position", "pk")
        self.fields["initiative"].queryset = Initiative.objects.filter(
            plan_actions__plan=plan).distinct().order_by("title_ar", "pk")
        _titled(self, "action", "initiative")

    @classmethod
    def initial_for(cls, risk) -> dict:
        return {name: getattr(risk, name) for name in cls.FIELDS}

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}


class RiskForm(StyledFormMixin, RiskFields):
    pass
