from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from musharaka.core.errors import DomainError
from musharaka.core.history import history_rows
from musharaka.core.permissions import can, require

from . import selectors, services
from .forms import MemberAddForm, MemberRoleForm, OrganizationFilterForm, OrganizationForm
from .models import Membership, Organization

PAGE_SIZE = 20


def organization_list(request):
    form = OrganizationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    region = data.get("region")
    filters = selectors.OrganizationFilters(
        q=data.get("q") or "", region=region.pk if region else None, sector=data.get("sector") or ""
    )
    page_obj = Paginator(selectors.organization_list(filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "facets": selectors.organization_facets(filters=filters),
        "filters": filters,
        "search_capped": selectors.organization_search_capped(filters=filters),
    }
    template = "orgs/_results.html" if request.headers.get("HX-Request") else "orgs/list.html"
    return render(request, template, context)


def organization_options(request):
    """The <option>s a form's organisation search fills its select with (htmx): names are public."""
    query = (request.GET.get("organization_search") or request.GET.get("q") or "").strip()[:200]
    return render(request, "orgs/_organization_options.html",
                  {"organizations": selectors.organization_options(query), "query": query})


def organization_detail(request, organization_id: int):
    organization = get_object_or_404(Organization.objects.select_related("region", "city"), pk=organization_id)
    user = request.user
    context = {
        "organization": organization,
        "can_change": can(user, "orgs.change_organization", organization),
        "can_manage_members": can(user, "orgs.manage_members", organization),
        "can_verify": can(user, "orgs.verify_organization", organization),
        "can_manage_volunteering": can(user, "volunteering.create_for_organization", organization),  # vol16
        "members": (
            selectors.organization_members(organization=organization)
            if can(user, "orgs.view_members", organization)
            else None
        ),
        "history": (
            history_rows(organization) if can(user, "orgs.view_history", organization) else None
        ),
    }
    return render(request, "orgs/detail.html", context)


@login_required
def organization_create(request):
    require(request.user, "orgs.add_organization")
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(actor=request.user, data=form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The organisation was registered. A coordinator will verify it."))
            return redirect("orgs:detail", organization_id=organization.pk)
    return render(request, "orgs/form.html", {"form": form, "creating": True})


@login_required
def organization_edit(request, organization_id: int):
    organization = get_object_or_404(Organization, pk=organization_id)
    require(request.user, "orgs.change_organization", organization)
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization)
    was_verified = organization.verified
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.organization_update(actor=request.user, organization=organization, data=form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The changes were saved."))
            if was_verified and not saved.verified:
                messages.warning(request, _(
                    "The region or sector changed, so the organisation is no longer verified. "
                    "A coordinator of its region will verify it again."
                ))
            return redirect("orgs:detail", organization_id=organization.pk)
    return render(request, "orgs/form.html", {"form": form, "organization": organization, "creating": False})


@login_required
def organization_members(request, organization_id: int):
    organization = get_object_or_404(Organization, pk=organization_id)
    require(request.user, "orgs.manage_members", organization)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(
                actor=request.user,
                organization=organization,
                user_identifier=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
            )
        except DomainError as error:
            form.add_error("user", str(error.message))
        else:
            messages.success(request, _("The member was added."))
            return redirect("orgs:members", organization_id=organization.pk)
    context = {
        "organization": organization,
        "form": form,
        "members": selectors.organization_members(organization=organization),
        "role_form": MemberRoleForm(),
    }
    return render(request, "orgs/members.html", context)


@login_required
@require_POST
def membership_update(request, organization_id: int, membership_id: int):
    membership = get_object_or_404(
        Membership.objects.select_related("organization", "user"), pk=membership_id, organization_id=organization_id
    )
    try:
        if request.POST.get("action") == "remove":
            services.membership_remove(actor=request.user, membership=membership)
            messages.success(request, _("The member was removed."))
        else:
            form = MemberRoleForm(request.POST)
            if form.is_valid():
                role = form.cleaned_data["role"]
                services.membership_change_role(actor=request.user, membership=membership, role=role)
                messages.success(request, _("The role was changed."))
    except DomainError as error:
        if error.status == 403:
            raise
        messages.error(request, str(error.message))
    return redirect("orgs:members", organization_id=organization_id)


@login_required
@require_POST
def organization_verify(request, organization_id: int):
    organization = get_object_or_404(Organization, pk=organization_id)
    verified = request.POST.get("verified") == "1"
    services.organization_set_verified(actor=request.user, organization=organization, verified=verified)
    messages.success(request, _("The organisation is verified.") if verified else _("Verification was withdrawn."))
    return redirect("orgs:detail", organization_id=organization.pk)
