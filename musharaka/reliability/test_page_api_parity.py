"""One rule for one action: every action that exists both as a page form and as an API operation gives
every role the same answer and the same effect on both.

Each case is one action on one record of the permission matrix's world (matrix.build_world, the same
people and records), done once through the page and once through the API, each time on the same
fresh data (a savepoint rolled back after each). The two must agree on

- the outcome: done, `login` (the page's sign-in redirect / the API's 401), 403, 404, or `invalid`
  (the page shows its form again or an error message / the API answers 400, 409 or 422); a page that
  redirects without an error message did what it was asked;
- the effect: per watched table and its history table, the rows created (their meaningful columns:
  status, action, roles, authors, lead organisation…), the rows removed, and the columns changed row by
  row (so the same status, the same history rows).

Every write of the URL configuration (a page route with a POST row in the permission matrix) and of the
API (every POST, PATCH, PUT, DELETE operation) is either in PAIRS or named in PAGE_ONLY / API_ONLY with
the reason: a new page form or API operation without an entry fails test_every_write_is_paired_or_explained.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib import messages
from django.core.cache import cache
from django.db import connection, transaction

from . import matrix
from . import test_permission_matrix as matrix_tests
from .matrix import Row
from .test_permission_matrix import ROWS as MATRIX_ROWS
from .test_permission_matrix import (
    client_for,
    exhibit_comment,
    import_csv,
    import_csv_api,
    initiative_form,
    login_url,
    new_partnership_form,
    organization_form,
    own_organization,
    partnership_commitment_form,
    partnership_follow_up,
    partnership_form,
    question_form,
    recommendation_form,
    recommendation_update_form,
    send,
    visitor_registration,
)

# The matrix's fixtures, for this module too: the same world (built once for the module), files and handler.
_files = matrix_tests._files
_uploads_in_a_temporary_folder = matrix_tests._uploads_in_a_temporary_folder
world = matrix_tests.world
handler = matrix_tests.handler

# ---------------------------------------------------------------- the pairs


@dataclass(frozen=True)
class Difference:
    """A role for whom the page and the API answer differently on purpose: both answers, and why."""

    page: str
    api: str
    reason: str


@dataclass(frozen=True)
class Pair:
    page: Row
    api: Row
    label: str = ""
    api_query: str = ""  # for the operations that take their choice in the query string (?verified=false)
    # Run on the fresh data before each side acts (inside the savepoint): a registration closed, say.
    prepare: Callable[[Any], None] | None = None
    differs: dict[str, Difference] = field(default_factory=dict)  # role → the expected difference
    # A page that shows what it made in place (200, an API key shown once) instead of redirecting: the name of its
    # context entry holding it; set, the page did the work.
    shown_in_place: str = ""

    @property
    def id(self) -> str:
        return f"{self.page.route} = {self.api.key}" + (f" [{self.label}]" if self.label else "")


def on_page(route: str, on: str = "", data=None, **args) -> Row:
    return Row(method="POST", route=route, on=on, expect={}, data=data, args=args)


def on_api(method: str, path: str, on: str = "", data=None, multipart: bool = False, **args) -> Row:
    return Row(method=method, route=path, on=on, expect={}, data=data, args=args, multipart=multipart)


def initiative_json(w, role) -> dict:
    """The fields initiative_form posts, as the API takes them (the same region, no partner)."""
    return {"title_ar": "مبادرة الحي الأخضر", "summary_ar": "زراعة الأشجار في حدائق الحي", "title_en": "",
            "region_id": w.org.region_id, "currency": "SAR"}


def initiative_edit_form(w, role):
    """The edit page re-sends the initiative's place (its formset shows it as an initial row): the API's data."""
    return initiative_form(w, role, **{"places-INITIAL_FORMS": "1", "places-0-region": w.org.region_id})


def initiative_edit_json(w, role) -> dict:
    return {**initiative_json(w, role), "places": [{"region_id": w.org.region_id}]}


def organization_json(w, role) -> dict:
    form = organization_form(w, role)
    return {"name_ar": form["name_ar"], "sector": form["sector"], "region_id": form["region"]}


def member_form(username: str):
    return lambda w, role: {"user": username, "role": "viewer"}


# ---- partnerships (issue #12): the agreement's form (partnership_form posts the world's `partnership` as it is,
# retitled, with its two parties) and the API's JSON carrying the same fields.
def partnership_json(w, role) -> dict:
    form = partnership_form(w, role)
    return {"organization_id": w.org.pk, "kind": "mou", "title_ar": form["title_ar"], "stage": "signed",
            "signed_on": "2026-03-01", "starts_on": "2026-03-01", "ends_on": "2029-02-28", "renewal": "none",
            "notice_days": 90, "is_published": True,
            "parties": [{"organization_id": w.org.pk, "role": "first_party"},
                        {"organization_id": w.other_org.pk, "role": "second_party"}]}


def partnership_edit_json(w, role) -> dict:
    data = partnership_json(w, role)
    del data["organization_id"]  # the recording organisation is not changed by an edit
    return data


def new_partnership_json(w, role) -> dict:
    return {**partnership_json(w, role), "title_ar": new_partnership_form(w, role)["title_ar"],
            "parties": [{"organization_id": w.org.pk, "role": "first_party"},
                        {"name_ar": "شركة معارف", "role": "second_party"}]}


def partnership_commitment_json(w, role) -> dict:
    form = partnership_commitment_form(w, role)
    return {"party_id": form["party"], "title_ar": form["title_ar"], "due_on": form["due_on"]}


def partnership_follow_up_json(w, role) -> dict:
    form = partnership_follow_up(w, role)
    return {**form, "progress": int(form["progress"])}


TERMINATION = {"terminated_on": "2026-06-01", "reason": "اتفق الطرفان على الإنهاء"}
RENEWAL = {"signed_on": "2029-01-15", "ends_on": "2031-02-28"}


REASON = {"reason": "الميزانية غير واضحة"}
BACKWARDS = {"start_date": "2026-05-01", "end_date": "2026-01-01"}


# A visitor without an account registers on the page (name and e-mail, a seat once they follow the e-mailed link);
# the API registers the holder of its token and has nobody to register without one.
NO_TOKEN = "the page registers visitors without an account (confirmed by e-mail); the API, the token's holder"
VISITOR_REGISTERS = Difference("done", "login", NO_TOKEN)
VISITOR_REFUSED = Difference("invalid", "login", NO_TOKEN)


def register_pair(on: str, label: str = "", *, category: str = "public", phone: str = "0551112222", prepare=None,
                  visitor: Difference = VISITOR_REGISTERS) -> Pair:
    """Register at `on`: the page's form (a visitor's fields too; a signed-in person's are taken from the account)
    and the API's body, with the same category and phone."""
    def page_data(w, role):
        return {**visitor_registration(w, role), "category": category, "phone": phone}

    def api_data(w, role):
        return {"category": category, "phone": phone}

    return Pair(on_page("events:register", on, data=page_data),
                on_api("POST", "/events/{event_id}/registrations", on, data=api_data),
                label=label, prepare=prepare, differs={"anonymous": visitor})


def close_registration(w) -> None:
    from musharaka.events.models import Event

    Event.objects.filter(pk=w.event.pk).update(registration_open=False)


def cancel_the_residents_registration(w) -> None:
    from musharaka.events import services

    services.registration_cancel(actor=w.users["resident"], registration=w.registration)


def workflow(action: str, on: str, label: str = "", data=None) -> Pair:
    return Pair(
        on_page("initiatives:action", on, data=data, action=action),
        on_api("POST", "/initiatives/{initiative_id}/{action}", on, data=data, action=action),
        label=label or f"{action} {on}",
    )


