import datetime
from decimal import Decimal as D

import pytest

from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.impact import selectors, services
from musharaka.impact.models import AnalysisStatus, Comment, Outcome
from musharaka.orgs.models import Role

pytestmark = pytest.mark.django_db


def test_the_kept_figures_are_the_hand_worked_example(impact_world):
    world = impact_world()
    analysis, jobs, _income = world.example()
    assert (analysis.total_investment, analysis.present_value, analysis.net_present_value) == (
        D("1100000.00"), D("2488485.76"), D("1388485.76"))
    assert (analysis.ratio, analysis.net_ratio, analysis.payback_months) == (D("2.2623"), D("1.2623"), D("11.2"))
    jobs.refresh_from_db()
    assert (jobs.value_year_one, jobs.present_value) == (D("1166400.00"), D("2404642.06"))
    # The volunteer time is valued at hours × the value of an hour, on the stated basis.
    assert selectors.analysis_page(analysis).investment_by_kind == {
        "cash": D("900000.00"), "in_kind": D("150000.00"), "volunteer_time": D("50000.00")}


def test_every_change_of_a_figure_recomputes_the_kept_ratio(impact_world):
    world = impact_world()
    analysis, _jobs, income = world.example()
    services.outcome_delete(actor=world.editor, outcome=income)
    analysis.refresh_from_db()
    assert analysis.present_value == D("2404642.06")
    services.analysis_update(actor=world.editor, analysis=analysis, data={"discount_rate": "0"})
    analysis.refresh_from_db()
    assert analysis.present_value == D("2554416.00")  # 1,166,400 + 816,480 + 571,536
    assert analysis.ratio == D("2.3222")


@pytest.mark.parametrize(("field", "value"), [
    ("deadweight", "-1"), ("deadweight", "100.01"), ("attribution", "NaN"), ("drop_off", "Infinity"),
    ("displacement", "abc"), ("proxy", "-5"), ("quantity", "1e13"), ("proxy", "1.00001"), ("duration", "0"),
    ("duration", "31"), ("quantity", True),
])
def test_hostile_numbers_are_refused_with_the_field_named_and_nothing_saved(impact_world, field, value):
    world = impact_world()
    analysis, jobs, _income = world.example()
    before = Outcome.objects.filter(analysis=analysis).count()
    with pytest.raises(InvalidInput) as error:
        services.outcome_save(actor=world.editor, analysis=analysis, stakeholder=jobs.stakeholder, data={
            "title_ar": "نتيجة جديدة", "quantity": "1", "proxy": "1", "duration": 1, field: value})
    assert error.value.field == field
    assert Outcome.objects.filter(analysis=analysis).count() == before
    analysis.refresh_from_db()
    assert analysis.ratio == D("2.2623")


@pytest.mark.parametrize(("data", "field"), [
    ({"discount_rate": "101"}, "discount_rate"), ({"discount_rate": "-0.5"}, "discount_rate"),
    ({"start_year": "1800"}, "start_year"), ({"sensitivity_rate_low": "9"}, "sensitivity_rate_low"),
    ({"currency": "XXX"}, "currency"), ({"title_ar": "ab"}, "title_ar"),
])
def test_the_analysis_settings_are_checked(impact_world, data, field):
    world = impact_world()
    analysis = world.analysis()
    with pytest.raises(InvalidInput) as error:
        services.analysis_update(actor=world.editor, analysis=analysis, data=data)
    assert error.value.field == field


def test_volunteer_time_needs_its_hours_value_and_basis(impact_world):
    world = impact_world()
    analysis = world.analysis()
    with pytest.raises(InvalidInput) as error:
        services.investment_save(actor=world.editor, analysis=analysis, data={
            "kind": "volunteer_time", "description_ar": "ساعات التطوع", "hours": "10", "hourly_value": "30"})
    assert error.value.field == "valuation_basis"
    investment = services.investment_save(actor=world.editor, analysis=analysis, data={
        "kind": "volunteer_time", "description_ar": "ساعات التطوع", "hours": "10.5", "hourly_value": "30.25",
        "valuation_basis": "الحد الأدنى للأجور"})
    assert investment.value == D("317.63")  # 10.5 × 30.25 = 317.625, rounded half up


