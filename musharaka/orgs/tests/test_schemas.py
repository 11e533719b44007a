from typing import get_args

from musharaka.orgs.models import Role, Sector
from musharaka.orgs.schemas import RoleCode, SectorCode


def test_code_literals_match_the_model_choices():
    assert set(get_args(SectorCode)) == set(Sector.values)
    assert set(get_args(RoleCode)) == set(Role.values)
