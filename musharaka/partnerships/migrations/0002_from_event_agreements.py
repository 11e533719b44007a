"""One agreement model: every events.EventAgreement (issue #11's light record of an MoU signed at an event) becomes
a partnerships.Agreement signed at that event; events 0007 then removes EventAgreement.

For each EventAgreement:
- the Agreement is recorded by the event's organiser, with the kind, titles, purpose (→ objectives), date of
  signing, "in the presence of", event and session; the place of signing is the event's venue (its city without one);
  signed when it had a date of signing (published with the event), a draft otherwise (never published);
- parties: the organiser (first party), the organisations on the platform (the next one second party, the rest
  partners), then each line of `other_parties` as a party not on the platform, by its name;
- each signatory line ("name | title | party") goes to the party of that name (normalised, whole or in part); one
  naming a party found nowhere adds that party by its name; one naming none goes to the first party still without a
  signatory. Two signatories of one party are joined on that party's signatory;
- the document becomes a private AgreementDocument holding the same stored file (same storage, nothing copied);
- the counters kept by the services (party_count, party_sectors; notice_starts_on is empty without an end date) are
  computed here, since historical models run no save() logic; a "created" history row for the agreement and each
  party carries the reason "events.EventAgreement <id>" — which also makes the migration skip a row already moved;
- the search entry of kind "agreement" is written as core.search would (same document, light text and stems).

Reverse: nothing. The agreements may have been edited since and are the only copy of the data (reversing events 0007
brings back an empty EventAgreement table, and this migration run again then finds nothing to move).
"""

import os

from django.db import migrations
from django.utils import timezone

import musharaka.core.files
from musharaka.core.arabic import normalize
from musharaka.core.search import document_row

SEARCH_KIND = "agreement"  # partnerships.services.SEARCH_KIND (a migration does not follow later code)
REASON = "events.EventAgreement %s"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _signatories(text: str) -> list[tuple[str, str, str]]:
    people = []
    for line in (text or "").splitlines():
        name, title, party = ([part.strip() for part in line.split("|")] + ["", ""])[:3]
        if name:
            people.append((name, title, party))
    return people


def _party_for(parties: list[dict], party_text: str) -> dict | None:
    wanted = normalize(party_text)
    if not wanted:
        return None
    for party in parties:
        if wanted in party["names"]:
            return party
    for party in parties:  # "شركة شباب مجتمعي" for "شركة شباب مجتمعي الوقفية", and the other way round
        if any(name and (wanted in name or name in wanted) for name in party["names"]):
            return party
    return None


def _parties_of(item, organiser) -> list[dict]:
    def entry(organization, name_ar, role):
        names = {normalize(organization.name_ar), normalize(organization.name_en)} if organization else {normalize(name_ar)}
        return {"organization": organization, "name_ar": name_ar, "role": role, "names": names - {""},
                "signatory_names": [], "signatory_titles": []}

    parties = [entry(organiser, "", "first_party")]
    for organization in sorted(item.organizations.all(), key=lambda organization: organization.pk):  # prefetched
        if all(party["organization"] != organization for party in parties):
            parties.append(entry(organization, "", "second_party" if len(parties) == 1 else "partner"))
    for name in _lines(item.other_parties):
        name = name[:250]
        if all(normalize(name) not in party["names"] for party in parties):  # the same party named twice: once
            parties.append(entry(None, name, "second_party" if len(parties) == 1 else "partner"))
    for name, title, party_text in _signatories(item.signatories):
        party = _party_for(parties, party_text)
        if party is None and party_text:
            party = entry(None, party_text[:250], "partner")
            parties.append(party)
        if party is None:
            party = next((party for party in parties if not party["signatory_names"]), parties[0])
        party["signatory_names"].append(name)
        if title:
            party["signatory_titles"].append(title)
    return parties


def _history_row(historical, record, *, when, user_id, reason) -> None:
    values = {field.attname: getattr(record, field.attname) for field in historical._meta.concrete_fields
              if not field.name.startswith("history_") and hasattr(record, field.attname)}
    historical.objects.create(**values, history_date=when, history_type="+", history_user_id=user_id,
                              history_change_reason=reason)


