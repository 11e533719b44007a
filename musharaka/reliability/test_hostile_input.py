"""Hostile input: every case answers a clear, translated error and leaves the database as it was.

Uploads (logos, covers, attachments, spreadsheet imports) through the pages and the API; formula
injection in the exports; script and bidi overrides in Arabic text; over-long strings, malformed
JSON, wrong types, NUL bytes and lone surrogates; out-of-range and malformed query parameters.
"""

import csv
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from PIL import Image

from musharaka.initiatives.models import Initiative, InitiativeAttachment
from musharaka.initiatives.tests.payloads import initiative_form_data
from musharaka.orgs.models import Organization, Role

HUGE = "9" * 25
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
SCRIPT = "<script>alert('x')</script>"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
AR = {"HTTP_ACCEPT_LANGUAGE": "ar"}


# ---------------------------------------------------------------- material


def png_bytes(size=(8, 8)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (10, 120, 60)).save(output, "PNG")
    return output.getvalue()


def photo_with_gps(image_format: str = "JPEG", orientation: int = 6) -> bytes:
    """A 40×20 photo whose EXIF says: turn it 90° clockwise, taken at 24°42′N 46°43′E (Riyadh)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (24.0, 42.0, 50.0), 3: "E", 4: (46.0, 43.0, 5.0)}
    output = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(output, image_format, exif=exif.tobytes())
    return output.getvalue()


def gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as image:
        return dict(image.getexif().get_ifd(0x8825))


SVG_WITH_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64

# A wrong type behind a right extension, SVG with script, a truncated image, a Windows program.
NOT_AN_IMAGE = [
    pytest.param("logo.png", PDF, id="pdf-named-png"),
    pytest.param("logo.jpg", HTML, id="html-named-jpg"),
    pytest.param("logo.png", SVG_WITH_SCRIPT, id="svg-with-script-named-png"),
    pytest.param("logo.svg", SVG_WITH_SCRIPT, id="svg-with-script"),
    pytest.param("logo.png", png_bytes()[:40], id="truncated-png"),
    pytest.param("logo.gif", EXE, id="exe-named-gif"),
]
IMAGE_TYPE_MESSAGES = {
    # the type is refused, or the bytes are not a whole image
    "ar": ("ارفع صورة بصيغة PNG أو JPEG أو WebP أو GIF.", "الملف ليس صورة صالحة."),
    "en": ("Upload a PNG, JPEG, WebP or GIF image.", "The file is not a valid image."),
}
# The pages' image fields (Django's ImageField) refuse non-images with Django's own message first.
PAGE_IMAGE_MESSAGES = {
    "ar": (*IMAGE_TYPE_MESSAGES["ar"], "قم برفع صورة صحيحة، الملف الذي قمت برفعه إما أنه ليس ملفا لصورة أو أنه ملف معطوب."),
    "en": (*IMAGE_TYPE_MESSAGES["en"], "Upload a valid image. The file you uploaded was either not an image or a corrupted"),
}


def oversize_png(limit: int) -> bytes:
    return png_bytes() + b"\x00" * (limit + 1)


def xlsx_bytes(rows: list[list], header: list[str] | None = None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("المبادرات")
    for row in ([header] if header else []) + rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


IMPORT_HEADER = ["title_ar", "summary_ar", "lead_organization_id"]
GOOD_ROW = ["مبادرة الحي النظيف", "حملات تنظيف دورية بمشاركة السكان", 1]


def xlsx_with_external_link() -> bytes:
    """A valid workbook plus the part Excel writes for a formula such as ='[budget.xlsx]Sheet1'!A1."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([GOOD_ROW], IMPORT_HEADER)))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            archive.writestr(member, source.read(member))
        archive.writestr(
            "xl/externalLinks/externalLink1.xml",
            '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
            "</externalLink>",
        )
        archive.writestr(
            "xl/externalLinks/_rels/externalLink1.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'externalLinkPath" Target="file:///\\\\attacker\\share\\budget.xlsx" TargetMode="External"/>'
            "</Relationships>",
        )
    return output.getvalue()


