"""The participation demo: the five sample processes in every phase state, the figures at scale 1, and the kept
counts equal to the rows (checked here on its own seeding, and by core's test_seed_demo over the whole demo through
`check_seeded_demo`)."""

import random

import pytest
from django.db.models import Count, Q, Sum

from musharaka.core.management.commands.seed_demo import DemoContext
from musharaka.core.search import SearchEntry
from musharaka.participation import demo
from musharaka.participation.models import (
    Ballot,
    BallotChoice,
    BallotKind,
    Budget,
    Comment,
    Feasibility,
    Follow,
    Idea,
    IdeaState,
    ModerationAction,
    PhaseKind,
    Process,
    QuestionKind,
    Support,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    Topic,
    TopicSummary,
    Visibility,
)
from musharaka.participation.services import IDEA_SEARCH_KIND

pytestmark = pytest.mark.django_db


def check_seeded_demo(scale: int = 1) -> None:
    """What the participation demo promises, on a database seeded with it at `scale`."""
    titles = {spec[3]: spec for spec in demo.SAMPLES}
    samples = {process.title_ar: process for process in
               Process.objects.filter(title_ar__in=titles).select_related("region").prefetch_related("phases")}
    assert len(samples) == len(demo.SAMPLES)
    phases = {titles[title][0]: process.phase_at().kind for title, process in samples.items()}
    assert phases == {"riyadh": PhaseKind.IDEAS, "jeddah": PhaseKind.IDEAS, "madinah": PhaseKind.CONSULTATION,
                      "dammam": PhaseKind.VOTING, "aleppo": PhaseKind.IMPLEMENTATION}
    assert {process.region.code[:2] for process in samples.values()} == {"SA", "SY"}
    jeddah = next(p for t, p in samples.items() if titles[t][0] == "jeddah")
    assert jeddah.premoderation
    assert Idea.objects.filter(process=jeddah, visibility=Visibility.PENDING).exists()
    assert Comment.objects.filter(idea__process=jeddah, visibility=Visibility.PENDING).exists()
    # The figures.
    assert Idea.objects.count() == demo.IDEAS_PER_SCALE * scale
    assert Support.objects.count() == demo.SUPPORTS_PER_SCALE * scale
    assert SurveyAnswer.objects.count() == demo.ANSWERS_PER_SCALE * scale
    assert set(Idea.objects.values_list("state", flat=True)) == set(IdeaState.values)
    assert Idea.objects.filter(state=IdeaState.INITIATIVE, initiative__isnull=False).exists()
    assert Comment.objects.filter(parent__isnull=False, is_official=True).exists()
    assert ModerationAction.objects.filter(kind="hide").exists() and ModerationAction.objects.filter(kind="block")
    assert not Support.objects.exclude(idea__visibility=Visibility.VISIBLE).exists()
    # Kept counts equal the rows.
    for idea in Idea.objects.annotate(
            n_supports=Count("supports", distinct=True),
            visible_comments=Count("comments", filter=Q(comments__visibility=Visibility.VISIBLE), distinct=True)):
        assert (idea.support_count, idea.comment_count) == (idea.n_supports, idea.visible_comments), idea.pk
    for process in Process.objects.all():
        counted = Idea.objects.filter(process=process, visibility=Visibility.VISIBLE, merged_into__isnull=True)
        comments = Comment.objects.filter(idea__in=counted, visibility=Visibility.VISIBLE)
        assert process.idea_count == counted.count()
        assert process.comment_count == comments.count()
        assert process.follower_count == Follow.objects.filter(process=process).count()
    for survey in Survey.objects.all():
        assert survey.response_count == SurveyResponse.objects.filter(survey=survey).count()
    kinds = set(SurveyAnswer.objects.values_list("question__kind", flat=True))
    assert kinds >= set(QuestionKind.values) - {QuestionKind.FILE}
    conditional = SurveyAnswer.objects.filter(question__show_if__isnull=False).select_related("response")
    for answer in conditional[:200]:
        first = SurveyAnswer.objects.get(response=answer.response, question=answer.question.show_if)
        assert first.keys[0] in answer.question.show_if_keys
    assert not SurveyResponse.objects.filter(survey__anonymous=True, respondent__isnull=False).exists()
    for budget in Budget.objects.prefetch_related("projects"):
        assert budget.ballot_count == Ballot.objects.filter(budget=budget).count()
        for project in budget.projects.all():
            assert project.vote_count == BallotChoice.objects.filter(project=project).count()
        for ballot in Ballot.objects.filter(budget=budget).annotate(total=Sum("choices__project__cost"),
                                                                     chosen=Count("choices")):
            if budget.ballot_kind == BallotKind.APPROVAL:
                assert ballot.total <= budget.amount
            else:
                assert ballot.chosen <= budget.choose_n
    published = Budget.objects.get(result_published=True)
    funded = published.projects.filter(funded=True)
    assert funded.exists() and sum(p.cost for p in funded) <= published.amount
    assert not published.projects.filter(feasibility=Feasibility.UNFEASIBLE, funded=True).exists()
    assert all(p.result_reason.get("code") for p in published.projects.all())
    # Search and topics.
    assert SearchEntry.objects.filter(kind=IDEA_SEARCH_KIND).count() == Idea.objects.filter(
        visibility=Visibility.VISIBLE, merged_into__isnull=True).count()
    assert TopicSummary.objects.filter(generated_at__isnull=False).count() == 2
    assert Topic.objects.filter(size__gt=0).count() >= 4


def test_seed_demo_participation_at_scale_one():
    from musharaka.initiatives import demo as initiatives_demo
    from musharaka.orgs import demo as orgs_demo

    ctx = DemoContext(scale=1, rng=random.Random(2026), log=lambda *args: None)
    orgs_demo.seed(ctx)
    initiatives_demo.seed(ctx)
    demo.seed(ctx)
    check_seeded_demo()
