"""The impact API: an analysis built, computed, reviewed and published through it (its figures those of the
hand-worked example, ratio 2.2623); who may do what; what the state refuses (409); hostile numbers refused with
422, never a 500, and nothing half-written."""

import json
from decimal import Decimal as D

import pytest

from musharaka.impact import services
from musharaka.impact.models import Analysis, AnalysisStatus, Investment, LogicItem, Outcome, Reviewer, Stakeholder
from musharaka.orgs.models import Role

pytestmark = pytest.mark.django_db
URL = "/api/v1/impact"


def call(client_for, user, method, path, body=None):
    client = client_for(user)
    if method == "GET":
        return client.get(URL + path, headers={"Accept-Language": "en"})
    return client.generic(method, URL + path, json.dumps(body if body is not None else {}),
                          content_type="application/json", headers={"Accept-Language": "en"})


def ok(answer, status=200):
    assert answer.status_code == status, answer.content
    return answer.json() if answer.content else None


def test_an_analysis_is_built_computed_reviewed_and_published_through_the_api(impact_world, client_for,
                                                                               make_user):
    world = impact_world()
    owner = f"/owners/initiative/{world.initiative.pk}"
    editor = world.editor
    model = ok(call(client_for, editor, "PUT", f"{owner}/logic-model", {"assumptions_ar": "توفر فرص العمل"}))
    assert model["exists"] is True and model["may_change"] is True
    for stage, text in (("input", "منحة البرنامج"), ("activity", "تدريب الشباب"), ("output", "شباب مدربون"),
                        ("outcome", "حصول الشباب على عمل"), ("impact", "انخفاض البطالة")):
        ok(call(client_for, editor, "POST", f"{owner}/logic-model/items", {"stage": stage, "text_ar": text}), 201)
    chain = ok(call(client_for, None, "GET", f"{owner}/logic-model"))
    assert [item["stage"] for item in chain["items"]] == ["input", "activity", "output", "outcome", "impact"]
    assert chain["may_change"] is False

    analysis = ok(call(client_for, editor, "POST", f"{owner}/analyses", {
        "title_ar": "العائد الاجتماعي لبرنامج تمكين الشباب", "discount_rate": "3.5", "start_year": 2026}), 201)
    path = f"/analyses/{analysis['id']}"
    assert analysis["status"] == "draft" and analysis["problems"]
    # Not ready: 409 with the problems named.
    answer = call(client_for, editor, "POST", f"{path}/submit")
    assert answer.status_code == 409 and answer.json()["code"] == "not_ready"
    youth = ok(call(client_for, editor, "POST", f"{path}/stakeholders",
                    {"name_ar": "الشباب الباحثون عن عمل", "size": 120}), 201)
    families = ok(call(client_for, editor, "POST", f"{path}/stakeholders", {"name_ar": "أسر المشاركين"}), 201)
    for body in ({"kind": "cash", "description_ar": "منحة البرنامج", "amount": "900000"},
                 {"kind": "in_kind", "description_ar": "قاعات التدريب", "amount": "150000"},
                 {"kind": "volunteer_time", "description_ar": "ساعات المرشدين المتطوعين", "hours": "2000",
                  "hourly_value": "25", "valuation_basis": "متوسط أجر الساعة في المنطقة"}):
        ok(call(client_for, editor, "POST", f"{path}/investments", body), 201)
    jobs = ok(call(client_for, editor, "POST", f"{path}/outcomes", {
        "stakeholder_id": youth["id"], "title_ar": "حصول الشباب على عمل", "quantity_source": "typed",
        "quantity": "120", "proxy": "18000", "proxy_source": "متوسط الدخل السنوي لأول وظيفة", "duration": 3,
        "deadweight": "25", "displacement": "10", "attribution": "20", "drop_off": "30"}), 201)
    assert jobs["value_year_one"] == "1166400.00" and jobs["present_value"] == "2404642.06"
    ok(call(client_for, editor, "POST", f"{path}/outcomes", {
        "stakeholder_id": families["id"], "title_ar": "تحسن دخل الأسر", "quantity_source": "typed",
        "quantity": "40", "proxy": "2500.50", "proxy_source": "مسح دخل الأسر", "duration": 2, "deadweight": "10",
        "attribution": "35", "drop_off": "50"}), 201)

    detail = ok(call(client_for, editor, "GET", path))
    assert detail["totals"] | {"investment_by_kind": None, "years": None} == {
        "total_investment": "1100000.00", "present_value": "2488485.76", "net_present_value": "1388485.76",
        "ratio": "2.2623", "net_ratio": "1.2623", "payback_months": "11.2", "investment_by_kind": None,
        "years": None}
    assert detail["totals"]["investment_by_kind"] == {"cash": "900000.00", "in_kind": "150000.00",
                                                      "volunteer_time": "50000.00"}
    assert [year["year"] for year in detail["totals"]["years"]] == [2026, 2027, 2028]
    assert [year["value"] for year in detail["outcomes"][0]["years"]] == ["1166400.00", "816480.00", "571536.00"]
    assert detail["problems"] == [] and detail["may_submit"] is True
    # The kept figures are the same as those the API answered.
    kept = Analysis.objects.get(pk=analysis["id"])
    assert (kept.ratio, kept.present_value) == (D("2.2623"), D("2488485.76"))

    sensitivity = ok(call(client_for, editor, "GET", f"{path}/sensitivity"))
    assert sensitivity["ratio"] == "2.2623"
    swings = [D(run["swing"]) for run in sensitivity["runs"]]
    assert swings == sorted(swings, reverse=True)
    rate = next(run for run in sensitivity["runs"] if run["parameter"] == "discount_rate")
    assert rate["outcome_id"] is None and rate["break_even"] is not None

    ok(call(client_for, editor, "POST", f"{path}/submit"))
    # Frozen for its preparers while under review (409); the public does not see it (404).
    assert call(client_for, editor, "PATCH", path, {"discount_rate": "0"}).status_code == 409
    assert call(client_for, make_user(), "GET", path).status_code == 404
    queue = ok(call(client_for, world.reviewer, "GET", "/queue"))
    assert [row["id"] for row in queue["results"]] == [analysis["id"]]
    comment = ok(call(client_for, world.reviewer, "POST", f"{path}/comments",
                      {"body": "ما مصدر متوسط الدخل؟", "figure": f"outcome:{jobs['id']}:proxy"}), 201)
    assert comment["figure"] == f"outcome:{jobs['id']}:proxy"
    ok(call(client_for, world.reviewer, "POST", f"{path}/return", {"comment": "وثّقوا مصدر البديل المالي"}))
    ok(call(client_for, editor, "POST", f"/comments/{comment['id']}/resolve", {"resolved": True}))
    ok(call(client_for, editor, "POST", f"{path}/submit"))
    published = ok(call(client_for, world.reviewer, "POST", f"{path}/publish"))
    assert published["status"] == "published" and published["totals"]["ratio"] == "2.2623"
    # A second publication is the state's refusal, not a permission's.
    assert call(client_for, world.reviewer, "POST", f"{path}/publish").status_code == 409

    public = ok(call(client_for, None, "GET", "/analyses?q=تمكين"))
    assert [row["id"] for row in public["results"]] == [analysis["id"]]
    assert public["results"][0]["ratio"] == "2.2623"
    assert ok(call(client_for, None, "GET", path))["may_change"] is False

    draft = ok(call(client_for, editor, "POST", f"{path}/revise"), 201)
    assert (draft["version"], draft["status"], draft["previous_id"]) == (2, "draft", analysis["id"])
    assert draft["totals"]["ratio"] == "2.2623"
    assert call(client_for, editor, "POST", f"{path}/revise").status_code == 409
    versions = ok(call(client_for, editor, "GET", f"/analyses/{draft['id']}/versions"))
    assert [(v["version"], v["status"]) for v in versions] == [(1, "published"), (2, "draft")]
    # The public reads the published version only.
    assert [v["version"] for v in ok(call(client_for, None, "GET", f"{path}/versions"))] == [1]
    mine = ok(call(client_for, editor, "GET", f"{owner}/analyses"))
    assert {row["id"] for row in mine["results"]} == {analysis["id"], draft["id"]}
    ok(call(client_for, editor, "DELETE", f"/analyses/{draft['id']}"), 204)
    assert not Analysis.objects.filter(pk=draft["id"]).exists()