def xlsx_zip_bomb() -> bytes:
    """60 MB of zeros in a sheet, about 60 KB packed: refused from the zip directory, never unpacked."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))
    return output.getvalue()


def media_files(settings) -> list[str]:
    roots = [settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT]
    return sorted(str(path) for root in roots if root.exists() for path in root.rglob("*") if path.is_file())


def org_row(organization) -> dict:
    return dict(Organization.objects.filter(pk=organization.pk).values().get())


def initiative_row(initiative) -> dict:
    return dict(Initiative.objects.filter(pk=initiative.pk).values().get())


@pytest.fixture
def org_admin(make_org, make_member):
    organization = make_org("جمعية الوفاء الأهلية", name_en="Al-Wafa Society")
    return organization, make_member(organization, Role.ADMIN)


@pytest.fixture
def draft(make_initiative, make_org, make_member):
    organization = make_org("جمعية التنمية بحي النسيم")
    editor = make_member(organization, Role.EDITOR)
    return make_initiative(organization, editor=editor), editor


def page_form(initiative, **overrides) -> dict:
    return initiative_form_data(initiative, **overrides)


def org_form(organization, **overrides) -> dict:
    data = {
        "name_ar": organization.name_ar, "name_en": organization.name_en, "sector": organization.sector,
        "region": organization.region_id, "city": "", "description_ar": "", "description_en": "",
        "website": "", "email": "", "phone": "", "address": "",
    }
    data.update(overrides)
    return data


def text_of(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- images: logos, covers, attachments


@pytest.mark.parametrize(("name", "content"), NOT_AN_IMAGE)
def test_api_logo_refuses_what_is_not_an_image_in_both_languages(client_for, org_admin, settings, name, content):
    organization, admin = org_admin
    client = client_for(admin)
    before, files = org_row(organization), media_files(settings)
    for language, headers in (("ar", AR), ("en", EN)):
        upload = SimpleUploadedFile(name, content, content_type="image/png")
        response = client.post(f"/api/v1/organizations/{organization.pk}/logo", {"logo": upload}, **headers)
        assert response.status_code == 422
        assert response.json()["detail"] in IMAGE_TYPE_MESSAGES[language]
    assert org_row(organization) == before
    assert media_files(settings) == files


def test_api_logo_refuses_an_oversize_file(client_for, org_admin, settings):
    organization, admin = org_admin
    before = org_row(organization)
    content = oversize_png(settings.LOGO_MAX_BYTES)
    answers = {}
    for language, headers in (("ar", AR), ("en", EN)):
        upload = SimpleUploadedFile("logo.png", content, content_type="image/png")
        response = client_for(admin).post(f"/api/v1/organizations/{organization.pk}/logo", {"logo": upload}, **headers)
        assert response.status_code == 422
        assert response.json()["code"] == "file_too_large"
        answers[language] = response.json()["detail"]
    assert answers["ar"].startswith("حجم الملف كبير جدًا") and "الحد الأقصى 2,0" in answers["ar"]
    assert answers["en"].startswith("The file is too large") and "The limit is 2.0" in answers["en"]
    assert org_row(organization) == before
    assert media_files(settings) == []


@pytest.mark.parametrize(("name", "content"), NOT_AN_IMAGE)
def test_logo_page_refuses_what_is_not_an_image_in_both_languages(client_for, org_admin, settings, name, content):
    organization, admin = org_admin
    client = client_for(admin)
    before = org_row(organization)
    for language, prefix in (("ar", ""), ("en", "/en")):
        upload = SimpleUploadedFile(name, content, content_type="image/png")
        response = client.post(f"{prefix}/organizations/{organization.pk}/edit/", {**org_form(organization), "logo": upload})
        assert response.status_code == 200  # the form again, with the error beside the field
        assert any(message in text_of(response) for message in PAGE_IMAGE_MESSAGES[language])
    assert org_row(organization) == before
    assert media_files(settings) == []


@pytest.mark.parametrize(("name", "content"), NOT_AN_IMAGE)
def test_cover_page_refuses_what_is_not_an_image(client_for, draft, settings, name, content):
    initiative, editor = draft
    client = client_for(editor)
    before = initiative_row(initiative)
    for language, prefix in (("ar", ""), ("en", "/en")):
        upload = SimpleUploadedFile(name.replace("logo", "cover"), content, content_type="image/png")
        response = client.post(f"{prefix}/initiatives/{initiative.pk}/edit/", page_form(initiative, cover_image=upload))
        assert response.status_code == 200
        assert any(message in text_of(response) for message in PAGE_IMAGE_MESSAGES[language])
    assert initiative_row(initiative) == before
    assert media_files(settings) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("report.pdf", HTML, id="html-named-pdf"),
        pytest.param("plan.docx", EXE, id="exe-named-docx"),
        pytest.param("map.svg", SVG_WITH_SCRIPT, id="svg-with-script"),
        pytest.param("photo.png", SVG_WITH_SCRIPT, id="svg-named-png"),
        pytest.param("budget.xlsx", b"PK\x03\x04 a zip that is not a workbook", id="broken-zip-named-xlsx"),
    ],
)
def test_attachment_page_refuses_wrong_types(client_for, draft, settings, name, content):
    initiative, editor = draft
    client = client_for(editor)
    before = initiative_row(initiative)
    messages = {"ar": "ارفع ملفًا بصيغة PDF أو Word أو Excel أو PowerPoint أو صورة.",
                "en": "Upload a PDF, Word, Excel, PowerPoint or image file."}
    for language, prefix in (("ar", ""), ("en", "/en")):
        upload = SimpleUploadedFile(name, content)
        response = client.post(f"{prefix}/initiatives/{initiative.pk}/edit/", page_form(initiative, attachments=[upload]))
        assert response.status_code == 200
        assert f"{name}: {messages[language]}" in text_of(response)
    assert initiative_row(initiative) == before
    assert InitiativeAttachment.objects.count() == 0
    assert media_files(settings) == []


def test_attachment_page_refuses_an_oversize_file(client_for, draft, settings):
    initiative, editor = draft
    upload = SimpleUploadedFile("scan.png", oversize_png(10 * 1024 * 1024))
    response = client_for(editor).post(f"/en/initiatives/{initiative.pk}/edit/", page_form(initiative, attachments=[upload]))
    assert response.status_code == 200
    assert "scan.png: The file is too large" in text_of(response)
    assert InitiativeAttachment.objects.count() == 0
    assert media_files(settings) == []


@pytest.fixture
def forum(make_org, make_member):
    """A published forum of an emirate, its editor and one speaker (through the services)."""
    import datetime

    from django.utils import timezone

    from musharaka.events import services as events

    organization = make_org("إمارة منطقة المدينة المنورة")
    editor = make_member(organization, Role.EDITOR)
    starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=9)
    event = events.event_create(actor=editor, organization=organization, data={
        "title_ar": "الملتقى الخامس للمبادرات", "region": organization.region, "starts_at": starts,
        "ends_at": starts + datetime.timedelta(days=1), "is_published": True})
    speaker = events.speaker_create(actor=editor, event=event, data={"name_ar": "سمير المغامسي"})
    return event, speaker, editor


def event_page_form(event, **overrides) -> dict:
    from django.utils import timezone

    data = {"organization": event.organization_id, "title_ar": event.title_ar, "kind": event.kind,
            "region": event.region_id, "audience_public": "on",
            "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M")}
    data.update(overrides)
    return data


@pytest.mark.parametrize(("name", "content"), NOT_AN_IMAGE)
def test_event_cover_and_speaker_photo_pages_refuse_what_is_not_an_image(client_for, forum, settings, name, content):
    event, speaker, editor = forum
    client = client_for(editor)
    for language, prefix in (("ar", ""), ("en", "/en")):
        cover = SimpleUploadedFile(name.replace("logo", "cover"), content, content_type="image/png")
        response = client.post(f"{prefix}/events/{event.pk}/edit/", event_page_form(event, cover_image=cover))
        assert response.status_code == 200
        assert any(message in text_of(response) for message in PAGE_IMAGE_MESSAGES[language])
        photo = SimpleUploadedFile(name.replace("logo", "photo"), content, content_type="image/png")
        response = client.post(f"{prefix}/events/{event.pk}/manage/speakers/{speaker.pk}/",
                               {"name_ar": speaker.name_ar, "photo": photo})
        assert response.status_code == 200
        assert any(message in text_of(response) for message in PAGE_IMAGE_MESSAGES[language])
    event.refresh_from_db()
    speaker.refresh_from_db()
    assert (event.cover_image.name, speaker.photo.name) == ("", "")
    assert media_files(settings) == []


def test_event_cover_and_speaker_photo_lose_their_gps_position_and_stay_private(client_for, forum, settings):
    event, speaker, editor = forum
    client = client_for(editor)
    cover = SimpleUploadedFile("cover.jpg", photo_with_gps("JPEG"))
    assert client.post(f"/events/{event.pk}/edit/", event_page_form(event, cover_image=cover)).status_code == 302
    photo = SimpleUploadedFile("photo.png", photo_with_gps("PNG"))
    response = client.post(f"/events/{event.pk}/manage/speakers/{speaker.pk}/", {"name_ar": speaker.name_ar,
                                                                                  "photo": photo})
    assert response.status_code == 302
    event.refresh_from_db()
    speaker.refresh_from_db()
    for stored in (event.cover_image, speaker.photo):
        assert gps_of(stored.read()) == {}
        assert stored.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_api_logo_loses_its_gps_position_and_stands_upright(client_for, org_admin, image_format):
    organization, admin = org_admin
    content = photo_with_gps(image_format)
    assert gps_of(content)  # the material does carry a position
    upload = SimpleUploadedFile(f"logo.{image_format.lower()}", content)
    response = client_for(admin).post(f"/api/v1/organizations/{organization.pk}/logo", {"logo": upload})
    assert response.status_code == 200, response.content
    organization.refresh_from_db()
    stored = organization.logo.read()
    assert gps_of(stored) == {}
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == image_format
        assert image.size == (20, 40)  # turned as the orientation tag said, and the tag is gone
        assert image.getexif().get(0x0112) in (None, 1)
        assert b"PhoneMaker" not in stored


def test_cover_and_image_attachment_lose_their_gps_position_through_the_page(client_for, draft):
    initiative, editor = draft
    cover = SimpleUploadedFile("cover.jpg", photo_with_gps("JPEG"))
    attachment = SimpleUploadedFile("site-visit.jpg", photo_with_gps("JPEG"))
    response = client_for(editor).post(
        f"/initiatives/{initiative.pk}/edit/", page_form(initiative, cover_image=cover, attachments=[attachment])
    )
    assert response.status_code == 302, text_of(response)
    initiative.refresh_from_db()
    stored_attachment = initiative.attachments.get()
    for stored in (initiative.cover_image.read(), stored_attachment.file.read()):
        assert gps_of(stored) == {}
        assert b"PhoneMaker" not in stored
        with Image.open(io.BytesIO(stored)) as image:
            assert image.size == (20, 40)
    assert stored_attachment.size == stored_attachment.file.size


def test_an_image_without_metadata_is_stored_as_it_came(client_for, org_admin):
    organization, admin = org_admin
    content = png_bytes()
    response = client_for(admin).post(
        f"/api/v1/organizations/{organization.pk}/logo", {"logo": SimpleUploadedFile("logo.png", content)}
    )
    assert response.status_code == 200
    organization.refresh_from_db()
    assert organization.logo.read() == content


def test_a_hostile_file_name_is_kept_inside_the_media_folder(client_for, org_admin, settings):
    organization, admin = org_admin
    name = "../../../" + "ش" * 300 + ".png"
    response = client_for(admin).post(
        f"/api/v1/organizations/{organization.pk}/logo", {"logo": SimpleUploadedFile(name, png_bytes())}
    )
    assert response.status_code == 200
    [stored] = media_files(settings)
    assert stored.startswith(str(settings.MEDIA_ROOT / "logos"))
    assert len(Organization.objects.get(pk=organization.pk).logo.name) <= 100


# ---------------------------------------------------------------- spreadsheet imports


IMPORT_REFUSALS = [
    pytest.param(
        "bomb.xlsx", xlsx_zip_bomb(), 413, "zip_bomb",
        {"ar": "يتمدد عند فكه إلى بيانات كثيرة جدًا", "en": "The workbook unpacks to too much data"}, id="zip-bomb",
    ),
    pytest.param(
        "linked.xlsx", xlsx_with_external_link(), 422, "external_links",
        {"ar": "روابط خارجية", "en": "The workbook links to other files or data sources"}, id="external-link",
    ),
    pytest.param(
        "initiatives.xlsx", png_bytes(), 422, "bad_encoding",
        {"ar": "UTF-8", "en": "The file is neither UTF-8 nor Windows Arabic"}, id="png-named-xlsx",
    ),
    pytest.param(
        "initiatives.xlsx", b"PK\x03\x04" + b"\x00" * 200, 422, "unreadable_file",
        {"ar": "تعذرت قراءة الملف مصنفَ إكسل", "en": "could not be read as an Excel workbook"}, id="broken-zip-named-xlsx",
    ),
    pytest.param(
        "initiatives.csv", b"title_ar,summary_ar\n" + b"x" * (5 * 1024 * 1024), 413, "file_too_large",
        {"ar": "كبير جدًا", "en": "The file is too large"}, id="oversize-csv",
    ),
]


@pytest.mark.parametrize(("name", "content", "status", "code", "messages"), IMPORT_REFUSALS)
def test_api_import_refuses_hostile_workbooks(client_for, org_admin, name, content, status, code, messages):
    _, admin = org_admin
    client = client_for(admin)
    for language, headers in (("ar", AR), ("en", EN)):
        response = client.post("/api/v1/initiatives/import", {"file": SimpleUploadedFile(name, content)}, **headers)
        assert response.status_code == status
        body = response.json()
        assert body["code"] == code
        assert messages[language] in str(body["detail"])
    assert Initiative.objects.count() == 0


@pytest.mark.parametrize(("name", "content", "status", "code", "messages"), IMPORT_REFUSALS)
def test_import_page_refuses_hostile_workbooks(client_for, org_admin, name, content, status, code, messages):
    _, admin = org_admin
    client = client_for(admin)
    for language, prefix in (("ar", ""), ("en", "/en")):
        response = client.post(f"{prefix}/initiatives/import/", {"file": SimpleUploadedFile(name, content)})
        assert response.status_code in (200, 413, 422)
        assert messages[language] in text_of(response)
    assert Initiative.objects.count() == 0


def test_import_drops_bidi_overrides_and_keeps_script_as_text(client_for, org_admin):
    organization, admin = org_admin
    content = xlsx_bytes([[f"مبادرة {RLO}الحي{SCRIPT}", "حملات تنظيف دورية بمشاركة السكان", organization.pk]], IMPORT_HEADER)
    response = client_for(admin).post("/api/v1/initiatives/import", {"file": SimpleUploadedFile("i.xlsx", content)})
    assert response.status_code == 201, response.content
    assert Initiative.objects.get().title_ar == f"مبادرة الحي{SCRIPT}"


# ---------------------------------------------------------------- exports: formula injection


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+966500000000", "-2+3", "@SUM(A1:A2)", "\tمبادرة", "\rمبادرة"]


@pytest.fixture
def formula_initiatives(make_initiative, make_org):
    organization = make_org("=cmd|' /C calc'!A0", name_en="@evil")
    for number, formula in enumerate(FORMULAS):
        make_initiative(organization, status="approved", title_ar=f"{formula} {number}", summary_ar=formula + " ملخص")
    return organization


@pytest.mark.parametrize("url", ["/api/v1/initiatives/export.csv", "/initiatives/export.csv"])
def test_csv_export_neutralises_formulas(client, formula_initiatives, url):
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    dangerous = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    for formula in FORMULAS:
        assert any(cell.startswith("'" + formula) for cell in cells), formula
    assert "'=cmd|' /C calc'!A0" in cells


def _xlsx_export(client, way: str, capture) -> bytes:
    """An Excel export started from the page or the API, run by the (immediate) task, downloaded."""
    from musharaka.initiatives.exchange.models import ExportJob

    with capture(execute=True):
        started = client.post("/api/v1/initiatives/exports" if way == "api" else "/initiatives/export.xlsx")
    assert started.status_code in (202, 302)
    job = ExportJob.objects.get()
    url = f"/api/v1/initiatives/exports/{job.pk}/file" if way == "api" else f"/initiatives/exports/{job.pk}/file"
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("way", ["api", "page"])
def test_xlsx_export_neutralises_formulas(client_for, make_user, formula_initiatives, way,
                                         django_capture_on_commit_callbacks):
    body = _xlsx_export(client_for(make_user()), way, django_capture_on_commit_callbacks)
    workbook = load_workbook(io.BytesIO(body))  # formulas would come back as "=…" strings of type "f"
    cells = [cell for row in workbook.worksheets[0].iter_rows(min_row=2) for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert [text for text in texts if text[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
    for formula in FORMULAS:
        assert any(text.startswith("'" + formula) for text in texts), formula


def test_export_job_ids_of_others_or_malformed_are_not_found(client_for, make_user, formula_initiatives,
                                                            django_capture_on_commit_callbacks):
    from musharaka.initiatives.exchange.models import ExportJob

    _xlsx_export(client_for(make_user()), "api", django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    stranger = client_for(make_user())
    for path in (f"/initiatives/exports/{job.pk}/", f"/initiatives/exports/{job.pk}/status",
                 f"/initiatives/exports/{job.pk}/file", "/initiatives/exports/../../etc/passwd/file",
                 "/initiatives/exports/not-a-uuid/file", f"/initiatives/exports/{str(job.pk).upper()}x/file"):
        assert stranger.get(path).status_code == 404, path
    for path in (f"/api/v1/initiatives/exports/{job.pk}", f"/api/v1/initiatives/exports/{job.pk}/file"):
        answer = stranger.get(path)
        assert (answer.status_code, answer.json()["code"]) == (404, "not_found"), path
    malformed = stranger.get("/api/v1/initiatives/exports/1%27%20OR%201=1", HTTP_ACCEPT_LANGUAGE="en")
    assert malformed.status_code == 422 and malformed.json()["code"] == "invalid"


# ---------------------------------------------------------------- script and bidi overrides in Arabic text


def test_api_text_with_script_and_bidi_override_round_trips_inert(client_for, org_admin):
    organization, admin = org_admin
    client = client_for(admin)
    title = f"مبادرة {RLO}الحي{SCRIPT}"
    response = client.post("/api/v1/initiatives", {
        "lead_organization_id": organization.pk, "title_ar": title, "summary_ar": f"ملخص{RLO} <b>عريض</b>",
        "description_ar": f"\u2066وصف\u2069 {SCRIPT}",
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title_ar"] == f"مبادرة الحي{SCRIPT}"  # the override is gone, the markup stays text
    assert body["summary_ar"] == "ملخص <b>عريض</b>"
    assert body["description_ar"] == f"وصف {SCRIPT}"
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    again = client.get(f"/api/v1/initiatives/{body['id']}").json()
    assert (again["title_ar"], again["summary_ar"]) == (body["title_ar"], body["summary_ar"])
    page = text_of(client.get(f"/initiatives/{body['id']}/"))
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<b>عريض</b>" not in page
    assert RLO not in page


def test_pages_store_arabic_text_without_bidi_overrides_and_show_script_escaped(client_for, org_admin):
    organization, admin = org_admin
    client = client_for(admin)
    name = f"جمعية{RLO} النور{SCRIPT}"
    response = client.post(f"/organizations/{organization.pk}/edit/", org_form(
        organization, name_ar=name, description_ar="\u202bوصف\u202c <img src=x onerror=alert(1)>",
    ))
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name_ar == f"جمعية النور{SCRIPT}"
    assert organization.description_ar == "وصف <img src=x onerror=alert(1)>"
    for url in (f"/organizations/{organization.pk}/", "/organizations/", f"/en/organizations/{organization.pk}/"):
        page = text_of(client.get(url))
        assert "<script>alert" not in page and "<img src=x" not in page
        assert RLO not in page


def test_marks_that_arabic_keyboards_type_are_kept(client_for, org_admin):
    organization, admin = org_admin
    name = "جمعية\u200f النور\u200e 2030\u061c"  # RLM, LRM, ALM: they only nudge neutral characters
    response = client_for(admin).patch(
        f"/api/v1/organizations/{organization.pk}", {"name_ar": name}, content_type="application/json"
    )
    assert response.status_code == 200
    assert Organization.objects.get(pk=organization.pk).name_ar == name


# ---------------------------------------------------------------- long strings, malformed bodies, wrong types, NUL


def api_create(client, organization, **fields):
    payload = {"lead_organization_id": organization.pk, "title_ar": "مبادرة الحي", "summary_ar": "ملخص المبادرة"}
    payload.update(fields)
    return client.post("/api/v1/initiatives", payload, content_type="application/json")


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"title_ar": "م" * 251}, id="title-over-250"),
        pytest.param({"title_ar": "م" * 100_000}, id="title-100k"),
        pytest.param({"summary_ar": "م" * 2001}, id="summary-over-2000"),
        pytest.param({"description_ar": "و" * 20_001}, id="description-over-20000"),
        pytest.param({"title_ar": 12345}, id="title-a-number"),
        pytest.param({"title_ar": ["مبادرة"]}, id="title-a-list"),
        pytest.param({"budget": "كثير"}, id="budget-words"),
        pytest.param({"budget": "1e400"}, id="budget-overflow"),
        pytest.param({"planned_beneficiaries": 10**30}, id="beneficiaries-huge"),
        pytest.param({"start_date": "2026-02-30"}, id="impossible-date"),
        pytest.param({"sdgs": "all"}, id="sdgs-a-string"),
        pytest.param({"axes": {"code": "x"}}, id="axes-an-object"),
        pytest.param({"lead_organization_id": "abc"}, id="organisation-id-text"),
        pytest.param({"lead_organization_id": int(HUGE)}, id="organisation-id-huge"),
        pytest.param({"places": [{"region_id": None}]}, id="place-without-region"),
        pytest.param({"title_ar": "مبادرة\x00الحي"}, id="nul-in-title"),
        pytest.param({"summary_ar": "\x00" * 10}, id="only-nuls"),
        pytest.param({"axes": ["\x00"]}, id="nul-in-a-list"),
    ],
)
def test_api_create_refuses_bad_fields_with_422(client_for, org_admin, fields):
    organization, admin = org_admin
    response = api_create(client_for(admin), organization, **fields)
    assert response.status_code == 422, response.content
    assert set(response.json()) >= {"detail", "code"}
    assert Initiative.objects.count() == 0


def test_api_nul_and_surrogate_messages_are_translated(client_for, org_admin):
    organization, admin = org_admin
    client = client_for(admin)
    raw = '{"lead_organization_id": %d, "title_ar": "%s", "summary_ar": "ملخص المبادرة"}'
    cases = {
        "\\u0000": {"ar": "لا يجوز أن يحتوي النص على المحرف NUL", "en": "Text may not contain the NUL character"},
        "\\ud800": {"ar": "ليس نصًا يونيكود صالحًا", "en": "it is not valid Unicode"},
    }
    for escape, messages in cases.items():
        body = (raw % (organization.pk, "مبادرة" + escape)).encode()
        for language, headers in (("ar", AR), ("en", EN)):
            response = client.post("/api/v1/initiatives", body, content_type="application/json", **headers)
            assert response.status_code == 422
            [error] = response.json()["detail"]
            assert error["loc"] == ["body", "title_ar"]
            assert messages[language] in error["msg"]
    assert Initiative.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"title_ar": "', id="cut-short"),
        pytest.param(b"{'title_ar': 'single quotes'}", id="single-quotes"),
        pytest.param(b"\xff\xfe\x00{", id="not-utf8"),
        pytest.param(b"[" * 100_000, id="deep-nesting"),
        pytest.param(b'{"title_ar": "a",}', id="trailing-comma"),
    ],
)
def test_api_malformed_json_is_a_clear_400(client_for, org_admin, body):
    _, admin = org_admin
    client = client_for(admin)
    expected = {"ar": "محتوى الطلب ليس JSON صالحًا.", "en": "The request body is not valid JSON."}
    for language, headers in (("ar", AR), ("en", EN)):
        response = client.post("/api/v1/initiatives", body, content_type="application/json", **headers)
        assert response.status_code == 400, response.content
        assert response.json() == {"detail": expected[language], "code": "malformed_json"}
    assert Initiative.objects.count() == 0


@pytest.mark.parametrize("body", [b"NaN", b"[]", b'"just a string"', b"null", b"{}"])
def test_api_json_of_the_wrong_shape_is_a_422(client_for, org_admin, body):
    _, admin = org_admin
    response = client_for(admin).post("/api/v1/initiatives", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid"
    assert Initiative.objects.count() == 0


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"title_ar": "م" * 251}, id="long-title"),
        pytest.param({"title_ar": "مبادرة\x00"}, id="nul"),
        pytest.param({"budget": -5}, id="negative-budget"),
        pytest.param({"version": "one"}, id="version-text"),
        pytest.param({"end_date": "2020-01-01", "start_date": "2021-01-01"}, id="end-before-start"),
    ],
)
def test_api_update_refuses_bad_fields_and_changes_nothing(client_for, draft, fields):
    initiative, editor = draft
    before = initiative_row(initiative)
    response = client_for(editor).patch(f"/api/v1/initiatives/{initiative.pk}", fields, content_type="application/json")
    assert response.status_code == 422, response.content
    assert initiative_row(initiative) == before


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"name_ar": "ج" * 201}, id="name-over-200"),
        pytest.param({"phone": "9" * 33}, id="phone-over-32"),
        pytest.param({"name_ar": "جمعية\x00"}, id="nul"),
        pytest.param({"website": "javascript:alert(1)"}, id="javascript-url"),
        pytest.param({"email": "not-an-address"}, id="bad-email"),
        pytest.param({"region_id": int(HUGE)}, id="region-huge"),
    ],
)
def test_api_organization_update_refuses_bad_fields(client_for, org_admin, fields):
    organization, admin = org_admin
    before = org_row(organization)
    response = client_for(admin).patch(
        f"/api/v1/organizations/{organization.pk}", fields, content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert org_row(organization) == before


def test_api_form_fields_with_nul_are_refused(client_for, org_admin):
    _, admin = org_admin
    content = xlsx_bytes([GOOD_ROW], IMPORT_HEADER)
    response = client_for(admin).post(
        "/api/v1/initiatives/import", {"file": SimpleUploadedFile("i.xlsx", content), "dry_run": "true\x00"}, **EN
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["form", "dry_run"]
    assert Initiative.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("name_ar", "ج" * 201), ("name_ar", "جمعية\x00النور"), ("phone", "9" * 33), ("website", "javascript:alert(1)")],
)
def test_organization_page_refuses_bad_fields_with_a_form_error(client_for, org_admin, field, value):
    organization, admin = org_admin
    client = client_for(admin)
    before = org_row(organization)
    for prefix in ("", "/en"):
        response = client.post(f"{prefix}/organizations/{organization.pk}/edit/", org_form(organization, **{field: value}))
        assert response.status_code == 200
        assert 'aria-invalid="true"' in text_of(response) or "is-invalid" in text_of(response)
    assert org_row(organization) == before


def test_page_form_errors_for_length_and_nul_are_translated(client_for, draft):
    initiative, editor = draft
    client = client_for(editor)
    before = initiative_row(initiative)
    expected = {
        "": ("تأكد أن هذه القيمة تحتوي على 250 حرف أو رمز على الأكثر", "الأحرف الخالية غير مسموح بها."),
        "/en": ("Ensure this value has at most 250 characters", "Null characters are not allowed."),
    }
    for prefix, (too_long, nul) in expected.items():
        url = f"{prefix}/initiatives/{initiative.pk}/edit/"
        long_page = text_of(client.post(url, page_form(initiative, title_ar="م" * 251)))
        nul_page = text_of(client.post(url, page_form(initiative, summary_ar="ملخص\x00")))
        assert too_long in long_page
        assert nul in nul_page
    assert initiative_row(initiative) == before


def test_sign_up_with_nul_and_overlong_names_is_refused(client, db):
    from musharaka.accounts.models import User

    response = client.post("/en/accounts/signup/", {
        "username": "huda\x00", "first_name": "ه" * 151, "last_name": "x\x00", "email": "huda@example.org",
        "password": "a-Strong-pass-2026", "password_confirm": "a-Strong-pass-2026", "preferred_language": "ar",
    })
    assert response.status_code == 200
    assert "Null characters are not allowed." in text_of(response)
    assert User.objects.count() == 0


# ---------------------------------------------------------------- query parameters (from core/tests)


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/initiatives?page={HUGE}",
        f"/api/v1/initiatives?region={HUGE}",
        "/api/v1/initiatives?year=99999",
        "/api/v1/initiatives?year=-1",
        "/api/v1/initiatives?q=" + "ا" * 5000,
        f"/api/v1/organizations?page={HUGE}",
        "/api/v1/initiatives/export.csv?year=99999",
        "/api/v1/initiatives/iati.xml?region=XX-99",
        "/api/v1/initiatives?page_size=abc",
    ],
)
def test_api_refuses_out_of_range_parameters(client, db, url):
    response = client.get(url)
    assert response.status_code == 422
    assert set(response.json()) >= {"detail", "code"}


@pytest.mark.parametrize("url", [f"/api/v1/organizations?region={HUGE}", f"/api/v1/geo/cities?region={HUGE}"])
def test_api_filters_by_an_impossible_id_find_nothing_or_refuse(client, db, url):
    # SQLite cannot hold the number (422); PostgreSQL compares it as numeric and finds nothing (200).
    response = client.get(url)
    assert response.status_code in (200, 422)
    body = response.json()
    assert body.get("count", 0) == 0 or body["code"] == "out_of_range"


@pytest.mark.parametrize("url", [f"/api/v1/initiatives/{HUGE}", "/api/v1/organizations/-1", f"/initiatives/{HUGE}/"])
def test_unknown_ids_are_not_found(client, db, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        f"/initiatives/?page={HUGE}",
        "/initiatives/?year=99999&region=abc&axis=x&sdg=99",
        f"/organizations/?page=abc&region={HUGE}",
        "/taxonomy/glossary/?q=%00",
        "/initiatives/?q=%00%E2%80%AE",
        "/api/v1/initiatives?q=%00%01",
        "/api/v1/organizations?q=%E2%80%AE%00",
    ],
)
def test_pages_ignore_what_they_cannot_read(client, db, url):
    assert client.get(url).status_code == 200


def test_json_body_is_parsed_only_as_json(client_for, org_admin):
    """A form-encoded body where JSON is expected is refused, not guessed at."""
    organization, admin = org_admin
    response = client_for(admin).post(
        "/api/v1/initiatives", json.dumps({"lead_organization_id": organization.pk}), content_type="text/plain"
    )
    assert response.status_code in (400, 422)
    assert Initiative.objects.count() == 0


# ---------------------------------------------------------------- events: evidence of a recommendation's follow-up


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("minutes.pdf", HTML, id="html-named-pdf"),
        pytest.param("report.docx", EXE, id="exe-named-docx"),
        pytest.param("site.svg", SVG_WITH_SCRIPT, id="svg-with-script"),
        pytest.param("photo.png", SVG_WITH_SCRIPT, id="svg-named-png"),
    ],
)
def test_recommendation_evidence_page_refuses_wrong_types(client_for, forum, settings, name, content):
    from musharaka.events import recommendations as recs
    from musharaka.events.models import RecommendationEvidence, RecommendationUpdate

    event, _speaker, editor = forum
    recommendation = recs.recommendation_create(actor=editor, event=event, data={
        "text_ar": "إشراك السكان في تصميم المشهد الحضري", "organization": event.organization})
    messages = {"ar": "ارفع ملفًا بصيغة PDF أو Word أو Excel أو PowerPoint أو صورة.",
                "en": "Upload a PDF, Word, Excel, PowerPoint or image file."}
    for language, prefix in (("ar", ""), ("en", "/en")):
        upload = SimpleUploadedFile(name, content)
        response = client_for(editor).post(f"{prefix}/events/recommendations/{recommendation.pk}/",
                                           {"text": "محضر الاجتماع", "status": "adopted", "evidence": [upload]})
        assert response.status_code == 200
        assert messages[language] in text_of(response)
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.updates_count) == ("proposed", 0)
    assert not RecommendationUpdate.objects.exists() and not RecommendationEvidence.objects.exists()
    assert media_files(settings) == []


def test_recommendation_evidence_photo_loses_its_gps_position_and_stays_private(client_for, forum, settings):
    from musharaka.events import recommendations as recs
    from musharaka.events.models import RecommendationEvidence

    event, _speaker, editor = forum
    recommendation = recs.recommendation_create(actor=editor, event=event, data={
        "text_ar": "تفعيل التطوع في الأحياء", "organization": event.organization})
    photo = SimpleUploadedFile("site.jpg", photo_with_gps("JPEG"))
    response = client_for(editor).post(f"/events/recommendations/{recommendation.pk}/",
                                       {"text": "صورة من الموقع", "evidence": [photo]})
    assert response.status_code == 302
    stored = RecommendationEvidence.objects.get().file
    assert gps_of(stored.read()) == {}
    assert stored.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))


# ---------------------------------------------------------------- events: news images, gallery photos


@pytest.mark.parametrize(("name", "content"), NOT_AN_IMAGE)
def test_event_news_image_and_gallery_photos_refuse_what_is_not_an_image(client_for, forum, settings, name, content):
    from musharaka.events.models import EventPhoto, NewsPost

    event, _speaker, editor = forum
    client = client_for(editor)
    for language, prefix in (("ar", ""), ("en", "/en")):
        cover = SimpleUploadedFile(name.replace("logo", "news"), content, content_type="image/png")
        response = client.post(f"{prefix}/events/{event.pk}/manage/news/",
                               {"title_ar": "خبر", "body_ar": "نص الخبر", "cover_image": cover})
        assert response.status_code == 200
        assert any(message in text_of(response) for message in PAGE_IMAGE_MESSAGES[language])
        # Several photos at once: one hostile file refuses the lot, named in the message.
        good = SimpleUploadedFile("good.png", png_bytes())
        bad = SimpleUploadedFile(name.replace("logo", "photo"), content, content_type="image/png")
        response = client.post(f"{prefix}/events/{event.pk}/manage/photos/", {"images": [good, bad]})
        assert response.status_code == 200
        assert any(f"{name.replace('logo', 'photo')}: {message}" in text_of(response)
                   for message in IMAGE_TYPE_MESSAGES[language])
    assert not NewsPost.objects.exists() and not EventPhoto.objects.exists()
    assert media_files(settings) == []


def test_event_gallery_refuses_an_oversize_photo(client_for, forum, settings):
    from musharaka.events.media import PHOTO_MAX_BYTES
    from musharaka.events.models import EventPhoto

    event, _speaker, editor = forum
    upload = SimpleUploadedFile("huge.png", oversize_png(PHOTO_MAX_BYTES))
    response = client_for(editor).post(f"/en/events/{event.pk}/manage/photos/", {"images": [upload]})
    assert response.status_code == 200
    assert "huge.png: The file is too large" in text_of(response)
    assert not EventPhoto.objects.exists() and media_files(settings) == []


def test_event_gallery_photo_and_news_image_lose_their_gps_position_and_stay_private(client_for, forum, settings):
    from musharaka.events.models import EventPhoto, NewsPost

    event, _speaker, editor = forum
    client = client_for(editor)
    response = client.post(f"/events/{event.pk}/manage/photos/",
                           {"images": [SimpleUploadedFile("hall.jpg", photo_with_gps("JPEG"))]})
    assert response.status_code == 302
    response = client.post(f"/events/{event.pk}/manage/news/", {
        "title_ar": "خبر", "body_ar": "نص", "cover_image": SimpleUploadedFile("site.png", photo_with_gps("PNG"))})
    assert response.status_code == 302
    photo, post = EventPhoto.objects.get(), NewsPost.objects.get()
    for stored in (photo.image, photo.thumbnail, post.cover_image):
        assert gps_of(stored.read()) == {}
        assert stored.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    # The EXIF said "turn it": the stored photo stands upright (40×20 turned is 20×40).
    assert (photo.width, photo.height) == (20, 40)


# ---------------------------------------------------------------- partnerships: documents and evidence (issue #12, pages)

PARTNERSHIP_HOSTILE_FILES = [
    pytest.param("mou.pdf", HTML, id="html-named-pdf"),
    pytest.param("annex.docx", EXE, id="exe-named-docx"),
    pytest.param("map.svg", SVG_WITH_SCRIPT, id="svg-with-script"),
    pytest.param("photo.png", SVG_WITH_SCRIPT, id="svg-named-png"),
    pytest.param("budget.xlsx", b"PK\x03\x04 a zip that is not a workbook", id="broken-zip-named-xlsx"),
]


@pytest.fixture
def partnership(make_org, make_member):
    """A published MoU recorded by a non-profit with a municipality, and a commitment of the municipality's."""
    import datetime

    from musharaka.partnerships import services as partnerships

    keeper, municipality = make_org(), make_org("أمانة المنطقة الشرقية")
    keeper_admin, municipality_admin = make_member(keeper, Role.ADMIN), make_member(municipality, Role.ADMIN)
    agreement = partnerships.agreement_create(actor=keeper_admin, organization=keeper, data={
        "title_ar": "مذكرة تفاهم للتعاون المشترك", "stage": "signed", "signed_on": datetime.date(2026, 3, 1),
        "is_published": True}, parties=[partnerships.PartySpec(organization=keeper),
                                        partnerships.PartySpec(organization=municipality)])
    commitment = partnerships.commitment_create(actor=keeper_admin, agreement=agreement,
                                                party=agreement.parties.get(organization=municipality),
                                                data={"title_ar": "تجميل الميادين العامة"})
    return agreement, commitment, keeper_admin, municipality_admin


