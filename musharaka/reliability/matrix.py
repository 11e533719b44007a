"""Machinery of the permission matrix (test_permission_matrix.py holds the table itself).

- the roles, in the order of the table's columns;
- `Row`: one route × method × record, with the expected answer for each role;
- `build_world`: the records the rows act on, built once for the module through the services;
- `snapshot`: the watched tables, to prove that a refused request changed nothing;
- the enumeration of the URL configuration and of the API's operations, and `coverage_problems`,
  which names every route that has neither a row nor a line in the list of public routes.
"""

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = (
    "anonymous",          # nobody signed in
    "resident",           # signed in, no membership, no region
    "viewer",             # viewer of the record's organisation
    "editor",             # editor of the record's organisation
    "admin",              # administrator of the record's organisation
    "other_admin",        # administrator of another organisation, in another region
    "coordinator",        # coordinator of the record's region
    "other_coordinator",  # coordinator of another region
    "platform_admin",     # staff and superuser
)
LOGIN = "login"  # a redirect to the sign-in page
API_PREFIX = "/api/v1"
API_NAMESPACE = "api-1.0.0"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
PASSWORD = "a-Strong-pass-2026"


# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class Row:
    """One action: `route` is a page's URL name ("orgs:edit") or an API path ("/organizations/{organization_id}").

    `on` names the record of the world whose ids fill the URL (`args` adds or replaces some); `expect`
    maps each role to its answer: a status ("403"), LOGIN, or a status followed by "=" when the request succeeds but must change
    nothing (someone else's notification marked read, say). A refused answer (LOGIN, 4xx) must
    change nothing either; a successful write must change something.
    """

    method: str
    route: str
    on: str
    expect: dict[str, str]
    data: Callable[["World", str], dict] | None = None
    args: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    multipart: bool = False

    @property
    def is_api(self) -> bool:
        return self.route.startswith("/")

    @property
    def key(self) -> str:
        """What the coverage check matches: "POST orgs:edit" or "POST /organizations/{organization_id}"."""
        return f"{self.method} {self.route}"

    @property
    def id(self) -> str:
        plain = [str(value) for value in self.args.values() if not callable(value)]
        extra = " ".join(filter(None, [self.on, *plain, self.label]))
        return f"{self.key} [{extra}]" if extra else self.key

    def url(self, world: "World") -> str:
        # An argument may be a callable of the world: a URL that mixes two records' ids, say.
        kwargs = {**world.kwargs(self.on), **{k: v(world) if callable(v) else v for k, v in self.args.items()}}
        if self.is_api:
            return API_PREFIX + self.route.format(**kwargs)
        return reverse(self.route, kwargs=kwargs or None)


def _expectations(columns: str) -> dict[str, str]:
    answers = columns.split()
    if len(answers) != len(ROLES):
        raise ValueError(f"{len(answers)} answers for {len(ROLES)} roles: {columns!r}")
    for answer in answers:
        if answer != LOGIN and not answer.rstrip("=").isdigit():
            raise ValueError(f"unknown answer {answer!r} in {columns!r}")
    return dict(zip(ROLES, answers, strict=True))


def page(method: str, route: str, on: str, expect: str, **extra) -> Row:
    return Row(method=method, route=route, on=on, expect=_expectations(expect), **extra)


def api(method: str, path: str, on: str, expect: str, **extra) -> Row:
    assert path.startswith("/"), path
    return Row(method=method, route=path, on=on, expect=_expectations(expect), **extra)


def cases(rows: Iterable[Row]) -> list[tuple[Row, str]]:
    """Every row × role, each its own test; ids must be unique or pytest would silently merge nothing."""
    rows = list(rows)
    ids = [row.id for row in rows]
    duplicates = sorted({row_id for row_id in ids if ids.count(row_id) > 1})
    if duplicates:
        raise ValueError(f"rows with the same id (give them a label): {duplicates}")
    return [(row, role) for row in rows for role in ROLES]


# ---------------------------------------------------------------- the world


@dataclass
class World:
    users: dict[str, Any]           # role → user (None for anonymous)
    tokens: dict[str, str]          # role → API token key
    sessions: dict[str, str]        # role → session key of a signed-in page client
    records: dict[str, Any]         # name → record (see build_world)
    extra: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["records"][name]
        except KeyError:
            raise AttributeError(name) from None

    def kwargs(self, on: str) -> dict[str, Any]:
        """The URL parameters that point at the record named `on`."""
        if not on:
            return {}
        record = self.records[on]
        kind = type(record).__name__
        if kind == "Organization":
            return {"organization_id": record.pk}
        if kind == "Initiative":
            return {"initiative_id": record.pk}
        if kind == "InitiativeAttachment":
            return {"initiative_id": record.initiative_id, "attachment_id": record.pk}
        if kind == "Membership":
            return {"organization_id": record.organization_id, "membership_id": record.pk}
        if kind == "Notification":
            return {"notification_id": record.pk}
        if kind == "ApiToken":
            return {"token_id": record.pk}
        if kind == "GlossaryTerm":
            return {"code": record.code}
        if kind == "ExportJob":
            return {"job_id": record.pk}
        if kind == "Event":
            return {"event_id": record.pk}
        if kind == "Speaker":
            return {"event_id": record.event_id, "speaker_id": record.pk}
        if kind == "Session":
            return {"event_id": record.event_id, "session_id": record.pk}
        if kind == "Registration":
            return {"event_id": record.event_id, "registration_id": record.pk}
        if kind == "Question":
            return {"event_id": record.session.event_id, "session_id": record.session_id, "question_id": record.pk}
        if kind == "Recommendation":
            return {"recommendation_id": record.pk}
        if kind == "Booth":
            return {"event_id": record.event_id, "booth_id": record.pk}
        if kind == "Showcase":
            return {"event_id": record.event_id, "showcase_id": record.pk}
        if kind == "ShowcaseComment":
            return {"event_id": record.showcase.event_id, "showcase_id": record.showcase_id, "comment_id": record.pk}
        if kind == "RecommendationEvidence":
            return {"recommendation_id": record.update.recommendation_id, "evidence_id": record.pk}
        if kind == "NewsPost":
            return {"event_id": record.event_id, "post_id": record.pk}
        if kind == "EventPhoto":
            return {"event_id": record.event_id, "photo_id": record.pk}
        if kind == "AttendanceCertificate":
            return {"event_id": record.event_id, "certificate_id": record.pk}
        # ---- partnerships (issue #12, pages)
        if kind == "Agreement":
            return {"agreement_id": record.pk}
        if kind == "Commitment":
            return {"agreement_id": record.agreement_id, "commitment_id": record.pk}
        if kind == "AgreementDocument":
            return {"agreement_id": record.agreement_id, "document_id": record.pk}
        if kind == "CommitmentUpdate":
            return {"agreement_id": record.commitment.agreement_id, "update_id": record.pk}
        if kind == "AgreementComment":
            return {"agreement_id": record.agreement_id, "comment_id": record.pk}
        raise KeyError(f"no URL parameters for a {kind}")


def pdf_upload(name: str = "plan.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf")


def png_upload(name: str = "logo.png"):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 90)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def build_world() -> World:
    """Two organisations in two regions, a person per role, initiatives in every status and the rest.

    Everything goes through the services production uses; afterwards every notification is read
    except one of the organisation admin's, so that "mark read" changes something for them only.
    """
    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.accounts.services import api_token_create
    from musharaka.geo.models import Region
    from musharaka.initiatives import services as initiatives
    from musharaka.initiatives.exchange.services import export_job_create
    from musharaka.initiatives.exchange.tasks import build_xlsx_export
    from musharaka.initiatives.selectors import InitiativeFilters
    from musharaka.notifications.models import Notification
    from musharaka.notifications.services import notify
    from musharaka.orgs.models import Membership, Organization, RegionCoordinator, Role, Sector
    from musharaka.orgs.services import organization_reindex
    from musharaka.taxonomy.models import GlossaryTerm

    region, other_region = Region.objects.get(code="SA-01"), Region.objects.get(code="SA-02")

    def user(username: str, **extra) -> User:
        return User.objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.org", first_name="مستخدم", **extra
        )

    def organization(name: str, in_region) -> Organization:
        org = Organization.objects.create(name_ar=name, region=in_region, sector=Sector.NONPROFIT)
        organization_reindex(organization=org)
        return org

    org = organization("جمعية التنمية الأهلية بالرياض", region)
    other_org = organization("جمعية البر بجدة", other_region)
    users: dict[str, Any] = {"anonymous": None}
    for role in ROLES[1:]:
        extra = {"is_staff": True, "is_superuser": True} if role == "platform_admin" else {}
        users[role] = user(f"matrix-{role.replace('_', '-')}", **extra)
    memberships = {
        role: Membership.objects.create(organization=org, user=users[role], role=getattr(Role, role.upper()))
        for role in ("viewer", "editor", "admin")
    }
    Membership.objects.create(organization=other_org, user=users["other_admin"], role=Role.ADMIN)
    RegionCoordinator.objects.create(region=region, user=users["coordinator"])
    RegionCoordinator.objects.create(region=other_region, user=users["other_coordinator"])
    newcomer = user("matrix-newcomer")

    editor, coordinator = users["editor"], users["coordinator"]
    steps = {
        "draft": [], "submitted": ["submit"], "approved": ["submit", "approve"],
        "active": ["submit", "approve", "activate"], "completed": ["submit", "approve", "activate", "complete"],
        "cancelled": ["cancel"],
    }
    records: dict[str, Any] = {"org": org, "other_org": other_org, "membership": memberships["viewer"]}
    for status, actions in steps.items():
        data = {"title_ar": f"مبادرة الحي النظيف ({status})", "summary_ar": "حملات تنظيف دورية بمشاركة سكان الحي"}
        if status == "completed":
            data["results_ar"] = "نظفت عشرون حديقة وشارك ثلاثمئة متطوع"
        initiative = initiatives.initiative_create(actor=editor, organization=org, data=data)
        for action in actions:
            actor = coordinator if action == "approve" else editor
            initiative = initiatives.initiative_transition(actor=actor, initiative=initiative, action=action)
        records[status] = initiative
    for status in ("draft", "approved"):
        # A cover each: a draft's is a private file served only to those who may see the draft.
        records[status] = initiatives.initiative_update(
            actor=editor, initiative=records[status], data={"cover_image": png_upload("cover.png")}, expected_version=None
        )
        records[f"{status}_attachment"] = initiatives.attachment_add(
            actor=editor, initiative=records[status], title="خطة العمل", upload=pdf_upload()
        )

    Notification.objects.update(read_at=timezone.now())
    notify(users=[users["admin"]], title_for=lambda: "إشعار للتجربة", url=reverse("notifications:list"))
    records["notification"] = Notification.objects.get(user=users["admin"], read_at__isnull=True)
    records["token"], _key = api_token_create(user=users["admin"], name="a script of the admin's")
    records["term"] = GlossaryTerm.objects.order_by("pk").first()
    # The editor's finished Excel export (the task run here: no commit happens while the world is built).
    job = export_job_create(actor=editor, filters=InitiativeFilters(), row_url="http://testserver/initiatives/{id}/")
    build_xlsx_export.call(job_id=str(job.pk))
    records["export_job"] = job
    records.update(_events_world(users, org, newcomer))
    records.update(_recommendations_world(users, org, other_org, records))
    records.update(_exhibition_world(users, newcomer, records))
    records.update(_media_world(users, org, other_org, records))
    records.update(_certificates_world(users, newcomer, records))
    records.update(_partnerships_pages_world(users, org, other_org))  # issue #12, pages
    records.update(_partnerships_world(users, org, other_org))  # issue #12 (api)
    records.update(_awards_world(users, org, other_org))  # issue #13 (core world; rows per part)
    records.update(_awards_setup_world(users, org, other_org, records))  # issue #13 (setup)
    records.update(_awards_results_world(users, org, other_org, records))  # issue #13 (results)
    records.update(_plans_needs_world(users, org, newcomer, records))  # issue #14 (needs)
    records.update(_plans_planpages_world(users, org, other_org))  # issue #14 (plan pages)
    records.update(_results_world(users, records))  # issue #14 (results)
    records.update(_plans_api14_world(users, org, other_org, records))  # issue #14 (api14)
    records.update(_impact_pages15_world(users, records))  # issue #15 (pages15)
    records.update(_impact_reports15_world(users, records))  # issue #15 (reports15)
    records.update(_impact_api15_world(users, records, newcomer))  # issue #15 (api15)
    records.update(_vol16_world(users, org, newcomer, records))  # issue #16 (vol16)
    records.update(_rep16_world(users, records))  # issue #16 (rep16: reports)
    records.update(_volapi16_world(users, records, newcomer))  # issue #16 (volapi16)
    records.update(_o31116_world(users, org, records))  # issue #16 (o31116: Open311, the reports API, API keys)
    records.update(_ideas17_world(users, org, newcomer))  # ---- ideas17 (issue #17: processes, ideas)
    records.update(_moderation17_world(users, org, newcomer))  # issue #17 (moderation17)
    records.update(_surveys17_world(users, org, newcomer))  # issue #17 (surveys17)
    records.update(_topics17_world(users, org))  # issue #17 (topics17: the topic summary)
    records.update(_budgets17_world(users, org))  # issue #17 (budgets17)
    # What the awards told people (invitations, eligibility, results) is read: the notification rows own the unread.
    Notification.objects.filter(read_at__isnull=True).exclude(pk=records["notification"].pk).update(
        read_at=timezone.now())
    tokens = {role: api_token_create(user=users[role], name="matrix")[1] for role in ROLES[1:]}
    sessions = {}
    for role in ROLES[1:]:
        client = Client()
        client.force_login(users[role])
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return World(users=users, tokens=tokens, sessions=sessions, records=records, extra={"newcomer": newcomer})


