import datetime

import pytest

from musharaka.core.errors import InvalidInput, NotPermitted
from musharaka.orgs.models import Role, Sector
from musharaka.partnerships import services
from musharaka.partnerships.models import (
    AgreementStatus,
    CommitmentStatus,
    PartyRole,
    Renewal,
    Stage,
    derive_status,
)
from musharaka.partnerships.selectors import AgreementFilters, filtered_agreements, status_q, visible_agreements

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(("today", "expected"), [
    (D(2026, 2, 1), AgreementStatus.SIGNED),
    (D(2026, 3, 1), AgreementStatus.ACTIVE),
    (D(2027, 11, 30), AgreementStatus.ACTIVE),
    (D(2027, 12, 1), AgreementStatus.EXPIRING),
    (D(2028, 2, 29), AgreementStatus.EXPIRING),
    (D(2028, 3, 1), AgreementStatus.EXPIRED),
])
def test_status_follows_the_dates_alike_in_python_and_sql(make_agreement, today, expected):
    agreement = make_agreement(starts_on=D(2026, 3, 1), ends_on=D(2028, 2, 29), notice_days=90)
    assert agreement.notice_starts_on == D(2027, 12, 1)
    assert agreement.status(today) == expected
    matching = {status for status in AgreementStatus.values
                if type(agreement).objects.filter(status_q(status, today), pk=agreement.pk).exists()}
    assert matching == {expected}


def test_decided_stages_are_the_status_whatever_the_dates():
    for stage in (Stage.DRAFT, Stage.TERMINATED, Stage.RENEWED):
        assert derive_status(stage=stage, starts_on=None, ends_on=D(2000, 1, 1), notice_starts_on=None,
                             today=D(2026, 1, 1)) == stage


def test_counters_and_sectors_kept_on_write(make_agreement, make_org):
    university = make_org(sector=Sector.ACADEMIC_EXPERT)
    agreement = make_agreement(extra_parties=[services.PartySpec(organization=university, role=PartyRole.PARTNER),
                                              services.PartySpec(name_ar="شركة معارف", role=PartyRole.PARTNER)])
    assert agreement.party_count == 4
    assert agreement.party_sectors == "academic_expert,authority,nonprofit"


def test_signed_agreement_needs_two_parties(make_org, make_member):
    keeper = make_org()
    with pytest.raises(InvalidInput) as error:
        services.agreement_create(actor=make_member(keeper, Role.ADMIN), organization=keeper,
                                  data={"title_ar": "مذكرة تفاهم", "stage": Stage.SIGNED, "signed_on": D(2026, 1, 1)},
                                  parties=[services.PartySpec(organization=keeper)])
    assert error.value.code == "too_few_parties"


def test_keeper_must_be_a_party(make_org, make_member):
    keeper, other = make_org(), make_org()
    with pytest.raises(InvalidInput) as error:
        services.agreement_create(actor=make_member(keeper, Role.ADMIN), organization=keeper,
                                  data={"title_ar": "مذكرة تفاهم"}, parties=[services.PartySpec(organization=other)])
    assert error.value.code == "keeper_not_party"


def test_draft_cannot_be_published(make_agreement):
    with pytest.raises(InvalidInput) as error:
        make_agreement(stage=Stage.DRAFT, is_published=True)
    assert error.value.code == "draft_published"


def test_only_the_keepers_staff_edit(make_agreement, make_org, make_member):
    partner = make_org(sector=Sector.AUTHORITY)
    agreement = make_agreement(partner=partner)
    with pytest.raises(NotPermitted):
        services.agreement_update(actor=make_member(partner, Role.ADMIN), agreement=agreement,
                                  data={"title_ar": "عنوان آخر"})