@pytest.mark.parametrize(("name", "content"), PARTNERSHIP_HOSTILE_FILES)
def test_partnership_document_page_refuses_wrong_types_in_both_languages(client_for, partnership, settings, name,
                                                                        content):
    from musharaka.partnerships.models import AgreementDocument

    agreement, _commitment, keeper_admin, _other = partnership
    messages = {"ar": "ارفع ملفًا بصيغة PDF أو Word أو Excel أو PowerPoint أو صورة.",
                "en": "Upload a PDF, Word, Excel, PowerPoint or image file."}
    for language, prefix in (("ar", ""), ("en", "/en")):
        response = client_for(keeper_admin).post(f"{prefix}/partnerships/{agreement.pk}/documents/", {
            "title": f"{SCRIPT} {RLO}نص المذكرة", "file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
        assert messages[language] in text_of(response)
        assert SCRIPT not in response.content.decode()
    assert AgreementDocument.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.parametrize(("name", "content"), PARTNERSHIP_HOSTILE_FILES)
def test_partnership_evidence_page_refuses_wrong_types(client_for, partnership, settings, name, content):
    from musharaka.partnerships.models import CommitmentUpdate

    agreement, commitment, _keeper, municipality_admin = partnership
    response = client_for(municipality_admin).post(
        f"/en/partnerships/{agreement.pk}/commitments/{commitment.pk}/follow-up/",
        {"happened_on": "2026-03-02", "note": "تقرير الإنجاز", "status": "done", "evidence": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert "Upload a PDF, Word, Excel, PowerPoint or image file." in text_of(response)
    commitment.refresh_from_db()
    assert commitment.status == "planned" and CommitmentUpdate.objects.count() == 0
    assert media_files(settings) == []


def test_partnership_document_and_evidence_refuse_an_oversize_file(client_for, partnership, settings):
    from musharaka.partnerships.models import AgreementDocument, CommitmentUpdate

    agreement, commitment, keeper_admin, municipality_admin = partnership
    response = client_for(keeper_admin).post(f"/en/partnerships/{agreement.pk}/documents/", {
        "title": "مسح ضوئي", "file": SimpleUploadedFile("scan.png", oversize_png(10 * 1024 * 1024))})
    assert response.status_code == 200 and "The file is too large" in text_of(response)
    response = client_for(municipality_admin).post(
        f"/en/partnerships/{agreement.pk}/commitments/{commitment.pk}/follow-up/",
        {"happened_on": "2026-03-02", "note": "تقرير الإنجاز", "status": "done",
         "evidence": SimpleUploadedFile("scan.png", oversize_png(10 * 1024 * 1024))})
    assert response.status_code == 200 and "The file is too large" in text_of(response)
    assert AgreementDocument.objects.count() == CommitmentUpdate.objects.count() == 0
    assert media_files(settings) == []


# ---------------------------------------------------------------- awards: evidence of applications (issue #13, demo)

from musharaka.awards.tests.conftest import make_cycle  # noqa: E402, F401 - the awards' fixture, for the evidence

# A GIF header glued to script (a GIF/JavaScript polyglot) and a PNG signature glued to a page: each reads as an
# image by its first bytes and is something else.
GIF_SCRIPT_POLYGLOT = b"GIF89a/*\x00\x00\x00\x00*/=1;alert(document.cookie);/*" + b"\x00" * 32 + b"*/"
PNG_HTML_POLYGLOT = b"\x89PNG\r\n\x1a\n" + HTML
EVIDENCE_TYPE = {"ar": "ارفع ملفًا بصيغة PDF أو Word أو Excel أو PowerPoint أو صورة.",
                 "en": "Upload a PDF, Word, Excel, PowerPoint or image file."}
AWARD_HOSTILE_FILES = [
    pytest.param("evidence.pdf", EXE, EVIDENCE_TYPE, id="exe-named-pdf"),
    pytest.param("setup.exe.pdf", EXE, EVIDENCE_TYPE, id="exe-double-extension"),
    pytest.param("report.pdf", HTML, EVIDENCE_TYPE, id="html-named-pdf"),
    pytest.param("photo.gif", GIF_SCRIPT_POLYGLOT, EVIDENCE_TYPE, id="gif-script-polyglot"),
    pytest.param("photo.png", PNG_HTML_POLYGLOT, {"ar": "الملف ليس صورة صالحة.", "en": "The file is not a valid image."},
                 id="png-html-polyglot"),
    pytest.param("map.svg", SVG_WITH_SCRIPT, EVIDENCE_TYPE, id="svg-with-script"),
    pytest.param("scan.png", oversize_png(10 * 1024 * 1024),
                 {"ar": "حجم الملف كبير جدًا", "en": "The file is too large"}, id="oversize"),
]


@pytest.fixture
def award_draft(db, make_cycle):  # noqa: F811 - the fixture imported above
    """A draft application (with its initiative) to a cycle in nominations, and its editor."""
    world = make_cycle()
    application = world.apply(submit=False)
    return application, application.editor


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "messages"), AWARD_HOSTILE_FILES)
def test_award_evidence_refuses_hostile_files_in_both_languages(award_draft, settings, name, content, messages):
    from django.utils import translation

    from musharaka.awards import services as awards
    from musharaka.awards.models import ApplicationEvidence
    from musharaka.core.errors import InvalidInput

    application, editor = award_draft
    for language in ("ar", "en"):
        with translation.override(language), pytest.raises(InvalidInput) as refused:
            awards.evidence_add(actor=editor, application=application, title=f"{SCRIPT} شواهد الأثر",
                                upload=SimpleUploadedFile(name, content, content_type="application/pdf"))
        assert refused.value.message.startswith(messages[language]), refused.value.message
        assert refused.value.field == "file"
    assert ApplicationEvidence.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.django_db
def test_award_evidence_accepts_a_real_pdf_and_keeps_it_private(award_draft, settings):
    from musharaka.awards import services as awards

    application, editor = award_draft
    evidence = awards.evidence_add(actor=editor, application=application, title="تقرير الأثر",
                                   upload=SimpleUploadedFile("report.pdf", PDF))
    assert evidence.content_type == "application/pdf" and evidence.size == len(PDF)
    stored = media_files(settings)
    assert len(stored) == 1 and stored[0].startswith(str(settings.PRIVATE_MEDIA_ROOT))


# ---------------------------------------------------------------- reports (rep16): a resident's photo through the form

from musharaka.reports.tests.conftest import reports_world  # noqa: E402, F401 - the reports' fixture


def _jpeg(size=(40, 30)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (90, 90, 90)).save(output, "JPEG")
    return output.getvalue()


def _jpeg_with_damaged_exif() -> bytes:
    """A JPEG whose EXIF segment announces more entries than it holds (Pillow warns "Corrupt EXIF data")."""
    import struct

    payload = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08" + b"\xff" * 40
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    jpeg = _jpeg()
    return jpeg[:2] + segment + jpeg[2:]


def _pixel_bomb() -> bytes:
    """A small file that decodes to 48 million pixels (over the 40 million core.files allows)."""
    output = io.BytesIO()
    Image.new("1", (8000, 6000)).save(output, "PNG", optimize=True)
    return output.getvalue()


NOT_VALID = {"ar": "الملف ليس صورة صالحة.", "en": "The file is not a valid image."}
REPORT_HOSTILE_PHOTOS = [
    pytest.param("photo.jpg", EXE, {"ar": IMAGE_TYPE_MESSAGES["ar"][0], "en": IMAGE_TYPE_MESSAGES["en"][0]},
                 id="exe-named-jpg"),
    pytest.param("photo.jpg", SVG_WITH_SCRIPT, {"ar": IMAGE_TYPE_MESSAGES["ar"][0],
                                                "en": IMAGE_TYPE_MESSAGES["en"][0]}, id="svg-named-jpg"),
    pytest.param("photo.gif", GIF_SCRIPT_POLYGLOT, NOT_VALID, id="gif-script-polyglot"),
    pytest.param("photo.png", PNG_HTML_POLYGLOT, NOT_VALID, id="png-html-polyglot"),
    pytest.param("photo.png", _pixel_bomb(), {"ar": "أبعاد الصورة بالبكسل كبيرة جدًا.", "en": "The image is too large in pixels."},
                 id="decompression-bomb"),
    pytest.param("photo.jpg", _jpeg_with_damaged_exif(),
                 {"ar": "بيانات الصورة الوصفية تالفة", "en": "The photo's metadata is damaged"}, id="damaged-exif"),
    pytest.param("photo.jpg", _jpeg() + b"\x00" * (3 * 1024 * 1024),
                 {"ar": "حجم الملف كبير جدًا", "en": "The file is too large"}, id="oversize"),
]


def _report_form(world, photo) -> dict:
    return {"category": world.lighting.pk, "description": "عمود الإنارة مطفأ أمام المدرسة منذ أيام",
            "region": world.region.pk, "city": world.city.pk, "neighbourhood": world.neighbourhood.pk,
            "photo": photo}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "messages"), REPORT_HOSTILE_PHOTOS)
