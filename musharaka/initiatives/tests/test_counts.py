"""The catalogue's kept counts stay exact: random writes through the services, then the table is
compared with a fresh count; the facets read from it equal the facets counted over the initiatives.

The sequences are drawn from a fixed seed; set COUNTS_SEED to draw others (COUNTS_SEED=random picks one
and prints it).
"""

import datetime
import os
import random
from collections import Counter
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from musharaka.geo.models import City
from musharaka.initiatives import counts, selectors, services
from musharaka.initiatives.exchange.services import IMPORT_COLUMNS, initiatives_import
from musharaka.initiatives.exchange.tests.conftest import upload, xlsx_bytes
from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative, InitiativeCount, Status
from musharaka.initiatives.selectors import InitiativeFilters
from musharaka.orgs.models import Organization, Role, Sector
from musharaka.orgs.services import organization_update
from musharaka.taxonomy.models import SDG, Axis

SEED = os.environ.get("COUNTS_SEED", "2026")
SEED = random.randrange(10**6) if SEED == "random" else int(SEED)
STEPS = 40


def expected_cells() -> dict:
    """The cells every initiative should count in, worked out in Python from the initiatives themselves."""
    found: Counter = Counter()
    initiatives = Initiative.objects.select_related("lead_organization").prefetch_related("axes", "sdgs", "places")
    for initiative in initiatives:
        base = (initiative.region_id, initiative.lead_organization.sector, initiative.status,
                initiative.start_date.year if initiative.start_date else 0, initiative.is_success_story)
        found.update(counts.cells(
            base, [axis.pk for axis in initiative.axes.all()], [sdg.number for sdg in initiative.sdgs.all()],
            [place.city_id for place in initiative.places.all()],
        ))
    return dict(found)


class World:
    """Organisations of several sectors in two regions, their editors, the coordinators and an admin."""

    def __init__(self, rng, *, make_org, make_member, make_coordinator, platform_admin, region, other_region):
        self.rng = rng
        self.regions = [region, other_region]
        self.organizations = [
            make_org(region=place, sector=sector)
            for place, sector in ((region, Sector.NONPROFIT), (region, Sector.PRIVATE), (other_region, Sector.AUTHORITY))
        ]
        self.editors = {org.pk: make_member(org, Role.EDITOR) for org in self.organizations}
        self.coordinators = {place.pk: make_coordinator(place) for place in self.regions}
        self.admin = platform_admin
        self.axes = list(Axis.objects.all()[:3])
        self.sdgs = list(SDG.objects.filter(number__in=[3, 11, 13]))
        self.cities = {place.pk: list(City.objects.filter(region=place)[:2]) for place in self.regions}

    def data(self) -> dict:
        rng = self.rng
        place = rng.choice(self.regions)
        cities = self.cities[place.pk]
        data = {
            "region": place,
            "start_date": rng.choice([None, datetime.date(2024, 3, 1), datetime.date(2025, 7, 1)]),
            "end_date": None,
            "axes": rng.sample(self.axes, rng.randint(0, 2)),
            "sdgs": rng.sample(self.sdgs, rng.randint(0, 2)),
            # Sometimes two places in one city: it counts there once.
            "places": [services.PlaceSpec(region=place, city=rng.choice([None, *cities])) for _ in range(rng.randint(0, 2))],
        }
        if not data["places"]:
            del data["places"]
        return data

    def pick(self, *statuses):
        rows = list(Initiative.objects.filter(status__in=statuses).order_by("pk")) if statuses else list(
            Initiative.objects.order_by("pk"))
        return self.rng.choice(rows) if rows else None

    # Each step returns what it did, for the failure message.

    def create(self):
        org = self.rng.choice(self.organizations)
        data = {"title_ar": "مبادرة", "summary_ar": "ملخص", **self.data()}
        created = services.initiative_create(actor=self.editors[org.pk], organization=org, data=data)
        return f"create {created.pk}"

    def edit(self):
        initiative = self.pick()
        if initiative is None:
            return "edit: none"
        data = {key: value for key, value in self.data().items() if self.rng.random() < 0.5}
        services.initiative_update(actor=self.admin, initiative=initiative, data=data, expected_version=None)
        return f"edit {initiative.pk} {sorted(data)}"

    def step(self):
        allowed = {
            Status.DRAFT: ["submit", "cancel"], Status.SUBMITTED: ["approve", "reject", "cancel"],
            Status.APPROVED: ["activate", "cancel"], Status.ACTIVE: ["complete", "cancel"],
        }
        initiative = self.pick(*allowed)
        if initiative is None:
            return "step: none"
        action = self.rng.choice(allowed[initiative.status])
        actor = self.editors[initiative.lead_organization_id] if action == "submit" else self.admin
        services.initiative_transition(actor=actor, initiative=initiative, action=action, reason="سبب")
        return f"{action} {initiative.pk}"

    def mark_success(self):
        initiative = self.pick(Status.COMPLETED)
        if initiative is None:
            return "mark: none"
        initiative = services.initiative_update(actor=self.admin, initiative=initiative, data={"results_ar": "نتائج"},
                                                expected_version=None)
        successful = self.rng.random() < 0.7
        services.initiative_mark_success(actor=self.coordinators[initiative.region_id], initiative=initiative,
                                         successful=successful)
        return f"success {initiative.pk} {successful}"

    def replicate(self):
        source = self.pick(*PUBLISHED_STATUSES)
        if source is None:
            return "replicate: none"
        org = self.rng.choice(self.organizations)
        replica = services.initiative_replicate(actor=self.editors[org.pk], source=source, organization=org)
        return f"replicate {source.pk} as {replica.pk}"

    def import_rows(self):
        org = self.rng.choice(self.organizations)
        keys = [column.key for column in IMPORT_COLUMNS]
        header = [column.header for column in IMPORT_COLUMNS]
        rows = []
        for n in range(self.rng.randint(1, 3)):
            values = {"title_ar": f"مستورد {n}", "summary_ar": "ملخص", "lead_organization_id": org.pk,
                      "sdgs": self.rng.choice(["", "3", "11، 13"]), "start_date": self.rng.choice(["", "2023-05-01"])}
            rows.append([values.get(key) for key in keys])
        result = initiatives_import(actor=self.editors[org.pk], upload=upload(xlsx_bytes(rows, header)), dry_run=False)
        assert result.ok, result.errors
        return f"import {result.created}"

    def delete(self):
        initiative = self.pick()
        if initiative is None:
            return "delete: none"
        services.initiative_delete(actor=self.admin, initiative=initiative)
        return f"delete {initiative.pk}"

    def change_sector(self):
        org = self.rng.choice(self.organizations)
        org.refresh_from_db()
        sector = self.rng.choice([value for value in Sector.values if value != org.sector])
        organization_update(actor=self.admin, organization=org, data={"sector": sector})
        return f"sector of {org.pk} → {sector}"

    STEPS = {"create": 5, "edit": 3, "step": 6, "mark_success": 1, "replicate": 1, "import_rows": 1, "delete": 1,
             "change_sector": 1}

    def random_step(self):
        names = list(self.STEPS)
        return getattr(self, self.rng.choices(names, weights=[self.STEPS[n] for n in names])[0])()