PAIRS = [
    # ----------------------------------------------------------- initiatives
    Pair(on_page("initiatives:create", data=initiative_form),
         on_api("POST", "/initiatives", data=lambda w, role: {**initiative_json(w, role), "lead_organization_id": w.org.pk})),
    *(
        Pair(on_page("initiatives:edit", status, data=initiative_edit_form),
             on_api("PATCH", "/initiatives/{initiative_id}", status, data=initiative_edit_json), label=status)
        for status in ("draft", "submitted", "approved", "cancelled")
    ),
    Pair(on_page("initiatives:create", data=lambda w, role: {**initiative_form(w, role), "organization": w.other_org.pk}),
         on_api("POST", "/initiatives",
                data=lambda w, role: {**initiative_json(w, role), "lead_organization_id": w.other_org.pk}),
         label="led by other_org"),
    Pair(on_page("initiatives:edit", "draft", data=lambda w, role: {**initiative_edit_form(w, role), **BACKWARDS}),
         on_api("PATCH", "/initiatives/{initiative_id}", "draft",
                data=lambda w, role: {**initiative_edit_json(w, role), **BACKWARDS}), label="ends before it starts"),
    Pair(on_page("initiatives:edit", "draft", data=lambda w, role: {**initiative_edit_form(w, role), "version": "99"}),
         on_api("PATCH", "/initiatives/{initiative_id}", "draft",
                data=lambda w, role: {**initiative_edit_json(w, role), "version": 99}), label="stale version"),
    workflow("submit", "draft"),
    workflow("submit", "draft", label="submit a stale version", data=lambda w, role: {"version": 99}),
    workflow("submit", "approved"),
    workflow("approve", "submitted"),
    workflow("approve", "draft"),
    workflow("reject", "submitted", data=lambda w, role: REASON),
    workflow("reject", "submitted", label="reject without a reason", data=lambda w, role: {"reason": ""}),
    workflow("activate", "approved"),
    workflow("complete", "active"),
    workflow("cancel", "approved"),
    workflow("activate", "cancelled"),
    Pair(on_page("initiatives:mark_success", "completed"),
         on_api("POST", "/initiatives/{initiative_id}/mark-success", "completed")),
    Pair(on_page("initiatives:mark_success", "completed", data=lambda w, role: {"successful": "0"}),
         on_api("POST", "/initiatives/{initiative_id}/mark-success", "completed"), api_query="successful=false",
         label="no longer a success"),
    Pair(on_page("initiatives:mark_success", "approved"),
         on_api("POST", "/initiatives/{initiative_id}/mark-success", "approved"), label="not completed"),
    # The platform admin's replicate: the action issue #10 found acting in the API and not on the page.
    Pair(on_page("initiatives:replicate", "approved", data=lambda w, role: {"organization": own_organization(w, role).pk}),
         on_api("POST", "/initiatives/{initiative_id}/replicate", "approved",
                data=lambda w, role: {"organization_id": own_organization(w, role).pk}), label="into their own"),
    Pair(on_page("initiatives:replicate", "approved", data=lambda w, role: {"organization": w.other_org.pk}),
         on_api("POST", "/initiatives/{initiative_id}/replicate", "approved",
                data=lambda w, role: {"organization_id": w.other_org.pk}), label="into other_org"),
    Pair(on_page("initiatives:replicate", "draft", data=lambda w, role: {"organization": own_organization(w, role).pk}),
         on_api("POST", "/initiatives/{initiative_id}/replicate", "draft",
                data=lambda w, role: {"organization_id": own_organization(w, role).pk}), label="a draft"),
    Pair(on_page("initiatives:replicate", "approved", data=lambda w, role: {"organization": 2**31 - 1}),
         on_api("POST", "/initiatives/{initiative_id}/replicate", "approved",
                data=lambda w, role: {"organization_id": 2**31 - 1}), label="into no organisation"),
    Pair(on_page("initiatives_exchange:import", data=import_csv),
         on_api("POST", "/initiatives/import", data=import_csv_api, multipart=True)),
    Pair(on_page("initiatives_exchange:export_xlsx"), on_api("POST", "/initiatives/exports")),
    # ----------------------------------------------------------- organisations
    Pair(on_page("orgs:create", data=organization_form), on_api("POST", "/organizations", data=organization_json)),
    Pair(on_page("orgs:edit", "org", data=organization_form),
         on_api("PATCH", "/organizations/{organization_id}", "org", data=organization_json)),
    Pair(on_page("orgs:edit", "org", data=lambda w, role: {**organization_form(w, role), "name_ar": w.org.name_ar,
                                                            "logo": matrix.png_upload()}),
         on_api("POST", "/organizations/{organization_id}/logo", "org",
                data=lambda w, role: {"logo": matrix.png_upload()}, multipart=True), label="logo"),
    Pair(on_page("orgs:verify", "org", data=lambda w, role: {"verified": "1"}),
         on_api("POST", "/organizations/{organization_id}/verify", "org")),
    Pair(on_page("orgs:verify", "org", data=lambda w, role: {"verified": "0"}),
         on_api("POST", "/organizations/{organization_id}/verify", "org"), api_query="verified=false", label="withdrawn"),
    Pair(on_page("orgs:members", "org", data=member_form("matrix-newcomer")),
         on_api("POST", "/organizations/{organization_id}/members", "org", data=member_form("matrix-newcomer"))),
    Pair(on_page("orgs:members", "org", data=member_form("matrix-viewer")),
         on_api("POST", "/organizations/{organization_id}/members", "org", data=member_form("matrix-viewer")),
         label="already a member"),
    Pair(on_page("orgs:members", "org", data=member_form("nobody-of-that-name")),
         on_api("POST", "/organizations/{organization_id}/members", "org", data=member_form("nobody-of-that-name")),
         label="unknown person"),
    Pair(on_page("orgs:membership", "membership", data=lambda w, role: {"action": "remove"}),
         on_api("DELETE", "/organizations/{organization_id}/members/{membership_id}", "membership")),
    Pair(on_page("orgs:membership", "membership", data=lambda w, role: {"action": "remove"},
                 organization_id=lambda w: w.other_org.pk),
         on_api("DELETE", "/organizations/{organization_id}/members/{membership_id}", "membership",
                organization_id=lambda w: w.other_org.pk), label="through another organisation"),
    # ----------------------------------------------------------- notifications (one unread, the admin's)
    Pair(on_page("notifications:read", "notification"),
         on_api("POST", "/notifications/read", data=lambda w, role: {"ids": [w.notification.pk]})),
    Pair(on_page("notifications:read_all"), on_api("POST", "/notifications/read")),
    # ----------------------------------------------------------- events (the resident holds a seat at `event`, and
    # the only seat of `full_event`, where the newcomer waits)
    register_pair("event"),
    register_pair("draft_event", label="unpublished", visitor=Difference("404", "login", NO_TOKEN)),
    register_pair("full_event", label="the waiting list"),
    register_pair("event", label="registration closed", prepare=close_registration, visitor=VISITOR_REFUSED),
    register_pair("event", label="an audience it does not take", category="private", visitor=VISITOR_REFUSED),
    register_pair("event", label="not a phone number", phone="اتصل بي", visitor=VISITOR_REFUSED),
    Pair(on_page("events:cancel", "registration"),
         on_api("POST", "/events/{event_id}/registrations/{registration_id}/cancel", "registration"),
         label="with a session seat"),
    Pair(on_page("events:cancel", "full_registration"),
         on_api("POST", "/events/{event_id}/registrations/{registration_id}/cancel", "full_registration"),
         label="the first waiting takes the seat"),
    Pair(on_page("events:cancel", "registration"),
         on_api("POST", "/events/{event_id}/registrations/{registration_id}/cancel", "registration"),
         label="cancelled already", prepare=cancel_the_residents_registration),
    # audience questions: ask (the attendees), vote (the newcomer's approved question), moderate (a pending one)
    Pair(on_page("events:questions", "event_session", data=question_form),
         on_api("POST", "/events/{event_id}/sessions/{session_id}/questions", "event_session", data=question_form)),
    Pair(on_page("events:questions", "draft_event_session", data=question_form),
         on_api("POST", "/events/{event_id}/sessions/{session_id}/questions", "draft_event_session",
                data=question_form), label="unpublished"),
    Pair(on_page("events:questions", "event_session", data=lambda w, role: {"text": "لا"}),
         on_api("POST", "/events/{event_id}/sessions/{session_id}/questions", "event_session",
                data=lambda w, role: {"text": "لا"}), label="too short"),
    Pair(on_page("events:question_vote", "question"),
         on_api("POST", "/events/{event_id}/sessions/{session_id}/questions/{question_id}/vote", "question")),
    Pair(on_page("events:question_vote", "question_pending"),
         on_api("POST", "/events/{event_id}/sessions/{session_id}/questions/{question_id}/vote", "question_pending"),
         label="not approved"),
    Pair(on_page("events:question_unvote", "question_voted"),
         on_api("DELETE", "/events/{event_id}/sessions/{session_id}/questions/{question_id}/vote", "question_voted")),
    Pair(on_page("events:question_unvote", "question_pending"),
         on_api("DELETE", "/events/{event_id}/sessions/{session_id}/questions/{question_id}/vote", "question_pending"),
         label="not approved"),
    *[Pair(on_page("events:question_moderate", on, data=lambda w, role, a=action: {"action": a}),
           on_api("POST", "/events/{event_id}/sessions/{session_id}/questions/{question_id}/moderate", on,
                  data=lambda w, role, a=action: {"action": a}), label=f"{action} {on}")
      for on, action in (("question_pending", "approve"), ("question", "answer"), ("question", "hide"),
                         ("question_pending", "answer"))],
    Pair(on_page("events:cancel", "registration", event_id=lambda w: w.draft_event.pk),
         on_api("POST", "/events/{event_id}/registrations/{registration_id}/cancel", "registration",
                event_id=lambda w: w.draft_event.pk), label="through another event"),
    # check-in at the door by the organiser's staff: the page and the API give the same answer and write the same rows
    Pair(on_page("events:check_in", "event", data=lambda w, role: {"code": w.registration.ticket.code}),
         on_api("POST", "/events/{event_id}/check-in", "event",
                data=lambda w, role: {"code": w.registration.ticket.code})),
    Pair(on_page("events:check_in", "draft_event", data=lambda w, role: {"code": w.registration.ticket.code}),
         on_api("POST", "/events/{event_id}/check-in", "draft_event",
                data=lambda w, role: {"code": w.registration.ticket.code}), label="a ticket of another event"),
    # ----------------------------------------------------------- the exhibition (`showcase`: the approved initiative,
    # liked by the resident; `hidden_showcase`: the draft one, organisers only; `exhibit_comment`: pending)
    Pair(on_page("events:showcase", "showcase", data=exhibit_comment),
         on_api("POST", "/events/{event_id}/exhibition/{showcase_id}/comments", "showcase", data=exhibit_comment)),
    Pair(on_page("events:showcase", "hidden_showcase", data=exhibit_comment),
         on_api("POST", "/events/{event_id}/exhibition/{showcase_id}/comments", "hidden_showcase",
                data=exhibit_comment), label="unpublished initiative"),
    Pair(on_page("events:showcase", "showcase", data=lambda w, role: {"text": "ا"}),
         on_api("POST", "/events/{event_id}/exhibition/{showcase_id}/comments", "showcase",
                data=lambda w, role: {"text": "ا"}), label="too short"),
    Pair(on_page("events:showcase_like", "showcase"),
         on_api("POST", "/events/{event_id}/exhibition/{showcase_id}/like", "showcase"),
         differs={"resident": Difference("done", "done", "the page's heart toggles (it takes the resident's like "
                                                         "back); the API's POST likes, idempotent (its DELETE unlikes)")}),
    Pair(on_page("events:showcase_like", "hidden_showcase"),
         on_api("POST", "/events/{event_id}/exhibition/{showcase_id}/like", "hidden_showcase"),
         label="unpublished initiative"),
    *[Pair(on_page("events:exhibit_comment_moderate", "exhibit_comment", data=lambda w, role, a=action: {"action": a}),
           on_api("POST", "/events/{event_id}/exhibition/{showcase_id}/comments/{comment_id}/moderate",
                  "exhibit_comment", data=lambda w, role, a=action: {"action": a}), label=action)
      for action in ("approve", "hide")],
    # ----------------------------------------------------------- recommendations (`recommendation`: the published
    # forum's, assigned to the other organisation; `draft_recommendation`: the unpublished one's, the organiser's own)
    Pair(on_page("events:event_recommendations", "event", data=recommendation_form),
         on_api("POST", "/events/{event_id}/recommendations", "event", data=recommendation_form)),
    Pair(on_page("events:event_recommendations", "draft_event", data=recommendation_form),
         on_api("POST", "/events/{event_id}/recommendations", "draft_event", data=recommendation_form)),
    Pair(on_page("events:recommendation", "recommendation", data=recommendation_update_form),
         on_api("POST", "/events/recommendations/{recommendation_id}/updates", "recommendation",
                data=recommendation_update_form)),
    Pair(on_page("events:recommendation", "draft_recommendation", data=recommendation_update_form),
         on_api("POST", "/events/recommendations/{recommendation_id}/updates", "draft_recommendation",
                data=recommendation_update_form)),
    Pair(on_page("events:recommendation", "recommendation", data=lambda w, role: {"text": "تم", "status": "done"}),
         on_api("POST", "/events/recommendations/{recommendation_id}/updates", "recommendation",
                data=lambda w, role: {"text": "تم", "status": "done"}), label="a move not allowed"),
    Pair(on_page("events:recommendation", "recommendation", data=lambda w, role: {"text": "متابعة دورية"}),
         on_api("POST", "/events/recommendations/{recommendation_id}/updates", "recommendation",
                data=lambda w, role: {"text": "متابعة دورية"}), label="no status change"),
    # ----------------------------------------------------------- partnerships (issue #12): `partnership`, signed and
    # published, recorded by `org` with `other_org` (oadm: the other party's admin); `draft_partnership`, org's draft
    # with a party not on the platform; `partnership_commitment` org's party's, `partnership_other_commitment` the
    # other party's (each party follows up its own); `draft_commitment` is a commitment of org's `draft_agreement`.
    Pair(on_page("partnerships:create", data=new_partnership_form),
         on_api("POST", "/partnerships", data=new_partnership_json)),
    Pair(on_page("partnerships:create", data=lambda w, role: {**new_partnership_form(w, role),
                                                               "organization": w.other_org.pk,
                                                               "parties-0-organization": w.other_org.pk}),
         on_api("POST", "/partnerships", data=lambda w, role: {**new_partnership_json(w, role),
                                                               "organization_id": w.other_org.pk, "parties": [
             {"organization_id": w.other_org.pk, "role": "first_party"},
             {"name_ar": "شركة معارف", "role": "second_party"}]}), label="recorded by other_org"),
    Pair(on_page("partnerships:create", data=lambda w, role: {**new_partnership_form(w, role), **{
             "starts_on": "2027-01-01", "ends_on": "2026-01-01"}}),
         on_api("POST", "/partnerships", data=lambda w, role: {**new_partnership_json(w, role), **{
             "starts_on": "2027-01-01", "ends_on": "2026-01-01"}}), label="ends before it starts"),
    Pair(on_page("partnerships:edit", "partnership", data=partnership_form),
         on_api("PATCH", "/partnerships/{agreement_id}", "partnership", data=partnership_edit_json)),
    Pair(on_page("partnerships:edit", "partnership", data=lambda w, role: {**partnership_form(w, role),
                                                                           "ends_on": "2025-12-31"}),
         on_api("PATCH", "/partnerships/{agreement_id}", "partnership",
                data=lambda w, role: {**partnership_edit_json(w, role), "ends_on": "2025-12-31"}),
         label="ends before it starts"),
    Pair(on_page("partnerships:delete", "draft_partnership"),
         on_api("DELETE", "/partnerships/{agreement_id}", "draft_partnership"), label="a draft"),
    Pair(on_page("partnerships:delete", "partnership"),
         on_api("DELETE", "/partnerships/{agreement_id}", "partnership"), label="a signed one"),
    Pair(on_page("partnerships:terminate", "partnership", data=lambda w, role: TERMINATION),
         on_api("POST", "/partnerships/{agreement_id}/terminate", "partnership", data=lambda w, role: TERMINATION)),
    Pair(on_page("partnerships:terminate", "draft_partnership", data=lambda w, role: TERMINATION),
         on_api("POST", "/partnerships/{agreement_id}/terminate", "draft_partnership",
                data=lambda w, role: TERMINATION), label="a draft"),
    Pair(on_page("partnerships:terminate", "partnership", data=lambda w, role: {**TERMINATION,
                                                                                "terminated_on": "2026-01-01"}),
         on_api("POST", "/partnerships/{agreement_id}/terminate", "partnership",
                data=lambda w, role: {**TERMINATION, "terminated_on": "2026-01-01"}), label="before it starts"),
    Pair(on_page("partnerships:renew", "partnership", data=lambda w, role: RENEWAL),
         on_api("POST", "/partnerships/{agreement_id}/renew", "partnership", data=lambda w, role: RENEWAL)),
    Pair(on_page("partnerships:renew", "partnership", data=lambda w, role: {**RENEWAL, "ends_on": "2028-01-01"}),
         on_api("POST", "/partnerships/{agreement_id}/renew", "partnership",
                data=lambda w, role: {**RENEWAL, "ends_on": "2028-01-01"}), label="ends before it starts"),
    Pair(on_page("partnerships:commitment_create", "partnership", data=partnership_commitment_form),
         on_api("POST", "/partnerships/{agreement_id}/commitments", "partnership", data=partnership_commitment_json)),
    Pair(on_page("partnerships:commitment_create", "draft_partnership", data=partnership_commitment_form),
         on_api("POST", "/partnerships/{agreement_id}/commitments", "draft_partnership",
                data=partnership_commitment_json), label="a party of another agreement"),
    Pair(on_page("partnerships:commitment_edit", "partnership_commitment", data=partnership_commitment_form),
         on_api("PATCH", "/partnerships/{agreement_id}/commitments/{commitment_id}", "partnership_commitment",
                data=partnership_commitment_json)),
    Pair(on_page("partnerships:commitment_delete", "partnership_commitment"),
         on_api("DELETE", "/partnerships/{agreement_id}/commitments/{commitment_id}", "partnership_commitment")),
    Pair(on_page("partnerships:follow_up", "partnership_other_commitment", data=partnership_follow_up),
         on_api("POST", "/partnerships/{agreement_id}/commitments/{commitment_id}/updates",
                "partnership_other_commitment", data=partnership_follow_up_json), label="the other party's"),
    Pair(on_page("partnerships:follow_up", "partnership_commitment", data=partnership_follow_up),
         on_api("POST", "/partnerships/{agreement_id}/commitments/{commitment_id}/updates",
                "partnership_commitment", data=partnership_follow_up_json), label="the recording party's"),
    Pair(on_page("partnerships:follow_up", "partnership_other_commitment",
                 data=lambda w, role: {**partnership_follow_up(w, role), "happened_on": "2099-01-01"}),
         on_api("POST", "/partnerships/{agreement_id}/commitments/{commitment_id}/updates",
                "partnership_other_commitment",
                data=lambda w, role: {**partnership_follow_up_json(w, role), "happened_on": "2099-01-01"}),
         label="in the future"),
    Pair(on_page("partnerships:follow_up", "draft_commitment", data=partnership_follow_up),
         on_api("POST", "/partnerships/{agreement_id}/commitments/{commitment_id}/updates", "draft_commitment",
                data=partnership_follow_up_json), label="a draft's"),
    Pair(on_page("partnerships:comment_add", "partnership", data=lambda w, role: {"body": "نقترح اجتماعا شهريا"}),
         on_api("POST", "/partnerships/{agreement_id}/comments", "partnership",
                data=lambda w, role: {"body": "نقترح اجتماعا شهريا"})),
    Pair(on_page("partnerships:comment_add", "draft_partnership", data=lambda w, role: {"body": "نقترح اجتماعا شهريا"}),
         on_api("POST", "/partnerships/{agreement_id}/comments", "draft_partnership",
                data=lambda w, role: {"body": "نقترح اجتماعا شهريا"}), label="a draft"),
]

# Writes with no counterpart on the other side, and why.
PAGE_ONLY = {
    "accounts:signup": "signing up is a page (the API is for people who have an account)",
    "accounts:profile": "one's own profile: a page; the API reads it (GET /accounts/me)",
    "accounts:password_change": "a password is changed on a page only, never with a token",
    "accounts:tokens": "API tokens are created on a page (a session that passed the second factor), never by the API",
    "accounts:token_revoke": "API tokens are managed on their page only",
    "accounts:two_factor_setup": "the second factor is set up in a browser session; an API token cannot stand in for it",
    "accounts:two_factor_verify": "the second factor completes a browser sign-in; token calls never ask for it",
    "accounts:two_factor_disable": "the second factor is managed on the security page only, never with a token",
    "accounts:recovery_codes_regenerate": "recovery codes are shown once, on the security page only",
    "taxonomy:glossary_term_create": "the glossary is curated on pages; the API reads it",
    "taxonomy:glossary_term_edit": "the glossary is curated on pages; the API reads it",
    **dict.fromkeys(
        ("events:create", "events:edit", "events:manage_sessions", "events:session_edit", "events:manage_speakers",
         "events:speaker_edit", "events:decide"),
        "events are managed on the organiser's pages; the API for managing events comes with the rest of issue #11",
    ),
    **dict.fromkeys(
        ("events:book_session", "events:unbook_session"),
        "a seat in a session is booked and released on the agenda page; the API reads the agenda and registers for "
        "the event, booking sessions comes with the rest of issue #11",
    ),
    "events:question_withdraw": "the asker withdraws a pending question on the session's page; the API of issue #11 "
                                "names ask, vote and moderate only",
    "events:feedback_give": "feedback on the sessions is given on the event's feedback page after it ends; issue #11 "
                            "names no feedback operation in the API",
}
PAGE_ONLY["events:recommendation_edit"] = (
    "a recommendation's text, axis, responsible organisation and due date are corrected on the organiser's page; "
    "the API records recommendations and their follow-up")
PAGE_ONLY.update(dict.fromkeys(
    ("events:manage_exhibition", "events:showcase_add", "events:booth_delete", "events:showcase_assign",
     "events:showcase_remove"),
    "the exhibition's booths and initiatives are set up on the organisers' tab; the API reads the exhibition and "
    "takes likes, comments and their moderation"))
PAGE_ONLY.update(dict.fromkeys(
    ("events:manage_news", "events:news_edit", "events:manage_photos", "events:photo_edit"),
    "an event's news and photos (uploaded several at once) are managed on its organiser's pages; the API reads them "
    "(GET …/news, …/photos; …/agreements reads the partnerships agreements signed at the event)"))
PAGE_ONLY["events:certificates_issue_all"] = (
    "the organiser issues attendance certificates on the event's certificates tab; the API verifies them by code")
PAGE_ONLY["events:certificate_revoke"] = (
    "a certificate is revoked, with its reason, on the organiser's certificates tab; the API verifies them by code")
# ---- partnerships (issue #12): what the API does not do (it records agreements, their commitments and follow-up,
# terminations, renewals and comments: paired above).
PAGE_ONLY["partnerships:unpublish"] = (
    "moderation: the region's coordinator (or a platform admin) takes an agreement off the public register with one "
    "button on its page; the API has no moderation operation (its PATCH is_published is the recording "
    "organisation's own choice, paired above)")
PAGE_ONLY.update(dict.fromkeys(
    ("partnerships:documents", "partnerships:document_delete"),
    "an agreement's documents are files kept private (protected_file_response) and managed on its documents page; "
    "the API lists them with the URL of the page that checks who asks"))
PAGE_ONLY["partnerships:comment_delete"] = (
    "a comment is deleted by its author or a moderator on the agreement's page; the API reads and adds comments")
# ---- awards (issue #13): what the awards API does not do (the rest is paired in AWARD_PAIRS below).
PAGE_ONLY.update(dict.fromkeys(
    ("awards:evidence_add", "awards:evidence_delete"),
    "an application's evidence files are uploaded and removed on the applicant's page (validated uploads kept "
    "private); the API reads the application and names its evidence, it takes no file"))
PAGE_ONLY["awards:sheet_autosave"] = (
    "the scoring page's own JSON autosave (its form's fields, a draft only, for the page's script); the API saves a "
    "sheet with PUT /awards/sheets/{sheet_id} (paired with the scoring form)")
PAGE_ONLY["awards:deliberation"] = (
    "deliberation notes, the winners and their citations, the people's choice vote opened or closed and the "
    "publication are decided on the organisers' deliberation page; the awards API reads the results and takes "
    "votes, it has no deliberation operation")
