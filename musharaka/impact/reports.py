"""The impact report of an SROI analysis: a PDF (Arabic shaped right to left by WeasyPrint through core.pdf, or
English left to right) and an XLSX workbook holding every input and every intermediate figure, so that anyone can
check the computation in a spreadsheet.

The workbook's layout is fixed (the formulas sheet and outside checkers address its cells):

- Settings: column B holds the values; row SETTINGS_RATE_ROW the discount rate (%), SETTINGS_START_ROW the first year.
- Stakeholders: one row each.
- Investments: INVESTMENT_COLUMNS (amount, hours, value of an hour, value = amount or hours × value of an hour).
- Outcomes: OUTCOME_COLUMNS (quantity, proxy, duration, deadweight, displacement, attribution, drop-off in percent,
  then the value in year 1 and the present value kept by the analysis).
- Years: per outcome per year: the value, the discount factor 1 ÷ (1 + r)^t, the present value (unrounded).
- Totals: present value, investment, net present value, ratio, net ratio, payback (months); then the yearly totals.
- Sensitivity: the runs of sroi.sensitivity with their break-even values.
- Formulas: the same rules as spreadsheet formulas over the input cells, ending with the ratio.
"""

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from musharaka.core.i18n import localized
from musharaka.core.pdf import html_to_pdf
from musharaka.initiatives.exchange.spreadsheets import xlsx_value

from . import sroi
from .models import (
    Analysis,
    AnalysisKind,
    AnalysisStatus,
    EvidenceGrade,
    InvestmentKind,
    LogicItem,
    LogicModel,
    QuantitySource,
    Stage,
)
from .selectors import AnalysisPage

CONTEXT = "impact report"  # the report's msgids carry this context in impact's .po, apart from the pages' own


def _(message: str) -> str:
    return pgettext(CONTEXT, message)

MONEY_FORMAT = "#,##0.00"
FIGURE_FORMAT = "#,##0.00##"
PERCENT_FORMAT = "0.00"
RATIO_FORMAT = "0.0000"
FACTOR_FORMAT = "0.000000"
INTEGER_FORMAT = "0"

SETTINGS_RATE_ROW = 9
SETTINGS_START_ROW = 10
# Column letters of the inputs (the formulas sheet and the tests address them).
INVESTMENT_COLUMNS = {"amount": "E", "hours": "F", "hourly_value": "G", "value": "I"}
OUTCOME_COLUMNS = {"quantity": "F", "proxy": "H", "duration": "K", "deadweight": "L", "displacement": "M",
                   "attribution": "N", "drop_off": "O", "value_year_one": "P", "present_value": "Q"}


def parameter_names() -> dict[str, str]:
    return {"deadweight": _("Deadweight"), "displacement": _("Displacement"), "attribution": _("Attribution"),
            "drop_off": _("Drop-off"), "proxy": _("Financial proxy"), sroi.DISCOUNT_RATE: _("Discount rate")}


def outcome_names(page: AnalysisPage) -> dict[Any, str]:
    return {line.outcome.pk: localized(line.outcome, "title") for line in page.outcomes}


@dataclass
class YearRow:
    year: int
    value: Decimal  # every outcome's value that year, rounded
    present_value: Decimal
    cumulative: Decimal


def year_rows(page: AnalysisPage) -> list[YearRow]:
    computation, rows, reached = page.computation, [], Decimal(0)
    for index, year in enumerate(page.years):
        reached += computation.yearly_present_values[index]
        rows.append(YearRow(year=year, value=sroi.money(computation.yearly_values[index]),
                            present_value=sroi.money(computation.yearly_present_values[index]),
                            cumulative=sroi.money(reached)))
    return rows


def ratio_text(ratio: Decimal | None) -> str:
    """"1 : 2.26" (what one unit invested returns), or a dash without an investment."""
    return "—" if ratio is None else f"1 : {ratio.quantize(Decimal('0.01'))}"


# ---------------------------------------------------------------- PDF


def analysis_html(page: AnalysisPage, *, owner, logic_model: LogicModel | None,
                  stages: dict[str, list[LogicItem]], language: str = "ar") -> str:
    analysis = page.analysis
    with translation.override(language):
        return render_to_string("impact/analysis_pdf.html", {
            "page": page, "analysis": analysis, "owner": owner, "language": language, "rtl": language == "ar",
            "logic_model": logic_model, "stages": [(Stage(stage).label, items) for stage, items in stages.items()],
            "has_items": any(stages.values()), "years": year_rows(page), "ratio_text": ratio_text,
            "parameter_names": parameter_names(), "outcome_names": outcome_names(page),
            "printed_on": timezone.localdate(), "is_published": analysis.status == AnalysisStatus.PUBLISHED,
            "kind_names": dict(AnalysisKind.choices), "status_names": dict(AnalysisStatus.choices),
            "grade_names": dict(EvidenceGrade.choices), "investment_kind_names": dict(InvestmentKind.choices),
            "money": sroi.money,
        })