def test_the_computed_results_equal_the_hand_worked_example(impact_world, client_for):
    world = impact_world()
    analysis, jobs, income = world.example()
    detail = ok(call(client_for, None, "GET", f"/analyses/{world.published().pk}"))
    assert detail["totals"]["ratio"] == "2.2623" and detail["totals"]["payback_months"] == "11.2"
    detail = ok(call(client_for, world.editor, "GET", f"/analyses/{analysis.pk}"))
    assert (detail["totals"]["ratio"], detail["totals"]["net_ratio"]) == ("2.2623", "1.2623")
    assert [(o["id"], o["value_year_one"], o["present_value"]) for o in detail["outcomes"]] == [
        (jobs.pk, "1166400.00", "2404642.06"), (income.pk, "58511.70", "83843.69")]
    # 40 × 2,500.50 × 0.9 × 0.65, then halved; discounted at 3.5 % from the first year. Each figure is rounded
    # once from the unrounded computation (2,404,642.06 + 83,843.69 is a cent short of the kept total).
    assert [(y["value"], y["present_value"]) for y in detail["outcomes"][1]["years"]] == [
        ("58511.70", "56533.04"), ("29255.85", "27310.65")]
    assert [y["value"] for y in detail["totals"]["years"]] == ["1224911.70", "845735.85", "571536.00"]