@pytest.fixture
def world(make_org, make_member, make_coordinator, platform_admin, region, other_region):
    def build(seed):
        return World(random.Random(seed), make_org=make_org, make_member=make_member,
                     make_coordinator=make_coordinator, platform_admin=platform_admin,
                     region=region, other_region=other_region)

    return build


@pytest.mark.parametrize("offset", [0, 1])
def test_kept_counts_equal_a_fresh_count_after_random_writes(world, offset):
    seed = SEED + offset
    steps = world(seed)
    done = []
    for _ in range(STEPS):
        done.append(steps.random_step())
        expected = expected_cells()
        assert counts.table_rows() == expected, f"seed {seed} after: {done}"
    assert counts.fresh_rows() == expected  # the rebuild's GROUP BY agrees with the Python count
    assert counts.differences() == {}
    kept = counts.table_rows()
    counts.rebuild()
    assert counts.table_rows() == kept
    assert Initiative.objects.count() > 5, done  # the sequence did build something


def random_filters(rng, steps) -> InitiativeFilters:
    region = rng.choice([None, *steps.regions])
    city = rng.choice([None, *steps.cities[region.pk]]) if region else None
    return InitiativeFilters(
        region=region.pk if region else None, city=city.pk if city else None,
        axis=rng.choice([None, None, *[axis.pk for axis in steps.axes]]),
        sdg=rng.choice([None, None, *[sdg.number for sdg in steps.sdgs]]),
        sector=rng.choice(["", "", *Sector.values[:3]]), status=rng.choice(["", "", "approved", "draft"]),
        year=rng.choice([None, None, 2024]), success=rng.choice([None, None, True]),
    )