def _events_world(users: dict[str, Any], org, newcomer) -> dict[str, Any]:
    """A published forum with a cover, a speaker with a photo and a session; an unpublished one; the
    resident's registration at the published one; a full meeting (one seat, the resident's) where the
    newcomer waits."""
    import datetime

    from django.utils import timezone

    from musharaka.events import services as events

    editor = users["editor"]
    starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=30)
    records: dict[str, Any] = {}
    for name, published in (("event", True), ("draft_event", False)):
        records[name] = events.event_create(actor=editor, organization=org, data={
            "title_ar": f"ملتقى المشاركة المجتمعية ({name})", "kind": "forum", "region": org.region,
            "starts_at": starts, "ends_at": starts + datetime.timedelta(days=1), "capacity": 50,
            "is_published": published, "cover_image": png_upload("cover.png"),
        })
        records[f"{name}_speaker"] = events.speaker_create(actor=editor, event=records[name], data={
            "name_ar": "سمير المغامسي", "photo": png_upload("photo.png")})
        records[f"{name}_session"] = events.session_create(actor=editor, event=records[name], data={
            "kind": "dialogue", "title_ar": "تجربة تشغيل مراكز الأحياء", "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=1), "capacity": 30}, speakers=[records[f"{name}_speaker"]])
    records["event_workshop"] = events.session_create(actor=editor, event=records["event"], data={
        "kind": "workshop", "title_ar": "ورشة قياس الأثر الاجتماعي", "starts_at": starts + datetime.timedelta(hours=2),
        "ends_at": starts + datetime.timedelta(hours=3), "capacity": 20})
    records["registration"] = events.registration_create(actor=users["resident"], event=records["event"],
                                                         category="public")
    events.session_seat_take(actor=users["resident"], registration=records["registration"],
                             session=records["event_session"])
    records["full_event"] = events.event_create(actor=editor, organization=org, data={
        "title_ar": "اجتماع تنسيقي لشركاء الحي", "kind": "meeting", "region": org.region, "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2), "capacity": 1, "is_published": True})
    records["full_registration"] = events.registration_create(actor=users["resident"], event=records["full_event"],
                                                              category="public")
    records["waiting_registration"] = events.registration_create(actor=newcomer, event=records["full_event"],
                                                                 category="public")
    records.update(_questions_world(users, newcomer, records, starts))
    return records


def _questions_world(users: dict[str, Any], newcomer, records: dict[str, Any], starts) -> dict[str, Any]:
    """Audience questions at the published forum's dialogue session: the newcomer attends too and has asked an
    approved question and a pending one, and one the resident voted for; the resident a pending one. A past
    forum (the resident attended) takes feedback."""
    import datetime

    from musharaka.events import questions
    from musharaka.events import services as events
    from musharaka.events.models import Event

    editor, resident = users["editor"], users["resident"]
    session = records["event_session"]
    events.registration_create(actor=newcomer, event=records["event"], category="public")
    found: dict[str, Any] = {}
    found["question"] = questions.question_ask(actor=newcomer, session=session, text="كيف تقاس نتائج المبادرات؟")
    questions.question_moderate(actor=editor, question=found["question"], action="approve")
    found["question_pending"] = questions.question_ask(actor=newcomer, session=session, text="من يمول مراكز الأحياء؟")
    found["question_mine"] = questions.question_ask(actor=resident, session=session, text="هل تنشر العروض بعد الملتقى؟")
    found["question_voted"] = questions.question_ask(actor=newcomer, session=session, text="أين تنشر عروض الجلسات؟")
    questions.question_moderate(actor=editor, question=found["question_voted"], action="approve")
    questions.question_vote(actor=resident, question=found["question_voted"])
    past = events.event_create(actor=editor, organization=records["event"].organization, data={
        "title_ar": "الملتقى الرابع للمشاركة المجتمعية", "kind": "forum", "region": records["event"].region,
        "starts_at": starts, "ends_at": starts + datetime.timedelta(days=1), "is_published": True})
    found["past_event_session"] = events.session_create(actor=editor, event=past, data={
        "kind": "dialogue", "title_ar": "جلسة حوارية عن التطوع", "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=1)})
    events.registration_create(actor=resident, event=past, category="public")
    # Held two days ago: registration refuses a past event, so the dates move after it.
    ago = starts - datetime.timedelta(days=32)
    Event.objects.filter(pk=past.pk).update(starts_at=ago, ends_at=ago + datetime.timedelta(days=1))
    past.refresh_from_db()
    found["past_event"] = past
    return found


def _recommendations_world(users: dict[str, Any], org, other_org, records: dict[str, Any]) -> dict[str, Any]:
    """A recommendation of the published forum assigned to the other organisation (its admin follows it up),
    with an update and a PDF as evidence; one of the unpublished forum assigned to the organiser itself."""
    from musharaka.events import recommendations as recs

    editor = users["editor"]
    found: dict[str, Any] = {}
    for name, event, responsible in (("recommendation", records["event"], other_org),
                                     ("draft_recommendation", records["draft_event"], org)):
        found[name] = recs.recommendation_create(actor=editor, event=event, data={
            "text_ar": "إشراك السكان في تصميم المشهد الحضري للأحياء", "organization": responsible})
        follower = users["other_admin"] if responsible == other_org else editor
        update = recs.recommendation_post_update(actor=follower, recommendation=found[name], text="محضر الاجتماع",
                                                 evidence=[pdf_upload("minutes.pdf")])
        found[f"{name}_evidence"] = update.evidence.get()
    return found


def _exhibition_world(users: dict[str, Any], newcomer, records: dict[str, Any]) -> dict[str, Any]:
    """The published forum's exhibition: a booth showing the approved initiative (`showcase`, liked by the resident,
    with the newcomer's pending comment) and the draft one (`hidden_showcase`: organisers only); the unpublished
    forum shows the active initiative (`draft_showcase`)."""
    from musharaka.events import exhibition

    editor = users["editor"]
    found: dict[str, Any] = {}
    found["booth"] = exhibition.booth_create(actor=editor, event=records["event"], data={
        "name_ar": "جناح حي النخيل", "number": "A1"})
    found["showcase"] = exhibition.showcase_add(actor=editor, event=records["event"], initiative=records["approved"],
                                                booth=found["booth"], blurb_ar="حملات تنظيف في حدائق الحي")
    found["hidden_showcase"] = exhibition.showcase_add(actor=editor, event=records["event"],
                                                       initiative=records["draft"], booth=found["booth"])
    found["draft_showcase"] = exhibition.showcase_add(actor=editor, event=records["draft_event"],
                                                      initiative=records["active"])
    exhibition.showcase_like(actor=users["resident"], showcase=found["showcase"])
    found["exhibit_comment"] = exhibition.comment_post(actor=newcomer, showcase=found["showcase"],
                                                       text="مبادرة نتمنى أن تصل إلى حينا")
    return found


def _media_world(users: dict[str, Any], org, other_org, records: dict[str, Any]) -> dict[str, Any]:
    """Development media of both forums: a published news post with an image and a draft one, and a photo. (The
    agreements signed at an event are partnerships.Agreement rows: partnerships' own world.)"""
    from musharaka.events import media

    editor = users["editor"]
    found: dict[str, Any] = {}
    for name in ("event", "draft_event"):
        event = records[name]
        found[f"{name}_post"] = media.news_post_create(actor=editor, event=event, data={
            "title_ar": "الملتقى يواصل أعماله", "body_ar": "شهد اليوم الثاني جلسات حوارية وورش عمل.",
            "is_published": True, "cover_image": png_upload("news.png")})
        found[f"{name}_draft_post"] = media.news_post_create(actor=editor, event=event, data={
            "title_ar": "مسودة خبر", "body_ar": "نص لم ينشر بعد."})
        [found[f"{name}_photo"]] = media.photos_add(actor=editor, event=event, uploads=[png_upload("photo.png")])
    return found


def _certificates_world(users: dict[str, Any], newcomer, records: dict[str, Any]) -> dict[str, Any]:
    """A published one-day workshop: the resident checked in and holds its certificate (`certificate`), the
    newcomer checked in without one yet (so issuing them all writes). At the forum, the resident checked into a
    training session and holds that session's certificate."""
    import datetime

    from musharaka.events import certificates, checkin
    from musharaka.events import services as events

    editor, resident = users["editor"], users["resident"]
    starts = records["event"].starts_at
    workshop = events.event_create(actor=editor, organization=records["event"].organization, data={
        "title_ar": "ورشة إعداد الخطة المحلية للتنمية", "kind": "workshop", "region": records["event"].region,
        "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=5), "is_published": True})
    found: dict[str, Any] = {"certified_event": workshop}
    for person in (resident, newcomer):
        registration = events.registration_create(actor=person, event=workshop, category="public")
        checkin.check_in(actor=editor, event=workshop, code=registration.ticket.code)
        if person is resident:
            found["certified_registration"] = registration
            found["certificate"] = certificates.certificate_issue(actor=resident, registration=registration)
    # A training session open to all at the forum (no seats of its own: the book_session rows keep theirs).
    session = events.session_create(actor=editor, event=records["event"], data={
        "kind": "training", "title_ar": "دورة إدارة المتطوعين", "starts_at": starts + datetime.timedelta(hours=4),
        "ends_at": starts + datetime.timedelta(hours=6)})
    found["certified_session"] = session
    checkin.check_in(actor=editor, event=records["event"], code=records["registration"].ticket.code, session=session)
    found["session_certificate"] = certificates.certificate_issue(actor=resident, registration=records["registration"],
                                                                  session=session)
    return found


def _partnerships_pages_world(users: dict[str, Any], org, other_org) -> dict[str, Any]:
    """Issue #12 (pages): `partnership`, a published MoU recorded by the organisation with the other one (whose admin
    is a party's admin), a commitment for each party (`partnership_commitment` the organisation's,
    `partnership_other_commitment` the other's, followed up by its admin with evidence), a private and a public
    document, the other admin's comment; `draft_partnership`, a draft with a party not on the platform."""
    import datetime

    from musharaka.partnerships import services as partnerships
    from musharaka.partnerships.models import PartyRole, Stage

    editor, other_admin = users["editor"], users["other_admin"]
    found: dict[str, Any] = {}
    found["partnership"] = partnerships.agreement_create(actor=editor, organization=org, data={
        "title_ar": "مذكرة تفاهم للتعاون المشترك", "stage": Stage.SIGNED, "signed_on": datetime.date(2026, 3, 1),
        "starts_on": datetime.date(2026, 3, 1), "ends_on": datetime.date(2029, 2, 28), "is_published": True},
        parties=[partnerships.PartySpec(organization=org, role=PartyRole.FIRST_PARTY),
                 partnerships.PartySpec(organization=other_org, role=PartyRole.SECOND_PARTY)])
    agreement = found["partnership"]
    parties = {party.organization_id: party for party in agreement.parties.all()}
    found["partnership_commitment"] = partnerships.commitment_create(
        actor=editor, agreement=agreement, party=parties[org.pk], data={"title_ar": "إطلاق المبادرات النوعية"})
    found["partnership_other_commitment"] = partnerships.commitment_create(
        actor=editor, agreement=agreement, party=parties[other_org.pk], data={"title_ar": "تجميل الميادين العامة"})
    found["partnership_update"] = partnerships.commitment_update_add(
        actor=other_admin, commitment=found["partnership_other_commitment"], happened_on=datetime.date(2026, 4, 1),
        note="بدأ العمل في الميدان الأول", status="in_progress", progress=20, evidence=pdf_upload("report.pdf"))
    found["partnership_document"] = partnerships.document_add(actor=editor, agreement=agreement, title="محضر التوقيع",
                                                              upload=pdf_upload("minutes.pdf"))
    found["partnership_public_document"] = partnerships.document_add(
        actor=editor, agreement=agreement, title="نص المذكرة", upload=pdf_upload("mou.pdf"), is_public=True)
    found["partnership_comment"] = partnerships.comment_add(actor=other_admin, agreement=agreement,
                                                            body="نقترح اجتماعا شهريا للمتابعة")
    found["draft_partnership"] = partnerships.agreement_create(actor=editor, organization=org, data={
        "title_ar": "مسودة اتفاقية تعاون"}, parties=[partnerships.PartySpec(organization=org),
                                                   partnerships.PartySpec(name_ar="شركة معارف")])
    return found


# ---------------------------------------------------------------- what a request changed


# ---- partnerships (issue #12, api)
def _partnerships_world(users: dict[str, Any], org, other_org) -> dict[str, Any]:
    """`agreement`: signed and published, recorded by `org` with `other_org` as the other party (its admin is the
    other party's admin), a commitment of each party; `draft_agreement`: `org`'s draft with a party from the
    press only (the other organisation's admin is an outsider to it), a commitment."""
    import datetime

    from musharaka.partnerships import services as partnerships
    from musharaka.partnerships.models import PartyRole, Stage

    admin = users["admin"]
    agreement = partnerships.agreement_create(actor=admin, organization=org, data={
        "title_ar": "مذكرة تفاهم لدعم الاستدامة", "stage": Stage.SIGNED, "signed_on": datetime.date(2026, 3, 1),
        "starts_on": datetime.date(2026, 3, 1), "ends_on": datetime.date(2028, 2, 28), "is_published": True,
    }, parties=[partnerships.PartySpec(organization=org, role=PartyRole.SECOND_PARTY),
                partnerships.PartySpec(organization=other_org, role=PartyRole.FIRST_PARTY)])
    parties = {party.organization_id: party for party in agreement.parties.all()}
    draft = partnerships.agreement_create(actor=admin, organization=org, data={
        "title_ar": "اتفاقية تعاون قيد الإعداد", "stage": Stage.DRAFT,
    }, parties=[partnerships.PartySpec(organization=org), partnerships.PartySpec(name_ar="شركة معارف")])
    return {
        "agreement": agreement, "draft_agreement": draft,
        "commitment": partnerships.commitment_create(actor=admin, agreement=agreement, party=parties[org.pk],
                                                     data={"title_ar": "تنظيم حملات التوعية"}),
        "partner_commitment": partnerships.commitment_create(
            actor=admin, agreement=agreement, party=parties[other_org.pk], data={"title_ar": "توفير المواقع"}),
        "draft_commitment": partnerships.commitment_create(
            actor=admin, agreement=draft, party=draft.parties.get(organization=org), data={"title_ar": "إعداد الخطة"}),
    }


WATCHED: tuple[str, ...] = (
    "accounts.User", "accounts.ApiToken", "orgs.Organization", "orgs.Membership", "orgs.RegionCoordinator",
    "initiatives.Initiative", "initiatives.InitiativeAttachment", "initiatives.InitiativePartner",
    "initiatives.InitiativePlace", "initiatives.Transition", "notifications.Notification", "taxonomy.GlossaryTerm",
    "initiatives_exchange.ExportJob", "otp_totp.TOTPDevice", "accounts.RecoveryCodeDevice", "accounts.RecoveryCode",
    "events.Event", "events.EventSeries", "events.EventAudience",
    "events.GuestOfHonour", "events.Speaker", "events.Session", "events.SessionSpeaker", "events.Registration",
    "events.SessionSeat", "events.Question", "events.QuestionVote", "events.SessionFeedback",
    "events.Ticket", "events.CheckIn", "events.AttendanceCount",
    "events.Recommendation", "events.RecommendationUpdate", "events.RecommendationEvidence",
    "events.Booth", "events.Showcase", "events.ShowcaseLike", "events.ShowcaseComment",
    "events.NewsPost", "events.EventPhoto",
    "events.AttendanceCertificate",
    # issue #12 (pages)
    "partnerships.Agreement", "partnerships.AgreementParty", "partnerships.Commitment", "partnerships.CommitmentUpdate",
    "partnerships.AgreementDocument", "partnerships.AgreementComment",
)
# ---- awards (issue #13): every awards table (a successful write must change one of them, a refused one none)
WATCHED += ("awards.Programme", "awards.Cycle", "awards.Category", "awards.Criterion", "awards.Question",
            "awards.Application", "awards.ApplicationEvidence", "awards.Judge", "awards.Round", "awards.PanelMember",
            "awards.RoundEntry", "awards.Scoresheet", "awards.Score", "awards.Recusal", "awards.DeliberationNote",
            "awards.Winner", "awards.Vote")
# ---- plans (needs): the tables the needs pages write (others' parts may list some of them again: harmless)
WATCHED += ("plans.Plan", "plans.Need", "plans.NeedVote", "plans.NeedEvidence", "plans.NeedScore",
            "plans.PriorityCriterion", "plans.Goal", "plans.Action")
# Bookkeeping that any authenticated request may touch: not a change of data.
VOLATILE = {"last_login", "last_used_at"}


@functools.cache
def _select_statements() -> list[tuple[str, str]]:
    from django.db import connection

    quote = connection.ops.quote_name
    statements = []
    for label in WATCHED:
        meta = apps.get_model(label)._meta
        columns = ", ".join(quote(f.column) for f in meta.concrete_fields if f.attname not in VOLATILE)
        table, pk = quote(meta.db_table), quote(meta.pk.column)
        statements.append((label, f"SELECT {columns} FROM {table} ORDER BY {pk}"))  # noqa: S608 (names from the models)
    return statements


def snapshot() -> dict[str, list[tuple]]:
    """Every watched row, read with plain SQL (the ORM's query building would be most of a test's time)."""
    from django.db import connection

    state = {}
    with connection.cursor() as cursor:
        for label, sql in _select_statements():
            cursor.execute(sql)
            state[label] = [tuple(row) for row in cursor.fetchall()]
    return state


def changes(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> list[str]:
    """One line per watched table that differs, naming the rows added, removed or changed."""
    lines = []
    for label in WATCHED:
        old, new = set(before[label]), set(after[label])
        if old != new:
            lines.append(f"{label}: {len(new - old)} row(s) new or changed, {len(old - new)} gone or changed")
    return lines


# ---------------------------------------------------------------- enumeration of the URLs


def url_patterns(resolver: URLResolver | None = None) -> Iterator[tuple[str, str]]:
    """(qualified name, route) of every URL pattern, through includes and i18n_patterns."""

    def walk(node: URLResolver, prefix: str, namespaces: tuple[str, ...]) -> Iterator[tuple[str, str]]:
        for entry in node.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespaces + ((entry.namespace,) if entry.namespace else ())
                yield from walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                name = ":".join((*namespaces, entry.name or f"<unnamed {route}>"))
                yield name, route

    yield from walk(resolver or get_resolver(), "", ())


def api_operations(ninja_api=None) -> list[tuple[str, str, str]]:
    """(method, path under /api/v1, operation id) of every operation in the API's OpenAPI document."""
    if ninja_api is None:
        from musharaka.api import api as ninja_api
    return list(_operations(ninja_api))


@functools.cache
def _operations(ninja_api) -> tuple[tuple[str, str, str], ...]:
    schema = ninja_api.get_openapi_schema()  # a few seconds: built once per process
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            found.append((method.upper(), path.removeprefix(API_PREFIX), operation.get("operationId", "")))
    return tuple(found)


def _api_path(route: str) -> str:
    """"api/v1/organizations/<organization_id>" → "/organizations/{organization_id}"."""
    import re

    path = "/" + route.removeprefix(API_PREFIX.lstrip("/") + "/")
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path).rstrip("/") or "/"


def coverage_problems(
    rows: Iterable[Row],
    public_routes: dict[str, str],
    public_operations: dict[str, str],
    *,
    patterns: Iterable[tuple[str, str]] | None = None,
    operations: Iterable[tuple[str, str, str]] | None = None,
) -> list[str]:
    """Every route and API operation without a row or a public-list entry, and every stale row or entry."""
    rows = list(rows)
    patterns = list(url_patterns() if patterns is None else patterns)
    operations = list(api_operations() if operations is None else operations)
    page_keys = {row.route for row in rows if not row.is_api}
    api_keys = {row.key for row in rows if row.is_api}
    operation_keys = {f"{method} {path}" for method, path, _id in operations}
    operation_paths = {path for _method, path, _id in operations}
    namespaces = {key[:-1] for key in public_routes if key.endswith(":*")}
    problems = []

    for name, route in patterns:
        if name in public_routes or name in page_keys or name.split(":", 1)[0] + ":" in namespaces:
            continue
        if name.startswith(API_NAMESPACE + ":") and _api_path(route) in operation_paths:
            continue  # an API operation: checked below, method by method
        problems.append(
            f"URL {name!r} (/{route}) has no row in the permission matrix and is not listed as a public route: "
            "add a row (expected answer per role) or a line in PUBLIC_ROUTES saying why it needs none."
        )
    for method, path, operation_id in operations:
        key = f"{method} {path}"
        if key not in api_keys and key not in public_operations:
            problems.append(
                f"API operation {key!r} ({operation_id}) has no row in the permission matrix and is not listed "
                "as a public operation: add a row or a line in PUBLIC_OPERATIONS saying why it needs none."
            )

    names = {name for name, _route in patterns}
    for row in rows:
        if row.is_api and row.key not in operation_keys:
            problems.append(f"row {row.id!r} names no API operation")
        if not row.is_api and row.route not in names:
            problems.append(f"row {row.id!r} names no URL")
    for key in public_routes:
        if not key.endswith(":*") and key not in names:
            problems.append(f"public route {key!r} is not a URL any more")
        if key.endswith(":*") and not any(name.startswith(key[:-1]) for name in names):
            problems.append(f"public namespace {key!r} has no URL any more")
    for key in public_operations:
        if key not in operation_keys:
            problems.append(f"public operation {key!r} is not an API operation any more")
        if key in api_keys:
            problems.append(f"{key!r} is both a row and a public operation")
    for key in public_routes:
        if key in page_keys:
            problems.append(f"{key!r} is both a row and a public route")
    return problems


# ---- awards (issue #13, core world)
def _awards_world(users: dict[str, Any], org, other_org) -> dict[str, Any]:
    """The awards' roles in the nine columns: `org` organises (its admin and editor are the organiser, its viewer
    nobody in particular), `other_admin` applies for `other_org`, `resident` is an accepted judge assigned to the
    application, `other_coordinator` an accepted judge recused from it (a declared conflict).

    - `award_programme`, and `award_cycle` in judging: `award_category` (criteria 60/40), `award_round` (round 1),
      `award_application` (eligible, with an initiative of other_org), `award_sheet` (the resident's, a draft),
      `award_judge` (the resident's judgeship), `award_recused_judge` (the other coordinator's), `award_evidence`;
    - `award_open_cycle` in nominations: `award_open_category`, `award_draft_application` (other_admin's draft);
    - `award_published_cycle` with its results: `award_winner` (first place, other_org's application)."""
    import datetime

    from django.utils import timezone

    from musharaka.awards import services as awards
    from musharaka.awards.models import Cycle, Scoresheet
    from musharaka.initiatives import services as initiatives

    admin, other_admin = users["admin"], users["other_admin"]
    resident, recused = users["resident"], users["other_coordinator"]
    now = timezone.now()
    found: dict[str, Any] = {}
    programme = awards.programme_create(actor=admin, organization=org, data={
        "name_ar": "جائزة التنمية المحلية", "name_en": "Local Development Award",
        "description_ar": "جائزة تحفز التنافس الإيجابي بين المناطق"})
    found["award_programme"] = programme

    def cycle_with_category(year: int, *, needs_initiative: bool) -> tuple:
        cycle = awards.cycle_create(actor=admin, programme=programme, data={
            "year": year, "nominations_open_at": now - datetime.timedelta(days=10),
            "nominations_close_at": now + datetime.timedelta(days=10)})
        category = awards.category_create(actor=admin, cycle=cycle, data={
            "name_ar": "أفضل مبادرة تنموية", "judges_per_application": 1, "winner_places": 3,
            "needs_initiative": needs_initiative})
        for name, weight in (("الأثر المجتمعي", 60), ("الاستدامة", 40)):
            awards.criterion_create(actor=admin, category=category, data={"name_ar": name, "weight": weight})
        awards.question_create(actor=admin, category=category, data={"text_ar": "ما أثر المبادرة؟"})
        return awards.cycle_advance(actor=admin, cycle=cycle), category

    def answers(category) -> dict:
        return {str(category.questions.get().pk): "أثر واضح في الحي"}

    def to_judging(cycle, application):
        Cycle.objects.filter(pk=cycle.pk).update(nominations_close_at=now - datetime.timedelta(seconds=1))
        cycle.refresh_from_db()
        cycle = awards.cycle_advance(actor=admin, cycle=cycle)
        awards.application_check_eligibility(actor=admin, application=application, eligible=True)
        return awards.cycle_advance(actor=admin, cycle=cycle)

    def seat(cycle, user, round_):
        judge = awards.judge_invite(actor=admin, cycle=cycle, user=user)
        judge = awards.judge_respond(actor=user, judge=judge, accept=True)
        awards.panel_add(actor=admin, round=round_, judge=judge)
        return judge

    # The cycle in judging.
    cycle, category = cycle_with_category(2026, needs_initiative=True)
    initiative = initiatives.initiative_create(actor=other_admin, organization=other_org, data={
        "title_ar": "مبادرة أنسنة الأحياء", "summary_ar": "تحسين المشهد الحضري بمشاركة السكان"})
    initiative = initiatives.initiative_transition(actor=other_admin, initiative=initiative, action="submit")
    initiative = initiatives.initiative_transition(actor=users["other_coordinator"], initiative=initiative,
                                                   action="approve")
    application = awards.application_create(actor=other_admin, category=category, organization=other_org,
                                             initiative=initiative, data={}, answers=answers(category))
    found["award_evidence"] = awards.evidence_add(actor=other_admin, application=application, title="تقرير الأثر",
                                                  upload=pdf_upload("impact.pdf"))
    application = awards.application_submit(actor=other_admin, application=application)
    round_ = category.rounds.get(number=1)
    found["award_judge"] = seat(cycle, resident, round_)
    found["award_recused_judge"] = seat(cycle, recused, round_)
    cycle = to_judging(cycle, application)
    sheet = Scoresheet.objects.get(application=application)
    if sheet.judge.user_id != resident.pk:  # the recused judge declares the conflict: the resident takes it
        awards.conflict_declare(actor=recused, judge=found["award_recused_judge"], application=application,
                                reason="أعمل مستشارًا للجمعية")
    else:
        from musharaka.awards.models import Recusal, RecusalSource

        Recusal.objects.create(judge=found["award_recused_judge"], application=application,
                               source=RecusalSource.DECLARED, reason="أعمل مستشارًا للجمعية")
    sheet = Scoresheet.objects.get(application=application)
    awards.sheet_save(actor=resident, sheet=sheet, scores={category.criteria.first().pk: (7, "عمل جيد")})
    found.update(award_cycle=cycle, award_category=category, award_round=round_, award_application=application,
                 award_sheet=sheet)

    # The cycle in nominations, with the other admin's draft.
    open_cycle, open_category = cycle_with_category(2027, needs_initiative=False)
    found.update(award_open_cycle=open_cycle, award_open_category=open_category)
    found["award_draft_application"] = awards.application_create(
        actor=other_admin, category=open_category, organization=other_org, data={"title_ar": "فريق الحي التطوعي"},
        answers=answers(open_category))

    # The cycle whose results are published.
    published, published_category = cycle_with_category(2025, needs_initiative=False)
    winning = awards.application_create(actor=other_admin, category=published_category, organization=other_org,
                                        data={"title_ar": "مبادرة الحي الأخضر"}, answers=answers(published_category))
    winning = awards.application_submit(actor=other_admin, application=winning)
    published_round = published_category.rounds.get(number=1)
    judge_user = users["platform_admin"]
    seat(published, judge_user, published_round)
    published = to_judging(published, winning)
    published_sheet = Scoresheet.objects.get(application=winning)
    awards.sheet_save(actor=judge_user, sheet=published_sheet, submit=True, scores={
        criterion.pk: (8, "") for criterion in published_category.criteria.all()})
    awards.round_close(actor=admin, round=published_round)
    published = awards.cycle_advance(actor=admin, cycle=published)
    awards.winners_confirm(actor=admin, category=published_category, placements=[(winning, 1, "", "")])
    published = awards.cycle_advance(actor=admin, cycle=published)
    found.update(award_published_cycle=published, award_winner=published_category.winners.get())
    return found


# ---- awards (setup)
def _awards_setup_world(users: dict[str, Any], org, other_org, records: dict[str, Any]) -> dict[str, Any]:
    """Records for the setup pages, beside _awards_world's: `award_draft_cycle` being prepared by `org` with
    `award_draft_category` (one criterion weighing 100, `award_draft_criterion`, and `award_draft_question`);
    `award_check_cycle` in nominations with other_admin's submitted `award_submitted_application`; a PDF on the
    other admin's draft (`award_draft_evidence`)."""
    import datetime

    from django.utils import timezone

    from musharaka.awards import services as awards

    admin, other_admin = users["admin"], users["other_admin"]
    now = timezone.now()
    programme = records["award_programme"]
    found: dict[str, Any] = {}

    def cycle_with_category(year: int) -> tuple:
        cycle = awards.cycle_create(actor=admin, programme=programme, data={
            "year": year, "nominations_open_at": now - datetime.timedelta(days=10),
            "nominations_close_at": now + datetime.timedelta(days=10)})
        category = awards.category_create(actor=admin, cycle=cycle, data={
            "name_ar": "أفضل فريق تطوعي", "needs_initiative": False, "judges_per_application": 1})
        criterion = awards.criterion_create(actor=admin, category=category, data={"name_ar": "الأثر", "weight": 100})
        question = awards.question_create(actor=admin, category=category, data={"text_ar": "ما أثر الفريق؟"})
        return cycle, category, criterion, question

    draft, category, criterion, question = cycle_with_category(2028)
    found.update(award_draft_cycle=draft, award_draft_category=category, award_draft_criterion=criterion,
                 award_draft_question=question)
    check, check_category, _criterion, check_question = cycle_with_category(2029)
    check = awards.cycle_advance(actor=admin, cycle=check)
    application = awards.application_create(actor=other_admin, category=check_category, organization=other_org,
                                             data={"title_ar": "فريق الحي التطوعي"},
                                             answers={str(check_question.pk): "ينظف الفريق الحدائق"})
    found["award_submitted_application"] = awards.application_submit(actor=other_admin, application=application)
    found["award_check_cycle"] = check
    found["award_draft_evidence"] = awards.evidence_add(
        actor=other_admin, application=records["award_draft_application"], title="صور الفريق",
        upload=pdf_upload("team.pdf"))
    return found


# ---- awards (results)
def _awards_results_world(users: dict[str, Any], org, other_org, records: dict[str, Any]) -> dict[str, Any]:
    """A cycle of the awards' programme in deliberation (2024) with the people's choice open:
    `award_deliberation_cycle`, its `award_deliberation_category` (one criterion, a single winner) and
    `award_deliberation_application` (other_admin's for other_org, eligible, scored by the platform admin, ranked
    first, no winner confirmed yet)."""
    import datetime

    from django.utils import timezone

    from musharaka.awards import services as awards
    from musharaka.awards.models import Cycle, Scoresheet

    admin, other_admin, judge_user = users["admin"], users["other_admin"], users["platform_admin"]
    now = timezone.now()
    cycle = awards.cycle_create(actor=admin, programme=records["award_programme"], data={
        "year": 2024, "people_choice": True, "nominations_open_at": now - datetime.timedelta(days=10),
        "nominations_close_at": now + datetime.timedelta(days=10)})
    category = awards.category_create(actor=admin, cycle=cycle, data={
        "name_ar": "أفضل فريق تطوعي", "judges_per_application": 1, "winner_places": 1, "needs_initiative": False})
    criterion = awards.criterion_create(actor=admin, category=category, data={"name_ar": "الأثر", "weight": 100})
    cycle = awards.cycle_advance(actor=admin, cycle=cycle)
    application = awards.application_create(actor=other_admin, category=category, organization=other_org,
                                             data={"title_ar": "فريق الحي التطوعي"}, answers={})
    application = awards.application_submit(actor=other_admin, application=application)
    judge = awards.judge_invite(actor=admin, cycle=cycle, user=judge_user)
    judge = awards.judge_respond(actor=judge_user, judge=judge, accept=True)
    round_ = category.rounds.get(number=1)
    awards.panel_add(actor=admin, round=round_, judge=judge)
    Cycle.objects.filter(pk=cycle.pk).update(nominations_close_at=now - datetime.timedelta(seconds=1))
    cycle.refresh_from_db()
    cycle = awards.cycle_advance(actor=admin, cycle=cycle)
    awards.application_check_eligibility(actor=admin, application=application, eligible=True)
    cycle = awards.cycle_advance(actor=admin, cycle=cycle)
    awards.sheet_save(actor=judge_user, sheet=Scoresheet.objects.get(application=application), submit=True,
                      scores={criterion.pk: (8, "عمل متقن")})
    awards.round_close(actor=admin, round=round_)
    cycle = awards.cycle_advance(actor=admin, cycle=cycle)
    cycle = awards.cycle_set_people_choice(actor=admin, cycle=cycle, is_open=True)
    application.refresh_from_db()
    return {"award_deliberation_cycle": cycle, "award_deliberation_category": category,
            "award_deliberation_application": application}


# ---- plans (needs)
def _plans_needs_world(users: dict[str, Any], org, newcomer, records: dict[str, Any]) -> dict[str, Any]:
    """A plan of `org` (its admin and editor are the authority's staff) in consultation in org's region:
    `needs_plan` with a goal, `need_a` and its near duplicate `need_b` (the newcomer's; the resident voted for
    need_b), `need_c` nobody voted for, and `need_evidence` (a PDF study on need_a)."""
    from django.utils import timezone

    from musharaka.notifications.models import Notification
    from musharaka.plans import services as plans
    from musharaka.plans.models import NeedCategory

    category = NeedCategory.objects.order_by("position", "pk").first()
    plan = plans.plan_create(actor=users["platform_admin"], organization=org, data={
        "title_ar": "خطة التنمية المحلية للحي 2026–2030", "region": org.region, "start_year": 2026,
        "end_year": 2030})
    plan = plans.plan_move(actor=users["admin"], plan=plan, target="consultation")

    def need(title: str):
        return plans.need_submit(actor=newcomer, plan=plan, data={
            "title": title, "description": f"{title} ويحتاج الحي إلى معالجة عاجلة", "category": category})

    need_a = need("نقص الإنارة في الشوارع الداخلية")
    need_b = need("نقص الانارة في الشوارع الداخليه")
    need_c = need("قلة الحدائق العامة للأطفال")
    plans.need_vote(actor=users["resident"], need=need_b, group="youth")
    goal = plans.goal_save(actor=users["admin"], plan=plan, data={"title_ar": "تحسين جودة الحياة في الأحياء"})
    evidence = plans.evidence_add(actor=users["admin"], need=need_a, data={"kind": "study", "title": "دراسة الإنارة"},
                                  upload=pdf_upload("study.pdf"))
    Notification.objects.filter(read_at__isnull=True).exclude(pk=records["notification"].pk).update(
        read_at=timezone.now())
    plan.refresh_from_db()
    return {"needs_plan": plan, "need_a": need_a, "need_b": need_b, "need_c": need_c, "needs_goal": goal,
            "need_evidence": evidence}
# ---- plans (planpages)
WATCHED += ("plans.Plan", "plans.PlanVersion", "plans.Goal", "plans.Action", "plans.Review", "plans.ReviewRating",
            "plans.Risk", "plans.Plan_partners")


def _plans_planpages_world(users: dict[str, Any], org, other_org) -> dict[str, Any]:
    """Plans of `org` (its editor and admin are the authority's staff; the plan is in org's region, whose coordinator
    is `coordinator`), created by the platform admin since `org` is not an authority; `plans_authority`, an authority
    without members (what the platform admin may create a plan for).

    - `plan_open` in consultation (the resident submitted `plan_need`): `plan_goal` with `plan_action` led by
      other_org (other_admin leads it), `plan_spare_goal` and `plan_spare_action` (to delete), `plan_risk`;
    - `plan_approved` (version 1): `plan_approved_action` led by other_org, `plan_review`;
    - `plan_draft`, seen only by org's members, the coordinator and platform admins."""
    import datetime

    from musharaka.orgs.models import Organization, Sector
    from musharaka.plans import services as plans
    from musharaka.plans.models import NeedCategory

    admin, creator = users["admin"], users["platform_admin"]
    authority = Organization.objects.create(name_ar="أمانة المدينة للتخطيط", region=org.region,
                                            sector=Sector.AUTHORITY)
    category = NeedCategory.objects.get(code="infrastructure")

    def plan(title: str):
        return plans.plan_create(actor=creator, organization=org, data={
            "title_ar": title, "region": org.region, "start_year": 2026, "end_year": 2030})

    def goal_and_action(target, goal_title: str, action_title: str):
        goal = plans.goal_save(actor=admin, plan=target, data={"title_ar": goal_title})
        action = plans.action_save(actor=admin, goal=goal, data={
            "title_ar": action_title, "lead_organization": other_org, "budget": "150000.00",
            "funding_source": "municipal", "start_date": datetime.date(2026, 3, 1),
            "end_date": datetime.date(2026, 12, 31)})
        return goal, action

    found: dict[str, Any] = {"plans_authority": authority, "plan_draft": plan("خطة مسودة لتنمية حي العليا")}
    open_plan = plans.plan_move(actor=admin, plan=plan("خطة التنمية المحلية لحي الملز"), target="consultation")
    found["plan_need"] = plans.need_submit(actor=users["resident"], plan=open_plan, data={
        "title": "نقص الحدائق العامة في الحي", "description": "لا توجد حديقة عامة قريبة لسكان الحي",
        "category": category, "people_affected": 800, "group": "youth"})
    found["plan_goal"], found["plan_action"] = goal_and_action(open_plan, "أحياء خضراء ومضاءة",
                                                                "إنشاء حديقة عامة في الحي")
    found["plan_spare_goal"], found["plan_spare_action"] = goal_and_action(open_plan, "هدف احتياطي للتجربة",
                                                                           "إجراء احتياطي للتجربة")
    found["plan_risk"] = plans.risk_save(actor=admin, plan=open_plan, data={
        "title": "تأخر اعتماد الميزانية", "category": "financial", "likelihood": 3, "impact": 4,
        "owner": "إدارة الميزانية"})
    approved = plans.plan_move(actor=admin, plan=plan("خطة التنمية المحلية لحي السليمانية"), target="consultation")
    plans.need_submit(actor=users["resident"], plan=approved, data={
        "title": "ازدحام المدارس في الحي", "description": "الفصول مكتظة في مدارس الحي", "category": category})
    plans.plan_set_vision(actor=admin, plan=approved, data={"vision_ar": "حي آمن نابض بالحياة يشارك سكانه"})
    _goal, found["plan_approved_action"] = goal_and_action(approved, "مدارس تتسع لأبناء الحي", "توسعة مدرسة الحي")
    approved = plans.plan_move(actor=admin, plan=approved, target="approved")
    found["plan_review"] = plans.review_save(actor=admin, plan=approved, data={
        "kind": "quarterly", "held_on": datetime.date(2026, 6, 1), "findings_ar": "تقدم مقبول في أعمال التوسعة"})
    found.update(plan_open=open_plan, plan_approved=approved)
    return found  # what the moves told people is marked read by build_world, after every world
# ---- results (issue #14, results): the shared results framework on `approved` (org's public initiative; org's
# editor and admin report and approve, by two different people).
WATCHED += ("results.Result", "results.Indicator", "results.Period", "results.Update", "results.UpdateDisaggregation",
            "results.UpdateEvidence")


def _results_world(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    """`result` with `result_indicator` (a number, by sex) and its first-half `result_period` holding the editor's
    `result_draft` (with `result_evidence`), `result_pending` and `result_approved` updates; `result_spare` with
    `result_spare_indicator` and its `result_spare_period` (nothing reported: deletable)."""
    import datetime

    from musharaka.results import services as results
    from musharaka.results.models import Dimension

    admin, editor = users["admin"], users["editor"]
    initiative = records["approved"]
    result = results.result_create(actor=admin, owner=initiative, data={"title_ar": "تحسين نظافة الحي",
                                                                         "level": "outcome"})
    indicator = results.indicator_create(actor=admin, result=result, data={
        "title_ar": "عدد الحدائق المنظفة", "measure": "unit", "unit_ar": "حديقة"},
        dimensions=[Dimension.objects.get(code="sex")])
    period = results.period_create(actor=admin, indicator=indicator, data={
        "start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 6, 30), "target_value": "20"})
    approved = results.update_create(actor=editor, period=period, data={"value": "8"}, submit=True)
    approved = results.update_approve(actor=admin, update=approved)
    pending = results.update_create(actor=editor, period=period, data={"value": "3"}, submit=True)
    draft = results.update_create(actor=editor, period=period, data={"value": "2", "narrative": "حملة الأحد"})
    evidence = results.evidence_add(actor=editor, update=draft, upload=pdf_upload("report.pdf"))
    spare = results.result_create(actor=admin, owner=initiative, data={"title_ar": "نتيجة احتياطية"})
    spare_indicator = results.indicator_create(actor=admin, result=spare, data={"title_ar": "مؤشر احتياطي"})
    spare_period = results.period_create(actor=admin, indicator=spare_indicator, data={
        "start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31), "target_value": "5"})
    return {"result": result, "result_indicator": indicator, "result_period": period, "result_approved": approved,
            "result_pending": pending, "result_draft": draft, "result_evidence": evidence, "result_spare": spare,
            "result_spare_indicator": spare_indicator, "result_spare_period": spare_period}


# ---- plans (api14): the plans' tables (a successful write must change one of them, a refused one none)
WATCHED += ("plans.Plan", "plans.PlanVersion", "plans.Need", "plans.NeedVote", "plans.PriorityCriterion",
            "plans.NeedScore", "plans.Goal", "plans.Action", "plans.Review", "plans.ReviewRating", "plans.Risk")


def _plans_api14_world(users: dict[str, Any], org, other_org, records: dict[str, Any]) -> dict[str, Any]:
    """Plans of `org` as the authority (its admin and editor are the authority's staff, its viewer a member), in the
    region the coordinator coordinates; other_org leads an action (its admin is other_admin); the resident voted.
    - `plan_draft`: a draft (read by the authority's members, the coordinator and platform admins only);
    - `plan_consult` in consultation: `plan_need` (voted by the resident), `plan_need_twin` (a duplicate to merge),
      `plan_criterion`, `plan_goal_draft` with `plan_action_draft`;
    - `plan_approved` (version 1): `plan_goal`, `plan_action` (led by other_org), `plan_review`, `plan_risk`."""
    import datetime

    from musharaka.notifications.models import Notification
    from musharaka.plans import services as plans
    from musharaka.plans.models import NeedCategory

    staff, platform_admin = users["admin"], users["platform_admin"]
    category = NeedCategory.objects.order_by("pk")[0]

    def plan(title: str):
        # The org is an association in the matrix: only a platform admin starts a plan for it (plans.add_plan);
        # its staff prepare it from then on (plans.change_plan).
        return plans.plan_create(actor=platform_admin, organization=org, data={
            "title_ar": title, "region": org.region, "start_year": 2026, "end_year": 2030})

    def need(made, title: str):
        return plans.need_add(actor=staff, plan=made, data={
            "title": title, "description": "الشوارع الداخلية مظلمة ليلا وخطرة على المارة", "category": category})

    found: dict[str, Any] = {"plan_draft": plan("خطة التنمية في مرحلة الإعداد")}
    consult = plans.plan_move(actor=staff, plan=plan("خطة التنمية في مرحلة التشاور"), target="consultation")
    found.update(plan_consult=consult, plan_need=need(consult, "إنارة الشوارع الداخلية"),
                 plan_need_twin=need(consult, "الإنارة في الشوارع الداخلية"),
                 plan_criterion=consult.criteria.order_by("pk")[0])
    plans.need_vote(actor=users["resident"], need=found["plan_need"], group="youth")
    found["plan_goal_draft"] = plans.goal_save(actor=staff, plan=consult, data={"title_ar": "شوارع آمنة ومضاءة"})
    found["plan_action_draft"] = plans.action_save(actor=staff, goal=found["plan_goal_draft"], data={
        "title_ar": "تركيب إنارة موفرة للطاقة", "lead_organization": org})
    approved = plans.plan_move(actor=staff, plan=plan("خطة التنمية المعتمدة"), target="consultation")
    need(approved, "نقص الحدائق العامة")
    plans.plan_set_vision(actor=staff, plan=approved, data={"vision_ar": "أحياء آمنة نابضة بالحياة"})
    found["plan_goal"] = plans.goal_save(actor=staff, plan=approved, data={"title_ar": "حدائق لكل حي"})
    found["plan_action"] = plans.action_save(actor=staff, goal=found["plan_goal"], data={
        "title_ar": "إنشاء حديقة الحي", "lead_organization": other_org})
    found["plan_approved"] = approved = plans.plan_move(actor=staff, plan=approved, target="approved")
    found["plan_review"] = plans.review_save(actor=staff, plan=approved, data={
        "kind": "quarterly", "held_on": datetime.date(2026, 4, 1), "findings_ar": "التنفيذ يسير وفق الخطة"})
    found["plan_risk"] = plans.risk_save(actor=staff, plan=approved, data={
        "title": "تأخر التمويل", "category": "financial", "likelihood": 3, "impact": 4, "owner": "المالية"})
    Notification.objects.filter(read_at__isnull=True).exclude(pk=records["notification"].pk).update(
        read_at=datetime.datetime.now(datetime.UTC))
    # Prefixed: the other plans worlds name their own records plan_goal, plan_action…
    return {f"api14_{name}": record for name, record in found.items()}


# The plans' parts each listed the tables they write; one list, each table once.
WATCHED = tuple(dict.fromkeys(WATCHED))


# ---- impact (issue #15, pages15): SROI analyses of `approved` (org's public initiative; org's editor and admin
# prepare them), reviewed by `coordinator`, made an impact reviewer here (not a member of org, so independent).
WATCHED += ("impact.LogicModel", "impact.LogicItem", "impact.Analysis", "impact.Stakeholder", "impact.Investment",
            "impact.Outcome", "impact.Comment", "impact.Reviewer")


def _impact_pages15_world(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    """- `pages15_draft`: a complete draft (stakeholders `pages15_stakeholder` with an outcome and
      `pages15_spare_stakeholder` without, `pages15_investment`, `pages15_outcome`, the editor's `pages15_comment`);
    - `pages15_review`: sent for review by the editor; `pages15_published`: published by the coordinator;
    - `pages15_item`: an item of the initiative's logic model; `pages15_reviewer`: a second reviewer (to remove)."""
    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.impact import services as impact
    from musharaka.impact.models import Reviewer
    from musharaka.notifications.models import Notification

    editor, owner = users["editor"], records["approved"]
    Reviewer.objects.create(user=users["coordinator"], note="مراجع العائد الاجتماعي")
    second = User.objects.create_user(username="matrix-impact-reviewer", password=PASSWORD,
                                      email="matrix-impact-reviewer@example.org")
    found: dict[str, Any] = {"pages15_reviewer": Reviewer.objects.create(user=second)}

    def complete(title: str):
        analysis = impact.analysis_create(actor=editor, owner=owner, data={
            "title_ar": title, "kind": "forecast", "currency": "SAR", "discount_rate": "3.5", "start_year": 2026})
        group = impact.stakeholder_save(actor=editor, analysis=analysis, data={"name_ar": "سكان الحي", "size": 300})
        investment = impact.investment_save(actor=editor, analysis=analysis, data={
            "kind": "cash", "description_ar": "منحة الجمعية", "amount": "50000"})
        outcome = impact.outcome_save(actor=editor, analysis=analysis, stakeholder=group, data={
            "title_ar": "حي أنظف وأكثر أماناً", "quantity": "300", "proxy": "400", "proxy_source": "مسح السكان",
            "duration": 2, "deadweight": "20", "attribution": "25", "drop_off": "30"})
        return analysis, group, investment, outcome

    draft, found["pages15_stakeholder"], found["pages15_investment"], found["pages15_outcome"] = complete(
        "العائد الاجتماعي لحملات التنظيف (مسودة)")
    found["pages15_spare_stakeholder"] = impact.stakeholder_save(actor=editor, analysis=draft,
                                                                 data={"name_ar": "أصحاب المحلات"})
    found["pages15_comment"] = impact.comment_add(actor=editor, analysis=draft, body="راجعوا مصدر البديل",
                                                  figure="analysis:discount_rate")
    review = impact.analysis_submit(actor=editor, analysis=complete("العائد الاجتماعي لحملات التنظيف (مراجعة)")[0])
    published = impact.analysis_submit(actor=editor, analysis=complete("العائد الاجتماعي لحملات التنظيف")[0])
    published = impact.analysis_publish(actor=users["coordinator"], analysis=published)
    model = impact.logic_model_save(actor=editor, owner=owner, data={"assumptions_ar": "يستمر تطوع السكان"})
    found["pages15_item"] = impact.logic_item_save(actor=editor, logic_model=model,
                                                   data={"stage": "activity", "text_ar": "حملات تنظيف شهرية"})
    found.update(pages15_draft=draft, pages15_review=review, pages15_published=published)
    Notification.objects.filter(read_at__isnull=True).exclude(pk=records["notification"].pk).update(
        read_at=timezone.now())  # the admin's one unread notification stays for the "mark read" row
    return found


# ---- impact (reports15)
def _impact_reports15_world(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    """SROI analyses of `approved` (org's public initiative) prepared by org's editor: `reports15_draft` (seen by
    org's admin and editor and platform admins only) and `reports15_published`, published by a reviewer of this
    world's own (`matrix-impact-reports15`, no role of the table), so that no role's answer hangs on who reviews."""
    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.impact import services as impact
    from musharaka.impact.models import Reviewer
    from musharaka.notifications.models import Notification

    editor, owner = users["editor"], records["approved"]
    reviewer = User.objects.create_user(username="matrix-impact-reports15", password=PASSWORD,
                                        email="matrix-impact-reports15@example.org", first_name="مراجع")
    Reviewer.objects.create(user=reviewer, note="مراجع لتقارير الأثر")

    def analysis(title: str):
        found = impact.analysis_create(actor=editor, owner=owner, data={
            "title_ar": title, "kind": "forecast", "currency": "SAR", "discount_rate": "3.5", "start_year": 2026})
        group = impact.stakeholder_save(actor=editor, analysis=found, data={"name_ar": "سكان الحي", "size": 300})
        impact.investment_save(actor=editor, analysis=found, data={
            "kind": "volunteer_time", "description_ar": "ساعات المتطوعين", "hours": "400", "hourly_value": "30",
            "valuation_basis": "متوسط أجر الساعة في المنطقة"})
        impact.outcome_save(actor=editor, analysis=found, stakeholder=group, data={
            "title_ar": "حي أنظف", "quantity": "300", "proxy": "120", "proxy_source": "تكلفة التنظيف البديلة",
            "duration": 2, "deadweight": "20", "attribution": "10", "drop_off": "25"})
        found.refresh_from_db()
        return found

    published = impact.analysis_submit(actor=editor, analysis=analysis("العائد الاجتماعي لحملات التنظيف"))
    published = impact.analysis_publish(actor=reviewer, analysis=published)
    found = {"reports15_draft": analysis("مسودة العائد الاجتماعي لحملات التنظيف"), "reports15_published": published}
    Notification.objects.filter(read_at__isnull=True).exclude(pk=records["notification"].pk).update(
        read_at=timezone.now())  # the admin's one unread notification stays for the "mark read" rows
    return found
# ---- impact (api15): the impact tables (a successful write must change one of them, a refused one none)
WATCHED += ("impact.LogicModel", "impact.LogicItem", "impact.Analysis", "impact.Stakeholder", "impact.Investment",
            "impact.Outcome", "impact.Comment", "impact.Reviewer")
WATCHED = tuple(dict.fromkeys(WATCHED))


def _impact_api15_world(users: dict[str, Any], records: dict[str, Any], newcomer) -> dict[str, Any]:
    """Impact records of the approved initiative of `org` (its admin and editor prepare; other_coordinator is made
    an impact reviewer, independent of `org`):
    - `item`: an input of the initiative's logic model;
    - `draft`: a complete draft analysis with `group`, `spare_group` (no outcome), `investment`, `outcome` and the
      editor's `comment`;
    - `review`: another, sent for review by the editor; `published`: a third, published by the reviewer;
    - `reviewer`: a second reviewer (the newcomer), to remove."""
    import datetime

    from musharaka.impact import services as impact
    from musharaka.notifications.models import Notification

    editor, reviewer, initiative = users["editor"], users["other_coordinator"], records["approved"]
    impact.reviewer_add(actor=users["platform_admin"], user=reviewer, note="محلل معتمد")
    model = impact.logic_model_save(actor=editor, owner=initiative, data={"assumptions_ar": "استمرار مشاركة السكان"})
    found: dict[str, Any] = {"item": impact.logic_item_save(
        actor=editor, logic_model=model, data={"stage": "input", "text_ar": "متطوعون"})}

    def analysis(title: str) -> dict[str, Any]:
        made = impact.analysis_create(actor=editor, owner=initiative, data={"title_ar": title, "start_year": 2026})
        group = impact.stakeholder_save(actor=editor, analysis=made, data={"name_ar": "سكان الحي", "size": 200})
        investment = impact.investment_save(actor=editor, analysis=made, data={
            "kind": "cash", "description_ar": "منحة الحملة", "amount": "30000"})
        outcome = impact.outcome_save(actor=editor, analysis=made, stakeholder=group, data={
            "title_ar": "حدائق أنظف", "quantity": "200", "proxy": "250", "proxy_source": "دراسة البلدية",
            "duration": 2, "deadweight": "20", "drop_off": "30"})
        return {"analysis": made, "group": group, "investment": investment, "outcome": outcome}

    draft = analysis("العائد الاجتماعي لحملة النظافة")
    found.update(draft=draft["analysis"], group=draft["group"], investment=draft["investment"],
                 outcome=draft["outcome"],
                 spare_group=impact.stakeholder_save(actor=editor, analysis=draft["analysis"],
                                                     data={"name_ar": "أصحاب المحلات"}),
                 comment=impact.comment_add(actor=editor, analysis=draft["analysis"], body="نراجع مصدر البديل"))
    found["review"] = impact.analysis_submit(actor=editor, analysis=analysis("العائد الاجتماعي للحدائق")["analysis"])
    published = impact.analysis_submit(actor=editor, analysis=analysis("العائد الاجتماعي للممرات")["analysis"])
    found["published"] = impact.analysis_publish(actor=reviewer, analysis=published)
    found["reviewer"] = impact.reviewer_add(actor=users["platform_admin"], user=newcomer)
    Notification.objects.filter(read_at__isnull=True).exclude(pk=records["notification"].pk).update(
        read_at=datetime.datetime.now(datetime.UTC))
    return {f"api15_{name}": record for name, record in found.items()}


# ---- volunteering (vol16): its tables (a successful write must change one of them, a refused one none)
WATCHED += ("volunteering.Opportunity", "volunteering.Shift", "volunteering.Question", "volunteering.Application",
            "volunteering.HourEntry", "volunteering.HoursTally", "volunteering.Certificate")
WATCHED = tuple(dict.fromkeys(WATCHED))


def _vol16_world(users: dict[str, Any], org, newcomer, records: dict[str, Any]) -> dict[str, Any]:
    """Volunteering records of `org` (its editor publishes):
    - `vol16_opportunity`: published, with `vol16_shift` (the resident accepted, with `vol16_application`; the
      newcomer pending, `vol16_pending`), `vol16_apply_shift` (nobody applied yet), `vol16_spare_shift` (nobody
      accepted: to delete) and a question `vol16_question`;
    - the resident's hours on `vol16_shift`: `vol16_entry` pending and a verified one, and `vol16_certificate` issued from it;
    - `vol16_draft`: a draft with one shift (to publish or delete)."""
    import datetime

    from django.utils import timezone

    from musharaka.notifications.models import Notification
    from musharaka.volunteering import services as volunteering

    editor, resident = users["editor"], users["resident"]
    today = timezone.localdate()
    data = {"title_ar": "تشجير حديقة الحي", "description_ar": "زراعة الأشجار وتنظيف ممرات الحديقة مع سكان الحي",
            "region_id": org.region_id, "starts_on": today - datetime.timedelta(days=10),
            "ends_on": today + datetime.timedelta(days=30)}
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)

    def shift(opportunity, days: int = 0, capacity: int = 10):
        return volunteering.shift_save(actor=editor, opportunity=opportunity, data={
            "starts_at": starts + datetime.timedelta(days=days),
            "ends_at": starts + datetime.timedelta(days=days, hours=4), "capacity": capacity})

    opportunity = volunteering.opportunity_create(actor=editor, organization=org, data=data)
    found: dict[str, Any] = {"shift": shift(opportunity), "apply_shift": shift(opportunity, 1),
                             "spare_shift": shift(opportunity, 2)}
    found["question"] = volunteering.question_save(actor=editor, opportunity=opportunity,
                                                   data={"text_ar": "هل لديك خبرة في الزراعة؟"})
    found["opportunity"] = opportunity = volunteering.opportunity_publish(actor=editor, opportunity=opportunity)
    found["application"] = volunteering.application_decide(
        actor=editor, decision="accept",
        application=volunteering.application_create(actor=resident, shift=found["shift"]))
    found["pending"] = volunteering.application_create(actor=newcomer, shift=found["shift"])
    verified = volunteering.hours_log(actor=resident, opportunity=opportunity,
                                      data={"date": today, "hours": "3", "shift_id": found["shift"].pk})
    volunteering.hours_verify(actor=editor, entry=verified)
    found["entry"] = volunteering.hours_log(actor=resident, opportunity=opportunity,
                                            data={"date": today, "hours": "2", "activity": "ري الشتلات",
                                                  "shift_id": found["shift"].pk})
    found["certificate"] = volunteering.certificate_issue(actor=resident, volunteer=resident, organization=org)
    # Hours verified after it: asking for a certificate again gives a new one (of four hours).
    volunteering.hours_verify(actor=editor, entry=volunteering.hours_log(
        actor=resident, opportunity=opportunity, data={"date": today, "hours": "1", "activity": "تنظيف الممرات"}))
    found["draft"] = volunteering.opportunity_create(actor=editor, organization=org,
                                                     data={**data, "title_ar": "تنظيف الممشى (مسودة)"})
    shift(found["draft"])
    Notification.objects.filter(read_at__isnull=True).exclude(pk=records["notification"].pk).update(
        read_at=timezone.now())  # the admin's one unread notification stays for the "mark read" rows
    return {f"vol16_{name}": record for name, record in found.items()}
# ---- reports (issue #16, rep16): residents' reports, their timeline and routes
WATCHED += ("reports.Report", "reports.ReportUpdate", "reports.Route")
WATCHED = tuple(dict.fromkeys(WATCHED))


def _rep16_world(users: dict[str, Any], records: dict[str, Any]) -> dict[str, Any]:
    """Reports routed to `org` (lighting in Riyadh; org's editor and admin, the region's coordinator and platform
    admins handle them): `rep16_report` (submitted by a visitor with a photo and contact details), `rep16_rejected`
    (rejected: its photo no longer public), `rep16_route` (roads in org's region, for the remove row), and for the
    add-a-route row `rep16_municipality` (an authority in org's region) and the `rep16_parks` category."""
    from django.utils import timezone

    from musharaka.geo.models import City
    from musharaka.notifications.models import Notification
    from musharaka.orgs.models import Organization, Sector
    from musharaka.reports import services as reports
    from musharaka.reports.models import ServiceCategory

    org, platform_admin = records["org"], users["platform_admin"]
    riyadh = City.objects.get(region=org.region, name_en="Riyadh")
    lighting = ServiceCategory.objects.get(code="lighting")
    reports.route_save(actor=platform_admin, category=lighting, organization=org, city=riyadh)
    route = reports.route_save(actor=platform_admin, category=ServiceCategory.objects.get(code="roads"),
                               organization=org, region=org.region)

    def report(description: str, **extra):
        return reports.report_create(actor=None, category=lighting, photo=png_upload("street.png"), data={
            "description": description, "city_id": riyadh.pk, "latitude": "24.7136", "longitude": "46.6753",
            "contact_name": "سالم", "contact_phone": "0501234567", **extra})

    found = {"report": report("عمود الإنارة أمام المدرسة مطفأ منذ أسبوع"),
             "rejected": report("إنارة الشارع ضعيفة في الليل"), "route": route,
             "municipality": Organization.objects.create(name_ar="أمانة منطقة الرياض", region=org.region,
                                                         sector=Sector.AUTHORITY),
             "parks": ServiceCategory.objects.get(code="parks")}
    found["rejected"] = reports.report_change_status(actor=users["editor"], report=found["rejected"],
                                                     status="rejected", note="العمود خارج نطاق الأمانة")
    Notification.objects.filter(read_at__isnull=True).exclude(pk=records["notification"].pk).update(
        read_at=timezone.now())
    return {f"rep16_{name}": record for name, record in found.items()}


# ---- reports (o31116): Open311, the reports API, API keys
WATCHED += ("reports.Report", "reports.ReportUpdate", "reports.Route", "reports.ApiKey")
WATCHED = tuple(dict.fromkeys(WATCHED))


def _o31116_world(users: dict[str, Any], org, records: dict[str, Any]) -> dict[str, Any]:
    """Reports in `org`'s region (SA-01), routed to `org` for visual distortion (its admin and editor handle them, with the
    region's coordinator and platform staff):
    - `o31116_report`: the resident's open report (with a contact phone), sent just now (the photo may follow);
    - `o31116_route`: the region's route for cleanliness (to delete); `o31116_key`: an Open311 API key of `org` (to
      revoke), its raw key `o31116_key_raw` (to post with) and a revoked one's, `o31116_revoked_raw`."""
    import datetime

    from musharaka.geo.models import Region
    from musharaka.notifications.models import Notification
    from musharaka.reports import keys
    from musharaka.reports import services as reports
    from musharaka.reports.models import ServiceCategory

    staff, region = users["platform_admin"], Region.objects.get(code="SA-01")
    distortion = ServiceCategory.objects.get(code="visual-distortion")
    cleanliness = ServiceCategory.objects.get(code="cleanliness")
    reports.route_save(actor=staff, category=distortion, organization=org, region=region)
    found: dict[str, Any] = {"route": reports.route_save(actor=staff, category=cleanliness, organization=org,
                                                         region=region)}
    found["report"] = reports.report_create(actor=users["resident"], category=distortion, data={
        "description": "كتابات مشوهة على سور الحديقة العامة", "region_id": region.pk,
        "contact_phone": "0501234567"})
    found["key"], found["key_raw"] = keys.api_key_issue(actor=staff, organization=org, label="تطبيق الرصد")
    revoked, found["revoked_raw"] = keys.api_key_issue(actor=staff, organization=org, label="تطبيق قديم")
    keys.api_key_revoke(actor=staff, key=revoked)
    Notification.objects.filter(read_at__isnull=True).exclude(pk=records["notification"].pk).update(
        read_at=datetime.datetime.now(datetime.UTC))
    return {f"o31116_{name}": record for name, record in found.items()}


# ---- volunteering (volapi16): the records of the volunteering API's rows and of the statistics' pages
WATCHED += ("volunteering.Opportunity", "volunteering.Question", "volunteering.Shift", "volunteering.Application",
            "volunteering.Answer", "volunteering.HourEntry", "volunteering.HoursTally", "volunteering.HourValue",
            "volunteering.Certificate")
WATCHED = tuple(dict.fromkeys(WATCHED))


def _volapi16_world(users: dict[str, Any], records: dict[str, Any], newcomer) -> dict[str, Any]:
    """Volunteering records of `org` (its editor publishes, its admin decides and verifies):
    - `opportunity`: published, linked to the approved initiative, with `question`, `shift` (the resident accepted,
      their hours `verified` and `entry` pending on it), `pending_shift` (the resident's `application` awaits a
      decision), `open_shift` (nobody applied) and `spare_shift`;
    - `draft`: a draft with a shift; `certificate`: the newcomer's, of verified hours;
    - `hour_value`: the national value of an hour (so the impact draft `api15_draft` may take the hours)."""
    import datetime

    from django.utils import timezone

    from musharaka.notifications.models import Notification
    from musharaka.volunteering import services as volunteering

    editor, admin, resident = users["editor"], users["admin"], users["resident"]
    today = timezone.localdate()
    data = {"title_ar": "حملة تطوعية لتشجير حي النخيل", "description_ar": "زراعة الشتلات وتنظيف الأرصفة مع السكان",
            "region_id": records["org"].region_id, "starts_on": today - datetime.timedelta(days=10),
            "ends_on": today + datetime.timedelta(days=30), "initiative_id": records["approved"].pk}
    opportunity = volunteering.opportunity_create(actor=editor, organization=records["org"], data=data,
                                                  questions=[{"text_ar": "ما خبرتك في الزراعة؟"}])
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)

    def shift(on, capacity: int = 5, days: int = 0):
        begins = starts + datetime.timedelta(days=days)
        return volunteering.shift_save(actor=editor, opportunity=on, data={
            "title": "الفترة الصباحية", "starts_at": begins, "ends_at": begins + datetime.timedelta(hours=3),
            "capacity": capacity})

    found: dict[str, Any] = {"opportunity": opportunity, "question": opportunity.questions.get(),
                             "shift": shift(opportunity), "pending_shift": shift(opportunity, days=1),
                             "open_shift": shift(opportunity, days=2), "spare_shift": shift(opportunity, days=3)}
    found["opportunity"] = volunteering.opportunity_publish(actor=editor, opportunity=opportunity)
    for person in (resident, newcomer):
        accepted = volunteering.application_create(actor=person, shift=found["shift"])
        volunteering.application_decide(actor=admin, application=accepted, decision="accept")
    found["application"] = volunteering.application_create(actor=resident, shift=found["pending_shift"])
    found["verified"] = volunteering.hours_verify(actor=editor, entry=volunteering.hours_log(
        actor=resident, opportunity=opportunity, data={"date": today - datetime.timedelta(days=2), "hours": "3",
                                                       "activity": "زراعة الشتلات"}))
    volunteering.hours_verify(actor=editor, entry=volunteering.hours_log(
        actor=newcomer, opportunity=opportunity, data={"date": today - datetime.timedelta(days=2), "hours": "2",
                                                       "activity": "زراعة الشتلات"}))
    found["entry"] = volunteering.hours_log(actor=resident, opportunity=opportunity, data={
        "date": today - datetime.timedelta(days=1), "hours": "2.5", "shift_id": found["shift"].pk})
    found["certificate"] = volunteering.certificate_issue(actor=newcomer, volunteer=newcomer,
                                                          organization=records["org"])
    draft = volunteering.opportunity_create(actor=editor, organization=records["org"], data={
        **data, "title_ar": "مسودة فرصة تطوع لتنظيف الحدائق", "initiative_id": None})
    shift(draft)
    found["draft"] = draft
    found["hour_value"] = volunteering.hour_value_create(actor=users["platform_admin"], data={
        "amount": "40", "currency": "SAR", "basis_ar": "متوسط أجر الساعة الوطني",
        "effective_from": datetime.date(2020, 1, 1)})
    Notification.objects.filter(read_at__isnull=True).exclude(pk=records["notification"].pk).update(
        read_at=datetime.datetime.now(datetime.UTC))
    return {f"volapi16_{name}": record for name, record in found.items()}


# ---- budgets17: participatory budgets (issue #17)
WATCHED += ("participation.Budget", "participation.BudgetProject", "participation.Ballot", "participation.BallotChoice",
            "participation.Activity")
WATCHED = tuple(dict.fromkeys(WATCHED))


def _budgets17_world(users: dict[str, Any], org) -> dict[str, Any]:
    """Three published processes of `org` (its editor and admin, and platform admins, are the editors):
    - `b17_ideas` in its ideas phase (the vote later) with `b17_open_budget` and its project `b17_open_project`
      (pending review): budgets and projects may still change;
    - `b17_voting` in its voting phase with `b17_budget` and two feasible projects `b17_project`, `b17_project2`;
      the resident's ballot chooses `b17_project`;
    - `b17_closed` whose vote ended: `b17_closed_budget` computed but not published, `b17_published` published."""
    import datetime

    from django.utils import timezone

    from musharaka.participation import budgets
    from musharaka.participation.models import Phase, Process

    editor, resident = users["editor"], users["resident"]
    now, day = timezone.now(), datetime.timedelta(days=1)

    def process(title: str, phases) -> Process:
        made = Process.objects.create(organization=org, region=org.region, status="published", title_ar=title)
        for kind, start, end in phases:
            Phase.objects.create(process=made, kind=kind, starts_at=now + start * day, ends_at=now + end * day)
        return made

    def budget(in_process, title: str, projects) -> tuple:
        made = budgets.budget_create(actor=editor, process=in_process, data={
            "title_ar": title, "amount": "1000", "rule": "greedy", "ballot_kind": "approval"})
        rows = []
        for name, cost in projects:
            project = budgets.project_create(actor=editor, budget=made, data={"title": name, "cost": cost})
            rows.append(budgets.project_feasibility(actor=editor, project=project, feasibility="feasible"))
        return made, rows

    found: dict[str, Any] = {}
    found["ideas"] = process("ميزانية حي الروضة", [("ideas", -1, 5), ("voting", 6, 9)])
    found["open_budget"], (found["open_project"],) = budget(found["ideas"], "ميزانية الروضة", [("حديقة", "400")])
    found["open_project"] = budgets.project_feasibility(actor=editor, project=found["open_project"],
                                                         feasibility="pending")
    # Projects are made before the vote starts; the phases then move to the vote.
    found["voting"] = process("ميزانية حي النخيل", [("ideas", -1, 5)])
    found["budget"], (found["project"], found["project2"]) = budget(
        found["voting"], "ميزانية النخيل", [("ممشى", "300"), ("مكتبة", "200")])
    found["voting"].phases.update(kind="voting")
    found["ballot"] = budgets.ballot_cast(actor=resident, budget=found["budget"], project_ids=[found["project"].pk])
    found["closed"] = process("ميزانية حي الملز", [("ideas", -1, 5)])
    found["closed_budget"], _rows = budget(found["closed"], "ميزانية الملز", [("إنارة", "500"), ("ملعب", "600")])
    found["published"], _rows = budget(found["closed"], "ميزانية الملز الثانية", [("تشجير", "100")])
    found["closed"].phases.update(kind="voting")
    for made in (found["closed_budget"], found["published"]):
        budgets.ballot_cast(actor=resident, budget=made, project_ids=[made.projects.order_by("pk")[0].pk])
    found["closed"].phases.update(starts_at=now - 9 * day, ends_at=now - 2 * day)
    for made in (found["closed_budget"], found["published"]):
        budgets.budget_compute(actor=editor, budget=made)
    found["published"] = budgets.budget_publish(actor=editor, budget=found["published"])
    return {f"b17_{name}": record for name, record in found.items()}


# ---- topics17
def _topics17_world(users: dict[str, Any], org) -> dict[str, Any]:
    """Two processes of `org` (SA-01) in their ideas phase: `topics17_process` published, with the resident's ideas
    and its topic summary built; `topics17_draft` a draft (seen only by org's editors and admins, the region's
    coordinator and platform staff)."""
    import datetime

    from django.utils import timezone

    from musharaka.participation.models import Idea, Phase, PhaseKind, Process, ProcessStatus
    from musharaka.participation.topics import topics_refresh

    now = timezone.now()
    found = {}
    for name, status in (("process", ProcessStatus.PUBLISHED), ("draft", ProcessStatus.DRAFT)):
        process = Process.objects.create(organization=org, region=org.region, status=status,
                                         title_ar=f"مسار تحسين الأحياء ({name})", created_by=users["editor"])
        Phase.objects.create(process=process, kind=PhaseKind.IDEAS, starts_at=now - datetime.timedelta(days=3),
                             ends_at=now + datetime.timedelta(days=30))
        texts = [("إنارة الشوارع الداخلية", "أعمدة الإنارة معطلة في الشوارع"),
                 ("حديقة للأطفال", "حديقة عامة بأشجار وألعاب للأطفال"),
                 ("انارة الطرق", "الإنارة ضعيفة في الطرق والشوارع"),
                 ("الحدائق العامة", "زراعة الأشجار في الحدائق وألعاب الأطفال")]
        Idea.objects.bulk_create([Idea(process=process, author=users["resident"], title=title, description=body)
                                  for title, body in texts])
        Process.objects.filter(pk=process.pk).update(idea_count=len(texts), input_version=len(texts))
        process.refresh_from_db()
        topics_refresh(process)
        found[name] = process
    return {f"topics17_{name}": record for name, record in found.items()}


# ---- ideas17 (issue #17): participatory processes, phases, ideas, supports, answers, comments
def _ideas17_world(users: dict[str, Any], org, newcomer) -> dict[str, Any]:
    """`ideas17_process`: org's published process (Riyadh region) in its ideas phase, with a later evaluation phase
    (`ideas17_later`, for the delete rows); `ideas17_draft`: a draft process of org with one phase; `ideas17_idea`:
    the resident's visible idea with an image and `ideas17_comment` (the newcomer's) on it; `ideas17_supported`: an
    idea every role supports (the withdraw rows); `ideas17_pending`: the resident's idea awaiting moderation, with
    an image."""
    import datetime

    from django.utils import timezone

    from musharaka.participation import ideas, services
    from musharaka.participation.models import Idea, Phase

    admin, resident = users["admin"], users["resident"]
    now = timezone.now()
    found: dict[str, Any] = {}

    def process(title: str, publish: bool):
        made = services.process_create(actor=admin, organization=org, data={
            "title_ar": title, "summary_ar": "أفكار السكان لتحسين الأحياء", "region_id": org.region_id})
        Phase.objects.create(process=made, kind="ideas", starts_at=now - datetime.timedelta(days=1),
                             ends_at=now + datetime.timedelta(days=60))
        if publish:
            made = services.process_set_status(actor=admin, process=made, status="published")
        return made

    found["process"] = process("مشاركة السكان في تطوير الأحياء", True)
    found["draft"] = process("مسودة مسار تشاركي", False)
    found["later"] = Phase.objects.create(process=found["process"], kind="evaluation",
                                          starts_at=now + datetime.timedelta(days=90),
                                          ends_at=now + datetime.timedelta(days=120))
    found["idea"] = ideas.idea_create(actor=resident, process=found["process"], data={
        "title": "حديقة عامة للأطفال في الحي", "description": "حديقة بممرات للمشي وألعاب آمنة للأطفال",
        "image": png_upload("idea.png")})
    found["comment"] = ideas.comment_create(actor=newcomer, idea=found["idea"], body="فكرة ممتازة أؤيدها")
    found["supported"] = ideas.idea_create(actor=newcomer, process=found["process"], data={
        "title": "إنارة الشوارع الداخلية", "description": "إنارة الشوارع الداخلية للحي لسلامة المشاة ليلا"})
    for user in users.values():
        if user is not None:
            ideas.idea_support(actor=user, idea=found["supported"])
    found["pending"] = ideas.idea_create(actor=resident, process=found["process"], data={
        "title": "ملعب رياضي مفتوح", "description": "ملعب رياضي مفتوح لشباب الحي في الأرض الفضاء",
        "image": png_upload("pending.png")})
    Idea.objects.filter(pk=found["pending"].pk).update(visibility="pending")
    found["pending"].refresh_from_db()
    return {f"ideas17_{name}": record for name, record in found.items()}


WATCHED += ("participation.Process", "participation.Phase", "participation.Idea", "participation.Support",
            "participation.Comment", "participation.Activity")
WATCHED = tuple(dict.fromkeys(WATCHED))


# ---- moderation17
WATCHED += ("participation.Idea", "participation.Comment", "participation.AbuseReport",
            "participation.ModerationAction", "participation.Block", "participation.Follow", "participation.Process")
WATCHED = tuple(dict.fromkeys(WATCHED))


def _moderation17_world(users: dict[str, Any], org, newcomer) -> dict[str, Any]:
    """Participation moderation (issue #17): `mod17_process`, published, pre-moderated, in its ideas phase, of `org`
    (its region's coordinator moderates it with org's editors and admins and platform admins). The newcomer wrote
    `mod17_idea` (visible, with the visible `mod17_comment` and the pending `mod17_pending_comment`), `mod17_target`
    (visible) and `mod17_pending` (awaiting moderation) and reported `mod17_target` (`mod17_report`);
    `mod17_blocked` is blocked (`mod17_block`); the resident follows the process (`mod17_follow`)."""
    import datetime

    from django.utils import timezone

    from musharaka.accounts.models import User
    from musharaka.participation import moderation
    from musharaka.participation import services as participation
    from musharaka.participation.models import AbuseReport, Comment, Idea, Visibility

    editor = users["editor"]
    process = participation.process_create(actor=editor, organization=org, data={
        "title_ar": "تحسين المشهد الحضري في الحي", "region_id": org.region_id, "premoderation": True})
    now = timezone.now()
    participation.phase_save(actor=editor, process=process, data={
        "kind": "ideas", "starts_at": now - datetime.timedelta(days=1), "ends_at": now + datetime.timedelta(days=30)})
    process = participation.process_set_status(actor=editor, process=process, status="published")

    def idea(title: str, visibility: str = Visibility.VISIBLE) -> Idea:
        made = Idea.objects.create(process=process, author=newcomer, title=title, visibility=visibility,
                                   description="نقترح على الأمانة تحسين الأرصفة وزراعة الأشجار في الحي")
        if visibility == Visibility.VISIBLE:
            participation.bump(type(process), process.pk, idea_count=1)
            participation.index_idea(made)
        return made

    found: dict[str, Any] = {"process": process, "idea": idea("ممشى مظلل في الحي"),
                             "target": idea("ممشى للمشاة في الحي"),
                             "pending": idea("إنارة الحديقة العامة", Visibility.PENDING)}
    found["comment"] = Comment.objects.create(idea=found["idea"], author=newcomer, body="فكرة جيدة أؤيدها")
    participation.bump(type(process), process.pk, comment_count=1)
    participation.bump(Idea, found["idea"].pk, comment_count=1)
    found["pending_comment"] = Comment.objects.create(idea=found["idea"], author=newcomer, body="تعليق ينتظر",
                                                      visibility=Visibility.PENDING)
    found["report"] = AbuseReport.objects.create(process=process, idea=found["target"], reporter=newcomer,
                                                 reason="spam")
    blocked = User.objects.create_user(username="matrix-mod17-blocked", password=PASSWORD,
                                       email="matrix-mod17-blocked@example.org")
    found["blocked"] = blocked
    found["victim"] = User.objects.create_user(username="matrix-mod17-victim", password=PASSWORD,
                                               email="matrix-mod17-victim@example.org")
    found["block"] = moderation.block_create(actor=editor, process=process, user=blocked, reason="إساءة متكررة")
    found["follow"], _created = moderation.follow_create(actor=users["resident"], kind="process", target_id=process.pk)
    return {f"mod17_{name}": record for name, record in found.items()}


# ---- surveys17 (issue #17): surveys of a participatory process, their answers and exports
WATCHED += ("participation.Survey", "participation.SurveyQuestion", "participation.SurveyResponse",
            "participation.SurveyAnswer", "participation.SurveyExport", "participation.Activity")
WATCHED = tuple(dict.fromkeys(WATCHED))


def _surveys17_world(users: dict[str, Any], org, newcomer) -> dict[str, Any]:
    """A published process of `org` in its consultation phase (now) with:
    - `surveys17_survey`: open, signed; `surveys17_choice` (single, required, keys a/b), `surveys17_file` (file,
      optional), `surveys17_spare` (short text, nobody answered it: to delete); the newcomer answered it with a file
      (`surveys17_answer_file`); `surveys17_export`: a CSV of it, done;
    - `surveys17_draft`: a draft survey with one question (seen by org's editors and platform admins only)."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from musharaka.participation import survey_exports, surveys
    from musharaka.participation.models import ExportStatus, Phase, Process, SurveyAnswer, SurveyExport

    editor = users["editor"]
    now = timezone.now()
    process = Process.objects.create(organization=org, region_id=org.region_id, status="published",
                                     title_ar="استشارة سكان الحي في تطوير الحدائق", created_by=editor)
    Phase.objects.create(process=process, kind="consultation", starts_at=now - datetime.timedelta(days=1),
                         ends_at=now + datetime.timedelta(days=365))
    survey = surveys.survey_create(actor=editor, process=process, data={"title_ar": "استبيان الحدائق"})
    choice = surveys.question_save(actor=editor, survey=survey, data={
        "kind": "single", "label_ar": "هل تزور الحديقة؟", "required": True,
        "choices": [{"key": "a", "label_ar": "نعم"}, {"key": "b", "label_ar": "لا"}]})
    upload = surveys.question_save(actor=editor, survey=survey, data={"kind": "file", "label_ar": "أرفق صورة"})
    spare = surveys.question_save(actor=editor, survey=survey, data={"kind": "short_text", "label_ar": "ملاحظة"})
    survey = surveys.survey_set_status(actor=editor, survey=survey, status="open")
    pdf = SimpleUploadedFile("answer.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
                             "application/pdf")
    response = surveys.response_submit(actor=newcomer, survey=survey, answers={choice.pk: "a"},
                                       files={upload.pk: pdf})
    export = survey_exports.export_request(actor=editor, survey=survey, format="csv")
    export.refresh_from_db()
    if export.status == ExportStatus.PENDING:  # the task runs on commit: run it now when the world is in a transaction
        survey_exports.build_survey_export.call(export_id=export.pk)
    draft = surveys.survey_create(actor=editor, process=process, data={"title_ar": "مسودة استبيان"})
    surveys.question_save(actor=editor, survey=draft, data={"kind": "short_text", "label_ar": "سؤال"})
    found = {"process": process, "survey": survey, "choice": choice, "file": upload, "spare": spare,
             "answer_file": SurveyAnswer.objects.get(response=response, question=upload),
             "export": SurveyExport.objects.get(pk=export.pk), "draft": draft}
    return {f"surveys17_{name}": record for name, record in found.items()}
