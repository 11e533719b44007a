"""Pages of initiatives: the catalogue, an initiative with its workflow, the forms, portfolios.

Views read through the selectors, write through the services and ask `can`/`require` for permissions;
a domain error becomes a message or a form error, never a 500.
"""

from dataclasses import replace
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.core import search
from musharaka.core.errors import Conflict, DomainError, NotPermitted
from musharaka.core.files import is_named_in_url, protected_file_response
from musharaka.core.history import history_rows
from musharaka.core.i18n import localized
from musharaka.core.permissions import can, is_platform_admin, require
from musharaka.geo.models import City, Neighbourhood, Region
from musharaka.impact import sections as impact_sections  # ---- impact (issue #15)
from musharaka.orgs import selectors as org_selectors
from musharaka.orgs.models import Organization, Role
from musharaka.orgs.roles import roles_of
from musharaka.results import selectors as results_selectors
from musharaka.taxonomy.models import Axis

from . import selectors, services
from .forms import (
    InitiativeFilterForm,
    InitiativeForm,
    OrganizationChoiceForm,
    PartnerFormSet,
    PlaceFormSet,
    RejectForm,
    ReplicateForm,
    partner_specs,
    place_specs,
)
from .models import Initiative, InitiativeAttachment, Status

PAGE_SIZE = 20

# The workflow buttons, in the order the page shows them: permission, label, button style.
WORKFLOW_ACTIONS = {
    "submit": ("initiatives.submit_initiative", gettext_lazy("Submit for approval"), "btn-brand"),
    "approve": ("initiatives.approve_initiative", gettext_lazy("Approve and publish"), "btn-success"),
    "reject": ("initiatives.reject_initiative", gettext_lazy("Return to draft"), "btn-outline-danger"),
    "activate": ("initiatives.activate_initiative", gettext_lazy("Mark as started"), "btn-brand"),
    "complete": ("initiatives.complete_initiative", gettext_lazy("Mark as completed"), "btn-brand"),
    "cancel": ("initiatives.cancel_initiative", gettext_lazy("Cancel the initiative"), "btn-outline-danger"),
}
DONE_MESSAGES = {
    "submit": gettext_lazy("The initiative was submitted. The region's coordinators will review it."),
    "approve": gettext_lazy("The initiative was approved and published."),
    "reject": gettext_lazy("The initiative was returned to its lead organisation with your reason."),
    "activate": gettext_lazy("The initiative is marked as started."),
    "complete": gettext_lazy("The initiative is marked as completed."),
    "cancel": gettext_lazy("The initiative was cancelled."),
}


# ---------------------------------------------------------------- helpers


def _visible_or_404(user, initiative_id: int, queryset=None) -> Initiative:
    queryset = selectors.visible_initiatives(user) if queryset is None else queryset
    try:
        return queryset.get(pk=initiative_id)
    except Initiative.DoesNotExist:
        raise Http404 from None


def _editable_organizations(user):
    """The organisations where this person is an admin or editor."""
    ids = [pk for pk, role in roles_of(user).by_organization.items() if role in (Role.ADMIN, Role.EDITOR)]
    return org_selectors.by_name(Organization.objects.filter(pk__in=ids).select_related("region"))


def _is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def _number(value) -> str:
    """125000 → "125,000"; 1250.5 → "1,250.50" (digits as on official Saudi records, in both languages)."""
    if value is None:
        return ""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}"


def _ensure_selected(items: list[dict], value, label) -> None:
    """Keep a chosen facet value in its list even when nothing matches it any more."""
    if value and not any(item["selected"] for item in items):
        items.insert(0, {"value": value, "label": str(label), "count": 0, "selected": True})


CARD_CACHE_SECONDS = 120
# What a card shows (and its cache key reads): the long texts (descriptions, results, lessons) stay unread.
CARD_FIELDS = (
    "id", "title_ar", "title_en", "summary_ar", "summary_en", "status", "is_success_story", "start_date", "end_date",
    "replication_count", "updated_at", "published_at", "lead_organization_id", "region_id",
    "lead_organization__id", "lead_organization__name_ar", "lead_organization__name_en", "lead_organization__updated_at",
    "region__id", "region__name_ar", "region__name_en",
)
CARD_AXES = Prefetch("axes", queryset=Axis.objects.only("id", "name_ar", "name_en", "position"))


