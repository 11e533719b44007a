"""The daily digests: once per person and day, whatever happens (a second run, a run interrupted)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from musharaka.notifications.models import Notification
from musharaka.participation import moderation, moderation_digests
from musharaka.participation.models import Activity, ActivityKind, DigestDelivery, Follow, Phase, Visibility
from musharaka.participation.services import record_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def mails(monkeypatch):
    sent = []
    monkeypatch.setattr(moderation_digests, "enqueue_with_transaction",
                        lambda task, **kwargs: sent.append(kwargs))
    return sent


def today_activity(w, idea, actor, kind=ActivityKind.IDEA_POSTED):
    return record_activity(process=w.process, kind=kind, summary=idea.title, url="/x/", idea=idea, actor=actor)


def test_one_digest_per_person_and_day(mod17_world, mod17_idea, mails, make_user):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    follower, quiet = make_user(), make_user()
    moderation.follow_toggle(actor=follower, kind="process", target_id=w.process.pk)
    moderation.follow_create(actor=follower, kind="idea", target_id=idea.pk)
    moderation.follow_create(actor=quiet, kind="idea", target_id=idea.pk, email=False)
    moderation.follow_toggle(actor=w.author, kind="process", target_id=w.process.pk)  # its own activity: nothing
    today_activity(w, idea, w.author)
    today = timezone.localdate()
    report = moderation_digests.send_digests(period=today)
    assert (report.people, report.emails) == (2, 1)
    assert Notification.objects.filter(user=follower).count() == 1
    assert Notification.objects.filter(user=quiet).count() == 1
    assert not Notification.objects.filter(user=w.author).exists()
    assert [mail["to"] for mail in mails] == [follower.email]
    assert DigestDelivery.objects.get(user=follower).activity_count == 1  # not twice for two matching follows
    again = moderation_digests.send_digests(period=today)
    assert (again.people, again.emails) == (0, 0) and Notification.objects.count() == 2 and len(mails) == 1


def test_hidden_content_and_other_days_are_left_out(mod17_world, mod17_idea, mails, make_user):
    w = mod17_world
    hidden = mod17_idea(w.process, w.author, visibility=Visibility.HIDDEN)
    follower = make_user()
    Follow.objects.create(user=follower, process=w.process)
    today_activity(w, hidden, w.author)
    old = mod17_idea(w.process, w.author)
    activity = today_activity(w, old, w.author)
    Activity.objects.filter(pk=activity.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    assert moderation_digests.send_digests(period=timezone.localdate()).people == 0
    assert not Notification.objects.exists()


def test_neighbourhood_follows_match_the_activity_neighbourhood(mod17_world, mod17_idea, mails, make_user, region):
    from musharaka.geo.models import Neighbourhood

    w = mod17_world
    neighbourhood = Neighbourhood.objects.filter(city__region=region).first()
    if neighbourhood is None:
        pytest.skip("no neighbourhood in the fixtures")
    idea = mod17_idea(w.process, w.author, neighbourhood=neighbourhood)
    follower = make_user()
    Follow.objects.create(user=follower, neighbourhood=neighbourhood)
    today_activity(w, idea, w.author)
    assert moderation_digests.send_digests(period=timezone.localdate()).people == 1


def test_an_interrupted_run_continues_with_the_rest(mod17_world, mod17_idea, mails, make_user, monkeypatch):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    followers = [make_user() for _ in range(4)]
    for user in followers:
        Follow.objects.create(user=user, process=w.process, email=False)
    today_activity(w, idea, w.author)
    real = moderation_digests._send_one
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("the worker died")
        return real(*args, **kwargs)

    monkeypatch.setattr(moderation_digests, "_send_one", failing)
    with pytest.raises(RuntimeError):
        moderation_digests.send_digests(period=timezone.localdate())
    assert Notification.objects.count() == 2
    monkeypatch.setattr(moderation_digests, "_send_one", real)
    assert moderation_digests.send_digests(period=timezone.localdate()).people == 2
    for user in followers:
        assert Notification.objects.filter(user=user).count() == 1


def test_a_run_that_meets_a_delivery_of_another_run_sends_nothing(mod17_world, mod17_idea, mails, make_user,
                                                                  monkeypatch):
    """The concurrent run's row appears between this run's check and its insert: the unique key wins."""
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    follower = make_user()
    Follow.objects.create(user=follower, process=w.process)
    today_activity(w, idea, w.author)
    today = timezone.localdate()
    real_filter = DigestDelivery.objects.filter

    def racing_filter(*args, **kwargs):
        result = real_filter(*args, **kwargs)
        if not DigestDelivery.objects.exists():
            DigestDelivery.objects.create(user=follower, period=today)  # the other run, just now
        return result

    monkeypatch.setattr(DigestDelivery.objects, "filter", racing_filter)
    report = moderation_digests.send_digests(period=today)
    assert report.people == 0 and not Notification.objects.exists() and not mails


def test_phase_started_is_recorded_once(mod17_world, mails, make_user):
    w = mod17_world
    follower = make_user()
    Follow.objects.create(user=follower, process=w.process)
    now = timezone.now()
    starts = now.replace(hour=12, minute=0, second=0, microsecond=0)
    Phase.objects.filter(process=w.process).update(ends_at=starts - datetime.timedelta(hours=1))
    Phase.objects.create(process=w.process, kind="consultation", starts_at=starts,
                         ends_at=starts + datetime.timedelta(days=10))
    day = timezone.localdate(starts)
    assert moderation_digests.record_phase_starts(day) == 1
    assert moderation_digests.record_phase_starts(day) == 0
    call_command("send_participation_digests", "--now", "--date", day.isoformat(), verbosity=0)
    assert Activity.objects.filter(kind=ActivityKind.PHASE_STARTED).count() == 1
    assert Notification.objects.filter(user=follower).count() == 1
    call_command("send_participation_digests", "--now", "--date", day.isoformat(), verbosity=0)
    assert Notification.objects.filter(user=follower).count() == 1


def test_the_command_queues_the_task(mod17_world, mod17_idea, make_user, capsys):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    follower = make_user()
    Follow.objects.create(user=follower, process=w.process, email=False)
    today_activity(w, idea, w.author)
    call_command("send_participation_digests", "--date", timezone.localdate().isoformat())
    assert "queued" in capsys.readouterr().out
    assert Notification.objects.filter(user=follower).count() == 1  # the suite's task backend ran it at once
    call_command("send_participation_digests", "--date", timezone.localdate().isoformat())
    assert Notification.objects.filter(user=follower).count() == 1
