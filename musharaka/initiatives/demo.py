"""Demo initiatives: scale 1 writes a few hundred, scale 100 about 200,000 (see core seed_demo).

Titles and summaries are assembled from the vocabulary of the forums in shared/samples: themes
(axes), what is done, for whom and where, so that search, facets and similarity have real text.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from musharaka.core import search
from musharaka.core.bulk import insert_rows
from musharaka.geo.models import Neighbourhood
from musharaka.orgs.models import RegionCoordinator
from musharaka.taxonomy.models import SDG, Axis, TargetGroup

from . import counts
from .models import Initiative, InitiativePartner, InitiativePlace, PartnerRole, Status, Transition
from .selectors import store_similar
from .services import SEARCH_KIND

# (axis code, [(title pattern, English title pattern, summary, SDG numbers, target group codes)])
THEMES = {
    "sustainability": [
        ("تشجير الأحياء السكنية في {city}", "Greening residential districts in {city_en}",
         "زراعة الأشجار المحلية في الشوارع والحدائق بمشاركة السكان والمتطوعين لخفض درجات الحرارة وتحسين جودة الهواء.",
         [11, 13, 15], ["residents", "volunteers"]),
        ("إعادة تدوير النفايات المنزلية في {city}", "Household waste recycling in {city_en}",
         "فرز النفايات من المصدر وإنشاء نقاط تجميع في الأحياء بالشراكة مع القطاع الخاص وتوعية الأسر.",
         [11, 12], ["families", "private-sector"]),
        ("ترشيد استهلاك المياه في المساجد والمدارس بـ{city}", "Saving water in mosques and schools of {city_en}",
         "تركيب أدوات الترشيد وقياس الاستهلاك شهريًا وتدريب القائمين على المرافق على الصيانة الوقائية.",
         [6, 12], ["students", "residents"]),
        ("الطاقة الشمسية للمرافق المجتمعية في {city}", "Solar power for community facilities in {city_en}",
         "تزويد مراكز الأحياء والجمعيات بألواح شمسية لخفض تكاليف التشغيل وتعزيز الاستدامة المالية.",
         [7, 13], ["civil-associations"]),
    ],
    "innovation": [
        ("منصة رقمية لرصد المشهد الحضري في {city}", "Digital platform for monitoring the urban landscape in {city_en}",
         "تمكين السكان من الإبلاغ عن التشوه البصري ومتابعة معالجته عبر تطبيق ذكي مرتبط بالأمانة.",
         [9, 11, 16], ["residents", "regional-authorities"]),
        ("حاضنة الابتكار الاجتماعي بـ{city}", "Social innovation incubator in {city_en}",
         "احتضان أفكار الشباب لحلول تنموية محلية وتحويلها إلى مشاريع قابلة للتطبيق والاستدامة.",
         [8, 9], ["youth", "entrepreneurs"]),
        ("هاكاثون حلول جودة الحياة في {region}", "Quality of life hackathon in {region_en}",
         "مسابقة تقنية يتنافس فيها فرق الطلاب ورواد الأعمال على حلول لتحديات الأحياء والخدمات البلدية.",
         [9, 17], ["students", "entrepreneurs"]),
    ],
    "nonprofit-empowerment": [
        ("بناء قدرات الجمعيات الأهلية في {region}", "Capacity building for civil associations in {region_en}",
         "برنامج تدريبي في الحوكمة والتخطيط الاستراتيجي وقياس الأثر الاجتماعي للجمعيات والمؤسسات الأهلية.",
         [16, 17], ["civil-associations"]),
        ("الاستدامة المالية للقطاع غير الربحي بـ{city}", "Financial sustainability of non-profits in {city_en}",
         "تطوير الأوقاف والاستثمار الاجتماعي وتنويع مصادر الدخل للجمعيات بالشراكة مع القطاع الخاص.",
         [1, 17], ["civil-associations", "private-sector"]),
        ("منصة التطوع المحلي في {city}", "Local volunteering platform in {city_en}",
         "ربط المتطوعين بالفرص التطوعية في الأحياء وتوثيق الساعات التطوعية وإصدار الشهادات.",
         [3, 17], ["volunteers", "youth"]),
    ],
    "local-content": [
        ("تمكين الأسر المنتجة في {city}", "Empowering productive families in {city_en}",
         "تدريب الأسر على الإنتاج والتسويق وفتح منافذ بيع في الأسواق والمهرجانات المحلية.",
         [1, 5, 8], ["families", "women"]),
        ("دعم المنشآت الصغيرة والمتوسطة في {region}", "Supporting small and medium enterprises in {region_en}",
         "تمويل وإرشاد المنشآت الناشئة وربطها بمشتريات الجهات الحكومية والشركات الكبرى في المنطقة.",
         [8, 9], ["entrepreneurs", "private-sector"]),
        ("الحرف اليدوية والتراث في {city}", "Handicrafts and heritage in {city_en}",
         "إحياء الحرف التقليدية وتدريب الشباب عليها وتسويق منتجاتها سياحيًا بما يعزز المحتوى المحلي.",
         [8, 11], ["youth", "women"]),
    ],
    "development-media": [
        ("الإعلام التنموي ونشر التجارب الناجحة في {region}",
         "Development media and successful experiences in {region_en}",
         "إنتاج محتوى مرئي يوثق المبادرات التنموية ونتائجها ويعرّف بالتجارب الناجحة بين المناطق.",
         [4, 17], ["residents", "government-bodies"]),
        ("تدريب الإعلاميين الشباب على صحافة التنمية في {city}",
         "Training young journalists in development reporting in {city_en}",
         "ورش عمل في كتابة القصص التنموية واستخدام البيانات ومنصات التواصل لإبراز الأثر الاجتماعي.",
         [4, 16], ["youth", "students"]),
    ],
    "quality-of-life": [
        ("أنسنة الأحياء والممرات في {city}", "Humanising districts and walkways in {city_en}",
         "تطوير ممرات المشاة والساحات العامة وتوفير الإنارة والمقاعد والتظليل بمشاركة سكان الحي.",
         [3, 11], ["residents", "elderly"]),
        ("رعاية كبار السن في منازلهم بـ{city}", "Home care for elderly people in {city_en}",
         "زيارات منزلية منتظمة وخدمات صحية واجتماعية لكبار السن بالتعاون مع الجمعيات والمتطوعين.",
         [3, 10], ["elderly", "volunteers"]),
        ("ملاعب الأحياء والأنشطة الرياضية في {city}", "Neighbourhood playgrounds and sport in {city_en}",
         "تأهيل الملاعب المفتوحة وتنظيم دوريات رياضية للأطفال والشباب لتعزيز الصحة والترابط الاجتماعي.",
         [3, 11], ["children", "youth"]),
        ("تمكين الأشخاص ذوي الإعاقة في {city}", "Empowering persons with disabilities in {city_en}",
         "تهيئة المرافق العامة وتدريب وتوظيف الأشخاص ذوي الإعاقة بالشراكة مع القطاع الخاص.",
         [4, 8, 10], ["persons-with-disabilities"]),
    ],
}
RESULTS = [
    "استفاد من المبادرة {n} مستفيد، وارتفع رضا السكان عن خدمات الحي بنسبة {p}٪.",
    "تحقق {p}٪ من المستهدفات، وشارك {v} متطوعًا بأكثر من {h} ساعة تطوعية.",
    "انخفضت الشكاوى المتعلقة بالمشكلة بنسبة {p}٪ خلال عام من التنفيذ.",
]
LESSONS = [
    "إشراك السكان منذ مرحلة التخطيط رفع نسبة المشاركة وضمن استدامة الأثر.",
    "الشراكة مع القطاع الخاص خفضت التكاليف وسرعت التنفيذ.",
    "قياس المؤشرات شهريًا ساعد على تصحيح المسار مبكرًا.",
]

STATUS_WEIGHTS = [
    (Status.DRAFT, 8), (Status.SUBMITTED, 5), (Status.APPROVED, 20), (Status.ACTIVE, 35),
    (Status.COMPLETED, 30), (Status.CANCELLED, 2),
]
PATH = {
    Status.DRAFT: [], Status.SUBMITTED: ["submit"], Status.APPROVED: ["submit", "approve"],
    Status.ACTIVE: ["submit", "approve", "activate"], Status.COMPLETED: ["submit", "approve", "activate", "complete"],
    Status.CANCELLED: ["submit", "cancel"],
}
STATUS_AFTER = {"submit": Status.SUBMITTED, "approve": Status.APPROVED, "activate": Status.ACTIVE,
                "complete": Status.COMPLETED, "cancel": Status.CANCELLED}


def seed(ctx) -> None:
    rng = ctx.rng
    # Scale 1: a few hundred (a small city's worth); scale 100: 200,000 (the bench dataset).
    count = 400 if ctx.scale == 1 else 2000 * ctx.scale
    organizations = ctx.shared["organizations"]
    people = ctx.shared["people"]
    axes = {axis.code: axis for axis in Axis.objects.all()}
    sdgs = {sdg.number: sdg for sdg in SDG.objects.all()}
    groups = {group.code: group for group in TargetGroup.objects.all()}
    neighbourhoods: dict[int, list] = {}
    for item in Neighbourhood.objects.all():
        neighbourhoods.setdefault(item.city_id, []).append(item)
    coordinators = dict(RegionCoordinator.objects.values_list("region_id", "user_id"))
    themes = [(code, theme) for code, items in THEMES.items() for theme in items]
    statuses = [status for status, _weight in STATUS_WEIGHTS]
    status_weights = [weight for _status, weight in STATUS_WEIGHTS]
    now = timezone.now()

    initiatives, plans = [], []
    for index in range(count):
        lead = organizations[rng.randrange(len(organizations))]
        axis_code, (title, title_en, summary, sdg_numbers, group_codes) = themes[rng.randrange(len(themes))]
        region, city = lead.region, lead.city
        status = rng.choices(statuses, weights=status_weights)[0]
        start = datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randrange(6 * 365))
        neighbourhood = rng.choice(neighbourhoods[city.pk]) if city and neighbourhoods.get(city.pk) else None
        title_ar, title_en = _titles(rng, title, title_en, region=region, city=city, neighbourhood=neighbourhood,
                                     year=start.year)
        end = start + datetime.timedelta(days=rng.choice([90, 180, 365, 540, 730]))
        planned = rng.choice([50, 120, 300, 500, 1000, 2500, 5000, 12000])
        completed = status == Status.COMPLETED
        published_at = now - datetime.timedelta(days=rng.randrange(1, 1500), minutes=index)
        initiative = Initiative(
            title_ar=title_ar,
            title_en=title_en,
            summary_ar=summary,
            description_ar=f"{summary} تنفذ المبادرة {lead.name_ar} ضمن محور {axes[axis_code].name_ar}.",
            lead_organization=lead,
            region=region,
            start_date=start,
            end_date=end,
            budget=Decimal(rng.choice([25, 50, 80, 120, 250, 400, 750, 1500])) * 1000,
            currency=("SYP" if rng.random() < 0.5 else "USD") if region.code.startswith("SY") else "SAR",
            planned_beneficiaries=planned,
            actual_beneficiaries=int(planned * rng.uniform(0.6, 1.3)) if completed else None,
            status=status,
            submitted_at=published_at - datetime.timedelta(days=7) if status != Status.DRAFT else None,
            published_at=published_at if status in (Status.APPROVED, Status.ACTIVE, Status.COMPLETED) else None,
            results_ar=rng.choice(RESULTS).format(n=planned, p=rng.randint(15, 60), v=rng.randint(20, 400),
                                                 h=rng.randint(500, 9000)) if completed else "",
            lessons_ar=rng.choice(LESSONS) if completed else "",
            is_success_story=completed and rng.random() < 0.25,
            success_marked_at=published_at if completed else None,
            created_by_id=people[rng.randrange(len(people))].pk,
        )
        if not initiative.is_success_story:
            initiative.success_marked_at = None
        initiatives.append(initiative)
        plans.append((axis_code, sdg_numbers, group_codes, city, neighbourhood, status))
    Initiative.objects.bulk_create(initiatives, batch_size=2000)  # sets each instance's pk

    axis_links, sdg_links, group_links, places, partners, transitions, documents = [], [], [], [], [], [], []
    for initiative, (axis_code, sdg_numbers, group_codes, city, neighbourhood, status) in zip(
        initiatives, plans, strict=True
    ):
        chosen_axes = {axis_code}
        if rng.random() < 0.35:
            chosen_axes.add(rng.choice(list(axes)))
        axis_links += [(initiative.pk, axes[code].pk) for code in sorted(chosen_axes)]
        sdg_links += [(initiative.pk, sdgs[n].pk) for n in sdg_numbers]
        group_links += [(initiative.pk, groups[c].pk) for c in group_codes]
        places.append((initiative.pk, initiative.region_id, city.pk if city else None,
                       neighbourhood.pk if neighbourhood else None))
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            partner = organizations[rng.randrange(len(organizations))]
            if partner.pk != initiative.lead_organization_id:
                partners.append((initiative.pk, partner.pk, rng.choice(PartnerRole.values)))
        previous = Status.DRAFT
        for action in PATH[status]:
            actor = coordinators.get(initiative.region_id) if action == "approve" else initiative.created_by_id
            moment = (initiative.published_at or now) - datetime.timedelta(days=len(PATH[status]))
            transitions.append((initiative.pk, action, previous, STATUS_AFTER[action], actor, "", moment))
            previous = STATUS_AFTER[action]
        lead = initiative.lead_organization
        documents.append((initiative.pk, (initiative.title_ar, initiative.title_en, initiative.summary_ar, lead.name_ar,
                                          lead.region.name_ar, *(axes[code].name_ar for code in chosen_axes))))
    insert_rows(Initiative.axes.through, ["initiative_id", "axis_id"], axis_links)
    insert_rows(Initiative.sdgs.through, ["initiative_id", "sdg_id"], sdg_links)
    insert_rows(Initiative.target_groups.through, ["initiative_id", "targetgroup_id"], group_links)
    insert_rows(InitiativePlace, ["initiative_id", "region_id", "city_id", "neighbourhood_id"], places)
    insert_rows(InitiativePartner, ["initiative_id", "organization_id", "role"], partners, ignore_conflicts=True)
    insert_rows(Transition, ["initiative_id", "action", "from_status", "to_status", "actor_id", "reason", "created_at"],
                transitions)
    _seed_replications(ctx, initiatives)
    search.index_many(SEARCH_KIND, documents, fresh=True)
    counts.rebuild()  # the catalogue's counts: one GROUP BY insert per grain
    if ctx.scale == 1:
        # The demo's similar lists, computed here; at larger scales the worker computes each one when its
        # page is first read (about 10 ms each: half an hour for the bench's 200,000).
        for initiative in initiatives:
            store_similar(initiative_id=initiative.pk)
    ctx.shared["initiatives"] = initiatives
    ctx.log(f"  {len(initiatives)} initiatives, {len(partners)} partners, {len(places)} places")


def _titles(rng, title: str, title_en: str, *, region, city, neighbourhood, year: int) -> tuple[str, str]:
    """The Arabic and English titles of one initiative: its theme's pattern in its city, often in its
    neighbourhood (where the city has some), sometimes with the year it starts, as such programmes
    are named (no running numbers: titles may repeat, as they do between real cities)."""
    place, place_en = (city.name_ar, city.name_en) if city else (region.name_ar, region.name_en)
    if neighbourhood and rng.random() < 0.5:
        place, place_en = f"حي {neighbourhood.name_ar} ب{place}", f"{neighbourhood.name_en or neighbourhood.name_ar}, {place_en}"
    words = {"city": place, "city_en": place_en, "region": region.name_ar, "region_en": region.name_en}
    title, title_en = title.format(**words), title_en.format(**words)
    if rng.random() < 0.4:
        title, title_en = f"{title} لعام {year}", f"{title_en}, {year}"
    return title, title_en


def _seed_replications(ctx, initiatives) -> None:
    """Some successful experiences are repeated by organisations of other regions."""
    rng = ctx.rng
    stories = [i for i in initiatives if i.is_success_story]
    if not stories:
        return
    by_region: dict[int, list] = {}
    for initiative in initiatives:
        if not initiative.is_success_story and initiative.status != Status.CANCELLED:
            by_region.setdefault(initiative.region_id, []).append(initiative)
    links: list[tuple[int, int]] = []
    counts: dict[int, int] = {}
    popular = stories[: max(1, len(stories) // 5)]  # a fifth of the stories travel
    for initiative in initiatives:
        if initiative.is_success_story or rng.random() > 0.05:
            continue
        source = popular[min(int(rng.expovariate(0.15)), len(popular) - 1)]
        if source.region_id == initiative.region_id:
            continue
        links.append((initiative.pk, source.pk))
        counts[source.pk] = counts.get(source.pk, 0) + 1
    for source_id in {source for _replica, source in links}:
        replicas = [replica for replica, source in links if source == source_id]
        Initiative.objects.filter(pk__in=replicas).update(replicated_from_id=source_id)
        Initiative.objects.filter(pk=source_id).update(replication_count=counts[source_id])
