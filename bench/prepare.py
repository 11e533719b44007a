"""In-process step of the benchmark (run by run.py with DATABASE_URL set to the bench database).

Picks the dataset facts the scenarios need and the pool their path mixes are drawn from (published
initiative and organisation ids spread over the tables, the filter values in use, words of the demo
titles and organisation names), creates the benchmark's editor and API token, and writes each read
scenario's path mix (paths-<scenario>.txt, one per line, for wrk's request() hook).

Then requests a sample of each scenario's paths (SAMPLE, evenly spaced over the mix, the scenario's
own first path included) twice through Django's test client: cold (empty cache) and warm. The warm
request's queries are recorded with CaptureQueriesContext (the query-count table) and, with their
parameters, through a connection execute wrapper (the floor replays exactly that SQL); for pages the
templates rendered and their contexts are recorded too (pagefloor.py; the page floor renders them
without Django's request cycle). Capturing all 240 paths would take minutes at scale 100 (each first
request is cold), hence the sample. Last, the reads that follow a write, in-process: an API edit of a
published initiative, then the catalogue, that initiative's page, or a search for a common word.

    python bench/prepare.py OUT_DIR     writes OUT_DIR/dataset.json, capture.pickle, queries.json,
                                        paths-*.txt, samples-*.txt, after_write.json
"""

import collections
import datetime
import json
import os
import pickle
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "musharaka.settings")

import django  # noqa: E402

django.setup()

import pagefloor  # noqa: E402
import scenarios  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from musharaka.accounts.models import User  # noqa: E402
from musharaka.accounts.services import api_token_create  # noqa: E402
from musharaka.events.models import Event, EventAudience, Recommendation, RecommendationStatus, Session  # noqa: E402
from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative, InitiativePlace, Status  # noqa: E402
from musharaka.orgs.models import Membership, Organization, Role, Sector  # noqa: E402
from musharaka.taxonomy.models import Axis  # noqa: E402

HOST = "127.0.0.1"
SAMPLE = 24  # paths of each mix captured in-process (SQL for the floor, templates for the page floor)
BURST_PEOPLE = 608  # the registration burst: 2 levels x 300 lines (each wrk thread from half a part apart) + 8
BURST_EVENTS = 4
# BENCH_ONLY (run.py --only): the scenarios to capture; the others' path mixes are still written (mixed reads them).
ONLY = {x for x in os.environ.get("BENCH_ONLY", "").split(",") if x}
WORD = re.compile(r"[\u0621-\u064a]{3,}")