@pytest.mark.parametrize("role", ["anonymous", "resident", "other_admin", "reviewer", "viewer", "editor", "admin",
                                  "platform"])
def test_who_may_change_a_draft(impact_world, client_for, make_user, make_org, make_member, platform_admin, role):
    world = impact_world()
    analysis = world.analysis()
    users = {"anonymous": None, "resident": make_user(), "other_admin": make_member(make_org(), Role.ADMIN),
             "reviewer": world.reviewer, "viewer": make_member(world.organization, Role.VIEWER),
             "editor": world.editor, "admin": world.admin, "platform": platform_admin}
    answer = call(client_for, users[role], "PATCH", f"/analyses/{analysis.pk}", {"title_ar": "عنوان جديد للتحليل"})
    expected = {"anonymous": 401, "resident": 404, "other_admin": 404, "reviewer": 404, "viewer": 404,
                "editor": 200, "admin": 200, "platform": 200}[role]
    assert answer.status_code == expected, answer.content


@pytest.mark.parametrize("role", ["anonymous", "resident", "editor", "admin", "submitter_reviewer", "reviewer",
                                  "member_reviewer", "platform"])
def test_who_may_publish(impact_world, client_for, make_user, make_member, platform_admin, role):
    world = impact_world()
    analysis = world.reviewed()
    member_reviewer = make_member(world.organization, Role.VIEWER)
    Reviewer.objects.create(user=member_reviewer)
    Reviewer.objects.create(user=world.editor)  # a reviewer who sent it: never their own
    users = {"anonymous": None, "resident": make_user(), "editor": world.editor, "admin": world.admin,
             "submitter_reviewer": world.editor, "reviewer": world.reviewer, "member_reviewer": member_reviewer,
             "platform": platform_admin}
    answer = call(client_for, users[role], "POST", f"/analyses/{analysis.pk}/publish")
    # Preparers see it (403: not theirs to publish); a member of the organisation sees nothing under review.
    expected = {"anonymous": 401, "resident": 404, "editor": 403, "admin": 403, "submitter_reviewer": 403,
                "reviewer": 200, "member_reviewer": 404, "platform": 200}[role]
    assert answer.status_code == expected, answer.content
    analysis.refresh_from_db()
    assert analysis.status == (AnalysisStatus.PUBLISHED if expected == 200 else AnalysisStatus.REVIEW)


