"""The plan's reports: the PDF (Arabic shaped right to left by WeasyPrint through core.pdf), the XLSX workbook (a
sheet per part) and the figures of the charts (progress by goal, indicator trends), which the pages also show as
tables."""

import io
import json
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from musharaka.core.i18n import localized
from musharaka.core.pdf import html_to_pdf
from musharaka.initiatives.exchange.spreadsheets import xlsx_value
from musharaka.results.models import Result

from .models import Action, ActionStatus, FundingSource, Goal, GoalRating, ParticipantGroup, PlanStatus, RiskCategory, RiskStatus
from .selectors import PlanPage

TOP_NEEDS = 10


def percent(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


def plain(value: Decimal | None) -> Decimal | None:
    """100.0000 → 100, 12.5000 → 12.5 (kept figures have four places)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _number(value) -> float | None:
    return None if value is None else float(value)


def goal_progress_rows(page: PlanPage) -> list[dict[str, Any]]:
    """Progress by goal: what the chart draws and its table lists."""
    return [{"label": localized(goal, "title"), "percent": percent(goal.progress),
             "actions": len(page.actions_by_goal.get(goal.pk, []))} for goal in page.goals]


def indicator_trends(page: PlanPage) -> list[dict[str, Any]]:
    """Every indicator of the plan's goals and actions with its periods' targets and actual values."""
    trends = []
    owners: list[tuple[Goal | Action, list[Result]]] = [(goal, page.results_by_goal.get(goal.pk, [])) for goal in page.goals]
    owners += [(action, page.results_by_action.get(action.pk, []))
               for goal in page.goals for action in page.actions_by_goal.get(goal.pk, [])]
    for owner, results in owners:
        for result in results:
            for indicator in result.indicators.all():
                if indicator.is_qualitative:
                    continue
                periods = list(indicator.periods.all())
                trends.append({
                    "id": indicator.pk, "title": localized(indicator, "title"), "owner": localized(owner, "title"),
                    "unit": localized(indicator, "unit"), "percentage": indicator.is_percentage,
                    "periods": [{"label": f"{p.start.isoformat()} – {p.end.isoformat()}", "start": p.start,
                                 "end": p.end, "target": plain(p.target_value), "actual": plain(p.actual_value)}
                                for p in periods],
                })
    return trends


def chart_json(page: PlanPage) -> str:
    """The charts' data for static/plans/plan-charts.js (read from a <script type="application/json">)."""
    goals = goal_progress_rows(page)
    return json.dumps({
        "labels": {"progress": _("Progress (%)"), "target": _("Target"), "actual": _("Actual")},
        "goals": {"labels": [row["label"] for row in goals], "values": [row["percent"] for row in goals]},
        "indicators": [{"id": trend["id"], "labels": [p["label"] for p in trend["periods"]],
                        "target": [_number(p["target"]) for p in trend["periods"]],
                        "actual": [_number(p["actual"]) for p in trend["periods"]]}
                       for trend in indicator_trends(page)],
    }, ensure_ascii=False).replace("<", "\\u003c")


# ---------------------------------------------------------------- PDF


def plan_html(page: PlanPage, *, language: str = "ar") -> str:
    with translation.override(language):
        ranked = page.prioritisation.combined[:TOP_NEEDS]
        return render_to_string("plans/plan_pdf.html", {
            "page": page, "plan": page.plan, "language": language, "rtl": language == "ar",
            "goal_rows": goal_progress_rows(page), "percent": percent, "top_needs": ranked,
            "need_rows": page.prioritisation.rows, "printed_on": timezone.localdate(),
            "status_names": dict(PlanStatus.choices), "action_status_names": dict(ActionStatus.choices),
            "funding_names": dict(FundingSource.choices), "risk_category_names": dict(RiskCategory.choices),
            "risk_status_names": dict(RiskStatus.choices),
        })


def plan_pdf(page: PlanPage, *, language: str = "ar") -> bytes:
    """A4 portrait, Arabic shaped right to left (left to right in English)."""
    return html_to_pdf(plan_html(page, language=language))


def pdf_filename(plan) -> str:
    return f"plan-{plan.pk}-v{plan.version}.pdf"


# ---------------------------------------------------------------- XLSX


def plan_xlsx(page: PlanPage) -> bytes:
    """A sheet per part: the plan, goals, actions, indicators, needs (prioritised), risks, reviews are not here (a
    review is prose; the PDF and the page carry it) but their ratings are."""
    plan = page.plan
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def sheet(title: str, header: list[str], rows):
        ws = workbook.create_sheet(title[:31])
        ws.sheet_view.rightToLeft = translation.get_language().startswith("ar")
        ws.freeze_panes = "A2"
        cells = []
        for text in header:
            cell = WriteOnlyCell(ws, value=text)
            cell.font = bold
            cells.append(cell)
        ws.append(cells)
        for row in rows:
            ws.append([xlsx_value(value) for value in row])

    sheet(_("Plan"), [_("Field"), _("Value")], [
        (_("Title"), localized(plan, "title")), (_("Owning authority"), localized(plan.organization)),
        (_("Region"), localized(plan.region)), (_("City or governorate"), localized(plan.city)),
        (_("Neighbourhoods"), "، ".join(localized(n) for n in page.neighbourhoods)),
        (_("Period"), f"{plan.start_year}–{plan.end_year}"), (_("Status"), plan.get_status_display()),
        (_("Version"), plan.version), (_("Vision"), localized(plan, "vision")),
        (_("Progress (%)"), percent(plan.progress)),
        (_("Partners"), "، ".join(localized(p) for p in page.partners)),
    ])
    sheet(_("Goals"), [_("Goal"), _("Progress (%)"), _("Needs it answers"), _("Aligned with")], [
        (localized(goal, "title"), percent(goal.progress), "، ".join(n.title for n in goal.needs.all()),
         "، ".join(f"{a.code} {localized(a)}" for a in goal.alignments.all())) for goal in page.goals])
    action_names, funding_names = dict(ActionStatus.choices), dict(FundingSource.choices)
    sheet(_("Actions"), [_("Goal"), _("Action"), _("Lead organisation"), _("Partners"), _("Budget"), _("Currency"),
                         _("Funding source"), _("Start"), _("End"), _("Status"), _("Progress (%)"),
                         _("Linked initiatives")], [
        (localized(goal, "title"), localized(action, "title"), localized(action.lead_organization),
         "، ".join(localized(p) for p in action.partners.all()), action.budget, action.currency,
         str(funding_names.get(action.funding_source, "")), action.start_date, action.end_date,
         str(action_names.get(action.status, "")), percent(action.progress),
         "، ".join(localized(i, "title") for i in action.initiatives.all()))
        for goal in page.goals for action in page.actions_by_goal.get(goal.pk, [])])
    sheet(_("Indicators"), [_("Indicator"), _("Of"), _("Unit"), _("Period"), _("Target"), _("Actual")], [
        (trend["title"], trend["owner"], trend["unit"], period["label"], period["target"], period["actual"])
        for trend in indicator_trends(page) for period in trend["periods"]])
    rows = page.prioritisation.rows
    groups = list(ParticipantGroup)
    sheet(_("Needs"), [_("Rank"), _("Need"), _("Category"), _("Neighbourhood"), _("Matrix score"), _("Votes"),
                       *[str(group.label) for group in groups], _("Priority")], [
        (item.rank, rows[item.need_id]["title"], localized(rows[item.need_id], "category__name"),
         localized(rows[item.need_id], "neighbourhood__name"), item.matrix, item.votes,
         *[rows[item.need_id][f"votes_{group.value}"] for group in groups], item.priority)
        for item in page.prioritisation.combined])
    category_names, status_names = dict(RiskCategory.choices), dict(RiskStatus.choices)
    sheet(_("Risks"), [_("Risk"), _("Category"), _("Likelihood"), _("Impact"), _("Score"), _("Risk owner"),
                       _("Mitigation"), _("Contingency"), _("Status"), _("Next review"), _("Action")], [
        (risk.title, str(category_names.get(risk.category, "")), risk.likelihood, risk.impact, risk.score, risk.owner,
         risk.mitigation, risk.contingency, str(status_names.get(risk.status, "")), risk.review_date,
         localized(risk.action, "title") if risk.action_id else "") for risk in page.risks])
    rating_names = dict(GoalRating.choices)
    sheet(_("Reviews"), [_("Held on"), _("Kind"), _("Goal"), _("Rating"), _("Comment")], [
        (review.held_on, review.get_kind_display(), localized(rating.goal, "title"),
         str(rating_names.get(rating.rating, "")), rating.comment)
        for review in plan.reviews.prefetch_related("ratings__goal") for rating in review.ratings.all()])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_filename(plan) -> str:
    return f"plan-{plan.pk}-v{plan.version}.xlsx"