API_ONLY: dict[str, str] = {
    "DELETE /events/{event_id}/exhibition/{showcase_id}/like": "the page's heart is one toggling form, paired with "
                                                              "POST …/like; the API unlikes with DELETE",
}

# ---- awards (issue #13): each awards page form and the API operation that does the same, on the records of
# matrix._awards_world / _awards_setup_world (organiser: edit, adm, padm; applicant: oadm; judge: res; recused: ocrd).
def _award(name: str):
    return lambda w: w.records[name].pk


def award_cycle_json(w, role) -> dict:
    """award_cycle_form's fields (the page reads them in Riyadh's time)."""
    return {"year": 2027, "title_ar": "الدورة السادسة", "nominations_open_at": "2026-01-01T08:00:00+03:00",
            "nominations_close_at": "2030-12-31T23:59:59+03:00", "feedback_to_applicants": True}


def award_category_json(w, role) -> dict:
    return {"kind": "initiative", "name_ar": "أفضل مبادرة شبابية", "judges_per_application": 2, "winner_places": 3}


def award_application_json(w, role) -> dict:
    form = matrix_tests.award_application_form(w, role)
    question = w.records["award_open_category"].questions.get()
    return {"category_id": w.records["award_open_category"].pk, "organization_id": w.other_org.pk,
            "title_ar": form["title_ar"], "answers": {str(question.pk): form[f"answer_{question.pk}"]}}


def award_application_edit_json(w, role) -> dict:
    data = award_application_json(w, role)
    return {"title_ar": "فريق الحي التطوعي المطور", "answers": data["answers"]}


def award_draft_as_it_is(w, role) -> dict:
    """The edit form re-sending the draft as it is (its title and answer): submitting changes nothing else."""
    draft = w.records["award_draft_application"]
    question = w.records["award_open_category"].questions.get()
    return {**matrix_tests.award_application_form(w, role), "title_ar": draft.title_ar,
            f"answer_{question.pk}": draft.answers[str(question.pk)]}


def award_sheet_json(w, role) -> dict:
    return {"scores": [{"criterion_id": c.pk, "value": 6} for c in w.award_category.criteria.all()]}


def award_round_json(**extra):
    return lambda w, role: extra


def award_sheet_submitted(w) -> None:
    """The resident's sheet scored and submitted: the round can close."""
    from musharaka.awards import services as awards
    from musharaka.awards.models import Scoresheet

    awards.sheet_save(actor=w.users["resident"], sheet=Scoresheet.objects.get(pk=w.award_sheet.pk), submit=True,
                      scores={criterion.pk: (7, "") for criterion in w.award_category.criteria.all()})


AWARD_CYCLE_ID = {"cycle_id": _award("award_cycle")}
AWARD_ROUND_ID = {"round_id": _award("award_round")}
AWARD_SHEET_ID = {"sheet_id": _award("award_sheet")}
AWARD_PAIRS = [
    # applications
    Pair(on_page("awards:apply", data=matrix_tests.award_application_form, category_id=_award("award_open_category")),
         on_api("POST", "/awards/applications", data=award_application_json), label="a draft"),
    Pair(on_page("awards:application_edit", data=lambda w, role: {
             **matrix_tests.award_application_form(w, role), "title_ar": "فريق الحي التطوعي المطور"},
             application_id=_award("award_draft_application")),
         on_api("PATCH", "/awards/applications/{application_id}", data=award_application_edit_json,
                application_id=_award("award_draft_application")), label="draft"),
    Pair(on_page("awards:application_edit", data=lambda w, role: {
             **award_draft_as_it_is(w, role), "action": "submit"}, application_id=_award("award_draft_application")),
         on_api("POST", "/awards/applications/{application_id}/submit",
                application_id=_award("award_draft_application")), label="submit",
         differs={"other_admin": Difference("done", "done", "the page's submit button saves the form first (one more "
                                                            "history row, of the unchanged draft), then submits; the "
                                                            "API submits the draft as it is")}),
    Pair(on_page("awards:application_withdraw", data=lambda w, role: {"reason": "ظروف طارئة"},
                 application_id=_award("award_submitted_application")),
         on_api("POST", "/awards/applications/{application_id}/withdraw", data=lambda w, role: {"reason": "ظروف طارئة"},
                application_id=_award("award_submitted_application")), label="submitted"),
    Pair(on_page("awards:application_delete", application_id=_award("award_draft_application")),
         on_api("DELETE", "/awards/applications/{application_id}", application_id=_award("award_draft_application")),
         label="draft"),
    Pair(on_page("awards:eligibility", cycle_id=_award("award_check_cycle"), data=lambda w, role: {
             "application": str(w.records["award_submitted_application"].pk), "decision": "eligible"}),
         on_api("POST", "/awards/applications/{application_id}/eligibility", data=lambda w, role: {"eligible": True},
                application_id=_award("award_submitted_application")), label="eligible",
         differs=dict.fromkeys(("resident", "viewer", "coordinator", "other_coordinator"), Difference(
             "403", "404", "the page is the cycle's (a public one: not running it is refused); the API names the "
                           "application, which these people may not see (not found, as on every awards read)"))),
    Pair(on_page("awards:eligibility", cycle_id=_award("award_check_cycle"), data=lambda w, role: {
             "application": str(w.records["award_submitted_application"].pk), "decision": "ineligible",
             "reason": "لا"}),
         on_api("POST", "/awards/applications/{application_id}/eligibility",
                data=lambda w, role: {"eligible": False, "reason": "لا"},
                application_id=_award("award_submitted_application")), label="not eligible, no real reason",
         differs=dict.fromkeys(("resident", "viewer", "coordinator", "other_coordinator"), Difference(
             "403", "404", "the page is the cycle's; the API names an application these people may not see"))),
    Pair(on_page("awards:application_withdraw", data=lambda w, role: {"reason": "ظروف طارئة"},
                 application_id=_award("award_application")),
         on_api("POST", "/awards/applications/{application_id}/withdraw", data=lambda w, role: {"reason": "ظروف طارئة"},
                application_id=_award("award_application")), label="in judging"),
    Pair(on_page("awards:invitations", data=lambda w, role: {"judge": str(w.records["award_judge"].pk),
                                                              "response": "decline"}),
         on_api("POST", "/awards/invitations/{judge_id}/respond", data=lambda w, role: {"accept": False},
                judge_id=_award("award_judge")), label="decline"),
    # the judge's sheet
    Pair(on_page("awards:sheet", data=matrix_tests.award_sheet_form, **AWARD_SHEET_ID),
         on_api("PUT", "/awards/sheets/{sheet_id}", data=award_sheet_json, **AWARD_SHEET_ID), label="draft"),
    Pair(on_page("awards:sheet", data=lambda w, role: {**matrix_tests.award_sheet_form(w, role), "action": "submit"},
                 **AWARD_SHEET_ID),
         on_api("POST", "/awards/sheets/{sheet_id}/submit", data=award_sheet_json, **AWARD_SHEET_ID), label="submit"),
    Pair(on_page("awards:sheet", data=lambda w, role: {"action": "submit"}, **AWARD_SHEET_ID),
         on_api("POST", "/awards/sheets/{sheet_id}/submit", **AWARD_SHEET_ID), label="submit unscored"),
    Pair(on_page("awards:sheet_conflict", data=lambda w, role: {"reason": "أعمل مستشارًا للجمعية المتقدمة"},
                 **AWARD_SHEET_ID),
         on_api("POST", "/awards/sheets/{sheet_id}/conflict",
                data=lambda w, role: {"reason": "أعمل مستشارًا للجمعية المتقدمة"}, **AWARD_SHEET_ID)),
    # panels and rounds
    Pair(on_page("awards:panels", data=matrix_tests.award_round_form("normalise", normalise="on"), **AWARD_CYCLE_ID),
         on_api("PATCH", "/awards/rounds/{round_id}", data=award_round_json(normalise=True), **AWARD_ROUND_ID),
         label="normalise"),
    Pair(on_page("awards:panels", data=matrix_tests.award_round_form("assign"), **AWARD_CYCLE_ID),
         on_api("POST", "/awards/rounds/{round_id}/assign", **AWARD_ROUND_ID), label="assign"),
    Pair(on_page("awards:panels", data=lambda w, role: {"action": "add", "round": w.award_round.pk,
                                                         "judge": w.award_judge.pk}, **AWARD_CYCLE_ID),
         on_api("POST", "/awards/rounds/{round_id}/panel", data=lambda w, role: {"judge_id": w.award_judge.pk},
                **AWARD_ROUND_ID), label="add a seated judge"),
    Pair(on_page("awards:panels", data=lambda w, role: {"action": "remove", "round": w.award_round.pk,
                                                         "judge": w.award_judge.pk}, **AWARD_CYCLE_ID),
         on_api("DELETE", "/awards/rounds/{round_id}/panel/{judge_id}", judge_id=_award("award_judge"),
                **AWARD_ROUND_ID), label="remove"),
    Pair(on_page("awards:ranking", data=lambda w, role: {"action": "close"}, **AWARD_ROUND_ID),
         on_api("POST", "/awards/rounds/{round_id}/close", **AWARD_ROUND_ID), label="close, nothing submitted"),
    Pair(on_page("awards:ranking", data=lambda w, role: {"action": "close"}, **AWARD_ROUND_ID),
         on_api("POST", "/awards/rounds/{round_id}/close", **AWARD_ROUND_ID), label="close, every sheet submitted",
         prepare=award_sheet_submitted),
    Pair(on_page("awards:ranking", data=lambda w, role: {"action": "advance", "count": "1"}, **AWARD_ROUND_ID),
         on_api("POST", "/awards/rounds/{round_id}/advance", data=lambda w, role: {"count": 1}, **AWARD_ROUND_ID),
         label="advance an open round"),
    # the jury
    Pair(on_page("awards:judges", data=lambda w, role: {"action": "invite", "person": w.users["viewer"].username},
                 cycle_id=_award("award_open_cycle")),
         on_api("POST", "/awards/cycles/{cycle_id}/judges", data=lambda w, role: {"user": w.users["viewer"].username},
                cycle_id=_award("award_open_cycle"))),
    Pair(on_page("awards:invitations", data=lambda w, role: {"judge": str(w.records["award_judge"].pk),
                                                              "response": "accept"}),
         on_api("POST", "/awards/invitations/{judge_id}/respond", data=lambda w, role: {"accept": True},
                judge_id=_award("award_judge"))),
    # the cycle's phases, programmes and cycles
    Pair(on_page("awards:cycle_advance", cycle_id=_award("award_draft_cycle")),
         on_api("POST", "/awards/cycles/{cycle_id}/advance", cycle_id=_award("award_draft_cycle")), label="draft"),
    Pair(on_page("awards:cycle_advance", cycle_id=_award("award_cycle")),
         on_api("POST", "/awards/cycles/{cycle_id}/advance", cycle_id=_award("award_cycle")), label="judging"),
    Pair(on_page("awards:programme_create",
                 data=lambda w, role: {"organization": str(w.org.pk), "name_ar": "جائزة المشاركة المجتمعية"}),
         on_api("POST", "/awards/programmes",
                data=lambda w, role: {"organization_id": w.org.pk, "name_ar": "جائزة المشاركة المجتمعية"})),
    Pair(on_page("awards:programme_edit", data=lambda w, role: {"name_ar": "جائزة التنمية المحلية المطورة"},
                 programme_id=_award("award_programme")),
         on_api("PATCH", "/awards/programmes/{programme_id}",
                data=lambda w, role: {"name_ar": "جائزة التنمية المحلية المطورة", "name_en": "", "description_ar": ""},
                programme_id=_award("award_programme")), label="the page's whole form"),
    Pair(on_page("awards:cycle_create", data=lambda w, role: {**matrix_tests.award_cycle_form(w, role), "year": "2031"},
                 programme_id=_award("award_programme")),
         on_api("POST", "/awards/programmes/{programme_id}/cycles",
                data=lambda w, role: {**award_cycle_json(w, role), "year": 2031}, programme_id=_award("award_programme"))),
    Pair(on_page("awards:cycle_edit", data=matrix_tests.award_cycle_form, cycle_id=_award("award_open_cycle")),
         on_api("PATCH", "/awards/cycles/{cycle_id}", data=award_cycle_json, cycle_id=_award("award_open_cycle")),
         label="nominations"),
    # categories, criteria and questions of the draft cycle
    Pair(on_page("awards:cycle_setup", data=matrix_tests.award_category_form, cycle_id=_award("award_draft_cycle")),
         on_api("POST", "/awards/cycles/{cycle_id}/categories", data=award_category_json,
                cycle_id=_award("award_draft_cycle"))),
    Pair(on_page("awards:category_edit", data=matrix_tests.award_category_form,
                 category_id=_award("award_draft_category")),
         on_api("PATCH", "/awards/categories/{category_id}", data=award_category_json,
                category_id=_award("award_draft_category"))),
    Pair(on_page("awards:criterion_add", data=lambda w, role: {"name_ar": "الاستدامة", "weight": "20"},
                 category_id=_award("award_draft_category")),
         on_api("POST", "/awards/categories/{category_id}/criteria",
                data=lambda w, role: {"name_ar": "الاستدامة", "weight": 20}, category_id=_award("award_draft_category"))),
    Pair(on_page("awards:criterion_edit", data=lambda w, role: {"name_ar": "الأثر المجتمعي", "weight": "100"},
                 criterion_id=_award("award_draft_criterion")),
         on_api("PATCH", "/awards/criteria/{criterion_id}", data=lambda w, role: {"name_ar": "الأثر المجتمعي",
                                                                                 "weight": 100},
                criterion_id=_award("award_draft_criterion"))),
    Pair(on_page("awards:question_add", data=lambda w, role: {"text_ar": "كم عدد المتطوعين؟", "max_length": "500",
                                                               "required": "on"},
                 category_id=_award("award_draft_category")),
         on_api("POST", "/awards/categories/{category_id}/questions",
                data=lambda w, role: {"text_ar": "كم عدد المتطوعين؟", "max_length": 500, "required": True},
                category_id=_award("award_draft_category"))),
    Pair(on_page("awards:question_edit", data=lambda w, role: {"text_ar": "ما أثر الفريق في الحي؟", "max_length": "800"},
                 question_id=_award("award_draft_question")),
         on_api("PATCH", "/awards/questions/{question_id}",
                data=lambda w, role: {"text_ar": "ما أثر الفريق في الحي؟", "max_length": 800, "required": False},
                question_id=_award("award_draft_question"))),
    *[Pair(on_page("awards:setup_delete", cycle_id=_award("award_draft_cycle"),
                   data=lambda w, role, k=kind, r=record: {"kind": k, "id": str(w.records[r].pk)}),
           on_api("DELETE", path, **{name: _award(record)}), label=kind)
      for kind, path, name, record in (
          ("question", "/awards/questions/{question_id}", "question_id", "award_draft_question"),
          ("criterion", "/awards/criteria/{criterion_id}", "criterion_id", "award_draft_criterion"),
          ("category", "/awards/categories/{category_id}", "category_id", "award_draft_category"))],
    # the people's choice (open in the deliberation cycle)
    Pair(on_page("awards:vote", data=lambda w, role: {"application": w.award_deliberation_application.pk},
                 category_id=_award("award_deliberation_category")),
         on_api("POST", "/awards/applications/{application_id}/vote",
                application_id=_award("award_deliberation_application")), label="open"),
]
PAIRS += AWARD_PAIRS


# ---- results (issue #14, results): each results page form and the API operation that does the same, on the records
# of matrix._results_world (org's editor and admin report, its admin approves; never the author).
def _rec(name: str):
    return lambda w: w.records[name].pk


