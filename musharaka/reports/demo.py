"""Demo residents' reports (see core seed_demo), after the organisations and people.

Routes first: in every region the first authority (a municipality, an amanah, a council) receives the region's
reports of every category, a city with its own authority keeps lighting, roads and cleanliness for itself, and a
government branch is the national default, so that every report has someone to answer it. The demo account
`municipality` (the demo password) is an editor of Riyadh's routed authority: its queue is the one to open.

Then a dozen reports through the services, in the words residents use (a street light out, an excavation left open,
graffiti on a school wall, litter behind a market, a neglected park) and walked through every status with public
notes. Then 2,000 reports a scale step (scale 100: 200,000) written with plain inserts (core.bulk), each with its
timeline (submitted, then acknowledged, in progress and its end as far as it went) and, when resolved, the kept
resolution_seconds the medians read: a lognormal time per category (lights are fixed in days, distorted facades
in weeks), longer in some regions.
"""

import datetime
import io
import json
import math
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.utils import timezone

from musharaka.core.bulk import insert_rows
from musharaka.core.management.commands.ensure_demo_admin import DEMO_PASSWORD
from musharaka.geo.models import City, Neighbourhood
from musharaka.orgs.models import Membership, Role, Sector

from . import services
from .models import Report, ReportStatus, ReportUpdate, Route, ServiceCategory, Source

REPORTS_PER_SCALE = 2_000
STAFF_USERNAME = "municipality"
CITY_CATEGORIES = ("lighting", "roads", "cleanliness")  # what a city's own municipality keeps
DAY = 86_400

# Median days to resolve per category (lognormal around it), and how much slower some regions are.
MEDIAN_DAYS = {"visual-distortion": 18, "lighting": 3, "roads": 9, "cleanliness": 1.5, "parks": 12, "other": 7}
CATEGORY_WEIGHTS = {"visual-distortion": 15, "lighting": 25, "roads": 20, "cleanliness": 25, "parks": 10,
                    "other": 5}

