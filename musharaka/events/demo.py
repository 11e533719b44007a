"""Demo events (see core seed_demo): the three forums of shared/samples, a city workshop for a local
development plan and a coordination meeting, entered through the services; then, for the bench,
about 50 events per scale step written in bulk (scale 100: about 5,000 events, 500,000 registrations).
"""

import datetime

from django.db.models import F
from django.utils import timezone

from musharaka.core import search
from musharaka.core.bulk import insert_rows
from musharaka.geo.models import City
from musharaka.orgs.models import Membership, Role, Sector
from musharaka.taxonomy.models import Axis

from . import services
from .models import (
    AUDIENCE_CHOICES,
    Event,
    EventAudience,
    Kind,
    Registration,
    RegistrationStatus,
    Session,
    SessionKind,
    SessionSpeaker,
    Speaker,
)
from .services import SEARCH_KIND, AudienceSpec, GuestSpec

EVENTS_PER_SCALE = 50
FIVE_SECTORS = [Sector.AUTHORITY, Sector.GOVERNMENT, Sector.NONPROFIT, Sector.PRIVATE, Sector.ACADEMIC_EXPERT]

# (kind, Arabic title pattern, English title pattern); {city} and {n} are filled in.
TITLES = [
    (Kind.FORUM, "ملتقى {city} للمشاركة المجتمعية", "{city_en} Community Participation Forum"),
    (Kind.FORUM, "الملتقى السنوي للمبادرات والتجارب التنموية في {city}", "Annual Forum of Development Initiatives, {city_en}"),
    (Kind.WORKSHOP, "ورشة عمل قياس الأثر الاجتماعي لمشاريع المشاركة المجتمعية في {city}",
     "Workshop: measuring the social impact of participation projects, {city_en}"),
    (Kind.WORKSHOP, "ورشة عمل إعداد خطة التنمية المحلية لمدينة {city}", "Workshop: the local development plan of {city_en}"),
    (Kind.WORKSHOP, "ورشة توحيد مفاهيم المشاركة المجتمعية في {city}", "Workshop: unified concepts of participation, {city_en}"),
    (Kind.MEETING, "لقاء تنسيقي بين بلدية {city} والجمعيات الأهلية",
     "Coordination meeting: {city_en} municipality and associations"),
    (Kind.TRAINING, "دورة تدريبية في ممكنات العمل التطوعي في القطاع الحكومي ب{city}",
     "Training: enablers of volunteering in the public sector, {city_en}"),
    (Kind.TRAINING, "دورة الاستثمار الاجتماعي للجمعيات الأهلية في {city}",
     "Training: social investment for associations, {city_en}"),
    (Kind.EXHIBITION, "معرض المبادرات المجتمعية في أحياء {city}", "Exhibition of neighbourhood initiatives, {city_en}"),
    (Kind.AWARD_CEREMONY, "حفل جائزة {city} للمشاركة المجتمعية", "{city_en} Community Participation Award ceremony"),
]
SESSION_TITLES = [
    (SessionKind.OPENING, "الافتتاح وكلمة راعي الحفل"),
    (SessionKind.DIALOGUE, "مساهمات القطاع الخاص في المسؤولية المجتمعية"),
    (SessionKind.DIALOGUE, "تجربة تشغيل مراكز الأحياء وأنسنة المدن"),
    (SessionKind.PAPER, "المنصات الرقمية في ضوء الخدمات المجتمعية"),
    (SessionKind.PAPER, "مسؤولية الجامعات الحكومية في دعم البرامج المجتمعية البلدية"),
    (SessionKind.WORKSHOP, "قياس الأثر الاجتماعي من مشاريع المشاركة المجتمعية"),
    (SessionKind.WORKSHOP, "توحيد مفاهيم المشاركة المجتمعية"),
    (SessionKind.TRAINING, "الاستثمار الاجتماعي"),
    (SessionKind.EXHIBITION_VISIT, "جولة في معرض المبادرات"),
    (SessionKind.AWARD_CEREMONY, "تكريم الفائزين بجوائز المناطق التنموية"),
    (SessionKind.SIGNING, "توقيع مذكرات التفاهم مع الجهات الشريكة"),
]
SPEAKERS = [
    ("رعد أحمد الخليوي", "مدير عام مصادر التوفير", "وزارة الشؤون البلدية والقروية والإسكان"),
    ("الدكتور سمير المغامسي", "أمين عام مراكز الأحياء بالمدينة المنورة", "مراكز الأحياء بالمدينة المنورة"),
    ("المهندس مبارك بن سالم العنزي", "مدير إدارة شركاء الأعمال", "وكالة التحول الرقمي والمدن الذكية"),
    ("المهندس أحمد القرعاوي", "وكيل الوزارة للمشاركة المجتمعية", "وزارة الشؤون البلدية والقروية والإسكان"),
]


