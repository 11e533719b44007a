"""The daily digests of participation: what happened yesterday in what each person follows.

Run by the task `moderation_tasks.participation_digests`, queued from cron by `manage.py send_participation_digests`
(`--date` for another day, `--now` to run it in the calling process).

1. The phases of published processes that started that day become `PHASE_STARTED` activity rows (once: the row's
   time is the phase's start, checked under the process's row lock, so a second or concurrent run adds nothing).
2. For each person who follows something (read in chunks by id), the activity of the day that matches a follow —
   the process followed, the idea followed, the neighbourhood followed (the activity's neighbourhood) — except their
   own activity, of published processes and ideas still visible.
3. One in-app notification, and one e-mail when one of the follows that matched asks for e-mail, per person and
   day. The `DigestDelivery` row (unique per person and day) is inserted first in the transaction that writes the
   notification and queues the mail: a second run finds it, a concurrent run waits on the unique key and then
   skips, and a run interrupted after some people sends the rest when run again.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from musharaka.core.dates import dual_date
from musharaka.core.tasks import enqueue_with_transaction
from musharaka.notifications.models import Notification
from musharaka.notifications.tasks import send_notification_mail

from .models import Activity, ActivityKind, DigestDelivery, Follow, Phase, PhaseKind, Process, ProcessStatus, Visibility
from .moderation import process_url

logger = logging.getLogger(__name__)

CHUNK = 500
MAX_LINES = 30  # lines a digest prints; the rest is counted


@dataclass
class DigestReport:
    phases: int = 0  # PHASE_STARTED rows recorded by this run
    people: int = 0  # digests sent by this run
    emails: int = 0


def day_bounds(period: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(period, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def _following_url() -> str:
    try:
        return reverse("participation:following")
    except NoReverseMatch:
        return "/participation/following/"


def record_phase_starts(period: datetime.date) -> int:
    """PHASE_STARTED activity for the phases of published processes that started on `period` (idempotent)."""
    start, end = day_bounds(period)
    phases = (Phase.objects.filter(starts_at__gte=start, starts_at__lt=end, process__status=ProcessStatus.PUBLISHED)
              .select_related("process").order_by("process_id", "starts_at"))
    names = dict(PhaseKind.choices)
    recorded = 0
    for phase in phases:
        with transaction.atomic():
            Process.objects.select_for_update().filter(pk=phase.process_id).first()
            if Activity.objects.filter(process_id=phase.process_id, kind=ActivityKind.PHASE_STARTED,
                                       created_at=phase.starts_at).exists():
                continue
            with translation.override("ar"):
                summary = f"{phase.process.title_ar}: {names[phase.kind]}"
            Activity.objects.create(process_id=phase.process_id, kind=ActivityKind.PHASE_STARTED, summary=summary[:300],
                                    url=process_url(phase.process_id), created_at=phase.starts_at)
            recorded += 1
    return recorded


def _day_activity(period: datetime.date) -> list[Activity]:
    start, end = day_bounds(period)
    return list(Activity.objects.filter(created_at__gte=start, created_at__lt=end,
                                        process__status=ProcessStatus.PUBLISHED)
                .filter(Q(idea__isnull=True) | Q(idea__visibility=Visibility.VISIBLE))
                .only("id", "process_id", "kind", "idea_id", "neighbourhood_id", "actor_id", "summary", "url",
                      "created_at")
                .order_by("created_at", "pk"))


def _digest_text(period: datetime.date, rows: list[Activity]) -> tuple[str, str]:
    kinds = dict(ActivityKind.choices)
    title = _("Your participation digest of %(date)s") % {"date": dual_date(period)}
    lines = [f"• {kinds.get(row.kind, row.kind)}: {row.summary}" for row in rows[:MAX_LINES]]
    if len(rows) > MAX_LINES:
        more = len(rows) - MAX_LINES
        lines.append(ngettext("… and %(count)d more.", "… and %(count)d more.", more) % {"count": more})
    header = ngettext("%(count)d new thing in what you follow:", "%(count)d new things in what you follow:",
                      len(rows)) % {"count": len(rows)}
    return title, "\n".join([header, *lines])


def _send_one(user, period: datetime.date, rows: list[Activity], email: bool) -> bool | None:
    """One person's digest: None when another run sent it already, else whether it went by e-mail too."""
    emailed = bool(email and user.email)
    with transaction.atomic():
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(user=user, period=period, activity_count=len(rows), emailed=emailed)
        except IntegrityError:
            return None
        with translation.override(getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE):
            title, body = _digest_text(period, rows)
        url = _following_url()
        Notification.objects.create(user=user, title=title[:300], body=body, url=url)
        if emailed:
            enqueue_with_transaction(send_notification_mail, subject=" ".join(title.split())[:300],
                                     body=f"{body}\n\n{url}", to=user.email)
    return emailed


def send_digests(*, period: datetime.date) -> DigestReport:
    report = DigestReport(phases=record_phase_starts(period))
    activity = _day_activity(period)
    if not activity:
        return report
    by_process: dict[int, list[Activity]] = defaultdict(list)
    by_idea: dict[int, list[Activity]] = defaultdict(list)
    by_neighbourhood: dict[int, list[Activity]] = defaultdict(list)
    for row in activity:
        by_process[row.process_id].append(row)
        if row.idea_id:
            by_idea[row.idea_id].append(row)
        if row.neighbourhood_id:
            by_neighbourhood[row.neighbourhood_id].append(row)
    follower_ids: list[int] = sorted(set(Follow.objects.filter(
        Q(process_id__in=list(by_process)) | Q(idea_id__in=list(by_idea))
        | Q(neighbourhood_id__in=list(by_neighbourhood))).values_list("user_id", flat=True)))
    User = get_user_model()
    for offset in range(0, len(follower_ids), CHUNK):
        chunk = follower_ids[offset:offset + CHUNK]
        done = set(DigestDelivery.objects.filter(period=period, user_id__in=chunk).values_list("user_id", flat=True))
        todo = [pk for pk in chunk if pk not in done]
        if not todo:
            continue
        follows: dict[int, list[Follow]] = defaultdict(list)
        for follow in Follow.objects.filter(user_id__in=todo).only("user_id", "process_id", "idea_id",
                                                                    "neighbourhood_id", "email"):
            follows[follow.user_id].append(follow)
        for user in User.objects.filter(pk__in=todo, is_active=True).order_by("pk"):
            matched: dict[int, Activity] = {}
            email = False
            for follow in follows[user.pk]:
                if follow.process_id:
                    rows = by_process.get(follow.process_id, [])
                elif follow.idea_id:
                    rows = by_idea.get(follow.idea_id, [])
                else:
                    rows = by_neighbourhood.get(follow.neighbourhood_id or 0, [])
                mine = [row for row in rows if row.actor_id != user.pk]
                if mine:
                    email = email or follow.email
                    matched.update((row.pk, row) for row in mine)
            if not matched:
                continue
            rows = sorted(matched.values(), key=lambda row: (row.created_at, row.pk))
            sent = _send_one(user, period, rows, email)
            if sent is not None:
                report.people += 1
                report.emails += int(sent)
    return report