DESCRIPTIONS = {
    "visual-distortion": [
        "كتابات عشوائية على سور مدرسة {place} تشوه المنظر العام",
        "لوحة إعلانية قديمة متهالكة على واجهة محل في {place} وأجزاؤها معلقة",
        "مبنى مهجور في {place} نوافذه مكسورة وتتجمع حوله المخلفات",
        "أسلاك كهرباء وتمديدات مكشوفة على واجهات المباني في {place}",
        "مظلات سيارات عشوائية من الصفيح أمام المنازل في {place}",
    ],
    "lighting": [
        "عمود الإنارة أمام المسجد في {place} مطفأ منذ أسبوع والشارع مظلم بعد المغرب",
        "أعمدة الإنارة في الممشى بـ{place} لا تعمل والناس يتجنبون المشي ليلًا",
        "إنارة الشارع في {place} تعمل نهارًا وتنطفئ ليلًا",
        "عمود إنارة مائل في {place} وغطاء قاعدته مفتوح والأسلاك ظاهرة",
        "إنارة النفق عند مدخل {place} معطلة",
    ],
    "roads": [
        "حفرية تركتها شركة المقاولات مفتوحة في {place} دون حواجز أو إنارة تحذيرية",
        "حفرة كبيرة في الطريق الرئيسي بـ{place} تسببت في أضرار للسيارات",
        "الرصيف مكسور أمام مدرسة البنات في {place} والأطفال يمشون في الشارع",
        "غطاء تصريف مياه الأمطار مفقود في {place}",
        "تجمع مياه الأمطار في تقاطع {place} منذ أيام",
    ],
    "cleanliness": [
        "نفايات متراكمة خلف السوق في {place} والحاوية ممتلئة منذ أيام",
        "مخلفات بناء ملقاة في الأرض الفضاء المجاورة للحديقة في {place}",
        "أثاث قديم ومخلفات كبيرة مرمية بجوار الحاويات في {place}",
        "روائح كريهة من حاويات النفايات في {place} لعدم تفريغها",
        "انتشار المخلفات على جانبي الطريق في {place} بعد نهاية الأسبوع",
    ],
    "parks": [
        "ألعاب الأطفال في حديقة {place} مكسورة وحوافها حادة",
        "المسطحات الخضراء في حديقة {place} جفت لتوقف الري",
        "دورات المياه في حديقة {place} مغلقة منذ شهر",
        "الإنارة والمقاعد في حديقة {place} بحاجة إلى صيانة",
        "أشجار الحديقة في {place} تحتاج إلى تقليم وأغصانها تسد الممشى",
    ],
    "other": [
        "كلاب ضالة تتجمع قرب المدرسة في {place} صباحًا",
        "مطب صناعي غير مطابق وبلا دهان عاكس في {place}",
        "ضوضاء ورش السيارات في {place} حتى ساعات متأخرة من الليل",
    ],
}
NOTES: dict[str, list[str]] = {
    ReportStatus.ACKNOWLEDGED: ["وصل البلاغ إلى الفريق المختص", "تم استلام البلاغ وجدولة زيارة ميدانية",
                                "أحيل البلاغ إلى إدارة الصيانة"],
    ReportStatus.IN_PROGRESS: ["الفريق الميداني في الموقع", "بدأ المقاول أعمال المعالجة",
                               "طُلبت قطع الغيار اللازمة وبدأ العمل"],
    ReportStatus.RESOLVED: ["تمت المعالجة وإعادة الموقع إلى حالته", "استُبدل المصباح وعادت الإنارة",
                            "رُدمت الحفرية وأعيد سفلتة الموقع", "رُفعت المخلفات ونُظف الموقع",
                            "أزيلت الكتابات وأعيد دهان السور", "صينت الألعاب وأعيد افتتاح المنطقة"],
    ReportStatus.REJECTED: ["الموقع ملكية خاصة ولا يدخل في نطاق الأمانة", "لم يُعثر على المشكلة عند المعاينة",
                            "البلاغ لا يتضمن ما يكفي لتحديد الموقع"],
    ReportStatus.DUPLICATE: ["سبق الإبلاغ عن المشكلة نفسها وهي قيد المعالجة"],
}
STREETS = ["شارع الملك فهد", "شارع التحلية", "طريق الأمير سلطان", "شارع الورود", "شارع الستين", "شارع العروبة",
           "شارع الجامعة", "طريق الملك عبدالعزيز"]


def seed(ctx) -> None:
    categories = {category.code: category for category in ServiceCategory.objects.all()}
    routes = _routes(ctx, categories)
    staff = _staff_account(ctx, routes)
    _samples(ctx, categories, staff)
    count = bulk_count(ctx.scale)
    written, updates = seed_bulk(ctx, categories, count=count)
    ctx.log(f"  {len(routes)} report routes, {written} reports with {updates} timeline entries")


def bulk_count(scale: int) -> int:
    return REPORTS_PER_SCALE * scale


def _routes(ctx, categories: dict[str, ServiceCategory]) -> list[Route]:
    """Region routes to each region's first authority, city routes to a city's own, the national default."""
    organizations = ctx.shared["organizations"]
    authorities = [org for org in organizations if org.sector == Sector.AUTHORITY]
    if not authorities:
        return []
    by_region: dict[int, Any] = {}
    by_city: dict[int, Any] = {}
    for org in authorities:
        by_region.setdefault(org.region_id, org)
        if org.city_id and by_region[org.region_id].pk != org.pk:
            by_city.setdefault(org.city_id, org)
    national = next((org for org in organizations if org.sector == Sector.GOVERNMENT), None) or authorities[0]
    rows = [Route(category=category, organization=national) for category in categories.values()]
    for region_id, org in by_region.items():
        rows += [Route(category=category, region_id=region_id, organization=org) for category in categories.values()]
    for city_id, org in by_city.items():
        city = City.objects.get(pk=city_id)
        rows += [Route(category=categories[code], region_id=city.region_id, city_id=city_id, organization=org)
                 for code in CITY_CATEGORIES]
    return Route.objects.bulk_create(rows)


