import pytest
from django.utils import translation


@pytest.fixture
def resident(make_user):
    return make_user("resident")


@pytest.fixture
def term_data():
    return {
        "code": "social-accountability",
        "term_ar": "المساءلة المجتمعية",
        "term_en": "Social accountability",
        "definition_ar": "قدرة السكان على متابعة أداء الجهات الخدمية ومساءلتها عن نتائجها.",
        "definition_en": "The ability of residents to follow and question the performance of service bodies.",
    }


@pytest.fixture(autouse=True)
def _arabic_by_default():
    """A request in English leaves English active in this thread; reverse() below must give Arabic URLs."""
    with translation.override("ar"):
        yield