def test_facets_from_the_kept_counts_equal_facets_counted_over_the_initiatives(world, make_user):
    steps = world(SEED + 7)
    for _ in range(STEPS):
        steps.random_step()
    rng = random.Random(SEED)
    org = steps.organizations[0]
    people = [None, make_user(), steps.editors[org.pk], steps.coordinators[steps.regions[1].pk], steps.admin]
    # The margins answer the first three (no filter, or a status alone); the grains the rest.
    chosen = [InitiativeFilters(), InitiativeFilters(status="approved"), InitiativeFilters(status="draft")]
    for filters in chosen + [random_filters(rng, steps) for _ in range(60)]:
        for person in people:
            for facet in selectors.FACETS:
                live = selectors._live_counts(person, filters, facet)
                live = {key: n for key, n in live.items() if key}  # the table has no "no city"
                kept = selectors.facet_counts(user=person, filters=filters, facet=facet)
                kept = {key: n for key, n in kept.items() if key}
                assert kept == live, (facet, filters, person)
            total = selectors.initiative_list(user=person, filters=filters).order_by().count()
            assert selectors.initiative_count(user=person, filters=filters) == total, (filters, person)


def test_facets_of_a_search_or_an_organisation_equal_facets_counted_over_the_initiatives(world, make_user):
    steps = world(SEED + 11)
    for _ in range(STEPS):
        steps.random_step()
    rng = random.Random(SEED + 11)
    org = steps.organizations[0]
    people = [None, make_user(), steps.editors[org.pk], steps.coordinators[steps.regions[1].pk], steps.admin]
    chosen = [InitiativeFilters(organization=org.pk), InitiativeFilters(q="مبادرة")]
    chosen += [replace(random_filters(rng, steps), q=rng.choice(["", "مبادرة", "ملخص", "مستورد"]),
                       organization=rng.choice([None, org.pk]) if i % 2 else org.pk) for i in range(30)]
    for filters in chosen:
        for person in people:
            bounded = selectors._bounded_facet_counts(person, filters)
            for facet in selectors.FACETS:
                live = {key: n for key, n in selectors._live_counts(person, filters, facet).items() if key}
                assert {key: n for key, n in bounded[facet].items() if key} == live, (facet, filters, person)


# ---------------------------------------------------------------- what the catalogue reads


