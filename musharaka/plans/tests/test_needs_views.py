"""The needs pages (issue #14, needs): the public list, submitting with similar needs, voting, moderation, the
matrix, the prioritisation and the proven initiatives for a need."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from musharaka.plans import selectors, services
from musharaka.plans.models import Action, Need, NeedCategory, NeedStatus, NeedVote

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- the public list


def test_needs_list_shows_open_needs_with_their_votes(make_plan, client_for):
    world = make_plan(status="consultation")
    lighting = world.need(title="نقص الإنارة في الشوارع الداخلية")
    world.vote(lighting, 3, "youth")
    parks = world.need(title="قلة الحدائق العامة للأطفال")
    services.need_set_status(actor=world.admin, need=parks, status="rejected", reason="خارج نطاق الخطة")

    response = client_for(None).get(reverse("plans:needs", args=[world.plan.pk]))

    assert response.status_code == 200
    rows = response.context["page_obj"].object_list
    assert [(row["title"], row["vote_count"]) for row in rows] == [("نقص الإنارة في الشوارع الداخلية", 3)]


def test_needs_list_search_meets_arabic_variants(make_plan, client_for):
    world = make_plan(status="consultation")
    world.need(title="إنارة الطرق الفرعية في الحي")
    world.need(title="صيانة الأرصفة المتهالكة")

    # Without hamza, with diacritics: the same word.
    response = client_for(None).get(reverse("plans:needs", args=[world.plan.pk]), {"q": "انَارة"})

    assert [row["title"] for row in response.context["page_obj"].object_list] == ["إنارة الطرق الفرعية في الحي"]


def test_needs_list_filters_by_neighbourhood_and_sorts_by_votes(make_plan, client_for):
    world = make_plan(status="consultation")
    first, second = world.neighbourhoods
    few = world.need(title="نقص مواقف السيارات قرب المسجد", neighbourhood=first)
    many = world.need(title="ازدحام المرور عند المدارس صباحا", neighbourhood=first)
    world.need(title="تجمع مياه الأمطار في الشارع العام", neighbourhood=second)
    world.vote(few, 1)
    world.vote(many, 2)
    url = reverse("plans:needs", args=[world.plan.pk])

    response = client_for(None).get(url, {"neighbourhood": first.pk, "sort": "votes"})

    assert [row["id"] for row in response.context["page_obj"].object_list] == [many.pk, few.pk]


def test_needs_list_sorted_by_priority_follows_the_stated_formula(make_plan, client_for):
    world = make_plan(status="consultation")
    scored = world.need(title="نقص الإنارة في الشوارع الداخلية")
    voted = world.need(title="قلة الحدائق العامة للأطفال")
    criteria = list(world.plan.criteria.all())
    services.need_score(actor=world.admin, need=scored, scores={c.pk: 5 for c in criteria})  # matrix 100
    world.vote(voted, 2)  # vote score 100

    rows = client_for(None).get(reverse("plans:needs", args=[world.plan.pk])).context["page_obj"].object_list

    # 70% × 100 + 30% × 0 = 70 before 70% × 0 + 30% × 100 = 30
    assert [(row["id"], str(row["priority"])) for row in rows] == [(scored.pk, "70.00"), (voted.pk, "30.00")]


def test_needs_list_runs_a_fixed_number_of_queries(make_plan, client_for):
    world = make_plan(status="consultation")
    resident = world.make_user()
    client = client_for(resident)
    url = reverse("plans:needs", args=[world.plan.pk])
    world.need(title="نقص الإنارة في الشوارع الداخلية")
    client.get(url)  # sessions and caches warmed
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(25):
        need = world.need(title=f"حاجة رقم {number} في الحي تتطلب معالجة")
        world.vote(need, 1, "women")
    services.need_vote(actor=resident, need=need, group="youth")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_needs_list_of_a_draft_plan_is_hidden_from_the_public(make_plan, client_for):
    world = make_plan()
    assert client_for(None).get(reverse("plans:needs", args=[world.plan.pk])).status_code == 404
    assert client_for(world.editor).get(reverse("plans:needs", args=[world.plan.pk])).status_code == 200


def test_needs_list_renders_in_english_left_to_right(make_plan, client_for):
    world = make_plan(status="consultation")
    world.need()
    response = client_for(None).get("/en" + reverse("plans:needs", args=[world.plan.pk]))
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in _page(response) and "Submit" not in _page(response)
    assert "Residents" in _page(response)


# ---------------------------------------------------------------- votes


def test_vote_counts_with_the_group_and_unvote_withdraws_it(make_plan, client_for):
    world = make_plan(status="consultation")
    need = world.need()
    resident = world.make_user()
    client = client_for(resident)
    url = reverse("plans:need_vote", args=[need.pk])
    listed = _page(client.get(reverse("plans:needs", args=[world.plan.pk])))
    # The vote form (a macro) carries the CSRF token: the test client would not notice its absence.
    assert re.search(rf'action="{url}"[^>]*><input type="hidden" name="csrfmiddlewaretoken"', listed)

    assert client.post(url, {"group": "women"}).status_code == 302
    need.refresh_from_db()
    assert (need.vote_count, need.votes_women) == (1, 1)
    client.post(url, {"group": "women"})  # a second vote is refused, with a message
    need.refresh_from_db()
    assert need.vote_count == 1

    client.post(url, {"action": "unvote"})
    need.refresh_from_db()
    assert (need.vote_count, need.votes_women, NeedVote.objects.count()) == (0, 0, 0)


def test_vote_redirects_back_only_to_this_site(make_plan, client_for):
    world = make_plan(status="consultation")
    need = world.need()
    response = client_for(world.make_user()).post(reverse("plans:need_vote", args=[need.pk]),
                                                  {"group": "youth", "next": "https://evil.example/"})
    assert response["Location"] == reverse("plans:need", args=[need.pk])


def test_vote_after_the_consultation_is_refused(make_plan, client_for):
    world = make_plan(status="approved")
    need = world.plan.needs.get()
    response = client_for(world.make_user()).post(reverse("plans:need_vote", args=[need.pk]), {"group": "youth"})
    assert response.status_code == 403
    assert NeedVote.objects.count() == 0


# ---------------------------------------------------------------- submitting and similar needs


def test_submit_creates_the_need_of_the_resident(make_plan, client_for):
    world = make_plan(status="consultation")
    resident = world.make_user()
    response = client_for(resident).post(reverse("plans:need_submit", args=[world.plan.pk]), {
        "title": "ضعف شبكة تصريف مياه الأمطار", "description": "تتجمع مياه الأمطار في الشوارع بعد كل هطول",
        "category": NeedCategory.objects.get(code="infrastructure").pk, "neighbourhood": world.neighbourhoods[1].pk,
        "people_affected": 3000, "group": "elders"})

    need = Need.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:need", args=[need.pk])
    assert (need.submitted_by, need.group, need.neighbourhood) == (resident, "elders", world.neighbourhoods[1])


def test_submit_with_a_neighbourhood_outside_the_plan_is_refused(make_plan, client_for):
    from musharaka.geo.models import Neighbourhood

    world = make_plan(status="consultation")
    elsewhere = Neighbourhood.objects.exclude(city=world.city).first() or Neighbourhood.objects.create(
        city=world.city.__class__.objects.exclude(pk=world.city.pk).first(), name_ar="حي بعيد", name_en="Far")
    response = client_for(world.make_user()).post(reverse("plans:need_submit", args=[world.plan.pk]), {
        "title": "ضعف شبكة تصريف مياه الأمطار", "description": "تتجمع مياه الأمطار في الشوارع بعد كل هطول",
        "category": NeedCategory.objects.get(code="infrastructure").pk, "neighbourhood": elsewhere.pk,
        "group": "other"})
    assert response.status_code == 400
    assert Need.objects.count() == 0


def test_submit_needs_a_signed_in_person_and_an_open_consultation(make_plan, client_for):
    world = make_plan(status="consultation")
    url = reverse("plans:need_submit", args=[world.plan.pk])
    assert client_for(None).get(url).status_code == 302
    assert client_for(world.make_user()).get(url).status_code == 200
    services.plan_move(actor=world.admin, plan=world.plan, target="draft")
    assert client_for(world.admin).get(url).status_code == 403


@pytest.mark.parametrize("typed", [
    "نقص الإنارة في الشوارع الداخليه",  # ta marbuta written as ha
    "نَقْصُ الإِنَارَةِ فِي الشَّوَارِعِ",  # diacritics
    "نقص الأنارة في الشوارع",  # hamza on the wrong alef
    "نقص اﻹنارة في الشـــوارع",  # tatweel and a presentation form
])
def test_similar_needs_meet_arabic_variants(make_plan, client_for, typed):
    world = make_plan(status="consultation")
    lighting = world.need(title="نقص الإنارة في الشوارع الداخلية")
    world.need(title="قلة الحدائق العامة للأطفال")

    response = client_for(None).get(reverse("plans:need_similar", args=[world.plan.pk]), {"title": typed})

    assert response.status_code == 200
    assert [item.id for item in response.context["similar"]] == [lighting.pk]


def test_similar_needs_leave_out_merged_and_unrelated_needs(make_plan):
    world = make_plan(status="consultation")
    kept = world.need(title="نقص الإنارة في الشوارع الداخلية")
    duplicate = world.need(title="انعدام الانارة بالشوارع الداخليه")
    services.need_merge(actor=world.admin, duplicate=duplicate, into=kept)

    assert [s.id for s in selectors.similar_needs(world.plan, title="الإنارة في الشوارع")] == [kept.pk]
    assert selectors.similar_needs(world.plan, title="مكتبة عامة للقراءة") == []


def test_need_similarity_ignores_alef_forms_ta_marbuta_and_diacritics():
    plain = selectors.need_similarity("إنارة الحديقة", "", "انارة الحديقة", "")
    assert plain == selectors.need_similarity("اِنَارَه الحَدِيقَة", "", "إنارة الحديقة", "") == 1.0
    assert selectors.need_similarity("إنارة الحديقة", "", "صيانة المدرسة", "") == 0.0


# ---------------------------------------------------------------- moderation


def test_moderation_suggests_duplicates_and_merges_them(make_plan, client_for):
    world = make_plan(status="consultation")
    kept = world.need(title="نقص الإنارة في الشوارع الداخلية")
    duplicate = world.need(title="نقص الانارة في الشوارع الداخليه")
    world.need(title="قلة الحدائق العامة للأطفال")
    world.vote(duplicate, 2, "youth")
    client = client_for(world.coordinator)

    page = client.get(reverse("plans:moderation", args=[world.plan.pk]))
    pairs = [(pair.first["id"], pair.second["id"]) for pair in page.context["pairs"]]
    assert pairs == [(kept.pk, duplicate.pk)]

    response = client.post(reverse("plans:need_merge", args=[world.plan.pk]),
                           {"duplicate": duplicate.pk, "into": kept.pk})
    assert response.status_code == 302
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into_id, kept.vote_count, kept.votes_youth) == (
        NeedStatus.MERGED, kept.pk, 2, 2)


def test_moderation_merge_of_another_plans_need_is_a_404(make_plan, client_for):
    world = make_plan(status="consultation")
    other = services.plan_create(actor=world.admin, organization=world.authority, data={
        "title_ar": "خطة تنمية مدينة أخرى 2026–2030", "region": world.plan.region, "start_year": 2026,
        "end_year": 2030})
    mine = world.need()
    theirs = services.need_add(actor=world.admin, plan=other, data={
        "title": "نقص الإنارة في الشوارع الداخلية", "description": "دراسة ميدانية للإنارة في الحي",
        "category": NeedCategory.objects.first()})
    response = client_for(world.admin).post(reverse("plans:need_merge", args=[world.plan.pk]),
                                            {"duplicate": theirs.pk, "into": mine.pk})
    assert response.status_code == 404


def test_moderation_sets_aside_with_a_reason_and_retains_again(make_plan, client_for):
    world = make_plan(status="consultation")
    need = world.need()
    client = client_for(world.editor)
    url = reverse("plans:moderation", args=[world.plan.pk])

    client.post(url, {"need": need.pk, f"n{need.pk}-status": "rejected", f"n{need.pk}-reason": ""})
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN  # a reason is needed

    client.post(url, {"need": need.pk, f"n{need.pk}-status": "rejected", f"n{need.pk}-reason": "مكرر في خطة البلدية"})
    need.refresh_from_db()
    assert (need.status, need.status_reason) == (NeedStatus.REJECTED, "مكرر في خطة البلدية")

    client.post(url, {"need": need.pk, f"n{need.pk}-status": "open", f"n{need.pk}-reason": ""})
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN


def test_moderation_is_the_teams(make_plan, client_for):
    world = make_plan(status="consultation")
    url = reverse("plans:moderation", args=[world.plan.pk])
    assert client_for(world.make_user()).get(url).status_code == 403
    assert client_for(world.partner_editor).get(url).status_code == 403
    assert client_for(world.coordinator).get(url).status_code == 200


def test_need_edit_saves_through_the_service(make_plan, client_for):
    world = make_plan(status="consultation")
    need = world.need()
    response = client_for(world.admin).post(reverse("plans:need_edit", args=[need.pk]), {
        "title": "إنارة الشوارع الداخلية في حي الروضة", "description": need.description,
        "category": need.category_id, "neighbourhood": need.neighbourhood_id, "people_affected": 1500,
        "group": "other"})
    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.title, need.people_affected) == ("إنارة الشوارع الداخلية في حي الروضة", 1500)
    # The search index follows the new wording.
    assert [row["id"] for row in selectors.need_rows(world.plan, q="الروضه")] == [need.pk]


# ---------------------------------------------------------------- evidence (uploads checked by content)


def _pdf(name="study.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf")


def test_evidence_with_a_pdf_is_added_and_served_to_plan_readers(make_plan, client_for):
    world = make_plan(status="consultation")
    need = world.need()
    response = client_for(world.editor).post(reverse("plans:need_evidence", args=[need.pk]), {
        "kind": "study", "title": "دراسة الإنارة في الحي", "figure": "42.5", "file": _pdf()})
    assert response.status_code == 302
    evidence = need.evidence.get()
    assert (evidence.kind, evidence.content_type, str(evidence.figure)) == ("study", "application/pdf", "42.5000")

    page = client_for(None).get(reverse("plans:need", args=[need.pk]))
    [item] = page.context["evidence"]
    downloaded = client_for(None).get(item.url)
    assert downloaded.status_code == 200 and downloaded["Content-Type"] == "application/pdf"
    assert client_for(None).get(item.url + "x").status_code == 404


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("study.pdf", b"MZ\x90\x00\x03\x00\x00\x00 an executable", "application/pdf"),  # a program named as a PDF
    ("page.html", b"<html><script>alert(1)</script></html>", "text/html"),
    ("figures.pdf", b"", "application/pdf"),  # empty
    ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
])
def test_evidence_hostile_uploads_are_refused(make_plan, client_for, name, content, content_type):
    world = make_plan(status="consultation")
    need = world.need()
    response = client_for(world.editor).post(reverse("plans:need_evidence", args=[need.pk]), {
        "kind": "study", "title": "دراسة", "file": SimpleUploadedFile(name, content, content_type)})
    assert response.status_code == 400
    assert need.evidence.count() == 0


def test_evidence_too_large_is_refused(make_plan, client_for, settings):
    from musharaka.core.files import ATTACHMENT_MAX_BYTES

    world = make_plan(status="consultation")
    need = world.need()
    big = b"%PDF-1.4\n" + b"0" * (ATTACHMENT_MAX_BYTES + 10)
    response = client_for(world.editor).post(reverse("plans:need_evidence", args=[need.pk]), {
        "kind": "statistic", "title": "إحصاء", "file": SimpleUploadedFile("big.pdf", big, "application/pdf")})
    assert response.status_code == 400
    assert need.evidence.count() == 0


def test_evidence_file_of_a_draft_plan_is_hidden_from_the_public(make_plan, client_for):
    world = make_plan()
    need = services.need_add(actor=world.admin, plan=world.plan, data={
        "title": "نقص الإنارة في الشوارع الداخلية", "description": "دراسة ميدانية للإنارة في الحي",
        "category": NeedCategory.objects.first()})
    evidence = services.evidence_add(actor=world.admin, need=need, data={"kind": "study", "title": "دراسة"},
                                     upload=_pdf())
    url = reverse("plans:need_evidence_file", args=[evidence.pk, evidence.file.name.rsplit("/", 1)[-1]])
    assert client_for(None).get(url).status_code == 404
    response = client_for(world.editor).get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


# ---------------------------------------------------------------- the scoring matrix


def test_matrix_saves_scores_and_shows_the_running_total(make_plan, client_for):
    world = make_plan(status="consultation")
    need = world.need()
    criteria = list(world.plan.criteria.all())
    client = client_for(world.admin)
    url = reverse("plans:matrix", args=[world.plan.pk])

    page = client.get(url)
    assert page.context["total"] == 100
    client.post(url, {"action": "scores", **{f"score-{need.pk}-{c.pk}": "5" for c in criteria}})
    need.refresh_from_db()
    assert str(need.matrix_score) == "100.00"

    client.post(url, {"action": "criterion", "new-name_ar": "الاستدامة", "new-weight": 10, "new-position": 9})
    assert client.get(url).context["total"] == 110
    need.refresh_from_db()
    assert str(need.matrix_score) == "100.00"  # the new criterion is not scored: it counts 0 of its 10


def test_matrix_refuses_a_score_out_of_range(make_plan, client_for):
    world = make_plan(status="consultation")
    need = world.need()
    criterion = world.plan.criteria.first()
    client_for(world.admin).post(reverse("plans:matrix", args=[world.plan.pk]),
                                 {"action": "scores", f"score-{need.pk}-{criterion.pk}": "9"})
    need.refresh_from_db()
    assert need.matrix_score is None


# ---------------------------------------------------------------- the prioritisation


def test_priorities_show_combined_and_per_group_rankings(make_plan, client_for):
    world = make_plan(status="consultation")
    lighting = world.need(title="نقص الإنارة في الشوارع الداخلية")
    parks = world.need(title="قلة الحدائق العامة للأطفال")
    world.vote(lighting, 3, "youth")
    world.vote(parks, 2, "women")

    response = client_for(None).get(reverse("plans:priorities", args=[world.plan.pk]))

    assert response.status_code == 200
    assert [item.need_id for item in response.context["page_obj"].object_list] == [lighting.pk, parks.pk]
    groups = {group.value: [item.need_id for item in ranked][:1] for group, ranked, _total in response.context["by_group"]}
    assert (groups["youth"], groups["women"]) == ([lighting.pk], [parks.pk])
    # The formula in words with the plan's shares, and each need's priority as the sum it is.
    assert "الأولوية = 70% × درجة المصفوفة + 30% × درجة التصويت." in _page(response)
    assert "(70 × 0.00 + 30 × 100.00) ÷ 100" in _page(response)


def test_priorities_page_runs_a_fixed_number_of_queries(make_plan, client_for):
    world = make_plan(status="consultation")
    client = client_for(None)
    url = reverse("plans:priorities", args=[world.plan.pk])
    world.need()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(20):
        world.vote(world.need(title=f"حاجة رقم {number} في الحي تتطلب معالجة"), 1, "elders")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


# ---------------------------------------------------------------- proven initiatives and replication


def _proven(make_initiative, make_org, region, **data):
    organization = make_org(region=region)
    return make_initiative(organization, status="completed", **data)


def test_suggestions_are_initiatives_of_other_regions_answering_similar_needs(make_plan, make_initiative, make_org,
                                                                              other_region, region):
    world = make_plan(status="consultation")
    need = world.need(title="نقص الإنارة في الشوارع الداخلية",
                      description="الشوارع الداخلية مظلمة ليلا وتحتاج إلى إنارة موفرة للطاقة")
    far = _proven(make_initiative, make_org, other_region, title_ar="مبادرة إنارة الشوارع بالطاقة الشمسية",
                  summary_ar="تركيب أعمدة إنارة تعمل بالطاقة الشمسية في الشوارع الداخلية")
    _proven(make_initiative, make_org, region, title_ar="إنارة شوارع الحي القريب",
            summary_ar="إنارة الشوارع الداخلية في الحي نفسه")  # the plan's own region
    _proven(make_initiative, make_org, other_region, title_ar="مبادرة محو الأمية للكبار",
            summary_ar="دروس مسائية في القراءة والكتابة")  # unrelated text
    make_initiative(make_org(region=other_region), status="draft", title_ar="إنارة الشوارع الداخلية (مسودة)")

    found = selectors.suggestions_for_need(need)

    assert [initiative.pk for initiative in found][:1] == [far.pk]
    assert all(initiative.region_id != world.plan.region_id and initiative.is_published for initiative in found)


def test_suggestions_put_successful_experiences_first(make_plan, make_initiative, make_org, other_region):
    from musharaka.initiatives import services as initiatives
    from musharaka.initiatives.models import Initiative

    world = make_plan(status="consultation")
    need = world.need(title="نقص الإنارة في الشوارع الداخلية")
    plain = _proven(make_initiative, make_org, other_region, title_ar="إنارة الشوارع الداخلية في الحي",
                    summary_ar="إنارة الشوارع الداخلية")
    success = _proven(make_initiative, make_org, other_region, title_ar="إنارة بعض الشوارع",
                      summary_ar="مشروع إنارة", results_ar="أنيرت ثلاثون شارعا")
    coordinator = world.make_user(is_staff=True, is_superuser=True)
    initiatives.initiative_mark_success(actor=coordinator, initiative=Initiative.objects.get(pk=success.pk))

    assert [i.pk for i in selectors.suggestions_for_need(need)][:2] == [success.pk, plain.pk]


def test_replicate_makes_an_action_and_a_draft_initiative(make_plan, make_initiative, make_org, other_region,
                                                          client_for):
    world = make_plan(status="consultation")
    need = world.need(title="نقص الإنارة في الشوارع الداخلية")
    goal = world.goal()
    proven = _proven(make_initiative, make_org, other_region, title_ar="مبادرة إنارة الشوارع الداخلية",
                     summary_ar="إنارة الشوارع الداخلية بالطاقة الشمسية")
    client = client_for(world.admin)
    page = client.get(reverse("plans:suggestions", args=[need.pk]))
    assert page.status_code == 200 and page.context["can_replicate"]
    assert proven.pk in [i.pk for i in page.context["suggestions"]]

    response = client.post(reverse("plans:replicate", args=[need.pk]), {
        f"i{proven.pk}-initiative": proven.pk, f"i{proven.pk}-goal": goal.pk})

    assert response.status_code == 302
    action = Action.objects.get(replicated_from=proven)
    assert (action.need_id, action.goal_id, action.lead_organization_id) == (need.pk, goal.pk, world.authority.pk)
    [draft] = action.initiatives.all()
    assert (draft.status, draft.replicated_from_id, draft.lead_organization_id) == ("draft", proven.pk,
                                                                                   world.authority.pk)


def test_replicate_is_the_authoritys(make_plan, make_initiative, make_org, other_region, client_for):
    world = make_plan(status="consultation")
    need = world.need()
    goal = world.goal()
    proven = _proven(make_initiative, make_org, other_region)
    for person in (world.make_user(), world.coordinator, world.partner_editor):
        response = client_for(person).post(reverse("plans:replicate", args=[need.pk]), {
            f"i{proven.pk}-initiative": proven.pk, f"i{proven.pk}-goal": goal.pk})
        assert response.status_code == 403
    assert Action.objects.count() == 0


# ---- parity14: the team records a need on the moderation page (services.need_add, as the API's POST …/needs)
def _team_need(world, **extra) -> dict:
    return {"action": "add", "add-title": "ضعف شبكة تصريف مياه الأمطار", "add-category": NeedCategory.objects.first().pk,
            "add-description": "دراسة البلدية تبين تجمع المياه في الشوارع", "add-source": "study", **extra}


@pytest.mark.parametrize("status", ["draft", "consultation"])
def test_moderation_add_records_the_teams_need(make_plan, client_for, status):
    world = make_plan(status=status)
    client = client_for(world.coordinator)
    assert 'data-testid="team-need-form"' in _page(client.get(reverse("plans:moderation", args=[world.plan.pk])))

    response = client.post(reverse("plans:moderation", args=[world.plan.pk]), _team_need(world))

    need = Need.objects.get(plan=world.plan)
    assert response.status_code == 302 and response["Location"] == reverse("plans:need", args=[need.pk])
    assert (need.source, need.submitted_by_id, need.title) == ("study", world.coordinator.pk,
                                                                "ضعف شبكة تصريف مياه الأمطار")
    world.plan.refresh_from_db()
    assert world.plan.need_count == 1


def test_moderation_add_with_a_short_title_shows_the_form_again(make_plan, client_for):
    world = make_plan(status="consultation")
    response = client_for(world.coordinator).post(reverse("plans:moderation", args=[world.plan.pk]),
                                                  _team_need(world, **{"add-title": "قصر"}))
    assert response.status_code == 400 and not Need.objects.filter(plan=world.plan).exists()


def test_moderation_add_by_a_resident_is_refused(make_plan, client_for):
    world = make_plan(status="consultation")
    response = client_for(world.make_user()).post(reverse("plans:moderation", args=[world.plan.pk]), _team_need(world))
    assert response.status_code == 403 and not Need.objects.filter(plan=world.plan).exists()
