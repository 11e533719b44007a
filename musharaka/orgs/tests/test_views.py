import pytest

from musharaka.orgs.models import Organization, Role, Sector


@pytest.fixture
def organization(make_org):
    return make_org("أمانة منطقة الرياض", sector=Sector.AUTHORITY, name_en="Riyadh Region Municipality")


def test_list_page_in_arabic_and_english(client, organization):
    arabic = client.get("/organizations/")
    english = client.get("/en/organizations/")
    assert arabic.status_code == english.status_code == 200
    assert '<html lang="ar" dir="rtl">' in arabic.text
    assert "أمانة منطقة الرياض" in arabic.text
    assert '<html lang="en" dir="ltr">' in english.text
    assert "Riyadh Region Municipality" in english.text


def test_list_page_search_and_facets(client, organization, make_org, other_region):
    make_org("جمعية البر", sector=Sector.NONPROFIT, region=other_region)
    response = client.get("/organizations/", {"q": "امانه"})
    assert [org.pk for org in response.context["page_obj"]] == [organization.pk]
    sectors = {item["value"]: item["count"] for item in response.context["facets"]["sector"]}
    assert sectors[Sector.AUTHORITY] == 1
    assert sectors[Sector.NONPROFIT] == 0


def test_list_page_htmx_returns_only_results(client, organization):
    response = client.get("/organizations/", {"q": "امانه"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.text
    assert "أمانة منطقة الرياض" in response.text


def test_list_page_query_count_does_not_grow_with_rows(client, make_org, django_assert_max_num_queries):
    for _ in range(25):
        make_org()
    with django_assert_max_num_queries(8):
        client.get("/organizations/")


def test_detail_page_shows_dual_dates_and_no_edit_for_visitors(client, organization):
    response = client.get(f"/organizations/{organization.pk}/")
    assert response.status_code == 200
    from django.utils import translation

    from musharaka.core.dates import dual_date

    with translation.override("ar"):
        assert dual_date(organization.created_at) in response.text  # Hijri beside Gregorian
    assert response.context["can_change"] is False
    assert response.context["history"] is None


def test_admin_edits_their_organization(client_for, organization, make_member):
    admin = make_member(organization, Role.ADMIN)
    client = client_for(admin)
    page = client.get(f"/organizations/{organization.pk}/edit/")
    assert page.status_code == 200
    data = {
        "name_ar": "أمانة منطقة الرياض", "name_en": "Riyadh Municipality", "sector": Sector.AUTHORITY,
        "region": organization.region_id, "phone": "0114000000",
    }
    response = client.post(f"/organizations/{organization.pk}/edit/", data)
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name_en == "Riyadh Municipality"
    detail = client.get(f"/organizations/{organization.pk}/")
    history = detail.context["history"]
    assert history[0].who == admin
    assert any(change["new"] == "Riyadh Municipality" for change in history[0].changes)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, None])
def test_others_may_not_edit(client_for, organization, make_member, make_user, role):
    user = make_member(organization, role) if role else make_user()
    client = client_for(user)
    assert client.get(f"/organizations/{organization.pk}/edit/").status_code == 403
    response = client.post(f"/organizations/{organization.pk}/edit/", {"name_ar": "مختطف"})
    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.name_ar == "أمانة منطقة الرياض"


def test_anonymous_edit_goes_to_sign_in(client, organization):
    response = client.get(f"/organizations/{organization.pk}/edit/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_register_an_organization(client_for, make_user, region):
    user = make_user()
    response = client_for(user).post(
        "/organizations/new/", {"name_ar": "جمعية شباب الحي", "sector": Sector.NONPROFIT, "region": region.pk}
    )
    organization = Organization.objects.get(name_ar="جمعية شباب الحي")
    assert response["Location"] == f"/organizations/{organization.pk}/"
    assert organization.memberships.get().user == user


def test_register_with_errors_keeps_the_input(client_for, make_user, region):
    response = client_for(make_user()).post(
        "/organizations/new/", {"name_ar": "جمعية شباب الحي", "sector": Sector.NONPROFIT, "region": region.pk,
                                "email": "nope"}
    )
    assert response.status_code == 200
    assert "جمعية شباب الحي" in response.text
    assert 'aria-invalid="true"' in response.text
    assert not Organization.objects.exists()


def test_members_page_add_and_change_role(client_for, organization, make_member, make_user):
    admin = make_member(organization, Role.ADMIN)
    make_user("salma")
    client = client_for(admin)
    client.post(f"/organizations/{organization.pk}/members/", {"user": "salma", "role": Role.VIEWER})
    membership = organization.memberships.get(user__username="salma")
    client.post(f"/organizations/{organization.pk}/members/{membership.pk}/", {"role": Role.EDITOR})
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


def test_members_page_refused_to_editors(client_for, organization, make_member):
    editor = make_member(organization, Role.EDITOR)
    assert client_for(editor).get(f"/organizations/{organization.pk}/members/").status_code == 403


def test_coordinator_verifies_on_the_page(client_for, organization, make_coordinator, region, other_region):
    assert client_for(make_coordinator(other_region)).post(
        f"/organizations/{organization.pk}/verify/", {"verified": "1"}
    ).status_code == 403
    client_for(make_coordinator(region)).post(f"/organizations/{organization.pk}/verify/", {"verified": "1"})
    organization.refresh_from_db()
    assert organization.verified


def test_forms_carry_csrf_protection(client_for, organization, make_member):
    from django.test import Client

    admin = make_member(organization, Role.ADMIN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    response = client.post(f"/organizations/{organization.pk}/edit/", {"name_ar": "x"})
    assert response.status_code == 403


def test_list_is_alphabetical_in_each_language(client, make_org):
    make_org("بلدية الخبر", name_en="Khobar Municipality")
    make_org("أمانة منطقة الرياض", name_en="Riyadh Region Municipality")
    make_org("جامعة أم القرى", name_en="Umm Al-Qura University")
    arabic = [org.name_ar for org in client.get("/organizations/").context["page_obj"]]
    english = [org.name_en for org in client.get("/en/organizations/").context["page_obj"]]
    assert arabic == ["أمانة منطقة الرياض", "بلدية الخبر", "جامعة أم القرى"]
    assert english == ["Khobar Municipality", "Riyadh Region Municipality", "Umm Al-Qura University"]


def test_list_page_says_more_than_past_the_search_cap(client, make_org, monkeypatch):
    from musharaka.core import search

    monkeypatch.setattr(search, "CANDIDATES", 2)
    for name in ("جمعية البر", "جمعية الإحسان", "جمعية التنمية"):
        make_org(name)
    assert "أكثر من جهتين" in client.get("/organizations/", {"q": "جمعية"}).text
    assert "More than 2 organisations" in client.get("/en/organizations/", {"q": "جمعية"}).text
    assert "جهة واحدة" in client.get("/organizations/", {"q": "البر"}).text