def _organization(ctx, name_ar: str, name_en: str, sector: str, city_name: str):
    """The organisation the sample names, in its city: the demo's own if it has one, created otherwise
    (with a demo person as its admin), so that the sample reads as the press wrote it."""
    from musharaka.orgs.models import Organization
    from musharaka.orgs.services import organization_reindex

    city = City.objects.select_related("region").get(name_ar=city_name)
    org = Organization.objects.filter(name_ar=name_ar).first()
    if org is None:
        org = Organization.objects.create(name_ar=name_ar, name_en=name_en, sector=sector, region=city.region, city=city,
                                          verified=True)
        organization_reindex(organization=org)
        people = ctx.shared["people"]
        Membership.objects.create(organization=org, user=people[ctx.rng.randrange(len(people))], role=Role.ADMIN)
    return org


def _admin(org):
    membership = Membership.objects.filter(organization=org, role=Role.ADMIN).select_related("user").first()
    return membership.user


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _sessions(actor, event, day: datetime.date, plan, speakers) -> None:
    """plan: (day offset, start hour, kind, title, track, capacity)."""
    for offset, hour, kind, title, track, capacity in plan:
        services.session_create(actor=actor, event=event, data={
            "kind": kind, "title_ar": title, "starts_at": _at(day + datetime.timedelta(days=offset), hour),
            "ends_at": _at(day + datetime.timedelta(days=offset), hour + 1), "track": track, "capacity": capacity,
        }, speakers=speakers[:2] if kind in (SessionKind.DIALOGUE, SessionKind.PAPER) else [],
            moderators=speakers[2:3] if kind == SessionKind.DIALOGUE else [])