class CardRow:
    """A row of a list page: what the page itself reads (the card is rendered HTML)."""

    __slots__ = ("card_html", "id", "lead_organization_id", "pk", "title_ar", "title_en")

    def __init__(self, pk: int, lead_organization_id: int, title_ar: str, title_en: str, card_html: str):
        self.pk = self.id = pk
        self.lead_organization_id = lead_organization_id
        self.title_ar, self.title_en = title_ar, title_en
        self.card_html = card_html


CARD_KEY_FIELDS = (
    "pk", "updated_at", "replication_count", "lead_organization_id", "lead_organization__updated_at", "title_ar",
    "title_en",
)


def _card_rows(ids: list[int]) -> list[CardRow]:
    """The rows of these initiatives, in this order, each with its rendered card (`card_html`), cached
    per language and per state of what it shows.

    Rendering the card template is most of a list page's time (about 1.6 ms a card, 20 a page). The key
    moves with every save of the initiative (`updated_at`: status, texts, axes, success mark), its
    replication count and its lead organisation's last save; region and axis renames show within
    CARD_CACHE_SECONDS. Only the key's columns are read (as tuples); model instances with their axes
    are built just for the cards not in the cache.
    """
    language = get_language()
    found = {
        pk: (f"initiatives:card:{language}:{pk}:{updated.timestamp()}:{replications}:{lead_updated.timestamp()}",
             lead, title_ar, title_en)
        for pk, updated, replications, lead, lead_updated, title_ar, title_en in Initiative.objects.filter(pk__in=ids)
        .values_list(*CARD_KEY_FIELDS)
    }
    cached = cache.get_many([key for key, *_rest in found.values()])
    missing = [pk for pk, (key, *_rest) in found.items() if key not in cached]
    if missing:
        rendered = {}
        for row in Initiative.objects.filter(pk__in=missing).select_related("lead_organization", "region") \
                .only(*CARD_FIELDS).prefetch_related(CARD_AXES):
            key = found[row.pk][0]
            cached[key] = rendered[key] = render_to_string("initiatives/_card.html", {"initiative": row})
        cache.set_many(rendered, CARD_CACHE_SECONDS)
    return [CardRow(pk, *found[pk][1:], cached[found[pk][0]]) for pk in ids if pk in found]


def _lookup(request):
    """The small search answers that fill the form's selects (htmx): organisations, cities, neighbourhoods."""
    kind = request.GET.get("lookup")
    if not kind:
        return None
    if kind == "organizations":
        query = (request.GET.get("organization_search") or request.GET.get("q") or "").strip()[:200]
        return render(request, "orgs/_organization_options.html",
                      {"organizations": org_selectors.organization_options(query), "query": query})
    if kind in ("cities", "neighbourhoods"):
        parent = "region" if kind == "cities" else "city"
        value = next(
            (value for name, value in request.GET.items() if name == parent or name.endswith(f"-{parent}")), ""
        )
        parent_id = int(value) if value.isdigit() and len(value) < 10 else None
        if kind == "cities":
            rows = City.objects.filter(region_id=parent_id) if parent_id else City.objects.none()
            empty = _("— any city —")
        else:
            rows = Neighbourhood.objects.filter(city_id=parent_id) if parent_id else Neighbourhood.objects.none()
            empty = _("— any neighbourhood —")
        return render(request, "initiatives/_place_options.html", {"rows": rows, "empty": empty})
    raise Http404


# ---------------------------------------------------------------- catalogue


