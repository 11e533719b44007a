"""Every write to residents' reports: submission (place made consistent, attributes checked, photo cleaned, routed),
the status workflow with its public timeline, bulk changes, re-routing, and the routes themselves.

A status change locks the report's row, so two handlers cannot move one report two ways at once; a bulk change
locks every row it touches (in id order, so two bulk changes cannot deadlock) and is all or nothing.
"""

import io
import math
import os
import re
import secrets
import struct
import warnings
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from PIL import Image

from musharaka.core.errors import Conflict, InvalidInput, NotPermitted
from musharaka.core.files import strip_image_metadata, validate_image_upload
from musharaka.core.permissions import can, require
from musharaka.core.records import parse_decimal
from musharaka.core.tasks import enqueue_with_transaction
from musharaka.core.text import clean_text
from musharaka.geo.models import City, Neighbourhood, Region
from musharaka.notifications.services import notify
from musharaka.notifications.tasks import send_notification_mail
from musharaka.orgs.models import Membership, Organization, Role

from .models import (
    ADDRESS_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    AttributeType,
    Report,
    ReportStatus,
    ReportUpdate,
    Route,
    ServiceCategory,
    Source,
)

if TYPE_CHECKING:
    from musharaka.accounts.models import User

# Where a report may go from each status. Closed reports stay closed: a problem that comes back is a new report.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReportStatus.SUBMITTED: (ReportStatus.ACKNOWLEDGED, ReportStatus.IN_PROGRESS, ReportStatus.RESOLVED,
                             ReportStatus.REJECTED, ReportStatus.DUPLICATE),
    ReportStatus.ACKNOWLEDGED: (ReportStatus.IN_PROGRESS, ReportStatus.RESOLVED, ReportStatus.REJECTED,
                                ReportStatus.DUPLICATE),
    ReportStatus.IN_PROGRESS: (ReportStatus.RESOLVED, ReportStatus.REJECTED, ReportStatus.DUPLICATE),
    ReportStatus.RESOLVED: (),
    ReportStatus.REJECTED: (),
    ReportStatus.DUPLICATE: (),
}
NEEDS_REASON = (ReportStatus.REJECTED, ReportStatus.DUPLICATE)
BULK_MAX = 200  # reports in one bulk change (a page of the queue, with room)

# Coordinates alone place a report in the nearest neighbourhood that has coordinates within this distance,
# otherwise in the nearest city within CITY_RADIUS_KM (the reference cities all have coordinates).
NEIGHBOURHOOD_RADIUS_KM = 3.0
CITY_RADIUS_KM = 30.0
EARTH_RADIUS_KM = 6371.0

CONTACT_NAME_MAX_LENGTH = 200
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 \-]{4,30}$")
STRING_ANSWER_MAX_LENGTH = 300
TEXT_ANSWER_MAX_LENGTH = 2_000

DATA_FIELDS = ("description", "latitude", "longitude", "address", "region_id", "city_id", "neighbourhood_id",
               "media_url", "contact_name", "contact_email", "contact_phone", "anonymous")


# ---------------------------------------------------------------- routes


def route_for(*, category: ServiceCategory, region: Region | None, city: City | None = None) -> Organization | None:
    """The organisation responsible for the category at this place: the city's route, else the region's, else the
    national default; None when no route matches (the report then waits for staff to route it)."""
    place = Q(city__isnull=True, region__isnull=True)
    if region is not None:
        place |= Q(city__isnull=True, region=region)
    if city is not None:
        place |= Q(city=city)
    best: tuple[int, Organization] | None = None
    for route in Route.objects.filter(place, category=category).select_related("organization"):
        rank = 0 if route.city_id else 1 if route.region_id else 2
        if best is None or rank < best[0]:
            best = (rank, route.organization)
    return best[1] if best else None


def route_save(*, actor: "User", category: ServiceCategory, organization: Organization, region: Region | None = None,
               city: City | None = None) -> Route:
    """The route of a category at a place (a city, a region, or neither: the national default). A place that already
    has a route for the category gets the new organisation."""
    if city is not None:
        if region is not None and city.region_id != region.pk:
            raise InvalidInput(_("The city is not in the chosen region."), field="city")
        region = city.region
    require(actor, "reports.manage_routes", region)
    with transaction.atomic():
        route = Route.objects.select_for_update().filter(category=category, region=region, city=city).first()
        if route is None:
            route = Route(category=category, region=region, city=city)
        route.organization = organization
        try:
            with transaction.atomic():
                route.save()
        except IntegrityError:
            raise Conflict(_("Someone else added this route first. Reload it and try again."),
                           code="route_exists") from None
    return route