def _samples(ctx) -> list[Event]:
    axes = list(Axis.objects.all())
    cities = {city.name_ar: city for city in City.objects.select_related("region")}
    day = timezone.localdate() + datetime.timedelta(days=21)
    events = []

    # 1. The fifth edition of the forum of the regions' emirates, under the governor's patronage.
    emirate = _organization(ctx, "إمارة منطقة المدينة المنورة", "Madinah Region Emirate", Sector.AUTHORITY,
                            "المدينة المنورة")
    actor = _admin(emirate)
    series = services.series_get_or_create(actor=actor, organization=emirate,
                                           name_ar="الملتقى السنوي للمبادرات والتجارب التنموية في إمارات المناطق",
                                           name_en="Annual Forum of Development Initiatives in the Regions' Emirates")
    forum = services.event_create(actor=actor, organization=emirate, data={
        "title_ar": "الملتقى الخامس للمبادرات والتجارب التنموية في إمارات المناطق",
        "title_en": "Fifth Forum of Development Initiatives and Experiences in the Regions' Emirates",
        "kind": Kind.FORUM, "series": series, "edition": 5, "city": cities["المدينة المنورة"],
        "region": cities["المدينة المنورة"].region, "venue": "مركز الملك سلمان الدولي للمؤتمرات",
        "starts_at": _at(day, 9), "ends_at": _at(day + datetime.timedelta(days=1), 17), "capacity": 800,
        "patron_name": "صاحب السمو الملكي الأمير سلمان بن سلطان", "patron_title": "أمير منطقة المدينة المنورة",
        "description_ar": "منصة استراتيجية لتبادل الخبرات واستعراض أبرز المبادرات والمشروعات التنموية التي نفذتها "
                          "إمارات المناطق بالتعاون مع شركائها، تُمنح خلالها جوائز المناطق التنموية.",
        "is_published": True,
    }, axes=axes, audiences=[AudienceSpec(sector, 150) for sector in FIVE_SECTORS] + [AudienceSpec("public")])
    speakers = [services.speaker_create(actor=actor, event=forum, data={
        "name_ar": name, "title_ar": title, "organization_name": org}) for name, title, org in SPEAKERS]
    _sessions(actor, forum, day, [
        (0, 9, SessionKind.OPENING, "افتتاح الملتقى الخامس", "القاعة الرئيسية", None),
        (0, 10, SessionKind.DIALOGUE, "الاستدامة والتنمية المحلية", "القاعة الرئيسية", None),
        (0, 10, SessionKind.WORKSHOP, "الابتكار التنموي في إمارات المناطق", "قاعة الورش", 60),
        (0, 12, SessionKind.DIALOGUE, "تمكين القطاع غير الربحي", "القاعة الرئيسية", None),
        (1, 9, SessionKind.DIALOGUE, "تعزيز المحتوى المحلي والإعلام التنموي", "القاعة الرئيسية", None),
        (1, 9, SessionKind.WORKSHOP, "جودة الحياة وتنمية الجهات", "قاعة الورش", 60),
        (1, 15, SessionKind.AWARD_CEREMONY, "تكريم الفائزين بجوائز المناطق التنموية", "القاعة الرئيسية", None),
    ], speakers)
    events.append(forum)

    # 2. A forum with its award and an exhibition of initiatives by neighbourhood (Riyadh).
    amanah = _organization(ctx, "أمانة منطقة الرياض", "Riyadh Region Municipality", Sector.AUTHORITY, "الرياض")
    actor = _admin(amanah)
    azwa = services.event_create(actor=actor, organization=amanah, data={
        "title_ar": "ملتقى وجائزة عزوة للمشاركة المجتمعية", "title_en": "Azwa Community Participation Forum and Award",
        "kind": Kind.FORUM, "city": cities["الرياض"], "region": cities["الرياض"].region, "venue": "فندق هيلتون الرياض",
        "starts_at": _at(day + datetime.timedelta(days=14), 9), "ends_at": _at(day + datetime.timedelta(days=15), 16),
        "capacity": 500, "is_published": True,
        "description_ar": "يبرز الممارسات المتميزة في المشاركة المجتمعية ويصاحبه معرض لنماذج من المبادرات في أحياء العاصمة.",
    }, axes=axes[:3], audiences=[AudienceSpec("nonprofit", 120), AudienceSpec("private", 80), AudienceSpec("public")])
    _sessions(actor, azwa, timezone.localtime(azwa.starts_at).date(), [
        (0, 9, SessionKind.OPENING, "افتتاح ملتقى عزوة", "", None),
        (0, 10, SessionKind.DIALOGUE, "بناء شراكات فاعلة بين القطاعات لخدمة العمل المجتمعي", "", None),
        (0, 12, SessionKind.EXHIBITION_VISIT, "جولة في معرض مبادرات الأحياء", "", None),
        (1, 10, SessionKind.WORKSHOP, "إدارة المبادرات التطوعية وتمكين المتطوعين", "", 40),
        (1, 14, SessionKind.AWARD_CEREMONY, "تكريم الفائزين بجائزة عزوة", "", None),
    ], [])
    events.append(azwa)

    # 3. The second day of a forum in Khobar: papers by named speakers, workshops, training, MoUs.
    khobar = _organization(ctx, "أمانة المنطقة الشرقية", "Eastern Province Municipality", Sector.AUTHORITY, "الخبر")
    actor = _admin(khobar)
    first = services.event_create(actor=actor, organization=khobar, data={
        "title_ar": "الملتقى الأول للمشاركة المجتمعية", "title_en": "First Community Participation Forum",
        "kind": Kind.FORUM, "city": cities["الخبر"], "region": cities["الخبر"].region, "venue": "فندق حياة جراند",
        "starts_at": _at(day - datetime.timedelta(days=60), 9), "ends_at": _at(day - datetime.timedelta(days=59), 17),
        "capacity": 400, "is_published": True, "edition": None,
    }, axes=axes[2:4], audiences=[AudienceSpec(Sector.GOVERNMENT), AudienceSpec(Sector.AUTHORITY),
                                  AudienceSpec(Sector.NONPROFIT), AudienceSpec(Sector.PRIVATE)],
        guests=[GuestSpec("معالي نائب وزير الشؤون البلدية والقروية والإسكان", "المهندس عبد الله بن محمد البدير")])
    speakers = [services.speaker_create(actor=actor, event=first, data={
        "name_ar": name, "title_ar": title, "organization_name": org}) for name, title, org in SPEAKERS]
    start = timezone.localtime(first.starts_at).date()
    for hour, kind, title, people in [
        (9, SessionKind.PAPER, "مساهمات شركات القطاع الخاص من باب المسؤولية المجتمعية", speakers[0:1]),
        (10, SessionKind.DIALOGUE, "تجربة تشغيل مراكز الأحياء وأهميتها في أنسنة المدن", speakers[1:2]),
        (11, SessionKind.PAPER, "المنصات الرقمية في ضوء الخدمات المجتمعية", speakers[2:3]),
        (12, SessionKind.DIALOGUE, "أنماط المشاركة المجتمعية حسب مناطق المملكة", speakers[3:4]),
    ]:
        services.session_create(actor=actor, event=first, speakers=people, data={
            "kind": kind, "title_ar": title, "starts_at": _at(start + datetime.timedelta(days=1), hour),
            "ends_at": _at(start + datetime.timedelta(days=1), hour, 50), "track": "القاعة الرئيسية"})
    _sessions(actor, first, start, [
        (1, 13, SessionKind.WORKSHOP, "قياس الأثر الاجتماعي من مشاريع المشاركة المجتمعية", "قاعة الورش", 50),
        (1, 14, SessionKind.TRAINING, "ممكنات العمل التطوعي في القطاع الحكومي", "قاعة التدريب", 30),
        (1, 16, SessionKind.SIGNING, "توقيع مذكرة تفاهم مع شركة شباب مجتمعي الوقفية", "القاعة الرئيسية", None),
    ], [])
    events.append(first)

    # 4. A city workshop that prepares a local development plan.
    municipality = _organization(ctx, "بلدية عنيزة", "Unaizah Municipality", Sector.AUTHORITY, "عنيزة")
    actor = _admin(municipality)
    city = municipality.city
    plan = services.event_create(actor=actor, organization=municipality, data={
        "title_ar": f"ورشة عمل إعداد خطة التنمية المحلية لمدينة {city.name_ar}",
        "title_en": f"Workshop: preparing the local development plan of {city.name_en}",
        "kind": Kind.WORKSHOP, "city": city, "region": city.region, "venue": "مركز الحي الاجتماعي",
        "starts_at": _at(day + datetime.timedelta(days=5), 9), "ends_at": _at(day + datetime.timedelta(days=5), 15),
        "capacity": 60, "requires_approval": True, "is_published": True,
        "description_ar": "تقييم احتياجات السكان، ثم الرؤية والأهداف والإجراءات ومؤشرات المتابعة والمخاطر.",
    }, axes=axes[:1] + axes[5:6], audiences=[AudienceSpec(Sector.NONPROFIT, 20), AudienceSpec(Sector.GOVERNMENT, 15),
                                             AudienceSpec("public", 25)])
    _sessions(actor, plan, timezone.localtime(plan.starts_at).date(), [
        (0, 9, SessionKind.WORKSHOP, "تقييم الاحتياجات وترتيب الأولويات", "", None),
        (0, 11, SessionKind.WORKSHOP, "الرؤية والأهداف والإجراءات", "", None),
        (0, 13, SessionKind.WORKSHOP, "مؤشرات المتابعة وسجل المخاطر", "", None),
    ], [])
    events.append(plan)

    # 5. A coordination meeting: a municipality, a ministry and civil associations.
    ministry = _organization(ctx, "فرع وزارة الموارد البشرية والتنمية الاجتماعية بمنطقة القصيم",
                             "Ministry of Human Resources and Social Development, Al-Qassim branch", Sector.GOVERNMENT,
                             "بريدة")
    associations = [_organization(ctx, name, name_en, Sector.NONPROFIT, "عنيزة") for name, name_en in (
        ("جمعية البر الخيرية بعنيزة", "Al-Birr Charity Association, Unaizah"),
        ("جمعية التنمية الأهلية بعنيزة", "Unaizah Community Development Association"),
        ("جمعية الشباب التطوعية بعنيزة", "Unaizah Youth Volunteering Association"),
    )]
    meeting = services.event_create(actor=actor, organization=municipality, data={
        "title_ar": "لقاء تنسيقي بين البلدية ووزارة الموارد البشرية والتنمية الاجتماعية والجمعيات الأهلية",
        "title_en": "Coordination meeting: municipality, ministry and civil associations",
        "kind": Kind.MEETING, "city": city, "region": city.region, "venue": "قاعة الاجتماعات بالبلدية",
        "starts_at": _at(day + datetime.timedelta(days=2), 10), "ends_at": _at(day + datetime.timedelta(days=2), 12),
        "capacity": 25, "is_published": True,
    }, co_organizers=[ministry, *associations], axes=axes[2:3],
        audiences=[AudienceSpec(Sector.AUTHORITY), AudienceSpec(Sector.GOVERNMENT), AudienceSpec(Sector.NONPROFIT)])
    events.append(meeting)
    return events


