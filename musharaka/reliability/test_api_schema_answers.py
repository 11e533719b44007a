"""Sample answers of every JSON read of the API, checked against the schema the API documents.

The hot lists (initiatives, organisations) write their JSON straight from database rows, without
pydantic (core.jsonout): nothing else checks that what they write is what /api/v1/openapi.json
promises. Every GET operation of the document that answers JSON must have a sample here (a new
one fails the test until it has), requested in Arabic and in English with non-empty lists, and each
answer must validate against its declared 200 schema (formats included). A serialiser that drops,
renames or mistypes a field fails.
"""

import datetime
from decimal import Decimal

import jsonschema_rs
import pytest

from musharaka.accounts.services import api_token_create
from musharaka.geo.models import Neighbourhood
from musharaka.initiatives import api as initiatives_api
from musharaka.initiatives import services
from musharaka.initiatives.services import PartnerSpec, PlaceSpec
from musharaka.initiatives.tasks import compute_similar
from musharaka.orgs.models import Role, Sector
from musharaka.taxonomy.models import SDG, Axis, GlossaryTerm, TargetGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_org, make_member, make_user, make_initiative, make_coordinator, platform_admin, region, other_region):
    lead = make_org("جمعية البر الأهلية", name_en="Al-Birr Society", website="https://birr.example.sa")
    editor = make_member(lead, Role.EDITOR)
    partner = make_org("شركة التنمية", sector=Sector.PRIVATE)
    neighbourhood = Neighbourhood.objects.filter(city__region=region).select_related("city").first()
    city = neighbourhood.city
    source = make_initiative(
        lead, editor=editor, status="completed", title_en="Green Neighbourhood", budget=Decimal("250000.50"),
        start_date=datetime.date(2025, 1, 1), end_date=datetime.date(2025, 12, 31), planned_beneficiaries=300,
        sdgs=list(SDG.objects.filter(number__in=[11, 13])), axes=list(Axis.objects.all()[:2]),
        target_groups=list(TargetGroup.objects.all()[:2]), partners=[PartnerSpec(partner, "funder")],
        places=[PlaceSpec(region=region, city=city, neighbourhood=neighbourhood)],
        results_ar="زرعت 500 شجرة",
    )
    services.initiative_mark_success(actor=make_coordinator(region), initiative=source)
    elsewhere = make_org("جمعية في مكة", region=other_region)
    replica = services.initiative_replicate(actor=make_member(elsewhere, Role.EDITOR), source=source,
                                            organization=elsewhere)
    make_initiative(make_org(region=other_region), status="approved", title_ar="مبادرة الحي الأخضر في مكة")
    compute_similar.call(initiative_id=source.pk)  # the worker's job; the API only reads the stored list
    event = _event(editor, lead, city)
    _exhibition(editor, event, neighbourhood, source, make_member(lead, Role.VIEWER))
    return {"admin": platform_admin, "editor": editor, "lead": lead, "source": source, "replica": replica,
            "region": region, "city": city, "event": event, "certificate": _certificate(editor, lead, city),
            "agreement": _agreement(editor, lead, partner, event, source),  # issue #12 (api)
            "award": _award_cycle(platform_admin, editor, lead, source, make_org, make_member, make_initiative),
            "results": _results(platform_admin, editor, source),  # issue #14 (results)
            "plan": _plan_world(make_org, make_member, region, city, neighbourhood, source),  # issue #14 (api14)
            "impact": _impact_world(platform_admin, editor, source),  # issue #15 (api15)
            "reports": _reports_world(platform_admin, editor, make_org, neighbourhood),  # issue #16 (o31116)
            "volunteering": _volapi16_world(platform_admin, editor, lead, region),  # issue #16 (volapi16)
            "participation": _participation17_world(platform_admin, editor, make_org, make_user,  # issue #17
                                                    neighbourhood)}


def _exhibition(editor, event, neighbourhood, initiative, visitor):
    """A neighbourhood's booth and an organisation's, the completed initiative shown with a like and an approved
    comment."""
    from musharaka.events import exhibition

    booth = exhibition.booth_create(actor=editor, event=event, data={
        "name_ar": "جناح الحي", "number": "A1", "location": "القاعة الشرقية", "neighbourhood": neighbourhood})
    exhibition.booth_create(actor=editor, event=event, data={"name_ar": "جناح الجمعية", "organization": event.organization})
    showcase = exhibition.showcase_add(actor=editor, event=event, initiative=initiative, booth=booth,
                                       blurb_ar="زراعة الأشجار في الحي")
    exhibition.showcase_like(actor=visitor, showcase=showcase)
    comment = exhibition.comment_post(actor=visitor, showcase=showcase, text="تجربة جديرة بالتعميم")
    exhibition.comment_moderate(actor=editor, comment=comment, action="approve")


