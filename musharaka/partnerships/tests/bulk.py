"""Many organisations and agreements at once, for the network's scale checks and its browser test.

Rows are bulk-created (a few queries for thousands of rows), with the counters the services would keep
(party_count, party_sectors) written directly: the same values services.refresh_counters computes, which a test
checks on a sample.
"""

import datetime
import random

from musharaka.geo.models import Region
from musharaka.orgs.models import Organization, Sector

from ..models import Agreement, AgreementKind, AgreementParty, PartyRole, Stage

SECTORS = list(Sector.values)
KINDS = list(AgreementKind.values)


def bulk_network(*, organizations: int, agreements: int, seed: int = 12, published_share: float = 0.8,
                 regions=None) -> tuple[list[Organization], list[Agreement]]:
    """`organizations` organisations spread over `regions` (all by default) and the five sectors, and
    `agreements` signed agreements between two to four of them (a few popular ones take more, as in life);
    `published_share` of them published."""
    rng = random.Random(seed)
    regions = list(regions or Region.objects.order_by("pk"))
    orgs = Organization.objects.bulk_create([
        Organization(name_ar=f"جهة الشراكة رقم {i}", name_en=f"Partner {i}", sector=SECTORS[i % len(SECTORS)],
                     region=regions[i % len(regions)]) for i in range(organizations)])
    weights = [1 / (1 + i) ** 0.7 for i in range(len(orgs))]  # a long tail: few hubs, many small partners
    start = datetime.date(2025, 1, 1)
    made = []
    chosen_parties = []
    for i in range(agreements):
        count = rng.choice((2, 2, 2, 3, 3, 4))
        parties: list[Organization] = []
        while len(parties) < count:
            org = rng.choices(orgs, weights)[0]
            if org not in parties:
                parties.append(org)
        signed = start + datetime.timedelta(days=rng.randrange(600))
        made.append(Agreement(
            organization=parties[0], kind=KINDS[i % len(KINDS)], title_ar=f"مذكرة تفاهم رقم {i}", stage=Stage.SIGNED,
            signed_on=signed, starts_on=signed, ends_on=signed + datetime.timedelta(days=730),
            is_published=rng.random() < published_share, party_count=len(parties),
            party_sectors=",".join(sorted({org.sector for org in parties}))))
        chosen_parties.append(parties)
    made = Agreement.objects.bulk_create(made, batch_size=2000)
    AgreementParty.objects.bulk_create([
        AgreementParty(agreement=agreement, organization=org, position=position,
                       role=PartyRole.FIRST_PARTY if position == 0 else PartyRole.PARTNER)
        for agreement, parties in zip(made, chosen_parties, strict=True) for position, org in enumerate(parties)
    ], batch_size=5000)
    return orgs, made
