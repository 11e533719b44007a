"""Demo awards (see core seed_demo), after the organisations, initiatives and events they draw on.

First the samples, entered through the services: the regions' development awards given at the fifth forum of
the regions' emirates in Madinah ("to spur creativity and positive competition between the regions"), organised
by the Madinah Region Emirate, with a category per development axis, weighted criteria with level descriptors and
questions; its 2025 cycle published with winners (the certificates' printed fields set by the publish step), its
2026 cycle open for nominations. And the Azwa award for community participation of the Riyadh Region
Municipality ("honouring the inspiring experiences that made a difference locally"), its 2026 cycle in judging:
the demo judges `judge1`…`judge5` (the demo password), an automatic recusal (judge5 belongs to an applicant
organisation) and a declared one, sheets submitted, drafts and untouched, an outlier sheet and a tie. The
organiser's staff account is `awardorganiser` (an editor of both organisers).

Then cycles in bulk: 2 a scale step (scale 100: 200 cycles, 20,000 applications, 100,000 scoresheets), written
with bulk_create and core.bulk.insert_rows. What the services keep on write is written here too, computed by the
same functions: each sheet's total by scoring.sheet_total, each round's figures (raw and normalised scores,
tie-breaks, ranks, ties, z-scores, outliers) by scoring.round_result, the assignment by
scoring.balanced_assignment and the recusals by services.conflicts_for; the cycle's application count, the
rounds' sheet counts and the applications' last round are counted from the rows planned.
"""

import datetime
import time
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from musharaka.core import search
from musharaka.core.bulk import insert_rows
from musharaka.core.management.commands.ensure_demo_admin import DEMO_PASSWORD
from musharaka.orgs.models import Membership, Role, Sector
from musharaka.taxonomy.models import Axis

from . import scoring, services
from .models import (
    Application,
    ApplicationStatus,
    Category,
    CategoryKind,
    Criterion,
    Cycle,
    CycleStage,
    Judge,
    JudgeStatus,
    PanelMember,
    Programme,
    Question,
    Recusal,
    Round,
    RoundEntry,
    RoundStatus,
    Score,
    Scoresheet,
    SheetStatus,
    Winner,
)
from .services import SEARCH_KIND

CYCLES_PER_SCALE = 2
YEARS = (2023, 2024, 2025, 2026)  # each bulk programme's cycles; the last one's is still being judged
JUDGES_PER_CYCLE = 12
# A bulk cycle's categories: (kind, judges per application, applications in round 1, others): 100 applications
# and 40×6 + 40×5 + 15×4 = 500 scoresheets a cycle (200 cycles: 20,000 applications, 100,000 sheets). The others
# are three found ineligible, one withdrawn and one draft never submitted.
CATEGORY_PLAN = ((CategoryKind.INITIATIVE, 6, 40, 0), (CategoryKind.PARTNERSHIP, 5, 40, 0),
                 (CategoryKind.VOLUNTEER_TEAM, 4, 15, 5))
OTHER_STATUSES = (ApplicationStatus.INELIGIBLE, ApplicationStatus.INELIGIBLE, ApplicationStatus.INELIGIBLE,
                  ApplicationStatus.WITHDRAWN, ApplicationStatus.DRAFT)

LEVELS = {
    "0": {"ar": "لا يتوفر أي دليل", "en": "No evidence"},
    "3": {"ar": "دليل محدود وأثر غير موثق", "en": "Limited evidence, impact not documented"},
    "5": {"ar": "أثر ملموس في نطاق محدود", "en": "Tangible impact in a limited scope"},
    "8": {"ar": "أثر واسع موثق بالأرقام", "en": "Wide impact documented with figures"},
    "10": {"ar": "تجربة رائدة قابلة للتعميم على المناطق", "en": "A pioneering experience other regions can adopt"},
}
# (name in Arabic, in English, weight, guidance in Arabic): the regional award's criteria, heaviest first.
REGIONAL_CRITERIA = (
    ("الأثر التنموي", "Development impact", 30, "ما تحقق فعلًا للمستفيدين وللمنطقة، بالأرقام والشواهد"),
    ("الابتكار", "Innovation", 20, "جدة الفكرة أو طريقة التنفيذ مقارنة بالممارسات السائدة"),
    ("الاستدامة", "Sustainability", 20, "استمرار المبادرة بعد انتهاء الدعم الأول وتنوع مصادر تمويلها"),
    ("الشراكة والتكامل", "Partnership and integration", 15, "إشراك القطاعين الخاص وغير الربحي والمجتمع المحلي"),
    ("قابلية النقل والتكييف", "Transferability", 15, "إمكانية نقل التجربة وتكييفها في مناطق أخرى"),
)
COMMUNITY_CRITERIA = (
    ("المشاركة المجتمعية", "Community participation", 35, "عدد المشاركين من السكان ودورهم في التخطيط والتنفيذ"),
    ("الأثر في جودة الحياة", "Effect on the quality of life", 25, "التحسن الملموس في الحي أو المدينة"),
    ("الشراكات الفاعلة", "Effective partnerships", 20, "الشراكات بين الجهات الحكومية والخاصة وغير الربحية"),
    ("الاستدامة والابتكار", "Sustainability and innovation", 20, "قدرة التجربة على الاستمرار والتطور"),
)
REGIONAL_QUESTIONS = (
    ("ما المشكلة التنموية التي عالجتها المبادرة في المنطقة؟", "What development problem did the initiative address?"),
    ("ما النتائج التي تحققت بالأرقام؟", "What results were achieved, in figures?"),
    ("كيف يمكن نقل التجربة إلى منطقة أخرى؟", "How could another region adopt the experience?"),
)
COMMUNITY_QUESTIONS = (
    ("كيف شارك السكان في تصميم التجربة وتنفيذها؟", "How did residents take part in designing and running it?"),
    ("ما الفرق الذي أحدثته التجربة في الواقع المحلي؟", "What difference did it make locally?"),
)
ANSWERS = (
    "عالجت المبادرة ضعف الخدمات في الأحياء الطرفية بالشراكة مع الجمعيات الأهلية والقطاع الخاص، واستفاد منها أكثر من "
    "ثلاثة آلاف أسرة خلال عامين.",
    "ارتفعت نسبة رضا المستفيدين إلى 87٪، وتطوع في تنفيذها 240 شابًا وشابة، وأُطلقت منها ثلاث مبادرات فرعية.",
    "وثقنا دليلًا إجرائيًا للتجربة وعقدنا ورشتي عمل لنقلها، وأبدت منطقتان رغبتهما في تطبيقها.",
)
COMMENTS = ("أثر واضح وموثق بالأرقام", "تحتاج المبادرة إلى خطة استدامة أوضح", "شراكات متنوعة وفاعلة",
            "فكرة مبتكرة قابلة للتعميم", "الشواهد المرفقة محدودة", "إشراك السكان في التنفيذ متميز")
