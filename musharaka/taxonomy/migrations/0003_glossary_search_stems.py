"""Stems for the glossary's search entries (see core 0003): on a fresh database 0002 may write them
after core's 0003 has filled the stems of the entries it found."""

from django.db import migrations

from musharaka.core.search import fill_stems
from musharaka.taxonomy.indexing import GLOSSARY_KIND


def forward(apps, schema_editor):
    fill_stems(schema_editor.connection, kind=GLOSSARY_KIND)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0002_load_taxonomy"), ("core", "0003_search_stems")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
