"""The budget pages in Arabic and English: the list, the budget, the forms, the ballot, compute and publish, the
result explained; 404/403; query counts."""

import pytest
from django.template.loader import render_to_string

from musharaka.participation import budgets
from musharaka.participation.budgets_selectors import process_panel
from musharaka.participation.models import Ballot, Budget, BudgetProject, PhaseKind

from .budget_helpers import editor_of, make_budget, make_process, set_phase


@pytest.fixture
def world(make_org, make_member, make_user, client_for):
    process = make_process(make_org())
    editor = editor_of(process, make_member)
    budget, projects = make_budget(process, editor, amount="100", rule="equal_shares", projects=[
        ("حديقة الحي", "50"), ("ممشى صحي", "50"), ("مكتبة عامة", "40"), ("ملعب للأطفال", "40")])
    resident = make_user()
    return {"process": process, "editor": editor, "budget": budget, "projects": projects, "resident": resident,
            "client": client_for(resident), "staff": client_for(editor), "anon": client_for(None)}


@pytest.mark.parametrize("prefix, text", [("", "الميزانيات التشاركية"), ("/en", "Participatory budgets")])
def test_list_and_detail_in_both_languages(world, prefix, text, django_assert_max_num_queries):
    anon, budget, process = world["anon"], world["budget"], world["process"]
    with django_assert_max_num_queries(12):
        page = anon.get(f"{prefix}/participation/{process.pk}/budgets/")
    assert page.status_code == 200 and text in page.content.decode()
    with django_assert_max_num_queries(14):
        page = anon.get(f"{prefix}/participation/budgets/{budget.pk}/")
    assert page.status_code == 200 and "مكتبة عامة" in page.content.decode()
    assert 'dir="rtl"' in page.content.decode() if not prefix else 'dir="ltr"' in page.content.decode()


def test_ballot_page_casts_changes_and_refuses_over_the_budget(world):
    client, budget, (a, b, c, d) = world["client"], world["budget"], world["projects"]
    url = f"/participation/budgets/{budget.pk}/ballot/"
    page = client.get(url)
    assert page.status_code == 200 and 'aria-live="polite"' in page.content.decode()
    answer = client.post(url, {"project": [a.pk, b.pk, c.pk], "group": "other"})
    assert answer.status_code == 422 and "140" in answer.content.decode()  # 140 > 100, the form kept
    assert Ballot.objects.count() == 0
    assert client.post(url, {"project": [a.pk, c.pk], "group": "youth"}).status_code == 302
    assert client.post(url, {"project": [b.pk], "group": "youth"}).status_code == 302
    assert dict(BudgetProject.objects.values_list("pk", "vote_count")) == {a.pk: 0, b.pk: 1, c.pk: 0, d.pk: 0}
    page = client.get(url)
    assert 'data-testid="my-ballot"' in page.content.decode()
    assert client.post(url, {"action": "withdraw"}).status_code == 302
    assert Budget.objects.get(pk=budget.pk).ballot_count == 0


def test_ballot_page_outside_the_voting_phase_is_403_and_anonymous_go_to_sign_in(world):
    set_phase(world["process"], PhaseKind.IDEAS)
    url = f"/participation/budgets/{world['budget'].pk}/ballot/"
    assert world["client"].get(url).status_code == 403
    assert world["anon"].get(url).status_code == 302


def test_editor_forms(world):
    staff, budget, process = world["staff"], world["budget"], world["process"]
    set_phase(process, PhaseKind.IDEAS)
    assert staff.get(f"/participation/{process.pk}/budgets/new/").status_code == 200
    answer = staff.post(f"/participation/{process.pk}/budgets/new/", {
        "title_ar": "ميزانية الشباب", "amount": "NaN", "currency": "SAR", "rule": "greedy", "ballot_kind": "approval"})
    assert answer.status_code == 422 and "أدخل رقم" in answer.content.decode()
    answer = staff.post(f"/participation/{process.pk}/budgets/new/", {
        "title_ar": "ميزانية الشباب", "amount": "5000", "currency": "SAR", "rule": "greedy", "ballot_kind": "approval"})
    assert answer.status_code == 302
    answer = staff.post(f"/participation/budgets/{budget.pk}/projects/new/", {"title": "إنارة", "cost": "1000"})
    assert answer.status_code == 422  # more than the budget
    assert staff.post(f"/participation/budgets/{budget.pk}/projects/new/",
                      {"title": "إنارة", "cost": "10"}).status_code == 302
    project = BudgetProject.objects.get(title="إنارة")
    url = f"/participation/projects/{project.pk}/feasibility/"
    assert staff.post(url, {"feasibility": "unfeasible", "note": ""}).status_code == 422
    assert staff.post(url, {"feasibility": "unfeasible", "note": "الموقع غير متاح"}).status_code == 302
    assert staff.post(f"/participation/projects/{project.pk}/edit/", {"title": "إنارة الشوارع", "cost": "12"}
                      ).status_code == 302
    assert world["client"].get(f"/participation/budgets/{budget.pk}/edit/").status_code == 403


def test_compute_publish_and_the_result_explained(world, make_user, django_assert_max_num_queries):
    budget, (a, b, c, d), staff, anon = world["budget"], world["projects"], world["staff"], world["anon"]
    for _ in range(6):
        budgets.ballot_cast(actor=make_user(), budget=budget, project_ids=[a.pk, b.pk])
    for _ in range(4):
        budgets.ballot_cast(actor=make_user(), budget=budget, project_ids=[c.pk, d.pk])
    assert anon.get(f"/participation/budgets/{budget.pk}/result/").status_code == 403
    assert world["client"].post(f"/participation/budgets/{budget.pk}/compute/").status_code == 403
    assert staff.post(f"/participation/budgets/{budget.pk}/compute/").status_code == 302
    page = staff.get(f"/participation/budgets/{budget.pk}/result/").content.decode()
    assert 'data-testid="preview"' in page
    set_phase(world["process"], None)
    staff.post(f"/participation/budgets/{budget.pk}/compute/")
    assert staff.post(f"/participation/budgets/{budget.pk}/publish/").status_code == 302
    with django_assert_max_num_queries(12):
        page = anon.get(f"/participation/budgets/{budget.pk}/result/")
    html = page.content.decode()
    assert page.status_code == 200 and "الحصص المتساوية" in html
    assert html.count('data-testid="reason"') == 4 and "8.33" in html and "10.00" in html
    english = anon.get(f"/en/participation/budgets/{budget.pk}/result/").content.decode()
    assert "Funded in round 1" in english and "had only 10.00 SAR left" in english
    assert "Ties are broken by the stated rule" in english
    pb = anon.get(f"/participation/budgets/{budget.pk}/ballots.pb")
    assert pb.status_code == 200 and b"rule;equalshares" in b"".join(pb.streaming_content)


def test_drafts_are_404(world):
    process = world["process"]
    process.status = "draft"
    process.save()
    assert world["anon"].get(f"/participation/budgets/{world['budget'].pk}/").status_code == 404
    assert world["staff"].get(f"/participation/budgets/{world['budget'].pk}/").status_code == 200


def test_process_panel(world, rf):
    context = process_panel(world["process"], world["editor"])
    assert context["can_add_budget"] and [b.pk for b in context["budgets"]] == [world["budget"].pk]
    html = render_to_string("participation/budgets/_process_panel.html",
                            {"panel_context": context, "process": world["process"]})
    assert "ميزانية حي النخيل" in html
