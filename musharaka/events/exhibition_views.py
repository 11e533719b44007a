"""Pages of the exhibition (part 7): the event's exhibition, a showcased initiative with its comments, the organisers'
tab (booths, picking initiatives from the registry, assigning them) and the comments' moderation queue."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.errors import Conflict, InvalidInput
from musharaka.core.forms import StyledFormMixin
from musharaka.geo.models import Neighbourhood
from musharaka.initiatives.models import Initiative
from musharaka.orgs.models import Organization

from . import exhibition
from .models import EXHIBIT_COMMENT_MAX_LENGTH, EXHIBIT_COMMENT_MIN_LENGTH, Booth, CommentStatus, Event, Showcase
from .views import _visible_or_404

REFUSED = (Conflict, InvalidInput)
COMMENTS_PER_PAGE = 20
MODERATION_TABS = (CommentStatus.PENDING, CommentStatus.APPROVED, CommentStatus.HIDDEN)


class CommentForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=gettext_lazy("Your comment"), max_length=EXHIBIT_COMMENT_MAX_LENGTH,
                           min_length=EXHIBIT_COMMENT_MIN_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))


class BoothForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Booth
        fields = ["name_ar", "name_en", "number", "location", "neighbourhood", "organization", "order"]

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        # The event's city's neighbourhoods (its region's without a city); the region's organisations.
        places = (Neighbourhood.objects.filter(city=event.city_id) if event.city_id
                  else Neighbourhood.objects.filter(city__region=event.region_id))
        cast(forms.ModelChoiceField, self.fields["neighbourhood"]).queryset = places.order_by("name_ar")
        cast(forms.ModelChoiceField, self.fields["organization"]).queryset = (
            Organization.objects.filter(region=event.region_id).order_by("name_ar"))


class ShowcaseAddForm(forms.Form):
    initiative = forms.IntegerField(min_value=1)
    booth = forms.IntegerField(min_value=1, required=False)


class AssignForm(forms.Form):
    booth = forms.IntegerField(min_value=1, required=False)
    order = forms.IntegerField(min_value=0, max_value=32767, required=False)
    blurb_ar = forms.CharField(max_length=500, required=False)  # absent: unchanged


class ModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in exhibition.COMMENT_ACTIONS])


def _event(request, event_id: int) -> Event:
    return _visible_or_404(request.user, event_id, lambda events: events.select_related("organization", "region"))


def _managed(request, event_id: int) -> Event:
    event = _event(request, event_id)
    exhibition.require_manager(request.user, event)  # 403 to someone who sees the event
    return event


def _showcase(request, event_id: int, showcase_id: int) -> Showcase:
    return exhibition.visible_showcase(request.user, _event(request, event_id), showcase_id)


@require_safe
def exhibition_page(request, event_id: int):
    """Booths grouped by neighbourhood or by organisation (`?by=`), each initiative a card; a constant number of
    queries whatever the number of booths and initiatives."""
    event = _event(request, event_id)
    data = exhibition.exhibition(event, grouping=request.GET.get("by", ""))
    return render(request, "events/exhibition.html", {
        "event": event, **data, "liked": exhibition.my_likes(request.user, event),
        "manager": exhibition.can_manage(request.user, event)})


@require_POST
def showcase_like(request, event_id: int, showcase_id: int):
    """The heart: likes, or takes the like back when given already (htmx swaps the button)."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={reverse('events:exhibition', args=[event_id])}")
    showcase = _showcase(request, event_id, showcase_id)
    liked = showcase.pk in exhibition.my_likes(request.user, showcase.event)
    change = exhibition.showcase_unlike if liked else exhibition.showcase_like
    showcase = change(actor=request.user, showcase=showcase)
    if request.headers.get("HX-Request"):
        return render(request, "events/_exhibit_like.html", {
            "event": showcase.event, "row": {"id": showcase.pk, "like_count": showcase.like_count},
            "liked": set() if liked else {showcase.pk}, "back": request.POST.get("back", "")})
    if request.POST.get("back") == "showcase":
        return redirect("events:showcase", event_id, showcase_id)
    return redirect("events:exhibition", event_id)


