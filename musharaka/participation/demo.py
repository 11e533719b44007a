"""Demo residents' participation (see core seed_demo), last of the apps: it draws on their organisations, people,
initiatives and neighbourhoods.

Five sample processes, one per phase state, run by demo organisations in five regions (one in a Syrian city):
- Riyadh (`orgadmin`'s organisation, SA-01): the ideas phase — the most ideas, supports, threaded comments, official
  answers of every kind (one turned into an initiative of the registry, one merged into another), abuse reports,
  a moderator's hide with its audit row, a block, follows; its topic summary built.
- Jeddah (SA-02): the ideas phase with pre-moderation — ideas and comments awaiting approval.
- Madinah (SA-03): the consultation phase — an open signed survey with a question of every kind (and one asked
  only after a given choice), answered.
- Dammam (SA-04): the voting phase — two budgets (approval within the amount; choose up to three) with projects
  and ballots that respect their limits.
- Aleppo (SY-HL): finished (implementation) — a closed anonymous survey with its answers, and a greedy budget
  whose result is computed (by the same rule and reason codes as budgets.greedy: most votes first, then the lower
  cost, then the earlier project) and published; its topic summary built.
Then `scale` more processes across the regions (ideas or consultation phase, and one draft).

Figures at scale s: 1,000×s ideas, 10,000×s supports (one per person per idea), 2,500×s survey answers
(SurveyAnswer rows). The counts the services keep (process ideas/comments/followers, idea supports/comments, survey
responses, budget ballots, project votes) are written from the rows written here; visible ideas and published
processes are in the search index.
"""

import datetime
import hashlib
import time
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from musharaka.core import search
from musharaka.core.bulk import insert_rows
from musharaka.geo.models import City, Neighbourhood
from musharaka.orgs.models import Membership, Organization, Role, Sector
from musharaka.plans.models import ParticipantGroup
from musharaka.taxonomy.models import Axis

from .models import (
    AbuseReason,
    AbuseReport,
    AbuseReportStatus,
    BallotKind,
    Block,
    Budget,
    BudgetProject,
    BudgetRule,
    Comment,
    Feasibility,
    Follow,
    Idea,
    IdeaState,
    ModerationAction,
    ModerationKind,
    Phase,
    PhaseKind,
    Process,
    ProcessStatus,
    QuestionKind,
    Support,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
    Visibility,
)
from .services import IDEA_SEARCH_KIND, PROCESS_SEARCH_KIND

IDEAS_PER_SCALE = 1_000
SUPPORTS_PER_SCALE = 10_000
ANSWERS_PER_SCALE = 2_500
MAIN_SHARE = 3  # of every 10 ideas, Riyadh's sample process takes 3
GROUPS = [group.value for group in ParticipantGroup]

# (key, region code, city, Arabic title, English title, phase in force now, pre-moderation)
SAMPLES = [
    ("riyadh", "SA-01", "الرياض", "أفكار السكان لتحسين أحياء شرق الرياض", "Residents' ideas for east Riyadh",
     PhaseKind.IDEAS, False),
    ("jeddah", "SA-02", "جدة", "مبادرات الأحياء في جدة: شاركنا فكرتك", "Jeddah neighbourhood ideas",
     PhaseKind.IDEAS, True),
    ("madinah", "SA-03", "المدينة المنورة", "استشارة السكان حول جودة الحياة في المدينة المنورة",
     "Consultation on quality of life in Madinah", PhaseKind.CONSULTATION, False),
    ("dammam", "SA-04", "الدمام", "الميزانية التشاركية لأحياء الدمام", "Participatory budget for Dammam",
     PhaseKind.VOTING, False),
    ("aleppo", "SY-HL", "حلب", "الميزانية التشاركية لتعافي أحياء حلب", "Participatory budget for Aleppo's recovery",
     PhaseKind.IMPLEMENTATION, False),
]
PHASE_ORDER = [PhaseKind.INFORMATION, PhaseKind.IDEAS, PhaseKind.CONSULTATION, PhaseKind.VOTING,
               PhaseKind.IMPLEMENTATION, PhaseKind.EVALUATION]
SUMMARY = ("مسار تشاركي لتعزيز مفهوم التمكين المجتمعي وإشراك السكان في التنمية الحضرية: يطرح السكان أفكارهم "
           "ويؤيدونها ويناقشونها، ثم يجيبون عن الاستبيان ويصوتون على المشاريع ضمن الميزانية.")

