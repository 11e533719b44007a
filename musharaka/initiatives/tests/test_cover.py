"""Covers are private files: a draft's is shown only to whoever may see the draft; a published one to all, cacheable."""

import importlib
import io
import os
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from musharaka.initiatives import services
from musharaka.initiatives.models import Initiative, Status
from musharaka.orgs.models import Role

pytestmark = pytest.mark.django_db


def image_bytes(fmt: str = "PNG", colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 8), colour).save(buffer, fmt)
    return buffer.getvalue()


def files_under(root) -> list[str]:
    root = Path(root)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def lead(make_org):
    return make_org("جمعية الحي الأخضر")


@pytest.fixture
def editor(lead, make_member):
    return make_member(lead, Role.EDITOR)


def with_cover(initiative, actor, name="غلاف.png", content=None) -> Initiative:
    upload = SimpleUploadedFile(name, content or image_bytes(), content_type="image/png")
    return services.initiative_update(actor=actor, initiative=initiative, data={"cover_image": upload},
                                      expected_version=None)


@pytest.fixture
def draft(make_initiative, lead, editor):
    return with_cover(make_initiative(lead, editor=editor), editor)


def test_draft_cover_answers_404_to_outsiders_and_the_image_to_insiders(
    draft, lead, editor, make_member, make_org, make_user, make_coordinator, platform_admin, other_region, client_for,
):
    outsiders = {
        "anonymous": None,
        "resident": make_user(),
        "other organisation's admin": make_member(make_org(region=other_region), Role.ADMIN),
        "other region's coordinator": make_coordinator(other_region),
    }
    insiders = {
        "editor": editor, "viewer": make_member(lead, Role.VIEWER), "admin": make_member(lead, Role.ADMIN),
        "coordinator": make_coordinator(draft.region), "platform admin": platform_admin,
    }
    stored = draft.cover_image.open("rb").read()
    draft.cover_image.close()

    answers = {who: client_for(user).get(draft.cover_url).status_code for who, user in outsiders.items()}
    assert answers == dict.fromkeys(outsiders, 404)
    for who, user in insiders.items():
        response = client_for(user).get(draft.cover_url)
        assert response.status_code == 200, who
        assert b"".join(response.streaming_content) == stored
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"].startswith("inline")


def test_draft_cover_has_no_public_media_file(draft):
    name = draft.cover_image.name
    assert name.startswith("initiatives/covers/")
    assert files_under(settings.MEDIA_ROOT) == []
    assert not default_storage.exists(name)  # nothing at MEDIA_URL + name
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == [name]
    with pytest.raises(ValueError, match="not accessible via a URL"):
        draft.cover_image.url  # the storage has no public URL to give
    assert draft.cover_url == f"/initiatives/{draft.pk}/cover/{quote(os.path.basename(name))}"


