import io

import pytest
from openpyxl import Workbook

from musharaka.orgs.models import Role


@pytest.fixture
def lead_org(make_org):
    return make_org("جمعية البر الأهلية بالرياض", name_en="Al-Birr Society")


@pytest.fixture
def editor(lead_org, make_member):
    return make_member(lead_org, Role.EDITOR)


def xlsx_bytes(rows: list[list], header: list[str] | None = None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("المبادرات")
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(content: bytes, name: str = "initiatives.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)
