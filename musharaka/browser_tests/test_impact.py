"""Done-when of issue #15, in the browser and in Arabic: an initiative's editor builds its logic model (an item per
stage, an output measured by an indicator of the results framework) and an SROI analysis (stakeholder groups, cash
and volunteer time, outcomes), and sends it for review; an impact reviewer, in another browser context, comments on
a figure and publishes it; the initiative page shows it; its PDF and XLSX are downloaded through their links. No
console error, no CSP violation.

Every step is clicked on the pages; only the starting world is built through the services (the association, its
editor, the approved initiative with one indicator, the reviewer)."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from musharaka.impact.models import Analysis, AnalysisStatus, Comment, LogicItem
from musharaka.impact.tests.conftest import impact_world  # noqa: F401  (the fixture, shared with the unit tests)

from .test_plans import watch

TITLE = "العائد الاجتماعي لبرنامج تمكين الشباب من العمل"
ITEMS = {"input": "منحة البرنامج وقاعات التدريب", "activity": "ورش تدريب على مهارات العمل",
         "output": "شباب أنهوا التدريب", "outcome": "حصول الشباب على وظائف", "impact": "انخفاض بطالة الشباب في الحي"}


def _indicator(world):
    from musharaka.results import services

    result = services.result_create(actor=world.editor, owner=world.initiative,
                                    data={"title_ar": "تدريب الشباب", "level": "output"})
    return services.indicator_create(actor=world.editor, result=result, data={
        "title_ar": "عدد الشباب المتدربين", "measure": "unit", "unit_ar": "شاب"})


def _fill(page, values: dict):
    for name, value in values.items():
        field = page.locator(f"#id_{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(str(value))
        else:
            field.fill(str(value))


def _save(page, testid: str):
    page.get_by_test_id(testid).get_by_test_id("save").click()


def test_an_sroi_analysis_in_arabic_from_logic_model_to_publication(signed_in_page, impact_world):  # noqa: F811
    world = impact_world()
    indicator = _indicator(world)
    problems: list[str] = []
    editor = watch(signed_in_page(world.editor), problems)

    # The logic model, from the initiative page's section.
    editor.goto(f"/initiatives/{world.initiative.pk}/")
    expect(editor.locator("html")).to_have_attribute("dir", "rtl")
    editor.get_by_test_id("impact-section").get_by_test_id("impact-hub").click()
    expect(editor.get_by_test_id("logic-model")).to_be_visible()
    for stage, text in ITEMS.items():
        editor.get_by_test_id(f"add-{stage}").click()
        _fill(editor, {"text_ar": text})
        if stage == "output":
            _fill(editor, {"indicator": indicator.pk})
        _save(editor, "item-form")
        expect(editor.get_by_test_id(f"stage-{stage}")).to_contain_text(text)
    expect(editor.get_by_test_id("item-indicator")).to_contain_text("عدد الشباب المتدربين")
    editor.get_by_test_id("edit-logic-model").click()
    _fill(editor, {"assumptions_ar": "يستمر تمويل الشركاء ثلاث سنوات", "external_factors_ar": "حال سوق العمل"})
    _save(editor, "logic-model-form")
    expect(editor.get_by_test_id("logic-model")).to_contain_text("يستمر تمويل الشركاء")

    # The analysis: settings, stakeholder groups, investments (cash and volunteer time), outcomes.
    editor.get_by_test_id("new-analysis").click()
    _fill(editor, {"title_ar": TITLE, "kind": "forecast", "currency": "SAR", "discount_rate": "3.5",
                   "start_year": "2026"})
    _save(editor, "analysis-form")
    expect(editor.get_by_test_id("analysis-title")).to_have_text(TITLE)
    for name in ("الشباب الباحثون عن عمل", "أسر المشاركين"):
        editor.get_by_test_id("add-stakeholder").click()
        _fill(editor, {"name_ar": name})
        _save(editor, "stakeholder-form")
    for values in ({"kind": "cash", "description_ar": "منحة البرنامج", "amount": "900000"},
                   {"kind": "in_kind", "description_ar": "قاعات التدريب", "amount": "150000"},
                   {"kind": "volunteer_time", "description_ar": "ساعات المرشدين المتطوعين", "hours": "2000",
                    "hourly_value": "25", "valuation_basis": "متوسط أجر الساعة في المنطقة"}):
        editor.get_by_test_id("add-investment").click()
        _fill(editor, values)
        _save(editor, "investment-form")
    expect(editor.get_by_test_id("investment-row")).to_have_count(3)
    analysis = Analysis.objects.get(title_ar=TITLE)
    groups = list(analysis.stakeholders.order_by("pk"))
    for group, values in ((groups[0], {"title_ar": "حصول الشباب على عمل", "quantity": "120", "proxy": "18000",
                                       "proxy_source": "متوسط الدخل السنوي لأول وظيفة", "duration": "3",
                                       "deadweight": "25", "displacement": "10", "attribution": "20",
                                       "drop_off": "30"}),
                          (groups[1], {"title_ar": "تحسن دخل الأسر", "quantity": "40", "proxy": "2500.50",
                                       "proxy_source": "مسح دخل الأسر", "duration": "2", "deadweight": "10",
                                       "displacement": "0", "attribution": "35", "drop_off": "50"})):
        editor.get_by_test_id("add-outcome").click()
        _fill(editor, {"stakeholder": group.pk, **values})
        _save(editor, "outcome-form")
    expect(editor.get_by_test_id("outcome-row")).to_have_count(2)
    expect(editor.get_by_test_id("ratio")).to_contain_text("1 : 2.26")  # the hand-worked example's 2.2623
    expect(editor.get_by_test_id("sensitivity-table")).to_be_visible()
    editor.get_by_test_id("submit-analysis").click()
    expect(editor.get_by_test_id("analysis-status")).to_have_text("قيد المراجعة")

    # The reviewer comments on the proxy of the first outcome and publishes.
    reviewer = watch(signed_in_page(world.reviewer), problems)
    reviewer.goto("/impact/queue/")
    reviewer.get_by_test_id("impact-queue").get_by_role("link", name=TITLE).click()
    jobs = analysis.outcomes.get(title_ar="حصول الشباب على عمل")
    reviewer.locator("#id_figure").select_option(f"outcome:{jobs.pk}:proxy")
    reviewer.locator("#id_body").fill("البديل المالي مقبول، مصدره مسح الأجور الرسمي")
    reviewer.get_by_test_id("add-comment").click()
    expect(reviewer.get_by_test_id("comment")).to_contain_text("البديل المالي مقبول")
    expect(reviewer.get_by_test_id("figure-comments")).to_have_count(1)
    reviewer.get_by_test_id("publish-analysis").click()
    expect(reviewer.get_by_test_id("analysis-status")).to_have_text("منشور")
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.PUBLISHED and str(analysis.ratio) == "2.2623"
    assert Comment.objects.filter(analysis=analysis, figure=f"outcome:{jobs.pk}:proxy").count() == 1
    assert LogicItem.objects.filter(logic_model__owner_id=world.initiative.pk).count() == 5

    # The initiative page shows it, to everyone.
    reviewer.goto(f"/initiatives/{world.initiative.pk}/")
    section = reviewer.get_by_test_id("impact-section")
    expect(section).to_contain_text(TITLE)
    expect(section).to_contain_text("1 : 2.26")
    section.get_by_role("link", name=TITLE).click()
    expect(reviewer).to_have_url(re.compile(rf"/impact/analyses/{analysis.pk}/$"))

    # The reports, through their links: the Arabic report of this analysis, and the workbook with its ratio.
    with reviewer.expect_download() as pdf:
        reviewer.get_by_test_id("download-pdf").click()
    report = pdf.value.path().read_bytes()
    assert report[:5] == b"%PDF-"
    first_page = PdfReader(io.BytesIO(report)).pages[0].extract_text()
    assert "2.26" in first_page and "تمكين" in first_page
    with reviewer.expect_download() as xlsx:
        reviewer.get_by_test_id("download-xlsx").click()
    workbook = load_workbook(io.BytesIO(xlsx.value.path().read_bytes()))
    totals = {row[0]: row[1] for row in workbook.worksheets[5].iter_rows(min_row=2, max_col=2, values_only=True)
              if row[0]}
    assert str(totals["نسبة العائد الاجتماعي"]) == "2.2623"
    assert [row[2] for row in workbook.worksheets[2].iter_rows(min_row=2, values_only=True) if row[2]] == [
        "منحة البرنامج", "قاعات التدريب", "ساعات المرشدين المتطوعين"]
    assert problems == []