def test_report_form_refuses_hostile_photos_in_both_languages(client, reports_world, settings, name, content,  # noqa: F811
                                                               messages):
    import html

    from musharaka.reports.models import Report, ReportUpdate

    settings.REPORT_PHOTO_MAX_BYTES = 2 * 1024 * 1024
    for language, prefix in (("ar", ""), ("en", "/en")):
        answer = client.post(f"{prefix}/reports/new/", _report_form(reports_world, SimpleUploadedFile(name, content)))
        assert answer.status_code == 200
        assert 'id="id_photo_errors"' in answer.text
        assert messages[language] in html.unescape(text_of(answer)), language
    assert Report.objects.count() == ReportUpdate.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.django_db
def test_report_photo_with_a_page_glued_after_it_is_stored_as_pixels_only(client, reports_world):  # noqa: F811
    from musharaka.reports.models import Report

    answer = client.post("/reports/new/", _report_form(reports_world, SimpleUploadedFile(
        "photo.jpg", _jpeg() + HTML)))
    assert answer.status_code == 302
    with Report.objects.get().photo.open("rb") as stored:
        content = stored.read()
    assert b"<script>" not in content and content.startswith(b"\xff\xd8")
    with Image.open(io.BytesIO(content)) as image:
        assert image.size == (40, 30)


