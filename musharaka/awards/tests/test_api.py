"""The awards API: a cycle from setup to published results, who sees what (applicants, judges, recused judges,
organisers, the public), the state refusals (409) and bad input (422), and fixed query counts on the lists."""

import datetime
import json

import pytest
from django.utils import timezone

from musharaka.awards import services
from musharaka.awards.models import Cycle, Round, Scoresheet
from musharaka.orgs.models import Role

pytestmark = pytest.mark.django_db

URL = "/api/v1/awards"


def call(client_for, user, method: str, path: str, body=None, language: str = "en"):
    client = client_for(user)
    headers = {"Accept-Language": language}
    if method == "GET":
        return client.get(URL + path, headers=headers)
    return client.generic(method, URL + path, json.dumps(body if body is not None else {}),
                          content_type="application/json", headers=headers)


def moment(delta: datetime.timedelta) -> str:
    return (timezone.now() + delta).replace(microsecond=0).isoformat()


def test_an_organiser_sets_a_cycle_up_and_advance_lists_the_problems(make_org, make_member, client_for):
    organiser = make_org()
    admin = make_member(organiser, Role.ADMIN)
    answer = call(client_for, admin, "POST", "/programmes", {
        "organization_id": organiser.pk, "name_ar": "جائزة المشاركة المجتمعية", "name_en": "Community award"})
    assert answer.status_code == 201, answer.content
    programme = answer.json()
    assert programme["may_manage"] is True
    answer = call(client_for, admin, "POST", f"/programmes/{programme['id']}/cycles", {
        "year": 2027, "title_ar": "الدورة الأولى", "nominations_open_at": moment(datetime.timedelta(days=1)),
        "nominations_close_at": moment(datetime.timedelta(days=30))})
    assert answer.status_code == 201, answer.content
    cycle = answer.json()
    assert cycle["stage"] == "draft"
    assert [phase["stage"] for phase in cycle["phases"]][:2] == ["draft", "nominations"]
    category = call(client_for, admin, "POST", f"/cycles/{cycle['id']}/categories",
                    {"name_ar": "أفضل فريق تطوعي", "kind": "volunteer_team", "allows_residents": True,
                     "needs_initiative": False}).json()
    criterion = call(client_for, admin, "POST", f"/categories/{category['id']}/criteria", {
        "name_ar": "الأثر", "weight": 60, "levels": [{"level": 0, "ar": "لا أثر"}, {"level": 10, "ar": "أثر بالغ",
                                                                                     "en": "Great"}]}).json()
    assert [level["level"] for level in criterion["levels"]] == [0, 10]
    answer = call(client_for, admin, "POST", f"/cycles/{cycle['id']}/advance")
    assert answer.status_code == 409
    assert answer.json()["code"] == "not_ready"
    assert answer.json()["detail"] == ["The weights of “أفضل فريق تطوعي” add up to 60, not 100."]
    assert call(client_for, admin, "PATCH", f"/criteria/{criterion['id']}", {"weight": 100}).status_code == 200
    question = call(client_for, admin, "POST", f"/categories/{category['id']}/questions",
                    {"text_ar": "ما عدد المتطوعين؟"}).json()
    detail = call(client_for, admin, "GET", f"/cycles/{cycle['id']}").json()
    assert detail["problems"] == []
    assert detail["categories"][0]["weight_total"] == 100
    assert detail["categories"][0]["questions"][0]["id"] == question["id"]
    assert call(client_for, admin, "POST", f"/cycles/{cycle['id']}/advance").json()["stage"] == "nominations"
    # Setup is fixed once nominations open.
    answer = call(client_for, admin, "DELETE", f"/questions/{question['id']}")
    assert answer.status_code == 409
    assert answer.json()["code"] == "wrong_phase"