def _staff_account(ctx, routes: list[Route]):
    """The demo account `municipality`: editor of the authorities Riyadh's reports go to (the city's own for
    lighting, roads and cleanliness when it has one, the region's for the rest)."""
    riyadh = City.objects.get(region__code="SA-01", name_en="Riyadh")
    User = get_user_model()
    user = User.objects.create(username=STAFF_USERNAME, first_name="خالد", last_name="الدوسري",
                               email="municipality@musharaka.local", password=make_password(DEMO_PASSWORD))
    organizations = {services.route_for(category=category, region=riyadh.region, city=riyadh)
                     for category in ServiceCategory.objects.all()}
    Membership.objects.bulk_create([Membership(organization=organization, user=user, role=Role.EDITOR)
                                    for organization in organizations if organization is not None])
    ctx.shared["reports_staff"] = user
    return user


def _photo() -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (40, 44, 60))
    draw = ImageDraw.Draw(image)
    draw.rectangle((220, 40, 236, 300), fill=(120, 120, 120))  # a street-light pole at dusk
    draw.ellipse((200, 20, 256, 60), fill=(70, 70, 70))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=80)
    return SimpleUploadedFile("street.jpg", output.getvalue(), content_type="image/jpeg")


def _samples(ctx, categories: dict[str, ServiceCategory], staff) -> None:
    """A dozen reports in Riyadh through the services, in every status, with their notes."""
    rng = ctx.rng
    riyadh = City.objects.get(region__code="SA-01", name_en="Riyadh")
    neighbourhoods: list[Neighbourhood | None] = [*Neighbourhood.objects.filter(city=riyadh).order_by("pk")] or [None]
    people = ctx.shared["people"]
    walks: list[tuple[str, list[str], dict[str, Any], bool]] = [
        ("lighting", [], {"pole-number": "R-1207"}, True),
        ("lighting", ["acknowledged"], {"lights-out": "4"}, False),
        ("roads", ["acknowledged", "in_progress"], {"hazard": "high"}, False),
        ("roads", ["acknowledged", "in_progress", "resolved"], {"hazard": "medium"}, False),
        ("cleanliness", ["resolved"], {"waste": ["household", "bulky"]}, False),
        ("cleanliness", ["acknowledged", "resolved"], {"waste": ["construction"]}, False),
        ("visual-distortion", ["acknowledged", "in_progress"], {"kind": "graffiti"}, False),
        ("visual-distortion", ["rejected"], {"kind": "building"}, False),
        ("parks", ["acknowledged", "in_progress", "resolved"], {}, False),
        ("parks", [], {}, False),
        ("other", ["acknowledged"], {}, False),
    ]
    first_lighting = None
    for number, (code, steps, attributes, with_photo) in enumerate(walks):
        neighbourhood = neighbourhoods[number % len(neighbourhoods)]
        place = neighbourhood.name_ar if neighbourhood else riyadh.name_ar
        data: dict[str, Any] = {
            "description": rng.choice(DESCRIPTIONS[code]).format(place=f"حي {place}"),
            "city_id": riyadh.pk, "neighbourhood_id": getattr(neighbourhood, "pk", None),
            "latitude": f"{float(riyadh.latitude or 0) + rng.uniform(-0.03, 0.03):.6f}",
            "longitude": f"{float(riyadh.longitude or 0) + rng.uniform(-0.03, 0.03):.6f}",
            "address": rng.choice(STREETS),
        }
        reporter = people[number * 7 % len(people)] if number % 3 == 0 or code == "other" else None
        if reporter is None:
            data.update(contact_name="مقيم في الحي" if number % 2 else "", anonymous=number % 2 == 0,
                        contact_email="" if number % 2 == 0 else f"resident{number}@example.org")
        report = services.report_create(actor=reporter, category=categories[code], data=data,
                                        photo=_photo() if with_photo else None, attributes=attributes)
        first_lighting = first_lighting or (report if code == "lighting" else None)
        for status in steps:
            report = services.report_change_status(actor=staff, report=report, status=status,
                                                   note=rng.choice(NOTES[status]))
    copy = services.report_create(actor=None, category=categories["lighting"], data={
        "description": "الإنارة مطفأة أمام المسجد والشارع مظلم", "city_id": riyadh.pk,
        "neighbourhood_id": first_lighting.neighbourhood_id if first_lighting else None, "anonymous": True})
    services.report_change_status(actor=staff, report=copy, status="duplicate", duplicate_of=first_lighting,
                                  note=NOTES[ReportStatus.DUPLICATE][0])


