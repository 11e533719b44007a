"""The daily partnership alerts on a frozen clock: who is told (in their language, in the app and by e-mail), that
nothing is sent twice (a second run, a run the next day, two runs at once on PostgreSQL), that a new end or due
date is a new alert, and that an automatic renewal extends the term once."""

import datetime
from functools import partial

import pytest
from django.core import mail
from django.core.management import call_command
from freezegun import freeze_time

from musharaka.notifications.models import Notification
from musharaka.orgs.models import Role, Sector
from musharaka.partnerships import services
from musharaka.partnerships.alerts import send_partnership_alerts
from musharaka.partnerships.models import (
    Agreement,
    AlertKind,
    CommitmentStatus,
    PartnershipAlert,
    PartyRole,
    Renewal,
    Stage,
)
from musharaka.reliability.test_concurrency import parallel, race

D = datetime.date
TODAY = D(2026, 12, 2)


@pytest.fixture(autouse=True)
def _urls_imported_with_the_real_clock():
    """The URLconf imports the API's schemas; imported under a frozen clock, pydantic would meet freezegun's
    datetime class in their annotations (the first reverse() happens inside the job)."""
    from django.urls import get_resolver

    assert get_resolver().url_patterns


@pytest.fixture
def parties(make_org, make_member):
    """A non-profit that records agreements and a municipality, each with an admin (the municipality's reads
    English), staff who are not admins, an inactive admin; and an unrelated organisation with its own admin."""
    keeper = make_org("جمعية استدامة للتنمية المستدامة", sector=Sector.NONPROFIT)
    partner = make_org("أمانة المنطقة الشرقية", sector=Sector.AUTHORITY)
    other = make_org("جمعية البر الخيرية", sector=Sector.NONPROFIT)
    people = {
        "keeper_admin": make_member(keeper, Role.ADMIN),
        "keeper_editor": make_member(keeper, Role.EDITOR),
        "keeper_viewer": make_member(keeper, Role.VIEWER),
        "keeper_gone": make_member(keeper, Role.ADMIN, is_active=False),
        "partner_admin": make_member(partner, Role.ADMIN, preferred_language="en"),
        "partner_editor": make_member(partner, Role.EDITOR),
        "other_admin": make_member(other, Role.ADMIN),
    }
    return {"keeper": keeper, "partner": partner, "other": other, **people}


@pytest.fixture
def agreement_of(make_agreement, parties):
    def make(**data):
        data.setdefault("title_ar", "مذكرة تفاهم لتعزيز التعاون والعمل المشترك")
        return make_agreement(keeper=parties["keeper"], partner=parties["partner"], actor=parties["keeper_admin"],
                              **data)

    return make


def run(capture, day: datetime.date = TODAY):
    """One run of the job as cron starts it: the task, on `day`'s clock, its mail sent once the alerts commit."""
    from musharaka.partnerships.tasks import partnership_alerts

    with freeze_time(day), capture(execute=True):
        result = partnership_alerts.enqueue()  # the test suite's backend runs tasks at once
    return result.return_value


def told(kind_text: str = "") -> dict:
    """Who has a notification (whose title contains kind_text), by user id: their titles."""
    out: dict = {}
    for user_id, title in Notification.objects.order_by("pk").values_list("user_id", "title"):
        if kind_text in title:
            out.setdefault(user_id, []).append(title)
    return out


@pytest.mark.django_db
def test_notice_period_alert_reaches_the_parties_admins_only_each_in_their_language(
        agreement_of, parties, django_capture_on_commit_callbacks):
    agreement = agreement_of(ends_on=D(2027, 2, 28), notice_days=90, renewal=Renewal.BY_DECISION)
    assert agreement.notice_starts_on == D(2026, 11, 30)

    report = run(django_capture_on_commit_callbacks)

    assert report == {"notices": 1, "overdue": 0, "renewed": 0, "notifications": 2}
    titles = told()
    assert set(titles) == {parties["keeper_admin"].pk, parties["partner_admin"].pk}
    assert titles[parties["keeper_admin"].pk] == ["دخلت الاتفاقية «مذكرة تفاهم لتعزيز التعاون والعمل المشترك» "
                                                  "فترة الإشعار"]
    assert titles[parties["partner_admin"].pk] == ["The agreement “مذكرة تفاهم لتعزيز التعاون والعمل المشترك” "
                                                   "has entered its notice period"]
    bodies = {note.user_id: note.body for note in Notification.objects.all()}
    assert "February 2027" in bodies[parties["partner_admin"].pk]
    assert "renewed only by the parties' decision" in bodies[parties["partner_admin"].pk]
    assert "فبراير 2027" in bodies[parties["keeper_admin"].pk]
    assert "بقرار الأطراف" in bodies[parties["keeper_admin"].pk]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [parties["keeper_admin"].email, parties["partner_admin"].email])
    assert all(f"/partnerships/{agreement.pk}/" in message.body for message in mail.outbox)
    alert = PartnershipAlert.objects.get()
    assert (alert.kind, alert.key, alert.recipients) == (AlertKind.NOTICE_PERIOD, f"notice:{agreement.pk}:2026-11-30", 2)


