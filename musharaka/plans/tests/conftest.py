import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass
class PlanWorld:
    """A plan built through the services, the people around it, and shortcuts along its cycle."""

    plan: Any
    authority: Any  # the owning authority
    admin: Any  # one of its admins
    editor: Any  # one of its editors (a second person, for the four-eyes approval)
    partner: Any  # a partner association that leads an action
    partner_editor: Any
    coordinator: Any  # the coordinator of the plan's region
    city: Any
    neighbourhoods: list
    make_user: Any = field(repr=False)
    make_org: Any = field(repr=False)
    make_member: Any = field(repr=False)
    make_initiative: Any = field(repr=False)
    goals: list = field(default_factory=list)
    actions: list = field(default_factory=list)

    def refresh(self):
        self.plan.refresh_from_db()
        return self

    def consult(self):
        from musharaka.plans import services

        self.plan = services.plan_move(actor=self.admin, plan=self.plan, target="consultation")
        return self.plan

    def need(self, resident=None, *, title="نقص الإنارة في الشوارع الداخلية", category="infrastructure",
             people_affected=1200, group="other", neighbourhood=None, **extra):
        from musharaka.plans import services
        from musharaka.plans.models import NeedCategory

        resident = resident or self.make_user()
        data = {"title": title, "description": extra.pop("description", f"{title}، ويحتاج الحي إلى معالجة عاجلة"),
                "category": NeedCategory.objects.get(code=category), "people_affected": people_affected,
                "group": group, "neighbourhood": neighbourhood or self.neighbourhoods[0]}
        data.update(extra)
        return services.need_submit(actor=resident, plan=self.plan, data=data)

    def vote(self, need, count: int, group: str = "other"):
        from musharaka.plans import services

        return [services.need_vote(actor=self.make_user(), need=need, group=group) for _ in range(count)]

    def goal(self, title="تحسين جودة الحياة في الأحياء", needs=()):
        from musharaka.plans import services

        goal = services.goal_save(actor=self.admin, plan=self.plan, data={"title_ar": title}, needs=needs)
        self.goals.append(goal)
        return goal

    def action(self, goal, title="تركيب إنارة موفرة للطاقة في الشوارع الداخلية", lead=None, **data):
        from musharaka.plans import services

        data = {"title_ar": title, "lead_organization": lead or self.partner, "budget": "250000.00",
                "funding_source": "municipal", "start_date": datetime.date(2026, 1, 1),
                "end_date": datetime.date(2026, 12, 31), **data}
        action = services.action_save(actor=self.admin, goal=goal, data=data)
        self.actions.append(action)
        return action

    def prepare(self):
        """Vision, one goal and one action: enough to approve."""
        from musharaka.plans import services

        services.plan_set_vision(actor=self.admin, plan=self.plan, data={
            "vision_ar": "مدينة مزدهرة بأحياء آمنة ونابضة بالحياة يشارك سكانها في صنع قرارها"})
        goal = self.goal()
        self.action(goal)
        return goal

    def approve(self, note=""):
        from musharaka.plans import services

        self.plan = services.plan_move(actor=self.admin, plan=self.plan, target="approved", note=note)
        return self.plan

    def indicator(self, owner, *, measure="unit", cumulative=False, baseline=None, target="100", ascending=True,
                  start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31)):
        """A result of the owner with one indicator and one period (by the authority's admin)."""
        from musharaka.results import services

        result = services.result_create(actor=self.admin, owner=owner, data={"title_ar": "نتيجة قابلة للقياس",
                                                                              "level": "output"})
        indicator = services.indicator_create(actor=self.admin, result=result, data={
            "title_ar": "عدد الشوارع المضاءة", "measure": measure, "cumulative": cumulative,
            "baseline_value": baseline, "ascending": ascending, "unit_ar": "شارع"})
        services.period_create(actor=self.admin, indicator=indicator, data={
            "start": start, "end": end, "target_value": target})
        return indicator


@pytest.fixture
def make_plan(make_org, make_member, make_user, make_coordinator, make_initiative, region):
    """A draft plan of a new municipality for a city of the Riyadh region, with two neighbourhoods."""
    from musharaka.geo.models import City, Neighbourhood
    from musharaka.orgs.models import Role, Sector
    from musharaka.plans import services

    def make(*, status: str = "draft", title="خطة التنمية المحلية لمدينة الدرعية 2026–2030") -> PlanWorld:
        authority = make_org("أمانة منطقة الرياض", sector=Sector.AUTHORITY)
        admin = make_member(authority, Role.ADMIN)
        editor = make_member(authority, Role.EDITOR)
        partner = make_org("جمعية البر الأهلية")
        partner_editor = make_member(partner, Role.EDITOR)
        city = City.objects.filter(region=region).first()
        neighbourhoods = [Neighbourhood.objects.get_or_create(city=city, name_ar=name, defaults={"name_en": name_en})[0]
                          for name, name_en in (("حي الروضة", "Al Rawdah"), ("حي النخيل", "Al Nakheel"))]
        plan = services.plan_create(actor=admin, organization=authority, data={
            "title_ar": title, "region": region, "city": city, "start_year": 2026, "end_year": 2030,
            "summary_ar": "خطة أعدت في ورشة عمل بمشاركة الجهات الحكومية والجمعيات والجامعة والقطاع الخاص"},
            neighbourhoods=neighbourhoods)
        world = PlanWorld(plan=plan, authority=authority, admin=admin, editor=editor, partner=partner,
                          partner_editor=partner_editor, coordinator=make_coordinator(region), city=city,
                          neighbourhoods=neighbourhoods, make_user=make_user, make_org=make_org,
                          make_member=make_member, make_initiative=make_initiative)
        if status in ("consultation", "approved"):
            world.consult()
        if status == "approved":
            world.need()
            world.prepare()
            world.approve()
        return world

    return make
