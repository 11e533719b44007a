"""Initiatives own results of the shared framework: the lead organisation reports and approves their indicators'
updates (by two different people), and whoever may read the initiative reads its results."""

from django.urls import reverse

from musharaka.core.permissions import can
from musharaka.results import owners

from .models import Initiative

owners.register(Initiative, owners.Owner(
    organizations=lambda initiative: (initiative.lead_organization_id, initiative.lead_organization_id),
    can_view=lambda user, initiative: can(user, "initiatives.view_initiative", initiative),
    url=lambda initiative: reverse("initiatives:detail", kwargs={"initiative_id": initiative.pk}),
))
