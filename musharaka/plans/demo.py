"""Demo local development plans and their results (see core seed_demo), after the organisations, initiatives and
events they draw on; the results framework's demo data is written here too (results has no demo of its own).

First the samples, entered through the services, in the words of the forums in shared/samples: a city workshop's
plan for four neighbourhoods of east Riyadh, prepared with residents (needs by neighbourhood, votes of youth, women,
elders and organisations, the scoring matrix filled in), its goals aligned to the SDGs and Vision 2030, actions led
by a civil association, a university and a private company with linked initiatives of the registry, indicators
with approved, pending and returned updates broken down by sex and age group, a periodic review that opened a
revision and the approved version 2 (version 1 stays readable), and a risk register; a plan for Aleppo's
neighbourhoods (a Syrian governorate's council: goals aligned to the SDGs and a regional recovery objective),
approved with its updates; Madinah's plan still in public consultation. The known demo accounts are
`planauthority` (an editor of the three authorities) and `planpartner` (an editor of the partner association that
leads actions in Riyadh and Aleppo), with the demo password. Some published initiatives get results of their own.

Then plans in bulk: 5 a scale step (scale 100: 500 plans, 50,000 needs, 1,000,000 votes, 15,000 actions), written
with bulk_create and core.bulk.insert_rows. What the services keep on write is written here too, computed by the
same functions: each need's votes (all and per participant group) counted from the votes planned, its matrix score
by priority.matrix_score, each action's, goal's and plan's progress by priority.progress_of_*, the plans' need and
vote counts; approved plans keep the snapshot services.plan_snapshot makes.
"""

import datetime
import time
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from musharaka.core import search
from musharaka.core.bulk import insert_rows
from musharaka.core.management.commands.ensure_demo_admin import DEMO_PASSWORD
from musharaka.geo.models import City, Neighbourhood, Region
from musharaka.orgs.models import Membership, Organization, Role, Sector
from musharaka.results import rollup
from musharaka.results.services import STEP

from . import priority, services
from .models import (
    Action,
    ActionStatus,
    Alignment,
    FundingSource,
    Goal,
    GoalRating,
    Need,
    NeedCategory,
    NeedScore,
    NeedSource,
    NeedStatus,
    NeedVote,
    ParticipantGroup,
    Plan,
    PlanStatus,
    PlanVersion,
    PriorityCriterion,
    Review,
    ReviewKind,
    ReviewRating,
    Risk,
    RiskCategory,
    RiskStatus,
)
from .services import DEFAULT_CRITERIA, SEARCH_KIND

PLANS_PER_SCALE = 5
NEEDS_PER_PLAN = 100
VOTES_PER_PLAN = 2000
GOALS_PER_PLAN = 5
ACTIONS_PER_GOAL = 6
AUTHORITY_USERNAME = "planauthority"
PARTNER_USERNAME = "planpartner"
GROUPS = [group.value for group in ParticipantGroup]
GROUP_WEIGHTS = [30, 30, 10, 5, 25]  # youth, women, elders, organisations, other residents

# (category code, title pattern with {hood}, description): what residents say, in the forums' vocabulary.
NEED_THEMES = [
    ("infrastructure", "ضعف الإنارة في الشوارع الداخلية بحي {hood}",
     "الشوارع الداخلية مظلمة بعد المغرب، ويتجنب السكان المشي فيها ولا سيما النساء وكبار السن."),
    ("infrastructure", "تهالك الأرصفة وغياب ممرات المشاة في {hood}",
     "الأرصفة مكسرة أو مشغولة بالسيارات، والأطفال يمشون إلى المدارس في عرض الطريق."),
    ("public_services", "تأخر رفع النفايات وتراكمها في {hood}",
     "تتراكم النفايات قرب الحاويات أياما، وتنتشر الروائح والحشرات في الصيف."),
    ("health", "بعد المركز الصحي عن سكان حي {hood}",
     "أقرب مركز رعاية أولية على بعد كيلومترات، ولا توجد وسيلة نقل عام تصل إليه."),
    ("education", "نقص برامج التدريب المهني لشباب {hood}",
     "الشباب بعد الثانوية لا يجدون برامج تدريب تؤهلهم لسوق العمل قريبة من الحي."),
    ("economy", "قلة فرص العمل للنساء في {hood}",
     "تحتاج النساء إلى مشاريع منزلية ومراكز عمل قريبة وحضانات للأطفال ليعملن."),
    ("environment", "غياب الحدائق والمساحات الخضراء في {hood}",
     "لا توجد حديقة عامة يمشي فيها السكان أو يلعب فيها الأطفال، والأراضي البيضاء مهملة."),
    ("social", "عزلة كبار السن في {hood}",
     "كثير من كبار السن يعيشون وحدهم ويحتاجون إلى زيارات منتظمة ومركز نهاري للأنشطة."),
    ("culture", "لا يوجد مركز للشباب والأنشطة الرياضية في {hood}",
     "الشباب يقضون أوقاتهم في الشوارع، والحي يحتاج إلى ملعب ومركز للأنشطة والتطوع."),
    ("housing", "تشوه المشهد الحضري في واجهات {hood}",
     "المباني المهجورة والكتابات على الجدران والأراضي المسورة بالصفيح تشوه الحي."),
    ("transport", "ازدحام المرور عند مدارس {hood}",
     "يتكدس المرور عند بداية الدوام المدرسي ونهايته ولا توجد مواقف ولا ممرات آمنة."),
    ("digital", "صعوبة الوصول إلى الخدمات البلدية الرقمية لسكان {hood}",
     "كبار السن وبعض الأسر لا يعرفون كيف يقدمون طلباتهم إلكترونيا ويحتاجون إلى من يساعدهم."),
]
# (Arabic, English) goals of the bulk plans, with the SDGs and national objectives they align with.
GOAL_THEMES = [
    ("أحياء آمنة ومضاءة وممرات مشاة متصلة", "Safe, lit neighbourhoods with connected walkways", ["SDG 11"],
     ["V2030-1.2"]),
    ("خدمات صحية واجتماعية قريبة من السكان", "Health and social services close to residents", ["SDG 3", "SDG 10"],
     ["V2030-1"]),
    ("فرص عمل وتدريب للشباب والنساء", "Jobs and training for youth and women", ["SDG 8", "SDG 5"],
     ["V2030-2.3"]),
    ("بيئة نظيفة ومساحات خضراء", "A clean environment and green spaces", ["SDG 11", "SDG 13"], ["V2030-1.2"]),
    ("شراكة فاعلة مع القطاع غير الربحي والقطاع الخاص", "Partnership with non-profits and the private sector",
     ["SDG 17"], ["V2030-3.2.3"]),
]
ACTION_THEMES = [
    "تركيب إنارة موفرة للطاقة في الشوارع الداخلية", "تأهيل الأرصفة وممرات المشاة حول المدارس",
    "إنشاء حديقة حي بمشاركة السكان والمتطوعين", "عيادة متنقلة تزور الحي أسبوعيا",
    "برنامج تدريب مهني للشباب بالشراكة مع الكلية التقنية", "حاضنة للمشاريع المنزلية للنساء",
    "مركز نهاري لكبار السن تديره جمعية أهلية", "حملة تطوعية شهرية لتحسين المشهد الحضري",
    "نقاط مساعدة رقمية في مراكز الأحياء", "فرز النفايات من المصدر ونقاط تجميع في الأحياء",
    "دراسة مرورية لمحيط المدارس وتنفيذ حلولها", "ملعب ومركز أنشطة للشباب",
]
VISIONS = [
    "أحياء آمنة ونابضة بالحياة يشارك سكانها في صنع قرارها، وخدمات قريبة من كل أسرة.",
    "مدينة مزدهرة بجودة حياة عالية، وشراكة حقيقية بين الجهات الحكومية والقطاع غير الربحي والقطاع الخاص والسكان.",
    "مجتمع محلي متماسك، وفرص عادلة للشباب والنساء، وبيئة نظيفة مستدامة للأجيال القادمة.",
]
RISKS = [
    ("تأخر اعتماد الميزانية", RiskCategory.FINANCIAL, "إدارة الميزانية في الأمانة",
     "جدولة التنفيذ على مراحل وتنويع مصادر التمويل", "تأجيل الإجراءات الأقل أولوية"),
    ("ضعف مشاركة السكان في المتابعة", RiskCategory.SOCIAL, "لجنة الحي",
     "لقاءات دورية في الحي ونشر التقدم على المنصة", "استطلاع هاتفي لعينة من الأسر"),
    ("انسحاب أحد الشركاء المنفذين", RiskCategory.INSTITUTIONAL, "فريق الخطة",
     "اتفاقيات شراكة مكتوبة بمؤشرات والتزامات واضحة", "شريك بديل من سجل الجهات"),
    ("ارتفاع تكاليف المواد والمقاولات", RiskCategory.FINANCIAL, "إدارة المشاريع",
     "عقود بأسعار ثابتة ومنافسة مفتوحة", "تقليص نطاق الإجراء مع الحفاظ على أثره"),
    ("تعارض الأعمال مع مشاريع البنية التحتية الأخرى", RiskCategory.OPERATIONAL, "إدارة التنسيق",
     "تنسيق مسبق مع الجهات الخدمية", "إعادة جدولة الأعمال"),
    ("السيول الموسمية", RiskCategory.ENVIRONMENTAL, "الدفاع المدني والأمانة",
     "تصريف مياه الأمطار قبل الموسم", "خطة طوارئ وإخلاء"),
]
FINDINGS = ("تقدم جيد في الإجراءات الميدانية وتأخر في إجراءات التدريب بسبب تأخر التعاقد مع الجهة المنفذة.",
            "تحققت مستهدفات العام في الإنارة والنظافة، وتحتاج برامج الشباب إلى شريك إضافي.")