def test_a_draft_cycle_of_others_is_not_found_and_a_public_one_is_not_theirs_to_change(make_cycle, make_user,
                                                                                      client_for):
    world = make_cycle(stage="draft")
    resident = make_user()
    assert call(client_for, resident, "GET", f"/cycles/{world.cycle.pk}").status_code == 404
    assert call(client_for, None, "GET", "/cycles").json()["count"] == 0
    services.cycle_advance(actor=world.organiser_admin, cycle=world.cycle)
    assert call(client_for, None, "GET", f"/cycles/{world.cycle.pk}").json()["problems"] == []
    answer = call(client_for, resident, "PATCH", f"/cycles/{world.cycle.pk}", {"title_en": "Taken over"})
    assert answer.status_code == 403
    assert answer.json()["code"] == "permission_denied"
    assert call(client_for, None, "GET", "/cycles?stage=nominations").json()["count"] == 1
    assert call(client_for, None, "GET", "/cycles?stage=judging").json()["count"] == 0
    assert call(client_for, None, "GET", f"/programmes/{world.programme.pk}").status_code == 200


def test_an_applicant_applies_edits_and_submits_and_sees_only_their_own(make_cycle, make_org, make_member,
                                                                       make_initiative, client_for):
    world = make_cycle()
    organization = make_org("جمعية التنمية الأهلية")
    editor = make_member(organization, Role.EDITOR)
    initiative = make_initiative(organization, status="approved", editor=editor)
    answer = call(client_for, editor, "POST", "/applications", {
        "category_id": world.category.pk, "organization_id": organization.pk, "initiative_id": initiative.pk})
    assert answer.status_code == 201, answer.content
    draft = answer.json()
    assert draft["status"] == "draft"
    assert draft["title_ar"] == initiative.title_ar
    answer = call(client_for, editor, "POST", f"/applications/{draft['id']}/submit")
    assert answer.status_code == 409  # the required question is not answered yet
    assert answer.json()["code"] == "answer_required"
    answer = call(client_for, editor, "PATCH", f"/applications/{draft['id']}",
                  {"answers": {str(world.question.pk): "خدمنا أكثر من ألف أسرة في الحي"}})
    assert answer.json()["answers"] == {str(world.question.pk): "خدمنا أكثر من ألف أسرة في الحي"}
    submitted = call(client_for, editor, "POST", f"/applications/{draft['id']}/submit").json()
    assert submitted["status"] == "submitted"
    assert call(client_for, editor, "PATCH", f"/applications/{draft['id']}", {"title_en": "x"}).status_code == 403
    assert call(client_for, editor, "DELETE", f"/applications/{draft['id']}").status_code == 403
    other = world.apply()
    mine = call(client_for, editor, "GET", "/applications/mine").json()
    assert [row["id"] for row in mine["results"]] == [draft["id"]]
    assert call(client_for, editor, "GET", f"/applications/{other.pk}").status_code == 404
    assert call(client_for, world.make_user(), "GET", f"/applications/{draft['id']}").status_code == 404
    # The organiser lists every submitted application of the cycle and decides eligibility.
    listed = call(client_for, world.organiser_admin, "GET", f"/cycles/{world.cycle.pk}/applications").json()
    assert listed["count"] == 2
    assert call(client_for, editor, "GET", f"/cycles/{world.cycle.pk}/applications").status_code == 403
    answer = call(client_for, world.organiser_admin, "POST", f"/applications/{other.pk}/eligibility",
                  {"eligible": False})
    assert answer.status_code == 422
    answer = call(client_for, world.organiser_admin, "POST", f"/applications/{other.pk}/eligibility",
                  {"eligible": False, "reason": "المبادرة لم تنفذ بعد"})
    assert answer.json()["status"] == "ineligible"
    assert call(client_for, world.organiser_admin, "GET",
                f"/cycles/{world.cycle.pk}/applications?status=ineligible").json()["count"] == 1
    answer = call(client_for, editor, "POST", f"/applications/{draft['id']}/withdraw", {"reason": "غيرنا رأينا"})
    assert answer.json()["status"] == "withdrawn"


