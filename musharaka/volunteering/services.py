"""Writes of the volunteering module."""

# ---- volapi16: the values of a volunteer hour (platform staff)

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from musharaka.core.errors import Conflict, InvalidInput
from musharaka.core.permissions import require
from musharaka.core.records import clean_record, parse_decimal
from musharaka.core.text import clean_text

from .models import HourValue

HOUR_VALUE_MAXIMUM = Decimal(100_000)


def hour_value_create(*, actor, data: dict[str, Any]) -> HourValue:
    """A value of an hour from a date, national (no region) or for one region, on a stated basis. One value per
    region (or nationally) per date: a second one on the same date is a 409 (`exists`)."""
    require(actor, "volunteering.manage_hour_values")
    amount = parse_decimal(data.get("amount"), field="amount")
    if amount < Decimal("0.01") or amount > HOUR_VALUE_MAXIMUM:
        raise InvalidInput(_("Enter a value between 0.01 and %(maximum)s.") % {"maximum": HOUR_VALUE_MAXIMUM},
                            field="amount")
    if amount.quantize(Decimal("0.01")) != amount:
        raise InvalidInput(_("Use at most %(count)s decimal places.") % {"count": 2}, field="amount")
    effective_from = data.get("effective_from")
    if not isinstance(effective_from, datetime.date):
        raise InvalidInput(_("Enter a date."), field="effective_from")
    value = HourValue(
        region_id=data.get("region_id") or None, amount=amount, currency=data.get("currency") or "SAR",
        basis_ar=clean_text(data.get("basis_ar") or "", field="basis_ar", max_length=300, min_length=2),
        basis_en=clean_text(data.get("basis_en") or "", field="basis_en", max_length=300),
        effective_from=effective_from)
    clean_record(value, exclude=["region"])
    if value.region_id is not None:
        from musharaka.geo.models import Region

        if not Region.objects.filter(pk=value.region_id).exists():
            raise InvalidInput(_("Choose a region from the list."), field="region_id")
    try:
        with transaction.atomic():
            value.save()
    except IntegrityError:
        raise Conflict(_("A value of an hour already takes effect on that date here."),
                        code="exists") from None
    return value


def hour_value_delete(*, actor, hour_value: HourValue) -> None:
    """Remove a value (statistics then price hours at the value in force without it; investments already copied
    into impact analyses keep theirs)."""
    require(actor, "volunteering.manage_hour_values")
    hour_value.delete()