def seed(ctx) -> None:
    started = time.monotonic()
    _samples(ctx)
    sampled = time.monotonic()
    count = _seed_bulk(ctx)
    ctx.log(f"  {Plan.objects.count()} plans ({count} in bulk), {Need.objects.count()} needs, "
            f"{NeedVote.objects.count()} votes, {Action.objects.count()} actions "
            f"(samples {sampled - started:.1f}s, bulk {time.monotonic() - sampled:.1f}s)")


# ---------------------------------------------------------------- the samples, through the services


def _organization(ctx, name_ar: str, name_en: str, sector: str, city_name: str, region_code: str):
    """The organisation the sample names: the demo's own if it has one, created otherwise (a demo person its admin)."""
    from musharaka.orgs.services import organization_reindex

    # Of the sector the sample needs: another demo may hold the name with another sector (a plan needs an authority).
    org = Organization.objects.filter(name_ar=name_ar, sector=sector).order_by("pk").first()
    if org is None:
        city = City.objects.select_related("region").get(name_ar=city_name, region__code=region_code)
        org = Organization.objects.create(name_ar=name_ar, name_en=name_en, sector=sector, region=city.region,
                                          city=city, verified=True)
        organization_reindex(organization=org)
    if not Membership.objects.filter(organization=org, role=Role.ADMIN).exists():
        people = ctx.shared["people"]
        Membership.objects.create(organization=org, user=people[ctx.rng.randrange(len(people))], role=Role.ADMIN)
    return org


def _admin(org):
    return Membership.objects.filter(organization=org, role=Role.ADMIN).select_related("user").first().user


def _account(username: str, first: str, family: str, organizations) -> object:
    User = get_user_model()
    user = User.objects.create(username=username, first_name=first, last_name=family,
                               email=f"{username}@musharaka.local", password=make_password(DEMO_PASSWORD))
    Membership.objects.bulk_create([Membership(organization=org, user=user, role=Role.EDITOR)
                                    for org in organizations])
    return user


