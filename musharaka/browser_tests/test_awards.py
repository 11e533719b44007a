"""Done-when of issue #13, in the browser and in Arabic: a cycle of the local development award runs from an
organisation applying with its initiative, through the eligibility check and two judges' scores, to the ranking,
the winners published and the winner's certificate, whose code the public verification page confirms.

The steps whose pages other parts of issue #13 build (apply, eligibility, scoring, ranking) run here through the
services, each marked `# PAGE-AFTER-MERGE: <url name>` so that they become clicks once the parts are merged; the
deliberation, the results, the certificate and its verification are clicked."""

import io

import pypdf
from playwright.sync_api import expect

from musharaka.awards import services
from musharaka.awards.models import Scoresheet, Winner
from musharaka.awards.tests.conftest import make_cycle  # noqa: F401  (the fixture, shared with the unit tests)
from musharaka.events.certificates import format_code
from musharaka.orgs.models import Role

LEAD_TITLE = "مبادرة أنسنة الأحياء"
OTHER_TITLE = "مبادرة الحي الأخضر"
CITATION = "مبادرة رائدة أشركت السكان في تحسين المشهد الحضري"


def test_a_cycle_in_arabic_from_application_to_a_verified_certificate(make_cycle, make_org,  # noqa: F811
                                                                      make_member, make_user, signed_in_page, page):
    world = make_cycle(judges_per_application=2)
    lead = make_org("جمعية البر بالمدينة", name_en="Al-Birr Society of Madinah")
    # PAGE-AFTER-MERGE: awards:apply (the organisation's editor applies with its initiative and submits)
    winning = world.apply(lead, editor=make_member(lead, Role.EDITOR), title_ar=LEAD_TITLE)
    other = world.apply(title_ar=OTHER_TITLE)
    assert winning.initiative is not None
    # PAGE-AFTER-MERGE: awards:judges (two judges invited, they accept; seated on round 1)
    judges = world.invite_judges(2, users=[make_user(first_name="خالد", last_name="العتيبي"),
                                           make_user(first_name="نورة", last_name="القحطاني")])
    # PAGE-AFTER-MERGE: awards:eligibility (both found eligible), then awards:cycle_advance (judging starts)
    world.start_judging()
    # PAGE-AFTER-MERGE: awards:sheet (each judge scores both applications and submits)
    marks = {winning.pk: [9, 8, 7], other.pk: [6, 6, 6]}
    for sheet in Scoresheet.objects.filter(round__category=world.category).select_related("judge__user"):
        world.score(sheet, marks[sheet.application_id])
    assert {sheet.judge_id for sheet in Scoresheet.objects.all()} == {judge.pk for judge in judges}
    # PAGE-AFTER-MERGE: awards:ranking (the organiser closes round 1: 83.00 before 60.00)
    services.round_close(actor=world.organiser_admin, round=world.category.rounds.get(number=1))

    # The organiser's deliberation, in Arabic: judging ends, the ranking is there, a note, the winners, publish.
    organiser = signed_in_page(world.organiser_admin)
    organiser.goto(f"/awards/cycles/{world.cycle.pk}/deliberation/")
    expect(organiser.locator("html")).to_have_attribute("dir", "rtl")
    organiser.get_by_test_id("advance").click()
    # In deliberation the next step is publishing, held back until the winners are confirmed.
    expect(organiser.get_by_test_id("advance")).to_have_text("إعلان النتائج")
    expect(organiser.get_by_test_id("advance")).to_be_disabled()
    ranking = organiser.get_by_test_id("ranking")
    expect(ranking.locator("tbody tr").first).to_contain_text(LEAD_TITLE)
    expect(ranking.locator("tbody tr").first).to_contain_text("83.00")
    category = world.category.pk
    organiser.locator(f"#id_note{category}-text").fill("أجمعت اللجنة على تميز أثر المبادرة الأولى")
    organiser.get_by_test_id("note-add").click()
    expect(organiser.get_by_test_id("notes")).to_contain_text("أجمعت اللجنة على تميز أثر المبادرة الأولى")
    organiser.locator(f"#id_category{category}-place1").select_option(str(winning.pk))
    organiser.locator(f"#id_category{category}-citation_ar1").fill(CITATION)
    organiser.locator(f"#id_category{category}-place2").select_option(str(other.pk))
    organiser.get_by_test_id("winners-confirm").click()
    expect(organiser.get_by_test_id("confirmed-winners")).to_contain_text(LEAD_TITLE)
    expect(organiser.get_by_test_id("advance")).to_have_text("إعلان النتائج")
    organiser.get_by_test_id("advance").click()
    expect(organiser.get_by_test_id("results-link")).to_be_visible()

    # Anyone reads the results and downloads the winner's certificate.
    page.goto(f"/awards/cycles/{world.cycle.pk}/results/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    first = page.get_by_test_id("winner-1")
    expect(first).to_contain_text("المركز الأول")
    expect(first).to_contain_text("جمعية البر بالمدينة")
    expect(first).to_contain_text(CITATION)
    expect(first.get_by_test_id("winner-initiative")).to_have_attribute("href", f"/initiatives/{winning.initiative_id}/")
    with page.expect_download() as caught:
        first.get_by_test_id("certificate-link").click()
    winner = Winner.objects.get(place=1)
    printed = format_code(winner.code)
    assert caught.value.suggested_filename == f"award-certificate-{printed}.pdf"
    text = pypdf.PdfReader(io.BytesIO(caught.value.path().read_bytes())).pages[0].extract_text()
    assert "جمعية البر بالمدينة" in text and "شهادة فوز" in text and "المركز الأول" in text and printed in text

    # The code, typed as printed in lower case, is confirmed by the public verification page.
    page.goto("/awards/certificates/verify/")
    page.locator("#award-certificate-code").fill(printed.lower())
    page.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("certificate-valid")).to_be_visible()
    expect(page.get_by_test_id("certificate-winner")).to_have_text("جمعية البر بالمدينة")
    expect(page.get_by_test_id("certificate-place")).to_have_text("المركز الأول")
    expect(page.get_by_test_id("certificate-code")).to_have_text(printed)
