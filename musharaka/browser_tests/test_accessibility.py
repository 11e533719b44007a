"""axe-core on every page type, in Arabic and in English: no serious or critical violation (WCAG 2.1 AA
rules and axe's best practices), such as text below AA contrast, a control without a name or a missing landmark.

axe-core comes from the npm registry (package.json); scripts/copy-assets puts it in browser_tests/vendor/,
outside the static files: only these tests inject it, the site never serves it.

axe-core skips the contrast of Arabic text: its icon-ligature heuristic mistakes shaped Arabic words for
icon fonts (the rule is "inapplicable" on an Arabic page). Colours do not depend on the language, so the
English run checks them; every other rule runs on both.
"""

from pathlib import Path

import pytest

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


@pytest.fixture
def world(make_org, make_member, make_initiative):
    organization = make_org("جمعية التنمية الأهلية بحي النسيم", name_en="Al-Naseem Development Association")
    editor = make_member(organization, Role.ADMIN, first_name="سارة", last_name="القحطاني")
    initiative = make_initiative(
        organization, status=Status.APPROVED, editor=editor, title_en="Greening the neighbourhoods", summary_en="Trees"
    )
    notify(users=[editor], title_for=lambda: "مبادرة جديدة", url=f"/initiatives/{initiative.pk}/")
    return {"organization": organization, "editor": editor, "initiative": initiative}


def _pages(world) -> tuple[list[str], list[str]]:
    organization, initiative = world["organization"].pk, world["initiative"].pk
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