RESULT_OWNER_ARGS: dict[str, Any] = {"owner_kind": "initiative", "owner_id": lambda w: w.approved.pk}
RESULT_INDICATOR_FORM = {"title_ar": "عدد الأشجار المزروعة", "measure": "unit", "ascending": "on", "unit_ar": "شجرة"}
RESULT_INDICATOR_JSON = {"title_ar": "عدد الأشجار المزروعة", "measure": "unit", "ascending": True, "unit_ar": "شجرة"}
RESULT_PAIRS = [
    Pair(on_page("results:result_create", data=lambda w, role: {"level": "output", "title_ar": "زيادة المساحات الخضراء"},
                 **RESULT_OWNER_ARGS),
         on_api("POST", "/results/owners/{owner_kind}/{owner_id}",
                data=lambda w, role: {"level": "output", "title_ar": "زيادة المساحات الخضراء"}, **RESULT_OWNER_ARGS)),
    Pair(on_page("results:result_edit", data=lambda w, role: {"level": "outcome", "title_ar": "تحسين نظافة الأحياء"},
                 result_id=_rec("result")),
         on_api("PATCH", "/results/{result_id}", data=lambda w, role: {"level": "outcome",
                                                                        "title_ar": "تحسين نظافة الأحياء"},
                result_id=_rec("result"))),
    Pair(on_page("results:result_edit", data=lambda w, role: {"delete": "1"}, result_id=_rec("result_spare")),
         on_api("DELETE", "/results/{result_id}", result_id=_rec("result_spare")), label="delete"),
    Pair(on_page("results:indicator_create", data=lambda w, role: RESULT_INDICATOR_FORM, result_id=_rec("result")),
         on_api("POST", "/results/{result_id}/indicators", data=lambda w, role: RESULT_INDICATOR_JSON,
                result_id=_rec("result"))),
    Pair(on_page("results:indicator_edit", data=lambda w, role: {"delete": "1"},
                 indicator_id=_rec("result_spare_indicator")),
         on_api("DELETE", "/results/indicators/{indicator_id}", indicator_id=_rec("result_spare_indicator")),
         label="delete"),
    Pair(on_page("results:period_create", data=lambda w, role: {"start": "2027-01-01", "end": "2027-06-30",
                                                                 "target_value": "40"},
                 indicator_id=_rec("result_indicator")),
         on_api("POST", "/results/indicators/{indicator_id}/periods",
                data=lambda w, role: {"start": "2027-01-01", "end": "2027-06-30", "target_value": "40"},
                indicator_id=_rec("result_indicator"))),
    Pair(on_page("results:period_edit", data=lambda w, role: {"action": "lock"}, period_id=_rec("result_period")),
         on_api("POST", "/results/periods/{period_id}/lock", data=lambda w, role: {"locked": True},
                period_id=_rec("result_period")), label="lock"),
    Pair(on_page("results:period_edit", data=lambda w, role: {"action": "delete"},
                 period_id=_rec("result_spare_period")),
         on_api("DELETE", "/results/periods/{period_id}", period_id=_rec("result_spare_period")), label="delete"),
    Pair(on_page("results:update_create", data=lambda w, role: {"value": "4", "narrative": "حملة السبت"},
                 period_id=_rec("result_period")),
         on_api("POST", "/results/periods/{period_id}/updates",
                data=lambda w, role: {"value": "4", "narrative": "حملة السبت"}, period_id=_rec("result_period"))),
    Pair(on_page("results:update", data=lambda w, role: {"action": "submit"}, update_id=_rec("result_draft")),
         on_api("POST", "/results/updates/{update_id}/submit", update_id=_rec("result_draft")), label="submit"),
    Pair(on_page("results:update", data=lambda w, role: {"action": "approve"}, update_id=_rec("result_pending")),
         on_api("POST", "/results/updates/{update_id}/approve", data=lambda w, role: {},
                update_id=_rec("result_pending")), label="approve"),
    Pair(on_page("results:update", data=lambda w, role: {"action": "return", "comment": "أرفق صور الحملة"},
                 update_id=_rec("result_pending")),
         on_api("POST", "/results/updates/{update_id}/return", data=lambda w, role: {"comment": "أرفق صور الحملة"},
                update_id=_rec("result_pending")), label="return"),
    Pair(on_page("results:update", data=lambda w, role: {"action": "delete"}, update_id=_rec("result_draft")),
         on_api("DELETE", "/results/updates/{update_id}", update_id=_rec("result_draft")), label="delete"),
    Pair(on_page("results:update", data=lambda w, role: {"action": "remove_evidence",
                                                         "evidence": str(w.result_evidence.pk)},
                 update_id=_rec("result_draft")),
         on_api("DELETE", "/results/evidence/{evidence_id}", evidence_id=_rec("result_evidence")),
         label="remove evidence"),
]
PAIRS += RESULT_PAIRS
PAGE_ONLY["results:update_edit"] = (
    "the update's edit form re-sends every figure, its breakdown and an optional evidence file at once; the API "
    "changes the figures with PATCH /results/updates/{update_id} and adds a file with POST …/evidence (paired with "
    "the matrix rows; one page form is two API operations)")
API_ONLY.update({
    "PATCH /results/updates/{update_id}": "the page's update edit form also takes a file at once (PAGE_ONLY "
                                          "results:update_edit)",
    "POST /results/updates/{update_id}/evidence": "the page adds evidence with the update form itself "
                                                  "(results:update_create / update_edit)",
    "PATCH /results/indicators/{indicator_id}": "the page's indicator form re-sends every field and the "
                                                "disaggregations; the API changes only what it is given",
    "PATCH /results/periods/{period_id}": "the page's period form re-sends the whole period; the API changes only "
                                          "what it is given",
})


# ---- plans (issue #14, parity14): each plans page form (views.py, needs_views.py) and the API operation that does
# the same, on the records of matrix._plans_needs_world (needs_plan in consultation, need_a/b/c, needs_goal) and
# matrix._plans_planpages_world (plan_open in consultation, plan_approved, their goals, actions, risk and review).
# org's editor and admin are the authority's staff; the coordinator moderates needs (the team) but does not change
# the plan; other_admin leads plan_approved_action; anyone signed in submits and votes.
def plan_category(w) -> int:
    from musharaka.plans.models import NeedCategory

    category = NeedCategory.objects.order_by("pk").first()
    assert category is not None  # the need categories are seeded by a migration
    return category.pk


def plan_edit_json(w, role) -> dict:
    form = matrix_tests.plan_form(w, role)
    return {"title_ar": form["title_ar"], "region_id": form["region"], "start_year": form["start_year"],
            "end_year": form["end_year"], "matrix_share": form["matrix_share"]}


def plan_action_json(w, role) -> dict:
    return {"title_ar": "إنشاء ممشى مضاء في الحي", "lead_organization_id": w.other_org.pk, "currency": "SAR",
            "funding_source": "municipal", "status": "planned", "position": 1}


def plan_risk_json(w, role) -> dict:
    return {"title": "ضعف مشاركة الشباب في الاستشارة", "category": "social", "likelihood": 2, "impact": 3,
            "owner": "فريق الخطة", "status": "open"}


def plan_need_json(w, role) -> dict:
    form = matrix_tests.need_form(w, role)
    return {"title": form["title"], "description": form["description"], "category_id": form["category"],
            "group": form["group"]}


def plan_team_need_form(w, role) -> dict:
    form = matrix_tests.need_form(w, role)
    return {"action": "add", "add-title": form["title"], "add-description": form["description"],
            "add-category": form["category"], "add-source": "study"}


def plan_team_need_json(w, role) -> dict:
    """The team's form: no participant group, a source."""
    return {**{k: v for k, v in plan_need_json(w, role).items() if k != "group"}, "source": "study"}


def plan_first_criterion(w):
    return w.records["needs_plan"].criteria.order_by("position", "pk").first()


PLAN_OPEN_ID = {"plan_id": _rec("plan_open")}
NEEDS_PLAN_ID = {"plan_id": _rec("needs_plan")}
PLAN_TEAM = ("editor", "admin", "coordinator", "platform_admin")
# The team's need: the API's one operation records it as the team's (need_add); on pages the team has its own form
# on the moderation page (paired below) and the public submit form stays the participant's (need_submit).
TEAM_NEED_ON_SUBMIT = Difference("done", "done", "the team's need: the API records it as the team's (need_add, "
                                                 "source coordinator), the public submit page as a participant's; "
                                                 "the team's page form is the moderation page's (paired)")
NO_SOURCE_FOR_RESIDENTS = Difference("403", "invalid", "the API's POST …/needs is also the participants' submit: "
                                                       "one who is not of the team and names a source is told only "
                                                       "the team says where a need comes from (400)")
PLAN_PAIRS = [
    # the plan
    Pair(on_page("plans:create", data=matrix_tests.plan_create_form),
         on_api("POST", "/plans", data=lambda w, role: {**plan_edit_json(w, role),
                                                        "organization_id": w.records["plans_authority"].pk})),
    Pair(on_page("plans:edit", data=matrix_tests.plan_form, **PLAN_OPEN_ID),
         on_api("PATCH", "/plans/{plan_id}", data=plan_edit_json, **PLAN_OPEN_ID)),
    Pair(on_page("plans:delete", plan_id=_rec("plan_draft")),
         on_api("DELETE", "/plans/{plan_id}", plan_id=_rec("plan_draft")), label="a draft"),
    Pair(on_page("plans:move", data=lambda w, role: {"target": "draft"}, **PLAN_OPEN_ID),
         on_api("POST", "/plans/{plan_id}/move", data=lambda w, role: {"target": "draft"}, **PLAN_OPEN_ID),
         label="back to draft"),
    Pair(on_page("plans:vision", data=lambda w, role: {"vision_ar": "حي أخضر آمن يشارك سكانه في قراره"},
                 **PLAN_OPEN_ID),
         on_api("PATCH", "/plans/{plan_id}", data=lambda w, role: {"vision_ar": "حي أخضر آمن يشارك سكانه في قراره"},
                **PLAN_OPEN_ID), label="vision"),
    Pair(on_page("plans:partners", data=lambda w, role: {"partners": [w.other_org.pk]}, **PLAN_OPEN_ID),
         on_api("PATCH", "/plans/{plan_id}", data=lambda w, role: {"partner_ids": [w.other_org.pk]}, **PLAN_OPEN_ID),
         label="partners"),
    # goals and actions
    Pair(on_page("plans:goal_create", data=lambda w, role: {"title_ar": "خدمات صحية قريبة من السكان", "position": 2},
                 **PLAN_OPEN_ID),
         on_api("POST", "/plans/{plan_id}/goals", data=lambda w, role: {"title_ar": "خدمات صحية قريبة من السكان",
                                                                         "position": 2}, **PLAN_OPEN_ID)),
    Pair(on_page("plans:goal_edit", data=lambda w, role: {"title_ar": "أحياء خضراء ومضاءة للجميع", "position": 0},
                 goal_id=_rec("plan_goal")),
         on_api("PATCH", "/plans/goals/{goal_id}", data=lambda w, role: {"title_ar": "أحياء خضراء ومضاءة للجميع",
                                                                          "position": 0}, goal_id=_rec("plan_goal"))),
    Pair(on_page("plans:goal_delete", goal_id=_rec("plan_spare_goal")),
         on_api("DELETE", "/plans/goals/{goal_id}", goal_id=_rec("plan_spare_goal"))),
    Pair(on_page("plans:action_create", data=matrix_tests.plan_action_form, goal_id=_rec("plan_goal")),
         on_api("POST", "/plans/goals/{goal_id}/actions", data=plan_action_json, goal_id=_rec("plan_goal"))),
    Pair(on_page("plans:action_edit", data=matrix_tests.plan_action_form, action_id=_rec("plan_action")),
         on_api("PATCH", "/plans/actions/{action_id}",
                data=lambda w, role: {**plan_action_json(w, role), "goal_id": w.records["plan_goal"].pk,
                                      # the page's form re-sends them all: left empty, they are cleared
                                      "budget": None, "start_date": None, "end_date": None},
                action_id=_rec("plan_action"))),
    Pair(on_page("plans:action_delete", action_id=_rec("plan_spare_action")),
         on_api("DELETE", "/plans/actions/{action_id}", action_id=_rec("plan_spare_action"))),
    Pair(on_page("plans:action_report", data=lambda w, role: {"status": "in_progress"},
                 action_id=_rec("plan_approved_action")),
         on_api("POST", "/plans/actions/{action_id}/report", data=lambda w, role: {"status": "in_progress"},
                action_id=_rec("plan_approved_action"))),
    # reviews and risks
    Pair(on_page("plans:review_create", data=lambda w, role: {"kind": "annual", "held_on": "2026-12-15",
                                                              "findings_ar": "اكتملت أعمال التوسعة في موعدها"},
                 plan_id=_rec("plan_approved")),
         on_api("POST", "/plans/{plan_id}/reviews", data=lambda w, role: {
             "kind": "annual", "held_on": "2026-12-15", "findings_ar": "اكتملت أعمال التوسعة في موعدها"},
             plan_id=_rec("plan_approved"))),
    Pair(on_page("plans:review_delete", review_id=_rec("plan_review")),
         on_api("DELETE", "/plans/reviews/{review_id}", review_id=_rec("plan_review"))),
    Pair(on_page("plans:risk_create", data=matrix_tests.plan_risk_form, **PLAN_OPEN_ID),
         on_api("POST", "/plans/{plan_id}/risks", data=plan_risk_json, **PLAN_OPEN_ID)),
    Pair(on_page("plans:risk_edit", data=matrix_tests.plan_risk_form, risk_id=_rec("plan_risk")),
         on_api("PATCH", "/plans/risks/{risk_id}", data=plan_risk_json, risk_id=_rec("plan_risk"))),
    Pair(on_page("plans:risk_delete", risk_id=_rec("plan_risk")),
         on_api("DELETE", "/plans/risks/{risk_id}", risk_id=_rec("plan_risk"))),
    # needs: submitting, the team's need, moderation, votes
    Pair(on_page("plans:need_submit", data=matrix_tests.need_form, **NEEDS_PLAN_ID),
         on_api("POST", "/plans/{plan_id}/needs", data=plan_need_json, **NEEDS_PLAN_ID), label="a participant's",
         differs=dict.fromkeys(PLAN_TEAM, TEAM_NEED_ON_SUBMIT)),
    Pair(on_page("plans:moderation", data=plan_team_need_form, **NEEDS_PLAN_ID),
         on_api("POST", "/plans/{plan_id}/needs", data=plan_team_need_json, **NEEDS_PLAN_ID), label="the team's",
         differs=dict.fromkeys(("resident", "viewer", "other_admin", "other_coordinator"), NO_SOURCE_FOR_RESIDENTS)),
    Pair(on_page("plans:moderation", data=lambda w, role: {
             "need": w.need_c.pk, f"n{w.need_c.pk}-status": "rejected", f"n{w.need_c.pk}-reason": "خارج نطاق الخطة"},
             **NEEDS_PLAN_ID),
         on_api("POST", "/plans/needs/{need_id}/status", data=lambda w, role: {"status": "rejected",
                                                                                "reason": "خارج نطاق الخطة"},
                need_id=_rec("need_c")), label="set aside"),
    Pair(on_page("plans:need_merge", data=lambda w, role: {"duplicate": w.need_b.pk, "into": w.need_a.pk},
                 **NEEDS_PLAN_ID),
         on_api("POST", "/plans/needs/{need_id}/merge", data=lambda w, role: {"into_id": w.need_a.pk},
                need_id=_rec("need_b"))),
    Pair(on_page("plans:need_edit", data=matrix_tests.need_form, need_id=_rec("need_c")),
         on_api("PATCH", "/plans/needs/{need_id}", data=plan_need_json, need_id=_rec("need_c"))),
    Pair(on_page("plans:need_vote", data=lambda w, role: {"group": "women"}, need_id=_rec("need_c")),
         on_api("POST", "/plans/needs/{need_id}/vote", data=lambda w, role: {"group": "women"},
                need_id=_rec("need_c")), label="vote"),
    Pair(on_page("plans:need_vote", data=lambda w, role: {"action": "unvote"}, need_id=_rec("need_b")),
         on_api("DELETE", "/plans/needs/{need_id}/vote", need_id=_rec("need_b")), label="unvote",
         differs=dict.fromkeys(
             ("viewer", "editor", "admin", "other_admin", "coordinator", "other_coordinator", "platform_admin"),
             Difference("invalid", "404", "no vote to withdraw: the API's DELETE of a vote that does not exist is a "
                                          "404 (its documented answer); the page's button goes back with the message "
                                          "that there was no vote"))),
    # the scoring matrix
    Pair(on_page("plans:matrix", data=matrix_tests.need_scores, **NEEDS_PLAN_ID),
         on_api("PUT", "/plans/needs/{need_id}/scores", data=lambda w, role: {"scores": [
             {"criterion_id": c.pk, "score": 4} for c in w.needs_plan.criteria.all()]}, need_id=_rec("need_a")),
         label="scores"),
    Pair(on_page("plans:matrix", data=lambda w, role: {"action": "criterion", "new-name_ar": "الاستدامة",
                                                       "new-weight": "10"}, **NEEDS_PLAN_ID),
         on_api("POST", "/plans/{plan_id}/criteria", data=lambda w, role: {"name_ar": "الاستدامة", "weight": 10},
                **NEEDS_PLAN_ID), label="a criterion"),
    Pair(on_page("plans:matrix", data=lambda w, role: {
             "action": "criterion", "criterion": plan_first_criterion(w).pk,
             f"c{plan_first_criterion(w).pk}-name_ar": "شدة الحاجة", f"c{plan_first_criterion(w).pk}-weight": "30",
             f"c{plan_first_criterion(w).pk}-position": str(plan_first_criterion(w).position)}, **NEEDS_PLAN_ID),
         on_api("PATCH", "/plans/criteria/{criterion_id}", data=lambda w, role: {
             "name_ar": "شدة الحاجة", "weight": 30, "name_en": "", "guidance_ar": "", "guidance_en": ""},
             criterion_id=lambda w: plan_first_criterion(w).pk), label="edit a criterion"),
    Pair(on_page("plans:matrix", data=lambda w, role: {"action": "delete", "criterion": plan_first_criterion(w).pk},
                 **NEEDS_PLAN_ID),
         on_api("DELETE", "/plans/criteria/{criterion_id}", criterion_id=lambda w: plan_first_criterion(w).pk),
         label="delete a criterion"),
    # proven initiatives
    Pair(on_page("plans:replicate", data=lambda w, role: {f"i{w.completed.pk}-initiative": w.completed.pk,
                                                          f"i{w.completed.pk}-goal": w.needs_goal.pk},
                 need_id=_rec("need_a")),
         on_api("POST", "/plans/needs/{need_id}/replicate", data=lambda w, role: {
             "initiative_id": w.completed.pk, "goal_id": w.needs_goal.pk}, need_id=_rec("need_a"))),
]
PAIRS += PLAN_PAIRS
PAGE_ONLY["plans:need_evidence"] = (
    "a need's evidence (studies, statistics, residents' reports, with a file validated by its content and kept "
    "private) is added and removed on the team's evidence page; the plans API reads the needs, it takes no file")

