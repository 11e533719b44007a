"""Ideas' services: the phase rules, blocks, pre-moderation, supports (one per person), official answers (with the
draft initiative), threaded comments and their depth, similar ideas, the counts kept on write."""


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from musharaka.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from musharaka.participation import ideas, rules
from musharaka.participation.models import COMMENT_MAX_DEPTH, Activity, Block, Comment, Idea, Support

from .ideas_world import *  # noqa: F403
from .ideas_world import png_bytes

pytestmark = pytest.mark.django_db


def test_a_resident_posts_an_idea_counted_indexed_and_announced(ideas_world):
    idea = ideas_world.idea(axis_id=None, latitude="24.7136", longitude="46.6753")
    process = ideas_world.refresh()
    assert idea.visibility == "visible" and process.idea_count == 1 and process.input_version == 1
    assert Activity.objects.filter(kind="idea_posted", idea=idea).count() == 1
    assert [item.id for item in ideas.similar_ideas(process, "حديقة للأطفال في النرجس")] == [idea.pk]


def test_posting_outside_the_ideas_phase_is_refused(ideas_world):
    ideas_world.set_phase("consultation")
    with pytest.raises(NotPermitted):
        ideas_world.idea()
    assert not Idea.objects.exists()


def test_a_blocked_person_can_neither_post_nor_support(ideas_world):
    idea = ideas_world.idea()
    blocked = ideas_world.make_user()
    Block.objects.create(process=ideas_world.process, user=blocked, reason="إساءة", blocked_by=ideas_world.admin)
    rules.forget_blocks(blocked)
    with pytest.raises(NotPermitted):
        ideas_world.idea(blocked)
    with pytest.raises(NotPermitted):
        ideas.idea_support(actor=blocked, idea=idea)
    with pytest.raises(NotPermitted):
        ideas.comment_create(actor=blocked, idea=idea, body="تعليق")


def test_premoderation_keeps_new_content_pending_uncounted_unindexed(ideas_world):
    process = ideas_world.process
    process.premoderation = True
    process.save()
    idea = ideas_world.idea()
    process.refresh_from_db()
    assert idea.visibility == "pending" and process.idea_count == 0 and process.input_version == 0
    assert not Activity.objects.exists()
    assert ideas.similar_ideas(process, "حديقة عامة للأطفال") == []
    with pytest.raises(NotPermitted):  # only visible ideas are supported
        ideas.idea_support(actor=ideas_world.make_user(), idea=idea)


def test_a_pending_comment_is_not_counted(ideas_world):
    idea = ideas_world.idea()
    ideas_world.process.premoderation = True
    ideas_world.process.save()
    comment = ideas.comment_create(actor=ideas_world.make_user(), idea=idea, body="فكرة جيدة")
    idea.refresh_from_db()
    assert comment.visibility == "pending" and idea.comment_count == 0


@pytest.mark.parametrize("field, value", [("latitude", "91"), ("longitude", "-180.5"), ("latitude", "abc"),
                                          ("latitude", "NaN")])
def test_coordinates_out_of_range_are_refused(ideas_world, field, value):
    other = {"latitude": "24", "longitude": "46"}
    with pytest.raises(InvalidInput) as error:
        ideas_world.idea(**{**other, field: value})
    assert error.value.field == field


def test_only_both_coordinates_or_neither(ideas_world):
    with pytest.raises(InvalidInput):
        ideas_world.idea(latitude="24.5")


def test_a_neighbourhood_outside_the_area_is_refused(ideas_world):
    from musharaka.geo.models import Neighbourhood

    outside = Neighbourhood.objects.create(city=ideas_world.city, name_ar="حي آخر")
    with pytest.raises(InvalidInput) as error:
        ideas_world.idea(neighbourhood_id=outside.pk)
    assert error.value.field == "neighbourhood_id"


def test_an_image_is_reencoded_and_bad_bytes_refused(ideas_world):
    idea = ideas_world.idea(image=SimpleUploadedFile("صورتي.png", png_bytes(), content_type="image/png"))
    assert idea.image and "صورتي" not in idea.image.name
    with pytest.raises(InvalidInput) as error:
        ideas_world.idea(image=SimpleUploadedFile("x.png", b"\x89PNG not really", content_type="image/png"))
    assert error.value.field == "image"
    assert Idea.objects.count() == 1


def test_huge_text_and_bidi_controls(ideas_world):
    with pytest.raises(InvalidInput):
        ideas_world.idea(title="ح" * 10_000)
    idea = ideas_world.idea(title="\u202eحديقة الحي\u202c للأطفال")
    assert "\u202e" not in idea.title


def test_one_support_per_person_and_withdraw(ideas_world):
    idea = ideas_world.idea()
    resident = ideas_world.make_user()
    ideas.idea_support(actor=resident, idea=idea, group="youth")
    with pytest.raises(Conflict):
        ideas.idea_support(actor=resident, idea=idea)
    idea.refresh_from_db()
    assert idea.support_count == 1 and Support.objects.get().group == "youth"
    ideas.idea_unsupport(actor=resident, idea=idea)
    with pytest.raises(NotFound):
        ideas.idea_unsupport(actor=resident, idea=idea)
    idea.refresh_from_db()
    assert idea.support_count == 0
    assert ideas.idea_toggle_support(actor=resident, idea=idea) is True
    assert ideas.idea_toggle_support(actor=resident, idea=idea) is False


