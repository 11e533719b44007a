"""Demo agreements (see core seed_demo), after the events and initiatives they link to.

First the samples, entered through the services: at the first community participation forum in Khobar, before the
deputy minister, the Eastern Province Municipality's MoU with the waqf company of the Istidama association and its
agreement with Maaref (not on the platform), each party with its commitments and some follow-up, one of them
overdue; the Madinah neighbourhood centres' MoU in its notice period (renewed automatically); a Riyadh volunteering
agreement renewed by the parties' decision; and the Unaizah coordination meeting's draft for documenting
partnerships. Then the register in bulk: 36 agreements at scale 1, 300 a scale step above it (scale 100: 30,000
with exactly 100,000 commitments), across kinds, stages, renewal modes and the parties' sectors, with commitments
(some overdue), progress updates, axes, regions, some signed at demo events and some linked to initiatives. The
bulk part writes the counters and `notice_starts_on` itself (bulk_create does not call save()).
"""

import datetime
import time
from collections import defaultdict

from django.utils import timezone

from musharaka.core import search
from musharaka.core.bulk import insert_rows
from musharaka.core.demo_words import FAMILY_NAMES, MALE_NAMES
from musharaka.orgs.models import Membership, Role, Sector
from musharaka.taxonomy.models import Axis

from . import services
from .models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    Commitment,
    CommitmentStatus,
    CommitmentUpdate,
    PartyRole,
    Renewal,
    Stage,
)
from .services import SEARCH_KIND, PartySpec

AGREEMENTS_AT_SCALE_1 = 36
AGREEMENTS_PER_SCALE = 300
# Commitments per agreement, in turn: 3, 3, 4 (10 for every 3 agreements: 30,000 agreements, 100,000 commitments).
COMMITMENT_CYCLE = (3, 3, 4)
DEPUTY_MINISTER = "معالي نائب وزير الشؤون البلدية والقروية والإسكان المهندس عبد الله بن محمد البدير"
KHOBAR_FORUM = "الملتقى الأول للمشاركة المجتمعية"
UNAIZAH_MEETING = "لقاء تنسيقي بين البلدية ووزارة الموارد البشرية والتنمية الاجتماعية والجمعيات الأهلية"

# (theme in Arabic, in English): what the samples' agreements are about.
THEMES = [
    ("المشاركة المجتمعية", "community participation"),
    ("تمكين القطاع غير الربحي", "enabling the non-profit sector"),
    ("التنمية المستدامة", "sustainable development"),
    ("المسؤولية الاجتماعية", "social responsibility"),
    ("تشغيل مراكز الأحياء", "running neighbourhood centres"),
    ("العمل التطوعي", "volunteering"),
    ("جودة الحياة", "quality of life"),
    ("أنسنة المدن", "humanising cities"),
    ("الإسكان التنموي", "developmental housing"),
    ("الاستثمار الاجتماعي", "social investment"),
    ("قياس الأثر الاجتماعي", "social impact measurement"),
    ("تحسين المشهد الحضري", "improving the urban landscape"),
]
TITLES = {
    AgreementKind.MOU: ("مذكرة تفاهم بين {a} و{b} في مجال {theme}", "MoU between {a} and {b} on {theme}"),
    AgreementKind.COOPERATION: ("اتفاقية تعاون بين {a} و{b} لتعزيز {theme}",
                                "Cooperation agreement between {a} and {b} on {theme}"),
    AgreementKind.CONTRACT: ("عقد شراكة لتنفيذ برامج {theme} بين {a} و{b}",
                             "Partnership contract for {theme} programmes between {a} and {b}"),
    AgreementKind.LETTER_OF_INTENT: ("خطاب نوايا للتعاون في {theme} بين {a} و{b}",
                                     "Letter of intent on {theme} between {a} and {b}"),
}
KIND_WEIGHTS = [(AgreementKind.MOU, 50), (AgreementKind.COOPERATION, 25), (AgreementKind.CONTRACT, 15),
                (AgreementKind.LETTER_OF_INTENT, 10)]