# ---------------------------------------------------------------- reports (issue #16, o31116): Open311 and the API


@pytest.fixture
def open311_key(db, make_org, platform_admin):
    from musharaka.reports import keys

    _key, raw = keys.api_key_issue(actor=platform_admin, organization=make_org(), label="تطبيق الرصد")
    return raw


OPEN311_HOSTILE = [
    pytest.param({"lat": "91", "long": "46.6"}, id="latitude-out-of-range"),
    pytest.param({"lat": "24.7", "long": "-180.5"}, id="longitude-out-of-range"),
    pytest.param({"lat": "1e400", "long": "46.6"}, id="latitude-overflow"),
    pytest.param({"lat": "Infinity", "long": "46.6"}, id="latitude-infinite"),
    pytest.param({"description": "ب" * 4001}, id="huge-description"),
    pytest.param({"description": "إنارة\x07مطفأة"}, id="control-character"),
    pytest.param({"attribute[pole-number]\"><script>": "1"}, id="attribute-injection"),
    pytest.param({"attribute[../../etc/passwd]": "x"}, id="attribute-path"),
    pytest.param({"attribute[pole-number]": "R-1\nInjected: header"}, id="attribute-line-break"),
    pytest.param({"service_code": "lighting'; DROP TABLE reports_report;--"}, id="sql-in-service-code"),
]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("hostile", OPEN311_HOSTILE)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_open311_post_refuses_hostile_input_in_the_asked_format_and_language(client, open311_key, hostile, fmt,
                                                                          language):
    import json

    import defusedxml.ElementTree as SafeET

    from musharaka.reports.models import Report, ReportUpdate

    data = {"api_key": open311_key, "service_code": "lighting", "lat": "24.7", "long": "46.68",
            "description": "عمود الإنارة مطفأ أمام المدرسة", "locale": language, **hostile}
    response = client.post(f"/open311/v2/requests.{fmt}", data)
    assert response.status_code == 400, response.content[:300]
    if fmt == "xml":
        error = SafeET.fromstring(response.content).find("error")
        code, description = error.findtext("code"), error.findtext("description")
    else:
        [answer] = json.loads(response.content)
        code, description = str(answer["code"]), answer["description"]
    assert code == "400" and description
    arabic = any("\u0600" <= char <= "\u06ff" for char in description)
    assert arabic == (language == "ar"), description
    assert (Report.objects.count(), ReportUpdate.objects.count()) == (0, 0)