# ---- impact (issue #15, parity15): each impact page form (views.py) and the API operation that does the same, on
# the records of matrix._impact_pages15_world (`approved` is org's initiative: org's editor and admin prepare;
# pages15_draft, pages15_review sent by the editor, pages15_published; `coordinator` and `other_coordinator` are
# impact reviewers). The page's forms re-send every field; the API's PATCH is given the same fields.
IMPACT_OWNER_ARGS: dict[str, Any] = {"owner_kind": "initiative", "owner_id": lambda w: w.approved.pk}
IMPACT_DRAFT_ID = {"analysis_id": _rec("pages15_draft")}
IMPACT_REVIEW_ID = {"analysis_id": _rec("pages15_review")}
IMPACT_LOGIC_MODEL = {"assumptions_ar": "يستمر دعم البلدية", "external_factors_ar": "الطقس"}
IMPACT_ITEM = {"stage": "activity", "text_ar": "حملات تنظيف أسبوعية"}
IMPACT_STAKEHOLDER = {"name_ar": "طلاب المدارس", "size": 80}
IMPACT_VOLUNTEERS = {"kind": "volunteer_time", "description_ar": "ساعات المتطوعين", "hours": "500",
                     "hourly_value": "30", "valuation_basis": "متوسط أجر الساعة", "grade": "measured"}
IMPACT_CASH = {"kind": "cash", "description_ar": "منحة الجمعية", "amount": "60000", "grade": "verified"}
IMPACT_COMMENT = {"figure": "analysis:discount_rate", "body": "لماذا 3.5 %؟"}


def impact_analysis_json(w, role) -> dict:
    return {**matrix_tests.impact_analysis_form(w, role), "start_year": 2026}


def impact_outcome_json(w, role) -> dict:
    form = dict(matrix_tests.impact_outcome_form(w, role))
    return {**{k: v for k, v in form.items() if k != "stakeholder"}, "stakeholder_id": form["stakeholder"]}


def impact_newcomer(w) -> int:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="matrix-newcomer").pk


IMPACT_PAIRS = [
    # the logic model and its items
    Pair(on_page("impact:logic_model_edit", data=lambda w, role: IMPACT_LOGIC_MODEL, **IMPACT_OWNER_ARGS),
         on_api("PUT", "/impact/owners/{owner_kind}/{owner_id}/logic-model", data=lambda w, role: IMPACT_LOGIC_MODEL,
                **IMPACT_OWNER_ARGS)),
    Pair(on_page("impact:item_create", data=lambda w, role: {"stage": "output", "text_ar": "عشرون حملة تنظيف"},
                 **IMPACT_OWNER_ARGS),
         on_api("POST", "/impact/owners/{owner_kind}/{owner_id}/logic-model/items",
                data=lambda w, role: {"stage": "output", "text_ar": "عشرون حملة تنظيف"}, **IMPACT_OWNER_ARGS)),
    Pair(on_page("impact:item_edit", data=lambda w, role: IMPACT_ITEM, item_id=_rec("pages15_item")),
         on_api("PATCH", "/impact/logic-items/{item_id}", data=lambda w, role: IMPACT_ITEM,
                item_id=_rec("pages15_item"))),
    Pair(on_page("impact:item_delete", item_id=_rec("pages15_item")),
         on_api("DELETE", "/impact/logic-items/{item_id}", item_id=_rec("pages15_item"))),
    # analyses and their workflow
    Pair(on_page("impact:analysis_create", data=matrix_tests.impact_analysis_form, **IMPACT_OWNER_ARGS),
         on_api("POST", "/impact/owners/{owner_kind}/{owner_id}/analyses", data=impact_analysis_json,
                **IMPACT_OWNER_ARGS)),
    Pair(on_page("impact:analysis_edit", data=matrix_tests.impact_analysis_form, **IMPACT_DRAFT_ID),
         on_api("PATCH", "/impact/analyses/{analysis_id}", data=impact_analysis_json, **IMPACT_DRAFT_ID)),
    Pair(on_page("impact:analysis_delete", **IMPACT_DRAFT_ID),
         on_api("DELETE", "/impact/analyses/{analysis_id}", **IMPACT_DRAFT_ID)),
    Pair(on_page("impact:analysis_submit", **IMPACT_DRAFT_ID),
         on_api("POST", "/impact/analyses/{analysis_id}/submit", **IMPACT_DRAFT_ID)),
    Pair(on_page("impact:analysis_return", data=lambda w, role: {"comment": "وثّقوا مصدر البديل المالي"},
                 **IMPACT_REVIEW_ID),
         on_api("POST", "/impact/analyses/{analysis_id}/return",
                data=lambda w, role: {"comment": "وثّقوا مصدر البديل المالي"}, **IMPACT_REVIEW_ID)),
    Pair(on_page("impact:analysis_publish", **IMPACT_REVIEW_ID),
         on_api("POST", "/impact/analyses/{analysis_id}/publish", **IMPACT_REVIEW_ID)),
    Pair(on_page("impact:analysis_revise", analysis_id=_rec("pages15_published")),
         on_api("POST", "/impact/analyses/{analysis_id}/revise", analysis_id=_rec("pages15_published"))),
    # stakeholder groups, investments, outcomes of the draft
    Pair(on_page("impact:stakeholder_create", data=lambda w, role: IMPACT_STAKEHOLDER, **IMPACT_DRAFT_ID),
         on_api("POST", "/impact/analyses/{analysis_id}/stakeholders", data=lambda w, role: IMPACT_STAKEHOLDER,
                **IMPACT_DRAFT_ID)),
    Pair(on_page("impact:stakeholder_edit", data=lambda w, role: {"name_ar": "سكان الحي كافة"},
                 stakeholder_id=_rec("pages15_stakeholder")),
         on_api("PATCH", "/impact/stakeholders/{stakeholder_id}",
                data=lambda w, role: {"name_ar": "سكان الحي كافة", "size": None},
                stakeholder_id=_rec("pages15_stakeholder"))),
    Pair(on_page("impact:stakeholder_delete", stakeholder_id=_rec("pages15_spare_stakeholder")),
         on_api("DELETE", "/impact/stakeholders/{stakeholder_id}", stakeholder_id=_rec("pages15_spare_stakeholder")),
         label="no outcome"),
    Pair(on_page("impact:stakeholder_delete", stakeholder_id=_rec("pages15_stakeholder")),
         on_api("DELETE", "/impact/stakeholders/{stakeholder_id}", stakeholder_id=_rec("pages15_stakeholder")),
         label="with an outcome"),
    Pair(on_page("impact:investment_create", data=lambda w, role: IMPACT_VOLUNTEERS, **IMPACT_DRAFT_ID),
         on_api("POST", "/impact/analyses/{analysis_id}/investments", data=lambda w, role: IMPACT_VOLUNTEERS,
                **IMPACT_DRAFT_ID)),
    Pair(on_page("impact:investment_edit", data=lambda w, role: IMPACT_CASH,
                 investment_id=_rec("pages15_investment")),
         on_api("PUT", "/impact/investments/{investment_id}", data=lambda w, role: IMPACT_CASH,
                investment_id=_rec("pages15_investment"))),
    Pair(on_page("impact:investment_delete", investment_id=_rec("pages15_investment")),
         on_api("DELETE", "/impact/investments/{investment_id}", investment_id=_rec("pages15_investment"))),
    Pair(on_page("impact:outcome_create", data=matrix_tests.impact_outcome_form, **IMPACT_DRAFT_ID),
         on_api("POST", "/impact/analyses/{analysis_id}/outcomes", data=impact_outcome_json, **IMPACT_DRAFT_ID)),
    Pair(on_page("impact:outcome_edit", data=matrix_tests.impact_outcome_form, outcome_id=_rec("pages15_outcome")),
         on_api("PUT", "/impact/outcomes/{outcome_id}", data=impact_outcome_json, outcome_id=_rec("pages15_outcome"))),
    Pair(on_page("impact:outcome_delete", outcome_id=_rec("pages15_outcome")),
         on_api("DELETE", "/impact/outcomes/{outcome_id}", outcome_id=_rec("pages15_outcome"))),
    # review comments: on the draft (its preparers) and on the analysis under review (its reviewers too)
    Pair(on_page("impact:comment_create", data=lambda w, role: IMPACT_COMMENT, **IMPACT_DRAFT_ID),
         on_api("POST", "/impact/analyses/{analysis_id}/comments", data=lambda w, role: IMPACT_COMMENT,
                **IMPACT_DRAFT_ID), label="draft"),
    Pair(on_page("impact:comment_create", data=lambda w, role: IMPACT_COMMENT, **IMPACT_REVIEW_ID),
         on_api("POST", "/impact/analyses/{analysis_id}/comments", data=lambda w, role: IMPACT_COMMENT,
                **IMPACT_REVIEW_ID), label="review"),
    Pair(on_page("impact:comment_create", data=lambda w, role: IMPACT_COMMENT, analysis_id=_rec("pages15_published")),
         on_api("POST", "/impact/analyses/{analysis_id}/comments", data=lambda w, role: IMPACT_COMMENT,
                analysis_id=_rec("pages15_published")), label="published"),
    Pair(on_page("impact:comment_resolve", data=lambda w, role: {"resolved": "1"}, comment_id=_rec("pages15_comment")),
         on_api("POST", "/impact/comments/{comment_id}/resolve", data=lambda w, role: {"resolved": True},
                comment_id=_rec("pages15_comment"))),
    # the reviewers (platform staff)
    Pair(on_page("impact:reviewers", data=lambda w, role: {"who": "matrix-newcomer", "note": "خبير تقييم"}),
         on_api("POST", "/impact/reviewers",
                data=lambda w, role: {"user_id": impact_newcomer(w), "note": "خبير تقييم"})),
    Pair(on_page("impact:reviewer_remove", reviewer_id=_rec("pages15_reviewer")),
         on_api("DELETE", "/impact/reviewers/{reviewer_id}", reviewer_id=_rec("pages15_reviewer"))),
]
# The same actions on an analysis in the wrong state: who could act in another state is told why (the page's
# message, the API's 409), anyone else is refused as before.
IMPACT_PUBLISHED_ID = {"analysis_id": _rec("pages15_published")}


def impact_published_outcome(w) -> int:
    return w.records["pages15_published"].outcomes.order_by("pk").first().pk


IMPACT_PAIRS += [
    Pair(on_page("impact:analysis_edit", data=matrix_tests.impact_analysis_form, **IMPACT_PUBLISHED_ID),
         on_api("PATCH", "/impact/analyses/{analysis_id}", data=impact_analysis_json, **IMPACT_PUBLISHED_ID),
         label="published"),
    Pair(on_page("impact:analysis_delete", **IMPACT_PUBLISHED_ID),
         on_api("DELETE", "/impact/analyses/{analysis_id}", **IMPACT_PUBLISHED_ID), label="published"),
    Pair(on_page("impact:analysis_submit", **IMPACT_REVIEW_ID),
         on_api("POST", "/impact/analyses/{analysis_id}/submit", **IMPACT_REVIEW_ID), label="under review"),
    Pair(on_page("impact:analysis_publish", **IMPACT_DRAFT_ID),
         on_api("POST", "/impact/analyses/{analysis_id}/publish", **IMPACT_DRAFT_ID), label="a draft"),
    Pair(on_page("impact:analysis_revise", **IMPACT_DRAFT_ID),
         on_api("POST", "/impact/analyses/{analysis_id}/revise", **IMPACT_DRAFT_ID), label="a draft"),
    Pair(on_page("impact:stakeholder_create", data=lambda w, role: IMPACT_STAKEHOLDER, **IMPACT_PUBLISHED_ID),
         on_api("POST", "/impact/analyses/{analysis_id}/stakeholders", data=lambda w, role: IMPACT_STAKEHOLDER,
                **IMPACT_PUBLISHED_ID), label="published"),
    Pair(on_page("impact:outcome_delete", outcome_id=impact_published_outcome),
         on_api("DELETE", "/impact/outcomes/{outcome_id}", outcome_id=impact_published_outcome), label="published"),
]
PAIRS += IMPACT_PAIRS

# ---------------------------------------------------------------- what is compared


def page_outcome(response) -> str:
    status = response.status_code
    if status == 302 and response["Location"].startswith(login_url()):
        return "login"
    if status in (403, 404):
        return str(status)
    if status in (200, 422):
        # a page that did the work redirects; one that shows its form again (the scoring page says 422) refused the data
        return "invalid"
    if status == 302:
        queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
        return "invalid" if any(message.level == messages.ERROR for message in queued) else "done"
    return f"page answered {status}"


def api_outcome(response) -> str:
    status = response.status_code
    if status == 401:
        return "login"
    if status in (403, 404):
        return str(status)
    if status in (400, 409, 422):
        return "invalid"
    if 200 <= status < 300:
        return "done"
    return f"API answered {status}"


# Columns that say what a row is or holds, compared with their values in created and changed rows; ids of new
# rows, times, texts of messages differ by run (of the other changed columns, only the names are compared).
KEPT = frozenset({
    "status", "action", "from_status", "to_status", "reason", "rejection_reason", "history_type", "history_user_id",
    "role", "sector", "verified", "title_ar", "title_en", "summary_ar", "name_ar", "name_en", "currency", "format",
    "lead_organization_id", "region_id", "organization_id", "user_id", "actor_id", "created_by_id",
    "replicated_from_id", "is_success_story",
    # registrations and the seat counters of events, audience categories and sessions
    "event_id", "category", "name", "email", "phone", "confirmed_count", "waiting_count", "registration_id",
    "session_id",
    # audience questions and feedback
    "question_id", "vote_count", "anonymous", "text", "rating", "comment", "author_id", "decided_by_id",
    # check-in and the attendance counters
    "count", "session_key", "checked_in_by_id",
    # recommendations and their follow-up
    "recommendation_id", "number", "text_ar", "due_date", "old_status", "new_status", "axis_id",
    "updates_count", "event_published", "history_change_reason",
    # the exhibition: likes and comments and their counters
    "showcase_id", "like_count", "comment_count",
    # partnerships: agreements, their parties, commitments, follow-up and comments
    "kind", "stage", "is_published", "signed_on", "starts_on", "ends_on", "renewal", "notice_days", "terminated_on",
    "termination_reason", "renews_id", "party_id", "owner_name", "progress", "happened_on", "note", "body",
    "party_count", "commitment_count", "commitments_done",
})