def analysis_pdf(page: AnalysisPage, *, owner, logic_model, stages, language: str = "ar") -> bytes:
    """A4 portrait: a title page, then the logic model, the value map, the investments, the years, the totals,
    the rule in words and the sensitivity runs."""
    return html_to_pdf(analysis_html(page, owner=owner, logic_model=logic_model, stages=stages, language=language))


def pdf_filename(analysis: Analysis) -> str:
    return f"sroi-{analysis.pk}-v{analysis.version}.pdf"


def xlsx_filename(analysis: Analysis) -> str:
    return f"sroi-{analysis.pk}-v{analysis.version}.xlsx"


# ---------------------------------------------------------------- XLSX


def _quoted(sheet: Worksheet) -> str:
    return "'" + sheet.title.replace("'", "''") + "'"


class _Sheet:
    """A sheet with a bold header row and typed cells, each number given its format."""

    def __init__(self, workbook: Workbook, title: str, header: list[str], *, rtl: bool, first: bool = False):
        self.ws = workbook.active if first else workbook.create_sheet()
        self.ws.title = title[:31]
        self.ws.sheet_view.rightToLeft = rtl
        self.ws.freeze_panes = "A2"
        self.add([(text, None) for text in header], bold=True)

    def add(self, cells: list[tuple[Any, str | None]], *, bold: bool = False) -> int:
        row = self.ws.max_row + 1 if self.ws.max_row > 1 or self.ws["A1"].value is not None else 1
        if not cells:
            self.ws.cell(row=row, column=1)  # a blank row that still counts
        for column, (value, number_format) in enumerate(cells, start=1):
            cell = self.ws.cell(row=row, column=column, value=xlsx_value(_plain_value(value)))
            if number_format and isinstance(cell.value, int | float | Decimal):
                cell.number_format = number_format
            if bold:
                cell.font = Font(bold=True)
        return row


def _plain_value(value):
    # Lazy translations and choices' labels become text; numbers stay numbers.
    if value is None or isinstance(value, int | float | Decimal | str):
        return value
    if hasattr(value, "isoformat"):
        return value
    return str(value)


