"""Backup and restore between real, separate installations.

Each installation is its own database (a SQLite file, or a database of its own on the PostgreSQL server of
DATABASE_URL) with its own MEDIA_ROOT and PRIVATE_MEDIA_ROOT, driven through `manage.py` in subprocesses,
so nothing touches the pytest test database. The source holds the demo data (`seed_demo --scale 1`) and
uploaded files (an Arabic-named logo in MEDIA_ROOT; a cover image and an attachment in PRIVATE_MEDIA_ROOT);
every table is compared by row count and by a digest of its rows, every file by sha256.
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
# Evidence files of the demo's fourth forum's recommendations: one per update moving one to in progress or done.
DEMO_EVIDENCE = 6
# Photos of the sample forums' galleries (events/media_demo.py), each with its thumbnail: 10 photos, 20 files.
DEMO_PHOTO_FILES = 20
# The residents' report the demo files with a photo (reports/demo.py: the lighting report of Riyadh).
DEMO_REPORT_PHOTOS = 1

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

        with psycopg.connect(self.database_url) as pg:
            names = [row[0] for row in pg.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            return {name: _digest(pg.execute(f'SELECT t::text FROM public."{name}" t').fetchall())  # noqa: S608
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


@pytest.fixture
def world(tmp_path):
    """A seeded source installation, its backup, and a freshly migrated copy of its empty database."""
    server = Server(tmp_path)
    try:
        source = Installation(tmp_path, "source", server.create("source"))
        source.manage("migrate", "--verbosity=0")
        server.create("fresh", template="source")
        archive = tmp_path / "source.tar.gz"
        result = source.manage("shell", "--no-imports", "-c", SEED_UPLOAD_BACKUP.replace("ARCHIVE", repr(str(archive))))
        assert "Backup written" in result.stdout
        yield {"base": tmp_path, "server": server, "source": source, "archive": archive}
    finally:
        server.drop_all()


def _target(world, name: str, *, template: str | None = None) -> Installation:
    return Installation(world["base"], name, world["server"].create(name, template=template))


def test_backup_and_restore_between_separate_installations(world):
    """One test on purpose: building the seeded source costs most of the time, and xdist would build it again
    on each worker that got one of several tests (its loadgroup mode does nothing under pytest 9)."""
    source = world["source"]
    expected_tables, expected_files = source.tables(), source.files()
    # The demo data and the uploads really are there: not two empty installations compared.
    # 200 demo organisations, and the few the events' samples name (events/demo.py).
    assert len(expected_tables) > 40 and expected_tables["orgs_organization"][0] >= 200
    # The logo is public; the cover and the attachment are private files (covers are, whatever the status), and
    # so is the evidence of the demo's recommendations (events/recommendations_demo.py).
    evidence = [path for path in expected_files if "/events/evidence/" in path]
    assert len(evidence) == DEMO_EVIDENCE
    photos = [path for path in expected_files if "/events/photos/" in path]
    assert len(photos) == DEMO_PHOTO_FILES and all(path.startswith("private/") for path in photos)
    report_photos = [path for path in expected_files if "/reports/photos/" in path]
    assert len(report_photos) == DEMO_REPORT_PHOTOS and all(path.startswith("private/") for path in report_photos)
    assert sorted(path.split("/")[0] for path in expected_files if path not in evidence + photos + report_photos) == [
        "private", "private", "public"]
    assert any("شعار" in path for path in expected_files)

    _round_trip(world, "not_migrated", expected_tables, expected_files)
    _round_trip(world, "freshly_migrated", expected_tables, expected_files)
    _manifest_lists_every_member(world)
    _tampered_archive_is_refused_and_nothing_is_touched(world)
    _wrong_row_count_is_rolled_back_whole(world)
    _non_empty_installation_is_refused_unless_forced(world, expected_tables, expected_files)
    assert source.tables() == expected_tables and source.files() == expected_files


def _round_trip(world, state, expected_tables, expected_files):
    target = _target(world, f"target_{state}", template="fresh" if state == "freshly_migrated" else None)

    result = target.manage("restore", str(world["archive"]))

    assert target.tables() == expected_tables, f"restored into a {state} database"
    assert target.files() == expected_files, f"restored beside a {state} database"
    assert f"{len(expected_tables)} tables" in result.stdout
    assert "migrations are newer" not in result.stdout


def _manifest_lists_every_member(world):
    staged = world["base"] / "staged"
    staged.mkdir()
    manifest = read_archive(world["archive"], staged)

    assert manifest["format_version"] == 1
    assert manifest["database"]["vendor"] == VENDOR
    assert manifest["database"]["tables"]["orgs_organization"] >= 200
    assert manifest["media"] == {"public": 1, "private": 2 + DEMO_EVIDENCE + DEMO_PHOTO_FILES + DEMO_REPORT_PHOTOS}
    unpacked = {path.relative_to(staged).as_posix() for path in staged.rglob("*") if path.is_file()}
    assert set(manifest["files"]) == unpacked - {"manifest.json"}
    assert "initiatives" in manifest["database"]["migrations"]
    shutil.rmtree(staged)


def _rewrite(world, name: str, change) -> Path:
    """A copy of the archive with each member's bytes passed through change(member, data)."""
    rewritten = world["base"] / name
    with tarfile.open(world["archive"]) as original, tarfile.open(rewritten, "w:gz") as copy:
        for member in original.getmembers():
            stream = original.extractfile(member)
            assert stream is not None, member.name  # the archive holds regular files only
            data = change(member, stream.read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return rewritten


def _tampered_archive_is_refused_and_nothing_is_touched(world):
    def change(member, data):  # same size, other bytes
        return data.replace(b"Catalog", b"Catalof") if member.name.startswith("media/private/") else data

    target = _target(world, "target_tampered")

    result = target.manage("restore", str(_rewrite(world, "tampered.tar.gz", change)), check=False)

    assert result.returncode == 1
    assert "it has been altered" in result.stderr
    assert "لا تطابق بيانها" in result.stderr  # and in Arabic
    assert target.tables() == {}
    assert not target.media.exists() and not target.private.exists()


def _wrong_row_count_is_rolled_back_whole(world):
    """Checksums hold but a row count is wrong: SQLite refuses before writing, PostgreSQL rolls back its
    transaction; either way the files already put in place are taken away again."""

    def change(member, data):
        if member.name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["tables"]["orgs_organization"] += 1
        return json.dumps(manifest).encode()

    target = _target(world, "target_forged")

    result = target.manage("restore", str(_rewrite(world, "forged.tar.gz", change)), check=False)

    assert result.returncode == 1
    assert "orgs_organization" in result.stderr and "nothing was changed" in result.stderr.lower()
    assert target.tables() == {}
    assert not target.media.exists() and not target.private.exists()


def _non_empty_installation_is_refused_unless_forced(world, expected_tables, expected_files):
    target = _target(world, "target_occupied", template="source")  # people, organisations, initiatives …
    target.media.mkdir()
    (target.media / "left-over.txt").write_text("an upload of the installation that was there before")
    before_tables, before_files = target.tables(), target.files()

    refused = target.manage("restore", str(world["archive"]), check=False)

    assert refused.returncode == 1
    assert "The target is not empty" in refused.stderr and "--force" in refused.stderr
    assert target.tables() == before_tables
    assert target.files() == before_files

    target.manage("restore", "--force", str(world["archive"]))

    assert target.tables() == expected_tables
    assert target.files() == expected_files  # what was there before is gone


def test_a_truncated_or_foreign_archive_is_refused(tmp_path):
    genuine = io.BytesIO()
    with tarfile.open(fileobj=genuine, mode="w:gz") as tar:
        payload = secrets.token_bytes(200_000)  # incompressible, so cutting the archive cuts into the data
        info = tarfile.TarInfo("database/musharaka.sqlite3")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(genuine.getvalue()[:50_000])
    foreign = tmp_path / "foreign.tar.gz"
    with tarfile.open(foreign, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("etc/passwd"), io.BytesIO(b""))
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_text("not an archive")
    without_manifest = tmp_path / "no-manifest.tar.gz"
    without_manifest.write_bytes(genuine.getvalue())

    for archive in (truncated, foreign, not_an_archive, without_manifest):
        staged = tmp_path / f"staged-{archive.stem}"
        staged.mkdir()
        with pytest.raises(BackupError, match="is not a Musharaka backup, or it is damaged"):
            read_archive(archive, staged)