@functools.cache
def _tables() -> tuple[tuple[str, str, tuple[str, ...], dict[str, str]], ...]:
    """(label, SELECT, columns, {foreign key column: label of the table it points to}) of every watched table
    and of its history table."""
    watched = [apps.get_model(label) for label in matrix.WATCHED]
    history = [model for model in apps.get_models()
               if getattr(model, "instance_type", None) in watched and model.__name__.startswith("Historical")]
    quote = connection.ops.quote_name
    found = []
    for model in [*watched, *history]:
        meta = model._meta
        fields = [meta.pk, *[f for f in meta.concrete_fields if f is not meta.pk and f.attname not in matrix.VOLATILE]]
        columns = tuple(f.column for f in fields)
        targets = {f.column: f.related_model._meta.label for f in fields
                   if (f.many_to_one or f.one_to_one) and f.related_model}
        sql = f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(meta.db_table)}"  # noqa: S608 (model names)
        found.append((meta.label, sql, columns, targets))
    return tuple(found)


def snapshot() -> dict[str, dict[Any, tuple]]:
    state = {}
    with connection.cursor() as cursor:
        for label, sql, *_rest in _tables():
            cursor.execute(sql)
            state[label] = {row[0]: tuple(row) for row in cursor.fetchall()}
    return state


def effect(before: dict, after: dict) -> dict[str, dict]:
    """Per table that differs: the created rows (KEPT columns), the removed keys, the changed columns by key.

    A created row that points to another row created by the same request says "new" there: the ids of new
    rows differ from one run to the other (PostgreSQL's sequences do not roll back).
    """
    tables = _tables()
    new_keys = {label: after[label].keys() - before[label].keys() for label, *_rest in tables}

    def value(column, raw, targets):
        return "new" if raw in new_keys.get(targets.get(column, ""), ()) else str(raw)

    found = {}
    for label, _sql, columns, targets in tables:
        old, new = before[label], after[label]
        created = sorted(
            tuple((column, value(column, raw, targets)) for column, raw in zip(columns, new[key], strict=True)
                  if column in KEPT)
            for key in new_keys[label]
        )
        removed = sorted(old.keys() - new.keys())
        changed = sorted(
            (key, tuple((c, value(c, b, targets)) if c in KEPT else (c,)
                        for c, a, b in zip(columns, old[key], new[key], strict=True) if a != b))
            for key in old.keys() & new.keys() if old[key] != new[key]
        )
        if created or removed or changed:
            found[label] = {"created": created, "removed": removed, "changed": changed}
    return found


def act(client, row: Row, world, role: str, query: str = "", prepare=None):
    """Send the request in a savepoint rolled back afterwards: the next one meets the same data."""
    cache.clear()  # lists' and cards' caches, throttles: nothing carried from one side to the other
    url = row.url(world) + (f"?{query}" if query else "")
    data = row.data(world, role) if row.data else None
    with transaction.atomic():
        if prepare is not None:
            prepare(world)
        before = snapshot()
        response = send(client, row, url, data)
        changed = effect(before, snapshot())
        transaction.set_rollback(True)
    return response, changed


# ---- volunteering (issue #16, volapi16): the values of an hour and the impact link, on the records of
# matrix._volapi16_world (the national value of an hour; api15_draft, a draft analysis of org's approved initiative,
# whose volunteer opportunity has verified hours). The volunteering API's other writes have their page forms in vol16's
# views (volunteering:apply, decide, hours_verify…): until both parts are integrated they are listed in API_ONLY.
VOLAPI16_HOUR_VALUE = {"amount": "52.5", "currency": "SAR", "basis_ar": "متوسط أجر الساعة في المنطقة",
                       "effective_from": "2019-01-01"}
PAIRS += [
    Pair(on_page("volunteering:hour_values", data=lambda w, role: VOLAPI16_HOUR_VALUE),
         on_api("POST", "/volunteering/hour-values", data=lambda w, role: VOLAPI16_HOUR_VALUE)),
    Pair(on_page("volunteering:hour_value_remove", value_id=_rec("volapi16_hour_value")),
         on_api("DELETE", "/volunteering/hour-values/{hour_value_id}", hour_value_id=_rec("volapi16_hour_value"))),
    Pair(on_page("volunteering:impact_hours", analysis_id=_rec("api15_draft")),
         on_api("POST", "/impact/analyses/{analysis_id}/volunteer-hours", analysis_id=_rec("api15_draft"))),
]
# ---- volunteering (issue #16, parity16): each page form of vol16 and the API operation of volapi16 that does the
# same, on the records of matrix._vol16_world (the page rows' own: `vol16_opportunity` published with `vol16_shift`
# where the resident is accepted and the newcomer pending, `vol16_apply_shift`, `vol16_spare_shift`,
# `vol16_question`, the resident's pending `vol16_entry`; `vol16_draft`) and of matrix._volapi16_world (the resident's
# pending application `volapi16_application`, their verified entry `volapi16_verified`).
def _vol_opportunity_json(w, role) -> dict:
    form = matrix_tests.vol16_opportunity_form(w, role)
    return {"title_ar": form["title_ar"], "description_ar": form["description_ar"], "region_id": form["region"],
            "starts_on": form["starts_on"], "ends_on": form["ends_on"], "minimum_age": 0}


def _vol_shift_json(w, role) -> dict:
    from django.utils.dateparse import parse_datetime
    from django.utils.timezone import get_current_timezone, make_aware

    form = matrix_tests.vol16_shift_form(w, role)
    parsed = {name: parse_datetime(form[name]) for name in ("starts_at", "ends_at")}
    assert all(parsed.values()), form
    local = {name: make_aware(value, get_current_timezone()).isoformat()  # type: ignore[arg-type]
             for name, value in parsed.items()}
    return {"title": form["title"], **local, "capacity": int(form["capacity"])}


def _vol_hours_json(w, role) -> dict:
    return matrix_tests.vol16_hours_form(w, role)


def _vol_apply_form(shift: str):
    return lambda w, role: {f"shift{w.records[shift].pk}-message": "أرغب في المشاركة مع الفريق"}


VOL_APPLY_JSON = {"message": "أرغب في المشاركة مع الفريق"}
VOL_OPPORTUNITY = {"opportunity_id": _rec("vol16_opportunity")}
VOL_DRAFT = {"opportunity_id": _rec("vol16_draft")}
VOL_QUESTION_FORM = {"text_ar": "هل سبق لك التطوع في الزراعة؟"}
VOL_REJECT = {"reason": "النشاط خارج الفترة"}
VOL_BACKWARDS = {"starts_on": "2026-05-01", "ends_on": "2026-01-01"}


def vol_schema_first(roles: str, what: str) -> dict[str, Difference]:
    """The API's body schema refuses `what` before anyone's right is looked at (ninja validates the body before
    the operation runs); the page checks the right first: those without it see their refusal there."""
    return {role: Difference(page, "invalid", f"the API's schema refuses {what} before the right is checked")
            for role, page in (item.split(":") for item in roles.split())}


def vol_opportunity_action(action: str, ids: dict, label: str = "") -> Pair:
    return Pair(on_page(f"volunteering:{action}", **ids),
                on_api("POST", f"/volunteering/opportunities/{{opportunity_id}}/{action}", **ids), label=label)


VOLUNTEERING_PAIRS = [
    # opportunities
    Pair(on_page("volunteering:create", data=matrix_tests.vol16_opportunity_form, org_id=lambda w: w.org.pk),
         on_api("POST", "/volunteering/organizations/{organization_id}/opportunities", data=_vol_opportunity_json,
                organization_id=lambda w: w.org.pk)),
    Pair(on_page("volunteering:create", data=matrix_tests.vol16_opportunity_form, org_id=lambda w: w.other_org.pk),
         on_api("POST", "/volunteering/organizations/{organization_id}/opportunities", data=_vol_opportunity_json,
                organization_id=lambda w: w.other_org.pk), label="for other_org"),
    Pair(on_page("volunteering:edit", data=matrix_tests.vol16_opportunity_form, **VOL_OPPORTUNITY),
         on_api("PATCH", "/volunteering/opportunities/{opportunity_id}", data=_vol_opportunity_json,
                **VOL_OPPORTUNITY)),
    Pair(on_page("volunteering:edit", data=lambda w, role: {**matrix_tests.vol16_opportunity_form(w, role),
                                                            **VOL_BACKWARDS}, **VOL_OPPORTUNITY),
         on_api("PATCH", "/volunteering/opportunities/{opportunity_id}",
                data=lambda w, role: {**_vol_opportunity_json(w, role), **VOL_BACKWARDS}, **VOL_OPPORTUNITY),
         label="ends before it starts"),
    vol_opportunity_action("publish", VOL_DRAFT, "a draft"),
    vol_opportunity_action("publish", VOL_OPPORTUNITY, "already published"),
    vol_opportunity_action("close", VOL_OPPORTUNITY),
    vol_opportunity_action("close", VOL_DRAFT, "a draft"),
    vol_opportunity_action("cancel", VOL_OPPORTUNITY),
    Pair(on_page("volunteering:delete", **VOL_DRAFT),
         on_api("DELETE", "/volunteering/opportunities/{opportunity_id}", **VOL_DRAFT), label="a draft"),
    Pair(on_page("volunteering:delete", **VOL_OPPORTUNITY),
         on_api("DELETE", "/volunteering/opportunities/{opportunity_id}", **VOL_OPPORTUNITY), label="published"),
    # shifts and questions
    Pair(on_page("volunteering:shift_create", data=matrix_tests.vol16_shift_form, **VOL_OPPORTUNITY),
         on_api("POST", "/volunteering/opportunities/{opportunity_id}/shifts", data=_vol_shift_json,
                **VOL_OPPORTUNITY)),
    Pair(on_page("volunteering:shift_edit", data=matrix_tests.vol16_shift_form, shift_id=_rec("vol16_spare_shift"),
                 **VOL_OPPORTUNITY),
         on_api("PATCH", "/volunteering/shifts/{shift_id}", data=_vol_shift_json, shift_id=_rec("vol16_spare_shift"))),
    Pair(on_page("volunteering:shift_edit", shift_id=_rec("vol16_shift"), **VOL_OPPORTUNITY,
                 data=lambda w, role: {**matrix_tests.vol16_shift_form(w, role), "capacity": "1"}),
         on_api("PATCH", "/volunteering/shifts/{shift_id}", shift_id=_rec("vol16_shift"),
                data=lambda w, role: {**_vol_shift_json(w, role), "capacity": 1}),
         label="below the accepted"),
    Pair(on_page("volunteering:shift_delete", shift_id=_rec("vol16_spare_shift"), **VOL_OPPORTUNITY),
         on_api("DELETE", "/volunteering/shifts/{shift_id}", shift_id=_rec("vol16_spare_shift"))),
    Pair(on_page("volunteering:shift_delete", shift_id=_rec("vol16_shift"), **VOL_OPPORTUNITY),
         on_api("DELETE", "/volunteering/shifts/{shift_id}", shift_id=_rec("vol16_shift")),
         label="with an accepted volunteer"),
    Pair(on_page("volunteering:question_create", data=lambda w, role: {**VOL_QUESTION_FORM, "required": "on"},
                 **VOL_OPPORTUNITY),
         on_api("POST", "/volunteering/opportunities/{opportunity_id}/questions",
                data=lambda w, role: {**VOL_QUESTION_FORM, "required": True}, **VOL_OPPORTUNITY)),
    Pair(on_page("volunteering:question_edit", data=lambda w, role: VOL_QUESTION_FORM,
                 question_id=_rec("vol16_question"), **VOL_OPPORTUNITY),
         on_api("PATCH", "/volunteering/questions/{question_id}",
                data=lambda w, role: {**VOL_QUESTION_FORM, "required": False}, question_id=_rec("vol16_question"))),
    Pair(on_page("volunteering:question_delete", question_id=_rec("vol16_question"), **VOL_OPPORTUNITY),
         on_api("DELETE", "/volunteering/questions/{question_id}", question_id=_rec("vol16_question"))),
    # applications
    Pair(on_page("volunteering:apply", data=_vol_apply_form("vol16_apply_shift"),
                 shift_id=_rec("vol16_apply_shift")),
         on_api("POST", "/volunteering/shifts/{shift_id}/applications", data=lambda w, role: VOL_APPLY_JSON,
                shift_id=_rec("vol16_apply_shift"))),
    Pair(on_page("volunteering:apply", data=_vol_apply_form("vol16_shift"), shift_id=_rec("vol16_shift")),
         on_api("POST", "/volunteering/shifts/{shift_id}/applications", data=lambda w, role: VOL_APPLY_JSON,
                shift_id=_rec("vol16_shift")), label="already applied (resident)"),
    Pair(on_page("volunteering:apply", data=_vol_apply_form("vol16_apply_shift"),
                 shift_id=_rec("vol16_apply_shift")),
         on_api("POST", "/volunteering/shifts/{shift_id}/applications", data=lambda w, role: VOL_APPLY_JSON,
                shift_id=_rec("vol16_apply_shift")), label="opportunity closed",
         prepare=lambda w: _vol_status(w, "vol16_opportunity", "closed")),
    Pair(on_page("volunteering:decide", data=lambda w, role: {"decision": "accept"},
                 application_id=_rec("vol16_pending")),
         on_api("POST", "/volunteering/applications/{application_id}/decide",
                data=lambda w, role: {"decision": "accept"}, application_id=_rec("vol16_pending"))),
    Pair(on_page("volunteering:decide", data=lambda w, role: {"decision": "decline", "reason": "اكتمل الفريق"},
                 application_id=_rec("vol16_pending")),
         on_api("POST", "/volunteering/applications/{application_id}/decide",
                data=lambda w, role: {"decision": "decline", "reason": "اكتمل الفريق"},
                application_id=_rec("vol16_pending")), label="decline"),
    Pair(on_page("volunteering:decide", data=lambda w, role: {"decision": "waitlist"},
                 application_id=_rec("vol16_pending")),
         on_api("POST", "/volunteering/applications/{application_id}/decide",
                data=lambda w, role: {"decision": "waitlist"}, application_id=_rec("vol16_pending")), label="waitlist"),
    Pair(on_page("volunteering:decide", data=lambda w, role: {"decision": "accept"},
                 application_id=_rec("vol16_pending")),
         on_api("POST", "/volunteering/applications/{application_id}/decide",
                data=lambda w, role: {"decision": "accept"}, application_id=_rec("vol16_pending")),
         label="the shift full", prepare=lambda w: _vol_full(w, "vol16_shift")),
    Pair(on_page("volunteering:withdraw", application_id=_rec("volapi16_application")),
         on_api("POST", "/volunteering/applications/{application_id}/withdraw",
                application_id=_rec("volapi16_application")), label="pending"),
    Pair(on_page("volunteering:withdraw", application_id=_rec("vol16_application")),
         on_api("POST", "/volunteering/applications/{application_id}/withdraw",
                application_id=_rec("vol16_application")), label="accepted"),
    # hours
    Pair(on_page("volunteering:log_hours", data=matrix_tests.vol16_hours_form, **VOL_OPPORTUNITY),
         on_api("POST", "/volunteering/opportunities/{opportunity_id}/hours", data=_vol_hours_json,
                **VOL_OPPORTUNITY)),
    Pair(on_page("volunteering:log_hours", data=lambda w, role: {**matrix_tests.vol16_hours_form(w, role),
                                                                 "hours": "25"}, **VOL_OPPORTUNITY),
         on_api("POST", "/volunteering/opportunities/{opportunity_id}/hours",
                data=lambda w, role: {**_vol_hours_json(w, role), "hours": "25"}, **VOL_OPPORTUNITY),
         label="25 hours in a day",
         differs=vol_schema_first("viewer:403 editor:403 admin:403 other_admin:403 coordinator:403 "
                                  "other_coordinator:403 platform_admin:403", "25 hours")),
    Pair(on_page("volunteering:hours_delete", entry_id=_rec("vol16_entry")),
         on_api("DELETE", "/volunteering/hours/{entry_id}", entry_id=_rec("vol16_entry"))),
    Pair(on_page("volunteering:hours_verify", entry_id=_rec("vol16_entry")),
         on_api("POST", "/volunteering/hours/{entry_id}/verify", entry_id=_rec("vol16_entry"))),
    Pair(on_page("volunteering:hours_reject", data=lambda w, role: VOL_REJECT, entry_id=_rec("vol16_entry")),
         on_api("POST", "/volunteering/hours/{entry_id}/reject", data=lambda w, role: VOL_REJECT,
                entry_id=_rec("vol16_entry"))),
    Pair(on_page("volunteering:hours_reject", data=lambda w, role: VOL_REJECT, entry_id=_rec("volapi16_verified")),
         on_api("POST", "/volunteering/hours/{entry_id}/reject", data=lambda w, role: VOL_REJECT,
                entry_id=_rec("volapi16_verified")), label="verified"),
    Pair(on_page("volunteering:hours_reject", data=lambda w, role: {"reason": ""}, entry_id=_rec("vol16_entry")),
         on_api("POST", "/volunteering/hours/{entry_id}/reject", data=lambda w, role: {"reason": ""},
                entry_id=_rec("vol16_entry")), label="without a reason",
         differs=vol_schema_first("resident:403 viewer:403 other_admin:404 coordinator:404 other_coordinator:404",
                                  "an empty reason")),
    Pair(on_page("volunteering:hours_verify_shift", shift_id=_rec("vol16_shift")),
         on_api("POST", "/volunteering/shifts/{shift_id}/verify-hours", shift_id=_rec("vol16_shift"))),
    # certificates: the page issues the signed-in volunteer's own
    Pair(on_page("volunteering:certificate_issue", org_id=lambda w: w.org.pk),
         on_api("POST", "/volunteering/certificates", data=lambda w, role: {"organization_id": w.org.pk}),
         label="one's own"),
]
PAIRS += VOLUNTEERING_PAIRS
API_ONLY.update({
    "PATCH /volunteering/hours/{entry_id}": "no page edits a pending hours entry: the volunteer deletes it on the "
                                            "opportunity's page and logs it again",
})