def test_the_public_reads_published_analyses_and_logic_models_only(impact_world, client_for, make_user):
    world = impact_world()
    draft = world.analysis()
    published = world.published()
    services.logic_model_save(actor=world.editor, owner=world.initiative, data={"assumptions_ar": "افتراض"})
    resident = make_user()
    assert call(client_for, resident, "GET", f"/analyses/{draft.pk}").status_code == 404
    assert call(client_for, None, "GET", f"/analyses/{published.pk}").status_code == 200
    assert call(client_for, None, "GET", f"/analyses/{draft.pk}/sensitivity").status_code == 404
    rows = ok(call(client_for, resident, "GET", f"/owners/initiative/{world.initiative.pk}/analyses"))["results"]
    assert [row["id"] for row in rows] == [published.pk]
    assert ok(call(client_for, None, "GET", f"/owners/initiative/{world.initiative.pk}/logic-model"))["exists"]
    # Review comments are the preparers' and reviewers' exchange.
    assert call(client_for, resident, "GET", f"/analyses/{published.pk}/comments").status_code == 403
    assert call(client_for, world.editor, "GET", f"/analyses/{published.pk}/comments").status_code == 200
    # An unknown owner kind or owner.
    assert call(client_for, None, "GET", "/owners/goal/1/logic-model").status_code == 422
    assert call(client_for, None, "GET", "/owners/initiative/999999/logic-model").status_code == 404


def test_a_draft_initiatives_logic_model_is_its_staffs(impact_world, client_for, make_user):
    world = impact_world(status="draft")
    path = f"/owners/initiative/{world.initiative.pk}/logic-model"
    assert call(client_for, make_user(), "GET", path).status_code == 404
    assert call(client_for, world.editor, "GET", path).status_code == 200
    assert call(client_for, make_user(), "PUT", path, {}).status_code == 404


def test_the_reviewers_are_the_platform_staffs(impact_world, client_for, make_user, platform_admin):
    world = impact_world()
    person = make_user()
    assert call(client_for, world.admin, "POST", "/reviewers", {"user_id": person.pk}).status_code == 403
    assert call(client_for, world.admin, "GET", "/reviewers").status_code == 403
    added = ok(call(client_for, platform_admin, "POST", "/reviewers", {"user_id": person.pk, "note": "محلل"}), 201)
    listed = ok(call(client_for, platform_admin, "GET", "/reviewers"))
    assert {row["user_id"] for row in listed["results"]} == {world.reviewer.pk, person.pk}
    assert call(client_for, platform_admin, "POST", "/reviewers", {"user_id": 10**9}).status_code == 422
    ok(call(client_for, platform_admin, "DELETE", f"/reviewers/{added['id']}"), 204)
    assert not Reviewer.objects.filter(user=person).exists()


def test_state_refusals_are_409(impact_world, client_for):
    world = impact_world()
    analysis, jobs, _income = world.example()
    answer = call(client_for, world.editor, "DELETE", f"/stakeholders/{jobs.stakeholder_id}")
    assert answer.status_code == 409 and answer.json()["code"] == "has_outcomes"
    services.analysis_submit(actor=world.editor, analysis=analysis)
    investment = Investment.objects.filter(analysis=analysis).first()
    for method, path, body in (
            ("PATCH", f"/analyses/{analysis.pk}", {"title_ar": "عنوان آخر"}),
            ("DELETE", f"/analyses/{analysis.pk}", None),
            ("POST", f"/analyses/{analysis.pk}/submit", None),
            ("POST", f"/analyses/{analysis.pk}/stakeholders", {"name_ar": "فئة"}),
            ("PUT", f"/investments/{investment.pk}", {"kind": "cash", "description_ar": "منحة", "amount": "1"}),
            ("DELETE", f"/outcomes/{jobs.pk}", None),
            ("POST", f"/analyses/{analysis.pk}/revise", None)):
        answer = call(client_for, world.editor, method, path, body)
        assert answer.status_code == 409, (method, path, answer.content)
    assert call(client_for, world.reviewer, "POST", f"/analyses/{analysis.pk}/return", {"comment": "ab"}
                ).status_code == 422


