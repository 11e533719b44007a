"""The volunteering API under /api/v1/volunteering: opportunities (the public list with Arabic search and filters,
one with its shifts and questions, the organisation's own list; create, change, publish, close, cancel, delete), their
questions and shifts, applications (apply, one's own, an opportunity's for its staff, decide, withdraw), hours (log,
one's own, the organisation's queue, verify, reject, verify a whole shift, change or delete one's own pending entry),
the volunteer's profile, certificates (issue, one's own, the public verification by code, revoke), the statistics of
verified hours and the values of an hour the platform's staff keep.

Who sees what is rules.py's: the public reads published and closed opportunities; applications, hours entries and
certificates are read by their volunteer and the organisation's staff. What one may not see answers 404 like what is
missing; what one sees but may not do, 403; what the record's state refuses (a full shift, a draft to close, hours
already verified), 409. Every write goes through volunteering.services; bad input is a 422 naming the field.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.errors import Throttled

from musharaka.accounts.auth import api_auth, request_user
from musharaka.core.errors import InvalidInput, NotFound
from musharaka.core.i18n import localized
from musharaka.core.jsonout import json_answer
from musharaka.core.pagination import Page, PageParams, paginate
from musharaka.core.permissions import can, require
from musharaka.core.schemas import RecordId, error_responses
from musharaka.core.verification import lookup_wait
from musharaka.orgs.models import Organization

from . import selectors, services
from .models import Application, Certificate, HourEntry, HourValue, Question, Shift
from .schemas import (
    Code,
    VolunteeringApplicationFilters,
    VolunteeringApplicationIn,
    VolunteeringApplicationOut,
    VolunteeringCertificateIn,
    VolunteeringCertificateOut,
    VolunteeringDecisionIn,
    VolunteeringEntryFilters,
    VolunteeringEntryOut,
    VolunteeringHoursIn,
    VolunteeringHoursPatch,
    VolunteeringHourValueIn,
    VolunteeringHourValueOut,
    VolunteeringOpportunityCreate,
    VolunteeringOpportunityFilters,
    VolunteeringOpportunityOut,
    VolunteeringOpportunityPatch,
    VolunteeringOpportunityRow,
    VolunteeringProfileOut,
    VolunteeringQuestionIn,
    VolunteeringQuestionOut,
    VolunteeringQuestionPatch,
    VolunteeringQueueFilters,
    VolunteeringRejectIn,
    VolunteeringRevokeIn,
    VolunteeringShiftIn,
    VolunteeringShiftOut,
    VolunteeringShiftPatch,
    VolunteeringStatisticsFilters,
    VolunteeringStatisticsOut,
    VolunteeringVerificationOut,
    VolunteeringVerifiedOut,
)

router = Router(tags=["volunteering"])

READ = error_responses(lookup=True)
AUTH_READ = error_responses(auth=True, lookup=True)
WRITE = error_responses(auth=True, body=True, lookup=True, conflict=True)
ACTION = error_responses(auth=True, lookup=True, conflict=True)
VERIFY_GROUP = "volunteering-certificate-verify"


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _hours(value: Decimal | None) -> str | None:
    """Hours as kept, with two places (sums read back from SQLite lose them)."""
    return None if value is None else format(Decimal(value).quantize(Decimal("0.01")), "f")


def _ref(pk: int | None, name_ar: str | None, name_en: str | None = "") -> dict | None:
    if pk is None:
        return None
    return {"id": pk, "name": localized({"name_ar": name_ar or "", "name_en": name_en or ""})}


def _person(user) -> dict:
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


# ---------------------------------------------------------------- lookups (404 for what one may not see)


def _opportunity(user, opportunity_id: int):
    return selectors.get_opportunity(user, opportunity_id)


def _organization(organization_id: int) -> Organization:
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise NotFound()
    return organization


def _shift(user, shift_id: int) -> Shift:
    shift = Shift.objects.select_related("opportunity").filter(pk=shift_id).first()
    if shift is None or not can(user, "volunteering.view_opportunity", shift.opportunity):
        raise NotFound()
    return shift


def _question(user, question_id: int) -> Question:
    question = Question.objects.select_related("opportunity").filter(pk=question_id).first()
    if question is None or not can(user, "volunteering.view_opportunity", question.opportunity):
        raise NotFound()
    return question


def _sees_record(user, record) -> bool:
    """An application, hours entry or certificate: its volunteer, the organisation's staff, platform admins."""
    return can(user, "volunteering.view_certificate", record)