OBJECTIVES = [
    "تعزيز التعاون والعمل المشترك في سبيل الإسهام لتحقيق أهداف التنمية الوطنية، وإطلاق المبادرات النوعية وخدمة "
    "المجتمع.",
    "تعزيز جودة الأعمال والمشاريع في القطاع غير الربحي ورفع كفاءة مخرجاتها، والتوعية ونشر ثقافة التنمية المستدامة.",
    "تحقيق أهداف المسؤولية الاجتماعية من خطط واستراتيجيات وبرامج، من خلال تجميل الميادين العامة وأسواق المرافق "
    "العامة والمدارس.",
    "تشغيل مراكز الأحياء وتفعيل دورها في أنسنة المدن وتحقيق مستهدفات رؤية المملكة 2030 في المشاركة المجتمعية.",
    "تمكين المتطوعين وتنظيم العمل الأهلي المؤسسي وتوسيع قاعدة العمل التطوعي المؤسسي في الأحياء.",
    "تبادل الخبرات واستعراض التجارب الناجحة، ونقل المبادرات الملهمة وتكييفها على المستوى المحلي.",
    "الإسهام في الرصد والرقابة وتحسين المشهد الحضري عبر المنصات الرقمية للمشاركة المجتمعية.",
]
PLACES = ["مقر {keeper}", "قاعة الاجتماعات في {city}", "الغرفة التجارية في {city}", "مركز المؤتمرات في {city}",
          "فندق حياة جراند بمحافظة الخبر", "مركز الملك سلمان الدولي للمؤتمرات بالمدينة المنورة", "فندق هيلتون الرياض"]
WITNESSES = ["معالي نائب وزير الشؤون البلدية والقروية والإسكان", "سعادة وكيل الوزارة للمشاركة المجتمعية",
             "صاحب السمو أمير المنطقة", "سعادة أمين المنطقة"]
SIGNATORY_TITLES = {
    Sector.AUTHORITY: "أمين المنطقة", Sector.GOVERNMENT: "مدير عام الفرع", Sector.NONPROFIT: "رئيس مجلس الإدارة",
    Sector.PRIVATE: "الرئيس التنفيذي", Sector.ACADEMIC_EXPERT: "وكيل الجامعة للشراكات المجتمعية",
}
# Parties from the press that are not on the platform (private companies, mostly).
OUTSIDE_PARTIES = [("شركة معارف", "Maaref Company"), ("شركة الفوزان لخدمة المجتمع", "Alfozan Community Services"),
                   ("شركة المدن الذكية للحلول الرقمية", "Smart Cities Digital Solutions"),
                   ("مؤسسة مجسم وطن", "Mujassam Watan Foundation")]
COMMITMENTS = [
    "إطلاق المبادرات النوعية وخدمة المجتمع", "تجميل الميادين العامة", "تأهيل أسواق المرافق العامة",
    "تجميل المدارس التابعة للشركة", "تنظيم حملات التوعية ونشر ثقافة التنمية المستدامة",
    "تقديم الدعم الفني لرفع كفاءة مخرجات مشاريع القطاع غير الربحي", "توفير القاعات والمرافق للبرامج المجتمعية",
    "تدريب المتطوعين وتأهيلهم", "إعداد تقرير قياس الأثر الاجتماعي", "تشغيل مركز الحي وتفعيل برامجه",
    "تمويل المبادرات التطوعية في الأحياء", "إعداد خطة عمل مشتركة وجدول زمني للتنفيذ",
    "تسمية منسق للشراكة من كل طرف", "رفع تقارير المتابعة الربع سنوية", "إتاحة البيانات اللازمة عبر المنصة الرقمية",
]
UNITS = ["إدارة الشراكات", "إدارة المسؤولية الاجتماعية", "وكالة الخدمات", "إدارة البرامج المجتمعية", "إدارة التطوع"]
NOTES = {
    CommitmentStatus.DONE: ["اكتمل التنفيذ وسُلم التقرير الختامي إلى الأطراف", "نُفذت الحملة بمشاركة 120 متطوعًا"],
    CommitmentStatus.IN_PROGRESS: ["عُقد اجتماع التنسيق الأول وأُقرت خطة العمل", "اكتملت المرحلة الأولى من التنفيذ"],
    CommitmentStatus.DELAYED: ["تأخر التنفيذ بانتظار اعتماد الميزانية", "أُجل التنفيذ لحين استكمال التصاريح"],
}


def seed(ctx) -> None:
    samples = _samples(ctx)
    count = _seed_bulk(ctx)
    ctx.log(f"  {Agreement.objects.count()} agreements ({len(samples)} from the samples, {count} in bulk), "
            f"{Commitment.objects.count()} commitments, {CommitmentUpdate.objects.count()} progress updates")


# ---------------------------------------------------------------- the samples, through the services


def _organization(ctx, name_ar: str, name_en: str, sector: str, city_name: str):
    from musharaka.events.demo import _organization as events_organization

    return events_organization(ctx, name_ar, name_en, sector, city_name)


def _admin(org):
    return Membership.objects.filter(organization=org, role=Role.ADMIN).select_related("user").first().user


def _commit(actor, agreement, party, title: str, due_on: datetime.date, **data):
    return services.commitment_create(actor=actor, agreement=agreement, party=party,
                                      data={"title_ar": title, "due_on": due_on, **data})


