"""Backup and restore between real, separate installations.

Each installation is its own database (a SQLite file, or a database of its own on the PostgreSQL server of
DATABASE_URL) with its own MEDIA_ROOT and PRIVATE_MEDIA_ROOT, driven through `manage.py` in subprocesses,
so nothing touches the pytest test database. The source holds the demo data (`seed_demo --scale 1`) and
uploaded files (an Arabic-named logo, a cover image, a private attachment); every table is compared by row
count and by a digest of its rows, every file by sha256.
"""

import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from musharaka.core.backup import BackupError, read_archive

ROOT = Path(__file__).resolve().parents[2]
SERVER_URL = os.environ.get("DATABASE_URL", "")
VENDOR = "postgresql" if SERVER_URL.startswith(("postgres://", "postgresql://")) else "sqlite"

# Seeds the source, uploads its files and backs it up, in one process (each Django start costs seconds).
SEED_UPLOAD_BACKUP = """
from io import BytesIO
from django.core.management import call_command
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from musharaka.accounts.models import User
from musharaka.initiatives.models import Initiative
from musharaka.initiatives.services import attachment_add, initiative_update
from musharaka.orgs.models import Organization
from musharaka.orgs.services import organization_update

call_command("seed_demo", scale=1)


def png(colour):
    buffer = BytesIO()
    Image.new("RGB", (32, 16), colour).save(buffer, "PNG")
    return buffer.getvalue()

admin = User.objects.create_superuser("backup-admin", "backup-admin@example.org", "a-Strong-pass-2026")
organization = Organization.objects.order_by("pk").first()
organization_update(actor=admin, organization=organization,
                    data={"logo": SimpleUploadedFile("شعار الجمعية.png", png("green"), "image/png")})
initiative = Initiative.objects.filter(lead_organization=organization).order_by("pk").first()
initiative_update(actor=admin, initiative=initiative, data={"cover_image": SimpleUploadedFile("cover.png", png("red"))},
                  expected_version=initiative.version)
pdf = b"%PDF-1.4\\n1 0 obj << /Type /Catalog >> endobj\\ntrailer << /Root 1 0 R >>\\n%%EOF\\n"
attachment_add(actor=admin, initiative=initiative, title="محضر الاجتماع",
               upload=SimpleUploadedFile("محضر.pdf", pdf, "application/pdf"))
call_command("backup", output=ARCHIVE)
"""