# (title, description): what residents propose, in the forums' vocabulary, spelled in several ways on purpose.
IDEA_THEMES = [
    ("إنارة الشوارع الداخلية في {hood}", "أعمدة الإنارة معطلة والشوارع مظلمة بعد المغرب، ونقترح إنارة موفرة للطاقة."),
    ("انارة ممرات المشاة في {hood}", "الانارة ضعيفة في ممرات المشاة قرب المدارس والمساجد ويخاف السكان المشي ليلا."),
    ("حديقة عامة للأطفال في {hood}", "نقترح حديقة عامة فيها ألعاب للأطفال ومساحات خضراء وأشجار ظليلة ومقاعد."),
    ("تشجير الحدائق والشوارع في {hood}", "زراعة الأشجار في الحدائق والشوارع تزيد المساحات الخضراء وتلطف الجو."),
    ("حاويات النفايات في {hood}", "تتراكم النفايات قرب الحاويات أياما، ونحتاج حاويات أكثر وجمعا يوميا للنفايات."),
    ("حملة نظافة شهرية في {hood}", "حملة تطوعية شهرية لتنظيف الحي وفرز النفايات بمشاركة الشباب والجمعيات."),
    ("أرصفة آمنة حول مدارس {hood}", "الأرصفة مكسرة والأطفال يمشون إلى المدارس في الطريق، ونقترح أرصفة وممرات آمنة."),
    ("مركز للشباب في {hood}", "مركز للأنشطة الرياضية والثقافية والتطوع يجمع شباب الحي ويطور مهاراتهم."),
    ("ملعب رياضي مفتوح في {hood}", "ملعب كرة قدم مفتوح للشباب والأطفال مع إنارة مسائية وإشراف من متطوعي الحي."),
    ("عيادة متنقلة لكبار السن في {hood}", "كبار السن لا يصلون إلى المركز الصحي، ونقترح عيادة متنقلة تزور الحي أسبوعيا."),
    ("نقطة مساعدة رقمية في {hood}", "يساعد متطوعون السكان على تقديم طلبات الخدمات البلدية الرقمية في مركز الحي."),
    ("تنظيم المرور عند مدارس {hood}", "يتكدس المرور عند بداية الدوام المدرسي، ونقترح مواقف ومطبات وممرات للمشاة."),
    ("سوق أسبوعي للأسر المنتجة في {hood}", "سوق أسبوعي يعرض منتجات الأسر المنتجة ويدعم المحتوى المحلي وفرص عمل النساء."),
    ("تحسين المشهد الحضري في {hood}", "إزالة الكتابات عن الجدران وتأهيل الواجهات والأراضي البيضاء المهملة في الحي."),
]
COMMENTS = [
    "فكرة ممتازة وأؤيدها، الحي يحتاج إليها منذ سنوات.",
    "أقترح أن تبدأ بالشوارع القريبة من المدارس والمساجد.",
    "يمكن لجمعية الحي أن تشارك بالمتطوعين في التنفيذ.",
    "هل هناك ميزانية لهذه الفكرة؟ نرجو توضيح التكلفة.",
    "جربنا شيئا مشابها في حي مجاور ونجح نجاحا كبيرا.",
    "المهم الصيانة الدورية بعد التنفيذ وليس التنفيذ فقط.",
    "أتفق، ويجب إشراك كبار السن والنساء في التصميم.",
    "الانارة والنظافة أولوية قبل أي مشروع آخر في الحي.",
]
OFFICIAL_REPLY = "شكرا لمشاركتكم، أحلنا الملاحظة إلى الإدارة المختصة وسنوافيكم بالمستجدات."
REPLIES = ["أتفق معك تماما.", "شكرا على التوضيح، هذا مهم.", "نرجو من الأمانة الرد على هذا السؤال."]
ANSWERS = {
    IdeaState.CONSIDERING: "الفكرة قيد الدراسة لدى الإدارة المختصة وسنعود إليكم بالنتيجة.",
    IdeaState.ACCEPTED: "قبلت الفكرة وأدرجت في خطة العام القادم.",
    IdeaState.REJECTED: "نعتذر: الموقع المقترح ملكية خاصة ولا يمكن التنفيذ فيه.",
    IdeaState.INITIATIVE: "تحولت الفكرة إلى مبادرة في سجل المبادرات، ويمكنكم متابعتها هناك.",
}
PROJECTS = [
    ("إنارة الشوارع الداخلية بإنارة موفرة للطاقة", 900_000), ("حديقة عامة بألعاب للأطفال", 1_400_000),
    ("حاويات نفايات ونقاط فرز", 350_000), ("أرصفة وممرات آمنة حول المدارس", 1_100_000),
    ("مركز شباب وأنشطة", 1_800_000), ("عيادة متنقلة لكبار السن", 600_000),
    ("ملعب رياضي مفتوح", 750_000), ("تأهيل واجهات الشارع التجاري", 1_250_000),
    ("نقاط مساعدة رقمية", 200_000), ("تشجير الشوارع الرئيسية", 500_000),
]


