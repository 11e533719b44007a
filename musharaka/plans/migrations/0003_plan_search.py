"""Puts the plans already stored into the Arabic search index (the plans list searched titles with icontains
before, which missed alef, ta marbuta and diacritic variants)."""

from django.db import migrations

KIND = "plan"  # services.PLAN_SEARCH_KIND


def forward(apps, schema_editor):
    from musharaka.core.search import document_row

    Plan = apps.get_model("plans", "Plan")
    SearchEntry = apps.get_model("core", "SearchEntry")
    rows = [document_row(KIND, plan["pk"], (plan["title_ar"], plan["title_en"], plan["summary_ar"],
                                             plan["summary_en"]))
            for plan in Plan.objects.values("pk", "title_ar", "title_en", "summary_ar", "summary_en").iterator()]
    SearchEntry.objects.filter(kind=KIND).delete()
    SearchEntry.objects.bulk_create(
        [SearchEntry(kind=kind, object_id=object_id, document=document, document_light=light, stems=stems)
         for kind, object_id, document, light, stems in rows], batch_size=2000)


def backward(apps, schema_editor):
    apps.get_model("core", "SearchEntry").objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_lists"), ("core", "0003_search_stems")]

    operations = [migrations.RunPython(forward, backward)]
