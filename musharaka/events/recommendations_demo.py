"""Demo recommendations (called from events.demo.seed): the fourth edition of the regions' emirates forum, a year
ago, with the recommendations such forums publish (community participation, the urban landscape, volunteering,
local development plans, social impact), followed up through the services with evidence, some overdue; then,
for the bench, about 200 per scale step on past events written in bulk with their updates and status history
(scale 100: about 20,000)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from musharaka.core.bulk import insert_rows
from musharaka.geo.models import City
from musharaka.orgs.models import Sector
from musharaka.taxonomy.models import Axis

from . import recommendations as recs
from . import services
from .models import (
    RECOMMENDATION_TRANSITIONS,
    Event,
    Kind,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
)

# (axis code, Arabic, English): the themes of the samples, as forums word their recommendations.
TEXTS = [
    ("quality-of-life", "إشراك سكان الأحياء في تصميم مشاريع تحسين المشهد الحضري قبل طرحها",
     "Involve neighbourhood residents in designing urban-landscape projects before they are tendered"),
    ("quality-of-life", "أنسنة الشوارع الرئيسية في الأحياء القديمة وتوفير ممرات مشاة آمنة",
     "Humanise the main streets of the old neighbourhoods with safe walkways"),
    ("sustainability", "إعداد خطة تنمية محلية لكل مدينة بمشاركة المجالس البلدية والجمعيات الأهلية",
     "Prepare a local development plan for each city with the municipal councils and civil associations"),
    ("sustainability", "ربط مؤشرات متابعة خطط التنمية المحلية بلوحة معلومات عامة",
     "Publish the monitoring indicators of local development plans on a public dashboard"),
    ("nonprofit-empowerment", "تفعيل منصة موحدة للتطوع في مبادرات الأحياء وتوثيق ساعات المتطوعين",
     "Run a single volunteering platform for neighbourhood initiatives that records volunteers' hours"),
    ("nonprofit-empowerment", "تمكين الجمعيات الأهلية من تشغيل مراكز الأحياء بعقود شراكة واضحة",
     "Let civil associations run neighbourhood centres under clear partnership contracts"),
    ("innovation", "اعتماد منهجية موحدة لقياس الأثر الاجتماعي لمشاريع المشاركة المجتمعية",
     "Adopt one method to measure the social impact of community participation projects"),
    ("local-content", "تحفيز القطاع الخاص على تبني مبادرات الأحياء ضمن برامج المسؤولية المجتمعية",
     "Encourage the private sector to adopt neighbourhood initiatives in its social responsibility programmes"),
    ("development-media", "إطلاق حملة إعلامية للتعريف بالمبادرات الفائزة بجوائز المناطق التنموية",
     "Run a media campaign on the initiatives that won the regions' development awards"),
    ("quality-of-life", "تخصيص مساحات في الحدائق العامة لمبادرات الشباب والأسر المنتجة",
     "Set aside space in public parks for youth initiatives and productive families"),
    ("nonprofit-empowerment", "تدريب منسوبي البلديات على ممكنات العمل التطوعي في القطاع الحكومي",
     "Train municipal staff on the enablers of volunteering in the public sector"),
    ("sustainability", "عقد لقاء تنسيقي ربع سنوي بين البلدية وفرع الوزارة والجمعيات الأهلية",
     "Hold a quarterly coordination meeting of the municipality, the ministry branch and civil associations"),
]
UPDATE_TEXTS = {
    RecommendationStatus.ADOPTED: "اعتمدت الجهة التوصية ضمن خطتها التشغيلية للعام",
    RecommendationStatus.IN_PROGRESS: "بدأ التنفيذ: شُكّل فريق عمل وحُددت الأحياء المستهدفة",
    RecommendationStatus.DONE: "أُنجزت التوصية ورُفع تقرير الإنجاز إلى اللجنة المنظمة للملتقى",
    RecommendationStatus.DROPPED: "أُسقطت لتعارضها مع مشروع قائم للجهة نفسها يحقق الهدف ذاته",
}
FOLLOW_UP = "زيارة ميدانية ومتابعة مع الشركاء، والعمل مستمر"
# Paths through the statuses, and how often each is where a recommendation stands now.
PATHS = [
    ([], 3), (["adopted"], 3), (["adopted", "in_progress"], 4), (["adopted", "in_progress", "done"], 3),
    (["adopted", "done"], 1), (["dropped"], 1), (["adopted", "dropped"], 1),
]
PER_SCALE = 200


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf")


def seed(ctx, *, organization_for, admin_of) -> None:
    """organization_for(name_ar, name_en, sector, city) and admin_of(org) are events.demo's helpers."""
    _fourth_forum(ctx, organization_for, admin_of)
    _bulk(ctx)