def _follow_up(actor, commitment, happened_on: datetime.date, note: str, status: str, progress: int | None = None):
    services.commitment_update_add(actor=actor, commitment=commitment, happened_on=happened_on, note=note,
                                   status=status, progress=progress)


def _samples(ctx) -> list[Agreement]:
    from musharaka.events.models import Event, SessionKind

    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    axes = {axis.code: axis for axis in Axis.objects.all()}
    some_axes = list(axes.values())
    agreements = []

    # 1 and 2. The Khobar forum's second day: two agreements before the deputy minister.
    amanah = _organization(ctx, "أمانة المنطقة الشرقية", "Eastern Province Municipality", Sector.AUTHORITY, "الخبر")
    waqf = _organization(ctx, "شركة شباب مجتمعي الوقفية", "Shabab Mujtamai Waqf Company", Sector.NONPROFIT, "الخبر")
    actor = _admin(amanah)
    forum = Event.objects.filter(title_ar=KHOBAR_FORUM).first()
    session = forum.sessions.filter(kind=SessionKind.SIGNING).first() if forum else None
    signed = (timezone.localtime(session.starts_at).date() if session else today - 38 * day)
    mou = services.agreement_create(actor=actor, organization=amanah, data={
        "kind": AgreementKind.MOU, "stage": Stage.SIGNED, "is_published": True,
        "title_ar": "مذكرة تفاهم بين أمانة المنطقة الشرقية وشركة شباب مجتمعي الوقفية التابعة لجمعية استدامة للتنمية "
                    "المستدامة",
        "title_en": "MoU between the Eastern Province Municipality and the Shabab Mujtamai waqf company of the "
                    "Istidama Association for Sustainable Development",
        "objectives_ar": "تعزيز التعاون والعمل المشترك في سبيل الإسهام لتحقيق أهداف التنمية الوطنية، وإطلاق المبادرات "
                         "النوعية وخدمة المجتمع، وتعزيز جودة الأعمال والمشاريع في القطاع غير الربحي ورفع كفاءة "
                         "مخرجاتها، والتوعية ونشر ثقافة التنمية المستدامة.",
        "signed_on": signed, "signed_place": "فندق حياة جراند بمحافظة الخبر", "signed_before": DEPUTY_MINISTER,
        "event": forum, "session": session, "starts_on": signed, "ends_on": signed + (3 * 365 - 1) * day,
        "renewal": Renewal.BY_DECISION, "notice_days": 90,
    }, parties=[
        PartySpec(organization=amanah, role=PartyRole.FIRST_PARTY, signatory_name="المهندس فهد بن محمد الجبير",
                  signatory_title="أمين المنطقة الشرقية"),
        PartySpec(organization=waqf, role=PartyRole.SECOND_PARTY, signatory_name="سلطان بن عبدالله العتيبي",
                  signatory_title="الرئيس التنفيذي لشركة شباب مجتمعي الوقفية"),
    ], axes=[axes[code] for code in list(axes)[:2]], regions=[amanah.region])
    first, second = mou.parties.order_by("position")
    coordinator = _commit(actor, mou, first, "تسمية منسق للشراكة من الأمانة ومتابعة التنفيذ", signed + 14 * day,
                          owner_name="إدارة الشراكات والمسؤولية الاجتماعية")
    _commit(actor, mou, first, "توفير المواقع والميادين العامة لإطلاق المبادرات النوعية", signed + 180 * day,
            owner_name="وكالة الخدمات")
    awareness = _commit(actor, mou, second, "تنظيم برنامج توعوي لنشر ثقافة التنمية المستدامة في أحياء الخبر",
                        signed + 21 * day, owner=_admin(waqf))
    _commit(actor, mou, second, "إطلاق مبادرات نوعية لخدمة المجتمع في أحياء الخبر", signed + 365 * day)
    _follow_up(actor, coordinator, min(signed + 10 * day, today), "سُمي مدير إدارة الشراكات منسقًا للمذكرة",
               CommitmentStatus.DONE)
    if signed + 21 * day < today:  # the waqf company's awareness programme is overdue: the alerts' example
        _follow_up(_admin(waqf), awareness, min(signed + 7 * day, today), "أُعدت خطة البرنامج التوعوي",
                   CommitmentStatus.IN_PROGRESS, 30)
    agreements.append(mou)

    maaref = services.agreement_create(actor=actor, organization=amanah, data={
        "kind": AgreementKind.COOPERATION, "stage": Stage.SIGNED, "is_published": True,
        "title_ar": "اتفاقية تعاون بين أمانة المنطقة الشرقية وشركة معارف في المسؤولية الاجتماعية",
        "title_en": "Cooperation agreement between the Eastern Province Municipality and Maaref on social "
                    "responsibility",
        "objectives_ar": "تحقيق أهداف المسؤولية الاجتماعية من خطط واستراتيجيات وبرامج، من خلال الشراكة في تعزيز "
                         "التعاون والعمل المشترك لأهداف التنمية الوطنية، وإطلاق المبادرات النوعية وخدمة المجتمع، "
                         "وتجميل الميادين العامة وأسواق المرافق العامة والمدارس التابعة للشركة.",
        "signed_on": signed, "signed_place": "فندق حياة جراند بمحافظة الخبر", "signed_before": DEPUTY_MINISTER,
        "event": forum, "session": session, "starts_on": signed, "ends_on": signed + (2 * 365 - 1) * day,
        "renewal": Renewal.AUTOMATIC, "notice_days": 60,
    }, parties=[
        PartySpec(organization=amanah, role=PartyRole.FIRST_PARTY, signatory_name="المهندس فهد بن محمد الجبير",
                  signatory_title="أمين المنطقة الشرقية"),
        PartySpec(name_ar="شركة معارف", name_en="Maaref Company", role=PartyRole.SECOND_PARTY,
                  signatory_name="خالد بن سعود الدوسري", signatory_title="الرئيس التنفيذي"),
    ], axes=some_axes[3:4], regions=[amanah.region])
    first, second = maaref.parties.order_by("position")
    sites = _commit(actor, maaref, first, "تحديد الميادين العامة وأسواق المرافق المستهدفة بالتجميل", signed + 14 * day)
    squares = _commit(actor, maaref, second, "تجميل الميادين العامة وأسواق المرافق العامة", signed + 240 * day)
    schools = _commit(actor, maaref, second, "تجميل المدارس التابعة للشركة", signed + 30 * day)
    _follow_up(actor, sites, min(signed + 12 * day, today), "حُددت ثلاثة ميادين وسوقان في الخبر والدمام",
               CommitmentStatus.DONE)
    _follow_up(actor, squares, min(signed + 20 * day, today), "بدأت أعمال التجميل في الميدان الأول",
               CommitmentStatus.IN_PROGRESS, 25)
    _follow_up(actor, schools, min(signed + 25 * day, today), "تأخر التنفيذ لحين انتهاء الفصل الدراسي",
               CommitmentStatus.DELAYED, 10)
    agreements.append(maaref)

    # 3. The Madinah neighbourhood centres: an MoU in its notice period, renewed automatically at its end.
    emirate = _organization(ctx, "إمارة منطقة المدينة المنورة", "Madinah Region Emirate", Sector.AUTHORITY,
                            "المدينة المنورة")
    centres = _organization(ctx, "مراكز الأحياء بالمدينة المنورة", "Madinah Neighbourhood Centres", Sector.NONPROFIT,
                            "المدينة المنورة")
    actor = _admin(emirate)
    begun = today - 700 * day
    initiatives = [item for item in ctx.shared.get("initiatives", []) if item.region_id == emirate.region_id][:2]
    centres_mou = services.agreement_create(actor=actor, organization=emirate, data={
        "kind": AgreementKind.MOU, "stage": Stage.SIGNED, "is_published": True,
        "title_ar": "مذكرة تفاهم لتشغيل مراكز الأحياء وأهميتها في أنسنة المدن",
        "title_en": "MoU on running neighbourhood centres and humanising cities",
        "objectives_ar": OBJECTIVES[3], "signed_on": begun, "signed_place": "مقر الإمارة بالمدينة المنورة",
        "starts_on": begun, "ends_on": today + 30 * day, "renewal": Renewal.AUTOMATIC, "notice_days": 60,
    }, parties=[
        PartySpec(organization=emirate, role=PartyRole.SUPERVISOR),
        PartySpec(organization=centres, role=PartyRole.IMPLEMENTER, signatory_name="الدكتور سمير المغامسي",
                  signatory_title="أمين عام مراكز الأحياء بالمدينة المنورة"),
    ], axes=some_axes[:1], regions=[emirate.region], initiatives=initiatives)
    first, second = centres_mou.parties.order_by("position")
    _commit(actor, centres_mou, first, "رفع تقارير المتابعة الربع سنوية", today + 20 * day)
    report = _commit(actor, centres_mou, second, "إعداد تقرير قياس الأثر الاجتماعي لمراكز الأحياء", today - 10 * day)
    _follow_up(_admin(centres), report, today - 40 * day, "جُمعت بيانات المستفيدين من اثني عشر مركزًا",
               CommitmentStatus.IN_PROGRESS, 60)
    agreements.append(centres_mou)

    # 4. Riyadh: a volunteering agreement that ended and was renewed by the parties' decision.
    riyadh = _organization(ctx, "أمانة منطقة الرياض", "Riyadh Region Municipality", Sector.AUTHORITY, "الرياض")
    association = _organization(ctx, "جمعية عزوة للعمل التطوعي", "Azwa Volunteering Association", Sector.NONPROFIT,
                                "الرياض")
    actor = _admin(riyadh)
    old_start = today - 800 * day
    volunteering = services.agreement_create(actor=actor, organization=riyadh, data={
        "kind": AgreementKind.COOPERATION, "stage": Stage.SIGNED, "is_published": True,
        "title_ar": "اتفاقية تعاون لتمكين المتطوعين وتنظيم العمل الأهلي المؤسسي في أحياء الرياض",
        "title_en": "Cooperation agreement on enabling volunteers in Riyadh's neighbourhoods",
        "objectives_ar": OBJECTIVES[4], "signed_on": old_start, "signed_place": "فندق هيلتون الرياض",
        "starts_on": old_start, "ends_on": today - 70 * day, "renewal": Renewal.BY_DECISION, "notice_days": 90,
    }, parties=[PartySpec(organization=riyadh, role=PartyRole.FIRST_PARTY),
                PartySpec(organization=association, role=PartyRole.SECOND_PARTY)],
        axes=some_axes[4:5], regions=[riyadh.region])
    first, second = volunteering.parties.order_by("position")
    trained = _commit(actor, volunteering, second, "تدريب المتطوعين وتأهيلهم", today - 400 * day)
    _follow_up(_admin(association), trained, today - 420 * day, "دُرب 300 متطوع ومتطوعة", CommitmentStatus.DONE)
    _commit(actor, volunteering, first, "توفير القاعات والمرافق لإقامة البرامج التطوعية", today + 90 * day)
    agreements.append(services.agreement_renew(actor=actor, agreement=volunteering, signed_on=today - 75 * day,
                                               ends_on=today + 660 * day))

    # 5. Unaizah: the coordination meeting's draft, to document the partnerships (a draft: its parties see it).
    municipality = _organization(ctx, "بلدية عنيزة", "Unaizah Municipality", Sector.AUTHORITY, "عنيزة")
    ministry = _organization(ctx, "فرع وزارة الموارد البشرية والتنمية الاجتماعية بمنطقة القصيم",
                             "Ministry of Human Resources and Social Development, Al-Qassim branch", Sector.GOVERNMENT,
                             "بريدة")
    associations = [_organization(ctx, name, name_en, Sector.NONPROFIT, "عنيزة") for name, name_en in (
        ("جمعية البر الخيرية بعنيزة", "Al-Birr Charity Association, Unaizah"),
        ("جمعية التنمية الأهلية بعنيزة", "Unaizah Community Development Association"))]
    actor = _admin(municipality)
    meeting = Event.objects.filter(title_ar=UNAIZAH_MEETING).first()
    draft = services.agreement_create(actor=actor, organization=municipality, data={
        "kind": AgreementKind.COOPERATION, "stage": Stage.DRAFT,
        "title_ar": "اتفاقية تعاون لتوثيق الشراكات وتنسيق الخدمات الاجتماعية في عنيزة",
        "title_en": "Cooperation agreement documenting partnerships and coordinating social services in Unaizah",
        "objectives_ar": "توثيق الشراكات بين البلدية والوزارة والجمعيات الأهلية، وتنسيق الخدمات الاجتماعية في الأحياء.",
        "event": meeting, "starts_on": today + 30 * day, "ends_on": today + 395 * day, "renewal": Renewal.BY_DECISION,
    }, parties=[PartySpec(organization=municipality, role=PartyRole.FIRST_PARTY),
                PartySpec(organization=ministry, role=PartyRole.SUPERVISOR),
                *(PartySpec(organization=item, role=PartyRole.PARTNER) for item in associations)],
        axes=some_axes[2:3], regions=[municipality.region])
    parties = list(draft.parties.order_by("position"))
    _commit(actor, draft, parties[0], "إعداد سجل موحد للشراكات القائمة", today + 60 * day)
    _commit(actor, draft, parties[2], "حصر المستفيدين من برامج الجمعية", today + 90 * day)
    agreements.append(draft)
    return agreements


