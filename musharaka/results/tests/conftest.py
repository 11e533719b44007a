import datetime
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class ResultsWorld:
    """An approved initiative of an association with one result, and the association's two staff (four eyes)."""

    initiative: Any
    organization: Any
    admin: Any
    editor: Any
    result: Any

    def indicator(self, *, measure="unit", cumulative=False, baseline=None, ascending=True, dimensions=(),
                  periods=((datetime.date(2026, 1, 1), datetime.date(2026, 6, 30), "100"),)):
        from musharaka.results import services
        from musharaka.results.models import Dimension

        indicator = services.indicator_create(actor=self.admin, result=self.result, data={
            "title_ar": "عدد المستفيدين من البرنامج", "measure": measure, "cumulative": cumulative,
            "baseline_value": baseline, "ascending": ascending, "unit_ar": "مستفيد"},
            dimensions=[Dimension.objects.get(code=code) for code in dimensions])
        for start, end, target in periods:
            services.period_create(actor=self.admin, indicator=indicator,
                                   data={"start": start, "end": end, "target_value": target})
        return indicator

    def report(self, period, *, approve=True, breakdown=None, **figures):
        """An update by the editor, submitted, approved by the admin (four eyes) unless approve=False."""
        from musharaka.results import services

        update = services.update_create(actor=self.editor, period=period, data=figures, breakdown=breakdown,
                                        submit=True)
        if approve:
            update = services.update_approve(actor=self.admin, update=update)
        return update


@pytest.fixture
def results_world(make_org, make_member, make_initiative):
    from musharaka.orgs.models import Role
    from musharaka.results import services

    def make(status="approved") -> ResultsWorld:
        organization = make_org("جمعية التنمية الأهلية")
        admin = make_member(organization, Role.ADMIN)
        editor = make_member(organization, Role.EDITOR)
        initiative = make_initiative(organization, status=status, editor=editor)
        result = services.result_create(actor=admin, owner=initiative, data={
            "title_ar": "تحسين مهارات الشباب في الحي", "level": "outcome"})
        return ResultsWorld(initiative=initiative, organization=organization, admin=admin, editor=editor,
                            result=result)

    return make
