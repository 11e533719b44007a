"""Load the reference taxonomy of musharaka.taxonomy.data (axes, SDGs, target groups, glossary).

Safe to run again (rows are matched by code and updated); reversing deletes those rows.
"""

from django.db import migrations
from django.utils import timezone

from musharaka.core.arabic import normalize, normalize_light
from musharaka.taxonomy.data import AXES, GLOSSARY, SDGS, TARGET_GROUPS
from musharaka.taxonomy.indexing import GLOSSARY_KIND, glossary_texts


def _record_creation(apps, model_name):
    """A "created" history record for each row that has none, so the first edit shows what changed."""
    model = apps.get_model("taxonomy", model_name)
    historical = apps.get_model("taxonomy", f"Historical{model_name}")
    recorded = set(historical.objects.values_list("id", flat=True))
    fields = [field.attname for field in model._meta.concrete_fields]
    now = timezone.now()
    historical.objects.bulk_create(
        historical(**{name: getattr(row, name) for name in fields}, history_date=now, history_type="+")
        for row in model.objects.exclude(pk__in=recorded)
    )


def load(apps, schema_editor):
    Axis = apps.get_model("taxonomy", "Axis")
    SDG = apps.get_model("taxonomy", "SDG")
    TargetGroup = apps.get_model("taxonomy", "TargetGroup")
    GlossaryTerm = apps.get_model("taxonomy", "GlossaryTerm")
    SearchEntry = apps.get_model("core", "SearchEntry")

    for position, (code, name_ar, name_en, description_ar, description_en) in enumerate(AXES, start=1):
        Axis.objects.update_or_create(
            code=code,
            defaults={
                "name_ar": name_ar,
                "name_en": name_en,
                "description_ar": description_ar,
                "description_en": description_en,
                "position": position,
            },
        )
    for number, name_ar, name_en in SDGS:
        SDG.objects.update_or_create(number=number, defaults={"name_ar": name_ar, "name_en": name_en})
    for position, (code, name_ar, name_en) in enumerate(TARGET_GROUPS, start=1):
        TargetGroup.objects.update_or_create(
            code=code, defaults={"name_ar": name_ar, "name_en": name_en, "position": position}
        )
    for code, term_ar, term_en, definition_ar, definition_en in GLOSSARY:
        fields = {"term_ar": term_ar, "term_en": term_en, "definition_ar": definition_ar, "definition_en": definition_en}
        term, _ = GlossaryTerm.objects.update_or_create(code=code, defaults=fields)
        raw = " ".join(glossary_texts(**fields))
        SearchEntry.objects.update_or_create(
            kind=GLOSSARY_KIND,
            object_id=term.pk,
            defaults={"document": normalize(raw), "document_light": normalize_light(raw)},
        )
    for model_name in ("Axis", "SDG", "TargetGroup", "GlossaryTerm"):
        _record_creation(apps, model_name)


def unload(apps, schema_editor):
    GlossaryTerm = apps.get_model("taxonomy", "GlossaryTerm")
    SearchEntry = apps.get_model("core", "SearchEntry")

    terms = GlossaryTerm.objects.filter(code__in=[row[0] for row in GLOSSARY])
    SearchEntry.objects.filter(kind=GLOSSARY_KIND, object_id__in=list(terms.values_list("pk", flat=True))).delete()
    terms.delete()
    apps.get_model("taxonomy", "TargetGroup").objects.filter(code__in=[row[0] for row in TARGET_GROUPS]).delete()
    apps.get_model("taxonomy", "SDG").objects.filter(number__in=[row[0] for row in SDGS]).delete()
    apps.get_model("taxonomy", "Axis").objects.filter(code__in=[row[0] for row in AXES]).delete()


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial"), ("core", "0002_search_indexes")]

    operations = [migrations.RunPython(load, unload)]