def test_a_submission_after_the_deadline_is_refused_with_the_closing_moment(make_cycle, client_for):
    world = make_cycle()
    application = world.apply(submit=False)
    Cycle.objects.filter(pk=world.cycle.pk).update(nominations_close_at=timezone.now() - datetime.timedelta(seconds=1))
    answer = call(client_for, application.editor, "POST", f"/applications/{application.pk}/submit")
    assert answer.status_code == 409
    assert answer.json()["code"] == "deadline_passed"
    assert "Nominations closed on" in answer.json()["detail"]
    arabic = call(client_for, application.editor, "POST", f"/applications/{application.pk}/submit", language="ar")
    assert any("\u0600" <= char <= "\u06ff" for char in arabic.json()["detail"])


def test_judges_are_invited_respond_and_sit_on_a_panel(make_cycle, make_user, client_for):
    world = make_cycle(judges_per_application=1)
    person = make_user()
    answer = call(client_for, world.organiser_admin, "POST", f"/cycles/{world.cycle.pk}/judges",
                  {"user": person.username, "expertise": "التنمية المحلية"})
    assert answer.status_code == 201, answer.content
    judge = answer.json()
    assert judge["status"] == "invited"
    assert call(client_for, world.organiser_admin, "POST", f"/cycles/{world.cycle.pk}/judges",
                {"user": "nobody-here"}).status_code == 422
    invitations = call(client_for, person, "GET", "/invitations").json()
    assert [row["id"] for row in invitations["results"]] == [judge["id"]]
    assert call(client_for, make_user(), "POST", f"/invitations/{judge['id']}/respond",
                {"accept": True}).status_code == 404
    assert call(client_for, person, "POST", f"/invitations/{judge['id']}/respond",
                {"accept": True}).json()["status"] == "accepted"
    first = world.category.rounds.get(number=1)
    answer = call(client_for, world.organiser_admin, "POST", f"/rounds/{first.pk}/panel", {"judge_id": judge["id"]})
    assert answer.status_code == 201
    assert [member["id"] for member in answer.json()["panel"]] == [judge["id"]]
    jury = call(client_for, world.organiser_admin, "GET", f"/cycles/{world.cycle.pk}/judges").json()
    assert jury["count"] == 1
    assert call(client_for, person, "GET", f"/cycles/{world.cycle.pk}/judges").status_code == 403
    assert call(client_for, world.organiser_admin, "DELETE",
                f"/rounds/{first.pk}/panel/{judge['id']}").status_code == 204


@pytest.fixture
def judged(make_cycle):
    """Three applications judged by two of three judges each (the third judge belongs to the first applicant)."""
    world = make_cycle(judges_per_application=2)
    insider_org = world.make_org("جمعية البر بالمدينة")
    insider = world.make_member(insider_org, Role.VIEWER)
    applications = [world.apply(insider_org), world.apply(), world.apply()]
    world.invite_judges(3, users=[insider, world.make_user(), world.make_user()])
    world.start_judging()
    return world, applications, insider


