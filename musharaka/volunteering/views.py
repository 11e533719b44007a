"""The volunteering pages: the public list and an opportunity's page (apply, withdraw, log hours), the
organisation's pages (its opportunities, their shifts and questions, the applications, the hours queue, the
certificates it issued and their revocation), the volunteer's profile with certificates, the certificate PDF and its
public verification.

Thin views: reads through the selectors, writes through the services. Who may not see a record gets a 404, who may
see it but not act a 403; a service's refusal comes back on the form or as a message.
"""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.errors import DomainError, NotFound
from musharaka.core.permissions import can, require
from musharaka.core.refusals import form_error, message_error
from musharaka.core.verification import verification_page
from musharaka.orgs.models import Organization

from . import certificates, selectors, services
from .forms import (
    ApplyForm,
    DecisionForm,
    FilterForm,
    HoursForm,
    OpportunityForm,
    QuestionForm,
    ReasonForm,
    RevokeForm,
    ShiftForm,
)
from .models import (
    Application,
    ApplicationStatus,
    Certificate,
    EntryStatus,
    HourEntry,
    Opportunity,
    OpportunityStatus,
    Question,
    Shift,
)
from .selectors import OpportunityFilters

PAGE_SIZE = 20


# With a context: other catalogues translate the bare "Accepted" for invitations, and theirs would win.
APPLICATION_LABELS = {
    ApplicationStatus.PENDING: pgettext_lazy("volunteer application", "Awaiting a decision"),
    ApplicationStatus.ACCEPTED: pgettext_lazy("volunteer application", "Accepted"),
    ApplicationStatus.WAITLISTED: pgettext_lazy("volunteer application", "Waitlisted"),
    ApplicationStatus.DECLINED: pgettext_lazy("volunteer application", "Declined"),
    ApplicationStatus.WITHDRAWN: pgettext_lazy("volunteer application", "Withdrawn"),
}


ENTRY_LABELS = {
    EntryStatus.PENDING: pgettext_lazy("volunteer hours", "Awaiting verification"),
    EntryStatus.VERIFIED: pgettext_lazy("volunteer hours", "Verified"),
    EntryStatus.REJECTED: pgettext_lazy("volunteer hours", "Rejected"),
}


def _names() -> dict:
    return {"status_names": dict(OpportunityStatus.choices), "application_names": APPLICATION_LABELS,
            "entry_names": ENTRY_LABELS}


# ---------------------------------------------------------------- public


@require_safe
def opportunity_list(request):
    filters = FilterForm(request.GET or None)
    values = filters.values()
    rows = selectors.public_opportunities(OpportunityFilters(**values))
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    organization = None
    if values.get("organization"):
        organization = Organization.objects.filter(pk=values["organization"]).first()
    return render(request, "volunteering/list.html", {
        "filters": filters, "page_obj": page_obj, "organization": organization})


def _apply_forms(request, opportunity, shifts, questions, bound_shift_id=None, bound_form=None) -> dict:
    forms = {}
    for shift in shifts:
        if bound_form is not None and shift.pk == bound_shift_id:
            forms[shift.pk] = bound_form
        else:
            forms[shift.pk] = ApplyForm(questions=questions, minimum_age=opportunity.minimum_age,
                                        prefix=f"shift{shift.pk}")
    return forms


def _opportunity_page(request, opportunity: Opportunity, *, apply_form=None, apply_shift_id=None, hours_form=None,
                      status: int = 200):
    user = request.user
    shifts = selectors.opportunity_shifts(opportunity)
    questions = selectors.opportunity_questions(opportunity)
    mine = list(selectors.my_applications(user, opportunity))
    live = {application.shift_id for application in mine
            if application.status in (ApplicationStatus.PENDING, ApplicationStatus.ACCEPTED,
                                      ApplicationStatus.WAITLISTED)}
    accepted = any(application.status == ApplicationStatus.ACCEPTED for application in mine)
    can_apply = (user.is_authenticated and opportunity.status == OpportunityStatus.PUBLISHED)
    if accepted and hours_form is None:
        hours_form = HoursForm(shifts=Shift.objects.filter(opportunity=opportunity))
    entries = list(selectors.my_entries(user).filter(opportunity=opportunity)[:50]) if accepted else []
    return render(request, "volunteering/opportunity.html", {
        "opportunity": opportunity, "shifts": shifts, "questions": questions, "mine": mine, "live_shifts": live,
        "can_apply": can_apply, "apply_forms": _apply_forms(request, opportunity, shifts, questions, apply_shift_id,
                                                            apply_form) if can_apply else {},
        "hours_form": hours_form if accepted else None, "entries": entries,
        "can_change": can(user, "volunteering.change_opportunity", opportunity),
        "skills": list(opportunity.skills.all()), "now": _now(), **_names()}, status=status)


