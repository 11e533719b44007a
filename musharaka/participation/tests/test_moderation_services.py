"""The moderation part's services: pre-moderation, hide and restore, abuse reports, blocks, merge, follows, and the
audit row every action writes."""

import pytest
from django.urls import NoReverseMatch, reverse

from musharaka.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from musharaka.core.models import SearchEntry
from musharaka.core.permissions import can
from musharaka.participation import moderation
from musharaka.participation.models import (
    AbuseReport,
    AbuseReportStatus,
    Activity,
    ActivityKind,
    Block,
    Comment,
    Follow,
    Idea,
    IdeaState,
    ModerationAction,
    Process,
    Support,
    Visibility,
)
from musharaka.participation.services import IDEA_SEARCH_KIND

pytestmark = pytest.mark.django_db


def indexed(idea) -> bool:
    return SearchEntry.objects.filter(kind=IDEA_SEARCH_KIND, object_id=idea.pk).exists()


def fresh(obj):
    obj.refresh_from_db()
    return obj


def public_ideas(process):
    return Idea.objects.filter(process=process, visibility=Visibility.VISIBLE, merged_into__isnull=True)


# ---------------------------------------------------------------- pre-moderation (the Done-when)


def test_premoderation_hides_a_new_idea_until_approved(mod17_world, mod17_idea, client_for):
    w = mod17_world
    idea = mod17_idea(w.process, w.author, visibility=Visibility.PENDING, title="ممشى مظلل في حي الياسمين")
    process = fresh(w.process)
    version = process.input_version
    assert process.idea_count == 0 and idea not in public_ideas(process) and not indexed(idea)
    assert not Activity.objects.filter(idea=idea).exists()
    try:
        list_url = reverse("participation:idea_list", args=[process.pk])
    except NoReverseMatch:
        list_url = None
    if list_url:  # the ideas part's public list, when it is mounted beside this part
        assert "ممشى مظلل" not in client_for(w.resident).get(list_url).content.decode()

    moderation.idea_moderate(actor=w.coordinator, idea=idea, action="approve")

    process = fresh(w.process)
    assert process.idea_count == 1 and process.input_version == version + 1
    assert fresh(idea).visibility == Visibility.VISIBLE and idea in public_ideas(process) and indexed(idea)
    activity = Activity.objects.get(idea=idea)
    assert activity.kind == ActivityKind.IDEA_POSTED and activity.actor == w.author
    action = ModerationAction.objects.get(idea=idea)
    assert (action.kind, action.moderator, action.subject) == ("approve", w.coordinator, w.author)
    if list_url:
        assert "ممشى مظلل" in client_for(w.resident).get(list_url).content.decode()


def test_premoderation_hides_a_new_comment_until_approved(mod17_world, mod17_idea, mod17_comment):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    comment = mod17_comment(idea, w.resident, visibility=Visibility.PENDING)
    assert (fresh(w.process).comment_count, fresh(idea).comment_count) == (0, 0)
    assert not Comment.objects.filter(idea=idea, visibility=Visibility.VISIBLE).exists()
    moderation.comment_moderate(actor=w.editor, comment=comment, action="approve")
    assert (fresh(w.process).comment_count, fresh(idea).comment_count) == (1, 1)
    assert Activity.objects.get(kind=ActivityKind.COMMENT_POSTED).actor == w.resident
    assert ModerationAction.objects.filter(comment=comment, kind="approve").count() == 1


def test_approve_twice_is_a_conflict(mod17_world, mod17_idea):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    with pytest.raises(Conflict):
        moderation.idea_moderate(actor=w.editor, idea=idea, action="approve")
    assert fresh(w.process).idea_count == 1 and not ModerationAction.objects.exists()


# ---------------------------------------------------------------- hide and restore


def test_hide_and_restore_an_idea_move_the_count_and_the_index(mod17_world, mod17_idea):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    report = moderation.abuse_report_create(actor=w.resident, idea=idea, reason="spam")
    moderation.idea_moderate(actor=w.editor, idea=idea, action="hide", reason="إعلان تجاري")
    assert fresh(w.process).idea_count == 0 and not indexed(idea) and fresh(idea).visibility == "hidden"
    assert fresh(report).status == AbuseReportStatus.ACTED and report.closed_by == w.editor
    with pytest.raises(Conflict):
        moderation.idea_moderate(actor=w.editor, idea=idea, action="hide", reason="مرة أخرى")
    moderation.idea_moderate(actor=w.staff, idea=idea, action="restore", reason="راجعناه فوجدناه سليماً")
    assert fresh(w.process).idea_count == 1 and indexed(idea)
    assert list(ModerationAction.objects.order_by("pk").values_list("kind", "reason")) == [
        ("hide", "إعلان تجاري"), ("restore", "راجعناه فوجدناه سليماً")]