HOSTILE = ["-1", "1e400", "NaN", "Infinity", "-Infinity", "1e3", "abc", "", " 5", "1,5", "0x10",
           "1000000000000", True, False, None, 12.5, [], {}]
PERCENT_HOSTILE = [*HOSTILE, "100.01", "101", "-0.01", "12.345"]


@pytest.mark.parametrize("field", ["quantity", "proxy", "deadweight", "displacement", "attribution", "drop_off",
                                   "duration"])
def test_hostile_outcome_numbers_are_422_and_nothing_is_written(impact_world, client_for, field):
    world = impact_world()
    analysis, jobs, _income = world.example()
    values = PERCENT_HOSTILE if field in ("deadweight", "displacement", "attribution", "drop_off") else HOSTILE
    values = [0, 31, -1, 1.5, "3", True, None, 10**30, "NaN"] if field == "duration" else [*values, "1.00001"]
    base = {"stakeholder_id": jobs.stakeholder_id, "title_ar": "نتيجة جديدة", "quantity_source": "typed",
            "quantity": "1", "proxy": "1", "duration": 1}
    for value in values:
        for method, path in (("POST", f"/analyses/{analysis.pk}/outcomes"), ("PUT", f"/outcomes/{jobs.pk}")):
            answer = call(client_for, world.editor, method, path, {**base, field: value})
            assert answer.status_code == 422, (field, value, answer.content)
    assert Outcome.objects.filter(analysis=analysis).count() == 2
    jobs.refresh_from_db()
    analysis.refresh_from_db()
    assert (jobs.title_ar, analysis.ratio) == ("حصول الشباب على عمل", D("2.2623"))


@pytest.mark.parametrize("field", ["amount", "hours", "hourly_value"])
def test_hostile_investment_numbers_are_422_and_nothing_is_written(impact_world, client_for, field):
    world = impact_world()
    analysis, *_ = world.example()
    base = ({"kind": "cash", "description_ar": "منحة", "amount": "1"} if field == "amount" else
            {"kind": "volunteer_time", "description_ar": "ساعات", "hours": "1", "hourly_value": "1",
             "valuation_basis": "أجر الساعة"})
    values = [*HOSTILE, "1.001"] + (["1000000"] if field != "amount" else [])
    for value in values:
        answer = call(client_for, world.editor, "POST", f"/analyses/{analysis.pk}/investments", {**base, field: value})
        assert answer.status_code == 422, (field, value, answer.content)
    assert Investment.objects.filter(analysis=analysis).count() == 3
    analysis.refresh_from_db()
    assert analysis.total_investment == D("1100000.00")


@pytest.mark.parametrize("field", ["discount_rate", "sensitivity_points", "sensitivity_proxy_percent",
                                   "sensitivity_rate_low", "sensitivity_rate_high", "start_year"])
def test_hostile_analysis_numbers_are_422_and_nothing_is_written(impact_world, client_for, field):
    world = impact_world()
    analysis, *_ = world.example()
    values = [1989, 2101, "2026", True, None, 1.5, 10**30] if field == "start_year" else PERCENT_HOSTILE
    for value in values:
        answer = call(client_for, world.editor, "PATCH", f"/analyses/{analysis.pk}", {field: value})
        assert answer.status_code == 422, (field, value, answer.content)
        if value is None and field == "start_year":
            continue  # a new analysis starts this year when none is given
        answer = call(client_for, world.editor, "POST", f"/owners/initiative/{world.initiative.pk}/analyses",
                      {"title_ar": "تحليل جديد", field: value})
        assert answer.status_code == 422, (field, value, answer.content)
    assert Analysis.objects.count() == 1
    analysis.refresh_from_db()
    assert (analysis.discount_rate, analysis.ratio) == (D("3.50"), D("2.2623"))