def seed(ctx) -> None:
    samples = _samples(ctx)
    _seed_bulk(ctx)
    from . import demo_questions  # part 6: audience questions and feedback

    demo_questions.seed(ctx, samples)
    _seed_tickets(ctx)
    from . import certificates_demo  # part 5: after the check-ins it certifies

    certificates_demo.seed(ctx, samples)
    from . import recommendations_demo  # deliverable 8: after the bulk events, whose past ones it follows up

    recommendations_demo.seed(ctx, organization_for=lambda *args: _organization(ctx, *args), admin_of=_admin)
    from . import media_demo  # development media: news, photos, agreements

    media_demo.seed(ctx, samples, admin_of=_admin)
    ctx.log(f"  {recommendations_demo.Recommendation.objects.count()} event recommendations")
    from . import demo_exhibition  # part 7: the exhibition of initiatives

    demo_exhibition.seed(ctx)
    ctx.log(f"  {Event.objects.count()} events ({len(samples)} from the samples), "
            f"{Registration.objects.count()} registrations")


REGISTRATION_COLUMNS = ["event_id", "user_id", "name", "email", "phone", "category", "status", "created_at", "updated_at"]
REGISTRATIONS_BATCH = 20_000


def _seed_bulk(ctx) -> None:
    rng = ctx.rng
    count = EVENTS_PER_SCALE * ctx.scale
    organizations = ctx.shared["organizations"]
    people = ctx.shared["people"]
    axes = list(Axis.objects.values_list("pk", flat=True))
    cities = list(City.objects.select_related("region"))
    now = timezone.now()
    audience_codes = [code for code, _label in AUDIENCE_CHOICES]

    events, plans = [], []
    for index in range(count):
        org = organizations[rng.randrange(len(organizations))]
        city = org.city or rng.choice(cities)
        kind, title_ar, title_en = rng.choice(TITLES)
        starts = now.replace(minute=0, second=0, microsecond=0, hour=6) + datetime.timedelta(
            days=rng.randint(-540, 180))
        days = 2 if kind == Kind.FORUM else 1
        capacity = rng.choice([None, 40, 80, 150, 300])
        events.append(Event(
            title_ar=title_ar.format(city=city.name_ar, n=index), title_en=title_en.format(city_en=city.name_en, n=index),
            kind=kind, organization_id=org.pk, region_id=city.region_id, city_id=city.pk,
            venue=rng.choice(["مركز الحي الاجتماعي", "قاعة الغرفة التجارية", "مركز المؤتمرات", "مقر الجمعية"]),
            starts_at=starts, ends_at=starts + datetime.timedelta(days=days - 1, hours=8), capacity=capacity,
            is_published=(published := rng.random() < 0.9), published_at=now if published else None,
            registration_open=True,
            description_ar="يناقش سبل تعزيز المشاركة المجتمعية وبناء الشراكات بين القطاعات لتحقيق التنمية المحلية.",
        ))
        plans.append((days, capacity))
    events = Event.objects.bulk_create(events, batch_size=2000)  # with their primary keys (SQLite and PostgreSQL)

    axis_rows: list[tuple[int, int]] = []
    audiences: list[EventAudience] = []
    sessions: list[Session] = []
    speakers: list[Speaker] = []
    registrations: list[tuple] = []
    for event, (days, capacity) in zip(events, plans, strict=True):
        for axis_id in rng.sample(axes, rng.randint(1, 3)):
            axis_rows.append((event.pk, axis_id))
        codes = rng.sample(audience_codes, rng.randint(2, 6))
        quotas = {code: rng.choice([None, None, 20, 50]) for code in codes}
        confirmed = dict.fromkeys(codes, 0)
        waiting = dict.fromkeys(codes, 0)
        taken = 0
        wanted = rng.randint(40, 160)
        for person in rng.sample(people, min(wanted, len(people))):
            code = rng.choice(codes)
            quota = quotas[code]
            if rng.random() < 0.05:
                status = RegistrationStatus.CANCELLED
            elif (capacity is None or taken < capacity) and (quota is None or confirmed[code] < quota):
                status, taken = RegistrationStatus.CONFIRMED, taken + 1
                confirmed[code] += 1
            else:
                status = RegistrationStatus.WAITING
                waiting[code] += 1
            registrations.append((event.pk, person.pk, f"{person.first_name} {person.last_name}", person.email, "",
                                  code, status, now, now))
        if len(registrations) >= REGISTRATIONS_BATCH:  # written as they come: 500,000 tuples at scale 100 were held
            insert_rows(Registration, REGISTRATION_COLUMNS, registrations)
            registrations.clear()
        event.confirmed_count, event.waiting_count = taken, sum(waiting.values())
        audiences.extend(EventAudience(event=event, category=code, quota=quotas[code], confirmed_count=confirmed[code],
                                       waiting_count=waiting[code]) for code in codes)
        local_start = timezone.localtime(event.starts_at)
        for number in range(rng.randint(3, 6)):
            kind, title = rng.choice(SESSION_TITLES)
            start = event.starts_at + datetime.timedelta(days=number % days, hours=1 + number)
            sessions.append(Session(event=event, kind=kind, title_ar=title, day=(local_start + datetime.timedelta(
                days=number % days)).date(), starts_at=start, ends_at=start + datetime.timedelta(minutes=50),
                track=rng.choice(["", "القاعة الرئيسية", "قاعة الورش"])))
        for name, title, org in rng.sample(SPEAKERS, 2):
            speakers.append(Speaker(event=event, name_ar=name, title_ar=title, organization_name=org))
    Event.objects.bulk_update(events, ["confirmed_count", "waiting_count"], batch_size=2000)
    insert_rows(Event.axes.through, ["event_id", "axis_id"], axis_rows)
    EventAudience.objects.bulk_create(audiences, batch_size=5000)
    Session.objects.bulk_create(sessions, batch_size=5000)
    Speaker.objects.bulk_create(speakers, batch_size=5000)
    insert_rows(Registration, REGISTRATION_COLUMNS, registrations)
    first_speaker: dict[int, int] = {}
    for speaker in speakers:
        first_speaker.setdefault(speaker.event_id, speaker.pk)
    links = [(session.pk, first_speaker[session.event_id], "speaker", 0) for session in sessions
             if session.kind in (SessionKind.DIALOGUE, SessionKind.PAPER)]
    insert_rows(SessionSpeaker, ["session_id", "speaker_id", "role", "position"], links)
    search.index_many(SEARCH_KIND, ((event.pk, services.event_search_texts(event)) for event in events), fresh=True)