def _application(user, application_id: int) -> Application:
    application = (Application.objects.select_related("opportunity", "shift", "volunteer")
                   .filter(pk=application_id).first())
    if application is None or not _sees_record(user, application):
        raise NotFound()
    return application


def _entry(user, entry_id: int) -> HourEntry:
    entry = HourEntry.objects.select_related("opportunity", "volunteer").filter(pk=entry_id).first()
    if entry is None or not _sees_record(user, entry):
        raise NotFound()
    return entry


def _certificate(user, certificate_id: int) -> Certificate:
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None or not _sees_record(user, certificate):
        raise NotFound()
    return certificate


# ---------------------------------------------------------------- opportunities


def opportunity_row(row: dict) -> dict:
    return {
        "id": row["id"], "title": localized(row, "title"), "title_ar": row["title_ar"], "title_en": row["title_en"],
        "status": row["status"], "starts_on": row["starts_on"], "ends_on": row["ends_on"],
        "minimum_age": row["minimum_age"], "seats_left": row["seats_left"],
        "organization": _ref(row["organization_id"], row["organization__name_ar"], row["organization__name_en"]),
        "region": _ref(row["region_id"], row["region__name_ar"], row["region__name_en"]),
        "city": _ref(row["city_id"], row["city__name_ar"], row["city__name_en"]),
        "neighbourhood": _ref(row["neighbourhood_id"], row["neighbourhood__name_ar"], row["neighbourhood__name_en"]),
    }


def _shift_out(shift: Shift) -> dict:
    return {"id": shift.pk, "title": shift.title, "starts_at": shift.starts_at, "ends_at": shift.ends_at,
            "capacity": shift.capacity, "accepted_count": shift.accepted_count,
            "waitlist_count": shift.waitlist_count, "seats_left": shift.seats_left}


def _question_out(question: Question) -> dict:
    return {"id": question.pk, "position": question.position, "text": localized(question, "text"),
            "text_ar": question.text_ar, "text_en": question.text_en, "required": question.required}


def _linked(record, field: str = "title") -> dict | None:
    if record is None:
        return None
    return {"id": record.pk, "name": localized(record, field)}


def opportunity_out(opportunity, user) -> dict:
    staff = can(user, "volunteering.change_opportunity", opportunity)
    place = {
        "id": opportunity.pk, "title_ar": opportunity.title_ar, "title_en": opportunity.title_en,
        "starts_on": opportunity.starts_on, "ends_on": opportunity.ends_on, "minimum_age": opportunity.minimum_age,
        "seats_left": opportunity.seats_left, "status": opportunity.status,
        "organization_id": opportunity.organization_id, "organization__name_ar": opportunity.organization.name_ar,
        "organization__name_en": opportunity.organization.name_en, "region_id": opportunity.region_id,
        "region__name_ar": opportunity.region.name_ar, "region__name_en": opportunity.region.name_en,
        "city_id": opportunity.city_id, "city__name_ar": getattr(opportunity.city, "name_ar", ""),
        "city__name_en": getattr(opportunity.city, "name_en", ""), "neighbourhood_id": opportunity.neighbourhood_id,
        "neighbourhood__name_ar": getattr(opportunity.neighbourhood, "name_ar", ""),
        "neighbourhood__name_en": getattr(opportunity.neighbourhood, "name_en", ""),
    }
    return {
        **opportunity_row(place), "description": localized(opportunity, "description"),
        "description_ar": opportunity.description_ar, "description_en": opportunity.description_en,
        "axis": _linked(opportunity.axis, "name"),
        "skills": [{"id": skill.pk, "code": skill.code, "name_ar": skill.name_ar, "name_en": skill.name_en,
                    "name": localized(skill)} for skill in opportunity.skills.all()],
        "auto_accept": opportunity.auto_accept, "initiative": _linked(opportunity.initiative),
        "event": _linked(opportunity.event), "published_at": opportunity.published_at,
        "pending_count": opportunity.pending_count if staff else None,
        "shifts": [_shift_out(shift) for shift in selectors.opportunity_shifts(opportunity)],
        "questions": [_question_out(question) for question in selectors.opportunity_questions(opportunity)],
        "may_change": staff,
    }


