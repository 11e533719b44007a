"""My notifications: the list (unread first), marking one or all as read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services

PAGE_SIZE = 20


@login_required
def notification_list(request):
    page_obj = Paginator(selectors.notification_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page_obj})


@login_required
@require_POST
def notification_read(request, notification_id: int):
    """Mark one as read; with `open`, go on to the page it is about."""
    notification = selectors.notification_list(user=request.user).filter(pk=notification_id).first()
    if notification is not None:
        services.notifications_mark_read(user=request.user, notification_ids=[notification.pk])
        target = notification.url
        if request.POST.get("open") and target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")