def route_delete(*, actor: "User", route: Route) -> None:
    require(actor, "reports.manage_routes", route)
    route.delete()


# ---------------------------------------------------------------- input


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _box(latitude: Decimal, longitude: Decimal, radius_km: float) -> Q:
    """A latitude/longitude box around the point that holds the circle of the radius (the index narrows it)."""
    lat = float(latitude)
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(0.01, math.cos(math.radians(lat))))
    return Q(latitude__gte=lat - dlat, latitude__lte=lat + dlat,
             longitude__gte=float(longitude) - dlon, longitude__lte=float(longitude) + dlon)


def _nearest(rows: Iterable, latitude: Decimal, longitude: Decimal, radius_km: float):
    best, best_distance = None, radius_km
    for row in rows:
        distance = _distance_km(float(latitude), float(longitude), float(row.latitude), float(row.longitude))
        if distance <= best_distance:
            best, best_distance = row, distance
    return best


def _coordinate(value: Any, *, field: str, limit: int) -> Decimal | None:
    if value is None or value == "":
        return None
    number = parse_decimal(value, field=field)
    if not -limit <= number <= limit:
        raise InvalidInput(_("Enter a value between %(low)s and %(high)s.") % {"low": -limit, "high": limit},
                           field=field)
    return number.quantize(Decimal("0.000001"))


