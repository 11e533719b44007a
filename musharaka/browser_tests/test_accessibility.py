"""axe-core on every page type, in Arabic and in English: no serious or critical violation (WCAG 2.1 AA
rules and axe's best practices), such as text below AA contrast, a control without a name or a missing landmark.

axe-core comes from the npm registry (package.json); scripts/copy-assets puts it in browser_tests/vendor/,
outside the static files: only these tests inject it, the site never serves it.

axe-core skips the contrast of Arabic text: its icon-ligature heuristic mistakes shaped Arabic words for
icon fonts (the rule is "inapplicable" on an Arabic page). Colours do not depend on the language, so the
English run checks them; every other rule runs on both.
"""

import datetime
from pathlib import Path

import pytest
from django.db.models import F
from django.utils import timezone

from musharaka.events import checkin, questions
from musharaka.events import recommendations as recs
from musharaka.events import services as event_services
from musharaka.events.models import Event, Session
from musharaka.initiatives.models import Status
from musharaka.notifications.services import notify
from musharaka.orgs.models import Role

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
            "recommendation": recommendation}


@pytest.fixture
def world(make_org, make_member, make_initiative, region):
    organization = make_org("جمعية التنمية الأهلية بحي النسيم", name_en="Al-Naseem Development Association")
    editor = make_member(organization, Role.ADMIN, first_name="سارة", last_name="القحطاني")
    initiative = make_initiative(
        organization, status=Status.APPROVED, editor=editor, title_en="Greening the neighbourhoods", summary_en="Trees"
    )
    notify(users=[editor], title_for=lambda: "مبادرة جديدة", url=f"/initiatives/{initiative.pk}/")
    return {"organization": organization, "editor": editor, "initiative": initiative,
            **_workshop(organization, editor, region)}


def _pages(world) -> tuple[list[str], list[str]]:
    organization, initiative = world["organization"].pk, world["initiative"].pk
    event, speaker, session = world["event"].pk, world["speaker"].pk, world["session"].pk
    registration, recommendation = world["registration"].pk, world["recommendation"].pk
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
    ]
    return anonymous, signed_in


def _violations(page, path: str) -> list[str]:
    response = page.goto(path)
    assert response is not None and response.status in (200, 404), f"{path}: {response and response.status}"
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