def _event(editor, organization, city):
    """A forum with everything filled: series and edition, patron, guests, partners, quotas, an agenda."""
    from django.utils import timezone

    from musharaka.events import services as events
    from musharaka.events.services import AudienceSpec, GuestSpec

    starts = timezone.now() + datetime.timedelta(days=20)
    series = events.series_get_or_create(actor=editor, organization=organization, name_ar="ملتقى المشاركة المجتمعية")
    event = events.event_create(
        actor=editor, organization=organization, data={
            "title_ar": "الملتقى الخامس للمشاركة المجتمعية", "title_en": "Fifth Community Participation Forum",
            "kind": "forum", "series": series, "edition": 5, "city": city, "region": city.region,
            "starts_at": starts, "ends_at": starts + datetime.timedelta(days=1), "capacity": 300, "is_published": True,
            "patron_name": "صاحب السمو الملكي أمير المنطقة", "venue": "فندق هيلتون",
        },
        axes=list(Axis.objects.all()[:2]), sponsors=[organization],
        audiences=[AudienceSpec("nonprofit", 50), AudienceSpec("public")], guests=[GuestSpec("معالي نائب الوزير")],
    )
    speaker = events.speaker_create(actor=editor, event=event, data={"name_ar": "رعد الخليوي", "bio_ar": "خبير"})
    session = events.session_create(actor=editor, event=event, speakers=[speaker], data={
        "kind": "dialogue", "title_ar": "مساهمات القطاع الخاص", "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=1), "track": "القاعة الكبرى", "capacity": 100})
    _questions(editor, event, session)
    _recommendations(editor, organization, event)
    _media(editor, organization, event, session)
    return event


def _questions(editor, event, session):
    """Two approved questions (one anonymous, one with a vote) and an answered one."""
    from musharaka.accounts.models import User
    from musharaka.events import questions

    people = [User.objects.create_user(username=f"attendee-{n}", email=f"attendee-{n}@example.org", first_name=name)
              for n, name in enumerate(("منيرة", "خالد"))]
    for person in people:
        events_register(person, event)
    asked = [questions.question_ask(actor=people[n % 2], session=session, text=text, anonymous=n == 1)
             for n, text in enumerate(("ما دور القطاع الخاص في تمويل المبادرات؟", "كيف تقاس الشراكة؟", "متى النتائج؟"))]
    for question in asked:
        questions.question_moderate(actor=editor, question=question, action="approve")
    questions.question_vote(actor=people[1], question=asked[0])
    questions.question_moderate(actor=editor, question=asked[2], action="answer")


def _certificate(editor, organization, city):
    """A workshop attendee's certificate, checked in and issued."""
    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.events import certificates, checkin
    from musharaka.events import services as events

    starts = timezone.now() + datetime.timedelta(days=20)
    workshop = events.event_create(actor=editor, organization=organization, data={
        "title_ar": "ورشة إعداد الخطة المحلية", "title_en": "Local plan workshop", "kind": "workshop",
        "city": city, "region": city.region, "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=6),
        "is_published": True})
    person = User.objects.create_user(username="certified", email="certified@example.org", first_name="هند")
    registration = events.registration_create(actor=person, event=workshop, category="public")
    checkin.check_in(actor=editor, event=workshop, code=registration.ticket.code)
    return certificates.certificate_issue(actor=person, registration=registration)


def events_register(person, event):
    from musharaka.events import services as events

    events.registration_create(actor=person, event=event, category="public")


def _recommendations(editor, organization, event):
    """One recommendation with every field, followed up, and one overdue without an axis or an English text."""
    from musharaka.events import recommendations as recs

    dated = recs.recommendation_create(actor=editor, event=event, data={
        "text_ar": "إشراك السكان في تصميم المشهد الحضري", "text_en": "Involve residents in the urban landscape",
        "organization": organization, "axis": Axis.objects.first(), "due_date": datetime.date(2030, 6, 30)})
    recs.recommendation_post_update(actor=editor, recommendation=dated, text="اعتمدت", status="adopted")
    recs.recommendation_create(actor=editor, event=event, data={
        "text_ar": "تفعيل التطوع في الأحياء", "organization": organization,
        "due_date": datetime.date.today() - datetime.timedelta(days=3)})


def _media(editor, organization, event, session):
    """A news post with an image, a photo of a session, and an MoU (partnerships) signed there with a registered party
    and a named one."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from musharaka.events import media

    def png():
        output = io.BytesIO()
        Image.new("RGB", (30, 20), (20, 120, 90)).save(output, "PNG")
        return SimpleUploadedFile("photo.png", output.getvalue())

    media.news_post_create(actor=editor, event=event, data={
        "title_ar": "الملتقى يواصل أعماله", "title_en": "The forum goes on", "body_ar": "فقرة أولى.\n\nفقرة ثانية.",
        "is_published": True, "cover_image": png()})
    media.photos_add(actor=editor, event=event, uploads=[png()], spec=media.PhotoSpec(
        caption_ar="توقيع المذكرة", session=session, taken_on=datetime.date(2026, 11, 30)))
    # The agreements signed at the event are partnerships' (GET …/agreements reads them).
    from musharaka.partnerships import services as partnerships

    partnerships.agreement_create(actor=editor, organization=organization, data={
        "kind": "mou", "title_ar": "مذكرة تفاهم", "stage": "signed", "signed_on": datetime.date(2026, 11, 30),
        "signed_before": "معالي نائب الوزير", "event": event, "session": session, "is_published": True},
        parties=[partnerships.PartySpec(organization=organization, role="first_party", signatory_name="أمين المنطقة"),
                 partnerships.PartySpec(name_ar="شركة معارف", role="second_party")])


# ---- partnerships (issue #12, api)
def _agreement(editor, keeper, partner, event, initiative):
    """A signed MoU renewed by decision (so the sample has `renews`), every field filled: event, axes, regions,
    an initiative, a party from the press, commitments with a follow-up, documents and a comment."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from musharaka.partnerships import services as partnerships
    from musharaka.partnerships.models import PartyRole, Stage

    today = timezone.localdate()
    first = partnerships.agreement_create(
        actor=editor, organization=keeper, data={
            "title_ar": "مذكرة تفاهم مع شركة الوقف", "title_en": "MoU with the waqf company", "kind": "mou",
            "stage": Stage.SIGNED, "signed_on": datetime.date(2024, 5, 1), "starts_on": datetime.date(2024, 5, 1),
            "ends_on": datetime.date(2026, 4, 30), "renewal": "by_decision", "is_published": True, "event": event,
            "signed_place": "الدمام", "signed_before": "معالي نائب الوزير", "objectives_ar": "دعم الاستدامة"},
        parties=[partnerships.PartySpec(organization=keeper, role=PartyRole.SECOND_PARTY, signatory_name="المدير"),
                 partnerships.PartySpec(organization=partner, role=PartyRole.FIRST_PARTY),
                 partnerships.PartySpec(name_ar="شركة الوقف", name_en="Waqf Co.", role=PartyRole.FUNDER)],
        axes=list(Axis.objects.all()[:2]), regions=[keeper.region], initiatives=[initiative])
    parties = list(first.parties.all())
    for party, due in zip(parties, (today - datetime.timedelta(days=5), today + datetime.timedelta(days=60)),
                          strict=False):
        partnerships.commitment_create(actor=editor, agreement=first, party=party, data={
            "title_ar": "تنظيم حملات التوعية", "title_en": "Awareness campaigns", "due_on": due,
            "owner_name": "إدارة الشراكات"})
    renewed = partnerships.agreement_renew(actor=editor, agreement=first, signed_on=datetime.date(2026, 4, 1),
                                           ends_on=datetime.date(2028, 4, 30))
    commitment = renewed.commitments.order_by("pk").first()
    partnerships.commitment_update_add(actor=editor, commitment=commitment, happened_on=today, note="بدأ العمل",
                                       status="in_progress", progress=30)
    pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
    partnerships.document_add(actor=editor, agreement=renewed, title="نص المذكرة", is_public=True,
                              upload=SimpleUploadedFile("mou.pdf", pdf))
    partnerships.comment_add(actor=editor, agreement=renewed, body="نقترح اجتماعا للمتابعة")
    return renewed


# ---- awards (issue #13, api)
def _award_cycle(platform_admin, editor, lead, source, make_org, make_member, make_initiative):
    """A cycle taken to its published results: the lead's application (the editor's) and another, judged by the
    platform administrator and another judge, a people's choice vote, a winner."""
    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.awards import services as awards
    from musharaka.awards.models import Cycle, Scoresheet

    organiser = make_org("إمارة منطقة حائل", sector=Sector.AUTHORITY)
    admin = make_member(organiser, Role.ADMIN)
    programme = awards.programme_create(actor=admin, organization=organiser, data={
        "name_ar": "جائزة التنمية المحلية", "name_en": "Local Development Award", "eligibility_ar": "مبادرات مسجلة"})
    now = timezone.now()
    cycle = awards.cycle_create(actor=admin, programme=programme, data={
        "year": 2026, "title_ar": "الدورة الأولى", "nominations_open_at": now - datetime.timedelta(days=5),
        "nominations_close_at": now + datetime.timedelta(days=5), "judging_until": datetime.date(2099, 1, 1),
        "people_choice": True})
    category = awards.category_create(actor=admin, cycle=cycle, data={
        "name_ar": "أفضل مبادرة", "judges_per_application": 2, "axis": Axis.objects.order_by("pk")[0]})
    criteria = [awards.criterion_create(actor=admin, category=category, data={
        "name_ar": name, "weight": weight, "levels": {"0": {"ar": "ضعيف"}, "10": {"ar": "متميز", "en": "Top"}}})
        for name, weight in (("الأثر", 60), ("الاستدامة", 40))]
    question = awards.question_create(actor=admin, category=category, data={"text_ar": "ما أثر المبادرة؟"})
    cycle = awards.cycle_advance(actor=admin, cycle=cycle)
    answers = {str(question.pk): "خدمت المبادرة ألف أسرة"}
    other = make_org("جمعية الخير")
    other_editor = make_member(other, Role.EDITOR)
    applications = [
        awards.application_create(actor=editor, category=category, organization=lead, initiative=source, data={},
                                  answers=answers),
        awards.application_create(actor=other_editor, category=category, organization=other,
                                  initiative=make_initiative(other, status="approved", editor=other_editor),
                                  data={}, answers=answers)]
    applications = [awards.application_submit(actor=application.applicant, application=application)
                    for application in applications]
    second = User.objects.create_user(username="award-judge-2", email="judge2@example.org")
    first_round = category.rounds.get(number=1)
    for person in (platform_admin, second):
        judge = awards.judge_invite(actor=admin, cycle=cycle, user=person, expertise="التنمية")
        judge = awards.judge_respond(actor=person, judge=judge, accept=True)
        awards.panel_add(actor=admin, round=first_round, judge=judge)
    Cycle.objects.filter(pk=cycle.pk).update(nominations_close_at=now - datetime.timedelta(seconds=1))
    cycle.refresh_from_db()
    cycle = awards.cycle_advance(actor=admin, cycle=cycle)
    applications = [awards.application_check_eligibility(actor=admin, application=application, eligible=True)
                    for application in applications]
    cycle = awards.cycle_advance(actor=admin, cycle=cycle)
    awards.cycle_set_people_choice(actor=admin, cycle=cycle, is_open=True)
    awards.vote_cast(actor=second, application=applications[0])
    for number, sheet in enumerate(Scoresheet.objects.select_related("judge__user").order_by("pk")):
        awards.sheet_save(actor=sheet.judge.user, sheet=sheet, overall_comment="عمل متميز", submit=True,
                          scores={criterion.pk: (7 + number % 3, "جيد") for criterion in criteria})
    awards.round_close(actor=admin, round=first_round)
    cycle = awards.cycle_advance(actor=admin, cycle=cycle)
    awards.winners_confirm(actor=admin, category=category, placements=[
        (applications[0], 1, "مبادرة رائدة", "A leading initiative")])
    cycle = awards.cycle_advance(actor=admin, cycle=cycle)
    return {"programme": programme, "cycle": cycle, "application": applications[0], "round": first_round,
            "sheet": Scoresheet.objects.filter(judge__user=platform_admin).order_by("pk")[0],
            "winner_code": category.winners.get().code}


# ---- results (issue #14, results)
def _results(admin, editor, source):
    """A result of the completed initiative: an indicator by sex with one approved update (a breakdown, evidence)
    and one pending (the queue's)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from musharaka.results import services as results
    from musharaka.results.models import Dimension

    result = results.result_create(actor=admin, owner=source, data={"title_ar": "زيادة الغطاء النباتي",
                                                                     "title_en": "More green cover"})
    sex = Dimension.objects.get(code="sex")
    indicator = results.indicator_create(actor=admin, result=result, data={
        "title_ar": "عدد الأشجار المزروعة", "unit_ar": "شجرة", "baseline_value": "100", "baseline_year": 2024,
        "code_list": "sdg", "code": "15.1.1"}, dimensions=[sex])
    period = results.period_create(actor=admin, indicator=indicator, data={
        "start": datetime.date(2025, 1, 1), "end": datetime.date(2025, 12, 31), "target_value": "600"})
    female = sex.values.get(code="female")
    update = results.update_create(actor=editor, period=period, data={"value": "500", "narrative": "زرعت 500 شجرة"},
                                   breakdown={female.pk: {"value": "200"}})
    results.evidence_add(actor=editor, update=update, upload=SimpleUploadedFile(
        "report.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        "application/pdf"))
    results.update_submit(actor=editor, update=update)
    results.update_approve(actor=admin, update=update, comment="معتمد")
    results.update_create(actor=editor, period=period, data={"value": "20"}, submit=True)
    return {"result": result, "indicator": indicator, "period": period, "update": update}


def results_samples(found, source) -> dict[str, tuple[str, str]]:
    return {
        "/api/v1/results/queue": ("/api/v1/results/queue", "admin"),
        "/api/v1/results/dimensions": ("/api/v1/results/dimensions", "admin"),
        "/api/v1/results/owners/{owner_kind}/{owner_id}": (f"/api/v1/results/owners/initiative/{source.pk}", "admin"),
        "/api/v1/results/{result_id}": (f"/api/v1/results/{found['result'].pk}", "admin"),
        "/api/v1/results/indicators/{indicator_id}": (f"/api/v1/results/indicators/{found['indicator'].pk}", "admin"),
        "/api/v1/results/periods/{period_id}/updates": (
            f"/api/v1/results/periods/{found['period'].pk}/updates", "editor"),
        "/api/v1/results/updates/{update_id}": (f"/api/v1/results/updates/{found['update'].pk}", "editor"),
    }
# ---- plans (issue #14, api14)
def _plan_world(make_org, make_member, region, city, neighbourhood, initiative):
    """An approved plan with everything filled: a voted and scored need, a goal aligned with an SDG, an action led by
    a partner and linked to an initiative, a review with a rating, a risk; the plan being revised (version 2)."""
    from musharaka.accounts.models import User
    from musharaka.plans import services as plans
    from musharaka.plans.models import Alignment, NeedCategory

    authority = make_org("أمانة المنطقة", sector=Sector.AUTHORITY, name_en="The Municipality")
    admin = make_member(authority, Role.ADMIN)
    partner = make_org("جمعية الحي", name_en="The Neighbourhood Society")
    plan = plans.plan_create(actor=admin, organization=authority, data={
        "title_ar": "خطة التنمية المحلية للحي", "title_en": "Local development plan", "region": region, "city": city,
        "start_year": 2026, "end_year": 2030, "summary_ar": "خطة أعدت في ورشة عمل"}, neighbourhoods=[neighbourhood])
    plans.plan_set_partners(actor=admin, plan=plan, organizations=[partner])
    plan = plans.plan_move(actor=admin, plan=plan, target="consultation")
    resident = User.objects.create_user(username="plan-resident", email="plan-resident@example.org")
    need = plans.need_submit(actor=resident, plan=plan, data={
        "title": "إنارة الشوارع الداخلية", "description": "الشوارع مظلمة ليلا وخطرة على المارة، ونريد حيا أخضر مضاء",
        "category": NeedCategory.objects.order_by("pk")[0], "people_affected": 900, "group": "youth",
        "neighbourhood": neighbourhood})
    plans.need_vote(actor=resident, need=need, group="youth")
    plans.need_score(actor=admin, need=need, scores={c.pk: 4 for c in plan.criteria.all()})
    plans.plan_set_vision(actor=admin, plan=plan, data={"vision_ar": "حي آمن نابض بالحياة", "vision_en": "A safe"})
    goal = plans.goal_save(actor=admin, plan=plan, data={"title_ar": "شوارع آمنة ومضاءة"}, needs=[need],
                           alignments=[Alignment.objects.order_by("pk")[0]])
    action = plans.action_save(actor=admin, goal=goal, data={
        "title_ar": "تركيب إنارة موفرة للطاقة", "lead_organization": partner, "budget": Decimal("150000.50"),
        "funding_source": "municipal", "start_date": datetime.date(2026, 2, 1),
        "end_date": datetime.date(2026, 10, 31), "need": need}, partners=[authority], initiatives=[initiative])
    plan = plans.plan_move(actor=admin, plan=plan, target="approved", note="الإصدار الأول")
    plans.risk_save(actor=admin, plan=plan, data={
        "title": "تأخر صرف الميزانية", "category": "financial", "likelihood": 3, "impact": 4, "owner": "المالية",
        "action": action, "review_date": datetime.date(2026, 6, 1)})
    review = plans.review_save(actor=admin, plan=plan, data={
        "kind": "annual", "held_on": datetime.date(2026, 12, 1), "findings_ar": "تأخر التنفيذ في حيين",
        "opens_revision": True}, ratings={goal.pk: ("at_risk", "التمويل")})
    plan.refresh_from_db()
    plans.goal_save(actor=admin, plan=plan, goal=goal, data={"title_ar": "شوارع آمنة ومضاءة للجميع"})
    return {"plan": plan, "need": need, "goal": goal, "action": action, "review": review,
            "risk": plan.risks.get(), "criterion": plan.criteria.order_by("pk")[0]}


def samples(world) -> dict[str, tuple[str, str]]:
    """path template → (the path to request, who asks)."""
    source, lead = world["source"], world["lead"]
    agreement = world["agreement"]
    award = world["award"]
    glossary = GlossaryTerm.objects.order_by("pk")[0]
    return {
        "/api/v1/geo/countries": ("/api/v1/geo/countries", "admin"),
        "/api/v1/geo/regions": ("/api/v1/geo/regions", "admin"),
        "/api/v1/geo/regions/{region_id}": (f"/api/v1/geo/regions/{world['region'].pk}", "admin"),
        "/api/v1/geo/cities": (f"/api/v1/geo/cities?region={world['region'].pk}", "admin"),
        "/api/v1/geo/neighbourhoods": (f"/api/v1/geo/neighbourhoods?city={world['city'].pk}", "admin"),
        "/api/v1/taxonomy/axes": ("/api/v1/taxonomy/axes", "admin"),
        "/api/v1/taxonomy/sdgs": ("/api/v1/taxonomy/sdgs", "admin"),
        "/api/v1/taxonomy/target-groups": ("/api/v1/taxonomy/target-groups", "admin"),
        "/api/v1/taxonomy/glossary": ("/api/v1/taxonomy/glossary", "admin"),
        "/api/v1/taxonomy/glossary/{code}": (f"/api/v1/taxonomy/glossary/{glossary.code}", "admin"),
        "/api/v1/organizations": ("/api/v1/organizations?page_size=100", "admin"),
        "/api/v1/organizations/{organization_id}": (f"/api/v1/organizations/{lead.pk}", "admin"),
        "/api/v1/organizations/{organization_id}/members": (f"/api/v1/organizations/{lead.pk}/members", "admin"),
        "/api/v1/accounts/me": ("/api/v1/accounts/me", "editor"),
        "/api/v1/initiatives": ("/api/v1/initiatives?page_size=100", "admin"),
        "/api/v1/initiatives/most-replicated": ("/api/v1/initiatives/most-replicated", "admin"),
        "/api/v1/initiatives/{initiative_id}": (f"/api/v1/initiatives/{source.pk}", "admin"),
        "/api/v1/initiatives/{initiative_id}/similar": (f"/api/v1/initiatives/{source.pk}/similar", "admin"),
        "/api/v1/initiatives/{initiative_id}/replications": (f"/api/v1/initiatives/{source.pk}/replications", "admin"),
        "/api/v1/initiatives/exports/{job_id}": ("", "editor"),  # filled in by the test: a job of the editor's
        "/api/v1/notifications": ("/api/v1/notifications", "editor"),
        "/api/v1/events": ("/api/v1/events?page_size=100", "admin"),
        "/api/v1/events/{event_id}": (f"/api/v1/events/{world['event'].pk}", "admin"),
        "/api/v1/events/{event_id}/agenda": (f"/api/v1/events/{world['event'].pk}/agenda", "admin"),
        "/api/v1/events/{event_id}/speakers": (f"/api/v1/events/{world['event'].pk}/speakers", "admin"),
        "/api/v1/events/{event_id}/sessions/{session_id}/questions": (
            f"/api/v1/events/{world['event'].pk}/sessions/{world['event'].sessions.get().pk}/questions", "admin"),
        "/api/v1/events/{event_id}/attendance": (f"/api/v1/events/{world['event'].pk}/attendance", "admin"),
        "/api/v1/events/recommendations": ("/api/v1/events/recommendations?page_size=100", "admin"),
        "/api/v1/events/{event_id}/recommendations": (f"/api/v1/events/{world['event'].pk}/recommendations", "admin"),
        "/api/v1/events/{event_id}/exhibition": (f"/api/v1/events/{world['event'].pk}/exhibition", "admin"),
        "/api/v1/events/{event_id}/exhibition/{showcase_id}/comments": (
            f"/api/v1/events/{world['event'].pk}/exhibition/{world['event'].showcases.get().pk}/comments", "admin"),
        "/api/v1/events/{event_id}/news": (f"/api/v1/events/{world['event'].pk}/news", "admin"),
        "/api/v1/events/{event_id}/news/{post_id}": (
            f"/api/v1/events/{world['event'].pk}/news/{world['event'].news_posts.get().pk}", "admin"),
        "/api/v1/events/{event_id}/photos": (f"/api/v1/events/{world['event'].pk}/photos", "admin"),
        "/api/v1/events/{event_id}/agreements": (f"/api/v1/events/{world['event'].pk}/agreements", "admin"),
        "/api/v1/events/certificates/{code}": (f"/api/v1/events/certificates/{world['certificate'].code}", "admin"),
        # ---- partnerships (issue #12, api)
        "/api/v1/partnerships": ("/api/v1/partnerships?page_size=100", "admin"),
        "/api/v1/partnerships/{agreement_id}": (f"/api/v1/partnerships/{agreement.pk}", "admin"),
        "/api/v1/partnerships/{agreement_id}/commitments": (f"/api/v1/partnerships/{agreement.pk}/commitments", "admin"),
        "/api/v1/partnerships/{agreement_id}/commitments/{commitment_id}/updates": (
            f"/api/v1/partnerships/{agreement.pk}/commitments/{agreement.commitments.order_by('pk')[0].pk}/updates",
            "admin"),
        "/api/v1/partnerships/{agreement_id}/comments": (f"/api/v1/partnerships/{agreement.pk}/comments", "admin"),
        "/api/v1/partnerships/network": ("/api/v1/partnerships/network", "admin"),  # the agreement above: 2 nodes
        # ---- awards (issue #13, results)
        "/api/v1/awards/certificates/{code}": (f"/api/v1/awards/certificates/{award['winner_code']}", "admin"),
        # ---- awards (issue #13, api): the platform administrator organises (as such) and judges the cycle
        "/api/v1/awards/programmes": ("/api/v1/awards/programmes", "admin"),
        "/api/v1/awards/programmes/{programme_id}": (f"/api/v1/awards/programmes/{award['programme'].pk}", "admin"),
        "/api/v1/awards/cycles": ("/api/v1/awards/cycles", "admin"),
        "/api/v1/awards/cycles/{cycle_id}": (f"/api/v1/awards/cycles/{award['cycle'].pk}", "admin"),
        "/api/v1/awards/cycles/{cycle_id}/applications": (
            f"/api/v1/awards/cycles/{award['cycle'].pk}/applications", "admin"),
        "/api/v1/awards/cycles/{cycle_id}/judges": (f"/api/v1/awards/cycles/{award['cycle'].pk}/judges", "admin"),
        "/api/v1/awards/cycles/{cycle_id}/results": (f"/api/v1/awards/cycles/{award['cycle'].pk}/results", "admin"),
        "/api/v1/awards/applications/mine": ("/api/v1/awards/applications/mine", "editor"),
        "/api/v1/awards/applications/{application_id}": (
            f"/api/v1/awards/applications/{award['application'].pk}", "editor"),
        "/api/v1/awards/invitations": ("/api/v1/awards/invitations", "admin"),
        "/api/v1/awards/rounds/{round_id}": (f"/api/v1/awards/rounds/{award['round'].pk}", "admin"),
        "/api/v1/awards/sheets": ("/api/v1/awards/sheets", "admin"),
        "/api/v1/awards/sheets/{sheet_id}": (f"/api/v1/awards/sheets/{award['sheet'].pk}", "admin"),
        # ---- results (issue #14, results)
        **results_samples(world["results"], source),
        # ---- plans (issue #14, api14)
        **plan_samples(world["plan"]),
        # ---- impact (issue #15, api15)
        # ---- volunteering (issue #16, volapi16)
        **volapi16_samples(world["volunteering"]),
        **impact_samples(world["impact"]),
        # ---- reports (issue #16, o31116)
        **reports_samples(world["reports"]),
        # ---- participation (issue #17)
        **participation17_samples(world["participation"]),
    }


# ---- plans (issue #14, api14)
def plan_samples(plan_world) -> dict[str, tuple[str, str]]:
    plan = plan_world["plan"].pk
    base = "/api/v1/plans"
    return {
        base: (f"{base}?q=التنمية", "admin"),
        f"{base}/{{plan_id}}": (f"{base}/{plan}", "admin"),
        f"{base}/{{plan_id}}/versions": (f"{base}/{plan}/versions", "admin"),
        f"{base}/{{plan_id}}/versions/{{number}}": (f"{base}/{plan}/versions/1", "admin"),
        f"{base}/{{plan_id}}/diff": (f"{base}/{plan}/diff?a=1", "admin"),
        f"{base}/{{plan_id}}/needs": (f"{base}/{plan}/needs?q=اناره", "admin"),
        f"{base}/needs/{{need_id}}": (f"{base}/needs/{plan_world['need'].pk}", "admin"),
        f"{base}/needs/{{need_id}}/scores": (f"{base}/needs/{plan_world['need'].pk}/scores", "admin"),
        f"{base}/needs/{{need_id}}/suggestions": (f"{base}/needs/{plan_world['need'].pk}/suggestions", "admin"),
        f"{base}/{{plan_id}}/criteria": (f"{base}/{plan}/criteria", "admin"),
        f"{base}/{{plan_id}}/priorities": (f"{base}/{plan}/priorities?group=youth", "admin"),
        f"{base}/{{plan_id}}/goals": (f"{base}/{plan}/goals", "admin"),
        f"{base}/goals/{{goal_id}}": (f"{base}/goals/{plan_world['goal'].pk}", "admin"),
        f"{base}/{{plan_id}}/actions": (f"{base}/{plan}/actions", "admin"),
        f"{base}/actions/{{action_id}}": (f"{base}/actions/{plan_world['action'].pk}", "admin"),
        f"{base}/{{plan_id}}/reviews": (f"{base}/{plan}/reviews", "admin"),
        f"{base}/reviews/{{review_id}}": (f"{base}/reviews/{plan_world['review'].pk}", "admin"),
        f"{base}/{{plan_id}}/risks": (f"{base}/{plan}/risks", "admin"),
        f"{base}/risks/{{risk_id}}": (f"{base}/risks/{plan_world['risk'].pk}", "admin"),
        f"{base}/{{plan_id}}/heat-map": (f"{base}/{plan}/heat-map", "admin"),
        f"{base}/alignments": (f"{base}/alignments", "admin"),
        f"{base}/need-categories": (f"{base}/need-categories", "admin"),
    }


# ---- impact (issue #15, api15)
def _impact_world(admin, editor, source) -> dict:
    """The source initiative's logic model, an analysis published by the platform administrator (with a comment
    and a second version in draft), and another under review."""
    from musharaka.impact import services as impact

    model = impact.logic_model_save(actor=editor, owner=source, data={"assumptions_ar": "استمرار دعم البلدية"})
    impact.logic_item_save(actor=editor, logic_model=model, data={"stage": "output", "text_ar": "أشجار مزروعة"})

    def analysis(title):
        made = impact.analysis_create(actor=editor, owner=source, data={"title_ar": title, "start_year": 2025})
        group = impact.stakeholder_save(actor=editor, analysis=made, data={"name_ar": "سكان الحي", "size": 300})
        impact.investment_save(actor=editor, analysis=made, data={
            "kind": "volunteer_time", "description_ar": "ساعات المتطوعين", "hours": "400", "hourly_value": "30",
            "valuation_basis": "متوسط أجر الساعة"})
        impact.investment_save(actor=editor, analysis=made, data={"kind": "cash", "description_ar": "منحة",
                                                                   "amount": "20000"})
        outcome = impact.outcome_save(actor=editor, analysis=made, stakeholder=group, data={
            "title_ar": "تحسن جودة الهواء", "quantity": "300", "proxy": "150", "proxy_source": "دراسة محلية",
            "duration": 3, "deadweight": "20", "attribution": "10", "drop_off": "25"})
        impact.comment_add(actor=editor, analysis=made, body="راجعوا مصدر البديل",
                           figure=f"outcome:{outcome.pk}:proxy")
        return impact.analysis_submit(actor=editor, analysis=made)

    published = impact.analysis_publish(actor=admin, analysis=analysis("العائد الاجتماعي للحي الأخضر"))
    impact.analysis_revise(actor=editor, analysis=published)
    analysis("العائد الاجتماعي لحملة التشجير")
    impact.reviewer_add(actor=admin, user=admin, note="مراجع المنصة")
    return {"published": published, "source": source}


def impact_samples(impact_world) -> dict[str, tuple[str, str]]:
    base = "/api/v1/impact"
    analysis, source = impact_world["published"].pk, impact_world["source"].pk
    return {
        f"{base}/owners/{{owner_kind}}/{{owner_id}}/logic-model": (
            f"{base}/owners/initiative/{source}/logic-model", "admin"),
        f"{base}/owners/{{owner_kind}}/{{owner_id}}/analyses": (f"{base}/owners/initiative/{source}/analyses",
                                                                  "editor"),
        f"{base}/analyses": (f"{base}/analyses?kind=forecast", "admin"),
        f"{base}/queue": (f"{base}/queue", "admin"),
        f"{base}/analyses/{{analysis_id}}": (f"{base}/analyses/{analysis}", "editor"),
        f"{base}/analyses/{{analysis_id}}/versions": (f"{base}/analyses/{analysis}/versions", "editor"),
        f"{base}/analyses/{{analysis_id}}/sensitivity": (f"{base}/analyses/{analysis}/sensitivity", "admin"),
        f"{base}/analyses/{{analysis_id}}/comments": (f"{base}/analyses/{analysis}/comments", "editor"),
        f"{base}/reviewers": (f"{base}/reviewers", "admin"),
    }


# ---- reports (issue #16, o31116)
def _reports_world(admin, editor, make_org, neighbourhood) -> dict:
    """A municipality routed for lighting in the neighbourhood's city; the editor's report with a photo and an
    attribute answer, open; another resolved (for the medians); an Open311 API key."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from musharaka.reports import keys
    from musharaka.reports import services as reports
    from musharaka.reports.models import ServiceCategory

    municipality = make_org("أمانة المنطقة", sector=Sector.AUTHORITY)
    lighting = ServiceCategory.objects.get(code="lighting")
    reports.route_save(actor=admin, category=lighting, organization=municipality, city=neighbourhood.city)
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (30, 90, 60)).save(buffer, "JPEG")
    photo = SimpleUploadedFile("street.jpg", buffer.getvalue(), content_type="image/jpeg")
    place = {"neighbourhood_id": neighbourhood.pk, "latitude": "24.700100", "longitude": "46.680200",
             "address": "شارع الأمير سلطان"}
    report = reports.report_create(actor=editor, category=lighting, photo=photo, attributes={"pole-number": "R-9"},
                                   data={"description": "عمود الإنارة مطفأ منذ أسبوع", **place})
    reports.report_change_status(actor=admin, report=report, status="acknowledged", note="وصل إلى فرقة الصيانة")
    resolved = reports.report_create(actor=editor, category=lighting, data={"description": "إنارة الحديقة مطفأة",
                                                                            **place})
    reports.report_change_status(actor=admin, report=resolved, status="resolved", note="أُصلحت الإنارة")
    keys.api_key_issue(actor=admin, organization=municipality, label="تطبيق البلاغات")
    return {"report": report, "municipality": municipality}