def forward(apps, schema_editor):
    EventAgreement = apps.get_model("events", "EventAgreement")
    HistoricalEventAgreement = apps.get_model("events", "HistoricalEventAgreement")
    Agreement = apps.get_model("partnerships", "Agreement")
    AgreementParty = apps.get_model("partnerships", "AgreementParty")
    AgreementDocument = apps.get_model("partnerships", "AgreementDocument")
    HistoricalAgreement = apps.get_model("partnerships", "HistoricalAgreement")
    HistoricalAgreementParty = apps.get_model("partnerships", "HistoricalAgreementParty")
    SearchEntry = apps.get_model("core", "SearchEntry")

    moved = set(HistoricalAgreement.objects.filter(history_change_reason__startswith="events.EventAgreement ")
                .values_list("history_change_reason", flat=True))
    storage = musharaka.core.files.private_storage()
    now = timezone.now()
    entries = []
    items = (EventAgreement.objects.select_related("event__organization", "event__city", "session")
             .prefetch_related("organizations").order_by("event_id", "position", "pk"))
    for item in items:
        reason = REASON % item.pk
        if reason in moved:
            continue
        event = item.event
        first = (HistoricalEventAgreement.objects.filter(id=item.pk, history_type="+")
                 .order_by("history_date").values_list("history_user_id", flat=True).first())
        signed = item.signed_on is not None
        place = event.venue or (event.city.name_ar if event.city_id else "")
        agreement = Agreement.objects.create(
            organization=event.organization, kind=item.kind, title_ar=item.title_ar, title_en=item.title_en,
            objectives_ar=item.summary_ar, objectives_en=item.summary_en, stage="signed" if signed else "draft",
            signed_on=item.signed_on, signed_place=place[:250], signed_before=item.signed_before, event=event,
            session=item.session, is_published=signed and event.is_published, created_by_id=first,
            notice_starts_on=None)  # no end date: no notice period (models.Agreement.save)
        Agreement.objects.filter(pk=agreement.pk).update(created_at=item.created_at)
        _history_row(HistoricalAgreement, agreement, when=now, user_id=first, reason=reason)

        parties = _parties_of(item, event.organization)
        for position, spec in enumerate(parties):
            party = AgreementParty.objects.create(
                agreement=agreement, organization=spec["organization"], name_ar=spec["name_ar"], role=spec["role"],
                signatory_name="، ".join(spec["signatory_names"])[:200],
                signatory_title="، ".join(spec["signatory_titles"])[:250], position=position)
            _history_row(HistoricalAgreementParty, party, when=now, user_id=first, reason=reason)
        sectors = sorted({spec["organization"].sector for spec in parties if spec["organization"]})
        Agreement.objects.filter(pk=agreement.pk).update(party_count=len(parties), party_sectors=",".join(sectors),
                                                         commitment_count=0, commitments_done=0)
        if item.document:
            name = item.document.name
            try:
                size = storage.size(name)
            except OSError:
                size = 0  # the file is missing: the row keeps its name, as EventAgreement did
            AgreementDocument.objects.create(agreement=agreement, title=os.path.basename(name)[:250], file=name,
                                             content_type=item.document_type, size=size, is_public=False,
                                             uploaded_by_id=first)

        names = []
        for spec in parties:
            if spec["organization"]:
                names += [spec["organization"].name_ar, spec["organization"].name_en]
            names += [spec["name_ar"], *spec["signatory_names"]]
        entries.append(document_row(SEARCH_KIND, agreement.pk, (
            agreement.title_ar, agreement.title_en, agreement.objectives_ar, agreement.signed_place,
            agreement.signed_before, " ".join(name for name in names if name))))
    if entries:
        SearchEntry.objects.filter(kind=SEARCH_KIND, object_id__in=[row[1] for row in entries]).delete()
        SearchEntry.objects.bulk_create(
            SearchEntry(kind=kind, object_id=object_id, document=document, document_light=light, stems=stems)
            for kind, object_id, document, light, stems in entries)


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0001_initial'),
        ('events', '0006_merge_certificates_exhibition_media_indexes'),
        ('core', '0003_search_stems'),
    ]

    operations = [
        # Reverse: nothing (see above); the rows moved stay partnerships' own.
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
