"""Done-when of issue #13, in the browser and in Arabic: a cycle of the local development award runs from an
organisation applying with its initiative, through the eligibility check and two judges' scores, to the ranking,
the winners published and the winner's certificate, whose code the public verification page confirms.

Every step is clicked on the pages except the set-up before it (the cycle, its category and criteria, a second
applicant, the two judges invited and seated: each has its own page tests) and the passing of the deadline."""

import io

import pypdf
from playwright.sync_api import expect

from musharaka.awards.models import ApplicationStatus, Scoresheet, SheetStatus, Winner
from musharaka.awards.tests.conftest import make_cycle  # noqa: F401  (the fixture, shared with the unit tests)
from musharaka.events.certificates import format_code
from musharaka.orgs.models import Role

LEAD_TITLE = "مبادرة أنسنة الأحياء"
OTHER_TITLE = "مبادرة الحي الأخضر"
CITATION = "مبادرة رائدة أشركت السكان في تحسين المشهد الحضري"
ANSWER = "شارك أكثر من ثلاثمئة من سكان الحي في تحسين المشهد الحضري"


def score_on_the_page(judge_page, sheet, values) -> None:
    """The judge opens the sheet from the queue, picks each criterion's score and submits."""
    judge_page.goto("/awards/judging/")
    judge_page.locator(f'a[href="/awards/judging/sheets/{sheet.pk}/"]').click()
    expect(judge_page.locator("html")).to_have_attribute("dir", "rtl")
    for criterion, value in values:
        judge_page.locator(f"#score_{criterion.pk}_{value}").check()
        judge_page.locator(f"#comment_{criterion.pk}").fill("عرض واضح للأثر")
    judge_page.get_by_test_id("submit-sheet").click()
    expect(judge_page.get_by_test_id("sheet-total")).to_be_visible()


def test_a_cycle_in_arabic_from_application_to_a_verified_certificate(make_cycle, make_org,  # noqa: F811
                                                                      make_member, make_user, make_initiative,
                                                                      signed_in_page, page):
    world = make_cycle(judges_per_application=2)
    lead = make_org("جمعية البر بالمدينة", name_en="Al-Birr Society of Madinah")
    editor = make_member(lead, Role.EDITOR)
    initiative = make_initiative(lead, status="approved", editor=editor, title_ar=LEAD_TITLE)
    other = world.apply(title_ar=OTHER_TITLE)
    judges = world.invite_judges(2, users=[make_user(first_name="خالد", last_name="العتيبي"),
                                           make_user(first_name="نورة", last_name="القحطاني")])

    # The association's editor applies with its initiative, from the cycle's page.
    applicant = signed_in_page(editor)
    applicant.goto(f"/awards/cycles/{world.cycle.pk}/")
    expect(applicant.locator("html")).to_have_attribute("dir", "rtl")
    applicant.locator(f'a[href^="/awards/categories/{world.category.pk}/apply/"]').first.click()
    applicant.locator("#id_organization").select_option(str(lead.pk))
    applicant.locator("#id_initiative").select_option(str(initiative.pk))
    applicant.locator("#id_title_ar").fill(LEAD_TITLE)
    applicant.locator(f"#id_answer_{world.question.pk}").fill(ANSWER)
    applicant.get_by_test_id("submit").click()
    winning = world.category.applications.get(initiative=initiative)
    assert winning.status == ApplicationStatus.SUBMITTED and winning.answers == {str(world.question.pk): ANSWER}

    # Nominations close (time passes); the organiser moves to the eligibility check, finds both eligible and
    # starts judging from the cycle's page: the two judges are assigned both applications.
    world.close_nominations()
    organiser = signed_in_page(world.organiser_admin)
    organiser.goto(f"/awards/cycles/{world.cycle.pk}/eligibility/")
    for application in (winning, other):
        organiser.locator(f"#application-{application.pk}").get_by_test_id("mark-eligible").click()
        expect(organiser.locator(".alert-success").first).to_contain_text(application.title_ar)
    assert set(world.cycle.applications.values_list("status", flat=True)) == {ApplicationStatus.ELIGIBLE}
    organiser.goto(f"/awards/cycles/{world.cycle.pk}/")
    organiser.get_by_test_id("advance").click()
    world.cycle.refresh_from_db()
    assert world.cycle.stage == "judging"

    # Each judge scores both applications on the scoring page.
    marks = {winning.pk: [9, 8, 7], other.pk: [6, 6, 6]}
    for judge in judges:
        judge_page = signed_in_page(judge.user)
        for sheet in Scoresheet.objects.filter(judge=judge).order_by("pk"):
            score_on_the_page(judge_page, sheet, zip(world.criteria, marks[sheet.application_id], strict=True))
    assert set(Scoresheet.objects.values_list("status", flat=True)) == {SheetStatus.SUBMITTED}

    # The organiser reads the ranking (83.00 before 60.00) and closes the round.
    first_round = world.category.rounds.get(number=1)
    organiser.goto(f"/awards/rounds/{first_round.pk}/ranking/")
    rows = organiser.get_by_test_id("ranking-row")
    expect(rows.first).to_contain_text(LEAD_TITLE)
    expect(rows.first.get_by_test_id("raw")).to_have_text("83.00")
    expect(rows.nth(1).get_by_test_id("raw")).to_have_text("60.00")
    organiser.get_by_test_id("close-round").click()
    expect(organiser.get_by_test_id("round-status")).to_have_text("مغلقة")

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
