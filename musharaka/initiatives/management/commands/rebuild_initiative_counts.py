"""`manage.py rebuild_initiative_counts`: recompute the catalogue's kept counts from the initiatives.

The services keep the counts exact on every write; run this after changing initiatives outside them
(SQL, a data repair) or to check the table: `--check` reports the cells that differ and changes nothing.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from musharaka.initiatives import counts


class Command(BaseCommand):
    help = "Recompute the catalogue's kept counts (initiatives per region, sector, status, year, axis, goal, city)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare with a fresh count; change nothing")

    def handle(self, *args, check: bool, **options):
        started = time.monotonic()
        if check:
            differing = counts.differences()
            if differing:
                for cell, (kept, fresh) in sorted(differing.items())[:50]:
                    self.stdout.write(f"{dict(zip(counts.KEY, cell, strict=True))}: kept {kept}, fresh {fresh}")
                raise CommandError(f"{len(differing)} cells differ; run without --check to rebuild")
            self.stdout.write(self.style.SUCCESS("the kept counts match a fresh count"))
            return
        rows = counts.rebuild()
        self.stdout.write(self.style.SUCCESS(f"{rows} count rows in {time.monotonic() - started:.1f}s"))
