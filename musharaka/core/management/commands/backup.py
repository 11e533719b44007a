"""`manage.py backup --output FILE`: the database and both upload folders in one archive (see core.backup)."""

from django.core.management.base import BaseCommand, CommandError

from musharaka.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database, MEDIA_ROOT and PRIVATE_MEDIA_ROOT into one .tar.gz archive with a manifest."

    # A maintenance command: the system checks would import every URL and API module for nothing.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help="the archive to write, e.g. musharaka-2026-11-23.tar.gz")
        parser.add_argument("--database", default="default", help="the database alias (default: default)")

    def handle(self, *args, output: str, database: str, **options):
        try:
            summary = create_backup(output, using=database)
        except BackupError as error:
            raise CommandError(error.bilingual()) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {summary.path} ({summary.bytes / 1e6:.1f} MB)"))
        self.stdout.write(f"  database: {summary.vendor}, {len(summary.tables)} tables, {summary.rows} rows")
        self.stdout.write(f"  files: {summary.files['public']} public (MEDIA_ROOT), {summary.files['private']} private "
                          f"(PRIVATE_MEDIA_ROOT)")
        self.stdout.write(f"  in {summary.seconds:.1f}s")