def _fresh(user, opportunity_id: int) -> dict:
    return opportunity_out(_opportunity(user, opportunity_id), user)


@router.get("/opportunities", response={200: Page[VolunteeringOpportunityRow], **error_responses()})
def list_opportunities(request, paging: Query[PageParams], filters: Query[VolunteeringOpportunityFilters]):
    """Published opportunities, the newest first (ranked by relevance with `q`, Arabic normalised)."""
    rows = selectors.public_opportunities(selectors.OpportunityFilters(
        q=filters.q.strip(), region=filters.region, city=filters.city, neighbourhood=filters.neighbourhood,
        axis=filters.axis, skill=filters.skill, organization=filters.organization, open_seats=filters.open))
    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size,
                                transform=lambda page: [opportunity_row(row) for row in page]))


@router.get("/opportunities/{opportunity_id}", response={200: VolunteeringOpportunityOut, **READ})
def get_opportunity(request, opportunity_id: Path[RecordId]):
    """One opportunity with its shifts (seats left) and questions; drafts only for its staff."""
    return _fresh(request_user(request), opportunity_id)


@router.get("/organizations/{organization_id}/opportunities", auth=api_auth,
            response={200: Page[VolunteeringOpportunityRow], **AUTH_READ})
def organization_opportunities(request, organization_id: Path[RecordId], paging: Query[PageParams]):
    """Every opportunity of the organisation, drafts too (its members)."""
    user = request_user(request)
    organization = _organization(organization_id)
    require(user, "volunteering.view_organization_opportunities", organization)
    rows = selectors.organization_opportunities(organization.pk)
    return json_answer(paginate(rows, page=paging.page, page_size=paging.page_size,
                                transform=lambda page: [opportunity_row(row) for row in page]))


@router.post("/organizations/{organization_id}/opportunities", auth=api_auth,
             response={201: VolunteeringOpportunityOut, **WRITE})
def create_opportunity(request, organization_id: Path[RecordId], payload: VolunteeringOpportunityCreate):
    """A draft opportunity of the organisation (its admins and editors), with its questions; publish it once it has
    a shift."""
    user = request_user(request)
    organization = _organization(organization_id)
    data = payload.model_dump(exclude={"skill_ids", "questions"})
    opportunity = services.opportunity_create(actor=user, organization=organization, data=data,
                                              skill_ids=payload.skill_ids,
                                              questions=[question.model_dump() for question in payload.questions])
    return Status(201, _fresh(user, opportunity.pk))


@router.patch("/opportunities/{opportunity_id}", auth=api_auth, response={200: VolunteeringOpportunityOut, **WRITE})
def update_opportunity(request, opportunity_id: Path[RecordId], payload: VolunteeringOpportunityPatch):
    user = request_user(request)
    opportunity = _opportunity(user, opportunity_id)
    data = payload.model_dump(exclude_unset=True, exclude={"skill_ids"})
    services.opportunity_update(actor=user, opportunity=opportunity, data=data,
                                skill_ids=payload.skill_ids if "skill_ids" in payload.model_fields_set else None)
    return _fresh(user, opportunity.pk)