def _now():
    from django.utils import timezone

    return timezone.now()


@require_safe
def opportunity_detail(request, opportunity_id: int):
    return _opportunity_page(request, selectors.get_opportunity(request.user, opportunity_id))


@login_required
@require_POST
def apply(request, shift_id: int):
    shift = get_object_or_404(Shift, pk=shift_id)
    opportunity = selectors.get_opportunity(request.user, shift.opportunity_id)
    form = ApplyForm(request.POST, questions=selectors.opportunity_questions(opportunity),
                     minimum_age=opportunity.minimum_age, prefix=f"shift{shift.pk}")
    if form.is_valid():
        try:
            application = services.application_create(
                actor=request.user, shift=shift, message=form.cleaned_data["message"], answers=form.answers(),
                birth_date=form.cleaned_data.get("birth_date"))
        except DomainError as error:
            form_error(form, error)
        else:
            if application.status == ApplicationStatus.ACCEPTED:
                messages.success(request, _("You are accepted on this shift. Thank you for volunteering!"))
            elif application.status == ApplicationStatus.WAITLISTED:
                messages.info(request, _("The shift is full: you are on its waitlist."))
            else:
                messages.success(request, _("Your application was sent to the organisation."))
            return redirect("volunteering:opportunity", opportunity.pk)
    return _opportunity_page(request, opportunity, apply_form=form, apply_shift_id=shift.pk, status=422)


@login_required
@require_POST
def withdraw(request, application_id: int):
    application = _record_seen(request, Application, application_id)  # not the volunteer: the service refuses (403)
    try:
        services.application_withdraw(actor=request.user, application=application)
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("Your application was withdrawn."))
    if request.POST.get("next") == "profile":
        return redirect("volunteering:profile")
    return redirect("volunteering:opportunity", application.opportunity_id)


@login_required
@require_POST
def log_hours(request, opportunity_id: int):
    opportunity = selectors.get_opportunity(request.user, opportunity_id)
    require(request.user, "volunteering.log_hours", opportunity)
    form = HoursForm(request.POST, shifts=Shift.objects.filter(opportunity=opportunity))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.hours_log(actor=request.user, opportunity=opportunity, data={
                "date": data["date"], "hours": data["hours"], "activity": data["activity"],
                "shift_id": data["shift"].pk if data["shift"] else None})
        except DomainError as error:
            form_error(form, error if error.field != "shift_id" else type(error)(error.message, field="shift"))
        else:
            messages.success(request, _("Your hours were logged. They count once the organisation verifies them."))
            return redirect("volunteering:opportunity", opportunity.pk)
    return _opportunity_page(request, opportunity, hours_form=form, status=422)


@login_required
@require_POST
def hours_delete(request, entry_id: int):
    entry = _record_seen(request, HourEntry, entry_id)  # not the volunteer: the service refuses (403)
    try:
        services.hours_delete(actor=request.user, entry=entry)
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The hours were deleted."))
    return redirect("volunteering:opportunity", entry.opportunity_id)


# ---------------------------------------------------------------- the organisation's staff


def _record_seen(request, model, pk: int):
    """A volunteer's application or hours entry: not found to whoever may not see it (its volunteer, the
    organisation's staff and platform admins see it), as in the API, which answers 404 alike."""
    record = get_object_or_404(model, pk=pk)
    if not can(request.user, "volunteering.view_certificate", record):
        raise Http404()
    return record


def _organization_managed(request, org_id: int) -> Organization:
    organization = get_object_or_404(Organization, pk=org_id)
    require(request.user, "volunteering.create_for_organization", organization)
    return organization


def _opportunity_managed(request, opportunity_id: int) -> Opportunity:
    opportunity = selectors.get_opportunity(request.user, opportunity_id)
    require(request.user, "volunteering.change_opportunity", opportunity)
    return opportunity


