"""The whole demo at scale 1, seeded once and read by the checks of every module that needs all of it (awards,
partnerships, events: each module's test_demo.py holds its own checks). A seeding costs half a minute on SQLite and
more on PostgreSQL, so three seedings were one too many twice; the modules whose demo seeds on its own (plans,
impact, volunteering, reports) test it in their own files."""

import pytest
from django.core.management import call_command

from musharaka.awards.tests.test_demo import check_seeded_demo as check_awards
from musharaka.events.tests.test_demo import check_seeded_demo as check_events
from musharaka.initiatives.exchange.tests.test_iati import iati_schema_or_none, string_writer_matches_the_tree_writer
from musharaka.participation.tests.test_demo import check_seeded_demo as check_participation
from musharaka.partnerships.tests.test_demo import check_seeded_demo as check_partnerships

pytestmark = pytest.mark.django_db


def test_seed_demo_at_scale_one_read_by_every_module_that_needs_the_whole_demo():
    call_command("seed_demo", scale=1, verbosity=0)
    check_awards()
    check_participation()  # the last app seeded: its sample processes, figures and kept counts
    check_events()  # before the partnerships' bulk part at scale 3, which signs more agreements at the events
    check_partnerships()  # sends the partnerships' alerts over the demo and seeds that bulk part
    # Last: the IATI export's two writers compared on the same data; it rewrites an initiative and an organisation
    # with text that has to be escaped.
    string_writer_matches_the_tree_writer(iati_schema_or_none())
