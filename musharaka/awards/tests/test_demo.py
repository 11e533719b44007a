"""The awards' part of seed_demo: the samples through the services (a cycle published with winners, one in
judging with recusals, drafts, an outlier and a tie), and the bulk cycles whose kept values (counts, totals,
rankings, z-scores, outliers, last rounds) equal what the services recompute."""

import random
from decimal import Decimal

import pytest
from django.db.models import Count, Max, Q

from musharaka.awards import demo, scoring, services
from musharaka.awards.models import (
    Application,
    ApplicationStatus,
    Cycle,
    CycleStage,
    Judge,
    Recusal,
    RecusalSource,
    Round,
    RoundEntry,
    Score,
    Scoresheet,
    SheetStatus,
    Winner,
)
from musharaka.awards.selectors import judge_sheets
from musharaka.core.management.commands.seed_demo import DemoContext
from musharaka.core.permissions import can

pytestmark = pytest.mark.django_db

ENTRY_FIELDS = ("raw_score", "normalised_score", "heaviest_score", "spread", "judges_submitted", "rank", "tied")


def check_seeded_demo():
    """Every check below, over the whole demo at scale 1 (seeded once for every module by
    core/tests/test_seed_demo.py)."""
    _regional_award_published_with_printed_certificates()
    _community_award_in_judging_with_recusals_outlier_and_tie()
    # Scale 1: the samples' five cycles and two in bulk (200 applications, 1,000 scoresheets).
    bulk = Cycle.objects.exclude(programme__name_ar__in=[demo.REGIONAL_AWARD, demo.COMMUNITY_AWARD])
    assert bulk.count() == demo.CYCLES_PER_SCALE
    assert Application.objects.filter(cycle__in=bulk).count() == 200
    assert Scoresheet.objects.filter(round__category__cycle__in=bulk).count() == 1000
    _kept_values_equal_recomputed()
    _bulk_part_scales_exactly()


def _regional_award_published_with_printed_certificates():
    published = Cycle.objects.get(programme__name_ar=demo.REGIONAL_AWARD, year=2025)
    assert published.stage == CycleStage.PUBLISHED and published.results_published_at is not None
    assert published.programme.organization.name_ar == "إمارة منطقة المدينة المنورة"
    assert published.programme.history.exists() and published.history.exists()  # entered through the services
    categories = list(published.categories.all())
    assert len(categories) == 2 and all(category.axis_id for category in categories)
    for category in categories:
        assert sum(category.criteria.values_list("weight", flat=True)) == 100
        assert all(criterion.levels["10"]["ar"] for criterion in category.criteria.all())
        assert category.questions.count() == 3
        winners = list(category.winners.order_by("place"))
        assert [winner.place for winner in winners] == [1, 2, 3]
        for winner in winners:
            assert winner.printed["programme_ar"] == demo.REGIONAL_AWARD
            assert winner.printed["title_ar"] == winner.application.title_ar
            assert winner.printed["winner_ar"] == winner.application.organization.name_ar
            assert winner.printed["year"] == 2025 and winner.printed["place"] == winner.place
        assert category.deliberation_notes.exists()
    assert published.applications.filter(status=ApplicationStatus.INELIGIBLE).exclude(eligibility_reason="").exists()
    assert Application.objects.filter(cycle=published, vote_count__gt=0).exists()
    current = Cycle.objects.get(programme__name_ar=demo.REGIONAL_AWARD, year=2026)
    assert current.stage == CycleStage.NOMINATIONS and services.nominations_open(current)
    assert set(current.applications.values_list("status", flat=True)) == {"submitted", "draft"}