def _fourth_forum(ctx, organization_for, admin_of) -> None:
    rng = ctx.rng
    emirate = organization_for("إمارة منطقة المدينة المنورة", "Madinah Region Emirate", Sector.AUTHORITY,
                               "المدينة المنورة")
    actor = admin_of(emirate)
    city = City.objects.select_related("region").get(name_ar="المدينة المنورة")
    series = services.series_get_or_create(actor=actor, organization=emirate,
                                           name_ar="الملتقى السنوي للمبادرات والتجارب التنموية في إمارات المناطق",
                                           name_en="Annual Forum of Development Initiatives in the Regions' Emirates")
    start = timezone.make_aware(datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=344),
                                                          datetime.time(9)))
    forum = services.event_create(actor=actor, organization=emirate, data={
        "title_ar": "الملتقى الرابع للمبادرات والتجارب التنموية في إمارات المناطق",
        "title_en": "Fourth Forum of Development Initiatives and Experiences in the Regions' Emirates",
        "kind": Kind.FORUM, "series": series, "edition": 4, "city": city, "region": city.region,
        "venue": "مركز الملك سلمان الدولي للمؤتمرات", "starts_at": start,
        "ends_at": start + datetime.timedelta(days=1, hours=8), "capacity": 700, "registration_open": False,
        "patron_name": "صاحب السمو الملكي الأمير سلمان بن سلطان", "patron_title": "أمير منطقة المدينة المنورة",
        "is_published": True,
    }, axes=list(Axis.objects.all()))
    responsible = [
        organization_for("أمانة منطقة المدينة المنورة", "Madinah Region Municipality", Sector.GOVERNMENT,
                         "المدينة المنورة"),
        organization_for("جمعية مراكز الأحياء بالمدينة المنورة", "Madinah Neighbourhood Centres Association",
                         Sector.NONPROFIT, "المدينة المنورة"),
        emirate,
    ]
    axes = {axis.code: axis for axis in Axis.objects.all()}
    today = timezone.localdate()
    for index, (axis, text_ar, text_en) in enumerate(TEXTS[:9]):
        org = responsible[index % len(responsible)]
        # Due six to eighteen months after the forum: some are past their date and still open (overdue).
        due = (start + datetime.timedelta(days=180 + 45 * index)).date()
        recommendation = recs.recommendation_create(actor=actor, event=forum, data={
            "text_ar": text_ar, "text_en": text_en, "axis": axes.get(axis), "organization": org, "due_date": due})
        path = [["adopted", "in_progress", "done"], ["adopted", "in_progress"], ["adopted"], [],
                ["adopted", "in_progress"], ["dropped"], ["adopted", "done"], ["adopted"], ["adopted", "in_progress"]][index]
        follower = admin_of(org)
        day = start.date() + datetime.timedelta(days=20)
        for step, status in enumerate(path):
            day = min(today, day + datetime.timedelta(days=rng.randint(20, 70)))
            evidence = [_pdf(f"evidence-{index + 1}-{step + 1}.pdf")] if status in ("done", "in_progress") else []
            recs.recommendation_post_update(actor=follower, recommendation=recommendation, status=status,
                                            text=UPDATE_TEXTS[RecommendationStatus(status)], date=day,
                                            evidence=evidence)
        if path and path[-1] in ("adopted", "in_progress"):
            recs.recommendation_post_update(actor=follower, recommendation=recommendation, text=FOLLOW_UP,
                                            date=min(today, day + datetime.timedelta(days=15)))


def _bulk(ctx) -> None:
    """About PER_SCALE per scale step, on past published events, with their updates and history rows."""
    rng = ctx.rng
    wanted = PER_SCALE * ctx.scale
    today = timezone.localdate()
    now = timezone.now()
    events = list(Event.objects.filter(is_published=True, ends_at__lt=now - datetime.timedelta(days=7))
                  .exclude(recommendations__isnull=False)
                  .order_by("pk").values("id", "organization_id", "region_id", "ends_at"))
    if not events:
        return
    organizations = [org.pk for org in ctx.shared["organizations"]]
    people = ctx.shared["people"]
    axes = {axis.code: axis.pk for axis in Axis.objects.all()}
    weights = [weight for _path, weight in PATHS]
    per_event = max(1, round(wanted / len(events)))
    rows: list[Recommendation] = []
    plans: list[tuple[list[str], datetime.date, int]] = []
    for event in events:
        held = timezone.localtime(event["ends_at"]).date()
        for number, (axis, text_ar, text_en) in enumerate(rng.sample(TEXTS, min(len(TEXTS), per_event)), start=1):
            path = rng.choices([path for path, _weight in PATHS], weights)[0]
            user_id = people[rng.randrange(len(people))].pk
            due = held + datetime.timedelta(days=rng.randint(60, 540))
            rows.append(Recommendation(
                event_id=event["id"], number=number, text_ar=text_ar, text_en=text_en, axis_id=axes.get(axis),
                organization_id=rng.choice([event["organization_id"], *rng.sample(organizations, 2)]),
                due_date=due, status=path[-1] if path else RecommendationStatus.PROPOSED, region_id=event["region_id"],
                event_published=True, updates_count=len(path), created_by_id=user_id, status_changed_at=now,
            ))
            plans.append((path, held, user_id))
            if len(rows) >= wanted:
                break
        if len(rows) >= wanted:
            break
    rows = Recommendation.objects.bulk_create(rows, batch_size=2000)
    history = Recommendation.history.model
    updates, historical = [], []
    fields = [f.attname for f in history._meta.fields if f.attname in {g.attname for g in Recommendation._meta.fields}]
    for recommendation, (path, held, user_id) in zip(rows, plans, strict=True):
        values = {name: getattr(recommendation, name) for name in fields}
        at = timezone.make_aware(datetime.datetime.combine(held, datetime.time(12)))
        status: str = RecommendationStatus.PROPOSED
        historical.append(history(**{**values, "status": status}, history_date=at, history_type="+",
                                  history_user_id=user_id, history_change_reason="Recorded"))
        day = held
        for new in path:
            assert new in RECOMMENDATION_TRANSITIONS[status]
            day = min(today, day + datetime.timedelta(days=rng.randint(15, 90)))
            text = UPDATE_TEXTS[RecommendationStatus(new)]
            at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            updates.append((recommendation.pk, day, text, status, new, user_id, at))
            historical.append(history(**{**values, "status": new}, history_date=at, history_type="~",
                                      history_user_id=user_id, history_change_reason=text[:100]))
            status = new
    insert_rows(RecommendationUpdate, ["recommendation_id", "date", "text", "old_status", "new_status", "author_id",
                                       "created_at"], updates)
    history.objects.bulk_create(historical, batch_size=5000)
