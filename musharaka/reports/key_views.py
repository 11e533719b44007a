"""The platform staff's page of Open311 API keys: the list, issuing one (the key shown once), revoking one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from musharaka.core.errors import DomainError
from musharaka.core.permissions import require
from musharaka.core.refusals import form_error, message_error

from . import keys
from .key_forms import ApiKeyForm
from .models import ApiKey

LIST_LIMIT = 500


@login_required
def api_keys(request):
    require(request.user, "reports.manage_api_keys")
    form = ApiKeyForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            _key, issued = keys.api_key_issue(actor=request.user, organization=form.cleaned_data["organization"],
                                             label=form.cleaned_data["label"])
        except DomainError as error:
            form_error(form, error)
        else:
            form = ApiKeyForm()
    rows = list(ApiKey.objects.select_related("organization", "created_by")[:LIST_LIMIT])
    response = render(request, "reports/api_keys.html", {"form": form, "rows": rows, "issued": issued})
    if issued:
        response["Cache-Control"] = "no-store"  # the key is on this page only once
    return response


@login_required
@require_POST
def api_key_revoke(request, key_id: int):
    require(request.user, "reports.manage_api_keys")
    key = get_object_or_404(ApiKey, pk=key_id)
    try:
        keys.api_key_revoke(actor=request.user, key=key)
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The key was revoked: requests sent with it are refused from now on."))
    return redirect("reports:api_keys")