def reports_samples(reports_world) -> dict[str, tuple[str, str]]:
    base, report = "/api/v1/reports", reports_world["report"]
    return {
        f"{base}": (f"{base}?category=lighting", "admin"),
        f"{base}/categories": (f"{base}/categories", "admin"),
        f"{base}/mine": (f"{base}/mine", "editor"),
        f"{base}/medians": (f"{base}/medians", "admin"),
        f"{base}/nearby": (f"{base}/nearby?category=lighting&latitude=24.7001&longitude=46.6802", "admin"),
        f"{base}/queue/{{organization_id}}": (f"{base}/queue/{reports_world['municipality'].pk}", "admin"),
        f"{base}/track/{{token}}": (f"{base}/track/{report.token}", "admin"),
        f"{base}/routes": (f"{base}/routes", "admin"),
        f"{base}/api-keys": (f"{base}/api-keys", "admin"),
        f"{base}/{{report_id}}": (f"{base}/{report.pk}", "admin"),
        f"{base}/{{report_id}}/timeline": (f"{base}/{report.pk}/timeline", "editor"),
    }


# ---- volunteering (issue #16, volapi16)
def _volapi16_world(admin, editor, lead, region) -> dict:
    """A published opportunity of the lead organisation with a question and a shift; the editor applied (with an
    answer), was accepted by the platform administrator, logged hours (one verified, one pending) and holds a
    certificate; a national value of an hour prices the statistics."""
    from django.utils import timezone

    from musharaka.volunteering import services as volunteering

    today = timezone.localdate()
    opportunity = volunteering.opportunity_create(actor=editor, organization=lead, data={
        "title_ar": "حملة تطوعية لتشجير الحي", "title_en": "Planting the neighbourhood",
        "description_ar": "زراعة الشتلات مع السكان", "region_id": region.pk,
        "axis_id": Axis.objects.values_list("pk", flat=True).first(),
        "starts_on": today - datetime.timedelta(days=5), "ends_on": today + datetime.timedelta(days=20)},
        questions=[{"text_ar": "ما خبرتك في الزراعة؟", "required": True}])
    starts = timezone.now() + datetime.timedelta(days=2)
    shift = volunteering.shift_save(actor=editor, opportunity=opportunity, data={
        "title": "الفترة الصباحية", "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=3),
        "capacity": 5})
    volunteering.opportunity_publish(actor=editor, opportunity=opportunity)
    application = volunteering.application_create(actor=editor, shift=shift, message="أرغب في المشاركة",
                                                  answers={opportunity.questions.get().pk: "زرعت حديقة بيتنا"})
    volunteering.application_decide(actor=admin, application=application, decision="accept")
    for hours in ("3", "2.5"):
        entry = volunteering.hours_log(actor=editor, opportunity=opportunity, data={
            "date": today - datetime.timedelta(days=1), "hours": hours, "activity": "زراعة الشتلات"})
    volunteering.hours_verify(actor=admin, entry=entry)
    volunteering.hour_value_create(actor=admin, data={"amount": "45", "basis_ar": "متوسط أجر الساعة الوطني",
                                                      "basis_en": "National average hourly wage",
                                                      "effective_from": datetime.date(2020, 1, 1)})
    certificate = volunteering.certificate_issue(actor=editor, volunteer=editor, organization=lead)
    return {"opportunity": opportunity, "organization": lead, "certificate": certificate}


