"""Backup and restore of a whole installation: the database and both upload folders in one archive.

`create_backup(output)` writes a .tar.gz holding

    database/musharaka.sqlite3   SQLite: a copy made with SQLite's online backup API
    database/musharaka.pgdump    PostgreSQL: `pg_dump --format=custom`
    media/public/…               every file under MEDIA_ROOT
    media/private/…              every file under PRIVATE_MEDIA_ROOT
    manifest.json                format version, database vendor and server version, applied migrations,
                                 row count of every table, size and sha256 of every other member

`restore_backup(archive)` checks the whole archive against its manifest before it touches anything, refuses a
target that already holds data (unless forced), puts the files in place, then restores the database in one
step that either happens whole or not at all, and checks the row counts before it is final:

- SQLite: the checked copy is written over the target by the backup API in a single step (one write
  transaction); the counts are checked afterwards and a snapshot taken beforehand is put back if they differ.
- PostgreSQL: `pg_restore` turns the dump into SQL and psql runs it in one transaction together with the
  clearing of the target and a check of every table's row count: any error rolls the whole of it back.

When the database step fails, the files that were put in place are taken away again, so the target is
left as it was. An empty target is a database that is not migrated (no tables; an absent SQLite file) or
freshly migrated (only the reference data that migrations write: geography, taxonomy, content types,
permissions), and empty upload folders.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import translation
from django.utils.translation import gettext_lazy as _

FORMAT = "musharaka-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/musharaka.sqlite3", "postgresql": "database/musharaka.pgdump"}
MEDIA_PREFIX = "media/"
# Scratch folders that a restore makes inside an upload folder; never part of a backup or of "not empty".
SCRATCH_PREFIX = ".musharaka-restore-"
# Tables that `migrate` fills by itself: a freshly migrated target holds them and still counts as empty.
REFERENCE_APPS = {"contenttypes", "geo", "taxonomy", "core"}
# Lists that migrations seed and staff then edit (need categories, alignment objectives, disaggregations, volunteer
# skills, the reports' service categories and their questions): an empty installation has them, and a restore
# replaces them with the backup's.
REFERENCE_MODELS = {("auth", "permission"), ("plans", "needcategory"), ("plans", "alignment"),
                    ("results", "dimension"), ("results", "dimensionvalue"), ("volunteering", "skill"),
                    ("reports", "servicecategory"), ("reports", "categoryattribute")}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refusal or failure, with a translatable message and, when a tool failed, its own output."""

    def __init__(self, message, *, detail: str = "", **params):
        self.message = message
        self.params = params
        self.detail = detail.strip()
        super().__init__(self.text("en"))

    def text(self, language: str | None = None) -> str:
        with translation.override(language) if language else contextlib.nullcontext():
            text = str(self.message) % self.params if self.params else str(self.message)
        return text

    def bilingual(self) -> str:
        """English, then Arabic, then the tool's own output: the form the management commands print."""
        lines = [self.text("en"), self.text("ar")]
        if self.detail:
            lines.append(self.detail)
        return "\n".join(lines)


@dataclass
class Summary:
    path: Path
    vendor: str
    tables: dict[str, int]
    files: dict[str, int]  # "public"/"private" -> number of files
    bytes: int = 0  # archive size (backup) or size of the restored files (restore)
    seconds: float = 0.0
    pending_migrations: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def media_roots() -> dict[str, Path]:
    return {"public": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


# ----------------------------------------------------------------------------------------------- backup


def create_backup(output: Path | str, *, using: str = "default") -> Summary:
    """Write the archive to `output` (it must not exist yet); the file appears only once it is complete."""
    started = time.monotonic()
    output = Path(output).absolute()
    if output.exists():
        raise BackupError(_("%(path)s already exists; choose another file name."), path=output)
    if not output.parent.is_dir():
        raise BackupError(_("The folder %(path)s does not exist."), path=output.parent)
    for root in media_roots().values():
        if output.is_relative_to(root.absolute()):
            raise BackupError(_("Write the backup outside the upload folders (%(path)s)."), path=root)
    connection = connections[using]
    database = _database(connection)
    partial = output.with_name(f".{output.name}.{secrets.token_hex(4)}.partial")
    try:
        with tempfile.TemporaryDirectory(prefix="musharaka-backup-") as work:
            dump = Path(work) / "dump"
            snapshot = database.dump(dump)
            # The archive holds private files and password hashes: only its owner may read it.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as raw:
                manifest = _write_archive(raw, connection.vendor, dump, snapshot)
                raw.flush()
                os.fsync(raw.fileno())  # on disk before it takes its name
        os.replace(partial, output)
    except DatabaseError as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise BackupError(_("The database could not be read."), detail=str(error)) from error
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return Summary(
        path=output, vendor=connection.vendor, tables=snapshot["tables"], files=manifest["media"],
        bytes=output.stat().st_size, seconds=time.monotonic() - started,
    )


def _write_archive(raw, vendor: str, dump: Path, snapshot: dict) -> dict:
    """The database dump, then every upload, then the manifest that describes them; returns the manifest."""
    files: dict[str, dict] = {}
    with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
        member = DATABASE_MEMBERS[vendor]
        files[member] = _add_file(tar, dump, member)
        counts = {}
        for label, root in media_roots().items():
            counts[label] = 0
            for path, relative in _walk(root):
                name = f"{MEDIA_PREFIX}{label}/{relative}"
                files[name] = _add_file(tar, path, name)
                counts[label] += 1
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "database": {
                "vendor": vendor,
                "server_version": snapshot["server_version"],
                "member": member,
                "tables": snapshot["tables"],
                "migrations": snapshot["migrations"],
            },
            "media": counts,
            "files": files,
        }
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
        tar.addfile(info, io.BytesIO(data))
    return manifest