def _pk(value: Any, *, field: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidInput(_("Choose a valid option."), field=field)
    try:
        number = int(str(value))
    except ValueError:
        raise InvalidInput(_("Choose a valid option."), field=field) from None
    if number < 1:
        raise InvalidInput(_("Choose a valid option."), field=field)
    return number


def _get(model, pk: int | None, field: str):
    if pk is None:
        return None
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise InvalidInput(_("Choose a valid option."), field=field)
    return row


def resolve_place(data: dict[str, Any]) -> tuple[Region, City | None, Neighbourhood | None, Decimal | None,
                                                   Decimal | None]:
    """The report's place made consistent: a neighbourhood gives its city and region, a city its region; coordinates
    without a neighbourhood find the nearest one (or the nearest city); a region is needed in the end."""
    latitude = _coordinate(data.get("latitude"), field="latitude", limit=90)
    longitude = _coordinate(data.get("longitude"), field="longitude", limit=180)
    if (latitude is None) != (longitude is None):
        raise InvalidInput(_("Give both the latitude and the longitude."),
                           field="longitude" if longitude is None else "latitude")
    region = _get(Region, _pk(data.get("region_id"), field="region_id"), "region_id")
    city = _get(City, _pk(data.get("city_id"), field="city_id"), "city_id")
    neighbourhood = _get(Neighbourhood, _pk(data.get("neighbourhood_id"), field="neighbourhood_id"),
                         "neighbourhood_id")
    if neighbourhood is not None:
        if city is not None and neighbourhood.city_id != city.pk:
            raise InvalidInput(_("The neighbourhood is not in the chosen city."), field="neighbourhood_id")
        city = neighbourhood.city
    if city is not None:
        if region is not None and city.region_id != region.pk:
            raise InvalidInput(_("The city is not in the chosen region."), field="city_id")
        region = city.region
    if neighbourhood is None and latitude is not None and longitude is not None:
        candidates = Neighbourhood.objects.filter(_box(latitude, longitude, NEIGHBOURHOOD_RADIUS_KM))
        if city is not None:
            candidates = candidates.filter(city=city)
        elif region is not None:
            candidates = candidates.filter(city__region=region)
        neighbourhood = _nearest(candidates.select_related("city__region"), latitude, longitude,
                                 NEIGHBOURHOOD_RADIUS_KM)
        if neighbourhood is not None:
            city, region = neighbourhood.city, neighbourhood.city.region
        elif city is None:
            cities = City.objects.filter(_box(latitude, longitude, CITY_RADIUS_KM))
            if region is not None:
                cities = cities.filter(region=region)
            city = _nearest(cities.select_related("region"), latitude, longitude, CITY_RADIUS_KM)
            if city is not None:
                region = city.region
    if region is None:
        raise InvalidInput(_("Choose the region, city or neighbourhood of the problem, or give its coordinates."),
                           field="region_id")
    return region, city, neighbourhood, latitude, longitude


def clean_attributes(category: ServiceCategory, answers: dict | None) -> dict[str, Any]:
    """The answers to the category's questions, checked by datatype, required and allowed values; unknown codes
    refused. Numbers are kept as text (exact), dates as ISO text, lists as lists of keys."""
    if answers is not None and not isinstance(answers, dict):
        raise InvalidInput(_("The answers are not valid."), field="attributes")
    answers = dict(answers or {})
    cleaned: dict[str, Any] = {}
    known = {attribute.code: attribute for attribute in category.attributes.all()}
    unknown = sorted(str(code) for code in answers if code not in known)
    if unknown:
        raise InvalidInput(_("This category asks no question %(code)s.") % {"code": unknown[0][:40]},
                           field="attributes")
    for code, attribute in known.items():
        field = f"attributes.{code}"
        value = answers.get(code)
        if isinstance(value, (list, tuple)) and attribute.datatype != AttributeType.MULTI:
            value = value[0] if len(value) == 1 else value
        empty = value is None or value == "" or value == [] or value == ()
        if empty:
            if attribute.required:
                raise InvalidInput(_("Answer this question."), field=field)
            continue
        keys = {str(item.get("key")) for item in attribute.values if isinstance(item, dict)}
        if attribute.datatype in (AttributeType.STRING, AttributeType.TEXT):
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise InvalidInput(_("Enter a text."), field=field)
            limit = STRING_ANSWER_MAX_LENGTH if attribute.datatype == AttributeType.STRING else TEXT_ANSWER_MAX_LENGTH
            text = clean_text(str(value), field=field, max_length=limit)
            if attribute.datatype == AttributeType.STRING and "\n" in text:
                raise InvalidInput(_("Write this on one line."), field=field)
            if text:
                cleaned[code] = text
            elif attribute.required:
                raise InvalidInput(_("Answer this question."), field=field)
        elif attribute.datatype == AttributeType.NUMBER:
            if isinstance(value, (list, tuple, dict)):
                raise InvalidInput(_("Enter a number."), field=field)
            number = parse_decimal(value, field=field)
            if abs(number) >= Decimal("1e12") or number.as_tuple().exponent < -6:  # type: ignore[operator]
                raise InvalidInput(_("Enter a number."), field=field)
            cleaned[code] = str(number.normalize()) if number == number.to_integral() else str(number)
        elif attribute.datatype == AttributeType.DATETIME:
            text = str(value).strip() if isinstance(value, str) else ""
            moment = parse_datetime(text) if "T" in text or " " in text else None
            day = None if moment else parse_date(text) if text else None
            if moment is None and day is None:
                raise InvalidInput(_("Enter a valid date and time."), field=field)
            cleaned[code] = (moment or day).isoformat()  # type: ignore[union-attr]
        elif attribute.datatype == AttributeType.SINGLE:
            if not isinstance(value, str) or value not in keys:
                raise InvalidInput(_("Choose one of the listed answers."), field=field)
            cleaned[code] = value
        else:  # several choices: a list of keys, each once
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, (list, tuple)) or not all(isinstance(item, str) and item in keys
                                                                for item in items):
                raise InvalidInput(_("Choose among the listed answers."), field=field)
            cleaned[code] = list(dict.fromkeys(items))
    return cleaned


