import io

import pytest
from PIL import Image

from musharaka.orgs.models import Membership, Organization, Role, Sector


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 75)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def orgs(make_org, region, other_region):
    return [
        make_org("أمانة منطقة الرياض", sector=Sector.AUTHORITY, name_en="Riyadh Region Municipality"),
        make_org("جمعية البر الخيرية", sector=Sector.NONPROFIT),
        make_org("جامعة الملك سعود", sector=Sector.ACADEMIC_EXPERT),
        make_org("أمانة محافظة جدة", sector=Sector.AUTHORITY, region=other_region),
    ]


def test_list_is_paginated_with_the_envelope(client, orgs):
    response = client.get("/api/v1/organizations?page_size=2")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert body["page"] == 1
    assert body["page_size"] == 2
    assert len(body["results"]) == 2
    assert client.get("/api/v1/organizations?page=2&page_size=2").json()["results"] != body["results"]


def test_list_arabic_is_not_escaped(client, orgs):
    response = client.get("/api/v1/organizations")
    assert "أمانة منطقة الرياض".encode() in response.content


@pytest.mark.parametrize("params", ["page=0", "page_size=101", "page=abc", "sector=martian", "region=x"])
def test_list_bad_parameters_answer_422_with_the_error_shape(client, orgs, params):
    response = client.get(f"/api/v1/organizations?{params}")
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "code"}


def test_list_filters_by_region_and_sector(client, orgs, region):
    body = client.get(f"/api/v1/organizations?region={region.pk}&sector=authority").json()
    assert [item["name_ar"] for item in body["results"]] == ["أمانة منطقة الرياض"]


@pytest.mark.parametrize("query", ["أمانة", "امانه", "أَمَانَة", "امانة", "أمـانـة"])
def test_search_finds_arabic_whatever_the_spelling(client, orgs, query):
    body = client.get("/api/v1/organizations", {"q": query}).json()
    assert {item["name_ar"] for item in body["results"]} == {"أمانة منطقة الرياض", "أمانة محافظة جدة"}


def test_search_combines_with_filters_and_matches_prefixes(client, orgs, region):
    body = client.get("/api/v1/organizations", {"q": "امان الرياض", "region": region.pk}).json()
    assert [item["name_ar"] for item in body["results"]] == ["أمانة منطقة الرياض"]


def test_search_finds_english_names(client, orgs):
    body = client.get("/api/v1/organizations", {"q": "riyadh municipality"}).json()
    assert [item["name_ar"] for item in body["results"]] == ["أمانة منطقة الرياض"]


def test_search_with_fts_operators_is_harmless(client, orgs):
    for query in ['"', "NEAR(", "* OR *", "a:b", "'; DROP TABLE orgs_organization; --"]:
        response = client.get("/api/v1/organizations", {"q": query})
        assert response.status_code == 200


def test_list_runs_a_fixed_number_of_queries(client, make_org, django_assert_max_num_queries):
    for _ in range(30):
        make_org()
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/organizations?page_size=30").json()["results"]) == 30


