from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Country(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)  # ISO 3166-1 alpha-2
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_ar"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name_ar


class Region(models.Model):
    """First-level division: a Saudi region (منطقة) or a Syrian governorate (محافظة)."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        GOVERNORATE = "governorate", _("Governorate")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="regions")
    code = models.CharField(_("code"), max_length=12, unique=True)  # ISO 3166-2, e.g. SA-01, SY-DI
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REGION)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country_id", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name_ar


class City(models.Model):
    """A city or, under a Syrian governorate, a district centre."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="cities")
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region_id", "name_ar"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [models.UniqueConstraint(fields=["region", "name_ar"], name="city_unique_in_region")]

    def __str__(self) -> str:
        return self.name_ar


class Neighbourhood(models.Model):
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="neighbourhoods")
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["city_id", "name_ar"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        constraints = [models.UniqueConstraint(fields=["city", "name_ar"], name="neighbourhood_unique_in_city")]

    def __str__(self) -> str:
        return self.name_ar