@pytest.mark.django_db
def test_notice_period_not_announced_before_it_starts_or_after_the_end(agreement_of, django_capture_on_commit_callbacks):
    agreement_of(ends_on=D(2027, 3, 5), notice_days=90)  # notice from 2026-12-05
    agreement_of(starts_on=D(2025, 1, 1), ends_on=D(2026, 12, 1), notice_days=90)  # ended yesterday
    agreement_of(stage=Stage.DRAFT, ends_on=D(2027, 1, 1))
    assert run(django_capture_on_commit_callbacks)["notices"] == 0
    assert Notification.objects.count() == 0 and mail.outbox == []


@pytest.mark.django_db
def test_running_twice_or_a_day_later_sends_nothing_twice(agreement_of, parties, django_capture_on_commit_callbacks):
    agreement = agreement_of(ends_on=D(2027, 2, 28), notice_days=90)
    services.commitment_create(actor=parties["keeper_admin"], agreement=agreement,
                               party=agreement.parties.get(organization=parties["partner"]),
                               data={"title_ar": "تجميل الميادين العامة", "due_on": D(2026, 11, 15)})

    first = run(django_capture_on_commit_callbacks)
    notifications, mails = Notification.objects.count(), len(mail.outbox)
    again = run(django_capture_on_commit_callbacks)
    next_day = run(django_capture_on_commit_callbacks, TODAY + datetime.timedelta(days=1))

    assert (first["notices"], first["overdue"]) == (1, 1) and notifications == 3 and mails == 3
    assert again == next_day == {"notices": 0, "overdue": 0, "renewed": 0, "notifications": 0}
    assert (Notification.objects.count(), len(mail.outbox), PartnershipAlert.objects.count()) == (3, 3, 2)


@pytest.mark.django_db
def test_a_changed_end_date_is_a_new_alert(agreement_of, parties, django_capture_on_commit_callbacks):
    agreement = agreement_of(ends_on=D(2027, 2, 28), notice_days=90)
    run(django_capture_on_commit_callbacks)
    services.agreement_update(actor=parties["keeper_admin"], agreement=agreement, data={"ends_on": D(2027, 2, 20)})

    report = run(django_capture_on_commit_callbacks, TODAY + datetime.timedelta(days=3))

    assert report["notices"] == 1
    assert sorted(PartnershipAlert.objects.values_list("key", flat=True)) == [
        f"notice:{agreement.pk}:2026-11-22", f"notice:{agreement.pk}:2026-11-30"]
    assert len(told("notice period")[parties["partner_admin"].pk]) == 2