@pytest.mark.parametrize("path", ["/open311/v2/requests/1%00.xml", "/open311/v2/services/%3Cscript%3E.xml",
                                  "/open311/v2/requests.xml?start_date=%00", "/open311/v2/requests.xml?status=%3Cx%3E"])
def test_open311_hostile_paths_answer_an_xml_error_list(client, db, path):
    import defusedxml.ElementTree as SafeET

    response = client.get(path)
    assert response.status_code in (400, 404)
    root = SafeET.fromstring(response.content)
    assert root.tag == "errors" and root.find("error").findtext("code") == str(response.status_code)


@pytest.mark.parametrize(("name", "content"), NOT_AN_IMAGE)
def test_report_photo_api_refuses_what_is_not_an_image(client_for, make_user, region, settings, name, content):
    from musharaka.reports import services as reports
    from musharaka.reports.models import Report, ServiceCategory

    resident = make_user()
    report = reports.report_create(actor=resident, category=ServiceCategory.objects.get(code="lighting"),
                                   data={"description": "عمود الإنارة مطفأ", "region_id": region.pk})
    before = media_files(settings)
    response = client_for(resident).post(f"/api/v1/reports/{report.pk}/photo",
                                         {"photo": SimpleUploadedFile(name, content)}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert not Report.objects.get(pk=report.pk).photo
    assert media_files(settings) == before


# ---- ideas17 (issue #17): an idea's image, texts and place, through the page and the API
from musharaka.participation.tests.ideas_world import ideas_world  # noqa: E402, F401 - the ideas' fixture


def _idea_form(world, **extra) -> dict:
    return {"title": "مكتبة عامة للأطفال", "description": "مكتبة صغيرة في المركز الاجتماعي للحي", "group": "other",
            "neighbourhood": world.neighbourhoods[0].pk, **extra}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "messages"), REPORT_HOSTILE_PHOTOS)