# Each sample plan: its authority, area, partners (association, university, company), needs and what happens.
SAMPLES: list[dict[str, Any]] = [
    {
        "region": "SA-01", "city": "الرياض",
        "authority": ("أمانة منطقة الرياض", "Riyadh Region Municipality"),
        "association": ("جمعية التنمية الأهلية بحي النسيم", "An-Naseem Community Development Association"),
        "university": ("جامعة الملك سعود", "King Saud University"),
        "company": ("شركة الرياض للخدمات البيئية", "Riyadh Environmental Services Co."),
        "title": ("خطة التنمية المحلية لأحياء شرق الرياض 2025–2029",
                  "Local development plan for the neighbourhoods of east Riyadh 2025–2029"),
        "summary": "أعدت الخطة في ورشة عمل المدينة بمشاركة الأمانة والجهات الحكومية والجمعيات الأهلية وجامعة الملك "
                   "سعود والقطاع الخاص، بعد رصد احتياجات السكان في أحياء النسيم والشفا والملز والروضة.",
        "hoods": ["النسيم", "الشفا", "الملز", "الروضة"], "years": (2025, 2029), "national": True,
        "outcome": "revised",
    },
    {
        "region": "SY-HL", "city": "حلب",
        "authority": ("مجلس مدينة حلب", "Aleppo City Council"),
        "association": ("جمعية ساعد الخيرية بحلب", "Saed Charity Association, Aleppo"),
        "university": ("جامعة حلب", "University of Aleppo"),
        "company": ("شركة الشهباء للإنشاءات", "Al-Shahba Construction Co."),
        "title": ("خطة التعافي والتنمية المحلية لأحياء حلب 2026–2028",
                  "Recovery and local development plan for Aleppo's neighbourhoods 2026–2028"),
        "summary": "خطة أعدها مجلس المدينة مع لجان الأحياء والجمعيات الأهلية وجامعة حلب والقطاع الخاص لإعادة "
                   "تأهيل الخدمات الأساسية في أحياء الشهباء وحلب الجديدة والفرقان والجميلية.",
        "hoods": ["الشهباء", "حلب الجديدة", "الفرقان", "الجميلية"], "years": (2026, 2028), "national": False,
        "outcome": "approved",
    },
    {
        "region": "SA-03", "city": "المدينة المنورة",
        "authority": ("أمانة منطقة المدينة المنورة", "Madinah Region Municipality"),
        "association": ("جمعية البر الخيرية بالمدينة المنورة", "Al-Birr Charity Association, Madinah"),
        "university": ("الجامعة الإسلامية بالمدينة المنورة", "Islamic University of Madinah"),
        "company": ("شركة طيبة للتطوير العقاري", "Taibah Real Estate Development Co."),
        "title": ("خطة التنمية المحلية لأحياء قباء والعوالي 2026–2030",
                  "Local development plan for Quba and Al-Awali 2026–2030"),
        "summary": "خطة في مرحلة الاستشارة العامة: يرصد السكان احتياجاتهم ويصوتون عليها قبل صياغة الأهداف.",
        "hoods": ["قباء", "العوالي", "قربان"], "years": (2026, 2030), "national": True,
        "outcome": "consultation",
    },
]
RECOVERY = ("SY-RECOVERY-1", "إعادة تأهيل الخدمات الأساسية في المدن المتضررة",
            "Restoring basic services in affected cities")


def _samples(ctx) -> None:
    made = []
    for spec in SAMPLES:
        orgs = {key: _organization(ctx, spec[key][0], spec[key][1], sector, spec["city"], spec["region"]) for key, sector in (
            ("authority", Sector.AUTHORITY), ("association", Sector.NONPROFIT),
            ("university", Sector.ACADEMIC_EXPERT), ("company", Sector.PRIVATE))}
        made.append((spec, orgs))
    authority_user = _account(AUTHORITY_USERNAME, "سلطان", "الدوسري", [orgs["authority"] for _spec, orgs in made])
    partner_user = _account(PARTNER_USERNAME, "أمل", "الحربي", [orgs["association"] for spec, orgs in made
                                                                  if spec["outcome"] != "consultation"])
    Alignment.objects.get_or_create(framework=Alignment.Framework.REGIONAL, code=RECOVERY[0],
                                    defaults={"name_ar": RECOVERY[1], "name_en": RECOVERY[2]})
    for spec, orgs in made:
        _sample_plan(ctx, spec, orgs, authority_user, partner_user)
    _initiative_results(ctx)


