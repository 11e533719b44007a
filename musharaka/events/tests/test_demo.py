import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from musharaka.events.models import Event, EventAudience, Registration, SessionKind

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_sample_forum_and_keeps_the_counts_exact():
    call_command("seed_demo", scale=1, verbosity=0)

    forum = Event.objects.get(edition=5)
    assert forum.patron_name == "صاحب السمو الملكي الأمير سلمان بن سلطان"
    assert forum.organization.name_ar == "إمارة منطقة المدينة المنورة"
    assert forum.organization.region_id == forum.region_id
    assert (forum.ends_at - forum.starts_at).days == 1  # two days
    assert forum.axes.count() == 6
    assert set(forum.audiences.values_list("category", flat=True)) == {
        "authority", "government", "nonprofit", "private", "academic_expert", "public"}
    kinds = set(forum.sessions.values_list("kind", flat=True))
    assert {SessionKind.DIALOGUE, SessionKind.WORKSHOP, SessionKind.AWARD_CEREMONY} <= kinds
    assert Event.objects.filter(kind="meeting", co_organizers__isnull=False).exists()
    assert Event.objects.filter(title_ar__startswith="ورشة عمل إعداد خطة التنمية المحلية").exists()
    assert Event.objects.count() >= 50
    assert Registration.objects.count() > 2000
    # The counters kept on write agree with the rows, for every event and category.
    seated = Q(registrations__status__in=["confirmed", "pending"])
    for event in Event.objects.annotate(seated=Count("registrations", filter=seated),
                                        queued=Count("registrations", filter=Q(registrations__status="waiting"))):
        assert (event.confirmed_count, event.waiting_count) == (event.seated, event.queued)
        if event.capacity is not None:
            assert event.confirmed_count <= event.capacity
    for audience in EventAudience.objects.exclude(quota=None):
        assert audience.confirmed_count <= audience.quota


def test_seed_demo_gives_questions_votes_and_feedback_with_exact_counts():
    from musharaka.events.models import Question, QuestionVote, SessionFeedback

    call_command("seed_demo", scale=1, verbosity=0)

    forum = Event.objects.get(edition=5)
    asked = Question.objects.filter(session__event=forum)
    assert asked.filter(status="approved").count() >= 4
    assert asked.filter(status="pending").exists()
    assert Question.objects.filter(session__event__ends_at__lt=forum.starts_at, status="answered").exists()
    assert SessionFeedback.objects.filter(rating__gte=1, rating__lte=5).count() > 100
    for question in Question.objects.annotate(counted=Count("votes")):
        assert question.vote_count == question.counted
    assert QuestionVote.objects.exists()


def test_seed_demo_gives_tickets_and_check_ins_at_past_events_with_exact_counters():
    from musharaka.events.models import AttendanceCount, CheckIn, Ticket

    call_command("seed_demo", scale=1, verbosity=0)

    assert Ticket.objects.count() == Registration.objects.count()
    assert CheckIn.objects.exists()
    assert not CheckIn.objects.exclude(registration__status="confirmed").exists()
    assert not CheckIn.objects.filter(event__starts_at__gt=__import__("django.utils.timezone").utils.timezone.now()
                                      ).exists()
    kept = {(row.event_id, row.session_key, row.category): row.count for row in AttendanceCount.objects.all()}
    # At the door (session_key 0) and per session (the sample forum's workshops: certificates' demo).
    counted = {(row["event_id"], row["session_id"] or 0, row["category"]): row["n"]
               for row in CheckIn.objects.values("event_id", "session_id", "category").annotate(n=Count("pk"))}
    assert kept == counted


def test_seed_demo_recommendations_with_updates_history_and_some_overdue():
    from musharaka.events import recommendations as recs
    from musharaka.events.models import Recommendation, RecommendationUpdate

    call_command("seed_demo", scale=1, verbosity=0)
    fourth = Event.objects.get(edition=4)
    assert fourth.recommendations.count() == 9
    assert fourth.recommendations.filter(updates__evidence__isnull=False).exists()
    assert 150 <= Recommendation.objects.count() <= 260
    assert Recommendation.objects.filter(recs.overdue_condition()).exists()
    assert set(Recommendation.objects.values_list("status", flat=True)) == {
        "proposed", "adopted", "in_progress", "done", "dropped"}
    # Counters kept on write agree with the rows; every status change has its history row with a reason.
    for recommendation in Recommendation.objects.annotate(n=Count("updates")).order_by("?")[:40]:
        assert recommendation.updates_count == recommendation.n
        changes = recs.status_history(recommendation)
        assert changes[-1]["new"] == recommendation.status and all(change["reason"] for change in changes)
        moves = RecommendationUpdate.objects.filter(recommendation=recommendation).exclude(new_status="").count()
        assert len(changes) == moves + 1


def test_seed_demo_gives_the_azwa_forum_an_exhibition_by_neighbourhood_with_exact_counts():
    from musharaka.events.models import CommentStatus, Showcase, ShowcaseComment, ShowcaseLike

    call_command("seed_demo", scale=1, verbosity=0)

    azwa = Event.objects.get(title_ar="ملتقى وجائزة عزوة للمشاركة المجتمعية")
    booths = list(azwa.booths.all())
    assert len(booths) >= 2 and all(booth.neighbourhood_id for booth in booths)
    assert azwa.showcases.filter(booth__isnull=False).count() >= 3
    statuses = set(ShowcaseComment.objects.filter(showcase__event=azwa).values_list("status", flat=True))
    assert {CommentStatus.APPROVED, CommentStatus.PENDING} <= statuses
    assert Showcase.objects.exclude(event=azwa).exists()  # the bulk exhibitions
    for showcase in Showcase.objects.annotate(
            liked=Count("likes", distinct=True),
            approved=Count("comments", filter=Q(comments__status="approved"), distinct=True)):
        assert (showcase.like_count, showcase.comment_count) == (showcase.liked, showcase.approved)
    assert ShowcaseLike.objects.count() == sum(Showcase.objects.values_list("like_count", flat=True))