@pytest.mark.django_db
def test_overdue_commitments_reach_their_own_party_and_owner(agreement_of, parties, make_user,
                                                             django_capture_on_commit_callbacks):
    agreement = agreement_of(ends_on=D(2028, 2, 28), extra_parties=[
        services.PartySpec(name_ar="شركة معارف", role=PartyRole.PARTNER)])
    partner_party = agreement.parties.get(organization=parties["partner"])
    outside_party = agreement.parties.get(name_ar="شركة معارف")
    owner = make_user(preferred_language="en")
    admin = parties["keeper_admin"]

    def commitment(party, title, due_on, **data):
        return services.commitment_create(actor=admin, agreement=agreement, party=party,
                                          data={"title_ar": title, "due_on": due_on, **data})

    municipal = commitment(partner_party, "تجميل الميادين العامة", D(2026, 11, 15), owner=owner)
    outside = commitment(outside_party, "تجميل أسواق المرافق العامة", D(2026, 12, 1))
    commitment(partner_party, "إطلاق المبادرات النوعية", TODAY)  # due today: not yet overdue
    done = commitment(partner_party, "التوعية ونشر ثقافة التنمية المستدامة", D(2026, 10, 1))
    with freeze_time(TODAY):
        services.commitment_update_add(actor=parties["partner_admin"], commitment=done, happened_on=D(2026, 9, 30),
                                       note="نُفذت حملة التوعية", status=CommitmentStatus.DONE)

    report = run(django_capture_on_commit_callbacks)

    assert (report["overdue"], report["notifications"]) == (2, 3)
    overdue = told()
    # The municipality's commitment: its admin and its owner, not the keeper; the company's (not on the
    # platform): the keeper's admin.
    assert overdue == {
        parties["partner_admin"].pk: ["Overdue commitment: تجميل الميادين العامة"],
        owner.pk: ["Overdue commitment: تجميل الميادين العامة"],
        admin.pk: ["التزام متأخر: تجميل أسواق المرافق العامة"],
    }
    assert sorted(PartnershipAlert.objects.values_list("key", "commitment_id")) == sorted([
        (f"overdue:{municipal.pk}:2026-11-15", municipal.pk), (f"overdue:{outside.pk}:2026-12-01", outside.pk)])
    assert len(mail.outbox) == 3

    # A new due date, missed again, is a new alert; the company's is not sent again (the one due on the first
    # run's day is overdue now: the second alert of this run).
    services.commitment_edit(actor=admin, commitment=municipal, data={"due_on": D(2026, 12, 10)})
    assert run(django_capture_on_commit_callbacks, D(2026, 12, 11))["overdue"] == 2
    assert len(told("تجميل الميادين العامة")[parties["partner_admin"].pk]) == 2
    assert len(told()[admin.pk]) == 1


@pytest.mark.django_db
def test_automatic_renewal_extends_the_term_once(agreement_of, parties, django_capture_on_commit_callbacks):
    agreement = agreement_of(signed_on=D(2025, 11, 20), starts_on=D(2025, 12, 1), ends_on=D(2026, 11, 30),
                             renewal=Renewal.AUTOMATIC, notice_days=30)
    by_decision = agreement_of(signed_on=D(2025, 11, 20), starts_on=D(2025, 12, 1), ends_on=D(2026, 11, 30),
                               renewal=Renewal.BY_DECISION)

    long_lapsed = agreement_of(signed_on=D(2024, 1, 1), starts_on=D(2024, 1, 1), ends_on=D(2024, 6, 30),
                               renewal=Renewal.AUTOMATIC, notice_days=10)

    report = run(django_capture_on_commit_callbacks)
    again = run(django_capture_on_commit_callbacks)
    later = run(django_capture_on_commit_callbacks, D(2026, 12, 20))

    agreement.refresh_from_db()
    by_decision.refresh_from_db()
    assert (report["renewed"], again["renewed"], later["renewed"]) == (2, 0, 0)
    # Lapsed for almost five terms of 182 days: caught up in one run, each term in its history.
    long_lapsed.refresh_from_db()
    assert (long_lapsed.starts_on, long_lapsed.ends_on) == (D(2026, 6, 29), D(2026, 12, 27))
    assert long_lapsed.history.filter(history_change_reason="automatic renewal").count() == 5
    assert (agreement.starts_on, agreement.ends_on, agreement.stage) == (D(2026, 12, 1), D(2027, 11, 30), Stage.SIGNED)
    assert agreement.status(TODAY) == "active"
    assert (by_decision.ends_on, by_decision.status(TODAY)) == (D(2026, 11, 30), "expired")
    assert agreement.history.filter(history_change_reason="automatic renewal").count() == 1
    renewed = told("renewed automatically") | told("جُددت")
    assert set(renewed) == {parties["keeper_admin"].pk, parties["partner_admin"].pk}
    assert all(len(titles) == 2 for titles in renewed.values())  # one for each agreement renewed
    bodies = Notification.objects.filter(user=parties["partner_admin"]).values_list("body", flat=True)
    assert any("November 2027" in body for body in bodies)
    # Two renewals to two admins; on the 20th, the caught-up agreement's new notice period (from the 17th).
    assert len(mail.outbox) == 4 + 2
    assert len(told("notice period")[parties["partner_admin"].pk]) == 1