class _HashingReader:
    """Hashes what tarfile reads, so each file is read once and its checksum is of the bytes archived."""

    def __init__(self, stream):
        self.stream, self.sha256 = stream, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.sha256.update(chunk)
        return chunk


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict:
    with open(path, "rb") as stream:
        info = tar.gettarinfo(fileobj=stream, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(stream)
        try:
            tar.addfile(info, reader)
        except OSError as error:  # the file shrank while it was read
            raise BackupError(_("%(path)s changed while it was being backed up; try again."), path=path) from error
    return {"size": info.size, "sha256": reader.sha256.hexdigest()}


def _walk(root: Path):
    """Regular files under root (symbolic links are not followed), sorted, with their POSIX relative paths."""
    if not root.is_dir():
        return
    for directory, subdirectories, filenames in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith(SCRATCH_PREFIX))
        for filename in sorted(filenames):
            path = Path(directory) / filename
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


# ---------------------------------------------------------------------------------------------- restore


def restore_backup(archive: Path | str, *, force: bool = False, using: str = "default") -> Summary:
    started = time.monotonic()
    archive = Path(archive)
    connection = connections[using]
    database = _database(connection)
    try:
        return _restore(archive, connection, database, force=force, started=started)
    except DatabaseError as error:
        raise BackupError(_("The database could not be used; the restore did not happen."), detail=str(error)) from error


def _restore(archive: Path, connection, database, *, force: bool, started: float) -> Summary:
    with tempfile.TemporaryDirectory(prefix="musharaka-restore-") as work:
        staged = Path(work)
        manifest = read_archive(archive, staged)
        if manifest["database"]["vendor"] != connection.vendor:
            raise BackupError(
                _("This backup is of a %(archive)s database; it cannot be restored into %(target)s."),
                archive=manifest["database"]["vendor"], target=connection.vendor,
            )
        pending = _check_migrations(manifest)
        if not force:
            occupied = database.tables_with_data() + _occupied_media()
            if occupied:
                raise BackupError(
                    _("The target is not empty (%(what)s). Restore into an empty installation, or use --force to "
                      "replace everything in it."),
                    what=", ".join(occupied[:5]) + ("…" if len(occupied) > 5 else ""),
                )
        dump = staged / manifest["database"]["member"]
        database.check_staged(dump, manifest)
        with _media_swap(staged) as restored_bytes:
            database.restore(dump, manifest, staged)
        tables = database.table_counts()
    # Cached pages and counts are keyed by the newest history ids, which a restored database may repeat with
    # other contents: nothing cached before the restore may be served after it.
    cache.clear()
    return Summary(
        path=archive, vendor=connection.vendor, tables=tables, files=dict(manifest["media"]),
        bytes=restored_bytes[0], seconds=time.monotonic() - started, pending_migrations=pending,
    )


