import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _arabic_by_default():
    """A request in English leaves English active in this thread; reverse() below must give Arabic URLs."""
    with translation.override("ar"):
        yield