def test_the_author_edits_until_the_answer(ideas_world):
    resident = ideas_world.make_user()
    idea = ideas_world.idea(resident)
    ideas.idea_update(actor=resident, idea=idea, data={"title": "حديقة عامة وملعب للأطفال"})
    with pytest.raises(NotPermitted):
        ideas.idea_update(actor=ideas_world.make_user(), idea=idea, data={"title": "عنوان آخر للفكرة"})
    ideas.idea_answer(actor=ideas_world.editor, idea=idea, state="considering")
    idea.refresh_from_db()
    with pytest.raises(NotPermitted):
        ideas.idea_update(actor=resident, idea=idea, data={"title": "عنوان آخر للفكرة"})


def test_an_official_answer_initiative_creates_a_linked_draft(ideas_world):
    from musharaka.notifications.models import Notification

    resident = ideas_world.make_user()
    idea = ideas_world.idea(resident)
    answered = ideas.idea_answer(actor=ideas_world.editor, idea=idea, state="initiative", text="سننفذها")
    initiative = answered.initiative
    assert initiative.status == "draft" and initiative.lead_organization_id == ideas_world.organization.pk
    assert initiative.title_ar == idea.title
    again = ideas.idea_answer(actor=ideas_world.editor, idea=answered, state="initiative", text="ما زلنا ننفذها")
    assert again.initiative_id == initiative.pk
    assert Activity.objects.filter(kind="idea_answered").count() == 2
    assert Notification.objects.filter(user=resident).count() == 2


def test_a_rejection_needs_a_reason_and_residents_cannot_answer(ideas_world):
    idea = ideas_world.idea()
    with pytest.raises(InvalidInput):
        ideas.idea_answer(actor=ideas_world.editor, idea=idea, state="rejected", text="")
    with pytest.raises(InvalidInput):
        ideas.idea_answer(actor=ideas_world.editor, idea=idea, state="merged", text="")
    with pytest.raises(NotPermitted):
        ideas.idea_answer(actor=ideas_world.make_user(), idea=idea, state="accepted")
    answered = ideas.idea_answer(actor=ideas_world.editor, idea=idea, state="rejected", text="خارج نطاق الميزانية")
    assert answered.state == "rejected" and answered.answered_by == ideas_world.editor


def test_comments_thread_with_capped_depth_and_official_flag(ideas_world):
    from musharaka.participation.ideas_selectors import comment_thread

    idea = ideas_world.idea()
    resident = ideas_world.make_user()
    first = ideas.comment_create(actor=resident, idea=idea, body="أؤيد الفكرة")
    parent = first
    for _level in range(COMMENT_MAX_DEPTH + 2):
        parent = ideas.comment_create(actor=resident, idea=idea, body="رد على الرد", parent=parent.pk)
    assert parent.depth == COMMENT_MAX_DEPTH
    official = ideas.comment_create(actor=ideas_world.editor, idea=idea, body="شكرا لكم", parent=first)
    second = ideas.comment_create(actor=resident, idea=idea, body="تعليق ثان")
    assert official.is_official and not first.is_official and official.depth == 1
    thread = comment_thread(idea, None)
    assert thread[0] == first and thread[-1] == second
    assert thread.index(official) > thread.index(first)
    idea.refresh_from_db()
    ideas_world.refresh()
    assert idea.comment_count == COMMENT_MAX_DEPTH + 5 == ideas_world.process.comment_count


def test_a_reply_to_another_ideas_comment_is_refused(ideas_world):
    idea, other = ideas_world.idea(), ideas_world.idea(title="مكتبة عامة في الحي")
    comment = ideas.comment_create(actor=ideas_world.make_user(), idea=other, body="تعليق")
    with pytest.raises(InvalidInput):
        ideas.comment_create(actor=ideas_world.make_user(), idea=idea, body="رد", parent=comment.pk)
    Comment.objects.filter(pk=comment.pk).update(visibility="hidden")
    with pytest.raises(InvalidInput):
        ideas.comment_create(actor=ideas_world.make_user(), idea=other, body="رد", parent=comment.pk)


def test_comments_outside_the_ideas_and_consultation_phases_are_refused(ideas_world):
    idea = ideas_world.idea()
    ideas_world.set_phase("consultation")
    ideas.comment_create(actor=ideas_world.make_user(), idea=idea, body="ما زال النقاش مفتوحا")
    ideas_world.set_phase("voting")
    with pytest.raises(NotPermitted):
        ideas.comment_create(actor=ideas_world.make_user(), idea=idea, body="متأخر")


def test_similar_ideas_fold_arabic_forms(ideas_world):
    first = ideas_world.idea(title="إنارة الشوارع الداخلية في الحي")
    ideas_world.idea(title="مكتبة عامة للقراءة")
    found = ideas.similar_ideas(ideas_world.process, "انارة شوارع الحي الداخليه")
    assert [item.id for item in found] == [first.pk]
    assert ideas.similar_ideas(ideas_world.process, "") == []




def test_a_phase_is_stored_in_utc_whatever_offset_it_was_written_with(ideas_world):
    """RFC 3339 allows offsets PostgreSQL does not take (beyond ±15:59): the moment is kept, in UTC."""
    import datetime

    from musharaka.participation import services

    phase = services.phase_save(actor=ideas_world.admin, process=ideas_world.process, data={
        "kind": "evaluation", "starts_at": "2040-01-01T10:00:00+16:55", "ends_at": "2040-02-01T00:00:00-16:30"})
    phase.refresh_from_db()
    assert phase.starts_at == datetime.datetime(2039, 12, 31, 17, 5, tzinfo=datetime.UTC)
    assert phase.ends_at == datetime.datetime(2040, 2, 1, 16, 30, tzinfo=datetime.UTC)
    with pytest.raises(InvalidInput):
        services.phase_save(actor=ideas_world.admin, process=ideas_world.process, data={
            "kind": "evaluation", "starts_at": "9999-12-31T23:00:00-05:00", "ends_at": "9999-12-31T23:30:00-05:00"})
