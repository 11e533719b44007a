"""Load the reference geography of musharaka.geo.data (Saudi regions, Syrian governorates, their cities).

Safe to run again (rows are matched by their natural keys and updated); reversing deletes those rows.
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

from musharaka.geo.data import COUNTRIES, NEIGHBOURHOODS, REGIONS


def _coordinate(value):
    return None if value is None else Decimal(str(value))


def _record_creation(apps, model_name):
    """A "created" history record for each row that has none, so the first edit shows what changed."""
    model = apps.get_model("geo", model_name)
    historical = apps.get_model("geo", f"Historical{model_name}")
    recorded = set(historical.objects.values_list("id", flat=True))
    fields = [field.attname for field in model._meta.concrete_fields]
    now = timezone.now()
    historical.objects.bulk_create(
        historical(**{name: getattr(row, name) for name in fields}, history_date=now, history_type="+")
        for row in model.objects.exclude(pk__in=recorded)
    )


def load(apps, schema_editor):
    Country = apps.get_model("geo", "Country")
    Region = apps.get_model("geo", "Region")
    City = apps.get_model("geo", "City")
    Neighbourhood = apps.get_model("geo", "Neighbourhood")

    countries = {}
    for code, name_ar, name_en in COUNTRIES:
        countries[code], _ = Country.objects.update_or_create(
            code=code, defaults={"name_ar": name_ar, "name_en": name_en}
        )
    cities = {}
    for code, kind, name_ar, name_en, region_cities in REGIONS:
        region, _ = Region.objects.update_or_create(
            code=code,
            defaults={"country": countries[code[:2]], "kind": kind, "name_ar": name_ar, "name_en": name_en},
        )
        for city_ar, city_en, latitude, longitude in region_cities:
            cities[code, city_ar], _ = City.objects.update_or_create(
                region=region,
                name_ar=city_ar,
                defaults={
                    "name_en": city_en,
                    "latitude": _coordinate(latitude),
                    "longitude": _coordinate(longitude),
                },
            )
    for key, neighbourhoods in NEIGHBOURHOODS.items():
        for name_ar, name_en in neighbourhoods:
            Neighbourhood.objects.update_or_create(city=cities[key], name_ar=name_ar, defaults={"name_en": name_en})
    for model_name in ("Region", "City", "Neighbourhood"):
        _record_creation(apps, model_name)


def unload(apps, schema_editor):
    Country = apps.get_model("geo", "Country")
    Region = apps.get_model("geo", "Region")
    City = apps.get_model("geo", "City")
    Neighbourhood = apps.get_model("geo", "Neighbourhood")

    for (region_code, city_ar), neighbourhoods in NEIGHBOURHOODS.items():
        Neighbourhood.objects.filter(
            city__region__code=region_code, city__name_ar=city_ar, name_ar__in=[n[0] for n in neighbourhoods]
        ).delete()
    for code, _kind, _name_ar, _name_en, region_cities in REGIONS:
        City.objects.filter(region__code=code, name_ar__in=[c[0] for c in region_cities]).delete()
    Region.objects.filter(code__in=[r[0] for r in REGIONS]).delete()
    Country.objects.filter(code__in=[c[0] for c in COUNTRIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
