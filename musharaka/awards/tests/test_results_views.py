"""The results part's pages (issue #13): deliberation, results, certificates and their verification, feedback and
the people's choice, in Arabic (at /) and English (under /en/). Figures are worked by hand in the comments."""

import io

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from musharaka.awards import selectors, services
from musharaka.awards.models import CycleStage, DeliberationNote, Scoresheet, Vote, Winner
from musharaka.events.certificates import format_code
from musharaka.orgs.models import Role

pytestmark = pytest.mark.django_db

JUDGES = [("judge_khalid", "خالد", "العتيبي"), ("judge_noura", "نورة", "القحطاني")]
# Per judge: (scores of the three criteria weighing 50, 30, 20, their comment, the overall comment).
MARKS = {
    "judge_khalid": ([9, 8, 7], "أثر ملموس في الحي", "مبادرة تستحق التقدير"),
    "judge_noura": ([7, 6, 5], "بيانات الأثر تحتاج توثيقا", "عمل جاد يحتاج إلى قياس أدق"),
}


def url(name, *args, language="ar", query=""):
    with translation.override(language):
        return reverse(f"awards:{name}", args=args) + query


@pytest.fixture
def judged(make_cycle, make_org, make_user):
    """A cycle in deliberation: three applications scored by two named judges (different marks for the first, the
    same 6s from both for the others), round 1 closed."""
    world = make_cycle(judges_per_application=2, people_choice=True)
    lead = make_org("جمعية البر بالمدينة", name_en="Al-Birr Society of Madinah")
    applications = [world.apply(lead, title_ar="مبادرة أنسنة الأحياء", title_en="Humanising the neighbourhoods"),
                    world.apply(title_ar="مبادرة الحي الأخضر"), world.apply(title_ar="مبادرة السقيا")]
    users = [make_user(username, first_name=first, last_name=last) for username, first, last in JUDGES]
    world.invite_judges(2, users=users)
    world.start_judging()
    for sheet in Scoresheet.objects.filter(round__category=world.category).select_related("judge__user"):
        values, comment, overall = MARKS[sheet.judge.user.username]
        if sheet.application_id != applications[0].pk:
            values = [6, 6, 6]
        services.sheet_save(actor=sheet.judge.user, sheet=sheet, overall_comment=overall, submit=True,
                            scores={c.pk: (v, comment) for c, v in zip(world.criteria, values, strict=True)})
    services.round_close(actor=world.organiser_admin, round=world.category.rounds.get(number=1))
    world.cycle = services.cycle_advance(actor=world.organiser_admin, cycle=world.cycle)
    world.applications = applications
    world.judge_users = users
    return world


def publish(world, *, citation_ar="مبادرة رائدة في أنسنة الأحياء", citation_en="A leading initiative"):
    first, second, third = world.applications
    services.winners_confirm(actor=world.organiser_admin, category=world.category, placements=[
        (first, 1, citation_ar, citation_en), (second, 2, "", ""), (third, 3, "", "")])
    world.cycle = services.cycle_advance(actor=world.organiser_admin, cycle=world.cycle)
    return world.category.winners.get(place=1)


def pdf_text(response) -> str:
    pdf = b"".join(response.streaming_content)
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


# ---------------------------------------------------------------- deliberation


@pytest.mark.parametrize("language", ["ar", "en"])
def test_deliberation_shows_the_final_ranking_with_ties_flagged(judged, client, language):
    client.force_login(judged.organiser_admin)
    response = client.get(url("deliberation", judged.cycle.pk, language=language))
    assert response.status_code == 200
    page = response.content.decode()
    # The first: 50×9+30×8+20×7 = 830 and 50×7+30×6+20×5 = 630 → mean 73.00; the two others 60.00 each, with the
    # same heaviest score (6) and spread (0): tied after both tie-breaks.
    assert "73.00" in page and page.count('data-testid="tied"') == 2
    assert ("Tied" if language == "en" else "متعادل") in page
    assert page.index("مبادرة أنسنة الأحياء" if language == "ar" else "Humanising") < page.index("مبادرة السقيا")


def test_deliberation_is_the_organisers(judged, client, make_user, make_member):
    target = url("deliberation", judged.cycle.pk)
    assert client.get(target).status_code == 302  # to the sign-in page
    client.force_login(make_user())
    assert client.get(target).status_code == 403
    client.force_login(judged.applications[0].editor)
    assert client.post(target, {"action": "advance"}).status_code == 403
    assert judged.refresh().cycle.stage == CycleStage.DELIBERATION