CITATIONS = (
    ("لأثرها التنموي الموثق وقابليتها للنقل إلى المناطق الأخرى",
     "For its documented development impact and its transferability to other regions"),
    ("لشراكاتها المتنوعة مع القطاعين الخاص وغير الربحي", "For its varied partnerships with the private and "
                                                          "non-profit sectors"),
    ("لابتكارها في إشراك السكان في التخطيط والتنفيذ", "For its innovative involvement of residents"),
)
JUDGES = (  # the demo judges: (username, first name, family name, expertise)
    ("judge1", "خالد", "الزهراني", "التنمية المحلية والتخطيط الحضري"),
    ("judge2", "هند", "الشهري", "قياس الأثر الاجتماعي"),
    ("judge3", "عبدالرحمن", "المطيري", "القطاع غير الربحي والتطوع"),
    ("judge4", "منى", "الغامدي", "الشراكات والمسؤولية الاجتماعية"),
    ("judge5", "سعد", "القرني", "الاستدامة والابتكار"),
)
ORGANISER_USERNAME = "awardorganiser"
REGIONAL_AWARD = "جائزة المناطق التنموية"
COMMUNITY_AWARD = "جائزة عزوة للمشاركة المجتمعية"
# Bulk programmes: (name in Arabic with {org}, in English).
PROGRAMME_NAMES = (
    ("جائزة {org} للتميز التنموي", "{org} development excellence award"),
    ("جائزة {org} للمبادرات المجتمعية", "{org} community initiatives award"),
    ("جائزة {org} للشراكة والتطوع", "{org} partnership and volunteering award"),
)
CATEGORY_NAMES = {
    CategoryKind.INITIATIVE: ("أفضل مبادرة في محور {axis}", "Best initiative: {axis}"),
    CategoryKind.PARTNERSHIP: ("أفضل شراكة تنموية", "Best development partnership"),
    CategoryKind.VOLUNTEER_TEAM: ("أفضل فريق تطوعي", "Best volunteer team"),
}
BULK_CRITERIA = (("الأثر", "Impact", 35), ("الاستدامة", "Sustainability", 25), ("الابتكار", "Innovation", 25),
                 ("الشراكة", "Partnership", 15))
TEAMS = ("فريق {family} التطوعي", "فريق شباب الحي التطوعي", "فريق أصدقاء البيئة", "فريق سند لخدمة كبار السن",
         "فريق بصمة خير التطوعي", "فريق مبادرون لخدمة المجتمع")
INELIGIBLE_REASONS = ("نُفذت المبادرة قبل الفترة التي تشملها الدورة", "لم تُرفق الشواهد المطلوبة على الأثر",
                      "المبادرة غير مسجلة في سجل المبادرات باسم الجهة المتقدمة")


def seed(ctx) -> None:
    started = time.monotonic()
    _samples(ctx)
    sampled = time.monotonic()
    count = _seed_bulk(ctx)
    ctx.log(f"  {Cycle.objects.count()} award cycles ({count} in bulk), {Application.objects.count()} applications, "
            f"{Scoresheet.objects.count()} scoresheets, {Winner.objects.count()} winners "
            f"(samples {sampled - started:.1f}s, bulk {time.monotonic() - sampled:.1f}s)")


# ---------------------------------------------------------------- the samples, through the services


def _admin(org):
    return Membership.objects.filter(organization=org, role=Role.ADMIN).select_related("user").first().user


def _aware(day: datetime.date, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second)))


