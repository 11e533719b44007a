"""Demo exhibition of initiatives (issue #11, part 7), called from demo.seed.

The Azwa forum of the samples ("a two-day forum with an exhibition of initiatives by neighbourhood") gets a booth per
Riyadh neighbourhood where the demo registry has published initiatives, those initiatives shown at them, likes and
Arabic comments through the services (most approved, some waiting for the organisers). The bulk exhibitions get a few
booths and initiatives with likes written in bulk, their counters equal to their rows.
"""

from django.db.models import Count
from django.utils import timezone

from musharaka.core.bulk import insert_rows
from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative, InitiativePlace

from . import exhibition
from .models import Booth, Event, Kind, Showcase, ShowcaseComment, ShowcaseLike

AZWA_TITLE = "ملتقى وجائزة عزوة للمشاركة المجتمعية"
COMMENTS = [
    "مبادرة رائعة نتمنى أن تصل إلى حينا.",
    "شاركت فيها متطوعًا وكانت تجربة ثرية.",
    "كيف يمكن للجمعيات الأخرى أن تتعاون معكم؟",
    "نحتاج مثل هذه المبادرات في الأحياء الجديدة.",
    "أثرها واضح على شباب الحي، شكرًا للقائمين عليها.",
    "هل هناك خطة لتوسيعها في العام القادم؟",
]
BULK_BOOTHS = 3


def seed(ctx) -> None:
    _azwa(ctx)
    _bulk(ctx)
    ctx.log(f"  {Showcase.objects.count()} initiatives shown at {Booth.objects.count()} booths, "
            f"{ShowcaseLike.objects.count()} likes, {ShowcaseComment.objects.count()} comments")


def _azwa(ctx) -> None:
    rng = ctx.rng
    event = Event.objects.filter(title_ar=AZWA_TITLE).select_related("created_by").first()
    if event is None or event.city_id is None or event.created_by is None:
        return
    actor = event.created_by
    # Neighbourhoods of the city with published initiatives there, the busiest first.
    places = (InitiativePlace.objects.filter(city=event.city_id, neighbourhood__isnull=False,
                                             initiative__status__in=PUBLISHED_STATUSES)
              .values("neighbourhood_id").annotate(n=Count("initiative_id", distinct=True)).order_by("-n",
                                                                                                     "neighbourhood_id"))
    chosen = [row["neighbourhood_id"] for row in places[:5]]
    from musharaka.geo.models import Neighbourhood

    shown = 0
    for order, neighbourhood in enumerate(Neighbourhood.objects.filter(pk__in=chosen).order_by("name_ar")):
        booth = exhibition.booth_create(actor=actor, event=event, data={
            "name_ar": f"جناح {neighbourhood.name_ar}", "name_en": f"{neighbourhood.name_en} booth".strip(),
            "number": f"{'ABCDE'[order]}{order + 1}", "location": "قاعة المعرض", "neighbourhood": neighbourhood,
            "order": order})
        initiatives = (Initiative.objects.filter(status__in=PUBLISHED_STATUSES, places__neighbourhood=neighbourhood)
                       .exclude(showcases__event=event).distinct().order_by("pk")[:3])
        for initiative in initiatives:
            exhibition.showcase_add(actor=actor, event=event, initiative=initiative, booth=booth, order=shown,
                                    blurb_ar="من نماذج المبادرات في أحياء العاصمة")
            shown += 1
    people = ctx.shared["people"]
    for showcase in Showcase.objects.filter(event=event).select_related("event", "initiative"):
        for person in rng.sample(people, min(len(people), rng.randint(2, 12))):
            exhibition.showcase_like(actor=person, showcase=showcase)
        for index, text in enumerate(rng.sample(COMMENTS, 3)):
            comment = exhibition.comment_post(actor=people[(showcase.pk + index) % len(people)], showcase=showcase,
                                              text=text)
            if index < 2:  # the third waits for the organisers
                exhibition.comment_moderate(actor=actor, comment=comment, action="approve")


def _bulk(ctx) -> None:
    """Bulk exhibitions: three booths, an initiative of the registry at each, likes by a few people."""
    rng = ctx.rng
    events = list(Event.objects.filter(kind=Kind.EXHIBITION, created_by__isnull=True).values_list("pk", flat=True))
    published = list(Initiative.objects.filter(status__in=PUBLISHED_STATUSES).values_list("pk", flat=True)[:5000])
    people = [person.pk for person in ctx.shared["people"]]
    if not events or len(published) < BULK_BOOTHS or not people:
        return
    Booth.objects.bulk_create([Booth(event_id=event_id, name_ar=f"جناح {n + 1}", number=f"{n + 1}", order=n)
                               for event_id in events for n in range(BULK_BOOTHS)], batch_size=5000)
    booths = list(Booth.objects.filter(event_id__in=events).order_by("pk").values_list("pk", "event_id"))
    likers = []
    showcases = []
    for booth_id, event_id in booths:
        chosen = rng.sample(people, min(len(people), rng.randint(0, 8)))
        likers.append(chosen)
        showcases.append(Showcase(event_id=event_id, booth_id=booth_id, initiative_id=rng.choice(published),
                                  like_count=len(chosen)))
    # ignore_conflicts: an event drawing one initiative twice keeps the first (and only its likes are written).
    Showcase.objects.bulk_create(showcases, batch_size=5000, ignore_conflicts=True)
    kept = dict(Showcase.objects.filter(event_id__in=events).values_list("booth_id", "pk"))
    now = timezone.now()
    rows = [(kept[showcase.booth_id], person, now) for showcase, chosen in zip(showcases, likers, strict=True)
            if showcase.booth_id in kept for person in chosen]
    insert_rows(ShowcaseLike, ["showcase_id", "user_id", "created_at"], rows)