def volapi16_samples(world) -> dict[str, tuple[str, str]]:
    base = "/api/v1/volunteering"
    opportunity, organization = world["opportunity"].pk, world["organization"].pk
    return {
        f"{base}/opportunities": (f"{base}/opportunities?q=حملة", "admin"),
        f"{base}/opportunities/{{opportunity_id}}": (f"{base}/opportunities/{opportunity}", "editor"),
        f"{base}/organizations/{{organization_id}}/opportunities": (
            f"{base}/organizations/{organization}/opportunities", "editor"),
        f"{base}/applications/mine": (f"{base}/applications/mine", "editor"),
        f"{base}/opportunities/{{opportunity_id}}/applications": (
            f"{base}/opportunities/{opportunity}/applications", "admin"),
        f"{base}/hours/mine": (f"{base}/hours/mine", "editor"),
        f"{base}/organizations/{{organization_id}}/hours-queue": (
            f"{base}/organizations/{organization}/hours-queue", "admin"),
        f"{base}/profile": (f"{base}/profile", "editor"),
        f"{base}/certificates/mine": (f"{base}/certificates/mine", "editor"),
        f"{base}/certificates/code/{{code}}": (f"{base}/certificates/code/{world['certificate'].code}", "admin"),
        f"{base}/statistics": (f"{base}/statistics?by=axis", "admin"),
        f"{base}/hour-values": (f"{base}/hour-values", "admin"),
    }