def catalogue(request):
    form = InitiativeFilterForm(request.GET or None)
    filters = form.filters()
    if filters.city and not City.objects.filter(pk=filters.city, region_id=filters.region).exists():
        filters = replace(filters, city=None)  # a city left over from another region
    user = request.user
    rows = selectors.InitiativeRows(selectors.initiative_list(user=user, filters=filters), user=user, filters=filters,
                                    fetch=_card_rows)
    facets = rows.with_facets()  # cached; gives the row count too
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if filters.region and not any(item["selected"] for item in facets["region"]):
        _ensure_selected(facets["region"], filters.region, Region.objects.filter(pk=filters.region).first() or "")
    _ensure_selected(facets["status"], filters.status, dict(Status.choices).get(filters.status, ""))
    _ensure_selected(facets["year"], filters.year, filters.year)
    context = {
        "form": form,
        "filters": filters,
        "facets": facets,
        "page_obj": page_obj,
        "searching": bool(filters.q),
        "search_capped": bool(filters.q) and search.is_capped(kind=services.SEARCH_KIND, query=filters.q),
        "can_create": can(user, "initiatives.add_initiative"),
    }
    template = "initiatives/_catalogue_results.html" if _is_htmx(request) else "initiatives/catalogue.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def most_replicated(request):
    rows = list(selectors.most_replicated(limit=50).prefetch_related("axes"))
    return render(request, "initiatives/most_replicated.html", {"initiatives": rows})


def portfolio(request, organization_id: int):
    organization = get_object_or_404(Organization.objects.select_related("region"), pk=organization_id)
    rows = selectors.organization_portfolio(user=request.user, organization_id=organization.pk)
    counts = dict(rows.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    status_counts = [
        {"value": value, "label": label, "count": counts[value]} for value, label in Status.choices if counts.get(value)
    ]
    paging = Paginator(rows.values_list("pk", flat=True), PAGE_SIZE)  # ids of the page, then its cards
    paging.count = sum(counts.values())  # the status counts already say how many rows there are
    page_obj = paging.get_page(request.GET.get("page"))
    page_obj.object_list = _card_rows(list(page_obj.object_list))  # type: ignore[assignment]  # ids → their rows
    context = {
        "organization": organization,
        "page_obj": page_obj,
        "status_counts": status_counts,
        "total": sum(counts.values()),
        "can_create": can(request.user, "initiatives.create_for_organization", organization),
    }
    return render(request, "initiatives/portfolio.html", context)


# ---------------------------------------------------------------- one initiative


def initiative_detail(request, initiative_id: int):
    user = request.user
    try:
        initiative = selectors.initiative_detail(user=user, initiative_id=initiative_id)
    except Initiative.DoesNotExist:
        raise Http404 from None
    actions = [
        {"name": name, "label": label, "style": style}
        for name, (permission, label, style) in WORKFLOW_ACTIONS.items()
        if can(user, permission, initiative)
    ]
    # Offered as services.initiative_replicate decides (see its docstring): your own organisations, and
    # for a platform admin any organisation, found by name like a partner.
    replicate_organizations, replicate_any = [], False
    if can(user, "initiatives.replicate_initiative", initiative):
        replicate_organizations = list(_editable_organizations(user))
        replicate_any = is_platform_admin(user)
    context = {
        "initiative": initiative,
        "partners": list(initiative.partners.all()),
        "places": list(initiative.places.all()),
        "transitions": list(initiative.transitions.all()),
        "actions": [action for action in actions if action["name"] != "reject"],
        "can_reject": any(action["name"] == "reject" for action in actions),
        "reject_form": RejectForm(),
        "can_edit": can(user, "initiatives.change_initiative", initiative),
        "can_mark_success": can(user, "initiatives.mark_success", initiative),
        "replicate_organizations": replicate_organizations,
        "replicate_any": replicate_any,
        "lookup_url": reverse("initiatives:create"),
        "similar": selectors.similar_rows(initiative=initiative),
        "replicas": list(selectors.replications_of(initiative=initiative, user=user)),
        "history": history_rows(initiative) if can(user, "initiatives.view_history", initiative) else None,
        # ---- results (issue #14): the initiative's results framework (four queries)
        "results_section": results_selectors.section_for(initiative, user),
        # ---- impact (issue #15): the published SROI analyses, a link to the logic model and analyses (one query)
        "impact_section": impact_sections.section_for(initiative, user),
        "figures": {
            "budget": _number(initiative.budget),
            "planned": _number(initiative.planned_beneficiaries),
            "actual": _number(initiative.actual_beneficiaries),
        },
    }
    return render(request, "initiatives/detail.html", context)


@login_required
@require_POST
def initiative_action(request, initiative_id: int, action: str):
    if action not in WORKFLOW_ACTIONS:
        raise Http404
    initiative = _visible_or_404(request.user, initiative_id)
    seen = request.POST.get("version", "")  # the version the page showed: acting on an older one is a conflict
    try:
        services.initiative_transition(
            actor=request.user, initiative=initiative, action=action, reason=request.POST.get("reason", "")[:2000],
            expected_version=int(seen) if seen.isdigit() and len(seen) < 10 else None,
        )
    except NotPermitted:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, DONE_MESSAGES[action])
    return redirect("initiatives:detail", initiative_id=initiative.pk)


