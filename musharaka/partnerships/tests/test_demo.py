"""The partnerships' part of seed_demo: the samples through the services, the register in bulk with its counters
equal to recomputed values, and the alert job over the demo sending each alert once."""

import datetime
import random

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from musharaka.core import search
from musharaka.core.management.commands.seed_demo import DemoContext
from musharaka.notifications.models import Notification
from musharaka.partnerships import demo
from musharaka.partnerships.alerts import send_partnership_alerts
from musharaka.partnerships.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    Stage,
)
from musharaka.partnerships.selectors import overdue_commitments, status_q
from musharaka.partnerships.services import SEARCH_KIND

pytestmark = pytest.mark.django_db


def check_seeded_demo():
    """Every check below, over the whole demo at scale 1 (seeded once for every module by
    core/tests/test_seed_demo.py)."""
    _samples_as_the_press_wrote_them()
    # The samples' five agreements and the Riyadh one's renewal, then the bulk.
    assert Agreement.objects.count() == len(SAMPLE_TITLES) + 1 + demo.AGREEMENTS_AT_SCALE_1
    _every_status_kind_and_sector_pair()
    _counters_equal_recomputed_values()
    _alerts_over_the_demo_sent_once()
    _bulk_part_scales_with_exact_commitments()


def _bulk_part_scales_with_exact_commitments():
    from musharaka.accounts.models import User
    from musharaka.initiatives.models import Initiative
    from musharaka.orgs.models import Organization

    ctx = DemoContext(scale=3, rng=random.Random(7), log=lambda *args: None)
    ctx.shared["organizations"] = list(Organization.objects.select_related("region", "city").order_by("pk"))
    ctx.shared["people"] = list(User.objects.order_by("pk")[:50])
    ctx.shared["initiatives"] = list(Initiative.objects.order_by("pk"))
    before, commitments = Agreement.objects.count(), Commitment.objects.count()

    assert demo._seed_bulk(ctx) == 900
    assert Agreement.objects.count() - before == 900
    assert Commitment.objects.count() - commitments == 3000  # 10 for every 3 agreements: 100,000 at scale 100
    _counters_equal_recomputed_values()


SAMPLE_TITLES = (
    "مذكرة تفاهم بين أمانة المنطقة الشرقية وشركة شباب مجتمعي الوقفية التابعة لجمعية استدامة للتنمية المستدامة",
    "اتفاقية تعاون بين أمانة المنطقة الشرقية وشركة معارف في المسؤولية الاجتماعية",
    "مذكرة تفاهم لتشغيل مراكز الأحياء وأهميتها في أنسنة المدن",
    "اتفاقية تعاون لتمكين المتطوعين وتنظيم العمل الأهلي المؤسسي في أحياء الرياض",  # the old one and its renewal
    "اتفاقية تعاون لتوثيق الشراكات وتنسيق الخدمات الاجتماعية في عنيزة",
)


def _samples_as_the_press_wrote_them():
    today = timezone.localdate()
    mou = Agreement.objects.get(title_ar=SAMPLE_TITLES[0])
    maaref = Agreement.objects.get(title_ar=SAMPLE_TITLES[1])
    for agreement in (mou, maaref):
        assert agreement.event.title_ar == "الملتقى الأول للمشاركة المجتمعية"
        assert agreement.session.kind == "signing"
        assert agreement.signed_before.startswith("معالي نائب وزير الشؤون البلدية والقروية والإسكان")
        assert agreement.organization.name_ar == "أمانة المنطقة الشرقية"
        assert set(agreement.commitments.values_list("party__position", flat=True)) == {0, 1}
        assert agreement.history.exists()  # entered through the services
    assert mou.kind == AgreementKind.MOU and maaref.kind == AgreementKind.COOPERATION
    assert list(mou.parties.values_list("organization__name_ar", flat=True)) == [
        "أمانة المنطقة الشرقية", "شركة شباب مجتمعي الوقفية"]
    outside = maaref.parties.get(position=1)
    assert (outside.organization_id, outside.name_ar) == (None, "شركة معارف")
    overdue = set(overdue_commitments(today=today).values_list("title_ar", flat=True))
    assert "تجميل المدارس التابعة للشركة" in overdue
    assert CommitmentUpdate.objects.filter(commitment__agreement__in=[mou, maaref]).count() >= 4
    centres = Agreement.objects.get(title_ar=SAMPLE_TITLES[2])
    assert centres.status(today) == AgreementStatus.EXPIRING and centres.initiatives.exists()
    old, new = Agreement.objects.filter(title_ar=SAMPLE_TITLES[3]).order_by("pk")
    assert (old.stage, new.renews_id, new.status(today)) == (Stage.RENEWED, old.pk, AgreementStatus.ACTIVE)
    draft = Agreement.objects.get(title_ar=SAMPLE_TITLES[4])
    assert draft.stage == Stage.DRAFT and draft.party_count == 4 and draft.event is not None
    found = search.matching(Agreement.objects.all(), kind=SEARCH_KIND, query="معارف")
    assert maaref in found