def test_the_workflow_from_draft_to_published_and_a_revision(impact_world):
    world = impact_world()
    draft = world.analysis()
    with pytest.raises(Conflict) as error:
        services.analysis_submit(actor=world.editor, analysis=draft)
    assert error.value.code == "not_ready"
    analysis = world.reviewed()
    assert analysis.status == AnalysisStatus.REVIEW
    # Frozen while under review: no figure changes.
    with pytest.raises(NotPermitted):
        services.analysis_update(actor=world.editor, analysis=analysis, data={"discount_rate": "5"})
    first_outcome = Outcome.objects.filter(analysis=analysis).first()
    comment = services.comment_add(actor=world.reviewer, analysis=analysis, figure=f"outcome:{first_outcome.pk}:proxy",
                                   body="ما مصدر متوسط الدخل؟")
    assert comment.figure.startswith("outcome:")
    returned = services.analysis_return(actor=world.reviewer, analysis=analysis,
                                        comment="وضّحوا مصدر الوكيل المالي")
    assert returned.status == AnalysisStatus.DRAFT
    resubmitted = services.analysis_submit(actor=world.editor, analysis=returned)
    published = services.analysis_publish(actor=world.reviewer, analysis=resubmitted)
    assert published.status == AnalysisStatus.PUBLISHED and published.published_by == world.reviewer
    with pytest.raises(NotPermitted):
        services.analysis_update(actor=world.editor, analysis=published, data={"discount_rate": "5"})
    revision = services.analysis_revise(actor=world.editor, analysis=published)
    assert (revision.version, revision.status, revision.series) == (2, AnalysisStatus.DRAFT, published.series)
    assert revision.ratio == published.ratio and revision.outcomes.count() == 2
    with pytest.raises((Conflict, NotPermitted)):
        services.analysis_revise(actor=world.editor, analysis=published)
    services.analysis_update(actor=world.editor, analysis=revision, data={"discount_rate": "6"})
    published.refresh_from_db()
    assert published.ratio == D("2.2623")  # the published version never changes
    second = services.analysis_publish(actor=world.reviewer,
                                       analysis=services.analysis_submit(actor=world.editor, analysis=revision))
    published.refresh_from_db()
    assert second.is_current and not published.is_current
    assert [row["version"] for row in selectors.published_for(world.initiative)] == [2]
    assert [row["version"] for row in selectors.versions_of(second, world.make_user())] == [1, 2]


def test_reviewers_are_independent_and_never_review_what_they_sent(impact_world, make_member):
    world = impact_world()
    analysis = world.reviewed()
    # A reviewer who is a member of the preparing organisation may not review it.
    colleague = make_member(world.organization, Role.ADMIN)
    from musharaka.impact.models import Reviewer

    Reviewer.objects.create(user=colleague)
    with pytest.raises(NotPermitted):
        services.analysis_publish(actor=colleague, analysis=analysis)
    with pytest.raises(NotPermitted):
        services.analysis_publish(actor=world.make_user(), analysis=analysis)
    with pytest.raises(NotPermitted):  # preparers do not publish their own analysis
        services.analysis_publish(actor=world.admin, analysis=analysis)
    assert [row["id"] for row in selectors.review_queue(world.reviewer)] == [analysis.pk]
    assert list(selectors.review_queue(colleague)) == []


def test_another_organisation_cannot_prepare_an_analysis(impact_world, make_org, make_member):
    world = impact_world()
    outsider = make_member(make_org("شركة أخرى"), Role.ADMIN)
    with pytest.raises(NotPermitted):
        services.analysis_create(actor=outsider, owner=world.initiative, data={"title_ar": "تحليل خارجي"})
    analysis = world.analysis()
    with pytest.raises(NotPermitted):
        services.stakeholder_save(actor=outsider, analysis=analysis, data={"name_ar": "فئة"})