def seed(ctx) -> None:
    started = time.monotonic()
    now = timezone.now()
    people = ctx.shared["people"]
    world = _processes(ctx, now)
    ideas = _ideas(ctx, world, people, now)
    supports = _supports(ctx, ideas, people)
    comments = _comments(ctx, world, ideas, people, now)
    _answers_and_moderation(ctx, world, ideas, people, now)
    follows = _follows(ctx, world, ideas, people)
    _keep_counts(world)
    answers = _surveys(ctx, world, people, now)
    ballots = _budgets(ctx, world, ideas, people, now)
    _index(world)
    from .topics import topics_refresh

    for key in ("riyadh", "aleppo"):
        topics_refresh(world["processes"][key])
    ctx.log(f"  {len(world['all'])} processes, {len(ideas)} ideas, {supports} supports, {comments} comments, "
            f"{follows} follows, {answers} survey answers, {ballots} ballots ({time.monotonic() - started:.1f}s)")


# ---------------------------------------------------------------- processes


def _organization(region_code: str, prefer_admin: str | None = None) -> Organization:
    if prefer_admin:
        org = Organization.objects.filter(memberships__user__username=prefer_admin,
                                          memberships__role=Role.ADMIN).order_by("pk").first()
        if org is not None:
            return org
    found = Organization.objects.filter(region__code=region_code)
    org = (found.filter(sector=Sector.AUTHORITY).order_by("pk").first() or found.order_by("pk").first()
           or Organization.objects.order_by("pk").first())
    assert org is not None
    return org


def _moderator(org: Organization, fallback):
    member = Membership.objects.filter(organization=org, role__in=[Role.ADMIN, Role.EDITOR]).order_by("pk").first()
    return member.user if member else fallback


def _phases(process: Process, current: PhaseKind, now) -> list[Phase]:
    """Consecutive phases of 30 days each, the `current` one in force now."""
    position = PHASE_ORDER.index(current)
    start = now - datetime.timedelta(days=10 + 30 * position)
    phases = []
    for kind in PHASE_ORDER:
        phases.append(Phase(process=process, kind=kind, starts_at=start, ends_at=start + datetime.timedelta(days=30),
                            description_ar=f"مرحلة {kind.label}"))
        start += datetime.timedelta(days=30)
    return phases


def _processes(ctx, now) -> dict:
    people = ctx.shared["people"]
    processes: dict[str, Process] = {}
    hoods: dict[int, list[int]] = {}
    phases: list[Phase] = []
    axes = list(Axis.objects.order_by("pk"))
    specs = [(key, region, city, title_ar, title_en, phase, premod, ProcessStatus.PUBLISHED)
             for key, region, city, title_ar, title_en, phase, premod in SAMPLES]
    cities = list(City.objects.filter(neighbourhoods__isnull=False).select_related("region").distinct()
                  .order_by("pk"))
    for n in range(ctx.scale):
        city = cities[n % len(cities)]
        phase = PhaseKind.IDEAS if n % 3 else PhaseKind.CONSULTATION
        status = ProcessStatus.DRAFT if n == ctx.scale - 1 and ctx.scale > 1 else ProcessStatus.PUBLISHED
        specs.append((f"bulk{n}", city.region.code, city.name_ar, f"أفكار أحياء {city.name_ar} للعام {2026 + n % 3}",
                      f"Neighbourhood ideas for {city.name_en}", phase, n % 7 == 3, status))
    for index, (key, region_code, city_name, title_ar, title_en, phase, premod, status) in enumerate(specs):
        place = City.objects.select_related("region").filter(name_ar=city_name, region__code=region_code).first()
        org = _organization(region_code, "orgadmin" if key == "riyadh" else None)
        region = place.region if place else org.region
        process = Process.objects.create(
            organization=org, region=region, city=place, title_ar=title_ar, title_en=title_en,
            summary_ar=SUMMARY[:500], description_ar=SUMMARY, axis=axes[index % len(axes)] if axes else None,
            status=status, premoderation=premod, created_by=_moderator(org, people[0]))
        area = list(Neighbourhood.objects.filter(city=place).order_by("pk")[:8]) if place else []
        process.neighbourhoods.set(area)
        hoods[process.pk] = [hood.pk for hood in area]
        phases.extend(_phases(process, phase, now))
        processes[key] = process
    Phase.objects.bulk_create(phases, batch_size=2000)
    names = dict(Neighbourhood.objects.filter(pk__in={pk for ids in hoods.values() for pk in ids})
                 .values_list("pk", "name_ar"))
    return {"processes": processes, "all": list(processes.values()), "hoods": hoods, "hood_names": names,
            "axes": axes, "moderators": {p.pk: _moderator(p.organization, people[0]) for p in processes.values()}}


# ---------------------------------------------------------------- ideas, supports, comments