def _community_award_in_judging_with_recusals_outlier_and_tie():
    cycle = Cycle.objects.get(programme__name_ar=demo.COMMUNITY_AWARD)
    assert cycle.stage == CycleStage.JUDGING
    judges = {judge.user.username: judge for judge in Judge.objects.filter(cycle=cycle).select_related("user")}
    assert set(judges) == {username for username, *_rest in demo.JUDGES}
    statuses = set(Scoresheet.objects.filter(round__category__cycle=cycle).values_list("status", flat=True))
    assert statuses == {SheetStatus.ASSIGNED, SheetStatus.DRAFT, SheetStatus.SUBMITTED}
    # judge5 belongs to an applicant organisation: recused, never assigned, and cannot open the application.
    recusal = Recusal.objects.get(judge=judges["judge5"], source=RecusalSource.APPLICANT)
    insider = judges["judge5"].user
    assert not Scoresheet.objects.filter(judge=judges["judge5"], application=recusal.application).exists()
    assert not judge_sheets(insider).filter(application=recusal.application).exists()
    assert not can(insider, "awards.view_application", recusal.application)
    assert judge_sheets(insider).exists()  # the rest of their queue
    declared = Recusal.objects.get(judge__cycle=cycle, source=RecusalSource.DECLARED)
    assert len(declared.reason) > 10
    assert not Scoresheet.objects.filter(judge=declared.judge, application=declared.application).exists()
    first = Round.objects.get(category__cycle=cycle, number=1, category__position=0)
    outlier = Scoresheet.objects.get(round=first, is_outlier=True)
    assert outlier.total == Decimal("30.00")  # the others gave 90.00: 40 points from the mean of 70
    tied = list(first.entries.filter(tied=True).values_list("rank", "raw_score"))
    assert tied == [(1, Decimal("73.50")), (1, Decimal("73.50"))]
    assert first.entries.filter(rank=None).exists()  # nothing submitted for it yet


def _kept_values_equal_recomputed():
    # Each sheet's total from its scores, as sheet_save computes it.
    weights = {}
    for sheet_id, weight, value in Score.objects.filter(sheet__status=SheetStatus.SUBMITTED).values_list(
            "sheet_id", "criterion__weight", "value"):
        weights.setdefault(sheet_id, []).append((weight, value))
    submitted = dict(Scoresheet.objects.filter(status=SheetStatus.SUBMITTED).values_list("pk", "total"))
    assert submitted and set(submitted) == set(weights)
    wrong = [pk for pk, total in submitted.items() if total != scoring.sheet_total(weights[pk])]
    assert not wrong, wrong[:5]
    assert not Scoresheet.objects.exclude(status=SheetStatus.SUBMITTED).exclude(total=None).exists()
    # The cycle's count of applications submitted or later.
    counted = Cycle.objects.annotate(n=Count("applications", filter=Q(applications__status__in=[
        ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE])))
    assert [(cycle.pk, cycle.application_count) for cycle in counted] == [(cycle.pk, cycle.n) for cycle in counted]
    # The last round each application reached.
    reached = Application.objects.annotate(reached=Max("entries__round__number"))
    assert all(application.last_round == (application.reached or 0) for application in reached)
    # Every round's figures, sheet counters, z-scores and outliers: kept, then recomputed by the services.
    for round_ in Round.objects.select_related("category"):
        before = _round_values(round_)
        services._refresh_round(round_)
        assert _round_values(round_) == before, round_.pk


def _round_values(round_) -> tuple:
    round_.refresh_from_db()
    entries = list(RoundEntry.objects.filter(round=round_).order_by("pk").values_list("pk", *ENTRY_FIELDS))
    sheets = list(Scoresheet.objects.filter(round=round_).order_by("pk").values_list("pk", "z_score", "is_outlier"))
    return round_.sheet_count, round_.submitted_count, entries, sheets


def _bulk_part_scales_exactly():
    from musharaka.accounts.models import User
    from musharaka.initiatives.models import Initiative
    from musharaka.orgs.models import Organization

    ctx = DemoContext(scale=3, rng=random.Random(7), log=lambda *args: None)
    ctx.shared["organizations"] = list(Organization.objects.select_related("region", "city").order_by("pk"))
    ctx.shared["people"] = list(User.objects.filter(username__startswith="user").order_by("pk"))
    ctx.shared["initiatives"] = list(Initiative.objects.order_by("pk"))
    cycles, applications, sheets = Cycle.objects.count(), Application.objects.count(), Scoresheet.objects.count()
    winners = Winner.objects.count()

    assert demo._seed_bulk(ctx) == 6
    assert Cycle.objects.count() - cycles == 6
    # 100 applications and 500 scoresheets a cycle: 20,000 and 100,000 at scale 100.
    assert Application.objects.count() - applications == 600
    assert Scoresheet.objects.count() - sheets == 3000
    assert Winner.objects.count() > winners
    new = Winner.objects.order_by("-pk").select_related("application", "category__cycle__programme").first()
    assert new.printed["title_ar"] == new.application.title_ar
    assert new.printed["programme_ar"] == new.category.cycle.programme.name_ar
    _kept_values_equal_recomputed()
