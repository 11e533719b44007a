"""The judging pages: the organiser's panels, progress board and round ranking; the judge's queue, scoring page,
autosave and conflict declaration. Both languages; a recused judge never reaches a sheet; blind judging hides the
applicant; the numbers on the ranking page are worked by hand."""

import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from musharaka.awards import services
from musharaka.awards.models import Recusal, RecusalSource, Round, RoundStatus, Scoresheet, SheetStatus
from musharaka.orgs.models import Role

pytestmark = pytest.mark.django_db


def url(name, *args, language="ar"):
    with translation.override(language):
        return reverse(f"awards:{name}", args=args)


def autosave(client, sheet, data, *, language="ar", **extra):
    return client.post(url("sheet_autosave", sheet.pk, language=language), json.dumps(data),
                       content_type="application/json", **extra)


@pytest.fixture
def judged(make_cycle, make_org, make_member, client_for):
    """A cycle in judging: three applications, two judges (each scores all three) and a third judge from the first
    applicant's organisation (recused from it automatically)."""
    world = make_cycle(judges_per_application=2)
    applicant_org = make_org("جمعية البر بالمدينة")
    insider = make_member(applicant_org, Role.VIEWER, first_name="منيرة", last_name="القحطاني")
    applications = [world.apply(applicant_org, title_ar="مبادرة حي النخيل الأخضر"),
                    world.apply(title_ar="مبادرة تطوع الشباب"), world.apply(title_ar="مبادرة المكتبة المجتمعية")]
    users = [world.make_user(first_name="سلمان", last_name="الدوسري"),
             world.make_user(first_name="هند", last_name="الشهري")]
    world.invite_judges(2, users=users)
    world.start_judging()
    world.applications = applications
    world.insider = insider
    world.first_round = Round.objects.select_related("category__cycle").get(category=world.category, number=1)
    return world


def sheet_of(user, application):
    return Scoresheet.objects.select_related("judge__user").get(judge__user=user, application=application)


# ---------------------------------------------------------------- the judge's queue


@pytest.mark.parametrize("language", ["ar", "en"])
def test_queue_lists_the_judges_sheets_by_cycle_category_and_round(judged, client_for, language):
    judge = judged.judges[0].user
    response = client_for(judge).get(url("judge_queue", language=language))
    body = response.content.decode()

    assert response.status_code == 200
    mine = Scoresheet.objects.filter(judge__user=judge)
    assert [row["pk"] for row in response.context["rows"]] == sorted(
        mine.values_list("pk", flat=True), key=lambda pk: mine.get(pk=pk).application.title_ar)
    assert body.count('data-testid="queue-row"') == mine.count()
    assert ("Best development initiative" if language == "en" else "أفضل مبادرة تنموية") in body
    assert ("My scoresheets" if language == "en" else "أوراق التقييم الخاصة بي") in body
    assert ("Not started" if language == "en" else "لم يبدأ") in body


def test_queue_never_lists_a_sheet_the_judge_is_recused_from(judged, client_for):
    sheet = sheet_of(judged.judges[0].user, judged.applications[1])
    Recusal.objects.create(judge=sheet.judge, application=sheet.application, source=RecusalSource.DECLARED,
                           reason="قرابة مع مدير المبادرة")
    rows = client_for(sheet.judge.user).get(url("judge_queue")).context["rows"]
    assert sheet.pk not in [row["pk"] for row in rows]
    assert len(rows) == 2


def test_queue_shows_the_applicant_unless_judging_is_blind(judged, client_for):
    judge = judged.judges[0].user
    seen = client_for(judge).get(url("judge_queue")).content.decode()
    assert "جمعية البر بالمدينة" in seen
    judged.cycle.blind_judging = True
    judged.cycle.save(update_fields=["blind_judging"])

    blind = client_for(judge).get(url("judge_queue")).content.decode()

    assert "جمعية البر بالمدينة" not in blind
    assert judged.applications[0].initiative.title_ar not in blind
    assert "مبادرة حي النخيل الأخضر" in blind  # the application's title stays