@login_required
@require_safe
def manage(request, org_id: int):
    organization = _organization_managed(request, org_id)
    rows = selectors.organization_opportunities(organization.pk)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "volunteering/manage.html", {"organization": organization, "page_obj": page_obj,
                                                        **_names()})


@login_required
def opportunity_create(request, org_id: int):
    organization = _organization_managed(request, org_id)
    form = OpportunityForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data, skill_ids = form.service_data()
        try:
            opportunity = services.opportunity_create(actor=request.user, organization=organization, data=data,
                                                      skill_ids=skill_ids)
        except DomainError as error:
            form_error(form, _field_of(error))
        else:
            messages.success(request, _("The opportunity was saved as a draft. Add its shifts, then publish it."))
            return redirect("volunteering:edit", opportunity.pk)
    return render(request, "volunteering/opportunity_form.html", {"form": form, "organization": organization,
                                                                  "opportunity": None})


def _field_of(error: DomainError) -> DomainError:
    """The services name FKs by their column ("region_id"), the forms by their field ("region")."""
    if error.field and error.field.endswith("_id"):
        error.field = error.field[:-3]
    elif error.field == "skill_ids":
        error.field = "skills"
    return error


@login_required
def opportunity_edit(request, opportunity_id: int):
    opportunity = _opportunity_managed(request, opportunity_id)
    organization = opportunity.organization
    form = OpportunityForm(request.POST or None, organization=organization,
                           initial=OpportunityForm.initial_for(opportunity))
    if request.method == "POST" and form.is_valid():
        data, skill_ids = form.service_data()
        try:
            services.opportunity_update(actor=request.user, opportunity=opportunity, data=data, skill_ids=skill_ids)
        except DomainError as error:
            form_error(form, _field_of(error))
        else:
            messages.success(request, _("The opportunity was saved."))
            return redirect("volunteering:edit", opportunity.pk)
    return render(request, "volunteering/opportunity_form.html", {
        "form": form, "organization": organization, "opportunity": opportunity,
        "shifts": selectors.opportunity_shifts(opportunity), "questions": selectors.opportunity_questions(opportunity),
        **_names()})


def _status_action(request, opportunity_id: int, action, done: str):
    opportunity = _opportunity_managed(request, opportunity_id)
    try:
        action(actor=request.user, opportunity=opportunity)
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, done)
    return redirect("volunteering:edit", opportunity.pk)


@login_required
@require_POST
def opportunity_publish(request, opportunity_id: int):
    return _status_action(request, opportunity_id, services.opportunity_publish, _("The opportunity is published."))


@login_required
@require_POST
def opportunity_close(request, opportunity_id: int):
    return _status_action(request, opportunity_id, services.opportunity_close,
                          _("The opportunity is closed to new applications."))


@login_required
@require_POST
def opportunity_cancel(request, opportunity_id: int):
    return _status_action(request, opportunity_id, services.opportunity_cancel, _("The opportunity is cancelled."))