# ---------------------------------------------------------------- tickets and check-ins (part 4)


def _seed_tickets(ctx) -> None:
    """A ticket for every registration written in bulk; at past events about three in four confirmed
    registrants checked in at the door, some minutes after the start, with the counters to match."""
    from collections import Counter

    from .models import AttendanceCount, CheckIn, Ticket, new_ticket_code

    rng = ctx.rng
    missing = Registration.objects.filter(ticket__isnull=True).values_list("pk", flat=True).order_by("pk")
    insert_rows(Ticket, ["registration_id", "code"], ((pk, new_ticket_code()) for pk in missing.iterator()))
    now = timezone.now()
    rows: list[tuple] = []
    counts: Counter[tuple] = Counter()
    past = (Registration.objects.filter(status=RegistrationStatus.CONFIRMED, event__ends_at__lt=now,
                                        check_ins__isnull=True)
            .values_list("pk", "event_id", "category", "event__starts_at").order_by("pk"))
    for pk, event_id, category, starts_at in past.iterator():
        if rng.random() < 0.75:
            rows.append((pk, event_id, category, starts_at + datetime.timedelta(minutes=rng.randint(-30, 45))))
            counts[(event_id, category)] += 1
    insert_rows(CheckIn, ["registration_id", "event_id", "category", "checked_in_at"], rows)
    existing = set(AttendanceCount.objects.filter(session_key=0).values_list("event_id", "category"))
    AttendanceCount.objects.bulk_create([AttendanceCount(event_id=event_id, category=category, count=count)
                                         for (event_id, category), count in counts.items()
                                         if (event_id, category) not in existing], batch_size=5000)
    for (event_id, category), count in counts.items():
        if (event_id, category) in existing:  # a second seed run on the same database
            AttendanceCount.objects.filter(event_id=event_id, session_key=0, category=category).update(
                count=F("count") + count)
    ctx.log(f"  {Ticket.objects.count()} tickets, {len(rows)} check-ins at past events")
