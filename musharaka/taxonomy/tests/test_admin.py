import pytest
from django.urls import reverse

from musharaka.taxonomy import selectors
from musharaka.taxonomy.models import SDG, Axis, GlossaryTerm, TargetGroup


@pytest.mark.parametrize("model", [Axis, SDG, TargetGroup, GlossaryTerm])
def test_admin_lists_and_history_open_for_staff(client_for, platform_admin, model):
    client = client_for(platform_admin)
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    obj = model.objects.first()
    history = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
    assert client.get(history).status_code == 200


def test_admin_edit_of_glossary_term_updates_search(client_for, platform_admin):
    term = GlossaryTerm.objects.get(code="volunteering")
    url = reverse("admin:taxonomy_glossaryterm_change", args=[term.pk])
    data = {"code": term.code, "term_ar": "العمل التطوعي", "term_en": term.term_en,
            "definition_ar": term.definition_ar, "definition_en": term.definition_en}  # fmt: skip
    assert client_for(platform_admin).post(url, data).status_code == 302
    assert term in selectors.glossary_term_list(query="العمل التطوعي")
