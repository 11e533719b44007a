"""Demo organisations, people, memberships and coordinators (see core seed_demo)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from musharaka.core import search
from musharaka.core.demo_words import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES, MALE_NAMES_EN
from musharaka.core.management.commands.ensure_demo_admin import DEMO_PASSWORD
from musharaka.geo.models import City, Region

from .models import Membership, Organization, RegionCoordinator, Role, Sector
from .services import SEARCH_KIND, organization_search_texts

ORGANIZATIONS_PER_SCALE = 200

# (sector, weight, [(Arabic pattern, English pattern)]); {region}, {city}, {family}, {n} are filled in.
PATTERNS = [
    (Sector.AUTHORITY, 8, [
        ("أمانة منطقة {region}", "{region_en} Region Municipality"),
        ("إمارة منطقة {region}", "{region_en} Region Emirate"),
        ("بلدية {city}", "{city_en} Municipality"),
        ("بلدية محافظة {city}", "{city_en} Governorate Municipality"),
        ("مجلس مدينة {city}", "{city_en} City Council"),
    ]),
    (Sector.GOVERNMENT, 12, [
        ("فرع وزارة الموارد البشرية والتنمية الاجتماعية بمنطقة {region}",
         "Ministry of Human Resources and Social Development, {region_en} branch"),
        ("فرع وزارة البلديات والإسكان بمنطقة {region}", "Ministry of Municipalities and Housing, {region_en} branch"),
        ("هيئة تطوير منطقة {region}", "{region_en} Development Authority"),
        ("مديرية الشؤون الاجتماعية في {city}", "{city_en} Social Affairs Directorate"),
        ("المديرية العامة للتعليم بمنطقة {region}", "{region_en} Education Directorate"),
        ("مكتب الضمان الاجتماعي في {city}", "{city_en} Social Security Office"),
    ]),
    (Sector.NONPROFIT, 50, [
        ("جمعية البر الخيرية ب{city}", "Al-Birr Charity Association, {city_en}"),
        ("جمعية التنمية الأهلية بحي {n} في {city}", "Community Development Association of district {n}, {city_en}"),
        ("جمعية أصدقاء البيئة ب{city}", "Friends of the Environment, {city_en}"),
        ("جمعية رعاية الأيتام ب{city}", "Orphan Care Association, {city_en}"),
        ("مؤسسة {family} الخيرية", "{family_en} Charitable Foundation"),
        ("جمعية الإسكان التنموي ب{region}", "Development Housing Association, {region_en}"),
        ("جمعية تحفيظ القرآن الكريم ب{city}", "Quran Memorisation Association, {city_en}"),
        ("جمعية الأشخاص ذوي الإعاقة ب{city}", "Association for Persons with Disabilities, {city_en}"),
        ("شركة {family} الوقفية", "{family_en} Waqf Company"),
        ("مركز حي {n} الاجتماعي ب{city}", "Neighbourhood Centre {n}, {city_en}"),
        ("جمعية الشباب التطوعية ب{city}", "Youth Volunteering Association, {city_en}"),
        ("جمعية تنمية المرأة ب{city}", "Women's Development Association, {city_en}"),
    ]),
    (Sector.PRIVATE, 18, [
        ("شركة {family} للتطوير العقاري", "{family_en} Real Estate Development Co."),
        ("مجموعة {family} القابضة", "{family_en} Holding Group"),
        ("شركة {city} للخدمات البيئية", "{city_en} Environmental Services Co."),
        ("مصنع {family} للمنتجات الغذائية", "{family_en} Food Products Factory"),
        ("شركة {family} للاتصالات وتقنية المعلومات", "{family_en} Telecom and IT Co."),
    ]),
    (Sector.ACADEMIC_EXPERT, 12, [
        ("جامعة {city}", "University of {city_en}"),
        ("كلية {city} التقنية", "{city_en} Technical College"),
        ("مركز {region} للدراسات والبحوث التنموية", "{region_en} Centre for Development Studies"),
        ("كرسي التنمية المستدامة بجامعة {city}", "Sustainable Development Chair, University of {city_en}"),
        ("د. {person} {family} — خبير تنمية محلية", "Dr {person_en} {family_en}, local development expert"),
    ]),
]

DESCRIPTIONS = [
    "تعمل على تمكين المجتمع المحلي وتعزيز المشاركة المجتمعية في تنمية الأحياء.",
    "تسهم في تحقيق مستهدفات التنمية المستدامة وجودة الحياة في المنطقة بالشراكة مع القطاعات الثلاثة.",
    "تقدم برامج نوعية في التطوع والتدريب وبناء القدرات للشباب والأسر.",
    "تدعم المبادرات التنموية وتنقل التجارب الناجحة بين المناطق والمحافظات.",
    "تعنى بتحسين المشهد الحضري وخدمة سكان الأحياء ورصد احتياجاتهم.",
]


def _english(family: str) -> str:
    return family.removeprefix("ال").strip() or family


def seed(ctx) -> None:
    rng = ctx.rng
    count = ORGANIZATIONS_PER_SCALE * ctx.scale
    regions = list(Region.objects.all())
    cities_by_region: dict[int, list[City]] = {}
    for item in City.objects.all():
        cities_by_region.setdefault(item.region_id, []).append(item)
    # Weight regions so that the big ones hold more organisations, as in life.
    big_regions = {"SA-01", "SA-02", "SA-04", "SY-DI", "SY-HL"}
    region_weights = [
        max(1, len(cities_by_region.get(region.pk, ()))) * (3 if region.code in big_regions else 1)
        for region in regions
    ]
    sector_weights = [weight for _sector, weight, _patterns in PATTERNS]

    organizations = []
    for index in range(count):
        sector, _weight, patterns = rng.choices(PATTERNS, weights=sector_weights)[0]
        region = rng.choices(regions, weights=region_weights)[0]
        city = rng.choice(cities_by_region[region.pk]) if cities_by_region.get(region.pk) else None
        family = rng.choice(FAMILY_NAMES)
        person = rng.choice(MALE_NAMES)
        arabic, english = rng.choice(patterns)
        if region.kind == Region.Kind.GOVERNORATE:  # Syrian governorates have councils, not amanahs
            arabic = arabic.replace("أمانة منطقة", "مجلس محافظة").replace("إمارة منطقة", "محافظة")
            arabic = arabic.replace("بمنطقة", "في محافظة").replace("هيئة تطوير منطقة", "هيئة تطوير محافظة")
            english = english.replace("Region Municipality", "Governorate Council")
            english = english.replace("Region Emirate", "Governorate")
        values = {
            "region": region.name_ar, "region_en": region.name_en,
            "city": city.name_ar if city else region.name_ar, "city_en": city.name_en if city else region.name_en,
            "family": family, "family_en": _english(family).title(),
            "person": person, "person_en": MALE_NAMES_EN[MALE_NAMES.index(person)],
            "n": index % 97 + 1,
        }
        organizations.append(
            Organization(
                name_ar=arabic.format(**values)[:200],
                name_en=english.format(**values)[:200],
                sector=sector,
                region=region,
                city=city,
                description_ar=rng.choice(DESCRIPTIONS),
                phone=f"+966 1{rng.randint(1, 7)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                verified=rng.random() < 0.7,
            )
        )
    Organization.objects.bulk_create(organizations, batch_size=2000)
    organizations = list(Organization.objects.select_related("region", "city").order_by("pk"))

    people = _seed_people(ctx, count=int(count * 1.5))
    memberships = []
    taken: set[tuple[int, int]] = set()
    for position, organization in enumerate(organizations):
        members = rng.randint(1, 3)
        for slot in range(members):
            user = people[(position * 3 + slot * 7 + rng.randint(0, 5)) % len(people)]
            if (organization.pk, user.pk) in taken:
                continue
            taken.add((organization.pk, user.pk))
            role = Role.ADMIN if slot == 0 else rng.choice([Role.EDITOR, Role.EDITOR, Role.VIEWER])
            memberships.append(Membership(organization=organization, user=user, role=role))
    # Known demo accounts: an organisation admin and a coordinator of Riyadh region.
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    org_admin = User.objects.create(username="orgadmin", first_name="نورة", last_name="القحطاني",
                                    email="orgadmin@musharaka.local", password=password)
    coordinator = User.objects.create(username="coordinator", first_name="فهد", last_name="العتيبي",
                                      email="coordinator@musharaka.local", password=password)
    riyadh = next(region for region in regions if region.code == "SA-01")
    first_riyadh = next(org for org in organizations if org.region_id == riyadh.pk)
    memberships.append(Membership(organization=first_riyadh, user=org_admin, role=Role.ADMIN))
    Membership.objects.bulk_create(memberships, batch_size=5000)
    coordinators = [RegionCoordinator(region=riyadh, user=coordinator)]
    for region in regions:
        if region.pk != riyadh.pk:
            coordinators.append(RegionCoordinator(region=region, user=rng.choice(people)))
    RegionCoordinator.objects.bulk_create(coordinators)

    search.index_many(SEARCH_KIND, ((org.pk, organization_search_texts(org)) for org in organizations), fresh=True)
    ctx.shared["organizations"] = organizations
    ctx.shared["people"] = people
    ctx.log(f"  {len(organizations)} organisations, {len(people)} people, {len(memberships)} memberships")


def _seed_people(ctx, *, count: int) -> list:
    User = get_user_model()
    rng = ctx.rng
    password = make_password(DEMO_PASSWORD)  # hashed once: the demo people share one password
    users = []
    for index in range(count):
        female = rng.random() < 0.5
        first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        users.append(
            User(
                username=f"user{index + 1}",
                first_name=first,
                last_name=rng.choice(FAMILY_NAMES),
                email=f"user{index + 1}@demo.musharaka.local",
                password=password,
                preferred_language="ar" if rng.random() < 0.85 else "en",
            )
        )
    User.objects.bulk_create(users, batch_size=5000)
    return list(User.objects.filter(username__startswith="user").order_by("pk"))
