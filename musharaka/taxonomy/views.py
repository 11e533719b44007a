from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from musharaka.core.history import history_rows
from musharaka.core.permissions import can, require

from . import selectors, services
from .forms import GlossarySearchForm, GlossaryTermEditForm, GlossaryTermForm

PAGE_SIZE = 50


def index(request):
    context = {
        "axes": selectors.axis_list(),
        "sdgs": selectors.sdg_list(),
        "target_groups": selectors.target_group_list(),
    }
    return render(request, "taxonomy/index.html", context)


def glossary(request):
    form = GlossarySearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page_obj = Paginator(selectors.glossary_term_list(query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "query": query,
        "page_obj": page_obj,
        "can_add": can(request.user, "taxonomy.add_glossaryterm"),
    }
    # htmx asks for the results alone while a person types; a history restore needs the whole page.
    partial = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    response = render(request, "taxonomy/_glossary_results.html" if partial else "taxonomy/glossary.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def glossary_term(request, code: str):
    term = selectors.glossary_term_detail(code=code)
    context = {
        "term": term,
        "can_change": can(request.user, "taxonomy.change_glossaryterm", term),
        "history": history_rows(term) if can(request.user, "taxonomy.view_glossaryterm_history", term) else None,
    }
    return render(request, "taxonomy/glossary_term.html", context)


@login_required
def glossary_term_create(request):
    require(request.user, "taxonomy.add_glossaryterm")
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        term = services.glossary_term_create(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("The term was added to the glossary."))
        return redirect("taxonomy:glossary_term", code=term.code)
    return render(request, "taxonomy/glossary_term_form.html", {"form": form, "creating": True})


@login_required
def glossary_term_edit(request, code: str):
    term = selectors.glossary_term_detail(code=code)
    require(request.user, "taxonomy.change_glossaryterm", term)
    form = GlossaryTermEditForm(request.POST or None, instance=term)
    if request.method == "POST" and form.is_valid():
        services.glossary_term_update(
            actor=request.user, term=term, data=cast(services.GlossaryTermData, form.cleaned_data)
        )
        messages.success(request, _("The term was saved."))
        return redirect("taxonomy:glossary_term", code=term.code)
    return render(request, "taxonomy/glossary_term_form.html", {"form": form, "term": term})
