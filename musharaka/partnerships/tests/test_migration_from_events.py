"""partnerships 0002 moves every events.EventAgreement into partnerships.Agreement; events 0007 drops the model.

Run for real: the database goes back to before both migrations (EventAgreement exists again), rows are written with
the historical models, then it migrates forward again.
"""

import datetime
import importlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from musharaka.core import search
from musharaka.core.files import private_storage
from musharaka.events import services as events
from musharaka.orgs.models import Role, Sector

BEFORE = [("events", "0006_merge_certificates_exhibition_media_indexes"), ("partnerships", "0001_initial")]
MOVED = [("events", "0006_merge_certificates_exhibition_media_indexes"), ("partnerships", "0002_from_event_agreements")]
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def khobar(make_org, make_member):
    municipality = make_org("أمانة المنطقة الشرقية", sector=Sector.AUTHORITY, name_en="Eastern Province Municipality")
    editor = make_member(municipality, Role.EDITOR)
    starts = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) - datetime.timedelta(days=3)
    event = events.event_create(actor=editor, organization=municipality, data={
        "title_ar": "الملتقى الأول للمشاركة المجتمعية", "kind": "forum", "region": municipality.region,
        "venue": "فندق حياة جراند بالخبر", "starts_at": starts, "ends_at": starts + datetime.timedelta(days=1),
        "is_published": True})
    session = events.session_create(actor=editor, event=event, data={
        "kind": "signing", "title_ar": "توقيع مذكرات التفاهم", "starts_at": starts + datetime.timedelta(hours=30),
        "ends_at": starts + datetime.timedelta(hours=31)})
    waqf = make_org("شركة شباب مجتمعي الوقفية", sector=Sector.NONPROFIT)
    return {"event": event, "session": session, "municipality": municipality, "waqf": waqf, "editor": editor}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_event_agreements_become_partnership_agreements_with_parties_signatories_document_and_counters(khobar):
    from musharaka.partnerships.models import Agreement, AgreementDocument, AgreementParty, PartyRole, Stage
    from musharaka.partnerships.selectors import visible_agreements

    event, session, editor = khobar["event"], khobar["session"], khobar["editor"]
    document = private_storage().save("events/agreements/2026/mou.pdf", ContentFile(PDF))
    try:
        old = migrate(BEFORE)
        EventAgreement = old.get_model("events", "EventAgreement")
        HistoricalEventAgreement = old.get_model("events", "HistoricalEventAgreement")
        mou = EventAgreement.objects.create(
            event_id=event.pk, kind="mou", title_ar="مذكرة تفاهم لتعزيز التعاون والعمل المشترك",
            title_en="MoU on joint work", summary_ar="إطلاق المبادرات النوعية وخدمة المجتمع",
            other_parties="جمعية استدامة للتنمية المستدامة\n\n",
            signatories="أمين المنطقة الشرقية | أمين المنطقة | أمانة المنطقة الشرقية\n"
                        "الرئيس التنفيذي | | شركة شباب مجتمعي\n"
                        "رئيس مجلس الإدارة | | جمعية غير مذكورة\n"
                        "شاهد بلا جهة",
            signed_before="معالي نائب وزير الشؤون البلدية والقروية والإسكان", session_id=session.pk,
            signed_on=datetime.date(2026, 10, 14), document=document, document_type="application/pdf", position=1)
        mou.organizations.set([khobar["municipality"].pk, khobar["waqf"].pk])
        HistoricalEventAgreement.objects.create(
            id=mou.pk, event_id=event.pk, kind="mou", title_ar=mou.title_ar, created_at=mou.created_at,
            history_date=timezone.now(), history_type="+", history_user_id=editor.pk, position=1)
        draft = EventAgreement.objects.create(event_id=event.pk, kind="cooperation", position=2,
                                              title_ar="اتفاقية شراكة في المسؤولية الاجتماعية",
                                              other_parties="شركة معارف")

        migrate(MOVED)
        # Run again (a migration re-applied after a failure): the rows already moved are not moved twice.
        migration = importlib.import_module("musharaka.partnerships.migrations.0002_from_event_agreements")
        migration.forward(MigrationExecutor(connection).loader.project_state(MOVED).apps, None)
        assert Agreement.objects.count() == 2

        migrate_to_latest()
        assert "events_eventagreement" not in connection.introspection.table_names()
    finally:
        migrate_to_latest()

    signed = Agreement.objects.get(title_ar=mou.title_ar)
    assert (signed.organization_id, signed.kind, signed.stage, signed.is_published) == (
        khobar["municipality"].pk, "mou", Stage.SIGNED, True)
    assert signed.objectives_ar == "إطلاق المبادرات النوعية وخدمة المجتمع" and signed.title_en == "MoU on joint work"
    assert (signed.event_id, signed.session_id, signed.signed_on) == (event.pk, session.pk, datetime.date(2026, 10, 14))
    assert signed.signed_place == "فندق حياة جراند بالخبر" and signed.signed_before.startswith("معالي نائب وزير")
    assert signed.created_by_id == editor.pk and signed.created_at == mou.created_at
    parties = list(AgreementParty.objects.filter(agreement=signed).order_by("position").values_list(
        "organization_id", "name_ar", "role", "signatory_name", "signatory_title"))
    assert parties == [
        (khobar["municipality"].pk, "", PartyRole.FIRST_PARTY, "أمين المنطقة الشرقية", "أمين المنطقة"),
        (khobar["waqf"].pk, "", PartyRole.SECOND_PARTY, "الرئيس التنفيذي", ""),
        (None, "جمعية استدامة للتنمية المستدامة", PartyRole.PARTNER, "شاهد بلا جهة", ""),
        (None, "جمعية غير مذكورة", PartyRole.PARTNER, "رئيس مجلس الإدارة", ""),
    ]
    # The counters the services keep, computed by the migration.
    assert (signed.party_count, signed.party_sectors, signed.commitment_count) == (4, "authority,nonprofit", 0)
    assert signed.notice_starts_on is None
    [kept] = AgreementDocument.objects.filter(agreement=signed)
    assert kept.file.name == document and not kept.is_public and kept.size == len(PDF)
    assert kept.content_type == "application/pdf" and kept.title == "mou.pdf" and kept.uploaded_by_id == editor.pk
    assert kept.file.read() == PDF  # the same stored file, nothing copied
    kept.file.close()
    history = signed.history.get()
    assert history.history_user_id == editor.pk and history.history_change_reason == f"events.EventAgreement {mou.pk}"

    unsigned = Agreement.objects.get(title_ar=draft.title_ar)
    assert (unsigned.stage, unsigned.is_published, unsigned.signed_on) == (Stage.DRAFT, False, None)
    assert list(unsigned.parties.values_list("organization_id", "name_ar", "role")) == [
        (khobar["municipality"].pk, "", PartyRole.FIRST_PARTY), (None, "شركة معارف", PartyRole.SECOND_PARTY)]
    assert unsigned.party_sectors == "authority" and unsigned.party_count == 2

    # Searchable as the services index them; the draft stays out of the public register.
    assert list(search.matching(Agreement.objects.all(), kind="agreement", query="الوقفية")) == [signed]
    assert list(search.matching(Agreement.objects.all(), kind="agreement", query="معارف")) == [unsigned]
    assert list(visible_agreements(AnonymousUser())) == [signed]
