import datetime

import pytest


@pytest.fixture
def make_agreement(make_org, make_member):
    """An agreement made through the services: recorded by `keeper` (a new non-profit unless given) with
    `partner` (a new municipality unless given), signed unless stage="draft"."""
    from musharaka.orgs.models import Role, Sector
    from musharaka.partnerships import services
    from musharaka.partnerships.models import PartyRole, Stage

    def make(*, keeper=None, partner=None, actor=None, stage=Stage.SIGNED, extra_parties=(), **data):
        keeper = keeper or make_org(sector=Sector.NONPROFIT)
        partner = partner or make_org("أمانة المنطقة الشرقية", sector=Sector.AUTHORITY)
        actor = actor or make_member(keeper, Role.ADMIN)
        values = {"title_ar": "مذكرة تفاهم للتعاون المشترك", "stage": stage,
                  "signed_on": datetime.date(2026, 3, 1) if stage != Stage.DRAFT else None,
                  "starts_on": datetime.date(2026, 3, 1), "ends_on": datetime.date(2028, 2, 28)}
        values.update(data)
        parties = [services.PartySpec(organization=keeper, role=PartyRole.SECOND_PARTY),
                   services.PartySpec(organization=partner, role=PartyRole.FIRST_PARTY), *extra_parties]
        return services.agreement_create(actor=actor, organization=keeper, data=values, parties=parties)

    return make