def test_idea_form_refuses_hostile_images_in_both_languages(client_for, ideas_world, settings, name,  # noqa: F811
                                                           content, messages):
    import html

    from musharaka.participation.models import Idea

    settings.REPORT_PHOTO_MAX_BYTES = 2 * 1024 * 1024
    client = client_for(ideas_world.make_user())
    for language, prefix in (("ar", ""), ("en", "/en")):
        answer = client.post(f"{prefix}/participation/{ideas_world.process.pk}/ideas/new/",
                             _idea_form(ideas_world, image=SimpleUploadedFile(name, content)))
        assert answer.status_code == 400
        assert 'data-testid="form-errors"' in answer.text
        assert messages[language] in html.unescape(text_of(answer)), language
    assert Idea.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [
    pytest.param({"title": "ح" * 10_000}, id="huge-title"),
    pytest.param({"description": "و" * 60_000}, id="huge-description"),
    pytest.param({"title": "\x00" + "فكرة جيدة"}, id="nul"),
    pytest.param({"latitude": "91", "longitude": "46"}, id="latitude-out-of-range"),
    pytest.param({"latitude": "24", "longitude": "1e400"}, id="longitude-overflow"),
    pytest.param({"latitude": "24"}, id="latitude-alone"),
    pytest.param({"neighbourhood": HUGE}, id="huge-neighbourhood"),
    pytest.param({"group": SCRIPT}, id="script-group"),
])
def test_idea_form_refuses_hostile_fields(client_for, ideas_world, extra):  # noqa: F811
    from musharaka.participation.models import Idea

    answer = client_for(ideas_world.make_user()).post(f"/participation/{ideas_world.process.pk}/ideas/new/",
                                                      _idea_form(ideas_world, **extra))
    assert answer.status_code == 400 and 'data-testid="form-errors"' in answer.text
    assert Idea.objects.count() == 0


@pytest.mark.django_db
def test_idea_texts_lose_bidi_overrides_and_scripts_stay_text(client_for, ideas_world):  # noqa: F811
    from musharaka.participation.models import Idea

    client = client_for(ideas_world.make_user())
    client.post(f"/participation/{ideas_world.process.pk}/ideas/new/", _idea_form(
        ideas_world, title=f"{RLO}مكتبة عامة {SCRIPT}"))
    idea = Idea.objects.get()
    assert RLO not in idea.title
    page = client.get(f"/participation/ideas/{idea.pk}/").text
    assert SCRIPT not in page and "&lt;script&gt;" in page


@pytest.mark.django_db
@pytest.mark.parametrize("body", [
    pytest.param({"title": "فكرة جيدة", "description": "وصف كاف للفكرة", "latitude": 1e400, "longitude": 1},
                 id="infinite-latitude"),
    pytest.param({"title": "فكرة\ud800", "description": "وصف كاف للفكرة"}, id="lone-surrogate"),
    pytest.param({"title": ["فكرة"], "description": "وصف كاف للفكرة"}, id="wrong-type"),
])
def test_idea_api_refuses_hostile_bodies(client_for, ideas_world, body):  # noqa: F811
    from musharaka.participation.models import Idea

    answer = client_for(ideas_world.make_user()).post(
        f"/api/v1/participation/processes/{ideas_world.process.pk}/ideas",
        json.dumps(body).replace("Infinity", "1e400"), content_type="application/json")
    assert answer.status_code in (400, 422), answer.content
    assert Idea.objects.count() == 0

