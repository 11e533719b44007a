import pytest
from django.core.exceptions import ValidationError

from musharaka.core.errors import NotPermitted
from musharaka.taxonomy import selectors, services
from musharaka.taxonomy.models import GlossaryTerm


def test_glossary_term_create_by_platform_admin_is_searchable(platform_admin, term_data):
    term = services.glossary_term_create(actor=platform_admin, data=term_data)
    assert list(selectors.glossary_term_list(query="المساءله")) == [term]
    assert term.history.get().history_user == platform_admin


def test_glossary_term_create_by_resident_is_refused(make_user, term_data):
    with pytest.raises(NotPermitted):
        services.glossary_term_create(actor=make_user(), data=term_data)
    assert not GlossaryTerm.objects.filter(code=term_data["code"]).exists()


def test_glossary_term_create_duplicate_code_is_invalid(platform_admin, term_data):
    with pytest.raises(ValidationError):
        services.glossary_term_create(actor=platform_admin, data={**term_data, "code": "sroi"})


def test_glossary_term_update_reindexes_and_keeps_code(platform_admin):
    term = GlossaryTerm.objects.get(code="baseline")
    services.glossary_term_update(
        actor=platform_admin, term=term, data={"code": "changed", "term_ar": "القيمة المرجعية"}
    )
    term.refresh_from_db()
    assert term.code == "baseline" and term.term_ar == "القيمة المرجعية"
    assert term in selectors.glossary_term_list(query="المرجعيه")
    assert term not in selectors.glossary_term_list(query="خط الأساس")


def test_glossary_term_update_by_anonymous_is_refused(db):
    from django.contrib.auth.models import AnonymousUser

    term = GlossaryTerm.objects.get(code="baseline")
    with pytest.raises(NotPermitted):
        services.glossary_term_update(actor=AnonymousUser(), term=term, data={"term_ar": "تغيير"})
