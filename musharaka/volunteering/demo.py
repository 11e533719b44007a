"""Demo volunteering (see core seed_demo), after the organisations, initiatives and events.

First a handful of samples through the services, in the words of the forums in shared/samples (volunteer campaigns
for the urban landscape, community health days, teaching, Ramadan baskets): shifts, applications accepted,
waitlisted and declined, hours verified, pending and rejected, a certificate, and the demo volunteer account
`volunteer` (the demo password). Then, in bulk, 10,000 hour entries a scale step (scale 100: 1,000,000) with the
opportunities, shifts and applications they belong to in proportion (about 100 entries an opportunity): every entry is
logged by an accepted volunteer of its shift, the seats and the pending count each row keeps are computed from the
applications written, and `HoursTally` is computed from the verified entries by the same grouping the services keep
on write (year, organisation, region, axis). Published opportunities are indexed for search.
"""

import datetime
import time
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from musharaka.core import search
from musharaka.core.bulk import insert_rows
from musharaka.geo.models import Neighbourhood
from musharaka.taxonomy.models import Axis

from .models import (
    Application,
    ApplicationStatus,
    EntryStatus,
    HourEntry,
    HoursTally,
    HourValue,
    Opportunity,
    OpportunityStatus,
    Shift,
    Skill,
)
from .services import SEARCH_KIND, opportunity_search_texts

ENTRIES_PER_SCALE = 10_000
ENTRIES_PER_OPPORTUNITY = 100  # on average: 100 opportunities a scale step (scale 100: 10,000)
SHIFTS_PER_OPPORTUNITY = (2, 4)
VOLUNTEER_BASIS = ("متوسط أجر الساعة في الأعمال المكتبية والخدمية (مسح القوى العاملة، الهيئة العامة للإحصاء 2024)",
                   "Average hourly wage in clerical and service work (Labour Force Survey, GASTAT 2024)")
REGIONAL_BASIS = ("متوسط أجر الساعة في منطقة الرياض (مسح القوى العاملة 2024)",
                  "Average hourly wage in Riyadh region (Labour Force Survey 2024)")
REJECT_REASONS = ("الساعات المسجلة أكثر من مدة الوردية.", "لم يسجل الحضور في كشف الوردية.",
                  "التاريخ لا يطابق موعد الوردية.")