def _sample_plan(ctx, spec, orgs, editor, partner_user) -> Plan:
    authority = orgs["authority"]
    admin = _admin(authority)  # the second pair of eyes: approves what the demo editor reports
    city = City.objects.get(name_ar=spec["city"], region__code=spec["region"])
    hoods = list(Neighbourhood.objects.filter(city=city, name_ar__in=spec["hoods"]))
    hoods.sort(key=lambda hood: spec["hoods"].index(hood.name_ar))
    start, end = spec["years"]
    plan = services.plan_create(actor=editor, organization=authority, data={
        "title_ar": spec["title"][0], "title_en": spec["title"][1], "summary_ar": spec["summary"],
        "region": city.region, "city": city, "start_year": start, "end_year": end,
        "consultation_closes_on": timezone.localdate() + datetime.timedelta(days=30)}, neighbourhoods=hoods)
    services.plan_set_partners(actor=editor, plan=plan, organizations=[orgs["association"], orgs["university"],
                                                                       orgs["company"]])
    # The team's needs from studies, then the consultation: residents' needs and votes.
    categories = {category.code: category for category in NeedCategory.objects.all()}
    studied = services.need_add(actor=editor, plan=plan, source=NeedSource.STUDY, data={
        "title": f"ارتفاع نسبة البطالة بين الشباب في {hoods[0].name_ar}",
        "description": "أظهرت دراسة الجامعة الميدانية أن ثلث الشباب في الحي بلا عمل ولا تدريب.",
        "category": categories["economy"], "people_affected": 2400, "neighbourhood": hoods[0]})
    services.evidence_add(actor=editor, need=studied, data={
        "kind": "study", "title": f"دراسة ميدانية لسوق العمل — {orgs['university'].name_ar}",
        "detail": "عينة من 600 أسرة، 2025", "figure": Decimal("33.5")})
    services.evidence_add(actor=editor, need=studied, data={
        "kind": "statistic", "title": "نسبة الشباب خارج العمل والتعليم", "figure": Decimal("31.2"),
        "source_url": "https://www.stats.gov.sa/"})
    plan = services.plan_move(actor=editor, plan=plan, target=PlanStatus.CONSULTATION,
                              note="فتح باب رصد الاحتياجات للسكان")
    people = ctx.shared["people"]
    residents = people[40:200]
    studied = Need.objects.select_related("plan", "category").get(pk=studied.pk)  # its plan now in consultation
    needs = [studied]
    for index, (category, title, description) in enumerate(NEED_THEMES[:10]):
        hood = hoods[index % len(hoods)]
        resident = residents[index * 3]
        needs.append(services.need_submit(actor=resident, plan=plan, data={
            "title": title.format(hood=hood.name_ar), "description": description, "category": categories[category],
            "people_affected": 300 + 250 * ((index * 7) % 11), "group": GROUPS[index % len(GROUPS)],
            "neighbourhood": hood}))
    # A duplicate in other words, merged by the team (its votes move), and one set aside with a reason.
    duplicate = services.need_submit(actor=residents[101], plan=plan, data={
        "title": f"الشوارع مظلمة في {hoods[0].name_ar} ليلا", "description": "نحتاج أعمدة إنارة في الشوارع الداخلية للحي.",
        "category": categories["infrastructure"], "people_affected": 800, "group": "women", "neighbourhood": hoods[0]})
    aside = services.need_submit(actor=residents[102], plan=plan, data={
        "title": "بناء مطار جديد قرب الحي", "description": "نطلب مطارا قريبا من الحي لتسهيل السفر على السكان.",
        "category": categories["transport"], "people_affected": 100, "group": "other", "neighbourhood": hoods[-1]})
    # Votes: each resident with their group, the first needs most wanted; youth and women weigh differently.
    voters = people[200:320]
    for index, need in enumerate([*needs, duplicate]):
        wanted = max(2, 40 - 4 * index + (7 if index in (5, 6) else 0))
        for position in range(wanted):
            voter = voters[(position * 7 + index) % len(voters)]
            group = GROUPS[voter.pk % len(GROUPS)]  # a person's group is theirs on every vote
            if not NeedVote.objects.filter(need=need, voter=voter).exists():
                services.need_vote(actor=voter, need=need, group=group)
    services.need_merge(actor=editor, duplicate=duplicate, into=needs[1])
    services.need_set_status(actor=editor, need=aside, status=NeedStatus.REJECTED,
                             reason="خارج صلاحيات الخطة المحلية ونطاقها")
    criteria = list(plan.criteria.order_by("position"))
    for index, need in enumerate(needs[:-2] if spec["outcome"] == "consultation" else needs):
        services.need_score(actor=editor, need=need, scores={
            criterion.pk: (index * 3 + position * 2 + 1) % 6 for position, criterion in enumerate(criteria)})
    if spec["outcome"] == "consultation":
        services.plan_set_vision(actor=editor, plan=plan, data={"vision_ar": VISIONS[0]})
        return plan

    # Vision, goals aligned to the SDGs and Vision 2030 (or the regional recovery objective), actions.
    services.plan_set_vision(actor=editor, plan=plan, data={"vision_ar": VISIONS[1] if spec["national"] else
                                                            "أحياء تعود إليها الخدمات الأساسية والحياة، ويشارك "
                                                            "سكانها في إعادة بنائها."})
    aligned = {alignment.code: alignment for alignment in Alignment.objects.all()}
    initiatives = _published_initiatives(ctx, plan.region_id, 6)
    goals, actions = [], []
    for position, (title_ar, title_en, sdgs, national) in enumerate(GOAL_THEMES[:4]):
        codes = sdgs + (national if spec["national"] else [RECOVERY[0]] if position < 2 else [])
        answered = [need for need in needs if need.category.code in _goal_categories(position)]
        goals.append(services.goal_save(actor=editor, plan=plan, data={
            "title_ar": title_ar, "title_en": title_en, "position": position,
            "description_ar": f"يستجيب الهدف لاحتياجات السكان التي رصدت في {hoods[0].name_ar} و{hoods[1].name_ar}."},
            needs=answered or needs[:2], alignments=[aligned[code] for code in codes if code in aligned]))
    leads = [orgs["association"], orgs["university"], orgs["company"], authority]
    sources = [FundingSource.NONPROFIT, FundingSource.GOVERNMENT, FundingSource.PRIVATE, FundingSource.MUNICIPAL]
    for position, goal in enumerate(goals):
        for turn in range(2):
            lead = leads[(position + turn) % len(leads)]
            theme = ACTION_THEMES[(position * 2 + turn) % len(ACTION_THEMES)]
            linked = [initiatives[(position * 2 + turn) % len(initiatives)]] if initiatives and turn == 0 else []
            actions.append(services.action_save(actor=editor, goal=goal, data={
                "title_ar": theme, "description_ar": f"ينفذ الإجراء {lead.name_ar} بالشراكة مع الأمانة ولجان الأحياء، "
                                                    "ويتابع تقدمه فريق الخطة كل ربع سنة.",
                "lead_organization": lead, "budget": Decimal(150_000 + 50_000 * ((position + turn) % 5)),
                "currency": "SAR" if spec["national"] else "USD",
                "funding_source": sources[(position + turn) % len(sources)],
                "start_date": datetime.date(start, 3, 1), "end_date": datetime.date(start + 1, 12, 31),
                "position": turn, "need": goal.needs.first()},
                partners=[org for org in leads if org != lead][:2], initiatives=linked))
    # Indicators: one per goal (the authority reports) and one per action led by the association (its partner).
    goal_indicators = [_indicator(editor, goal, position, start) for position, goal in enumerate(goals)]
    action_indicators = [_indicator(editor, action, 10 + position, start)
                         for position, action in enumerate(actions) if action.lead_organization_id == leads[0].pk]
    for position, risk in enumerate(RISKS):
        services.risk_save(actor=editor, plan=plan, data={
            "title": risk[0], "category": risk[1], "owner": risk[2], "mitigation": risk[3], "contingency": risk[4],
            "likelihood": 1 + (position * 2) % 5, "impact": 5 - position % 4,
            "status": RiskStatus.MITIGATING if position % 3 == 0 else RiskStatus.OPEN,
            "review_date": datetime.date(start, 6, 30) + datetime.timedelta(days=90 * position),
            "action": actions[position] if position % 2 else None,
            "initiative": actions[0].initiatives.first() if position == 5 and actions[0].initiatives.exists() else None})
    plan = services.plan_move(actor=editor, plan=plan, target=PlanStatus.APPROVED,
                              note="اعتمدها المجلس البلدي بعد الاستشارة العامة")
    for position, action in enumerate(actions):
        status = (ActionStatus.IN_PROGRESS, ActionStatus.COMPLETED, ActionStatus.PLANNED, ActionStatus.DELAYED)[
            position % 4]
        services.action_report(actor=_admin(action.lead_organization) if position % 2 else editor, action=action,
                               status=status)
    # Updates: the authority's on its goals (approved by its admin), the partner's on its actions (by the editor).
    for position, indicator in enumerate(goal_indicators):
        _updates(indicator, author=editor, approver=admin, pattern=position)
    for position, indicator in enumerate(action_indicators):
        _updates(indicator, author=partner_user, approver=editor, pattern=position + 1)
    if spec["outcome"] != "revised":
        return plan
    # The annual review opens a revision; the plan is edited and approved again as version 2.
    services.review_save(actor=editor, plan=plan, data={
        "kind": ReviewKind.ANNUAL, "held_on": datetime.date(start, 12, 15), "findings_ar": FINDINGS[0],
        "decisions_ar": "إضافة إجراء للتدريب المهني بالشراكة مع الجامعة، وتمديد إجراء الإنارة ستة أشهر.",
        "opens_revision": True},
        ratings={goal.pk: (rating, comment) for goal, rating, comment in zip(goals, [
            GoalRating.ON_TRACK, GoalRating.AT_RISK, GoalRating.OFF_TRACK, GoalRating.ON_TRACK], [
            "تحققت مستهدفات الإنارة", "تأخر التعاقد", "يحتاج إلى شريك إضافي", ""], strict=False)})
    plan.refresh_from_db()
    services.action_save(actor=editor, goal=goals[2], data={
        "title_ar": "برنامج تدريب مهني للشباب في الجامعة", "lead_organization": orgs["university"],
        "budget": Decimal(320_000), "funding_source": FundingSource.MIXED, "start_date": datetime.date(start + 1, 2, 1),
        "end_date": datetime.date(start + 2, 6, 30), "position": 5, "need": studied}, partners=[orgs["company"]])
    services.action_save(actor=editor, goal=goals[0], action=actions[0], data={
        "end_date": datetime.date(start + 2, 6, 30)})
    plan = services.plan_move(actor=editor, plan=plan, target=PlanStatus.APPROVED,
                              note="الإصدار الثاني بعد المراجعة السنوية: إجراء تدريب جديد وتمديد الإنارة")
    services.review_save(actor=editor, plan=plan, data={
        "kind": ReviewKind.QUARTERLY, "held_on": datetime.date(start + 1, 3, 20), "findings_ar": FINDINGS[1]},
        ratings={goals[0].pk: (GoalRating.ACHIEVED, "اكتملت الإنارة في حيين")})
    return plan