@login_required
@require_POST
def opportunity_delete(request, opportunity_id: int):
    opportunity = _opportunity_managed(request, opportunity_id)
    try:
        services.opportunity_delete(actor=request.user, opportunity=opportunity)
    except DomainError as error:
        message_error(request, error)
        return redirect("volunteering:edit", opportunity.pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("volunteering:manage", opportunity.organization_id)


@login_required
def shift_edit(request, opportunity_id: int, shift_id: int | None = None):
    opportunity = _opportunity_managed(request, opportunity_id)
    shift = get_object_or_404(Shift, pk=shift_id, opportunity=opportunity) if shift_id else None
    initial = ({"title": shift.title, "starts_at": shift.starts_at, "ends_at": shift.ends_at,
                "capacity": shift.capacity} if shift else {})
    form = ShiftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.shift_save(actor=request.user, opportunity=opportunity, shift=shift, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The shift was saved."))
            return redirect("volunteering:edit", opportunity.pk)
    return render(request, "volunteering/simple_form.html", {
        "form": form, "opportunity": opportunity,
        "heading": _("Edit the shift") if shift else _("Add a shift")})


@login_required
@require_POST
def shift_delete(request, opportunity_id: int, shift_id: int):
    opportunity = _opportunity_managed(request, opportunity_id)
    shift = get_object_or_404(Shift, pk=shift_id, opportunity=opportunity)
    try:
        services.shift_delete(actor=request.user, shift=shift)
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The shift was deleted."))
    return redirect("volunteering:edit", opportunity.pk)


@login_required
def question_edit(request, opportunity_id: int, question_id: int | None = None):
    opportunity = _opportunity_managed(request, opportunity_id)
    question = get_object_or_404(Question, pk=question_id, opportunity=opportunity) if question_id else None
    initial = ({"text_ar": question.text_ar, "text_en": question.text_en, "required": question.required}
               if question else {})
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(actor=request.user, opportunity=opportunity, question=question,
                                   data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The question was saved."))
            return redirect("volunteering:edit", opportunity.pk)
    return render(request, "volunteering/simple_form.html", {
        "form": form, "opportunity": opportunity,
        "heading": _("Edit the question") if question else _("Add a question")})


@login_required
@require_POST
def question_delete(request, opportunity_id: int, question_id: int):
    opportunity = _opportunity_managed(request, opportunity_id)
    question = get_object_or_404(Question, pk=question_id, opportunity=opportunity)
    services.question_delete(actor=request.user, question=question)
    messages.success(request, _("The question was deleted."))
    return redirect("volunteering:edit", opportunity.pk)


@login_required
@require_safe
def applications(request, opportunity_id: int):
    opportunity = _opportunity_managed(request, opportunity_id)
    status = request.GET.get("status", "")
    if status not in ApplicationStatus.values:
        status = ""
    shifts = selectors.opportunity_shifts(opportunity)
    by_shift: dict[int, list] = {shift.pk: [] for shift in shifts}
    for application in selectors.opportunity_applications(opportunity, status=status)[:1000]:
        by_shift.setdefault(application.shift_id, []).append(application)
    return render(request, "volunteering/applications.html", {
        "opportunity": opportunity, "shifts": shifts, "by_shift": by_shift, "status": status,
        "statuses": ApplicationStatus.choices, **_names()})


@login_required
@require_POST
def decide(request, application_id: int):
    application = _record_seen(request, Application.objects.select_related("opportunity"), application_id)
    opportunity = _opportunity_managed(request, application.opportunity_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
    else:
        try:
            services.application_decide(actor=request.user, application=application,
                                        decision=form.cleaned_data["decision"], reason=form.cleaned_data["reason"])
        except DomainError as error:
            message_error(request, error)
        else:
            messages.success(request, _("The decision was saved and the volunteer notified."))
    return redirect("volunteering:applications", opportunity.pk)


@login_required
@require_safe
def hours_queue(request, org_id: int):
    organization = get_object_or_404(Organization, pk=org_id)
    require(request.user, "volunteering.view_hours_queue", organization)
    rows = selectors.hours_queue(organization.pk)
    page_obj = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "volunteering/hours_queue.html", {
        "organization": organization, "page_obj": page_obj, "shifts": selectors.queue_shifts(organization.pk)})


def _entry_of_organization(request, entry_id: int) -> HourEntry:
    entry = _record_seen(request, HourEntry, entry_id)
    require(request.user, "volunteering.view_hours_queue", Organization(pk=entry.organization_id))
    return entry


@login_required
@require_POST
def hours_verify(request, entry_id: int):
    entry = _entry_of_organization(request, entry_id)
    try:
        services.hours_verify(actor=request.user, entry=entry)
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The hours were verified."))
    return redirect("volunteering:hours_queue", entry.organization_id)


@login_required
@require_POST
def hours_reject(request, entry_id: int):
    entry = _entry_of_organization(request, entry_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for rejecting these hours."))
    else:
        try:
            services.hours_reject(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
        except DomainError as error:
            message_error(request, error)
        else:
            messages.success(request, _("The hours were rejected and the volunteer told why."))
    return redirect("volunteering:hours_queue", entry.organization_id)


@login_required
@require_POST
def hours_verify_shift(request, shift_id: int):
    shift = get_object_or_404(Shift.objects.select_related("opportunity"), pk=shift_id)
    organization_id = shift.opportunity.organization_id
    require(request.user, "volunteering.view_hours_queue", Organization(pk=organization_id))
    count = services.hours_verify_shift(actor=request.user, shift=shift)
    messages.success(request, _("Hours entries verified: %(count)d.") % {"count": count})
    return redirect("volunteering:hours_queue", organization_id)


# ---------------------------------------------------------------- the volunteer


@login_required
@require_safe
def profile(request):
    user = request.user
    return render(request, "volunteering/profile.html", {
        "profile": selectors.volunteer_profile(user),
        "applications": list(selectors.my_applications(user)[:100]),
        "entries": list(selectors.my_entries(user)[:100]),
        "certificates": list(selectors.my_certificates(user)[:100]),
        "format_code": certificates.format_code, **_names()})


@login_required
@require_POST
def certificate_issue(request, org_id: int):
    organization = get_object_or_404(Organization, pk=org_id)
    try:
        certificate = services.certificate_issue(actor=request.user, volunteer=request.user,
                                                 organization=organization)
    except DomainError as error:
        message_error(request, error)
        return redirect("volunteering:profile")
    messages.success(request, _("Your certificate is ready: download it below."))
    return redirect(f"{_profile_url()}#certificate-{certificate.pk}")


def _profile_url() -> str:
    return reverse("volunteering:profile")


@login_required
@require_safe
def certificate_pdf(request, certificate_id: int):
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None or not can(request.user, "volunteering.view_certificate", certificate):
        raise NotFound()
    if certificate.is_revoked:
        raise Http404()
    site = getattr(settings, "SITE_URL", "") or request.build_absolute_uri("/")
    pdf = certificates.certificate_pdf(certificate, language=get_language() or "ar", base_url=site)
    response = FileResponse(io.BytesIO(pdf), as_attachment=True, filename=certificates.pdf_filename(certificate),
                            content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


def _verify_page(request, raw_code: str):
    return verification_page(request, raw_code, group="volunteering:certificate_verify",
                             template="volunteering/certificate_verify.html", find=certificates.certificate_by_code,
                             describe=lambda certificate: {"found": certificates.public_fields(certificate)})


@never_cache
@require_safe
def certificate_verify(request):
    return _verify_page(request, request.GET.get("code", "").strip())


@never_cache
@require_safe
def certificate_verify_code(request, code: str):
    return _verify_page(request, code)


# ---------------------------------------------------------------- the certificates an organisation issued (vol17)


@login_required
@require_safe
def organization_certificates(request, org_id: int):
    """The organisation's members see the certificates it issued; its admins and editors may revoke one."""
    organization = get_object_or_404(Organization, pk=org_id)
    require(request.user, "volunteering.view_certificate", organization)
    return _certificates_page(request, organization, page=request.GET.get("page"))


def _certificates_page(request, organization: Organization, *, page, revoke_form=None, revoke_id=None,
                       status: int = 200):
    page_obj = Paginator(selectors.organization_certificates(organization.pk), PAGE_SIZE).get_page(page)
    return render(request, "volunteering/certificates.html", {
        "organization": organization, "page_obj": page_obj, "format_code": certificates.format_code,
        "can_revoke": can(request.user, "volunteering.revoke_certificate", organization),
        "can_manage": can(request.user, "volunteering.create_for_organization", organization),
        "revoke_form": revoke_form, "revoke_id": revoke_id}, status=status)


def _certificates_url(organization_id: int, page: str | None, certificate_id: int) -> str:
    query = f"?page={page}" if page and page.isdigit() and page != "1" else ""
    return f"{reverse('volunteering:certificates', args=[organization_id])}{query}#certificate-{certificate_id}"


@login_required
@require_POST
def certificate_revoke(request, certificate_id: int):
    """The same service as POST /api/v1/volunteering/certificates/{id}/revoke: not found to whoever may not see the
    certificate, 403 to whoever sees it but may not revoke it, then the reason (required) on the form."""
    certificate = _record_seen(request, Certificate.objects.select_related("organization"), certificate_id)
    require(request.user, "volunteering.revoke_certificate", certificate)
    page = request.POST.get("page")
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(actor=request.user, certificate=certificate,
                                        reason=form.cleaned_data["reason"])
        except DomainError as error:
            if error.field not in form.fields:  # already revoked: nothing to correct on the form
                message_error(request, error)
                return redirect(_certificates_url(certificate.organization_id, page, certificate.pk))
            form_error(form, error)
        else:
            messages.success(request, _("The certificate was revoked: its code now shows it as revoked."))
            return redirect(_certificates_url(certificate.organization_id, page, certificate.pk))
    return _certificates_page(request, certificate.organization, page=page, revoke_form=form,
                              revoke_id=certificate.pk, status=422)