def test_hide_and_restore_a_comment_move_both_counts(mod17_world, mod17_idea, mod17_comment):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    comment = mod17_comment(idea, w.resident)
    moderation.comment_moderate(actor=w.coordinator, comment=comment, action="hide", reason="إساءة")
    assert (fresh(w.process).comment_count, fresh(idea).comment_count) == (0, 0)
    moderation.comment_moderate(actor=w.coordinator, comment=comment, action="restore", reason="خطأ")
    assert (fresh(w.process).comment_count, fresh(idea).comment_count) == (1, 1)
    assert ModerationAction.objects.filter(comment=comment).count() == 2


def test_hiding_pending_content_changes_no_count(mod17_world, mod17_idea):
    w = mod17_world
    idea = mod17_idea(w.process, w.author, visibility=Visibility.PENDING)
    moderation.idea_moderate(actor=w.editor, idea=idea, action="hide", reason="مكرر")
    assert fresh(w.process).idea_count == 0
    moderation.idea_moderate(actor=w.editor, idea=idea, action="restore", reason="بعد المراجعة")
    assert fresh(w.process).idea_count == 1


@pytest.mark.parametrize("reason", ["", "   ", "\u202e\u202e"])
def test_hide_needs_a_reason(mod17_world, mod17_idea, reason):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    with pytest.raises(InvalidInput) as refused:
        moderation.idea_moderate(actor=w.editor, idea=idea, action="hide", reason=reason)
    assert refused.value.field == "reason"
    assert fresh(idea).visibility == "visible" and not ModerationAction.objects.exists()


def test_hostile_reasons(mod17_world, mod17_idea):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    with pytest.raises(InvalidInput):
        moderation.idea_moderate(actor=w.editor, idea=idea, action="hide", reason="x" * 1_001)
    with pytest.raises(InvalidInput):
        moderation.idea_moderate(actor=w.editor, idea=idea, action="hide", reason="a\x00b")
    with pytest.raises(InvalidInput):
        moderation.idea_moderate(actor=w.editor, idea=idea, action="delete", reason="سبب")
    moderation.idea_moderate(actor=w.editor, idea=idea, action="hide", reason="\u202eسبب\u202c مقنع")
    assert ModerationAction.objects.get().reason == "سبب مقنع"


# ---------------------------------------------------------------- who moderates


ROLES = ["editor", "coordinator", "other_coordinator", "staff", "resident", "author", "anonymous"]
MODERATORS = {"editor", "coordinator", "staff"}


def person(w, role):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if role == "anonymous" else getattr(w, role)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_every_action(mod17_world, mod17_idea, mod17_comment, make_user, role):
    w = mod17_world
    user = person(w, role)
    allowed = role in MODERATORS
    assert can(user, "participation.moderate", w.process) is allowed
    pending = mod17_idea(w.process, w.author, visibility=Visibility.PENDING)
    visible = mod17_idea(w.process, w.author, title="مكتبة عامة في الحي")
    target = mod17_idea(w.process, w.author, title="مكتبة للحي")
    comment = mod17_comment(visible, w.author)
    report = AbuseReport.objects.create(process=w.process, idea=visible, reporter=w.resident, reason="spam")
    victim = make_user()
    calls = [
        lambda: moderation.idea_moderate(actor=user, idea=pending, action="approve"),
        lambda: moderation.comment_moderate(actor=user, comment=comment, action="hide", reason="سبب"),
        lambda: moderation.abuse_dismiss(actor=user, report=report),
        lambda: moderation.block_create(actor=user, process=w.process, user=victim, reason="سبب"),
        lambda: moderation.idea_merge(actor=user, source=visible, target=target),
    ]
    for call in calls:
        if allowed:
            call()
        else:
            with pytest.raises(NotPermitted):
                call()
    assert ModerationAction.objects.count() == (len(calls) if allowed else 0)
    if allowed:
        block = Block.objects.get()
        moderation.block_delete(actor=user, block=block, reason="انتهت المدة")
        assert ModerationAction.objects.filter(kind="unblock").count() == 1


