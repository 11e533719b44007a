from dataclasses import dataclass
from decimal import Decimal as D
from typing import Any

import pytest


@dataclass
class ImpactWorld:
    """An approved initiative of an association, its two staff, and an independent impact reviewer."""

    initiative: Any
    organization: Any
    admin: Any
    editor: Any
    reviewer: Any
    make_user: Any

    def analysis(self, **data):
        from musharaka.impact import services

        fields = {"title_ar": "العائد الاجتماعي لبرنامج تمكين الشباب", "kind": "forecast", "currency": "SAR",
                  "discount_rate": "3.5", "start_year": 2026}
        fields.update(data)
        return services.analysis_create(actor=self.editor, owner=self.initiative, data=fields)

    def example(self, analysis=None):
        """The hand-worked example of test_sroi: ratio 2.2623, present value 2,488,485.76 on 1,100,000."""
        from musharaka.impact import services

        analysis = analysis or self.analysis()
        youth = services.stakeholder_save(actor=self.editor, analysis=analysis, data={
            "name_ar": "الشباب الباحثون عن عمل", "size": 120})
        families = services.stakeholder_save(actor=self.editor, analysis=analysis, data={"name_ar": "أسر المشاركين"})
        for data in ({"kind": "cash", "description_ar": "منحة البرنامج", "amount": "900000"},
                     {"kind": "in_kind", "description_ar": "قاعات التدريب", "amount": "150000"},
                     {"kind": "volunteer_time", "description_ar": "ساعات المرشدين المتطوعين", "hours": "2000",
                      "hourly_value": "25", "valuation_basis": "متوسط أجر الساعة في المنطقة"}):
            services.investment_save(actor=self.editor, analysis=analysis, data=data)
        jobs = services.outcome_save(actor=self.editor, analysis=analysis, stakeholder=youth, data={
            "title_ar": "حصول الشباب على عمل", "quantity": "120", "proxy": "18000",
            "proxy_source": "متوسط الدخل السنوي لأول وظيفة", "duration": 3, "deadweight": "25",
            "displacement": "10", "attribution": "20", "drop_off": "30"})
        income = services.outcome_save(actor=self.editor, analysis=analysis, stakeholder=families, data={
            "title_ar": "تحسن دخل الأسر", "quantity": "40", "proxy": "2500.50", "proxy_source": "مسح دخل الأسر",
            "duration": 2, "deadweight": "10", "displacement": "0", "attribution": "35", "drop_off": "50"})
        analysis.refresh_from_db()
        return analysis, jobs, income

    def reviewed(self):
        """The example sent for review by the editor."""
        from musharaka.impact import services

        analysis, *_ = self.example()
        return services.analysis_submit(actor=self.editor, analysis=analysis)

    def published(self):
        from musharaka.impact import services

        return services.analysis_publish(actor=self.reviewer, analysis=self.reviewed())


@pytest.fixture
def impact_world(make_org, make_member, make_user, make_initiative):
    from musharaka.impact.models import Reviewer
    from musharaka.orgs.models import Role

    def make(status="approved") -> ImpactWorld:
        organization = make_org("جمعية تمكين الشباب")
        admin = make_member(organization, Role.ADMIN)
        editor = make_member(organization, Role.EDITOR)
        initiative = make_initiative(organization, status=status, editor=editor)
        reviewer = make_user()
        Reviewer.objects.create(user=reviewer, note="محلل معتمد للعائد الاجتماعي")
        return ImpactWorld(initiative=initiative, organization=organization, admin=admin, editor=editor,
                           reviewer=reviewer, make_user=make_user)

    return make


EXAMPLE_RATIO = D("2.2623")
