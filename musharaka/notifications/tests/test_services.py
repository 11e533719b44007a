"""notify(): one notification per person in their language, and mail after the commit."""

from django.core import mail

from musharaka.notifications.models import Notification
from musharaka.notifications.services import notify


def test_notify_each_person_once_and_mail_after_commit(make_user, django_capture_on_commit_callbacks):
    arabic, english = make_user(), make_user(preferred_language="en")
    from django.utils.translation import gettext

    with django_capture_on_commit_callbacks(execute=True):
        count = notify(users=[arabic, english, arabic], title_for=lambda: gettext("Notifications"), url="/x/")
    assert count == 2
    titles = dict(Notification.objects.values_list("user_id", "title"))
    assert titles == {arabic.pk: "الإشعارات", english.pk: "Notifications"}
    assert len(mail.outbox) == 2


def test_a_mail_failure_does_not_break_the_change(make_user, django_capture_on_commit_callbacks, monkeypatch, caplog):
    from musharaka.notifications import tasks

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(tasks, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[make_user()], title_for=lambda: "x")
    assert Notification.objects.count() == 1
    # The test suite runs tasks at once (no rows to retry): the failure is logged.
    assert "send_notification_mail) failed for good after 1 attempt(s): builtins.ConnectionRefusedError" in caplog.text


def test_no_mail_when_the_change_is_rolled_back(make_user, mailoutbox):
    from django.db import transaction

    user = make_user()
    try:
        with transaction.atomic():
            notify(users=[user], title_for=lambda: "x")
            raise RuntimeError("the change fails")
    except RuntimeError:
        pass
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_a_title_on_several_lines_makes_a_one_line_subject(make_user, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[make_user()], title_for=lambda: "مبادرة\nحي   أخضر")
    assert [message.subject for message in mailoutbox] == ["مبادرة حي أخضر"]