def _vol_status(w, name: str, status: str) -> None:
    from musharaka.volunteering.models import Opportunity

    Opportunity.objects.filter(pk=w.records[name].pk).update(status=status)


def _vol_full(w, name: str) -> None:
    """The shift's seats all taken (its capacity down to the accepted count)."""
    from django.db.models import F

    from musharaka.volunteering.models import Shift

    Shift.objects.filter(pk=w.records[name].pk).update(capacity=F("accepted_count"))


# ---- residents' reports (issue #16, parity16): each page form of rep16 and o31116 and the reports API's operation
# that does the same, on the records of matrix._rep16_world (`rep16_report` submitted by a visitor, routed to org for
# lighting; `rep16_rejected`; `rep16_route`, `rep16_municipality`, `rep16_parks`) and matrix._o31116_world
# (`o31116_key`, a live API key of org).
REP_NOTE = "وصل البلاغ إلى فريق الصيانة"
REP_REPORT = {"report_id": _rec("rep16_report")}


def rep_status(status: str, label: str = "", note: str = REP_NOTE, report: str = "rep16_report") -> Pair:
    body = {"status": status, "note": note}
    return Pair(on_page("reports:change_status", data=lambda w, role: body, report_id=_rec(report)),
                on_api("POST", "/reports/{report_id}/status", data=lambda w, role: body, report_id=_rec(report)),
                label=label or status)


def rep_new_json(w, role) -> dict:
    form = matrix_tests.rep16_new_report(w, role)
    return {"category": w.rep16_report.category.code, "description": form["description"],
            "region_id": form["region"], "city_id": form["city"], "latitude": float(form["latitude"]),
            "longitude": float(form["longitude"])}


def rep_bulk(status: str, note: str = REP_NOTE, label: str = "") -> Pair:
    return Pair(on_page("reports:queue", org_id=lambda w: w.org.pk, data=lambda w, role: {
                    "bulk-reports": [w.rep16_report.pk], "bulk-status": status, "bulk-note": note}),
                on_api("POST", "/reports/bulk-status", data=lambda w, role: {
                    "report_ids": [w.rep16_report.pk], "status": status, "note": note}),
                label=label or status)


REP_ROUTE_FORM = {"city": ""}
REPORT_PAIRS = [
    Pair(on_page("reports:new", data=matrix_tests.rep16_new_report), on_api("POST", "/reports", data=rep_new_json),
         differs={"anonymous": Difference("done", "login", "the page takes reports from visitors without an account "
                                                           "(the private link is their access); the API, from its "
                                                           "token's holder")}),
    rep_status("acknowledged"),
    rep_status("resolved", label="resolved at once"),
    rep_status("rejected", label="rejected without a reason", note=""),
    rep_status("in_progress", label="a rejected report", report="rep16_rejected"),
    *(Pair(on_page("reports:change_status", report_id=_rec("rep16_report"), data=lambda w, role, o=original: {
               "status": "duplicate", "note": "سبق الإبلاغ عنه", "duplicate_of": w.records[o].pk}),
           on_api("POST", "/reports/{report_id}/status", report_id=_rec("rep16_report"), data=lambda w, role, o=original: {
               "status": "duplicate", "note": "سبق الإبلاغ عنه", "duplicate_of": w.records[o].pk}), label=label)
      for original, label in (("rep16_rejected", "duplicate of the same category"),
                              ("o31116_report", "duplicate of another category"))),
    rep_bulk("in_progress"),
    rep_bulk("rejected", note="", label="rejected without a reason"),
    Pair(on_page("reports:routes", data=lambda w, role: {
             "category": w.rep16_parks.pk, "region": w.org.region_id, "city": "",
             "organization": w.rep16_municipality.pk}),
         on_api("POST", "/reports/routes", data=lambda w, role: {
             "category": w.rep16_parks.code, "region_id": w.org.region_id,
             "organization_id": w.rep16_municipality.pk}),
         differs={"other_coordinator": Difference(
             "invalid", "403", "the page's form offers a coordinator only their own region: another region is a "
                               "choice it refuses; the API names the region and answers that it is not theirs")}),
    Pair(on_page("reports:route_delete", route_id=_rec("rep16_route")),
         on_api("DELETE", "/reports/routes/{route_id}", route_id=_rec("rep16_route"))),
    # rep17: the report sent to another organisation (an authority of org's region); a closed one stays where it is.
    *(Pair(on_page("reports:reroute", report_id=_rec(report),
                   data=lambda w, role: {"organization": w.rep16_municipality.pk}),
           on_api("POST", "/reports/{report_id}/reroute", report_id=_rec(report),
                  data=lambda w, role: {"organization_id": w.rep16_municipality.pk}), label=label)
      for report, label in (("rep16_report", "open"), ("rep16_rejected", "closed"))),
    Pair(on_page("reports:api_keys", data=lambda w, role: {"organization": str(w.org.pk), "label": "تطبيق البلدية"}),
         on_api("POST", "/reports/api-keys", data=lambda w, role: {"organization_id": w.org.pk,
                                                                   "label": "تطبيق البلدية"}),
         shown_in_place="issued"),
    Pair(on_page("reports:api_key_revoke", key_id=_rec("o31116_key")),
         on_api("POST", "/reports/api-keys/{key_id}/revoke", key_id=_rec("o31116_key"))),
]
PAIRS += REPORT_PAIRS
PAGE_ONLY["open311:requests"] = (
    "Open311 GeoReport v2's POST requests.json|xml: authenticated by its api_key alone (no session, no token), "
    "form-encoded as the specification says; the JSON API's POST /reports is the signed-in person's (paired with "
    "reports:new)")
API_ONLY["POST /reports/{report_id}/photo"] = (
    "the page form sends the photo with the report itself (reports:new, one multipart form); the API creates the "
    "report from JSON and takes its photo by a second, multipart operation")

# ---- ideas17 (issue #17): processes, phases, ideas, supports, answers, comments (matrix._ideas17_world)
def _ideas17(name: str):
    return lambda w: w.records[f"ideas17_{name}"].pk


IDEA17_TEXT = {"title": "مكتبة عامة للأطفال", "description": "مكتبة صغيرة في المركز الاجتماعي للحي"}
IDEAS17_PAIRS = [
    Pair(on_page("participation:process_new", data=matrix_tests.ideas17_process_form),
         on_api("POST", "/participation/processes", data=lambda w, role: {
             **matrix_tests.ideas17_api_process(w, role), "premoderation": True})),
    Pair(on_page("participation:process_edit", process_id=_ideas17("process"), data=lambda w, role: {
             "title_ar": "مشاركة السكان (محدثة)", "summary_ar": "أفكار السكان لتحسين الأحياء",
             "region": w.org.region_id}),
         on_api("PATCH", "/participation/processes/{process_id}", process_id=_ideas17("process"),
                data=lambda w, role: {"title_ar": "مشاركة السكان (محدثة)"})),
    Pair(on_page("participation:process_phases", process_id=_ideas17("process"), data=matrix_tests.ideas17_phase_form),
         on_api("POST", "/participation/processes/{process_id}/phases", process_id=_ideas17("process"),
                data=lambda w, role: {"kind": "voting", "starts_at": "2031-01-01T10:00:00",
                                      "ends_at": "2031-01-20T10:00:00"})),
    Pair(on_page("participation:phase_delete", phase_id=_ideas17("later")),
         on_api("DELETE", "/participation/phases/{phase_id}", phase_id=_ideas17("later"))),
    Pair(on_page("participation:process_status", process_id=_ideas17("process"),
                 data=lambda w, role: {"status": "archived"}),
         on_api("POST", "/participation/processes/{process_id}/status", process_id=_ideas17("process"),
                data=lambda w, role: {"status": "archived"})),
    Pair(on_page("participation:idea_new", process_id=_ideas17("process"),
                 data=lambda w, role: {**IDEA17_TEXT, "group": "youth"}),
         on_api("POST", "/participation/processes/{process_id}/ideas", process_id=_ideas17("process"),
                data=lambda w, role: {**IDEA17_TEXT, "group": "youth"})),
    Pair(on_page("participation:idea_edit", idea_id=_ideas17("idea"),
                 data=lambda w, role: {**IDEA17_TEXT, "group": "other"}),
         on_api("PATCH", "/participation/ideas/{idea_id}", idea_id=_ideas17("idea"),
                data=lambda w, role: {**IDEA17_TEXT, "group": "other"})),
    Pair(on_page("participation:idea_support", idea_id=_ideas17("idea")),
         on_api("PUT", "/participation/ideas/{idea_id}/support", idea_id=_ideas17("idea"),
                data=lambda w, role: {})),
    Pair(on_page("participation:idea_answer", idea_id=_ideas17("idea"),
                 data=lambda w, role: {"state": "rejected", "text": "خارج نطاق ميزانية هذا العام"}),
         on_api("POST", "/participation/ideas/{idea_id}/answer", idea_id=_ideas17("idea"),
                data=lambda w, role: {"state": "rejected", "text": "خارج نطاق ميزانية هذا العام"})),
    Pair(on_page("participation:comment_new", idea_id=_ideas17("idea"),
                 data=lambda w, role: {"body": "أتفق معك", "parent": w.ideas17_comment.pk}),
         on_api("POST", "/participation/ideas/{idea_id}/comments", idea_id=_ideas17("idea"),
                data=lambda w, role: {"body": "أتفق معك", "parent_id": w.ideas17_comment.pk})),
]
PAIRS += IDEAS17_PAIRS
API_ONLY["PATCH /participation/phases/{phase_id}"] = (
    "the page changes a phase through the phases page's one form (participation:process_phases with the phase "
    "named), paired with the API's POST of a new phase")
API_ONLY["DELETE /participation/ideas/{idea_id}/support"] = (
    "the page's one support button toggles (paired with PUT): pressed again it withdraws, as this operation does")
# ---- end ideas17


# ---- moderation17: each moderation page form and the API operation that does the same, on the records of
# matrix._moderation17_world (`mod17_idea` visible with `mod17_comment`, `mod17_pending`, `mod17_target`,
# `mod17_report`, `mod17_block`, `mod17_victim` to block, the resident's `mod17_follow`).
def _mod17_hide(w, role):
    return {"action": "hide", "reason": "محتوى مسيء"}


def _mod17_approve(w, role):
    return {"action": "approve"}


PAIRS += [
    Pair(on_page("participation:idea_moderate", data=_mod17_hide, idea_id=_rec("mod17_idea")),
         on_api("POST", "/participation/ideas/{idea_id}/moderate", data=_mod17_hide, idea_id=_rec("mod17_idea"))),
    Pair(on_page("participation:idea_moderate", data=_mod17_approve, idea_id=_rec("mod17_pending")),
         on_api("POST", "/participation/ideas/{idea_id}/moderate", data=_mod17_approve,
                idea_id=_rec("mod17_pending")), label="pending"),
    Pair(on_page("participation:comment_moderate", data=_mod17_hide, comment_id=_rec("mod17_comment")),
         on_api("POST", "/participation/comments/{comment_id}/moderate", data=_mod17_hide,
                comment_id=_rec("mod17_comment"))),
    Pair(on_page("participation:abuse_report_idea", data=lambda w, role: {"reason": "offensive"},
                 idea_id=_rec("mod17_idea")),
         on_api("POST", "/participation/ideas/{idea_id}/abuse-reports", data=lambda w, role: {"reason": "offensive"},
                idea_id=_rec("mod17_idea"))),
    Pair(on_page("participation:abuse_report_comment", data=lambda w, role: {"reason": "spam"},
                 comment_id=_rec("mod17_comment")),
         on_api("POST", "/participation/comments/{comment_id}/abuse-reports", data=lambda w, role: {"reason": "spam"},
                comment_id=_rec("mod17_comment"))),
    Pair(on_page("participation:abuse_dismiss", data=lambda w, role: {"reason": "لا إساءة"},
                 report_id=_rec("mod17_report")),
         on_api("POST", "/participation/abuse-reports/{report_id}/dismiss", data=lambda w, role: {"reason": "لا إساءة"},
                report_id=_rec("mod17_report"))),
    Pair(on_page("participation:blocks", data=lambda w, role: {"username": "matrix-mod17-victim", "reason": "إساءة"},
                 process_id=_rec("mod17_process")),
         on_api("POST", "/participation/processes/{process_id}/blocks",
                data=lambda w, role: {"user_id": w.records["mod17_victim"].pk, "reason": "إساءة"},
                process_id=_rec("mod17_process"))),
    Pair(on_page("participation:unblock", data=lambda w, role: {"reason": "اعتذر"}, block_id=_rec("mod17_block")),
         on_api("DELETE", "/participation/blocks/{block_id}", data=lambda w, role: {"reason": "اعتذر"},
                block_id=_rec("mod17_block"))),
    Pair(on_page("participation:idea_merge", data=lambda w, role: {"target": w.records["mod17_target"].pk},
                 idea_id=_rec("mod17_idea")),
         on_api("POST", "/participation/ideas/{idea_id}/merge",
                data=lambda w, role: {"target_id": w.records["mod17_target"].pk}, idea_id=_rec("mod17_idea"))),
    Pair(on_page("participation:follow", data=lambda w, role: {"kind": "idea", "target": w.records["mod17_idea"].pk,
                                                             "email": "on"}),
         on_api("POST", "/participation/follows",
                data=lambda w, role: {"kind": "idea", "target_id": w.records["mod17_idea"].pk, "email": True})),
]
PAGE_ONLY["participation:following"] = (
    "the following page switches one follow's e-mail by its id; the API sets the flag by following again "
    "(POST /participation/follows with `email`)")
