"""Pages of the awards' results (issue #13, results): the organiser's deliberation, the public results, the
winners' certificates and their verification, the applicants' feedback and the people's choice vote.

Who may not see a cycle gets a 404; who may see it but not act, a 403. Results stay a 404 to the public until the
cycle is published (the organiser previews them). A domain error becomes a message, never a 500.
"""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Max, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from musharaka.core.errors import DomainError
from musharaka.core.i18n import localized
from musharaka.core.permissions import can, require
from musharaka.core.verification import verification_page

from . import certificates, selectors, services
from .models import (
    Application,
    ApplicationStatus,
    Category,
    CycleStage,
    DeliberationNote,
    Round,
    RoundEntry,
    Vote,
    Winner,
)
from .results_forms import NoteForm, WinnersForm


def _cycle_or_404(user, cycle_id: int):
    return get_object_or_404(selectors.visible_cycles(user), pk=cycle_id)


def _cycle_url(cycle) -> str:
    return reverse("awards:cycle", args=[cycle.pk])


# ---------------------------------------------------------------- deliberation (the organiser)


def _deliberation_categories(cycle, bound: dict | None = None) -> list[dict]:
    """Each category with its final round's ranking, its notes, its winners and the winners' form (five queries
    whatever the number of categories)."""
    categories = list(cycle.categories.order_by("position", "pk"))
    finals: dict[int, Round] = {}
    for round_ in Round.objects.filter(category__cycle=cycle).order_by("category_id", "-number"):
        finals.setdefault(round_.category_id, round_)
    entries: dict[int, list[RoundEntry]] = {}
    for entry in (RoundEntry.objects.filter(round__in=list(finals.values()))
                  .select_related("application__organization", "application__initiative")
                  .order_by("rank", "pk")):
        entries.setdefault(entry.round_id, []).append(entry)
    notes: dict[int, list[DeliberationNote]] = {}
    for note in DeliberationNote.objects.filter(category__cycle=cycle).select_related("author"):
        notes.setdefault(note.category_id, []).append(note)
    winners: dict[int, list[Winner]] = {}
    for winner in Winner.objects.filter(category__cycle=cycle).select_related("application").order_by("place"):
        winners.setdefault(winner.category_id, []).append(winner)
    rows = []
    for category in categories:
        final = finals.get(category.pk)
        listed = entries.get(final.pk, []) if final else []
        ranked = [entry for entry in listed if entry.rank is not None]
        form = (bound or {}).get(category.pk) or WinnersForm(category=category, entries=ranked,
                                                              winners=winners.get(category.pk, []))
        rows.append({"category": category, "round": final, "entries": sorted(listed, key=_rank_order),
                     "ranked": ranked, "notes": notes.get(category.pk, []), "winners": winners.get(category.pk, []),
                     "form": form, "note_form": NoteForm(prefix=f"note{category.pk}")})
    return rows


def _rank_order(entry: RoundEntry):
    return (entry.rank is None, entry.rank or 0, entry.pk)