def test_a_judge_scores_in_draft_then_submits_once(judged, client_for):
    world, _applications, _insider = judged
    judge = world.judges[1]
    queue = call(client_for, judge.user, "GET", "/sheets").json()
    assert queue["count"] == judge.sheets.count()
    sheet_id = queue["results"][0]["id"]
    sheet = call(client_for, judge.user, "GET", f"/sheets/{sheet_id}").json()
    assert [criterion["weight"] for criterion in sheet["criteria"]] == [50, 30, 20]
    assert sheet["application"]["organization"] is not None  # not blind
    scores = [{"criterion_id": c.pk, "value": value, "comment": "جيد"} for c, value in zip(world.criteria, [9, 8],
                                                                                            strict=False)]
    answer = call(client_for, judge.user, "PUT", f"/sheets/{sheet_id}", {"scores": scores})
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "draft"
    answer = call(client_for, judge.user, "POST", f"/sheets/{sheet_id}/submit", {})
    assert answer.status_code == 409
    assert answer.json()["code"] == "incomplete"
    last = [{"criterion_id": world.criteria[2].pk, "value": 7, "comment": ""}]
    answer = call(client_for, judge.user, "POST", f"/sheets/{sheet_id}/submit", {"scores": last})
    assert answer.json()["status"] == "submitted"
    assert answer.json()["total"] == 83.0  # 50×9 + 30×8 + 20×7 = 830 → 83
    queue = call(client_for, judge.user, "GET", "/sheets").json()["results"]
    assert len(queue) == 2
    assert [row["status"] for row in queue] == ["assigned", "submitted"]  # still to score first, on both databases
    again = call(client_for, judge.user, "POST", f"/sheets/{sheet_id}/submit", {"scores": last})
    assert again.status_code == 409
    assert again.json()["code"] == "already_submitted"
    answer = call(client_for, judge.user, "PUT", f"/sheets/{sheet_id}",
                  {"scores": [{"criterion_id": world.criteria[0].pk, "value": 11}]})
    assert answer.status_code == 422
    # Another judge's sheet is not found.
    others = Scoresheet.objects.exclude(judge=judge).first()
    assert call(client_for, judge.user, "GET", f"/sheets/{others.pk}").status_code == 404


def test_a_recused_judge_never_opens_the_application(judged, client_for):
    world, applications, insider = judged
    assert not Scoresheet.objects.filter(judge__user=insider, application=applications[0]).exists()
    assert call(client_for, insider, "GET", f"/applications/{applications[0].pk}").status_code == 404
    assert all(row["application_id"] != applications[0].pk
               for row in call(client_for, insider, "GET", "/sheets").json()["results"])
    # A declared conflict: the sheet goes, and so does the application.
    judge = world.judges[1]
    sheet = Scoresheet.objects.filter(judge=judge).first()
    assert call(client_for, judge.user, "GET", f"/applications/{sheet.application_id}").status_code == 200
    assert call(client_for, judge.user, "POST", f"/sheets/{sheet.pk}/conflict",
                {"reason": "أعمل مستشارا لدى الجهة"}).status_code == 204
    assert call(client_for, judge.user, "GET", f"/sheets/{sheet.pk}").status_code == 404
    assert call(client_for, judge.user, "GET", f"/applications/{sheet.application_id}").status_code == 404


def test_blind_judging_hides_who_applied(make_cycle, client_for):
    world = make_cycle(judges_per_application=1, blind_judging=True)
    application = world.apply()
    [judge] = world.invite_judges(1)
    world.start_judging()
    sheet = Scoresheet.objects.get(judge=judge)
    body = call(client_for, judge.user, "GET", f"/sheets/{sheet.pk}").json()
    assert body["blind"] is True
    assert body["application"]["organization"] is None
    assert body["application"]["applicant"] is None
    assert body["application"]["initiative"] is None
    assert body["application"]["title_ar"] == application.title_ar
    direct = call(client_for, judge.user, "GET", f"/applications/{application.pk}").json()
    assert direct["organization"] is None
    owner = call(client_for, application.editor, "GET", f"/applications/{application.pk}").json()
    assert owner["organization"]["id"] == application.organization_id