def catalogue_queries(client, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/initiatives/", params or {}).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def counted_over_initiatives(sql: list[str]) -> list[str]:
    """The statements that group the initiatives themselves (what a rebuild of the facets would do)."""
    table = Initiative._meta.db_table
    return [q for q in sql if "GROUP BY" in q and f'FROM "{table}"' in q]


def test_catalogue_sums_the_kept_counts_right_after_a_write(client, make_initiative, make_org, region, other_region):
    axis = Axis.objects.first()
    matching = {"axes": [axis], "sdgs": [SDG.objects.get(number=11)], "start_date": datetime.date(2025, 3, 1)}
    for _ in range(3):
        make_initiative(status="approved", **matching)
    table = InitiativeCount._meta.db_table
    # Region and axis: the city facet within the axis is the one counted over the initiatives (in the region).
    with_filters = {"region": region.pk, "axis": axis.pk, "sdg": 11, "year": 2025}
    assert counted_over_initiatives(catalogue_queries(client)) == []
    assert len(counted_over_initiatives(catalogue_queries(client, with_filters))) == 1
    for params in (None, with_filters):
        assert len(catalogue_queries(client, params)) == 2  # warm: the version, the first page's rows

    make_initiative(make_org(region=other_region), status="approved")  # a write in another region
    after = catalogue_queries(client)
    assert counted_over_initiatives(after) == []
    assert sum(f'FROM "{table}"' in q for q in after) == 6  # one sum per facet (no city facet without a region)
    # The version, six sums, the first page's ids and rows; the new initiative's card: its row and axes.
    assert len(after) == 11
    after = catalogue_queries(client, with_filters)
    assert counted_over_initiatives(after) == []  # the city facet of the region was not touched
    assert sum(f'FROM "{table}"' in q for q in after) == 7  # six sums and the region's version
    assert len(after) == 10  # the version, seven from the table, the ids and rows (no new card there)

    make_initiative(status="approved", **matching)  # a write in the region
    assert len(counted_over_initiatives(catalogue_queries(client, with_filters))) == 1


def test_catalogue_counts_a_search_in_python_over_its_matches(client, make_initiative, region):
    from django.core.cache import cache

    axis = Axis.objects.first()
    make_initiative(status="approved", title_ar="تشجير الحي", axes=[axis])
    make_initiative(status="approved", title_ar="تشجير الشوارع")
    make_initiative(status="approved", title_ar="ترشيد المياه", axes=[axis])
    cache.clear()
    sql = catalogue_queries(client, {"q": "تشجير", "axis": axis.pk})
    assert counted_over_initiatives(sql) == []  # no GROUP BY per facet: the matches' dimensions, counted here
    response = client.get("/initiatives/", {"q": "تشجير", "axis": axis.pk})
    assert response.context["page_obj"].paginator.count == 1
    assert {item["value"]: item["count"] for item in response.context["facets"]["axis"]}[axis.pk] == 1
    assert {item["value"]: item["count"] for item in response.context["facets"]["region"]} == {region.pk: 1}


def test_catalogue_counts_a_city_with_an_axis_over_the_initiatives(client, make_initiative, region):
    """The table has no city × axis cells: those facets are counted over the initiatives, within the city."""
    axis, city = Axis.objects.first(), City.objects.filter(region=region).first()
    make_initiative(status="approved", axes=[axis], places=[services.PlaceSpec(region=region, city=city)])
    make_initiative(status="approved", axes=[axis])
    response = client.get("/initiatives/", {"region": region.pk, "city": city.pk, "axis": axis.pk})
    assert response.context["page_obj"].paginator.count == 1
    assert {item["value"]: item["count"] for item in response.context["facets"]["city"]}[city.pk] == 1
    assert {item["value"]: item["count"] for item in response.context["facets"]["axis"]}[axis.pk] == 1


def test_own_unpublished_initiatives_are_counted_for_their_organisation_only(client, client_for, make_initiative,
                                                                            make_member):
    draft = make_initiative()
    make_initiative(status="approved")
    member = make_member(draft.lead_organization, Role.VIEWER)
    assert client.get("/initiatives/").context["page_obj"].paginator.count == 1
    page = client_for(member).get("/initiatives/")
    assert page.context["page_obj"].paginator.count == 2
    assert {item["value"]: item["count"] for item in page.context["facets"]["status"]} == {"approved": 1, "draft": 1}


def test_rebuild_command_checks_and_rebuilds(make_initiative, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    initiative = make_initiative(status="approved")
    call_command("rebuild_initiative_counts", "--check")
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.ACTIVE)  # behind the services' back
    with pytest.raises(CommandError, match="cells differ"):
        call_command("rebuild_initiative_counts", "--check")
    call_command("rebuild_initiative_counts")
    call_command("rebuild_initiative_counts", "--check")
    assert "match" in capsys.readouterr().out


# ---------------------------------------------------------------- concurrent writers (PostgreSQL)

POSTGRES = connection.vendor == "postgresql"


def at_once(*calls) -> None:
    """Each call in its own thread and database connection, released together; any exception is raised."""
    import threading

    from django.db import connections

    barrier, errors = threading.Barrier(len(calls)), []

    def run(call):
        try:
            barrier.wait(timeout=30)
            call()
        except BaseException as error:  # raised again below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    if errors:
        raise errors[0]


@pytest.mark.skipif(not POSTGRES, reason="SQLite serialises writes: the race runs in the PostgreSQL part")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_keep_the_counts_exact(make_org, make_member, make_coordinator, platform_admin, region):
    """Creates in one organisation (the same cells), workflow steps, an edit and a sector change, all at once."""
    org = make_org(region=region)
    editors = [make_member(org, Role.EDITOR) for _ in range(4)]
    data = {"title_ar": "مبادرة", "summary_ar": "ملخص", "axes": list(Axis.objects.all()[:2])}
    drafts = [services.initiative_create(actor=editors[0], organization=org, data=data) for _ in range(4)]
    for sector in (Sector.PRIVATE, Sector.NONPROFIT, Sector.GOVERNMENT):
        calls = [
            *[lambda e=e: services.initiative_create(actor=e, organization=org, data=data) for e in editors],
            *[lambda d=d: services.initiative_transition(actor=platform_admin, initiative=d, action="cancel")
              for d in drafts[:2]],
            lambda: services.initiative_update(actor=platform_admin, initiative=drafts[2], expected_version=None,
                                               data={"start_date": datetime.date(2024, 1, 1)}),
            lambda sector=sector: organization_update(actor=platform_admin, organization=Organization.objects.get(pk=org.pk),
                                        data={"sector": sector}),
        ]
        at_once(*calls)
        assert counts.table_rows() == expected_cells()
        drafts = list(Initiative.objects.filter(status=Status.DRAFT).order_by("pk"))[:4]
