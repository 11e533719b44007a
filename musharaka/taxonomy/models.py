from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from musharaka.accounts.models import User


class Axis(models.Model):
    """One of the six development axes (محاور التنمية)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("development axis")
        verbose_name_plural = _("development axes")

    def __str__(self) -> str:
        return self.name_ar


class SDG(models.Model):
    """A UN Sustainable Development Goal; `number` is the goal code of the IATI UNSDG-Goals list."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.name_ar}"


class TargetGroup(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name_ar


class GlossaryTerm(models.Model):
    """A unified concept (توحيد المفاهيم): one agreed meaning for a term used across the platform."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    term_ar = models.CharField(_("term (Arabic)"), max_length=150)
    term_en = models.CharField(_("term (English)"), max_length=150)
    definition_ar = models.TextField(_("definition (Arabic)"))
    definition_en = models.TextField(_("definition (English)"))
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    _history_user: "User | None"  # set before saving: django-simple-history records it as the author

    class Meta:
        ordering = ["term_ar"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        return self.term_ar
