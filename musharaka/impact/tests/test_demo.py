"""The impact part of seed_demo: the samples through the services (a published version 1 with a draft version 2, one
returned once then published, one under review, a draft whose quantity comes from an indicator), the demo impact
reviewer, logic models with measured items, and the bulk analyses whose kept figures equal what sroi.compute makes of
their stored figures; the published current versions are in the search index."""

import random
from decimal import Decimal

import pytest
from django.db.models import Count, F

from musharaka.core.management.commands.ensure_demo_admin import DEMO_PASSWORD
from musharaka.core.management.commands.seed_demo import DemoContext
from musharaka.core.models import SearchEntry
from musharaka.core.permissions import can
from musharaka.impact import demo, selectors, services, sroi
from musharaka.impact.models import (
    Analysis,
    AnalysisStatus,
    Comment,
    Investment,
    InvestmentKind,
    LogicModel,
    Outcome,
    QuantitySource,
    Reviewer,
    Stage,
)

pytestmark = pytest.mark.django_db


def _seed() -> DemoContext:
    """Organisations and initiatives at scale 1 (a few seconds), then the impact part (the plans part is not needed:
    the samples make their own indicators)."""
    from musharaka.initiatives import demo as initiatives_demo
    from musharaka.orgs import demo as orgs_demo

    ctx = DemoContext(scale=1, rng=random.Random(2026), log=lambda *args: None)
    orgs_demo.seed(ctx)
    initiatives_demo.seed(ctx)
    demo.seed(ctx)
    return ctx