def dataset() -> dict:
    published = Initiative.objects.filter(status__in=PUBLISHED_STATUSES)
    # The (region, axis) pair with the most published initiatives, so that page 11 exists.
    pair = (
        published.values("region_id", "axes").annotate(n=Count("id")).order_by("-n").first()
    )
    region_id, axis_id = pair["region_id"], pair["axes"]
    ids = list(published.order_by("id").values_list("id", flat=True)[:: max(1, published.count() // 10)])
    initiative = Initiative.objects.get(pk=ids[len(ids) // 2])
    words = [w for w in initiative.title_ar.split() if len(w) > 2][:2]
    organization = initiative.lead_organization
    org_words = [w for w in organization.name_ar.split() if len(w) > 2][:2]
    editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"email": "bench@example.org"})
    Membership.objects.get_or_create(organization=organization, user=editor, defaults={"role": Role.EDITOR})
    Membership.objects.filter(organization=organization, user=editor).update(role=Role.EDITOR)
    _, key = api_token_create(user=editor, name=f"bench {time.time():.0f}")
    in_pair = published.filter(region_id=region_id, axes=axis_id)
    # Published initiatives of the editor's organisation that it may edit: the mixed scenario's edits.
    editable = list(Initiative.objects.filter(lead_organization=organization, status__in=(
        Status.APPROVED, Status.ACTIVE, Status.COMPLETED)).order_by("id").values("id", "summary_ar")[:5])
    year = (in_pair.exclude(start_date=None).values_list("start_date__year").annotate(n=Count("id"))
            .order_by("-n").values_list("start_date__year", flat=True).first())
    return {
        **events_dataset(),
        **partnerships_dataset(),
        **awards_dataset(),
        **plans_dataset(),
        **impact_dataset(),  # ---- impact (issue #15)
        **volunteering_dataset(),  # ---- volunteering (issue #16, volapi16)
        **reports_dataset(),  # ---- reports (issue #16, rep16)
        **o31116_dataset(),  # ---- reports (issue #16, o31116)
        **participation_dataset(),  # ---- participation (issue #17, topics17)
        "region_id": region_id,
        "year": year,
        "iati_count": in_pair.filter(start_date__year=year).count(),  # region + axis + year: ~1,000
        "csv_count": Initiative.objects.filter(region_id=region_id, status="active").count(),  # ~10,000
        "axis_id": axis_id,
        "pair_published": pair["n"],
        "region_published": published.filter(region_id=region_id).count(),
        "initiative_id": initiative.pk,
        "search_words": " ".join(words),
        "organization_id": organization.pk,
        "org_words": " ".join(org_words[:1]),
        "editor_organization_id": organization.pk,
        "token": key,
        "edits": editable,
        "initiatives": Initiative.objects.count(),
        "organizations": Organization.objects.count(),
    }


def events_dataset() -> dict:
    """The events scenarios' facts: the region with the most published events, the agenda page first
    requested (the published event with the most sessions), and the registration burst's events and people."""
    published = Event.objects.filter(is_published=True)
    region = published.values("region_id").annotate(n=Count("id")).order_by("-n", "region_id").first()
    agenda = (Session.objects.filter(event__is_published=True).values("event_id").annotate(n=Count("id"))
              .order_by("-n", "event_id").first())
    return {"event_region_id": region["region_id"] if region else 1,
            "agenda_event_id": agenda["event_id"] if agenda else 1,
            "events": Event.objects.count(), "recommendations": Recommendation.objects.count(),
            "burst": burst() if not ONLY or "registration_burst" in ONLY else {"event_ids": [0], "category": "",
                                                                              "tokens": []}}


def burst() -> dict:
    """A few upcoming published events open to registration without approval, sharing an audience category,
    spread over the id range, and BURST_PEOPLE new people with a token each (new each run: a person registers
    once for an event, and the cached SQLite dataset keeps the previous run's registrations)."""
    soon = timezone.now() + datetime.timedelta(days=2)
    open_events = Event.objects.filter(is_published=True, registration_open=True, requires_approval=False,
                                       ends_at__gt=soon)
    category = (EventAudience.objects.filter(event__in=open_events).values("category").annotate(n=Count("id"))
                .order_by("-n", "category").values_list("category", flat=True).first())
    ids = list(open_events.filter(audiences__category=category).order_by("id").values_list("id", flat=True))
    stamp = f"{time.time():.0f}"
    tokens = []
    with transaction.atomic():
        for i in range(BURST_PEOPLE):
            person = User.objects.create(username=f"bench-reg-{stamp}-{i}", email=f"bench-reg-{stamp}-{i}@example.org",
                                         first_name="مشارك", last_name=f"القياس {i}")
            tokens.append(api_token_create(user=person, name="bench burst")[1])
    return {"event_ids": spread(ids, BURST_EVENTS), "category": category, "tokens": tokens}


def events_pool() -> dict:
    """The events list's filter values in use (published events), words of their titles, and published events
    with an agenda spread over the id range."""
    published = Event.objects.filter(is_published=True)
    with_sessions = sorted(set(Session.objects.filter(event__is_published=True).values_list("event_id", flat=True)))
    titles = list(published.order_by("id").values_list("title_ar", flat=True)[:3000])
    return {
        "kind": sorted(set(published.values_list("kind", flat=True))),
        "region": sorted(set(published.values_list("region_id", flat=True))),
        "city": spread(sorted(set(published.exclude(city=None).values_list("city_id", flat=True))), 60),
        "axis": sorted(set(published.exclude(axes=None).values_list("axes__code", flat=True))),
        "q": words_of(titles)[:60],
        "agenda_ids": spread(with_sessions, 400),
    }


def recommendations_pool() -> dict:
    """The tracker's filter values in use (recommendations of published events)."""
    recs = Recommendation.objects.filter(event_published=True)
    organizations = sorted(set(recs.values_list("organization_id", flat=True)))
    return {
        "region": sorted(set(recs.values_list("region_id", flat=True))),
        "axis": sorted(set(recs.exclude(axis=None).values_list("axis__code", flat=True))),
        "status": [value for value, _ in RecommendationStatus.choices],
        "organization": spread(organizations, 80),
    }


# ---- partnerships (issue #12, alerts & demo part): the agreements register's scenarios


def partnerships_dataset() -> dict:
    """The register scenarios' first path: the region covered by the most published agreements."""
    from musharaka.partnerships.models import Agreement

    region = (Agreement.regions.through.objects.filter(agreement__is_published=True).values("region_id")
              .annotate(n=Count("id")).order_by("-n", "region_id").first())
    return {"agreement_region_id": region["region_id"] if region else 1, "agreements": Agreement.objects.count()}


def partnerships_pool() -> dict:
    """The register's filter values in use (published agreements: what an anonymous visitor sees), words of
    their titles, and parties spread over the organisations."""
    from musharaka.partnerships.models import Agreement, AgreementParty, AgreementStatus, Stage

    published = Agreement.objects.filter(is_published=True).exclude(stage=Stage.DRAFT)
    titles = list(published.order_by("id").values_list("title_ar", flat=True)[:3000])
    parties = sorted(set(AgreementParty.objects.filter(agreement__in=published).exclude(organization=None)
                         .values_list("organization_id", flat=True)))
    return {
        "kind": sorted(set(published.values_list("kind", flat=True))),
        "status": [value for value in AgreementStatus.values if value != AgreementStatus.DRAFT],
        "sector": [value for value, _ in Sector.choices],
        "region": sorted(set(Agreement.regions.through.objects.filter(agreement__in=published)
                             .values_list("region_id", flat=True))),
        "axis": sorted(set(published.exclude(axes=None).values_list("axes__code", flat=True))),
        "expiring": [30, 90, 180],
        "organization": spread(parties, 80),
        "q": words_of(titles)[:60],
    }


# ---- awards (issue #13, demo part): the judge's queue, the organiser's board, the results, the cycles API


def awards_dataset() -> dict:
    """The awards scenarios' first paths: the judge with the most sheets in open rounds (their signed-in session),
    the cycle in judging with the most sheets (an organiser's session), the published cycle with the most winners."""
    from musharaka.awards.models import Cycle, CycleStage

    people = awards_people()
    judging = (Cycle.objects.filter(stage=CycleStage.JUDGING).annotate(n=Count("judges__sheets"))
               .order_by("-n", "pk").values_list("pk", flat=True).first())
    published = (Cycle.objects.filter(stage=CycleStage.PUBLISHED).annotate(n=Count("categories__winners"))
                 .order_by("-n", "pk").values_list("pk", flat=True).first())
    organisers = dict(people["organisers"])
    return {"award_judge_session": people["judges"][0][0] if people["judges"] else "",
            "award_progress_cycle_id": judging or 0, "award_organiser_session": organisers.get(judging, ""),
            "award_published_cycle_id": published or 0, "award_cycles": Cycle.objects.count()}


def awards_people() -> dict:
    """Judges of open rounds who sign in without a second factor (not organisation admins, coordinators or staff),
    240 at most, each with a session of their own; an editor account per organiser (made here, as bench-editor is)
    with a session, for each cycle's board. The sessions are written here for the in-process capture, and again
    by run.py into each server's store (bench/sessions.py)."""
    import sessions

    from musharaka.awards.models import Cycle, Judge, RoundStatus
    from musharaka.orgs.models import RegionCoordinator

    if "awards_people" in _MEMO:
        return _MEMO["awards_people"]
    second_factor = set(Membership.objects.filter(role=Role.ADMIN).values_list("user_id", flat=True))
    second_factor |= set(RegionCoordinator.objects.values_list("user_id", flat=True))
    second_factor |= set(User.objects.filter(is_staff=True).values_list("pk", flat=True))
    loads = (Judge.objects.filter(status="accepted", sheets__round__status=RoundStatus.OPEN)
             .values("user_id").annotate(n=Count("sheets")).order_by("-n", "user_id"))
    judges = [(sessions.session_key_for(row["user_id"]), row["n"]) for row in loads
              if row["user_id"] not in second_factor][:240]
    organisers = []
    for cycle_id, organization_id in spread(list(Cycle.objects.order_by("pk").values_list(
            "pk", "programme__organization_id")), 240):
        person, _ = User.objects.get_or_create(username=f"bench-organiser-{organization_id}",
                                               defaults={"email": f"bench-organiser-{organization_id}@example.org"})
        Membership.objects.get_or_create(organization_id=organization_id, user=person, defaults={"role": Role.EDITOR})
        organisers.append((cycle_id, sessions.session_key_for(person.pk)))
    sessions.ensure([key for key, _n in judges] + [key for _cycle, key in organisers])
    _MEMO["awards_people"] = {"judges": judges, "organisers": organisers}
    return _MEMO["awards_people"]


def awards_pool() -> dict:
    from musharaka.awards.models import Cycle, CycleStage

    people = awards_people()
    visible = Cycle.objects.exclude(stage=CycleStage.DRAFT)
    return {
        "judges": people["judges"],
        "organisers": people["organisers"],
        "published": spread(list(Cycle.objects.filter(stage=CycleStage.PUBLISHED).order_by("pk")
                                 .values_list("pk", flat=True)), 240),
        "filters": {"stage": sorted(set(visible.values_list("stage", flat=True))),
                    "year": sorted(set(visible.values_list("year", flat=True))),
                    "programme": spread(sorted(set(visible.values_list("programme_id", flat=True))), 80)},
    }


# ---- plans (issue #14, demo part): the plan page, the needs list with votes, the plans API list


PLAN_SENTINEL = 987654321


def plan_route(name: str) -> str:
    """The path of a plan route with `{}` for the plan's id."""
    from django.urls import reverse

    return reverse(name, kwargs={"plan_id": PLAN_SENTINEL}).replace(str(PLAN_SENTINEL), "{}")


def plans_dataset() -> dict:
    """The plans scenarios' first paths: the public plan with the most needs and actions, the plan in consultation
    with the most votes (a voter's signed-in session), and the route templates."""
    from musharaka.plans.models import PUBLIC_STATUSES, Plan, PlanStatus

    public = Plan.objects.filter(status__in=PUBLIC_STATUSES)
    page = (public.annotate(actions_n=Count("actions", distinct=True)).order_by("-need_count", "-actions_n", "pk")
            .values_list("pk", flat=True).first())
    consulting = (public.filter(status=PlanStatus.CONSULTATION).order_by("-vote_count", "pk")
                  .values_list("pk", flat=True).first())
    voters = [key for plan_id, key in plans_people() if plan_id == consulting]
    return {"plan_page_id": page or 0, "plan_needs_id": consulting or 0,
            "plan_voter_session": voters[0] if voters else "",
            "plan_page_route": plan_route("plans:detail"),
            "plan_needs_route": plan_route("plans:needs"), "plans": Plan.objects.count()}


def plans_people() -> list[tuple[int, str]]:
    """(plan id, session key) of residents who voted in the plans in consultation (spread over them, two a plan,
    240 at most), who sign in without a second factor; their sessions written as the awards' are."""
    import sessions

    from musharaka.orgs.models import RegionCoordinator
    from musharaka.plans.models import NeedVote, Plan, PlanStatus

    if "plans_people" in _MEMO:
        return _MEMO["plans_people"]
    second_factor = set(Membership.objects.filter(role=Role.ADMIN).values_list("user_id", flat=True))
    second_factor |= set(RegionCoordinator.objects.values_list("user_id", flat=True))
    second_factor |= set(User.objects.filter(is_staff=True).values_list("pk", flat=True))
    plans = spread(list(Plan.objects.filter(status=PlanStatus.CONSULTATION).order_by("-vote_count", "pk")
                        .values_list("pk", flat=True)), 120)
    found = []
    for plan_id in plans:
        voters = [voter_id for voter_id in NeedVote.objects.filter(need__plan_id=plan_id).values_list(
            "voter_id", flat=True).order_by("voter_id").distinct()[:50] if voter_id not in second_factor][:2]
        found += [(plan_id, sessions.session_key_for(voter_id)) for voter_id in voters]
    sessions.ensure([key for _plan, key in found])
    _MEMO["plans_people"] = found[:240]
    return _MEMO["plans_people"]


def plans_pool() -> dict:
    """Public plans spread over the table, the needs filters' values of the voters' plans, the API list's filter
    values in use and words of the plans' titles."""
    from musharaka.plans.models import PUBLIC_STATUSES, Need, NeedStatus, Plan

    public = Plan.objects.filter(status__in=PUBLIC_STATUSES)
    voters = plans_people()
    needs = Need.objects.filter(plan_id__in={plan_id for plan_id, _key in voters}, status=NeedStatus.OPEN)
    filters_of: dict = {}
    for plan_id, category_id, neighbourhood_id in needs.values_list("plan_id", "category_id", "neighbourhood_id") \
            .distinct():
        entry = filters_of.setdefault(plan_id, {"category": set(), "neighbourhood": set()})
        entry["category"].add(category_id)
        if neighbourhood_id:
            entry["neighbourhood"].add(neighbourhood_id)
    titles = list(public.order_by("pk").values_list("title_ar", flat=True)[:3000])
    return {
        "public": spread(list(public.order_by("pk").values_list("pk", flat=True)), 120),
        "voters": voters,
        "needs_filters": {plan_id: {key: sorted(values) for key, values in entry.items()}
                          for plan_id, entry in filters_of.items()},
        "filters": {"status": sorted(set(public.values_list("status", flat=True))),
                    "region": sorted(set(public.values_list("region_id", flat=True))),
                    "city": spread(sorted(set(public.exclude(city=None).values_list("city_id", flat=True))), 60),
                    "year": sorted({year for start, end in public.values_list("start_year", "end_year").distinct()
                                    for year in range(start, end + 1)}),
                    "q": words_of(titles)[:40]},
    }


# ---- impact (issue #15, demo part): the SROI analysis page, the public list of analyses, an analysis in the API


IMPACT_SENTINEL = 987654321


def impact_routes() -> tuple[str, str]:
    """The analysis page's path with `{}` for its id, and the public list's path."""
    from django.urls import reverse

    analysis = reverse("impact:analysis", kwargs={"analysis_id": IMPACT_SENTINEL}).replace(str(IMPACT_SENTINEL), "{}")
    return analysis, reverse("impact:list")


def impact_dataset() -> dict:
    """The impact scenarios' first paths: the published current analysis with the most outcomes."""
    from musharaka.impact.models import Analysis, AnalysisStatus

    published = Analysis.objects.filter(status=AnalysisStatus.PUBLISHED, is_current=True)
    first = (published.annotate(n=Count("outcomes")).order_by("-n", "pk").values_list("pk", flat=True).first())
    analysis_route, list_route = impact_routes()
    return {"impact_analysis_id": first or 0, "impact_analysis_route": analysis_route,
            "impact_list_route": list_route, "impact_analyses": Analysis.objects.count()}


def impact_pool() -> dict:
    """Published current analyses spread over the table, the list's filter values in use and words of the titles."""
    from musharaka.impact.models import Analysis, AnalysisStatus

    published = Analysis.objects.filter(status=AnalysisStatus.PUBLISHED, is_current=True)
    titles = list(published.order_by("pk").values_list("title_ar", flat=True)[:3000])
    return {
        "published": spread(list(published.order_by("pk").values_list("pk", flat=True)), 120),
        "filters": {"kind": sorted(set(published.values_list("kind", flat=True))),
                    "currency": sorted(set(published.values_list("currency", flat=True))),
                    "organization": spread(sorted(set(published.values_list("organization_id", flat=True))), 60),
                    "q": words_of(titles)[:40]},
    }


# ---- reports (issue #16, o31116): Open311 requests.json with filters, the reports API list


def _o31116_windows() -> list[tuple[str, str]]:
    """Date windows of 30 days (within Open311's 90) ending at the newest reports, stepping back over the table."""
    from musharaka.reports.models import Report

    newest = Report.objects.order_by("-pk").values_list("created_at", flat=True).first()
    oldest = Report.objects.order_by("pk").values_list("created_at", flat=True).first()
    if newest is None:
        return [(timezone.localdate().isoformat(), timezone.localdate().isoformat())]
    windows, end = [], timezone.localdate(newest)
    while len(windows) < 12 and (not windows or end >= timezone.localdate(oldest)):
        start = end - datetime.timedelta(days=29)
        windows.append((start.isoformat(), end.isoformat()))
        end = start - datetime.timedelta(days=1)
    return windows


def o31116_dataset() -> dict:
    from musharaka.reports.models import Report

    start, end = _o31116_windows()[0]
    return {"o31116_requests_first": f"/open311/v2/requests.json?status=open&start_date={start}&end_date={end}",
            "reports": Report.objects.count()}


def o31116_pool() -> dict:
    """The service codes and date windows of requests.json; the API list's filter values in use."""
    from musharaka.reports.models import Report, ServiceCategory

    reports = Report.objects.order_by()
    return {
        "codes": list(ServiceCategory.objects.filter(active=True).order_by("position", "pk")
                      .values_list("code", flat=True)),
        "windows": _o31116_windows(),
        "filters": {"region": sorted(set(reports.values_list("region_id", flat=True).distinct()))[:20],
                    "city": spread(sorted(set(reports.exclude(city=None).values_list("city_id", flat=True)
                                              .distinct())), 40),
                    "neighbourhood": spread(sorted(set(reports.exclude(neighbourhood=None).values_list(
                        "neighbourhood_id", flat=True).distinct())), 60),
                    "category": list(ServiceCategory.objects.order_by("pk").values_list("code", flat=True)),
                    "status": sorted(set(reports.values_list("status", flat=True).distinct()))},
    }


# ---- volunteering (issue #16, volapi16): the public list of opportunities, the hours statistics, the API list


def volunteering_dataset() -> dict:
    from django.urls import reverse

    from musharaka.volunteering.models import HourEntry, Opportunity

    return {"volunteering_list_route": reverse("volunteering:list"),
            "volunteering_statistics_route": reverse("volunteering:statistics"),
            "volunteering_opportunities": Opportunity.objects.count(),
            "volunteering_entries": HourEntry.objects.count()}


def volunteering_pool() -> dict:
    """The list's filter values in use among published opportunities (each value finds some), words of their
    titles, and the statistics' groupings with the years and places the tallies hold."""
    from musharaka.volunteering.models import HoursTally, Opportunity, OpportunityStatus

    published = Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED)
    titles = list(published.order_by("pk").values_list("title_ar", flat=True)[:3000])
    return {
        "filters": {"region": sorted(set(published.values_list("region_id", flat=True))),
                    "city": spread(sorted(set(published.exclude(city=None).values_list("city_id", flat=True))), 60),
                    "axis": sorted(set(published.exclude(axis=None).values_list("axis_id", flat=True))),
                    "skill": sorted(set(published.exclude(skills=None).values_list("skills", flat=True))),
                    "organization": spread(sorted(set(published.values_list("organization_id", flat=True))), 60),
                    "open": ["true"], "open_seats": ["on"],  # the API's and the page's
                    "q": words_of(titles)[:40]},
        "statistics": {"by": ["region", "organization", "axis", "year"],
                       "year": sorted(set(HoursTally.objects.values_list("year", flat=True))),
                       "region": sorted(set(HoursTally.objects.values_list("region_id", flat=True))),
                       "axis": sorted(set(HoursTally.objects.exclude(axis=None).values_list("axis_id", flat=True)))},
    }


_MEMO: dict = {}


def spread(values: list, count: int) -> list:
    """`count` values evenly spaced over `values` (all of them when there are fewer)."""
    if len(values) <= count:
        return list(values)
    return [values[round(i * (len(values) - 1) / (count - 1))] for i in range(count)]



# ---- participation (issue #17, topics17): the ideas list sorted by supports, the process page, a budget's result
# and the topic summary. The routes are the contract's names; a part not mounted yet falls back to its path.
PARTICIPATION_SENTINEL = 987654321
PARTICIPATION_PATHS = {"participation:idea_list": ("process_id", "/participation/{}/ideas/"),
                       "participation:process_detail": ("process_id", "/participation/{}/"),
                       "participation:budget_result": ("budget_id", "/participation/budgets/{}/result/"),
                       "participation:topics": ("process_id", "/participation/{}/topics/")}


def participation_route(name: str) -> str:
    """The path of a participation route with `{}` for its id."""
    from django.urls import NoReverseMatch, reverse

    argument, fallback = PARTICIPATION_PATHS[name]
    try:
        return reverse(name, kwargs={argument: PARTICIPATION_SENTINEL}).replace(str(PARTICIPATION_SENTINEL), "{}")
    except NoReverseMatch:
        return fallback


def participation_dataset() -> dict:
    """The participation scenarios' first paths: the published process with the most visible ideas (its ideas list
    sorted by supports, its page, its topic summary) and the published budget result with the most ballots."""
    from musharaka.participation.models import Budget, Process, ProcessStatus

    process = (Process.objects.filter(status=ProcessStatus.PUBLISHED).order_by("-idea_count", "pk")
               .values_list("pk", flat=True).first())
    budget = (Budget.objects.filter(result_published=True, process__status=ProcessStatus.PUBLISHED)
              .order_by("-ballot_count", "pk").values_list("pk", flat=True).first())
    return {"participation_process_id": process or 0, "participation_budget_id": budget or 0,
            "participation_ideas_route": participation_route("participation:idea_list"),
            "participation_process_route": participation_route("participation:process_detail"),
            "participation_budget_result_route": participation_route("participation:budget_result"),
            "participation_topics_route": participation_route("participation:topics"),
            "participation_processes": Process.objects.count()}


def participation_pool() -> dict:
    """Published processes (most ideas first, spread), their neighbourhoods and axes in use (the ideas list's
    filters), and the published budget results."""
    from musharaka.participation.models import Budget, Idea, Process, ProcessStatus

    processes = list(Process.objects.filter(status=ProcessStatus.PUBLISHED).order_by("-idea_count", "pk")
                     .values_list("pk", flat=True)[:120])
    filters: dict[int, dict[str, set]] = {}
    for process_id, hood, axis in (Idea.objects.filter(process_id__in=processes[:20], visibility="visible")
                                   .values_list("process_id", "neighbourhood_id", "axis_id").distinct()[:5000]):
        entry = filters.setdefault(process_id, {"neighbourhood": set(), "axis": set()})
        if hood:
            entry["neighbourhood"].add(hood)
        if axis:
            entry["axis"].add(axis)
    budgets = list(Budget.objects.filter(process__status=ProcessStatus.PUBLISHED, result_published=True)
                   .order_by("-ballot_count", "pk").values_list("pk", flat=True)[:120])
    return {"processes": processes, "budgets": budgets,
            "filters": {pk: {key: sorted(values)[:20] for key, values in entry.items()}
                        for pk, entry in filters.items()}}


def words_of(texts, minimum: int = 1) -> list[str]:
    counts = collections.Counter(w for text in texts for w in WORD.findall(text or ""))
    return [w for w, n in counts.most_common() if n >= minimum]


def pool() -> dict:
    """What the path mixes are drawn from, read from the dataset (deterministic for a given dataset)."""
    published = Initiative.objects.filter(status__in=PUBLISHED_STATUSES)
    ids = list(published.order_by("id").values_list("id", flat=True))
    leads = sorted(set(published.values_list("lead_organization_id", flat=True)))
    titles = list(published.order_by("id").values_list("title_ar", flat=True)[:5000])
    vocabulary = []
    try:  # the demo's title patterns (placeholders dropped): the words people search for
        from musharaka.initiatives.demo import THEMES

        vocabulary = words_of(t[0].replace("{city}", "").replace("{region}", "")
                              for items in THEMES.values() for t in items)
    except (ImportError, AttributeError, IndexError, TypeError):
        pass
    from_titles = words_of(titles)
    words = list(dict.fromkeys(vocabulary + from_titles[:120]))
    org_names = list(Organization.objects.order_by("id").values_list("name_ar", flat=True)[:3000])
    org_words = words_of(org_names)[:150]
    rng = random.Random(9)
    return {
        "region": sorted(set(published.values_list("region_id", flat=True))),
        "city": spread(sorted(set(InitiativePlace.objects.filter(initiative__status__in=PUBLISHED_STATUSES)
                                  .exclude(city=None).values_list("city_id", flat=True))), 60),
        "axis": list(Axis.objects.order_by("id").values_list("id", flat=True)),
        "sdg": list(range(1, 18)),
        "sector": [value for value, _ in Sector.choices],
        "status": [str(s) for s in PUBLISHED_STATUSES],
        "year": sorted({d.year for d in published.exclude(start_date=None).dates("start_date", "year")}),
        "q": words,
        "org_q": org_words + [w[:4] for w in rng.sample(org_words, min(40, len(org_words)))],
        "initiative_ids": spread(ids, 400),
        "organization_ids": spread(leads, 400),
        # A common word: the most frequent word of the published titles (the search measured after a write).
        "common_word": from_titles[0] if from_titles else "",
        "events": events_pool(),
        "recommendations": recommendations_pool(),
        "partnerships": partnerships_pool(),
        "awards": awards_pool(),
        "plans": plans_pool(),
        "impact": impact_pool(),  # ---- impact (issue #15)
        "volunteering": volunteering_pool(),  # ---- volunteering (issue #16, volapi16)
        "reports": reports_pool(),  # ---- reports (issue #16, rep16)
        "o31116": o31116_pool(),  # ---- reports (issue #16, o31116)
        "participation": participation_pool(),  # ---- participation (issue #17, topics17)
    }


def plain(value):
    """Parameters as the bare driver's own types (no Django enums or str subclasses), so they pickle."""
    if isinstance(value, (list, tuple)):
        return type(value)(plain(v) for v in value) if type(value) in (list, tuple) else [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def call(client: Client, scenario, ds: dict, path: str | None = None):
    spec = dict(scenario.request(ds))
    token = ds["token"]
    if path:
        spec["path"], _, own = path.partition(" ")  # a "path token" line: that person's request
        token = own or token
    headers = {"HTTP_HOST": HOST}
    if spec.get("session"):  # a person's signed-in page (awards, issue #13): the line's key, else the scenario's
        client.cookies["sessionid"] = (path or "").partition(" ")[2] or spec["session"]
    else:
        client.cookies.pop("sessionid", None)
    if spec.get("auth"):
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if scenario.METHOD == "POST":
        return spec, client.post(spec["path"], data=json.dumps(spec.get("body") or {}),
                                 content_type="application/json", **headers)
    return spec, client.get(spec["path"], **headers)


def body_size(response) -> int:
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def capture_one(client: Client, scenario, ds: dict, path: str | None,
                warm_path: str | None = None) -> tuple[dict, list, dict | None]:
    """Cold then warm request of one path: the warm one's numbers, its SQL and (pages) its templates.
    A write sent once per line (ONCE) is warmed by another line, `warm_path`."""
    # Cold: an empty cache (the catalogue's cached counts, first pages and cards), as after a write.
    cache.clear()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as cold:
        spec, response = call(client, scenario, ds, path)
        body_size(response)
    path = warm_path or path
    cold_ms = (time.perf_counter() - started) * 1000
    raw: list = []

    def wrapper(execute, sql, params, many, context):
        raw.append((sql, plain(params) if params is not None else None, many))
        return execute(sql, params, many, context)

    html = getattr(scenario, "HTML", False)
    if html:
        pagefloor.start()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(wrapper):
        spec, response = call(client, scenario, ds, path)
        size = body_size(response)
    elapsed = time.perf_counter() - started
    page = None
    if html:
        records, missing = pagefloor.stop()
        page = {"records": records, "missing": missing}
        try:  # the page floor in-process: unpickled as the floor will, rendered without a request
            records = pickle.loads(pickle.dumps(records))
            started = time.perf_counter()
            html = pagefloor.render_all(records)
            page["render_ms"] = round((time.perf_counter() - started) * 1000, 2)
            page["render_bytes"] = len(html.encode())  # beside the app's body size: the same page?
        except Exception as error:  # reported, not fatal: the page floor is then left out
            page = {"error": f"{type(error).__name__}: {error}"[:300], "missing": missing}
    numbers = {
        "path": spec["path"], "status": response.status_code, "queries": len(ctx.captured_queries),
        "bytes": size, "in_process_ms": round(elapsed * 1000, 2),
        "sql_ms": round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 2),
        "content_type": response.get("Content-Type", ""),
        "cold_queries": len(cold.captured_queries), "cold_ms": round(cold_ms, 1),
        "cold_sql_ms": round(sum(float(q["time"]) for q in cold.captured_queries) * 1000, 1),
    }
    return numbers, raw, page


def median(values: list) -> float:
    return round(statistics.median(values), 2) if values else 0


def summarise(samples: list[dict]) -> dict:
    """The scenario's in-process row: its first path's status and size, medians and maxima over the sample."""
    first = samples[0]
    ok = [x for x in samples if 200 <= x["status"] < 300]
    out = {"path": first["path"], "status": first["status"], "bytes": first["bytes"],
           "content_type": first["content_type"], "sampled": len(samples),
           "sample_errors": [f"{x['status']} {x['path']}" for x in samples if x not in ok][:5]}
    for name in ("queries", "in_process_ms", "sql_ms", "cold_queries", "cold_ms", "cold_sql_ms"):
        values = [x[name] for x in ok] or [first[name]]
        out[name] = median(values) if name not in ("queries", "cold_queries") else int(statistics.median(values))
        out[name + "_max"] = max(values)
    return out


def after_write(client: Client, ds: dict, pool_: dict, repeats: int = 5) -> dict:
    """In-process reads right after an API write (the edit of a published initiative), each measured
    just after its own write: the catalogue, the edited initiative's page, a common-word search."""
    if not ds["edits"]:
        return {"error": "the editor's organisation leads no editable published initiative"}
    target = ds["edits"][0]
    reads = {
        "catalogue": "/initiatives/",
        "initiative_page": f"/initiatives/{target['id']}/",
        "search": f"/api/v1/initiatives?q={quote(pool_['common_word'])}",
    }
    auth = {"HTTP_HOST": HOST, "HTTP_AUTHORIZATION": f"Bearer {ds['token']}"}
    result = {"write": f"PATCH /api/v1/initiatives/{target['id']}", "word": pool_["common_word"]}
    for name, path in reads.items():
        client.get(path, HTTP_HOST=HOST)  # warm first: what the write invalidates is then measured
        times, statuses = [], set()
        for i in range(repeats):
            summary = target["summary_ar"] + (" (قياس)" if i % 2 == 0 else "")
            write = client.patch(f"/api/v1/initiatives/{target['id']}", data=json.dumps({"summary_ar": summary}),
                                 content_type="application/json", **auth)
            statuses.add(write.status_code)
            started = time.perf_counter()
            response = client.get(path, HTTP_HOST=HOST)
            body_size(response)
            times.append((time.perf_counter() - started) * 1000)
            statuses.add(response.status_code)
        result[name] = {"path": path, "median_ms": median(times), "max_ms": round(max(times), 1),
                        "statuses": sorted(statuses)}
    client.patch(f"/api/v1/initiatives/{target['id']}", data=json.dumps({"summary_ar": target["summary_ar"]}),
                 content_type="application/json", **auth)
    return result


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    ds = dataset()
    pool_ = pool()
    pagefloor.install_capture()
    client = Client()
    captured, counts, pages, mixes = {}, {}, {}, {}
    for scenario in scenarios.load():
        mix = scenario.paths(ds, pool_) if hasattr(scenario, "paths") else []
        once = getattr(scenario, "ONCE", False)
        reserved = mix[-scenario.CAPTURE:] if once and mix else []
        mix = mix[:-scenario.CAPTURE] if reserved else mix
        if mix:
            mixes[scenario.NAME] = mix
            (out / f"paths-{scenario.NAME}.txt").write_text("\n".join(mix) + "\n")
        if scenario.KIND == "mixed" or (ONLY and scenario.NAME not in ONLY):
            continue
        sample = spread(mix, SAMPLE) if mix else [None]
        if mix and mix[0] not in sample:
            sample[0] = mix[0]
        pairs = [(p, None) for p in sample]
        if reserved:  # a line is sent once: cold and warm requests each from a line of their own
            pairs = list(zip(reserved[::2], reserved[1::2], strict=True))
        samples, routes, renders = [], {}, {}
        started = time.perf_counter()
        for path, warm_path in pairs:
            numbers, raw, page = capture_one(client, scenario, ds, path, warm_path)
            samples.append(numbers)
            if 200 <= numbers["status"] < 300:
                routes[numbers["path"]] = raw
                if page is not None:
                    renders[numbers["path"]] = page
        row = summarise(samples)
        row["paths"] = len(mix) or 1
        if mix:
            ok = [x["path"] for x in samples if x["path"] in routes]
            (out / f"samples-{scenario.NAME}.txt").write_text("\n".join(ok) + "\n")
        if renders:
            good = {p: r for p, r in renders.items() if "records" in r}
            row["page_floor_paths"] = len(good)
            row["render_ms"] = median([r["render_ms"] for r in good.values()])
            row["render_bytes"] = int(median([r["render_bytes"] for r in good.values()]))
            row["app_bytes"] = int(median([x["bytes"] for x in samples if x["path"] in good]))
            row["page_floor_errors"] = sorted({r["error"] for r in renders.values() if "error" in r})[:3]
            row["context_missing"] = sorted({m for r in renders.values() for m in r["missing"]})[:10]
            row["templates"] = sorted({rec["name"] for r in good.values() for rec in r["records"]})[:10]
            pages[scenario.NAME] = {p: r["records"] for p, r in good.items()}
        counts[scenario.NAME] = row
        captured[scenario.NAME] = {"path": row["path"], "routes": routes}
        print(f"  {scenario.NAME:16} {row['status']} {len(pairs):3} paths sampled of {row['paths']:3}: "
              f"median {row['queries']} queries {row['in_process_ms']:8.1f} ms warm, {row['cold_ms']:8.1f} ms cold"
              + (f", render without a request {row['render_ms']} ms" if "render_ms" in row else "")
              + f" ({time.perf_counter() - started:.0f} s)", flush=True)
    (out / "after_write.json").write_text(json.dumps(after_write(client, ds, pool_), ensure_ascii=False, indent=1))
    (out / "dataset.json").write_text(json.dumps(ds, ensure_ascii=False, indent=1))
    (out / "queries.json").write_text(json.dumps(counts, ensure_ascii=False, indent=1))
    with open(out / "capture.pickle", "wb") as f:
        pickle.dump({"vendor": connection.vendor, "scenarios": captured}, f)
    with open(out / "pages.pickle", "wb") as f:
        pickle.dump(pages, f)


if __name__ == "__main__":
    main(Path(sys.argv[1]))


# ---- reports (issue #16, rep16): the public list by neighbourhood and the organisations' queues
def _reports_place_path(region_id, city_id, neighbourhood_id) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    return reverse("reports:list") + "?" + urlencode(
        {"region": region_id, "city": city_id, "neighbourhood": neighbourhood_id})


def reports_dataset() -> dict:
    """The reports scenarios' first paths: the neighbourhood with the most reports, and the queue of the organisation
    with the most open reports (a session of a staff editor made for the bench)."""
    from django.urls import reverse

    from musharaka.reports.models import Report

    place = (Report.objects.exclude(neighbourhood=None).values("region_id", "city_id", "neighbourhood_id")
             .annotate(n=Count("id")).order_by("-n", "neighbourhood_id").first())
    queues = reports_queues()
    first = queues[0] if queues else (0, "", [])
    return {"reports_neighbourhood_path": _reports_place_path(place["region_id"], place["city_id"],
                                                              place["neighbourhood_id"]) if place else
            reverse("reports:list"),
            "reports_queue_path": reverse("reports:queue", kwargs={"org_id": first[0]}) if first[0] else "",
            "reports_queue_session": first[1], "reports_count": Report.objects.count()}


def reports_queues() -> list:
    """(organisation, session key, categories) of the 48 organisations with the most open reports, each with an
    editor made for the bench (no second factor: not an admin, a coordinator or staff) and its session."""
    import sessions

    from musharaka.reports.models import OPEN_STATUSES, Report

    if "reports_queues" in _MEMO:
        return _MEMO["reports_queues"]
    busiest = list(Report.objects.filter(status__in=OPEN_STATUSES).exclude(organization=None)
                   .values("organization_id").annotate(n=Count("id")).order_by("-n", "organization_id")
                   .values_list("organization_id", flat=True)[:48])
    found = []
    for organization_id in busiest:
        person, _ = User.objects.get_or_create(username=f"bench-reports-{organization_id}",
                                               defaults={"email": f"bench-reports-{organization_id}@example.org"})
        Membership.objects.get_or_create(organization_id=organization_id, user=person, defaults={"role": Role.EDITOR})
        categories = sorted(set(Report.objects.filter(organization_id=organization_id)
                                .values_list("category_id", flat=True).distinct()))
        found.append((organization_id, sessions.session_key_for(person.pk), categories))
    sessions.ensure([key for _org, key, _categories in found])
    _MEMO["reports_queues"] = found
    return found


def reports_pool() -> dict:
    """The 80 neighbourhoods with the most reports (as list paths), the categories and statuses, the queues."""
    from musharaka.reports.models import Report, ReportStatus, ServiceCategory

    places = (Report.objects.exclude(neighbourhood=None).values("region_id", "city_id", "neighbourhood_id")
              .annotate(n=Count("id")).order_by("-n", "neighbourhood_id")[:80])
    return {"places": [_reports_place_path(p["region_id"], p["city_id"], p["neighbourhood_id"]) for p in places],
            "filters": {"category": list(ServiceCategory.objects.order_by("pk").values_list("pk", flat=True)),
                        "status": ["open", "closed", *[str(value) for value in ReportStatus.values]]},
            "queues": reports_queues()}
