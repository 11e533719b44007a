"""Demo development media (called from events.demo.seed): news posts written from the samples' content (our own
short posts in the press's register, not the articles), and a few photos drawn with Pillow for the sample forums
(the Khobar forum's signings are partnerships agreements, entered by partnerships.demo); then a news post or two on the
bulk's past published events, written in bulk (no photos there: files for thousands of events would make seeding
slow for nothing)."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from . import media
from .models import Event, NewsPost

# The sample forums by their Arabic title → [(title, paragraphs)]; the newest post last.
POSTS = {
    "الملتقى الخامس للمبادرات والتجارب التنموية في إمارات المناطق": [
        ("أمير منطقة المدينة المنورة يرعى انطلاق الملتقى الخامس للمبادرات والتجارب التنموية", [
            "برعاية صاحب السمو الملكي أمير منطقة المدينة المنورة، انطلقت في مركز الملك سلمان الدولي للمؤتمرات "
            "أعمال الملتقى الخامس للمبادرات والتجارب التنموية في إمارات المناطق، ويستمر يومين بمشاركة إمارات "
            "المناطق والجهات الحكومية والقطاعين الخاص وغير الربحي.",
            "ويستعرض الملتقى أبرز المبادرات التنموية التي نفذتها إمارات المناطق مع شركائها، ويناقش سبل تعزيز "
            "التكامل بين المناطق ورفع جودة الحياة وفق مستهدفات رؤية المملكة 2030.",
        ]),
        ("جلسات حوارية تناقش التنمية المحلية وتكامل الأدوار بين القطاعات", [
            "ناقشت الجلسات الحوارية في اليوم الأول تجارب المناطق في إعداد خطط التنمية المحلية، ودور القطاع "
            "غير الربحي في تنفيذ المبادرات، وأهمية قياس أثرها على السكان.",
        ]),
        ("تكريم الفائزين بجوائز المناطق التنموية في ختام الملتقى", [
            "اختتم الملتقى أعماله بتكريم المبادرات الفائزة بجوائز المناطق التنموية، بعد يومين من الجلسات وورش "
            "العمل التي شارك فيها ممثلو القطاعات الخمسة.",
        ]),
    ],
    "ملتقى وجائزة عزوة للمشاركة المجتمعية": [
        ("أمانة الرياض تنظم ملتقى وجائزة عزوة للمشاركة المجتمعية", [
            "تنظم أمانة منطقة الرياض ملتقى وجائزة عزوة للمشاركة المجتمعية على مدى يومين، بمشاركة خبراء في "
            "التنمية الحضرية والعمل التطوعي، لإبراز الممارسات المتميزة التي مكّنت السكان من تحسين أحيائهم.",
            "ويصاحب الملتقى معرض لنماذج من مبادرات الأمانة وشركائها في أحياء العاصمة.",
        ]),
        ("معرض عزوة يعرض مبادرات الأحياء لزوار الملتقى", [
            "اطلع زوار الملتقى على مبادرات نفذتها الأمانة مع شركائها من الجهات الحكومية والخاصة وغير الربحية في "
            "أحياء الرياض، في جولة رافقهم فيها ممثلو المبادرات.",
        ]),
    ],
    "الملتقى الأول للمشاركة المجتمعية": [
        ("الملتقى الأول للمشاركة المجتمعية يواصل أعماله في الخبر", [
            "بحضور معالي نائب وزير الشؤون البلدية والقروية والإسكان، واصل الملتقى الأول للمشاركة المجتمعية "
            "فعالياته في يومه الثاني بفندق حياة جراند بالخبر، بجلسات حوارية وأوراق عمل وورش ودورات تدريبية.",
            "وتناولت الجلسات مساهمات القطاع الخاص في المسؤولية المجتمعية، وتجربة تشغيل مراكز الأحياء ودورها في "
            "أنسنة المدن، والمنصات الرقمية في ضوء الخدمات المجتمعية.",
        ]),
        ("أمانة المنطقة الشرقية توقع مذكرة تفاهم واتفاقية شراكة في ختام اليوم الثاني", [
            "أبرمت أمانة المنطقة الشرقية مذكرة تفاهم مع شركة شباب مجتمعي الوقفية التابعة لجمعية استدامة للتنمية "
            "المستدامة، لتعزيز العمل المشترك وإطلاق مبادرات نوعية في خدمة المجتمع ونشر ثقافة التنمية المستدامة.",
            "كما وقعت الأمانة اتفاقية مع شركة معارف لتحقيق أهداف المسؤولية الاجتماعية، من بينها تجميل الميادين "
            "العامة والمرافق.",
        ]),
    ],
    "لقاء تنسيقي بين البلدية ووزارة الموارد البشرية والتنمية الاجتماعية والجمعيات الأهلية": [
        ("لقاء تنسيقي يجمع البلدية وفرع الوزارة والجمعيات الأهلية", [
            "عقدت البلدية لقاءً تنسيقيًا مع فرع وزارة الموارد البشرية والتنمية الاجتماعية والجمعيات الأهلية في "
            "المدينة، لتوحيد الجهود في خدمة الأحياء وتوزيع الأدوار في المبادرات المقبلة.",
        ]),
    ],
}
# Captions of the drawn photos (Arabic, English), cycled.
CAPTIONS = [
    ("الجلسة الافتتاحية للملتقى", "The forum's opening session"),
    ("جلسة حوارية بمشاركة القطاعات", "A dialogue session with the sectors"),
    ("ورشة عمل قياس الأثر الاجتماعي", "The social impact workshop"),
    ("جانب من الحضور", "Part of the audience"),
    ("توقيع مذكرة التفاهم", "The signing of the MoU"),
]
COLOURS = [(20, 110, 90), (180, 140, 60), (40, 70, 130), (150, 60, 60), (90, 90, 90)]
BULK_TITLES = ["انطلاق أعمال {title}", "اختتام {title} بتوصيات للمرحلة المقبلة"]
BULK_BODY = ("شهدت الفعالية مشاركة ممثلين عن الجهات الحكومية والقطاعين الخاص وغير الربحي، وناقشت سبل تعزيز "
             "المشاركة المجتمعية في الأحياء.\n\nوأكد المنظمون أهمية البناء على مخرجاتها في المبادرات المقبلة.")


def drawn_photo(number: int, size=(640, 400)) -> SimpleUploadedFile:
    """A small JPEG drawn with Pillow: a hall's stage, rows of seats and a screen, in one of five colours."""
    colour = COLOURS[number % len(COLOURS)]
    image = Image.new("RGB", size, (235, 232, 225))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle((40, 30, width - 40, height // 2), fill=colour)  # the screen
    draw.rectangle((width // 2 - 90, height // 2 + 10, width // 2 + 90, height // 2 + 50), fill=(120, 80, 50))
    for row in range(3):
        for seat in range(10):
            x = 30 + seat * (width - 60) // 10
            y = height // 2 + 80 + row * 40
            draw.ellipse((x, y, x + 30, y + 25), fill=(60 + row * 30, 60, 60))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=70)
    return SimpleUploadedFile(f"demo-{number}.jpg", output.getvalue())


def seed(ctx, samples: list[Event], *, admin_of) -> None:
    posts = photos = 0
    by_title = {event.title_ar: event for event in samples}
    for title, items in POSTS.items():
        event = by_title.get(title)
        if event is None:
            continue
        actor = admin_of(event.organization)
        for post_title, paragraphs in items:
            media.news_post_create(actor=actor, event=event, data={
                "title_ar": post_title, "body_ar": "\n\n".join(paragraphs), "is_published": event.is_published})
            posts += 1
        count = 4 if title == "الملتقى الأول للمشاركة المجتمعية" else 2
        for number in range(count):
            caption_ar, caption_en = CAPTIONS[(number + len(items)) % len(CAPTIONS)]
            media.photos_add(actor=actor, event=event, uploads=[drawn_photo(number + photos)], spec=media.PhotoSpec(
                caption_ar=caption_ar, caption_en=caption_en, taken_on=timezone.localtime(event.starts_at).date()))
        photos += count
    posts += _bulk(ctx)
    # The Khobar forum's signings are partnerships agreements, entered by partnerships.demo (which runs after).
    ctx.log(f"  {posts} event news posts, {photos} event photos")


def _bulk(ctx) -> int:
    """One or two published posts on the bulk's past published events (no files, no history rows)."""
    now = timezone.now()
    rng = ctx.rng
    rows = []
    events = (Event.objects.filter(is_published=True, ends_at__lt=now, news_posts__isnull=True)
              .values_list("pk", "title_ar", "ends_at").order_by("pk"))
    for pk, title, ends_at in events.iterator():
        for number in range(rng.randint(1, 2)):
            when = ends_at - datetime.timedelta(days=1 - number, hours=2)
            rows.append(NewsPost(event_id=pk, title_ar=BULK_TITLES[number].format(title=title)[:250], body_ar=BULK_BODY,
                                 is_published=True, published_at=when))
    NewsPost.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
