"""Demo logic models and SROI analyses (see core seed_demo), after the organisations, initiatives and plans.

First the samples, entered through the services, in the words of the forums in shared/samples (the workshop on
"measuring the social impact of community-participation projects", volunteering for the urban landscape): four
published initiatives each get a logic model (inputs → activities → outputs → outcomes → impact, with assumptions
and external factors, an output measured by an indicator of the results framework with an approved update) and an
analysis with stakeholders, investments (cash, in kind, volunteer hours valued on a stated basis), outcomes with
proxies and their sources in Arabic and the evidence of each figure: youth employment published as version 1 with
a draft version 2 (its quantity now taken from the indicator), volunteering for the urban landscape returned once by
the reviewer, corrected and published (comments on figures, resolved), a mobile health clinic under review with an
open comment, and a neighbourhood garden still a draft whose quantity comes from its indicator. The independent
reviewer is the demo account `impactreviewer` (the demo password; an impact reviewer of no organisation).

Then analyses in bulk: a few hundred at scale 1 and 20 a scale step from scale 15 (scale 100: 2,000), with a logic
model for each initiative they belong to, written with bulk_create. The figures the services keep on write are
computed here by the same rules: each investment's value (the amount, or hours × the value of an hour), each
outcome's year-1 and present value and each analysis's totals and ratios by `sroi.compute`. Published current
versions are indexed for search as `services.analysis_publish` indexes them.
"""

import datetime
import time
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from musharaka.core import search
from musharaka.core.management.commands.ensure_demo_admin import DEMO_PASSWORD
from musharaka.geo.models import Region
from musharaka.orgs.models import Membership, Role
from musharaka.results import owners

from . import services, sroi
from .models import (
    Analysis,
    AnalysisKind,
    AnalysisStatus,
    Comment,
    EvidenceGrade,
    Investment,
    InvestmentKind,
    LogicItem,
    LogicModel,
    Outcome,
    QuantitySource,
    Reviewer,
    Stage,
    Stakeholder,
)
from .services import SEARCH_KIND

REVIEWER_USERNAME = "impactreviewer"
ANALYSES_AT_LEAST = 300  # bulk analyses at small scales
ANALYSES_PER_SCALE = 20  # from scale 15 on: 2,000 at scale 100
VOLUNTEER_BASIS = ("متوسط أجر الساعة في الأعمال المكتبية والخدمية في المنطقة (مسح القوى العاملة، الهيئة العامة "
                   "للإحصاء 2024)")
GRADES = [grade.value for grade in EvidenceGrade]