def showcase_page(request, event_id: int, showcase_id: int):
    """A showcased initiative: its card, the approved comments (paginated) and the comment form."""
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    if request.method not in ("GET", "HEAD", "POST"):
        raise Http404
    showcase = _showcase(request, event_id, showcase_id)
    event = showcase.event
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exhibition.comment_post(actor=request.user, showcase=showcase, text=form.cleaned_data["text"])
        except REFUSED as error:
            form.add_error("text" if error.field == "text" else None, str(error.message))
        else:
            messages.success(request, _("Thank you: your comment will show once the organisers approve it."))
            return redirect("events:showcase", event_id, showcase_id)
    page_obj = Paginator(exhibition.approved_comments(showcase), COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    page_obj.object_list = exhibition.with_authors(page_obj.object_list)
    return render(request, "events/showcase.html", {
        "event": event, "showcase": showcase, "row": exhibition.showcase_row(showcase), "page_obj": page_obj,
        "form": form, "mine": exhibition.my_pending_comments(request.user, showcase),
        "liked": exhibition.my_likes(request.user, event), "public": exhibition.is_public(showcase),
        "manager": exhibition.can_manage(request.user, event)})


# ---------------------------------------------------------------- the organisers' tab


@login_required
def manage_exhibition(request, event_id: int):
    event = _managed(request, event_id)
    form = BoothForm(request.POST or None, event=event)
    if request.method == "POST":
        if form.is_valid():
            try:
                exhibition.booth_create(actor=request.user, event=event, data=form.cleaned_data)
            except REFUSED as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
            else:
                messages.success(request, _("The booth was added."))
                return redirect("events:manage_exhibition", event.pk)
    elif request.method not in ("GET", "HEAD"):
        raise Http404
    q = request.GET.get("q", "").strip()
    return render(request, "events/manage_exhibition.html", {
        "event": event, "tab": "exhibition", "form": form, "booths": exhibition.booth_rows(event),
        "showcases": exhibition.showcase_rows(event, public=False), "q": q,
        "found": exhibition.pick_initiatives(request.user, q) if q else [],
        "shown": set(Showcase.objects.filter(event=event).values_list("initiative_id", flat=True)),
        "pending": exhibition.comment_status_counts(event)[CommentStatus.PENDING]})


def _back(event: Event):
    return redirect("events:manage_exhibition", event.pk)


def _booth(event: Event, booth_id) -> Booth | None:
    if not booth_id:
        return None
    booth = Booth.objects.filter(pk=booth_id, event=event).first()
    if booth is None:
        raise Http404
    return booth


@login_required
@require_POST
def booth_delete(request, event_id: int, booth_id: int):
    event = _managed(request, event_id)
    booth = _booth(event, booth_id)
    if booth is None:
        raise Http404
    booth.event = event
    exhibition.booth_delete(actor=request.user, booth=booth)
    messages.success(request, _("The booth was removed; its initiatives stay in the exhibition."))
    return _back(event)


@login_required
@require_POST
def showcase_add(request, event_id: int):
    event = _managed(request, event_id)
    form = ShowcaseAddForm(request.POST)
    if not form.is_valid():
        raise Http404
    initiative = Initiative.objects.filter(pk=form.cleaned_data["initiative"]).first()
    if initiative is None:
        raise Http404
    try:
        exhibition.showcase_add(actor=request.user, event=event, initiative=initiative,
                                booth=_booth(event, form.cleaned_data["booth"]))
    except REFUSED as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The initiative was added to the exhibition."))
    return _back(event)


@login_required
@require_POST
def showcase_assign(request, event_id: int, showcase_id: int):
    event = _managed(request, event_id)
    showcase = exhibition.visible_showcase(request.user, event, showcase_id)
    form = AssignForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        exhibition.showcase_assign(actor=request.user, showcase=showcase, booth=_booth(event, form.cleaned_data["booth"]),
                                   order=form.cleaned_data["order"],
                                   blurb_ar=form.cleaned_data["blurb_ar"] if "blurb_ar" in request.POST else None)
    except REFUSED as error:
        messages.error(request, str(error.message))
        return _back(event)
    messages.success(request, _("The initiative's booth was saved."))
    return _back(event)


@login_required
@require_POST
def showcase_remove(request, event_id: int, showcase_id: int):
    event = _managed(request, event_id)
    showcase = exhibition.visible_showcase(request.user, event, showcase_id)
    exhibition.showcase_remove(actor=request.user, showcase=showcase)
    messages.success(request, _("The initiative was taken out of the exhibition."))
    return _back(event)


@login_required
@require_safe
def moderate_comments(request, event_id: int):
    event = _managed(request, event_id)
    status = request.GET.get("status", CommentStatus.PENDING)
    status = status if status in MODERATION_TABS else CommentStatus.PENDING
    page_obj = Paginator(exhibition.moderation_rows(event, status), 50).get_page(request.GET.get("page"))
    page_obj.object_list = exhibition.with_authors(page_obj.object_list)
    return render(request, "events/exhibition_moderate.html", {
        "event": event, "tab": "exhibition", "status": status, "page_obj": page_obj,
        "tabs": [(s, CommentStatus(s).label) for s in MODERATION_TABS],
        "counts": exhibition.comment_status_counts(event)})


@login_required
@require_POST
def comment_moderate(request, event_id: int, showcase_id: int, comment_id: int):
    event = _managed(request, event_id)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        raise Http404
    comment = exhibition.event_comment(event, comment_id)
    if comment.showcase_id != showcase_id:
        raise Http404
    previous = comment.status
    try:
        exhibition.comment_moderate(actor=request.user, comment=comment, action=form.cleaned_data["action"])
    except REFUSED as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The comment was updated."))
    return redirect(f"{reverse('events:moderate_exhibit_comments', args=[event_id])}?status={previous}")
