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
    from musharaka.notifications import services

    def broken(messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(services, "send_mass_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[make_user()], title_for=lambda: "x")
    assert Notification.objects.count() == 1
    assert "Could not send 1 notification e-mails" in caplog.text
