"""Pages: export links (same filters as the catalogue), the import page and its templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from musharaka.core.errors import DomainError, InvalidInput, NotFound
from musharaka.core.permissions import require

from ..filters import parse_filters
from . import exports, selectors, services
from .forms import ImportForm
from .models import ExportJob


def render_page(request, name: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, name, context, status=status)


def _export(request, respond):
    try:
        filters = parse_filters(request.GET)
    except InvalidInput as error:
        return HttpResponseBadRequest(str(error.message), content_type="text/plain; charset=utf-8")
    return respond(request, user=request.user, filters=filters)


@require_safe
def export_csv(request):
    return _export(request, exports.csv_response)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def export_xlsx(request):
    """A workbook is written in the background: this page starts it (POST) and leads to its page."""
    try:
        filters = parse_filters(request.GET)
    except InvalidInput as error:
        return HttpResponseBadRequest(str(error.message), content_type="text/plain; charset=utf-8")
    if request.method == "POST":
        try:
            job = services.export_job_create(
                actor=request.user, filters=filters, row_url=exports.detail_url_pattern(request)
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            return redirect("initiatives_exchange:export_job", job_id=job.pk)
    context = {"query": request.GET.urlencode(), "filtered": not filters.is_empty()}
    return render_page(request, "initiatives_exchange/export_start.html", context)


def _job(request, job_id) -> ExportJob:
    try:
        return selectors.export_job_get(user=request.user, job_id=job_id)
    except ExportJob.DoesNotExist:
        raise Http404 from None  # someone else's job looks exactly like a missing one


@login_required
@require_safe
def export_job(request, job_id):
    return render_page(request, "initiatives_exchange/export_job.html", {"job": _job(request, job_id)})


@login_required
@require_safe
def export_job_status(request, job_id):
    """The progress partial the job page polls (htmx) until the job is finished."""
    return render_page(request, "initiatives_exchange/_export_job_status.html", {"job": _job(request, job_id)})


@login_required
@require_safe
def export_job_file(request, job_id):
    return exports.job_file_response(_job(request, job_id))


@require_safe
def export_iati(request):
    try:
        return _export(request, exports.iati_response)
    except NotFound as error:  # no published initiative matches: say so rather than send an invalid document
        context = {"message": error.message, "query": request.GET.urlencode()}
        return render_page(request, "initiatives_exchange/export_empty.html", context, status=404)


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