@router.delete("/opportunities/{opportunity_id}", auth=api_auth, response={204: None, **ACTION})
def delete_opportunity(request, opportunity_id: Path[RecordId]):
    """Only a draft (409 otherwise: close or cancel it)."""
    user = request_user(request)
    services.opportunity_delete(actor=user, opportunity=_opportunity(user, opportunity_id))
    return Status(204, None)


def _move(request, opportunity_id: int, action) -> dict:
    user = request_user(request)
    action(actor=user, opportunity=_opportunity(user, opportunity_id))
    return _fresh(user, opportunity_id)


@router.post("/opportunities/{opportunity_id}/publish", auth=api_auth,
             response={200: VolunteeringOpportunityOut, **ACTION})
def publish_opportunity(request, opportunity_id: Path[RecordId]):
    """A draft (or a closed one, to reopen it) takes applications; it needs a shift (409 no_shifts)."""
    return _move(request, opportunity_id, services.opportunity_publish)


@router.post("/opportunities/{opportunity_id}/close", auth=api_auth,
             response={200: VolunteeringOpportunityOut, **ACTION})
def close_opportunity(request, opportunity_id: Path[RecordId]):
    """No new applications; hours may still be logged and verified."""
    return _move(request, opportunity_id, services.opportunity_close)


@router.post("/opportunities/{opportunity_id}/cancel", auth=api_auth,
             response={200: VolunteeringOpportunityOut, **ACTION})
def cancel_opportunity(request, opportunity_id: Path[RecordId]):
    """Cancelled for good; its applicants are told."""
    return _move(request, opportunity_id, services.opportunity_cancel)


# ---------------------------------------------------------------- questions and shifts


@router.post("/opportunities/{opportunity_id}/questions", auth=api_auth,
             response={201: VolunteeringQuestionOut, **WRITE})
def create_question(request, opportunity_id: Path[RecordId], payload: VolunteeringQuestionIn):
    user = request_user(request)
    question = services.question_save(actor=user, opportunity=_opportunity(user, opportunity_id),
                                      data=payload.model_dump())
    return Status(201, _question_out(question))


@router.patch("/questions/{question_id}", auth=api_auth, response={200: VolunteeringQuestionOut, **WRITE})
def update_question(request, question_id: Path[RecordId], payload: VolunteeringQuestionPatch):
    user = request_user(request)
    question = _question(user, question_id)
    question = services.question_save(actor=user, opportunity=question.opportunity, question=question,
                                      data=payload.model_dump(exclude_unset=True))
    return _question_out(question)


@router.delete("/questions/{question_id}", auth=api_auth, response={204: None, **ACTION})
def delete_question(request, question_id: Path[RecordId]):
    user = request_user(request)
    services.question_delete(actor=user, question=_question(user, question_id))
    return Status(204, None)


@router.post("/opportunities/{opportunity_id}/shifts", auth=api_auth, response={201: VolunteeringShiftOut, **WRITE})
def create_shift(request, opportunity_id: Path[RecordId], payload: VolunteeringShiftIn):
    """A shift on a day of the opportunity's dates (422 otherwise), with its capacity."""
    user = request_user(request)
    shift = services.shift_save(actor=user, opportunity=_opportunity(user, opportunity_id), data=payload.model_dump())
    return Status(201, _shift_out(shift))


@router.patch("/shifts/{shift_id}", auth=api_auth, response={200: VolunteeringShiftOut, **WRITE})
def update_shift(request, shift_id: Path[RecordId], payload: VolunteeringShiftPatch):
    """The capacity never goes below the volunteers already accepted (409 below_accepted)."""
    user = request_user(request)
    shift = _shift(user, shift_id)
    shift = services.shift_save(actor=user, opportunity=shift.opportunity, shift=shift,
                                data=payload.model_dump(exclude_unset=True))
    return _shift_out(shift)


@router.delete("/shifts/{shift_id}", auth=api_auth, response={204: None, **ACTION})
def delete_shift(request, shift_id: Path[RecordId]):
    """Not while volunteers are accepted on it (409 has_accepted)."""
    user = request_user(request)
    services.shift_delete(actor=user, shift=_shift(user, shift_id))
    return Status(204, None)


