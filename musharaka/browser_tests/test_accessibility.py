"""axe-core on every page type, in Arabic and in English: no serious or critical violation (WCAG 2.1 AA
rules and axe's best practices), such as text below AA contrast, a control without a name or a missing landmark.

axe-core comes from the npm registry (package.json); scripts/copy-assets puts it in browser_tests/vendor/,
outside the static files: only these tests inject it, the site never serves it.

axe-core skips the contrast of Arabic text: its icon-ligature heuristic mistakes shaped Arabic words for
icon fonts (the rule is "inapplicable" on an Arabic page). Colours do not depend on the language, so the
English run checks them; every other rule runs on both.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from PIL import Image

from musharaka.events import certificates, checkin, exhibition, media, questions
from musharaka.events import recommendations as recs
from musharaka.events import services as event_services
from musharaka.events.models import Event, Session
from musharaka.initiatives.models import Status
from musharaka.notifications.services import notify
from musharaka.orgs.models import Role
from musharaka.partnerships import services as partnerships

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations
        .filter(v => ['serious', 'critical'].includes(v.impact))
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary)}));
}"""


def _workshop(organization, editor, region):
    """A published workshop held two days ago: its agenda, a speaker, a registrant checked in, a question, feedback
    and a recommendation, so that every events page has something to show."""
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=2)
    event = event_services.event_create(actor=editor, organization=organization, data={
        "title_ar": "ورشة عمل قياس الأثر الاجتماعي لمشاريع المشاركة المجتمعية", "title_en": "Measuring social impact",
        "kind": "workshop", "region": region, "venue": "مركز الحي الاجتماعي", "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=5), "is_published": True},
        audiences=[event_services.AudienceSpec("public")])
    speaker = event_services.speaker_create(actor=editor, event=event, data={
        "name_ar": "د. هالة الزهراني", "title_ar": "أستاذة التخطيط الحضري"})
    session = event_services.session_create(actor=editor, event=event, data={
        "kind": "dialogue", "title_ar": "جلسة حوارية: الشراكة في التنمية المحلية", "title_en": "Partnership",
        "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=1)}, speakers=[speaker])
    registration = event_services.registration_create(actor=editor, event=event, category="public")
    checkin.check_in(actor=editor, event=event, code=registration.ticket.code)
    questions.question_ask(actor=editor, session=session, text="كيف نقيس أثر المبادرات في الأحياء؟")
    recommendation = recs.recommendation_create(actor=editor, event=event, data={
        "text_ar": "إشراك السكان في تصميم المشهد الحضري", "organization": organization})
    # Then it took place the day before yesterday: feedback is open.
    Event.objects.filter(pk=event.pk).update(starts_at=F("starts_at") - datetime.timedelta(days=4),
                                             ends_at=F("ends_at") - datetime.timedelta(days=4))
    Session.objects.filter(pk=session.pk).update(starts_at=F("starts_at") - datetime.timedelta(days=4),
                                                 ends_at=F("ends_at") - datetime.timedelta(days=4))
    return {"event": event, "speaker": speaker, "session": session, "registration": registration,
            "recommendation": recommendation, **_event_media(organization, editor, event)}


def _event_media(organization, editor, event) -> dict:
    """The workshop's news post, photo, agreement and certificate, for their pages."""
    output = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 90)).save(output, "PNG")
    post = media.news_post_create(actor=editor, event=event, data={
        "title_ar": "الورشة تختتم أعمالها", "body_ar": "ناقش المشاركون أدوات قياس الأثر.", "is_published": True})
    media.photos_add(actor=editor, event=event, uploads=[SimpleUploadedFile("photo.png", output.getvalue())],
                     spec=media.PhotoSpec(caption_ar="المشاركون في الورشة"))
    # An MoU signed at the workshop (partnerships): the event page lists it.
    partnerships.agreement_create(actor=editor, organization=organization, data={
        "kind": "mou", "title_ar": "مذكرة تفاهم لقياس الأثر", "stage": "signed",
        "signed_on": timezone.localdate(event.starts_at), "event": event, "is_published": True},
        parties=[partnerships.PartySpec(organization=organization, role="first_party"),
                 partnerships.PartySpec(name_ar="جامعة الملك سعود", role="second_party")])
    return {"post": post}


def _partnership(organization, editor, make_org) -> dict:
    """Issue #12: a published MoU of the association with a municipality, a commitment each (one followed up)."""
    from musharaka.orgs.models import Sector
    from musharaka.partnerships import services as partnerships

    municipality = make_org("أمانة المنطقة الشرقية", sector=Sector.AUTHORITY)
    agreement = partnerships.agreement_create(actor=editor, organization=organization, data={
        "title_ar": "مذكرة تفاهم للتعاون المشترك", "stage": "signed", "signed_on": datetime.date(2026, 3, 1),
        "starts_on": datetime.date(2026, 3, 1), "ends_on": datetime.date(2028, 2, 28), "is_published": True,
        "objectives_ar": "إطلاق المبادرات النوعية وخدمة المجتمع"},
        parties=[partnerships.PartySpec(organization=organization), partnerships.PartySpec(organization=municipality),
                 partnerships.PartySpec(name_ar="شركة معارف")])
    parties = list(agreement.parties.all())
    commitment = partnerships.commitment_create(actor=editor, agreement=agreement, party=parties[0], data={
        "title_ar": "التوعية ونشر ثقافة التنمية المستدامة", "due_on": datetime.date(2026, 4, 1)})
    partnerships.commitment_update_add(actor=editor, commitment=commitment, happened_on=datetime.date(2026, 3, 15),
                                       note="أقيمت أول حملة توعوية", status="in_progress", progress=40)
    partnerships.commitment_create(actor=editor, agreement=agreement, party=parties[2],
                                   data={"title_ar": "تجميل الميادين العامة"})
    return {"agreement": agreement, "commitment": commitment}


def _awards(organization, editor, initiative, make_org, make_member) -> dict:
    """The awards' setup pages (issue #13): the association organises an award (a cycle in nominations with a
    category, criteria with level descriptors, a question, a jury invitation and another body's submitted
    application) and applies, with its initiative, to the municipality's award (a draft with a file)."""
    from musharaka.awards import services as awards

    def cycle_of(organiser_admin, organiser, name_ar, *, needs_initiative=True):
        programme = awards.programme_create(actor=organiser_admin, organization=organiser, data={
            "name_ar": name_ar, "name_en": "Local Development Award", "eligibility_ar": "المبادرات المنفذة في المنطقة"})
        now = timezone.now()
        cycle = awards.cycle_create(actor=organiser_admin, programme=programme, data={
            "year": 2026, "title_ar": "الدورة الأولى", "nominations_open_at": now - datetime.timedelta(days=1),
            "nominations_close_at": now + datetime.timedelta(days=30)})
        category = awards.category_create(actor=organiser_admin, cycle=cycle, data={
            "name_ar": "أفضل مبادرة تنموية", "name_en": "Best development initiative",
            "needs_initiative": needs_initiative})
        criterion = None
        for name, weight in (("الأثر المجتمعي", 60), ("الاستدامة", 40)):
            criterion = awards.criterion_create(actor=organiser_admin, category=category, data={
                "name_ar": name, "weight": weight, "levels": {"0": {"ar": "لا يوجد"}, "10": {"ar": "متميز"}}})
        question = awards.question_create(actor=organiser_admin, category=category, data={"text_ar": "ما أثر المبادرة؟"})
        return awards.cycle_advance(actor=organiser_admin, cycle=cycle), category, criterion, question

    cycle, category, criterion, question = cycle_of(editor, organization, "جائزة التنمية المحلية",
                                                   needs_initiative=False)
    awards.judge_invite(actor=editor, cycle=cycle, user=editor, expertise="التنمية المحلية")
    other = make_org("جمعية البر بالخبر")
    other_editor = make_member(other, Role.EDITOR)
    applied = awards.application_create(actor=other_editor, category=category, organization=other, data={
        "title_ar": "مبادرة الحي النظيف"}, answers={str(question.pk): "أثر واضح"})
    awards.application_submit(actor=other_editor, application=applied)
    municipality = make_org("أمانة المنطقة الشرقية")
    _cycle, other_category, _criterion, _question = cycle_of(make_member(municipality, Role.ADMIN), municipality,
                                                             "جائزة المشاركة المجتمعية")
    draft = awards.application_create(actor=editor, category=other_category, organization=organization,
                                      initiative=initiative, data={})
    awards.evidence_add(actor=editor, application=draft, title="تقرير الأثر", upload=SimpleUploadedFile(
        "impact.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"))
    return {"award_programme": cycle.programme_id, "award_cycle": cycle.pk, "award_criterion": criterion.pk,
            "award_other_category": other_category.pk, "award_application": draft.pk}


def _plans(organization, editor, make_org, make_user, region) -> dict:
    """The plan and results pages (issue #14): a municipality's plan, approved as version 1 then opened for revision by
    a review, with a goal answering a need, an action led by the association, an indicator with a period and a draft
    update, and a risk; the association's admin is also the municipality's admin (they edit both sides)."""
    from musharaka.geo.models import City, Neighbourhood
    from musharaka.orgs.models import Membership, Sector
    from musharaka.plans import services as plans
    from musharaka.plans.models import NeedCategory
    from musharaka.results import services as results

    authority = make_org("أمانة منطقة الرياض", name_en="Riyadh Municipality", sector=Sector.AUTHORITY)
    Membership.objects.create(organization=authority, user=editor, role=Role.ADMIN)
    editor = type(editor).objects.get(pk=editor.pk)  # a fresh instance: the cached roles predate the membership
    city = City.objects.filter(region=region).first()
    district = Neighbourhood.objects.create(city=city, name_ar="حي الروضة", name_en="Al Rawdah")
    plan = plans.plan_create(actor=editor, organization=authority, data={
        "title_ar": "خطة التنمية المحلية لمدينة الدرعية 2026–2030", "title_en": "Diriyah local development plan",
        "region": region, "city": city, "start_year": 2026, "end_year": 2030}, neighbourhoods=[district])
    plan = plans.plan_move(actor=editor, plan=plan, target="consultation")
    need = plans.need_submit(actor=make_user(), plan=plan, data={
        "title": "نقص الإنارة في الشوارع الداخلية", "description": "الشوارع الداخلية مظلمة ليلا",
        "category": NeedCategory.objects.first(), "neighbourhood": district, "people_affected": 1200})
    plans.plan_set_vision(actor=editor, plan=plan, data={"vision_ar": "أحياء آمنة يشارك سكانها في صنع قرارها"})
    goal = plans.goal_save(actor=editor, plan=plan, data={"title_ar": "تحسين جودة الحياة في الأحياء"}, needs=[need])
    action = plans.action_save(actor=editor, goal=goal, data={
        "title_ar": "تركيب إنارة موفرة للطاقة", "lead_organization": organization, "budget": "250000.00",
        "funding_source": "municipal", "start_date": datetime.date(2026, 1, 1), "end_date": datetime.date(2026, 12, 31)})
    result = results.result_create(actor=editor, owner=action, data={"title_ar": "شوارع مضاءة", "level": "output"})
    indicator = results.indicator_create(actor=editor, result=result, data={
        "title_ar": "عدد الشوارع المضاءة", "measure": "unit", "unit_ar": "شارع", "ascending": True})
    period = results.period_create(actor=editor, indicator=indicator, data={
        "start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31), "target_value": "40"})
    update = results.update_create(actor=editor, period=period, data={"value": "10", "narrative": "عشرة شوارع"})
    risk = plans.risk_save(actor=editor, plan=plan, data={
        "title": "تأخر التمويل", "category": "financial", "likelihood": 3, "impact": 4, "owner": "إدارة المالية"})
    plan = plans.plan_move(actor=editor, plan=plan, target="approved")
    review = plans.review_save(actor=editor, plan=plan, data={
        "kind": "quarterly", "held_on": datetime.date(2026, 4, 15), "findings_ar": "تقدم بطيء في أعمال الإنارة",
        "opens_revision": True}, ratings={goal.pk: ("at_risk", "")})
    return {"plan": plan.pk, "plan_goal": goal.pk, "plan_action": action.pk, "plan_review": review.pk,
            "plan_risk": risk.pk, "result": result.pk, "indicator": indicator.pk, "period": period.pk,
            "update": update.pk}


@pytest.fixture
def world(make_org, make_member, make_initiative, make_user, region):
    organization = make_org("جمعية التنمية الأهلية بحي النسيم", name_en="Al-Naseem Development Association")
    editor = make_member(organization, Role.ADMIN, first_name="سارة", last_name="القحطاني")
    initiative = make_initiative(
        organization, status=Status.APPROVED, editor=editor, title_en="Greening the neighbourhoods", summary_en="Trees"
    )
    notify(users=[editor], title_for=lambda: "مبادرة جديدة", url=f"/initiatives/{initiative.pk}/")
    found = _workshop(organization, editor, region)
    booth = exhibition.booth_create(actor=editor, event=found["event"], data={"name_ar": "جناح الجمعية", "number": "A1"})
    showcase = exhibition.showcase_add(actor=editor, event=found["event"], initiative=initiative, booth=booth)
    exhibition.comment_post(actor=editor, showcase=showcase, text="تجربة جديرة بالتعميم في الأحياء")
    certificate = certificates.certificate_issue(actor=editor, registration=found["registration"])
    return {"organization": organization, "editor": editor, "initiative": initiative, "showcase": showcase,
            "certificate": certificates.format_code(certificate.code), **found,
            **_partnership(organization, editor, make_org),
            **_awards(organization, editor, initiative, make_org, make_member),
            **_plans(organization, editor, make_org, make_user, region)}


def _pages(world) -> tuple[list[str], list[str]]:
    organization, initiative = world["organization"].pk, world["initiative"].pk
    event, speaker, session = world["event"].pk, world["speaker"].pk, world["session"].pk
    registration, recommendation = world["registration"].pk, world["recommendation"].pk
    showcase, post, certificate = world["showcase"].pk, world["post"].pk, world["certificate"]
    agreement, commitment = world["agreement"].pk, world["commitment"].pk
    anonymous = [
        "/",
        "/organizations/",
        f"/organizations/{organization}/",
        "/initiatives/",
        f"/initiatives/{initiative}/",
        f"/initiatives/organizations/{organization}/",
        "/initiatives/experiences/",
        "/taxonomy/glossary/",
        "/geo/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
        "/events/",
        f"/events/{event}/",
        f"/events/{event}/agenda/",
        f"/events/{event}/speakers/",
        f"/events/{event}/speakers/{speaker}/",
        f"/events/{event}/sessions/{session}/questions/",
        f"/events/{event}/sessions/{session}/screen/",
        "/events/recommendations/",
        f"/events/{event}/recommendations/",
        f"/events/recommendations/{recommendation}/",
        f"/events/{event}/exhibition/",
        f"/events/{event}/exhibition/{showcase}/",
        f"/events/{event}/news/",
        f"/events/{event}/news/{post}/",
        f"/events/{event}/photos/",
        "/events/certificates/verify/",
        f"/events/certificates/verify/{certificate}/",
        "/partnerships/",
        f"/partnerships/{agreement}/",
        f"/partnerships/organizations/{organization}/",
        "/partnerships/network/",
        "/partnerships/statistics/",
        "/awards/",
        f"/awards/programmes/{world['award_programme']}/",
        f"/awards/cycles/{world['award_cycle']}/",
    ]
    signed_in = [
        "/organizations/new/",
        f"/initiatives/{initiative}/",  # with its actions and history
        "/initiatives/new/",
        "/initiatives/import/",
        "/accounts/profile/",
        "/accounts/tokens/",
        "/accounts/security/",
        "/notifications/",
        "/events/new/",
        f"/events/{event}/edit/",
        f"/events/{event}/register/",
        "/events/registrations/",
        f"/events/{event}/tickets/{registration}/",
        f"/events/{event}/manage/sessions/",
        f"/events/{event}/manage/speakers/",
        f"/events/{event}/manage/registrations/",
        f"/events/{event}/check-in/",
        f"/events/{event}/manage/attendance/",
        f"/events/{event}/sessions/{session}/questions/moderate/",
        f"/events/{event}/feedback/",
        f"/events/{event}/manage/feedback/",
        f"/events/recommendations/{recommendation}/edit/",
        f"/events/{event}/manage/exhibition/",
        f"/events/{event}/manage/exhibition/comments/",
        f"/events/{event}/manage/news/",
        f"/events/{event}/manage/news/{post}/",
        f"/events/{event}/manage/photos/",
        f"/events/{event}/manage/certificates/",
        "/partnerships/new/",
        f"/partnerships/{agreement}/",  # with its management, follow-up and comments
        f"/partnerships/{agreement}/edit/",
        f"/partnerships/{agreement}/commitments/new/",
        f"/partnerships/{agreement}/commitments/{commitment}/follow-up/",
        f"/partnerships/{agreement}/documents/",
        "/awards/programmes/new/",
        f"/awards/programmes/{world['award_programme']}/edit/",
        f"/awards/programmes/{world['award_programme']}/cycles/new/",
        f"/awards/cycles/{world['award_cycle']}/",  # with the organiser's panel
        f"/awards/cycles/{world['award_cycle']}/edit/",
        f"/awards/cycles/{world['award_cycle']}/setup/",
        f"/awards/criteria/{world['award_criterion']}/edit/",
        f"/awards/cycles/{world['award_cycle']}/judges/",
        f"/awards/cycles/{world['award_cycle']}/eligibility/",
        "/awards/invitations/",
        f"/awards/categories/{world['award_other_category']}/apply/",
        "/awards/applications/",
        f"/awards/applications/{world['award_application']}/",
        f"/awards/applications/{world['award_application']}/edit/",
        f"/awards/applications/{world['award_application']}/evidence/",
    ]
    # ---- plans and results (issue #14): the public reads the plan in revision, its version 1 and the differences;
    # the authority's admin reaches the forms. One page of each kind (the forms share their macros): the suite's
    # time is the budget.
    plan, goal = world["plan"], world["plan_goal"]
    anonymous += [
        f"/plans/{plan}/",
        f"/plans/{plan}/versions/diff/",
        f"/plans/{plan}/risks/",
        f"/plans/{plan}/charts/",
        f"/results/indicator/{world['indicator']}/",
    ]
    signed_in += [
        "/plans/",
        f"/plans/{plan}/",  # with the moves, the edit links and the results sections' forms
        f"/plans/goals/{goal}/actions/new/",
        f"/plans/{plan}/reviews/new/",
        f"/plans/risks/{world['plan_risk']}/edit/",
        "/results/queue/",
        f"/results/result/{world['result']}/indicators/new/",
        f"/results/period/{world['period']}/updates/new/",
        f"/results/update/{world['update']}/",
    ]
    return anonymous, signed_in


def _violations(page, path: str) -> list[str]:
    response = page.goto(path)
    expected = 404 if path.endswith("/no-such-page/") else 200  # every other page must really be there
    assert response is not None and response.status == expected, f"{path}: {response and response.status}"
    page.wait_for_load_state("load")
    return [
        f"{path} [{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in page.evaluate(RUN_AXE)
    ]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_page_types_have_no_serious_accessibility_violation(language, new_context, signed_in_page, world):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/copy-assets (make assets)")
    prefix = "" if language == "ar" else "/en"
    anonymous, signed_in = _pages(world)
    # bypass_csp: the strict policy would refuse the injected script (the pages themselves are unchanged).
    visitor = new_context(bypass_csp=True)
    visitor.add_init_script(path=str(AXE))
    member = signed_in_page(world["editor"], bypass_csp=True)
    member.context.add_init_script(path=str(AXE))

    found: list[str] = []
    visitor_page = visitor.new_page()
    for path in anonymous:
        found += _violations(visitor_page, prefix + path)
    for path in signed_in:
        found += _violations(member, prefix + path)
    assert found == [], f"{len(found)} serious or critical accessibility violations:\n" + "\n".join(found)
