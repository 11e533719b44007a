"""The Jinja2 environment of every page (Django's own `Jinja2` backend; the admin keeps Django's templates).

Templates get Django's translations (`_()`, `gettext()`, `ngettext()`, `pgettext()`, `npgettext()`,
"newstyle": `_("Edit %(name)s", name=x)` fills in `x` escaped), `url`, `static`,
`querystring`, Hijri/Gregorian dates and Django's formatting filters. The context processors listed in
TEMPLATES give `request`, `user`, `messages`, `csp_nonce`, `rtl`, `LANGUAGE`, `main_menu`…; Django's
backend adds `csrf_input` for every form sent by POST.
"""

import datetime
import decimal
from datetime import timedelta

from django.conf import settings
from django.http import QueryDict
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, numberformat
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from django.utils.translation import gettext, ngettext, npgettext, pgettext
from jinja2 import ChainableUndefined, Environment, pass_context, select_autoescape
from markupsafe import Markup

from .dates import dual_date, hijri_date
from .i18n import localized


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


@pass_context
def querystring(context, **changes) -> str:
    """The current query string with `changes` applied (None removes a key), like Django's tag: "?a=1&page=2"."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + params.urlencode() if params else ""


def _finalize(value):
    """Numbers and dates printed as Django's templates print them: localised, times in the current time zone."""
    if isinstance(value, bool | str | Markup):
        return value
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what localize() gives without grouping, at a fraction of its cost (counts, ids)
    if isinstance(value, int | float | decimal.Decimal | datetime.date | datetime.time):
        return formats.localize(template_localtime(value))
    return value


def date(value, arg=None) -> str:
    """Django's `date` filter, on the local time as in Django's templates (not UTC)."""
    return defaultfilters.date(template_localtime(value), arg)


def time(value, arg=None) -> str:
    return defaultfilters.time(template_localtime(value), arg)


def number(value, decimal_pos=None) -> str:
    """125000 → "125,000" (intcomma-like, through Django's number formatter): digits grouped as on official
    Saudi records, in both languages, like the initiative page's budget."""
    if value is None or value == "":
        return ""
    return numberformat.format(value, ".", decimal_pos, grouping=3, thousand_sep=",", force_grouping=True)


def default(value, fallback=""):
    """Django's `default`: the fallback for any false value (Jinja's own only replaces undefined ones)."""
    return value or fallback


def default_if_none(value, fallback=""):
    return fallback if value is None else value


def in_minutes(value: timedelta | None) -> int:
    """Whole minutes of a duration (the sign-in lockout's cool-off time by default)."""
    value = value or getattr(settings, "AXES_COOLOFF_TIME", None) or timedelta(minutes=15)
    return int(value.total_seconds() // 60)


def environment(**options) -> Environment:
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    options.pop("autoescape", None)  # Django's backend turns it on for every file, plain-text e-mails too
    options["undefined"] = ChainableUndefined  # prints nothing, as in Django's templates (even with DEBUG on)
    env = Environment(
        # Escaping for HTML; plain-text e-mails (.txt) are left as written.
        autoescape=select_autoescape(enabled_extensions=("html", "xml"), default_for_string=True, default=False),
        finalize=_finalize,
        **options,
    )
    # Added by the i18n extension.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )
    env.globals.update(url=url, static=static, querystring=querystring)
    env.filters.update(
        dual_date=dual_date,
        hijri_date=hijri_date,
        localized=localized,
        number=number,
        in_minutes=in_minutes,
        default=default,
        default_if_none=default_if_none,
        date=date,
        time=time,
        capfirst=defaultfilters.capfirst,
        linebreaksbr=lambda value: defaultfilters.linebreaksbr(value, autoescape=not hasattr(value, "__html__")),
        truncatechars=defaultfilters.truncatechars,
        truncatewords=defaultfilters.truncatewords,
        filesizeformat=defaultfilters.filesizeformat,
    )
    return env
