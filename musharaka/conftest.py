"""Fixtures shared by every app's tests. Data is built through the same services production uses."""

import itertools

import pytest
from django.test import Client

_counter = itertools.count(1)

# The longest tests (node id prefixes) with their rough cost on SQLite / PostgreSQL, in groups that
# each go to one worker. pytest-xdist's default scheduler hands each worker one consecutive chunk of the
# collection at the start and the rest on demand: a long test collected last (reliability/ sorts late)
# ran alone at the end while the other worker sat idle. Placed at the head of the workers' first
# chunks, one group each, they run beside the short tests instead. Only the order changes.
LONGEST_FIRST = (
    # One worker: the two share one seeded database (reliability/conftest.py, prepared once: 20 s / 40 s).
    (
        "musharaka/reliability/test_api_contract.py",  # 80 s / 95 s: schemathesis against a server
        "musharaka/reliability/test_api_fuzz.py",  # 35 s / 45 s: schemathesis against a server
    ),
    (
        "musharaka/reliability/test_backup_restore.py",  # 35 s / 60 s: two installations, the demo seeded
        "musharaka/initiatives/tests/test_counts.py::test_facets_from_the_kept_counts",
        "musharaka/initiatives/exchange/tests/test_import.py::test_a_thousand_rows",
        "musharaka/core/tests/test_seed_demo.py",  # seeds the whole demo once: 40 s / 90 s (minutes on a loaded server)
        # Never a transactional test here (e.g. partnerships' migration test): it leaves the database empty behind
        # it until the next serialized rollback, and every plain `db` test after it on that worker finds no regions;
        # pytest-django runs them after the others for that reason.
    ),
)
_PREFIXES = [prefix for group in LONGEST_FIRST for prefix in group]


def _rank(item) -> int:
    return next((index for index, prefix in enumerate(_PREFIXES) if item.nodeid.startswith(prefix)), len(_PREFIXES))


def pytest_collection_modifyitems(config, items):
    """The LONGEST_FIRST groups first, one at the head of each xdist worker's first chunk."""
    ranked = sorted((item for item in items if _rank(item) < len(_PREFIXES)), key=_rank)
    if not ranked:
        return
    groups = [[item for item in ranked if any(item.nodeid.startswith(prefix) for prefix in group)]
              for group in LONGEST_FIRST]
    rest = [item for item in items if _rank(item) == len(_PREFIXES)]
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    # xdist's LoadScheduling: each worker first gets a chunk of a quarter of its share, in worker order.
    chunk = max(len(items) // workers // 4, 2)
    ordered: list = []
    for worker in range(workers):
        mine = [item for group in groups[worker::workers] for item in group]
        filler = max(chunk - len(mine), 0)
        ordered += mine + rest[:filler]
        rest = rest[filler:]
    items[:] = ordered + rest


@pytest.fixture(autouse=True, scope="session")
def _jinja2_templates_instrumented():
    """`response.context` and `response.templates` for Jinja2 pages, as Django gives them for its own templates.

    Django's test set-up instruments only its template language; this sends the same `template_rendered`
    signal each time a Jinja2 template (a page, an included partial, an imported macro file) gets its context.
    """
    import jinja2
    from django.template import Context
    from django.test.signals import template_rendered

    original = jinja2.Template.new_context

    def new_context(self, vars=None, shared=False, locals=None):
        context = original(self, vars, shared, locals)
        template_rendered.send(sender=self, template=self, context=Context(context.get_all()))
        return context

    jinja2.Template.new_context = new_context
    yield
    jinja2.Template.new_context = original


@pytest.fixture(autouse=True, scope="session")
def _force_login_passes_the_second_factor():
    """`client.force_login(user)` gives the session a finished sign-in, second factor included.

    The one place tests get two-factor sign-in for free: a person whose roles require it (platform
    admins, region coordinators, organisation administrators) or who has it on gets an authenticator
    (made through the service if missing) and a session that passed the second factor just now, as
    the sign-in pages would leave it. `client.force_login(user, verified=False)` stops after the
    password, for the tests of the second factor itself. Enforcement stays on everywhere else.
    """
    from musharaka.accounts.testing import verify_session

    original = Client.force_login

    def force_login(self, user, backend=None, *, verified: bool = True):
        original(self, user, backend)
        if verified:
            verify_session(self.session, user)

    Client.force_login = force_login
    yield
    Client.force_login = original


@pytest.fixture(autouse=True)
def _arabic_by_default():
    """Each test starts in Arabic: a request to /en/ must not leak English into the next test."""
    from django.utils import translation

    translation.activate("ar")
    yield
    translation.activate("ar")


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db):
    from musharaka.accounts.models import User

    def make(username: str | None = None, *, password: str = "a-Strong-pass-2026", **extra):
        username = username or f"user{next(_counter)}"
        extra.setdefault("email", f"{username}@example.org")
        return User.objects.create_user(username=username, password=password, **extra)

    return make


@pytest.fixture
def region(db):
    from musharaka.geo.models import Region

    return Region.objects.get(code="SA-01")  # Riyadh


@pytest.fixture
def other_region(db):
    from musharaka.geo.models import Region

    return Region.objects.get(code="SA-02")  # Makkah


@pytest.fixture
def make_org(db, region):
    from musharaka.orgs.models import Organization, Sector

    def make(name_ar: str | None = None, *, region=region, sector=Sector.NONPROFIT, **extra):
        org = Organization.objects.create(
            name_ar=name_ar or f"جمعية التنمية الأهلية {next(_counter)}", region=region, sector=sector, **extra
        )
        from musharaka.orgs.services import organization_reindex

        organization_reindex(organization=org)
        return org

    return make


@pytest.fixture
def make_member(make_user):
    from musharaka.orgs.models import Membership

    def make(organization, role: str, **extra):
        user = make_user(**extra)
        Membership.objects.create(organization=organization, user=user, role=role)
        return user

    return make


@pytest.fixture
def make_coordinator(make_user):
    from musharaka.orgs.models import RegionCoordinator

    def make(region, **extra):
        user = make_user(**extra)
        RegionCoordinator.objects.create(region=region, user=user)
        return user

    return make


@pytest.fixture
def platform_admin(make_user):
    return make_user("platform-admin", is_staff=True, is_superuser=True)


@pytest.fixture
def client_for():
    """A test client signed in as `user` (anonymous for None)."""

    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def make_initiative(make_org, make_member, make_coordinator):
    """An initiative created through the services and walked along the workflow to `status`."""
    from musharaka.initiatives import services
    from musharaka.orgs.models import Role

    steps = {
        "draft": [],
        "submitted": ["submit"],
        "approved": ["submit", "approve"],
        "active": ["submit", "approve", "activate"],
        "completed": ["submit", "approve", "activate", "complete"],
        "cancelled": ["cancel"],
    }
    coordinators: dict[int, object] = {}

    def make(organization=None, *, status: str = "draft", editor=None, **data):
        organization = organization or make_org()
        editor = editor or make_member(organization, Role.EDITOR)
        data.setdefault("title_ar", f"مبادرة تنموية {next(_counter)}")
        data.setdefault("summary_ar", "مبادرة لتعزيز المشاركة المجتمعية في الحي")
        initiative = services.initiative_create(actor=editor, organization=organization, data=data)
        region_id = initiative.region_id
        for action in steps[status]:
            if action in ("approve",):
                if region_id not in coordinators:
                    coordinators[region_id] = make_coordinator(initiative.region)
                actor = coordinators[region_id]
            else:
                actor = editor
            initiative = services.initiative_transition(actor=actor, initiative=initiative, action=action)
        initiative.refresh_from_db()
        return initiative

    return make
