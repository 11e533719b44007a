"""Pages of attendance certificates (part 5): the registrant's download, the organiser's tab, public verification."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.errors import DomainError
from musharaka.core.permissions import require
from musharaka.core.verification import verification_page

from . import certificates, selectors
from .models import AttendanceCertificate, Event, Registration, Session


def _site(request) -> str:
    return getattr(settings, "SITE_URL", "") or request.build_absolute_uri("/")


@login_required
@require_safe
def certificate_download(request, event_id: int, registration_id: int, session_id: int | None = None):
    """The registrant's certificate as a PDF (issued on the first download); the organiser's staff may download it
    too. Anyone else, and a place that earns no certificate, gets a 404; a revoked one says so (410)."""
    registration = get_object_or_404(Registration.objects.select_related("event", "event__organization"),
                                     pk=registration_id, event_id=event_id)
    return _certificate_response(request, registration, session_id, actor=request.user)


@require_safe
def certificate_by_ticket_link(request, token: str, session_id: int | None = None):
    """A visitor without an account downloads their certificate from the ticket's signed link (see
    checkin.ticket_token): the link proves as much as being the registrant. A link not signed by us is a 404."""
    from musharaka.core.errors import NotFound

    from . import checkin

    try:
        registration = checkin.registration_from_ticket_token(token)
    except NotFound:
        raise Http404 from None
    return _certificate_response(request, registration, session_id, actor=None)


def _certificate_response(request, registration: Registration, session_id: int | None, *, actor):
    session = None
    if session_id is not None:
        session = get_object_or_404(Session, pk=session_id, event_id=registration.event_id)
    try:
        certificate = certificates.certificate_issue(actor=actor, registration=registration, session=session,
                                                     holds_ticket_link=actor is None)
    except DomainError:
        raise Http404 from None
    if certificate.is_revoked:
        return render(request, "events/certificate_revoked.html",
                      {"certificate": certificate, "event": registration.event}, status=410)
    pdf = certificates.certificate_pdf(certificate, language=get_language() or "ar", base_url=_site(request))
    response = FileResponse(io.BytesIO(pdf), as_attachment=True, filename=certificates.pdf_filename(certificate),
                            content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


def _managed(request, event_id: int) -> Event:
    event = get_object_or_404(selectors.visible_events(request.user).select_related("organization"), pk=event_id)
    require(request.user, "events.manage_certificates", event)
    return event


@login_required
@require_safe
def manage_certificates(request, event_id: int):
    event = _managed(request, event_id)
    return render(request, "events/certificates_manage.html", {
        "event": event, "tab": "certificates", "certifies": certificates.event_certifies(event),
        "page_obj": certificates.event_certificates_page(event, request.GET.get("page")),
        "format_code": certificates.format_code,
    })


@login_required
@require_POST
def certificates_issue_all(request, event_id: int):
    event = _managed(request, event_id)
    count = certificates.certificates_issue_all(actor=request.user, event=event)
    messages.success(request, _("Certificates issued: %(count)d.") % {"count": count})
    return redirect("events:manage_certificates", event.pk)


@login_required
@require_POST
def certificate_revoke(request, event_id: int, certificate_id: int):
    event = _managed(request, event_id)
    certificate = get_object_or_404(AttendanceCertificate, pk=certificate_id, event=event)
    try:
        certificates.certificate_revoke(actor=request.user, certificate=certificate,
                                        reason=request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The certificate was revoked."))
    return redirect("events:manage_certificates", event.pk)


# ---------------------------------------------------------------- public verification


def _verify_page(request, raw_code: str):
    return verification_page(request, raw_code, group="events:certificate_verify",
                             template="events/certificate_verify.html", find=certificates.certificate_by_code,
                             describe=lambda certificate: {"found": certificates.public_fields(certificate)})


@never_cache
@require_safe
def certificate_verify(request):
    return _verify_page(request, request.GET.get("code", "").strip())


@never_cache
@require_safe
def certificate_verify_code(request, code: str):
    return _verify_page(request, code)
