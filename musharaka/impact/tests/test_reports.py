import io
import os
import shutil
import subprocess
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from musharaka.core.arabic import normalize
from musharaka.core.tests.pdf_arabic import assert_shaped_arabic, assert_title_flush_right
from musharaka.impact import reports, selectors, services
from musharaka.impact.tests.conftest import EXAMPLE_RATIO

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _with_logic_model(world):
    model = services.logic_model_save(actor=world.editor, owner=world.initiative, data={
        "assumptions_ar": "يستمر الطلب على الوظائف في المنطقة"})
    for stage, text in (("input", "منحة ومرشدون متطوعون"), ("activity", "ورش تدريب مهني"),
                        ("output", "شباب أكملوا التدريب"), ("outcome", "حصول الشباب على عمل"),
                        ("impact", "انخفاض البطالة في الحي")):
        services.logic_item_save(actor=world.editor, logic_model=model, data={"stage": stage, "text_ar": text})
    return model


def _download(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _needs_poppler():
    if not (shutil.which("pdftoppm") and shutil.which("pdftotext")):
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail("poppler-utils is missing (apt-get install poppler-utils); under CI=true the page is drawn")
        pytest.skip("poppler-utils (pdftoppm, pdftotext) is not installed")


def _pdf_text(pdf_path, first=1, last=None) -> str:
    pages = ["-f", str(first)] + (["-l", str(last)] if last else [])
    return subprocess.run(["pdftotext", *pages, str(pdf_path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _words(text: str) -> set[str]:
    # pdftotext gives right-to-left runs in visual order and garbles some ligatures: compare normalised words
    # both ways round.
    words = normalize(text).split()
    return set(words) | {word[::-1] for word in words}


def test_the_arabic_pdf_first_page_is_drawn_and_its_words_read_back(impact_world, client_for, tmp_path):
    from PIL import Image

    _needs_poppler()
    world = impact_world()
    _with_logic_model(world)
    analysis = world.published()
    response = client_for(None).get(reverse("impact:analysis_pdf", args=[analysis.pk]) + "?lang=ar")
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" not in response.get("Cache-Control", "")  # published: anyone may keep it
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(_download(response))

    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    [png] = list(tmp_path.glob("page*.png"))
    image = Image.open(png).convert("L")
    assert sum(image.histogram()[:128]) > image.width * image.height * 0.003  # text was drawn: not blank
    assert_title_flush_right(png)  # right to left: the title against the right margin
    assert_shaped_arabic(pdf)  # joined letters: the page draws them in their contextual forms, in an Arabic font
    first = _words(_pdf_text(pdf, 1, 1))
    assert {normalize(word) for word in ("الاجتماعي", "لبرنامج", "تمكين", "الشباب", "جمعية")} <= first
    assert "2.26" in _pdf_text(pdf, 1, 1)
    everything = _words(_pdf_text(pdf))
    # The logic model, the value map, the investments' volunteer basis and the sensitivity are in the report.
    assert {normalize(word) for word in ("البطالة", "الأسر", "المتطوعين", "المنطقة", "التعادل")} <= everything
    assert normalize("مسودة") not in everything  # published: no draft mark


def test_the_english_pdf_is_left_to_right_and_marks_a_draft(impact_world, client_for, tmp_path):
    _needs_poppler()
    world = impact_world()
    analysis, *_ = world.example(world.analysis(title_en="Youth employment programme"))
    response = client_for(world.editor).get(reverse("impact:analysis_pdf", args=[analysis.pk]) + "?lang=en")
    assert response["Cache-Control"] == "private, no-store"  # a draft
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(_download(response))
    text = " ".join(_pdf_text(pdf).split())  # table headers wrap
    for phrase in ("Youth employment programme", "Social return on investment", "Draft — not reviewed",
                   "1 : 2.26", "Value map", "Sensitivity", "Break-even value", "2,488,485.76", "1,100,000.00"):
        assert phrase in text, phrase
    html = reports.analysis_html(selectors.analysis_page(analysis), owner=world.initiative,
                                 logic_model=None, stages={}, language="en")
    assert 'dir="ltr"' in html and 'lang="en"' in html


def test_the_pdf_and_the_workbook_of_a_draft_are_not_found_by_outsiders(impact_world, client_for):
    world = impact_world()
    analysis, *_ = world.example()
    for name in ("impact:analysis_pdf", "impact:analysis_xlsx"):
        url = reverse(name, args=[analysis.pk])
        assert client_for(None).get(url).status_code == 404
        assert client_for(world.make_user()).get(url).status_code == 404
        assert client_for(world.reviewer).get(url).status_code == 404  # not sent for review yet
        assert client_for(world.admin).get(url).status_code == 200


def _workbook(client, analysis):
    response = client.get(reverse("impact:analysis_xlsx", args=[analysis.pk]))
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(_download(response)))


def _rows(sheet):
    """The data rows (the header skipped), each a tuple of the cells' values."""
    return [row for row in sheet.iter_rows(min_row=2, values_only=True) if any(v is not None for v in row)]


def test_the_ratio_recomputes_from_the_workbook_cells_alone(impact_world, client_for):
    """Only the workbook's input cells: year-1 values, the yearly drop-off, discounting, the present value and the
    ratio by this test's own arithmetic (not sroi's), against the ratio cell and the analysis's kept ratio."""
    world = impact_world()
    analysis = world.published()
    book = _workbook(client_for(None), analysis)
    settings, _stakeholders, investments, outcomes, _years, totals, *_rest = book.worksheets

    rate = D(str(settings.cell(reports.SETTINGS_RATE_ROW, 2).value)) / 100
    assert isinstance(settings.cell(reports.SETTINGS_RATE_ROW, 2).value, float | int)

    def number(row, letter):
        value = row[ord(letter) - ord("A")]
        assert value is None or isinstance(value, int | float), (letter, value)  # numbers, not text
        return D(str(value)) if value is not None else None

    investment = D(0)
    for row in _rows(investments):
        amount, hours, hourly = (number(row, reports.INVESTMENT_COLUMNS[name])
                                 for name in ("amount", "hours", "hourly_value"))
        investment += amount if amount is not None else hours * hourly
    present = D(0)
    for row in _rows(outcomes):
        c = {name: number(row, letter) for name, letter in reports.OUTCOME_COLUMNS.items()}
        value = c["quantity"] * c["proxy"]
        for reduction in ("deadweight", "displacement", "attribution"):
            value = value * (1 - c[reduction] / 100)
        for year in range(1, int(c["duration"]) + 1):
            present += value / (1 + rate) ** year
            value = value * (1 - c["drop_off"] / 100)
    ratio = (present / investment).quantize(D("0.0001"))

    cells = {row[0]: row[1] for row in totals.iter_rows(min_row=2, max_col=2, values_only=True) if row[0]}
    assert investment == D("1100000")
    assert round(present, 2) == D("2488485.76")
    assert ratio == EXAMPLE_RATIO == analysis.ratio
    assert D(str(cells["نسبة العائد الاجتماعي"])) == ratio
    assert totals.cell(5, 2).number_format == reports.RATIO_FORMAT


def test_the_workbook_holds_every_input_and_intermediate_figure(impact_world, client_for):
    world = impact_world()
    analysis, jobs, income = world.example()
    services.stakeholder_save(actor=world.editor, analysis=analysis, data={"name_ar": "=HYPERLINK(\"x\")"})
    book = _workbook(client_for(world.editor), analysis)
    assert len(book.sheetnames) == 8
    settings, stakeholders, investments, outcomes, years, totals, sensitivity, formulas = book.worksheets
    assert settings.sheet_view.rightToLeft
    assert settings.cell(reports.SETTINGS_START_ROW, 2).value == 2026
    # Typed text that a spreadsheet would run as a formula stays text.
    assert [row[1] for row in _rows(stakeholders)] == ["الشباب الباحثون عن عمل", "أسر المشاركين", "'=HYPERLINK(\"x\")"]
    volunteer = _rows(investments)[2]
    assert (volunteer[4], volunteer[5], volunteer[6], volunteer[8]) == (None, 2000, 25, 50000)
    assert investments.cell(2, 9).number_format == reports.MONEY_FORMAT
    first = _rows(outcomes)[0]
    assert first[0] == jobs.pk and first[15] == 1166400 and first[16] == pytest.approx(2404642.06)
    # Years: the jobs outcome lasts three years (30 % drop-off), the families' two; each discounted at 3.5 %.
    rows = _rows(years)
    assert [(row[0], row[2], row[3]) for row in rows] == [
        (jobs.pk, 2026, 1), (jobs.pk, 2027, 2), (jobs.pk, 2028, 3), (income.pk, 2026, 1), (income.pk, 2027, 2)]
    assert rows[1][4] == pytest.approx(1166400 * 0.7)
    assert rows[2][5] == pytest.approx(1 / 1.035 ** 3)
    assert rows[2][6] == pytest.approx(1166400 * 0.49 / 1.035 ** 3)
    assert totals.cell(2, 2).value == pytest.approx(2488485.76)
    assert totals.cell(7, 2).value == pytest.approx(11.2)
    assert totals.cell(8, 1).value is None and totals.cell(9, 1).value == "السنة"  # the yearly totals follow
    assert [totals.cell(row, 1).value for row in (10, 11, 12)] == [2026, 2027, 2028]
    # Sensitivity: every figure of both outcomes and the discount rate, with break-even values.
    runs = _rows(sensitivity)
    assert len(runs) == 2 * 5 + 1
    assert any(row[8] is not None for row in runs)
    # The formulas sheet computes the ratio from the input cells with the spreadsheet's own functions.
    ratio_formula = next(row[1] for row in formulas.iter_rows(values_only=True) if row[0] == "نسبة العائد الاجتماعي")
    assert ratio_formula.startswith("=IF(")
    assert formulas.cell(2, 2).value.startswith("='النتائج'!F2*'النتائج'!H2*(1-'النتائج'!L2/100)")


def _evaluate(book, sheet, reference):
    """A small evaluator of the formulas sheet's own formulas (+ − × ÷ ^, IF, SUM, SUMPRODUCT over cells)."""
    import re

    value = book[sheet][reference].value
    if not (isinstance(value, str) and value.startswith("=")):
        return 0.0 if value in (None, "") else value

    def cell(match):
        return repr(_evaluate(book, match.group(1) or sheet, match.group(2).replace("$", "")))

    def area(match):
        name = match.group(1) or sheet
        cells = book[name][f"{match.group(2)}:{match.group(3)}"]
        return repr([_evaluate(book, name, c.coordinate) for (c,) in cells])

    expression = value[1:]
    expression = re.sub(r"(?:'([^']+)'!)?([A-Z]+\d+):([A-Z]+\d+)", area, expression)
    expression = re.sub(r"(?:'([^']+)'!)?(\$?[A-Z]+\$?\d+)", cell, expression)
    expression = expression.replace("^", "**").replace("<>", "!=").replace('""', "None")
    expression = re.sub(r"(?<![<>!=])=(?!=)", "==", expression)

    def IF(test, then, otherwise):
        return then if test else otherwise

    def SUM(*parts):
        return sum(sum(p) if isinstance(p, list) else p for p in parts)

    def SUMPRODUCT(a, b):
        return sum(x * y for x, y in zip(a, b, strict=True))

    return eval(expression, {"IF": IF, "SUM": SUM, "SUMPRODUCT": SUMPRODUCT})


def test_the_formulas_sheet_recomputes_the_ratio(impact_world, client_for):
    world = impact_world()
    analysis, *_ = world.example()
    book = _workbook(client_for(world.editor), analysis)
    formulas = book.worksheets[-1]
    rows = {row[0].value: row[1].coordinate for row in formulas.iter_rows(max_col=2) if isinstance(row[0].value, str)}
    assert _evaluate(book, formulas.title, rows["مجموع الاستثمار"]) == pytest.approx(1100000)
    assert _evaluate(book, formulas.title, rows["القيمة الحالية للأثر"]) == pytest.approx(2488485.76, abs=0.005)
    assert round(_evaluate(book, formulas.title, rows["نسبة العائد الاجتماعي"]), 4) == float(EXAMPLE_RATIO)


def test_both_downloads_read_in_a_fixed_number_of_queries(impact_world, client_for, django_assert_num_queries):
    """The session and the signed-in user (3), the analysis and the reader's roles (3), the owner, its logic model
    and items (PDF only), stakeholders, investments, outcomes: however many outcomes there are."""
    world = impact_world()
    _with_logic_model(world)
    analysis, jobs, _income = world.example()
    client = client_for(world.editor)
    client.get(reverse("impact:analysis_xlsx", args=[analysis.pk]))  # content types are cached after this
    for more in (0, 8):
        for index in range(more):
            services.outcome_save(actor=world.editor, analysis=analysis, stakeholder=jobs.stakeholder, data={
                "title_ar": f"نتيجة {index}", "quantity": "10", "proxy": "100", "duration": 2})
        with django_assert_num_queries(10):
            assert client.get(reverse("impact:analysis_xlsx", args=[analysis.pk])).status_code == 200
        with django_assert_num_queries(12):
            assert client.get(reverse("impact:analysis_pdf", args=[analysis.pk]) + "?lang=en").status_code == 200