def test_hostile_stakeholder_and_item_numbers_are_422(impact_world, client_for):
    world = impact_world()
    analysis = world.analysis()
    for value in (-1, 100_000_001, "12", True, 1.5, "NaN"):
        answer = call(client_for, world.editor, "POST", f"/analyses/{analysis.pk}/stakeholders",
                      {"name_ar": "فئة مستفيدة", "size": value})
        assert answer.status_code == 422, (value, answer.content)
        answer = call(client_for, world.editor, "POST", f"/owners/initiative/{world.initiative.pk}/logic-model/items",
                      {"stage": "input", "text_ar": "منحة", "position": value if value != "12" else "x"})
        assert answer.status_code == 422, (value, answer.content)
    assert not Stakeholder.objects.exists() and not LogicItem.objects.exists()


def test_figures_too_large_together_are_a_conflict_and_nothing_is_written(impact_world, client_for):
    world = impact_world()
    analysis, jobs, _income = world.example()
    answer = call(client_for, world.editor, "POST", f"/analyses/{analysis.pk}/outcomes", {
        "stakeholder_id": jobs.stakeholder_id, "title_ar": "نتيجة ضخمة", "quantity_source": "typed",
        "quantity": "999999999999.9999", "proxy": "999999999999.9999", "duration": 30})
    assert answer.status_code == 409 and answer.json()["code"] == "out_of_range"
    assert Outcome.objects.filter(analysis=analysis).count() == 2
    # A tiny investment beside a large present value: the ratio would not fit.
    for investment in Investment.objects.filter(analysis=analysis):
        services.investment_delete(actor=world.editor, investment=investment)
    ok(call(client_for, world.editor, "PUT", f"/outcomes/{jobs.pk}", {
        "stakeholder_id": jobs.stakeholder_id, "title_ar": "حصول الشباب على عمل", "quantity_source": "typed",
        "quantity": "99999999", "proxy": "99999", "duration": 1}))
    answer = call(client_for, world.editor, "POST", f"/analyses/{analysis.pk}/investments",
                  {"kind": "cash", "description_ar": "منحة صغيرة", "amount": "0.01"})
    assert answer.status_code == 409 and answer.json()["code"] == "out_of_range"
    assert not Investment.objects.filter(analysis=analysis).exists()
    assert ok(call(client_for, world.editor, "GET", f"/analyses/{analysis.pk}"))["totals"]["ratio"] is None


def test_an_outcome_takes_its_quantity_from_an_indicator_of_the_owner_only(impact_world, client_for):
    from musharaka.results import services as results

    world = impact_world()
    analysis = world.analysis()
    youth = services.stakeholder_save(actor=world.editor, analysis=analysis, data={"name_ar": "الشباب"})
    result = results.result_create(actor=world.admin, owner=world.initiative,
                                   data={"level": "outcome", "title_ar": "تشغيل الشباب"})
    indicator = results.indicator_create(actor=world.admin, result=result,
                                         data={"title_ar": "عدد من حصلوا على عمل", "measure": "unit"})
    body = {"stakeholder_id": youth.pk, "title_ar": "حصول الشباب على عمل", "quantity_source": "indicator",
            "indicator_id": indicator.pk, "proxy": "18000", "proxy_source": "مسح"}
    outcome = ok(call(client_for, world.editor, "POST", f"/analyses/{analysis.pk}/outcomes", body), 201)
    assert outcome["indicator"]["id"] == indicator.pk and outcome["quantity"] == "0"
    answer = call(client_for, world.editor, "POST", f"/analyses/{analysis.pk}/outcomes",
                  {**body, "indicator_id": indicator.pk + 1000})
    assert answer.status_code == 422 and answer.json()["code"] == "unknown_reference"
    # A group the analysis does not have (none yet, another analysis's, removed meanwhile): the analysis's state.
    answer = call(client_for, world.editor, "POST", f"/analyses/{analysis.pk}/outcomes",
                  {**body, "stakeholder_id": youth.pk + 1000})
    assert answer.status_code == 409 and answer.json()["code"] == "unknown_stakeholder"
    # The indicator's variant needs its indicator; the typed one its quantity.
    assert call(client_for, world.editor, "POST", f"/analyses/{analysis.pk}/outcomes",
                {**body, "indicator_id": None}).status_code == 422
    assert call(client_for, world.editor, "POST", f"/analyses/{analysis.pk}/outcomes",
                {**body, "quantity_source": "typed"}).status_code == 422
    item = ok(call(client_for, world.editor, "POST", f"/owners/initiative/{world.initiative.pk}/logic-model/items",
                   {"stage": "output", "text_ar": "شباب مدربون", "indicator_id": indicator.pk}), 201)
    assert item["indicator"]["id"] == indicator.pk
    answer = call(client_for, world.editor, "PATCH", f"/logic-items/{item['id']}", {"stage": "activity"})
    assert answer.status_code == 422 and answer.json()["detail"]
    assert ok(call(client_for, world.editor, "PATCH", f"/logic-items/{item['id']}", {"indicator_id": None}))[
        "indicator"] is None
    ok(call(client_for, world.editor, "DELETE", f"/logic-items/{item['id']}"), 204)