@login_required
@require_POST
def initiative_mark_success(request, initiative_id: int):
    initiative = _visible_or_404(request.user, initiative_id)
    successful = request.POST.get("successful", "1") != "0"
    try:
        services.initiative_mark_success(actor=request.user, initiative=initiative, successful=successful)
    except NotPermitted:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("It is now shown as a successful experience.") if successful
            else _("It is no longer shown as a successful experience."),
        )
    return redirect("initiatives:detail", initiative_id=initiative.pk)


@login_required
@require_POST
def initiative_replicate(request, initiative_id: int):
    source = _visible_or_404(request.user, initiative_id)
    require(request.user, "initiatives.replicate_initiative", source)  # first, as in the API
    # Any organisation is taken and the service decides, with the API's rule and answers (403 for an
    # organisation the person may not start initiatives for): the page's list only suggests.
    form = ReplicateForm(request.POST, organizations=Organization.objects.select_related("region"))
    if not form.is_valid():
        messages.error(request, _("Choose the organisation that will replicate this experience."))
        return redirect("initiatives:detail", initiative_id=source.pk)
    organization = form.cleaned_data["organization"]
    try:
        replica = services.initiative_replicate(actor=request.user, source=source, organization=organization)
    except NotPermitted:
        raise
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("initiatives:detail", initiative_id=source.pk)
    messages.success(
        request,
        _("A draft was created for %(organization)s from this experience. Adapt it to your context, then submit it.")
        % {"organization": localized(organization)},
    )
    return redirect("initiatives:edit", initiative_id=replica.pk)


# ---------------------------------------------------------------- create and edit


def _save_attachments(user, initiative, uploads) -> None:
    for upload in uploads:
        services.attachment_add(actor=user, initiative=initiative, title=upload.name, upload=upload)


@login_required
def initiative_create(request):
    lookup = _lookup(request)
    if lookup is not None:
        return lookup
    user = request.user
    require(user, "initiatives.add_initiative")
    organizations = _editable_organizations(user)
    requested = request.POST.get("organization") or request.GET.get("organization") or ""
    chosen = None
    if requested.isdigit() and len(requested) < 10:
        chosen = Organization.objects.select_related("region").filter(pk=int(requested)).first()
        if chosen is not None:
            require(user, "initiatives.create_for_organization", chosen)
            if is_platform_admin(user):
                organizations = Organization.objects.filter(Q(pk__in=organizations.values("pk")) | Q(pk=chosen.pk))
    if chosen is None and len(organizations) == 1:
        chosen = organizations[0]
    post = request.POST if request.method == "POST" else None
    org_form = OrganizationChoiceForm(post, organizations=organizations, initial={"organization": chosen})
    form = InitiativeForm(post, request.FILES or None, initial={"region": chosen.region if chosen else None})
    lookup_url = reverse("initiatives:create")
    partners = PartnerFormSet(post, prefix="partners")
    places = PlaceFormSet(post, prefix="places", form_kwargs={"lookup_url": lookup_url})
    if post is not None and all([org_form.is_valid(), form.is_valid(), partners.is_valid(), places.is_valid()]):
        data = {**form.service_data(), "partners": partner_specs(partners), "places": place_specs(places)}
        try:
            with transaction.atomic():
                initiative = services.initiative_create(
                    actor=user, organization=org_form.cleaned_data["organization"], data=data
                )
                _save_attachments(user, initiative, form.cleaned_data["attachments"])
        except NotPermitted:
            raise
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The draft was saved. Submit it for approval when it is ready."))
            return redirect("initiatives:detail", initiative_id=initiative.pk)
    context = {
        "form": form, "org_form": org_form, "partners": partners, "places": places, "creating": True,
        "lookup_url": lookup_url,
    }
    return render(request, "initiatives/form.html", context)