def _ideas(ctx, world, people, now) -> list[Idea]:
    rng = ctx.rng
    processes = world["processes"]
    main = processes["riyadh"]
    others = [p for key, p in processes.items() if key != "riyadh"]
    total = IDEAS_PER_SCALE * ctx.scale
    ideas = []
    per_process: dict[int, int] = defaultdict(int)
    for n in range(total):
        process = main if n % 10 < MAIN_SHARE else others[n % len(others)]
        nth = per_process[process.pk]
        per_process[process.pk] += 1
        hood_ids = world["hoods"][process.pk]
        hood = hood_ids[(n * 7 + n // 13) % len(hood_ids)] if hood_ids and n % 9 else None
        title, body = IDEA_THEMES[(n * 5 + n // 11) % len(IDEA_THEMES)]
        name = world["hood_names"].get(hood, "الحي") if hood else "الحي"
        visibility = Visibility.VISIBLE
        if process.premoderation and nth % 5 == 1:
            visibility = Visibility.PENDING
        elif n % 53 == 7:
            visibility = Visibility.HIDDEN
        created = now - datetime.timedelta(minutes=(total - n) * 3)
        ideas.append(Idea(
            process=process, author=people[(n * 31 + 17) % len(people)],
            group=GROUPS[rng.choices(range(len(GROUPS)), weights=[30, 30, 10, 5, 25])[0]],
            title=title.format(hood=name)[:200], description=f"{body} ({n + 1})", axis=world["axes"][n % 6]
            if len(world["axes"]) >= 6 else None, neighbourhood_id=hood, visibility=visibility,
            created_at=created, updated_at=created))
    return Idea.objects.bulk_create(ideas, batch_size=2000)


def _counted(idea: Idea) -> bool:
    return idea.visibility == Visibility.VISIBLE and idea.merged_into_id is None


def _supports(ctx, ideas: list[Idea], people) -> int:
    """SUPPORTS_PER_SCALE×s supports over the visible ideas, from 0 to 20 each (one per person per idea)."""
    total = SUPPORTS_PER_SCALE * ctx.scale
    open_ideas = [idea for idea in ideas if _counted(idea)]
    cap = min(len(people), 2 * total // max(len(open_ideas), 1) + 1)
    counts = [(index * 7) % (cap + 1) for index in range(len(open_ideas))]
    # Adjust to the exact total, within [0, cap] each.
    difference = total - sum(counts)
    index = 0
    while difference and open_ideas:
        step = 1 if difference > 0 else -1
        value = counts[index % len(counts)] + step
        if 0 <= value <= cap:
            counts[index % len(counts)] = value
            difference -= step
        index += 1
    groups = GROUPS
    stamp = timezone.now()

    def rows():
        for position, (idea, count) in enumerate(zip(open_ideas, counts, strict=True)):
            start = (position * 97) % len(people)
            for offset in range(count):
                user = people[(start + offset) % len(people)]
                yield (idea.pk, user.pk, groups[(user.pk + offset) % len(groups)], stamp)
            idea.support_count = count

    written = insert_rows(Support, ["idea_id", "user_id", "group", "created_at"], rows())
    return written


def _comments(ctx, world, ideas: list[Idea], people, now) -> int:
    """Threaded comments on visible ideas (0–2 each, every third with a reply); pending ones in pre-moderated
    processes."""
    top = []
    for n, idea in enumerate(ideas):
        if not _counted(idea):
            continue
        for k in range(n % 3):
            premod = idea.process.premoderation and (n + k) % 6 == 0
            created = idea.created_at + datetime.timedelta(minutes=5 + k)
            top.append(Comment(idea=idea, author=people[(n * 13 + k * 5) % len(people)],
                               group=GROUPS[(n + k) % len(GROUPS)], body=COMMENTS[(n + k) % len(COMMENTS)],
                               visibility=Visibility.PENDING if premod else Visibility.VISIBLE,
                               created_at=created, updated_at=created))
    made = Comment.objects.bulk_create(top, batch_size=2000)
    replies = []
    for n, parent in enumerate(made):
        if n % 3 == 0 and parent.visibility == Visibility.VISIBLE:
            created = parent.created_at + datetime.timedelta(minutes=30)
            official = n % 9 == 0  # the organisation answers in the thread
            author = world["moderators"][parent.idea.process_id] if official else people[(n * 11 + 3) % len(people)]
            replies.append(Comment(idea=parent.idea, parent=parent, depth=1, author=author,
                                   group=ParticipantGroup.ORGANISATIONS if official else GROUPS[n % len(GROUPS)],
                                   body=OFFICIAL_REPLY if official else REPLIES[n % len(REPLIES)],
                                   is_official=official, created_at=created, updated_at=created))
    Comment.objects.bulk_create(replies, batch_size=2000)
    counts: dict[int, int] = defaultdict(int)
    for comment in [*made, *replies]:
        if comment.visibility == Visibility.VISIBLE:
            counts[comment.idea_id] += 1
    for idea in ideas:
        idea.comment_count = counts.get(idea.pk, 0)
    return len(made) + len(replies)


def _answers_and_moderation(ctx, world, ideas: list[Idea], people, now) -> None:
    """Official answers of each kind, a merged duplicate, hidden ideas with their reports and audit, a block."""
    initiatives = ctx.shared.get("initiatives") or []
    by_process: dict[int, list[Idea]] = defaultdict(list)
    for idea in ideas:
        by_process[idea.process_id].append(idea)
    states = [IdeaState.CONSIDERING, IdeaState.ACCEPTED, IdeaState.REJECTED, IdeaState.INITIATIVE]
    changed: list[Idea] = []
    actions: list[ModerationAction] = []
    reports: list[AbuseReport] = []
    for process in world["all"]:
        moderator = world["moderators"][process.pk]
        rows = by_process.get(process.pk, [])
        answered = 0
        for n, idea in enumerate(rows):
            if idea.visibility == Visibility.VISIBLE and n % 6 == 2:
                state = states[answered % len(states)]
                if state == IdeaState.INITIATIVE and not initiatives:
                    state = IdeaState.ACCEPTED
                idea.state = state
                idea.answer_text = ANSWERS[state]
                idea.answered_at = idea.created_at + datetime.timedelta(days=2)
                idea.answered_by = moderator
                if state == IdeaState.INITIATIVE:
                    idea.initiative = initiatives[answered % len(initiatives)]
                answered += 1
                changed.append(idea)
            elif idea.visibility == Visibility.HIDDEN:
                reporter = people[(n * 3 + 1) % len(people)]
                reports.append(AbuseReport(process=process, idea=idea, reporter=reporter, reason=AbuseReason.SPAM,
                                           detail="إعلان تجاري لا علاقة له بالحي", status=AbuseReportStatus.ACTED,
                                           closed_at=now, closed_by=moderator))
                actions.append(ModerationAction(process=process, kind=ModerationKind.HIDE, moderator=moderator,
                                                idea=idea, subject=idea.author, reason="محتوى إعلاني مخالف"))
        # A duplicate merged into the idea before it (its supports were moved: it has none).
        visible = [idea for idea in rows if idea.visibility == Visibility.VISIBLE and idea.state == IdeaState.OPEN
                   and idea.support_count == 0 and idea.comment_count == 0]
        if len(visible) >= 2:
            source, target = visible[-1], visible[0]
            source.state, source.merged_into = IdeaState.MERGED, target
            changed.append(source)
            actions.append(ModerationAction(process=process, kind=ModerationKind.MERGE, moderator=moderator,
                                            idea=source, subject=source.author, reason="فكرة مكررة"))
        # Open reports on two visible ideas, for the moderation queue.
        for idea in [idea for idea in rows if _counted(idea)][1:3]:
            reports.append(AbuseReport(process=process, idea=idea, reporter=people[idea.pk % len(people)],
                                       reason=AbuseReason.OFF_TOPIC, detail="خارج موضوع المسار"))
    Idea.objects.bulk_update(changed, ["state", "answer_text", "answered_at", "answered_by", "initiative",
                                       "merged_into"], batch_size=2000)
    AbuseReport.objects.bulk_create(reports, batch_size=2000, ignore_conflicts=True)
    main = world["processes"]["riyadh"]
    moderator = world["moderators"][main.pk]
    blocked = people[-1]
    Block.objects.create(process=main, user=blocked, reason="إساءة متكررة لسكان الحي", blocked_by=moderator)
    actions.append(ModerationAction(process=main, kind=ModerationKind.BLOCK, moderator=moderator, subject=blocked,
                                    reason="إساءة متكررة لسكان الحي"))
    ModerationAction.objects.bulk_create(actions, batch_size=2000)


def _follows(ctx, world, ideas: list[Idea], people) -> int:
    follows = []
    for index, process in enumerate(world["all"]):
        if process.status != ProcessStatus.PUBLISHED:
            continue
        for k in range(min(len(people), 20 + 10 * (index == 0))):
            follows.append(Follow(user=people[(index * 37 + k) % len(people)], process=process, email=k % 3 != 0))
    seen = set()
    for idea in ideas[: 50 * ctx.scale]:
        if _counted(idea):
            user = people[(idea.pk * 5) % len(people)]
            if (user.pk, idea.pk) not in seen:
                seen.add((user.pk, idea.pk))
                follows.append(Follow(user=user, idea=idea))
    hood_ids = sorted({pk for ids in world["hoods"].values() for pk in ids})
    for k, hood in enumerate(hood_ids[:30]):
        follows.append(Follow(user=people[(k * 11) % len(people)], neighbourhood_id=hood))
    Follow.objects.bulk_create(follows, batch_size=2000)
    return len(follows)


def _keep_counts(world) -> None:
    """The kept counts from the rows written (visible content only)."""
    from django.db.models import Count, Q

    ideas = Idea.objects.filter(process__in=world["all"])
    supports = dict(Support.objects.filter(idea__process__in=world["all"]).values("idea_id")
                    .annotate(n=Count("pk")).values_list("idea_id", "n"))
    comments = dict(Comment.objects.filter(idea__process__in=world["all"], visibility=Visibility.VISIBLE)
                    .values("idea_id").annotate(n=Count("pk")).values_list("idea_id", "n"))
    rows = list(ideas.only("pk", "support_count", "comment_count"))
    for idea in rows:
        idea.support_count = supports.get(idea.pk, 0)
        idea.comment_count = comments.get(idea.pk, 0)
    Idea.objects.bulk_update(rows, ["support_count", "comment_count"], batch_size=5000)
    counted = Q(visibility=Visibility.VISIBLE, merged_into__isnull=True)
    for process in world["all"]:
        process.idea_count = ideas.filter(counted, process=process).count()
        process.comment_count = Comment.objects.filter(
            idea__process=process, visibility=Visibility.VISIBLE, idea__visibility=Visibility.VISIBLE,
            idea__merged_into__isnull=True).count()
        process.follower_count = Follow.objects.filter(process=process).count()
        process.input_version = process.idea_count + process.comment_count + 1
        Process.objects.filter(pk=process.pk).update(
            idea_count=process.idea_count, comment_count=process.comment_count,
            follower_count=process.follower_count, input_version=process.input_version)


# ---------------------------------------------------------------- surveys


def _questions(survey: Survey) -> list[SurveyQuestion]:
    choices = [{"key": "a", "label_ar": "الإنارة", "label_en": "Lighting"},
               {"key": "b", "label_ar": "الحدائق", "label_en": "Parks"},
               {"key": "c", "label_ar": "النظافة", "label_en": "Cleanliness"},
               {"key": "d", "label_ar": "المرور", "label_en": "Traffic"}]
    specs = [
        (QuestionKind.SINGLE, "ما أهم أولوية لحيك؟", "What is your neighbourhood's first priority?", True, {}),
        (QuestionKind.MULTIPLE, "ما الخدمات التي تستخدمها؟", "Which services do you use?", False, {}),
        (QuestionKind.SCALE, "ما مدى رضاك عن جودة الحياة في الحي؟", "How satisfied are you?", True,
         {"minimum": Decimal(1), "maximum": Decimal(5)}),
        (QuestionKind.RANKING, "رتب الأولويات", "Rank the priorities", False, {}),
        (QuestionKind.NUMBER, "كم عدد أفراد أسرتك؟", "How many people live in your household?", False,
         {"minimum": Decimal(1), "maximum": Decimal(30)}),
        (QuestionKind.DATE, "متى انتقلت إلى الحي؟", "When did you move to the neighbourhood?", False, {}),
        (QuestionKind.SHORT_TEXT, "اسم الحي الذي تسكنه", "Your neighbourhood's name", False, {}),
        (QuestionKind.LONG_TEXT, "ما اقتراحك لتحسين الحي؟", "What would you suggest?", False, {}),
        (QuestionKind.FILE, "أرفق صورة (اختياري)", "Attach a photo (optional)", False, {}),
    ]
    questions = []
    for position, (kind, label_ar, label_en, required, extra) in enumerate(specs, start=1):
        questions.append(SurveyQuestion(
            survey=survey, kind=kind, label_ar=label_ar, label_en=label_en, required=required, position=position,
            choices=choices if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING) else [],
            **extra))
    made = SurveyQuestion.objects.bulk_create(questions)
    conditional = SurveyQuestion.objects.create(
        survey=survey, kind=QuestionKind.LONG_TEXT, label_ar="ما الذي ينقص الحدائق في حيك؟",
        label_en="What do the parks lack?", position=len(made) + 1, show_if=made[0], show_if_keys=["b"])
    return [*made, conditional]


def _answer(question: SurveyQuestion, n: int, response_index: int, first_key: str):
    """One answer consistent with its question (the file question is left unanswered), or None."""
    kind = question.kind
    if kind == QuestionKind.FILE:
        return None
    if question.show_if_id is not None and first_key not in question.show_if_keys:
        return None
    keys = ["a", "b", "c", "d"]
    answer = SurveyAnswer(question=question)
    if kind == QuestionKind.SINGLE:
        answer.keys = [first_key]
    elif kind == QuestionKind.MULTIPLE:
        answer.keys = keys[: 1 + n % 4]
    elif kind == QuestionKind.RANKING:
        shift = n % 4
        answer.keys = keys[shift:] + keys[:shift]
    elif kind == QuestionKind.SCALE:
        answer.number = Decimal(1 + (n * 3 + response_index) % 5)
    elif kind == QuestionKind.NUMBER:
        answer.number = Decimal(1 + n % 9)
    elif kind == QuestionKind.DATE:
        answer.date = datetime.date(2010 + n % 15, 1 + n % 12, 1 + n % 28)
    elif kind == QuestionKind.SHORT_TEXT:
        answer.text = ["النسيم", "الشفا", "الملز", "الروضة", "قباء"][n % 5]
    else:
        answer.text = COMMENTS[n % len(COMMENTS)] if question.show_if_id is None else "مقاعد وظلال وألعاب للأطفال"
    return answer


def _surveys(ctx, world, people, now) -> int:
    """ANSWERS_PER_SCALE×s answers: the Madinah survey (open, signed: one response per person) takes up to half,
    the Aleppo one (closed, anonymous: keyed hashes only) the rest; a draft survey in the first bulk process."""
    processes = world["processes"]
    target = ANSWERS_PER_SCALE * ctx.scale
    open_survey = Survey.objects.create(
        process=processes["madinah"], title_ar="استبيان جودة الحياة في الأحياء",
        title_en="Quality of life in the neighbourhoods", status=SurveyStatus.OPEN,
        description_ar="شاركنا رأيك في أولويات حيك.")
    closed_survey = Survey.objects.create(
        process=processes["aleppo"], title_ar="استبيان أولويات التعافي في الأحياء",
        title_en="Recovery priorities", status=SurveyStatus.CLOSED, anonymous=True)
    Survey.objects.create(process=world["all"][5 if len(world["all"]) > 5 else 0], title_ar="استبيان قيد الإعداد",
                          status=SurveyStatus.DRAFT)
    plans = [(open_survey, _questions(open_survey), min(target // 2, len(people) * 8)),
             (closed_survey, _questions(closed_survey), None)]
    written = 0
    keys = ["a", "b", "c", "d"]
    for index, (survey, questions, budget) in enumerate(plans):
        quota = target - written if budget is None else budget
        used = n = responses_made = 0
        hood_ids = world["hoods"][survey.process_id]
        while used < quota and (survey.anonymous or n < len(people)):
            # A chunk of responses at a time, their answers after them: bounded memory at scale 100.
            responses: list[SurveyResponse] = []
            pending: list[list[SurveyAnswer]] = []
            while used < quota and len(responses) < 2_000 and (survey.anonymous or n < len(people)):
                first_key = keys[(n * 7 + n // 5) % 4]
                answers = [a for q in questions if (a := _answer(q, n, index, first_key)) is not None]
                answers = answers[: quota - used]
                key = hashlib.sha256(f"demo:{survey.pk}:{n}".encode()).hexdigest()
                responses.append(SurveyResponse(
                    survey=survey, respondent=None if survey.anonymous else people[n % len(people)],
                    respondent_key=key, group=GROUPS[n % len(GROUPS)],
                    neighbourhood_id=hood_ids[n % len(hood_ids)] if hood_ids else None,
                    submitted_at=now - datetime.timedelta(minutes=n)))
                pending.append(answers)
                used += len(answers)
                n += 1
            made = SurveyResponse.objects.bulk_create(responses)
            batch = []
            for response, answers in zip(made, pending, strict=True):
                for answer in answers:
                    answer.response = response
                    batch.append(answer)
            SurveyAnswer.objects.bulk_create(batch, batch_size=5_000)
            responses_made += len(made)
        Survey.objects.filter(pk=survey.pk).update(response_count=responses_made)
        written += used
    return written


# ---------------------------------------------------------------- budgets


def _budget(process, title, amount, rule, kind, choose_n, hood, ideas) -> tuple[Budget, list[BudgetProject]]:
    budget = Budget.objects.create(process=process, title_ar=title, amount=Decimal(amount), rule=rule,
                                   ballot_kind=kind, choose_n=choose_n, neighbourhood_id=hood,
                                   currency="SYP" if process.region.code.startswith("SY") else "SAR")
    scale = Decimal(amount) / Decimal(5_000_000)
    projects = []
    for n, (title_ar, cost) in enumerate(PROJECTS):
        idea = ideas[n] if n < len(ideas) and n % 2 == 0 else None
        feasibility = Feasibility.UNFEASIBLE if n == 7 else Feasibility.FEASIBLE
        projects.append(BudgetProject(
            budget=budget, idea=idea, title=title_ar, description=f"{title_ar} بمشاركة السكان والجمعيات",
            cost=(Decimal(cost) * scale).quantize(Decimal("1")), feasibility=feasibility,
            feasibility_note="الموقع غير متاح" if feasibility == Feasibility.UNFEASIBLE else ""))
    return budget, BudgetProject.objects.bulk_create(projects)


def _ballots(budget: Budget, projects: list[BudgetProject], voters, seed: int) -> int:
    """One ballot per voter, within the budget's limit (the cost total, or at most N projects)."""
    from .models import Ballot, BallotChoice

    feasible = [p for p in projects if p.feasibility == Feasibility.FEASIBLE]
    ballots, choices = [], []
    for n, voter in enumerate(voters):
        ballots.append(Ballot(budget=budget, voter=voter, group=GROUPS[(n + seed) % len(GROUPS)]))
        chosen: list[BudgetProject] = []
        total = Decimal(0)
        start = (n * 3 + seed + n // 7) % len(feasible)
        for offset in range(len(feasible)):
            project = feasible[(start + offset * (1 + n % 2)) % len(feasible)]
            if project in chosen:
                continue
            if budget.ballot_kind == BallotKind.CHOOSE_N and len(chosen) >= (budget.choose_n or 1):
                break
            if budget.ballot_kind == BallotKind.APPROVAL and total + project.cost > budget.amount:
                continue
            chosen.append(project)
            total += project.cost
            if len(chosen) >= 1 + (n % 4):
                break
        choices.append(chosen)
    made = Ballot.objects.bulk_create(ballots, batch_size=5000)
    votes: dict[int, int] = defaultdict(int)
    rows = []
    for ballot, chosen in zip(made, choices, strict=True):
        for project in chosen:
            rows.append((ballot.pk, project.pk))
            votes[project.pk] += 1
    insert_rows(BallotChoice, ["ballot_id", "project_id"], rows)
    for project in projects:
        project.vote_count = votes.get(project.pk, 0)
    BudgetProject.objects.bulk_update(projects, ["vote_count"])
    Budget.objects.filter(pk=budget.pk).update(ballot_count=len(made))
    return len(made)


def _greedy_result(budget: Budget, projects: list[BudgetProject], now) -> None:
    """The result by the greedy rule, with budgets.greedy's reason codes: most votes first, then the lower cost,
    then the earlier project; a project without votes is not funded; unfeasible ones are left out."""
    feasible = [p for p in projects if p.feasibility == Feasibility.FEASIBLE]
    left = budget.amount
    funded, others = [], []
    for project in sorted(feasible, key=lambda p: (-p.vote_count, p.cost, p.pk)):
        if project.vote_count == 0:
            project.result_reason = {"code": "no_votes", "cost": str(project.cost)}
            others.append(project)
        elif project.cost <= left:
            left -= project.cost
            project.result_reason = {"code": "funded", "votes": project.vote_count, "cost": str(project.cost),
                                     "left": str(left)}
            funded.append(project)
        else:
            project.result_reason = {"code": "not_enough_left", "votes": project.vote_count,
                                     "cost": str(project.cost), "left": str(left)}
            others.append(project)
    for rank, project in enumerate([*funded, *others], start=1):
        project.funded = project in funded
        project.result_rank = rank
    for project in projects:
        if project.feasibility != Feasibility.FEASIBLE:
            project.funded, project.result_rank = False, None
            project.result_reason = {"code": "unfeasible"}
    BudgetProject.objects.bulk_update(projects, ["funded", "result_rank", "result_reason"])
    Budget.objects.filter(pk=budget.pk).update(result_computed_at=now, result_published=True)


def _budgets(ctx, world, ideas: list[Idea], people, now) -> int:
    processes = world["processes"]
    by_process: dict[int, list[Idea]] = defaultdict(list)
    for idea in ideas:
        if _counted(idea):
            by_process[idea.process_id].append(idea)
    voters = max(1, min(len(people) - 1, 200 * ctx.scale))
    written = 0
    dammam, aleppo = processes["dammam"], processes["aleppo"]
    hoods = world["hoods"]
    approval, projects = _budget(dammam, "ميزانية أحياء الدمام التشاركية", 5_000_000, BudgetRule.EQUAL_SHARES,
                                 BallotKind.APPROVAL, None, None, by_process[dammam.pk])
    written += _ballots(approval, projects, people[:voters], 1)
    hood = hoods[dammam.pk][0] if hoods[dammam.pk] else None
    choose, projects = _budget(dammam, "ميزانية الحي: اختر ثلاثة مشاريع", 2_000_000, BudgetRule.GREEDY,
                               BallotKind.CHOOSE_N, 3, hood, by_process[dammam.pk][10:])
    written += _ballots(choose, projects, people[: voters // 2 or 1], 2)
    finished, projects = _budget(aleppo, "ميزانية تعافي أحياء حلب", 500_000_000, BudgetRule.GREEDY,
                                 BallotKind.APPROVAL, None, None, by_process[aleppo.pk])
    written += _ballots(finished, projects, people[:voters], 3)
    voting_end = Phase.objects.filter(process=aleppo, kind=PhaseKind.VOTING).values_list("ends_at", flat=True).get()
    _greedy_result(finished, projects, max(now, voting_end + datetime.timedelta(hours=1)) if voting_end > now
                   else voting_end + datetime.timedelta(hours=1))
    return written


# ---------------------------------------------------------------- search


def _index(world) -> None:
    published = [p for p in world["all"] if p.status == ProcessStatus.PUBLISHED]
    search.index_many(PROCESS_SEARCH_KIND, ((p.pk, [p.title_ar, p.title_en, p.summary_ar, p.summary_en])
                                            for p in published), fresh=True)
    rows = (Idea.objects.filter(process__in=world["all"], visibility=Visibility.VISIBLE, merged_into__isnull=True)
            .order_by("pk").values_list("pk", "title", "description").iterator(chunk_size=5000))
    search.index_many(IDEA_SEARCH_KIND, ((pk, [title, description]) for pk, title, description in rows), fresh=True)
