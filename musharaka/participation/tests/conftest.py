import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from musharaka.orgs.models import Role

# ---- moderation17


@dataclass
class Mod17World:
    organization: Any
    editor: Any  # an editor of the process's organisation
    coordinator: Any  # a coordinator of the process's region
    other_coordinator: Any  # a coordinator of another region
    staff: Any
    resident: Any
    author: Any  # the author of the content
    process: Any  # published, pre-moderated, in its ideas phase


@pytest.fixture
def mod17_world(make_org, make_member, make_coordinator, make_user, region, other_region) -> Mod17World:
    from musharaka.participation import services

    organization = make_org("أمانة منطقة الرياض", name_en="Riyadh Municipality")
    editor = make_member(organization, Role.EDITOR, first_name="خالد")
    coordinator = make_coordinator(region, first_name="منى")
    other_coordinator = make_coordinator(other_region, first_name="سالم")
    staff = make_user(is_staff=True, is_superuser=True)
    resident = make_user(first_name="نورة")
    author = make_user(first_name="فهد")
    process = services.process_create(actor=editor, organization=organization, data={
        "title_ar": "تحسين المشهد الحضري في أحياء الرياض", "title_en": "A better urban landscape",
        "region_id": region.pk, "premoderation": True})
    now = timezone.now()
    services.phase_save(actor=editor, process=process, data={
        "kind": "ideas", "starts_at": now - datetime.timedelta(days=2), "ends_at": now + datetime.timedelta(days=20)})
    process = services.process_set_status(actor=editor, process=process, status="published")
    return Mod17World(organization, editor, coordinator, other_coordinator, staff, resident, author, process)


@pytest.fixture
def mod17_idea():
    """An idea written straight to the table, counted the way the ideas part counts it."""
    from musharaka.participation.models import Idea, Process, Visibility
    from musharaka.participation.services import bump, index_idea

    def make(process, author, *, visibility=Visibility.VISIBLE, title="حديقة للأطفال في حي النخيل", **extra):
        idea = Idea.objects.create(process=process, author=author, title=title,
                                   description=extra.pop("description", "نقترح إنشاء حديقة عامة آمنة للأطفال."),
                                   visibility=visibility, **extra)
        if visibility == Visibility.VISIBLE:
            bump(Process, process.pk, idea_count=1)
            index_idea(idea)
        return idea

    return make


@pytest.fixture
def mod17_comment():
    from musharaka.participation.models import Comment, Idea, Process, Visibility
    from musharaka.participation.services import bump

    def make(idea, author, *, visibility=Visibility.VISIBLE, body="فكرة ممتازة وأؤيدها بشدة", parent=None):
        comment = Comment.objects.create(idea=idea, author=author, body=body, visibility=visibility, parent=parent,
                                         depth=(parent.depth + 1) if parent else 0)
        if visibility == Visibility.VISIBLE:
            bump(Process, idea.process_id, comment_count=1)
            bump(Idea, idea.pk, comment_count=1)
        return comment

    return make


@pytest.fixture
def mod17_support():
    from musharaka.participation.models import Idea, Support
    from musharaka.participation.services import bump

    def make(idea, user):
        support = Support.objects.create(idea=idea, user=user)
        bump(Idea, idea.pk, support_count=1)
        return support

    return make


# ---- end moderation17