def test_a_note_is_listed_with_its_author_and_time(judged, client):
    client.force_login(judged.organiser_admin)
    judged.organiser_admin.first_name, judged.organiser_admin.last_name = "سلمان", "الحربي"
    judged.organiser_admin.save()
    response = client.post(url("deliberation", judged.cycle.pk), {
        "action": "note", "category": judged.category.pk, f"note{judged.category.pk}-text": "التعادل يحسمه الأثر"})
    assert response.status_code == 302
    note = DeliberationNote.objects.get()
    assert (note.author, note.text) == (judged.organiser_admin, "التعادل يحسمه الأثر")
    page = client.get(url("deliberation", judged.cycle.pk)).content.decode()
    assert "التعادل يحسمه الأثر" in page and "سلمان الحربي" in page


def test_the_winners_form_confirms_places_and_refuses_an_application_twice(judged, client):
    client.force_login(judged.organiser_admin)
    first, second, third = judged.applications
    prefix = f"category{judged.category.pk}"
    target = url("deliberation", judged.cycle.pk)
    twice = client.post(url("deliberation", judged.cycle.pk, language="en"), {
        "action": "winners", "category": judged.category.pk, f"{prefix}-place1": first.pk,
        f"{prefix}-place2": first.pk})
    assert twice.status_code == 400 and not Winner.objects.exists()
    assert "An application wins one place only." in twice.content.decode()
    response = client.post(target, {
        "action": "winners", "category": judged.category.pk, f"{prefix}-place1": first.pk,
        f"{prefix}-citation_ar1": "مبادرة رائدة", f"{prefix}-citation_en1": "A leading initiative",
        f"{prefix}-place2": third.pk, f"{prefix}-place3": ""})
    assert response.status_code == 302
    assert list(Winner.objects.order_by("place").values_list("application_id", "place", "citation_en")) == [
        (first.pk, 1, "A leading initiative"), (third.pk, 2, "")]
    assert second.pk not in Winner.objects.values_list("application_id", flat=True)


def test_publish_from_the_deliberation_page(judged, client):
    client.force_login(judged.organiser_admin)
    target = url("deliberation", judged.cycle.pk)
    refused = client.post(target, {"action": "advance"}, follow=True)
    assert "أفضل مبادرة تنموية" in refused.content.decode()  # "confirm the winners of …"
    assert judged.refresh().cycle.stage == CycleStage.DELIBERATION
    services.winners_confirm(actor=judged.organiser_admin, category=judged.category,
                             placements=[(judged.applications[0], 1, "", "")])
    assert client.post(target, {"action": "advance"}).status_code == 302
    assert judged.refresh().cycle.stage == CycleStage.PUBLISHED
    assert Winner.objects.get().printed["winner_ar"] == "جمعية البر بالمدينة"


# ---------------------------------------------------------------- results


@pytest.mark.parametrize("language", ["ar", "en"])
def test_results_are_hidden_before_publication_and_public_after(judged, client, make_user, language):
    target = url("results", judged.cycle.pk, language=language)
    services.winners_confirm(actor=judged.organiser_admin, category=judged.category, placements=[
        (judged.applications[0], 1, "مبادرة رائدة في أنسنة الأحياء", "A leading initiative")])
    assert client.get(target).status_code == 404
    client.force_login(make_user())
    assert client.get(target).status_code == 404
    client.force_login(judged.organiser_admin)
    preview = client.get(target)
    assert preview.status_code == 200 and 'data-testid="results-preview"' in preview.content.decode()
    judged.cycle = services.cycle_advance(actor=judged.organiser_admin, cycle=judged.cycle)
    client.logout()
    page = client.get(target).content.decode()
    assert 'data-testid="results-preview"' not in page
    initiative = judged.applications[0].initiative
    assert reverse("initiatives:detail", args=[initiative.pk]) in page
    winner = Winner.objects.get()
    assert url("certificate", winner.pk) in page
    if language == "en":
        assert "Al-Birr Society of Madinah" in page and "A leading initiative" in page and "First place" in page
    else:
        assert "جمعية البر بالمدينة" in page and "مبادرة رائدة في أنسنة الأحياء" in page and "المركز الأول" in page