# ---- participation (issue #17)
def _participation17_world(admin, editor, make_org, make_user, neighbourhood) -> dict:
    """A published process of a municipality (the platform administrator runs and moderates it) over the
    neighbourhood's city, walked through its phases with the services: in the ideas phase residents (the editor of
    the lead organisation among them) post ideas, support and comment them; the administrator answers one officially
    and replies to a comment, hides an abusive comment and blocks its author; a resident reports an idea (the report
    stays open). The editor follows the process; the topic summary is built. In the consultation phase the editor
    and a resident answer a survey of several kinds of questions, whose CSV export is built. A budget's projects are
    reviewed before the vote; in the voting phase the editor and a resident vote; the vote then ends and the result
    is computed and published."""
    from urllib.parse import urlencode

    from django.utils import timezone

    from musharaka.participation import budgets, ideas, moderation, survey_exports, surveys, topics
    from musharaka.participation import services as participation
    from musharaka.participation.models import ExportStatus

    now, day = timezone.now(), datetime.timedelta(days=1)
    municipality = make_org("أمانة منطقة الرياض", name_en="Riyadh Municipality", sector=Sector.AUTHORITY)
    resident = make_user(first_name="نورة", last_name="القحطاني")
    neighbour = make_user(first_name="فهد", last_name="العتيبي")
    troll = make_user(first_name="مزعج")
    axis = Axis.objects.order_by("pk")[0]
    process = participation.process_create(actor=admin, organization=municipality, data={
        "title_ar": "مشاركة السكان في تطوير الأحياء", "title_en": "Residents shaping their neighbourhoods",
        "summary_ar": "أفكار السكان لتحسين جودة الحياة", "summary_en": "Residents' ideas for a better life",
        "region_id": neighbourhood.city.region_id, "city_id": neighbourhood.city_id, "axis_id": axis.pk},
        neighbourhood_ids=[neighbourhood.pk])
    phase = participation.phase_save(actor=admin, process=process, data={
        "kind": "ideas", "starts_at": now - 2 * day, "ends_at": now + 20 * day,
        "description_ar": "مرحلة مشاركة السكان", "description_en": "Residents take part"})  # its kind moves on
    participation.phase_save(actor=admin, process=process, data={
        "kind": "evaluation", "starts_at": now + 60 * day, "ends_at": now + 90 * day})
    process = participation.process_set_status(actor=admin, process=process, status="published")

    def move_to(kind: str) -> None:
        participation.phase_save(actor=admin, process=process, phase=phase, data={"kind": kind})

    # ---- the ideas phase: ideas, supports, comments, an answer, moderation, a follow, the topics
    texts = [(editor, "حديقة عامة للأطفال في الحي", "حديقة عامة بأشجار ظليلة وألعاب آمنة للأطفال وممرات للمشي"),
             (resident, "إنارة الشوارع الداخلية", "أعمدة الإنارة معطلة في الشوارع الداخلية والظلام يخيف المشاة"),
             (neighbour, "حديقة للأطفال بجانب المسجد", "نحتاج حديقة عامة فيها ألعاب للأطفال ومساحات خضراء"),
             (resident, "انارة الطرق المظلمة", "الإنارة ضعيفة في الطرق والشوارع مظلمة في الليل")]
    made = [ideas.idea_create(actor=author, process=process, data={
        "title": title, "description": description, "neighbourhood_id": neighbourhood.pk, "axis_id": axis.pk,
        "latitude": "24.7136", "longitude": "46.6753", "group": "women" if author == resident else "other"})
        for author, title, description in texts]
    park, lighting = made[0], made[1]
    for supporter, idea in ((resident, park), (neighbour, park), (editor, lighting)):
        ideas.idea_support(actor=supporter, idea=idea, group="youth")
    question = ideas.comment_create(actor=resident, idea=park, body="فكرة ممتازة، أين سيكون موقع الحديقة؟")
    ideas.comment_create(actor=admin, idea=park, parent=question, body="ندرس الأرض الفضاء شمال الحي")
    ideas.comment_create(actor=editor, idea=lighting, body="أؤيد إنارة الشوارع لسلامة المشاة")
    ideas.idea_answer(actor=admin, idea=park, state="considering", text="تدرس الأمانة الموقع والتكلفة")
    abuse = ideas.comment_create(actor=troll, idea=lighting, body="تعليق مسيء لا علاقة له بالموضوع")
    moderation.comment_moderate(actor=admin, comment=abuse, action="hide", reason="إساءة للمشاركين")
    moderation.block_create(actor=admin, process=process, user=troll, reason="إساءة متكررة")
    moderation.abuse_report_create(actor=neighbour, idea=made[3], reason="off_topic", detail="مكررة")
    moderation.follow_create(actor=editor, kind="process", target_id=process.pk)
    moderation.follow_create(actor=editor, kind="idea", target_id=lighting.pk, email=False)
    assert topics.topics_refresh(process, force=True).topics.exists()

    # ---- the consultation phase: a survey answered, its export built
    survey = surveys.survey_create(actor=admin, process=process, data={
        "title_ar": "استبيان الحدائق", "title_en": "Parks survey", "description_ar": "رأيك في حدائق الحي"})
    choices = [{"key": "daily", "label_ar": "يوميا", "label_en": "Daily"},
               {"key": "weekly", "label_ar": "أسبوعيا", "label_en": "Weekly"},
               {"key": "never", "label_ar": "أبدا", "label_en": "Never"}]
    asked = {kind: surveys.question_save(actor=admin, survey=survey, data={
        "kind": kind, "label_ar": f"سؤال ({kind})", "label_en": f"Question ({kind})", "help_ar": "اختياري",
        **extra}) for kind, extra in (
            ("single", {"required": True, "choices": choices}), ("multiple", {"choices": choices}),
            ("ranking", {"choices": choices}), ("scale", {"minimum": "1", "maximum": "5"}),
            ("number", {"minimum": "0"}), ("date", {}), ("short_text", {}))}
    asked["long_text"] = surveys.question_save(actor=admin, survey=survey, data={
        "kind": "long_text", "label_ar": "لماذا لا تزور الحديقة؟", "show_if": asked["single"].pk,
        "show_if_keys": ["never"]})
    survey = surveys.survey_set_status(actor=admin, survey=survey, status="open")
    move_to("consultation")
    for person, visits in ((editor, "never"), (resident, "daily")):
        surveys.response_submit(actor=person, survey=survey, group="youth", answers={
            asked["single"].pk: visits, asked["multiple"].pk: ["daily", "weekly"],
            asked["ranking"].pk: ["weekly", "daily", "never"], asked["scale"].pk: 4, asked["number"].pk: "2.5",
            asked["date"].pk: "2026-03-01", asked["short_text"].pk: "مقاعد أكثر", asked["long_text"].pk: "بعيدة"})
    export = survey_exports.export_request(actor=admin, survey=survey, format="csv")
    export.refresh_from_db()
    if export.status == ExportStatus.PENDING:  # queued on commit: the worker's job, run now
        survey_exports.build_survey_export.call(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error

    # ---- the budget: projects reviewed before the vote, ballots, the vote ended, the result published
    budget = budgets.budget_create(actor=admin, process=process, data={
        "title_ar": "ميزانية حي النخيل", "title_en": "Al-Nakheel budget", "amount": "1000", "currency": "SAR",
        "rule": "equal_shares", "ballot_kind": "approval"})
    projects = []
    for title, cost, feasibility, from_idea in (("حديقة الأطفال", "600", "feasible", park.pk),
                                                ("إنارة الشوارع", "300", "feasible", lighting.pk),
                                                ("جسر للمشاة", "900", "unfeasible", None)):
        project = budgets.project_create(actor=admin, budget=budget, data={
            "title": title, "cost": cost, "description": f"{title} في حي النخيل", "idea_id": from_idea})
        projects.append(budgets.project_feasibility(actor=admin, project=project, feasibility=feasibility,
                                                    note="" if feasibility == "feasible" else "الموقع غير متاح"))
    move_to("voting")
    budgets.ballot_cast(actor=editor, budget=budget, project_ids=[projects[0].pk, projects[1].pk], group="youth")
    budgets.ballot_cast(actor=resident, budget=budget, project_ids=[projects[1].pk])
    moment = timezone.now()
    participation.phase_save(actor=admin, process=process, phase=phase, data={"ends_at": moment})
    participation.phase_save(actor=admin, process=process, data={
        "kind": "implementation", "starts_at": moment, "ends_at": moment + 30 * day})
    budgets.budget_compute(actor=admin, budget=budget)
    budget = budgets.budget_publish(actor=admin, budget=budget)
    return {"process": process, "park": park, "similar": urlencode({"process": process.pk, "q": park.title}),
            "survey": survey, "export": export, "budget": budget, "project": projects[0]}


def participation17_samples(world) -> dict[str, tuple[str, str]]:
    """The editor of the lead organisation takes part as a resident (his idea, his ballot, his follows); the
    platform administrator runs the process (its moderation, the survey's answers and exports)."""
    base = "/api/v1/participation"
    process, idea, survey = world["process"].pk, world["park"].pk, world["survey"].pk
    budget = world["budget"].pk
    return {
        f"{base}/processes": (f"{base}/processes?page_size=100", "editor"),
        f"{base}/processes/{{process_id}}": (f"{base}/processes/{process}", "admin"),
        f"{base}/processes/{{process_id}}/phases": (f"{base}/processes/{process}/phases", "editor"),
        f"{base}/processes/{{process_id}}/ideas": (f"{base}/processes/{process}/ideas?sort=supported", "editor"),
        f"{base}/ideas/similar": (f"{base}/ideas/similar?{world['similar']}", "editor"),
        f"{base}/ideas/{{idea_id}}": (f"{base}/ideas/{idea}", "editor"),
        f"{base}/ideas/{{idea_id}}/comments": (f"{base}/ideas/{idea}/comments", "editor"),
        f"{base}/processes/{{process_id}}/blocks": (f"{base}/processes/{process}/blocks", "admin"),
        f"{base}/moderation/processes/{{process_id}}/queue": (
            f"{base}/moderation/processes/{process}/queue?show=reports", "admin"),
        f"{base}/moderation/processes/{{process_id}}/log": (f"{base}/moderation/processes/{process}/log", "admin"),
        f"{base}/follows": (f"{base}/follows", "editor"),
        f"{base}/processes/{{process_id}}/topics": (f"{base}/processes/{process}/topics", "editor"),
        f"{base}/processes/{{process_id}}/surveys": (f"{base}/processes/{process}/surveys", "editor"),
        f"{base}/surveys/{{survey_id}}": (f"{base}/surveys/{survey}", "editor"),
        f"{base}/surveys/{{survey_id}}/questions": (f"{base}/surveys/{survey}/questions", "editor"),
        f"{base}/surveys/{{survey_id}}/responses": (f"{base}/surveys/{survey}/responses", "admin"),
        f"{base}/surveys/{{survey_id}}/results": (f"{base}/surveys/{survey}/results", "admin"),
        f"{base}/surveys/{{survey_id}}/exports": (f"{base}/surveys/{survey}/exports", "admin"),
        f"{base}/exports/{{export_id}}": (f"{base}/exports/{world['export'].pk}", "admin"),
        f"{base}/processes/{{process_id}}/budgets": (f"{base}/processes/{process}/budgets", "editor"),
        f"{base}/budgets/{{budget_id}}": (f"{base}/budgets/{budget}", "editor"),
        f"{base}/budgets/{{budget_id}}/projects": (f"{base}/budgets/{budget}/projects", "editor"),
        f"{base}/budgets/{{budget_id}}/ballot": (f"{base}/budgets/{budget}/ballot", "editor"),
        f"{base}/budgets/{{budget_id}}/result": (f"{base}/budgets/{budget}/result", "editor"),
        f"{base}/projects/{{project_id}}": (f"{base}/projects/{world['project'].pk}", "editor"),
    }


def json_reads(document: dict) -> dict[str, dict]:
    """path template → the 200 JSON schema of its GET."""
    reads = {}
    for path, operations in document["paths"].items():
        answer = operations.get("get", {}).get("responses", {}).get("200", {})
        schema = answer.get("content", {}).get("application/json", {}).get("schema")
        if schema is not None:
            reads[path] = schema
    return reads


def validator(document: dict, schema: dict):
    # The document's components travel with the schema so that "#/components/schemas/…" resolves.
    return jsonschema_rs.Draft202012Validator({**schema, "components": document["components"]}, validate_formats=True)


def problems(document: dict, schema: dict, answer) -> list[str]:
    return ["/" + "/".join(map(str, error.instance_path)) + f": {error.message}"
            for error in validator(document, schema).iter_errors(answer)]


def non_empty(answer) -> bool:
    if isinstance(answer, dict) and "results" in answer:
        return bool(answer["results"])
    return bool(answer)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_json_read_answers_its_documented_schema(client, world, language):
    document = client.get("/api/v1/openapi.json").json()
    reads = json_reads(document)
    wanted = samples(world)
    assert sorted(reads) == sorted(wanted), "a JSON read of the API has no sample here (or a sample lost its read)"
    tokens = {who: api_token_create(user=world[who], name="schema")[1] for who in ("admin", "editor")}
    job = client.post("/api/v1/initiatives/exports", headers={"authorization": f"Bearer {tokens['editor']}"})
    assert job.status_code == 202
    assert not problems(document, document["paths"]["/api/v1/initiatives/exports"]["post"]["responses"]["202"]
                        ["content"]["application/json"]["schema"], job.json())
    wanted["/api/v1/initiatives/exports/{job_id}"] = (job.json()["url"], "editor")
    for template, (path, who) in wanted.items():
        response = client.get(path, headers={"authorization": f"Bearer {tokens[who]}", "accept-language": language})
        assert response.status_code == 200, (path, response.content[:300])
        answer = response.json()
        assert non_empty(answer), f"{path}: an empty sample proves little"
        found = problems(document, reads[template], answer)
        assert not found, f"{path} ({language}) does not match its documented schema: {found[:5]}"


def test_a_drifting_serialiser_fails_the_check(client, world, monkeypatch):
    document = client.get("/api/v1/openapi.json").json()
    schema = json_reads(document)["/api/v1/initiatives"]
    correct = client.get("/api/v1/initiatives").json()
    assert not problems(document, schema, correct)
    original = initiatives_api.list_item_row

    def drifted(row):
        item = original(row)
        item["region"] = item["region"]["code"]  # a reference flattened to its code
        del item["replication_count"]
        return item

    monkeypatch.setattr(initiatives_api, "list_item_row", drifted)
    found = problems(document, schema, client.get("/api/v1/initiatives").json())
    assert any("replication_count" in problem for problem in found)
    assert any("/region" in problem for problem in found)