def clean_photo(photo):
    """A photo checked by its content and written again from its pixels alone: without its EXIF (location, camera),
    without whatever was glued around the image (a polyglot's script or page), under a random name. Damaged EXIF
    is refused rather than guessed at (Pillow's warnings are errors here)."""
    if not photo:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Corrupt EXIF data", a decompression bomb's warning…
            validate_image_upload(photo, max_bytes=settings.REPORT_PHOTO_MAX_BYTES)
            cleaned = strip_image_metadata(photo)
            cleaned.seek(0)
            content, extension, mime = _pixels_only(cleaned)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], field="photo") from error
    except UserWarning as error:
        raise InvalidInput(_("The photo's metadata is damaged: save the photo again and send that copy."),
                           field="photo") from error
    except (OSError, ValueError, SyntaxError, TypeError, struct.error, Image.DecompressionBombError) as error:
        raise InvalidInput(_("The file is not a valid image."), field="photo") from error
    # The name the person gave may say who they are or where; the stored one says nothing.
    return SimpleUploadedFile(f"{secrets.token_hex(12)}.{extension}", content, content_type=mime)


def _pixels_only(upload) -> tuple[bytes, str, str]:
    """The image written again from its decoded pixels (JPEG and WebP at quality 90, PNG as PNG; a GIF's first
    frame as PNG): nothing of the uploaded bytes but the picture reaches the storage."""
    with Image.open(upload) as image:
        image.load()
        image_format = image.format
        pixels = image.copy()
    if image_format == "JPEG":
        pixels = pixels if pixels.mode in ("RGB", "L", "CMYK") else pixels.convert("RGB")
        options: dict[str, Any] = {"format": "JPEG", "quality": 90}
        extension, mime = "jpg", "image/jpeg"
    elif image_format == "WEBP":
        options, extension, mime = {"format": "WEBP", "quality": 90}, "webp", "image/webp"
    else:  # PNG, GIF
        if pixels.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            pixels = pixels.convert("RGBA")
        options, extension, mime = {"format": "PNG"}, "png", "image/png"
    pixels.info = {}
    output = io.BytesIO()
    pixels.save(output, exif=b"", **options)
    return output.getvalue(), extension, mime