def _path(rng, status: str) -> list[str]:
    """The statuses a report passed through after submission, ending at `status`."""
    if status == ReportStatus.SUBMITTED:
        return []
    if status == ReportStatus.ACKNOWLEDGED:
        return [status]
    if status == ReportStatus.IN_PROGRESS:
        return [ReportStatus.ACKNOWLEDGED, status]
    middle = [ReportStatus.ACKNOWLEDGED] if rng.random() < 0.8 else []
    if status == ReportStatus.RESOLVED and middle and rng.random() < 0.6:
        middle.append(ReportStatus.IN_PROGRESS)
    return [*middle, status]


def _status(rng, age_days: float) -> str:
    """Older reports are mostly closed; the last weeks' are mostly open."""
    roll = rng.random()
    closed = min(0.95, 0.25 + age_days / 60)
    if roll < closed:
        end = rng.random()
        return ReportStatus.RESOLVED if end < 0.86 else ReportStatus.REJECTED if end < 0.94 else \
            ReportStatus.DUPLICATE
    open_roll = rng.random()
    return ReportStatus.SUBMITTED if open_roll < 0.4 else ReportStatus.ACKNOWLEDGED if open_roll < 0.7 else \
        ReportStatus.IN_PROGRESS


def seed_bulk(ctx, categories: dict[str, ServiceCategory], *, count: int) -> tuple[int, int]:
    """`count` reports over the last two years with their timelines, routed as the services would route them."""
    rng = ctx.rng
    cities = list(City.objects.select_related("region").exclude(latitude=None).order_by("pk"))
    # Saudi cities weigh more than Syrian ones (the demo's organisations do too); big cities more than small.
    weights = [(3 if city.region.code.startswith("SA") else 1) * (4 if index % 5 == 0 else 1)
               for index, city in enumerate(cities)]
    neighbourhoods: dict[int, list[Neighbourhood]] = {}
    for row in Neighbourhood.objects.order_by("pk"):
        neighbourhoods.setdefault(row.city_id, []).append(row)
    routed: dict[tuple[int, int], int | None] = {}
    people = [person.pk for person in ctx.shared["people"]]
    staff = ctx.shared.get("reports_staff")
    codes = list(CATEGORY_WEIGHTS)
    code_weights = [CATEGORY_WEIGHTS[code] for code in codes]
    region_slowness = {city.region_id: 0.8 + (city.region_id % 5) * 0.15 for city in cities}
    now = timezone.now()
    start = now - datetime.timedelta(days=730)
    moments = sorted(start + datetime.timedelta(seconds=rng.uniform(0, 730 * DAY - 3600)) for _ in range(count))
    first_id = (Report.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    report_rows: list[tuple] = []
    update_rows: list[tuple] = []
    for index, created in enumerate(moments):
        code = rng.choices(codes, code_weights)[0]
        category = categories[code]
        city = rng.choices(cities, weights)[0]
        key = (category.pk, city.pk)
        if key not in routed:
            organization = services.route_for(category=category, region=city.region, city=city)
            routed[key] = organization.pk if organization else None
        choices = neighbourhoods.get(city.pk)
        neighbourhood: Neighbourhood | None = rng.choice(choices) if choices and rng.random() < 0.75 else None
        place = f"حي {neighbourhood.name_ar}" if neighbourhood else city.name_ar
        latitude = longitude = None
        if rng.random() < 0.6:
            latitude = round(float(city.latitude) + rng.uniform(-0.05, 0.05), 6)
            longitude = round(float(city.longitude) + rng.uniform(-0.05, 0.05), 6)
        age_days = (now - created).total_seconds() / DAY
        status = _status(rng, age_days)
        path = _path(rng, status)
        # The time to the end: lognormal around the category's median, scaled by the region, within the age.
        span = MEDIAN_DAYS[code] * DAY * region_slowness[city.region_id] * math.exp(rng.gauss(0, 0.7))
        span = max(1800.0, min(span, (now - created).total_seconds() - 60))
        moments_of = [created + datetime.timedelta(seconds=span * (step + 1) / len(path)) for step in range(len(path))]
        closed_at = moments_of[-1] if status in (ReportStatus.RESOLVED, ReportStatus.REJECTED,
                                                 ReportStatus.DUPLICATE) else None
        acknowledged_at = moments_of[0] if path else None
        note = rng.choice(NOTES[status]) if status in NOTES else ""
        kind = rng.random()
        anonymous = code != "other" and kind < 0.45
        reporter = rng.choice(people) if not anonymous and kind < 0.75 else None
        contact_name = "" if anonymous or reporter else "مقيم في " + place
        contact_email = f"resident{index}@example.org" if contact_name and kind < 0.9 else ""
        contact_phone = "" if contact_email or not contact_name else f"05{rng.randint(10_000_000, 99_999_999)}"
        attributes = _attributes(rng, code)
        report_rows.append((
            first_id + index, created, closed_at or (moments_of[-1] if path else created), category.pk,
            routed[key], rng.choice(DESCRIPTIONS[code]).format(place=place), latitude, longitude,
            rng.choice(STREETS) if rng.random() < 0.5 else "", city.region_id, city.pk,
            neighbourhood.pk if neighbourhood else None, "", "", json.dumps(attributes, ensure_ascii=False), status,
            note, None, reporter, contact_name, contact_email, contact_phone, anonymous, secrets.token_urlsafe(24),
            Source.WEB if kind < 0.85 else Source.OPEN311, None, acknowledged_at, closed_at,
            int(span) if status == ReportStatus.RESOLVED else None,
        ))
        update_rows.append((first_id + index, "", ReportStatus.SUBMITTED, "", reporter, created))
        previous: str = ReportStatus.SUBMITTED
        for step, moment in zip(path, moments_of, strict=True):
            update_rows.append((first_id + index, previous, step, note if step == status else
                                rng.choice(NOTES[step]) if step in NOTES else "",
                                staff.pk if staff else None, moment))
            previous = step
    insert_rows(Report, ["id", "created_at", "updated_at", "category_id", "organization_id", "description", "latitude",
                         "longitude", "address", "region_id", "city_id", "neighbourhood_id", "photo", "media_url",
                         "attributes", "status", "status_note", "duplicate_of_id", "reporter_id", "contact_name",
                         "contact_email", "contact_phone", "anonymous", "token", "source", "api_key_id",
                         "acknowledged_at", "closed_at", "resolution_seconds"], report_rows)
    insert_rows(ReportUpdate, ["report_id", "status_from", "status_to", "note", "author_id", "created_at"],
                update_rows)
    _reset_sequence(Report)
    return len(report_rows), len(update_rows)


def _attributes(rng, code: str) -> dict[str, Any]:
    if code == "roads":
        return {"hazard": rng.choice(["low", "medium", "medium", "high"])}
    if code == "lighting" and rng.random() < 0.5:
        return {"pole-number": f"R-{rng.randint(100, 9999)}"}
    if code == "cleanliness" and rng.random() < 0.5:
        return {"waste": rng.sample(["household", "construction", "bulky"], rng.randint(1, 2))}
    if code == "visual-distortion" and rng.random() < 0.6:
        return {"kind": rng.choice(["graffiti", "signs", "building", "other"])}
    return {}


def _reset_sequence(model) -> None:
    """Rows written with their ids: PostgreSQL's sequence must move past them (SQLite follows the largest id)."""
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), [model])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
