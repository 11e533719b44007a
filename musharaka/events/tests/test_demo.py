import pytest
from django.db.models import Count, Q

from musharaka.events.models import Event, EventAudience, Registration, SessionKind

pytestmark = pytest.mark.django_db


def check_seeded_demo():
    """Every part's checks over the whole demo at scale 1 (seeded once for every module by
    core/tests/test_seed_demo.py), each named for what it checks."""
    _sample_forum_with_exact_counts()
    _questions_votes_and_feedback_with_exact_counts()
    _tickets_and_check_ins_with_exact_counters()
    _recommendations_with_updates_history_and_some_overdue()
    _azwa_exhibition_by_neighbourhood_with_exact_counts()
    _sample_forums_news_photos_and_the_khobar_signings()
    _certificates_for_the_sample_workshop_sessions_and_past_workshops()


def _sample_forum_with_exact_counts():
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


def _questions_votes_and_feedback_with_exact_counts():
    from musharaka.events.models import Question, QuestionVote, SessionFeedback

    forum = Event.objects.get(edition=5)
    asked = Question.objects.filter(session__event=forum)
    assert asked.filter(status="approved").count() >= 4
    assert asked.filter(status="pending").exists()
    assert Question.objects.filter(session__event__ends_at__lt=forum.starts_at, status="answered").exists()
    assert SessionFeedback.objects.filter(rating__gte=1, rating__lte=5).count() > 100
    for question in Question.objects.annotate(counted=Count("votes")):
        assert question.vote_count == question.counted
    assert QuestionVote.objects.exists()


def _tickets_and_check_ins_with_exact_counters():
    from musharaka.events.models import AttendanceCount, CheckIn, Ticket

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


def _recommendations_with_updates_history_and_some_overdue():
    from musharaka.events import recommendations as recs
    from musharaka.events.models import Recommendation, RecommendationUpdate

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


def _azwa_exhibition_by_neighbourhood_with_exact_counts():
    from musharaka.events.models import CommentStatus, Showcase, ShowcaseComment, ShowcaseLike

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


def _sample_forums_news_photos_and_the_khobar_signings():
    from musharaka.events.models import EventPhoto, NewsPost

    khobar = Event.objects.get(title_ar="الملتقى الأول للمشاركة المجتمعية")
    from musharaka.partnerships.models import Agreement

    # The signings are partnerships agreements at the event's signing session (partnerships.demo enters them;
    # partnerships/tests/test_demo.py checks their parties and commitments).
    agreements = list(Agreement.objects.filter(event=khobar).select_related("session"))
    assert len(agreements) == 2 and {agreement.kind for agreement in agreements} == {"mou", "cooperation"}
    assert all(agreement.session.kind == "signing" and agreement.signed_before.startswith("معالي نائب وزير")
               for agreement in agreements)
    assert khobar.news_posts.filter(is_published=True).count() == 2
    assert khobar.photos.count() == 4 and all(photo.thumbnail for photo in khobar.photos.all())
    assert Event.objects.get(edition=5).news_posts.count() == 3
    # The bulk's past published events carry posts (no photos: files for thousands of events are not worth it).
    assert NewsPost.objects.count() > 20
    assert EventPhoto.objects.count() == EventPhoto.objects.filter(event__in=Event.objects.filter(
        title_ar__in=list(_media_demo_titles()))).count()


def _media_demo_titles():
    from musharaka.events.media_demo import POSTS

    return POSTS.keys()


def _certificates_for_the_sample_workshop_sessions_and_past_workshops():
    from django.utils import timezone

    from musharaka.events import certificates
    from musharaka.events.models import AttendanceCertificate, CheckIn

    khobar = AttendanceCertificate.objects.filter(session__isnull=False).select_related("session", "event")
    assert khobar.exists()
    assert {certificate.session.kind for certificate in khobar} <= {"workshop", "training"}
    for certificate in khobar:
        assert certificate.event.kind == "forum" and certificate.session_title_ar == certificate.session.title_ar
        assert CheckIn.objects.filter(registration_id=certificate.registration_id, session=certificate.session).exists()
    bulk = AttendanceCertificate.objects.filter(session__isnull=True)
    assert bulk.count() > 50
    assert set(bulk.values_list("event__kind", flat=True)) <= {"workshop", "training"}
    # Exactly the people checked in at past workshops and training courses, once each.
    attended = CheckIn.objects.filter(event__kind__in=["workshop", "training"], event__ends_at__lt=timezone.now())
    assert bulk.count() == attended.values("registration_id").distinct().count()
    sample = bulk.first()
    assert sample.hours is not None and sample.issued_at <= timezone.now()
    assert certificates.certificate_by_code(certificates.format_code(sample.code)) == sample