def _clean_contact(data: dict[str, Any]) -> dict[str, str]:
    name = clean_text(str(data.get("contact_name") or ""), field="contact_name", max_length=CONTACT_NAME_MAX_LENGTH)
    email = str(data.get("contact_email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput(_("Enter a valid e-mail address."), field="contact_email") from None
        if len(email) > 254:
            raise InvalidInput(_("Enter a valid e-mail address."), field="contact_email")
    phone = str(data.get("contact_phone") or "").strip()
    if phone and not PHONE_PATTERN.match(phone):
        raise InvalidInput(_("Enter a valid phone number."), field="contact_phone")
    return {"contact_name": name, "contact_email": email, "contact_phone": phone}


def _clean_media_url(value: Any) -> str:
    url = str(value or "").strip()
    if not url:
        return ""
    if len(url) > 500:
        raise InvalidInput(_("Enter a valid URL."), field="media_url")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise InvalidInput(_("Enter a valid URL."), field="media_url") from None
    return url


def _staff_of(organization: Organization | None) -> list:
    if organization is None:
        return []
    return [membership.user for membership in Membership.objects.filter(
        organization=organization, role__in=(Role.ADMIN, Role.EDITOR)).select_related("user")]


def _url(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # the page is not mounted (a part of the project without its pages)
        return ""


def report_url(report: Report) -> str:
    return _url("reports:detail", report_id=report.pk)


def track_url(report: Report) -> str:
    return _url("reports:track", token=report.token)


# ---------------------------------------------------------------- reports


def report_create(*, actor: "User | None", category: ServiceCategory, data: dict[str, Any], photo=None,
                  source: str = Source.WEB, api_key=None, attributes: dict | None = None) -> Report:
    """A resident's report, placed, routed to the responsible organisation, with its first timeline entry; the
    organisation's staff are told. The private link (`token`) follows the reporter."""
    require(actor, "reports.add_report", category)
    if not category.active:
        raise InvalidInput(_("This category no longer takes reports."), field="category")
    signed_in = bool(actor is not None and actor.is_authenticated)
    description = clean_text(str(data.get("description") or ""), field="description",
                             max_length=DESCRIPTION_MAX_LENGTH, min_length=5)
    address = clean_text(str(data.get("address") or ""), field="address", max_length=ADDRESS_MAX_LENGTH)
    if "\n" in address:
        raise InvalidInput(_("Write this on one line."), field="address")
    region, city, neighbourhood, latitude, longitude = resolve_place(data)
    answers = clean_attributes(category, attributes)
    media_url = _clean_media_url(data.get("media_url"))
    contact = _clean_contact(data)
    anonymous = bool(data.get("anonymous")) and data.get("anonymous") not in ("0", "false", "False")
    if not anonymous and not signed_in and not contact["contact_name"] and not contact["contact_email"] \
            and not contact["contact_phone"]:
        anonymous = True  # nobody said who they are: that is an anonymous report
    if anonymous:
        if not category.allows_anonymous:
            raise InvalidInput(_("This category takes reports only from people who say who they are: sign in or "
                                 "give your name and a way to reach you."), field="contact_name")
        contact = {"contact_name": "", "contact_email": "", "contact_phone": ""}
    elif not signed_in and not category.allows_anonymous and not (
            contact["contact_name"] and (contact["contact_email"] or contact["contact_phone"])):
        raise InvalidInput(_("This category takes reports only from people who say who they are: sign in or "
                             "give your name and a way to reach you."), field="contact_name")
    stored_photo = clean_photo(photo)
    organization = route_for(category=category, region=region, city=city)
    with transaction.atomic():
        report = Report(
            category=category, organization=organization, description=description, latitude=latitude,
            longitude=longitude, address=address, region=region, city=city, neighbourhood=neighbourhood,
            media_url=media_url, attributes=answers, anonymous=anonymous,
            reporter=actor if signed_in and not anonymous else None, source=source, api_key=api_key, **contact,
        )
        if stored_photo is not None:
            report.photo.save(stored_photo.name, stored_photo, save=False)
        report._history_user = actor if signed_in else None  # type: ignore[attr-defined]
        report.save()
        ReportUpdate.objects.create(report=report, status_from="", status_to=ReportStatus.SUBMITTED,
                                    author=actor if signed_in and not anonymous else None)
        name = category.name_ar
        notify(users=_staff_of(organization),
               title_for=lambda: _("A new report to handle: %(category)s") % {"category": name},
               body_for=lambda: description[:300], url=report_url(report))
    return report


def _change(*, actor: "User", report: Report, status: str, note: str, duplicate_of: Report | None,
            base_url: str) -> Report:
    """One change on a report whose row the caller locked."""
    if status not in ReportStatus.values:
        raise InvalidInput(_("Choose a valid status."), field="status")
    if status not in TRANSITIONS[report.status]:
        raise Conflict(_("A report that is %(current)s cannot become %(status)s.") % {
            "current": ReportStatus(report.status).label, "status": ReportStatus(status).label},
            code="bad_transition")
    note = clean_text(note or "", field="note", max_length=NOTE_MAX_LENGTH)
    if status in NEEDS_REASON and not note:
        raise InvalidInput(_("Give the reason in the note."), field="note")
    if status == ReportStatus.DUPLICATE:
        if duplicate_of is None:
            raise InvalidInput(_("Name the report this one repeats."), field="duplicate_of")
        if duplicate_of.pk == report.pk or duplicate_of.category_id != report.category_id:
            raise InvalidInput(_("The original report must be another report of the same category."),
                               field="duplicate_of")
        if duplicate_of.status == ReportStatus.DUPLICATE:
            raise InvalidInput(_("Name the original report, not another duplicate."), field="duplicate_of")
        report.duplicate_of = duplicate_of
    elif duplicate_of is not None:
        raise InvalidInput(_("Only a duplicate names an original report."), field="duplicate_of")
    now = timezone.now()
    previous = report.status
    report.status = status
    report.status_note = note
    if report.acknowledged_at is None and status != ReportStatus.SUBMITTED:
        report.acknowledged_at = now
    if status in (ReportStatus.RESOLVED, ReportStatus.REJECTED, ReportStatus.DUPLICATE):
        report.closed_at = now
    if status == ReportStatus.RESOLVED:
        report.resolution_seconds = max(0, int((now - report.created_at).total_seconds()))
    report._history_user = actor  # type: ignore[attr-defined]
    report.save()
    ReportUpdate.objects.create(report=report, status_from=previous, status_to=status, note=note, author=actor)
    _tell_reporter(report, base_url)
    return report


def _tell_reporter(report: Report, base_url: str) -> None:
    label_value, note, number = report.status, report.status_note, report.pk

    def title() -> str:
        return _("Your report #%(number)s is now: %(status)s") % {
            "number": number, "status": ReportStatus(label_value).label}

    def body() -> str:
        return note

    if report.reporter_id is not None:
        notify(users=[report.reporter], title_for=title, body_for=body, url=report_url(report))
    elif report.contact_email:
        link = track_url(report)
        with translation.override(settings.LANGUAGE_CODE):
            subject = " ".join(title().split())[:300]
            text = "\n\n".join(part for part in (body(), base_url.rstrip("/") + link if link else "") if part)
        enqueue_with_transaction(send_notification_mail, subject=subject, body=text, to=report.contact_email)


def report_change_status(*, actor: "User", report: Report, status: str, note: str = "",
                         duplicate_of: Report | None = None, base_url: str = "") -> Report:
    """A move along the workflow, with its public note; the reporter is told (in the app when they have an account,
    by e-mail to the contact address otherwise). `base_url` makes the e-mailed private link absolute."""
    require(actor, "reports.handle_report", report)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        _change(actor=actor, report=locked, status=status, note=note, duplicate_of=duplicate_of, base_url=base_url)
    return locked


def reports_bulk_status(*, actor: "User", reports: Iterable[Report], status: str, note: str = "",
                        base_url: str = "") -> int:
    """The same change on several reports, all or nothing: one refused (permission, transition, reason) changes
    none. Duplicates are marked one by one (each names its own original)."""
    ids = sorted({report.pk for report in reports})
    if not ids:
        raise InvalidInput(_("Choose at least one report."), field="reports")
    if len(ids) > BULK_MAX:
        raise InvalidInput(_("Choose at most %(count)s reports at once.") % {"count": BULK_MAX}, field="reports")
    if status == ReportStatus.DUPLICATE:
        raise InvalidInput(_("Mark duplicates one by one: each names its original."), field="status")
    with transaction.atomic():
        locked = list(Report.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        for report in locked:
            if not can(actor, "reports.handle_report", report):
                raise NotPermitted()
        for report in locked:
            _change(actor=actor, report=report, status=status, note=note, duplicate_of=None, base_url=base_url)
    return len(locked)


def report_reroute(*, actor: "User", report: Report, organization: Organization) -> Report:
    """Sent to another organisation (a wrong route, a shared responsibility); the timeline says so, and the new
    organisation's staff are told."""
    require(actor, "reports.handle_report", report)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if not locked.is_open:
            raise Conflict(_("A closed report is not sent elsewhere."), code="closed")
        if locked.organization_id == organization.pk:
            return locked
        locked.organization = organization
        locked._history_user = actor  # type: ignore[attr-defined]
        locked.save(update_fields=["organization", "updated_at"])
        with translation.override(settings.LANGUAGE_CODE):
            note = _("Sent to %(organization)s.") % {"organization": organization.name_ar}
        ReportUpdate.objects.create(report=locked, status_from=locked.status, status_to=locked.status,
                                    note=note[:NOTE_MAX_LENGTH], author=actor)
        name = locked.category.name_ar
        notify(users=_staff_of(organization),
               title_for=lambda: _("A report was sent to you: %(category)s") % {"category": name},
               url=report_url(locked))
    return locked


def photo_filename(report: Report) -> str:
    return os.path.basename(report.photo.name or "") if report.photo else ""


# ---- o31116: the photo of a report sent through the API (JSON first, the photo apart, multipart)


def report_photo_set(*, actor: "User", report: Report, photo) -> Report:
    """Attach (or replace) the report's photo: checked by its content and stored without its EXIF, like the form's.
    The reporter may within an hour of sending the report; those who handle it, at any time."""
    require(actor, "reports.add_photo", report)
    cleaned = clean_photo(photo)
    if cleaned is None:
        raise InvalidInput(_("Choose a photo."), field="photo")
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        previous = locked.photo.name if locked.photo else ""
        storage = locked.photo.storage
        locked.photo.save(cleaned.name, cleaned, save=False)
        locked._history_user = actor  # type: ignore[attr-defined]
        locked.save(update_fields=["photo", "updated_at"])
        if previous:
            transaction.on_commit(lambda: storage.delete(previous))
    return locked
