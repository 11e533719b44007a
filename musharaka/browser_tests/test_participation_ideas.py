"""Ideas of a participatory process in a browser, in Arabic (issue #17, ideas): a resident typing an idea is shown the
similar idea already posted (htmx) and posts their own with the keyboard; another resident supports it; the
organisation answers it officially."""

import re

from playwright.sync_api import expect

from musharaka.participation.tests.ideas_world import *  # noqa: F403


def test_an_idea_is_posted_supported_and_answered(signed_in_page, ideas_world, browser_problems):
    from musharaka.participation import ideas
    from musharaka.participation.models import Idea

    ideas_world.idea(title="إنارة الشوارع الداخلية في الحي")
    pid = ideas_world.process.pk
    page = signed_in_page(ideas_world.make_user(first_name="هيا"))

    page.goto(f"/participation/{pid}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_test_id("phase-now")).to_contain_text("الأفكار")
    page.get_by_test_id("post-idea").click()
    # Written without hamza and with ha for ta marbuta: the same idea.
    page.locator("#id_title").press_sequentially("انارة الشوارع الداخليه", delay=20)
    expect(page.get_by_test_id("similar-idea")).to_have_text("إنارة الشوارع الداخلية في الحي")
    page.locator("#id_title").fill("ممرات مشاة مظللة حول المدارس")
    page.locator("#id_description").fill("ممرات مشاة مظللة وآمنة حول مدارس الحي لحماية الطلاب من الحر")
    page.locator("#id_neighbourhood").select_option(str(ideas_world.neighbourhoods[0].pk))
    page.locator("#id_group").select_option("youth")
    page.get_by_role("button", name="انشر الفكرة").focus()
    page.keyboard.press("Enter")  # the form is sent from the keyboard
    expect(page.locator("h1")).to_have_text("ممرات مشاة مظللة حول المدارس")
    idea = Idea.objects.get(title="ممرات مشاة مظللة حول المدارس")

    other = signed_in_page(ideas_world.make_user(first_name="سعد"))
    other.goto(f"/participation/ideas/{idea.pk}/")
    other.get_by_test_id("support-button").focus()
    other.keyboard.press("Enter")
    expect(other.get_by_test_id("support-count")).to_have_text(re.compile("دعم واحد"))
    expect(other.get_by_test_id("support-button")).to_have_attribute("aria-pressed", "true")

    editor = signed_in_page(ideas_world.editor)
    editor.goto(f"/participation/ideas/{idea.pk}/")
    editor.get_by_test_id("answer-link").click()
    editor.locator("#id_state").select_option("accepted")
    editor.locator("#id_text").fill("ستنفذ الأمانة الممرات في العام القادم")
    editor.get_by_role("button", name="انشر الرد").click()
    expect(editor.get_by_test_id("official-answer")).to_contain_text("ستنفذ الأمانة الممرات في العام القادم")
    idea.refresh_from_db()
    assert (idea.state, idea.support_count) == ("accepted", 1)
    assert ideas.similar_ideas(ideas_world.process, "ممرات مشاة حول المدارس")[0].id == idea.pk
    assert browser_problems == []