@login_required
def initiative_edit(request, initiative_id: int):
    lookup = _lookup(request)
    if lookup is not None:
        return lookup
    user = request.user
    initiative = _visible_or_404(user, initiative_id, selectors.visible_initiatives(user).select_related(
        "lead_organization", "region"
    ))
    require(user, "initiatives.change_initiative", initiative)
    post = request.POST if request.method == "POST" else None
    lookup_url = reverse("initiatives:edit", kwargs={"initiative_id": initiative.pk})
    form = InitiativeForm(post, request.FILES or None, instance=initiative)
    partners = PartnerFormSet(post, prefix="partners", initial=[
        {"organization": partner.organization, "role": partner.role}
        for partner in initiative.partners.select_related("organization").order_by("pk")
    ])
    places = PlaceFormSet(post, prefix="places", form_kwargs={"lookup_url": lookup_url}, initial=[
        {"region": place.region_id, "city": place.city_id, "neighbourhood": place.neighbourhood_id}
        for place in initiative.places.order_by("pk")
    ])
    if post is not None and all([form.is_valid(), partners.is_valid(), places.is_valid()]):
        data = {**form.service_data(), "partners": partner_specs(partners), "places": place_specs(places)}
        try:
            with transaction.atomic():
                saved = services.initiative_update(
                    actor=user, initiative=initiative, data=data, expected_version=form.cleaned_data.get("version")
                )
                _save_attachments(user, saved, form.cleaned_data["attachments"])
        except NotPermitted:
            raise
        except Conflict:
            current = Initiative.objects.filter(pk=initiative.pk).values_list("version", flat=True).first()
            posted = cast(QueryDict, form.data).copy()  # the form is bound to request.POST
            posted["version"] = "" if current is None else str(current)
            form.data = posted
            form.add_error(None, _(
                "Someone else changed this initiative while you were editing it. Your changes are kept below: "
                "compare them with the current version, then save again to replace it with yours."
            ))
            conflict = True
        except DomainError as error:
            _form_error(form, error)
            conflict = False
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("initiatives:detail", initiative_id=initiative.pk)
    else:
        conflict = False
    context = {
        "form": form, "partners": partners, "places": places, "initiative": initiative, "creating": False,
        "conflict": conflict, "lookup_url": lookup_url,
    }
    return render(request, "initiatives/form.html", context)


@require_safe
def attachment_download(request, initiative_id: int, attachment_id: int):
    """Attachments are private files: handed out only to people who may see the initiative."""
    visible = selectors.visible_initiatives(request.user).filter(pk=initiative_id)
    attachment = get_object_or_404(InitiativeAttachment, pk=attachment_id, initiative__in=visible)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=(attachment.file.name or "").rsplit("/", 1)[-1],
                        content_type=attachment.content_type)


@require_safe
def initiative_cover(request, initiative_id: int, filename: str):
    """The cover of an initiative, to whoever may see the initiative (the page's rule): 404 to anyone else.

    Covers live in the private storage whatever the status (a draft's has no public URL) and are always
    served here: a published one with caching headers so that browsers and the proxy keep it, a draft's
    with `no-store`. Chosen over moving the file to MEDIA_ROOT on publication and back: no window between
    the commit and a file move in which the row and the file disagree, no copy left behind by a failed
    move, and an unpublished cover stops answering here at once. See core.files.protected_file_response.
    """
    initiative = (Initiative.objects.filter(pk=initiative_id)
                  .only("pk", "status", "lead_organization_id", "region_id", "cover_image").first())
    # The URL names the file: an earlier cover's address answers 404 like a wrong one.
    if initiative is None or not is_named_in_url(initiative.cover_image, filename):
        raise Http404
    # A published cover is decided without the person's roles (view_initiative tests publication first).
    if not can(request.user, "initiatives.view_initiative", initiative):
        raise Http404
    return protected_file_response(initiative.cover_image, published=initiative.is_published)