def test_the_peoples_choice_is_shown_apart_from_the_jury(judged, client, make_user):
    _first, second, third = judged.applications
    for application in judged.applications:
        application.refresh_from_db()  # eligible now
    services.cycle_set_people_choice(actor=judged.organiser_admin, cycle=judged.cycle, is_open=True)
    for application in (third, third, second):
        services.vote_cast(actor=make_user(), application=application)
    publish(judged)
    page = client.get(url("results", judged.cycle.pk, language="en")).content.decode()
    jury, people = page.split('data-testid="people-choice"')
    assert "مبادرة السقيا" in people and "2 votes" in people and "of 3 in the category" in people
    assert "not the jury&#39;s ranking" in people or "not the jury's ranking" in people
    assert 'data-testid="winner-1"' in jury and 'data-testid="winner-1"' not in people


def test_the_results_page_reads_a_fixed_number_of_queries(judged, client, make_user):
    publish(judged)
    target = url("results", judged.cycle.pk)
    client.force_login(make_user())
    client.get(target)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    # The cycle, its categories, its winners (with applicant and initiative), the people's choice (totals; leaders
    # only when someone voted): whatever the number of categories and winners; the rest is the site's frame.
    ours = [query["sql"] for query in queries if "awards_" in query["sql"]]
    assert len(ours) == 4, "\n".join(sql[:150] for sql in ours)
    assert len(queries) <= 10


# ---------------------------------------------------------------- certificates


@pytest.mark.parametrize(("language", "title", "winner"), [
    ("en", "Award certificate", "Al-Birr Society of Madinah"), ("ar", "شهادة فوز", "جمعية البر بالمدينة")])
