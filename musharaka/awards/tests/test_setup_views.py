"""The awards' setup and application pages: programmes, the cycle's public page and its setup, the phase advance,
the jury's invitations, the eligibility check, applying with an initiative and evidence, the application page,
withdrawing, "my applications"; both languages, each role, the service's errors on the page and never a 500."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from musharaka.awards import services
from musharaka.awards.models import (
    Application,
    ApplicationEvidence,
    ApplicationStatus,
    Category,
    Criterion,
    Cycle,
    CycleStage,
    Judge,
    JudgeStatus,
    Programme,
    Question,
)
from musharaka.orgs.models import Role

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def pdf(name="report.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def _errors(response) -> str:
    body = response.content.decode()
    found = re.findall(r'(?s)<div class="alert alert-danger.*?</div>|invalid-feedback[^>]*>[^<]*', body)
    return f"{response.status_code}: " + " | ".join(re.sub(r"<[^>]+>|\s+", " ", item) for item in found)


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def world(make_cycle):
    return make_cycle()


@pytest.fixture
def applicant(world, make_org, make_member, make_initiative):
    """An organisation's editor with an approved initiative of its own."""
    organization = make_org("جمعية البر بالمدينة المنورة")
    editor = make_member(organization, Role.EDITOR)
    initiative = make_initiative(organization, status="approved", editor=editor, title_ar="مبادرة أنسنة الأحياء",
                                 summary_ar="تحسين المشهد الحضري بمشاركة السكان")
    return {"organization": organization, "editor": editor, "initiative": initiative}


# ---------------------------------------------------------------- the cycle's public page