def test_the_ranking_close_advance_and_published_results(judged, client_for):
    world, applications, _insider = judged
    marks = {applications[0].pk: [9, 8, 7], applications[1].pk: [6, 6, 6], applications[2].pk: [8, 9, 10]}
    for sheet in Scoresheet.objects.select_related("judge__user"):
        world.score(sheet, marks[sheet.application_id])
    first = world.category.rounds.get(number=1)
    admin = world.organiser_admin
    assert call(client_for, world.judges[1].user, "GET", f"/rounds/{first.pk}").status_code == 403
    ranking = call(client_for, admin, "GET", f"/rounds/{first.pk}").json()
    assert [entry["application"]["id"] for entry in ranking["entries"]] == [applications[2].pk, applications[0].pk,
                                                                            applications[1].pk]
    assert ranking["entries"][0]["raw_score"] == 87.0
    assert {len(entry["sheets"]) for entry in ranking["entries"]} == {2}
    assert ranking["entries"][0]["sheets"][0]["is_outlier"] is False
    assert call(client_for, admin, "POST", f"/rounds/{first.pk}/advance", {"count": 2}).status_code == 409
    assert call(client_for, admin, "POST", f"/rounds/{first.pk}/close").json()["status"] == "closed"
    assert call(client_for, admin, "POST", f"/rounds/{first.pk}/close").status_code == 409
    second = call(client_for, admin, "POST", f"/rounds/{first.pk}/advance", {"count": 2})
    assert second.status_code == 201
    assert second.json()["number"] == 2
    assert len(second.json()["entries"]) == 2
    # The results are the organiser's alone until published.
    assert call(client_for, None, "GET", f"/cycles/{world.cycle.pk}/results").status_code == 404
    # The second round has no panel: it is dropped so that the first decides (its judging is the services' tests').
    Round.objects.filter(pk=second.json()["id"]).delete()
    world.cycle = services.cycle_advance(actor=admin, cycle=world.cycle)
    services.winners_confirm(actor=admin, category=world.category, placements=[
        (applications[2], 1, "مبادرة رائدة", "A leading initiative")])
    assert call(client_for, admin, "GET", f"/cycles/{world.cycle.pk}/results").status_code == 200
    services.cycle_advance(actor=admin, cycle=world.cycle)
    results = call(client_for, None, "GET", f"/cycles/{world.cycle.pk}/results").json()
    [category] = results["categories"]
    [winner] = category["winners"]
    assert winner["place"] == 1
    assert winner["application"]["id"] == applications[2].pk
    assert winner["initiative"]["id"] == applications[2].initiative_id
    assert winner["citation"] == "A leading initiative"
    assert category["people_choice"] == []


def test_the_people_choice_takes_one_vote_per_person(make_cycle, make_user, client_for):
    world = make_cycle(people_choice=True)
    applications = [world.apply(), world.apply()]
    unchecked = world.apply()
    world.close_nominations()
    for application in applications:
        services.application_check_eligibility(actor=world.organiser_admin, application=application, eligible=True)
    voter = make_user()
    answer = call(client_for, voter, "POST", f"/applications/{applications[0].pk}/vote")
    assert answer.status_code == 409
    assert answer.json()["code"] == "vote_closed"
    services.cycle_set_people_choice(actor=world.organiser_admin, cycle=world.cycle, is_open=True)
    assert call(client_for, None, "POST", f"/applications/{applications[0].pk}/vote").status_code == 401
    answer = call(client_for, voter, "POST", f"/applications/{applications[0].pk}/vote")
    assert answer.status_code == 201
    assert answer.json()["vote_count"] == 1
    answer = call(client_for, make_user(), "POST", f"/applications/{unchecked.pk}/vote")
    assert answer.status_code == 409
    assert answer.json()["code"] == "not_competing"
    again = call(client_for, voter, "POST", f"/applications/{applications[1].pk}/vote")
    assert again.status_code == 409
    assert again.json()["code"] == "already_voted"
    applications[1].refresh_from_db()
    assert applications[1].vote_count == 0


def test_bad_input_is_refused_in_arabic(make_cycle, client_for):
    world = make_cycle(stage="draft")
    answer = call(client_for, world.organiser_admin, "POST", f"/categories/{world.category.pk}/criteria",
                  {"name_ar": "الأثر", "weight": 0}, language="ar")
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid"
    assert any("\u0600" <= char <= "\u06ff" for char in json.dumps(answer.json(), ensure_ascii=False))
    answer = call(client_for, world.organiser_admin, "PATCH", f"/cycles/{world.cycle.pk}",
                  {"nominations_close_at": "2001-01-01T00:00:00+03:00"})
    assert answer.status_code == 422
    assert answer.json()["code"] == "close_before_open"
    answer = call(client_for, world.organiser_admin, "POST", f"/cycles/{world.cycle.pk}/judges",
                  {"user": "nobody-here"}, language="ar")
    assert answer.json() == {"detail": "لا يوجد في المنصة من يحمل اسم المستخدم أو البريد الإلكتروني هذا.",
                             "code": "unknown_user"}