# Each theme: what an initiative of its kind changes, for whom, valued how (a proxy with its source), and its chain.
# Outcomes: (stakeholder index, title ar, title en, unit ar, quantity range, proxy, proxy description, source,
#            duration, deadweight, displacement, attribution, drop-off).
THEMES: list[dict[str, Any]] = [
    {
        "key": "youth",
        "title": ("العائد الاجتماعي لبرنامج التدريب المهني وتوظيف الشباب",
                  "Social return of the vocational training and youth employment programme"),
        "scope": "يقيس التحليل ما يتغير في حياة الشباب الملتحقين بالتدريب المهني وأسرهم وأصحاب العمل في المنطقة "
                 "خلال ثلاث سنوات من انتهاء التدريب، كما طرحته ورشة قياس الأثر الاجتماعي لمشاريع المشاركة "
                 "المجتمعية.",
        "stakeholders": [("الشباب الباحثون عن عمل", "Young jobseekers",
                          "شباب وشابات بعد الثانوية بلا عمل ولا تدريب", 120),
                         ("أسر المشاركين", "Participants' families", "تتحسن دخولها حين يعمل أبناؤها", 110),
                         ("أصحاب العمل في المنطقة", "Local employers", "يجدون موظفين مدربين بتكلفة أقل", 25)],
        "investments": [(InvestmentKind.CASH, "منحة البرنامج", "صندوق تنمية الموارد البشرية", 600_000),
                        (InvestmentKind.IN_KIND, "قاعات التدريب ومعداتها", "الكلية التقنية", 120_000),
                        (InvestmentKind.VOLUNTEER_TIME, "ساعات المرشدين المهنيين المتطوعين", "متطوعون من القطاع "
                         "الخاص", (2400, 45))],
        "outcomes": [(0, "حصول الشباب على عمل مستقر", "Young people in stable work", "شاب", (60, 140), 36_000,
                      "متوسط الدخل السنوي لأول وظيفة", "مسح القوى العاملة — الهيئة العامة للإحصاء 2024", 3,
                      25, 10, 20, 30),
                     (0, "تحسن الثقة بالنفس والصحة النفسية", "Better self-confidence and wellbeing", "شاب",
                      (80, 160), 4_500, "تكلفة برنامج إرشاد نفسي فردي لمدة عام",
                      "متوسط أسعار مراكز الإرشاد الأسري في المنطقة 2025", 2, 20, 0, 30, 50),
                     (1, "تحسن دخل الأسر", "Higher family income", "أسرة", (50, 110), 6_000,
                      "الزيادة السنوية في إنفاق الأسرة على التعليم والصحة", "مسح دخل الأسرة وإنفاقها 2023",
                      2, 10, 0, 35, 50),
                     (2, "انخفاض تكلفة التوظيف والتدريب على أصحاب العمل", "Lower hiring costs", "جهة",
                      (10, 30), 15_000, "تكلفة استقطاب موظف مبتدئ وتدريبه",
                      "دليل تكاليف الموارد البشرية — غرفة الرياض 2024", 1, 30, 10, 25, 0)],
        "items": [(Stage.INPUT, "منحة البرنامج وقاعات الكلية التقنية وساعات المرشدين المتطوعين"),
                  (Stage.ACTIVITY, "دورات تدريب مهني مدتها ستة أشهر وإرشاد مهني فردي"),
                  (Stage.ACTIVITY, "أيام توظيف مع أصحاب العمل في المنطقة"),
                  (Stage.OUTPUT, "شباب وشابات أتموا التدريب المهني"),
                  (Stage.OUTCOME, "شباب في عمل مستقر بعد ستة أشهر من التدريب"),
                  (Stage.OUTCOME, "أسر تحسن دخلها"),
                  (Stage.IMPACT, "انخفاض البطالة بين الشباب في الحي")],
        "indicator": ("عدد الشباب الملتحقين بعمل بعد التدريب", "شاب", 100, 82),
        "measured": "شباب في عمل مستقر بعد ستة أشهر من التدريب",
    },
    {
        "key": "volunteering",
        "title": ("العائد الاجتماعي لحملات التطوع لتحسين المشهد الحضري",
                  "Social return of the volunteer campaigns for the urban landscape"),
        "scope": "حملات تطوعية شهرية ينظمها السكان مع الأمانة لإزالة التشوه البصري وتشجير الشوارع، ويقيس التحليل "
                 "أثرها على المتطوعين والسكان وميزانية النظافة.",
        "stakeholders": [("المتطوعون من شباب الحي", "Volunteers from the neighbourhood",
                          "يكتسبون مهارات وانتماء للحي", 300),
                         ("سكان الحي", "Residents", "يعيشون في حي أنظف وأجمل", 4000),
                         ("الأمانة", "The municipality", "تنخفض تكاليف النظافة والصيانة", None)],
        "investments": [(InvestmentKind.CASH, "أدوات ومواد الحملات والشتلات", "أمانة المنطقة", 180_000),
                        (InvestmentKind.IN_KIND, "نقل المخلفات ومعدات الرفع", "شركة الخدمات البيئية", 60_000),
                        (InvestmentKind.VOLUNTEER_TIME, "ساعات المتطوعين في الحملات", "متطوعو الحي", (6000, 30))],
        "outcomes": [(0, "اكتساب المتطوعين مهارات العمل الجماعي والقيادة", "Volunteers gain teamwork skills",
                      "متطوع", (150, 320), 1_800, "تكلفة دورة تدريبية في العمل الجماعي والقيادة",
                      "أسعار معاهد التدريب المعتمدة 2025", 2, 15, 0, 25, 40),
                     (1, "ارتفاع رضا السكان عن مظهر الحي", "Residents more satisfied with their street",
                      "أسرة", (600, 1500), 350, "استعداد الأسرة للدفع مقابل تحسين الشارع سنويا",
                      "استبيان قيمة التحسين الحضري — ورشة المشاركة المجتمعية", 3, 20, 5, 30, 30),
                     (2, "انخفاض تكاليف إزالة التشوه البصري على الأمانة", "Lower clean-up costs", "موقع",
                      (40, 120), 2_200, "متوسط تكلفة إزالة موقع تشوه بصري بالمقاول",
                      "عقود النظافة في الأمانة 2024", 1, 10, 0, 20, 0)],
        "items": [(Stage.INPUT, "متطوعو الحي وأدوات الحملات ودعم الأمانة"),
                  (Stage.ACTIVITY, "حملة تطوعية شهرية لإزالة التشوه البصري وتشجير الشوارع"),
                  (Stage.OUTPUT, "مواقع تشوه بصري أزيلت"),
                  (Stage.OUTPUT, "ساعات تطوع في الحملات"),
                  (Stage.OUTCOME, "سكان أرضى عن مظهر حيهم ومتطوعون بمهارات جديدة"),
                  (Stage.IMPACT, "مشهد حضري أجمل وانتماء أقوى للحي")],
        "indicator": ("عدد مواقع التشوه البصري المزالة", "موقع", 100, 86),
        "measured": "مواقع تشوه بصري أزيلت",
    },
    {
        "key": "health",
        "title": ("العائد الاجتماعي للعيادة المتنقلة للكشف المبكر", "Social return of the mobile screening clinic"),
        "scope": "عيادة متنقلة تزور الأحياء البعيدة عن المراكز الصحية أسبوعيا للكشف المبكر عن السكري وارتفاع ضغط "
                 "الدم، ويقيس التحليل ما توفره على المرضى والنظام الصحي.",
        "stakeholders": [("سكان الأحياء البعيدة عن المراكز الصحية", "Residents far from health centres",
                          "يكشف عنهم مبكرا دون سفر", 2500),
                         ("كبار السن", "Elders", "يتابعون أمراضهم المزمنة قرب بيوتهم", 600),
                         ("المستشفى العام", "The general hospital", "تقل حالات الطوارئ التي كان يمكن تجنبها", None)],
        "investments": [(InvestmentKind.CASH, "تشغيل العيادة ورواتب الفريق الطبي", "تجمع الرياض الصحي", 950_000),
                        (InvestmentKind.IN_KIND, "مركبة العيادة وتجهيزاتها", "شركة من القطاع الخاص", 400_000),
                        (InvestmentKind.VOLUNTEER_TIME, "ساعات الممرضين والطلاب المتطوعين", "كلية العلوم الصحية",
                         (3000, 60))],
        "outcomes": [(0, "اكتشاف السكري وارتفاع الضغط مبكرا", "Diabetes and hypertension found early", "حالة",
                      (150, 400), 5_200, "تكلفة علاج المضاعفات التي يمنعها الاكتشاف المبكر سنويا",
                      "تقرير تكاليف الأمراض المزمنة — وزارة الصحة 2023", 3, 30, 0, 25, 20),
                     (1, "متابعة كبار السن لأمراضهم المزمنة دون سفر", "Elders followed up near home", "شخص",
                      (200, 500), 1_200, "تكلفة التنقل إلى المركز الصحي ووقت المرافق سنويا",
                      "مسح الأسرة — الهيئة العامة للإحصاء 2024", 2, 10, 0, 20, 30),
                     (2, "انخفاض زيارات الطوارئ التي يمكن تجنبها", "Fewer avoidable emergency visits", "زيارة",
                      (300, 900), 900, "متوسط تكلفة زيارة الطوارئ",
                      "دليل أسعار الخدمات الصحية 2024", 1, 25, 0, 30, 0)],
        "items": [(Stage.INPUT, "فريق طبي ومركبة مجهزة وطلاب متطوعون"),
                  (Stage.ACTIVITY, "زيارة أسبوعية لكل حي بعيد وحملات توعية"),
                  (Stage.OUTPUT, "فحوص أجريت للسكري وضغط الدم"),
                  (Stage.OUTCOME, "حالات اكتشفت مبكرا وتتابع علاجها"),
                  (Stage.IMPACT, "صحة أفضل وأمراض مزمنة أقل مضاعفات")],
        "indicator": ("عدد الفحوص التي أجرتها العيادة", "فحص", 3000, 2640),
        "measured": "فحوص أجريت للسكري وضغط الدم",
    },
    {
        "key": "garden",
        "title": ("العائد الاجتماعي لحديقة الحي بمشاركة السكان", "Social return of the residents' neighbourhood garden"),
        "scope": "حديقة أنشئت على أرض بيضاء مهملة بمشاركة السكان والمتطوعين، ويقيس التحليل أثرها على صحة السكان "
                 "وتماسك الحي.",
        "stakeholders": [("أطفال الحي", "Children", "يجدون مكانا آمنا للعب", 900),
                         ("سكان الحي", "Residents", "يمشون ويلتقون في الحديقة", 3500)],
        "investments": [(InvestmentKind.CASH, "إنشاء الحديقة وتجهيزاتها", "الأمانة والجمعية الأهلية", 1_200_000),
                        (InvestmentKind.VOLUNTEER_TIME, "ساعات السكان في التشجير والصيانة", "سكان الحي",
                         (4000, 30))],
        "outcomes": [(0, "لعب الأطفال في مكان آمن", "Children play somewhere safe", "طفل", (300, 900), 800,
                      "تكلفة اشتراك سنوي في ناد رياضي للأطفال", "أسعار الأندية الخاصة في المدينة 2025", 5,
                      20, 5, 15, 10),
                     (1, "زيادة المشي والنشاط البدني", "More walking and exercise", "شخص", (800, 2000), 600,
                      "تكلفة اشتراك سنوي في صالة رياضية", "أسعار الصالات الرياضية في المدينة 2025", 5,
                      25, 0, 20, 15)],
        "items": [(Stage.INPUT, "أرض بيضاء من الأمانة وتمويل الجمعية ومتطوعو الحي"),
                  (Stage.ACTIVITY, "تصميم الحديقة مع السكان وتشجيرها في أيام تطوع"),
                  (Stage.OUTPUT, "أمتار مربعة من المساحات الخضراء"),
                  (Stage.OUTCOME, "أطفال يلعبون وسكان يمشون في الحديقة"),
                  (Stage.IMPACT, "حي أكثر صحة وتماسكا")],
        "indicator": ("عدد الأطفال المستفيدين من ملاعب الحديقة", "طفل", 700, 640),
        "measured": "أطفال يلعبون وسكان يمشون في الحديقة",
    },
]
ASSUMPTIONS = ("يستمر تمويل البرنامج ثلاث سنوات، ويشارك السكان في المتابعة.",
               "The programme is funded for three years and residents take part in following it up.")