# ---------------------------------------------------------------- applications


def application_out(application: Application) -> dict:
    opportunity = application.opportunity
    return {
        "id": application.pk, "opportunity": _linked(opportunity), "shift": _shift_out(application.shift),
        "volunteer": _person(application.volunteer), "status": application.status, "message": application.message,
        "answers": [{"question_id": answer.question_id, "question": localized(answer.question, "text"),
                     "text": answer.text} for answer in application.answers.all()],
        "decline_reason": application.decline_reason, "created_at": application.created_at,
        "decided_at": application.decided_at,
    }


def _application_fresh(application_id: int) -> dict:
    return application_out(Application.objects.select_related("opportunity", "shift", "volunteer")
                           .prefetch_related("answers__question").get(pk=application_id))


@router.post("/shifts/{shift_id}/applications", auth=api_auth, response={201: VolunteeringApplicationOut, **WRITE})
def apply(request, shift_id: Path[RecordId], payload: VolunteeringApplicationIn):
    """Apply to a shift of a published opportunity (pending; with auto-accept a free seat at once, else the
    waitlist). 409: not open, the shift started, already applied. 422: a required answer or the birth date missing,
    under the minimum age on the shift's date."""
    user = request_user(request)
    shift = _shift(user, shift_id)
    answers: dict[int, str] = {}
    for answer in payload.answers:
        answers[answer.question_id] = answer.text
    application = services.application_create(actor=user, shift=shift, message=payload.message, answers=answers,
                                              birth_date=payload.birth_date)
    return Status(201, _application_fresh(application.pk))


@router.get("/applications/mine", auth=api_auth,
            response={200: Page[VolunteeringApplicationOut], **error_responses(auth=True)})
def my_applications(request, paging: Query[PageParams]):
    rows = selectors.my_applications(request_user(request)).select_related("volunteer").prefetch_related(
        "answers__question")
    return paginate(rows, page=paging.page, page_size=paging.page_size,
                    transform=lambda page: [application_out(row) for row in page])


@router.get("/opportunities/{opportunity_id}/applications", auth=api_auth,
            response={200: Page[VolunteeringApplicationOut], **AUTH_READ})
def opportunity_applications(request, opportunity_id: Path[RecordId], paging: Query[PageParams],
                             filters: Query[VolunteeringApplicationFilters]):
    """The applications to decide on, by shift then arrival (the opportunity's admins and editors)."""
    user = request_user(request)
    opportunity = _opportunity(user, opportunity_id)
    require(user, "volunteering.change_opportunity", opportunity)
    rows = selectors.opportunity_applications(opportunity, shift_id=filters.shift, status=filters.status or "")
    return paginate(rows, page=paging.page, page_size=paging.page_size,
                    transform=lambda page: [application_out(row) for row in page])


@router.post("/applications/{application_id}/decide", auth=api_auth,
             response={200: VolunteeringApplicationOut, **WRITE})
def decide(request, application_id: Path[RecordId], payload: VolunteeringDecisionIn):
    """Accept (409 full when the shift has no seat), waitlist or decline (with a reason told to the volunteer)."""
    user = request_user(request)
    application = services.application_decide(actor=user, application=_application(user, application_id),
                                              decision=payload.decision, reason=payload.reason)
    return _application_fresh(application.pk)


@router.post("/applications/{application_id}/withdraw", auth=api_auth,
             response={200: VolunteeringApplicationOut, **ACTION})
def withdraw(request, application_id: Path[RecordId]):
    """One's own application; its seat goes to the waitlist on an auto-accept opportunity."""
    user = request_user(request)
    application = services.application_withdraw(actor=user, application=_application(user, application_id))
    return _application_fresh(application.pk)


# ---------------------------------------------------------------- hours


