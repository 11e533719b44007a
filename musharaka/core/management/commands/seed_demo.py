"""Deterministic, realistic Arabic demo data: `manage.py seed_demo --scale N`.

Scale 1 is a small city's worth; scale 100 is the bench dataset. Each app that has demo data
provides `musharaka/<app>/demo.py` with `seed(ctx: DemoContext) -> None`; they run in the order
of INSTALLED_APPS, so later modules build on the organisations and people seeded before them.
"""

import gc
import importlib
import random
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


@dataclass
class DemoContext:
    scale: int
    rng: random.Random
    log: object
    # Filled by the apps as they seed, for the apps after them.
    shared: dict = field(default_factory=dict)


class Command(BaseCommand):
    help = "Write deterministic demo data (scale 1: a small city; scale 100: the bench dataset)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--seed", type=int, default=2026, help="random seed; the same seed gives the same data")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when organisations already exist")

    def handle(self, *args, scale: int, seed: int, if_empty: bool, **options):
        from musharaka.orgs.models import Organization

        if scale < 1:
            raise CommandError("--scale must be 1 or more")
        if Organization.objects.exists():
            if if_empty:
                self.stdout.write("demo data already present: nothing to do")
                return
            raise CommandError("The database already has organisations; seed_demo writes into an empty one.")
        started = time.monotonic()
        ctx = DemoContext(scale=scale, rng=random.Random(seed), log=self.stdout.write)
        # Hundreds of thousands of model instances live at once here; the cyclic garbage collector
        # would walk them all again and again (most of the run's time at scale 100).
        gc.disable()
        try:
            self._seed_apps(ctx)
        finally:
            gc.enable()
        # Planner statistics for the freshly loaded tables: without them SQLite guesses badly
        # (it walked a status index over 170k rows instead of reading 20 ids by primary key).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"demo data at scale {scale} in {time.monotonic() - started:.1f}s"))

    def _seed_apps(self, ctx: DemoContext) -> None:
        for config in apps.get_app_configs():
            if not config.name.startswith("musharaka."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            step = time.monotonic()
            # No transaction around a whole app: bulk loads commit chunk by chunk (see core.bulk).
            # seed_demo writes into an empty database; after a failure, start again from an empty one.
            module.seed(ctx)
            self.stdout.write(f"  {config.label}: {time.monotonic() - step:.1f}s")
