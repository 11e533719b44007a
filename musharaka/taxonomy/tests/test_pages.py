import pytest
from django.urls import reverse

from musharaka.taxonomy.models import GlossaryTerm


def test_taxonomy_index_lists_axes_sdgs_and_groups(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(reverse("taxonomy:index"))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("تمكين القطاع غير الربحي", "العمل المناخي", "الأشخاص ذوو الإعاقة"):
        assert text in html


def test_taxonomy_index_in_english(client, db):
    html = client.get("/en/taxonomy/").content.decode()
    assert "Development media" in html and "Climate action" in html


def test_glossary_page_lists_terms_with_search_box(client, db):
    response = client.get(reverse("taxonomy:glossary"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "المشاركة المجتمعية" in html and "مذكرة التفاهم" in html
    assert 'hx-get="/taxonomy/glossary/"' in html and 'hx-target="#glossary-results"' in html
    assert '<label class="form-label" for="id_q">' in html


def test_glossary_search_normalises_arabic(client, db):
    response = client.get(reverse("taxonomy:glossary"), {"q": "المُشارَكه المجتمعيه"})
    assert list(response.context["page_obj"]) == [GlossaryTerm.objects.get(code="community-participation")]


def test_glossary_htmx_request_returns_results_partial(client, db):
    response = client.get(reverse("taxonomy:glossary"), {"q": "التطوع"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "التطوع" in html and "مذكرة التفاهم" not in html
    assert "HX-Request" in response["Vary"]


def test_glossary_history_restore_returns_whole_page(client, db):
    response = client.get(
        reverse("taxonomy:glossary"), {"q": "التطوع"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_glossary_term_page_shows_both_languages(client, db):
    response = client.get(reverse("taxonomy:glossary_term", args=["mou"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "مذكرة التفاهم" in html and "Memorandum of understanding (MoU)" in html
    assert response.context["history"] is None and "history-heading" not in html


def test_glossary_term_page_unknown_code_is_404(client, db):
    assert client.get(reverse("taxonomy:glossary_term", args=["no-such-term"])).status_code == 404


def test_glossary_term_history_visible_to_staff(client_for, platform_admin):
    client = client_for(platform_admin)
    url = reverse("taxonomy:glossary_term_edit", args=["target"])
    term = GlossaryTerm.objects.get(code="target")
    data = {"term_ar": "القيمة المستهدفة", "term_en": term.term_en, "definition_ar": term.definition_ar,
            "definition_en": term.definition_en}  # fmt: skip
    client.post(url, data)
    response = client.get(reverse("taxonomy:glossary_term", args=["target"]))
    html = response.content.decode()
    assert 'id="history-heading"' in html
    assert platform_admin.username in html
    assert "<del>المستهدف</del> → <ins>القيمة المستهدفة</ins>" in html


def test_glossary_term_history_hidden_from_resident(client_for, resident):
    response = client_for(resident).get(reverse("taxonomy:glossary_term", args=["target"]))
    assert response.context["history"] is None and "history-heading" not in response.content.decode()


def test_staff_creates_glossary_term(client_for, platform_admin, term_data):
    client = client_for(platform_admin)
    assert client.get(reverse("taxonomy:glossary_term_create")).status_code == 200
    response = client.post(reverse("taxonomy:glossary_term_create"), term_data)
    assert response.status_code == 302
    assert response["Location"] == reverse("taxonomy:glossary_term", args=[term_data["code"]])
    term = GlossaryTerm.objects.get(code=term_data["code"])
    assert term.term_ar == "المساءلة المجتمعية"
    assert term in client.get(reverse("taxonomy:glossary"), {"q": "المساءله"}).context["page_obj"]


def test_staff_edits_glossary_term(client_for, platform_admin):
    term = GlossaryTerm.objects.get(code="indicator")
    data = {"term_ar": "المؤشر", "term_en": "Indicator", "definition_ar": "مقياس يتابع التقدم نحو نتيجة.",
            "definition_en": "A measure that follows progress towards a result."}  # fmt: skip
    response = client_for(platform_admin).post(reverse("taxonomy:glossary_term_edit", args=["indicator"]), data)
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.definition_ar == "مقياس يتابع التقدم نحو نتيجة."


def test_glossary_form_errors_are_translated(client_for, platform_admin, term_data):
    client = client_for(platform_admin)
    response = client.post(reverse("taxonomy:glossary_term_create"), {**term_data, "term_ar": "Accountability"})
    assert response.status_code == 200
    assert "اكتب المصطلح العربي بحروف عربية." in response.content.decode()
    english = client.post("/en/taxonomy/glossary/new/", {**term_data, "code": "new"})
    assert "This code is reserved; choose another one." in english.content.decode()


def test_glossary_form_duplicate_code_is_refused(client_for, platform_admin, term_data):
    response = client_for(platform_admin).post(reverse("taxonomy:glossary_term_create"), {**term_data, "code": "sroi"})
    assert response.status_code == 200 and response.context["form"].errors["code"]
    assert GlossaryTerm.objects.filter(code="sroi").count() == 1


@pytest.mark.parametrize("url_name", ["taxonomy:glossary_term_create", "taxonomy:glossary_term_edit"])
def test_resident_may_not_create_or_edit_glossary_terms(client_for, resident, term_data, url_name):
    args = ["sroi"] if url_name.endswith("edit") else []
    client = client_for(resident)
    assert client.get(reverse(url_name, args=args)).status_code == 403
    assert client.post(reverse(url_name, args=args), term_data).status_code == 403
    assert not GlossaryTerm.objects.filter(code=term_data["code"]).exists()


@pytest.mark.parametrize("url_name", ["taxonomy:glossary_term_create", "taxonomy:glossary_term_edit"])
def test_anonymous_is_sent_to_sign_in(client, db, term_data, url_name):
    args = ["sroi"] if url_name.endswith("edit") else []
    response = client.post(reverse(url_name, args=args), term_data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert not GlossaryTerm.objects.filter(code=term_data["code"]).exists()


def test_add_and_edit_links_only_for_staff(client_for, platform_admin, resident):
    glossary, term = reverse("taxonomy:glossary"), reverse("taxonomy:glossary_term", args=["sroi"])
    add_url, edit_url = reverse("taxonomy:glossary_term_create"), reverse("taxonomy:glossary_term_edit", args=["sroi"])
    staff, other = client_for(platform_admin), client_for(resident)
    assert add_url in staff.get(glossary).content.decode() and edit_url in staff.get(term).content.decode()
    assert add_url not in other.get(glossary).content.decode() and edit_url not in other.get(term).content.decode()