@pytest.mark.django_db
def test_a_terminated_or_renewed_agreement_is_not_announced(agreement_of, parties, django_capture_on_commit_callbacks):
    ended = agreement_of(ends_on=D(2027, 2, 28), notice_days=90, renewal=Renewal.AUTOMATIC)
    services.agreement_terminate(actor=parties["keeper_admin"], agreement=ended, terminated_on=D(2026, 11, 1),
                                 reason="انتهاء الغرض من المذكرة")
    lapsed = agreement_of(starts_on=D(2025, 1, 1), ends_on=D(2026, 11, 1), renewal=Renewal.AUTOMATIC)
    services.agreement_renew(actor=parties["keeper_admin"], agreement=lapsed, signed_on=D(2026, 10, 20),
                             ends_on=D(2028, 10, 31))
    assert run(django_capture_on_commit_callbacks) == {"notices": 0, "overdue": 0, "renewed": 0, "notifications": 0}


@pytest.mark.django_db
def test_second_run_reads_in_a_fixed_number_of_queries(agreement_of, parties, django_capture_on_commit_callbacks,
                                                       django_assert_max_num_queries):
    for day in range(8):
        agreement = agreement_of(ends_on=D(2027, 2, 20) + datetime.timedelta(days=day), notice_days=90)
        services.commitment_create(actor=parties["keeper_admin"], agreement=agreement,
                                   party=agreement.parties.first(), data={"title_ar": "إعداد خطة العمل",
                                                                          "due_on": D(2026, 11, 1)})
    assert run(django_capture_on_commit_callbacks)["notifications"] == 8 * 2 + 8
    # Per chunk: the candidates, the keys already taken; nothing per agreement when all are sent.
    with django_assert_max_num_queries(5):
        assert send_partnership_alerts(today=TODAY).notifications == 0


@pytest.mark.django_db
def test_command_queues_the_job_or_runs_it_now(agreement_of, django_capture_on_commit_callbacks, capsys):
    agreement_of(ends_on=D(2027, 2, 28), notice_days=90)
    with freeze_time(TODAY), django_capture_on_commit_callbacks(execute=True):
        call_command("send_partnership_alerts")
    assert "queued" in capsys.readouterr().out
    assert Notification.objects.count() == 2  # the suite's task backend ran it at once
    agreement_of(title_ar="اتفاقية شراكة في المسؤولية الاجتماعية", ends_on=D(2027, 2, 27), notice_days=90)
    with freeze_time(TODAY), django_capture_on_commit_callbacks(execute=True):
        call_command("send_partnership_alerts", "--now")
    assert "1 notice period(s)" in capsys.readouterr().out
    assert Notification.objects.count() == 4 and len(mail.outbox) == 4


ROUNDS = 3


@parallel
def test_two_runs_at_once_send_each_alert_once(make_agreement, make_org, make_member):
    keeper, partner = make_org(sector=Sector.NONPROFIT), make_org(sector=Sector.AUTHORITY)
    keeper_admin, partner_admin = make_member(keeper, Role.ADMIN), make_member(partner, Role.ADMIN)
    sent = 0
    for round_number in range(ROUNDS):
        today = TODAY + datetime.timedelta(days=round_number * 400)
        agreements = [make_agreement(keeper=keeper, partner=partner, actor=keeper_admin, starts_on=today,
                                     signed_on=today, ends_on=today + datetime.timedelta(days=30 + n), notice_days=60)
                      for n in range(6)]
        for agreement in agreements[:3]:
            services.commitment_create(actor=keeper_admin, agreement=agreement, party=agreement.parties.first(),
                                       data={"title_ar": "إعداد خطة العمل", "due_on": today - datetime.timedelta(days=1)})
        lapsed = make_agreement(keeper=keeper, partner=partner, actor=keeper_admin, renewal=Renewal.AUTOMATIC,
                                signed_on=today - datetime.timedelta(days=100),
                                starts_on=today - datetime.timedelta(days=100),
                                ends_on=today - datetime.timedelta(days=1))

        reports = race(*[partial(send_partnership_alerts, today=today) for _ in range(2)])

        assert sum(report.notices for report in reports) == 6, reports
        assert sum(report.overdue for report in reports) == 3, reports
        assert sum(report.renewed for report in reports) == 1, reports
        sent += 6 * 2 + 3 + 2
        assert Notification.objects.count() == sent
        assert len(mail.outbox) == sent
        assert set(Notification.objects.values_list("user_id", flat=True)) == {keeper_admin.pk, partner_admin.pk}
        lapsed = Agreement.objects.get(pk=lapsed.pk)
        assert lapsed.ends_on == today + datetime.timedelta(days=99)
        # Out of the next round's way (it would be lapsed again by then).
        services.agreement_terminate(actor=keeper_admin, agreement=lapsed, terminated_on=today, reason="انتهى الغرض")
