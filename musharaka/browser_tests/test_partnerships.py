"""Done-when of issue #12, in the browser and in Arabic: at the first community participation forum in Al Khobar, the
Eastern Province municipality records, through the pages, its MoU with the waqf company of a sustainability
association and its agreement with Maarif company (the third sample: forum-community-participation-mous.ar.txt),
with commitments for each party; both then appear on the municipality's partnership portfolio and in the register
filtered by the forum."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from musharaka.events import services as events
from musharaka.geo.models import Region
from musharaka.orgs.models import Role, Sector
from musharaka.partnerships.models import Agreement

IN_THE_PRESENCE_OF = ("معالي نائب وزير الشؤون البلدية والقروية والإسكان المهندس عبد الله بن محمد البدير")
WAQF_MOU = "مذكرة تفاهم مع شركة شباب مجتمعي الوقفية التابعة لجمعية استدامة للتنمية المستدامة"
WAQF_OBJECTIVES = ("تعزيز التعاون والعمل المشترك في سبيل الإسهام لتحقيق أهداف التنمية الوطنية، وإطلاق المبادرات النوعية "
                   "وخدمة المجتمع، وتعزيز جودة الأعمال والمشاريع في القطاع غير الربحي ورفع كفاءة مخرجاتها، والتوعية "
                   "ونشر ثقافة التنمية المستدامة.")
MAARIF_AGREEMENT = "اتفاقية تعاون مع شركة معارف"
MAARIF_OBJECTIVES = ("تحقيق أهداف المسؤولية الاجتماعية من خطط واستراتيجيات وبرامج، من خلال الشراكة في تعزيز التعاون "
                     "والعمل المشترك لأهداف التنمية الوطنية، واطلاق المبادرات النوعية وخدمة المجتمع.")


@pytest.fixture
def forum(make_org, make_member):
    """The municipality (its editor records), the waqf company on the platform, and the forum held two days ago."""
    eastern = Region.objects.get(code="SA-04")
    municipality = make_org("أمانة المنطقة الشرقية", sector=Sector.AUTHORITY, region=eastern,
                            name_en="Eastern Province Municipality")
    waqf = make_org("شركة شباب مجتمعي الوقفية", sector=Sector.NONPROFIT, region=eastern)
    editor = make_member(municipality, Role.EDITOR, first_name="سعد", last_name="المالكي")
    start = timezone.now() - datetime.timedelta(days=2)
    event = events.event_create(actor=editor, organization=municipality, data={
        "title_ar": "الملتقى الأول للمشاركة المجتمعية", "kind": "forum", "region": eastern,
        "venue": "فندق حياة جراند بمحافظة الخبر", "starts_at": start, "ends_at": start + datetime.timedelta(days=2),
        "is_published": True})
    return {"municipality": municipality, "waqf": waqf, "editor": editor, "event": event}


def _record_agreement(page, event, *, title, objectives, party_search, other_party_name, role_label_value):
    # From the forum's page: its organiser records what was signed there.
    page.goto(f"/events/{event.pk}/")
    page.get_by_test_id("record-agreement").click()
    expect(page).to_have_url(re.compile(rf"/partnerships/new/\?event={event.pk}$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_test_id("form-event")).to_contain_text("الملتقى الأول للمشاركة المجتمعية")
    form = page.get_by_test_id("agreement-form")
    # Signed at the forum: its venue and date are already there.
    expect(form.locator("#id_signed_place")).to_have_value("فندق حياة جراند بمحافظة الخبر")
    expect(form.locator("#id_event")).to_have_value(str(event.pk))
    form.locator("#id_title_ar").fill(title)
    form.locator("#id_objectives_ar").fill(objectives)
    form.locator("#id_signed_before").fill(IN_THE_PRESENCE_OF)
    # The first party is the recording municipality, prefilled; the second is found by name or typed.
    expect(form.locator("#id_parties-0-organization")).to_contain_text("أمانة المنطقة الشرقية")
    if party_search:
        form.locator("#id_parties-1-organization_search").fill(party_search)
        expect(form.locator("#id_parties-1-organization option", has_text="شركة شباب مجتمعي الوقفية")).to_have_count(1)
        form.locator("#id_parties-1-organization").select_option(label="شركة شباب مجتمعي الوقفية — المنطقة الشرقية")
    else:
        form.locator("#id_parties-1-name_ar").fill(other_party_name)
    form.locator("#id_parties-1-role").select_option(role_label_value)
    form.locator("#id_is_published").check()
    form.get_by_test_id("save").click()
    expect(page.get_by_test_id("agreement-title")).to_have_text(title)
    expect(page.get_by_test_id("signed-before")).to_have_text(IN_THE_PRESENCE_OF)
    expect(page.get_by_test_id("event-link")).to_have_text("الملتقى الأول للمشاركة المجتمعية")


def _add_commitments(page, commitments):
    """(party's label, commitment, due date) — through "save and add another", the last one with "save"."""
    page.get_by_test_id("add-commitment").click()
    for index, (party, title, due_on) in enumerate(commitments):
        form = page.get_by_test_id("commitment-form")
        form.locator("#id_party").select_option(label=party)
        form.locator("#id_title_ar").fill(title)
        form.locator("#id_due_on").fill(due_on)
        last = index == len(commitments) - 1
        form.get_by_test_id("save" if last else "save-another").click()
        if not last:
            expect(page.get_by_test_id("commitment-form").locator("#id_title_ar")).to_have_value("")
    expect(page.get_by_test_id("commitment")).to_have_count(len(commitments))


def test_municipality_records_the_forum_agreements_and_sees_them_on_its_portfolio(signed_in_page, page,
                                                                                 browser_problems, forum):
    municipality, event = forum["municipality"], forum["event"]
    recording = signed_in_page(forum["editor"])
    problems: list[str] = []
    recording.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    recording.on("pageerror", lambda error: problems.append(str(error)))

    _record_agreement(recording, event, title=WAQF_MOU, objectives=WAQF_OBJECTIVES, party_search="شباب مجتمعي",
                      other_party_name="", role_label_value="second_party")
    _add_commitments(recording, [
        ("شركة شباب مجتمعي الوقفية", "إطلاق المبادرات النوعية وخدمة المجتمع", "2027-06-30"),
        ("شركة شباب مجتمعي الوقفية", "التوعية ونشر ثقافة التنمية المستدامة", "2027-12-31"),
        ("أمانة المنطقة الشرقية", "تيسير إجراءات مبادرات الشركة في الأحياء", "2027-03-31"),
    ])
    _record_agreement(recording, event, title=MAARIF_AGREEMENT, objectives=MAARIF_OBJECTIVES, party_search="",
                      other_party_name="شركة معارف", role_label_value="second_party")
    _add_commitments(recording, [
        ("شركة معارف", "تجميل الميادين العامة وأسواق المرافق العامة والمدارس", "2027-09-30"),
        ("أمانة المنطقة الشرقية", "تحديد الميادين والمواقع المستهدفة بالتجميل", "2027-01-31"),
    ])
    assert Agreement.objects.filter(event=event, is_published=True).count() == 2

    # Anyone sees both on the municipality's portfolio, with their commitments, and in the register of the forum.
    page.goto(f"/partnerships/organizations/{municipality.pk}/")
    rows = page.get_by_test_id("agreement-row")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text=WAQF_MOU)).to_contain_text("0 / 3")
    expect(rows.filter(has_text=MAARIF_AGREEMENT)).to_contain_text("0 / 2")
    open_commitments = page.get_by_test_id("open-commitments")
    expect(open_commitments).to_contain_text("تيسير إجراءات مبادرات الشركة في الأحياء")
    expect(open_commitments).to_contain_text("تحديد الميادين والمواقع المستهدفة بالتجميل")
    page.get_by_role("link", name=MAARIF_AGREEMENT).first.click()
    expect(page.get_by_test_id("commitments-party")).to_have_count(2)
    expect(page.get_by_test_id("commitment").filter(has_text="تجميل الميادين العامة")).to_have_count(1)
    expect(page.get_by_test_id("signed-place")).to_have_text("فندق حياة جراند بمحافظة الخبر")

    page.goto(f"/partnerships/?event={event.pk}")
    expect(page.get_by_test_id("filter-event")).to_contain_text("الملتقى الأول للمشاركة المجتمعية")
    expect(page.get_by_test_id("agreement-row")).to_have_count(2)

    # And on the signing event's own page, in Arabic and in English, each with its parties and commitments.
    for prefix, heading in (("", "الاتفاقيات الموقعة في الفعالية"), ("/en", "Agreements signed at the event")):
        page.goto(f"{prefix}/events/{event.pk}/")
        section = page.get_by_test_id("event-agreements")
        expect(section.locator("h2")).to_have_text(heading)
        signed_here = section.get_by_test_id("event-agreement")
        expect(signed_here).to_have_count(2)
        expect(signed_here.filter(has_text=WAQF_MOU)).to_contain_text("شركة شباب مجتمعي الوقفية")
        expect(signed_here.filter(has_text=MAARIF_AGREEMENT)).to_contain_text("شركة معارف")
    expect(page.get_by_test_id("event-agreement").filter(has_text=WAQF_MOU)).to_contain_text("3 commitments")
    page.get_by_role("link", name=WAQF_MOU).click()
    expect(page.get_by_test_id("commitment")).to_have_count(3)
    assert browser_problems == [] and problems == []