def _goal_categories(position: int) -> set[str]:
    return [{"infrastructure", "transport", "housing"}, {"health", "social", "digital"},
            {"economy", "education"}, {"environment", "public_services", "culture"}][position % 4]


def _published_initiatives(ctx, region_id: int, count: int) -> list:
    from musharaka.initiatives.models import PUBLISHED_STATUSES

    found = [item for item in ctx.shared.get("initiatives", [])
             if item.status in PUBLISHED_STATUSES and item.region_id == region_id][:count]
    return found or [item for item in ctx.shared.get("initiatives", []) if item.status in PUBLISHED_STATUSES][:count]


# (title, unit, measure, cumulative, target per year, dimension codes)
INDICATORS = [
    ("عدد الشوارع المضاءة", "شارع", "unit", True, "40", []),
    ("نسبة الأسر الراضية عن الخدمات في الحي", "٪", "percentage", False, "75", ["sex"]),
    ("عدد الشباب والشابات الملتحقين بالتدريب المهني", "متدرب", "unit", False, "120", ["sex", "age_group"]),
    ("المساحات الخضراء المضافة", "متر مربع", "unit", True, "5000", []),
]


def _indicator(actor, owner, position: int, year: int):
    from musharaka.results import services as results
    from musharaka.results.models import Dimension

    title, unit, measure, cumulative, target, dimensions = INDICATORS[position % len(INDICATORS)]
    result = results.result_create(actor=actor, owner=owner, data={
        "title_ar": f"نتيجة: {owner.title_ar}"[:250], "level": "output" if position >= 10 else "outcome"})
    indicator = results.indicator_create(actor=actor, result=result, data={
        "title_ar": title, "unit_ar": unit, "measure": measure, "cumulative": cumulative,
        "baseline_value": "0" if measure == "unit" else "52", "baseline_year": year - 1,
        "code_list": "sdg" if position % 4 == 0 else "", "code": "11.6.1" if position % 4 == 0 else ""},
        dimensions=Dimension.objects.filter(code__in=dimensions))
    for half in range(2):
        results.period_create(actor=actor, indicator=indicator, data={
            "start": datetime.date(year, 1 + 6 * half, 1), "end": datetime.date(year, 6 + 6 * half, 30 + half),
            "target_value": str(int(target) * (half + 1)) if cumulative else target})
    return indicator