def test_seed_demo_impact_samples_and_kept_figures_equal_recomputed():
    _seed()
    reviewer = _reviewer_account()
    _samples(reviewer)
    bulk = Analysis.objects.exclude(title_ar__in=[theme["title"][0] for theme in demo.THEMES]).exclude(
        title_ar__startswith=demo.THEMES[0]["title"][0] + " — التقييم")
    assert bulk.count() == demo.bulk_count(1) == demo.ANALYSES_AT_LEAST
    assert demo.bulk_count(100) == 2000
    statuses = dict(bulk.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    assert set(statuses) == set(AnalysisStatus.values) and statuses[AnalysisStatus.PUBLISHED] > 100
    # Versions: a version 2 follows its version 1 in the same series; only one version of a series is current
    # among the published.
    for second in bulk.filter(version=2):
        first = Analysis.objects.get(pk=second.previous_id)
        assert (first.series, first.version, first.status) == (second.series, 1, AnalysisStatus.PUBLISHED)
        assert first.is_current == (second.status == AnalysisStatus.DRAFT)
    assert bulk.filter(version=1).exclude(series=F("pk")).count() == 0
    owners = bulk.values("owner_id").distinct().count()
    assert owners > 150 and LogicModel.objects.count() == owners + len(demo.THEMES)
    assert not LogicModel.objects.annotate(n=Count("items")).filter(n__lt=5).exists()
    assert Comment.objects.filter(analysis__in=bulk, figure__startswith="outcome:").count() > 50
    assert Investment.objects.filter(kind=InvestmentKind.VOLUNTEER_TIME).exclude(valuation_basis="").count() > 300
    _kept_figures_equal_recomputed()
    _published_current_are_indexed()
    _bulk_logic_model_reads_in_chain_order(bulk.order_by("-pk").first())


def _bulk_logic_model_reads_in_chain_order(analysis: Analysis) -> None:
    model, stages = selectors.logic_model_page(analysis.owner)
    assert model is not None and all(stages[stage] for stage in Stage.values)
    assert model.items.count() == sum(map(len, stages.values()))


def _reviewer_account():
    from musharaka.accounts.models import User

    reviewer = User.objects.get(username=demo.REVIEWER_USERNAME)
    assert reviewer.check_password(DEMO_PASSWORD)
    assert Reviewer.objects.filter(user=reviewer).exists() and not reviewer.memberships.exists()
    return reviewer


def _samples(reviewer) -> None:
    youth, volunteering, health, garden = [Analysis.objects.get(title_ar=theme["title"][0], version=1)
                                           for theme in demo.THEMES]
    for analysis in (youth, volunteering, health, garden):
        assert analysis.history.exists()  # entered through the services
        model = LogicModel.objects.get(owner_type=analysis.owner_type, owner_id=analysis.owner_id)
        stages = set(model.items.values_list("stage", flat=True))
        assert stages == set(Stage.values)
        item = model.items.exclude(indicator=None).get()
        assert item.stage in (Stage.OUTPUT, Stage.OUTCOME)
        assert item.indicator is not None and (item.indicator.actual_value or 0) > 0
        assert analysis.stakeholders.count() >= 2 and analysis.outcomes.exclude(proxy_source="").exists()
        volunteers = analysis.investments.get(kind=InvestmentKind.VOLUNTEER_TIME)
        assert volunteers.value == volunteers.hours * volunteers.hourly_value and volunteers.valuation_basis
    # Youth employment: version 1 published (reviewed, its comment resolved), version 2 a draft taking the number
    # of young people in work from the indicator.
    assert youth.status == AnalysisStatus.PUBLISHED and youth.published_by == reviewer
    second = Analysis.objects.get(series=youth.series, version=2)
    assert second.status == AnalysisStatus.DRAFT and second.previous_id == youth.pk and youth.is_current
    measured = second.outcomes.get(quantity_source=QuantitySource.INDICATOR)
    assert measured.indicator is not None and measured.quantity == measured.indicator.actual_value == 82
    assert youth.outcomes.get(position=0).quantity != measured.quantity  # version 1 stays as published
    assert youth.comments.filter(author=reviewer, resolved=True).exclude(figure="").exists()
    # Volunteering: returned once with its reasons, corrected, published; every figure comment resolved.
    assert volunteering.status == AnalysisStatus.PUBLISHED
    assert volunteering.comments.filter(figure="", author=reviewer).exists()  # the return's reason
    assert not volunteering.comments.filter(author=reviewer, resolved=False).exclude(figure="").exists()
    assert volunteering.history.filter(status=AnalysisStatus.DRAFT).count() >= 2
    # Health under review with an open comment on a proxy; the reviewer may review it, its preparers may not.
    assert health.status == AnalysisStatus.REVIEW
    assert health.comments.filter(figure__endswith=":proxy", resolved=False).exists()
    assert can(reviewer, "impact.review_analysis", health) and not can(health.submitted_by,
                                                                         "impact.review_analysis", health)
    assert health.pk in {row["id"] for row in selectors.review_queue(reviewer)}
    # The garden: a draft whose first outcome reads its indicator's approved value.
    assert garden.status == AnalysisStatus.DRAFT
    assert garden.outcomes.get(quantity_source=QuantitySource.INDICATOR).quantity == 640
    assert garden.ratio is not None and youth.ratio is not None and youth.ratio > 1


def _kept_figures_equal_recomputed() -> None:
    """Every analysis (samples and bulk): its investments' values, its outcomes' year-1 and present values, its
    totals and ratios are what sroi.compute makes of its stored figures."""
    investments: dict[int, list[Investment]] = {}
    for investment in Investment.objects.order_by("position", "pk"):
        if investment.kind == InvestmentKind.VOLUNTEER_TIME:
            assert investment.hours is not None and investment.hourly_value is not None
            expected = sroi.money(investment.hours * investment.hourly_value)
        else:
            assert investment.amount is not None
            expected = investment.amount
        assert investment.value == expected, investment.pk
        investments.setdefault(investment.analysis_id, []).append(investment)
    outcomes: dict[int, list[Outcome]] = {}
    for row in Outcome.objects.order_by("position", "pk"):
        outcomes.setdefault(row.analysis_id, []).append(row)
    checked = 0
    for analysis in Analysis.objects.order_by("pk"):
        own = outcomes.get(analysis.pk, [])
        total = sum((investment.value for investment in investments.get(analysis.pk, [])), Decimal(0))
        computation = sroi.compute(services.figures_of(analysis, own, investment=total))
        kept = (analysis.total_investment, analysis.present_value, analysis.net_present_value, analysis.ratio,
                analysis.net_ratio, analysis.payback_months)
        assert kept == (computation.investment, computation.present_value, computation.net_present_value,
                        computation.ratio, computation.net_ratio, computation.payback_months), analysis.pk
        for row, value in zip(own, computation.outcomes, strict=True):
            assert (row.value_year_one, row.present_value) == (sroi.money(value.year_one),
                                                               sroi.money(value.present_value)), row.pk
        checked += 1
    assert checked == Analysis.objects.count() > demo.ANALYSES_AT_LEAST
    assert Analysis.objects.filter(ratio__gt=1).exists() and Analysis.objects.filter(ratio__lt=1).exists()


def _published_current_are_indexed() -> None:
    current = set(Analysis.objects.filter(status=AnalysisStatus.PUBLISHED, is_current=True)
                  .values_list("pk", flat=True))
    indexed = set(SearchEntry.objects.filter(kind=services.SEARCH_KIND).values_list("object_id", flat=True))
    assert indexed == current
    found = {row["id"] for row in selectors.published_list(q="التطوع المشهد الحضري")}
    assert found and found <= current
    assert Analysis.objects.get(title_ar=demo.THEMES[1]["title"][0]).pk in found