# ---------------------------------------------------------------- the register in bulk


def _date_in(rng, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _commitment_status(rng, *, draft: bool, started: bool, past_due: bool) -> tuple[str, int]:
    if draft or not started:
        return CommitmentStatus.PLANNED, 0
    roll = rng.random()
    if past_due:  # about one in four past due is still open: the overdue ones
        if roll < 0.68:
            return CommitmentStatus.DONE, 100
        if roll < 0.80:
            return CommitmentStatus.IN_PROGRESS, rng.randint(10, 90)
        if roll < 0.88:
            return CommitmentStatus.DELAYED, rng.randint(5, 60)
        if roll < 0.95:
            return CommitmentStatus.PLANNED, 0
        return CommitmentStatus.CANCELLED, rng.randint(0, 30)
    if roll < 0.5:
        return CommitmentStatus.PLANNED, 0
    if roll < 0.85:
        return CommitmentStatus.IN_PROGRESS, rng.randint(10, 90)
    if roll < 0.92:
        return CommitmentStatus.DELAYED, rng.randint(5, 60)
    return CommitmentStatus.DONE, 100


def _ids_from(model, first_agreement_id: int, count: int) -> list[int]:
    """The ids of the rows just inserted for the bulk agreements, in insertion order."""
    ids = list(model.objects.filter(agreement_id__gte=first_agreement_id).order_by("pk").values_list("pk", flat=True))
    if len(ids) != count:  # another writer meanwhile: seed_demo writes into a database of its own
        raise RuntimeError(f"{model.__name__}: {len(ids)} rows where {count} were inserted")
    return ids


def _seed_bulk(ctx) -> int:
    from musharaka.events.models import Event

    started = time.monotonic()
    rng = ctx.rng
    count = AGREEMENTS_AT_SCALE_1 if ctx.scale == 1 else AGREEMENTS_PER_SCALE * ctx.scale
    organizations = ctx.shared["organizations"]
    people = ctx.shared["people"]
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    axes = list(Axis.objects.values_list("pk", flat=True))
    admins: dict[int, int] = {}
    for org_id, user_id in Membership.objects.filter(role=Role.ADMIN).order_by("pk").values_list(
            "organization_id", "user_id"):
        admins.setdefault(org_id, user_id)
    now = timezone.now()
    events = [(pk, org_id, timezone.localtime(starts_at).date()) for pk, org_id, starts_at in Event.objects.filter(
        is_published=True, starts_at__lt=now).order_by("pk").values_list("pk", "organization_id", "starts_at")]
    by_org = {org.pk: org for org in organizations}
    initiatives_of: dict[int, list[int]] = defaultdict(list)
    all_initiatives = [item.pk for item in ctx.shared.get("initiatives", [])]
    for item in ctx.shared.get("initiatives", []):
        initiatives_of[item.lead_organization_id].append(item.pk)
    kinds = [kind for kind, _weight in KIND_WEIGHTS]
    kind_weights = [weight for _kind, weight in KIND_WEIGHTS]

    agreements: list[Agreement] = []
    plans: list[dict] = []
    for index in range(count):
        # Every kind, and drafts and terminations in a fixed share, whatever the random draws (scale 1 is small).
        kind = kinds[index] if index < len(kinds) else rng.choices(kinds, weights=kind_weights)[0]
        stage = {0: Stage.DRAFT, 7: Stage.TERMINATED}.get(index % 12, Stage.SIGNED)
        event = None
        if events and stage != Stage.DRAFT and rng.random() < 0.08:  # signed at a demo event, kept by its organiser
            event = events[rng.randrange(len(events))]
            keeper = by_org.get(event[1]) or organizations[rng.randrange(len(organizations))]
        else:
            keeper = organizations[rng.randrange(len(organizations))]
        partners = []
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            other = organizations[rng.randrange(len(organizations))]
            if other.pk != keeper.pk and other not in partners:
                partners.append(other)
        outside: tuple[str, str] | None = None
        if not partners or rng.random() < 0.12:
            outside = OUTSIDE_PARTIES[rng.randrange(len(OUTSIDE_PARTIES))]
        theme_ar, theme_en = THEMES[rng.randrange(len(THEMES))]
        second_ar, second_en = (partners[0].name_ar, partners[0].name_en) if partners else (
            outside or OUTSIDE_PARTIES[0])
        title_ar, title_en = TITLES[kind]
        signed_on: datetime.date | None
        if stage == Stage.DRAFT:
            signed_on, starts_on = None, today + rng.randint(15, 120) * day
        elif event is not None:
            signed_on = starts_on = event[2]
        else:
            signed_on = today - rng.randint(0, 5 * 365) * day
            starts_on = signed_on + rng.choice((0, 0, 0, 1, 15, 30, 60)) * day
        years = rng.choice((1, 2, 2, 3, 3, 5))
        ends_on = None if kind == AgreementKind.LETTER_OF_INTENT and rng.random() < 0.5 else (
            starts_on + datetime.timedelta(days=365 * years - 1))
        renewal = Renewal.NONE if ends_on is None else rng.choices(
            (Renewal.NONE, Renewal.AUTOMATIC, Renewal.BY_DECISION), weights=(40, 25, 35))[0]
        notice_days = rng.choice((30, 60, 90, 90, 90, 180))
        while stage == Stage.SIGNED and renewal == Renewal.AUTOMATIC and ends_on is not None and ends_on < today:
            # Renewed term by term, as the daily alert job would have done (alerts.py).
            starts_on, ends_on = ends_on + day, ends_on + day + (ends_on - starts_on)
        terminated_on = None
        if stage == Stage.TERMINATED:
            terminated_on = min(today, _date_in(rng, starts_on, ends_on or today))
        city = keeper.city.name_ar if keeper.city_id else keeper.region.name_ar
        agreement = Agreement(
            organization_id=keeper.pk, kind=kind, title_ar=title_ar.format(a=keeper.name_ar, b=second_ar,
                                                                           theme=theme_ar)[:300],
            title_en=title_en.format(a=keeper.name_en or keeper.name_ar, b=second_en or second_ar, theme=theme_en)[:300],
            objectives_ar=OBJECTIVES[rng.randrange(len(OBJECTIVES))], stage=stage, signed_on=signed_on,
            signed_place="" if signed_on is None else rng.choice(PLACES).format(keeper=keeper.name_ar, city=city)[:250],
            signed_before=rng.choice(WITNESSES) if signed_on and rng.random() < 0.2 else "",
            event_id=event[0] if event else None, starts_on=starts_on, ends_on=ends_on, renewal=renewal,
            notice_days=notice_days,
            # bulk_create does not call save(): the notice date is written here, as save() would.
            notice_starts_on=ends_on - datetime.timedelta(days=notice_days) if ends_on else None,
            terminated_on=terminated_on,
            termination_reason="انتهى الغرض من الاتفاقية باتفاق الأطراف" if terminated_on else "",
            is_published=stage != Stage.DRAFT and rng.random() < 0.75,
            created_by_id=admins.get(keeper.pk) or people[rng.randrange(len(people))].pk,
        )
        # Parties: (organisation or None, name_ar, name_en, role); the keeper first.
        # The authority signs as the first party; the other of the two main parties is the second.
        first = keeper.sector == Sector.AUTHORITY
        parties = [(keeper, "", "", PartyRole.FIRST_PARTY if first else PartyRole.SECOND_PARTY)]
        others = [(org, "", "") for org in partners] + ([(None, *outside)] if outside else [])
        for position, (org, name_ar, name_en) in enumerate(others):
            role = (PartyRole.SECOND_PARTY if first else PartyRole.FIRST_PARTY) if position == 0 else rng.choice(
                (PartyRole.PARTNER, PartyRole.IMPLEMENTER, PartyRole.FUNDER, PartyRole.SUPERVISOR))
            parties.append((org, name_ar, name_en, role))
        agreement.party_count = len(parties)
        agreement.party_sectors = ",".join(sorted({org.sector for org, *_rest in parties if org is not None}))

        commitments = []
        end = ends_on or starts_on + 720 * day
        for number in range(COMMITMENT_CYCLE[index % len(COMMITMENT_CYCLE)]):
            party_index = number % len(parties)
            due_on = _date_in(rng, starts_on + 14 * day, end)
            status, progress = _commitment_status(rng, draft=stage == Stage.DRAFT, started=starts_on <= today,
                                                  past_due=due_on < today)
            party_org = parties[party_index][0]
            commitments.append({
                "party": party_index, "title_ar": COMMITMENTS[rng.randrange(len(COMMITMENTS))], "due_on": due_on,
                "status": status, "progress": progress, "position": number,
                "completed_on": min(due_on, today) - rng.randint(0, 15) * day if status == CommitmentStatus.DONE
                else None,
                "owner_id": admins.get(party_org.pk) if party_org is not None and rng.random() < 0.2 else None,
                "owner_name": rng.choice(UNITS) if rng.random() < 0.5 else "",
            })
        agreement.commitment_count = len(commitments)
        agreement.commitments_done = sum(1 for item in commitments if item["status"] == CommitmentStatus.DONE)
        linked = []
        if stage != Stage.DRAFT and rng.random() < 0.12:
            own = initiatives_of.get(keeper.pk) or all_initiatives
            if own:
                linked = sorted(set(rng.sample(own, min(len(own), rng.choice((1, 1, 2))))))
        regions = sorted({keeper.region_id, *(org.region_id for org in partners[:1])})
        agreements.append(agreement)
        plans.append({"parties": parties, "commitments": commitments, "regions": regions, "initiatives": linked,
                      "axes": rng.sample(axes, rng.choice((1, 1, 2))) if axes else []})

    planned = time.monotonic()
    Agreement.objects.bulk_create(agreements, batch_size=2000)  # with their primary keys (SQLite and PostgreSQL)
    # Parties and commitments as plain rows (several times faster than model instances at 100,000 rows); their ids
    # are read back in insertion order: seed_demo writes alone into a new database.
    party_rows: list[tuple] = []
    axis_rows, region_rows, initiative_rows = [], [], []
    for agreement, plan in zip(agreements, plans, strict=True):
        for position, (org, name_ar, name_en, role) in enumerate(plan["parties"]):
            signatory = "" if agreement.stage == Stage.DRAFT else f"{rng.choice(MALE_NAMES)} {rng.choice(FAMILY_NAMES)}"
            party_rows.append((agreement.pk, org.pk if org else None, name_ar, name_en, role, signatory,
                               SIGNATORY_TITLES.get(org.sector if org else Sector.PRIVATE, ""), position, now, now))
        axis_rows += [(agreement.pk, axis_id) for axis_id in plan["axes"]]
        region_rows += [(agreement.pk, region_id) for region_id in plan["regions"]]
        initiative_rows += [(agreement.pk, initiative_id) for initiative_id in plan["initiatives"]]
    insert_rows(AgreementParty, ["agreement_id", "organization_id", "name_ar", "name_en", "role", "signatory_name",
                                 "signatory_title", "position", "created_at", "updated_at"], party_rows)
    party_ids = _ids_from(AgreementParty, agreements[0].pk, len(party_rows))
    insert_rows(Agreement.axes.through, ["agreement_id", "axis_id"], axis_rows)
    insert_rows(Agreement.regions.through, ["agreement_id", "region_id"], region_rows)
    insert_rows(Agreement.initiatives.through, ["agreement_id", "initiative_id"], initiative_rows)

    commitment_rows: list[tuple] = []
    # (index in commitment_rows, its plan, the agreement's start, the author: an admin of the party following it up)
    follow_ups: list[tuple[int, dict, datetime.date, int | None]] = []
    next_party = 0
    for agreement, plan in zip(agreements, plans, strict=True):
        first_party = next_party
        next_party += len(plan["parties"])
        for item in plan["commitments"]:
            party = first_party + item["party"]
            commitment_rows.append((agreement.pk, party_ids[party], item["title_ar"], "", "", item["due_on"],
                                    item["owner_name"], item["owner_id"], item["status"], item["progress"],
                                    item["completed_on"], item["position"], now, now))
            if item["status"] in NOTES and rng.random() < 0.6:
                answerable = party_rows[party][1] or agreement.organization_id
                follow_ups.append((len(commitment_rows) - 1, item, agreement.starts_on or today, admins.get(answerable)))
    insert_rows(Commitment, ["agreement_id", "party_id", "title_ar", "title_en", "description", "due_on", "owner_name",
                             "owner_id", "status", "progress", "completed_on", "position", "created_at", "updated_at"],
                commitment_rows)
    commitment_ids = _ids_from(Commitment, agreements[0].pk, len(commitment_rows))
    update_rows = []
    for position, item, starts_on, author_id in follow_ups:
        last = min(today, item["completed_on"] or today)
        happened = [_date_in(rng, min(starts_on, last), last)]
        if rng.random() < 0.4:  # an earlier note, in progress, before the latest one
            happened.insert(0, _date_in(rng, min(starts_on, happened[0]), happened[0]))
        for number, happened_on in enumerate(happened):
            latest = number == len(happened) - 1
            status = item["status"] if latest else CommitmentStatus.IN_PROGRESS
            progress = item["progress"] if latest else max(5, item["progress"] // 2)
            notes = NOTES[status]
            update_rows.append((commitment_ids[position], happened_on, notes[rng.randrange(len(notes))], status, progress, "", "",
                                author_id, now))
    insert_rows(CommitmentUpdate, ["commitment_id", "happened_on", "note", "status", "progress", "evidence",
                                   "evidence_type", "author_id", "created_at"], update_rows)

    written = time.monotonic()
    names: defaultdict[int, list[str]] = defaultdict(list)
    for agreement_id, org_id, name_ar, name_en, _role, signatory, *_rest in party_rows:
        if org_id:
            names[agreement_id] += [by_org[org_id].name_ar, by_org[org_id].name_en]
        names[agreement_id] += [name_ar, name_en, signatory]
    search.index_many(SEARCH_KIND, ((agreement.pk, (
        agreement.title_ar, agreement.title_en, agreement.objectives_ar, agreement.signed_place,
        agreement.signed_before, " ".join(name for name in names[agreement.pk] if name))) for agreement in agreements),
        fresh=True)
    ctx.log(f"  bulk agreements: planned in {planned - started:.1f}s, written in {written - planned:.1f}s, "
            f"indexed for search in {time.monotonic() - written:.1f}s")
    return len(agreements)