# ---------------------------------------------------------------- abuse reports


def test_one_open_report_per_person_and_content(mod17_world, mod17_idea, mod17_comment):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    moderation.abuse_report_create(actor=w.resident, idea=idea, reason="offensive", detail="كلام جارح")
    with pytest.raises(Conflict) as refused:
        moderation.abuse_report_create(actor=w.resident, idea=idea, reason="spam")
    assert refused.value.code == "already_reported"
    moderation.abuse_report_create(actor=w.author, idea=idea, reason="spam")
    comment = mod17_comment(idea, w.author)
    moderation.abuse_report_create(actor=w.resident, comment=comment, reason="personal")
    assert AbuseReport.objects.count() == 3
    dismissed = AbuseReport.objects.get(reporter=w.resident, idea=idea)
    moderation.abuse_dismiss(actor=w.editor, report=dismissed, reason="لا إساءة")
    assert fresh(dismissed).status == "dismissed"
    with pytest.raises(Conflict):
        moderation.abuse_dismiss(actor=w.editor, report=dismissed)
    moderation.abuse_report_create(actor=w.resident, idea=idea, reason="spam")  # a new one, once closed
    assert ModerationAction.objects.get().kind == "dismiss"


def test_reports_are_rate_limited(mod17_world, mod17_idea):
    w = mod17_world
    ideas = [mod17_idea(w.process, w.author, title=f"فكرة {n}") for n in range(moderation.REPORTS_PER_HOUR + 1)]
    for idea in ideas[:-1]:
        moderation.abuse_report_create(actor=w.resident, idea=idea, reason="spam")
    with pytest.raises(moderation.TooManyReports):
        moderation.abuse_report_create(actor=w.resident, idea=ideas[-1], reason="spam")


def test_reports_need_a_signed_in_person_and_visible_content(mod17_world, mod17_idea):
    from django.contrib.auth.models import AnonymousUser

    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    with pytest.raises(NotPermitted):
        moderation.abuse_report_create(actor=AnonymousUser(), idea=idea, reason="spam")
    pending = mod17_idea(w.process, w.author, visibility=Visibility.PENDING)
    with pytest.raises(NotFound):
        moderation.abuse_report_create(actor=w.resident, idea=pending, reason="spam")
    with pytest.raises(InvalidInput):
        moderation.abuse_report_create(actor=w.resident, idea=idea, reason="boring")
    with pytest.raises(InvalidInput):
        moderation.abuse_report_create(actor=w.resident, idea=idea, reason="spam", detail="x" * 1_001)
    assert not AbuseReport.objects.exists()


# ---------------------------------------------------------------- blocks


def test_a_block_stops_posting_and_an_unblock_allows_it_again(mod17_world, mod17_idea):
    w = mod17_world
    idea = mod17_idea(w.process, w.author)
    for permission, obj in [("participation.post_idea", w.process), ("participation.support_idea", idea)]:
        assert can(w.resident, permission, obj)
    block = moderation.block_create(actor=w.coordinator, process=w.process, user=w.resident, reason="إساءة متكررة")
    for permission, obj in [("participation.post_idea", w.process), ("participation.support_idea", idea)]:
        assert not can(w.resident, permission, obj)
    with pytest.raises(Conflict):
        moderation.block_create(actor=w.coordinator, process=w.process, user=w.resident, reason="مرة أخرى")
    moderation.block_delete(actor=w.coordinator, block=block, reason="اعتذر")
    assert can(w.resident, "participation.post_idea", w.process)
    assert list(ModerationAction.objects.order_by("pk").values_list("kind", "subject")) == [
        ("block", w.resident.pk), ("unblock", w.resident.pk)]


def test_no_block_of_oneself_or_of_a_moderator(mod17_world):
    w = mod17_world
    with pytest.raises(Conflict):
        moderation.block_create(actor=w.editor, process=w.process, user=w.editor, reason="سبب")
    with pytest.raises(Conflict):
        moderation.block_create(actor=w.editor, process=w.process, user=w.coordinator, reason="سبب")
    with pytest.raises(InvalidInput):
        moderation.block_create(actor=w.editor, process=w.process, user=w.resident, reason=" ")
    assert not Block.objects.exists() and not ModerationAction.objects.exists()


# ---------------------------------------------------------------- merge