def test_each_party_follows_up_its_own_commitments_only(make_agreement, make_org, make_member):
    keeper, partner = make_org(), make_org(sector=Sector.AUTHORITY)
    keeper_admin = make_member(keeper, Role.ADMIN)
    agreement = make_agreement(keeper=keeper, partner=partner, actor=keeper_admin)
    keeper_party, partner_party = agreement.parties.order_by("position")
    ours = services.commitment_create(actor=keeper_admin, agreement=agreement, party=keeper_party,
                                      data={"title_ar": "إطلاق مبادرات نوعية", "due_on": D(2026, 9, 1)})
    theirs = services.commitment_create(actor=keeper_admin, agreement=agreement, party=partner_party,
                                        data={"title_ar": "تجميل الميادين العامة", "due_on": D(2026, 9, 1)})
    partner_admin = make_member(partner, Role.ADMIN)
    services.commitment_update_add(actor=partner_admin, commitment=theirs, happened_on=D(2026, 5, 1),
                                   note="تم تجميل ميدانين", status=CommitmentStatus.DONE)
    with pytest.raises(NotPermitted):
        services.commitment_update_add(actor=partner_admin, commitment=ours, happened_on=D(2026, 5, 1),
                                       note="ليس من شأننا", status=CommitmentStatus.DONE)
    agreement.refresh_from_db()
    assert (agreement.commitment_count, agreement.commitments_done) == (2, 1)


def test_drafts_visible_to_parties_only(make_agreement, make_org, make_member, make_user, make_coordinator, region):
    keeper, partner = make_org(), make_org(sector=Sector.AUTHORITY)
    draft = make_agreement(keeper=keeper, partner=partner, stage=Stage.DRAFT)
    published = make_agreement(is_published=True)
    assert set(visible_agreements(make_member(partner, Role.VIEWER))) >= {draft}
    assert draft not in set(visible_agreements(make_user()))
    assert draft not in set(visible_agreements(make_coordinator(region)))
    assert published in set(visible_agreements(None))


def test_register_filters(make_agreement, make_org):
    company = make_org("شركة معارف", sector=Sector.PRIVATE)
    with_company = make_agreement(partner=company, kind="cooperation", is_published=True,
                                  title_ar="اتفاقية تجميل الميادين العامة", ends_on=D(2027, 1, 10))
    other = make_agreement(is_published=True)
    today = D(2026, 12, 1)
    run = lambda **f: set(filtered_agreements(None, AgreementFilters(**f), today=today))  # noqa: E731
    assert run(sector="private") == {with_company}
    assert run(kind="cooperation") == {with_company}
    assert run(expiring_within=60) == {with_company}
    assert run(status="expiring") == {with_company}
    assert run(status="active") == {other}
    assert run(q="الميادين") == {with_company}


def test_renewal_by_decision_carries_open_commitments(make_agreement, make_org, make_member):
    keeper = make_org()
    admin = make_member(keeper, Role.ADMIN)
    agreement = make_agreement(keeper=keeper, actor=admin, renewal=Renewal.BY_DECISION)
    party = agreement.parties.first()
    services.commitment_create(actor=admin, agreement=agreement, party=party, data={"title_ar": "تدريب المتطوعين"})
    new = services.agreement_renew(actor=admin, agreement=agreement, signed_on=D(2028, 1, 15), ends_on=D(2030, 2, 28))
    agreement.refresh_from_db()
    assert agreement.stage == Stage.RENEWED and new.renews_id == agreement.pk
    assert new.starts_on == D(2028, 2, 29) and new.commitment_count == 1 and new.party_count == 2


def test_terminate_and_delete_rules(make_agreement, make_org, make_member):
    keeper = make_org()
    admin = make_member(keeper, Role.ADMIN)
    agreement = make_agreement(keeper=keeper, actor=admin)
    with pytest.raises(InvalidInput):
        services.agreement_delete(actor=admin, agreement=agreement)
    services.agreement_terminate(actor=admin, agreement=agreement, terminated_on=D(2026, 6, 1), reason="اتفاق الطرفين")
    agreement.refresh_from_db()
    assert agreement.status(D(2026, 7, 1)) == AgreementStatus.TERMINATED
