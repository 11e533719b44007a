"""Pages of partnership agreements: the register, an agreement with its timeline, recording and editing it with its
parties, commitments and their follow-up, documents, comments, the decisions that end or renew it, and an
organisation's portfolio.

Views read through the selectors, write through the services and ask `can`/`require`: who may not see an agreement
gets a 404 (a draft is not there for them), who may see it but not act a 403; a domain error becomes a form error or
a message, never a 500. Every service is one transaction: a refused write leaves nothing half-written.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.errors import DomainError, NotPermitted
from musharaka.core.files import is_named_in_url, protected_file_response
from musharaka.core.permissions import can, is_platform_admin, require
from musharaka.core.refusals import form_error
from musharaka.events.selectors import visible_events
from musharaka.geo.models import Region
from musharaka.initiatives.models import Initiative
from musharaka.initiatives.selectors import visible_initiatives
from musharaka.orgs.models import Organization, Role, Sector
from musharaka.orgs.roles import roles_of
from musharaka.taxonomy.models import Axis

from . import selectors, services
from .forms import (
    AgreementFilterForm,
    AgreementForm,
    CommentForm,
    CommitmentForm,
    DocumentForm,
    FollowUpForm,
    RenewForm,
    TerminateForm,
    party_formset,
)
from .models import (
    OPEN_COMMITMENT_STATUSES,
    Agreement,
    AgreementComment,
    AgreementDocument,
    AgreementKind,
    AgreementStatus,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    PartyRole,
    Renewal,
    Stage,
)
from .rules import is_published
from .timeline import agreement_timeline

PAGE_SIZE = 20
PORTFOLIO_COMMITMENTS = 50
EVENT_CHOICES = 30
INITIATIVE_CHOICES = 100


def _names() -> dict:
    """The translated names every page prints for the stored codes."""
    return {"kind_names": dict(AgreementKind.choices), "status_names": dict(AgreementStatus.choices),
            "role_names": dict(PartyRole.choices), "commitment_status_names": dict(CommitmentStatus.choices),
            "renewal_names": dict(Renewal.choices), "sector_names": dict(Sector.choices)}


def _visible_or_404(user, agreement_id: int, shape=None) -> Agreement:
    queryset = selectors.visible_agreements(user)
    return get_object_or_404(shape(queryset) if shape is not None else queryset, pk=agreement_id)


def _changeable(request, agreement_id: int) -> Agreement:
    """An agreement the person may edit: 404 when they may not even see it, 403 when they may only see it."""
    agreement = _visible_or_404(request.user, agreement_id, lambda agreements: agreements.select_related("organization"))
    require(request.user, "partnerships.change_agreement", agreement)
    return agreement


def _editable_organizations(user):
    if is_platform_admin(user):
        return Organization.objects.order_by("name_ar")
    ids = [pk for pk, role in roles_of(user).by_organization.items() if role in (Role.ADMIN, Role.EDITOR)]
    return Organization.objects.filter(pk__in=ids).order_by("name_ar")


def export_url(request) -> str:
    """The CSV/XLSX export of the register with the current filters."""
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    return reverse("partnerships:export") + ("?" + query.urlencode() if query else "")


# ---------------------------------------------------------------- the register


@require_safe
def agreement_list(request):
    form = AgreementFilterForm(request.GET or None)
    filters = form.filters()
    today = timezone.localdate()
    agreements = selectors.filtered_agreements(request.user, filters, today=today)
    count = agreements.count()
    page_obj = Paginator(range(count), PAGE_SIZE).get_page(request.GET.get("page"))
    start = (page_obj.number - 1) * PAGE_SIZE
    rows = selectors.agreement_rows(agreements[start:start + PAGE_SIZE], today=today) if count else []
    page_obj.object_list = rows  # type: ignore[assignment]
    context = {
        "form": form, "filters": filters, "page_obj": page_obj, "rows": rows, **_names(),
        "kinds": AgreementKind.choices, "statuses": AgreementStatus.choices, "sectors": Sector.choices,
        "regions": Region.objects.order_by("pk"), "axes": Axis.objects.all(),
        "filter_organization": Organization.objects.filter(pk=filters.organization).first()
        if filters.organization else None,
        "filter_event": visible_events(request.user).filter(pk=filters.event).first() if filters.event else None,
        "can_add": can(request.user, "partnerships.add_agreement"),
        "export_url": export_url(request),
    }
    return render(request, "partnerships/list.html", context)


# ---------------------------------------------------------------- an agreement


def _commitments(agreement: Agreement, parties: list) -> list[Commitment]:
    """The commitments with their updates, each tied to the parties and agreement already read (no query per row)."""
    by_id = {party.pk: party for party in parties}
    commitments = list(agreement.commitments.prefetch_related(
        Prefetch("updates", queryset=CommitmentUpdate.objects.select_related("author").order_by("-happened_on", "-pk"))))
    for commitment in commitments:
        commitment.party = by_id[commitment.party_id]
        commitment.agreement = agreement
    return commitments


@require_safe
def agreement_detail(request, agreement_id: int):
    user = request.user
    agreement = _visible_or_404(user, agreement_id, lambda agreements: agreements.select_related(
        "organization", "event", "session", "renews"))
    today = timezone.localdate()
    parties = list(agreement.parties.select_related("organization"))
    # The rules read the parties once per agreement (rules.party_organization_ids): these are they.
    setattr(agreement, "_party_org_ids",  # noqa: B010
            frozenset(party.organization_id for party in parties if party.organization_id))
    commitments = _commitments(agreement, parties)
    view_private = can(user, "partnerships.view_private", agreement)
    documents = list(agreement.documents.all())
    if not view_private:
        documents = [document for document in documents if document.is_public and is_published(user, agreement)]
    by_party: dict[int, list] = {party.pk: [] for party in parties}
    for commitment in commitments:
        by_party[commitment.party_id].append(commitment)
    overdue = {commitment.pk for commitment in commitments if commitment.is_overdue(today)}
    renewals = list(selectors.visible_agreements(user).filter(renews=agreement).only(
        "id", "title_ar", "title_en", "signed_on", "stage"))
    event_id = agreement.event_id
    event_visible = bool(event_id) and visible_events(user).filter(pk=int(event_id or 0)).exists()
    renews_id = agreement.renews_id
    renews = agreement.renews if renews_id and selectors.visible_agreements(user).filter(pk=int(renews_id)).exists() else None
    updates = sorted((update for commitment in commitments for update in commitment.updates.all()),
                     key=lambda update: (update.happened_on, update.pk))
    context = {
        "agreement": agreement, "status": agreement.status(today), "today": today, **_names(),
        "parties": [(party, by_party[party.pk]) for party in parties],
        "commitment_total": len(commitments), "overdue": overdue, "overdue_count": len(overdue),
        "follows_up": {commitment.pk for commitment in commitments
                       if can(user, "partnerships.follow_up_commitment", commitment)},
        "timeline": agreement_timeline(agreement, today, commitments=commitments, updates=updates,
                                       renewals=renewals),
        "documents": documents, "view_private": view_private,
        "comments": list(agreement.comments.select_related("author", "organization")) if view_private else [],
        "axes": list(agreement.axes.all()), "regions": list(agreement.regions.all()),
        "initiatives": list(visible_initiatives(user).filter(agreements=agreement).only("id", "title_ar", "title_en")),
        "renewals": renewals,
        "renews": renews,
        "event_visible": event_visible,
        "can_change": can(user, "partnerships.change_agreement", agreement),
        "can_comment": can(user, "partnerships.comment_agreement", agreement),
        "can_moderate": can(user, "partnerships.moderate_agreement", agreement),
        "comment_form": CommentForm(),
    }
    return render(request, "partnerships/detail.html", context)


# ---------------------------------------------------------------- recording and editing


def _form_choices(user, organizations, *, event_id: int | None = None, agreement: Agreement | None = None):
    """The events one may name (the chosen one and the latest of one's organisations) and the initiatives one may
    link (those of the organisations one edits for): short lists, validated against what the person may see."""
    events = visible_events(user)
    latest = list(events.filter(organization__in=organizations).order_by("-starts_at").values_list("pk", flat=True)
                  [:EVENT_CHOICES])
    chosen = [event_id] if event_id else []
    if agreement is not None and agreement.event_id:
        chosen.append(agreement.event_id)
    offered = events.filter(pk__in=[*chosen, *latest]).order_by("-starts_at")
    initiative_ids = list(visible_initiatives(user).filter(lead_organization__in=organizations)
                          .order_by("-pk").values_list("pk", flat=True)[:INITIATIVE_CHOICES])
    if agreement is not None:
        initiative_ids += list(agreement.initiatives.values_list("pk", flat=True))
    return offered, Initiative.objects.filter(pk__in=initiative_ids).order_by("title_ar")


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _save(request, form, formset, agreement: Agreement | None = None) -> Agreement:
    data = form.service_data()
    if "stage" not in form.fields:
        data.pop("stage")
    related = {"axes": form.cleaned_data["axes"], "regions": form.cleaned_data["regions"],
               "initiatives": form.cleaned_data["initiatives"]}
    with transaction.atomic():
        if agreement is None:
            return services.agreement_create(actor=request.user, organization=form.cleaned_data["organization"],
                                             data=data, parties=formset.specs(), **related)
        return services.agreement_update(actor=request.user, agreement=agreement, data=data, parties=formset.specs(),
                                         **related)


@login_required
def agreement_create(request):
    require(request.user, "partnerships.add_agreement")
    organizations = _editable_organizations(request.user)
    # One rule with POST /partnerships: recording for an organisation one may not record for is a 403, not the
    # form again (the choice list only holds one's own; an existing other organisation is a refusal).
    requested = request.POST.get("organization", "")
    if requested.isdigit() and len(requested) < 10:
        chosen = Organization.objects.filter(pk=int(requested)).first()
        if chosen is not None:
            require(request.user, "partnerships.create_for_organization", chosen)
    initial: dict = {"stage": Stage.SIGNED, "notice_days": 90, "renewal": Renewal.NONE}
    keeper = None
    organization_id = _int_param(request, "organization")
    if organization_id:
        keeper = organizations.filter(pk=organization_id).first()
    if keeper is None and len(organizations) == 1:
        keeper = organizations[0]
    if keeper is not None:
        initial["organization"] = keeper.pk
    event_id = _int_param(request, "event")
    event = visible_events(request.user).select_related("city").filter(pk=event_id).first() if event_id else None
    if event is not None:
        # Signed at the event: its date, place and region are the likely answers.
        initial.update(event=event.pk, signed_on=min(timezone.localtime(event.starts_at).date(), timezone.localdate()),
                       signed_place=event.venue, regions=[event.region_id])
    events, initiatives = _form_choices(request.user, organizations, event_id=event.pk if event else None)
    form = AgreementForm(request.POST or None, organizations=organizations, events=events, initiatives=initiatives,
                         initial=initial)
    formset = party_formset(request.POST or None, initial_organization=keeper)
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        try:
            agreement = _save(request, form, formset)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The agreement was recorded. Add each party's commitments."))
            return redirect("partnerships:detail", agreement.pk)
    return render(request, "partnerships/form.html", {"form": form, "formset": formset, "agreement": None,
                                                      "event": event})


@login_required
def agreement_edit(request, agreement_id: int):
    agreement = _changeable(request, agreement_id)
    organizations = Organization.objects.filter(pk=agreement.organization_id)
    events, initiatives = _form_choices(request.user, organizations, agreement=agreement)
    form = AgreementForm(request.POST or None, organizations=organizations, events=events, initiatives=initiatives,
                         initial=AgreementForm.initial_for(agreement), agreement=agreement)
    formset = party_formset(request.POST or None, parties=list(agreement.parties.select_related("organization")))
    if request.method == "POST" and form.is_valid() & formset.is_valid():
        try:
            _save(request, form, formset, agreement)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The agreement was saved."))
            return redirect("partnerships:detail", agreement.pk)
    return render(request, "partnerships/form.html", {"form": form, "formset": formset, "agreement": agreement,
                                                      "event": None})


@login_required
def agreement_delete(request, agreement_id: int):
    agreement = _changeable(request, agreement_id)
    if request.method == "POST":
        try:
            services.agreement_delete(actor=request.user, agreement=agreement)
        except DomainError as error:
            if isinstance(error, NotPermitted):
                raise
            messages.error(request, str(error.message))
            return redirect("partnerships:detail", agreement.pk)
        messages.success(request, _("The draft was deleted."))
        return redirect("partnerships:list")
    if request.method not in ("GET", "HEAD"):
        raise Http404
    return render(request, "partnerships/confirm_delete.html", {"agreement": agreement})


def _decision_page(request, agreement_id: int, form_class, template: str, act):
    agreement = _changeable(request, agreement_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = act(agreement, form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            return result
    return render(request, template, {"agreement": agreement, "form": form,
                                      "status": agreement.status(timezone.localdate()), **_names()})


@login_required
def agreement_terminate(request, agreement_id: int):
    def act(agreement, data):
        services.agreement_terminate(actor=request.user, agreement=agreement, terminated_on=data["terminated_on"],
                                     reason=data["reason"])
        messages.success(request, _("The agreement was recorded as terminated."))
        return redirect("partnerships:detail", agreement.pk)

    return _decision_page(request, agreement_id, TerminateForm, "partnerships/terminate.html", act)


@login_required
def agreement_renew(request, agreement_id: int):
    def act(agreement, data):
        renewal = services.agreement_renew(actor=request.user, agreement=agreement, signed_on=data["signed_on"],
                                           ends_on=data["ends_on"], title_ar=data.get("title_ar") or "")
        messages.success(request, _("The renewal was recorded; the open commitments were carried over."))
        return redirect("partnerships:detail", renewal.pk)

    return _decision_page(request, agreement_id, RenewForm, "partnerships/renew.html", act)


@login_required
@require_POST
def agreement_unpublish(request, agreement_id: int):
    agreement = _visible_or_404(request.user, agreement_id, lambda agreements: agreements.select_related("organization"))
    require(request.user, "partnerships.moderate_agreement", agreement)
    services.agreement_unpublish(actor=request.user, agreement=agreement)
    messages.success(request, _("The agreement was taken out of the public register."))
    return redirect("partnerships:detail", agreement.pk)


# ---------------------------------------------------------------- commitments


def _commitment_of(agreement: Agreement, commitment_id: int) -> Commitment:
    commitment = get_object_or_404(Commitment.objects.select_related("party", "party__organization"),
                                   pk=commitment_id, agreement=agreement)
    commitment.agreement = agreement
    return commitment


@login_required
def commitment_create(request, agreement_id: int):
    agreement = _changeable(request, agreement_id)
    party_id = _int_param(request, "party")
    form = CommitmentForm(request.POST or None, agreement=agreement, initial={"party": party_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_create(actor=request.user, agreement=agreement, party=form.cleaned_data["party"],
                                       data=form.service_data())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The commitment was added."))
            if request.POST.get("another"):
                return redirect(reverse("partnerships:commitment_create", args=[agreement.pk])
                                + f"?party={form.cleaned_data['party'].pk}")
            return redirect(reverse("partnerships:detail", args=[agreement.pk]) + "#commitments")
    return render(request, "partnerships/commitment_form.html", {"agreement": agreement, "form": form,
                                                                 "commitment": None})


@login_required
def commitment_edit(request, agreement_id: int, commitment_id: int):
    agreement = _changeable(request, agreement_id)
    commitment = _commitment_of(agreement, commitment_id)
    form = CommitmentForm(request.POST or None, agreement=agreement, initial=CommitmentForm.initial_for(commitment))
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_edit(actor=request.user, commitment=commitment, data=form.service_data(),
                                     party=form.cleaned_data["party"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The commitment was saved."))
            return redirect(reverse("partnerships:detail", args=[agreement.pk]) + "#commitments")
    return render(request, "partnerships/commitment_form.html", {"agreement": agreement, "form": form,
                                                                 "commitment": commitment})


@login_required
@require_POST
def commitment_delete(request, agreement_id: int, commitment_id: int):
    agreement = _changeable(request, agreement_id)
    commitment = _commitment_of(agreement, commitment_id)
    services.commitment_delete(actor=request.user, commitment=commitment)
    messages.success(request, _("The commitment was deleted."))
    return redirect(reverse("partnerships:detail", args=[agreement.pk]) + "#commitments")


@login_required
def commitment_follow_up(request, agreement_id: int, commitment_id: int):
    """A commitment's own party records what was done, with its evidence."""
    agreement = _visible_or_404(request.user, agreement_id, lambda agreements: agreements.select_related("organization"))
    commitment = _commitment_of(agreement, commitment_id)
    require(request.user, "partnerships.follow_up_commitment", commitment)
    form = FollowUpForm(request.POST or None, request.FILES or None,
                        initial={"happened_on": timezone.localdate(), "status": commitment.status,
                                 "progress": commitment.progress})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.commitment_update_add(actor=request.user, commitment=commitment, happened_on=data["happened_on"],
                                           note=data["note"], status=data["status"], progress=data.get("progress"),
                                           evidence=data.get("evidence") or None)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The progress update was recorded."))
            return redirect(reverse("partnerships:detail", args=[agreement.pk]) + f"#commitment-{commitment.pk}")
    updates = list(commitment.updates.select_related("author"))
    for update in updates:
        update.commitment = commitment
    return render(request, "partnerships/follow_up.html", {
        "agreement": agreement, "commitment": commitment, "form": form, "updates": updates,
        "overdue": commitment.is_overdue(timezone.localdate()), **_names()})


# ---------------------------------------------------------------- documents and comments


@login_required
def documents_manage(request, agreement_id: int):
    agreement = _changeable(request, agreement_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.document_add(actor=request.user, agreement=agreement, title=data["title"], upload=data["file"],
                                  is_public=data["is_public"])
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect("partnerships:documents", agreement.pk)
    return render(request, "partnerships/documents.html", {"agreement": agreement, "form": form,
                                                           "documents": list(agreement.documents.all())})


@login_required
@require_POST
def document_delete(request, agreement_id: int, document_id: int):
    agreement = _changeable(request, agreement_id)
    document = get_object_or_404(AgreementDocument, pk=document_id, agreement=agreement)
    document.agreement = agreement
    services.document_delete(actor=request.user, document=document)
    messages.success(request, _("The document was deleted."))
    return redirect("partnerships:documents", agreement.pk)


@require_safe
def document_file(request, agreement_id: int, document_id: int, filename: str):
    """A document: to anyone when the agreement is published and the document public, otherwise to the parties
    (partnerships.view_private); a 404 to everyone else, and for an earlier file's address."""
    document = (AgreementDocument.objects.select_related("agreement")
                .filter(pk=document_id, agreement_id=agreement_id).first())
    if document is None or not is_named_in_url(document.file, filename):
        raise Http404
    public = document.is_public and is_published(request.user, document.agreement)
    if not public and not can(request.user, "partnerships.view_private", document.agreement):
        raise Http404
    return protected_file_response(document.file, published=public)


@require_safe
def evidence_file(request, agreement_id: int, update_id: int, filename: str):
    """The evidence of a progress update: the parties' only."""
    update = (CommitmentUpdate.objects.select_related("commitment__agreement")
              .filter(pk=update_id, commitment__agreement_id=agreement_id).first())
    if update is None or not is_named_in_url(update.evidence, filename):
        raise Http404
    if not can(request.user, "partnerships.view_private", update.commitment.agreement):
        raise Http404
    return protected_file_response(update.evidence, published=False)


@login_required
@require_POST
def comment_add(request, agreement_id: int):
    agreement = _visible_or_404(request.user, agreement_id)
    require(request.user, "partnerships.comment_agreement", agreement)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(actor=request.user, agreement=agreement, body=form.cleaned_data["body"])
        except DomainError as error:
            if isinstance(error, NotPermitted):
                raise
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Your comment was added."))
    else:
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    return redirect(reverse("partnerships:detail", args=[agreement.pk]) + "#comments")


@login_required
@require_POST
def comment_delete(request, agreement_id: int, comment_id: int):
    agreement = _visible_or_404(request.user, agreement_id, lambda agreements: agreements.select_related("organization"))
    comment = get_object_or_404(AgreementComment, pk=comment_id, agreement=agreement)
    comment.agreement = agreement
    services.comment_delete(actor=request.user, comment=comment)
    messages.success(request, _("The comment was deleted."))
    return redirect(reverse("partnerships:detail", args=[agreement.pk]) + "#comments")


# ---------------------------------------------------------------- an organisation's portfolio


@require_safe
def portfolio(request, organization_id: int):
    """An organisation's agreements (those the viewer may see), counted by status, and its open commitments."""
    organization = get_object_or_404(Organization.objects.select_related("region"), pk=organization_id)
    today = timezone.localdate()
    agreements = selectors.filtered_agreements(request.user, selectors.AgreementFilters(organization=organization.pk),
                                               today=today)
    counts = agreements.order_by().aggregate(
        total=Count("pk"), **{status: Count("pk", filter=selectors.status_q(status, today))
                              for status in AgreementStatus.values})
    page_obj = Paginator(range(counts["total"]), PAGE_SIZE).get_page(request.GET.get("page"))
    start = (page_obj.number - 1) * PAGE_SIZE
    rows = selectors.agreement_rows(agreements[start:start + PAGE_SIZE], today=today) if counts["total"] else []
    page_obj.object_list = rows  # type: ignore[assignment]
    open_commitments = list(
        Commitment.objects.filter(party__organization=organization, status__in=OPEN_COMMITMENT_STATUSES,
                                  agreement__in=agreements.order_by().values("pk"))
        .exclude(agreement__stage=Stage.DRAFT)
        .select_related("agreement").order_by("due_on", "pk")[:PORTFOLIO_COMMITMENTS])
    overdue = {commitment.pk for commitment in open_commitments if commitment.is_overdue(today)}
    context = {
        "organization": organization, "page_obj": page_obj, "rows": rows, "counts": counts, **_names(),
        "status_counts": [(status, label, counts[status]) for status, label in AgreementStatus.choices
                          if counts[status]],
        "open_commitments": open_commitments,
        "overdue": overdue, "overdue_count": len(overdue),
        "can_add": can(request.user, "partnerships.create_for_organization", organization),
    }
    return render(request, "partnerships/portfolio.html", context)

