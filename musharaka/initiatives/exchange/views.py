"""Pages: export links (same filters as the catalogue), the import page and its templates."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template import engines
from django.template.backends.django import Template
from django.template.loaders.filesystem import Loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from musharaka.core.errors import DomainError, InvalidInput
from musharaka.core.permissions import require

from . import exports, services
from .filters import parse_filters
from .forms import ImportForm

# This package is not an installed app, so its templates are loaded from its own folder here.
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
_backend = engines["django"]
_loader = Loader(_backend.engine, [TEMPLATE_DIR])


def render_page(request, name: str, context: dict, status: int = 200) -> HttpResponse:
    template = Template(_loader.get_template(name), _backend)
    return HttpResponse(template.render(context, request), status=status)


def _export(request, respond):
    try:
        filters = parse_filters(request.GET)
    except InvalidInput as error:
        return HttpResponseBadRequest(str(error.message), content_type="text/plain; charset=utf-8")
    return respond(request, user=request.user, filters=filters)


@require_safe
def export_csv(request):
    return _export(request, exports.csv_response)


@require_safe
def export_xlsx(request):
    return _export(request, exports.xlsx_response)


@require_safe
def export_iati(request):
    return _export(request, exports.iati_response)


@require_safe
def import_template_xlsx(request):
    return exports.import_template_xlsx()


@require_safe
def import_template_csv(request):
    return exports.import_template_csv()


@login_required
def import_initiatives(request):
    require(request.user, "initiatives.import_initiatives")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.initiatives_import(
                actor=request.user, upload=form.cleaned_data["file"], dry_run=not form.cleaned_data["confirm"]
            )
        except DomainError as error:
            if error.status == 403:
                raise
            form.add_error("file", str(error.message))
        else:
            if result.ok and not result.dry_run:
                count = len(result.created)
                messages.success(request, _("The initiatives were imported as drafts (%(count)s).") % {"count": count})
                return redirect("initiatives_exchange:import")
            if result.ok:
                form = ImportForm(initial={"confirm": True})
    context = {"form": form, "result": result, "columns": services.IMPORT_COLUMNS}
    return render_page(request, "initiatives_exchange/import.html", context)
