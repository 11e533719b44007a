"""The permission matrix: every API operation and every page that changes data × every role → its answer.

Each row is one action on one record of a shared world (matrix.build_world); each role is its own
test. Columns, in the order of matrix.ROLES:

    anon   nobody signed in                  oadm   admin of another organisation (another region)
    res    resident: signed in, no role      crd    coordinator of the record's region
    view   viewer of the record's org        ocrd   coordinator of another region
    edit   editor of the record's org        padm   platform admin
    adm    admin of the record's org

Answers: a status, `login` (redirect to the sign-in page), or a status followed by `=` when the
request is answered normally but must change nothing. A refused request (login, 4xx) must leave
every watched table as it was; a successful write must change something; a GET never writes.
Outsiders get 404 for what they may not see (a draft, its attachments), 403 for what they may see
but not do. API calls authenticate with each person's token.

Every URL pattern and API operation must have a row here or a line in PUBLIC_ROUTES /
PUBLIC_OPERATIONS saying why it needs none: a new URL without one fails test_every_route_is_in_the_matrix.
"""

import os
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from musharaka.initiatives.tests.payloads import initiative_form_data

from . import matrix
from .matrix import LOGIN, PASSWORD, api, page, pdf_upload, png_upload

# ---------------------------------------------------------------- request bodies (world, role) → data

QUESTION_TEXT = "ما خطة الملتقى لمتابعة التوصيات؟"


def question_form(w, role):
    return {"text": QUESTION_TEXT}


def feedback_form(w, role):
    prefix = f"s{w.records['past_event_session'].pk}"
    return {f"{prefix}-rating": "4", f"{prefix}-comment": "جلسة مفيدة"}


EXHIBIT_COMMENT = "مبادرة تستحق أن تعمم على الأحياء"


def exhibit_comment(w, role):
    return {"text": EXHIBIT_COMMENT}


def booth_form(w, role):
    return {"name_ar": "جناح الشركاء", "number": "B2", "order": "1"}


def recommendation_form(w, role):
    return {"text_ar": "تفعيل منصة للتطوع في مبادرات الأحياء", "organization": w.other_org.pk, "due_date": "2030-01-31"}


def recommendation_api(w, role):
    return {"text_ar": "تفعيل منصة للتطوع في مبادرات الأحياء", "organization": w.other_org.pk}


def recommendation_update_form(w, role):
    return {"text": "اعتمدت الجهة التوصية", "status": "adopted"}


def recommendation_update_api(w, role):
    return {"text": "اعتمدت الجهة التوصية", "status": "adopted"}


def news_form(w, role):
    return {"title_ar": "أمانة الشرقية توقع مذكرة تفاهم", "body_ar": "وقعت الأمانة مذكرة تفاهم.", "is_published": "on"}


def photo_form(w, role):
    return {"images": [png_upload("photo.png")], "caption_ar": "من الملتقى"}


def organization_form(w, role):
    return {"name_ar": "جمعية التنمية الأهلية المحدثة", "sector": "nonprofit", "region": w.org.region_id}


def initiative_form(w, role, **extra):
    return initiative_form_data(
        region=w.org.region_id, organization=w.org.pk, title_ar="مبادرة الحي الأخضر",
        summary_ar="زراعة الأشجار في حدائق الحي", title_en="", **extra,
    )


def initiative_form_with_attachment(w, role):
    return initiative_form(w, role, attachments=pdf_upload())


def cover_name(status):
    return stored_name(status, "cover_image")


def stored_name(on: str, field: str):
    """The stored file's name, as the URL of a private file carries it."""
    return lambda w: os.path.basename(getattr(w.records[on], field).name)