# Kinds of opportunity from the samples' world: (title ar, title en, description, axis code, skill codes,
# activities logged, shift titles, hours per shift (low, high)).
THEMES: list[dict[str, Any]] = [
    {"title": ("حملة تطوعية لإزالة التشوه البصري في {place}", "Volunteer campaign against visual distortion in {place}"),
     "description": "حملة ينظمها السكان مع الأمانة لإزالة الكتابات على الجدران وتنظيف الأرصفة وطلاء الأسوار، ضمن "
                    "جهود تحسين المشهد الحضري وتعزيز روح المشاركة بين السكان.",
     "axis": "quality-of-life", "skills": ("cleaning", "design"),
     "activities": ("طلاء الأسوار وإزالة الكتابات", "تنظيف الأرصفة والممرات", "رفع المخلفات من الأراضي البيضاء"),
     "shifts": ("الفترة الصباحية", "فترة العصر"), "hours": (3, 5)},
    {"title": ("تشجير شوارع {place} بمشاركة السكان", "Planting the streets of {place} with residents"),
     "description": "زراعة الشتلات في الشوارع والحدائق وريها أسبوعيا بالتعاون مع البلدية، لتوسيع المساحات الخضراء "
                    "في الحي ورفع جودة الحياة.",
     "axis": "sustainability", "skills": ("tree-planting", "cleaning"),
     "activities": ("زراعة الشتلات", "ري الأشجار وصيانتها", "تجهيز أحواض الزراعة"),
     "shifts": ("يوم التشجير", "جولة الري الأسبوعية"), "hours": (2, 4)},
    {"title": ("يوم صحي مجتمعي في {place}", "Community health day in {place}"),
     "description": "فحوص مجانية للسكري وضغط الدم وتوعية صحية للأسر في مراكز الأحياء، بمشاركة طلاب كليات العلوم "
                    "الصحية والممرضين المتطوعين.",
     "axis": "quality-of-life", "skills": ("first-aid", "crowd-management"),
     "activities": ("استقبال المراجعين وتسجيلهم", "قياس الضغط والسكر", "توزيع النشرات التوعوية"),
     "shifts": ("الفترة الأولى", "الفترة الثانية", "الفترة المسائية"), "hours": (3, 6)},
    {"title": ("دروس تقوية لطلاب {place}", "Tutoring pupils in {place}"),
     "description": "دروس تقوية في الرياضيات واللغة العربية والإنجليزية لطلاب المرحلتين المتوسطة والثانوية في "
                    "مركز الحي، يقدمها معلمون وطلاب جامعات متطوعون.",
     "axis": "nonprofit-empowerment", "skills": ("teaching", "translation"),
     "activities": ("درس تقوية في الرياضيات", "درس في اللغة الإنجليزية", "إعداد أوراق العمل"),
     "shifts": ("حصة الأحد", "حصة الثلاثاء"), "hours": (2, 3)},
    {"title": ("تجهيز سلال رمضان وتوزيعها في {place}", "Preparing and delivering Ramadan baskets in {place}"),
     "description": "فرز المواد الغذائية وتعبئة السلال الرمضانية وتوصيلها إلى الأسر المستحقة بالتنسيق مع الجمعية "
                    "الأهلية في الحي.",
     "axis": "nonprofit-empowerment", "skills": ("food-distribution", "data-entry"),
     "activities": ("فرز المواد الغذائية", "تعبئة السلال", "توصيل السلال إلى الأسر"),
     "shifts": ("فرز وتعبئة", "توزيع بعد العصر"), "hours": (3, 6)},
    {"title": ("رصد ملاحظات المشهد الحضري في {place}", "Surveying the urban landscape of {place}"),
     "description": "جولات ميدانية يرصد فيها المتطوعون الحفر والإنارة المعطلة والتشوه البصري ويسجلونها في منصة "
                    "الرصد لتصل إلى الجهة المسؤولة.",
     "axis": "development-media", "skills": ("photography", "data-entry"),
     "activities": ("جولة رصد ميدانية", "تصوير الملاحظات وتسجيلها", "مراجعة البلاغات المسجلة"),
     "shifts": ("جولة الصباح", "جولة المساء"), "hours": (2, 4)},
    {"title": ("تنظيم ملتقى المشاركة المجتمعية في {place}", "Running the community participation forum in {place}"),
     "description": "استقبال الضيوف وتنظيم الجلسات الحوارية وورش العمل ومعرض المبادرات خلال أيام الملتقى.",
     "axis": "innovation", "skills": ("event-organizing", "crowd-management"),
     "activities": ("استقبال الضيوف والتسجيل", "إدارة قاعة الجلسات", "الإرشاد في معرض المبادرات"),
     "shifts": ("اليوم الأول", "اليوم الثاني"), "hours": (4, 8)},
    {"title": ("مرافقة كبار السن في {place}", "Keeping elders company in {place}"),
     "description": "زيارات منزلية لكبار السن ومرافقتهم إلى المراكز الصحية ومساعدتهم في المعاملات الإلكترونية.",
     "axis": "quality-of-life", "skills": ("elderly-care", "first-aid"),
     "activities": ("زيارة منزلية", "مرافقة إلى المركز الصحي", "مساعدة في معاملة إلكترونية"),
     "shifts": ("زيارات الصباح", "زيارات المساء"), "hours": (2, 4)},
]


VOLUNTEER_USERNAME = "volunteer"


def seed(ctx) -> None:
    started = time.monotonic()
    _hour_values()
    _samples(ctx)
    count = _seed_bulk(ctx)
    ctx.log(f"  {Opportunity.objects.count()} volunteer opportunities, {count} hour entries in bulk, "
            f"{HoursTally.objects.count()} tallies ({time.monotonic() - started:.1f}s)")


def bulk_entries(scale: int) -> int:
    return ENTRIES_PER_SCALE * scale