# ---------------------------------------------------------------- budgets17: participatory budgets (forms and API)
B17_HOSTILE_FIGURES = ["-5", "0", "NaN", "nan", "Infinity", "-Infinity", "1e400", HUGE, "12,5", "0x10", "", " ",
                       "1.005", SCRIPT]  # Arabic-Indic digits (٥٠) are a number: accepted
B17_HOSTILE_TEXTS = [RLO + "حديقة", "\x00", "a" * 300, "\x07جرس"]


@pytest.fixture
def b17_world(make_org, make_member, make_user, client_for):
    from musharaka.participation.models import PhaseKind
    from musharaka.participation.tests.budget_helpers import editor_of, make_budget, make_process, set_phase

    process = make_process(make_org())
    editor = editor_of(process, make_member)
    budget, projects = make_budget(process, editor, amount="100", projects=[("حديقة الحي", "60"), ("مكتبة", "30")])
    ideas_process = make_process(make_org(), phase=PhaseKind.IDEAS)
    ideas_editor = editor_of(ideas_process, make_member)
    open_budget, open_projects = make_budget(ideas_process, ideas_editor, amount="100", projects=[("ممشى", "40")])
    set_phase(ideas_process, PhaseKind.IDEAS)
    return {"budget": budget, "projects": projects, "open_budget": open_budget, "open_project": open_projects[0],
            "process": ideas_process, "staff": client_for(ideas_editor), "voter": client_for(make_user())}


def _b17_snapshot():
    from musharaka.participation.models import Ballot, BallotChoice, Budget, BudgetProject

    return (list(Budget.objects.order_by("pk").values()), list(BudgetProject.objects.order_by("pk").values()),
            Ballot.objects.count(), BallotChoice.objects.count())


@pytest.mark.parametrize("value", B17_HOSTILE_FIGURES)
@pytest.mark.parametrize("language", ["ar", "en"])
def test_budget_figures_refused_on_pages_and_api(b17_world, value, language):
    staff, process, budget = b17_world["staff"], b17_world["process"], b17_world["open_budget"]
    headers = AR if language == "ar" else EN
    before = _b17_snapshot()
    prefix = "" if language == "ar" else "/en"
    page = staff.post(f"{prefix}/participation/{process.pk}/budgets/new/", {
        "title_ar": "ميزانية", "amount": value, "currency": "SAR", "rule": "greedy", "ballot_kind": "approval"})
    assert page.status_code == 422
    page = staff.post(f"{prefix}/participation/budgets/{budget.pk}/projects/new/", {"title": "مشروع", "cost": value})
    assert page.status_code == 422
    for url, body in ((f"/api/v1/participation/processes/{process.pk}/budgets", {"title_ar": "ميزانية", "amount": value}),
                      (f"/api/v1/participation/budgets/{budget.pk}/projects", {"title": "مشروع", "cost": value}),
                      (f"/api/v1/participation/projects/{b17_world['open_project'].pk}", {"cost": value})):
        method = staff.patch if "/projects/" in url and url.split("/")[-2] == "projects" else staff.post
        answer = method(url, json.dumps(body), content_type="application/json", **headers)
        assert answer.status_code in (400, 422), (url, value, answer.content)
        assert answer.json()["detail"]
    assert _b17_snapshot() == before


@pytest.mark.parametrize("text", B17_HOSTILE_TEXTS)
def test_budget_texts_refused(b17_world, text):
    staff, budget = b17_world["staff"], b17_world["open_budget"]
    before = _b17_snapshot()
    answer = staff.post(f"/api/v1/participation/budgets/{budget.pk}/projects",
                        json.dumps({"title": text, "cost": "10"}), content_type="application/json", **EN)
    if text.startswith(RLO):  # the override is dropped, the text kept
        assert answer.status_code == 201 and RLO not in answer.json()["title"]
    else:
        assert answer.status_code in (400, 422)
        assert _b17_snapshot() == before


@pytest.mark.parametrize("ids", [[], ["x"], [True], [1.5], [10**20], [-1], "1,2", {"a": 1}, None, [0] * 500])
def test_hostile_ballots_refused(b17_world, ids):
    voter, budget = b17_world["voter"], b17_world["budget"]
    before = _b17_snapshot()
    answer = voter.put(f"/api/v1/participation/budgets/{budget.pk}/ballot", json.dumps({"project_ids": ids}),
                       content_type="application/json", **AR)
    assert answer.status_code in (400, 422), answer.content
    page = voter.post(f"/participation/budgets/{budget.pk}/ballot/", {"project": ids if isinstance(ids, list) else []})
    assert page.status_code == 422
    assert _b17_snapshot() == before


def test_ballot_with_projects_of_another_budget_or_twice(b17_world):
    voter, budget, (park, library) = b17_world["voter"], b17_world["budget"], b17_world["projects"]
    before = _b17_snapshot()
    # A project twice is bad input (422); another budget's project conflicts with this budget as stored (409).
    for ids, status in (([park.pk, park.pk], 422), ([b17_world["open_project"].pk], 409),
                        ([park.pk, library.pk, library.pk], 422)):
        answer = voter.put(f"/api/v1/participation/budgets/{budget.pk}/ballot", json.dumps({"project_ids": ids}),
                           content_type="application/json", **AR)
        assert answer.status_code == status and answer.json()["detail"], answer.content
    assert _b17_snapshot() == before


# ---- surveys17 (issue #17): a survey's answers through the answering page — hostile files, values and texts
from musharaka.participation.tests.survey_world import survey_world  # noqa: E402, F401 - the surveys' fixture

SURVEY_HOSTILE_FILES = [
    pytest.param("answer.pdf", EXE, id="exe-named-pdf"),
    pytest.param("answer.pdf", SVG_WITH_SCRIPT, id="svg-named-pdf"),
    pytest.param("answer.png", PNG_HTML_POLYGLOT, id="png-html-polyglot"),
    pytest.param("answer.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1), id="oversize"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), SURVEY_HOSTILE_FILES)
def test_survey_answer_refuses_hostile_files_in_both_languages(client_for, survey_world, settings, name,  # noqa: F811
                                                                 content):
    from musharaka.participation import surveys
    from musharaka.participation.models import SurveyResponse

    w = survey_world
    upload = surveys.question_save(actor=w.editor, survey=w.survey, data={"kind": "file", "label_ar": "أرفق ملفًا"})
    client = client_for(w.resident)
    for prefix in ("", "/en"):
        answer = client.post(f"{prefix}/participation/surveys/{w.survey.pk}/", {
            f"q{w.colour.pk}": "blue", f"q{upload.pk}": SimpleUploadedFile(name, content)})
        assert answer.status_code == 422
        assert f'id="q{upload.pk}_errors"' in answer.text
    assert SurveyResponse.objects.count() == 0
    assert media_files(settings) == []


SURVEY_HOSTILE_VALUES = [
    pytest.param("rating", "NaN", id="nan"), pytest.param("rating", "1e999999", id="huge-exponent"),
    pytest.param("rating", "9" * 400, id="huge-number"), pytest.param("rating", "٣", id="arabic-digit-out-of-form"),
    pytest.param("colour", "<script>alert(1)</script>", id="unknown-key-script"),
    pytest.param("colour", "red\x00", id="nul-key"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("question", "value"), SURVEY_HOSTILE_VALUES)
def test_survey_answer_refuses_hostile_values(client_for, survey_world, question, value):  # noqa: F811
    from musharaka.participation.models import SurveyResponse

    w = survey_world
    data = {f"q{w.colour.pk}": "blue", f"q{getattr(w, question).pk}": value}
    answer = client_for(w.resident).post(f"/participation/surveys/{w.survey.pk}/", data)
    if question == "rating" and value == "٣":  # Arabic-Indic digits are a number to Python: 3 is a point of the scale
        assert answer.status_code in (302, 422)
        return
    assert answer.status_code == 422, answer.status_code
    assert "<script>alert(1)</script>" not in answer.text
    assert SurveyResponse.objects.count() == 0


@pytest.mark.django_db
def test_survey_texts_are_shown_escaped_and_without_bidi_overrides(client_for, survey_world):  # noqa: F811
    from musharaka.participation.models import SurveyAnswer

    w = survey_world
    answer = client_for(w.resident).post(f"/participation/surveys/{w.survey.pk}/", {
        f"q{w.colour.pk}": "red", f"q{w.why.pk}": "\u202e<img src=x onerror=alert(1)>"})
    assert answer.status_code == 302
    assert SurveyAnswer.objects.get(question=w.why).text == "<img src=x onerror=alert(1)>"
    page = client_for(w.editor).get(f"/participation/surveys/{w.survey.pk}/results/")
    assert "<img src=x onerror" not in page.text and "&lt;img src=x" in page.text
