"""Moderation in the browser, in Arabic (issue #17's pre-moderation): a coordinator of the region opens the queue of a
pre-moderated process, approves a pending idea and hides a pending comment with a reason, with the keyboard only."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from musharaka.orgs.models import Role
from musharaka.participation import services
from musharaka.participation.models import Comment, Idea, ModerationAction, Visibility


def test_a_moderator_approves_an_idea_and_hides_a_comment(signed_in_page, browser_problems, make_org, make_member,
                                                          make_coordinator, make_user, region):
    organization = make_org("أمانة منطقة الرياض", name_en="Riyadh Municipality")
    editor = make_member(organization, Role.EDITOR, first_name="خالد")
    coordinator = make_coordinator(region, first_name="منى", last_name="الشهري")
    author = make_user(first_name="فهد")
    process = services.process_create(actor=editor, organization=organization, data={
        "title_ar": "تحسين المشهد الحضري في أحياء الرياض", "region_id": region.pk, "premoderation": True})
    now = timezone.now()
    services.phase_save(actor=editor, process=process, data={
        "kind": "ideas", "starts_at": now - datetime.timedelta(days=1), "ends_at": now + datetime.timedelta(days=20)})
    process = services.process_set_status(actor=editor, process=process, status="published")
    idea = Idea.objects.create(process=process, author=author, title="ممشى مظلل في حي الياسمين",
                               description="نقترح ممشى مظللاً بالأشجار", visibility=Visibility.PENDING)
    shown = Idea.objects.create(process=process, author=author, title="حديقة للأطفال",
                                description="حديقة آمنة للأطفال")
    comment = Comment.objects.create(idea=shown, author=author, body="تعليق مسيء ينتظر المراجعة",
                                     visibility=Visibility.PENDING)

    page = signed_in_page(coordinator)
    page.goto(f"/participation/{process.pk}/moderation/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("قائمة الإشراف")
    expect(page.get_by_test_id(f"pending-idea-{idea.pk}")).to_contain_text("ممشى مظلل")

    # Approve, from the keyboard: focus the button and press Enter.
    page.get_by_test_id(f"approve-idea-{idea.pk}").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("queue-empty")).to_be_visible()
    idea.refresh_from_db()
    assert idea.visibility == Visibility.VISIBLE

    # Hide the pending comment with a reason: type it, Tab to the buttons, Enter on "hide".
    page.get_by_text("تعليقات بانتظار الإشراف").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id(f"pending-comment-{comment.pk}")).to_contain_text("تعليق مسيء")
    page.get_by_test_id(f"reason-comment-{comment.pk}").focus()
    page.keyboard.type("إساءة لأحد السكان")
    page.keyboard.press("Tab")  # approve
    page.keyboard.press("Tab")  # hide
    expect(page.get_by_test_id(f"hide-comment-{comment.pk}")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("queue-empty")).to_be_visible()
    comment.refresh_from_db()
    assert comment.visibility == Visibility.HIDDEN

    # Both actions are in the log, with the reason.
    page.goto(f"/participation/{process.pk}/moderation/log/")
    expect(page.get_by_test_id("moderation-log")).to_contain_text("إساءة لأحد السكان")
    assert list(ModerationAction.objects.order_by("pk").values_list("kind", flat=True)) == ["approve", "hide"]
