"""`manage.py restore FILE`: put a backup into an empty installation (see core.backup)."""

from django.core.management.base import BaseCommand, CommandError

from musharaka.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty installation: a database that is not migrated "
        "or freshly migrated, and empty MEDIA_ROOT and PRIVATE_MEDIA_ROOT. Stop the app processes first."
    )

    # A maintenance command: the system checks would import every URL and API module for nothing.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz written by `manage.py backup`")
        parser.add_argument("--force", action="store_true",
                            help="replace whatever the database and the upload folders hold now")
        parser.add_argument("--database", default="default", help="the database alias (default: default)")

    def handle(self, *args, archive: str, force: bool, database: str, **options):
        try:
            summary = restore_backup(archive, force=force, using=database)
        except BackupError as error:
            raise CommandError(error.bilingual()) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {summary.path}"))
        self.stdout.write(f"  database: {summary.vendor}, {len(summary.tables)} tables, {summary.rows} rows "
                          "(each table's count checked against the manifest)")
        self.stdout.write(f"  files: {summary.files['public']} public, {summary.files['private']} private "
                          f"({summary.bytes / 1e6:.1f} MB, checksums checked)")
        if summary.pending_migrations:
            self.stdout.write(self.style.WARNING(
                f"  {len(summary.pending_migrations)} migrations are newer than the backup: run `manage.py migrate`"))
        self.stdout.write(f"  in {summary.seconds:.1f}s")