def read_archive(archive: Path, staged: Path) -> dict:
    """Unpack the archive into `staged` and check every member against the manifest; return the manifest."""
    if not archive.is_file():
        raise BackupError(_("There is no file %(path)s."), path=archive)
    damaged = BackupError(_("%(path)s is not a Musharaka backup, or it is damaged."), path=archive)
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for member in tar.getmembers():
                if not (member.isfile() or member.isdir()) or not (
                    member.name == MANIFEST or member.name.startswith(("database/", MEDIA_PREFIX))
                ):
                    raise damaged
            tar.extractall(staged, filter="data")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise damaged from error
    try:
        manifest = json.loads((staged / MANIFEST).read_text(encoding="utf-8"))
        vendor, member, files = manifest["database"]["vendor"], manifest["database"]["member"], manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise damaged from error
    if manifest.get("format") != FORMAT:
        raise damaged
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("This backup has format version %(found)s; this version of Musharaka reads version %(expected)s."),
            found=manifest.get("format_version"), expected=FORMAT_VERSION,
        )
    if DATABASE_MEMBERS.get(vendor) != member or member not in files:
        raise damaged
    present = {path.relative_to(staged).as_posix() for path in staged.rglob("*") if path.is_file()} - {MANIFEST}
    if present != set(files):
        changed = sorted(present ^ set(files))
        raise BackupError(_("The backup does not match its manifest (%(name)s); it has been altered."), name=changed[0])
    for name, expected in sorted(files.items()):
        if _sha256(staged / name) != expected.get("sha256"):
            raise BackupError(_("The backup does not match its manifest (%(name)s); it has been altered."), name=name)
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _check_migrations(manifest: dict) -> list[str]:
    """Refuse a backup from a newer version of the code; return the migrations that will still be pending."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = {(app, name) for app, names in manifest["database"]["migrations"].items() for name in names}
    unknown = sorted(applied - known)
    # Only apps this code has: a backup may carry the history of an app that was removed since.
    labels = {label for label, _name in known}
    unknown = [(app, name) for app, name in unknown if app in labels]
    if unknown:
        raise BackupError(
            _("This backup was made by a newer version of Musharaka (migration %(migration)s is unknown here)."),
            migration=f"{unknown[0][0]}.{unknown[0][1]}",
        )
    return [f"{app}.{name}" for app, name in sorted(known - applied)]


def _occupied_media() -> list[str]:
    return [str(root) for root in media_roots().values() if next(_walk(root), None) is not None]


@contextlib.contextmanager
def _media_swap(staged: Path):
    """Put the unpacked files in place; undo it when the body (the database restore) fails.

    What an upload folder held before (only with --force) is moved aside first and put back on failure.
    Yields a one-item list that receives the number of bytes put in place.
    """
    placed: list[Path] = []
    aside: list[tuple[Path, Path]] = []  # (scratch folder, root)
    created: list[Path] = []
    restored = [0]
    try:
        for label, root in media_roots().items():
            if not root.exists():
                root.mkdir(parents=True)
                created.append(root)
            entries = [entry for entry in root.iterdir() if not entry.name.startswith(SCRATCH_PREFIX)]
            if entries:
                scratch = root / f"{SCRATCH_PREFIX}{secrets.token_hex(4)}"
                scratch.mkdir()
                aside.append((scratch, root))
                for entry in entries:
                    os.replace(entry, scratch / entry.name)
            source = staged / "media" / label
            if source.is_dir():
                restored[0] += sum(path.stat().st_size for path in source.rglob("*") if path.is_file())
                for entry in sorted(source.iterdir()):
                    target = root / entry.name
                    shutil.move(entry, target)
                    placed.append(target)
        yield restored
    except BaseException:
        for target in placed:
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    target.unlink()
        for scratch, root in aside:
            for entry in scratch.iterdir():
                os.replace(entry, root / entry.name)
            scratch.rmdir()
        for root in created:
            with contextlib.suppress(OSError):
                root.rmdir()
        raise
    for scratch, _root in aside:
        shutil.rmtree(scratch, ignore_errors=True)


# ------------------------------------------------------------------------------------- database vendors


def _database(connection):
    if connection.vendor == "sqlite":
        return _SQLite(connection)
    if connection.vendor == "postgresql":
        return _PostgreSQL(connection)
    raise BackupError(_("Backups support SQLite and PostgreSQL, not %(vendor)s."), vendor=connection.vendor)


def _content_tables() -> set[str]:
    """Tables of the installed models that people fill (not the reference data that migrations write)."""
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.app_label not in REFERENCE_APPS and (
            (meta.app_label, meta.model_name) not in REFERENCE_MODELS
        ):
            tables.add(meta.db_table)
    return tables


class _Vendor:
    def __init__(self, connection):
        self.connection = connection

    def table_names(self) -> list[str]:
        raise NotImplementedError

    def quote(self, name: str) -> str:
        return self.connection.ops.quote_name(name)

    def table_counts(self) -> dict[str, int]:
        with self.connection.cursor() as cursor:
            counts = {}
            for table in self.table_names():
                cursor.execute(f"SELECT count(*) FROM {self.quote(table)}")  # noqa: S608 - a quoted table name
                counts[table] = cursor.fetchone()[0]
        return counts

    def tables_with_data(self) -> list[str]:
        existing = set(self.table_names())
        occupied = []
        with self.connection.cursor() as cursor:
            for table in sorted(_content_tables() & existing):
                cursor.execute(f"SELECT 1 FROM {self.quote(table)} LIMIT 1")  # noqa: S608 - a quoted table name
                if cursor.fetchone():
                    occupied.append(table)
        return occupied


class _SQLite(_Vendor):
    def _path(self) -> str:
        name = str(self.connection.settings_dict["NAME"])
        if name == ":memory:" or name.startswith("file:"):
            raise BackupError(_("The SQLite database must be a file, not %(name)s."), name=name)
        return name

    def table_names(self) -> list[str]:
        if self.connection.connection is None and not Path(self._path()).exists():
            return []  # not created yet: do not create it just to look inside
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
            return sorted(row[0] for row in cursor.fetchall())

    def dump(self, target: Path) -> dict:
        self._path()
        self.connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # One step: a consistent snapshot even while the app keeps writing.
            self.connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file, no -wal beside it
            snapshot = {"server_version": sqlite3.sqlite_version, **_sqlite_state(copy)}
        finally:
            copy.close()
        return snapshot

    def check_staged(self, dump: Path, manifest: dict) -> None:
        copy = sqlite3.connect(f"{dump.absolute().as_uri()}?mode=ro", uri=True)
        try:
            state = _sqlite_state(copy)
        except sqlite3.DatabaseError as error:
            raise BackupError(_("The database in the backup cannot be read."), detail=str(error)) from error
        finally:
            copy.close()
        _compare_counts(state["tables"], manifest["database"]["tables"])

    def restore(self, dump: Path, manifest: dict, staged: Path) -> None:
        self._path()
        self.connection.ensure_connection()
        target = self.connection.connection
        before = sqlite3.connect(staged / "target-before.sqlite3")
        source = sqlite3.connect(dump)
        try:
            target.backup(before)
            try:
                source.backup(target)  # all pages in one step: one write transaction on the target
            except sqlite3.Error as error:
                raise BackupError(_("The database could not be restored; nothing was changed."),
                                  detail=str(error)) from error
            try:
                _compare_counts(self.table_counts(), manifest["database"]["tables"])
            except BaseException:
                before.backup(target)  # the target as it was
                raise
        finally:
            source.close()
            before.close()


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_state(db: sqlite3.Connection) -> dict:
    names = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
    )]
    tables = {name: db.execute(f"SELECT count(*) FROM {_sqlite_quote(name)}").fetchone()[0] for name in names}  # noqa: S608
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        for app, name in db.execute("SELECT app, name FROM django_migrations ORDER BY app, name"):
            migrations.setdefault(app, []).append(name)
    return {"tables": tables, "migrations": migrations}


def _compare_counts(found: dict[str, int], expected: dict[str, int]) -> None:
    if found == expected:
        return
    name = sorted(set(found) ^ set(expected)) or [t for t in sorted(expected) if found.get(t) != expected[t]]
    table = name[0]
    raise BackupError(
        _("The restored table %(table)s has %(found)s rows; the backup says %(expected)s. Nothing was changed."),
        table=table, found=found.get(table, "—"), expected=expected.get(table, "—"),
    )


class _PostgreSQL(_Vendor):
    def table_names(self) -> list[str]:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            return [row[0] for row in cursor.fetchall()]

    def _tool(self, name: str) -> str:
        """The client program of the server's major version (pg_dump refuses a newer server)."""
        self.connection.ensure_connection()
        major = self.connection.pg_version // 10000
        candidates = [Path(f"/usr/lib/postgresql/{major}/bin/{name}")]
        if found := shutil.which(name):
            candidates.append(Path(found))
        for candidate in candidates:
            if not os.access(candidate, os.X_OK):
                continue
            result = subprocess.run([candidate, "--version"], capture_output=True, text=True, check=False)
            version = re.search(r"(\d+)(?:\.\d+)?", result.stdout)
            if result.returncode == 0 and version and int(version.group(1)) >= major:
                return str(candidate)
        raise BackupError(
            _("%(tool)s for PostgreSQL %(major)s is missing: install the postgresql-client package of that version."),
            tool=name, major=major,
        )

    def _environment(self) -> dict[str, str]:
        settings_dict = self.connection.settings_dict
        options = settings_dict.get("OPTIONS") or {}
        environment = dict(os.environ)
        values = {
            "PGHOST": settings_dict.get("HOST"), "PGPORT": settings_dict.get("PORT"),
            "PGUSER": settings_dict.get("USER"), "PGPASSWORD": settings_dict.get("PASSWORD"),
            "PGDATABASE": settings_dict.get("NAME"), "PGSSLMODE": options.get("sslmode"),
            "PGSSLROOTCERT": options.get("sslrootcert"), "PGSSLCERT": options.get("sslcert"),
            "PGSSLKEY": options.get("sslkey"), "PGPASSFILE": options.get("passfile"),
            "PGSERVICE": options.get("service"), "PGAPPNAME": "musharaka-backup",
        }
        environment.update({key: str(value) for key, value in values.items() if value})
        return environment

    def _run(self, command: list[str], failure) -> None:
        result = subprocess.run(command, env=self._environment(), capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupError(failure, detail="\n".join((result.stderr or result.stdout).strip().splitlines()[-8:]))

    def dump(self, target: Path) -> dict:
        pg_dump = self._tool("pg_dump")
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            # The counts and pg_dump share one snapshot: the manifest describes exactly the rows dumped.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot_id, server_version = cursor.fetchone()
            tables = self.table_counts()
            migrations: dict[str, list[str]] = {}
            if "django_migrations" in tables:
                cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
                for app, name in cursor.fetchall():
                    migrations.setdefault(app, []).append(name)
            self._run([pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}"],
                      _("pg_dump could not dump the database."))
        return {"server_version": server_version, "tables": tables, "migrations": migrations}

    def check_staged(self, dump: Path, manifest: dict) -> None:
        self._run([self._tool("pg_restore"), "--list", str(dump)], _("The database in the backup cannot be read."))

    def restore(self, dump: Path, manifest: dict, staged: Path) -> None:
        pg_restore, psql = self._tool("pg_restore"), self._tool("psql")
        listing = subprocess.run([pg_restore, "--list", str(dump)], capture_output=True, text=True, check=True).stdout
        # The extension's comment belongs to its owner, who may be another role (an administrator who created
        # pg_trgm beforehand); the extension itself is created IF NOT EXISTS.
        (staged / "restore.list").write_text(
            "".join(line + "\n" for line in listing.splitlines() if " COMMENT - EXTENSION " not in line)
        )
        script = staged / "restore.sql"
        self._run(
            [pg_restore, "--no-owner", "--no-acl", f"--use-list={staged / 'restore.list'}", f"--file={script}", str(dump)],
            _("pg_restore could not read the database in the backup."),
        )
        (staged / "clear.sql").write_text(CLEAR_PUBLIC_SCHEMA)
        expected = json.dumps(manifest["database"]["tables"])
        if "$counts$" in expected:
            raise BackupError(_("%(path)s is not a Musharaka backup, or it is damaged."), path=dump)
        (staged / "check.sql").write_text(CHECK_COUNTS.replace("EXPECTED", expected))
        self.connection.close()  # nothing of ours holds a lock on the target while psql works
        # One transaction for all three: clear the target, restore, check the counts; any error undoes it all.
        self._run(
            [psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction", "--output=/dev/null",
             f"--file={staged / 'clear.sql'}", f"--file={script}", f"--file={staged / 'check.sql'}"],
            _("The database could not be restored; nothing was changed."),
        )


# Empties the public schema of what a migrated database holds, keeping extensions (pg_trgm may belong to an
# administrator) and whatever they own.
CLEAR_PUBLIC_SCHEMA = """
SET client_min_messages = warning;
DO $clear$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                      AND d.deptype IN ('e', 'i', 'a'))
  LOOP
    EXECUTE format('DROP %s IF EXISTS public.%I CASCADE',
                   CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                                  WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.relname);
  END LOOP;
END
$clear$;
"""

# Runs last, inside the restore's transaction: a difference raises, and psql rolls everything back.
CHECK_COUNTS = """
DO $check$
DECLARE
  expected jsonb := $counts$EXPECTED$counts$::jsonb;
  tables text[];
  found bigint;
  name text;
BEGIN
  SELECT array_agg(tablename::text ORDER BY tablename::text COLLATE "C") INTO tables
    FROM pg_tables WHERE schemaname = 'public';
  IF tables IS DISTINCT FROM ARRAY(SELECT key FROM jsonb_object_keys(expected) AS key ORDER BY key COLLATE "C") THEN
    RAISE EXCEPTION 'musharaka: the restored tables differ from the backup''s';
  END IF;
  FOREACH name IN ARRAY tables LOOP
    EXECUTE format('SELECT count(*) FROM public.%I', name) INTO found;
    IF found <> (expected ->> name)::bigint THEN
      RAISE EXCEPTION 'musharaka: table % has % rows, the backup says %', name, found, expected ->> name;
    END IF;
  END LOOP;
END
$check$;
"""
