import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone


@dataclass
class AwardWorld:
    """A cycle built through the services, with the people around it and shortcuts along its phases."""

    programme: Any
    cycle: Any
    category: Any
    criteria: list
    question: Any
    organiser: Any  # the organising organisation
    organiser_admin: Any  # one of its admins
    make_org: Any = field(repr=False)
    make_member: Any = field(repr=False)
    make_user: Any = field(repr=False)
    make_initiative: Any = field(repr=False)
    judges: list = field(default_factory=list)

    def refresh(self):
        self.cycle.refresh_from_db()
        self.category.refresh_from_db()
        return self

    def apply(self, organization=None, *, editor=None, submit: bool = True, initiative=None, **data):
        """An application by a new (or the given) organisation with a new approved initiative of its own."""
        from musharaka.awards import services
        from musharaka.orgs.models import Role

        organization = organization or self.make_org()
        editor = editor or self.make_member(organization, Role.EDITOR)
        if initiative is None and self.category.needs_initiative:
            initiative = self.make_initiative(organization, status="approved", editor=editor)
        application = services.application_create(
            actor=editor, category=self.category, organization=organization, initiative=initiative, data=data,
            answers={str(self.question.pk): "أثر المبادرة واضح في الحي وعدد المستفيدين كبير"})
        if submit:
            application = services.application_submit(actor=editor, application=application)
        application.editor = editor  # type: ignore[attr-defined]  # the tests act as this applicant
        return application

    def invite_judges(self, count: int, *, users=None):
        """`count` judges who accepted, seated on round 1 of the category."""
        from musharaka.awards import services

        users = users or [self.make_user() for _ in range(count)]
        first = self.category.rounds.get(number=1)
        for user in users:
            judge = services.judge_invite(actor=self.organiser_admin, cycle=self.cycle, user=user)
            judge = services.judge_respond(actor=user, judge=judge, accept=True)
            services.panel_add(actor=self.organiser_admin, round=first, judge=judge)
            self.judges.append(judge)
        return self.judges[-count:]

    def close_nominations(self):
        """Move the deadline into the past (as if time passed) and the cycle into the eligibility check."""
        from musharaka.awards import services
        from musharaka.awards.models import Cycle

        now = timezone.now()
        Cycle.objects.filter(pk=self.cycle.pk).update(nominations_open_at=now - datetime.timedelta(days=30),
                                                      nominations_close_at=now - datetime.timedelta(seconds=1))
        self.cycle.refresh_from_db()
        self.cycle = services.cycle_advance(actor=self.organiser_admin, cycle=self.cycle)
        return self.cycle

    def start_judging(self, applications=None):
        """Every submitted application (or those given) found eligible, then judging starts (and is assigned)."""
        from musharaka.awards import services
        from musharaka.awards.models import ApplicationStatus

        if self.cycle.stage == "nominations":
            self.close_nominations()
        waiting = applications or self.cycle.applications.filter(status=ApplicationStatus.SUBMITTED)
        for application in waiting:
            services.application_check_eligibility(actor=self.organiser_admin, application=application,
                                                   eligible=True)
        self.cycle = services.cycle_advance(actor=self.organiser_admin, cycle=self.cycle)
        return self.cycle

    def score(self, sheet, values: list[int], *, submit: bool = True, comment: str = "عمل متميز"):
        """The sheet's judge scores the criteria in order."""
        from musharaka.awards import services

        scores: dict[int, tuple[int | None, str]] = {
            criterion.pk: (value, comment) for criterion, value in zip(self.criteria, values, strict=True)}
        return services.sheet_save(actor=sheet.judge.user, sheet=sheet, scores=scores, submit=submit)


@pytest.fixture
def make_cycle(make_org, make_member, make_user, make_initiative):
    """A cycle in nominations (open until tomorrow) with one category of three criteria weighing 50, 30 and 20
    and one required question; organised by a new regional authority."""
    from musharaka.awards import services
    from musharaka.orgs.models import Role, Sector

    def make(*, judges_per_application: int = 2, winner_places: int = 3, stage: str = "nominations",
             weights=(50, 30, 20), **cycle_data) -> AwardWorld:
        organiser = make_org("إمارة منطقة المدينة المنورة", sector=Sector.AUTHORITY)
        admin = make_member(organiser, Role.ADMIN)
        programme = services.programme_create(actor=admin, organization=organiser, data={
            "name_ar": "جائزة التنمية المحلية", "name_en": "Local Development Award",
            "description_ar": "جائزة تحفز التنافس الإيجابي بين المناطق في التنمية المحلية",
            "eligibility_ar": "المبادرات المسجلة في السجل والمنفذة خلال العامين الماضيين"})
        now = timezone.now()
        data = {"year": 2026, "title_ar": "الدورة الخامسة", "nominations_open_at": now - datetime.timedelta(days=1),
                "nominations_close_at": now + datetime.timedelta(days=1)}
        data.update(cycle_data)
        cycle = services.cycle_create(actor=admin, programme=programme, data=data)
        category = services.category_create(actor=admin, cycle=cycle, data={
            "name_ar": "أفضل مبادرة تنموية", "name_en": "Best development initiative",
            "judges_per_application": judges_per_application, "winner_places": winner_places})
        names = [("الأثر المجتمعي", "Community impact"), ("الاستدامة", "Sustainability"),
                 ("الابتكار", "Innovation"), ("الشراكة", "Partnership")]
        criteria = [services.criterion_create(actor=admin, category=category, data={
            "name_ar": names[index][0], "name_en": names[index][1], "weight": weight, "position": index,
            "levels": {"0": {"ar": "لا يوجد", "en": "None"}, "10": {"ar": "متميز", "en": "Outstanding"}}})
            for index, weight in enumerate(weights)]
        question = services.question_create(actor=admin, category=category, data={
            "text_ar": "ما الأثر الذي حققته المبادرة؟", "text_en": "What impact did the initiative have?"})
        if stage != "draft":
            cycle = services.cycle_advance(actor=admin, cycle=cycle)
        return AwardWorld(programme=programme, cycle=cycle, category=category, criteria=criteria, question=question,
                          organiser=organiser, organiser_admin=admin, make_org=make_org, make_member=make_member,
                          make_user=make_user, make_initiative=make_initiative)

    return make