def test_published_cover_is_served_to_everyone_with_caching_headers(
    draft, editor, make_coordinator, client_for, django_assert_max_num_queries,
):
    services.initiative_transition(actor=editor, initiative=draft, action="submit")
    services.initiative_transition(actor=make_coordinator(draft.region), initiative=draft, action="approve")
    anonymous = client_for()

    with django_assert_max_num_queries(1):  # the initiative's row; no roles are read for a published cover
        response = anonymous.get(draft.cover_url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["Content-Type"] == "image/png"
    assert files_under(settings.MEDIA_ROOT) == [] and files_under(settings.PRIVATE_MEDIA_ROOT) == [draft.cover_image.name]


def test_cancelled_initiative_cover_stops_answering_and_leaves_no_file_behind(
    draft, editor, make_coordinator, client_for,
):
    url, name = draft.cover_url, draft.cover_image.name
    services.initiative_transition(actor=editor, initiative=draft, action="submit")
    approved = services.initiative_transition(actor=make_coordinator(draft.region), initiative=draft, action="approve")
    assert client_for().get(url).status_code == 200

    cancelled = services.initiative_transition(actor=editor, initiative=approved, action="cancel")

    assert cancelled.status == Status.CANCELLED and cancelled.cover_url == url
    assert client_for().get(url).status_code == 404
    response = client_for(editor).get(url)
    assert (response.status_code, response["Cache-Control"]) == (200, "private, no-store")
    assert files_under(settings.MEDIA_ROOT) == [] and files_under(settings.PRIVATE_MEDIA_ROOT) == [name]


def test_initiative_returned_to_draft_keeps_its_cover_private(draft, editor, make_coordinator, client_for):
    submitted = services.initiative_transition(actor=editor, initiative=draft, action="submit")
    services.initiative_transition(actor=make_coordinator(draft.region), initiative=submitted, action="reject",
                                   reason="الصورة غير واضحة")

    assert client_for().get(draft.cover_url).status_code == 404
    assert client_for(editor).get(draft.cover_url).status_code == 200


def test_replaced_cover_old_url_answers_404(draft, editor, client_for):
    old_url = draft.cover_url
    updated = with_cover(draft, editor, content=image_bytes(colour=(10, 10, 200)))

    assert updated.cover_url != old_url
    assert client_for(editor).get(old_url).status_code == 404
    assert client_for(editor).get(updated.cover_url).status_code == 200


def test_cover_url_with_another_initiatives_file_name_answers_404(draft, make_initiative, lead, editor, client_for):
    other = make_initiative(lead, editor=editor)
    url = reverse("initiatives:cover", kwargs={"initiative_id": other.pk,
                                               "filename": os.path.basename(draft.cover_image.name)})
    assert client_for(editor).get(url).status_code == 404


def test_cover_content_type_comes_from_the_stored_bytes(make_initiative, lead, editor, client_for):
    initiative = with_cover(make_initiative(lead, editor=editor), editor, name="cover.png",
                            content=image_bytes("JPEG"))
    assert client_for(editor).get(initiative.cover_url)["Content-Type"] == "image/jpeg"


def test_api_and_page_show_the_checked_cover_url(draft, editor, client_for):
    client = client_for(editor)

    api_answer = client.get(f"/api/v1/initiatives/{draft.pk}").json()
    page = client.get(f"/initiatives/{draft.pk}/").content.decode()

    assert api_answer["cover_image_url"] == draft.cover_url
    assert f'src="{draft.cover_url}"' in page
    assert settings.MEDIA_URL not in page.split('class="initiative-cover', 1)[1].split(">", 1)[0]


def test_api_without_a_cover_answers_null(make_initiative, lead, editor, client_for):
    initiative = make_initiative(lead, editor=editor)
    assert client_for(editor).get(f"/api/v1/initiatives/{initiative.pk}").json()["cover_image_url"] is None


def test_migration_moves_existing_public_covers_into_the_private_storage(draft, make_initiative, lead, editor):
    migration = importlib.import_module("musharaka.initiatives.migrations.0005_cover_private_storage")
    name = draft.cover_image.name
    # As before the migration: the cover under MEDIA_ROOT, and another file holding its name in the private folder.
    public_path = Path(settings.MEDIA_ROOT) / name
    public_path.parent.mkdir(parents=True)
    shutil.move(Path(settings.PRIVATE_MEDIA_ROOT) / name, public_path)
    second = with_cover(make_initiative(lead, editor=editor), editor, name="ثانية.png")
    second_name = second.cover_image.name
    shutil.move(Path(settings.PRIVATE_MEDIA_ROOT) / second_name, Path(settings.MEDIA_ROOT) / second_name)
    (Path(settings.PRIVATE_MEDIA_ROOT) / name).write_bytes(b"someone else's file")

    migration.covers_to_private(apps, None)

    draft.refresh_from_db()
    second.refresh_from_db()
    assert files_under(settings.MEDIA_ROOT) == []
    assert second.cover_image.name == second_name
    assert draft.cover_image.name != name  # the free name the private folder gave it, written to the row
    assert draft.history.filter(cover_image=name).count() == 0
    assert sorted(files_under(settings.PRIVATE_MEDIA_ROOT)) == sorted([name, draft.cover_image.name, second_name])
    assert Image.open(draft.cover_image.open("rb")).size == (16, 8)
    draft.cover_image.close()

    migration.covers_to_public(apps, None)  # and back

    assert sorted(files_under(settings.MEDIA_ROOT)) == sorted([draft.cover_image.name, second_name])


def test_edit_form_links_the_current_cover_to_the_checked_url(draft, editor, client_for):
    page = client_for(editor).get(f"/initiatives/{draft.pk}/edit/")

    assert page.status_code == 200
    assert f'href="{draft.cover_url}"' in page.content.decode()