def import_csv(w, role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = f"title_ar,summary_ar,lead_organization_id\nمبادرة مستوردة,ملخص المبادرة المستوردة,{w.org.pk}\n"
    return {"file": SimpleUploadedFile("initiatives.csv", content.encode(), "text/csv"), "confirm": "on"}


def import_csv_api(w, role):
    data = import_csv(w, role)
    data.pop("confirm")
    return data


def own_organization(w, role):
    """The organisation a person would replicate into: their own (the record's, for platform admins)."""
    return w.other_org if role == "other_admin" else w.org


def profile_form(w, role):
    email = w.users[role].email if w.users[role] else "nobody@example.org"
    return {"first_name": "سارة", "last_name": "العتيبي", "email": email, "phone": "", "preferred_language": "ar"}


def password_form(w, role):
    return {"old_password": PASSWORD, "new_password1": "another-Strong-pass-2027", "new_password2": "another-Strong-pass-2027"}


def signup_form(w, role):
    return {
        "username": "matrix-signup", "first_name": "ليلى", "last_name": "الحربي", "email": "matrix-signup@example.org",
        "password": "a-Strong-pass-2026", "password_confirm": "a-Strong-pass-2026", "preferred_language": "ar",
    }


def glossary_form(w, role):
    return {"code": "matrix-term", "term_ar": "مصطلح تجريبي", "term_en": "Trial term",
            "definition_ar": "تعريف المصطلح", "definition_en": "The term's definition"}


def glossary_edit_form(w, role):
    return {"term_ar": w.term.term_ar, "term_en": w.term.term_en, "definition_ar": "تعريف محدث",
            "definition_en": "An updated definition"}


def _local(value, **delta) -> str:
    import datetime

    from django.utils import timezone

    return timezone.localtime(value + datetime.timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


def event_form(w, role):
    event = w.event
    return {
        "organization": w.org.pk, "title_ar": "ورشة عمل خطة التنمية المحلية", "kind": "workshop",
        "region": w.org.region_id, "starts_at": _local(event.starts_at), "ends_at": _local(event.ends_at),
        "audience_public": "on", "audience_nonprofit": "on", "quota_nonprofit": "20", "capacity": "80",
        "registration_open": "on", "is_published": "on",
    }


def session_form(w, role):
    return {"kind": "workshop", "title_ar": "ورشة قياس الأثر الاجتماعي", "starts_at": _local(w.event.starts_at, hours=2),
            "ends_at": _local(w.event.starts_at, hours=3), "track": "القاعة ب"}


def speaker_form(w, role):
    return {"name_ar": "مبارك بن سالم العنزي", "title_ar": "مدير إدارة شركاء الأعمال"}


def visitor_registration(w, role):
    return {"category": "public", "name": "فهد العتيبي", "email": f"visitor-{role}@example.org", "phone": "0551112222"}


# ---------------------------------------------------------------- the matrix

ROWS = [
    # ----------------------------------------------------------- pages: organisations
    #     method  route                     record        anon  res  view edit adm  oadm crd  ocrd padm
    page("GET",  "orgs:create",             "",          "login 200 200 200 200 200 200 200 200"),
    page("POST", "orgs:create",             "",          "login 302 302 302 302 302 302 302 302", data=organization_form),
    page("GET",  "orgs:edit",               "org",       "login 403 403 403 200 403 403 403 200"),
    page("POST", "orgs:edit",               "org",       "login 403 403 403 302 403 403 403 302", data=organization_form),
    page("GET",  "orgs:members",            "org",       "login 403 403 403 200 403 403 403 200"),
    page("POST", "orgs:members",            "org",       "login 403 403 403 302 403 403 403 302",
         data=lambda w, role: {"user": "matrix-newcomer", "role": "viewer"}),
    page("POST", "orgs:membership",         "membership", "login 403 403 403 302 403 403 403 302",
         data=lambda w, role: {"role": "editor"}, label="role"),
    page("POST", "orgs:membership",         "membership", "login 403 403 403 302 403 403 403 302",
         data=lambda w, role: {"action": "remove"}, label="remove"),
    # A membership reached through another organisation's URL does not exist there.
    page("POST", "orgs:membership",         "membership", "login 404 404 404 404 404 404 404 404",
         data=lambda w, role: {"action": "remove"}, args={"organization_id": lambda w: w.other_org.pk}, label="elsewhere"),
    page("POST", "orgs:verify",             "org",       "login 403 403 403 403 403 302 403 302",
         data=lambda w, role: {"verified": "1"}),
    # ----------------------------------------------------------- pages: initiatives
    page("GET",  "initiatives:create",      "",          "login 403 403 200 200 200 403 403 200"),
    page("POST", "initiatives:create",      "",          "login 403 403 302 302 403 403 403 302", data=initiative_form),
    page("GET",  "initiatives:detail",      "draft",     "404   404 200 200 200 404 200 404 200"),
    page("GET",  "initiatives:detail",      "submitted", "404   404 200 200 200 404 200 404 200"),
    page("GET",  "initiatives:detail",      "cancelled", "404   404 200 200 200 404 200 404 200"),
    page("GET",  "initiatives:detail",      "approved",  "200   200 200 200 200 200 200 200 200"),
    page("GET",  "initiatives:edit",        "draft",     "login 404 403 200 200 404 200 404 200"),
    page("POST", "initiatives:edit",        "draft",     "login 404 403 302 302 404 302 404 302", data=initiative_form),
    page("POST", "initiatives:edit",        "draft",     "login 404 403 302 302 404 302 404 302",
         data=initiative_form_with_attachment, label="attachment"),
    page("GET",  "initiatives:edit",        "submitted", "login 404 403 403 403 404 200 404 200"),
    page("POST", "initiatives:edit",        "submitted", "login 404 403 403 403 404 302 404 302", data=initiative_form),
    page("GET",  "initiatives:edit",        "approved",  "login 403 403 200 200 403 200 403 200"),
    page("POST", "initiatives:edit",        "approved",  "login 403 403 302 302 403 302 403 302", data=initiative_form),
    page("GET",  "initiatives:attachment",  "draft_attachment",    "404 404 200 200 200 404 200 404 200"),
    page("GET",  "initiatives:attachment",  "approved_attachment", "200 200 200 200 200 200 200 200 200"),
    # A draft's attachment reached through a published initiative's URL does not exist there.
    page("GET",  "initiatives:attachment",  "draft_attachment",    "404 404 404 404 404 404 404 404 404",
         args={"initiative_id": lambda w: w.approved.pk}, label="elsewhere"),
    # Covers are private files, named in their URL: a draft's answers 404 to whoever may not see the draft.
    page("GET",  "initiatives:cover",       "draft",     "404 404 200 200 200 404 200 404 200",
         args={"filename": cover_name("draft")}),
    page("GET",  "initiatives:cover",       "approved",  "200 200 200 200 200 200 200 200 200",
         args={"filename": cover_name("approved")}),
    # A draft's cover reached through a published initiative's URL does not exist there.
    page("GET",  "initiatives:cover",       "approved",  "404 404 404 404 404 404 404 404 404",
         args={"filename": cover_name("draft")}, label="draft's cover"),
    page("POST", "initiatives:action",      "draft",     "login 404 403 302 302 404 403 404 403", args={"action": "submit"}),
    page("POST", "initiatives:action",      "draft",     "login 404 403 403 403 404 403 404 403", args={"action": "approve"}),
    page("POST", "initiatives:action",      "submitted", "login 404 403 403 403 404 302 404 302", args={"action": "approve"}),
    page("POST", "initiatives:action",      "submitted", "login 404 403 403 403 404 302 404 302", args={"action": "reject"},
         data=lambda w, role: {"reason": "الميزانية غير واضحة"}),
    page("POST", "initiatives:action",      "approved",  "login 403 403 302 302 403 302 403 302", args={"action": "activate"}),
    page("POST", "initiatives:action",      "active",    "login 403 403 302 302 403 302 403 302", args={"action": "complete"}),
    page("POST", "initiatives:action",      "approved",  "login 403 403 302 302 403 302 403 302", args={"action": "cancel"}),
    page("POST", "initiatives:action",      "cancelled", "login 404 403 403 403 404 403 404 403", args={"action": "activate"}),
    page("POST", "initiatives:mark_success", "completed", "login 403 403 403 403 403 302 403 302"),
    # One rule with the API (services.initiative_replicate): into an organisation one may start initiatives for;
    # a platform admin, member of none, into any.
    page("POST", "initiatives:replicate",   "approved",  "login 403 403 302 302 302 403 403 302",
         data=lambda w, role: {"organization": own_organization(w, role).pk}),
    page("POST", "initiatives:replicate",   "approved",  "login 403 403 403 403 302 403 403 302",
         data=lambda w, role: {"organization": w.other_org.pk}, label="into other_org"),
    page("POST", "initiatives:replicate",   "draft",     "login 404 403 403 403 404 403 404 403",
         data=lambda w, role: {"organization": own_organization(w, role).pk}),
    page("GET",  "initiatives_exchange:import", "",      "login 403 403 200 200 200 403 403 200"),
    # Another organisation's admin may import, but not for this organisation: the page lists the refused row.
    page("POST", "initiatives_exchange:import", "",      "login 403 403 302 302 200= 403 403 302", data=import_csv),
    # Excel exports: anyone signed in starts one (of the rows they may see); a job is its owner's alone.
    page("GET",  "initiatives_exchange:export_xlsx", "", "login 200 200 200 200 200 200 200 200"),
    page("POST", "initiatives_exchange:export_xlsx", "", "login 302 302 302 302 302 302 302 302"),
    page("GET",  "initiatives_exchange:export_job", "export_job",        "login 404 404 200 404 404 404 404 200"),
    page("GET",  "initiatives_exchange:export_job_status", "export_job", "login 404 404 200 404 404 404 404 200"),
    page("GET",  "initiatives_exchange:export_job_file", "export_job",   "login 404 404 200 404 404 404 404 200"),
    # ----------------------------------------------------------- pages: notifications (one unread, the admin's)
    page("GET",  "notifications:list",      "",          "login 200 200 200 200 200 200 200 200"),
    page("POST", "notifications:read",      "notification", "login 302= 302= 302= 302 302= 302= 302= 302="),
    page("POST", "notifications:read_all",  "",          "login 302= 302= 302= 302 302= 302= 302= 302="),
    # ----------------------------------------------------------- pages: accounts (each person's own)
    page("GET",  "accounts:signup",         "",          "200 302 302 302 302 302 302 302 302"),
    page("POST", "accounts:signup",         "",          "302 302= 302= 302= 302= 302= 302= 302= 302=", data=signup_form),
    page("GET",  "accounts:profile",        "",          "login 200 200 200 200 200 200 200 200"),
    page("POST", "accounts:profile",        "",          "login 302 302 302 302 302 302 302 302", data=profile_form),
    page("GET",  "accounts:password_change", "",         "login 200 200 200 200 200 200 200 200"),
    page("POST", "accounts:password_change", "",         "login 302 302 302 302 302 302 302 302", data=password_form),
    page("GET",  "accounts:tokens",         "",          "login 200 200 200 200 200 200 200 200"),
    # Creating a token needs a second factor passed in the last 15 minutes: those without two-factor
    # sign-in (resident, viewer, editor) are sent to set it up; the roles that require it have it.
    page("POST", "accounts:tokens",         "",          "login 302= 302= 302= 302 302 302 302 302",
         data=lambda w, role: {"name": "نص برمجي للتقارير"}),
    page("GET",  "accounts:token_created",  "",          "login 302 302 302 302 302 302 302 302"),
    page("POST", "accounts:token_revoke",   "token",     "login 404 404 404 302 404 404 404 404"),
    # ----------------------------------------------------------- pages: two-factor sign-in (each person's own)
    #    resident, viewer and editor have it off; the other roles require it and passed it (conftest's force_login)
    page("GET",  "accounts:security",       "",          "login 200 200 200 200 200 200 200 200"),
    page("GET",  "accounts:two_factor_setup", "",        "login 200 200 200 302 302 302 302 302"),
    page("POST", "accounts:two_factor_setup", "",        "login 200= 200= 200= 302= 302= 302= 302= 302=",
         data=lambda w, role: {"code": "000000"}, label="a wrong code"),
    page("GET",  "accounts:two_factor_verify", "",       "login 302 302 302 200 200 200 200 200"),
    # a wrong code: the authenticator's back-off counts it (and so does the sign-in lockout)
    page("POST", "accounts:two_factor_verify", "",       "login 302= 302= 302= 200 200 200 200 200",
         data=lambda w, role: {"method": "totp", "code": "000000"}, label="a wrong code"),
    page("GET",  "accounts:recovery_codes", "",          "login 302 302 302 302 302 302 302 302"),
    page("POST", "accounts:recovery_codes_regenerate", "", "login 302= 302= 302= 302 302 302 302 302"),
    page("POST", "accounts:two_factor_disable", "",      "login 302= 302= 302= 403 403 403 403 403"),
    # ----------------------------------------------------------- pages: glossary (curated by platform admins)
    page("GET",  "taxonomy:glossary_term_create", "",    "login 403 403 403 403 403 403 403 200"),
    page("POST", "taxonomy:glossary_term_create", "",    "login 403 403 403 403 403 403 403 302", data=glossary_form),
    page("GET",  "taxonomy:glossary_term_edit", "term",  "login 403 403 403 403 403 403 403 200"),
    page("POST", "taxonomy:glossary_term_edit", "term",  "login 403 403 403 403 403 403 403 302", data=glossary_edit_form),
    # ----------------------------------------------------------- pages: events (the resident is registered at `event`)
    page("GET",  "events:detail",           "event",     "200   200 200 200 200 200 200 200 200"),
    page("GET",  "events:detail",           "draft_event", "404 404 200 200 200 404 200 404 200"),
    page("GET",  "events:agenda",           "draft_event", "404 404 200 200 200 404 200 404 200"),
    page("GET",  "events:speakers",         "draft_event", "404 404 200 200 200 404 200 404 200"),
    page("GET",  "events:speaker",          "draft_event_speaker", "404 404 200 200 200 404 200 404 200"),
    # Covers and photos are private files, named in their URL, under the event's rule (as initiatives' covers).
    page("GET",  "events:speaker_photo",    "draft_event_speaker", "404 404 200 200 200 404 200 404 200",
         args={"filename": stored_name("draft_event_speaker", "photo")}),
    page("GET",  "events:speaker_photo",    "event_speaker", "200 200 200 200 200 200 200 200 200",
         args={"filename": stored_name("event_speaker", "photo")}),
    # An unpublished event's photo reached through a published event's URL does not exist there.
    page("GET",  "events:speaker_photo",    "event_speaker", "404 404 404 404 404 404 404 404 404",
         args={"filename": stored_name("draft_event_speaker", "photo")}, label="draft's photo"),
    # A draft's speaker reached through a published event's URL does not exist there.
    page("GET",  "events:speaker",          "draft_event_speaker", "404 404 404 404 404 404 404 404 404",
         args={"event_id": lambda w: w.event.pk}, label="elsewhere"),
    page("GET",  "events:cover",            "draft_event", "404 404 200 200 200 404 200 404 200",
         args={"filename": stored_name("draft_event", "cover_image")}),
    page("GET",  "events:cover",            "event",     "200   200 200 200 200 200 200 200 200",
         args={"filename": stored_name("event", "cover_image")}),
    page("GET",  "events:cover",            "event",     "404   404 404 404 404 404 404 404 404",
         args={"filename": stored_name("draft_event", "cover_image")}, label="draft's cover"),
    page("GET",  "events:create",           "",          "login 403 403 200 200 200 403 403 200"),
    # Another organisation's admin cannot pick this organisation: the form again, nothing written.
    page("POST", "events:create",           "",          "login 403 403 302 302 200= 403 403 302", data=event_form),
    page("GET",  "events:edit",             "event",     "login 403 403 200 200 403 200 403 200"),
    page("GET",  "events:edit",             "draft_event", "login 404 403 200 200 404 200 404 200"),
    page("POST", "events:edit",             "event",     "login 403 403 302 302 403 302 403 302", data=event_form),
    page("GET",  "events:manage_sessions",  "event",     "login 403 403 200 200 403 200 403 200"),
    page("POST", "events:manage_sessions",  "event",     "login 403 403 302 302 403 302 403 302", data=session_form),
    page("GET",  "events:session_edit",     "event_session", "login 403 403 200 200 403 200 403 200"),
    page("POST", "events:session_edit",     "event_session", "login 403 403 302 302 403 302 403 302",
         data=session_form),
    page("POST", "events:session_edit",     "event_session", "login 403 403 302 302 403 302 403 302",
         data=lambda w, role: {"delete": "1"}, label="delete"),
    page("GET",  "events:manage_speakers",  "event",     "login 403 403 200 200 403 200 403 200"),
    page("POST", "events:manage_speakers",  "event",     "login 403 403 302 302 403 302 403 302", data=speaker_form),
    page("GET",  "events:speaker_edit",     "event_speaker", "login 403 403 200 200 403 200 403 200"),
    page("POST", "events:speaker_edit",     "event_speaker", "login 403 403 302 302 403 302 403 302",
         data=speaker_form),
    page("GET",  "events:manage_registrations", "event", "login 403 403 200 200 403 200 403 200"),
    page("GET",  "events:registrations_csv", "event",    "login 403 403 200 200 403 200 403 200"),
    page("POST", "events:decide",           "registration", "login 403 403 302 302 403 302 403 302",
         args={"action": "decline"}),
    page("GET",  "events:register",         "event",     "200   200 200 200 200 200 200 200 200"),
    # The resident is registered already: the form again with the reason, nothing written.
    page("POST", "events:register",         "event",     "302   200= 302 302 302 302 302 302 302",
         data=visitor_registration),
    # An unpublished event takes no registration: 403 to those who may see it (as the API answers).
    page("POST", "events:register",         "draft_event", "404 404 403 403 403 404 403 404 403",
         data=visitor_registration),
    # ----------------------------------------------------------- pages: development media (news, photos; the agreements
    # signed at an event are partnerships' pages)
    # Under the event's rule; a draft post and a post's image also need its event's managers until published.
    *[page("GET", route, on, expect, args=args) for route, on, expect, args in (
        ("events:news", "event", "200 200 200 200 200 200 200 200 200", {}),
        ("events:news", "draft_event", "404 404 200 200 200 404 200 404 200", {}),
        ("events:news_post", "event_post", "200 200 200 200 200 200 200 200 200", {}),
        ("events:news_post", "draft_event_post", "404 404 200 200 200 404 200 404 200", {}),
        ("events:news_post", "event_draft_post", "404 404 404 200 200 404 200 404 200", {}),
        ("events:news_cover", "event_post", "200 200 200 200 200 200 200 200 200",
         {"filename": stored_name("event_post", "cover_image")}),
        ("events:news_cover", "draft_event_post", "404 404 200 200 200 404 200 404 200",
         {"filename": stored_name("draft_event_post", "cover_image")}),
        ("events:photos", "draft_event", "404 404 200 200 200 404 200 404 200", {}),
        ("events:photo", "event_photo", "200 200 200 200 200 200 200 200 200",
         {"filename": stored_name("event_photo", "image")}),
        ("events:photo", "draft_event_photo", "404 404 200 200 200 404 200 404 200",
         {"filename": stored_name("draft_event_photo", "image")}),
        ("events:photo_thumbnail", "draft_event_photo", "404 404 200 200 200 404 200 404 200",
         {"filename": stored_name("draft_event_photo", "thumbnail")}),
        ("events:manage_news", "event", "login 403 403 200 200 403 200 403 200", {}),
        ("events:news_edit", "event_post", "login 403 403 200 200 403 200 403 200", {}),
        ("events:manage_photos", "event", "login 403 403 200 200 403 200 403 200", {}),
        ("events:photo_edit", "event_photo", "login 403 403 200 200 403 200 403 200", {}),
        ("events:manage_news", "draft_event", "login 404 403 200 200 404 200 404 200", {}),
    )],
    # The draft's photo through the published event's address does not exist there.
    page("GET",  "events:photo_thumbnail",  "draft_event_photo", "404 404 404 404 404 404 404 404 404",
         args={"event_id": lambda w: w.event.pk, "filename": stored_name("draft_event_photo", "thumbnail")},
         label="elsewhere"),
    page("POST", "events:manage_news",      "event",     "login 403 403 302 302 403 302 403 302", data=news_form),
    page("POST", "events:manage_news",      "draft_event", "login 404 403 302 302 404 302 404 302", data=news_form),
    page("POST", "events:news_edit",        "event_post", "login 403 403 302 302 403 302 403 302",
         data=lambda w, role: {**news_form(w, role), "is_published": ""}),
    page("POST", "events:news_edit",        "event_post", "login 403 403 302 302 403 302 403 302",
         data=lambda w, role: {"delete": "1"}, label="delete"),
    page("POST", "events:manage_photos",    "event",     "login 403 403 302 302 403 302 403 302", data=photo_form),
    page("POST", "events:photo_edit",       "event_photo", "login 403 403 302 302 403 302 403 302",
         data=lambda w, role: {"caption_ar": "تعليق جديد"}),
    page("POST", "events:photo_edit",       "event_photo", "login 403 403 302 302 403 302 403 302",
         data=lambda w, role: {"delete": "1"}, label="delete"),
    # Recommendations: the organiser records and edits, the responsible organisation (the other one, for
    # `recommendation`) follows up, the region's coordinator and platform admins moderate.
    page("GET",  "events:event_recommendations", "event", "200  200 200 200 200 200 200 200 200"),
    page("GET",  "events:event_recommendations", "draft_event", "404 404 200 200 200 404 200 404 200"),
    page("POST", "events:event_recommendations", "event", "login 403 403 302 302 403 302 403 302",
         data=recommendation_form),
    page("POST", "events:event_recommendations", "draft_event", "login 404 403 302 302 404 302 404 302",
         data=recommendation_form),
    page("GET",  "events:recommendation",   "recommendation", "200 200 200 200 200 200 200 200 200"),
    page("GET",  "events:recommendation",   "draft_recommendation", "404 404 200 200 200 404 200 404 200"),
    page("POST", "events:recommendation",   "recommendation", "login 403 403 403 403 302 302 403 302",
         data=recommendation_update_form),
    page("POST", "events:recommendation",   "draft_recommendation", "login 404 403 302 302 404 302 404 302",
         data=recommendation_update_form),
    page("GET",  "events:recommendation_edit", "recommendation", "login 403 403 200 200 403 200 403 200"),
    page("POST", "events:recommendation_edit", "recommendation", "login 403 403 302 302 403 302 403 302",
         data=recommendation_form),
    page("GET",  "events:recommendation_edit", "draft_recommendation", "login 404 403 200 200 404 200 404 200"),
    page("GET",  "events:recommendation_evidence", "recommendation_evidence", "200 200 200 200 200 200 200 200 200",
         args={"filename": stored_name("recommendation_evidence", "file")}),
    page("GET",  "events:recommendation_evidence", "draft_recommendation_evidence",
                                                  "404 404 200 200 200 404 200 404 200",
         args={"filename": stored_name("draft_recommendation_evidence", "file")}),
    # Evidence of the draft's recommendation through the published one's URL does not exist there.
    page("GET",  "events:recommendation_evidence", "draft_recommendation_evidence",
                                                  "404 404 404 404 404 404 404 404 404",
         args={"recommendation_id": lambda w: w.recommendation.pk,
               "filename": stored_name("draft_recommendation_evidence", "file")}, label="elsewhere"),
    # Only someone with a seat at the event books a session (the resident); the others hear why, nothing written.
    page("POST", "events:book_session",     "event_workshop", "login 302 302= 302= 302= 302= 302= 302= 302="),
    page("POST", "events:book_session",     "draft_event_session", "login 404 302= 302= 302= 404 302= 404 302="),
    page("POST", "events:unbook_session",   "event_session", "login 302 404 404 404 404 404 404 404"),
    page("GET",  "events:my_registrations", "",          "login 200 200 200 200 200 200 200 200"),
    page("POST", "events:cancel",           "registration", "login 302 404 404 404 404 404 404 404"),
    # ----------------------------------------------------------- pages: audience questions and feedback (the resident and
    # the newcomer attend `event`; `question` is the newcomer's, approved; `question_pending` the newcomer's,
    # `question_mine` the resident's, both pending; the resident attended `past_event`)
    page("GET",  "events:questions",        "event_session", "200 200 200 200 200 200 200 200 200"),
    page("GET",  "events:questions",        "draft_event_session", "404 404 200 200 200 404 200 404 200"),
    page("POST", "events:questions",        "event_session", "login 302 403 403 403 403 403 403 403",
         data=question_form),
    page("GET",  "events:questions_partial", "event_session", "200 200 200 200 200 200 200 200 200"),
    page("GET",  "events:question_screen",  "event_session", "200 200 200 200 200 200 200 200 200"),
    page("GET",  "events:question_screen",  "draft_event_session", "404 404 200 200 200 404 200 404 200"),
    page("GET",  "events:question_screen_partial", "event_session", "200 200 200 200 200 200 200 200 200"),
    page("POST", "events:question_vote",    "question", "login 302 403 403 403 403 403 403 403"),
    page("POST", "events:question_unvote",  "question_voted", "login 302 403 403 403 403 403 403 403"),
    page("POST", "events:question_withdraw", "question_mine", "login 302 404 403 403 404 403 404 403"),
    page("GET",  "events:moderate_questions", "event_session", "login 403 403 200 200 403 200 403 200"),
    page("POST", "events:question_moderate", "question_pending", "login 403 403 302 302 403 302 403 302",
         data=lambda w, role: {"action": "approve"}),
    page("GET",  "events:feedback",         "past_event", "login 200 200 200 200 200 200 200 200"),
    page("POST", "events:feedback_give",    "past_event_session", "login 302 403 403 403 403 403 403 403",
         data=feedback_form),
    page("GET",  "events:feedback_results", "past_event", "login 403 403 200 200 403 200 403 200"),
    # tickets and check-in (part 4): the registrant's ticket, the organiser's staff at the door
    page("GET",  "events:ticket",           "registration", "login 200 404 200 200 404 200 404 200"),
    page("GET",  "events:check_in",         "event",     "login 403 403 200 200 403 200 403 200"),
    page("POST", "events:check_in",         "event",     "login 403 403 302 302 403 302 403 302",
         data=lambda w, role: {"code": w.registration.ticket.code}),
    page("POST", "events:check_in",         "draft_event", "login 404 403 302= 302= 404 302= 404 302=",
         data=lambda w, role: {"code": w.registration.ticket.code}, label="other-event"),
    page("GET",  "events:attendance",       "event",     "login 403 403 200 200 403 200 403 200"),
    page("GET",  "events:calendar",         "event",     "200   200 200 200 200 200 200 200 200"),
    page("GET",  "events:calendar",         "draft_event", "404 404 404 404 404 404 404 404 404"),
    # ----------------------------------------------------------- pages: the exhibition (`showcase` shows the approved
    # initiative, liked by the resident; `hidden_showcase` the draft one, for organisers only; `draft_showcase` is at the
    # unpublished forum; `exhibit_comment` is the newcomer's, pending)
    page("GET",  "events:exhibition",       "event",       "200 200 200 200 200 200 200 200 200"),
    page("GET",  "events:exhibition",       "draft_event", "404 404 200 200 200 404 200 404 200"),
    page("GET",  "events:showcase",         "showcase",    "200 200 200 200 200 200 200 200 200"),
    page("GET",  "events:showcase",         "hidden_showcase", "404 404 404 200 200 404 200 404 200"),
    page("GET",  "events:showcase",         "draft_showcase",  "404 404 200 200 200 404 200 404 200"),
    page("POST", "events:showcase",         "showcase",    "login 302 302 302 302 302 302 302 302", data=exhibit_comment),
    page("POST", "events:showcase_like",    "showcase",    "login 302 302 302 302 302 302 302 302"),
    page("POST", "events:showcase_like",    "hidden_showcase", "login 404 404 403 403 404 403 404 403"),
    page("GET",  "events:manage_exhibition", "event",      "login 403 403 200 200 403 200 403 200"),
    page("POST", "events:manage_exhibition", "event",      "login 403 403 302 302 403 302 403 302", data=booth_form),
    page("POST", "events:showcase_add",     "event",       "login 403 403 302 302 403 302 403 302",
         data=lambda w, role: {"initiative": w.completed.pk}),
    page("POST", "events:booth_delete",     "booth",       "login 403 403 302 302 403 302 403 302"),
    page("POST", "events:showcase_assign",  "showcase",    "login 403 403 302 302 403 302 403 302",
         data=lambda w, role: {"booth": "", "order": "4"}),
    page("POST", "events:showcase_remove",  "showcase",    "login 403 403 302 302 403 302 403 302"),
    page("GET",  "events:moderate_exhibit_comments", "event", "login 403 403 200 200 403 200 403 200"),
    page("POST", "events:exhibit_comment_moderate", "exhibit_comment", "login 403 403 302 302 403 302 403 302",
         data=lambda w, role: {"action": "approve"}),
    # attendance certificates (part 5): the registrant's PDF and the organiser's staff's; public verification
    page("GET",  "events:certificate",      "certified_registration", "login 200 404 200 200 404 200 404 200"),
    page("GET",  "events:session_certificate", "registration", "login 200 404 200 200 404 200 404 200",
         args={"session_id": lambda w: w.certified_session.pk}),
    page("GET",  "events:manage_certificates", "certified_event", "login 403 403 200 200 403 200 403 200"),
    page("POST", "events:certificates_issue_all", "certified_event", "login 403 403 302 302 403 302 403 302"),
    page("POST", "events:certificate_revoke", "certificate", "login 403 403 302 302 403 302 403 302",
         data=lambda w, role: {"reason": "سجل الحضور بالخطأ"}),
    page("GET",  "events:certificate_verify", "", "200 200 200 200 200 200 200 200 200"),
    page("GET",  "events:certificate_verify_code", "", "200 200 200 200 200 200 200 200 200",
         args={"code": lambda w: w.certificate.code}),
    # ----------------------------------------------------------- the admin site (its other URLs: PUBLIC_ROUTES)
    page("GET",  "admin:index",             "",          "302 302 302 302 302 302 302 302 200"),

    # ----------------------------------------------------------- API: organisations
    #    method    path                                                   record   anon res  view edit adm  oadm crd  ocrd padm
    api("POST",   "/organizations",                                       "",      "401 201 201 201 201 201 201 201 201",
        data=lambda w, role: {"name_ar": "جمعية جديدة", "sector": "nonprofit", "region_id": w.org.region_id}),
    api("PATCH",  "/organizations/{organization_id}",                     "org",   "401 403 403 403 200 403 403 403 200",
        data=lambda w, role: {"description_ar": "وصف محدث"}),
    api("POST",   "/organizations/{organization_id}/logo",                "org",   "401 403 403 403 200 403 403 403 200",
        data=lambda w, role: {"logo": png_upload()}, multipart=True),
    api("POST",   "/organizations/{organization_id}/verify",              "org",   "401 403 403 403 403 403 200 403 200"),
    api("GET",    "/organizations/{organization_id}/members",             "org",   "401 403 200 200 200 403 200 403 200"),
    api("POST",   "/organizations/{organization_id}/members",             "org",   "401 403 403 403 201 403 403 403 201",
        data=lambda w, role: {"user": "matrix-newcomer", "role": "viewer"}),
    api("DELETE", "/organizations/{organization_id}/members/{membership_id}", "membership",
                                                                                   "401 403 403 403 204 403 403 403 204"),
    api("DELETE", "/organizations/{organization_id}/members/{membership_id}", "membership",
                                                                                   "401 404 404 404 404 404 404 404 404",
        args={"organization_id": lambda w: w.other_org.pk}, label="elsewhere"),
    api("GET",    "/accounts/me",                                         "",      "401 200 200 200 200 200 200 200 200"),
    # ----------------------------------------------------------- API: initiatives
    api("POST",   "/initiatives",                                         "",      "401 403 403 201 201 403 403 403 201",
        data=lambda w, role: {"lead_organization_id": w.org.pk, "title_ar": "مبادرة جديدة", "summary_ar": "ملخص المبادرة"}),
    api("GET",    "/initiatives/{initiative_id}",                         "cancelled", "404 404 200 200 200 404 200 404 200"),
    api("GET",    "/initiatives/{initiative_id}",                         "draft", "404 404 200 200 200 404 200 404 200"),
    api("GET",    "/initiatives/{initiative_id}",                         "approved", "200 200 200 200 200 200 200 200 200"),
    api("GET",    "/initiatives/{initiative_id}/similar",                 "draft", "404 404 200 200 200 404 200 404 200"),
    api("GET",    "/initiatives/{initiative_id}/replications",            "draft", "404 404 200 200 200 404 200 404 200"),
    api("PATCH",  "/initiatives/{initiative_id}",                         "draft", "401 404 403 200 200 404 200 404 200",
        data=lambda w, role: {"summary_ar": "ملخص محدث"}),
    api("PATCH",  "/initiatives/{initiative_id}",                         "submitted", "401 404 403 403 403 404 200 404 200",
        data=lambda w, role: {"summary_ar": "ملخص محدث"}),
    api("PATCH",  "/initiatives/{initiative_id}",                         "approved", "401 403 403 200 200 403 200 403 200",
        data=lambda w, role: {"summary_ar": "ملخص محدث"}),
    api("POST",   "/initiatives/{initiative_id}/{action}",                "draft", "401 404 403 200 200 404 403 404 403",
        args={"action": "submit"}),
    api("POST",   "/initiatives/{initiative_id}/{action}",                "draft", "401 404 403 403 403 404 403 404 403",
        args={"action": "approve"}),
    api("POST",   "/initiatives/{initiative_id}/{action}",                "submitted", "401 404 403 403 403 404 200 404 200",
        args={"action": "approve"}),
    api("POST",   "/initiatives/{initiative_id}/{action}",                "submitted", "401 404 403 403 403 404 200 404 200",
        args={"action": "reject"}, data=lambda w, role: {"reason": "الميزانية غير واضحة"}),
    api("POST",   "/initiatives/{initiative_id}/{action}",                "approved", "401 403 403 200 200 403 200 403 200",
        args={"action": "activate"}),
    api("POST",   "/initiatives/{initiative_id}/{action}",                "active", "401 403 403 200 200 403 200 403 200",
        args={"action": "complete"}),
    api("POST",   "/initiatives/{initiative_id}/{action}",                "approved", "401 403 403 200 200 403 200 403 200",
        args={"action": "cancel"}),
    api("POST",   "/initiatives/{initiative_id}/mark-success",            "completed", "401 403 403 403 403 403 200 403 200"),
    api("POST",   "/initiatives/{initiative_id}/replicate",               "approved", "401 403 403 201 201 201 403 403 201",
        data=lambda w, role: {"organization_id": own_organization(w, role).pk}),
    # Into an organisation the caller does not edit: refused, whoever may replicate into their own.
    api("POST",   "/initiatives/{initiative_id}/replicate",               "approved", "401 403 403 403 403 201 403 403 201",
        data=lambda w, role: {"organization_id": w.other_org.pk}, label="into other_org"),
    api("POST",   "/initiatives/{initiative_id}/replicate",               "draft", "401 404 403 403 403 404 403 404 403",
        data=lambda w, role: {"organization_id": own_organization(w, role).pk}),
    # Another organisation's admin may import, but not for this organisation: 422 with the refused row.
    api("POST",   "/initiatives/import",                                  "",      "401 403 403 201 201 422 403 403 201",
        data=import_csv_api, multipart=True),
    api("POST",   "/initiatives/exports",                                 "",      "401 202 202 202 202 202 202 202 202"),
    api("GET",    "/initiatives/exports/{job_id}",                        "export_job", "401 404 404 200 404 404 404 404 200"),
    api("GET",    "/initiatives/exports/{job_id}/file",                   "export_job", "401 404 404 200 404 404 404 404 200"),
    # ----------------------------------------------------------- API: events
    api("GET",    "/events/{event_id}",                                   "event", "200 200 200 200 200 200 200 200 200"),
    api("GET",    "/events/{event_id}",                                   "draft_event", "404 404 200 200 200 404 200 404 200"),
    api("GET",    "/events/{event_id}/agenda",                            "draft_event", "404 404 200 200 200 404 200 404 200"),
    api("GET",    "/events/{event_id}/speakers",                          "draft_event", "404 404 200 200 200 404 200 404 200"),
    api("POST",   "/events/{event_id}/registrations",                     "event", "401 409 201 201 201 201 201 201 201",
        data=lambda w, role: {"category": "public"}),
    api("POST",   "/events/{event_id}/registrations",                     "draft_event", "401 404 403 403 403 404 403 404 403",
        data=lambda w, role: {"category": "public"}),
    api("POST",   "/events/{event_id}/registrations/{registration_id}/cancel", "registration",
                                                                                   "401 200 404 404 404 404 404 404 404"),
    api("GET",    "/events/{event_id}/sessions/{session_id}/questions",   "event_session",
                                                                                   "200 200 200 200 200 200 200 200 200"),
    api("GET",    "/events/{event_id}/sessions/{session_id}/questions",   "draft_event_session",
                                                                                   "404 404 200 200 200 404 200 404 200"),
    api("POST",   "/events/{event_id}/sessions/{session_id}/questions",   "event_session",
        "401 201 403 403 403 403 403 403 403", data=lambda w, role: {"text": QUESTION_TEXT}),
    api("POST",   "/events/{event_id}/sessions/{session_id}/questions/{question_id}/vote", "question",
                                                                                   "401 200 403 403 403 403 403 403 403"),
    api("DELETE", "/events/{event_id}/sessions/{session_id}/questions/{question_id}/vote", "question_voted",
                                                                                   "401 200 403 403 403 403 403 403 403"),
    api("POST",   "/events/{event_id}/sessions/{session_id}/questions/{question_id}/moderate", "question_pending",
        "401 403 403 200 200 403 200 403 200", data=lambda w, role: {"action": "approve"}),
    api("POST",   "/events/{event_id}/check-in",                          "event", "401 403 403 200 200 403 200 403 200",
        data=lambda w, role: {"code": w.registration.ticket.code}),
    api("POST",   "/events/{event_id}/check-in",                     "draft_event", "401 404 403 200= 200= 404 200= 404 200=",
        data=lambda w, role: {"code": w.registration.ticket.code}, label="other-event"),
    api("GET",    "/events/{event_id}/attendance",                        "event", "401 403 403 200 200 403 200 403 200"),
    # ----------------------------------------------------------- API: development media (reads, under the event's rule)
    api("GET",    "/events/{event_id}/news",                              "draft_event", "404 404 200 200 200 404 200 404 200"),
    api("GET",    "/events/{event_id}/news/{post_id}",                    "event_post", "200 200 200 200 200 200 200 200 200"),
    api("GET",    "/events/{event_id}/news/{post_id}",                    "draft_event_post",
                                                                          "404 404 200 200 200 404 200 404 200"),
    api("GET",    "/events/{event_id}/news/{post_id}",                    "event_draft_post",
                                                                          "404 404 404 200 200 404 200 404 200"),
    api("GET",    "/events/{event_id}/photos",                            "draft_event", "404 404 200 200 200 404 200 404 200"),
    # The agreements signed at the event, read from partnerships under its rule (partnerships.event_agreements).
    api("GET",    "/events/{event_id}/agreements",                        "draft_event", "404 404 200 200 200 404 200 404 200"),
    api("GET",    "/events/certificates/{code}",                          "", "200 200 200 200 200 200 200 200 200",
        args={"code": lambda w: w.certificate.code}),
    # ----------------------------------------------------------- API: recommendations (`recommendation` is the published
    # forum's, assigned to the other organisation: its admin follows it up; `draft_recommendation` the organiser's own)
    api("GET",    "/events/{event_id}/recommendations",                   "draft_event", "404 404 200 200 200 404 200 404 200"),
    api("POST",   "/events/{event_id}/recommendations",                   "event", "401 403 403 201 201 403 201 403 201",
        data=recommendation_api),
    api("POST",   "/events/{event_id}/recommendations",                   "draft_event", "401 404 403 201 201 404 201 404 201",
        data=recommendation_api),
    api("POST",   "/events/recommendations/{recommendation_id}/updates",  "recommendation",
                                                                          "401 403 403 403 403 201 201 403 201",
        data=recommendation_update_api),
    api("POST",   "/events/recommendations/{recommendation_id}/updates",  "draft_recommendation",
                                                                          "401 404 403 201 201 404 201 404 201",
        data=recommendation_update_api),
    # ----------------------------------------------------------- API: the exhibition (records as for its pages)
    api("GET",    "/events/{event_id}/exhibition",                        "event", "200 200 200 200 200 200 200 200 200"),
    api("GET",    "/events/{event_id}/exhibition",                        "draft_event", "404 404 200 200 200 404 200 404 200"),
    api("POST",   "/events/{event_id}/exhibition/{showcase_id}/like",     "showcase", "401 200= 200 200 200 200 200 200 200"),
    api("POST",   "/events/{event_id}/exhibition/{showcase_id}/like",     "hidden_showcase",
                                                                                   "401 404 404 403 403 404 403 404 403"),
    api("DELETE", "/events/{event_id}/exhibition/{showcase_id}/like",     "showcase",
                                                                                   "401 200 200= 200= 200= 200= 200= 200= 200="),
    api("GET",    "/events/{event_id}/exhibition/{showcase_id}/comments", "showcase", "200 200 200 200 200 200 200 200 200"),
    api("GET",    "/events/{event_id}/exhibition/{showcase_id}/comments", "hidden_showcase",
                                                                                   "404 404 404 200 200 404 200 404 200"),
    api("POST",   "/events/{event_id}/exhibition/{showcase_id}/comments", "showcase",
        "401 201 201 201 201 201 201 201 201", data=exhibit_comment),
    api("POST",   "/events/{event_id}/exhibition/{showcase_id}/comments/{comment_id}/moderate", "exhibit_comment",
        "401 403 403 200 200 403 200 403 200", data=lambda w, role: {"action": "approve"}),
    # ----------------------------------------------------------- API: notifications (one unread, the admin's)
    api("GET",    "/notifications",                                       "",      "401 200 200 200 200 200 200 200 200"),
    api("POST",   "/notifications/read",                                  "",      "401 200= 200= 200= 200 200= 200= 200= 200=",
        data=lambda w, role: {"ids": [w.notification.pk]}),
    # ----------------------------------------------------------- partnership network (issue #12, network part): reads
    # open to all, each answer holding only the agreements its reader may see (tested in partnerships/test_network)
    page("GET",  "partnerships:network",    "",          "200 200 200 200 200 200 200 200 200"),
    page("GET",  "partnerships:statistics", "",          "200 200 200 200 200 200 200 200 200"),
    api("GET",    "/partnerships/network",                                "",      "200 200 200 200 200 200 200 200 200"),
]

# Routes that need no row: they change nothing that belongs to anyone, or only read what is public.
PUBLIC_ROUTES = {
    "admin:*": "the Django admin site: staff only, checked by the admin itself (admin:index has a row)",
    "api-1.0.0:api-root": "the API's root, public",
    "api-1.0.0:openapi-json": "the API's OpenAPI description, public",
    "api-1.0.0:openapi-view": "the API's documentation page, public",
    "set_language": "sets the visitor's own language cookie",
    "health": "liveness probe for the proxy: answers ok, reads nothing",
    "home": "public home page",
    "accounts:login": "the sign-in form (attempts are limited by django-axes)",
    "accounts:logout": "ends the caller's own session",
    "accounts:password_reset": "anyone may ask for a reset mail; the answer is the same for unknown addresses",
    "accounts:password_reset_done": "static confirmation page",
    "accounts:password_reset_confirm": "guarded by the signed token in its URL",
    "accounts:password_reset_complete": "static confirmation page",
    "orgs:list": "public directory of organisations",
    "orgs:options": "the organisation search of forms (htmx options): names from the public directory",
    "orgs:detail": "public page of an organisation (members only for view_members; tested in orgs)",
    "initiatives:catalogue": "public catalogue, filtered by visibility (selectors.visible_initiatives)",
    "initiatives:most_replicated": "public ranking of published experiences",
    "initiatives:portfolio": "an organisation's initiatives, filtered by visibility",
    "initiatives_exchange:export_csv": "export of the catalogue, filtered by visibility",
    "initiatives_exchange:iati": "IATI export of published initiatives",
    "initiatives_exchange:import_template_xlsx": "blank import template",
    "initiatives_exchange:import_template_csv": "blank import template",
    "taxonomy:index": "public reference lists",
    "taxonomy:glossary": "public glossary",
    "taxonomy:glossary_term": "public glossary term",
    "geo:regions": "public list of regions",
    "events:list": "public list of events, filtered by visibility (selectors.visible_events)",
    "events:confirm": "guarded by the signed, expiring token in its URL (a visitor confirms their registration)",
    "events:cancel_by_link": "guarded by the signed token in its URL (a visitor cancels their registration)",
    "events:ticket_by_link": "guarded by the signed token in its URL (the e-mailed ticket of a visitor); 404 otherwise",
    "events:certificate_by_link": "guarded by the ticket's signed token in its URL (a visitor's certificate); 404 "
                                  "otherwise and when no check-in earns one (tested in events)",
    "events:session_certificate_by_link": "guarded by the ticket's signed token in its URL, as certificate_by_link",
    "events:organization_calendar": "iCalendar of an organisation's published events only",
    "events:feed": "Atom feed of published events only",
    "events:recommendations": "public tracker of the recommendations of published events (no others are read)",
    "events:news_feed": "Atom feed of a published event's published news only (404 for an unpublished event)",
}
PUBLIC_OPERATIONS = {
    "GET /geo/countries": "public reference data",
    "GET /geo/regions": "public reference data",
    "GET /geo/regions/{region_id}": "public reference data",
    "GET /geo/cities": "public reference data",
    "GET /geo/neighbourhoods": "public reference data",
    "GET /taxonomy/axes": "public reference data",
    "GET /taxonomy/sdgs": "public reference data",
    "GET /taxonomy/target-groups": "public reference data",
    "GET /taxonomy/glossary": "public glossary",
    "GET /taxonomy/glossary/{code}": "public glossary term",
    "GET /organizations": "public directory of organisations",
    "GET /organizations/{organization_id}": "public profile of an organisation",
    "GET /initiatives": "public catalogue, filtered by visibility",
    "GET /initiatives/most-replicated": "public ranking of published experiences",
    "GET /initiatives/export.csv": "export of the catalogue, filtered by visibility",
    "GET /initiatives/iati.xml": "IATI export of published initiatives",
    "GET /events": "public list of events, filtered by visibility",
    "GET /events/recommendations": "public tracker of the recommendations of published events",
}

# ---------------------------------------------------------------- partnerships: pages (issue #12)
# `partnership` is recorded by the organisation with the other one (`oadm` is a party's admin, `crd` coordinates the
# recording party's region and moderates); `partnership_other_commitment` is the other party's; the draft has a party
# not on the platform.


def partnership_form(w, role):
    return {
        "kind": "mou", "title_ar": "مذكرة تفاهم للتعاون المشترك (معدلة)", "stage": "signed", "signed_on": "2026-03-01",
        "starts_on": "2026-03-01", "ends_on": "2029-02-28", "renewal": "none", "notice_days": "90",
        "is_published": "on", "organization": w.org.pk,
        "parties-TOTAL_FORMS": "2", "parties-INITIAL_FORMS": "2", "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "30", "parties-0-organization": w.org.pk, "parties-0-role": "first_party",
        "parties-1-organization": w.other_org.pk, "parties-1-role": "second_party",
    }


def new_partnership_form(w, role):
    return {**partnership_form(w, role), "title_ar": "اتفاقية تعاون مع شركة معارف",
            "parties-1-organization": "", "parties-1-name_ar": "شركة معارف"}


def partnership_follow_up(w, role):
    from django.utils import timezone

    return {"happened_on": timezone.localdate().isoformat(), "note": "اكتمل تجميل الميدان الأول",
            "status": "in_progress", "progress": "60"}


def partnership_commitment_form(w, role):
    return {"party": w.partnership_commitment.party_id, "title_ar": "التوعية ونشر ثقافة التنمية المستدامة",
            "due_on": "2027-06-30"}


def partnership_file(name: str) -> dict:
    """The file's name as the URL gives it (a document's file, an update's evidence)."""
    import os

    def filename(w) -> str:
        record = w.records[name]
        return os.path.basename((record.evidence if name == "partnership_update" else record.file).name)

    return {"filename": filename}


ROWS += [
    #     method  route                              record                 anon  res  view edit adm  oadm crd  ocrd padm
    page("GET",  "partnerships:detail",             "partnership",         "200   200 200 200 200 200 200 200 200"),
    page("GET",  "partnerships:detail",             "draft_partnership",   "404   404 200 200 200 404 404 404 200"),
    page("GET",  "partnerships:create",             "",                    "login 403 403 200 200 200 403 403 200"),
    # Another organisation's admin may record agreements, but not for this organisation: 403 (as POST /partnerships).
    page("POST", "partnerships:create",             "",                    "login 403 403 302 302 403 403 403 302",
         data=new_partnership_form),
    page("GET",  "partnerships:edit",               "partnership",         "login 403 403 200 200 403 403 403 200"),
    page("GET",  "partnerships:edit",               "draft_partnership",   "login 404 403 200 200 404 404 404 200"),
    page("POST", "partnerships:edit",               "partnership",         "login 403 403 302 302 403 403 403 302",
         data=partnership_form),
    page("GET",  "partnerships:delete",             "draft_partnership",   "login 404 403 200 200 404 404 404 200"),
    page("POST", "partnerships:delete",             "draft_partnership",   "login 404 403 302 302 404 404 404 302"),
    page("GET",  "partnerships:terminate",          "partnership",         "login 403 403 200 200 403 403 403 200"),
    page("POST", "partnerships:terminate",          "partnership",         "login 403 403 302 302 403 403 403 302",
         data=lambda w, role: {"terminated_on": "2026-06-01", "reason": "اتفق الطرفان على الإنهاء"}),
    page("GET",  "partnerships:renew",              "partnership",         "login 403 403 200 200 403 403 403 200"),
    page("POST", "partnerships:renew",              "partnership",         "login 403 403 302 302 403 403 403 302",
         data=lambda w, role: {"signed_on": "2029-01-15", "ends_on": "2031-02-28"}),
    page("POST", "partnerships:unpublish",          "partnership",         "login 403 403 403 403 403 302 403 302"),
    page("GET",  "partnerships:commitment_create",  "partnership",         "login 403 403 200 200 403 403 403 200"),
    page("POST", "partnerships:commitment_create",  "partnership",         "login 403 403 302 302 403 403 403 302",
         data=partnership_commitment_form),
    page("GET",  "partnerships:commitment_edit",    "partnership_commitment", "login 403 403 200 200 403 403 403 200"),
    page("POST", "partnerships:commitment_edit",    "partnership_commitment", "login 403 403 302 302 403 403 403 302",
         data=partnership_commitment_form),
    page("POST", "partnerships:commitment_delete",  "partnership_commitment", "login 403 403 302 302 403 403 403 302"),
    # Each party follows up its own commitments: the other party's admin, not the recording party's staff.
    page("GET",  "partnerships:follow_up",          "partnership_other_commitment",
                                                                           "login 403 403 403 403 200 403 403 200"),
    page("POST", "partnerships:follow_up",          "partnership_other_commitment",
                                                                           "login 403 403 403 403 302 403 403 302",
         data=partnership_follow_up),
    page("GET",  "partnerships:follow_up",          "partnership_commitment", "login 403 403 200 200 403 403 403 200"),
    page("GET",  "partnerships:documents",          "partnership",         "login 403 403 200 200 403 403 403 200"),
    page("POST", "partnerships:documents",          "partnership",         "login 403 403 302 302 403 403 403 302",
         data=lambda w, role: {"title": "ملحق المذكرة", "file": pdf_upload("annex.pdf"), "is_public": "on"},
         multipart=True),
    page("POST", "partnerships:document_delete",    "partnership_document", "login 403 403 302 302 403 403 403 302"),
    # Files: a private document and evidence are the parties' (404 to anyone else); a public one on a published
    # agreement is everyone's.
    page("GET",  "partnerships:document",           "partnership_document", "404  404 200 200 200 200 404 404 200",
         args=partnership_file("partnership_document")),
    page("GET",  "partnerships:document",           "partnership_public_document",
                                                                           "200   200 200 200 200 200 200 200 200",
         args=partnership_file("partnership_public_document")),
    page("GET",  "partnerships:evidence",           "partnership_update",  "404   404 200 200 200 200 404 404 200",
         args=partnership_file("partnership_update")),
    page("POST", "partnerships:comment_add",        "partnership",         "login 403 403 302 302 302 403 403 302",
         data=lambda w, role: {"body": "نقترح اجتماعا شهريا"}),
    # The other admin's comment: its author or a moderator deletes it.
    page("POST", "partnerships:comment_delete",     "partnership_comment", "login 403 403 403 403 302 302 403 302"),
]
PUBLIC_ROUTES.update({
    "partnerships:list": "public register of agreements, filtered by visibility (selectors.visible_agreements)",
    "partnerships:portfolio": "an organisation's agreements and open commitments, filtered by visibility",
})

# ---- partnerships (issue #12, api). `agreement` is signed and published, recorded by `org` with `other_org` as the
# other party (oadm: the other party's admin); `draft_agreement` is org's draft (oadm: an outsider to it).
# `commitment` is org's party's, `partner_commitment` the other party's: each party follows up its own.
AGREEMENT_TEXT = "مذكرة تفاهم للتعاون المشترك"


def agreement_api(w, role):
    return {"organization_id": w.org.pk, "title_ar": AGREEMENT_TEXT, "kind": "mou"}


def own_party(w, role):
    return {"party_id": w.agreement.parties.get(organization=w.org).pk, "title_ar": "صيانة الحدائق"}


def progress_api(w, role):
    return {"happened_on": "2026-05-01", "note": "أنجزت المرحلة الأولى", "status": "in_progress", "progress": 40}


ROWS += [
    #    method    path                                                   record   anon res  view edit adm  oadm crd  ocrd padm
    api("POST",   "/partnerships",                                        "",      "401 403 403 201 201 403 403 403 201",
        data=agreement_api),
    api("GET",    "/partnerships/{agreement_id}",                         "agreement", "200 200 200 200 200 200 200 200 200"),
    api("GET",    "/partnerships/{agreement_id}",                         "draft_agreement",
                                                                          "404 404 200 200 200 404 404 404 200"),
    api("PATCH",  "/partnerships/{agreement_id}",                         "agreement", "401 403 403 200 200 403 403 403 200",
        data=lambda w, role: {"signed_place": "الدمام"}),
    api("PATCH",  "/partnerships/{agreement_id}",                         "draft_agreement",
        "401 404 403 200 200 404 404 404 200", data=lambda w, role: {"signed_place": "الدمام"}),
    api("DELETE", "/partnerships/{agreement_id}",                         "draft_agreement",
                                                                          "401 404 403 204 204 404 404 404 204"),
    api("DELETE", "/partnerships/{agreement_id}",                         "agreement", "401 403 403 409 409 403 403 403 409"),
    api("POST",   "/partnerships/{agreement_id}/terminate",               "agreement", "401 403 403 200 200 403 403 403 200",
        data=lambda w, role: {"terminated_on": "2026-09-01", "reason": "تعذر التنفيذ"}),
    api("POST",   "/partnerships/{agreement_id}/renew",                   "agreement", "401 403 403 201 201 403 403 403 201",
        data=lambda w, role: {"signed_on": "2028-01-15", "ends_on": "2030-02-28"}),
    api("GET",    "/partnerships/{agreement_id}/commitments",             "draft_agreement",
                                                                          "404 404 200 200 200 404 404 404 200"),
    api("POST",   "/partnerships/{agreement_id}/commitments",             "agreement", "401 403 403 201 201 403 403 403 201",
        data=own_party),
    api("PATCH",  "/partnerships/{agreement_id}/commitments/{commitment_id}", "commitment",
        "401 403 403 200 200 403 403 403 200", data=lambda w, role: {"owner_name": "إدارة الحدائق"}),
    api("DELETE", "/partnerships/{agreement_id}/commitments/{commitment_id}", "draft_commitment",
                                                                          "401 404 403 204 204 404 404 404 204"),
    api("GET",    "/partnerships/{agreement_id}/commitments/{commitment_id}/updates", "draft_commitment",
                                                                          "404 404 200 200 200 404 404 404 200"),
    api("POST",   "/partnerships/{agreement_id}/commitments/{commitment_id}/updates", "commitment",
        "401 403 403 201 201 403 403 403 201", data=progress_api),
    api("POST",   "/partnerships/{agreement_id}/commitments/{commitment_id}/updates", "partner_commitment",
        "401 403 403 403 403 201 403 403 201", data=progress_api),
    api("POST",   "/partnerships/{agreement_id}/commitments/{commitment_id}/updates", "draft_commitment",
        "401 404 403 409 409 404 404 404 409", data=progress_api),
    api("GET",    "/partnerships/{agreement_id}/comments",                "agreement", "401 403 200 200 200 200 403 403 200"),
    api("GET",    "/partnerships/{agreement_id}/comments",                "draft_agreement",
                                                                          "401 404 200 200 200 404 404 404 200"),
    api("POST",   "/partnerships/{agreement_id}/comments",                "agreement", "401 403 403 201 201 201 403 403 201",
        data=lambda w, role: {"body": "نقترح اجتماعا للمتابعة"}),
]
PUBLIC_ROUTES["partnerships:export"] = "export of the register (CSV/XLSX), filtered by visibility"
PUBLIC_OPERATIONS.update({
    "GET /partnerships": "public register of agreements, filtered by visibility (drafts for their parties only)",
    "GET /partnerships/export.csv": "export of the register, filtered by visibility",
    "GET /partnerships/export.xlsx": "export of the register, filtered by visibility",
})

# ---- awards (setup). The organiser is `org` (its editor and admin), the applicant other_org (its admin), the resident
# an assigned judge, the other coordinator a recused one (see matrix._awards_world); _awards_setup_world adds a cycle
# being prepared, a cycle in nominations with a submitted application, and a file on the other admin's draft.
def award_ids(**names):
    """URL arguments read from the world's awards records: award_ids(cycle_id="award_cycle")."""
    return {key: (lambda w, name=name: w.records[name].pk) for key, name in names.items()}


def award_cycle_form(w, role):
    return {"year": "2027", "title_ar": "الدورة السادسة", "nominations_open_at": "2026-01-01T08:00:00",
            "nominations_close_at": "2030-12-31T23:59:59", "feedback_to_applicants": "on"}


def award_category_form(w, role):
    return {"kind": "initiative", "name_ar": "أفضل مبادرة شبابية", "judges_per_application": "2", "winner_places": "3"}


def award_application_form(w, role):
    question = w.records["award_open_category"].questions.get()
    return {"organization": str(w.other_org.pk), "title_ar": "فريق الحي الأخضر", "action": "save",
            f"answer_{question.pk}": "يزرع الفريق الأشجار"}


def award_evidence_form(w, role):
    return {"evidence_title": "تقرير الأثر", "evidence_file": pdf_upload("impact.pdf")}


def award_evidence_file(w):
    return w.records["award_evidence"].file.name.rsplit("/", 1)[-1]


ROWS += [
    #     method route                          record (in args)                        anon  res view edit adm oadm crd ocrd padm
    page("GET",  "awards:programmes",          "", "200   200 200 200 200 200 200 200 200"),
    page("GET",  "awards:programme",           "", "200   200 200 200 200 200 200 200 200",
         args=award_ids(programme_id="award_programme"), label="programme"),
    page("GET",  "awards:programme_create",    "", "login 403 403 200 200 200 403 403 200"),
    # Another organisation's admin may run programmes, but not for this organisation: 403.
    page("POST", "awards:programme_create",    "", "login 403 403 302 302 403 403 403 302",
         data=lambda w, role: {"organization": str(w.org.pk), "name_ar": "جائزة المشاركة المجتمعية"}),
    page("GET",  "awards:programme_edit",      "", "login 403 403 200 200 403 403 403 200",
         args=award_ids(programme_id="award_programme"), label="programme"),
    page("POST", "awards:programme_edit",      "", "login 403 403 302 302 403 403 403 302",
         args=award_ids(programme_id="award_programme"), label="programme",
         data=lambda w, role: {"name_ar": "جائزة التنمية المحلية المطورة"}),
    page("GET",  "awards:cycle_create",        "", "login 403 403 200 200 403 403 403 200",
         args=award_ids(programme_id="award_programme"), label="programme"),
    page("POST", "awards:cycle_create",        "", "login 403 403 302 302 403 403 403 302",
         args=award_ids(programme_id="award_programme"), label="programme",
         data=lambda w, role: {**award_cycle_form(w, role), "year": "2031"}),
    page("GET",  "awards:cycle",               "", "200   200 200 200 200 200 200 200 200",
         args=award_ids(cycle_id="award_cycle"), label="judging"),
    page("GET",  "awards:cycle",               "", "200   200 200 200 200 200 200 200 200",
         args=award_ids(cycle_id="award_published_cycle"), label="published"),
    page("GET",  "awards:cycle",               "", "404   404 404 200 200 404 404 404 200",
         args=award_ids(cycle_id="award_draft_cycle"), label="draft"),
    page("GET",  "awards:cycle_edit",          "", "login 403 403 200 200 403 403 403 200",
         args=award_ids(cycle_id="award_open_cycle"), label="nominations"),
    page("GET",  "awards:cycle_edit",          "", "login 404 404 200 200 404 404 404 200",
         args=award_ids(cycle_id="award_draft_cycle"), label="draft"),
    page("POST", "awards:cycle_edit",          "", "login 403 403 302 302 403 403 403 302",
         args=award_ids(cycle_id="award_open_cycle"), label="nominations", data=award_cycle_form),
    page("GET",  "awards:cycle_setup",         "", "login 404 404 200 200 404 404 404 200",
         args=award_ids(cycle_id="award_draft_cycle"), label="draft"),
    page("POST", "awards:cycle_setup",         "", "login 404 404 302 302 404 404 404 302",
         args=award_ids(cycle_id="award_draft_cycle"), label="draft", data=award_category_form),
    page("POST", "awards:setup_delete",        "", "login 404 404 302 302 404 404 404 302",
         args=award_ids(cycle_id="award_draft_cycle"), label="draft",
         data=lambda w, role: {"kind": "question", "id": str(w.records["award_draft_question"].pk)}),
    page("GET",  "awards:category_edit",       "", "login 404 404 200 200 404 404 404 200",
         args=award_ids(category_id="award_draft_category"), label="draft"),
    page("POST", "awards:category_edit",       "", "login 404 404 302 302 404 404 404 302",
         args=award_ids(category_id="award_draft_category"), label="draft", data=award_category_form),
    page("GET",  "awards:criterion_add",       "", "login 404 404 200 200 404 404 404 200",
         args=award_ids(category_id="award_draft_category"), label="draft"),
    page("POST", "awards:criterion_add",       "", "login 404 404 302 302 404 404 404 302",
         args=award_ids(category_id="award_draft_category"), label="draft",
         data=lambda w, role: {"name_ar": "الاستدامة", "weight": "20", "level_10_ar": "مستدامة بالكامل"}),
    page("GET",  "awards:criterion_edit",      "", "login 404 404 200 200 404 404 404 200",
         args=award_ids(criterion_id="award_draft_criterion"), label="draft"),
    page("POST", "awards:criterion_edit",      "", "login 404 404 302 302 404 404 404 302",
         args=award_ids(criterion_id="award_draft_criterion"), label="draft",
         data=lambda w, role: {"name_ar": "الأثر المجتمعي", "weight": "100"}),
    page("GET",  "awards:question_add",        "", "login 404 404 200 200 404 404 404 200",
         args=award_ids(category_id="award_draft_category"), label="draft"),
    page("POST", "awards:question_add",        "", "login 404 404 302 302 404 404 404 302",
         args=award_ids(category_id="award_draft_category"), label="draft",
         data=lambda w, role: {"text_ar": "كم عدد المتطوعين؟", "max_length": "500", "required": "on"}),
    page("GET",  "awards:question_edit",       "", "login 404 404 200 200 404 404 404 200",
         args=award_ids(question_id="award_draft_question"), label="draft"),
    page("POST", "awards:question_edit",       "", "login 404 404 302 302 404 404 404 302",
         args=award_ids(question_id="award_draft_question"), label="draft",
         data=lambda w, role: {"text_ar": "ما أثر الفريق في الحي؟", "max_length": "800"}),
    page("POST", "awards:cycle_advance",       "", "login 404 404 302 302 404 404 404 302",
         args=award_ids(cycle_id="award_draft_cycle"), label="draft"),
    page("GET",  "awards:judges",              "", "login 403 403 200 200 403 403 403 200",
         args=award_ids(cycle_id="award_cycle"), label="judging"),
    page("POST", "awards:judges",              "", "login 403 403 302 302 403 403 403 302",
         args=award_ids(cycle_id="award_open_cycle"), label="nominations",
         data=lambda w, role: {"action": "invite", "person": w.users["viewer"].username}),
    # The resident's own invitation (accepted again: answered anew); nobody else's.
    page("GET",  "awards:invitations",         "", "login 200 200 200 200 200 200 200 200"),
    page("POST", "awards:invitations",         "", "login 302 404 404 404 404 404 404 404",
         data=lambda w, role: {"judge": str(w.records["award_judge"].pk), "response": "accept"}),
    page("GET",  "awards:eligibility",         "", "login 403 403 200 200 403 403 403 200",
         args=award_ids(cycle_id="award_check_cycle"), label="nominations"),
    page("POST", "awards:eligibility",         "", "login 403 403 302 302 403 403 403 302",
         args=award_ids(cycle_id="award_check_cycle"), label="nominations",
         data=lambda w, role: {"application": str(w.records["award_submitted_application"].pk),
                               "decision": "eligible"}),
    page("GET",  "awards:apply",               "", "login 200 200 200 200 200 200 200 200",
         args=award_ids(category_id="award_open_category"), label="nominations"),
    # Only the applicant organisation's admin applies for it (the organiser never applies to its own award).
    page("POST", "awards:apply",               "", "login 403 403 403 403 302 403 403 403",
         args=award_ids(category_id="award_open_category"), label="nominations", data=award_application_form),
    page("GET",  "awards:my_applications",     "", "login 200 200 200 200 200 200 200 200"),
    page("GET",  "awards:application",         "", "404   404 404 200 200 200 404 404 200",
         args=award_ids(application_id="award_draft_application"), label="draft"),
    # The assigned judge opens it, the recused judge never.
    page("GET",  "awards:application",         "", "404   200 404 200 200 200 404 404 200",
         args=award_ids(application_id="award_application"), label="judging"),
    page("GET",  "awards:application_edit",    "", "login 404 404 403 403 200 404 404 403",
         args=award_ids(application_id="award_draft_application"), label="draft"),
    page("POST", "awards:application_edit",    "", "login 404 404 403 403 302 404 404 403",
         args=award_ids(application_id="award_draft_application"), label="draft",
         data=lambda w, role: {**award_application_form(w, role), "title_ar": "فريق الحي التطوعي المطور"}),
    page("POST", "awards:application_withdraw", "", "login 404 404 403 403 302 404 404 403",
         args=award_ids(application_id="award_submitted_application"), label="submitted"),
    page("POST", "awards:application_delete",  "", "login 404 404 403 403 302 404 404 403",
         args=award_ids(application_id="award_draft_application"), label="draft"),
    page("GET",  "awards:evidence_add",        "", "login 404 404 403 403 200 404 404 403",
         args=award_ids(application_id="award_draft_application"), label="draft"),
    page("POST", "awards:evidence_add",        "", "login 404 404 403 403 302 404 404 403",
         args=award_ids(application_id="award_draft_application"), label="draft", data=award_evidence_form),
    page("POST", "awards:evidence_delete",     "", "login 404 404 403 403 302 404 404 403",
         args=award_ids(application_id="award_draft_application", evidence_id="award_draft_evidence"),
         label="draft"),
    page("GET",  "awards:evidence",            "", "404   200 404 200 200 200 404 404 200",
         args={**award_ids(application_id="award_application", evidence_id="award_evidence"),
               "filename": award_evidence_file}, label="judging"),
]
# ---- awards (results). `award_deliberation_cycle` is in deliberation with the people's choice open (its category
# and other_admin's ranked application); `award_published_cycle` has `award_winner` (other_admin's application,
# judged by the platform admin). Organiser: edit, adm (and padm); applicant: oadm; res/ocrd: judges elsewhere.
def _awards(name: str, kind: str = "cycle_id"):
    return {kind: lambda w: w.records[name].pk}


def award_note(w, role):
    category = w.award_deliberation_category.pk
    return {"action": "note", "category": category, f"note{category}-text": "التعادل يحسمه الأثر"}


def award_winners(w, role):
    category = w.award_deliberation_category.pk
    return {"action": "winners", "category": category,
            f"category{category}-place1": w.award_deliberation_application.pk,
            f"category{category}-citation_ar1": "فريق ملهم"}


ROWS += [
    #     method  route                  record  anon  res  view edit adm  oadm crd  ocrd padm
    page("GET",  "awards:deliberation",  "",     "login 403 403 200 200 403 403 403 200",
         args=_awards("award_deliberation_cycle"), label="deliberation"),
    page("POST", "awards:deliberation",  "",     "login 403 403 302 302 403 403 403 302",
         args=_awards("award_deliberation_cycle"), data=award_note, label="note"),
    page("POST", "awards:deliberation",  "",     "login 403 403 302 302 403 403 403 302",
         args=_awards("award_deliberation_cycle"), data=award_winners, label="winners"),
    page("POST", "awards:deliberation",  "",     "login 403 403 302 302 403 403 403 302",
         args=_awards("award_deliberation_cycle"), data=lambda w, role: {"action": "vote_close"}, label="vote close"),
    # Publishing is refused while a category has no confirmed winner: a message, nothing changed.
    page("POST", "awards:deliberation",  "",     "login 403 403 302= 302= 403 403 403 302=",
         args=_awards("award_deliberation_cycle"), data=lambda w, role: {"action": "advance"}, label="publish"),
    page("GET",  "awards:results",       "",     "200   200 200 200 200 200 200 200 200",
         args=_awards("award_published_cycle"), label="published"),
    # Before publication the results are the organiser's preview; nobody else's.
    page("GET",  "awards:results",       "",     "404   404 404 200 200 404 404 404 200",
         args=_awards("award_deliberation_cycle"), label="deliberation"),
    page("GET",  "awards:certificate",   "",     "200   200 200 200 200 200 200 200 200",
         args=_awards("award_winner", "winner_id"), label="winner"),
    page("GET",  "awards:verify",        "",     "200   200 200 200 200 200 200 200 200",
         args={"code": lambda w: w.award_winner.code}, label="winner"),
    # The applicant's feedback once published; the organiser and the judge see the application, not the feedback.
    page("GET",  "awards:feedback",      "",     "login 404 404 403 403 200 404 404 403",
         args={"application_id": lambda w: w.award_winner.application_id}, label="winner"),
    page("GET",  "awards:vote",          "",     "200   200 200 200 200 200 200 200 200",
         args=_awards("award_deliberation_category", "category_id"), label="open"),
    page("POST", "awards:vote",          "",     "login 302 302 302 302 302 302 302 302",
         args=_awards("award_deliberation_category", "category_id"), label="open",
         data=lambda w, role: {"application": w.award_deliberation_application.pk}),
    # No people's choice in this cycle: no vote page.
    page("GET",  "awards:vote",          "",     "404   404 404 404 404 404 404 404 404",
         args=_awards("award_category", "category_id"), label="none"),
    api("GET",   "/awards/certificates/{code}", "", "200 200 200 200 200 200 200 200 200",
        args={"code": lambda w: w.award_winner.code}, label="winner"),
]
PUBLIC_ROUTES["awards:verify_form"] = "public verification form of winners' certificates (the code looked up shows " \
    "only what the certificate prints)"
# ---- awards (judging): the organiser's panels, progress board and ranking; the judge's queue, sheet, autosave,
# conflict declaration and evidence. In _awards_world: edit/adm organise, res is the judge holding `award_sheet` (a
# draft), ocrd a judge recused from its application, oadm the applicant; everyone else, even the organiser, gets a 404
# for the sheet (selectors.judge_sheets). The cycle is in judging, so it is visible to all: not running it is a 403.


def award_sheet_form(w, role):
    return {**{f"score_{criterion.pk}": "6" for criterion in w.award_category.criteria.all()}, "action": "draft"}


def award_round_form(action: str, **extra):
    return lambda w, role: {"action": action, "round": w.award_round.pk, **extra}


def award_evidence_name(w):
    return os.path.basename(w.award_evidence.file.name)


AWARD_CYCLE = {"cycle_id": lambda w: w.award_cycle.pk}
AWARD_ROUND = {"round_id": lambda w: w.award_round.pk}
AWARD_SHEET = {"sheet_id": lambda w: w.award_sheet.pk}

ROWS += [
    #     method  route                   record  anon  res  view edit adm  oadm crd  ocrd padm
    page("GET",  "awards:panels",         "",     "login 403 403 200 200 403 403 403 200", args=AWARD_CYCLE,
         label="award_cycle"),
    page("POST", "awards:panels",         "",     "login 403 403 302 302 403 403 403 302", args=AWARD_CYCLE,
         data=award_round_form("normalise", normalise="on"), label="normalise"),
    # The application already has its one judge: assigning again adds nothing.
    page("POST", "awards:panels",         "",     "login 403 403 302= 302= 403 403 403 302=", args=AWARD_CYCLE,
         data=award_round_form("assign"), label="assign"),
    page("GET",  "awards:progress",       "",     "login 403 403 200 200 403 403 403 200", args=AWARD_CYCLE,
         label="award_cycle"),
    page("GET",  "awards:ranking",        "",     "login 403 403 200 200 403 403 403 200", args=AWARD_ROUND,
         label="award_round"),
    # Nothing is submitted yet: closing is refused with a message, and nothing changes.
    page("POST", "awards:ranking",        "",     "login 403 403 302= 302= 403 403 403 302=", args=AWARD_ROUND,
         data=lambda w, role: {"action": "close"}, label="close"),
    page("GET",  "awards:judge_queue",    "",     "login 200 200 200 200 200 200 200 200"),
    page("GET",  "awards:sheet",          "",     "login 200 404 404 404 404 404 404 404", args=AWARD_SHEET,
         label="award_sheet"),
    page("POST", "awards:sheet",          "",     "login 302 404 404 404 404 404 404 404", args=AWARD_SHEET,
         data=award_sheet_form, label="award_sheet"),
    page("POST", "awards:sheet_autosave", "",     "401  200 404 404 404 404 404 404 404", args=AWARD_SHEET,
         data=award_sheet_form, label="award_sheet"),
    page("POST", "awards:sheet_conflict", "",     "login 302 404 404 404 404 404 404 404", args=AWARD_SHEET,
         data=lambda w, role: {"reason": "أعمل مستشارًا للجمعية المتقدمة"}, label="award_sheet"),
    page("GET",  "awards:sheet_evidence", "",     "login 200 404 404 404 404 404 404 404",
         args={**AWARD_SHEET, "evidence_id": lambda w: w.award_evidence.pk, "filename": award_evidence_name},
         label="award_evidence"),
]
# ---- awards (api). The records of matrix._awards_world: `org` organises (edit, adm: the organiser), `other_org`
# applies (oadm: the applicant), the resident is the judge assigned to `award_application` (res), the other
# coordinator a judge recused from it (ocrd). `award_cycle` is in judging, `award_open_cycle` takes nominations
# (with oadm's draft), `award_published_cycle` has its results out. Rows name their records through `args`
# (matrix.World.kwargs knows no awards record; the pages' part adds them there).


def _pk(name: str, attribute: str = "pk"):
    def of(w):
        record = w.records[name]
        return getattr(record, attribute)() if callable(getattr(record, attribute)) else getattr(record, attribute)
    return of


def award_api(method: str, path: str, expect: str, label: str, **ids) -> matrix.Row:
    data = ids.pop("data", None)
    return api(method, path, "", expect, label=label, data=data,
               args={name: (value if callable(value) else _pk(value)) for name, value in ids.items()})


def _first_pk(name: str, relation: str):
    return lambda w: getattr(w.records[name], relation).order_by("pk")[0].pk


ROWS += [
    #         method    path                                           anon res  view edit adm  oadm crd  ocrd padm
    award_api("GET",    "/awards/programmes/{programme_id}",             "200 200 200 200 200 200 200 200 200",
              "programme", programme_id="award_programme"),
    award_api("POST",   "/awards/programmes",                            "401 403 403 201 201 403 403 403 201",
              "for org", data=lambda w, role: {"organization_id": w.org.pk, "name_ar": "جائزة المشاركة المجتمعية"}),
    award_api("PATCH",  "/awards/programmes/{programme_id}",             "401 403 403 200 200 403 403 403 200",
              "programme", programme_id="award_programme", data=lambda w, role: {"name_en": "Participation Award"}),
    award_api("GET",    "/awards/cycles/{cycle_id}",                     "200 200 200 200 200 200 200 200 200",
              "judging", cycle_id="award_cycle"),
    award_api("POST",   "/awards/programmes/{programme_id}/cycles",      "401 403 403 201 201 403 403 403 201",
              "2030", programme_id="award_programme", data=lambda w, role: {
                  "year": 2030, "nominations_open_at": "2030-01-01T08:00:00+03:00",
                  "nominations_close_at": "2030-03-01T23:59:59+03:00"}),
    award_api("PATCH",  "/awards/cycles/{cycle_id}",                     "401 403 403 200 200 403 403 403 200",
              "nominations", cycle_id="award_open_cycle", data=lambda w, role: {"title_en": "Seventh edition"}),
    # Judging is not over (its round is open): the organiser is told why, nothing moves.
    award_api("POST",   "/awards/cycles/{cycle_id}/advance",             "401 403 403 409 409 403 403 403 409",
              "judging", cycle_id="award_cycle"),
    # Categories, criteria and questions are fixed once nominations open (their names excepted).
    award_api("POST",   "/awards/cycles/{cycle_id}/categories",          "401 403 403 409 409 403 403 403 409",
              "nominations", cycle_id="award_open_cycle", data=lambda w, role: {"name_ar": "أفضل شراكة"}),
    award_api("PATCH",  "/awards/categories/{category_id}",              "401 403 403 200 200 403 403 403 200",
              "nominations", category_id="award_open_category", data=lambda w, role: {"name_en": "Best initiative"}),
    award_api("DELETE", "/awards/categories/{category_id}",              "401 403 403 409 409 403 403 403 409",
              "nominations", category_id="award_open_category"),
    award_api("POST",   "/awards/categories/{category_id}/criteria",     "401 403 403 409 409 403 403 403 409",
              "nominations", category_id="award_open_category",
              data=lambda w, role: {"name_ar": "الابتكار", "weight": 10}),
    award_api("PATCH",  "/awards/criteria/{criterion_id}",               "401 403 403 409 409 403 403 403 409",
              "nominations", criterion_id=_first_pk("award_open_category", "criteria"),
              data=lambda w, role: {"weight": 50}),
    award_api("DELETE", "/awards/criteria/{criterion_id}",               "401 403 403 409 409 403 403 403 409",
              "nominations", criterion_id=_first_pk("award_open_category", "criteria")),
    award_api("POST",   "/awards/categories/{category_id}/questions",    "401 403 403 409 409 403 403 403 409",
              "nominations", category_id="award_open_category", data=lambda w, role: {"text_ar": "من المستفيدون؟"}),
    award_api("PATCH",  "/awards/questions/{question_id}",               "401 403 403 409 409 403 403 403 409",
              "nominations", question_id=_first_pk("award_open_category", "questions"),
              data=lambda w, role: {"required": False}),
    award_api("DELETE", "/awards/questions/{question_id}",               "401 403 403 409 409 403 403 403 409",
              "nominations", question_id=_first_pk("award_open_category", "questions")),
    # Applications: their applicants, the organisers, the judge assigned (never the recused one).
    award_api("GET",    "/awards/applications/mine",                     "401 200 200 200 200 200 200 200 200", "own"),
    award_api("GET",    "/awards/cycles/{cycle_id}/applications",        "401 403 403 200 200 403 403 403 200",
              "judging", cycle_id="award_cycle"),
    award_api("GET",    "/awards/applications/{application_id}",         "401 200 404 200 200 200 404 404 200",
              "eligible", application_id="award_application"),
    award_api("GET",    "/awards/applications/{application_id}",         "401 404 404 200 200 200 404 404 200",
              "draft", application_id="award_draft_application"),
    award_api("POST",   "/awards/applications",                          "401 403 403 403 403 201 403 403 403",
              "for other_org", data=lambda w, role: {
                  "category_id": w.award_open_category.pk, "organization_id": w.other_org.pk,
                  "title_ar": "فريق الحي الأخضر", "answers": {}}),
    award_api("PATCH",  "/awards/applications/{application_id}",         "401 404 404 403 403 200 404 404 403",
              "draft", application_id="award_draft_application", data=lambda w, role: {"title_en": "Green team"}),
    award_api("DELETE", "/awards/applications/{application_id}",         "401 404 404 403 403 204 404 404 403",
              "draft", application_id="award_draft_application"),
    award_api("POST",   "/awards/applications/{application_id}/submit",  "401 404 404 403 403 200 404 404 403",
              "draft", application_id="award_draft_application"),
    award_api("POST",   "/awards/applications/{application_id}/withdraw", "401 403 404 403 403 200 404 404 403",
              "eligible", application_id="award_application", data=lambda w, role: {"reason": "ظروف طارئة"}),
    # Eligibility is decided before judging: the organiser hears so (409), the others may not decide at all.
    award_api("POST",   "/awards/applications/{application_id}/eligibility", "401 403 404 409 409 403 404 404 409",
              "judging", application_id="award_application", data=lambda w, role: {"eligible": True}),
    # The people's choice of this cycle is not open: refused alike to everyone signed in.
    award_api("POST",   "/awards/applications/{application_id}/vote",    "401 409 409 409 409 409 409 409 409",
              "closed", application_id="award_application"),
    # The jury.
    award_api("GET",    "/awards/cycles/{cycle_id}/judges",              "401 403 403 200 200 403 403 403 200",
              "judging", cycle_id="award_cycle"),
    award_api("POST",   "/awards/cycles/{cycle_id}/judges",              "401 403 403 201 201 403 403 403 201",
              "nominations", cycle_id="award_open_cycle",
              data=lambda w, role: {"user": w.users["viewer"].username, "expertise": "التنمية المحلية"}),
    award_api("GET",    "/awards/invitations",                           "401 200 200 200 200 200 200 200 200", "own"),
    award_api("POST",   "/awards/invitations/{judge_id}/respond",        "401 200 404 404 404 404 404 404 404",
              "resident's", judge_id="award_judge", data=lambda w, role: {"accept": True}),
    # Rounds and panels: the organisers'.
    award_api("GET",    "/awards/rounds/{round_id}",                     "401 403 403 200 200 403 403 403 200",
              "judging", round_id="award_round"),
    award_api("PATCH",  "/awards/rounds/{round_id}",                     "401 403 403 200 200 403 403 403 200",
              "judging", round_id="award_round", data=lambda w, role: {"normalise": True}),
    award_api("POST",   "/awards/rounds/{round_id}/close",               "401 403 403 409 409 403 403 403 409",
              "nothing submitted", round_id="award_round"),
    award_api("POST",   "/awards/rounds/{round_id}/advance",             "401 403 403 409 409 403 403 403 409",
              "open", round_id="award_round", data=lambda w, role: {"count": 1}),
    award_api("POST",   "/awards/rounds/{round_id}/panel",               "401 403 403 201= 201= 403 403 403 201=",
              "seated already", round_id="award_round", data=lambda w, role: {"judge_id": w.award_judge.pk}),
    award_api("DELETE", "/awards/rounds/{round_id}/panel/{judge_id}",    "401 403 403 204 204 403 403 403 204",
              "resident", round_id="award_round", judge_id="award_judge"),
    award_api("POST",   "/awards/rounds/{round_id}/assign",              "401 403 403 200= 200= 403 403 403 200=",
              "complete", round_id="award_round"),
    # The judge's sheets: the resident's alone; the recused judge's none.
    award_api("GET",    "/awards/sheets",                                "401 200 200 200 200 200 200 200 200", "own"),
    award_api("GET",    "/awards/sheets/{sheet_id}",                     "401 200 404 404 404 404 404 404 404",
              "resident's", sheet_id="award_sheet"),
    award_api("PUT",    "/awards/sheets/{sheet_id}",                     "401 200 404 404 404 404 404 404 404",
              "resident's", sheet_id="award_sheet", data=lambda w, role: {"overall_comment": "عمل متقن"}),
    award_api("POST",   "/awards/sheets/{sheet_id}/submit",              "401 200 404 404 404 404 404 404 404",
              "resident's", sheet_id="award_sheet", data=lambda w, role: {"scores": [
                  {"criterion_id": criterion.pk, "value": 6} for criterion in w.award_category.criteria.all()]}),
    award_api("POST",   "/awards/sheets/{sheet_id}/conflict",            "401 204 404 404 404 404 404 404 404",
              "resident's", sheet_id="award_sheet", data=lambda w, role: {"reason": "قريب لمدير الجمعية"}),
    # Results: the public's once published; before, the organisers' alone.
    award_api("GET",    "/awards/cycles/{cycle_id}/results",             "200 200 200 200 200 200 200 200 200",
              "published", cycle_id="award_published_cycle"),
    award_api("GET",    "/awards/cycles/{cycle_id}/results",             "404 404 404 200 200 404 404 404 200",
              "judging", cycle_id="award_cycle"),
]
PUBLIC_OPERATIONS.update({
    "GET /awards/programmes": "public list of award programmes (with a cycle past preparation; one's own too)",
    "GET /awards/cycles": "public list of award cycles past preparation (one's own drafts too)",
})

# ---- plans (needs). `needs_plan` is org's plan in consultation (edit, adm: the authority's staff; crd: the
# region's coordinator, who moderates but does not change the plan); anyone signed in submits and votes.
def _needs(name: str, kind: str):
    return {kind: lambda w: w.records[name].pk}


def need_form(w, role):
    from musharaka.plans.models import NeedCategory

    return {"title": "ضعف شبكة تصريف مياه الأمطار", "description": "تتجمع مياه الأمطار في الشوارع بعد كل هطول",
            "category": NeedCategory.objects.order_by("pk").first().pk, "group": "other"}


def need_evidence_form(w, role):
    return {"kind": "statistic", "title": "إحصاء البلدية", "figure": "12", "file": matrix.pdf_upload("figures.pdf")}


def need_scores(w, role):
    return {"action": "scores", **{f"score-{w.need_a.pk}-{c.pk}": "4" for c in w.needs_plan.criteria.all()}}


ROWS += [
    #     method  route                  record  anon  res  view edit adm  oadm crd  ocrd padm
    page("GET",  "plans:needs",          "",     "200   200 200 200 200 200 200 200 200",
         args=_needs("needs_plan", "plan_id")),
    page("GET",  "plans:need_submit",    "",     "login 200 200 200 200 200 200 200 200",
         args=_needs("needs_plan", "plan_id")),
    page("POST", "plans:need_submit",    "",     "login 302 302 302 302 302 302 302 302",
         args=_needs("needs_plan", "plan_id"), data=need_form),
    page("GET",  "plans:need_similar",   "",     "200   200 200 200 200 200 200 200 200",
         args=_needs("needs_plan", "plan_id"), data=lambda w, role: {"title": "الإنارة في الشوارع"}),
    page("GET",  "plans:need",           "",     "200   200 200 200 200 200 200 200 200",
         args=_needs("need_a", "need_id")),
    page("POST", "plans:need_vote",      "",     "login 302 302 302 302 302 302 302 302",
         args=_needs("need_c", "need_id"), data=lambda w, role: {"group": "women"}, label="vote"),
    # Only the resident voted for need_b: withdrawing is theirs; anyone else is told they had not voted.
    page("POST", "plans:need_vote",      "",     "login 302 302= 302= 302= 302= 302= 302= 302=",
         args=_needs("need_b", "need_id"), data=lambda w, role: {"action": "unvote"}, label="unvote"),
    page("GET",  "plans:moderation",     "",     "login 403 403 200 200 403 200 403 200",
         args=_needs("needs_plan", "plan_id")),
    page("POST", "plans:moderation",     "",     "login 403 403 302 302 403 302 403 302",
         args=_needs("needs_plan", "plan_id"), label="set aside",
         data=lambda w, role: {"need": w.need_c.pk, f"n{w.need_c.pk}-status": "rejected",
                               f"n{w.need_c.pk}-reason": "خارج نطاق الخطة"}),
    page("POST", "plans:need_merge",     "",     "login 403 403 302 302 403 302 403 302",
         args=_needs("needs_plan", "plan_id"), data=lambda w, role: {"duplicate": w.need_b.pk, "into": w.need_a.pk}),
    page("GET",  "plans:need_edit",      "",     "login 403 403 200 200 403 200 403 200",
         args=_needs("need_c", "need_id")),
    page("POST", "plans:need_edit",      "",     "login 403 403 302 302 403 302 403 302",
         args=_needs("need_c", "need_id"), data=need_form),
    page("GET",  "plans:need_evidence",  "",     "login 403 403 200 200 403 200 403 200",
         args=_needs("need_a", "need_id")),
    page("POST", "plans:need_evidence",  "",     "login 403 403 302 302 403 302 403 302",
         args=_needs("need_a", "need_id"), data=need_evidence_form, multipart=True, label="add"),
    page("POST", "plans:need_evidence",  "",     "login 403 403 302 302 403 302 403 302",
         args=_needs("need_a", "need_id"), label="remove",
         data=lambda w, role: {"action": "remove", "evidence": w.need_evidence.pk}),
    page("GET",  "plans:need_evidence_file", "", "200   200 200 200 200 200 200 200 200",
         args={"evidence_id": lambda w: w.need_evidence.pk,
               "filename": lambda w: w.need_evidence.file.name.rsplit("/", 1)[-1]}),
    page("GET",  "plans:matrix",         "",     "login 403 403 200 200 403 200 403 200",
         args=_needs("needs_plan", "plan_id")),
    page("POST", "plans:matrix",         "",     "login 403 403 302 302 403 302 403 302",
         args=_needs("needs_plan", "plan_id"), data=need_scores, label="scores"),
    page("POST", "plans:matrix",         "",     "login 403 403 302 302 403 302 403 302",
         args=_needs("needs_plan", "plan_id"), label="criterion",
         data=lambda w, role: {"action": "criterion", "new-name_ar": "الاستدامة", "new-weight": "10"}),
    page("GET",  "plans:priorities",     "",     "200   200 200 200 200 200 200 200 200",
         args=_needs("needs_plan", "plan_id")),
    page("GET",  "plans:suggestions",    "",     "200   200 200 200 200 200 200 200 200",
         args=_needs("need_a", "need_id")),
    # Replicating changes the plan: the authority's staff (not the coordinator, who moderates needs only).
    page("POST", "plans:replicate",      "",     "login 403 403 302 302 403 403 403 302",
         args=_needs("need_a", "need_id"),
         data=lambda w, role: {f"i{w.completed.pk}-initiative": w.completed.pk,
                               f"i{w.completed.pk}-goal": w.needs_goal.pk}),
]

# ---- plans (planpages). `plan_open` (consultation), `plan_approved` and `plan_draft` belong to `org` (its editor
# and admin are the authority's staff; `coordinator` coordinates its region); other_org leads the actions, so
# other_admin reports their status (see matrix._plans_planpages_world).
def plan_ids(**names):
    """URL arguments read from the world's plans records: plan_ids(plan_id="plan_open")."""
    return {key: (lambda w, name=name: w.records[name].pk) for key, name in names.items()}


def plan_form(w, role):
    return {"title_ar": "خطة التنمية المحلية لحي الملز المحدثة", "region": w.org.region_id, "start_year": 2026,
            "end_year": 2031, "matrix_share": 70}


def plan_create_form(w, role):
    return {**plan_form(w, role), "organization": w.records["plans_authority"].pk}


def plan_action_form(w, role):
    return {"goal": w.records["plan_goal"].pk, "title_ar": "إنشاء ممشى مضاء في الحي",
            "lead_organization": w.other_org.pk, "currency": "SAR", "funding_source": "municipal",
            "status": "planned", "position": 1}


def plan_risk_form(w, role):
    return {"title": "ضعف مشاركة الشباب في الاستشارة", "category": "social", "likelihood": 2, "impact": 3,
            "owner": "فريق الخطة", "status": "open"}


def plan_review_form(w, role):
    return {"kind": "quarterly", "held_on": "2026-06-01", "findings_ar": "تقدم جيد في أعمال التوسعة بعد تسريع التمويل",
            "decisions_ar": "تسريع صرف التمويل"}


PLAN_STAFF_GET = "login 403 403 200 200 403 403 403 200"
PLAN_STAFF_POST = "login 403 403 302 302 403 403 403 302"
ROWS += [
    page("GET",  "plans:list",          "", "200   200 200 200 200 200 200 200 200"),
    page("GET",  "plans:create",        "", "login 403 403 403 403 403 403 403 200"),
    page("POST", "plans:create",        "", "login 403 403 403 403 403 403 403 302", data=plan_create_form),
    page("GET",  "plans:detail",        "", "200   200 200 200 200 200 200 200 200",
         args=plan_ids(plan_id="plan_open"), label="consultation"),
    page("GET",  "plans:detail",        "", "404   404 200 200 200 404 200 404 200",
         args=plan_ids(plan_id="plan_draft"), label="draft"),
    page("GET",  "plans:detail",        "", "200   200 200 200 200 200 200 200 200",
         args=plan_ids(plan_id="plan_approved"), label="approved"),
    page("GET",  "plans:edit",          "", PLAN_STAFF_GET, args=plan_ids(plan_id="plan_open")),
    page("POST", "plans:edit",          "", PLAN_STAFF_POST, args=plan_ids(plan_id="plan_open"), data=plan_form),
    page("POST", "plans:move",          "", PLAN_STAFF_POST, args=plan_ids(plan_id="plan_open"),
         data=lambda w, role: {"target": "draft"}),
    page("GET",  "plans:vision",        "", PLAN_STAFF_GET, args=plan_ids(plan_id="plan_open")),
    page("POST", "plans:vision",        "", PLAN_STAFF_POST, args=plan_ids(plan_id="plan_open"),
         data=lambda w, role: {"vision_ar": "حي أخضر آمن يشارك سكانه في قراره"}),
    page("GET",  "plans:partners",      "", PLAN_STAFF_GET, args=plan_ids(plan_id="plan_open")),
    page("POST", "plans:partners",      "", PLAN_STAFF_POST, args=plan_ids(plan_id="plan_open"),
         data=lambda w, role: {"partners": [w.other_org.pk]}),
    page("GET",  "plans:goal_create",   "", PLAN_STAFF_GET, args=plan_ids(plan_id="plan_open")),
    page("POST", "plans:goal_create",   "", PLAN_STAFF_POST, args=plan_ids(plan_id="plan_open"),
         data=lambda w, role: {"title_ar": "خدمات صحية قريبة من السكان", "position": 2}),
    page("GET",  "plans:goal_edit",     "", PLAN_STAFF_GET, args=plan_ids(goal_id="plan_goal")),
    page("POST", "plans:goal_edit",     "", PLAN_STAFF_POST, args=plan_ids(goal_id="plan_goal"),
         data=lambda w, role: {"title_ar": "أحياء خضراء ومضاءة للجميع", "position": 0}),
    page("POST", "plans:goal_delete",   "", PLAN_STAFF_POST, args=plan_ids(goal_id="plan_spare_goal")),
    page("GET",  "plans:action_create", "", PLAN_STAFF_GET, args=plan_ids(goal_id="plan_goal")),
    page("POST", "plans:action_create", "", PLAN_STAFF_POST, args=plan_ids(goal_id="plan_goal"),
         data=plan_action_form),
    page("GET",  "plans:action_edit",   "", PLAN_STAFF_GET, args=plan_ids(action_id="plan_action")),
    page("POST", "plans:action_edit",   "", PLAN_STAFF_POST, args=plan_ids(action_id="plan_action"),
         data=plan_action_form),
    page("POST", "plans:action_delete", "", PLAN_STAFF_POST, args=plan_ids(action_id="plan_spare_action")),
    page("GET",  "plans:action_report", "", "login 403 403 200 200 200 403 403 200",
         args=plan_ids(action_id="plan_approved_action")),
    page("POST", "plans:action_report", "", "login 403 403 302 302 302 403 403 302",
         args=plan_ids(action_id="plan_approved_action"), data=lambda w, role: {"status": "in_progress"}),
    page("GET",  "plans:versions",      "", "200   200 200 200 200 200 200 200 200",
         args=plan_ids(plan_id="plan_approved")),
    page("GET",  "plans:version",       "", "200   200 200 200 200 200 200 200 200",
         args={**plan_ids(plan_id="plan_approved"), "number": 1}),
    page("GET",  "plans:diff",          "", "200   200 200 200 200 200 200 200 200",
         args=plan_ids(plan_id="plan_approved")),
    page("GET",  "plans:review_create", "", PLAN_STAFF_GET, args=plan_ids(plan_id="plan_approved")),
    page("POST", "plans:review_create", "", PLAN_STAFF_POST, args=plan_ids(plan_id="plan_approved"),
         data=lambda w, role: {"kind": "annual", "held_on": "2026-12-15",
                               "findings_ar": "اكتملت أعمال التوسعة في موعدها"}),
    page("GET",  "plans:review",        "", "200   200 200 200 200 200 200 200 200",
         args=plan_ids(review_id="plan_review")),
    page("GET",  "plans:review_edit",   "", PLAN_STAFF_GET, args=plan_ids(review_id="plan_review")),
    page("POST", "plans:review_edit",   "", PLAN_STAFF_POST, args=plan_ids(review_id="plan_review"),
         data=plan_review_form),
    page("GET",  "plans:risks",         "", "200   200 200 200 200 200 200 200 200",
         args=plan_ids(plan_id="plan_open")),
    page("GET",  "plans:risks",         "", "404   404 200 200 200 404 200 404 200",
         args=plan_ids(plan_id="plan_draft"), label="draft"),
    page("GET",  "plans:risk_create",   "", PLAN_STAFF_GET, args=plan_ids(plan_id="plan_open")),
    page("POST", "plans:risk_create",   "", PLAN_STAFF_POST, args=plan_ids(plan_id="plan_open"),
         data=plan_risk_form),
    page("GET",  "plans:risk_edit",     "", PLAN_STAFF_GET, args=plan_ids(risk_id="plan_risk")),
    page("POST", "plans:risk_edit",     "", PLAN_STAFF_POST, args=plan_ids(risk_id="plan_risk"),
         data=plan_risk_form),
    page("POST", "plans:risk_delete",   "", PLAN_STAFF_POST, args=plan_ids(risk_id="plan_risk")),
    page("GET",  "plans:pdf",           "", "200   200 200 200 200 200 200 200 200",
         args=plan_ids(plan_id="plan_approved")),
    page("GET",  "plans:xlsx",          "", "200   200 200 200 200 200 200 200 200",
         args=plan_ids(plan_id="plan_approved")),
    page("GET",  "plans:xlsx",          "", "404   404 200 200 200 404 200 404 200",
         args=plan_ids(plan_id="plan_draft"), label="draft"),
    page("GET",  "plans:charts",        "", "200   200 200 200 200 200 200 200 200",
         args=plan_ids(plan_id="plan_approved")),
]

# ---- results (issue #14, results). matrix._results_world: results of `approved` (org's public initiative), whose
# editor reported `result_draft` (with `result_evidence`), `result_pending` and `result_approved`; org's editor and
# admin report, its admin approves (never the author: the editor gets 403 on their own pending update).
def _res(name: str, kind: str):
    return {kind: lambda w: w.records[name].pk}


RESULT_OWNER = {"owner_kind": "initiative", "owner_id": lambda w: w.approved.pk}
RESULT_FORM = {"level": "output", "title_ar": "زيادة المساحات الخضراء"}
INDICATOR_FORM = {"title_ar": "عدد الأشجار المزروعة", "measure": "unit", "ascending": "on"}
PERIOD_FORM = {"start": "2027-01-01", "end": "2027-06-30", "target_value": "40"}


def _evidence_name(w):
    return w.result_evidence.file.name.rsplit("/", 1)[-1]


ROWS += [
    #     method  route                        record anon  res  view edit adm  oadm crd  ocrd padm
    page("GET",  "results:queue",              "",    "login 200 200 200 200 200 200 200 200"),
    page("GET",  "results:result_create",      "",    "login 403 403 200 200 403 403 403 200", args=RESULT_OWNER),
    page("POST", "results:result_create",      "",    "login 403 403 302 302 403 403 403 302", args=RESULT_OWNER,
         data=lambda w, role: RESULT_FORM),
    page("GET",  "results:result_edit",        "",    "login 403 403 200 200 403 403 403 200",
         args=_res("result", "result_id")),
    page("POST", "results:result_edit",        "",    "login 403 403 302 302 403 403 403 302",
         args=_res("result", "result_id"), data=lambda w, role: {**RESULT_FORM, "title_ar": "تحسين نظافة الأحياء"}),
    page("POST", "results:result_edit",        "",    "login 403 403 302 302 403 403 403 302",
         args=_res("result_spare", "result_id"), data=lambda w, role: {"delete": "1"}, label="delete"),
    page("GET",  "results:indicator_create",   "",    "login 403 403 200 200 403 403 403 200",
         args=_res("result", "result_id")),
    page("POST", "results:indicator_create",   "",    "login 403 403 302 302 403 403 403 302",
         args=_res("result", "result_id"), data=lambda w, role: INDICATOR_FORM),
    page("GET",  "results:indicator",          "",    "200   200 200 200 200 200 200 200 200",
         args=_res("result_indicator", "indicator_id")),
    page("GET",  "results:indicator_edit",     "",    "login 403 403 200 200 403 403 403 200",
         args=_res("result_indicator", "indicator_id")),
    page("POST", "results:indicator_edit",     "",    "login 403 403 302 302 403 403 403 302",
         args=_res("result_indicator", "indicator_id"),
         data=lambda w, role: {**INDICATOR_FORM, "title_ar": "عدد الحدائق المنظفة والمؤهلة"}),
    page("GET",  "results:period_create",      "",    "login 403 403 200 200 403 403 403 200",
         args=_res("result_indicator", "indicator_id")),
    page("POST", "results:period_create",      "",    "login 403 403 302 302 403 403 403 302",
         args=_res("result_indicator", "indicator_id"), data=lambda w, role: PERIOD_FORM),
    page("GET",  "results:period_edit",        "",    "login 403 403 200 200 403 403 403 200",
         args=_res("result_period", "period_id")),
    page("POST", "results:period_edit",        "",    "login 403 403 302 302 403 403 403 302",
         args=_res("result_period", "period_id"), data=lambda w, role: {"action": "lock"}, label="lock"),
    page("POST", "results:period_edit",        "",    "login 403 403 302 302 403 403 403 302",
         args=_res("result_period", "period_id"),
         data=lambda w, role: {"start": "2026-01-01", "end": "2026-06-30", "target_value": "25"}),
    page("GET",  "results:update_create",      "",    "login 403 403 200 200 403 403 403 200",
         args=_res("result_period", "period_id")),
    page("POST", "results:update_create",      "",    "login 403 403 302 302 403 403 403 302",
         args=_res("result_period", "period_id"), data=lambda w, role: {"value": "4", "narrative": "حملة السبت"}),
    # Drafts and pending updates are their reporters' and approvers'; approved ones are public with the result.
    page("GET",  "results:update",             "",    "404   404 404 200 200 404 404 404 200",
         args=_res("result_draft", "update_id"), label="draft"),
    page("GET",  "results:update",             "",    "200   200 200 200 200 200 200 200 200",
         args=_res("result_approved", "update_id"), label="approved"),
    page("POST", "results:update",             "",    "login 404 404 302 302 404 404 404 302",
         args=_res("result_draft", "update_id"), data=lambda w, role: {"action": "submit"}, label="submit"),
    page("POST", "results:update",             "",    "login 404 404 403 302 404 404 404 302",
         args=_res("result_pending", "update_id"), data=lambda w, role: {"action": "approve"}, label="approve"),
    page("POST", "results:update",             "",    "login 404 404 403 302 404 404 404 302",
         args=_res("result_pending", "update_id"), label="return",
         data=lambda w, role: {"action": "return", "comment": "أرفق صور الحملة"}),
    page("GET",  "results:update_edit",        "",    "login 404 404 200 200 404 404 404 200",
         args=_res("result_draft", "update_id")),
    page("POST", "results:update_edit",        "",    "login 404 404 302 302 404 404 404 302",
         args=_res("result_draft", "update_id"), data=lambda w, role: {"value": "5", "narrative": "حملة الأحد"}),
    page("GET",  "results:evidence",           "",    "404   404 404 200 200 404 404 404 200",
         args={"evidence_id": lambda w: w.result_evidence.pk, "filename": _evidence_name}),
    #    method  path                                        record anon res view edit adm oadm crd ocrd padm
    api("GET",   "/results/queue",                            "", "401 200 200 200 200 200 200 200 200"),
    api("GET",   "/results/dimensions",                       "", "200 200 200 200 200 200 200 200 200"),
    api("GET",   "/results/owners/{owner_kind}/{owner_id}",   "", "200 200 200 200 200 200 200 200 200",
        args=RESULT_OWNER),
    api("POST",  "/results/owners/{owner_kind}/{owner_id}",   "", "401 403 403 201 201 403 403 403 201",
        args=RESULT_OWNER, data=lambda w, role: RESULT_FORM),
    api("GET",   "/results/{result_id}",                      "", "200 200 200 200 200 200 200 200 200",
        args=_res("result", "result_id")),
    api("PATCH", "/results/{result_id}",                      "", "401 403 403 200 200 403 403 403 200",
        args=_res("result", "result_id"), data=lambda w, role: {"title_ar": "تحسين نظافة الأحياء"}),
    api("DELETE", "/results/{result_id}",                     "", "401 403 403 204 204 403 403 403 204",
        args=_res("result_spare", "result_id")),
    api("POST",  "/results/{result_id}/indicators",           "", "401 403 403 201 201 403 403 403 201",
        args=_res("result", "result_id"), data=lambda w, role: {"title_ar": "عدد الأشجار المزروعة"}),
    api("GET",   "/results/indicators/{indicator_id}",        "", "200 200 200 200 200 200 200 200 200",
        args=_res("result_indicator", "indicator_id")),
    api("PATCH", "/results/indicators/{indicator_id}",        "", "401 403 403 200 200 403 403 403 200",
        args=_res("result_indicator", "indicator_id"), data=lambda w, role: {"unit_ar": "حديقة عامة"}),
    api("DELETE", "/results/indicators/{indicator_id}",       "", "401 403 403 204 204 403 403 403 204",
        args=_res("result_spare_indicator", "indicator_id")),
    api("POST",  "/results/indicators/{indicator_id}/periods", "", "401 403 403 201 201 403 403 403 201",
        args=_res("result_indicator", "indicator_id"),
        data=lambda w, role: {"start": "2027-01-01", "end": "2027-06-30", "target_value": "40"}),
    api("PATCH", "/results/periods/{period_id}",              "", "401 403 403 200 200 403 403 403 200",
        args=_res("result_period", "period_id"), data=lambda w, role: {"target_value": "25"}),
    api("POST",  "/results/periods/{period_id}/lock",         "", "401 403 403 200 200 403 403 403 200",
        args=_res("result_period", "period_id"), data=lambda w, role: {"locked": True}),
    api("DELETE", "/results/periods/{period_id}",             "", "401 403 403 204 204 403 403 403 204",
        args=_res("result_spare_period", "period_id")),
    api("GET",   "/results/periods/{period_id}/updates",      "", "200 200 200 200 200 200 200 200 200",
        args=_res("result_period", "period_id")),
    api("POST",  "/results/periods/{period_id}/updates",      "", "401 403 403 201 201 403 403 403 201",
        args=_res("result_period", "period_id"), data=lambda w, role: {"value": "4"}),
    api("GET",   "/results/updates/{update_id}",              "", "404 404 404 200 200 404 404 404 200",
        args=_res("result_draft", "update_id"), label="draft"),
    api("GET",   "/results/updates/{update_id}",              "", "200 200 200 200 200 200 200 200 200",
        args=_res("result_approved", "update_id"), label="approved"),
    api("PATCH", "/results/updates/{update_id}",              "", "401 404 404 200 200 404 404 404 200",
        args=_res("result_draft", "update_id"), data=lambda w, role: {"value": "5"}),
    api("DELETE", "/results/updates/{update_id}",             "", "401 404 404 204 204 404 404 404 204",
        args=_res("result_draft", "update_id")),
    api("POST",  "/results/updates/{update_id}/submit",       "", "401 404 404 200 200 404 404 404 200",
        args=_res("result_draft", "update_id")),
    api("POST",  "/results/updates/{update_id}/approve",      "", "401 404 404 403 200 404 404 404 200",
        args=_res("result_pending", "update_id"), data=lambda w, role: {}),
    api("POST",  "/results/updates/{update_id}/return",       "", "401 404 404 403 200 404 404 404 200",
        args=_res("result_pending", "update_id"), data=lambda w, role: {"comment": "أرفق صور الحملة"}),
    api("POST",  "/results/updates/{update_id}/evidence",     "", "401 404 404 201 201 404 404 404 201",
        args=_res("result_draft", "update_id"), data=lambda w, role: {"file": matrix.pdf_upload("photos.pdf")},
        multipart=True),
    api("DELETE", "/results/evidence/{evidence_id}",          "", "401 404 404 204 204 404 404 404 204",
        args={"evidence_id": lambda w: w.result_evidence.pk}),
]

# ---- plans (api14): the API under /plans. Columns: anonymous resident viewer editor admin other_admin coordinator
# other_coordinator platform_admin. `org` is the authority (its editor and admin its staff, its viewer a member), the
# coordinator coordinates the plan's region, other_org leads an action of the approved plan (see
# matrix._plans_api14_world). A draft is 404 to outsiders; the team (staff + coordinator) moderates the needs;
# anyone signed in submits and votes during the consultation.
def plan_api(method: str, path: str, expect: str, label: str, **ids) -> matrix.Row:
    data = ids.pop("data", None)
    return api(method, path, "", expect, label=label, data=data,
               args={name: (value if callable(value) else _pk(value)) for name, value in ids.items()})


PLAN_STAFF_ON_PUBLIC = "401 403 403 {ok} {ok} 403 403 403 {ok}"
PLAN_TEAM_ON_PUBLIC = "401 403 403 {ok} {ok} 403 {ok} 403 {ok}"
EVERYONE = "200 200 200 200 200 200 200 200 200"


def _staff(ok: str) -> str:
    return PLAN_STAFF_ON_PUBLIC.format(ok=ok)


def _team(ok: str) -> str:
    return PLAN_TEAM_ON_PUBLIC.format(ok=ok)


def plan_need_body(w, role):
    from musharaka.plans.models import NeedCategory

    return {"category_id": NeedCategory.objects.order_by("pk")[0].pk, "title": "حديقة للأطفال",
            "description": "لا توجد مساحة لعب آمنة للأطفال في الحي"}


ROWS += [
    plan_api("GET",    "/plans/{plan_id}",                    "404 404 200 200 200 404 200 404 200", "draft",
             plan_id="api14_plan_draft"),
    plan_api("GET",    "/plans/{plan_id}",                    EVERYONE, "approved", plan_id="api14_plan_approved"),
    plan_api("POST",   "/plans",                              "401 403 403 403 403 403 403 403 201",
             "for an association", data=lambda w, role: {
                 "organization_id": w.org.pk, "title_ar": "خطة تنمية جديدة", "region_id": w.org.region_id,
                 "start_year": 2027, "end_year": 2030}),
    plan_api("PATCH",  "/plans/{plan_id}",                    "401 404 403 200 200 404 403 404 200", "draft",
             plan_id="api14_plan_draft", data=lambda w, role: {"title_en": "Local plan", "vision_ar": "رؤية الخطة"}),
    plan_api("DELETE", "/plans/{plan_id}",                    "401 404 403 204 204 404 403 404 204", "draft",
             plan_id="api14_plan_draft"),
    plan_api("POST",   "/plans/{plan_id}/move",               "401 404 403 200 200 404 403 404 200",
             "to consultation", plan_id="api14_plan_draft", data=lambda w, role: {"target": "consultation"}),
    plan_api("GET",    "/plans/{plan_id}/versions",           EVERYONE, "approved", plan_id="api14_plan_approved"),
    plan_api("GET",    "/plans/{plan_id}/versions/{number}",  EVERYONE, "approved", plan_id="api14_plan_approved",
             number=lambda w: 1),
    plan_api("GET",    "/plans/{plan_id}/diff",               EVERYONE, "approved", plan_id="api14_plan_approved"),
    plan_api("GET",    "/plans/{plan_id}/needs",              "404 404 200 200 200 404 200 404 200", "draft",
             plan_id="api14_plan_draft"),
    plan_api("GET",    "/plans/{plan_id}/needs",              EVERYONE, "consultation", plan_id="api14_plan_consult"),
    plan_api("POST",   "/plans/{plan_id}/needs",              "401 201 201 201 201 201 201 201 201",
             "consultation", plan_id="api14_plan_consult", data=plan_need_body),
    plan_api("POST",   "/plans/{plan_id}/needs",              "401 403 403 409 409 403 409 403 409", "approved",
             plan_id="api14_plan_approved", data=plan_need_body),
    plan_api("GET",    "/plans/needs/{need_id}",              EVERYONE, "consultation", need_id="api14_plan_need"),
    plan_api("PATCH",  "/plans/needs/{need_id}",              _team("200"), "consultation", need_id="api14_plan_need",
             data=lambda w, role: {"title": "إنارة الشوارع الداخلية في الحي"}),
    plan_api("POST",   "/plans/needs/{need_id}/status",       _team("200"), "set aside", need_id="api14_plan_need",
             data=lambda w, role: {"status": "rejected", "reason": "خارج نطاق الخطة"}),
    plan_api("POST",   "/plans/needs/{need_id}/merge",        _team("200"), "twin", need_id="api14_plan_need_twin",
             data=lambda w, role: {"into_id": w.api14_plan_need.pk}),
    plan_api("POST",   "/plans/needs/{need_id}/vote",         "401 409 201 201 201 201 201 201 201",
             "the resident voted", need_id="api14_plan_need", data=lambda w, role: {"group": "women"}),
    plan_api("DELETE", "/plans/needs/{need_id}/vote",         "401 200 404 404 404 404 404 404 404",
             "the resident's", need_id="api14_plan_need"),
    plan_api("GET",    "/plans/{plan_id}/criteria",           EVERYONE, "consultation", plan_id="api14_plan_consult"),
    plan_api("POST",   "/plans/{plan_id}/criteria",           _team("201"), "consultation", plan_id="api14_plan_consult",
             data=lambda w, role: {"name_ar": "الاستدامة", "weight": 5}),
    plan_api("PATCH",  "/plans/criteria/{criterion_id}",      _team("200"), "consultation",
             criterion_id="api14_plan_criterion", data=lambda w, role: {"weight": 25}),
    plan_api("DELETE", "/plans/criteria/{criterion_id}",      _team("204"), "consultation",
             criterion_id="api14_plan_criterion"),
    plan_api("GET",    "/plans/needs/{need_id}/scores",       EVERYONE, "consultation", need_id="api14_plan_need"),
    plan_api("GET",    "/plans/needs/{need_id}/suggestions",  EVERYONE, "consultation", need_id="api14_plan_need"),
    plan_api("PUT",    "/plans/needs/{need_id}/scores",       _team("200"), "consultation", need_id="api14_plan_need",
             data=lambda w, role: {"scores": [{"criterion_id": w.api14_plan_criterion.pk, "score": 4}]}),
    plan_api("GET",    "/plans/{plan_id}/priorities",         EVERYONE, "consultation", plan_id="api14_plan_consult"),
    plan_api("GET",    "/plans/{plan_id}/goals",              EVERYONE, "approved", plan_id="api14_plan_approved"),
    plan_api("POST",   "/plans/{plan_id}/goals",              _staff("201"), "consultation", plan_id="api14_plan_consult",
             data=lambda w, role: {"title_ar": "خدمات أفضل للأحياء"}),
    plan_api("POST",   "/plans/{plan_id}/goals",              _staff("409"), "approved", plan_id="api14_plan_approved",
             data=lambda w, role: {"title_ar": "خدمات أفضل للأحياء"}),
    plan_api("GET",    "/plans/goals/{goal_id}",              EVERYONE, "approved", goal_id="api14_plan_goal"),
    plan_api("PATCH",  "/plans/goals/{goal_id}",              _staff("200"), "consultation", goal_id="api14_plan_goal_draft",
             data=lambda w, role: {"title_en": "Safe streets"}),
    plan_api("DELETE", "/plans/goals/{goal_id}",              _staff("204"), "consultation",
             goal_id="api14_plan_goal_draft"),
    plan_api("GET",    "/plans/{plan_id}/actions",            EVERYONE, "approved", plan_id="api14_plan_approved"),
    plan_api("POST",   "/plans/goals/{goal_id}/actions",      _staff("201"), "consultation",
             goal_id="api14_plan_goal_draft", data=lambda w, role: {"title_ar": "صيانة الإنارة القائمة",
                                                               "lead_organization_id": w.other_org.pk}),
    plan_api("GET",    "/plans/actions/{action_id}",          EVERYONE, "approved", action_id="api14_plan_action"),
    plan_api("PATCH",  "/plans/actions/{action_id}",          _staff("200"), "consultation",
             action_id="api14_plan_action_draft", data=lambda w, role: {"budget": "1200.50"}),
    plan_api("DELETE", "/plans/actions/{action_id}",          _staff("204"), "consultation",
             action_id="api14_plan_action_draft"),
    plan_api("POST",   "/plans/actions/{action_id}/report",   "401 403 403 200 200 200 403 403 200",
             "led by other_org", action_id="api14_plan_action", data=lambda w, role: {"status": "in_progress"}),
    plan_api("POST",   "/plans/needs/{need_id}/replicate",    _staff("201"), "consultation", need_id="api14_plan_need",
             data=lambda w, role: {"initiative_id": w.approved.pk, "goal_id": w.api14_plan_goal_draft.pk}),
    plan_api("GET",    "/plans/{plan_id}/reviews",            EVERYONE, "approved", plan_id="api14_plan_approved"),
    plan_api("POST",   "/plans/{plan_id}/reviews",            _staff("201"), "approved", plan_id="api14_plan_approved",
             data=lambda w, role: {"kind": "annual", "held_on": "2026-12-01",
                                   "findings_ar": "أنجزت الحديقة الأولى وتأخرت الثانية"}),
    plan_api("GET",    "/plans/reviews/{review_id}",          EVERYONE, "approved", review_id="api14_plan_review"),
    plan_api("PATCH",  "/plans/reviews/{review_id}",          _staff("200"), "approved", review_id="api14_plan_review",
             data=lambda w, role: {"decisions_ar": "تسريع التمويل"}),
    plan_api("DELETE", "/plans/reviews/{review_id}",          _staff("204"), "approved", review_id="api14_plan_review"),
    plan_api("GET",    "/plans/{plan_id}/risks",              EVERYONE, "approved", plan_id="api14_plan_approved"),
    plan_api("POST",   "/plans/{plan_id}/risks",              _staff("201"), "approved", plan_id="api14_plan_approved",
             data=lambda w, role: {"title": "ارتفاع الأسعار", "category": "financial", "likelihood": 2,
                                   "impact": 3, "owner": "المالية"}),
    plan_api("GET",    "/plans/risks/{risk_id}",              EVERYONE, "approved", risk_id="api14_plan_risk"),
    plan_api("PATCH",  "/plans/risks/{risk_id}",              _staff("200"), "approved", risk_id="api14_plan_risk",
             data=lambda w, role: {"status": "mitigating"}),
    plan_api("DELETE", "/plans/risks/{risk_id}",              _staff("204"), "approved", risk_id="api14_plan_risk"),
    plan_api("GET",    "/plans/{plan_id}/heat-map",           EVERYONE, "approved", plan_id="api14_plan_approved"),
    plan_api("GET",    "/plans/{plan_id}/heat-map",           "404 404 200 200 200 404 200 404 200", "draft",
             plan_id="api14_plan_draft"),
]
PUBLIC_OPERATIONS.update({
    "GET /plans": "public list of plans from their consultation on (drafts to their authority and coordinator)",
    "GET /plans/alignments": "the alignment objectives goals may name (SDGs, national objectives): a public list",
    "GET /plans/need-categories": "the categories a need may have: a public list",
})


# ---- impact (pages15). On `approved` (org's initiative): org's editor and admin prepare, `coordinator` and
# `other_coordinator` are impact reviewers (matrix._impact_pages15_world and _impact_api15_world); drafts are seen
# by the preparers only, analyses under review also by independent reviewers, published ones by everyone.
def impact_ids(**names):
    return {key: (lambda w, name=name: w.records[name].pk) for key, name in names.items()}


def impact_owner(**names):
    return {"owner_kind": "initiative", "owner_id": lambda w: w.records["approved"].pk, **impact_ids(**names)}


def impact_analysis_form(w, role):
    return {"title_ar": "العائد الاجتماعي لحملات التنظيف المحدث", "kind": "evaluative", "currency": "SAR",
            "discount_rate": "4", "start_year": 2026, "sensitivity_points": "10", "sensitivity_proxy_percent": "20",
            "sensitivity_rate_low": "0", "sensitivity_rate_high": "7"}


def impact_outcome_form(w, role):
    grades = {f"{name}_grade": "estimated" for name in ("quantity", "proxy", "deadweight", "displacement",
                                                        "attribution", "drop_off")}
    return {"stakeholder": w.records["pages15_stakeholder"].pk, "title_ar": "انخفاض النفايات في الشوارع",
            "quantity_source": "typed", "quantity": "120", "proxy": "250", "proxy_source": "تقرير البلدية",
            "duration": 1, "deadweight": "10", "displacement": "0", "attribution": "30", "drop_off": "0", **grades}


IMPACT_STAFF_GET = "login 403 403 200 200 403 403 403 200"
IMPACT_STAFF_POST = "login 403 403 302 302 403 403 403 302"
IMPACT_DRAFT_GET = "login 404 404 200 200 404 404 404 200"
IMPACT_DRAFT_POST = "login 404 404 302 302 404 404 404 302"
IMPACT_REVIEW_POST = "login 404 404 403 403 404 302 302 302"
IMPACT_PLATFORM_GET = "login 403 403 403 403 403 403 403 200"
IMPACT_PLATFORM_POST = "login 403 403 403 403 403 403 403 302"
ROWS += [
    page("GET",  "impact:list",               "", "200   200 200 200 200 200 200 200 200"),
    page("GET",  "impact:queue",              "", "login 403 403 403 403 403 200 200 200"),
    page("GET",  "impact:reviewers",          "", IMPACT_PLATFORM_GET),
    page("POST", "impact:reviewers",          "", IMPACT_PLATFORM_POST,
         data=lambda w, role: {"who": "matrix-newcomer", "note": "خبير تقييم"}),
    page("POST", "impact:reviewer_remove",    "", IMPACT_PLATFORM_POST, args=impact_ids(reviewer_id="pages15_reviewer")),
    page("GET",  "impact:owner",              "", "200   200 200 200 200 200 200 200 200", args=impact_owner()),
    page("GET",  "impact:logic_model_edit",   "", IMPACT_STAFF_GET, args=impact_owner()),
    page("POST", "impact:logic_model_edit",   "", IMPACT_STAFF_POST, args=impact_owner(),
         data=lambda w, role: {"assumptions_ar": "يستمر دعم البلدية", "external_factors_ar": "الطقس"}),
    page("GET",  "impact:item_create",        "", IMPACT_STAFF_GET, args=impact_owner()),
    page("POST", "impact:item_create",        "", IMPACT_STAFF_POST, args=impact_owner(),
         data=lambda w, role: {"stage": "output", "text_ar": "عشرون حملة تنظيف"}),
    page("GET",  "impact:item_edit",          "", IMPACT_STAFF_GET, args=impact_ids(item_id="pages15_item")),
    page("POST", "impact:item_edit",          "", IMPACT_STAFF_POST, args=impact_ids(item_id="pages15_item"),
         data=lambda w, role: {"stage": "activity", "text_ar": "حملات تنظيف أسبوعية"}),
    page("POST", "impact:item_delete",        "", IMPACT_STAFF_POST, args=impact_ids(item_id="pages15_item")),
    page("GET",  "impact:analysis_create",    "", IMPACT_STAFF_GET, args=impact_owner()),
    page("POST", "impact:analysis_create",    "", IMPACT_STAFF_POST, args=impact_owner(), data=impact_analysis_form),
    page("GET",  "impact:analysis",           "", "404   404 404 200 200 404 404 404 200",
         args=impact_ids(analysis_id="pages15_draft"), label="draft"),
    page("GET",  "impact:analysis",           "", "404   404 404 200 200 404 200 200 200",
         args=impact_ids(analysis_id="pages15_review"), label="review"),
    page("GET",  "impact:analysis",           "", "200   200 200 200 200 200 200 200 200",
         args=impact_ids(analysis_id="pages15_published"), label="published"),
    page("GET",  "impact:analysis_edit",      "", IMPACT_DRAFT_GET, args=impact_ids(analysis_id="pages15_draft")),
    page("POST", "impact:analysis_edit",      "", IMPACT_DRAFT_POST, args=impact_ids(analysis_id="pages15_draft"),
         data=impact_analysis_form),
    page("POST", "impact:analysis_delete",    "", IMPACT_DRAFT_POST, args=impact_ids(analysis_id="pages15_draft")),
    page("POST", "impact:analysis_submit",    "", IMPACT_DRAFT_POST, args=impact_ids(analysis_id="pages15_draft")),
    page("POST", "impact:analysis_return",    "", IMPACT_REVIEW_POST, args=impact_ids(analysis_id="pages15_review"),
         data=lambda w, role: {"comment": "وثّقوا مصدر البديل المالي"}),
    page("POST", "impact:analysis_publish",   "", IMPACT_REVIEW_POST, args=impact_ids(analysis_id="pages15_review")),
    page("POST", "impact:analysis_revise",    "", IMPACT_STAFF_POST, args=impact_ids(analysis_id="pages15_published")),
    page("GET",  "impact:stakeholder_create", "", IMPACT_DRAFT_GET, args=impact_ids(analysis_id="pages15_draft")),
    page("POST", "impact:stakeholder_create", "", IMPACT_DRAFT_POST, args=impact_ids(analysis_id="pages15_draft"),
         data=lambda w, role: {"name_ar": "طلاب المدارس", "size": 80}),
    page("GET",  "impact:stakeholder_edit",   "", IMPACT_DRAFT_GET,
         args=impact_ids(stakeholder_id="pages15_stakeholder")),
    page("POST", "impact:stakeholder_edit",   "", IMPACT_DRAFT_POST,
         args=impact_ids(stakeholder_id="pages15_stakeholder"), data=lambda w, role: {"name_ar": "سكان الحي كافة"}),
    page("POST", "impact:stakeholder_delete", "", IMPACT_DRAFT_POST,
         args=impact_ids(stakeholder_id="pages15_spare_stakeholder")),
    page("GET",  "impact:investment_create",  "", IMPACT_DRAFT_GET, args=impact_ids(analysis_id="pages15_draft")),
    page("POST", "impact:investment_create",  "", IMPACT_DRAFT_POST, args=impact_ids(analysis_id="pages15_draft"),
         data=lambda w, role: {"kind": "volunteer_time", "description_ar": "ساعات المتطوعين", "hours": "500",
                               "hourly_value": "30", "valuation_basis": "متوسط أجر الساعة", "grade": "measured"}),
    page("GET",  "impact:investment_edit",    "", IMPACT_DRAFT_GET,
         args=impact_ids(investment_id="pages15_investment")),
    page("POST", "impact:investment_edit",    "", IMPACT_DRAFT_POST,
         args=impact_ids(investment_id="pages15_investment"),
         data=lambda w, role: {"kind": "cash", "description_ar": "منحة الجمعية", "amount": "60000",
                               "grade": "verified"}),
    page("POST", "impact:investment_delete",  "", IMPACT_DRAFT_POST,
         args=impact_ids(investment_id="pages15_investment")),
    page("GET",  "impact:outcome_create",     "", IMPACT_DRAFT_GET, args=impact_ids(analysis_id="pages15_draft")),
    page("POST", "impact:outcome_create",     "", IMPACT_DRAFT_POST, args=impact_ids(analysis_id="pages15_draft"),
         data=impact_outcome_form),
    page("GET",  "impact:outcome_edit",       "", IMPACT_DRAFT_GET, args=impact_ids(outcome_id="pages15_outcome")),
    page("POST", "impact:outcome_edit",       "", IMPACT_DRAFT_POST, args=impact_ids(outcome_id="pages15_outcome"),
         data=impact_outcome_form),
    page("POST", "impact:outcome_delete",     "", IMPACT_DRAFT_POST, args=impact_ids(outcome_id="pages15_outcome")),
    page("POST", "impact:comment_create",     "", IMPACT_DRAFT_POST, args=impact_ids(analysis_id="pages15_draft"),
         data=lambda w, role: {"figure": "analysis:discount_rate", "body": "لماذا 3.5 %؟"}),
    page("POST", "impact:comment_resolve",    "", IMPACT_DRAFT_POST, args=impact_ids(comment_id="pages15_comment"),
         data=lambda w, role: {"resolved": "1"}),
]


# ---- impact (reports15): the report's PDF (both languages) and workbook of an SROI analysis, for whoever may read
# it: a published one (of org's public initiative) for everyone, a draft for org's admin and editor and platform admins.
ROWS += [
    page("GET", "impact:analysis_pdf",  "", "200   200 200 200 200 200 200 200 200",
         args=plan_ids(analysis_id="reports15_published"), label="published"),
    page("GET", "impact:analysis_pdf",  "", "404   404 404 200 200 404 404 404 200",
         args=plan_ids(analysis_id="reports15_draft"), label="draft"),
    page("GET", "impact:analysis_xlsx", "", "200   200 200 200 200 200 200 200 200",
         args=plan_ids(analysis_id="reports15_published"), label="published"),
    page("GET", "impact:analysis_xlsx", "", "404   404 404 200 200 404 404 404 200",
         args=plan_ids(analysis_id="reports15_draft"), label="draft"),
]


# ---- impact (api15): the API under /impact. Columns: anonymous resident viewer editor admin other_admin coordinator
# other_coordinator platform_admin. The approved initiative's staff (editor, admin) prepare; both coordinators are
# impact reviewers (matrix._impact_pages15_world and _impact_api15_world). Drafts are 404 to all but their
# preparers; under review, to all but them and independent reviewers; published analyses and the logic model are
# public.
def impact_api(method: str, path: str, expect: str, label: str = "", data=None, **ids) -> matrix.Row:
    return api(method, path, "", expect, label=label, data=data,
               args={name: (value if callable(value) else _pk(value)) for name, value in ids.items()})


IMPACT_OWNER: dict = {"owner_kind": lambda w: "initiative", "owner_id": lambda w: w.approved.pk}
IMPACT_DRAFT_WRITE = "401 404 404 {ok} {ok} 404 404 404 {ok}"
IMPACT_PREPARE = "401 403 403 {ok} {ok} 403 403 403 {ok}"
IMPACT_REVIEW = "401 404 404 403 403 404 {ok} {ok} {ok}"


def impact_outcome_body(w, role):
    return {"stakeholder_id": w.api15_group.pk, "title_ar": "حدائق أنظف للأطفال", "quantity_source": "typed",
            "quantity": "150", "proxy": "200", "proxy_source": "دراسة البلدية", "duration": 2, "drop_off": "25"}


ROWS += [
    impact_api("GET", "/impact/owners/{owner_kind}/{owner_id}/logic-model", EVERYONE, **IMPACT_OWNER),
    impact_api("PUT", "/impact/owners/{owner_kind}/{owner_id}/logic-model", IMPACT_PREPARE.format(ok="200"),
               data=lambda w, role: {"assumptions_ar": "دعم البلدية مستمر"}, **IMPACT_OWNER),
    impact_api("POST", "/impact/owners/{owner_kind}/{owner_id}/logic-model/items", IMPACT_PREPARE.format(ok="201"),
               data=lambda w, role: {"stage": "activity", "text_ar": "حملات تنظيف"}, **IMPACT_OWNER),
    impact_api("PATCH", "/impact/logic-items/{item_id}", IMPACT_PREPARE.format(ok="200"),
               data=lambda w, role: {"text_en": "Volunteers"}, item_id="api15_item"),
    impact_api("DELETE", "/impact/logic-items/{item_id}", IMPACT_PREPARE.format(ok="204"), item_id="api15_item"),
    impact_api("GET", "/impact/analyses", EVERYONE),
    impact_api("GET", "/impact/queue", "401 200 200 200 200 200 200 200 200"),
    impact_api("GET", "/impact/owners/{owner_kind}/{owner_id}/analyses", EVERYONE, **IMPACT_OWNER),
    impact_api("POST", "/impact/owners/{owner_kind}/{owner_id}/analyses", IMPACT_PREPARE.format(ok="201"),
               data=lambda w, role: {"title_ar": "العائد الاجتماعي للمبادرة"}, **IMPACT_OWNER),
    impact_api("GET", "/impact/analyses/{analysis_id}", "404 404 404 200 200 404 404 404 200", "draft",
               analysis_id="api15_draft"),
    impact_api("GET", "/impact/analyses/{analysis_id}", "404 404 404 200 200 404 200 200 200", "review",
               analysis_id="api15_review"),
    impact_api("GET", "/impact/analyses/{analysis_id}", EVERYONE, "published", analysis_id="api15_published"),
    impact_api("PATCH", "/impact/analyses/{analysis_id}", IMPACT_DRAFT_WRITE.format(ok="200"), "draft",
               data=lambda w, role: {"discount_rate": "5"}, analysis_id="api15_draft"),
    impact_api("PATCH", "/impact/analyses/{analysis_id}", "401 403 403 409 409 403 403 403 409", "published",
               data=lambda w, role: {"discount_rate": "5"}, analysis_id="api15_published"),
    impact_api("DELETE", "/impact/analyses/{analysis_id}", IMPACT_DRAFT_WRITE.format(ok="204"), "draft",
               analysis_id="api15_draft"),
    impact_api("POST", "/impact/analyses/{analysis_id}/submit", IMPACT_DRAFT_WRITE.format(ok="200"), "draft",
               analysis_id="api15_draft"),
    impact_api("POST", "/impact/analyses/{analysis_id}/return", IMPACT_REVIEW.format(ok="200"), "review",
               data=lambda w, role: {"comment": "وثقوا مصدر البديل المالي"}, analysis_id="api15_review"),
    impact_api("POST", "/impact/analyses/{analysis_id}/publish", IMPACT_REVIEW.format(ok="200"), "review",
               analysis_id="api15_review"),
    impact_api("POST", "/impact/analyses/{analysis_id}/revise", IMPACT_PREPARE.format(ok="201"), "published",
               analysis_id="api15_published"),
    impact_api("GET", "/impact/analyses/{analysis_id}/versions", EVERYONE, "published",
               analysis_id="api15_published"),
    impact_api("GET", "/impact/analyses/{analysis_id}/sensitivity", EVERYONE, "published",
               analysis_id="api15_published"),
    impact_api("GET", "/impact/analyses/{analysis_id}/comments", "401 404 404 200 200 404 200 200 200", "review",
               analysis_id="api15_review"),
    impact_api("POST", "/impact/analyses/{analysis_id}/comments", "401 404 404 201 201 404 201 201 201", "review",
               data=lambda w, role: {"body": "ما مصدر عدد المستفيدين؟"}, analysis_id="api15_review"),
    impact_api("POST", "/impact/comments/{comment_id}/resolve", IMPACT_DRAFT_WRITE.format(ok="200"), "draft",
               data=lambda w, role: {"resolved": True}, comment_id="api15_comment"),
    impact_api("POST", "/impact/analyses/{analysis_id}/stakeholders", IMPACT_DRAFT_WRITE.format(ok="201"), "draft",
               data=lambda w, role: {"name_ar": "أطفال الحي"}, analysis_id="api15_draft"),
    impact_api("PATCH", "/impact/stakeholders/{stakeholder_id}", IMPACT_DRAFT_WRITE.format(ok="200"), "draft",
               data=lambda w, role: {"size": 250}, stakeholder_id="api15_group"),
    impact_api("DELETE", "/impact/stakeholders/{stakeholder_id}", IMPACT_DRAFT_WRITE.format(ok="204"), "no outcome",
               stakeholder_id="api15_spare_group"),
    impact_api("POST", "/impact/analyses/{analysis_id}/investments", IMPACT_DRAFT_WRITE.format(ok="201"), "draft",
               data=lambda w, role: {"kind": "volunteer_time", "description_ar": "ساعات المتطوعين", "hours": "300",
                                     "hourly_value": "25", "valuation_basis": "متوسط أجر الساعة"},
               analysis_id="api15_draft"),
    impact_api("PUT", "/impact/investments/{investment_id}", IMPACT_DRAFT_WRITE.format(ok="200"), "draft",
               data=lambda w, role: {"kind": "cash", "description_ar": "منحة الحملة", "amount": "35000"},
               investment_id="api15_investment"),
    impact_api("DELETE", "/impact/investments/{investment_id}", IMPACT_DRAFT_WRITE.format(ok="204"), "draft",
               investment_id="api15_investment"),
    impact_api("POST", "/impact/analyses/{analysis_id}/outcomes", IMPACT_DRAFT_WRITE.format(ok="201"), "draft",
               data=impact_outcome_body, analysis_id="api15_draft"),
    impact_api("PUT", "/impact/outcomes/{outcome_id}", IMPACT_DRAFT_WRITE.format(ok="200"), "draft",
               data=impact_outcome_body, outcome_id="api15_outcome"),
    impact_api("DELETE", "/impact/outcomes/{outcome_id}", IMPACT_DRAFT_WRITE.format(ok="204"), "draft",
               outcome_id="api15_outcome"),
    impact_api("GET", "/impact/reviewers", "401 403 403 403 403 403 403 403 200"),
    impact_api("POST", "/impact/reviewers", "401 403 403 403 403 403 403 403 201",
               data=lambda w, role: {"user_id": w.users["viewer"].pk}),
    impact_api("DELETE", "/impact/reviewers/{reviewer_id}", "401 403 403 403 403 403 403 403 204",
               reviewer_id="api15_reviewer"),
]

# ---- plans (parity14): deleting a draft plan and a review on pages (the API's DELETE /plans/{id} and
# /plans/reviews/{id}); plan_draft is seen by org's members, the coordinator and platform admins only.
ROWS += [
    page("POST", "plans:delete",        "", "login 404 403 302 302 404 403 404 302",
         args=plan_ids(plan_id="plan_draft")),
    page("POST", "plans:review_delete", "", PLAN_STAFF_POST, args=plan_ids(review_id="plan_review")),
]

# ---- volunteering (vol16): the pages of matrix._vol16_world. `org` runs `vol16_opportunity` (published) and
# `vol16_draft` (seen by org's members and platform admins only); its editor and admin manage, its viewer sees but
# may not act; `resident` is an accepted volunteer of `vol16_shift` with a pending and a verified hours entry and a
# certificate. Columns: anonymous resident viewer editor admin other_admin coordinator other_coordinator platform_admin.
def vol16_ids(**names):
    return {key: (lambda w, name=name: w.records[name].pk) for key, name in names.items()}


def vol16_org():
    return {"org_id": lambda w: w.records["org"].pk}


def vol16_opportunity_form(w, role):
    import datetime

    today = datetime.date.today()
    return {"title_ar": "تشجير حديقة الحي الشمالية", "description_ar": "زراعة الأشجار مع سكان الحي",
            "region": w.records["org"].region_id, "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=20)).isoformat(), "minimum_age": "0"}


def vol16_shift_form(w, role):
    import datetime

    from django.utils import timezone

    starts = timezone.localtime(w.records["vol16_spare_shift"].starts_at)
    return {"title": "فترة المساء", "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "capacity": "12"}


def vol16_hours_form(w, role):
    import datetime

    return {"date": datetime.date.today().isoformat(), "hours": "1.5", "activity": "سقاية الأشجار"}


VOL16_STAFF_GET = "login 403 403 200 200 403 403 403 200"
VOL16_STAFF_POST = "login 403 403 302 302 403 403 403 302"
VOL16_DRAFT_POST = "login 404 403 302 302 404 404 404 302"
VOL16_PUBLIC = "200   200 200 200 200 200 200 200 200"
# A volunteer's application or hours entry: not found to whoever may not see it (parity16: as the API answers).
VOL16_RECORD_POST = "login 404 403 302 302 404 404 404 302"  # the newcomer's
VOL16_OWN_RECORD_POST = "login 403 403 302 302 404 404 404 302"  # the resident's own: they see it, may not act
ROWS += [
    page("GET",  "volunteering:list",               "", VOL16_PUBLIC),
    page("GET",  "volunteering:opportunity",        "", VOL16_PUBLIC, args=vol16_ids(opportunity_id="vol16_opportunity")),
    page("GET",  "volunteering:opportunity",        "", "404   404 200 200 200 404 404 404 200",
         args=vol16_ids(opportunity_id="vol16_draft"), label="draft"),
    page("POST", "volunteering:apply",              "", "login 302 302 302 302 302 302 302 302",
         args=vol16_ids(shift_id="vol16_apply_shift"), data=lambda w, role: {}),
    page("POST", "volunteering:withdraw",           "", "login 302 403 403 403 404 404 404 403",
         args=vol16_ids(application_id="vol16_application")),
    page("POST", "volunteering:log_hours",          "", "login 302 403 403 403 403 403 403 403",
         args=vol16_ids(opportunity_id="vol16_opportunity"), data=vol16_hours_form),
    page("POST", "volunteering:hours_delete",       "", "login 302 403 403 403 404 404 404 403",
         args=vol16_ids(entry_id="vol16_entry")),
    page("GET",  "volunteering:manage",             "", VOL16_STAFF_GET, args=vol16_org()),
    page("GET",  "volunteering:create",             "", VOL16_STAFF_GET, args=vol16_org()),
    page("POST", "volunteering:create",             "", VOL16_STAFF_POST, args=vol16_org(), data=vol16_opportunity_form),
    page("GET",  "volunteering:edit",               "", VOL16_STAFF_GET, args=vol16_ids(opportunity_id="vol16_opportunity")),
    page("POST", "volunteering:edit",               "", VOL16_STAFF_POST, args=vol16_ids(opportunity_id="vol16_opportunity"),
         data=vol16_opportunity_form),
    page("POST", "volunteering:publish",            "", VOL16_DRAFT_POST, args=vol16_ids(opportunity_id="vol16_draft")),
    page("POST", "volunteering:close",              "", VOL16_STAFF_POST, args=vol16_ids(opportunity_id="vol16_opportunity")),
    page("POST", "volunteering:cancel",             "", VOL16_STAFF_POST, args=vol16_ids(opportunity_id="vol16_opportunity")),
    page("POST", "volunteering:delete",             "", VOL16_DRAFT_POST, args=vol16_ids(opportunity_id="vol16_draft")),
    page("GET",  "volunteering:shift_create",       "", VOL16_STAFF_GET, args=vol16_ids(opportunity_id="vol16_opportunity")),
    page("POST", "volunteering:shift_create",       "", VOL16_STAFF_POST, args=vol16_ids(opportunity_id="vol16_opportunity"),
         data=vol16_shift_form),
    page("GET",  "volunteering:shift_edit",         "", VOL16_STAFF_GET,
         args=vol16_ids(opportunity_id="vol16_opportunity", shift_id="vol16_spare_shift")),
    page("POST", "volunteering:shift_edit",         "", VOL16_STAFF_POST,
         args=vol16_ids(opportunity_id="vol16_opportunity", shift_id="vol16_spare_shift"), data=vol16_shift_form),
    page("POST", "volunteering:shift_delete",       "", VOL16_STAFF_POST,
         args=vol16_ids(opportunity_id="vol16_opportunity", shift_id="vol16_spare_shift")),
    page("GET",  "volunteering:question_create",    "", VOL16_STAFF_GET, args=vol16_ids(opportunity_id="vol16_opportunity")),
    page("POST", "volunteering:question_create",    "", VOL16_STAFF_POST, args=vol16_ids(opportunity_id="vol16_opportunity"),
         data=lambda w, role: {"text_ar": "ما الأيام المناسبة لك؟", "required": "on"}),
    page("GET",  "volunteering:question_edit",      "", VOL16_STAFF_GET,
         args=vol16_ids(opportunity_id="vol16_opportunity", question_id="vol16_question")),
    page("POST", "volunteering:question_edit",      "", VOL16_STAFF_POST,
         args=vol16_ids(opportunity_id="vol16_opportunity", question_id="vol16_question"),
         data=lambda w, role: {"text_ar": "هل سبق لك التطوع في الزراعة؟"}),
    page("POST", "volunteering:question_delete",    "", VOL16_STAFF_POST,
         args=vol16_ids(opportunity_id="vol16_opportunity", question_id="vol16_question")),
    page("GET",  "volunteering:applications",       "", VOL16_STAFF_GET, args=vol16_ids(opportunity_id="vol16_opportunity")),
    page("POST", "volunteering:decide",             "", VOL16_RECORD_POST, args=vol16_ids(application_id="vol16_pending"),
         data=lambda w, role: {"decision": "accept"}),
    page("GET",  "volunteering:hours_queue",        "", VOL16_STAFF_GET, args=vol16_org()),
    page("POST", "volunteering:hours_verify",       "", VOL16_OWN_RECORD_POST, args=vol16_ids(entry_id="vol16_entry")),
    page("POST", "volunteering:hours_reject",       "", VOL16_OWN_RECORD_POST, args=vol16_ids(entry_id="vol16_entry"),
         data=lambda w, role: {"reason": "النشاط خارج الفترة"}),
    page("POST", "volunteering:hours_verify_shift", "", VOL16_STAFF_POST, args=vol16_ids(shift_id="vol16_shift")),
    page("GET",  "volunteering:profile",            "", "login 200 200 200 200 200 200 200 200"),
    page("POST", "volunteering:certificate_issue",  "", "login 302 302= 302= 302= 302= 302= 302= 302=", args=vol16_org()),
    page("GET",  "volunteering:certificate_pdf",    "", "login 200 200 200 200 404 404 404 200",
         args=vol16_ids(certificate_id="vol16_certificate")),
    page("GET",  "volunteering:certificate_verify", "", VOL16_PUBLIC),
    page("GET",  "volunteering:certificate_verify_code", "", VOL16_PUBLIC,
         args={"code": lambda w: w.records["vol16_certificate"].code}),
]

# ---- volunteering (vol17): the certificates `org` issued (its members see them) and revoking one (its editor and
# admin, platform admins: the API's POST /volunteering/certificates/{id}/revoke). `vol16_certificate` is the
# resident's own: they see it, may not revoke it.
VOL17_REVOKE = {"reason": "أصدرت الشهادة بالخطأ"}
ROWS += [
    page("GET",  "volunteering:certificates",       "", "login 403 200 200 200 403 403 403 200", args=vol16_org()),
    page("POST", "volunteering:certificate_revoke", "", VOL16_OWN_RECORD_POST,
         args=vol16_ids(certificate_id="vol16_certificate"), data=lambda w, role: VOL17_REVOKE),
    page("POST", "volunteering:certificate_revoke", "", "login 403 403 422 422 404 404 404 422",
         args=vol16_ids(certificate_id="vol16_certificate"), data=lambda w, role: {"reason": ""},
         label="without a reason"),
]


# ---- reports (rep16): residents' reports routed to `org` (matrix._rep16_world). Columns: anonymous resident viewer
# editor admin other_admin coordinator other_coordinator platform_admin. Reporting and reading are public; org's
# editor and admin, the region's coordinator and platform admins handle; routes are coordinators' (their region) and
# platform admins'.
REP16_EVERYONE = "200 200 200 200 200 200 200 200 200"
REP16_HANDLE = "login 403 403 {ok} {ok} 403 {ok} 403 {ok}"


def rep16_report(name: str = "rep16_report"):
    return {"report_id": lambda w: w.records[name].pk}


def rep16_photo(name: str):
    return {"report_id": lambda w: w.records[name].pk,
            "filename": lambda w: w.records[name].photo.name.rsplit("/", 1)[-1]}


def rep16_new_report(world, role):
    return {"category": world.rep16_report.category_id, "description": "حاوية النفايات ممتلئة منذ أيام أمام السوق",
            "region": world.rep16_report.region_id, "city": world.rep16_report.city_id, "neighbourhood": "",
            "latitude": "24.7136", "longitude": "46.6753"}


ROWS += [
    page("GET",  "reports:list",   "", REP16_EVERYONE),
    page("GET",  "reports:new",    "", REP16_EVERYONE),
    page("POST", "reports:new",    "", "302 302 302 302 302 302 302 302 302", data=rep16_new_report),
    page("GET",  "reports:nearby", "", REP16_EVERYONE, data=lambda w, role: {
        "category": w.rep16_report.category_id, "latitude": "24.7136", "longitude": "46.6753"}),
    page("GET",  "reports:detail", "", REP16_EVERYONE, args=rep16_report()),
    page("GET",  "reports:track",  "", REP16_EVERYONE, args={"token": lambda w: w.rep16_report.token}),
    page("GET",  "reports:photo",  "", REP16_EVERYONE, args=rep16_photo("rep16_report"), label="open"),
    page("GET",  "reports:photo",  "", "404 404 404 200 200 404 200 404 200", args=rep16_photo("rep16_rejected"),
         label="rejected"),
    page("POST", "reports:change_status", "", REP16_HANDLE.format(ok="302"), args=rep16_report(),
         data=lambda w, role: {"status": "acknowledged", "note": "وصل البلاغ إلى فريق الصيانة"}),
    page("GET",  "reports:queue",  "", REP16_HANDLE.format(ok="200"), args={"org_id": lambda w: w.org.pk}),
    page("POST", "reports:queue",  "", REP16_HANDLE.format(ok="302"), args={"org_id": lambda w: w.org.pk},
         data=lambda w, role: {"bulk-reports": [w.rep16_report.pk], "bulk-status": "in_progress",
                               "bulk-note": "بدأ فريق الصيانة العمل"}),
    page("GET",  "reports:routes", "", "login 403 403 403 403 403 200 200 200"),
    # The other region's coordinator is offered only their own region: the form refuses org's, nothing changes.
    page("POST", "reports:routes", "", "login 403 403 403 403 403 302 200= 302", data=lambda w, role: {
        "category": w.rep16_parks.pk, "region": w.org.region_id, "city": "", "organization": w.rep16_municipality.pk}),
    page("POST", "reports:route_delete", "", "login 403 403 403 403 403 302 403 302",
         args={"route_id": lambda w: w.rep16_route.pk}),
    # rep17: one's own reports (test_each_person_sees_only_their_own_reports checks whose), and re-routing a report
    # to another organisation by those who handle it; a closed report is not sent elsewhere (a message, no change).
    page("GET",  "reports:mine",   "", "login 200 200 200 200 200 200 200 200"),
    page("POST", "reports:reroute", "", REP16_HANDLE.format(ok="302"), args=rep16_report(),
         data=lambda w, role: {"organization": w.rep16_municipality.pk}),
    page("POST", "reports:reroute", "", REP16_HANDLE.format(ok="302="), args=rep16_report("rep16_rejected"),
         data=lambda w, role: {"organization": w.rep16_municipality.pk}, label="closed"),
]


# ---- reports (o31116): Open311 GeoReport v2, the reports API, the API keys page. `o31116_report` is the resident's
# open report in org's region, routed to org (its admin and editor handle it, with the coordinator and platform
# admins); routes are the coordinators' (of their region) and platform admins'; API keys are platform admins'.
# Open311 posts are authenticated by their api_key alone, whoever sends them.
def o31116_api(method: str, path: str, expect: str, label: str = "", data=None, multipart: bool = False,
               **ids) -> matrix.Row:
    return api(method, path, "", expect, label=label, data=data, multipart=multipart,
               args={name: (value if callable(value) else _pk(value)) for name, value in ids.items()})


def o31116_photo(w, role):
    return {"photo": matrix.png_upload("street.png")}


def o31116_open311_post(key_name: str | None):
    def data(w, role):
        body = {"service_code": "visual-distortion", "lat": "24.700000", "long": "46.680000",
                "description": "كتابات مشوهة على جدار المدرسة"}
        if key_name:
            body["api_key"] = w.records[key_name]
        return body
    return data


O31116_HANDLE = "401 403 403 {ok} {ok} 403 {ok} 403 {ok}"
O31116_STAFF = "401 403 403 403 403 403 403 403 {ok}"
O31116_JSON = {"fmt": "json"}

ROWS += [
    #          method  path                                     anon res  view edit adm  oadm crd  ocrd padm
    o31116_api("POST", "/reports",                              "401 201 201 201 201 201 201 201 201",
               data=lambda w, role: {"category": "visual-distortion", "description": "لوحة إعلانية مهملة ومكسورة",
                                     "region_id": w.org.region_id}),
    o31116_api("GET",  "/reports/mine",                         "401 200 200 200 200 200 200 200 200"),
    o31116_api("GET",  "/reports/queue/{organization_id}",      "401 403 403 200 200 403 200 403 200",
               organization_id=lambda w: w.org.pk),
    o31116_api("POST", "/reports/bulk-status",                  O31116_HANDLE.format(ok="200"),
               data=lambda w, role: {"report_ids": [w.o31116_report.pk], "status": "acknowledged",
                                     "note": "وصل البلاغ"}),
    o31116_api("GET",  "/reports/routes",                       "401 403 403 403 403 403 200 200 200"),
    o31116_api("POST", "/reports/routes",                       "401 403 403 403 403 403 201 403 201",
               data=lambda w, role: {"category": "parks", "region_id": w.org.region_id,
                                     "organization_id": w.org.pk}),
    o31116_api("DELETE", "/reports/routes/{route_id}",          "401 403 403 403 403 403 204 403 204",
               route_id="o31116_route"),
    o31116_api("POST", "/reports/{report_id}/status",           O31116_HANDLE.format(ok="200"),
               data=lambda w, role: {"status": "in_progress", "note": "بدأت الإزالة"}, report_id="o31116_report"),
    o31116_api("POST", "/reports/{report_id}/reroute",          O31116_HANDLE.format(ok="200"),
               data=lambda w, role: {"organization_id": w.rep16_municipality.pk}, report_id="o31116_report"),
    o31116_api("POST", "/reports/{report_id}/photo",            "401 200 403 200 200 403 200 403 200",
               data=o31116_photo, multipart=True, report_id="o31116_report"),
    o31116_api("GET",  "/reports/api-keys",                     O31116_STAFF.format(ok="200")),
    o31116_api("POST", "/reports/api-keys",                     O31116_STAFF.format(ok="201"),
               data=lambda w, role: {"organization_id": w.org.pk, "label": "تطبيق جديد"}),
    o31116_api("POST", "/reports/api-keys/{key_id}/revoke",     O31116_STAFF.format(ok="200"), key_id="o31116_key"),
    page("GET",  "reports:api_keys",       "", "login 403 403 403 403 403 403 403 200"),
    page("POST", "reports:api_keys",       "", "login 403 403 403 403 403 403 403 200",
         data=lambda w, role: {"organization": str(w.org.pk), "label": "تطبيق البلدية"}),
    page("POST", "reports:api_key_revoke", "", "login 403 403 403 403 403 403 403 302",
         args={"key_id": _pk("o31116_key")}),
    # Open311: a post with a live key is taken from anyone (the key is the credential); without one, or with a
    # revoked one, it is refused to everyone.
    page("POST", "open311:requests", "", "200 200 200 200 200 200 200 200 200", args=O31116_JSON,
         data=o31116_open311_post("o31116_key_raw"), label="key"),
    page("POST", "open311:requests", "", "403 403 403 403 403 403 403 403 403", args=O31116_JSON,
         data=o31116_open311_post(None), label="no key"),
    page("POST", "open311:requests", "", "403 403 403 403 403 403 403 403 403", args=O31116_JSON,
         data=o31116_open311_post("o31116_revoked_raw"), label="revoked key"),
]
PUBLIC_ROUTES.update({
    "open311:discovery": "Open311 discovery: where the endpoint is and what it speaks",
    "open311:services": "Open311 services: the active categories (public)",
    "open311:service": "Open311 service definition: a category's attribute questions (public)",
    "open311:request": "Open311: one service request, public fields only (never the contact)",
    "open311:not_found": "Open311's 404 error list for any other path",
    "open311:not_found_xml": "Open311's 404 error list in XML for any other path",
})
PUBLIC_OPERATIONS.update({
    "GET /reports/categories": "public: the categories and their questions",
    "GET /reports": "public list of reports (no contact, no reporter)",
    "GET /reports/medians": "public: median times to resolve",
    "GET /reports/nearby": "public: open reports near a point (no contact)",
    "GET /reports/track/{token}": "guarded by the long random token of the reporter's private link (404 otherwise)",
    "GET /reports/{report_id}": "public part of a report; the contact only to handlers and the reporter (reports "
                                "tests)",
    "GET /reports/{report_id}/timeline": "public timeline of a report",
})


# ---- volunteering (volapi16): the volunteering API, the statistics and the values of an hour
# (matrix._volapi16_world). Columns: anonymous resident viewer editor admin other_admin coordinator other_coordinator
# platform_admin. org's editor and admin run its opportunities; the resident is an accepted volunteer with hours and
# an application awaiting a decision; a draft is seen by org's members only; applications, hours and certificates by
# their volunteer and org's members.
def vol_api(method: str, path: str, expect: str, label: str = "", data=None, **ids: Any) -> matrix.Row:
    return api(method, path, "", expect, label=label, data=data,
               args={name: (value if callable(value) else _pk(f"volapi16_{value}")) for name, value in ids.items()})


def vol_shift_body(w, role):
    import datetime

    from django.utils import timezone

    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=5)
    return {"title": "فترة العصر", "starts_at": starts.isoformat(),
            "ends_at": (starts + datetime.timedelta(hours=2)).isoformat(), "capacity": 8}


def vol_opportunity_body(w, role):
    import datetime

    today = datetime.date.today()
    return {"title_ar": "فرصة تطوع في مركز الحي", "description_ar": "مساعدة فريق مركز الحي في الأنشطة",
            "region_id": w.org.region_id, "starts_on": str(today), "ends_on": str(today + datetime.timedelta(days=9))}


def vol_hours_body(w, role):
    import datetime

    return {"date": str(datetime.date.today()), "hours": "2", "activity": "ري الأشجار"}


VOL_STAFF = "401 403 403 {ok} {ok} 403 403 403 {ok}"
VOL_MEMBERS_OF_DRAFT = "401 404 403 {ok} {ok} 404 404 404 {ok}"
VOL_RECORD_STAFF = "401 403 403 {ok} {ok} 404 404 404 {ok}"  # a volunteer's record: they and org's members see it
VOL_OWN = "401 {ok} 403 403 403 404 404 404 403"
VOL_SIGNED_IN = "401 200 200 200 200 200 200 200 200"
VOL_PLATFORM = "401 403 403 403 403 403 403 403 {ok}"
VOL_ORG: dict[str, Any] = {"organization_id": lambda w: w.org.pk}
ROWS += [
    vol_api("GET", "/volunteering/opportunities", EVERYONE),
    vol_api("GET", "/volunteering/opportunities/{opportunity_id}", EVERYONE, "published", opportunity_id="opportunity"),
    vol_api("GET", "/volunteering/opportunities/{opportunity_id}", "404 404 200 200 200 404 404 404 200", "draft",
            opportunity_id="draft"),
    vol_api("GET", "/volunteering/organizations/{organization_id}/opportunities", "401 403 200 200 200 403 403 403 200",
            **VOL_ORG),
    vol_api("POST", "/volunteering/organizations/{organization_id}/opportunities", VOL_STAFF.format(ok="201"),
            data=vol_opportunity_body, **VOL_ORG),
    vol_api("PATCH", "/volunteering/opportunities/{opportunity_id}", VOL_STAFF.format(ok="200"),
            data=lambda w, role: {"title_en": "Planting the palm district"}, opportunity_id="opportunity"),
    vol_api("DELETE", "/volunteering/opportunities/{opportunity_id}", VOL_MEMBERS_OF_DRAFT.format(ok="204"), "draft",
            opportunity_id="draft"),
    vol_api("POST", "/volunteering/opportunities/{opportunity_id}/publish", VOL_MEMBERS_OF_DRAFT.format(ok="200"),
            "draft", opportunity_id="draft"),
    vol_api("POST", "/volunteering/opportunities/{opportunity_id}/close", VOL_STAFF.format(ok="200"),
            opportunity_id="opportunity"),
    vol_api("POST", "/volunteering/opportunities/{opportunity_id}/cancel", VOL_STAFF.format(ok="200"),
            opportunity_id="opportunity"),
    vol_api("POST", "/volunteering/opportunities/{opportunity_id}/questions", VOL_STAFF.format(ok="201"),
            data=lambda w, role: {"text_ar": "هل لديك سيارة؟", "required": True}, opportunity_id="opportunity"),
    vol_api("PATCH", "/volunteering/questions/{question_id}", VOL_STAFF.format(ok="200"),
            data=lambda w, role: {"required": True}, question_id="question"),
    vol_api("DELETE", "/volunteering/questions/{question_id}", VOL_STAFF.format(ok="204"), question_id="question"),
    vol_api("POST", "/volunteering/opportunities/{opportunity_id}/shifts", VOL_STAFF.format(ok="201"),
            data=vol_shift_body, opportunity_id="opportunity"),
    vol_api("PATCH", "/volunteering/shifts/{shift_id}", VOL_STAFF.format(ok="200"),
            data=lambda w, role: {"capacity": 9}, shift_id="shift"),
    vol_api("DELETE", "/volunteering/shifts/{shift_id}", VOL_STAFF.format(ok="204"), "no application",
            shift_id="spare_shift"),
    vol_api("POST", "/volunteering/shifts/{shift_id}/applications", "401 201 201 201 201 201 201 201 201",
            "nobody applied", data=lambda w, role: {"message": "أرغب في المشاركة"}, shift_id="open_shift"),
    vol_api("GET", "/volunteering/applications/mine", VOL_SIGNED_IN),
    vol_api("GET", "/volunteering/opportunities/{opportunity_id}/applications", VOL_STAFF.format(ok="200"),
            opportunity_id="opportunity"),
    vol_api("POST", "/volunteering/applications/{application_id}/decide", VOL_RECORD_STAFF.format(ok="200"),
            "the resident's", data=lambda w, role: {"decision": "accept"}, application_id="application"),
    vol_api("POST", "/volunteering/applications/{application_id}/withdraw", VOL_OWN.format(ok="200"),
            "the resident's", application_id="application"),
    vol_api("POST", "/volunteering/opportunities/{opportunity_id}/hours", "401 201 403 403 403 403 403 403 403",
            "the resident accepted", opportunity_id="opportunity",
            data=vol_hours_body),
    vol_api("GET", "/volunteering/hours/mine", VOL_SIGNED_IN),
    vol_api("GET", "/volunteering/organizations/{organization_id}/hours-queue", VOL_STAFF.format(ok="200"), **VOL_ORG),
    vol_api("PATCH", "/volunteering/hours/{entry_id}", VOL_OWN.format(ok="200"), "the resident's pending",
            data=lambda w, role: {"hours": "3"}, entry_id="entry"),
    vol_api("DELETE", "/volunteering/hours/{entry_id}", VOL_OWN.format(ok="204"), "the resident's pending",
            entry_id="entry"),
    vol_api("POST", "/volunteering/hours/{entry_id}/verify", VOL_RECORD_STAFF.format(ok="200"), "pending",
            entry_id="entry"),
    vol_api("POST", "/volunteering/hours/{entry_id}/reject", VOL_RECORD_STAFF.format(ok="200"), "verified",
            data=lambda w, role: {"reason": "لم يسجل الحضور"}, entry_id="verified"),
    vol_api("POST", "/volunteering/shifts/{shift_id}/verify-hours", VOL_STAFF.format(ok="200"), "one pending",
            shift_id="shift"),
    vol_api("GET", "/volunteering/profile", VOL_SIGNED_IN),
    vol_api("POST", "/volunteering/certificates", "401 201 403 201 201 403 403 403 201", "for the resident",
            data=lambda w, role: {"organization_id": w.org.pk, "volunteer_id": w.users["resident"].pk}),
    vol_api("GET", "/volunteering/certificates/mine", VOL_SIGNED_IN),
    vol_api("GET", "/volunteering/certificates/code/{code}", EVERYONE,
            code=lambda w: w.records["volapi16_certificate"].code),
    vol_api("POST", "/volunteering/certificates/{certificate_id}/revoke", "401 404 403 200 200 404 404 404 200",
            "the newcomer's", data=lambda w, role: {"reason": "أصدرت بالخطأ"}, certificate_id="certificate"),
    vol_api("GET", "/volunteering/statistics", EVERYONE),
    vol_api("GET", "/volunteering/hour-values", VOL_PLATFORM.format(ok="200")),
    vol_api("POST", "/volunteering/hour-values", VOL_PLATFORM.format(ok="201"),
            data=lambda w, role: {"amount": "55", "basis_ar": "متوسط أجر الساعة في المنطقة",
                                  "region_id": w.org.region_id, "effective_from": "2024-01-01"}),
    vol_api("DELETE", "/volunteering/hour-values/{hour_value_id}", VOL_PLATFORM.format(ok="204"),
            hour_value_id="hour_value"),
    impact_api("POST", "/impact/analyses/{analysis_id}/volunteer-hours", IMPACT_DRAFT_WRITE.format(ok="200"), "draft",
               analysis_id="api15_draft"),
    page("GET",  "volunteering:statistics", "", "200   200 200 200 200 200 200 200 200"),
    page("GET",  "volunteering:statistics", "", "200   200 200 200 200 200 200 200 200", label="by organisation",
         args={}, data=lambda w, role: {"by": "organization", "year": "2026"}),
    page("GET",  "volunteering:hour_values", "", "login 403 403 403 403 403 403 403 200"),
    page("POST", "volunteering:hour_values", "", "login 403 403 403 403 403 403 403 302",
         data=lambda w, role: {"amount": "52.5", "currency": "SAR", "basis_ar": "متوسط أجر الساعة",
                               "effective_from": "2019-01-01"}),
    page("POST", "volunteering:hour_value_remove", "", "login 403 403 403 403 403 403 403 302",
         args={"value_id": _pk("volapi16_hour_value")}),
    page("POST", "volunteering:impact_hours", "", "login 404 404 302 302 404 404 404 302",
         args={"analysis_id": _pk("api15_draft")}),
]


# ---- budgets17: participatory budgets (matrix._budgets17_world). `b17_ideas` (ideas phase: budgets and projects
# change), `b17_voting` (voting: anyone signed in votes; the resident has a ballot), `b17_closed` (the vote ended:
# `b17_closed_budget` computed, unpublished; `b17_published` published). Editors: org's editor and admin, platform
# admins. Columns: anonymous resident viewer editor admin other_admin coordinator other_coordinator platform_admin.
def b17(**names):
    return {key: _pk(f"b17_{name}") for key, name in names.items()}


def b17_budget_form(w, role):
    return {"title_ar": "ميزانية الشباب", "amount": "5000", "currency": "SAR", "rule": "equal_shares",
            "ballot_kind": "approval"}


B17_EVERYONE = "200 200 200 200 200 200 200 200 200"
B17_STAFF_GET = "login 403 403 200 200 403 403 403 200"
B17_STAFF_POST = "login 403 403 302 302 403 403 403 302"
B17_API_STAFF = "401 403 403 {ok} {ok} 403 403 403 {ok}"
ROWS += [
    page("GET",  "participation:budget_list", "", B17_EVERYONE, args=b17(process_id="voting")),
    page("GET",  "participation:budget_new", "", B17_STAFF_GET, args=b17(process_id="ideas")),
    page("POST", "participation:budget_new", "", B17_STAFF_POST, args=b17(process_id="ideas"), data=b17_budget_form),
    page("GET",  "participation:budget_detail", "", B17_EVERYONE, args=b17(budget_id="budget")),
    page("GET",  "participation:budget_edit", "", B17_STAFF_GET, args=b17(budget_id="open_budget")),
    page("POST", "participation:budget_edit", "", B17_STAFF_POST, args=b17(budget_id="open_budget"),
         data=lambda w, role: {**b17_budget_form(w, role), "amount": "1200"}),
    page("GET",  "participation:project_new", "", B17_STAFF_GET, args=b17(budget_id="open_budget")),
    page("POST", "participation:project_new", "", B17_STAFF_POST, args=b17(budget_id="open_budget"),
         data=lambda w, role: {"title": "ممشى الحي", "cost": "250"}),
    page("GET",  "participation:project_edit", "", B17_STAFF_GET, args=b17(project_id="open_project")),
    page("POST", "participation:project_edit", "", B17_STAFF_POST, args=b17(project_id="open_project"),
         data=lambda w, role: {"title": "حديقة الحي", "cost": "450"}),
    page("GET",  "participation:project_feasibility", "", B17_STAFF_GET, args=b17(project_id="open_project")),
    page("POST", "participation:project_feasibility", "", B17_STAFF_POST, args=b17(project_id="open_project"),
         data=lambda w, role: {"feasibility": "feasible", "note": ""}),
    page("GET",  "participation:ballot", "", "login 200 200 200 200 200 200 200 200", args=b17(budget_id="budget")),
    page("POST", "participation:ballot", "", "login 302 302 302 302 302 302 302 302", args=b17(budget_id="budget"),
         data=lambda w, role: {"project": [w.records["b17_project2"].pk], "group": "youth"}),
    page("POST", "participation:budget_compute", "", B17_STAFF_POST, args=b17(budget_id="closed_budget")),
    page("POST", "participation:budget_publish", "", B17_STAFF_POST, args=b17(budget_id="closed_budget")),
    page("GET",  "participation:budget_result", "", B17_EVERYONE, args=b17(budget_id="published")),
    page("GET",  "participation:budget_result", "", "403 403 403 200 200 403 403 403 200", label="unpublished",
         args=b17(budget_id="closed_budget")),
    page("GET",  "participation:budget_pb", "", B17_EVERYONE, args=b17(budget_id="published")),
    page("GET",  "participation:budget_pb", "", "403 403 403 200 200 403 403 403 200", label="unpublished",
         args=b17(budget_id="closed_budget")),
    api("GET", "/participation/processes/{process_id}/budgets", "", B17_EVERYONE, args=b17(process_id="voting")),
    api("POST", "/participation/processes/{process_id}/budgets", "", B17_API_STAFF.format(ok="201"),
        args=b17(process_id="ideas"), data=b17_budget_form),
    api("GET", "/participation/budgets/{budget_id}", "", B17_EVERYONE, args=b17(budget_id="budget")),
    api("PATCH", "/participation/budgets/{budget_id}", "", B17_API_STAFF.format(ok="200"),
        args=b17(budget_id="open_budget"), data=lambda w, role: {"amount": "1500"}),
    api("GET", "/participation/budgets/{budget_id}/projects", "", B17_EVERYONE, args=b17(budget_id="budget")),
    api("POST", "/participation/budgets/{budget_id}/projects", "", B17_API_STAFF.format(ok="201"),
        args=b17(budget_id="open_budget"), data=lambda w, role: {"title": "ممشى الحي", "cost": "250"}),
    api("GET", "/participation/projects/{project_id}", "", B17_EVERYONE, args=b17(project_id="project")),
    api("PATCH", "/participation/projects/{project_id}", "", B17_API_STAFF.format(ok="200"),
        args=b17(project_id="open_project"), data=lambda w, role: {"cost": "420"}),
    api("PATCH", "/participation/projects/{project_id}", "", B17_API_STAFF.format(ok="409"), label="vote started",
        args=b17(project_id="project"), data=lambda w, role: {"cost": "420"}),
    api("POST", "/participation/projects/{project_id}/feasibility", "", B17_API_STAFF.format(ok="200"),
        args=b17(project_id="open_project"), data=lambda w, role: {"feasibility": "unfeasible", "note": "الموقع غير متاح"}),
    api("GET", "/participation/budgets/{budget_id}/ballot", "", "401 200 404 404 404 404 404 404 404",
        args=b17(budget_id="budget")),
    api("PUT", "/participation/budgets/{budget_id}/ballot", "", "401 200 200 200 200 200 200 200 200",
        args=b17(budget_id="budget"), data=lambda w, role: {"project_ids": [w.records["b17_project2"].pk]}),
    api("PUT", "/participation/budgets/{budget_id}/ballot", "", "401 403 403 403 403 403 403 403 403",
        label="vote ended", args=b17(budget_id="closed_budget"),
        data=lambda w, role: {"project_ids": [w.records["b17_closed_budget"].projects.first().pk]}),
    api("DELETE", "/participation/budgets/{budget_id}/ballot", "", "401 204 404 404 404 404 404 404 404",
        args=b17(budget_id="budget")),
    api("POST", "/participation/budgets/{budget_id}/compute", "", B17_API_STAFF.format(ok="200"),
        args=b17(budget_id="closed_budget")),
    api("POST", "/participation/budgets/{budget_id}/publish", "", B17_API_STAFF.format(ok="200"),
        args=b17(budget_id="closed_budget")),
    api("POST", "/participation/budgets/{budget_id}/publish", "", B17_API_STAFF.format(ok="409"),
        label="already published", args=b17(budget_id="published")),
    api("GET", "/participation/budgets/{budget_id}/result", "", B17_EVERYONE, args=b17(budget_id="published")),
    api("GET", "/participation/budgets/{budget_id}/result", "", "403 403 403 200 200 403 403 403 200",
        label="unpublished", args=b17(budget_id="closed_budget")),
    api("GET", "/participation/budgets/{budget_id}/ballots.pb", "", B17_EVERYONE, args=b17(budget_id="published")),
]
# ---- end budgets17


# ---- topics17: the topic summary (matrix._topics17_world). The published process's summary is public; a draft's
# is seen by org's editors and admins, the region's coordinator and platform staff. A new summary is asked for by
# the process's editors (org's editors and admins, platform staff): it is built in the background after the commit,
# so the request itself changes no table (`=`).
def topics17_page(method: str, route: str, which: str, expect: str, data=None) -> matrix.Row:
    return page(method, route, "", expect, label=which, data=data, args={"process_id": _pk(f"topics17_{which}")})


def topics17_api(method: str, path: str, which: str, expect: str) -> matrix.Row:
    return api(method, path, "", expect, label=which, args={"process_id": _pk(f"topics17_{which}")})


ROWS += [
    #             method  route / path                                  which       anon  res  view edit adm  oadm crd  ocrd padm
    topics17_page("GET",  "participation:topics",                       "process", "200 200 200 200 200 200 200 200 200"),
    topics17_page("GET",  "participation:topics",                       "draft",   "404 404 404 200 200 404 200 404 200"),
    topics17_page("POST", "participation:topics_refresh",               "process",
                  "login 403 403 302= 302= 403 403 403 302="),
    topics17_page("POST", "participation:topics_refresh",               "draft",
                  "login 404 404 302= 302= 404 403 404 302="),
    topics17_api("GET",   "/participation/processes/{process_id}/topics", "process",
                 "200 200 200 200 200 200 200 200 200"),
    topics17_api("GET",   "/participation/processes/{process_id}/topics", "draft",
                 "404 404 404 200 200 404 200 404 200"),
    topics17_api("POST",  "/participation/processes/{process_id}/topics/refresh", "process",
                 "401 403 403 202= 202= 403 403 403 202="),
    topics17_api("POST",  "/participation/processes/{process_id}/topics/refresh", "draft",
                 "401 404 404 202= 202= 404 403 404 202="),
]
# ---- end topics17


# ---- ideas17 (issue #17): participatory processes, phases, ideas, supports, official answers, comments
# (matrix._ideas17_world). org runs `ideas17_process` (published, in its ideas phase): its editor and admin and
# platform admins change it and answer ideas; every signed-in person not blocked posts, supports and comments;
# `ideas17_idea` and `ideas17_pending` (awaiting moderation: its author and the moderators see it) are the
# resident's.
IDEAS17_ALL = "200 200 200 200 200 200 200 200 200"
IDEAS17_SIGNED = "login {ok} {ok} {ok} {ok} {ok} {ok} {ok} {ok}"
IDEAS17_EDITORS = "login 403 403 {ok} {ok} 403 403 403 {ok}"
IDEAS17_API_SIGNED = "401 {ok} {ok} {ok} {ok} {ok} {ok} {ok} {ok}"
IDEAS17_API_EDITORS = "401 403 403 {ok} {ok} 403 403 403 {ok}"


def ideas17(name: str, key: str):
    return {key: _pk(f"ideas17_{name}")}


def ideas17_image(name: str):
    return {"idea_id": _pk(f"ideas17_{name}"),
            "filename": lambda w: w.records[f"ideas17_{name}"].image.name.rsplit("/", 1)[-1]}


def ideas17_process_form(w, role):
    return {"organization": (w.other_org if role == "other_admin" else w.org).pk, "title_ar": "تطوير الساحات العامة",
            "region": w.org.region_id, "premoderation": "on"}


def ideas17_phase_form(w, role):
    return {"kind": "voting", "starts_at": "2031-01-01T10:00", "ends_at": "2031-01-20T10:00"}


def ideas17_idea_form(w, role):
    return {"title": "مكتبة عامة للأطفال", "description": "مكتبة صغيرة في المركز الاجتماعي للحي", "group": "youth"}


def ideas17_api_process(w, role):
    return {"organization_id": (w.other_org if role == "other_admin" else w.org).pk,
            "title_ar": "تطوير الساحات العامة", "region_id": w.org.region_id}


ROWS += [
    page("GET",  "participation:process_list", "", IDEAS17_ALL),
    page("GET",  "participation:process_new", "", "login 403 403 200 200 200 403 403 200"),
    page("POST", "participation:process_new", "", "login 403 403 302 302 302 403 403 302",
         data=ideas17_process_form),
    page("GET",  "participation:process_detail", "", IDEAS17_ALL, args=ideas17("process", "process_id")),
    page("GET",  "participation:process_detail", "", "404 404 404 200 200 404 200 404 200", label="draft",
         args=ideas17("draft", "process_id")),
    page("GET",  "participation:process_edit", "", IDEAS17_EDITORS.format(ok="200"),
         args=ideas17("process", "process_id")),
    page("POST", "participation:process_edit", "", IDEAS17_EDITORS.format(ok="302"),
         args=ideas17("process", "process_id"),
         data=lambda w, role: {"title_ar": "مشاركة السكان في تطوير الأحياء (محدثة)", "region": w.org.region_id}),
    page("GET",  "participation:process_phases", "", IDEAS17_EDITORS.format(ok="200"),
         args=ideas17("process", "process_id")),
    page("POST", "participation:process_phases", "", IDEAS17_EDITORS.format(ok="302"),
         args=ideas17("process", "process_id"), data=ideas17_phase_form),
    page("POST", "participation:phase_delete", "", IDEAS17_EDITORS.format(ok="302"),
         args=ideas17("later", "phase_id")),
    page("POST", "participation:process_status", "", IDEAS17_EDITORS.format(ok="302"),
         args=ideas17("process", "process_id"), data=lambda w, role: {"status": "archived"}),
    page("GET",  "participation:idea_list", "", IDEAS17_ALL, args=ideas17("process", "process_id")),
    page("GET",  "participation:idea_new", "", IDEAS17_SIGNED.format(ok="200"), args=ideas17("process", "process_id")),
    page("POST", "participation:idea_new", "", IDEAS17_SIGNED.format(ok="302"), args=ideas17("process", "process_id"),
         data=ideas17_idea_form),
    page("GET",  "participation:idea_similar", "", IDEAS17_ALL, args=ideas17("process", "process_id"),
         data=lambda w, role: {"title": "حديقة للأطفال"}),
    page("GET",  "participation:idea_detail", "", IDEAS17_ALL, args=ideas17("idea", "idea_id")),
    page("GET",  "participation:idea_detail", "", "404 200 404 200 200 404 200 404 200", label="pending",
         args=ideas17("pending", "idea_id")),
    page("GET",  "participation:idea_edit", "", "login 200 403 403 403 403 403 403 403",
         args=ideas17("idea", "idea_id")),
    page("POST", "participation:idea_edit", "", "login 302 403 403 403 403 403 403 403",
         args=ideas17("idea", "idea_id"), data=ideas17_idea_form),
    page("POST", "participation:idea_support", "", IDEAS17_SIGNED.format(ok="302"), args=ideas17("idea", "idea_id")),
    page("GET",  "participation:idea_answer", "", IDEAS17_EDITORS.format(ok="200"), args=ideas17("idea", "idea_id")),
    page("POST", "participation:idea_answer", "", IDEAS17_EDITORS.format(ok="302"), args=ideas17("idea", "idea_id"),
         data=lambda w, role: {"state": "accepted", "text": "سننفذها العام القادم"}),
    page("GET",  "participation:idea_image", "", IDEAS17_ALL, args=ideas17_image("idea")),
    page("GET",  "participation:idea_image", "", "404 200 404 200 200 404 200 404 200", label="pending",
         args=ideas17_image("pending")),
    page("POST", "participation:comment_new", "", IDEAS17_SIGNED.format(ok="302"), args=ideas17("idea", "idea_id"),
         data=lambda w, role: {"body": "أؤيد هذه الفكرة"}),
    page("POST", "participation:comment_new", "", IDEAS17_SIGNED.format(ok="302"), args=ideas17("idea", "idea_id"),
         label="reply", data=lambda w, role: {"body": "أتفق معك", "parent": w.ideas17_comment.pk}),
    # ---- API
    api("GET",   "/participation/processes", "", IDEAS17_ALL),
    api("POST",  "/participation/processes", "", "401 403 403 201 201 201 403 403 201", data=ideas17_api_process),
    api("GET",   "/participation/processes/{process_id}", "", IDEAS17_ALL, args=ideas17("process", "process_id")),
    api("GET",   "/participation/processes/{process_id}", "", "404 404 404 200 200 404 200 404 200", label="draft",
        args=ideas17("draft", "process_id")),
    api("PATCH", "/participation/processes/{process_id}", "", IDEAS17_API_EDITORS.format(ok="200"),
        args=ideas17("process", "process_id"), data=lambda w, role: {"summary_en": "Residents' ideas"}),
    api("POST",  "/participation/processes/{process_id}/status", "", IDEAS17_API_EDITORS.format(ok="200"),
        args=ideas17("process", "process_id"), data=lambda w, role: {"status": "archived"}),
    api("GET",   "/participation/processes/{process_id}/phases", "", IDEAS17_ALL,
        args=ideas17("process", "process_id")),
    api("POST",  "/participation/processes/{process_id}/phases", "", IDEAS17_API_EDITORS.format(ok="201"),
        args=ideas17("process", "process_id"),
        data=lambda w, role: {"kind": "voting", "starts_at": "2031-01-01T10:00:00+03:00",
                              "ends_at": "2031-01-20T10:00:00+03:00"}),
    api("PATCH", "/participation/phases/{phase_id}", "", IDEAS17_API_EDITORS.format(ok="200"),
        args=ideas17("later", "phase_id"), data=lambda w, role: {"description_ar": "تقييم ما نفذ"}),
    api("DELETE", "/participation/phases/{phase_id}", "", IDEAS17_API_EDITORS.format(ok="204"),
        args=ideas17("later", "phase_id")),
    api("GET",   "/participation/processes/{process_id}/ideas", "", IDEAS17_ALL,
        args=ideas17("process", "process_id")),
    api("POST",  "/participation/processes/{process_id}/ideas", "", IDEAS17_API_SIGNED.format(ok="201"),
        args=ideas17("process", "process_id"),
        data=lambda w, role: {"title": "مكتبة عامة للأطفال", "description": "مكتبة صغيرة في المركز الاجتماعي"}),
    # `multipart` sends the data as the query string of a GET (the process asked about is a query parameter).
    api("GET",   "/participation/ideas/similar", "", IDEAS17_ALL, multipart=True,
        data=lambda w, role: {"process": w.ideas17_process.pk, "q": "حديقة للأطفال"}),
    api("GET",   "/participation/ideas/{idea_id}", "", IDEAS17_ALL, args=ideas17("idea", "idea_id")),
    api("GET",   "/participation/ideas/{idea_id}", "", "404 200 404 200 200 404 200 404 200", label="pending",
        args=ideas17("pending", "idea_id")),
    api("PATCH", "/participation/ideas/{idea_id}", "", "401 200 403 403 403 403 403 403 403",
        args=ideas17("idea", "idea_id"), data=lambda w, role: {"title": "حديقة عامة وملعب للأطفال"}),
    api("PUT",   "/participation/ideas/{idea_id}/support", "", IDEAS17_API_SIGNED.format(ok="201"),
        args=ideas17("idea", "idea_id"), data=lambda w, role: {"group": "youth"}),
    api("PUT",   "/participation/ideas/{idea_id}/support", "", IDEAS17_API_SIGNED.format(ok="409"), label="again",
        args=ideas17("supported", "idea_id"), data=lambda w, role: {}),
    api("DELETE", "/participation/ideas/{idea_id}/support", "", IDEAS17_API_SIGNED.format(ok="200"),
        args=ideas17("supported", "idea_id")),
    api("POST",  "/participation/ideas/{idea_id}/answer", "", IDEAS17_API_EDITORS.format(ok="200"),
        args=ideas17("idea", "idea_id"), data=lambda w, role: {"state": "considering", "text": "ندرسها"}),
    api("GET",   "/participation/ideas/{idea_id}/comments", "", IDEAS17_ALL, args=ideas17("idea", "idea_id")),
    api("POST",  "/participation/ideas/{idea_id}/comments", "", IDEAS17_API_SIGNED.format(ok="201"),
        args=ideas17("idea", "idea_id"),
        data=lambda w, role: {"body": "أتفق معك", "parent_id": w.ideas17_comment.pk}),
]


# ---- moderation17: participation moderation (matrix._moderation17_world). `mod17_process` is published and of `org`:
# its moderators are org's editor and admin, the coordinator of its region and platform admins; everyone signed in
# reports and follows. Pending content is not found by whoever may not moderate it. Columns: anonymous resident
# viewer editor admin other_admin coordinator other_coordinator platform_admin.
def mod17(**names):
    return {key: _pk(f"mod17_{name}") for key, name in names.items()}


MOD17_GET = "login 403 403 200 200 403 200 403 200"
MOD17_POST = "login 403 403 302 302 403 302 403 302"
MOD17_SIGNED_IN_GET = "login 200 200 200 200 200 200 200 200"
MOD17_SIGNED_IN_POST = "login 302 302 302 302 302 302 302 302"
MOD17_API = "401 403 403 {ok} {ok} 403 {ok} 403 {ok}"
MOD17_API_SIGNED_IN = "401 {ok} {ok} {ok} {ok} {ok} {ok} {ok} {ok}"


def mod17_reason(w, role):
    return {"action": "hide", "reason": "محتوى مسيء"}


def mod17_merge(w, role):
    return {"target": w.records["mod17_target"].pk, "reason": "فكرتان متطابقتان"}


ROWS += [
    page("GET",  "participation:moderation",           "", MOD17_GET, args=mod17(process_id="process")),
    page("GET",  "participation:moderation_log",       "", MOD17_GET, args=mod17(process_id="process")),
    page("GET",  "participation:blocks",               "", MOD17_GET, args=mod17(process_id="process")),
    page("POST", "participation:blocks",               "", MOD17_POST, args=mod17(process_id="process"),
         data=lambda w, role: {"username": "matrix-mod17-victim", "reason": "إساءة"}),
    page("POST", "participation:unblock",              "", MOD17_POST, args=mod17(block_id="block"),
         data=lambda w, role: {"reason": "اعتذر"}),
    page("POST", "participation:idea_moderate",        "", "login 404 404 302 302 404 302 404 302",
         args=mod17(idea_id="pending"), data=lambda w, role: {"action": "approve"}, label="pending"),
    page("POST", "participation:idea_moderate",        "", MOD17_POST, args=mod17(idea_id="idea"), data=mod17_reason),
    page("POST", "participation:comment_moderate",     "", MOD17_POST, args=mod17(comment_id="comment"),
         data=mod17_reason),
    page("POST", "participation:comment_moderate",     "", "login 404 404 302 302 404 302 404 302",
         args=mod17(comment_id="pending_comment"), data=lambda w, role: {"action": "approve"}, label="pending"),
    page("GET",  "participation:abuse_report_idea",    "", MOD17_SIGNED_IN_GET, args=mod17(idea_id="idea")),
    page("POST", "participation:abuse_report_idea",    "", MOD17_SIGNED_IN_POST, args=mod17(idea_id="idea"),
         data=lambda w, role: {"reason": "offensive"}),
    page("GET",  "participation:abuse_report_comment", "", MOD17_SIGNED_IN_GET, args=mod17(comment_id="comment")),
    page("POST", "participation:abuse_report_comment", "", MOD17_SIGNED_IN_POST, args=mod17(comment_id="comment"),
         data=lambda w, role: {"reason": "spam", "detail": "إعلان"}),
    page("POST", "participation:abuse_dismiss",        "", MOD17_POST, args=mod17(report_id="report")),
    page("GET",  "participation:idea_merge",           "", MOD17_GET, args=mod17(idea_id="idea")),
    page("POST", "participation:idea_merge",           "", MOD17_POST, args=mod17(idea_id="idea"), data=mod17_merge),
    page("POST", "participation:follow",               "", MOD17_SIGNED_IN_POST,
         data=lambda w, role: {"kind": "idea", "target": w.records["mod17_idea"].pk}),
    page("GET",  "participation:following",            "", MOD17_SIGNED_IN_GET),
    page("POST", "participation:following",            "", "login 302 404 404 404 404 404 404 404",
         data=lambda w, role: {"follow": w.records["mod17_follow"].pk, "email": ""}),
    api("GET",    "/participation/moderation/processes/{process_id}/queue", "", MOD17_API.format(ok=200),
        args=mod17(process_id="process")),
    api("GET",    "/participation/moderation/processes/{process_id}/log", "", MOD17_API.format(ok=200),
        args=mod17(process_id="process")),
    api("POST",   "/participation/ideas/{idea_id}/moderate", "", MOD17_API.format(ok=200),
        args=mod17(idea_id="idea"), data=mod17_reason),
    api("POST",   "/participation/ideas/{idea_id}/moderate", "", "401 404 404 200 200 404 200 404 200",
        args=mod17(idea_id="pending"), data=lambda w, role: {"action": "approve"}, label="pending"),
    api("POST",   "/participation/comments/{comment_id}/moderate", "", MOD17_API.format(ok=200),
        args=mod17(comment_id="comment"), data=mod17_reason),
    api("POST",   "/participation/ideas/{idea_id}/abuse-reports", "", MOD17_API_SIGNED_IN.format(ok=201),
        args=mod17(idea_id="idea"), data=lambda w, role: {"reason": "offensive"}),
    api("POST",   "/participation/comments/{comment_id}/abuse-reports", "", MOD17_API_SIGNED_IN.format(ok=201),
        args=mod17(comment_id="comment"), data=lambda w, role: {"reason": "spam"}),
    api("POST",   "/participation/abuse-reports/{report_id}/dismiss", "", MOD17_API.format(ok=200),
        args=mod17(report_id="report"), data=lambda w, role: {"reason": "لا إساءة"}),
    api("GET",    "/participation/processes/{process_id}/blocks", "", MOD17_API.format(ok=200),
        args=mod17(process_id="process")),
    api("POST",   "/participation/processes/{process_id}/blocks", "", MOD17_API.format(ok=201),
        args=mod17(process_id="process"),
        data=lambda w, role: {"user_id": w.records["mod17_victim"].pk, "reason": "إساءة"}),
    api("DELETE", "/participation/blocks/{block_id}", "", MOD17_API.format(ok=204),
        args=mod17(block_id="block"), data=lambda w, role: {"reason": "اعتذر"}),
    api("POST",   "/participation/ideas/{idea_id}/merge", "", MOD17_API.format(ok=200),
        args=mod17(idea_id="idea"), data=lambda w, role: {"target_id": w.records["mod17_target"].pk}),
    api("GET",    "/participation/follows", "", MOD17_API_SIGNED_IN.format(ok=200)),
    api("POST",   "/participation/follows", "", MOD17_API_SIGNED_IN.format(ok=201),
        data=lambda w, role: {"kind": "idea", "target_id": w.records["mod17_idea"].pk}),
    api("DELETE", "/participation/follows/{follow_id}", "", "401 204 404 404 404 404 404 404 404",
        args=mod17(follow_id="follow")),
]


# ---- surveys17 (issue #17): the surveys' pages and API (matrix._surveys17_world). Columns: anonymous resident
# viewer editor admin other_admin coordinator other_coordinator platform_admin. org's editor and admin (and platform
# admins) build, open and close surveys and export the answers; everyone signed in and not blocked answers an open
# survey in the consultation phase (once: each role answers here for the first time); the results of an open survey
# are read by its editors and moderators (the region's coordinator); drafts are seen by the editors only.
def s17(name: str, attribute: str = "pk"):
    return _pk(f"surveys17_{name}", attribute)


def s17_file(name: str):
    return lambda w: os.path.basename(w.records[f"surveys17_{name}"].file.name)


def s17_answer_form(w, role):
    return {f"q{w.records['surveys17_choice'].pk}": "b"}


def s17_answer_body(w, role):
    return {"answers": {str(w.records["surveys17_choice"].pk): "b"}}


def s17_question_body(w, role):
    return {"kind": "single", "label_ar": "ما الذي ينقص الحديقة؟",
            "choices": [{"key": "x", "label_ar": "الظل"}, {"key": "y", "label_ar": "المقاعد"}]}


def s17_reorder_body(w, role):
    r = w.records
    return {"question_ids": [r["surveys17_choice"].pk, r["surveys17_spare"].pk, r["surveys17_file"].pk]}


S17_EDITORS_PAGE = "login 403 403 {ok} {ok} 403 403 403 {ok}"
S17_EDITORS_API = "401 403 403 {ok} {ok} 403 403 403 {ok}"
S17_EDITORS_FILE = "login 404 404 200 200 404 404 404 200"
S17_ALL = "200 200 200 200 200 200 200 200 200"
S17_SURVEY = {"survey_id": s17("survey")}

ROWS += [
    page("GET",  "participation:survey_list",    "", S17_ALL, args={"process_id": s17("process")}),
    page("GET",  "participation:survey_new",     "", S17_EDITORS_PAGE.format(ok=200),
         args={"process_id": s17("process")}),
    page("POST", "participation:survey_new",     "", S17_EDITORS_PAGE.format(ok=302),
         args={"process_id": s17("process")}, data=lambda w, role: {"title_ar": "استبيان النقل في الحي"}),
    page("GET",  "participation:survey_edit",    "", S17_EDITORS_PAGE.format(ok=200), args=S17_SURVEY),
    page("GET",  "participation:survey_edit",    "", "login 404 404 200 200 404 404 404 200",
         args={"survey_id": s17("draft")}, label="draft"),
    page("POST", "participation:survey_edit",    "", S17_EDITORS_PAGE.format(ok=302), args=S17_SURVEY,
         data=lambda w, role: {"action": "survey", "title_ar": "استبيان الحدائق العامة"}),
    page("POST", "participation:survey_edit",    "", S17_EDITORS_PAGE.format(ok=302), args=S17_SURVEY,
         label="question", data=lambda w, role: {"action": "question", "kind": "short_text", "label_ar": "اقتراح"}),
    page("POST", "participation:survey_status",  "", S17_EDITORS_PAGE.format(ok=302), args=S17_SURVEY,
         data=lambda w, role: {"status": "closed"}),
    page("GET",  "participation:survey_answer",  "", S17_ALL, args=S17_SURVEY),
    page("GET",  "participation:survey_answer",  "", "404 404 404 200 200 404 404 404 200",
         args={"survey_id": s17("draft")}, label="draft"),
    page("POST", "participation:survey_answer",  "", "login 302 302 302 302 302 302 302 302", args=S17_SURVEY,
         data=s17_answer_form),
    page("GET",  "participation:survey_results", "", "403 403 403 200 200 403 200 403 200", args=S17_SURVEY),
    page("GET",  "participation:survey_exports", "", S17_EDITORS_PAGE.format(ok=200), args=S17_SURVEY),
    page("POST", "participation:survey_exports", "", S17_EDITORS_PAGE.format(ok=302), args=S17_SURVEY,
         data=lambda w, role: {"format": "xlsx"}),
    page("GET",  "participation:survey_export_file", "", S17_EDITORS_FILE,
         args={"export_id": s17("export"), "filename": s17_file("export")}),
    page("GET",  "participation:survey_answer_file", "", S17_EDITORS_FILE,
         args={"answer_id": s17("answer_file"), "filename": s17_file("answer_file")}),
    api("GET",    "/participation/processes/{process_id}/surveys", "", S17_ALL, args={"process_id": s17("process")}),
    api("POST",   "/participation/processes/{process_id}/surveys", "", S17_EDITORS_API.format(ok=201),
        args={"process_id": s17("process")}, data=lambda w, role: {"title_ar": "استبيان الأرصفة"}),
    api("GET",    "/participation/surveys/{survey_id}", "", S17_ALL, args=S17_SURVEY),
    api("GET",    "/participation/surveys/{survey_id}", "", "404 404 404 200 200 404 404 404 200",
        args={"survey_id": s17("draft")}, label="draft"),
    api("PATCH",  "/participation/surveys/{survey_id}", "", S17_EDITORS_API.format(ok=200), args=S17_SURVEY,
        data=lambda w, role: {"title_en": "Parks survey"}),
    api("POST",   "/participation/surveys/{survey_id}/status", "", S17_EDITORS_API.format(ok=200), args=S17_SURVEY,
        data=lambda w, role: {"status": "closed"}),
    api("GET",    "/participation/surveys/{survey_id}/questions", "", S17_ALL, args=S17_SURVEY),
    api("POST",   "/participation/surveys/{survey_id}/questions", "", S17_EDITORS_API.format(ok=201),
        args=S17_SURVEY, data=s17_question_body),
    api("POST",   "/participation/surveys/{survey_id}/questions/reorder", "", S17_EDITORS_API.format(ok=200),
        args=S17_SURVEY, data=s17_reorder_body),
    api("PATCH",  "/participation/surveys/{survey_id}/questions/{question_id}", "", S17_EDITORS_API.format(ok=200),
        args={**S17_SURVEY, "question_id": s17("spare")}, data=lambda w, role: {"label_en": "A note"}),
    api("DELETE", "/participation/surveys/{survey_id}/questions/{question_id}", "", S17_EDITORS_API.format(ok=204),
        args={**S17_SURVEY, "question_id": s17("spare")}),
    api("POST",   "/participation/surveys/{survey_id}/responses", "", "401 201 201 201 201 201 201 201 201",
        args=S17_SURVEY, data=s17_answer_body),
    api("GET",    "/participation/surveys/{survey_id}/responses", "", S17_EDITORS_API.format(ok=200),
        args=S17_SURVEY),
    api("GET",    "/participation/surveys/{survey_id}/results", "", "403 403 403 200 200 403 200 403 200",
        args=S17_SURVEY),
    api("POST",   "/participation/surveys/{survey_id}/exports", "", S17_EDITORS_API.format(ok=202),
        args=S17_SURVEY, data=lambda w, role: {"format": "csv"}),
    api("GET",    "/participation/surveys/{survey_id}/exports", "", S17_EDITORS_API.format(ok=200),
        args=S17_SURVEY),
    api("GET",    "/participation/exports/{export_id}", "", "401 404 404 200 200 404 404 404 200",
        args={"export_id": s17("export")}),
]


CASES = matrix.cases(ROWS)


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def _files(tmp_path_factory):
    root = tmp_path_factory.mktemp("matrix-files")
    with override_settings(MEDIA_ROOT=root / "media", PRIVATE_MEDIA_ROOT=root / "private"):
        yield


@pytest.fixture
def _uploads_in_a_temporary_folder(_files):
    """Replaces the project-wide fixture: the shared world's files live in one folder for the module."""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, _files):
    """Built once for the module inside a transaction rolled back at its end; each test runs in a savepoint."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield matrix.build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def handler():
    """One request handler for the module: loading the middleware (WhiteNoise scans every static file) is slow."""
    return Client().handler


def client_for(world, handler, role: str, *, api_call: bool) -> Client:
    user = world.users[role]
    headers = {"Authorization": f"Bearer {world.tokens[role]}"} if api_call and user else {}
    client = Client(headers=headers)
    client.handler = handler
    if not api_call and user is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]  # signed in once, for the module
    return client


def send(client: Client, row, url: str, data: dict | None):
    if not row.is_api or row.multipart:
        if row.method == "GET":
            return client.get(url, data)
        return client.post(url, data or {})
    if row.method == "GET":
        return client.get(url)
    return client.generic(row.method, url, matrix_json(data), content_type="application/json")


def matrix_json(data) -> str:
    import json

    return json.dumps(data if data is not None else {})


def login_url() -> str:
    return reverse(settings.LOGIN_URL)


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize(("row", "role"), CASES, ids=[f"{row.id}-{role}" for row, role in CASES])
def test_permission(row, role, world, handler, db):
    expected = row.expect[role]
    client = client_for(world, handler, role, api_call=row.is_api)
    url = row.url(world)
    data = row.data(world, role) if row.data else None
    before = matrix.snapshot()
    response = send(client, row, url, data)
    changed = matrix.changes(before, matrix.snapshot())

    location = response.get("Location", "")
    answer = f"{row.id}: {role} should get {expected}, got {response.status_code} {location}".strip()
    if expected == LOGIN:
        assert response.status_code == 302 and location.startswith(login_url()), answer
    else:
        assert response.status_code == int(expected.rstrip("=")), answer
        if response.status_code == 302:
            assert not location.startswith(login_url()), answer
    if expected == LOGIN or expected.endswith("=") or response.status_code >= 400 or row.method == "GET":
        assert changed == [], f"{answer}, and it changed: {changed}"
    else:
        assert changed, f"{answer}, but nothing changed"


@pytest.mark.parametrize("role", matrix.ROLES[1:])
def test_each_person_sees_only_their_own_reports(role, world, handler, db):
    """reports:mine and GET /reports/mine list the person's own reports (the resident has one), nobody else's."""
    from musharaka.reports.models import Report

    api_client, page_client = (client_for(world, handler, role, api_call=flag) for flag in (True, False))
    listed = {item["id"] for item in api_client.get("/api/v1/reports/mine", {"page_size": 100}).json()["results"]}
    shown = {row["id"] for row in page_client.get(reverse("reports:mine")).context["page_obj"]}
    mine = set(Report.objects.filter(reporter=world.users[role]).values_list("pk", flat=True))
    assert listed == shown == mine
    if role == "resident":
        assert world.records["o31116_report"].pk in mine


INSIDERS = {"viewer", "editor", "admin", "coordinator", "platform_admin"}
PUBLISHED = ("approved", "active", "completed")
UNPUBLISHED = ("draft", "submitted", "cancelled")


@pytest.mark.parametrize("role", matrix.ROLES)
def test_lists_and_exports_show_each_role_only_what_it_may_see(role, world, handler, db):
    """The public lists (PUBLIC_ROUTES, PUBLIC_OPERATIONS) filter by visibility: outsiders never see a draft."""
    import csv
    import io

    from lxml import etree

    from musharaka.initiatives.exchange.iati import activity_identifier

    published = {world.records[status].pk for status in PUBLISHED}
    visible = published | ({world.records[status].pk for status in UNPUBLISHED} if role in INSIDERS else set())
    api_client, page_client = (client_for(world, handler, role, api_call=flag) for flag in (True, False))

    listed = {item["id"] for item in api_client.get("/api/v1/initiatives", {"page_size": 100}).json()["results"]}
    body = b"".join(page_client.get(reverse("initiatives_exchange:export_csv")).streaming_content)
    [header, *lines] = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    column = next(i for i, title in enumerate(header) if title.endswith("(id)"))
    exported = {int(line[column]) for line in lines}
    portfolio = page_client.get(reverse("initiatives:portfolio", args=[world.org.pk])).content.decode()
    shown = {pk for pk in visible | {world.records[s].pk for s in UNPUBLISHED} if f'/initiatives/{pk}/"' in portfolio}
    iati = etree.fromstring(b"".join(page_client.get(reverse("initiatives_exchange:iati")).streaming_content))
    identifiers = {element.text for element in iati.iter("{*}iati-identifier")}

    # The awards' world adds the other organisation's approved initiative (its application's): public, not org's.
    award_initiative = world.records["award_application"].initiative
    assert listed == exported == visible | {award_initiative.pk}
    assert shown == visible
    assert identifiers == {activity_identifier(world.records[status]) for status in PUBLISHED} | {
        activity_identifier(award_initiative)}


@pytest.mark.parametrize("role", matrix.ROLES[1:])
def test_each_person_sees_only_their_own_notifications(role, world, handler, db):
    api_client, page_client = (client_for(world, handler, role, api_call=flag) for flag in (True, False))
    listed = {item["id"] for item in api_client.get("/api/v1/notifications").json()["results"]}
    shown = {item.pk for item in page_client.get(reverse("notifications:list")).context["page_obj"]}
    mine = set(world.users[role].notifications.values_list("pk", flat=True))
    assert listed == shown == mine
    assert (world.notification.pk in mine) == (role == "admin")


def test_the_api_links_a_private_attachment_to_the_view_that_checks_who_asks(world, handler, db):
    """Regression: the API used the storage's URL, which private files have not (a 500 for any attachment)."""
    editor_api, editor_page = (client_for(world, handler, "editor", api_call=flag) for flag in (True, False))
    [attachment] = editor_api.get(f"{matrix.API_PREFIX}/initiatives/{world.draft.pk}").json()["attachments"]

    assert attachment["url"] == reverse("initiatives:attachment", args=[world.draft.pk, world.draft_attachment.pk])
    assert editor_page.get(attachment["url"]).status_code == 200
    assert client_for(world, handler, "other_admin", api_call=False).get(attachment["url"]).status_code == 404


def test_writes_with_a_session_need_the_csrf_token(world, db):
    """The matrix's clients skip CSRF (as Django's test client does); a real browser session may not."""
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions["admin"]
    page_url = reverse("orgs:edit", args=[world.org.pk])
    api_url = f"{matrix.API_PREFIX}/organizations/{world.org.pk}"
    before = matrix.snapshot()

    refused_page = client.post(page_url, organization_form(world, "admin"))
    refused_api = client.patch(api_url, '{"description_ar": "وصف"}', content_type="application/json")

    assert (refused_page.status_code, refused_api.status_code) == (403, 403)
    assert matrix.changes(before, matrix.snapshot()) == []
    token = client.get(page_url).cookies["csrftoken"].value  # the form page hands out the token
    accepted = client.patch(api_url, '{"description_ar": "وصف"}', content_type="application/json",
                            headers={"X-CSRFToken": token})
    assert accepted.status_code == 200


def test_every_route_is_in_the_matrix():
    problems = matrix.coverage_problems(ROWS, PUBLIC_ROUTES, PUBLIC_OPERATIONS)
    assert problems == [], "\n".join(problems)


def test_a_route_without_a_row_fails_with_its_name():
    """A URL pattern and an API operation added without a row are named; so are rows that name nothing."""
    from django.http import HttpResponse
    from django.urls import path

    patterns = [
        *matrix.url_patterns(),
        *matrix.url_patterns(_resolver([path("organizations/<int:organization_id>/archive/", HttpResponse, name="archive")])),
    ]
    operations = [*matrix.api_operations(), ("DELETE", "/initiatives/{initiative_id}", "musharaka_initiatives_api_delete")]
    stale = page("POST", "orgs:merge", "org", "login 403 403 403 302 403 403 403 302")

    problems = matrix.coverage_problems([*ROWS, stale], PUBLIC_ROUTES, PUBLIC_OPERATIONS,
                                        patterns=patterns, operations=operations)

    assert problems == [
        "URL 'archive' (/organizations/<int:organization_id>/archive/) has no row in the permission matrix and is not "
        "listed as a public route: add a row (expected answer per role) or a line in PUBLIC_ROUTES saying why it needs none.",
        "API operation 'DELETE /initiatives/{initiative_id}' (musharaka_initiatives_api_delete) has no row in the "
        "permission matrix and is not listed as a public operation: add a row or a line in PUBLIC_OPERATIONS saying why "
        "it needs none.",
        "row 'POST orgs:merge [org]' names no URL",
    ]


def test_the_enumeration_reaches_every_kind_of_route():
    """Through include(), i18n_patterns (Arabic at /, English under /en/), the admin site and the API."""
    names = dict(matrix.url_patterns())
    assert names["initiatives:edit"] == "initiatives/<int:initiative_id>/edit/"
    assert names["health"] == "healthz"
    assert "admin:index" in names
    assert names["api-1.0.0:create_organization"] == "api/v1/organizations"
    operations = {f"{method} {path}" for method, path, _id in matrix.api_operations()}
    assert "POST /initiatives/{initiative_id}/{action}" in operations
    assert "DELETE /organizations/{organization_id}/members/{membership_id}" in operations


def test_the_matrix_is_wide_enough():
    """Every API write and every page row has all the roles (a short row cannot slip in)."""
    writes = [op for op in matrix.api_operations() if op[0] in matrix.UNSAFE]
    api_rows = {row.key for row in ROWS if row.is_api}
    assert all(f"{method} {path}" in api_rows for method, path, _id in writes)
    assert all(len(row.expect) == len(matrix.ROLES) for row in ROWS)


def _resolver(urlpatterns):
    from types import SimpleNamespace

    from django.urls import URLResolver
    from django.urls.resolvers import RegexPattern

    return URLResolver(RegexPattern(r"^/"), SimpleNamespace(urlpatterns=urlpatterns))