def entry_out(entry: HourEntry) -> dict:
    return {"id": entry.pk, "volunteer": _person(entry.volunteer), "opportunity": _linked(entry.opportunity),
            "organization_id": entry.organization_id, "shift_id": entry.shift_id, "date": entry.date,
            "hours": _text(entry.hours), "activity": entry.activity, "status": entry.status,
            "reject_reason": entry.reject_reason, "created_at": entry.created_at, "decided_at": entry.decided_at}


def _entry_fresh(entry_id: int) -> dict:
    return entry_out(HourEntry.objects.select_related("opportunity", "volunteer").get(pk=entry_id))


@router.post("/opportunities/{opportunity_id}/hours", auth=api_auth, response={201: VolunteeringEntryOut, **WRITE})
def log_hours(request, opportunity_id: Path[RecordId], payload: VolunteeringHoursIn):
    """An accepted volunteer of the opportunity logs hours of a shift or an activity; they count once verified."""
    user = request_user(request)
    entry = services.hours_log(actor=user, opportunity=_opportunity(user, opportunity_id), data=payload.model_dump())
    return Status(201, _entry_fresh(entry.pk))


@router.get("/hours/mine", auth=api_auth, response={200: Page[VolunteeringEntryOut], **error_responses(auth=True)})
def my_hours(request, paging: Query[PageParams], filters: Query[VolunteeringEntryFilters]):
    user = request_user(request)
    rows = selectors.my_entries(user, status=filters.status or "").select_related("volunteer")
    return paginate(rows, page=paging.page, page_size=paging.page_size,
                    transform=lambda page: [entry_out(row) for row in page])


@router.get("/organizations/{organization_id}/hours-queue", auth=api_auth,
            response={200: Page[VolunteeringEntryOut], **AUTH_READ})
def hours_queue(request, organization_id: Path[RecordId], paging: Query[PageParams],
                filters: Query[VolunteeringQueueFilters]):
    """Hours awaiting verification, the oldest first (the organisation's admins and editors)."""
    user = request_user(request)
    organization = _organization(organization_id)
    require(user, "volunteering.view_hours_queue", organization)
    rows = selectors.hours_queue(organization.pk, opportunity_id=filters.opportunity, shift_id=filters.shift)
    return paginate(rows, page=paging.page, page_size=paging.page_size,
                    transform=lambda page: [entry_out(row) for row in page])


@router.patch("/hours/{entry_id}", auth=api_auth, response={200: VolunteeringEntryOut, **WRITE})
def update_hours(request, entry_id: Path[RecordId], payload: VolunteeringHoursPatch):
    """One's own entry while it awaits verification (409 not_pending after)."""
    user = request_user(request)
    entry = services.hours_update(actor=user, entry=_entry(user, entry_id), data=payload.model_dump(exclude_unset=True))
    return _entry_fresh(entry.pk)


@router.delete("/hours/{entry_id}", auth=api_auth, response={204: None, **ACTION})
def delete_hours(request, entry_id: Path[RecordId]):
    user = request_user(request)
    services.hours_delete(actor=user, entry=_entry(user, entry_id))
    return Status(204, None)


@router.post("/hours/{entry_id}/verify", auth=api_auth, response={200: VolunteeringEntryOut, **ACTION})
def verify_hours(request, entry_id: Path[RecordId]):
    """The organisation's admins and editors, never on their own hours; 409 when not pending."""
    user = request_user(request)
    entry = services.hours_verify(actor=user, entry=_entry(user, entry_id))
    return _entry_fresh(entry.pk)


@router.post("/hours/{entry_id}/reject", auth=api_auth, response={200: VolunteeringEntryOut, **WRITE})
def reject_hours(request, entry_id: Path[RecordId], payload: VolunteeringRejectIn):
    """Pending or verified hours (verified ones leave the statistics) with a reason told to the volunteer."""
    user = request_user(request)
    entry = services.hours_reject(actor=user, entry=_entry(user, entry_id), reason=payload.reason)
    return _entry_fresh(entry.pk)