API_ONLY["DELETE /participation/follows/{follow_id}"] = (
    "the page's follow button is one toggling form (paired with POST /participation/follows); the API unfollows "
    "with DELETE")


# ---- budgets17: participatory budgets (matrix._budgets17_world): each page form and the API operation that does
# the same — budgets and projects of `b17_open_budget` (ideas phase), ballots of `b17_budget` (voting; the resident
# has one), compute and publish of `b17_closed_budget` (the vote ended).
def _b17_budget_json(w, role) -> dict:
    form = matrix_tests.b17_budget_form(w, role)
    return {**form, "choose_n": None}


B17_OPEN_BUDGET = {"budget_id": _rec("b17_open_budget")}
B17_OPEN_PROJECT = {"project_id": _rec("b17_open_project")}
B17_VOTING = {"budget_id": _rec("b17_budget")}
B17_CLOSED = {"budget_id": _rec("b17_closed_budget")}
B17_PROJECT = {"title": "ممشى الحي", "description": "", "cost": "250"}
BUDGET_PAIRS = [
    Pair(on_page("participation:budget_new", data=matrix_tests.b17_budget_form, process_id=_rec("b17_ideas")),
         on_api("POST", "/participation/processes/{process_id}/budgets", data=_b17_budget_json,
                process_id=_rec("b17_ideas"))),
    Pair(on_page("participation:budget_edit", data=lambda w, role: {**matrix_tests.b17_budget_form(w, role),
                                                                    "amount": "1200"}, **B17_OPEN_BUDGET),
         on_api("PATCH", "/participation/budgets/{budget_id}", data=lambda w, role: {
             **_b17_budget_json(w, role), "amount": "1200"}, **B17_OPEN_BUDGET)),
    Pair(on_page("participation:project_new", data=lambda w, role: {**B17_PROJECT, "idea_id": ""}, **B17_OPEN_BUDGET),
         on_api("POST", "/participation/budgets/{budget_id}/projects", data=lambda w, role: B17_PROJECT,
                **B17_OPEN_BUDGET)),
    Pair(on_page("participation:project_new", data=lambda w, role: {**B17_PROJECT, "cost": "5000", "idea_id": ""},
                 **B17_OPEN_BUDGET),
         on_api("POST", "/participation/budgets/{budget_id}/projects",
                data=lambda w, role: {**B17_PROJECT, "cost": "5000"}, **B17_OPEN_BUDGET),
         label="more than the budget"),
    Pair(on_page("participation:project_edit", data=lambda w, role: {**B17_PROJECT, "idea_id": ""},
                 **B17_OPEN_PROJECT),
         on_api("PATCH", "/participation/projects/{project_id}", data=lambda w, role: B17_PROJECT,
                **B17_OPEN_PROJECT)),
    Pair(on_page("participation:project_feasibility", data=lambda w, role: {"feasibility": "unfeasible",
                                                                            "note": "الأرض غير متاحة"},
                 **B17_OPEN_PROJECT),
         on_api("POST", "/participation/projects/{project_id}/feasibility",
                data=lambda w, role: {"feasibility": "unfeasible", "note": "الأرض غير متاحة"}, **B17_OPEN_PROJECT)),
    Pair(on_page("participation:project_feasibility", data=lambda w, role: {"feasibility": "unfeasible", "note": ""},
                 **B17_OPEN_PROJECT),
         on_api("POST", "/participation/projects/{project_id}/feasibility",
                data=lambda w, role: {"feasibility": "unfeasible", "note": ""}, **B17_OPEN_PROJECT),
         label="without its reason"),
    Pair(on_page("participation:ballot", data=lambda w, role: {"project": [w.b17_project2.pk], "group": "youth"},
                 **B17_VOTING),
         on_api("PUT", "/participation/budgets/{budget_id}/ballot",
                data=lambda w, role: {"project_ids": [w.b17_project2.pk], "group": "youth"}, **B17_VOTING)),
    Pair(on_page("participation:ballot", data=lambda w, role: {
             "project": [w.b17_project.pk, w.b17_project2.pk, w.b17_open_project.pk]}, **B17_VOTING),
         on_api("PUT", "/participation/budgets/{budget_id}/ballot", data=lambda w, role: {
             "project_ids": [w.b17_project.pk, w.b17_project2.pk, w.b17_open_project.pk]}, **B17_VOTING),
         label="a project of another budget"),
    Pair(on_page("participation:ballot", data=lambda w, role: {"action": "withdraw"}, **B17_VOTING),
         on_api("DELETE", "/participation/budgets/{budget_id}/ballot", **B17_VOTING), label="withdraw"),
    Pair(on_page("participation:budget_compute", **B17_CLOSED),
         on_api("POST", "/participation/budgets/{budget_id}/compute", **B17_CLOSED)),
    Pair(on_page("participation:budget_publish", **B17_CLOSED),
         on_api("POST", "/participation/budgets/{budget_id}/publish", **B17_CLOSED)),
    Pair(on_page("participation:budget_publish", budget_id=_rec("b17_published")),
         on_api("POST", "/participation/budgets/{budget_id}/publish", budget_id=_rec("b17_published")),
         label="already published"),
]
PAIRS += BUDGET_PAIRS


# ---- surveys17 (issue #17): each survey page form and the API operation that does the same, on the records of
# matrix._surveys17_world (`surveys17_survey` open, with `surveys17_choice` required and `surveys17_spare`).
S17_SURVEY = {"survey_id": _rec("surveys17_survey")}
SURVEY_PAIRS = [
    Pair(on_page("participation:survey_new", process_id=_rec("surveys17_process"),
                 data=lambda w, role: {"title_ar": "استبيان النقل في الحي"}),
         on_api("POST", "/participation/processes/{process_id}/surveys", process_id=_rec("surveys17_process"),
                data=lambda w, role: {"title_ar": "استبيان النقل في الحي"})),
    Pair(on_page("participation:survey_edit", **S17_SURVEY,
                 data=lambda w, role: {"action": "question", "kind": "short_text", "label_ar": "اقتراحك"}),
         on_api("POST", "/participation/surveys/{survey_id}/questions", **S17_SURVEY,
                data=lambda w, role: {"kind": "short_text", "label_ar": "اقتراحك"})),
    Pair(on_page("participation:survey_status", **S17_SURVEY, data=lambda w, role: {"status": "closed"}),
         on_api("POST", "/participation/surveys/{survey_id}/status", **S17_SURVEY,
                data=lambda w, role: {"status": "closed"})),
    Pair(on_page("participation:survey_answer", **S17_SURVEY,
                 data=lambda w, role: {f"q{w.records['surveys17_choice'].pk}": "b"}),
         on_api("POST", "/participation/surveys/{survey_id}/responses", **S17_SURVEY,
                data=lambda w, role: {"answers": {str(w.records["surveys17_choice"].pk): "b"}})),
    Pair(on_page("participation:survey_exports", **S17_SURVEY, data=lambda w, role: {"format": "xlsx"}),
         on_api("POST", "/participation/surveys/{survey_id}/exports", **S17_SURVEY,
                data=lambda w, role: {"format": "xlsx"})),
]
PAIRS += SURVEY_PAIRS
_BUILDER = ("the builder page (participation:survey_edit) does it with its action buttons on one form: that route is "
            "paired with adding a question")
API_ONLY.update({
    "PATCH /participation/surveys/{survey_id}": _BUILDER + "; the details form is the same service (survey_update)",
    "PATCH /participation/surveys/{survey_id}/questions/{question_id}": _BUILDER,
    "DELETE /participation/surveys/{survey_id}/questions/{question_id}": _BUILDER,
    "POST /participation/surveys/{survey_id}/questions/reorder": _BUILDER + " (up and down, one step at a time)",
})


# ---- topics17 (issue #17): the editors' request for a new topic summary, on the page and through the API (both
# queue the rebuild after the commit: neither changes a table).
PAIRS += [
    Pair(on_page("participation:topics_refresh", process_id=_rec("topics17_process")),
         on_api("POST", "/participation/processes/{process_id}/topics/refresh", process_id=_rec("topics17_process"))),
    Pair(on_page("participation:topics_refresh", process_id=_rec("topics17_draft")),
         on_api("POST", "/participation/processes/{process_id}/topics/refresh", process_id=_rec("topics17_draft")),
         label="draft"),
]


# ---- vol17: revoking a volunteering certificate on the organisation's certificates page (`vol16_certificate`, the
# resident's own: they see it, may not revoke it).
def _vol17_revoked(w) -> None:
    from django.utils import timezone

    from musharaka.volunteering.models import Certificate

    Certificate.objects.filter(pk=w.records["vol16_certificate"].pk).update(revoked_at=timezone.now(),
                                                                            revoked_reason="سبب سابق")


VOL17_CERTIFICATE = {"certificate_id": _rec("vol16_certificate")}
PAIRS += [
    Pair(on_page("volunteering:certificate_revoke", data=lambda w, role: matrix_tests.VOL17_REVOKE, **VOL17_CERTIFICATE),
         on_api("POST", "/volunteering/certificates/{certificate_id}/revoke",
                data=lambda w, role: matrix_tests.VOL17_REVOKE, **VOL17_CERTIFICATE)),
    Pair(on_page("volunteering:certificate_revoke", data=lambda w, role: matrix_tests.VOL17_REVOKE, **VOL17_CERTIFICATE),
         on_api("POST", "/volunteering/certificates/{certificate_id}/revoke",
                data=lambda w, role: matrix_tests.VOL17_REVOKE, **VOL17_CERTIFICATE),
         label="already revoked", prepare=_vol17_revoked),
    Pair(on_page("volunteering:certificate_revoke", data=lambda w, role: {"reason": ""}, **VOL17_CERTIFICATE),
         on_api("POST", "/volunteering/certificates/{certificate_id}/revoke", data=lambda w, role: {"reason": ""},
                **VOL17_CERTIFICATE), label="without a reason",
         differs=vol_schema_first("resident:403 viewer:403 other_admin:404 coordinator:404 other_coordinator:404",
                                  "an empty reason")),
]


# ---- vol17: correcting a recorded plan review on its edit page (`plan_review` of plan_approved; the page's form
# re-sends every field, the API's PATCH is given the same ones).
def _plan_review_json(w, role) -> dict:
    return {**matrix_tests.plan_review_form(w, role), "opens_revision": False}


PLAN_REVIEW_ID = {"review_id": _rec("plan_review")}
PAIRS += [
    Pair(on_page("plans:review_edit", data=matrix_tests.plan_review_form, **PLAN_REVIEW_ID),
         on_api("PATCH", "/plans/reviews/{review_id}", data=_plan_review_json, **PLAN_REVIEW_ID)),
    Pair(on_page("plans:review_edit", data=lambda w, role: {**matrix_tests.plan_review_form(w, role),
                                                            "findings_ar": "قصيرة"}, **PLAN_REVIEW_ID),
         on_api("PATCH", "/plans/reviews/{review_id}", data=lambda w, role: {**_plan_review_json(w, role),
                                                                              "findings_ar": "قصيرة"},
                **PLAN_REVIEW_ID), label="findings too short",
         differs=vol_schema_first("resident:403 viewer:403 other_admin:403 coordinator:403 other_coordinator:403",
                                  "findings shorter than ten letters")),
]

CASES = [(pair, role) for pair in PAIRS for role in matrix.ROLES]


@pytest.mark.parametrize(("pair", "role"), CASES, ids=[f"{pair.id}-{role}" for pair, role in CASES])
def test_page_and_api_agree(pair, role, world, handler, db):
    page_response, page_effect = act(client_for(world, handler, role, api_call=False), pair.page, world, role,
                                     prepare=pair.prepare)
    api_response, api_effect = act(client_for(world, handler, role, api_call=True), pair.api, world, role, pair.api_query,
                                   prepare=pair.prepare)

    page_answer, api_answer = page_outcome(page_response), api_outcome(api_response)
    if pair.shown_in_place and page_response.status_code == 200 and (page_response.context or {}).get(pair.shown_in_place):
        page_answer = "done"
    if role in pair.differs:
        expected = pair.differs[role]
        assert (page_answer, api_answer) == (expected.page, expected.api), (
            f"{pair.id} for {role}: expected the page to say {expected.page} and the API {expected.api} "
            f"({expected.reason}), got {page_answer} and {api_answer}"
        )
        for answer, changed in ((page_answer, page_effect), (api_answer, api_effect)):
            if answer != "done":
                assert changed == {}, f"{pair.id} for {role}: refused, yet it changed {changed}"
        return
    assert page_answer == api_answer, (
        f"{pair.id} for {role}: the page says {page_answer} ({page_response.status_code}), "
        f"the API {api_answer} ({api_response.status_code} {api_response.content[:200]!r})"
    )
    assert page_effect == api_effect, f"{pair.id} for {role}: the page and the API changed different rows"
    if page_answer != "done":
        assert page_effect == {}, f"{pair.id} for {role}: refused, yet it changed {page_effect}"


def test_the_platform_admin_of_the_world_belongs_to_no_organisation(world, db):
    """The role the replicate mismatch hid behind: the matrix's platform admin is a member of nothing."""
    from musharaka.orgs.roles import roles_of

    admin = world.users["platform_admin"]
    assert admin.is_superuser and roles_of(admin).by_organization == {}


# ---------------------------------------------------------------- nothing left out


def page_writes(rows=None) -> set[str]:
    """Page routes that take a POST: those with a POST row in the permission matrix (which covers every URL)."""
    return {row.route for row in (MATRIX_ROWS if rows is None else rows) if not row.is_api and row.method in matrix.UNSAFE}


def api_writes(operations=None) -> set[str]:
    operations = matrix.api_operations() if operations is None else operations
    return {f"{method} {path}" for method, path, _id in operations if method in matrix.UNSAFE}


def parity_problems(pairs, page_only: dict, api_only: dict, *, pages: set[str], operations: set[str]) -> list[str]:
    paired_pages = {pair.page.route for pair in pairs}
    paired_api = {pair.api.key for pair in pairs}
    problems = [
        f"page form {route!r} has no parity entry: add a Pair with its API operation (or a line in PAGE_ONLY "
        "saying why the API has none)"
        for route in sorted(pages - paired_pages - set(page_only))
    ]
    problems += [
        f"API operation {key!r} has no parity entry: add a Pair with its page form (or a line in API_ONLY "
        "saying why no page has it)"
        for key in sorted(operations - paired_api - set(api_only))
    ]
    problems += [f"pair {pair.id!r} names a page that takes no POST" for pair in pairs if pair.page.route not in pages]
    problems += [f"pair {pair.id!r} names no API write" for pair in pairs if pair.api.key not in operations]
    problems += [f"PAGE_ONLY {key!r} is not a page form any more" for key in sorted(set(page_only) - pages)]
    problems += [f"PAGE_ONLY {key!r} is paired too" for key in sorted(set(page_only) & paired_pages)]
    problems += [f"API_ONLY {key!r} is not an API write any more" for key in sorted(set(api_only) - operations)]
    problems += [f"API_ONLY {key!r} is paired too" for key in sorted(set(api_only) & paired_api)]
    return problems


def test_every_write_is_paired_or_explained():
    problems = parity_problems(PAIRS, PAGE_ONLY, API_ONLY, pages=page_writes(), operations=api_writes())
    assert problems == [], "\n".join(problems)


def test_a_new_write_without_a_parity_entry_fails_with_its_name():
    """An action added on both sides (an archive button and its API operation) without a Pair is named."""
    archive_page = matrix.page("POST", "initiatives:archive", "approved", "login 403 403 302 302 403 302 403 302")
    pages = page_writes([*MATRIX_ROWS, archive_page])
    operations = api_writes([*matrix.api_operations(), ("POST", "/initiatives/{initiative_id}/archive", "archive")])

    problems = parity_problems(PAIRS, PAGE_ONLY, API_ONLY, pages=pages, operations=operations)

    assert problems == [
        "page form 'initiatives:archive' has no parity entry: add a Pair with its API operation (or a line in "
        "PAGE_ONLY saying why the API has none)",
        "API operation 'POST /initiatives/{initiative_id}/archive' has no parity entry: add a Pair with its page "
        "form (or a line in API_ONLY saying why no page has it)",
    ]