def test_the_certificate_pdf_prints_the_winner_and_its_code(judged, client, language, title, winner):
    certificate = publish(judged)
    response = client.get(url("certificate", certificate.pk, query=f"?lang={language}"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert winner in text and title in text
    assert format_code(certificate.code) in text
    assert url("verify", format_code(certificate.code)) in text.replace("\n", "")


def test_the_certificate_is_the_organisers_preview_until_published(judged, client, make_user):
    services.winners_confirm(actor=judged.organiser_admin, category=judged.category,
                             placements=[(judged.applications[0], 1, "", "")])
    winner = Winner.objects.get()
    target = url("certificate", winner.pk)
    assert client.get(target).status_code == 404
    client.force_login(make_user())
    assert client.get(target).status_code == 404
    client.force_login(judged.organiser_admin)
    assert client.get(target, {"lang": "en"}).status_code == 200


@pytest.mark.parametrize("language", ["ar", "en"])
def test_verification_confirms_a_real_code_and_refuses_a_wrong_one(judged, client, language):
    winner = publish(judged)
    printed = format_code(winner.code)
    found = client.get(url("verify", printed, language=language))
    assert found.status_code == 200
    page = found.content.decode()
    assert printed in page and 'data-testid="certificate-valid"' in page
    assert ("Al-Birr Society of Madinah" if language == "en" else "جمعية البر بالمدينة") in page
    typed = client.get(url("verify_form", language=language), {"code": winner.code.lower()})
    assert typed.status_code == 200 and printed in typed.content.decode()
    wrong = client.get(url("verify_form", language=language), {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert wrong.status_code == 404 and 'data-testid="certificate-unknown"' in wrong.content.decode()
    assert client.get(url("verify_form", language=language)).status_code == 200  # the empty form


def test_a_code_is_not_verified_before_the_results_are_published(judged, client):
    [winner] = services.winners_confirm(actor=judged.organiser_admin, category=judged.category,
                                        placements=[(judged.applications[0], 1, "", "")])
    assert client.get(url("verify", format_code(winner.code))).status_code == 404


def test_the_api_verifies_a_code(judged, client):
    winner = publish(judged)
    answer = client.get(f"/api/v1/awards/certificates/{winner.code.lower()}", headers={"accept-language": "en"})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["code"], body["winner"], body["winner_ar"], body["place"], body["valid"]) == (
        format_code(winner.code), "Al-Birr Society of Madinah", "جمعية البر بالمدينة", 1, True)
    assert body["year"] == 2026 and body["programme_en"] == "Local Development Award"
    assert client.get("/api/v1/awards/certificates/AAAA-BBBB-CCCC-DDDD").status_code == 404
    assert client.get("/api/v1/awards/certificates/not-a-code").status_code == 404


# ---------------------------------------------------------------- feedback


def test_feedback_for_means_and_sorted_comments(judged):
    publish(judged)
    feedback = selectors.feedback_for(judged.applications[0])
    # Means: (9+7)/2 = 8.0, (8+6)/2 = 7.0, (7+5)/2 = 6.0.
    assert [(row["name_ar"], row["mean"], row["scores"]) for row in feedback["criteria"]] == [
        ("الأثر المجتمعي", 8, 2), ("الاستدامة", 7, 2), ("الابتكار", 6, 2)]
    assert feedback["criteria"][0]["comments"] == sorted(["أثر ملموس في الحي", "بيانات الأثر تحتاج توثيقا"])
    assert feedback["overall"] == sorted(["مبادرة تستحق التقدير", "عمل جاد يحتاج إلى قياس أدق"])


@pytest.mark.parametrize("language", ["ar", "en"])
def test_feedback_never_names_a_judge(judged, client, language):
    publish(judged)
    application = judged.applications[0]
    client.force_login(application.editor)
    response = client.get(url("feedback", application.pk, language=language))
    assert response.status_code == 200
    page = response.content.decode()
    assert "أثر ملموس في الحي" in page and "عمل جاد يحتاج إلى قياس أدق" in page
    assert ("Mean score: 8.0" if language == "en" else "8.0") in page
    for user in judged.judge_users:
        for name in (user.username, user.first_name, user.last_name, user.get_full_name(), user.email):
            assert name not in page
    for judge in judged.judges:
        assert f"judge={judge.pk}" not in page and f"/judges/{judge.pk}" not in page


def test_feedback_waits_for_the_results_and_is_the_applicants(judged, client, make_user):
    application = judged.applications[0]
    target = url("feedback", application.pk)
    client.force_login(application.editor)
    assert client.get(target).status_code == 403  # not before the results
    publish(judged)
    assert client.get(target).status_code == 200
    client.force_login(make_user())
    assert client.get(target).status_code == 404
    client.force_login(judged.judge_users[0])
    assert client.get(target).status_code == 403  # a judge of it sees the application, not the applicant's feedback
    from musharaka.awards.models import Cycle

    Cycle.objects.filter(pk=judged.cycle.pk).update(feedback_to_applicants=False)
    client.force_login(application.editor)
    assert client.get(target).status_code == 404


# ---------------------------------------------------------------- the people's choice


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_second_vote_is_refused_with_a_message_and_not_counted(judged, client, make_user, language):
    services.cycle_set_people_choice(actor=judged.organiser_admin, cycle=judged.cycle, is_open=True)
    first, second, _third = judged.applications
    target = url("vote", judged.category.pk, language=language)
    voter = make_user()
    client.force_login(voter)
    page = client.get(target).content.decode()
    assert f'data-testid="vote-{first.pk}"' in page
    client.post(target, {"application": first.pk})
    answer = client.post(target, {"application": second.pk}, follow=True)
    with translation.override(language):
        message = translation.gettext("You have already voted in this category.")
    assert message in answer.content.decode()
    assert list(Vote.objects.values_list("user_id", "application_id")) == [(voter.pk, first.pk)]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.vote_count, second.vote_count) == (1, 0)
    assert 'data-testid="my-vote"' in answer.content.decode()


def test_voting_needs_an_open_vote_and_a_signed_in_person(judged, client, make_user):
    target = url("vote", judged.category.pk)
    application = judged.applications[0]
    assert client.get(target).status_code == 200
    assert client.post(target, {"application": application.pk}).status_code == 302  # to the sign-in page
    client.force_login(make_user())
    assert client.post(target, {"application": application.pk}).status_code == 403  # not open yet
    services.cycle_set_people_choice(actor=judged.organiser_admin, cycle=judged.cycle, is_open=True)
    assert client.post(target, {"application": "x"}).status_code == 404
    assert client.post(target, {"application": application.pk}).status_code == 302
    assert Vote.objects.count() == 1


def test_the_organiser_opens_and_closes_the_vote(judged, client):
    client.force_login(judged.organiser_admin)
    target = url("deliberation", judged.cycle.pk)
    assert 'data-testid="vote-open"' in client.get(target).content.decode()
    client.post(target, {"action": "vote_open"})
    assert judged.refresh().cycle.people_choice_open
    client.post(target, {"action": "vote_close"})
    assert not judged.refresh().cycle.people_choice_open


def test_no_vote_page_without_a_peoples_choice(make_cycle, client):
    world = make_cycle()
    assert client.get(url("vote", world.category.pk)).status_code == 404


def test_an_organisation_member_not_staff_is_not_an_applicant(judged, client, make_member):
    publish(judged)
    viewer = make_member(judged.applications[0].organization, Role.VIEWER)
    client.force_login(viewer)
    assert client.get(url("feedback", judged.applications[0].pk)).status_code == 404