def test_merge_moves_supports_without_counting_people_twice(mod17_world, mod17_idea, mod17_support, make_user):
    w = mod17_world
    source = mod17_idea(w.process, w.author, title="حديقة عامة")
    target = mod17_idea(w.process, w.resident, title="حديقة للحي")
    both, only_source, only_target = make_user(), make_user(), make_user()
    for user in (both, only_source):
        mod17_support(source, user)
    for user in (both, only_target):
        mod17_support(target, user)
    Follow.objects.create(user=both, idea=source)
    Follow.objects.create(user=both, idea=target)
    Follow.objects.create(user=only_source, idea=source)
    version = fresh(w.process).input_version
    moderation.idea_merge(actor=w.editor, source=source, target=target, reason="فكرتان متطابقتان")
    source, target = fresh(source), fresh(target)
    assert target.support_count == 3 == Support.objects.filter(idea=target).count()
    assert source.support_count == 0 and not Support.objects.filter(idea=source).exists()
    assert (source.state, source.merged_into) == (IdeaState.MERGED, target)
    assert set(Follow.objects.filter(idea=target).values_list("user_id", flat=True)) == {both.pk, only_source.pk}
    assert not Follow.objects.filter(idea=source).exists()
    assert not indexed(source) and indexed(target)
    process = fresh(w.process)
    assert process.idea_count == 1 and process.input_version == version + 1
    assert ModerationAction.objects.get().kind == "merge"
    with pytest.raises(Conflict):
        moderation.idea_merge(actor=w.editor, source=source, target=target)


def test_merge_refuses_another_process_and_itself(mod17_world, mod17_idea):
    w = mod17_world
    other = Process.objects.create(organization=w.organization, title_ar="عملية أخرى", region=w.process.region,
                                   status="published")
    source = mod17_idea(w.process, w.author)
    with pytest.raises(InvalidInput):
        moderation.idea_merge(actor=w.editor, source=source, target=mod17_idea(other, w.author))
    with pytest.raises(InvalidInput):
        moderation.idea_merge(actor=w.editor, source=source, target=source)
    hidden = mod17_idea(w.process, w.author, visibility=Visibility.HIDDEN)
    with pytest.raises(Conflict):
        moderation.idea_merge(actor=w.editor, source=source, target=hidden)
    assert not ModerationAction.objects.exists()


# ---------------------------------------------------------------- follows


def test_follow_toggle_keeps_the_process_follower_count(mod17_world, mod17_idea, region):
    from musharaka.geo.models import Neighbourhood

    w = mod17_world
    follow = moderation.follow_toggle(actor=w.resident, kind="process", target_id=w.process.pk)
    assert follow is not None and fresh(w.process).follower_count == 1
    again, created = moderation.follow_create(actor=w.resident, kind="process", target_id=w.process.pk, email=False)
    assert not created and again.pk == follow.pk and fresh(again).email is False
    assert fresh(w.process).follower_count == 1
    assert moderation.follow_toggle(actor=w.resident, kind="process", target_id=w.process.pk) is None
    assert fresh(w.process).follower_count == 0
    idea = mod17_idea(w.process, w.author)
    assert moderation.follow_toggle(actor=w.resident, kind="idea", target_id=idea.pk).idea == idea
    neighbourhood = Neighbourhood.objects.filter(city__region=region).first()
    if neighbourhood is not None:
        assert moderation.follow_toggle(actor=w.resident, kind="neighbourhood",
                                        target_id=neighbourhood.pk).neighbourhood == neighbourhood
    with pytest.raises(InvalidInput):
        moderation.follow_toggle(actor=w.resident, kind="city", target_id=1)
    with pytest.raises(NotFound):
        moderation.follow_toggle(actor=w.resident, kind="idea", target_id=10**9)
    pending = mod17_idea(w.process, w.author, visibility=Visibility.PENDING)
    with pytest.raises(NotFound):
        moderation.follow_toggle(actor=w.resident, kind="idea", target_id=pending.pk)


def test_a_draft_process_cannot_be_followed(mod17_world):
    w = mod17_world
    draft = Process.objects.create(organization=w.organization, title_ar="مسودة", region=w.process.region)
    with pytest.raises(NotFound):
        moderation.follow_toggle(actor=w.resident, kind="process", target_id=draft.pk)
    with pytest.raises(NotPermitted):
        moderation.follow_toggle(actor=w.editor, kind="process", target_id=draft.pk)