@router.post("/shifts/{shift_id}/verify-hours", auth=api_auth, response={200: VolunteeringVerifiedOut, **ACTION})
def verify_shift_hours(request, shift_id: Path[RecordId]):
    """Every pending entry of the shift at once (but the caller's own); answers how many."""
    user = request_user(request)
    return {"verified": services.hours_verify_shift(actor=user, shift=_shift(user, shift_id))}


@router.get("/profile", auth=api_auth, response={200: VolunteeringProfileOut, **error_responses(auth=True)})
def profile(request):
    """One's verified hours by organisation and year, and the hours awaiting verification."""
    found = selectors.volunteer_profile(request_user(request))
    return {"verified": _hours(found["verified"]), "pending": _hours(found["pending"]), "organizations": [
        {"organization": _ref(row["organization_id"], row["name_ar"], row["name_en"]),
         "verified": _hours(row["verified"]), "pending": _hours(row["pending"]),
         "years": [{"year": year, "hours": _hours(hours)} for year, hours in row["years"]]}
        for row in found["organizations"]]}


# ---------------------------------------------------------------- certificates


def _verification_url(code: str) -> str:
    try:
        return reverse("volunteering:certificate_verify_code", args=[code])
    except NoReverseMatch:  # the public page is vol16's; the code still verifies through this API
        return ""


def certificate_out(certificate: Certificate) -> dict:
    return {
        "id": certificate.pk, "code": certificate.code, "volunteer_id": certificate.volunteer_id,
        "organization_id": certificate.organization_id, "opportunity_id": certificate.opportunity_id,
        "name": certificate.name, "organization_name": localized(certificate, "organization_name"),
        "opportunity_title": localized(certificate, "opportunity_title"), "first_date": certificate.first_date,
        "last_date": certificate.last_date, "hours": _hours(certificate.hours), "issued_at": certificate.issued_at,
        "revoked": certificate.is_revoked, "revoked_at": certificate.revoked_at,
        "revoked_reason": certificate.revoked_reason, "verification_url": _verification_url(certificate.code),
    }


@router.post("/certificates", auth=api_auth, response={201: VolunteeringCertificateOut, **WRITE})
def issue_certificate(request, payload: VolunteeringCertificateIn):
    """A certificate of verified hours with an organisation (or one of its opportunities): the volunteer for
    themself, or the organisation's staff for a volunteer. 409 no_hours when none is verified."""
    user = request_user(request)
    organization = Organization.objects.filter(pk=payload.organization_id).first()
    if organization is None:
        raise InvalidInput(_("Choose a valid option."), code="unknown_reference", field="organization_id")
    volunteer = user
    if payload.volunteer_id is not None and payload.volunteer_id != user.pk:
        volunteer = get_user_model().objects.filter(pk=payload.volunteer_id).first()
        if volunteer is None:
            raise InvalidInput(_("Choose a valid option."), code="unknown_reference", field="volunteer_id")
    opportunity = None
    if payload.opportunity_id is not None:
        opportunity = selectors.visible_opportunities(user).filter(pk=payload.opportunity_id).first()
        if opportunity is None:
            raise InvalidInput(_("Choose a valid option."), code="unknown_reference", field="opportunity_id")
    certificate = services.certificate_issue(actor=user, volunteer=volunteer, organization=organization,
                                             opportunity=opportunity)
    return Status(201, certificate_out(certificate))


@router.get("/certificates/mine", auth=api_auth,
            response={200: Page[VolunteeringCertificateOut], **error_responses(auth=True)})
def my_certificates(request, paging: Query[PageParams]):
    rows = selectors.my_certificates(request_user(request))
    return paginate(rows, page=paging.page, page_size=paging.page_size,
                    transform=lambda page: [certificate_out(row) for row in page])