def _hour_values() -> None:
    """A national value of an hour and one for Riyadh region (what the statistics value hours with)."""
    from musharaka.geo.models import Region

    HourValue.objects.create(amount=Decimal(45), currency="SAR", basis_ar=VOLUNTEER_BASIS[0],
                             basis_en=VOLUNTEER_BASIS[1], effective_from=datetime.date(2023, 1, 1))
    riyadh = Region.objects.filter(code="SA-01").first()
    if riyadh is not None:
        HourValue.objects.create(region=riyadh, amount=Decimal(60), currency="SAR", basis_ar=REGIONAL_BASIS[0],
                                 basis_en=REGIONAL_BASIS[1], effective_from=datetime.date(2024, 1, 1))
    syrian = Region.objects.filter(code__startswith="SY").order_by("pk").first()
    if syrian is not None:
        HourValue.objects.create(region=syrian, amount=Decimal(3), currency="USD",
                                 basis_ar="متوسط أجر ساعة العامل في محافظة دمشق (تقدير الجمعية 2024)",
                                 basis_en="Average hourly wage in Damascus (the association's estimate, 2024)",
                                 effective_from=datetime.date(2024, 1, 1))


# ---------------------------------------------------------------- the samples, through the services


def _volunteer_account():
    """The demo volunteer (the demo password): applies, logs hours and holds a certificate."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from musharaka.core.management.commands.ensure_demo_admin import DEMO_PASSWORD

    return get_user_model().objects.create(
        username=VOLUNTEER_USERNAME, first_name="ريم", last_name="الشهري", email="volunteer@musharaka.local",
        password=make_password(DEMO_PASSWORD))


def _sample_staff(ctx):
    """The demo organisation administrator's organisation (Riyadh), its admin and an editor (a demo person made one
    when it has none)."""
    from django.contrib.auth import get_user_model

    from musharaka.orgs.models import Membership, Role

    admin_membership = Membership.objects.filter(user__username="orgadmin", role=Role.ADMIN).select_related(
        "organization").order_by("pk").first()
    if admin_membership is None:
        return None
    organization = admin_membership.organization
    editor = (Membership.objects.filter(organization=organization, role=Role.EDITOR).exclude(
        user_id=admin_membership.user_id).order_by("pk").values_list("user_id", flat=True).first())
    if editor is None:
        taken = set(Membership.objects.filter(organization=organization).values_list("user_id", flat=True))
        person = next(p for p in ctx.shared["people"] if p.pk not in taken)
        Membership.objects.create(organization=organization, user=person, role=Role.EDITOR)
        editor = person.pk
    User = get_user_model()
    return organization, User.objects.get(pk=admin_membership.user_id), User.objects.get(pk=editor)


def _sample(editor, organization, theme: dict, *, days: tuple[int, int], auto_accept: bool = False,
            minimum_age: int = 0, questions=(), shifts=((2, 3),)):
    from musharaka.geo.models import Neighbourhood as Hood

    from . import services

    today = timezone.localdate()
    place = organization.city.name_ar if organization.city else organization.region.name_ar
    place_en = organization.city.name_en if organization.city else organization.region.name_en
    hood = Hood.objects.filter(city_id=organization.city_id).order_by("pk").values_list("pk", flat=True).first()
    skills = list(Skill.objects.filter(code__in=theme["skills"]).values_list("pk", flat=True))
    axis = Axis.objects.filter(code=theme["axis"]).values_list("pk", flat=True).first()
    opportunity = services.opportunity_create(actor=editor, organization=organization, skill_ids=skills,
                                              questions=questions, data={
        "title_ar": theme["title"][0].format(place=place), "title_en": theme["title"][1].format(place=place_en),
        "description_ar": theme["description"], "region_id": organization.region_id, "city_id": organization.city_id,
        "neighbourhood_id": hood, "axis_id": axis, "starts_on": today + datetime.timedelta(days=days[0]),
        "ends_on": today + datetime.timedelta(days=days[1]), "auto_accept": auto_accept, "minimum_age": minimum_age})
    made = []
    for number, (offset, capacity) in enumerate(shifts):
        starts = (timezone.localtime() + datetime.timedelta(days=offset)).replace(hour=8 if number % 2 == 0 else 16,
                                                                                 minute=0, second=0, microsecond=0)
        made.append(services.shift_save(actor=editor, opportunity=opportunity, data={
            "title": theme["shifts"][number % len(theme["shifts"])], "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=4), "capacity": capacity}))
    return opportunity, made


def _samples(ctx) -> None:
    """Four opportunities of the demo organisation in Riyadh through the services: a campaign against visual
    distortion under way (applications accepted, waitlisted, declined; hours verified, one shift verified at once,
    pending and rejected; the demo volunteer's certificate), a community health day that accepts applicants while
    seats are free (one waits), Ramadan baskets with a minimum age and a required question (the demo volunteer's
    application awaits a decision), and tutoring still a draft."""
    from . import services

    staff = _sample_staff(ctx)
    volunteer = _volunteer_account()
    if staff is None:
        return
    organization, admin, editor = staff
    members = set(organization.memberships.values_list("user_id", flat=True))
    others = [person for person in ctx.shared["people"] if person.pk not in members][:6]
    today = timezone.localdate()

    campaign, (first, second, past) = _sample(editor, organization, THEMES[0], days=(-30, 45),
                                              shifts=((3, 3), (10, 2), (-5, 10)))
    campaign = services.opportunity_publish(actor=editor, opportunity=campaign)
    accepted = [volunteer, others[0], others[1]]
    for person in accepted:
        application = services.application_create(actor=person, shift=first, message="أسكن في الحي وأرغب في المشاركة")
        services.application_decide(actor=admin, application=application, decision="accept")
    waiting = services.application_create(actor=others[2], shift=first)
    services.application_decide(actor=admin, application=waiting, decision="waitlist")
    declined = services.application_create(actor=others[3], shift=second)
    services.application_decide(actor=admin, application=declined, decision="decline",
                                reason="اكتمل العدد المطلوب لهذه الوردية، ونرحب بك في الحملة القادمة.")
    services.application_create(actor=others[4], shift=second, message="لدي خبرة في الطلاء")
    days = [today - datetime.timedelta(days=n) for n in (20, 12, 5)]
    logged = [services.hours_log(actor=volunteer, opportunity=campaign, data={
        "date": day, "hours": hours, "activity": activity}) for day, hours, activity in (
        (days[0], "4", "طلاء الأسوار وإزالة الكتابات"), (days[1], "3.5", "تنظيف الأرصفة والممرات"))]
    for entry in logged:
        services.hours_verify(actor=editor, entry=entry)
    for person in accepted:
        services.hours_log(actor=person, opportunity=campaign, data={
            "date": days[2], "hours": "4", "shift_id": past.pk, "activity": "رفع المخلفات من الأراضي البيضاء"})
    services.hours_verify_shift(actor=editor, shift=past)
    services.hours_log(actor=volunteer, opportunity=campaign, data={
        "date": today, "hours": "2", "activity": "تجهيز الأدوات لحملة الأسبوع القادم"})  # awaits verification
    doubtful = services.hours_log(actor=others[1], opportunity=campaign, data={
        "date": days[1], "hours": "8", "activity": "تنظيف الأرصفة والممرات"})
    services.hours_reject(actor=editor, entry=doubtful, reason=REJECT_REASONS[0])
    services.certificate_issue(actor=volunteer, volunteer=volunteer, organization=organization)

    health, (clinic,) = _sample(editor, organization, THEMES[2], days=(1, 15), auto_accept=True, shifts=((4, 2),))
    services.opportunity_publish(actor=editor, opportunity=health)
    for person in (others[0], others[5], others[2]):  # two seats: the third waits
        services.application_create(actor=person, shift=clinic)

    baskets, (sorting, _delivery) = _sample(editor, organization, THEMES[4], days=(5, 35), minimum_age=18, questions=[
        {"text_ar": "هل تستطيع استخدام سيارتك في التوزيع؟", "text_en": "Can you use your car for deliveries?",
         "required": True}], shifts=((6, 12), (7, 8)))
    services.opportunity_publish(actor=editor, opportunity=baskets)
    question = baskets.questions.get()
    services.application_create(actor=volunteer, shift=sorting, birth_date=datetime.date(1998, 4, 12),
                                answers={question.pk: "نعم، سيارة عائلية"}, message="متاحة بعد العصر")

    _sample(editor, organization, THEMES[3], days=(20, 80), questions=[
        {"text_ar": "ما المواد التي تستطيع تدريسها؟", "required": True}], shifts=((25, 10),))


# ---------------------------------------------------------------- in bulk


def _seed_bulk(ctx) -> int:
    rng = ctx.rng
    started = time.monotonic()
    target = bulk_entries(ctx.scale)
    organizations = [org for org in ctx.shared["organizations"]]
    people = [person.pk for person in ctx.shared["people"]]
    axes = {axis.code: axis.pk for axis in Axis.objects.all()}
    skills = {skill.code: skill.pk for skill in Skill.objects.all()}
    neighbourhoods: dict[int, list[int]] = {}
    for pk, city_id in Neighbourhood.objects.values_list("pk", "city_id"):
        neighbourhoods.setdefault(city_id, []).append(pk)
    initiatives_of: dict[int, list[int]] = {}
    for item in ctx.shared.get("initiatives", []):
        initiatives_of.setdefault(item.lead_organization_id, []).append(item.pk)
    today = timezone.localdate()
    now = timezone.now()
    count = max(1, target // ENTRIES_PER_OPPORTUNITY)

    # Opportunities: dates over three years up to a few months ahead; those over are closed, those to come
    # published (open), a few drafts and cancelled ones that have no hours.
    opportunities: list[Opportunity] = []
    plans: list[dict] = []
    for number in range(count):
        organization = organizations[(number * 7 + rng.randint(0, 3)) % len(organizations)]
        theme = THEMES[number % len(THEMES)]
        place = organization.city.name_ar if organization.city else organization.region.name_ar
        place_en = organization.city.name_en if organization.city else organization.region.name_en
        starts = today - datetime.timedelta(days=rng.randint(-60, 1000))
        ends = starts + datetime.timedelta(days=rng.randint(7, 120))
        roll = rng.random()
        if roll < 0.04:
            status = OpportunityStatus.DRAFT
        elif roll < 0.08:
            status = OpportunityStatus.CANCELLED
        else:
            status = OpportunityStatus.CLOSED if ends < today else OpportunityStatus.PUBLISHED
        hoods = neighbourhoods.get(organization.city_id or 0, [])
        linked = initiatives_of.get(organization.pk, [])
        opportunities.append(Opportunity(
            organization=organization, title_ar=theme["title"][0].format(place=place)[:250],
            title_en=theme["title"][1].format(place=place_en)[:250], description_ar=theme["description"],
            axis_id=axes.get(theme["axis"]) if rng.random() < 0.9 else None, region_id=organization.region_id,
            city_id=organization.city_id, neighbourhood_id=rng.choice(hoods) if hoods and rng.random() < 0.6 else None,
            starts_on=starts, ends_on=ends, minimum_age=rng.choice((0, 0, 0, 16, 18)),
            auto_accept=rng.random() < 0.3, status=status,
            initiative_id=rng.choice(linked) if linked and rng.random() < 0.4 else None,
            published_at=None if status == OpportunityStatus.DRAFT else now - datetime.timedelta(
                days=max(0, (today - starts).days + rng.randint(5, 30)))))
        plans.append({"theme": theme, "live": status in (OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED)})
    Opportunity.objects.bulk_create(opportunities, batch_size=2000)
    links = [(opportunity.pk, skills[code]) for opportunity, plan in zip(opportunities, plans, strict=True)
             for code in plan["theme"]["skills"] if code in skills]
    insert_rows(Opportunity.skills.through, ["opportunity_id", "skill_id"], links)

    # Shifts over each opportunity's days, in the morning or afternoon.
    shifts: list[Shift] = []
    shift_plans: list[tuple[Opportunity, dict]] = []
    for opportunity, plan in zip(opportunities, plans, strict=True):
        days = (opportunity.ends_on - opportunity.starts_on).days
        for position in range(rng.randint(*SHIFTS_PER_OPPORTUNITY)):
            day = opportunity.starts_on + datetime.timedelta(days=rng.randint(0, days))
            low, high = plan["theme"]["hours"]
            length = rng.randint(low, high)
            start = datetime.datetime.combine(day, datetime.time(rng.choice((8, 9, 16))), tzinfo=datetime.UTC)
            shifts.append(Shift(opportunity_id=opportunity.pk,
                                title=plan["theme"]["shifts"][position % len(plan["theme"]["shifts"])],
                                starts_at=start, ends_at=start + datetime.timedelta(hours=length),
                                capacity=rng.choice((10, 15, 20, 25, 30, 40))))
            shift_plans.append((opportunity, plan))
    Shift.objects.bulk_create(shifts, batch_size=5000)

    # Applications: the accepted fill most seats of a live opportunity's shifts; some wait, some were declined or
    # withdrew, and the shifts to come have applications awaiting a decision.
    application_rows: list[tuple] = []
    accepted_of: dict[int, list[int]] = {}  # shift → accepted volunteers
    pending_of: dict[int, int] = {}  # opportunity → applications awaiting a decision
    for shift, (opportunity, plan) in zip(shifts, shift_plans, strict=True):
        if not plan["live"]:
            continue
        upcoming = shift.starts_at.date() >= today
        accepted = rng.randint(shift.capacity // 2, shift.capacity) if not upcoming else rng.randint(0, shift.capacity // 2)
        waiting = rng.randint(0, 4) if accepted == shift.capacity else 0
        others = rng.randint(0, 3)
        pending = rng.randint(0, 5) if upcoming and opportunity.status == OpportunityStatus.PUBLISHED else 0
        chosen = rng.sample(people, min(len(people), accepted + waiting + others + pending))
        created = shift.starts_at - datetime.timedelta(days=rng.randint(3, 30))
        decided = created + datetime.timedelta(days=1)
        for index, volunteer in enumerate(chosen):
            if index < accepted:
                state, reason = ApplicationStatus.ACCEPTED, ""
                accepted_of.setdefault(shift.pk, []).append(volunteer)
            elif index < accepted + waiting:
                state, reason = ApplicationStatus.WAITLISTED, ""
            elif index < accepted + waiting + others:
                state = rng.choice((ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN))
                reason = "اكتمل العدد المطلوب لهذه الوردية." if state == ApplicationStatus.DECLINED else ""
            else:
                state, reason = ApplicationStatus.PENDING, ""
                pending_of[opportunity.pk] = pending_of.get(opportunity.pk, 0) + 1
            undecided = state in (ApplicationStatus.PENDING, ApplicationStatus.WITHDRAWN)
            born = datetime.date(rng.randint(1975, 2005), rng.randint(1, 12), rng.randint(1, 28))
            application_rows.append((opportunity.pk, shift.pk, volunteer, state, "", _when(created), _when(created),
                                     None if undecided else _when(decided), reason,
                                     born if opportunity.minimum_age else None))
        shift.accepted_count = len(accepted_of.get(shift.pk, ()))
        shift.waitlist_count = waiting
    insert_rows(Application, ["opportunity_id", "shift_id", "volunteer_id", "status", "message", "created_at",
                              "updated_at", "decided_at", "decline_reason", "birth_date"], application_rows)
    Shift.objects.bulk_update(shifts, ["accepted_count", "waitlist_count"], batch_size=5000)
    seats: dict[int, int] = {}
    for shift in shifts:
        seats[shift.opportunity_id] = seats.get(shift.opportunity_id, 0) + shift.capacity - shift.accepted_count
    for opportunity in opportunities:
        opportunity.seats_left = seats.get(opportunity.pk, 0)
        opportunity.pending_count = pending_of.get(opportunity.pk, 0)
    Opportunity.objects.bulk_update(opportunities, ["seats_left", "pending_count"], batch_size=2000)
    planned = time.monotonic()

    # Hour entries: each accepted volunteer of a past shift logs the shift, some log activities on other days too,
    # until the target is reached; the organisation verified most of them.
    written = _bulk_entries(rng, target, shifts, shift_plans, accepted_of, today, now)
    search.index_many(SEARCH_KIND, ((opportunity.pk, opportunity_search_texts(opportunity))
                                    for opportunity in opportunities
                                    if opportunity.status == OpportunityStatus.PUBLISHED), fresh=True)
    ctx.log(f"  bulk volunteering: {len(opportunities)} opportunities, {len(shifts)} shifts, "
            f"{len(application_rows)} applications in {planned - started:.1f}s, {written} hour entries and their "
            f"tallies in {time.monotonic() - planned:.1f}s")
    return written


def _when(value: datetime.datetime):
    """A datetime as the database's driver takes it in a raw insert (SQLite stores naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


def _bulk_entries(rng, target: int, shifts: list[Shift], shift_plans: list, accepted_of: dict, today, now) -> int:
    past = [(shift, opportunity, plan) for shift, (opportunity, plan) in zip(shifts, shift_plans, strict=True)
            if accepted_of.get(shift.pk) and shift.starts_at.date() < today]
    if not past:
        return 0
    tallies: dict[tuple, list] = {}
    columns = ["volunteer_id", "opportunity_id", "shift_id", "organization_id", "region_id", "axis_id", "date",
               "hours", "activity", "status", "reject_reason", "created_at", "decided_at"]

    def rows():
        made = 0
        rounds = 0
        while made < target:
            for shift, opportunity, plan in past:
                day = shift.starts_at.date()
                length = int((shift.ends_at - shift.starts_at).total_seconds() // 3600)
                for volunteer in accepted_of[shift.pk]:
                    if made >= target:
                        return
                    if rounds:  # later rounds: activities on other days of the opportunity (not in the future)
                        span = (min(opportunity.ends_on, today - datetime.timedelta(days=1)) - opportunity.starts_on)
                        day = opportunity.starts_on + datetime.timedelta(days=rng.randint(0, max(0, span.days)))
                        shift_id = None
                        hours = Decimal(rng.choice((1, 2, 2, 3, 4)))
                    else:
                        shift_id = shift.pk
                        hours = Decimal(length) - (Decimal("0.5") if rng.random() < 0.2 else 0)
                    roll = rng.random()
                    if roll < 0.8:
                        status, reason = EntryStatus.VERIFIED, ""
                    elif roll < 0.93:
                        status, reason = EntryStatus.PENDING, ""
                    else:
                        status, reason = EntryStatus.REJECTED, rng.choice(REJECT_REASONS)
                    logged = datetime.datetime.combine(day, datetime.time(20), tzinfo=datetime.UTC)
                    if status == EntryStatus.VERIFIED:
                        key = (day.year, opportunity.organization_id, opportunity.region_id, opportunity.axis_id)
                        kept = tallies.setdefault(key, [Decimal(0), 0])
                        kept[0] += hours
                        kept[1] += 1
                    made += 1
                    yield (volunteer, opportunity.pk, shift_id, opportunity.organization_id, opportunity.region_id,
                           opportunity.axis_id, day, hours, rng.choice(plan["theme"]["activities"]), status, reason,
                           _when(min(logged, now)), None if status == EntryStatus.PENDING else _when(min(
                               logged + datetime.timedelta(days=2), now)))
            rounds += 1

    written = insert_rows(HourEntry, columns, rows())
    # The samples' tallies (kept by the services) are added to; the others are new rows.
    existing = {(row.year, row.organization_id, row.region_id, row.axis_id): row for row in HoursTally.objects.all()}
    for key, (hours, entries) in list(tallies.items()):
        row = existing.get(key)
        if row is not None:
            row.hours, row.entries = row.hours + hours, row.entries + entries
            row.save(update_fields=["hours", "entries"])
            del tallies[key]
    HoursTally.objects.bulk_create([
        HoursTally(year=year, organization_id=org, region_id=region, axis_id=axis, hours=hours, entries=entries)
        for (year, org, region, axis), (hours, entries) in tallies.items()], batch_size=5000)
    return written