# ---------------------------------------------------------------- query counts


def _counted(client, django_assert_num_queries, path: str, rows: int):
    client.get(URL + path)  # the session is loaded once before counting
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        answer = client.get(URL + path)
    assert answer.status_code == 200, answer.content
    assert answer.json()["count"] >= rows
    return len(queries)


@pytest.mark.parametrize("path", ["/cycles", "/programmes"])
def test_public_lists_read_a_fixed_number_of_queries(make_cycle, client_for, django_assert_num_queries, path):
    make_cycle()
    one = _counted(client_for(None), django_assert_num_queries, path, 1)
    for year in range(2027, 2031):
        make_cycle(year=year)
    assert _counted(client_for(None), django_assert_num_queries, path, 5) == one


def test_the_applicant_and_organiser_lists_read_a_fixed_number_of_queries(make_cycle, client_for,
                                                                         django_assert_num_queries):
    world = make_cycle()
    first = world.apply()
    organiser_path = f"/cycles/{world.cycle.pk}/applications"
    organiser_one = _counted(client_for(world.organiser_admin), django_assert_num_queries, organiser_path, 1)
    mine_one = _counted(client_for(first.editor), django_assert_num_queries, "/applications/mine", 1)
    for _ in range(4):
        world.apply(first.organization, editor=first.editor)
    assert _counted(client_for(world.organiser_admin), django_assert_num_queries, organiser_path, 5) == organiser_one
    assert _counted(client_for(first.editor), django_assert_num_queries, "/applications/mine", 5) == mine_one


def test_the_judge_queue_and_the_jury_read_a_fixed_number_of_queries(make_cycle, client_for,
                                                                    django_assert_num_queries):
    world = make_cycle(judges_per_application=1)
    world.apply()
    [judge] = world.invite_judges(1)
    world.start_judging()
    queue_one = _counted(client_for(judge.user), django_assert_num_queries, "/sheets", 1)
    jury_path = f"/cycles/{world.cycle.pk}/judges"
    jury_one = _counted(client_for(world.organiser_admin), django_assert_num_queries, jury_path, 1)
    other = make_cycle(judges_per_application=1, year=2027)
    for _ in range(4):
        other.apply()
    other.invite_judges(3)
    services.judge_invite(actor=world.organiser_admin, cycle=world.cycle, user=world.make_user())
    services.judge_invite(actor=world.organiser_admin, cycle=world.cycle, user=world.make_user())
    first = other.category.rounds.get(number=1)
    services.judge_invite(actor=other.organiser_admin, cycle=other.cycle, user=judge.user)
    seat = services.judge_respond(actor=judge.user, judge=other.cycle.judges.get(user=judge.user), accept=True)
    services.panel_add(actor=other.organiser_admin, round=first, judge=seat)
    other.start_judging()
    assert Scoresheet.objects.filter(judge__user=judge.user).count() > 1
    assert _counted(client_for(judge.user), django_assert_num_queries, "/sheets", 2) == queue_one
    assert _counted(client_for(world.organiser_admin), django_assert_num_queries, jury_path, 3) == jury_one


def test_applying_for_an_organisation_one_does_not_edit_is_refused(make_cycle, make_user, client_for):
    world = make_cycle()
    answer = call(client_for, make_user(), "POST", "/applications", {
        "category_id": world.category.pk, "organization_id": world.make_org().pk})
    assert answer.status_code == 403
    assert answer.json() == {"detail": "Only the organisation's admins and editors apply on its behalf.",
                             "code": "permission_denied"}