def analysis_xlsx(page: AnalysisPage, *, owner) -> bytes:
    analysis, computation = page.analysis, page.computation
    rtl = (translation.get_language() or "ar").startswith("ar")
    workbook = Workbook()
    grades, kinds = dict(EvidenceGrade.choices), dict(InvestmentKind.choices)
    money, figure, percent = MONEY_FORMAT, FIGURE_FORMAT, PERCENT_FORMAT

    settings = _Sheet(workbook, _("Settings"), [_("Field"), _("Value")], rtl=rtl, first=True)
    for label, value, number_format in (
        (_("Title"), localized(analysis, "title"), None),
        (_("Initiative or action"), localized(owner, "title"), None),
        (_("Organisation"), localized(analysis.organization), None),
        (_("Kind"), analysis.get_kind_display(), None),
        (_("Status"), analysis.get_status_display(), None),
        (_("Version"), analysis.version, INTEGER_FORMAT),
        (_("Currency"), analysis.currency, None),
        (_("Discount rate (%)"), analysis.discount_rate, percent),  # row SETTINGS_RATE_ROW
        (_("First year"), analysis.start_year, INTEGER_FORMAT),  # row SETTINGS_START_ROW
        (_("Reductions vary by ± points"), analysis.sensitivity_points, percent),
        (_("Proxies vary by ± %"), analysis.sensitivity_proxy_percent, percent),
        (_("Lowest discount rate (%)"), analysis.sensitivity_rate_low, percent),
        (_("Highest discount rate (%)"), analysis.sensitivity_rate_high, percent),
        (_("Sent for review"), analysis.submitted_at, "yyyy-mm-dd hh:mm"),
        (_("Published"), analysis.published_at, "yyyy-mm-dd hh:mm"),
        (_("Printed on"), timezone.localdate(), "yyyy-mm-dd"),
    ):
        settings.add([(label, None), (value, number_format)])
    settings.ws.column_dimensions["A"].width = 34
    settings.ws.column_dimensions["B"].width = 40

    stakeholders = _Sheet(workbook, _("Stakeholders"), [_("Number"), _("Stakeholder group"),
                                                        _("How they are affected"), _("Number of people")], rtl=rtl)
    for stakeholder in page.stakeholders:
        stakeholders.add([(stakeholder.pk, INTEGER_FORMAT), (localized(stakeholder, "name"), None),
                          (localized(stakeholder, "description"), None), (stakeholder.size, INTEGER_FORMAT)])

    investments = _Sheet(workbook, _("Investments"), [
        _("Number"), _("Kind"), _("Description"), _("Contributed by"), _("Amount"), _("Hours"), _("Value of an hour"),
        _("Valuation basis"), _("Value"), _("Evidence grade")], rtl=rtl)
    for investment in page.investments:
        investments.add([
            (investment.pk, INTEGER_FORMAT), (kinds.get(investment.kind, investment.kind), None),
            (localized(investment, "description"), None), (investment.contributor, None), (investment.amount, money),
            (investment.hours, money), (investment.hourly_value, money), (investment.valuation_basis, None),
            (investment.value, money), (grades.get(investment.grade, ""), None)])

    outcomes = _Sheet(workbook, _("Outcomes"), [
        _("Number"), _("Stakeholder group"), _("Outcome"), _("Quantity from"), _("Indicator"), _("Quantity"),
        _("Unit"), _("Financial proxy"), _("Proxy"), _("Source of the proxy"), _("Duration (years)"),
        _("Deadweight (%)"), _("Displacement (%)"), _("Attribution (%)"), _("Drop-off (%)"), _("Value in year 1"),
        _("Present value"), _("Evidence of the quantity"), _("Evidence of the proxy"),
        _("Evidence of the deadweight"), _("Evidence of the displacement"), _("Evidence of the attribution"),
        _("Evidence of the drop-off")], rtl=rtl)
    sources = dict(QuantitySource.choices)
    for line in page.outcomes:
        o = line.outcome
        outcomes.add([
            (o.pk, INTEGER_FORMAT), (localized(o.stakeholder, "name"), None), (localized(o, "title"), None),
            (sources.get(o.quantity_source, ""), None), (localized(o.indicator, "title") if o.indicator else "", None),
            (o.quantity, figure), (localized(o, "unit"), None), (o.proxy, figure),
            (localized(o, "proxy_description"), None), (o.proxy_source, None), (o.duration, INTEGER_FORMAT),
            (o.deadweight, percent), (o.displacement, percent), (o.attribution, percent), (o.drop_off, percent),
            (sroi.money(line.value.year_one), money), (sroi.money(line.value.present_value), money),
            *[(grades.get(getattr(o, f"{name}_grade"), ""), None)
              for name in ("quantity", "proxy", "deadweight", "displacement", "attribution", "drop_off")]])

    years = _Sheet(workbook, _("Years"), [_("Number"), _("Outcome"), _("Year"), _("Year of the outcome"), _("Value"),
                                          _("Discount factor"), _("Present value")], rtl=rtl)
    rate = analysis.discount_rate
    for line in page.outcomes:
        factors = sroi.discount_factors(rate, len(line.value.years))
        for index, (value, factor, present) in enumerate(
                zip(line.value.years, factors, line.value.present_values, strict=True)):
            years.add([(line.outcome.pk, INTEGER_FORMAT), (localized(line.outcome, "title"), None),
                       (analysis.start_year + index, INTEGER_FORMAT), (index + 1, INTEGER_FORMAT), (value, money),
                       (factor, FACTOR_FORMAT), (present, money)])

    totals = _Sheet(workbook, _("Totals"), [_("Figure"), _("Value")], rtl=rtl)
    for label, value, number_format in (
        (_("Present value of the impact"), computation.present_value, money),
        (_("Total investment"), computation.investment, money),
        (_("Net present value"), computation.net_present_value, money),
        (_("SROI ratio"), computation.ratio, RATIO_FORMAT),
        (_("Net SROI ratio"), computation.net_ratio, RATIO_FORMAT),
        (_("Payback period (months)"), computation.payback_months, "0.0"),
    ):
        totals.add([(label, None), (value, number_format)])
    totals.add([])
    totals.add([(_("Year"), None), (_("Value"), None), (_("Present value"), None),
                (_("Cumulative present value"), None)], bold=True)
    for row in year_rows(page):
        totals.add([(row.year, INTEGER_FORMAT), (row.value, money), (row.present_value, money),
                    (row.cumulative, money)])
    totals.ws.column_dimensions["A"].width = 30

    sensitivity = _Sheet(workbook, _("Sensitivity"), [
        _("Figure"), _("Outcome"), _("Base value"), _("Low value"), _("High value"), _("Ratio at the low value"),
        _("Ratio at the high value"), _("Swing"), _("Break-even value")], rtl=rtl)
    names, titles = parameter_names(), outcome_names(page)
    for run in page.runs:
        number_format = figure if run.parameter == "proxy" else percent
        sensitivity.add([(names[run.parameter], None), (titles.get(run.outcome_key, ""), None),
                         (run.base_value, number_format), (run.low_value, number_format),
                         (run.high_value, number_format), (run.ratio_at_low, RATIO_FORMAT),
                         (run.ratio_at_high, RATIO_FORMAT), (run.swing, RATIO_FORMAT),
                         (run.break_even, number_format)])

    _formulas(workbook, settings.ws, investments.ws, outcomes.ws, len(page.investments), len(page.outcomes), rtl)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORMULAS_TOTAL_ROWS = {"present_value": 0, "investment": 1, "ratio": 2, "net_ratio": 3}  # after the outcomes