def _render_deliberation(request, cycle, *, bound: dict | None = None, status: int = 200):
    return render(request, "awards/deliberation.html", {
        "cycle": cycle, "rows": _deliberation_categories(cycle, bound), "cycle_url": _cycle_url(cycle),
        "problems": services.cycle_problems(cycle) if cycle.stage != CycleStage.PUBLISHED else [],
        "stages": CycleStage, "stage_names": dict(CycleStage.choices),
        "can_note": cycle.stage in (CycleStage.JUDGING, CycleStage.DELIBERATION),
        "can_choose": cycle.stage == CycleStage.DELIBERATION,
        "can_open_vote": cycle.people_choice and cycle.stage in (CycleStage.ELIGIBILITY, CycleStage.JUDGING,
                                                                 CycleStage.DELIBERATION),
    }, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def deliberation(request, cycle_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    cycle = _cycle_or_404(request.user, cycle_id)
    require(request.user, "awards.manage", cycle)
    if request.method != "POST":
        return _render_deliberation(request, cycle)
    action = request.POST.get("action", "")
    try:
        if action == "note":
            return _add_note(request, cycle)
        if action == "winners":
            return _confirm_winners(request, cycle)
        if action == "advance":
            cycle = services.cycle_advance(actor=request.user, cycle=cycle)
            messages.success(request, _("The cycle moved to: %(phase)s.") % {"phase": cycle.get_stage_display()})
        elif action in ("vote_open", "vote_close"):
            services.cycle_set_people_choice(actor=request.user, cycle=cycle, is_open=action == "vote_open")
            messages.success(request, _("The people's choice vote is open.") if action == "vote_open"
                             else _("The people's choice vote is closed."))
        else:
            messages.error(request, _("Unknown action."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("awards:deliberation", cycle.pk)


def _category_of(request, cycle) -> Category:
    try:
        category_id = int(request.POST.get("category", ""))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(Category.objects.select_related("cycle__programme"), pk=category_id, cycle=cycle)


def _add_note(request, cycle):
    category = _category_of(request, cycle)
    form = NoteForm(request.POST, prefix=f"note{category.pk}")
    if form.is_valid():
        services.deliberation_note_add(actor=request.user, category=category, text=form.cleaned_data["text"])
        messages.success(request, _("The note was added."))
    else:
        messages.error(request, _("Write the note first."))
    return redirect(f"{_deliberation_path(cycle)}#category-{category.pk}")


def _deliberation_path(cycle) -> str:
    from django.urls import reverse

    return reverse("awards:deliberation", args=[cycle.pk])


def _confirm_winners(request, cycle):
    category = _category_of(request, cycle)
    final = category.rounds.order_by("-number").first()
    ranked = list(final.entries.exclude(rank=None).select_related("application").order_by("rank", "pk")) \
        if final else []
    form = WinnersForm(request.POST, category=category, entries=ranked)
    if not form.is_valid():
        return _render_deliberation(request, cycle, bound={category.pk: form}, status=400)
    try:
        services.winners_confirm(actor=request.user, category=category,
                                 placements=form.placements({entry.application_id: entry.application
                                                             for entry in ranked}))
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _render_deliberation(request, cycle, bound={category.pk: form}, status=400)
    messages.success(request, _("The winners of “%(category)s” are confirmed.") % {"category": localized(category)})
    return redirect(f"{_deliberation_path(cycle)}#category-{category.pk}")


# ---------------------------------------------------------------- the results (public once published)


def _people_choice(cycle) -> dict[int, dict]:
    """category id → the most voted applications (all of them when tied), their votes and the category's total."""
    found: dict[int, dict] = {}
    totals = (Application.objects.filter(cycle=cycle, status=ApplicationStatus.ELIGIBLE)
              .values("category_id").annotate(total=Sum("vote_count"), top=Max("vote_count")))
    tops = {row["category_id"]: row for row in totals if row["top"]}
    if not tops:
        return found
    leaders = (Application.objects.filter(cycle=cycle, status=ApplicationStatus.ELIGIBLE, vote_count__gt=0)
               .select_related("organization", "initiative").order_by("pk"))
    for application in leaders:
        row = tops.get(application.category_id)
        if row and application.vote_count == row["top"]:
            entry = found.setdefault(application.category_id, {"leaders": [], "votes": row["top"],
                                                               "total": row["total"]})
            entry["leaders"].append(application)
    return found


@require_safe
def results(request, cycle_id: int):
    cycle = _cycle_or_404(request.user, cycle_id)
    if not can(request.user, "awards.view_results", cycle):
        raise Http404
    winners: dict[int, list[Winner]] = {}
    for winner in (Winner.objects.filter(category__cycle=cycle)
                   .select_related("application__organization", "application__applicant", "application__initiative")
                   .order_by("place")):
        winners.setdefault(winner.category_id, []).append(winner)
    categories = list(cycle.categories.order_by("position", "pk"))
    return render(request, "awards/results.html", {
        "cycle": cycle, "categories": categories, "winners": winners, "cycle_url": _cycle_url(cycle),
        "preview": cycle.stage != CycleStage.PUBLISHED, "place_name": certificates.place_name,
        "people_choice": _people_choice(cycle) if cycle.people_choice else None,
        "can_manage": can(request.user, "awards.manage", cycle),
    })


# ---------------------------------------------------------------- certificates


def _site(request) -> str:
    return getattr(settings, "SITE_URL", "") or request.build_absolute_uri("/")


@require_safe
def certificate(request, winner_id: int):
    """The winner's certificate as a PDF: anyone's once the results are published (they are public), the
    organiser's preview before. In Arabic or English by ?lang=, else the page's language."""
    winner = get_object_or_404(Winner.objects.select_related(
        "category__cycle__programme__organization", "application__organization", "application__applicant"),
        pk=winner_id)
    cycle = winner.category.cycle
    if cycle.stage != CycleStage.PUBLISHED and not can(request.user, "awards.manage", cycle):
        raise Http404
    language = request.GET.get("lang") or (get_language() or "ar")[:2]
    if language not in certificates.LANGUAGES:
        language = "ar"
    pdf = certificates.certificate_pdf(winner, language=language, base_url=_site(request))
    response = FileResponse(io.BytesIO(pdf), as_attachment=True, filename=certificates.pdf_filename(winner),
                            content_type="application/pdf")
    if cycle.stage != CycleStage.PUBLISHED:
        response["Cache-Control"] = "private, no-store"
    return response


def _verify_page(request, raw_code: str):
    return verification_page(
        request, raw_code, group="awards:certificate_verify", template="awards/verify.html",
        find=certificates.winner_by_code,
        describe=lambda winner: {"found": certificates.public_fields(winner),
                                 "place_name": certificates.place_name(winner.place)})


@never_cache
@require_safe
def verify_form(request):
    return _verify_page(request, request.GET.get("code", "").strip())


@never_cache
@require_safe
def verify(request, code: str):
    return _verify_page(request, code)


# ---------------------------------------------------------------- feedback (the applicant)


@require_safe
def feedback(request, application_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    application = get_object_or_404(Application.objects.select_related(
        "cycle__programme__organization", "category", "organization", "initiative"), pk=application_id)
    if not can(request.user, "awards.view_application", application) or not application.cycle.feedback_to_applicants:
        raise Http404
    require(request.user, "awards.view_feedback", application)
    return render(request, "awards/feedback.html", {
        "application": application, "cycle": application.cycle, "feedback": selectors.feedback_for(application),
    })


# ---------------------------------------------------------------- the people's choice


@require_http_methods(["GET", "HEAD", "POST"])
def vote(request, category_id: int):
    category = get_object_or_404(Category.objects.select_related("cycle__programme__organization"), pk=category_id)
    cycle = category.cycle
    if not can(request.user, "awards.view_cycle", cycle) or not cycle.people_choice:
        raise Http404
    if request.method == "POST":
        return _cast(request, category)
    mine = (Vote.objects.filter(category=category, user=request.user).select_related("application").first()
            if request.user.is_authenticated else None)
    return render(request, "awards/vote.html", {
        "category": category, "cycle": cycle, "cycle_url": _cycle_url(cycle), "mine": mine,
        "is_open": cycle.people_choice_open,
        "applications": selectors.competing_applications(category).select_related("organization", "initiative")
        .order_by("title_ar", "pk"),
        "can_manage": can(request.user, "awards.manage", cycle),
    })


def _cast(request, category):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    require(request.user, "awards.vote", category)
    try:
        application_id = int(request.POST.get("application", ""))
    except ValueError:
        raise Http404 from None
    application = get_object_or_404(selectors.competing_applications(category).select_related("category__cycle"),
                                    pk=application_id)
    try:
        services.vote_cast(actor=request.user, application=application)
    except DomainError as error:
        messages.warning(request, str(error.message))
    else:
        messages.success(request, _("Your vote for “%(title)s” is counted.") % {"title": localized(application, "title")})
    return redirect("awards:vote", category.pk)