def _every_status_kind_and_sector_pair():
    today = timezone.localdate()
    statuses = {status for status in AgreementStatus.values
                if Agreement.objects.filter(status_q(status, today)).exists()}
    assert statuses >= {"draft", "active", "expiring", "expired", "terminated", "renewed"}
    assert set(Agreement.objects.values_list("kind", flat=True)) == set(AgreementKind.values)
    assert Agreement.objects.filter(party_sectors__contains=",").count() > 10  # agreements across sectors
    assert Agreement.objects.filter(event__isnull=False).count() >= 2
    assert Agreement.objects.filter(initiatives__isnull=False).exists()
    assert AgreementParty.objects.filter(organization__isnull=True).exists()
    assert overdue_commitments(today=today).count() >= 2
    assert Commitment.objects.filter(owner__isnull=False).exists()
    assert not Agreement.objects.filter(stage=Stage.DRAFT, is_published=True).exists()
    assert not Commitment.objects.filter(agreement__stage=Stage.DRAFT).exclude(status=CommitmentStatus.PLANNED).exists()
    assert not CommitmentUpdate.objects.filter(happened_on__gt=today).exists()
    # Every agreement and its parties are in the search index.
    assert search.matching(Agreement.objects.all(), kind=SEARCH_KIND, query="مذكرة تفاهم").count() >= 3


def _counters_equal_recomputed_values():
    recomputed = Agreement.objects.annotate(
        parties_n=Count("parties", distinct=True), commitments_n=Count("commitments", distinct=True),
        done_n=Count("commitments", filter=Q(commitments__status=CommitmentStatus.DONE), distinct=True))
    wrong = recomputed.exclude(party_count=F("parties_n"), commitment_count=F("commitments_n"),
                               commitments_done=F("done_n"))
    assert not wrong.exists(), list(wrong.values("pk", "party_count", "parties_n", "commitment_count",
                                                 "commitments_n", "commitments_done", "done_n")[:5])
    sectors: dict[int, set] = {}
    for agreement_id, sector in AgreementParty.objects.exclude(organization=None).values_list(
            "agreement_id", "organization__sector"):
        sectors.setdefault(agreement_id, set()).add(sector)
    for pk, party_sectors, ends_on, notice_days, notice_starts_on in Agreement.objects.values_list(
            "pk", "party_sectors", "ends_on", "notice_days", "notice_starts_on"):
        assert party_sectors == ",".join(sorted(sectors.get(pk, ()))), pk
        assert notice_starts_on == (ends_on - datetime.timedelta(days=notice_days) if ends_on else None), pk
    assert not Agreement.objects.filter(starts_on__gt=F("ends_on")).exists()


def _alerts_over_the_demo_sent_once():
    today = timezone.localdate()
    first = send_partnership_alerts(today=today)
    assert first.notices >= 1 and first.overdue >= 2 and first.notifications > 0
    written = Notification.objects.count()
    again = send_partnership_alerts(today=today)
    assert (again.notices, again.overdue, again.renewed, again.notifications) == (0, 0, 0, 0)
    assert Notification.objects.count() == written