EXTERNAL = ("تغير سوق العمل وأسعار المواد في المنطقة، وقرارات الجهات الحكومية.",
            "Changes in the job market and in prices, and decisions of government bodies.")
# What the reviewer said in the samples, on which figure.
REVIEW_NOTES = {
    "proxy": "ما مصدر هذا الوكيل المالي؟ أرفقوا رابط المسح أو الدراسة وسنتها.",
    "attribution": "الإسناد منخفض: جهات أخرى تقدم برامج مشابهة في المنطقة نفسها.",
    "deadweight": "كيف قدرتم الوزن الميت؟ هل قارنتم بمجموعة لم تشارك؟",
}


def seed(ctx) -> None:
    started = time.monotonic()
    reviewer = _reviewer_account()
    _samples(ctx, reviewer)
    sampled = time.monotonic()
    count = _seed_bulk(ctx, reviewer)
    ctx.log(f"  {Analysis.objects.count()} SROI analyses ({count} in bulk), {LogicModel.objects.count()} logic "
            f"models (samples {sampled - started:.1f}s, bulk {time.monotonic() - sampled:.1f}s)")


def bulk_count(scale: int) -> int:
    return max(ANALYSES_AT_LEAST, ANALYSES_PER_SCALE * scale)


def _reviewer_account():
    """The demo impact reviewer: of no organisation, so independent of every analysis's preparers."""
    User = get_user_model()
    user = User.objects.create(username=REVIEWER_USERNAME, first_name="هدى", last_name="القحطاني",
                               email=f"{REVIEWER_USERNAME}@musharaka.local", password=make_password(DEMO_PASSWORD))
    note = "محللة معتمدة للعائد الاجتماعي على الاستثمار"
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    if staff is not None:
        services.reviewer_add(actor=staff, user=user, note=note)
    else:  # seed_demo runs before the demo administrator exists: the list is the staff's to change later
        Reviewer.objects.create(user=user, note=note)
    return user