class Installation:
    """One installation: a database of its own and two upload folders, used through manage.py."""

    def __init__(self, base: Path, name: str, database_url: str):
        self.name = name
        self.database_url = database_url
        self.media = base / f"{name}-media"
        self.private = base / f"{name}-private"

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = {
            **os.environ, "DATABASE_URL": self.database_url, "MEDIA_ROOT": str(self.media),
            "PRIVATE_MEDIA_ROOT": str(self.private), "MUSHARAKA_TESTING": "1", "PYTHONIOENCODING": "utf-8",
        }
        env.pop("DEBUG", None)
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=300, check=False)
        if check and result.returncode != 0:
            pytest.fail(f"manage.py {' '.join(args)} failed in {self.name}:\n{result.stdout}\n{result.stderr}")
        return result

    def tables(self) -> dict[str, tuple[int, str]]:
        """Every table: (row count, sha256 of its rows in a stable order)."""
        if VENDOR == "sqlite":
            path = urlsplit(self.database_url).path
            if not Path(path).exists():
                return {}
            db = sqlite3.connect(path)
            try:
                names = [row[0] for row in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")]
                return {name: _digest(db.execute(f'SELECT * FROM "{name}"').fetchall()) for name in names}  # noqa: S608
            finally:
                db.close()
        import psycopg

        with psycopg.connect(self.database_url) as db:
            names = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            return {name: _digest(db.execute(f'SELECT t::text FROM public."{name}" t').fetchall())  # noqa: S608
                    for name in names}

    def files(self) -> dict[str, str]:
        found = {}
        for label, root in (("public", self.media), ("private", self.private)):
            for path in sorted(root.rglob("*")) if root.exists() else ():
                if path.is_file():
                    found[f"{label}/{path.relative_to(root).as_posix()}"] = hashlib.sha256(path.read_bytes()).hexdigest()
        return found


def _digest(rows) -> tuple[int, str]:
    return len(rows), hashlib.sha256("\n".join(sorted(repr(tuple(row)) for row in rows)).encode()).hexdigest()


class Server:
    """Makes and drops the installations' databases: SQLite files, or databases on DATABASE_URL's server."""

    def __init__(self, base: Path):
        self.base = base
        self.created: list[str] = []
        self.prefix = f"musharaka_backup_{os.getpid()}_{secrets.token_hex(3)}"

    def _admin(self):
        import psycopg

        parts = urlsplit(SERVER_URL)
        return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)

    def url(self, name: str) -> str:
        if VENDOR == "sqlite":
            return f"sqlite:///{self.base / (name + '.sqlite3')}"
        return urlunsplit(urlsplit(SERVER_URL)._replace(path=f"/{self.prefix}_{name}"))

    def create(self, name: str, *, template: str | None = None) -> str:
        """An empty database (not migrated), or a copy of `template`."""
        if VENDOR == "sqlite":
            if template:
                source = sqlite3.connect(urlsplit(self.url(template)).path)
                copy = sqlite3.connect(urlsplit(self.url(name)).path)
                source.backup(copy)
                copy.close()
                source.close()
            return self.url(name)
        with self._admin() as admin:
            clause = f' TEMPLATE "{self.prefix}_{template}"' if template else ""
            admin.execute(f'CREATE DATABASE "{self.prefix}_{name}"{clause}')
        self.created.append(name)
        return self.url(name)

    def drop_all(self) -> None:
        if VENDOR == "sqlite":
            return
        with self._admin() as admin:
            for name in self.created:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.prefix}_{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A seeded source installation, its backup, and a freshly migrated copy of its empty database."""
    base = tmp_path_factory.mktemp("backup")
    server = Server(base)
    try:
        source = Installation(base, "source", server.create("source"))
        source.manage("migrate", "--verbosity=0")
        server.create("fresh", template="source")
        archive = base / "source.tar.gz"
        result = source.manage("shell", "--no-imports", "-c", SEED_UPLOAD_BACKUP.replace("ARCHIVE", repr(str(archive))))
        assert "Backup written" in result.stdout
        yield {"base": base, "server": server, "source": source, "archive": archive}
    finally:
        server.drop_all()


def _target(world, name: str, *, template: str | None = None) -> Installation:
    return Installation(world["base"], name, world["server"].create(name, template=template))


@pytest.mark.parametrize("state", ["not_migrated", "freshly_migrated"])
def test_round_trip_gives_the_same_tables_rows_and_files(world, state):
    source = world["source"]
    target = _target(world, f"target_{state}", template="fresh" if state == "freshly_migrated" else None)

    result = target.manage("restore", str(world["archive"]))

    expected_tables, expected_files = source.tables(), source.files()
    assert target.tables() == expected_tables
    assert target.files() == expected_files
    # The demo data and the uploads really are there: not two empty installations compared.
    assert len(expected_tables) > 40 and expected_tables["orgs_organization"][0] == 200
    assert sorted(path.split("/")[0] for path in expected_files) == ["private", "public", "public"]
    assert any("شعار" in path for path in expected_files)
    assert f"{len(expected_tables)} tables" in result.stdout
    assert "migrations are newer" not in result.stdout


def test_a_tampered_archive_is_refused_and_nothing_is_touched(world):
    tampered = world["base"] / "tampered.tar.gz"
    with tarfile.open(world["archive"]) as original, tarfile.open(tampered, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name.startswith("media/private/"):
                data = data.replace(b"Catalog", b"Catalof")  # same size, other bytes
            copy.addfile(member, io.BytesIO(data))
    target = _target(world, "target_tampered")

    result = target.manage("restore", str(tampered), check=False)

    assert result.returncode == 1
    assert "it has been altered" in result.stderr
    assert "لا تطابق بيانها" in result.stderr  # and in Arabic
    assert target.tables() == {}
    assert target.files() == {}


def test_a_database_that_disagrees_with_its_manifest_is_rolled_back_whole(world):
    """Checksums hold but a row count is wrong: SQLite refuses before writing, PostgreSQL rolls back its
    transaction; either way the files already put in place are taken away again."""
    forged = world["base"] / "forged.tar.gz"
    with tarfile.open(world["archive"]) as original, tarfile.open(forged, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["database"]["tables"]["orgs_organization"] += 1
                data = json.dumps(manifest).encode()
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    target = _target(world, "target_forged")

    result = target.manage("restore", str(forged), check=False)

    assert result.returncode == 1
    assert "orgs_organization" in result.stderr and "nothing was changed" in result.stderr.lower()
    assert target.tables() == {}
    assert target.files() == {}


def test_restoring_into_a_non_empty_installation_is_refused(world):
    source = world["source"]
    before_tables, before_files = source.tables(), source.files()

    result = source.manage("restore", str(world["archive"]), check=False)

    assert result.returncode == 1
    assert "The target is not empty" in result.stderr and "--force" in result.stderr
    assert source.tables() == before_tables
    assert source.files() == before_files


def test_a_truncated_or_foreign_archive_is_refused(world, tmp_path):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(world["archive"].read_bytes()[:5000])
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        info = tarfile.TarInfo("etc/passwd")
        tar.addfile(info, io.BytesIO(b""))

    for archive in (truncated, foreign):
        staged = tmp_path / archive.stem
        staged.mkdir()
        with pytest.raises(BackupError, match="is not a Musharaka backup, or it is damaged"):
            read_archive(archive, staged)


def test_the_manifest_lists_every_member_with_its_checksum(world, tmp_path):
    manifest = read_archive(world["archive"], tmp_path)

    assert manifest["format_version"] == 1
    assert manifest["database"]["vendor"] == VENDOR
    assert manifest["database"]["tables"]["orgs_organization"] == 200
    assert manifest["media"] == {"public": 2, "private": 1}
    assert set(manifest["files"]) == {
        str(path.relative_to(tmp_path).as_posix()) for path in tmp_path.rglob("*") if path.is_file()
    } - {"manifest.json"}
    assert "initiatives" in manifest["database"]["migrations"]
    shutil.rmtree(tmp_path)