def test_queue_query_count_does_not_grow_with_the_sheets_or_the_cycles(judged, client_for, make_cycle):
    judge = judged.judges[0].user
    client = client_for(judge)
    client.get(url("judge_queue"))
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url("judge_queue")).context["rows"]) == 3
    other = make_cycle(judges_per_application=1)
    for _ in range(5):
        other.apply()
    other.invite_judges(1, users=[judge])
    other.start_judging()

    with CaptureQueriesContext(connection) as many:
        rows = client.get(url("judge_queue")).context["rows"]

    assert len(rows) == 8
    assert [row["cycle_id"] for row in rows].count(other.cycle.pk) == 5
    assert len(many) == len(few) <= 6, [query["sql"] for query in many.captured_queries]


def test_queue_is_paginated_and_each_page_names_its_groups(judged, client_for, monkeypatch):
    from musharaka.awards import judging_views

    monkeypatch.setattr(judging_views, "QUEUE_PAGE_SIZE", 2)
    client = client_for(judged.judges[0].user)
    first = client.get(url("judge_queue", language="en"))
    second = client.get(url("judge_queue", language="en"), {"page": 2})

    assert [len(page.context["rows"]) for page in (first, second)] == [2, 1]
    assert {row["pk"] for page in (first, second) for row in page.context["rows"]} == set(
        Scoresheet.objects.filter(judge=judged.judges[0]).values_list("pk", flat=True))
    assert "Round 1" in second.content.decode() and "Page 2 of 2" in second.content.decode()


# ---------------------------------------------------------------- who reaches a sheet


def test_a_recused_judge_and_another_judge_get_404_on_the_sheet_and_the_autosave(judged, client_for):
    judge, other = judged.judges[0].user, judged.judges[1].user
    sheet = sheet_of(judge, judged.applications[1])
    before = Scoresheet.objects.get(pk=sheet.pk)
    criterion = judged.criteria[0]
    for person in (other, judged.organiser_admin, judged.applications[1].editor):
        client = client_for(person)
        assert client.get(url("sheet", sheet.pk)).status_code == 404
        answer = autosave(client, sheet, {f"score_{criterion.pk}": 7})
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    Recusal.objects.create(judge=sheet.judge, application=sheet.application, source=RecusalSource.DECLARED,
                           reason="عضو في مجلس إدارة الجمعية")
    client = client_for(judge)
    assert client.get(url("sheet", sheet.pk)).status_code == 404
    assert autosave(client, sheet, {f"score_{criterion.pk}": 7}).status_code == 404
    assert client.post(url("sheet", sheet.pk), {f"score_{criterion.pk}": "7", "action": "draft"}).status_code == 404
    after = Scoresheet.objects.get(pk=sheet.pk)
    assert (after.status, after.saved_at) == (before.status, before.saved_at)
    assert not after.scores.exists()


def test_a_judge_of_the_applicant_organisation_is_never_assigned_and_cannot_open_its_sheet(judged, client_for):
    insider_judge = services.judge_invite(actor=judged.organiser_admin, cycle=judged.cycle, user=judged.insider)
    insider_judge = services.judge_respond(actor=judged.insider, judge=insider_judge, accept=True)
    services.panel_add(actor=judged.organiser_admin, round=judged.first_round, judge=insider_judge)
    services.round_assign(actor=judged.organiser_admin, round=judged.first_round)
    assert not Scoresheet.objects.filter(judge=insider_judge, application=judged.applications[0]).exists()
    theirs = Scoresheet.objects.filter(application=judged.applications[0]).first()
    assert client_for(judged.insider).get(url("sheet", theirs.pk)).status_code == 404


def test_anonymous_autosave_is_401_json(judged):
    sheet = Scoresheet.objects.first()
    answer = autosave(Client(), sheet, {})
    assert answer.status_code == 401 and answer.json()["code"] == "not_authenticated"


# ---------------------------------------------------------------- the scoring page