def _updates(indicator, *, author, approver, pattern: int) -> None:
    """The first period approved (with its breakdown), the second pending or returned, by the pattern."""
    from musharaka.results import services as results
    from musharaka.results.models import DimensionValue

    first, second = list(indicator.periods.order_by("start"))
    values = {"unit": {"value": "18"}, "percentage": {"numerator": "61", "denominator": "90"}}[indicator.measure]
    parts = {}
    dimension_values = list(DimensionValue.objects.filter(dimension__in=indicator.dimensions.all())
                            .order_by("dimension__position", "position"))
    if indicator.measure == "unit" and dimension_values:
        by_dimension = defaultdict(list)
        for value in dimension_values:
            by_dimension[value.dimension_id].append(value)
        for group in by_dimension.values():  # 18 split over the values (the last dimension left incomplete)
            shares = [18 // len(group)] * len(group)
            shares[0] += 18 - sum(shares)
            parts.update({value.pk: {"value": str(share)} for value, share in zip(group, shares, strict=True)})
            if len(by_dimension) > 1 and group is list(by_dimension.values())[-1]:
                parts.pop(group[-1].pk)
    elif indicator.measure == "percentage" and dimension_values:
        parts = {dimension_values[0].pk: {"numerator": "33", "denominator": "45"},
                 dimension_values[1].pk: {"numerator": "28", "denominator": "45"}}
    update = results.update_create(actor=author, period=first, data={
        **values, "narrative": "تحقق ما خطط له في الحيين الأولين بمشاركة المتطوعين."}, breakdown=parts, submit=True)
    results.update_approve(actor=approver, update=update, comment="مطابق للشواهد")
    later = {"unit": {"value": "27"}, "percentage": {"numerator": "70", "denominator": "95"}}[indicator.measure]
    update = results.update_create(actor=author, period=second, data={
        **later, "narrative": "تقدم الربع الثالث حسب تقارير الفريق الميداني."}, submit=True)
    if pattern % 3 == 1:
        results.update_return(actor=approver, update=update,
                              comment="أرفقوا كشف المستفيدين وصور الأعمال المنجزة قبل الاعتماد")
    elif pattern % 3 == 2:
        results.update_create(actor=author, period=second, data={"narrative": "مسودة: بانتظار أرقام الحي الرابع"})


def _initiative_results(ctx) -> None:
    """Results of a few published initiatives: reported by one of the lead's staff, approved by another."""
    from musharaka.initiatives.models import PUBLISHED_STATUSES

    chosen = [item for item in ctx.shared.get("initiatives", []) if item.status in PUBLISHED_STATUSES][:4]
    people = ctx.shared["people"]
    for position, initiative in enumerate(chosen):
        org = initiative.lead_organization
        admin = _admin(org)
        editor = Membership.objects.filter(organization=org, role=Role.EDITOR).exclude(user=admin).first()
        reporter = editor.user if editor else None
        if reporter is None:
            reporter = next(person for person in reversed(people[:-position or None]) if person.pk != admin.pk)
            Membership.objects.get_or_create(organization=org, user=reporter, defaults={"role": Role.EDITOR})
        year = initiative.start_date.year if initiative.start_date else 2025
        indicator = _indicator(admin, initiative, position, year)
        _updates(indicator, author=reporter, approver=admin, pattern=position)


# ---------------------------------------------------------------- plans in bulk


def _seed_bulk(ctx) -> int:
    from musharaka.initiatives.models import PUBLISHED_STATUSES

    started = time.monotonic()
    rng = ctx.rng
    now = timezone.now()
    plan_count = PLANS_PER_SCALE * ctx.scale
    organizations = ctx.shared["organizations"]
    people = ctx.shared["people"]
    people_ids = [person.pk for person in people]
    group_of = {pk: rng.choices(GROUPS, weights=GROUP_WEIGHTS)[0] for pk in people_ids}
    authorities = [org for org in organizations if org.sector == Sector.AUTHORITY] or organizations
    partners_by_region: dict[int, list] = defaultdict(list)
    for org in organizations:
        if org.sector in (Sector.NONPROFIT, Sector.ACADEMIC_EXPERT, Sector.PRIVATE):
            partners_by_region[org.region_id].append(org)
    initiatives_by_region: dict[int, list[int]] = defaultdict(list)
    for item in ctx.shared.get("initiatives", []):
        if item.status in PUBLISHED_STATUSES:
            initiatives_by_region[item.region_id].append(item.pk)
    cities_by_region: dict[int, list] = defaultdict(list)
    for city in City.objects.order_by("pk"):
        cities_by_region[city.region_id].append(city)
    hoods_by_city: dict[int, list] = defaultdict(list)
    for neighbourhood in Neighbourhood.objects.order_by("pk"):
        hoods_by_city[neighbourhood.city_id].append(neighbourhood)
    region_codes = dict(Region.objects.values_list("pk", "code"))
    categories = list(NeedCategory.objects.order_by("position", "pk"))
    category_of = {category.code: category for category in categories}
    alignments = {alignment.code: alignment.pk for alignment in Alignment.objects.all()}
    admins: dict[int, int] = {}
    for org_id, user_id in Membership.objects.filter(role=Role.ADMIN).order_by("pk").values_list(
            "organization_id", "user_id"):
        admins.setdefault(org_id, user_id)
    statuses = [PlanStatus.CONSULTATION, PlanStatus.APPROVED, PlanStatus.IN_REVIEW, PlanStatus.REVISED,
                PlanStatus.CLOSED]
    status_weights = [30, 40, 12, 8, 10]

    # Plans, with what is known before their children: the area, status, version.
    plans, areas = [], []
    for index in range(plan_count):
        org = authorities[(index * 7919) % len(authorities)]
        city = org.city or (cities_by_region[org.region_id] or [None])[0]
        status = rng.choices(statuses, weights=status_weights)[0]
        start = rng.choice((2023, 2024, 2025, 2026)) if status != PlanStatus.CONSULTATION else 2026
        versions = 0 if status == PlanStatus.CONSULTATION else (2 if rng.random() < 0.2 else 1)
        place = city.name_ar if city else org.region.name_ar
        plans.append(Plan(
            organization_id=org.pk, region_id=org.region_id, city_id=city.pk if city else None, status=status,
            title_ar=f"خطة التنمية المحلية {'لمدينة' if index % 2 else 'لأحياء'} {place} {start}–{start + 4}"[:250],
            title_en=f"Local development plan for {city.name_en if city else org.region.name_en} {start}–{start + 4}",
            summary_ar="أعدت الخطة في ورشة عمل بمشاركة الجهات الحكومية والجمعيات الأهلية والجامعة والقطاع الخاص "
                       "وسكان الأحياء.",
            start_year=start, end_year=start + 4, vision_ar=VISIONS[index % len(VISIONS)],
            consultation_closes_on=timezone.localdate() + datetime.timedelta(days=rng.randint(5, 60))
            if status == PlanStatus.CONSULTATION else None,
            matrix_share=rng.choice((60, 70, 70, 80)),
            version=versions + 1 if status == PlanStatus.REVISED else max(1, versions),
            approved_at=now - datetime.timedelta(days=rng.randint(30, 700)) if versions else None,
            created_by_id=admins.get(org.pk)))
        hoods = hoods_by_city.get(city.pk, [])[:6] if city else []
        areas.append((hoods, versions, place))
    # Needs, votes and scores planned per plan; kept counts computed from them before anything is written.
    need_rows: list[Need] = []
    need_plan: list[int] = []  # plan index of each need
    merged_into: dict[int, int] = {}  # need index → the need index it joined
    votes: list[tuple[int, int, str]] = []  # (need index, voter id, group)
    scores: list[tuple[int, int, int]] = []  # (need index, criterion position, score)
    weights = [weight for *_texts, weight in DEFAULT_CRITERIA]
    for index, plan in enumerate(plans):
        hoods, _versions, place = areas[index]
        first = len(need_rows)
        for number in range(NEEDS_PER_PLAN):
            code, title, description = NEED_THEMES[(index + number) % len(NEED_THEMES)]
            hood = hoods[number % len(hoods)] if hoods else None
            where = hood.name_ar if hood else place
            roll = rng.random()
            status = NeedStatus.OPEN if roll < 0.9 or number < 10 else (
                NeedStatus.REJECTED if roll < 0.95 else NeedStatus.MERGED)
            need_rows.append(Need(
                plan=plan, category_id=category_of[code].pk, neighbourhood_id=hood.pk if hood else None,
                title=title.format(hood=where)[:200],
                description=description, people_affected=rng.choice((None, 150, 400, 900, 1800, 3500, 8000)),
                source=NeedSource.RESIDENT if number % 5 else NeedSource.STUDY,
                group=rng.choices(GROUPS, weights=GROUP_WEIGHTS)[0], status=status,
                status_reason="مكرر أو خارج نطاق الخطة" if status == NeedStatus.REJECTED else "",
                submitted_by_id=people_ids[rng.randrange(len(people_ids))]))
            need_plan.append(index)
            if status == NeedStatus.MERGED:
                merged_into[len(need_rows) - 1] = first + rng.randrange(10)  # the first ten stay open
        open_needs = [n for n in range(first, len(need_rows)) if need_rows[n].status == NeedStatus.OPEN]
        # Votes over the open needs, a few needs wanted by many: a need gets at most one vote a person.
        pulls = [1 / (rank + 3) ** 0.9 for rank in range(len(open_needs))]
        rng.shuffle(pulls)
        total = sum(pulls)
        wanted = [min(len(people_ids), int(VOTES_PER_PLAN * pull / total)) for pull in pulls]
        short = VOTES_PER_PLAN - sum(wanted)
        for position in range(short):
            slot = position % len(wanted)
            wanted[slot] += 1 if wanted[slot] < len(people_ids) else 0
        for need_index, count in zip(open_needs, wanted, strict=True):
            for voter in rng.sample(people_ids, count):
                votes.append((need_index, voter, group_of[voter]))
        for n in range(first, len(need_rows)):
            roll = rng.random()
            scored = len(weights) if roll < 0.7 else (rng.randint(1, len(weights) - 1) if roll < 0.8 else 0)
            scores += [(n, position, rng.randint(0, 5)) for position in range(scored)]
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(GROUPS, 0))
    for need_index, _voter, group in votes:
        counts[need_index][group] += 1
    own_scores: dict[int, dict[int, int]] = defaultdict(dict)
    for need_index, position, score in scores:
        own_scores[need_index][position] = score
    by_position = dict(enumerate(weights))
    for n, need in enumerate(need_rows):
        kept = counts.get(n, dict.fromkeys(GROUPS, 0))
        need.vote_count = sum(kept.values())
        for group in GROUPS:
            setattr(need, f"votes_{group}", kept[group])
        own = own_scores.get(n)
        need.matrix_score = priority.matrix_score(by_position, own) if own else None
    plan_votes: dict[int, int] = defaultdict(int)
    for n, need in enumerate(need_rows):
        plan_votes[need_plan[n]] += need.vote_count

    # Goals and actions: statuses drawn by the plan's status; progress by the rules of priority.py.
    goal_rows: list[Goal] = []
    action_rows: list[Action] = []
    goal_links: list[tuple[int, list[int], list[int]]] = []  # (goal index, need indexes, alignment ids)
    action_links: list[tuple[int, list[int], list[int]]] = []  # (action index, partner ids, initiative ids)
    indicators: list[tuple] = []  # (goal index, target, approved value, actual, progress)
    for index, plan in enumerate(plans):
        syrian = region_codes[plan.region_id].startswith("SY")
        first_need = index * NEEDS_PER_PLAN
        open_needs = [n for n in range(first_need, first_need + NEEDS_PER_PLAN)
                      if need_rows[n].status == NeedStatus.OPEN]
        partners = partners_by_region.get(plan.region_id) or [org for org in organizations[:50]]
        goal_values = []
        for position in range(GOALS_PER_PLAN):
            title_ar, title_en, sdgs, national = GOAL_THEMES[position % len(GOAL_THEMES)]
            goal = Goal(plan=plan, title_ar=title_ar, title_en=title_en, position=position,
                        description_ar="هدف من أهداف الخطة يستجيب لأولويات السكان كما رتبتها الاستشارة العامة.")
            codes = sdgs + ([] if syrian else national)
            goal_links.append((len(goal_rows), rng.sample(open_needs, min(3, len(open_needs))),
                               [alignments[code] for code in codes if code in alignments]))
            action_values = []
            for turn in range(ACTIONS_PER_GOAL):
                lead = partners[rng.randrange(len(partners))] if turn % 3 else None
                status = ActionStatus.PLANNED if plan.status == PlanStatus.CONSULTATION else rng.choices(
                    ActionStatus.values, weights=[25, 35, 12, 23, 5])[0]
                start = datetime.date(plan.start_year, 1 + (turn * 2) % 12, 1)
                action = Action(
                    plan=plan, goal=goal, title_ar=ACTION_THEMES[(position * ACTIONS_PER_GOAL + turn + index)
                                                                 % len(ACTION_THEMES)],
                    description_ar="ينفذ الإجراء الشريك القائد بالتنسيق مع فريق الخطة ولجان الأحياء.",
                    lead_organization_id=lead.pk if lead else plan.organization_id,
                    budget=Decimal(rng.randrange(50, 2000) * 1000), currency="USD" if syrian else "SAR",
                    funding_source=rng.choice(FundingSource.values), start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randint(180, 900)), status=status, position=turn,
                    need_id=None, progress=priority.progress_of_action([], status))
                action_values.append(action.progress)
                region_initiatives = initiatives_by_region.get(plan.region_id, [])
                linked = [region_initiatives[rng.randrange(len(region_initiatives))]] \
                    if region_initiatives and rng.random() < 0.3 else []
                action_links.append((len(action_rows), [org.pk for org in rng.sample(
                    partners, min(2, len(partners)))], linked))
                action_rows.append(action)
            # Approved plans measure each goal by one indicator of the results framework (a figure of the year).
            measured = []
            if plan.status != PlanStatus.CONSULTATION:
                target = Decimal(rng.choice((100, 250, 500, 1200)))
                value = Decimal(rng.randint(0, int(target * Decimal("1.1"))))
                figures = [[rollup.Figures(value=value)]]
                actual = rollup.indicator_actual("unit", False, figures)
                assert actual is not None  # one approved figure: there is an actual
                reached = rollup.progress(actual=actual, target=rollup.overall_target("unit", False, [target]),
                                          baseline=Decimal(0), ascending=True)
                reached = reached.quantize(STEP) if reached is not None else None  # as refresh_indicator keeps it
                indicators.append((len(goal_rows), target, value, actual.quantize(STEP), reached))
                measured = [reached]
            goal.progress = priority.progress_of_goal(measured, action_values)
            goal_values.append(goal.progress)
            goal_rows.append(goal)
        plan.progress = priority.progress_of_plan(goal_values)
        plan.need_count = NEEDS_PER_PLAN
        plan.vote_count = plan_votes[index]
    planned = time.monotonic()

    Plan.objects.bulk_create(plans, batch_size=2000)
    insert_rows(Plan.neighbourhoods.through, ["plan_id", "neighbourhood_id"],
                [(plan.pk, hood.pk) for plan, (hoods, _versions, _place) in zip(plans, areas, strict=True) for hood in hoods])
    insert_rows(Plan.partners.through, ["plan_id", "organization_id"], sorted({
        (plans[action_index // (GOALS_PER_PLAN * ACTIONS_PER_GOAL)].pk, org_id)
        for action_index, partner_ids, _linked in action_links for org_id in partner_ids
        if org_id != plans[action_index // (GOALS_PER_PLAN * ACTIONS_PER_GOAL)].organization_id}))
    criteria = [PriorityCriterion(plan=plan, name_ar=name_ar, name_en=name_en, guidance_ar=guide_ar,
                                  guidance_en=guide_en, weight=weight, position=position)
                for plan in plans for position, (name_ar, name_en, guide_ar, guide_en, weight)
                in enumerate(DEFAULT_CRITERIA)]
    PriorityCriterion.objects.bulk_create(criteria, batch_size=5000)
    for need in need_rows:
        need.plan_id = need.plan.pk
    Need.objects.bulk_create(need_rows, batch_size=5000)
    for n, into in merged_into.items():
        need_rows[n].merged_into_id = need_rows[into].pk
    Need.objects.bulk_update([need_rows[n] for n in merged_into], ["merged_into"], batch_size=2000)
    per_plan = len(DEFAULT_CRITERIA)
    insert_rows(NeedScore, ["need_id", "criterion_id", "score"],
                ((need_rows[n].pk, criteria[need_plan[n] * per_plan + position].pk, score)
                 for n, position, score in scores))
    insert_rows(NeedVote, ["need_id", "voter_id", "group", "created_at"],
                ((need_rows[n].pk, voter, group, now) for n, voter, group in votes), batch_size=20_000)
    for goal in goal_rows:
        goal.plan_id = goal.plan.pk
    Goal.objects.bulk_create(goal_rows, batch_size=5000)
    insert_rows(Goal.needs.through, ["goal_id", "need_id"], sorted({
        (goal_rows[g].pk, need_rows[n].pk) for g, need_indexes, _ids in goal_links for n in need_indexes}))
    insert_rows(Goal.alignments.through, ["goal_id", "alignment_id"],
                [(goal_rows[g].pk, alignment_id) for g, _needs, ids in goal_links for alignment_id in ids])
    for action in action_rows:
        action.plan_id, action.goal_id = action.plan.pk, action.goal.pk
    Action.objects.bulk_create(action_rows, batch_size=5000)
    insert_rows(Action.partners.through, ["action_id", "organization_id"],
                [(action_rows[a].pk, org_id) for a, partner_ids, _linked in action_links for org_id in partner_ids])
    insert_rows(Action.initiatives.through, ["action_id", "initiative_id"],
                [(action_rows[a].pk, initiative_id) for a, _partners, linked in action_links
                 for initiative_id in linked])
    _bulk_risks_and_reviews(rng, plans, action_rows, goal_rows, now)
    _bulk_results(rng, plans, goal_rows, indicators, people_ids, now)
    # The approved versions: the snapshot the approval would have stored (the same for both of a revised plan).
    version_rows = []
    for plan, (_hoods, count, _place) in zip(plans, areas, strict=True):
        if count:
            assert plan.approved_at is not None  # an approved plan (count > 0) has its approval date
            snapshot = services.plan_snapshot(plan)
            version_rows += [PlanVersion(plan=plan, number=number, snapshot=snapshot, approved_at=plan.approved_at,
                                     approved_by_id=plan.created_by_id,
                                     note="" if number == 1 else "الإصدار المعدل بعد المراجعة")
                         for number in range(1, count + 1)]
    PlanVersion.objects.bulk_create(version_rows, batch_size=500)
    search.index_many(SEARCH_KIND, ((need.pk, (need.title, need.description)) for need in need_rows), fresh=True)
    search.index_many(services.PLAN_SEARCH_KIND, ((plan.pk, services.plan_search_texts(plan)) for plan in plans),
                      fresh=True)
    ctx.log(f"  bulk plans: planned in {planned - started:.1f}s, written in {time.monotonic() - planned:.1f}s "
            f"({len(need_rows)} needs, {len(votes)} votes, {len(action_rows)} actions)")
    return len(plans)


def _bulk_risks_and_reviews(rng, plans, action_rows, goal_rows, now) -> None:
    per_plan = GOALS_PER_PLAN * ACTIONS_PER_GOAL
    risks, reviews = [], []
    for index, plan in enumerate(plans):
        for _turn in range(rng.randint(3, 8)):
            title, category, owner, mitigation, contingency = RISKS[rng.randrange(len(RISKS))]
            likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
            on_action = rng.random() < 0.4
            risks.append(Risk(
                plan_id=plan.pk, action_id=action_rows[index * per_plan + rng.randrange(per_plan)].pk
                if on_action else None, title=title, category=category, owner=owner, mitigation=mitigation,
                contingency=contingency, likelihood=likelihood, impact=impact, score=likelihood * impact,
                status=rng.choice(RiskStatus.values),
                review_date=timezone.localdate() + datetime.timedelta(days=rng.randint(-60, 180))))
        if plan.status in (PlanStatus.IN_REVIEW, PlanStatus.REVISED, PlanStatus.CLOSED):
            kind = ReviewKind.FINAL if plan.status == PlanStatus.CLOSED else rng.choice(
                (ReviewKind.QUARTERLY, ReviewKind.ANNUAL, ReviewKind.MIDTERM))
            reviews.append(Review(plan_id=plan.pk, kind=kind, held_on=(now - datetime.timedelta(
                days=rng.randint(10, 200))).date(), findings_ar=FINDINGS[index % len(FINDINGS)],
                decisions_ar="متابعة الإجراءات المتأخرة مع الشركاء القادة", created_by_id=plan.created_by_id,
                opens_revision=plan.status == PlanStatus.REVISED, plan_version=1))
    Risk.objects.bulk_create(risks, batch_size=5000)
    Review.objects.bulk_create(reviews, batch_size=2000)
    goals_of = defaultdict(list)
    for goal in goal_rows:
        goals_of[goal.plan_id].append(goal.pk)
    ReviewRating.objects.bulk_create([
        ReviewRating(review_id=review.pk, goal_id=goal_id, rating=rng.choice(GoalRating.values))
        for review in reviews for goal_id in goals_of[review.plan_id]], batch_size=5000)


def _bulk_results(rng, plans, goal_rows, indicators, people_ids, now) -> None:
    """Each measured goal's result, indicator, period of its plan's first year and approved update, with the figures
    refresh_indicator keeps (computed by rollup in the plan above)."""
    from django.contrib.contenttypes.models import ContentType

    from musharaka.results.models import Indicator, Period, Result, Update, UpdateStatus

    goal_type = ContentType.objects.get_for_model(Goal)
    plan_of = {plan.pk: plan for plan in plans}
    results = []
    for goal_index, _target, _value, _actual, _progress in indicators:
        goal = goal_rows[goal_index]
        org_id = plan_of[goal.plan_id].organization_id
        results.append(Result(owner_type=goal_type, owner_id=goal.pk, organization_id=org_id,
                              approver_organization_id=org_id, level="outcome", title_ar=f"نتيجة: {goal.title_ar}"))
    Result.objects.bulk_create(results, batch_size=5000)
    rows = [Indicator(result=result, title_ar=INDICATORS[position % len(INDICATORS)][0], measure="unit",
                      unit_ar=INDICATORS[position % len(INDICATORS)][1], baseline_value=Decimal(0),
                      actual_value=actual, progress=progress)
            for position, (result, (_goal, _target, _value, actual, progress)) in enumerate(
                zip(results, indicators, strict=True))]
    Indicator.objects.bulk_create(rows, batch_size=5000)
    periods = []
    for indicator, (goal_index, target, _value, actual, _progress) in zip(rows, indicators, strict=True):
        year = plan_of[goal_rows[goal_index].plan_id].start_year
        periods.append(Period(indicator=indicator, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31),
                              target_value=target, actual_value=actual, approved_count=1, pending_count=0))
    Period.objects.bulk_create(periods, batch_size=5000)
    Update.objects.bulk_create([
        Update(period=period, status=UpdateStatus.APPROVED, value=value, narrative="حصيلة العام حسب تقارير الفريق",
               author_id=plan_of[goal_rows[goal_index].plan_id].created_by_id, submitted_at=now, reviewed_at=now,
               reviewed_by_id=people_ids[rng.randrange(len(people_ids))])
        for period, (goal_index, _target, value, _actual, _progress) in zip(periods, indicators, strict=True)],
        batch_size=5000)