def test_the_quantity_follows_an_indicator_while_the_analysis_is_a_draft(impact_world):
    from musharaka.results import services as results

    world = impact_world()
    result = results.result_create(actor=world.admin, owner=world.initiative, data={
        "title_ar": "توظيف الشباب", "level": "outcome"})
    indicator = results.indicator_create(actor=world.admin, result=result, data={
        "title_ar": "عدد الشباب الذين حصلوا على عمل", "measure": "unit"}, dimensions=[])
    period = results.period_create(actor=world.admin, indicator=indicator, data={
        "start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31), "target_value": "150"})
    analysis, jobs, _income = world.example()
    jobs = services.outcome_save(actor=world.editor, analysis=analysis, outcome=jobs, stakeholder=jobs.stakeholder,
                                 indicator=indicator, data={"quantity_source": "indicator"})
    assert jobs.quantity == 0  # nothing approved yet
    update = results.update_create(actor=world.editor, period=period, data={"value": "120"}, submit=True)
    results.update_approve(actor=world.admin, update=update)
    jobs.refresh_from_db()
    analysis.refresh_from_db()
    assert jobs.quantity == 120 and analysis.ratio == D("2.2623")
    # Published analyses are frozen: a later approved value does not move them.
    services.analysis_publish(actor=world.reviewer,
                              analysis=services.analysis_submit(actor=world.editor, analysis=analysis))
    later = results.update_create(actor=world.editor, period=period, data={"value": "30"}, submit=True)
    results.update_approve(actor=world.admin, update=later)
    jobs.refresh_from_db()
    analysis.refresh_from_db()
    assert jobs.quantity == 120 and analysis.ratio == D("2.2623")


def test_an_indicator_of_another_owner_is_refused(impact_world):
    from musharaka.results import services as results

    world, other = impact_world(), impact_world()
    result = results.result_create(actor=other.admin, owner=other.initiative, data={"title_ar": "نتيجة أخرى"})
    indicator = results.indicator_create(actor=other.admin, result=result, data={"title_ar": "مؤشر آخر"},
                                         dimensions=[])
    analysis, jobs, _income = world.example()
    with pytest.raises(InvalidInput) as error:
        services.outcome_save(actor=world.editor, analysis=analysis, outcome=jobs, stakeholder=jobs.stakeholder,
                              indicator=indicator, data={"quantity_source": "indicator"})
    assert error.value.field == "indicator"


def test_comments_name_figures_of_this_analysis_only(impact_world):
    world = impact_world()
    analysis = world.reviewed()
    _other, other_jobs, _ = world.example()
    for figure in (f"outcome:{other_jobs.pk}:proxy", "outcome:x:proxy", "analysis:owner", "investment:1:title"):
        with pytest.raises(InvalidInput):
            services.comment_add(actor=world.reviewer, analysis=analysis, figure=figure, body="تعليق")
    services.comment_add(actor=world.reviewer, analysis=analysis, figure="analysis:discount_rate",
                         body="معدل الخصم مرتفع")
    assert Comment.objects.filter(analysis=analysis).count() == 1


def test_the_logic_model_chain_links_measured_stages_to_indicators(impact_world):
    from musharaka.results import services as results

    world = impact_world()
    result = results.result_create(actor=world.admin, owner=world.initiative, data={"title_ar": "مخرجات التدريب"})
    indicator = results.indicator_create(actor=world.admin, result=result, data={"title_ar": "عدد المتدربين"},
                                         dimensions=[])
    model = services.logic_model_save(actor=world.editor, owner=world.initiative, data={
        "assumptions_ar": "توفر فرص عمل في سوق العمل المحلي"})
    for stage, text in (("input", "تمويل ومدربون"), ("activity", "دورات تدريبية"), ("impact", "انخفاض البطالة")):
        services.logic_item_save(actor=world.editor, logic_model=model, data={"stage": stage, "text_ar": text})
    services.logic_item_save(actor=world.editor, logic_model=model, indicator=indicator,
                             data={"stage": "output", "text_ar": "شباب مدربون"})
    with pytest.raises(InvalidInput):
        services.logic_item_save(actor=world.editor, logic_model=model, indicator=indicator,
                                 data={"stage": "activity", "text_ar": "نشاط مقيس"})
    found, stages = selectors.logic_model_page(world.initiative)
    assert found == model and [item.text_ar for item in stages["output"]] == ["شباب مدربون"]
    assert stages["output"][0].indicator == indicator


def test_the_analysis_page_reads_in_a_fixed_number_of_queries(impact_world, django_assert_max_num_queries):
    world = impact_world()
    analysis, jobs, _ = world.example()
    for index in range(20):
        services.outcome_save(actor=world.editor, analysis=analysis, stakeholder=jobs.stakeholder, data={
            "title_ar": f"نتيجة رقم {index}", "quantity": "10", "proxy": "100", "duration": 3, "drop_off": "10"})
    with django_assert_max_num_queries(4):
        page = selectors.analysis_page(analysis)
    assert len(page.outcomes) == 22 and len(page.runs) == 22 * 5 + 1


def test_an_outcome_changed_without_naming_its_indicator_keeps_it(impact_world):
    from musharaka.results import services as results

    world = impact_world()
    result = results.result_create(actor=world.admin, owner=world.initiative, data={"title_ar": "توظيف الشباب"})
    indicator = results.indicator_create(actor=world.admin, result=result, data={"title_ar": "عدد الموظفين"},
                                         dimensions=[])
    analysis, jobs, _income = world.example()
    jobs = services.outcome_save(actor=world.editor, analysis=analysis, outcome=jobs, stakeholder=jobs.stakeholder,
                                 indicator=indicator, data={"quantity_source": "indicator"})
    jobs = services.outcome_save(actor=world.editor, analysis=analysis, outcome=jobs, stakeholder=jobs.stakeholder,
                                 data={"proxy": "19000"})
    assert jobs.indicator == indicator and jobs.quantity_source == "indicator"
    jobs = services.outcome_save(actor=world.editor, analysis=analysis, outcome=jobs, stakeholder=jobs.stakeholder,
                                 indicator=None, data={"quantity_source": "typed", "quantity": "100"})
    assert jobs.indicator is None and jobs.quantity == 100