def _formulas(workbook, settings, investments, outcomes, investment_count: int, outcome_count: int, rtl: bool):
    """The rules as formulas over the input cells: a spreadsheet recomputes the ratio without this platform."""
    sheet = _Sheet(workbook, _("Formulas"), [_("Number"), _("Value in year 1"), _("Present value")], rtl=rtl)
    ws, settings_name, outcomes_name = sheet.ws, _quoted(settings), _quoted(outcomes)
    rate = f"({settings_name}!$B${SETTINGS_RATE_ROW}/100)"
    for row in range(2, outcome_count + 2):
        def cell(name: str, row=row) -> str:
            return f"{outcomes_name}!{OUTCOME_COLUMNS[name]}{row}"

        year_one = (f"={cell('quantity')}*{cell('proxy')}*(1-{cell('deadweight')}/100)"
                    f"*(1-{cell('displacement')}/100)*(1-{cell('attribution')}/100)")
        # Σ_{t=1..n} v·(1−d)^(t−1) ÷ (1+r)^t is a geometric series of ratio k = (1−d) ÷ (1+r).
        keep = f"((1-{cell('drop_off')}/100)/(1+{rate}))"
        present = (f"=IF({keep}=1,B{row}/(1+{rate})*{cell('duration')},"
                   f"B{row}/(1+{rate})*(1-{keep}^{cell('duration')})/(1-{keep}))")
        # Written as they are: xlsx_value would neutralise a leading "=" (it guards typed text, not these).
        ws.cell(row=row, column=1, value=f"={outcomes_name}!A{row}")
        ws.cell(row=row, column=2, value=year_one).number_format = MONEY_FORMAT
        ws.cell(row=row, column=3, value=present).number_format = MONEY_FORMAT
    last = outcome_count + 1
    investments_name = _quoted(investments)
    columns, end = INVESTMENT_COLUMNS, investment_count + 1
    rows = [
        (_("Present value of the impact"), f"=SUM(C2:C{max(last, 2)})" if outcome_count else "=0", MONEY_FORMAT),
        (_("Total investment"),
         f"=SUM({investments_name}!{columns['amount']}2:{columns['amount']}{max(end, 2)})"
         f"+SUMPRODUCT({investments_name}!{columns['hours']}2:{columns['hours']}{max(end, 2)},"
         f"{investments_name}!{columns['hourly_value']}2:{columns['hourly_value']}{max(end, 2)})", MONEY_FORMAT),
    ]
    first_total = last + 2
    pv, investment = f"B{first_total}", f"B{first_total + 1}"
    rows += [(_("SROI ratio"), f"=IF({investment}>0,{pv}/{investment},\"\")", RATIO_FORMAT),
             (_("Net SROI ratio"), f"=IF({investment}>0,({pv}-{investment})/{investment},\"\")", RATIO_FORMAT)]
    for offset, (label, formula, number_format) in enumerate(rows):
        ws.cell(row=first_total + offset, column=1, value=label).font = Font(bold=True)
        ws.cell(row=first_total + offset, column=2, value=formula).number_format = number_format
    ws.column_dimensions[get_column_letter(1)].width = 30
