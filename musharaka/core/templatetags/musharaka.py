from django import template

from musharaka.core.dates import dual_date, hijri_date
from musharaka.core.i18n import localized

register = template.Library()

register.filter("dual_date", dual_date)
register.filter("hijri_date", hijri_date)
register.filter("localized", localized)
