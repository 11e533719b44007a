from typing import get_args

from musharaka.initiatives.models import Currency, PartnerRole, Status
from musharaka.initiatives.schemas import CurrencyCode, PartnerRoleCode, StatusCode


def test_code_literals_match_the_model_choices():
    assert set(get_args(StatusCode)) == set(Status.values)
    assert set(get_args(CurrencyCode)) == set(Currency.values)
    assert set(get_args(PartnerRoleCode)) == set(PartnerRole.values)