@pytest.mark.parametrize("language", ["ar", "en"])
def test_sheet_page_shows_the_application_criteria_and_level_descriptors(judged, client_for, language):
    sheet = sheet_of(judged.judges[0].user, judged.applications[0])
    body = client_for(sheet.judge.user).get(url("sheet", sheet.pk, language=language)).content.decode()

    assert "مبادرة حي النخيل الأخضر" in body
    assert "جمعية البر بالمدينة" in body  # not blind: the applicant is shown
    assert "أثر المبادرة واضح في الحي" in body  # the answer
    if language == "en":
        assert "Community impact" in body and "Outstanding" in body and "Weight: 50 of 100" in body
        assert "Save draft" in body and "Declare a conflict of interest" in body
    else:
        assert "الأثر المجتمعي" in body and "متميز" in body and "الوزن: 50 من 100" in body
        assert "حفظ المسودة" in body and "الإفصاح عن تعارض مصالح" in body
    assert "awards/sheet-autosave.js" in body
    assert "<script>" not in body and "style=" not in body  # the CSP: no inline script or style


def test_blind_judging_hides_the_applicants_name_on_the_sheet(judged, client_for):
    judged.cycle.blind_judging = True
    judged.cycle.save(update_fields=["blind_judging"])
    sheet = sheet_of(judged.judges[0].user, judged.applications[0])

    body = client_for(sheet.judge.user).get(url("sheet", sheet.pk, language="en")).content.decode()

    assert "مبادرة حي النخيل الأخضر" in body
    assert "جمعية البر بالمدينة" not in body
    assert judged.applications[0].initiative.title_ar not in body
    assert judged.applications[0].editor.username not in body
    assert 'data-testid="blind-notice"' in body