@pytest.mark.parametrize(("prefix", "direction"), [("", "rtl"), ("/en", "ltr")])
def test_cycle_page_shows_timeline_deadline_criteria_and_apply_in_both_languages(client_for, world, prefix,
                                                                                  direction):
    close = timezone.make_aware(datetime.datetime(2026, 12, 31, 23, 59, 58))
    Cycle.objects.filter(pk=world.cycle.pk).update(nominations_close_at=close,
                                                   eligibility_until=datetime.date(2027, 1, 15))
    response = client_for(None).get(prefix + reverse("awards:cycle", args=[world.cycle.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'dir="{direction}"' in body
    assert "23:59:58" in body and "Asia/Riyadh" in body  # the deadline to the second, in the platform's zone
    assert "1448" in body  # the deadline's Hijri year beside the Gregorian
    criteria = "Community impact" if prefix else "الأثر المجتمعي"
    assert criteria in body and ">50%<" in body and ("Outstanding" if prefix else "متميز") in body
    assert ("What impact did the initiative have?" if prefix else "ما الأثر الذي حققته المبادرة؟") in body
    assert body.count('data-testid="apply"') == 1
    assert 'data-testid="phase-nominations"' in body and 'aria-current="step"' in body
    assert "المبادرات المسجلة في السجل" in body  # the programme's eligibility rules
    assert 'data-testid="organiser-panel"' not in body


def test_cycle_page_offers_no_apply_button_once_the_deadline_has_passed(client_for, world):
    Cycle.objects.filter(pk=world.cycle.pk).update(nominations_close_at=timezone.now() - datetime.timedelta(seconds=1))
    body = client_for(None).get(reverse("awards:cycle", args=[world.cycle.pk])).content.decode()
    assert 'data-testid="apply"' not in body and 'data-testid="nominations-closed"' in body


def test_a_cycle_being_prepared_is_hidden_from_all_but_its_organiser(client_for, make_cycle, make_user):
    world = make_cycle(stage="draft")
    url = reverse("awards:cycle", args=[world.cycle.pk])
    assert client_for(None).get(url).status_code == 404
    assert client_for(make_user()).get(url).status_code == 404
    body = client_for(world.organiser_admin).get(url).content.decode()
    assert 'data-testid="organiser-panel"' in body and 'data-testid="cycle-problems"' not in body


def test_organiser_sees_what_stops_the_next_phase_and_the_advance_refuses_with_it(client_for, make_cycle):
    world = make_cycle(stage="draft", weights=(50, 30))
    organiser = client_for(world.organiser_admin)
    body = organiser.get(reverse("awards:cycle", args=[world.cycle.pk])).content.decode()
    assert 'data-testid="cycle-problems"' in body and "80" in body  # the weights add up to 80, not 100
    response = organiser.post(reverse("awards:cycle_advance", args=[world.cycle.pk]), follow=True)
    assert response.status_code == 200 and "80" in _errors(response)
    assert Cycle.objects.get(pk=world.cycle.pk).stage == CycleStage.DRAFT


def test_advance_moves_a_ready_cycle_to_nominations(client_for, make_cycle):
    world = make_cycle(stage="draft")
    response = client_for(world.organiser_admin).post(reverse("awards:cycle_advance", args=[world.cycle.pk]))
    assert response.status_code == 302
    assert Cycle.objects.get(pk=world.cycle.pk).stage == CycleStage.NOMINATIONS


def test_advance_is_the_organisers_alone(client_for, world, applicant):
    response = client_for(applicant["editor"]).post(reverse("awards:cycle_advance", args=[world.cycle.pk]))
    assert response.status_code == 403
    assert client_for(None).post(reverse("awards:cycle_advance", args=[world.cycle.pk])).status_code == 302
    assert Cycle.objects.get(pk=world.cycle.pk).stage == CycleStage.NOMINATIONS


# ---------------------------------------------------------------- programmes


def test_programmes_list_shows_public_programmes_and_the_organisers_own(client_for, make_cycle, make_user):
    public = make_cycle()
    hidden = make_cycle(stage="draft")
    Programme.objects.filter(pk=hidden.programme.pk).update(name_ar="جائزة قيد الإعداد")
    url = reverse("awards:programmes")
    anonymous = client_for(None).get(url).content.decode()
    assert anonymous.count('data-testid="programme-row"') == 1 and "جائزة قيد الإعداد" not in anonymous
    own = client_for(hidden.organiser_admin).get(url).content.decode()
    assert "جائزة قيد الإعداد" in own and 'data-testid="new-programme"' in own
    assert public.programme.name_ar in own
    assert client_for(None).get(reverse("awards:programme", args=[hidden.programme.pk])).status_code == 404
    assert client_for(make_user()).get(reverse("awards:programme", args=[public.programme.pk])).status_code == 200


def test_programmes_list_query_count_does_not_grow_with_rows(client_for, make_cycle, make_user):
    make_cycle()
    viewer = client_for(make_user())
    few = _count_queries(viewer, reverse("awards:programmes"))
    for _ in range(4):
        make_cycle()
    assert _count_queries(viewer, reverse("awards:programmes")) == few


def test_programme_and_cycle_are_created_with_the_deadline_to_the_second(client_for, make_org, make_member):
    organiser = make_org("أمانة منطقة الرياض")
    admin = make_member(organiser, Role.ADMIN)
    page = client_for(admin)
    response = page.post(reverse("awards:programme_create"), {
        "organization": organiser.pk, "name_ar": "جائزة المشاركة المجتمعية", "description_ar": "تكرم التجارب الملهمة"})
    programme = Programme.objects.get(name_ar="جائزة المشاركة المجتمعية")
    assert response.status_code == 302 and programme.organization == organiser
    response = page.post(reverse("awards:cycle_create", args=[programme.pk]), {
        "year": "2027", "title_ar": "الدورة الأولى", "nominations_open_at": "2027-01-01T08:00:00",
        "nominations_close_at": "2027-03-31T23:59:59", "feedback_to_applicants": "on"})
    assert response.status_code == 302, _errors(response)
    cycle = Cycle.objects.get(programme=programme)
    assert timezone.localtime(cycle.nominations_close_at).strftime("%Y-%m-%d %H:%M:%S %Z") == "2027-03-31 23:59:59 +03"
    edit = page.get(reverse("awards:cycle_edit", args=[cycle.pk])).content.decode()
    assert 'value="2027-03-31T23:59:59"' in edit


def test_cycle_form_shows_the_services_errors(client_for, world):
    response = client_for(world.organiser_admin).post(reverse("awards:cycle_create", args=[world.programme.pk]), {
        "year": "2026", "nominations_open_at": "2027-01-01T08:00:00", "nominations_close_at": "2027-03-31T23:59:59"})
    assert response.status_code == 200 and "2026" in _errors(response)  # the programme's cycle of 2026 exists


def test_programme_pages_refuse_outsiders(client_for, world, applicant, make_org):
    editor = client_for(applicant["editor"])
    assert editor.get(reverse("awards:programme_edit", args=[world.programme.pk])).status_code == 403
    assert editor.get(reverse("awards:cycle_create", args=[world.programme.pk])).status_code == 403
    response = editor.post(reverse("awards:programme_create"), {"organization": world.organiser.pk,
                                                                "name_ar": "جائزة منتحلة"})
    assert response.status_code == 403 and not Programme.objects.filter(name_ar="جائزة منتحلة").exists()


# ---------------------------------------------------------------- categories, criteria, questions


def test_setup_adds_a_category_criteria_with_levels_and_a_question_with_running_totals(client_for, make_cycle):
    world = make_cycle(stage="draft")
    page = client_for(world.organiser_admin)
    response = page.post(reverse("awards:cycle_setup", args=[world.cycle.pk]), {
        "kind": "volunteer_team", "name_ar": "أفضل فريق تطوعي", "judges_per_application": "2", "winner_places": "1",
        "allows_residents": "on"})
    assert response.status_code == 302, _errors(response)
    category = Category.objects.get(name_ar="أفضل فريق تطوعي")
    assert category.allows_residents and not category.needs_initiative
    response = page.post(reverse("awards:criterion_add", args=[category.pk]), {
        "name_ar": "أثر العمل التطوعي", "weight": "70", "level_0_ar": "لا أثر", "level_10_ar": "أثر استثنائي",
        "level_10_en": "Exceptional impact"})
    assert response.status_code == 302, _errors(response)
    criterion = Criterion.objects.get(category=category)
    assert criterion.levels == {"0": {"ar": "لا أثر", "en": ""}, "10": {"ar": "أثر استثنائي", "en": "Exceptional impact"}}
    response = page.post(reverse("awards:question_add", args=[category.pk]), {
        "text_ar": "كم عدد المتطوعين في الفريق؟", "required": "on", "max_length": "500"})
    assert response.status_code == 302, _errors(response)
    body = page.get(reverse("awards:cycle_setup", args=[world.cycle.pk])).content.decode()
    assert "70 من 100" in body or "70 of 100" in body
    edit = page.get(reverse("awards:criterion_edit", args=[criterion.pk])).content.decode()
    assert "أثر استثنائي" in edit and "Exceptional impact" in edit
    response = page.post(reverse("awards:criterion_edit", args=[criterion.pk]), {
        "name_ar": "أثر العمل التطوعي", "weight": "100", "level_10_ar": "أثر استثنائي"})
    assert response.status_code == 302 and Criterion.objects.get(pk=criterion.pk).weight == 100
    body = page.get(reverse("awards:cycle_setup", args=[world.cycle.pk])).content.decode()
    assert re.findall(r'data-testid="running-total"><span dir="ltr">(\d+)%', body) == ["50", "80", "100", "100"]
    response = page.post(reverse("awards:setup_delete", args=[world.cycle.pk]),
                         {"kind": "question", "id": Question.objects.get(category=category).pk})
    assert response.status_code == 302 and not Question.objects.filter(category=category).exists()


def test_setup_is_refused_once_nominations_open_with_the_services_message(client_for, world):
    page = client_for(world.organiser_admin)
    body = page.get(reverse("awards:cycle_setup", args=[world.cycle.pk])).content.decode()
    assert 'data-testid="add-criterion"' not in body
    response = page.post(reverse("awards:criterion_add", args=[world.category.pk]), {"name_ar": "معيار", "weight": "5"})
    with translation.override("ar"):  # the service's words, in the page's language
        refusal = translation.gettext("Categories, criteria and questions are fixed once nominations open.")
    assert response.status_code == 200 and refusal in _errors(response)
    assert world.category.criteria.count() == 3
    response = page.post(reverse("awards:setup_delete", args=[world.cycle.pk]),
                         {"kind": "criterion", "id": world.criteria[0].pk}, follow=True)
    assert response.status_code == 200 and Criterion.objects.filter(pk=world.criteria[0].pk).exists()


def test_setup_pages_refuse_an_outsider(client_for, world, applicant):
    page = client_for(applicant["editor"])
    assert page.get(reverse("awards:cycle_setup", args=[world.cycle.pk])).status_code == 403
    assert page.get(reverse("awards:criterion_edit", args=[world.criteria[0].pk])).status_code == 403
    assert page.post(reverse("awards:setup_delete", args=[world.cycle.pk]),
                     {"kind": "criterion", "id": world.criteria[0].pk}).status_code == 403


# ---------------------------------------------------------------- the jury


def test_judges_are_invited_by_username_or_e_mail_and_released(client_for, world, make_user):
    page = client_for(world.organiser_admin)
    by_name, by_mail = make_user("reviewer-one"), make_user("reviewer-two", email="Reviewer.Two@Example.org")
    url = reverse("awards:judges", args=[world.cycle.pk])
    assert page.post(url, {"action": "invite", "person": "reviewer-one", "expertise": "التنمية"}).status_code == 302
    assert page.post(url, {"action": "invite", "person": "reviewer.two@example.org"}).status_code == 302
    assert set(Judge.objects.filter(cycle=world.cycle).values_list("user_id", flat=True)) == {by_name.pk, by_mail.pk}
    assert by_name.notifications.count() == 1
    response = page.post(url, {"action": "invite", "person": "nobody-here"})
    assert response.status_code == 200 and 'id="id_person_errors"' in response.content.decode()
    body = page.get(url).content.decode()
    assert body.count('data-testid="judge-row"') == 2 and "التنمية" in body
    judge = Judge.objects.get(user=by_name)
    assert page.post(url, {"action": "remove", "judge": judge.pk}).status_code == 302
    assert not Judge.objects.filter(pk=judge.pk).exists()


def test_judges_page_query_count_does_not_grow_with_judges(client_for, world, make_user):
    page = client_for(world.organiser_admin)
    url = reverse("awards:judges", args=[world.cycle.pk])
    services.judge_invite(actor=world.organiser_admin, cycle=world.cycle, user=make_user())
    few = _count_queries(page, url)
    for _ in range(4):
        services.judge_invite(actor=world.organiser_admin, cycle=world.cycle, user=make_user())
    assert _count_queries(page, url) == few


def test_invitee_accepts_and_declines_on_their_invitations_page(client_for, world, make_user):
    person, other = make_user(), make_user()
    judge = services.judge_invite(actor=world.organiser_admin, cycle=world.cycle, user=person)
    page = client_for(person)
    body = page.get(reverse("awards:invitations")).content.decode()
    assert 'data-testid="invitation"' in body and world.programme.name_ar in body
    assert page.post(reverse("awards:invitations"), {"judge": judge.pk, "response": "accept"}).status_code == 302
    assert Judge.objects.get(pk=judge.pk).status == JudgeStatus.ACCEPTED
    assert page.post(reverse("awards:invitations"), {"judge": judge.pk, "response": "decline"}).status_code == 302
    assert Judge.objects.get(pk=judge.pk).status == JudgeStatus.DECLINED
    # Someone else's invitation is not there for them.
    assert client_for(other).post(reverse("awards:invitations"), {"judge": judge.pk,
                                                                  "response": "accept"}).status_code == 404
    assert client_for(None).get(reverse("awards:invitations")).status_code == 302
    assert Judge.objects.get(pk=judge.pk).status == JudgeStatus.DECLINED


def test_invitations_page_query_count_does_not_grow_with_invitations(client_for, make_cycle, make_user):
    person = make_user()
    world = make_cycle()
    services.judge_invite(actor=world.organiser_admin, cycle=world.cycle, user=person)
    page = client_for(person)
    few = _count_queries(page, reverse("awards:invitations"))
    for _ in range(3):
        other = make_cycle()
        services.judge_invite(actor=other.organiser_admin, cycle=other.cycle, user=person)
    body = page.get(reverse("awards:invitations")).content.decode()
    assert body.count('data-testid="invitation"') == 4
    assert _count_queries(page, reverse("awards:invitations")) == few


# ---------------------------------------------------------------- the eligibility check


def test_not_eligible_needs_a_reason_and_the_applicant_reads_it(client_for, world):
    application = world.apply()
    page = client_for(world.organiser_admin)
    url = reverse("awards:eligibility", args=[world.cycle.pk])
    response = page.post(url, {"application": application.pk, "decision": "ineligible", "reason": ""})
    assert response.status_code == 200 and 'data-testid="eligibility-error"' in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    reason = "المبادرة لم تنفذ خلال العامين الماضيين"
    assert page.post(url, {"application": application.pk, "decision": "ineligible",
                           "reason": reason}).status_code == 302
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.INELIGIBLE
    body = client_for(application.editor).get(reverse("awards:application", args=[application.pk])).content.decode()
    assert 'data-testid="ineligible-reason"' in body and reason in body


def test_eligible_needs_no_reason(client_for, world):
    application = world.apply()
    response = client_for(world.organiser_admin).post(reverse("awards:eligibility", args=[world.cycle.pk]),
                                                      {"application": application.pk, "decision": "eligible"})
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.ELIGIBLE


def test_eligibility_page_lists_submitted_applications_only_and_its_queries_do_not_grow(client_for, world):
    world.apply()
    draft = world.apply(submit=False)
    page = client_for(world.organiser_admin)
    url = reverse("awards:eligibility", args=[world.cycle.pk])
    body = page.get(url).content.decode()
    assert body.count('data-testid="eligibility-row"') == 1 and draft.title_ar not in body
    few = _count_queries(page, url)
    for _ in range(4):
        world.apply()
    assert _count_queries(page, url) == few


def test_eligibility_page_is_the_organisers(client_for, world):
    application = world.apply()
    url = reverse("awards:eligibility", args=[world.cycle.pk])
    assert client_for(application.editor).get(url).status_code == 403
    assert client_for(application.editor).post(url, {"application": application.pk,
                                                     "decision": "eligible"}).status_code == 403
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


# ---------------------------------------------------------------- applying


@pytest.mark.parametrize(("prefix", "direction"), [("", "rtl"), ("/en", "ltr")])
def test_apply_page_offers_the_persons_organisations_and_their_initiatives(client_for, world, applicant, prefix,
                                                                           direction):
    initiative = applicant["initiative"]
    url = prefix + reverse("awards:apply", args=[world.category.pk]) + f"?initiative={initiative.pk}"
    response = client_for(applicant["editor"]).get(url)
    body = response.content.decode()
    assert response.status_code == 200 and f'dir="{direction}"' in body
    assert applicant["organization"].name_ar in body and world.organiser.name_ar not in body
    assert f'<option value="{initiative.pk}" selected>' in body
    assert 'value="مبادرة أنسنة الأحياء"' in body  # the title prefilled from the initiative
    assert 'name="answer_' in body and 'data-testid="save-draft"' in body


def test_apply_saves_a_draft_then_submits_it(client_for, world, applicant):
    page = client_for(applicant["editor"])
    response = page.post(reverse("awards:apply", args=[world.category.pk]), {
        "organization": applicant["organization"].pk, "initiative": applicant["initiative"].pk, "action": "save",
        "evidence_file": pdf(), "evidence_title": "تقرير الأثر"})
    assert response.status_code == 302, _errors(response)
    application = Application.objects.get(initiative=applicant["initiative"])
    assert application.status == ApplicationStatus.DRAFT and application.title_ar == "مبادرة أنسنة الأحياء"
    assert application.evidence.get().title == "تقرير الأثر"
    edit = reverse("awards:application_edit", args=[application.pk])
    response = page.post(edit, {"title_ar": application.title_ar, "action": "submit"})
    assert response.status_code == 200 and "ما الأثر الذي حققته المبادرة؟" in _errors(response)  # required answer
    response = page.post(edit, {"title_ar": application.title_ar, "action": "submit",
                                f"answer_{world.question.pk}": "استفاد من المبادرة ألف ساكن"})
    assert response.status_code == 302, _errors(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.answers
    assert Cycle.objects.get(pk=world.cycle.pk).application_count == 1


def test_late_submission_shows_the_deadline_message_on_the_form(client_for, world, applicant):
    application = world.apply(applicant["organization"], editor=applicant["editor"], submit=False,
                              initiative=applicant["initiative"])
    Cycle.objects.filter(pk=world.cycle.pk).update(nominations_close_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client_for(applicant["editor"]).post(reverse("awards:application_edit", args=[application.pk]), {
        "title_ar": application.title_ar, "action": "submit"})
    assert response.status_code == 200
    assert "Asia/Riyadh" in _errors(response) and 'data-testid="nominations-closed"' in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT
    response = client_for(applicant["editor"]).post(reverse("awards:apply", args=[world.category.pk]), {
        "organization": applicant["organization"].pk, "initiative": applicant["initiative"].pk, "action": "save"})
    assert response.status_code == 200 and "Asia/Riyadh" in _errors(response)


def test_evidence_upload_refuses_a_file_that_is_not_a_document(client_for, world, applicant):
    application = world.apply(applicant["organization"], editor=applicant["editor"], submit=False,
                              initiative=applicant["initiative"])
    script = SimpleUploadedFile("report.pdf", b"#!/bin/sh\necho hello\n", "application/pdf")
    response = client_for(applicant["editor"]).post(reverse("awards:evidence_add", args=[application.pk]), {
        "evidence_title": "تقرير", "evidence_file": script})
    assert response.status_code == 200 and 'id="id_evidence_file_errors"' in response.content.decode()
    assert not ApplicationEvidence.objects.exists()
    response = client_for(applicant["editor"]).post(reverse("awards:application_edit", args=[application.pk]), {
        "title_ar": application.title_ar, "action": "save", "evidence_file": SimpleUploadedFile(
            "page.html", b"<html><script>alert(1)</script></html>", "text/html")})
    assert response.status_code == 200 and not ApplicationEvidence.objects.exists()


def test_a_resident_without_an_organisation_cannot_apply_where_only_organisations_do(client_for, world, make_user):
    person = make_user()
    response = client_for(person).get(reverse("awards:apply", args=[world.category.pk]))
    assert response.status_code == 200 and 'data-testid="cannot-apply"' in response.content.decode()
    response = client_for(person).post(reverse("awards:apply", args=[world.category.pk]), {"organization": "self"})
    assert response.status_code == 403 and not Application.objects.exists()


def test_a_resident_applies_alone_where_the_category_allows(client_for, make_cycle, make_user):
    world = make_cycle()
    Category.objects.filter(pk=world.category.pk).update(allows_residents=True, needs_initiative=False)
    person = make_user()
    response = client_for(person).post(reverse("awards:apply", args=[world.category.pk]), {
        "organization": "self", "title_ar": "فريق الحي التطوعي", "action": "submit",
        f"answer_{world.question.pk}": "ننظف الحدائق كل أسبوع"})
    assert response.status_code == 302, _errors(response)
    application = Application.objects.get(applicant=person)
    assert application.organization is None and application.status == ApplicationStatus.SUBMITTED


# ---------------------------------------------------------------- the application page


def test_application_page_for_its_applicant_the_organiser_and_nobody_else(client_for, world, applicant, make_user):
    application = world.apply(applicant["organization"], editor=applicant["editor"], submit=False,
                              initiative=applicant["initiative"])
    evidence = services.evidence_add(actor=applicant["editor"], application=application, title="تقرير الأثر",
                                     upload=pdf())
    url = reverse("awards:application", args=[application.pk])
    body = client_for(applicant["editor"]).get(url).content.decode()
    assert 'data-testid="edit-application"' in body and 'data-testid="delete-draft"' in body
    assert body.count('data-testid="evidence-link"') == 1
    file_url = reverse("awards:evidence", args=[application.pk, evidence.pk, evidence.file.name.rsplit("/", 1)[-1]])
    assert f'href="{file_url}"' in body
    assert client_for(applicant["editor"]).get(file_url).status_code == 200
    assert client_for(world.organiser_admin).get(url).status_code == 200
    assert client_for(world.organiser_admin).get(file_url).status_code == 200
    for outsider in (None, make_user()):
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).get(file_url).status_code == 404


def test_blind_judging_hides_the_applicant_from_an_assigned_judge(client_for, make_cycle, make_org):
    world = make_cycle(judges_per_application=1, blind_judging=True)
    applicant_org = make_org("جمعية الأيادي البيضاء")
    application = world.apply(applicant_org)
    [judge] = world.invite_judges(1)
    world.start_judging()
    body = client_for(judge.user).get(reverse("awards:application", args=[application.pk])).content.decode()
    assert application.title_ar in body and "جمعية الأيادي البيضاء" not in body
    organiser = client_for(world.organiser_admin).get(reverse("awards:application", args=[application.pk]))
    assert "جمعية الأيادي البيضاء" in organiser.content.decode()


def test_withdraw_a_submitted_application_and_delete_a_draft(client_for, world):
    submitted = world.apply()
    draft = world.apply(submit=False)
    response = client_for(submitted.editor).post(reverse("awards:application_withdraw", args=[submitted.pk]),
                                                 {"reason": "تغيرت خطتنا"})
    assert response.status_code == 302
    assert Application.objects.get(pk=submitted.pk).status == ApplicationStatus.WITHDRAWN
    assert Cycle.objects.get(pk=world.cycle.pk).application_count == 0
    assert client_for(submitted.editor).post(reverse("awards:application_delete",
                                                     args=[submitted.pk])).status_code == 403
    response = client_for(draft.editor).post(reverse("awards:application_delete", args=[draft.pk]))
    assert response.status_code == 302 and not Application.objects.filter(pk=draft.pk).exists()
    assert client_for(world.organiser_admin).post(reverse("awards:application_withdraw",
                                                          args=[submitted.pk])).status_code == 403


def test_my_applications_lists_mine_with_their_status_and_its_queries_do_not_grow(client_for, world, make_org,
                                                                                 make_member):
    organization = make_org()
    editor = make_member(organization, Role.EDITOR)
    world.apply(organization, editor=editor)
    page = client_for(editor)
    url = reverse("awards:my_applications")
    body = page.get(url).content.decode()
    assert body.count('data-testid="my-application"') == 1 and 'data-testid="application-status"' in body
    few = _count_queries(page, url)
    for _ in range(4):
        world.apply(organization, editor=editor)
    world.apply()  # someone else's
    body = page.get(url).content.decode()
    assert body.count('data-testid="my-application"') == 5
    assert _count_queries(page, url) == few


def test_the_main_menu_links_the_programmes(client_for):
    body = client_for(None).get(reverse("home")).content.decode()
    assert f'href="{reverse("awards:programmes")}"' in body