def test_detail_and_unknown_id(client, orgs):
    assert client.get(f"/api/v1/organizations/{orgs[0].pk}").json()["name_en"] == "Riyadh Region Municipality"
    response = client.get("/api/v1/organizations/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_names_follow_accept_language(client, orgs):
    english = client.get(f"/api/v1/organizations/{orgs[0].pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    arabic = client.get(f"/api/v1/organizations/{orgs[0].pk}", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert english["name"] == "Riyadh Region Municipality"
    assert english["region"]["name"] == "Riyadh"
    assert arabic["name"] == "أمانة منطقة الرياض"
    assert arabic["region"]["name"] == "الرياض"


def test_create_needs_authentication(client, region):
    response = client.post(
        "/api/v1/organizations", {"name_ar": "جمعية", "sector": "nonprofit", "region_id": region.pk},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert not Organization.objects.exists()


def test_create_makes_the_caller_admin(client_for, make_user, region):
    user = make_user()
    payload = {"name_ar": "جمعية أصدقاء البيئة", "sector": "nonprofit", "region_id": region.pk}
    response = client_for(user).post("/api/v1/organizations", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    organization = Organization.objects.get(pk=response.json()["id"])
    assert organization.verified is False
    assert Membership.objects.get(organization=organization).user == user
    assert organization.history.first().history_user == user


def test_create_with_a_city_outside_the_region_is_refused(client_for, make_user, region, other_region):
    city = other_region.cities.first()
    payload = {"name_ar": "جمعية", "sector": "nonprofit", "region_id": region.pk, "city_id": city.pk}
    response = client_for(make_user()).post("/api/v1/organizations", payload, content_type="application/json")
    assert response.status_code == 422
    assert not Organization.objects.exists()


def test_create_with_an_invalid_email_is_refused_and_writes_nothing(client_for, make_user, region):
    payload = {"name_ar": "جمعية", "sector": "nonprofit", "region_id": region.pk, "email": "not-an-email"}
    response = client_for(make_user()).post("/api/v1/organizations", payload, content_type="application/json")
    assert response.status_code == 422
    # Refused by the schema's pattern (the one the document states), naming the field.
    assert [problem["loc"][-1] for problem in response.json()["detail"]] == ["email"]
    assert not Organization.objects.exists()


def test_malformed_json_is_a_clear_error(client_for, make_user):
    response = client_for(make_user()).post(
        "/api/v1/organizations", "{not json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.ADMIN, 200), (Role.EDITOR, 403), (Role.VIEWER, 403), (None, 403)],
)
def test_update_only_by_the_organizations_admin(client_for, make_org, make_member, make_user, role, status):
    organization = make_org()
    user = make_member(organization, role) if role else make_user()
    response = client_for(user).patch(
        f"/api/v1/organizations/{organization.pk}", {"phone": "+966 11 000 0000"}, content_type="application/json"
    )
    assert response.status_code == status
    organization.refresh_from_db()
    assert (organization.phone == "+966 11 000 0000") == (status == 200)


def test_update_by_token(client, make_org, make_member):
    from musharaka.accounts.models import ApiToken

    organization = make_org()
    admin = make_member(organization, Role.ADMIN)
    key = ApiToken.new_key()
    ApiToken.objects.create(user=admin, name="ci", prefix=key[:8], key_hash=ApiToken.hash_key(key))
    response = client.patch(
        f"/api/v1/organizations/{organization.pk}", {"name_en": "Green Friends"},
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 200
    assert response.json()["name_en"] == "Green Friends"


def test_update_with_null_clears_a_text_that_may_be_empty(client_for, make_org, make_member):
    # Found by the API fuzz: "email": null reached the NOT NULL column and answered 500.
    organization = make_org(email="info@example.org", phone="+966 11 000 0000")
    admin = make_member(organization, Role.ADMIN)
    response = client_for(admin).patch(
        f"/api/v1/organizations/{organization.pk}", {"email": None, "phone": None, "city_id": None},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert (response.json()["email"], response.json()["phone"]) == ("", "")
    organization.refresh_from_db()
    assert (organization.email, organization.phone) == ("", "")


@pytest.mark.parametrize("field", ["name_ar", "sector", "region_id"])
def test_update_cannot_clear_a_required_field(client_for, make_org, make_member, field):
    organization = make_org("جمعية الوفاء")
    admin = make_member(organization, Role.ADMIN)
    response = client_for(admin).patch(
        f"/api/v1/organizations/{organization.pk}", {field: None, "phone": "+966 11 000 0001"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    problem = response.json()["detail"][0]
    assert (problem["loc"][-1], problem["msg"]) == (field, "لا يمكن إفراغ هذا الحقل؛ اتركه خارج الطلب لتبقى قيمته.")
    organization.refresh_from_db()
    assert (organization.name_ar, organization.phone) == ("جمعية الوفاء", "")


def test_update_is_searchable_at_once(client_for, make_org, make_member):
    organization = make_org("جمعية")
    admin = make_member(organization, Role.ADMIN)
    client_for(admin).patch(
        f"/api/v1/organizations/{organization.pk}", {"name_ar": "جمعية الإسكان التنموي"},
        content_type="application/json",
    )
    assert client_for().get("/api/v1/organizations", {"q": "الاسكان"}).json()["count"] == 1


def test_logo_upload_accepts_a_real_image(client_for, make_org, make_member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organization = make_org()
    admin = make_member(organization, Role.ADMIN)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = client_for(admin).post(f"/api/v1/organizations/{organization.pk}/logo", {"logo": upload})
    assert response.status_code == 200, response.content
    assert response.json()["logo_url"].endswith(".png")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"%PDF-1.4 not an image at all"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.png", png_bytes()[:40]),  # truncated
    ],
)
def test_logo_upload_refuses_what_is_not_an_image(client_for, make_org, make_member, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = tmp_path
    organization = make_org()
    admin = make_member(organization, Role.ADMIN)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client_for(admin).post(f"/api/v1/organizations/{organization.pk}/logo", {"logo": upload})
    assert response.status_code == 422
    assert response.json()["code"] in {"invalid_image_type", "invalid_image"}
    organization.refresh_from_db()
    assert not organization.logo


def test_logo_upload_refuses_oversize(client_for, make_org, make_member, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LOGO_MAX_BYTES = 1000
    organization = make_org()
    admin = make_member(organization, Role.ADMIN)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("logo.png", png_bytes((400, 400)) + b"\0" * 2000, content_type="image/png")
    response = client_for(admin).post(f"/api/v1/organizations/{organization.pk}/logo", {"logo": upload})
    assert response.status_code == 422
    assert response.json()["code"] == "file_too_large"


def test_verify_by_the_regions_coordinator_only(client_for, make_org, make_coordinator, region, other_region):
    organization = make_org()
    url = f"/api/v1/organizations/{organization.pk}/verify"
    assert client_for(make_coordinator(other_region)).post(url).status_code == 403
    response = client_for(make_coordinator(region)).post(url)
    assert response.status_code == 200
    assert response.json()["verified"] is True


def test_members_add_list_remove(client_for, make_org, make_member, make_user):
    organization = make_org()
    admin = make_member(organization, Role.ADMIN)
    newcomer = make_user("newcomer")
    client = client_for(admin)
    added = client.post(
        f"/api/v1/organizations/{organization.pk}/members", {"user": "newcomer@example.org", "role": "editor"},
        content_type="application/json",
    )
    assert added.status_code == 201
    again = client.post(
        f"/api/v1/organizations/{organization.pk}/members", {"user": "newcomer", "role": "viewer"},
        content_type="application/json",
    )
    assert again.status_code == 409
    # Nobody of that name: the body's value is invalid (422, as the page's form error), the organisation is found.
    unknown = client.post(
        f"/api/v1/organizations/{organization.pk}/members", {"user": "nobody-of-that-name", "role": "viewer"},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (unknown.status_code, unknown.json()) == (
        422, {"detail": "No user has that user name or e-mail.", "code": "user_not_found"}
    )
    members = client.get(f"/api/v1/organizations/{organization.pk}/members").json()
    assert {m["username"]: m["role"] for m in members} == {admin.username: "admin", newcomer.username: "editor"}
    membership_id = added.json()["id"]
    assert client.delete(f"/api/v1/organizations/{organization.pk}/members/{membership_id}").status_code == 204


def test_the_last_admin_cannot_be_removed(client_for, make_org, make_member):
    organization = make_org()
    admin = make_member(organization, Role.ADMIN)
    membership = Membership.objects.get(user=admin)
    response = client_for(admin).delete(f"/api/v1/organizations/{organization.pk}/members/{membership.pk}")
    assert response.status_code == 409
    assert response.json()["code"] == "last_admin"
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_members_are_private(client_for, make_org, make_user):
    organization = make_org()
    response = client_for(make_user()).get(f"/api/v1/organizations/{organization.pk}/members")
    assert response.status_code == 403
    assert response.json() == {"detail": response.json()["detail"], "code": "permission_denied"}


def test_errors_are_translated(client_for, make_org, make_user):
    organization = make_org()
    client = client_for(make_user())
    url = f"/api/v1/organizations/{organization.pk}/members"
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").json()["detail"]
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert english == "You do not have permission to do this."
    assert arabic != english


@pytest.mark.parametrize("query", ["رياض", "الرياض", "والرياض", "منطقه رياض"])
def test_search_ignores_the_definite_article(client, orgs, query):
    body = client.get("/api/v1/organizations", {"q": query}).json()
    assert "أمانة منطقة الرياض" in {item["name_ar"] for item in body["results"]}


def test_search_ranks_better_matches_first(client, make_org):
    make_org("جمعية الرياض للتنمية")
    best = make_org("جمعية تنمية الرياض والتنمية المجتمعية", name_en="development development")
    body = client.get("/api/v1/organizations", {"q": "تنمية"}).json()
    assert body["count"] == 2
    assert body["results"][0]["id"] == best.pk


def test_search_count_is_a_lower_bound_past_the_cap(client, make_org, monkeypatch):
    from musharaka.core import search

    monkeypatch.setattr(search, "CANDIDATES", 2)
    for name in ("جمعية البر", "جمعية الإحسان", "جمعية التنمية"):
        make_org(name)
    body = client.get("/api/v1/organizations", {"q": "جمعيات"}).json()
    assert (body["count"], len(body["results"]), body["count_is_lower_bound"]) == (2, 2, True)
    body = client.get("/api/v1/organizations", {"q": "البر"}).json()
    assert (body["count"], body["count_is_lower_bound"]) == (1, False)
    assert client.get("/api/v1/organizations").json()["count_is_lower_bound"] is False


def test_list_in_english_is_ordered_by_the_english_name(client, make_org):
    zulfi = make_org("أمانة الزلفي", name_en="Al-Zulfi Municipality")
    abha = make_org("بلدية أبها", name_en="Abha Municipality")
    unnamed = make_org("جمعية البر")  # no English name: sorted by its Arabic one, after the Latin names
    english = client.get("/api/v1/organizations", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    arabic = client.get("/api/v1/organizations", HTTP_ACCEPT_LANGUAGE="ar").json()["results"]
    assert [row["id"] for row in english] == [abha.pk, zulfi.pk, unnamed.pk]
    assert [row["id"] for row in arabic] == [zulfi.pk, abha.pk, unnamed.pk]