def _people(ctx, organisers) -> tuple:
    """The awards' known demo accounts: the organisers' staff member and five judges."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)
    organiser = User.objects.create(username=ORGANISER_USERNAME, first_name="ريم", last_name="العنزي",
                                    email=f"{ORGANISER_USERNAME}@musharaka.local", password=password)
    Membership.objects.bulk_create([Membership(organization=org, user=organiser, role=Role.EDITOR)
                                    for org in organisers])
    judges = [User.objects.create(username=username, first_name=first, last_name=family, password=password,
                                  email=f"{username}@musharaka.local")
              for username, first, family, _expertise in JUDGES]
    return organiser, judges


def _categories(actor, cycle, specs, criteria, questions) -> list[Category]:
    """specs: (data for category_create); every category gets the same criteria and questions."""
    made = []
    for position, data in enumerate(specs):
        category = services.category_create(actor=actor, cycle=cycle, data={**data, "position": position})
        for index, (name_ar, name_en, weight, guidance) in enumerate(criteria):
            services.criterion_create(actor=actor, category=category, data={
                "name_ar": name_ar, "name_en": name_en, "weight": weight, "guidance_ar": guidance,
                "position": index, "levels": LEVELS})
        for index, (text_ar, text_en) in enumerate(questions):
            services.question_create(actor=actor, category=category, data={
                "text_ar": text_ar, "text_en": text_en, "position": index, "required": index < 2})
        made.append(category)
    return made


def _applicant_initiatives(ctx, organiser, *, axis=None, sector=None, count: int, taken: set) -> list:
    """Published initiatives of organisations other than the organiser (one each), best in the axis asked."""
    from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative

    found: list = []
    queries = [{"axes": axis, "lead_organization__sector": sector}, {"lead_organization__sector": sector}, {}]
    for query in queries:
        query = {key: value for key, value in query.items() if value is not None}
        rows = (Initiative.objects.filter(status__in=PUBLISHED_STATUSES, **query)
                .exclude(lead_organization=organiser).select_related("lead_organization").order_by("pk"))
        for initiative in rows[:400]:
            if len(found) == count:
                return found
            if initiative.lead_organization_id in taken or not Membership.objects.filter(
                    organization_id=initiative.lead_organization_id, role=Role.ADMIN).exists():
                continue
            taken.add(initiative.lead_organization_id)
            found.append(initiative)
    return found


def _apply(category, initiative, *, submit: bool = True, questions: int = 3):
    org = initiative.lead_organization
    editor = _admin(org)
    asked = list(category.questions.order_by("position"))[:questions]
    application = services.application_create(
        actor=editor, category=category, organization=org, initiative=initiative, data={},
        answers={str(question.pk): ANSWERS[index % len(ANSWERS)] for index, question in enumerate(asked)})
    if submit:
        application = services.application_submit(actor=editor, application=application)
    return application


def _close_nominations(cycle, *, opened: datetime.datetime, closed: datetime.datetime, **planned) -> Cycle:
    """As if time passed: the dates the cycle really had, set after its applications came in through the
    services (which refuse an application outside the nominations)."""
    Cycle.objects.filter(pk=cycle.pk).update(nominations_open_at=opened, nominations_close_at=closed, **planned)
    Application.objects.filter(cycle=cycle).exclude(submitted_at=None).update(
        submitted_at=closed - datetime.timedelta(days=3, hours=5))
    cycle.refresh_from_db()
    return cycle


def _score(sheet, criteria, values, *, submit: bool = True, comment_at: int = 0):
    scores = {criterion.pk: (value, COMMENTS[(comment_at + index) % len(COMMENTS)] if index < 2 else "")
              for index, (criterion, value) in enumerate(zip(criteria, values, strict=False))}
    return services.sheet_save(actor=sheet.judge.user, sheet=sheet, scores=scores, submit=submit,
                               overall_comment="تجربة جديرة بالتقدير" if submit else None)


def _samples(ctx) -> None:
    from musharaka.events.demo import _organization

    now = timezone.now()
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    emirate = _organization(ctx, "إمارة منطقة المدينة المنورة", "Madinah Region Emirate", Sector.AUTHORITY,
                            "المدينة المنورة")
    amanah = _organization(ctx, "أمانة منطقة الرياض", "Riyadh Region Municipality", Sector.AUTHORITY, "الرياض")
    organiser, judge_users = _people(ctx, [emirate, amanah])
    axes = list(Axis.objects.order_by("position", "pk"))
    taken: set[int] = {emirate.pk, amanah.pk}

    # 1. The regions' development awards: a programme, its 2025 cycle published with winners.
    programme = services.programme_create(actor=organiser, organization=emirate, data={
        "name_ar": REGIONAL_AWARD, "name_en": "Regional Development Awards",
        "description_ar": "جوائز تمنح خلال الملتقى السنوي للمبادرات والتجارب التنموية في إمارات المناطق، لتحفيز "
                          "الإبداع والتنافس الإيجابي بين إمارات المملكة، وتكريم المبادرات التنموية التي نفذتها "
                          "إمارات المناطق بالتعاون مع شركائها من القطاعات الحكومية والخاصة وغير الربحية.",
        "description_en": "Awarded at the annual forum of the regions' emirates' development initiatives and "
                          "experiences, to spur creativity and positive competition between the emirates.",
        "eligibility_ar": "المبادرات المسجلة في سجل المبادرات والمنفذة خلال العامين الماضيين، بقيادة إمارة منطقة أو "
                          "بالشراكة معها؛ مبادرة واحدة لكل جهة في كل فئة.",
        "eligibility_en": "Initiatives in the registry carried out in the last two years, led by or with a region's "
                          "emirate; one initiative per organisation and category.",
        "region": None})
    specs = [{"kind": CategoryKind.INITIATIVE, "axis": axis, "judges_per_application": 3, "winner_places": 3,
              "name_ar": f"أفضل مبادرة تنموية في محور {axis.name_ar}", "name_en": f"Best initiative: {axis.name_en}",
              "description_ar": f"تكرم المبادرات المتميزة في محور {axis.name_ar} من محاور التنمية."}
             for axis in axes[:2]]
    cycle = services.cycle_create(actor=organiser, programme=programme, data={
        "year": 2025, "title_ar": "الدورة الخامسة", "title_en": "Fifth edition", "people_choice": True,
        "nominations_open_at": now - 2 * day, "nominations_close_at": now + 30 * day})
    categories = _categories(organiser, cycle, specs, REGIONAL_CRITERIA, REGIONAL_QUESTIONS)
    cycle = services.cycle_advance(actor=organiser, cycle=cycle)
    entered = {category.pk: [_apply(category, initiative) for initiative in _applicant_initiatives(
        ctx, emirate, axis=category.axis, sector=Sector.AUTHORITY, count=4, taken=taken)]
        for category in categories}
    judges = []
    for user, (_username, _first, _family, expertise) in zip(judge_users[:4], JUDGES, strict=False):
        judge = services.judge_invite(actor=organiser, cycle=cycle, user=user, expertise=expertise)
        judges.append(services.judge_respond(actor=user, judge=judge, accept=True))
    for category in categories:
        for judge in judges:
            services.panel_add(actor=organiser, round=category.rounds.get(number=1), judge=judge)
    cycle = _close_nominations(cycle, opened=_aware(datetime.date(2025, 3, 1)),
                               closed=_aware(datetime.date(2025, 5, 31), 23, 59, 59),
                               eligibility_until=datetime.date(2025, 6, 30), judging_until=datetime.date(2025, 9, 15),
                               deliberation_until=datetime.date(2025, 10, 15), results_on=datetime.date(2025, 10, 29))
    cycle = services.cycle_advance(actor=organiser, cycle=cycle)
    for applications in entered.values():
        for index, application in enumerate(applications):
            services.application_check_eligibility(
                actor=organiser, application=application, eligible=index != 3,
                reason="" if index != 3 else "نُفذت المبادرة قبل الفترة التي تشملها الدورة")
    cycle = services.cycle_advance(actor=organiser, cycle=cycle)  # judging: round 1 assigned
    services.cycle_set_people_choice(actor=organiser, cycle=cycle, is_open=True)
    people = ctx.shared["people"]
    for category in categories:
        marks = {application.pk: 9 - 2 * index for index, application in enumerate(entered[category.pk][:3])}
        criteria = list(category.criteria.order_by("position"))
        for sheet in Scoresheet.objects.filter(round__category=category).select_related("judge__user").order_by("pk"):
            base = marks[sheet.application_id]
            _score(sheet, criteria, [min(10, base + (sheet.judge_id + index) % 2) for index in range(5)],
                   comment_at=sheet.pk)
        for voter in people[:7]:
            services.vote_cast(actor=voter, application=Application.objects.get(pk=entered[category.pk][voter.pk % 3].pk))
        services.round_close(actor=organiser, round=category.rounds.get(number=1))
    cycle = services.cycle_advance(actor=organiser, cycle=cycle)  # deliberation
    for category in Category.objects.filter(cycle=cycle).select_related("cycle__programme"):
        ranked = list(RoundEntry.objects.filter(round__category=category).exclude(rank=None)
                      .select_related("application").order_by("rank", "pk"))
        services.deliberation_note_add(actor=organiser, category=category,
                                       text="اتفقت اللجنة على اعتماد الترتيب كما ورد في نتائج التحكيم")
        services.winners_confirm(actor=organiser, category=category, placements=[
            (entry.application, place, *CITATIONS[place - 1]) for place, entry in enumerate(ranked[:3], start=1)])
    services.cycle_advance(actor=organiser, cycle=cycle)  # published: the certificates' fields are printed

    # The same programme's 2026 cycle, open for nominations until the end of the month.
    current = services.cycle_create(actor=organiser, programme=programme, data={
        "year": 2026, "title_ar": "الدورة السادسة", "title_en": "Sixth edition",
        "nominations_open_at": now - 20 * day, "nominations_close_at": _aware(today + 28 * day, 23, 59, 59),
        "eligibility_until": today + 45 * day, "judging_until": today + 90 * day,
        "deliberation_until": today + 110 * day, "results_on": today + 120 * day})
    open_categories = _categories(organiser, current, [
        {"kind": CategoryKind.INITIATIVE, "axis": axis, "judges_per_application": 3, "winner_places": 3,
         "name_ar": f"أفضل مبادرة تنموية في محور {axis.name_ar}", "name_en": f"Best initiative: {axis.name_en}"}
        for axis in axes[2:4]], REGIONAL_CRITERIA, REGIONAL_QUESTIONS)
    current = services.cycle_advance(actor=organiser, cycle=current)
    for category in open_categories:
        found = _applicant_initiatives(ctx, emirate, axis=category.axis, sector=Sector.AUTHORITY, count=3,
                                       taken=taken)
        for index, initiative in enumerate(found):
            _apply(category, initiative, submit=index != 2, questions=1 if index == 2 else 3)

    # 2. The Azwa award for community participation: its 2026 cycle in judging.
    azwa = services.programme_create(actor=organiser, organization=amanah, data={
        "name_ar": COMMUNITY_AWARD, "name_en": "Azwa Award for Community Participation",
        "description_ar": "جائزة مصاحبة لملتقى عزوة للمشاركة المجتمعية، تهدف إلى تكريم التجارب المُلهمة التي أحدثت "
                          "فرقًا في الواقع المحلي وأسهمت في بناء شراكات فعالة تخدم المجتمع، وتحفيز المؤسسات والأفراد "
                          "لمواصلة الابتكار في مجالات المشاركة المجتمعية.",
        "description_en": "The award of the Azwa forum for community participation: it honours the inspiring "
                          "experiences that made a difference locally and built effective partnerships.",
        "eligibility_ar": "الجهات الحكومية والخاصة وغير الربحية والفرق التطوعية وسكان مدينة الرياض.",
        "eligibility_en": "Government, private and non-profit organisations, volunteer teams and Riyadh's residents.",
        "region": amanah.region})
    azwa_cycle = services.cycle_create(actor=organiser, programme=azwa, data={
        "year": 2026, "title_ar": "الدورة الأولى", "title_en": "First edition", "blind_judging": False,
        "nominations_open_at": now - 2 * day, "nominations_close_at": now + 30 * day})
    initiative_category, team_category = _categories(organiser, azwa_cycle, [
        {"kind": CategoryKind.INITIATIVE, "judges_per_application": 3, "winner_places": 3,
         "name_ar": "أفضل تجربة في المشاركة المجتمعية", "name_en": "Best community participation experience"},
        {"kind": CategoryKind.VOLUNTEER_TEAM, "judges_per_application": 2, "winner_places": 1,
         "needs_initiative": False, "allows_residents": True,
         "name_ar": "أفضل فريق تطوعي", "name_en": "Best volunteer team"}], COMMUNITY_CRITERIA, COMMUNITY_QUESTIONS)
    azwa_cycle = services.cycle_advance(actor=organiser, cycle=azwa_cycle)
    experiences = [_apply(initiative_category, initiative, questions=2)
                   for initiative in _applicant_initiatives(ctx, amanah, count=6, taken=taken)]
    teams = []
    team_people = [person for person in people[20:40] if person.pk not in {user.pk for user in judge_users}][:3]
    questions = list(team_category.questions.order_by("position"))
    for index, person in enumerate(team_people):
        application = services.application_create(
            actor=person, category=team_category, data={
                "title_ar": TEAMS[index + 1], "summary_ar": "فريق من سكان الحي ينظم حملات تطوعية شهرية لخدمة الجيران"},
            answers={str(question.pk): ANSWERS[position] for position, question in enumerate(questions)})
        teams.append(services.application_submit(actor=person, application=application))
    # judge5 belongs to the fourth experience's organisation: recused automatically, never assigned to it.
    Membership.objects.get_or_create(organization_id=experiences[3].organization_id, user=judge_users[4],
                                     defaults={"role": Role.VIEWER})
    azwa_judges = []
    for user, (_username, _first, _family, expertise) in zip(judge_users, JUDGES, strict=True):
        judge = services.judge_invite(actor=organiser, cycle=azwa_cycle, user=user, expertise=expertise)
        azwa_judges.append(services.judge_respond(actor=user, judge=judge, accept=True))
    for category in (initiative_category, team_category):
        for judge in azwa_judges:
            services.panel_add(actor=organiser, round=category.rounds.get(number=1), judge=judge)
    azwa_cycle = _close_nominations(azwa_cycle, opened=now - 90 * day, closed=_aware(today - 30 * day, 23, 59, 59),
                                    eligibility_until=today - 20 * day, judging_until=today + 20 * day,
                                    deliberation_until=today + 40 * day, results_on=today + 50 * day)
    azwa_cycle = services.cycle_advance(actor=organiser, cycle=azwa_cycle)
    for application in [*experiences, *teams]:
        services.application_check_eligibility(actor=organiser, application=application, eligible=True)
    azwa_cycle = services.cycle_advance(actor=organiser, cycle=azwa_cycle)  # judging: round 1 assigned
    # judge4 declares a conflict with the fifth experience before scoring it (its sheet goes to another judge).
    found_sheet = Scoresheet.objects.filter(application=experiences[4], judge=azwa_judges[3]).first() or \
        Scoresheet.objects.filter(application=experiences[4]).select_related("judge").first()
    assert found_sheet is not None  # experiences are assigned judges when judging starts
    sheet = found_sheet
    services.conflict_declare(actor=sheet.judge.user, judge=sheet.judge, application=experiences[4],
                              reason="شاركتُ في تقييم المبادرة مستشارةً للجهة المنفذة العام الماضي")
    criteria = list(initiative_category.criteria.order_by("position"))
    tie = [8, 7, 8, 6]  # the first two experiences: the same scores from every judge, tied after both tie-breaks
    for sheet in (Scoresheet.objects.filter(round__category=initiative_category).select_related("judge__user")
                  .order_by("application_id", "judge_id")):
        place = experiences.index(next(app for app in experiences if app.pk == sheet.application_id))
        if place in (0, 1):
            _score(sheet, criteria, tie, comment_at=place)
        elif place == 2:  # the outlier: two judges near 90, the third 30, 40 points from the mean of 70
            low = sheet.judge_id == max(Scoresheet.objects.filter(application_id=sheet.application_id)
                                        .values_list("judge_id", flat=True))
            _score(sheet, criteria, [3, 3, 3, 3] if low else [9, 9, 9, 9], comment_at=2)
        elif place == 3:
            _score(sheet, criteria, [6, 7, 5, 6], comment_at=3)
        elif place == 4:  # one draft among submitted sheets
            first = sheet.judge_id == min(Scoresheet.objects.filter(application_id=sheet.application_id)
                                          .values_list("judge_id", flat=True))
            _score(sheet, criteria, [7, 6] if first else [7, 7, 6, 5], submit=not first, comment_at=4)
        elif sheet.judge_id % 3 == 0:  # the last one: a draft; its other sheets not started
            _score(sheet, criteria, [5], submit=False)
    team_criteria = list(team_category.criteria.order_by("position"))
    for sheet in (Scoresheet.objects.filter(round__category=team_category, application=teams[0])
                  .select_related("judge__user")):
        _score(sheet, team_criteria, [8, 8, 7, 9], comment_at=5)


# ---------------------------------------------------------------- cycles in bulk


def _ids_after(model, field: str, first: int, count: int) -> list[int]:
    """The ids of the rows just inserted (insert_rows returns none), in insertion order."""
    ids = list(model.objects.filter(**{f"{field}__gte": first}).order_by("pk").values_list("pk", flat=True))
    if len(ids) != count:  # another writer meanwhile: seed_demo writes into a database of its own
        raise RuntimeError(f"{model.__name__}: {len(ids)} rows where {count} were inserted")
    return ids


def _value(rng, quality: float, leniency: float, *, far: bool) -> int:
    value = quality + leniency + rng.gauss(0, 0.8)
    if far:  # a judge who read the application very differently: the outliers the board flags
        value = 10 - value
    return max(0, min(10, round(value)))


def _seed_bulk(ctx) -> int:
    from musharaka.initiatives.models import PUBLISHED_STATUSES

    started = time.monotonic()
    rng = ctx.rng
    cycle_count = CYCLES_PER_SCALE * ctx.scale
    organizations = ctx.shared["organizations"]
    people = ctx.shared["people"]
    by_org = {org.pk: org for org in organizations}
    admins: dict[int, int] = {}
    for org_id, user_id in Membership.objects.filter(role=Role.ADMIN).order_by("pk").values_list(
            "organization_id", "user_id"):
        admins.setdefault(org_id, user_id)
    initiatives = [item for item in ctx.shared.get("initiatives", [])
                   if item.status in PUBLISHED_STATUSES and item.lead_organization_id in admins]
    axes = list(Axis.objects.order_by("position", "pk"))
    organisers = [org for org in organizations if org.sector in (Sector.AUTHORITY, Sector.GOVERNMENT)] or organizations
    now = timezone.now()
    today = timezone.localdate()

    # Programmes of 4 yearly cycles each (the last one short at an odd count).
    programme_count = -(-cycle_count // len(YEARS))
    programmes = []
    for index in range(programme_count):
        org = organisers[(index * 7919) % len(organisers)]
        name_ar, name_en = PROGRAMME_NAMES[index % len(PROGRAMME_NAMES)]
        programmes.append(Programme(
            organization_id=org.pk, name_ar=name_ar.format(org=org.name_ar)[:250],
            name_en=name_en.format(org=org.name_en or org.name_ar)[:250],
            description_ar="جائزة سنوية تكرم المبادرات والشراكات والفرق التطوعية المتميزة وتحفز التنافس الإيجابي "
                           "في خدمة المجتمع.",
            eligibility_ar="المبادرات المسجلة في السجل والمنفذة خلال العامين الماضيين.",
            region_id=org.region_id, created_by_id=admins.get(org.pk)))
    Programme.objects.bulk_create(programmes, batch_size=2000)
    cycles = []
    for index in range(cycle_count):
        programme = programmes[index // len(YEARS)]
        year = YEARS[index % len(YEARS)]
        current = year == YEARS[-1]
        stage = (CycleStage.JUDGING if rng.random() < 0.7 else CycleStage.DELIBERATION) if current \
            else CycleStage.PUBLISHED
        if current:
            opened, closed = now - datetime.timedelta(days=120), _aware(today - datetime.timedelta(days=60), 23, 59, 59)
            planned = [today - datetime.timedelta(days=45), today + datetime.timedelta(days=15),
                       today + datetime.timedelta(days=40), today + datetime.timedelta(days=50)]
        else:
            opened, closed = _aware(datetime.date(year, 2, 1)), _aware(datetime.date(year, 4, 30), 23, 59, 59)
            planned = [datetime.date(year, 5, 31), datetime.date(year, 8, 31), datetime.date(year, 9, 30),
                       datetime.date(year, 10, 15)]
        cycles.append(Cycle(
            programme_id=programme.pk, year=year, title_ar=f"الدورة {('الأولى', 'الثانية', 'الثالثة', 'الرابعة')[index % 4]}",
            title_en=f"Edition {index % 4 + 1}", stage=stage, nominations_open_at=opened,
            nominations_close_at=closed, eligibility_until=planned[0], judging_until=planned[1],
            deliberation_until=planned[2], results_on=planned[3],
            results_published_at=_aware(planned[3], 20) if stage == CycleStage.PUBLISHED else None,
            feedback_to_applicants=True, created_by_id=programme.created_by_id))
    Cycle.objects.bulk_create(cycles, batch_size=2000)

    categories, category_plans = [], []
    for cycle_index, cycle in enumerate(cycles):
        for position, (kind, per_application, entered, others) in enumerate(CATEGORY_PLAN):
            axis = axes[(cycle_index + position) % len(axes)] if axes and kind == CategoryKind.INITIATIVE else None
            name_ar, name_en = CATEGORY_NAMES[kind]
            categories.append(Category(
                cycle_id=cycle.pk, kind=kind, name_ar=name_ar.format(axis=axis.name_ar if axis else "التنمية"),
                name_en=name_en.format(axis=axis.name_en if axis else "development"), axis=axis,
                needs_initiative=kind != CategoryKind.VOLUNTEER_TEAM,
                allows_residents=kind == CategoryKind.VOLUNTEER_TEAM, judges_per_application=per_application,
                winner_places=1 if kind == CategoryKind.VOLUNTEER_TEAM else 3, position=position))
            category_plans.append((cycle, entered, others))
    Category.objects.bulk_create(categories, batch_size=2000)
    criteria = [Criterion(category_id=category.pk, name_ar=name_ar, name_en=name_en, weight=weight, position=position,
                          levels=LEVELS) for category in categories
                for position, (name_ar, name_en, weight) in enumerate(BULK_CRITERIA)]
    Criterion.objects.bulk_create(criteria, batch_size=5000)
    criteria_of: dict[int, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        criteria_of[criterion.category_id].append(criterion)
    questions = [Question(category_id=category.pk, text_ar=text_ar, text_en=text_en, position=position)
                 for category in categories for position, (text_ar, text_en) in enumerate(COMMUNITY_QUESTIONS)]
    Question.objects.bulk_create(questions, batch_size=5000)
    question_ids: dict[int, list[int]] = defaultdict(list)
    for question in questions:
        question_ids[question.category_id].append(question.pk)

    organiser_of = {cycle.pk: programmes[index // len(YEARS)].organization_id for index, cycle in enumerate(cycles)}
    # Applications: organisations with a published initiative of theirs (one per category), and residents' teams.
    applications: list[Application] = []
    for category, (cycle, entered, others) in zip(categories, category_plans, strict=True):
        organiser_id = organiser_of[cycle.pk]
        used: set[int] = set()
        statuses = [ApplicationStatus.ELIGIBLE] * entered + list(OTHER_STATUSES[:others])
        for status in statuses:
            submitted = status != ApplicationStatus.DRAFT
            answers = {str(pk): ANSWERS[(len(applications) + n) % len(ANSWERS)]
                       for n, pk in enumerate(question_ids[category.pk])} if submitted else {}
            resident = category.allows_residents and rng.random() < 0.5
            if not resident and initiatives:
                for _attempt in range(20):
                    initiative = initiatives[rng.randrange(len(initiatives))]
                    if initiative.pk not in used and initiative.lead_organization_id != organiser_id:
                        break
                used.add(initiative.pk)
                org_id = initiative.lead_organization_id
                title_ar, title_en = initiative.title_ar, initiative.title_en
                if category.kind == CategoryKind.VOLUNTEER_TEAM:
                    title_ar = f"الفريق التطوعي لمبادرة {initiative.title_ar}"[:300]
                    title_en = f"Volunteer team of {initiative.title_en or initiative.title_ar}"[:300]
                application = Application(
                    category_id=category.pk, cycle_id=cycle.pk, organization_id=org_id, applicant_id=admins[org_id],
                    initiative_id=initiative.pk if category.needs_initiative else None, title_ar=title_ar,
                    title_en=title_en, summary_ar=(initiative.summary_ar or "")[:4000])
            else:
                person = people[rng.randrange(len(people))]
                application = Application(
                    category_id=category.pk, cycle_id=cycle.pk, applicant_id=person.pk,
                    title_ar=TEAMS[rng.randrange(len(TEAMS))].format(family=person.last_name),
                    summary_ar="فريق من سكان الحي ينظم حملات تطوعية شهرية لخدمة الجيران وتحسين المشهد الحضري")
            application.answers = answers
            application.status = status
            application.submitted_at = cycle.nominations_close_at - datetime.timedelta(
                days=rng.randint(0, 60), minutes=rng.randint(1, 1440)) if submitted else None
            if status in (ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE):
                application.eligibility_checked_at = cycle.nominations_close_at + datetime.timedelta(days=20)
                application.eligibility_checked_by_id = cycle.created_by_id
                if status == ApplicationStatus.INELIGIBLE:
                    application.eligibility_reason = INELIGIBLE_REASONS[rng.randrange(len(INELIGIBLE_REASONS))]
            application.last_round = 1 if status == ApplicationStatus.ELIGIBLE else 0
            applications.append(application)
    Application.objects.bulk_create(applications, batch_size=2000)
    counted: dict[int, int] = defaultdict(int)
    for application in applications:
        if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.WITHDRAWN):
            counted[application.cycle_id] += 1
    for cycle in cycles:
        cycle.application_count = counted[cycle.pk]
    Cycle.objects.bulk_update(cycles, ["application_count"], batch_size=2000)

    # The jury: 12 judges a cycle who accepted, all seated on each category's round 1.
    judges: list[Judge] = []
    for cycle in cycles:
        for user in rng.sample(people, min(JUDGES_PER_CYCLE, len(people))):
            judges.append(Judge(cycle_id=cycle.pk, user_id=user.pk, status=JudgeStatus.ACCEPTED,
                                expertise=JUDGES[len(judges) % len(JUDGES)][3], invited_by_id=cycle.created_by_id,
                                responded_at=cycle.nominations_close_at))
    Judge.objects.bulk_create(judges, batch_size=5000)
    judges_of: dict[int, list[Judge]] = defaultdict(list)
    for judge in judges:
        judges_of[judge.cycle_id].append(judge)
    stage_of = {cycle.pk: cycle.stage for cycle in cycles}
    rounds = [Round(category_id=category.pk, number=1,
                    status=RoundStatus.OPEN if stage_of[category.cycle_id] == CycleStage.JUDGING else RoundStatus.CLOSED,
                    normalise=rng.random() < 0.25, judging_until=category_plans[index][0].judging_until,
                    closed_at=None if stage_of[category.cycle_id] == CycleStage.JUDGING else now)
              for index, category in enumerate(categories)]
    in_round: dict[int, list[Application]] = defaultdict(list)
    for application in applications:
        if application.status == ApplicationStatus.ELIGIBLE:
            in_round[application.category_id].append(application)
    # Rounds and entries are written once their figures are known (bulk_update of 20,000 entries is minutes).
    entry_of = {(round_index, application.pk): RoundEntry(application_id=application.pk)
                for round_index, category in enumerate(categories) for application in in_round[category.pk]}
    planned_at = time.monotonic()

    # Recusals (found as the services find them), the assignment (as the services make it), the scores.
    recusal_rows: list[tuple] = []
    sheet_rows: list[list] = []
    sheet_plans: list[tuple] = []  # (round index, scores [(criterion id, value, comment)], submitted)
    quality = {application.pk: rng.uniform(3.5, 9.0) for application in applications}
    leniency = {judge.pk: rng.uniform(-1.2, 1.2) for judge in judges}
    for round_index, (round_, category) in enumerate(zip(rounds, categories, strict=True)):
        cycle_judges = judges_of[category.cycle_id]
        competing = in_round[category.pk]
        conflicts = services.conflicts_for(cycle_judges, competing) if competing else {}
        recusal_rows += [(judge_id, application_id, source, "", now)
                         for (application_id, judge_id), source in conflicts.items()]
        pairs = scoring.balanced_assignment([application.pk for application in competing],
                                            [judge.pk for judge in cycle_judges],
                                            per_application=category.judges_per_application, excluded=set(conflicts))
        judging = round_.status == RoundStatus.OPEN
        category_criteria = criteria_of[category.pk]
        for application_id, judge_id in sorted(pairs):
            roll = rng.random()
            sheet_status = SheetStatus.SUBMITTED if not judging or roll < 0.6 else (
                SheetStatus.DRAFT if roll < 0.8 else SheetStatus.ASSIGNED)
            far = rng.random() < 0.015
            scored = len(category_criteria) if sheet_status == SheetStatus.SUBMITTED else (
                rng.randint(1, len(category_criteria) - 1) if sheet_status == SheetStatus.DRAFT else 0)
            scores = [(criterion, _value(rng, quality[application_id], leniency[judge_id], far=far),
                       COMMENTS[rng.randrange(len(COMMENTS))] if rng.random() < 0.3 else "")
                      for criterion in category_criteria[:scored]]
            total = scoring.sheet_total((criterion.weight, value) for criterion, value, _comment in scores) \
                if sheet_status == SheetStatus.SUBMITTED else None
            judged_until = category_plans[round_index][0].judging_until or today  # the plan sets it
            saved = now - datetime.timedelta(days=rng.randint(1, 30)) if judging else _aware(
                judged_until, 12) - datetime.timedelta(days=rng.randint(1, 60))
            sheet_rows.append([round_index, application_id, application_id, judge_id, sheet_status,
                               total, None, False, "", saved if sheet_status != SheetStatus.ASSIGNED else None,
                               saved if sheet_status == SheetStatus.SUBMITTED else None])
            sheet_plans.append((round_index, scores))

    # Every figure of each round from its submitted sheets, by the services' arithmetic.
    by_round: dict[int, list[int]] = defaultdict(list)
    for position, (round_index, _scores) in enumerate(sheet_plans):
        by_round[round_index].append(position)
    sheet_counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for round_index, (round_, category) in enumerate(zip(rounds, categories, strict=True)):
        heaviest = min(criteria_of[category.pk], key=lambda criterion: (-criterion.weight, criterion.position))
        sheets = []
        for position in by_round[round_index]:
            row = sheet_rows[position]
            sheet_counts[round_index][0] += 1
            if row[4] != SheetStatus.SUBMITTED:
                continue
            sheet_counts[round_index][1] += 1
            values = {criterion.pk: value for criterion, value, _comment in sheet_plans[position][1]}
            sheets.append(scoring.Sheet(key=position, judge=row[3], application=row[2], total=row[5],
                                        heaviest=values.get(heaviest.pk, 0)))
        result = scoring.round_result([application.pk for application in in_round[category.pk]], sheets,
                                      normalised=round_.normalise)
        for sheet in sheets:
            sheet_rows[sheet.key][6] = result.z_by_sheet.get(sheet.key)
            sheet_rows[sheet.key][7] = sheet.key in result.outliers
        for application in in_round[category.pk]:
            standing = result.standings[application.pk]
            entry = entry_of[(round_index, application.pk)]
            entry.raw_score, entry.normalised_score = standing.raw, standing.normalised
            entry.heaviest_score, entry.spread = standing.heaviest, standing.spread
            entry.judges_submitted, entry.rank, entry.tied = standing.judges, standing.rank, standing.tied
        round_.sheet_count, round_.submitted_count = sheet_counts[round_index]
    Round.objects.bulk_create(rounds, batch_size=2000)
    for (round_index, _application_id), entry in entry_of.items():
        entry.round_id = rounds[round_index].pk
    RoundEntry.objects.bulk_create(list(entry_of.values()), batch_size=5000)
    for row in sheet_rows:  # (round index, application id) → the round's and the entry's ids
        row[0], row[1] = rounds[row[0]].pk, entry_of[(row[0], row[1])].pk
    insert_rows(PanelMember, ["round_id", "judge_id"],
                [(round_.pk, judge.pk) for round_, category in zip(rounds, categories, strict=True)
                 for judge in judges_of[category.cycle_id]])
    Recusal.objects.bulk_create([Recusal(judge_id=judge_id, application_id=application_id, source=source)
                                 for judge_id, application_id, source, _reason, _at in recusal_rows], batch_size=5000)
    computed = time.monotonic()

    insert_rows(Scoresheet, ["round_id", "entry_id", "application_id", "judge_id", "status", "total", "z_score",
                             "is_outlier", "overall_comment", "saved_at", "submitted_at"],
                [tuple(row) for row in sheet_rows])
    sheet_ids = _ids_after(Scoresheet, "round_id", rounds[0].pk, len(sheet_rows)) if sheet_rows else []
    insert_rows(Score, ["sheet_id", "criterion_id", "value", "comment"],
                ((sheet_ids[position], criterion.pk, value, comment)
                 for position, (_round_index, scores) in enumerate(sheet_plans)
                 for criterion, value, comment in scores))

    # Winners of the published cycles: the top places of each category's ranking, as confirmed at deliberation.
    category_of = {category.pk: category for category in categories}
    cycle_of = {cycle.pk: cycle for cycle in cycles}
    programme_of = {programme.pk: programme for programme in programmes}
    winners = []
    for round_index, category in enumerate(categories):
        cycle = cycle_of[category.cycle_id]
        if cycle.stage != CycleStage.PUBLISHED:
            continue
        ranked = sorted((entry for entry in (entry_of[(round_index, application.pk)]
                                             for application in in_round[category.pk]) if entry.rank is not None),
                        key=lambda entry: (entry.rank, entry.application_id))
        for place, entry in enumerate(ranked[:category.winner_places], start=1):
            citation_ar, citation_en = CITATIONS[place - 1]
            winners.append(Winner(category_id=category.pk, application_id=entry.application_id, place=place,
                                  citation_ar=citation_ar, citation_en=citation_en, score=entry.raw_score,
                                  confirmed_by_id=cycle.created_by_id, confirmed_at=cycle.results_published_at or now))
    _print_certificates(winners, applications, category_of, cycle_of, programme_of, by_org, people)
    Winner.objects.bulk_create(winners, batch_size=2000)
    search.index_many(SEARCH_KIND, ((programme.pk, (programme.name_ar, programme.name_en, programme.description_ar))
                                    for programme in programmes), fresh=True)
    ctx.log(f"  bulk awards: planned in {planned_at - started:.1f}s, assigned and ranked in {computed - planned_at:.1f}s, "
            f"written in {time.monotonic() - computed:.1f}s ({len(sheet_rows)} scoresheets)")
    return len(cycles)


def _print_certificates(winners, applications, category_of, cycle_of, programme_of, by_org, people) -> None:
    """What each winner's certificate prints, by the publish step's own function (services.certificate_fields)."""
    application_of = {application.pk: application for application in applications}
    person_of = {person.pk: person for person in people}
    User = get_user_model()
    missing = {application.applicant_id for application in applications} - set(person_of)
    person_of.update({user.pk: user for user in User.objects.filter(pk__in=missing)})
    for winner in winners:
        application = application_of[winner.application_id]
        application.organization = by_org.get(application.organization_id)
        application.applicant = person_of[application.applicant_id]
        winner.application = application
        winner.category = category_of[winner.category_id]
        cycle = cycle_of[winner.category.cycle_id]
        programme = programme_of[cycle.programme_id]
        programme.organization = by_org[programme.organization_id]
        cycle.programme = programme
        winner.printed = services.certificate_fields(winner, cycle=cycle)
        winner.printed["published_on"] = cycle.results_published_at.date().isoformat()