class _Inputs(HTMLParser):
    """The form's fields (id, type), the labels' `for` and the fieldsets' legends inside #sheet-form."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.fields, self.labels, self.legends, self.fieldsets = [], set(), 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "sheet-form":
            self.depth = 1
            return
        if not self.depth:
            return
        if tag in ("input", "textarea", "select") and attrs.get("type") != "hidden":
            self.fields.append((attrs.get("id"), attrs.get("type", tag), attrs))
        elif tag == "label":
            self.labels.add(attrs.get("for"))
        elif tag == "legend":
            self.legends += 1
        elif tag == "fieldset":
            self.fieldsets += 1

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth = 0


def test_every_field_of_the_scoring_form_has_a_label_and_radios_are_grouped(judged, client_for):
    sheet = sheet_of(judged.judges[0].user, judged.applications[0])
    parser = _Inputs()
    parser.feed(client_for(sheet.judge.user).get(url("sheet", sheet.pk)).content.decode())

    assert parser.fields, "the scoring form was not found"
    assert [field_id for field_id, _kind, _attrs in parser.fields if field_id not in parser.labels] == []
    radios = [attrs for _id, kind, attrs in parser.fields if kind == "radio"]
    assert len(radios) == 11 * len(judged.criteria)  # 0 to 10 for each criterion: native radios, keyboard-operable
    assert all("required" in attrs for attrs in radios)
    assert parser.fieldsets == parser.legends == len(judged.criteria)  # each group named by its criterion
    # Every level points at its descriptor (0 → "None", 1–9 → the nearest below, 10 → "Outstanding").
    first = judged.criteria[0].pk
    described = {attrs["id"]: attrs.get("aria-describedby") for attrs in radios}
    assert described[f"score_{first}_0"] == described[f"score_{first}_7"] == f"level-{first}-0"
    assert described[f"score_{first}_10"] == f"level-{first}-10"


def test_the_form_saves_a_draft_then_submits_and_shows_the_total(judged, client_for):
    sheet = sheet_of(judged.judges[0].user, judged.applications[1])
    client = client_for(sheet.judge.user)
    first, second, third = judged.criteria
    draft = client.post(url("sheet", sheet.pk), {f"score_{first.pk}": "9", f"comment_{first.pk}": "أثر واضح",
                                                 "overall_comment": "مبادرة جيدة", "action": "draft"})
    assert draft.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT and sheet.overall_comment == "مبادرة جيدة"

    incomplete = client.post(url("sheet", sheet.pk), {f"score_{first.pk}": "9", "action": "submit"})
    assert incomplete.status_code == 422
    assert "الابتكار" in incomplete.content.decode() or "الاستدامة" in incomplete.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT

    done = client.post(url("sheet", sheet.pk), {f"score_{first.pk}": "9", f"score_{second.pk}": "8",
                                                f"score_{third.pk}": "7", "action": "submit"}, follow=True)
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED and sheet.total == Decimal("83.00")  # (450 + 240 + 140) / 10
    body = done.content.decode()
    assert 'data-testid="sheet-total"' in body and "83.00" in body
    assert 'id="sheet-form"' not in body  # a submitted sheet is read, not edited


def test_a_submitted_sheet_refuses_a_second_post_with_409(judged, client_for):
    sheet = sheet_of(judged.judges[0].user, judged.applications[1])
    judged.score(sheet, [5, 5, 5])
    answer = client_for(sheet.judge.user).post(url("sheet", sheet.pk, language="en"), {
        f"score_{criterion.pk}": "9" for criterion in judged.criteria} | {"action": "submit"})
    assert answer.status_code == 409
    assert "You have already submitted this scoresheet." in answer.content.decode()
    sheet.refresh_from_db()
    assert sheet.total == Decimal("50.00")


def test_scores_off_the_scale_are_refused_on_the_page(judged, client_for):
    sheet = sheet_of(judged.judges[0].user, judged.applications[1])
    answer = client_for(sheet.judge.user).post(url("sheet", sheet.pk), {
        f"score_{judged.criteria[0].pk}": "11", "action": "draft"})
    assert answer.status_code == 422
    assert not sheet.scores.exists()


# ---------------------------------------------------------------- autosave


def test_autosave_saves_a_draft_from_json_with_the_csrf_header(judged, make_user):
    sheet = sheet_of(judged.judges[0].user, judged.applications[1])
    first, second, _third = judged.criteria
    client = Client(enforce_csrf_checks=True)
    client.force_login(sheet.judge.user)
    page = client.get(url("sheet", sheet.pk, language="en"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    data = {f"score_{first.pk}": "6", f"comment_{first.pk}": "خطة واضحة", f"score_{second.pk}": 4,
            "overall_comment": "بحاجة إلى قياس أثر"}

    refused = autosave(client, sheet, data, language="en")
    saved = autosave(client, sheet, data, language="en", headers={"X-CSRFToken": token})

    assert refused.status_code == 403
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["status"] == "draft"
    assert re.fullmatch(r"\d\d:\d\d:\d\d", body["saved_at"])
    assert body["detail"] == f"Saved at {body['saved_at']}"
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT and sheet.overall_comment == "بحاجة إلى قياس أثر"
    assert dict(sheet.scores.values_list("criterion_id", "value")) == {first.pk: 6, second.pk: 4}


def test_autosave_leaves_what_it_does_not_send_and_clears_an_emptied_score(judged, client_for):
    sheet = sheet_of(judged.judges[0].user, judged.applications[1])
    first, second, _third = judged.criteria
    client = client_for(sheet.judge.user)
    assert autosave(client, sheet, {f"score_{first.pk}": 6, f"score_{second.pk}": 4}).status_code == 200
    assert autosave(client, sheet, {f"score_{second.pk}": 5}).status_code == 200
    assert dict(sheet.scores.values_list("criterion_id", "value")) == {first.pk: 6, second.pk: 5}
    assert autosave(client, sheet, {f"score_{first.pk}": ""}).status_code == 200
    assert dict(sheet.scores.values_list("criterion_id", "value")) == {second.pk: 5}


def test_autosave_refuses_after_submission_with_409_json(judged, client_for):
    sheet = sheet_of(judged.judges[0].user, judged.applications[1])
    judged.score(sheet, [5, 5, 5])
    answer = autosave(client_for(sheet.judge.user), sheet, {f"score_{judged.criteria[0].pk}": 9})
    assert answer.status_code == 409
    assert answer.json()["code"] == "already_submitted"
    assert answer.json()["detail"]
    sheet.refresh_from_db()
    assert sheet.total == Decimal("50.00") and sheet.scores.get(criterion=judged.criteria[0]).value == 5


def test_autosave_refuses_bad_json_and_bad_scores(judged, client_for):
    sheet = sheet_of(judged.judges[0].user, judged.applications[1])
    client = client_for(sheet.judge.user)
    bad_json = client.post(url("sheet_autosave", sheet.pk), "{not json", content_type="application/json")
    a_list = autosave(client, sheet, [1, 2])
    off_scale = autosave(client, sheet, {f"score_{judged.criteria[0].pk}": 12})
    a_bool = autosave(client, sheet, {f"score_{judged.criteria[0].pk}": True})
    assert (bad_json.status_code, a_list.status_code, off_scale.status_code, a_bool.status_code) == (400, 400, 422, 422)
    assert not sheet.scores.exists()


# ---------------------------------------------------------------- conflict of interest


def test_declaring_a_conflict_needs_a_reason_then_hands_the_sheet_on(judged, client_for, make_user):
    extra = make_user(first_name="فهد")
    judge = services.judge_invite(actor=judged.organiser_admin, cycle=judged.cycle, user=extra)
    services.panel_add(actor=judged.organiser_admin, round=judged.first_round,
                       judge=services.judge_respond(actor=extra, judge=judge, accept=True))
    sheet = sheet_of(judged.judges[0].user, judged.applications[1])
    client = client_for(sheet.judge.user)

    refused = client.post(url("sheet_conflict", sheet.pk), {"reason": ""})
    assert refused.status_code == 302 and Scoresheet.objects.filter(pk=sheet.pk).exists()

    declared = client.post(url("sheet_conflict", sheet.pk), {"reason": "عملت مستشارًا للمبادرة"})
    assert declared.status_code == 302 and declared["Location"] == url("judge_queue")
    recusal = Recusal.objects.get(judge=sheet.judge, application=sheet.application)
    assert (recusal.source, recusal.reason) == (RecusalSource.DECLARED, "عملت مستشارًا للمبادرة")
    assert Scoresheet.objects.get(application=sheet.application, judge__user=extra)
    assert client.get(url("sheet", sheet.pk)).status_code == 404


# ---------------------------------------------------------------- panels


@pytest.mark.parametrize("language", ["ar", "en"])
def test_panels_page_shows_each_round_its_panel_and_the_recusals(judged, client_for, language):
    insider_judge = services.judge_invite(actor=judged.organiser_admin, cycle=judged.cycle, user=judged.insider)
    insider_judge = services.judge_respond(actor=judged.insider, judge=insider_judge, accept=True)
    services.panel_add(actor=judged.organiser_admin, round=judged.first_round, judge=insider_judge)
    services.round_assign(actor=judged.organiser_admin, round=judged.first_round)

    body = client_for(judged.organiser_admin).get(url("panels", judged.cycle.pk, language=language)).content.decode()

    assert "سلمان الدوسري" in body and "هند الشهري" in body and "منيرة القحطاني" in body
    recusals = body.split('data-testid="recusals"')[1]
    assert "منيرة القحطاني" in recusals and "مبادرة حي النخيل الأخضر" in recusals
    assert ("Found automatically" if language == "en" else "اكتُشف تلقائيًا") in recusals


def test_panels_add_remove_assign_and_normalise(judged, client_for, make_user):
    client = client_for(judged.organiser_admin)
    page = url("panels", judged.cycle.pk, language="en")
    round_ = judged.first_round
    newcomer = make_user(first_name="ريم")
    judge = services.judge_respond(actor=newcomer, judge=services.judge_invite(
        actor=judged.organiser_admin, cycle=judged.cycle, user=newcomer), accept=True)

    assert client.post(page, {"action": "add", "round": round_.pk, "judge": judge.pk}).status_code == 302
    assert round_.members.filter(judge=judge).exists()
    assigned = client.post(page, {"action": "assign", "round": round_.pk}, follow=True)
    assert [str(m) for m in assigned.context["messages"]][-1] == "0 scoresheets assigned."  # each has two judges
    assert client.post(page, {"action": "remove", "round": round_.pk, "judge": judge.pk}).status_code == 302
    assert not round_.members.filter(judge=judge).exists()
    assert client.post(page, {"action": "normalise", "round": round_.pk, "normalise": "on"}).status_code == 302
    round_.refresh_from_db()
    assert round_.normalise
    # Removing a judge leaves their applications short: the page says by how many, and assigning fills them.
    services.panel_remove(actor=judged.organiser_admin, round=round_, judge=judged.judges[1])
    shown = client.get(page)
    assert [board["shortfall"] for board in shown.context["boards"]] == [3]
    assert 'data-testid="shortfall"' in shown.content.decode()
    # Another cycle's round or judge is not found here.
    assert client.post(page, {"action": "assign", "round": 999999}).status_code == 404


def test_panels_and_board_answer_403_to_a_judge_and_404_on_a_draft_cycle(judged, client_for, make_cycle):
    judge = judged.judges[0].user
    assert client_for(judge).get(url("panels", judged.cycle.pk)).status_code == 403
    assert client_for(judge).get(url("progress", judged.cycle.pk)).status_code == 403
    assert client_for(judge).get(url("ranking", judged.first_round.pk)).status_code == 403
    draft = make_cycle(stage="draft")
    assert client_for(judge).get(url("panels", draft.cycle.pk)).status_code == 404
    assert Client().get(url("panels", judged.cycle.pk)).status_code == 302


# ---------------------------------------------------------------- progress board


def test_progress_board_counts_per_panel_and_per_judge(judged, client_for):
    sheets = list(Scoresheet.objects.filter(judge=judged.judges[0]).select_related("judge__user"))
    judged.score(sheets[0], [5, 5, 5])
    judged.score(sheets[1], [5, 5, 5], submit=False)

    response = client_for(judged.organiser_admin).get(url("progress", judged.cycle.pk, language="en"))

    judges = {row["first_name"]: row for row in response.context["judges"]}
    assert (judges["سلمان"]["assigned"], judges["سلمان"]["draft"], judges["سلمان"]["submitted"]) == (3, 1, 1)
    assert (judges["هند"]["assigned"], judges["هند"]["draft"], judges["هند"]["submitted"]) == (3, 0, 0)
    [row] = response.context["rounds"]
    assert (row["sheet_count"], row["submitted_count"], row["panel_size"]) == (6, 1, 2)
    assert "1 of 6 scoresheets submitted." in response.content.decode()


def test_progress_board_query_count_does_not_grow_with_judges(judged, client_for, make_user):
    client = client_for(judged.organiser_admin)
    client.get(url("progress", judged.cycle.pk))
    with CaptureQueriesContext(connection) as few:
        client.get(url("progress", judged.cycle.pk))
    for _ in range(5):
        user = make_user()
        judge = services.judge_respond(actor=user, judge=services.judge_invite(
            actor=judged.organiser_admin, cycle=judged.cycle, user=user), accept=True)
        services.panel_add(actor=judged.organiser_admin, round=judged.first_round, judge=judge)
    services.round_assign(actor=judged.organiser_admin, round=judged.first_round)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("progress", judged.cycle.pk))
    assert len(response.context["judges"]) == 7
    assert len(many) == len(few) <= 9, "\n".join(query["sql"][:150] for query in many.captured_queries)


# ---------------------------------------------------------------- ranking


@pytest.fixture
def ranked(make_cycle):
    """Four applications, two judges who score all four; the round normalises.

    Weights 50/30/20. Judge 1 (سلمان): A 10,10,9 → 98; B 6,6,6 → 60; C 8,9,10 → 87; D 6,6,6 → 60.
                       Judge 2 (هند):  A 3,3,3 → 30;  B 6,6,6 → 60; C 8,9,10 → 87; D 6,6,6 → 60.
    Raw means: A 64.00, B 60.00, C 87.00, D 60.00; spreads 68.00, 0, 0, 0; heaviest means 6.50, 6.00, 8.00, 6.00.
    Judge 1's totals: mean 76.25, σ = √279.1875 = 16.7089; judge 2's: mean 59.25, σ = √406.6875 = 20.1665.
    z: A (21.75/16.7089 − 29.25/20.1665)/2 = (1.3017 − 1.4504)/2 = −0.0744; B and D (−0.9725 + 0.0372)/2 = −0.4677;
    C (0.6434 + 1.3760)/2 = 1.0097. Ranks: C 1, A 2, B and D 3 (tied after both tie-breaks).
    A's totals lie 34 points from their mean 64 (> 30): both of A's sheets are flagged."""
    world = make_cycle(judges_per_application=2)
    apps = {name: world.apply(title_ar=title) for name, title in
            (("A", "مبادرة أنسنة الأحياء"), ("B", "مبادرة الحي الأخضر"), ("C", "مبادرة بنك الطعام"),
             ("D", "مبادرة سقيا الماء"))}
    users = [world.make_user(first_name="سلمان", last_name="الدوسري"),
             world.make_user(first_name="هند", last_name="الشهري")]
    world.invite_judges(2, users=users)
    world.start_judging()
    round_ = Round.objects.select_related("category__cycle").get(category=world.category, number=1)
    services.round_update(actor=world.organiser_admin, round=round_, normalise=True)
    marks = {(users[0].pk, "A"): [10, 10, 9], (users[1].pk, "A"): [3, 3, 3], "B": [6, 6, 6], "C": [8, 9, 10],
             "D": [6, 6, 6]}
    names = {application.pk: name for name, application in apps.items()}
    for sheet in Scoresheet.objects.select_related("judge__user", "application"):
        name = names[sheet.application_id]
        world.score(sheet, marks.get((sheet.judge.user_id, name)) or marks[name])
    world.apps, world.round = apps, round_
    return world


def test_ranking_page_shows_the_hand_worked_figures(ranked, client_for):
    response = client_for(ranked.organiser_admin).get(url("ranking", ranked.round.pk, language="en"))
    body = response.content.decode()
    rows = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.split(">", 1)[1])).strip()
            for row in body.split('data-testid="ranking-row"')[1:]]

    assert rows[0].startswith("1 مبادرة بنك الطعام") and "87.00 1.0097 8.00 0.00 2" in rows[0]
    assert rows[1].startswith("2 مبادرة أنسنة الأحياء") and "64.00 -0.0744 6.50 68.00 2" in rows[1]
    assert rows[2].startswith("3 ") and "60.00 -0.4677 6.00 0.00 2" in rows[2] and "Tied: for deliberation" in rows[2]
    assert rows[3].startswith("3 ") and "Tied: for deliberation" in rows[3]
    assert "Tied" not in rows[0] + rows[1]
    outliers = body.split('data-testid="outliers"')[1]
    assert outliers.count('data-testid="outlier"') == 2
    assert "سلمان الدوسري" in outliers and "98.00" in outliers and "هند الشهري" in outliers and "30.00" in outliers
    assert "heaviest criterion (“Community impact”)" in body and "smaller spread" in body


def test_ranking_page_in_arabic_states_the_tie_break(ranked, client_for):
    body = client_for(ranked.organiser_admin).get(url("ranking", ranked.round.pk)).content.decode()
    assert "الأثر المجتمعي" in body and "للمداولة" in body and "87.00" in body


def test_close_the_round_and_advance_the_top_k(ranked, client_for):
    client = client_for(ranked.organiser_admin)
    page = url("ranking", ranked.round.pk)
    assert client.post(page, {"action": "advance", "count": "2"}).status_code == 302  # refused: still open
    assert not ranked.category.rounds.filter(number=2).exists()

    assert client.post(page, {"action": "close"}).status_code == 302
    ranked.round.refresh_from_db()
    assert ranked.round.status == RoundStatus.CLOSED

    advanced = client.post(page, {"action": "advance", "count": "2", "normalise": "on"})
    second = ranked.category.rounds.get(number=2)
    assert advanced["Location"] == url("panels", ranked.cycle.pk) + f"#round-{second.pk}"
    assert set(second.entries.values_list("application_id", flat=True)) == {ranked.apps["C"].pk, ranked.apps["A"].pk}
    assert second.normalise
    assert ranked.round.entries.filter(advanced=True).count() == 2