# ---------------------------------------------------------------- the samples, through the services


def _staff_of(ctx, organization) -> tuple:
    """The organisation's admin and an editor (a demo person made one when it has none)."""
    admin = (Membership.objects.filter(organization=organization, role=Role.ADMIN).select_related("user")
             .order_by("pk").first())
    editor = (Membership.objects.filter(organization=organization, role=Role.EDITOR).select_related("user")
              .order_by("pk").first())
    people = ctx.shared["people"]
    if admin is None:
        admin = Membership.objects.create(organization=organization, user=people[-1], role=Role.ADMIN)
    if editor is None or editor.user_id == admin.user_id:
        person = next(p for p in reversed(people[:-1]) if p.pk != admin.user_id
                      and not Membership.objects.filter(organization=organization, user=p).exists())
        editor = Membership.objects.create(organization=organization, user=person, role=Role.EDITOR)
    # Fresh instances: the shared people may carry roles cached before these memberships.
    User = get_user_model()
    return User.objects.get(pk=admin.user_id), User.objects.get(pk=editor.user_id)


def _sample_owners(ctx) -> list:
    from musharaka.initiatives.models import PUBLISHED_STATUSES

    published = [item for item in ctx.shared.get("initiatives", []) if item.status in PUBLISHED_STATUSES]
    return published[:len(THEMES)]


def _currency(initiative) -> str:
    return "USD" if initiative.region.code.startswith("SY") else "SAR"


def _indicator(theme, owner, admin, editor, year: int):
    """An indicator of the owner's results with an approved update (reported by the editor, approved by the
    admin): what the logic model's output and the garden's outcome are measured by."""
    from musharaka.results import services as results

    title, unit, target, value = theme["indicator"]
    result = results.result_create(actor=admin, owner=owner, data={"title_ar": f"مخرجات: {title}", "level": "output"})
    indicator = results.indicator_create(actor=admin, result=result, data={
        "title_ar": title, "unit_ar": unit, "measure": "unit", "cumulative": False, "baseline_value": "0",
        "baseline_year": year - 1})
    period = results.period_create(actor=admin, indicator=indicator, data={
        "start": datetime.date(year, 1, 1), "end": datetime.date(year, 12, 31), "target_value": str(target)})
    update = results.update_create(actor=editor, period=period, data={
        "value": str(value), "narrative": "حصيلة العام حسب سجلات الفريق الميداني"}, submit=True)
    results.update_approve(actor=admin, update=update, comment="مطابق للسجلات")
    indicator.refresh_from_db()
    return indicator


def _logic_model(theme, owner, editor, indicator) -> LogicModel:
    model = services.logic_model_save(actor=editor, owner=owner, data={
        "assumptions_ar": ASSUMPTIONS[0], "assumptions_en": ASSUMPTIONS[1],
        "external_factors_ar": EXTERNAL[0], "external_factors_en": EXTERNAL[1]})
    for position, (stage, text) in enumerate(theme["items"]):
        measured = text == theme["measured"]
        services.logic_item_save(actor=editor, logic_model=model, data={
            "stage": stage, "text_ar": text, "position": position}, indicator=indicator if measured else None)
    return model