def test_the_analysis_read_takes_a_fixed_number_of_queries(impact_world, client_for, django_assert_max_num_queries):
    world = impact_world()
    analysis, jobs, _income = world.example()
    for index in range(10):
        services.outcome_save(actor=world.editor, analysis=analysis, stakeholder=jobs.stakeholder, data={
            "title_ar": f"نتيجة رقم {index}", "quantity": "10", "proxy": "100", "proxy_source": "مسح",
            "duration": 5, "drop_off": "10"})
    client = client_for(world.editor)
    client.get(f"{URL}/analyses/{analysis.pk}")  # warm the caches (content types, the session)
    with django_assert_max_num_queries(20):
        answer = client.get(f"{URL}/analyses/{analysis.pk}")
    assert answer.status_code == 200 and len(answer.json()["outcomes"]) == 12


# ---- fuzz15: what the contract run found
def test_a_full_analysis_refuses_another_record_with_409(impact_world, client_for, monkeypatch):
    world = impact_world()
    analysis = world.analysis()
    monkeypatch.setattr(services, "MAX_STAKEHOLDERS", 1)
    ok(call(client_for, world.editor, "POST", f"/analyses/{analysis.pk}/stakeholders", {"name_ar": "فئة أولى"}), 201)
    answer = call(client_for, world.editor, "POST", f"/analyses/{analysis.pk}/stakeholders", {"name_ar": "فئة ثانية"})
    assert answer.status_code == 409 and answer.json()["code"] == "limit_reached", answer.content
    monkeypatch.setattr(services, "MAX_ANALYSES", 1)
    answer = call(client_for, world.editor, "POST", f"/owners/initiative/{world.initiative.pk}/analyses",
                  {"title_ar": "تحليل آخر للمبادرة"})
    assert answer.status_code == 409 and answer.json()["code"] == "limit_reached", answer.content


def test_a_position_is_left_out_or_given_never_null(impact_world, client_for):
    world = impact_world()
    analysis = world.analysis()
    for path, body in ((f"/analyses/{analysis.pk}/stakeholders", {"name_ar": "فئة"}),
                       (f"/analyses/{analysis.pk}/investments", {"kind": "volunteer_time", "description_ar": "ساعات",
                                                                 "hours": "10", "hourly_value": "25",
                                                                 "valuation_basis": "أجر الساعة"}),
                       (f"/owners/initiative/{world.initiative.pk}/logic-model/items",
                        {"stage": "input", "text_ar": "منحة"})):
        answer = call(client_for, world.editor, "POST", path, {**body, "position": None})
        assert answer.status_code == 422, (path, answer.content)
    assert not Stakeholder.objects.exists() and not Investment.objects.exists() and not LogicItem.objects.exists()
