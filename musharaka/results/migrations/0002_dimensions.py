"""The disaggregations every indicator may use from the start; staff add more in the admin."""

from django.db import migrations

DIMENSIONS = [
    ("sex", "الجنس", "Sex", [("female", "إناث", "Female"), ("male", "ذكور", "Male")]),
    ("age_group", "الفئة العمرية", "Age group", [
        ("under_18", "أقل من 18 سنة", "Under 18"), ("18_29", "18–29 سنة", "18–29"),
        ("30_59", "30–59 سنة", "30–59"), ("60_plus", "60 سنة فأكثر", "60 and over"),
    ]),
    ("disability", "الإعاقة", "Disability", [
        ("with_disability", "ذوو الإعاقة", "With a disability"), ("without_disability", "دون إعاقة", "Without"),
    ]),
]


def add(apps, schema_editor):
    Dimension = apps.get_model("results", "Dimension")
    DimensionValue = apps.get_model("results", "DimensionValue")
    for position, (code, name_ar, name_en, values) in enumerate(DIMENSIONS):
        dimension, _ = Dimension.objects.get_or_create(code=code, defaults={"name_ar": name_ar, "name_en": name_en,
                                                                            "position": position})
        for value_position, (value_code, value_ar, value_en) in enumerate(values):
            DimensionValue.objects.get_or_create(dimension=dimension, code=value_code,
                                                 defaults={"name_ar": value_ar, "name_en": value_en,
                                                           "position": value_position})


class Migration(migrations.Migration):
    dependencies = [("results", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