def _figures(theme, analysis, editor, indicator, *, from_indicator: bool) -> list[Outcome]:
    stakeholders = [services.stakeholder_save(actor=editor, analysis=analysis, data={
        "name_ar": name_ar, "name_en": name_en, "description_ar": description, "size": size, "position": position})
        for position, (name_ar, name_en, description, size) in enumerate(theme["stakeholders"])]
    for position, (kind, description, contributor, amount) in enumerate(theme["investments"]):
        data = {"kind": kind, "description_ar": description, "contributor": contributor, "position": position,
                "grade": EvidenceGrade.MEASURED if kind == InvestmentKind.CASH else EvidenceGrade.ESTIMATED}
        if kind == InvestmentKind.VOLUNTEER_TIME:
            hours, hourly = amount
            data.update(hours=str(hours), hourly_value=str(hourly), valuation_basis=VOLUNTEER_BASIS)
        else:
            data["amount"] = str(amount)
        services.investment_save(actor=editor, analysis=analysis, data=data)
    outcomes = []
    for position, (who, title_ar, title_en, unit, (low, high), proxy, proxy_text, source, duration, deadweight,
                   displacement, attribution, drop_off) in enumerate(theme["outcomes"]):
        use_indicator = from_indicator and position == 0
        data = {"title_ar": title_ar, "title_en": title_en, "unit_ar": unit, "quantity": str((low + high) // 2),
                "proxy": str(proxy), "proxy_description_ar": proxy_text, "proxy_source": source,
                "duration": duration, "deadweight": str(deadweight), "displacement": str(displacement),
                "attribution": str(attribution), "drop_off": str(drop_off), "position": position,
                "quantity_source": QuantitySource.INDICATOR if use_indicator else QuantitySource.TYPED,
                "quantity_grade": EvidenceGrade.MEASURED if position == 0 else EvidenceGrade.ESTIMATED,
                "proxy_grade": EvidenceGrade.ESTIMATED, "attribution_grade": EvidenceGrade.ASSUMED,
                "deadweight_grade": EvidenceGrade.ESTIMATED if position % 2 else EvidenceGrade.ASSUMED}
        outcomes.append(services.outcome_save(actor=editor, analysis=analysis, stakeholder=stakeholders[who],
                                              data=data, indicator=indicator if use_indicator else None))
    return outcomes


def _samples(ctx, reviewer) -> None:
    outcomes_of = {"youth": "revised", "volunteering": "published", "health": "review", "garden": "draft"}
    for theme, owner in zip(THEMES, _sample_owners(ctx), strict=False):
        admin, editor = _staff_of(ctx, owner.lead_organization)
        year = owner.start_date.year if owner.start_date else 2025
        indicator = _indicator(theme, owner, admin, editor, year)
        _logic_model(theme, owner, editor, indicator)
        analysis = services.analysis_create(actor=editor, owner=owner, data={
            "title_ar": theme["title"][0], "title_en": theme["title"][1], "scope_ar": theme["scope"],
            "kind": AnalysisKind.FORECAST if theme["key"] in ("garden", "health") else AnalysisKind.EVALUATIVE,
            "currency": _currency(owner), "discount_rate": "3.5", "start_year": year})
        outcomes = _figures(theme, analysis, editor, indicator, from_indicator=theme["key"] == "garden")
        _walk(outcomes_of[theme["key"]], analysis, outcomes, editor, reviewer, indicator)
    _action_sample()


def _action_sample() -> None:
    """A plan action the plans demo's partner association leads (in Riyadh's sample plan): its logic model and a
    draft evaluation prepared by `planpartner`, its quantity from the action's indicator when one is approved.
    Nothing when the plans part has not run."""
    from musharaka.plans.demo import PARTNER_USERNAME, SAMPLES
    from musharaka.plans.models import Action
    from musharaka.results.models import Indicator

    partner = get_user_model().objects.filter(username=PARTNER_USERNAME).first()
    if partner is None:
        return
    led = Membership.objects.filter(user=partner).values_list("organization_id", flat=True)
    # An action whose kind a theme describes (training, a garden, a clinic, a volunteer campaign).
    words = {"تدريب": 0, "تطوعية": 1, "عيادة": 2, "حديقة": 3}
    found = [(action, THEMES[number]) for action in Action.objects.filter(
        plan__title_ar=SAMPLES[0]["title"][0], lead_organization_id__in=list(led)).select_related("plan")
        .order_by("pk") for word, number in words.items() if word in action.title_ar]
    if not found:
        return
    action, theme = found[0]
    indicator = (Indicator.objects.filter(result__owner_type=owners.content_type(action), result__owner_id=action.pk,
                                          actual_value__gt=0).order_by("pk").first())
    output = next(text for stage, text in theme["items"] if stage == Stage.OUTPUT)
    _logic_model({**theme, "measured": output}, action, partner, indicator)
    year = action.start_date.year if action.start_date else action.plan.start_year
    analysis = services.analysis_create(actor=partner, owner=action, data={
        "title_ar": f"العائد الاجتماعي لإجراء: {action.title_ar}"[:250], "scope_ar": theme["scope"],
        "kind": AnalysisKind.EVALUATIVE, "currency": action.currency, "discount_rate": "3.5", "start_year": year})
    _figures(theme, analysis, partner, indicator, from_indicator=indicator is not None)


def _walk(outcome: str, analysis: Analysis, outcomes: list[Outcome], editor, reviewer, indicator) -> None:
    """Take the sample to its status, as its preparer and the reviewer would."""
    if outcome == "draft":
        services.comment_add(actor=editor, analysis=analysis, figure=f"outcome:{outcomes[0].pk}:quantity",
                             body="الكمية من عدد الأطفال المعتمد في مؤشر الحديقة؛ نراجعها بعد عد الصيف.")
        return
    analysis = services.analysis_submit(actor=editor, analysis=analysis)
    first = outcomes[0]
    asked = services.comment_add(actor=reviewer, analysis=analysis, figure=f"outcome:{first.pk}:proxy",
                                 body=REVIEW_NOTES["proxy"])
    if outcome == "review":
        return
    services.comment_add(actor=editor, analysis=analysis, figure=f"outcome:{first.pk}:proxy",
                         body="المصدر مذكور في حقل المصدر: نشرة المسح وسنتها.")
    services.comment_resolve(actor=editor, comment=asked)
    if outcome == "published":  # returned once: the attribution was too generous, then corrected
        second = outcomes[1]
        services.comment_add(actor=reviewer, analysis=analysis, figure=f"outcome:{second.pk}:attribution",
                             body=REVIEW_NOTES["attribution"])
        analysis = services.analysis_return(actor=reviewer, analysis=analysis,
                                            comment="أعيد للتصحيح: راجعوا الإسناد في ضوء البرامج المشابهة.")
        second = services.outcome_save(actor=editor, analysis=analysis, stakeholder=second.stakeholder,
                                       outcome=second, data={"attribution": str(second.attribution + 15)})
        for comment in Comment.objects.filter(analysis=analysis, author=reviewer, resolved=False).exclude(figure=""):
            services.comment_resolve(actor=editor, comment=comment)
        analysis = services.analysis_submit(actor=editor, analysis=analysis)
    analysis = services.analysis_publish(actor=reviewer, analysis=analysis)
    if outcome != "revised":
        return
    # Version 2: the evaluation a year on takes the number trained from the indicator's approved value.
    draft = services.analysis_revise(actor=editor, analysis=analysis)
    services.analysis_update(actor=editor, analysis=draft, data={
        "title_ar": f"{analysis.title_ar} — التقييم بعد عام", "start_year": analysis.start_year + 1})
    copied = Outcome.objects.filter(analysis=draft).select_related("stakeholder").order_by("position", "pk").first()
    assert copied is not None  # the revision copied the published outcomes
    services.outcome_save(actor=editor, analysis=draft, stakeholder=copied.stakeholder, outcome=copied,
                          indicator=indicator, data={"quantity_source": QuantitySource.INDICATOR,
                                                     "quantity_grade": EvidenceGrade.VERIFIED})


# ---------------------------------------------------------------- analyses in bulk


def _spread(values: list, count: int) -> list:
    if len(values) <= count:
        return list(values)
    return [values[round(i * (len(values) - 1) / (count - 1))] for i in range(count)]


def _statuses(rng, count: int) -> list[tuple[str, ...]]:
    """Each series' versions by status, `count` analyses in all: mostly one version; some published ones revised
    (version 2 a draft or published too)."""
    series: list[tuple[str, ...]] = []
    rows = 0
    while rows < count:
        roll = rng.random()
        if roll < 0.08 and rows + 2 <= count:
            found: tuple[str, ...] = (AnalysisStatus.PUBLISHED, AnalysisStatus.DRAFT)
        elif roll < 0.12 and rows + 2 <= count:
            found = (AnalysisStatus.PUBLISHED, AnalysisStatus.PUBLISHED)
        else:
            found = (rng.choices([AnalysisStatus.PUBLISHED, AnalysisStatus.REVIEW, AnalysisStatus.DRAFT],
                                 weights=[55, 15, 30])[0],)
        series.append(found)
        rows += len(found)
    return series


def _seed_bulk(ctx, reviewer) -> int:
    from django.contrib.contenttypes.models import ContentType

    from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative, Status

    started = time.monotonic()
    rng = ctx.rng
    now = timezone.now()
    count = bulk_count(ctx.scale)
    taken = set(LogicModel.objects.values_list("owner_id", flat=True)) | set(
        Analysis.objects.values_list("owner_id", flat=True))
    published = [item for item in ctx.shared.get("initiatives", [])
                 if item.status in PUBLISHED_STATUSES and item.pk not in taken]
    if not published:
        return 0
    series_plan = _statuses(rng, count)
    owners_list = _spread(published, max(1, len(series_plan) * 3 // 4))
    initiative_type = ContentType.objects.get_for_model(Initiative)
    organizations_of = owners.owner_of(Initiative).organizations
    admins: dict[int, int] = {}
    for org_id, user_id in Membership.objects.filter(role__in=(Role.ADMIN, Role.EDITOR)).order_by(
            "role", "pk").values_list("organization_id", "user_id"):
        admins.setdefault(org_id, user_id)
    syrian = set(Region.objects.filter(code__startswith="SY").values_list("pk", flat=True))

    # Every row planned, and its kept figures computed, before anything is written.
    analyses: list[Analysis] = []
    children: list[tuple[list[Stakeholder], list[Investment], list[tuple[int, Outcome]]]] = []
    version_two: dict[int, int] = {}  # index of a version 2 → index of its version 1
    owners_used: dict[int, tuple[Any, dict]] = {}
    for number, statuses in enumerate(series_plan):
        owner = owners_list[number % len(owners_list)]
        theme = THEMES[(owner.pk + number) % len(THEMES)]
        owners_used.setdefault(owner.pk, (owner, theme))
        reporting, approving = organizations_of(owner)
        preparer = admins.get(reporting)
        start = rng.choice((2023, 2024, 2025, 2026))
        kind = AnalysisKind.EVALUATIVE if owner.status == Status.COMPLETED or start < 2025 else AnalysisKind.FORECAST
        figures = _bulk_figures(rng, theme)
        rate = rng.choice((Decimal("3.5"), Decimal("3.5"), Decimal("2.5"), Decimal(5), Decimal(6)))
        days = rng.randint(60, 700)  # a version 2 is younger than its version 1
        for version, status in enumerate(statuses, start=1):
            when = now - datetime.timedelta(days=days // version)
            title = f"{theme['title'][0]} — {owner.title_ar}"[:250]
            analysis = Analysis(
                owner_type=initiative_type, owner_id=owner.pk, organization_id=reporting,
                approver_organization_id=approving, title_ar=title if version == 1 else f"{title[:230]} (مراجعة)",
                title_en=f"{theme['title'][1]} — {owner.title_en}"[:250] if owner.title_en else theme["title"][1],
                kind=kind, scope_ar=theme["scope"], currency="USD" if owner.region_id in syrian else "SAR",
                discount_rate=rate, start_year=start + version - 1, status=status, version=version,
                is_current=version == len(statuses) or statuses[-1] == AnalysisStatus.DRAFT,
                created_by_id=preparer,
                submitted_at=when if status != AnalysisStatus.DRAFT else None,
                submitted_by_id=preparer if status != AnalysisStatus.DRAFT else None,
                published_at=when + datetime.timedelta(days=12) if status == AnalysisStatus.PUBLISHED else None,
                published_by_id=reviewer.pk if status == AnalysisStatus.PUBLISHED else None)
            if version > 1:
                version_two[len(analyses)] = len(analyses) - 1
                if rng.random() < 0.5:  # the revision changed a figure: the later year's measured quantity
                    figures = _requantified(rng, figures)
            _keep(analysis, figures)
            analyses.append(analysis)
            children.append(figures)
    planned = time.monotonic()

    Analysis.objects.bulk_create(analyses, batch_size=2000)
    for index, analysis in enumerate(analyses):
        first = analyses[version_two.get(index, index)]
        analysis.series = first.pk
        if index in version_two:
            analysis.previous_id = first.pk
    Analysis.objects.bulk_update(analyses, ["series", "previous"], batch_size=2000)
    # Fresh rows for each analysis (a version 2 shares its planned figures with version 1 where unchanged).
    stakeholders, investments, outcomes = [], [], []
    for analysis, (own_stakeholders, own_investments, _own_outcomes) in zip(analyses, children, strict=True):
        stakeholders += [Stakeholder(**{**_fields(row), "analysis_id": analysis.pk}) for row in own_stakeholders]
        investments += [Investment(**{**_fields(row), "analysis_id": analysis.pk}) for row in own_investments]
    Stakeholder.objects.bulk_create(stakeholders, batch_size=5000)
    Investment.objects.bulk_create(investments, batch_size=5000)
    position = 0
    for analysis, (own_stakeholders, _own_investments, own_outcomes) in zip(analyses, children, strict=True):
        made = stakeholders[position:position + len(own_stakeholders)]
        position += len(own_stakeholders)
        for who, row in own_outcomes:
            outcome = Outcome(**_fields(row))
            outcome.analysis_id, outcome.stakeholder_id = analysis.pk, made[who].pk
            outcomes.append(outcome)
    Outcome.objects.bulk_create(outcomes, batch_size=5000)
    _bulk_comments(rng, analyses, outcomes, reviewer)
    _bulk_logic_models(owners_used, initiative_type, organizations_of, admins)
    search.index_many(SEARCH_KIND, ((analysis.pk, (analysis.title_ar, analysis.title_en, analysis.scope_ar,
                                                   analysis.scope_en)) for analysis in analyses
                                    if analysis.status == AnalysisStatus.PUBLISHED and analysis.is_current),
                      fresh=True)
    ctx.log(f"  bulk analyses: planned in {planned - started:.1f}s, written in {time.monotonic() - planned:.1f}s "
            f"({len(analyses)} analyses, {len(outcomes)} outcomes, {len(owners_used)} initiatives)")
    return len(analyses)


def _fields(row) -> dict:
    """A planned row's own column values (a fresh instance is made of them for each analysis)."""
    return {field.attname: getattr(row, field.attname) for field in row._meta.concrete_fields
            if not field.primary_key}


def _bulk_figures(rng, theme) -> tuple:
    stakeholders = [Stakeholder(name_ar=name_ar, name_en=name_en, description_ar=description,
                                size=(size * rng.randint(5, 15) // 10) if size else None, position=position)
                    for position, (name_ar, name_en, description, size) in enumerate(theme["stakeholders"])]
    investments = []
    for position, (kind, description, contributor, amount) in enumerate(theme["investments"]):
        row = Investment(kind=kind, description_ar=description, contributor=contributor, position=position,
                         grade=rng.choice(GRADES))
        if kind == InvestmentKind.VOLUNTEER_TIME:
            hours, hourly = amount
            row.hours = Decimal(hours * rng.randint(5, 15) // 10)
            row.hourly_value, row.valuation_basis = Decimal(hourly), VOLUNTEER_BASIS
            row.value = sroi.money(row.hours * row.hourly_value)  # as investment_save keeps it
        else:
            row.amount = Decimal(amount * rng.randint(6, 14) // 10)
            row.value = row.amount
        investments.append(row)
    outcomes = []
    for position, (who, title_ar, title_en, unit, (low, high), proxy, proxy_text, source, duration, deadweight,
                   displacement, attribution, drop_off) in enumerate(theme["outcomes"]):
        outcomes.append((who, Outcome(
            title_ar=title_ar, title_en=title_en, unit_ar=unit, quantity=Decimal(rng.randint(low, high)),
            proxy=(Decimal(proxy) * Decimal(rng.randint(85, 115)) / 100).quantize(Decimal("0.01")),
            proxy_description_ar=proxy_text, proxy_source=source, duration=max(1, duration + rng.choice((-1, 0, 0, 1))),
            deadweight=_percent(rng, deadweight), displacement=_percent(rng, displacement),
            attribution=_percent(rng, attribution), drop_off=_percent(rng, drop_off),
            quantity_grade=rng.choice(GRADES), proxy_grade=rng.choice(GRADES), deadweight_grade=rng.choice(GRADES),
            displacement_grade=rng.choice(GRADES), attribution_grade=rng.choice(GRADES),
            drop_off_grade=rng.choice(GRADES), position=position)))
    return stakeholders, investments, outcomes


def _percent(rng, base: int) -> Decimal:
    return Decimal(min(95, max(0, base + rng.choice((-5, 0, 0, 5))))) if base else Decimal(0)


def _requantified(rng, figures: tuple) -> tuple:
    stakeholders, investments, outcomes = figures
    who, first = outcomes[0]
    changed = Outcome(**_fields(first))
    changed.quantity = first.quantity + rng.randint(1, 20)
    return stakeholders, investments, [(who, changed), *outcomes[1:]]


def _keep(analysis: Analysis, figures: tuple) -> None:
    """The figures services.refresh_analysis keeps, computed by the same rules before the rows are written."""
    _stakeholders, investments, outcomes = figures
    total = sum((row.value for row in investments), Decimal(0))
    computation = sroi.compute(sroi.Figures(
        outcomes=tuple(sroi.OutcomeFigures(
            key=position, quantity=row.quantity, proxy=row.proxy, duration=row.duration, deadweight=row.deadweight,
            displacement=row.displacement, attribution=row.attribution, drop_off=row.drop_off)
            for position, (_who, row) in enumerate(outcomes)),
        investment=total, discount_rate=analysis.discount_rate))
    for (_who, row), value in zip(outcomes, computation.outcomes, strict=True):
        row.value_year_one, row.present_value = sroi.money(value.year_one), sroi.money(value.present_value)
    analysis.total_investment, analysis.present_value = computation.investment, computation.present_value
    analysis.net_present_value, analysis.ratio = computation.net_present_value, computation.ratio
    analysis.net_ratio, analysis.payback_months = computation.net_ratio, computation.payback_months


def _bulk_comments(rng, analyses: list[Analysis], outcomes: list[Outcome], reviewer) -> None:
    """The reviewer's comments on a figure of the analyses that went to review (resolved once published)."""
    first_outcome: dict[int, Outcome] = {}
    for outcome in outcomes:
        first_outcome.setdefault(outcome.analysis_id, outcome)
    rows = []
    for analysis in analyses:
        if analysis.status == AnalysisStatus.DRAFT or rng.random() < 0.4:
            continue
        field = rng.choice(tuple(REVIEW_NOTES))
        rows.append(Comment(analysis_id=analysis.pk, author_id=reviewer.pk, body=REVIEW_NOTES[field],
                            figure=f"outcome:{first_outcome[analysis.pk].pk}:{field}",
                            resolved=analysis.status == AnalysisStatus.PUBLISHED))
    Comment.objects.bulk_create(rows, batch_size=5000)


def _bulk_logic_models(owners_used: dict, owner_type, organizations_of, admins: dict) -> None:
    models, planned = [], []
    for owner, theme in owners_used.values():
        reporting, approving = organizations_of(owner)
        models.append(LogicModel(owner_type=owner_type, owner_id=owner.pk, organization_id=reporting,
                                 approver_organization_id=approving, assumptions_ar=ASSUMPTIONS[0],
                                 assumptions_en=ASSUMPTIONS[1], external_factors_ar=EXTERNAL[0],
                                 external_factors_en=EXTERNAL[1], updated_by_id=admins.get(reporting)))
        planned.append(theme)
    LogicModel.objects.bulk_create(models, batch_size=2000)
    items = [LogicItem(logic_model_id=model.pk, stage=stage, text_ar=text, position=position)
             for model, theme in zip(models, planned, strict=True)
             for position, (stage, text) in enumerate(theme["items"])]
    LogicItem.objects.bulk_create(items, batch_size=5000)