@router.get("/certificates/code/{code}", response={200: VolunteeringVerificationOut, **READ})
def verify_certificate(request, code: Path[Code]):
    """The public verification of a certificate's code: only what the paper shows, and whether it was revoked.
    Looking codes up is rate-limited per address (429), so that they cannot be guessed by trying."""
    wait = lookup_wait(request, group=VERIFY_GROUP)
    if wait is not None:
        raise Throttled(wait=wait)
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        raise NotFound()
    return {"code": certificate.code, "valid": not certificate.is_revoked, "revoked": certificate.is_revoked,
            "name": certificate.name, "organization_name": localized(certificate, "organization_name"),
            "opportunity_title": localized(certificate, "opportunity_title"), "first_date": certificate.first_date,
            "last_date": certificate.last_date, "hours": _hours(certificate.hours), "issued_at": certificate.issued_at}


@router.post("/certificates/{certificate_id}/revoke", auth=api_auth,
             response={200: VolunteeringCertificateOut, **WRITE})
def revoke_certificate(request, certificate_id: Path[RecordId], payload: VolunteeringRevokeIn):
    """The organisation's admins and editors, with a reason (409 when already revoked)."""
    user = request_user(request)
    certificate = services.certificate_revoke(actor=user, certificate=_certificate(user, certificate_id),
                                              reason=payload.reason)
    return certificate_out(certificate)


# ---------------------------------------------------------------- statistics and values of an hour


def hour_value_out(value: HourValue) -> dict:
    return {"id": value.pk, "region": _linked(value.region, "name"), "amount": _text(value.amount),
            "currency": value.currency, "basis": localized(value, "basis"), "basis_ar": value.basis_ar,
            "basis_en": value.basis_en, "effective_from": value.effective_from}


def _statistics_row(row: selectors.StatisticsRow) -> dict:
    return {"key": row.key, "label": row.label, "hours": _hours(row.hours), "entries": row.entries,
            "values": [{"currency": currency, "amount": _hours(amount)} for currency, amount in sorted(row.values.items())],
            "basis": row.basis}


@router.get("/statistics", response={200: VolunteeringStatisticsOut, **error_responses()})
def statistics(request, filters: Query[VolunteeringStatisticsFilters]):
    """Verified hours by region, organisation (20 a page, the most hours first), axis or year, and their value at
    the value of an hour in force at the end of each year (the region's own, else the national one; each row says
    which, and `hour_values` lists those used)."""
    found = selectors.hours_statistics(
        by=filters.by, year=filters.year, region_id=filters.region, organization_id=filters.organization,
        axis_id=filters.axis, limit=selectors.ORGANIZATIONS_SHOWN,
        offset=(filters.page - 1) * selectors.ORGANIZATIONS_SHOWN)
    total = _statistics_row(found.total)
    total["label"] = _("Total")
    return {"by": found.by, "count": found.count, "page": filters.page,
            "rows": [_statistics_row(row) for row in found.rows], "total": total,
            "hour_values": [hour_value_out(value) for value in found.hour_values]}


@router.get("/hour-values", auth=api_auth, response={200: list[VolunteeringHourValueOut], **error_responses(auth=True)})
def list_hour_values(request):
    """Every value of an hour (the platform's staff)."""
    require(request_user(request), "volunteering.manage_hour_values")
    return [hour_value_out(value) for value in selectors.hour_values()]


@router.post("/hour-values", auth=api_auth, response={201: VolunteeringHourValueOut, **WRITE})
def create_hour_value(request, payload: VolunteeringHourValueIn):
    """A value from a date, national or for a region, on a stated basis (409 exists: one per place and date)."""
    value = services.hour_value_create(actor=request_user(request), data=payload.model_dump())
    return Status(201, hour_value_out(HourValue.objects.select_related("region").get(pk=value.pk)))


@router.delete("/hour-values/{hour_value_id}", auth=api_auth, response={204: None, **ACTION})
def delete_hour_value(request, hour_value_id: Path[RecordId]):
    user = request_user(request)
    require(user, "volunteering.manage_hour_values")
    value = HourValue.objects.filter(pk=hour_value_id).first()
    if value is None:
        raise NotFound()
    services.hour_value_delete(actor=user, hour_value=value)
    return Status(204, None)
