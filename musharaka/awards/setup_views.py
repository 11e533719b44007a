"""The awards' setup and application pages: programmes, cycles with their public timeline, categories, criteria
and questions, the phase advance, the jury's invitations, the eligibility check, and the applicant's side (apply,
the application, its evidence, withdrawing, "my applications").

Thin views: reads through the selectors, writes through the services, `can`/`require` for the rest. Who may not see
a record gets a 404 (a cycle being prepared is not there for them), who may see it but not act a 403; a domain
error comes back on the form or as a message, never a 500.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.errors import DomainError, NotPermitted
from musharaka.core.files import is_named_in_url, protected_file_response, protected_file_url
from musharaka.core.permissions import can, is_platform_admin, require
from musharaka.core.refusals import form_error, message_error
from musharaka.orgs.models import Organization

from . import selectors, services
from .models import (
    Application,
    ApplicationEvidence,
    ApplicationStatus,
    Category,
    CategoryKind,
    Criterion,
    Cycle,
    CycleStage,
    Judge,
    JudgeStatus,
    Programme,
    Question,
)
from .setup_forms import (
    MYSELF,
    ApplicationForm,
    CategoryForm,
    CriterionForm,
    CycleForm,
    EligibilityForm,
    EvidenceForm,
    InviteForm,
    ProgrammeForm,
    QuestionForm,
)

PAGE_SIZE = 20


def _names() -> dict:
    return {"stage_names": dict(CycleStage.choices), "status_names": dict(ApplicationStatus.choices),
            "judge_status_names": dict(JudgeStatus.choices), "kind_names": dict(CategoryKind.choices)}


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))




# ---------------------------------------------------------------- finding records


def _programme(user, programme_id: int) -> Programme:
    return get_object_or_404(selectors.visible_programmes(user).select_related("organization", "region"),
                             pk=programme_id)


def _cycle(user, cycle_id: int) -> Cycle:
    return get_object_or_404(selectors.visible_cycles(user), pk=cycle_id)


def _managed_cycle(user, cycle_id: int) -> Cycle:
    cycle = _cycle(user, cycle_id)
    require(user, "awards.manage", cycle)
    return cycle


def _category(user, category_id: int) -> Category:
    category = get_object_or_404(Category.objects.select_related("cycle"), pk=category_id)
    category.cycle = _cycle(user, category.cycle_id)
    return category


def _managed_category(user, category_id: int) -> Category:
    category = _category(user, category_id)
    require(user, "awards.manage", category.cycle)
    return category


def _application(user, application_id: int) -> Application:
    """An application this person may see (its applicant, the organiser, an assigned judge); 404 otherwise."""
    application = get_object_or_404(
        Application.objects.select_related("category", "cycle__programme__organization", "organization", "applicant",
                                           "initiative"), pk=application_id)
    application.category.cycle = application.cycle
    if not can(user, "awards.view_application", application):
        raise Http404
    return application


def _staff_organizations(user):
    if is_platform_admin(user):
        return Organization.objects.order_by("name_ar", "pk")
    return Organization.objects.filter(pk__in=selectors.staff_organization_ids(user)).order_by("name_ar", "pk")


# ---------------------------------------------------------------- programmes


@require_safe
def programme_list(request):
    programmes = (selectors.visible_programmes(request.user).order_by("name_ar", "pk")
                  .values("pk", "name_ar", "name_en", "description_ar", "description_en", "organization__name_ar",
                          "organization__name_en", "region__name_ar", "region__name_en"))
    return render(request, "awards/programmes.html", {
        "page_obj": _page(request, programmes), "can_add": can(request.user, "awards.add_programme"),
        "my_applications": request.user.is_authenticated})


@require_safe
def programme_detail(request, programme_id: int):
    programme = _programme(request.user, programme_id)
    cycles = (selectors.visible_cycles(request.user).filter(programme=programme)
              .values("pk", "year", "title_ar", "title_en", "stage", "nominations_open_at", "nominations_close_at",
                      "application_count"))
    return render(request, "awards/programme.html", {
        "programme": programme, "page_obj": _page(request, cycles), **_names(),
        "can_manage": can(request.user, "awards.manage", programme)})


@login_required
def programme_create(request):
    require(request.user, "awards.add_programme")
    requested = request.POST.get("organization", "")
    if requested.isdigit() and len(requested) < 10:
        chosen = Organization.objects.filter(pk=int(requested)).first()
        if chosen is not None:  # as the API: organising for someone else's organisation is refused, not re-asked
            require(request.user, "awards.organise_for", chosen)
    organizations = _staff_organizations(request.user)
    form = ProgrammeForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=request.user, organization=form.cleaned_data["organization"],
                                                  data=form.service_data())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The programme was created. Add its first cycle."))
            return redirect("awards:programme", programme.pk)
    return render(request, "awards/programme_form.html", {"form": form, "programme": None})


@login_required
def programme_edit(request, programme_id: int):
    programme = _programme(request.user, programme_id)
    require(request.user, "awards.manage", programme)
    initial = {name: getattr(programme, name) for name in services.PROGRAMME_FIELDS}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(actor=request.user, programme=programme, data=form.service_data())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect("awards:programme", programme.pk)
    return render(request, "awards/programme_form.html", {"form": form, "programme": programme})


# ---------------------------------------------------------------- cycles


def cycle_timeline(cycle: Cycle) -> list[dict]:
    """The phases in order with their planned dates; the current one marked, those before it done."""
    current = CycleStage(cycle.stage)
    order = list(CycleStage)
    phases = [
        (CycleStage.NOMINATIONS, cycle.nominations_open_at, cycle.nominations_close_at),
        (CycleStage.ELIGIBILITY, None, cycle.eligibility_until),
        (CycleStage.JUDGING, None, cycle.judging_until),
        (CycleStage.DELIBERATION, None, cycle.deliberation_until),
        (CycleStage.PUBLISHED, cycle.results_published_at, cycle.results_on),
    ]
    return [{"stage": stage.value, "label": stage.label, "starts": starts, "ends": ends,
             "current": stage == current, "done": order.index(stage) < order.index(current)}
            for stage, starts, ends in phases]


@require_safe
def cycle_detail(request, cycle_id: int):
    user = request.user
    cycle = _cycle(user, cycle_id)
    categories = list(cycle.categories.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk")),
        Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))).order_by("position", "pk"))
    can_manage = can(user, "awards.manage", cycle)
    is_open = services.nominations_open(cycle)
    context = {
        "cycle": cycle, "programme": cycle.programme, "categories": categories, **_names(),
        "timeline": cycle_timeline(cycle), "nominations_open": is_open, "zone": timezone.get_current_timezone_name(),
        "can_manage": can_manage,
        "problems": services.cycle_problems(cycle) if can_manage and cycle.stage != CycleStage.PUBLISHED else [],
        "next_stage": _next_stage(cycle),
        "links": {name: reverse(f"awards:{name}", args=[cycle.pk])
                  for name in ("panels", "progress", "deliberation", "results")},
        "results_published": cycle.stage == CycleStage.PUBLISHED,
        "vote_open": cycle.people_choice and cycle.people_choice_open,
    }
    return render(request, "awards/cycle.html", context)


def _next_stage(cycle: Cycle) -> str:
    order = list(CycleStage)
    index = order.index(CycleStage(cycle.stage))
    return str(order[index + 1].label) if index + 1 < len(order) else ""


@login_required
def cycle_create(request, programme_id: int):
    programme = _programme(request.user, programme_id)
    require(request.user, "awards.manage", programme)
    now = timezone.localtime().replace(microsecond=0)
    form = CycleForm(request.POST or None, initial={"year": now.year, "feedback_to_applicants": True})
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(actor=request.user, programme=programme, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The cycle was created. Add its categories, criteria and questions."))
            return redirect("awards:cycle_setup", cycle.pk)
    return render(request, "awards/cycle_form.html", {"form": form, "programme": programme, "cycle": None,
                                                       "zone": timezone.get_current_timezone_name()})


@login_required
def cycle_edit(request, cycle_id: int):
    cycle = _managed_cycle(request.user, cycle_id)
    form = CycleForm(request.POST or None, initial=CycleForm.initial_for(cycle))
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_update(actor=request.user, cycle=cycle, data=form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The cycle was saved."))
            return redirect("awards:cycle", cycle.pk)
    return render(request, "awards/cycle_form.html", {"form": form, "programme": cycle.programme, "cycle": cycle,
                                                       "zone": timezone.get_current_timezone_name()})


@login_required
@require_POST
def cycle_advance(request, cycle_id: int):
    cycle = _managed_cycle(request.user, cycle_id)
    try:
        cycle = services.cycle_advance(actor=request.user, cycle=cycle)
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The cycle moved to its next phase: %(phase)s.")
                         % {"phase": cycle.get_stage_display()})
    return redirect("awards:cycle", cycle.pk)


# ---------------------------------------------------------------- categories, criteria, questions


def _setup_categories(cycle: Cycle) -> list[Category]:
    categories = list(cycle.categories.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk")),
        Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))).order_by("position", "pk"))
    for category in categories:
        category.weight_total = sum(  # type: ignore[attr-defined]  # shown beside the category
            criterion.weight for criterion in category.criteria.all())
    return categories


@login_required
def cycle_setup(request, cycle_id: int):
    """The cycle's categories with their criteria (the running weight total of each) and questions; a new
    category is added here."""
    cycle = _managed_cycle(request.user, cycle_id)
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            category = services.category_create(actor=request.user, cycle=cycle, data=form.service_data())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The category was added. Give it criteria weighing 100 together."))
            return redirect(reverse("awards:cycle_setup", args=[cycle.pk]) + f"#category-{category.pk}")
    return render(request, "awards/cycle_setup.html", {
        "cycle": cycle, "categories": _setup_categories(cycle), "form": form, "editable": cycle.stage == "draft",
        "problems": services.cycle_problems(cycle) if cycle.stage == CycleStage.DRAFT else [], **_names()})


def _setup_form_page(request, *, cycle: Cycle, form, save, template_context: dict, done: str, anchor: str = ""):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.service_data())
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, done)
            return redirect(reverse("awards:cycle_setup", args=[cycle.pk]) + anchor)
    return render(request, "awards/setup_form.html", {"cycle": cycle, "form": form, **template_context})


@login_required
def category_edit(request, category_id: int):
    category = _managed_category(request.user, category_id)
    form = CategoryForm(request.POST or None, initial=CategoryForm.initial_for(category))
    return _setup_form_page(
        request, cycle=category.cycle, form=form, done=_("The category was saved."), anchor=f"#category-{category.pk}",
        save=lambda data: services.category_update(actor=request.user, category=category, data=data),
        template_context={"heading": _("Edit the category"), "category": category})


@login_required
def criterion_add(request, category_id: int):
    category = _managed_category(request.user, category_id)
    form = CriterionForm(request.POST or None, initial={"position": category.criteria.count()})
    return _setup_form_page(
        request, cycle=category.cycle, form=form, done=_("The criterion was added."), anchor=f"#category-{category.pk}",
        save=lambda data: services.criterion_create(actor=request.user, category=category, data=data),
        template_context={"heading": _("Add a criterion"), "category": category, "levels": True})


@login_required
def criterion_edit(request, criterion_id: int):
    criterion = get_object_or_404(Criterion, pk=criterion_id)
    category = _managed_category(request.user, criterion.category_id)
    criterion.category = category
    form = CriterionForm(request.POST or None, initial=CriterionForm.initial_for(criterion))
    return _setup_form_page(
        request, cycle=category.cycle, form=form, done=_("The criterion was saved."), anchor=f"#category-{category.pk}",
        save=lambda data: services.criterion_update(actor=request.user, criterion=criterion, data=data),
        template_context={"heading": _("Edit the criterion"), "category": category, "levels": True})


@login_required
def question_add(request, category_id: int):
    category = _managed_category(request.user, category_id)
    form = QuestionForm(request.POST or None, initial={"position": category.questions.count()})
    return _setup_form_page(
        request, cycle=category.cycle, form=form, done=_("The question was added."), anchor=f"#category-{category.pk}",
        save=lambda data: services.question_create(actor=request.user, category=category, data=data),
        template_context={"heading": _("Add a question"), "category": category})


@login_required
def question_edit(request, question_id: int):
    question = get_object_or_404(Question, pk=question_id)
    category = _managed_category(request.user, question.category_id)
    question.category = category
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    return _setup_form_page(
        request, cycle=category.cycle, form=form, done=_("The question was saved."), anchor=f"#category-{category.pk}",
        save=lambda data: services.question_update(actor=request.user, question=question, data=data),
        template_context={"heading": _("Edit the question"), "category": category})


@login_required
@require_POST
def setup_delete(request, cycle_id: int):
    """Delete a category, criterion or question of the cycle (`kind` and `id` in the form)."""
    cycle = _managed_cycle(request.user, cycle_id)
    kind, pk = request.POST.get("kind", ""), request.POST.get("id", "")
    if not (pk.isdigit() and len(pk) < 12):
        raise Http404
    try:
        if kind == "category":
            category = get_object_or_404(Category, pk=int(pk), cycle=cycle)
            category.cycle = cycle
            services.category_delete(actor=request.user, category=category)
        elif kind == "criterion":
            criterion = get_object_or_404(Criterion.objects.select_related("category"), pk=int(pk),
                                          category__cycle=cycle)
            criterion.category.cycle = cycle
            services.criterion_delete(actor=request.user, criterion=criterion)
        elif kind == "question":
            question = get_object_or_404(Question.objects.select_related("category"), pk=int(pk),
                                         category__cycle=cycle)
            question.category.cycle = cycle
            services.question_delete(actor=request.user, question=question)
        else:
            raise Http404
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("Deleted."))
    return redirect("awards:cycle_setup", cycle.pk)


# ---------------------------------------------------------------- the jury


def _find_person(text: str):
    text = text.strip()
    users = get_user_model().objects.filter(is_active=True)
    person = users.filter(username=text).first()
    if person is None and "@" in text:
        person = users.filter(email__iexact=text).order_by("pk").first()
    return person


@login_required
def judges(request, cycle_id: int):
    """The cycle's jury: invite by username or e-mail, each judge's answer, release a judge."""
    cycle = _managed_cycle(request.user, cycle_id)
    form = InviteForm(request.POST if request.POST.get("action") == "invite" else None)
    if request.method == "POST" and request.POST.get("action") == "remove":
        judge_id = request.POST.get("judge", "")
        if not (judge_id.isdigit() and len(judge_id) < 12):
            raise Http404
        judge = get_object_or_404(Judge, pk=int(judge_id), cycle=cycle)
        judge.cycle = cycle
        try:
            services.judge_remove(actor=request.user, judge=judge)
        except DomainError as error:
            message_error(request, error)
        else:
            messages.success(request, _("The judge was released."))
        return redirect("awards:judges", cycle.pk)
    if request.method == "POST" and form.is_valid():
        person = _find_person(form.cleaned_data["person"])
        if person is None:
            form.add_error("person", _("Nobody on the platform has this username or e-mail address."))
        else:
            try:
                services.judge_invite(actor=request.user, cycle=cycle, user=person,
                                      expertise=form.cleaned_data["expertise"])
            except DomainError as error:
                form_error(form, error)
            else:
                messages.success(request, _("The invitation was sent."))
                return redirect("awards:judges", cycle.pk)
    rows = (cycle.judges.order_by("pk")
            .values("pk", "status", "expertise", "responded_at", "created_at", "user__username", "user__first_name",
                    "user__last_name"))
    return render(request, "awards/judges.html", {"cycle": cycle, "form": form, "page_obj": _page(request, rows),
                                                   **_names()})


@login_required
def invitations(request):
    """The signed-in person's invitations to juries: accept or decline."""
    if request.method == "POST":
        judge_id = request.POST.get("judge", "")
        if not (judge_id.isdigit() and len(judge_id) < 12):
            raise Http404
        judge = get_object_or_404(Judge.objects.select_related("cycle__programme"), pk=int(judge_id),
                                  user=request.user)
        accept = request.POST.get("response") == "accept"
        try:
            services.judge_respond(actor=request.user, judge=judge, accept=accept)
        except DomainError as error:
            message_error(request, error)
        else:
            messages.success(request, _("Thank you: you accepted the invitation.") if accept
                             else _("You declined the invitation."))
        return redirect("awards:invitations")
    rows = (Judge.objects.filter(user=request.user).order_by("-created_at", "-pk")
            .values("pk", "status", "expertise", "created_at", "cycle_id", "cycle__year", "cycle__title_ar",
                    "cycle__title_en", "cycle__stage", "cycle__programme__name_ar", "cycle__programme__name_en",
                    "cycle__programme__organization__name_ar", "cycle__programme__organization__name_en"))
    return render(request, "awards/invitations.html", {"page_obj": _page(request, rows), **_names(),
                                                        "queue_url": reverse("awards:judge_queue")})


# ---------------------------------------------------------------- the eligibility check


@login_required
def eligibility(request, cycle_id: int):
    """The cycle's submitted applications: eligible, or not eligible with the reason the applicant will read."""
    cycle = _managed_cycle(request.user, cycle_id)
    errors: dict[int, str] = {}
    posted: dict[int, str] = {}
    if request.method == "POST":
        form = EligibilityForm(request.POST)
        if not form.is_valid():
            raise Http404
        application = get_object_or_404(Application.objects.select_related("cycle"),
                                         pk=form.cleaned_data["application"], cycle=cycle)
        application.cycle = cycle
        try:
            services.application_check_eligibility(
                actor=request.user, application=application, eligible=form.cleaned_data["decision"] == "eligible",
                reason=form.cleaned_data["reason"])
        except DomainError as error:
            if isinstance(error, NotPermitted):
                raise
            errors[application.pk] = str(error.message)
            posted[application.pk] = form.cleaned_data["reason"]
        else:
            messages.success(request, _("The decision on “%(title)s” was recorded.") % {"title": application.title_ar})
            return redirect(reverse("awards:eligibility", args=[cycle.pk]) + (
                "?" + request.GET.urlencode() if request.GET else ""))
    status = request.GET.get("status", "")
    rows = selectors.eligibility_rows(cycle, status=status)
    return render(request, "awards/eligibility.html", {
        "cycle": cycle, "page_obj": _page(request, rows), "status": status, "errors": errors, "posted": posted,
        "can_decide": cycle.stage in (CycleStage.NOMINATIONS, CycleStage.ELIGIBILITY), **_names(),
        "filters": [("", _("All")), (ApplicationStatus.SUBMITTED, _("Waiting")),
                    (ApplicationStatus.ELIGIBLE, ApplicationStatus.ELIGIBLE.label),
                    (ApplicationStatus.INELIGIBLE, ApplicationStatus.INELIGIBLE.label)]})


# ---------------------------------------------------------------- applying


def _save_application(request, form, application: Application | None, *, category: Category,
                      organization=None, initiative=None) -> Application:
    """Create or update the draft, add the evidence file, and submit when asked: all or nothing."""
    with transaction.atomic():
        if application is None:
            application = services.application_create(
                actor=request.user, category=category, organization=organization, initiative=initiative,
                data=form.service_data(), answers=form.answers())
        else:
            application = services.application_update(actor=request.user, application=application,
                                                      data=form.service_data(), answers=form.answers())
        upload = form.cleaned_data.get("evidence_file")
        if upload:
            try:
                services.evidence_add(actor=request.user, application=application,
                                      title=form.cleaned_data["evidence_title"], upload=upload)
            except DomainError as error:
                if error.field == "file":
                    error.field = "evidence_file"
                raise
        if request.POST.get("action") == "submit":
            application = services.application_submit(actor=request.user, application=application)
    return application


def _after_save(request, application: Application):
    if application.status == ApplicationStatus.SUBMITTED:
        messages.success(request, _("Your application was submitted. You will find its status here."))
        return redirect("awards:application", application.pk)
    messages.success(request, _("Your draft was saved. Submit it before the deadline."))
    return redirect("awards:application_edit", application.pk)


@login_required
def apply(request, category_id: int):
    category = _category(request.user, category_id)
    cycle = category.cycle
    questions = list(category.questions.order_by("position", "pk"))
    organizations = list(selectors.applying_organizations(request.user, category))
    initiatives = []
    if category.needs_initiative:
        rows = selectors.applicable_initiatives(request.user, category, [org.pk for org in organizations])
        initiatives = [{"pk": row["pk"], "label": f"{row['title_ar']} — {row['lead_organization__name_ar']}",
                        "row": row} for row in rows]
    may_apply = bool(organizations) or category.allows_residents
    if request.method == "POST" and not may_apply:
        raise NotPermitted(_("Only the organisation's admins and editors apply on its behalf."))
    initial: dict = {}
    chosen = request.GET.get("initiative", "")
    for item in initiatives:  # title and summary prefilled from the chosen initiative
        if chosen == str(item["pk"]):
            row = item["row"]
            initial.update(initiative=row["pk"], title_ar=row["title_ar"], title_en=row["title_en"],
                           summary_ar=row["summary_ar"], summary_en=row["summary_en"])
    form = ApplicationForm(request.POST or None, request.FILES or None, category=category, questions=questions,
                           organizations=organizations, initiatives=initiatives, initial=initial)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["organization"]
        organization = None if choice == MYSELF else next(org for org in organizations if str(org.pk) == choice)
        initiative = None
        if form.cleaned_data.get("initiative"):
            from musharaka.initiatives.models import Initiative

            initiative = Initiative.objects.get(pk=form.cleaned_data["initiative"])
        try:
            application = _save_application(request, form, None, category=category, organization=organization,
                                            initiative=initiative)
        except DomainError as error:
            form_error(form, error)
        else:
            return _after_save(request, application)
    return render(request, "awards/apply.html", {
        "form": form, "category": category, "cycle": cycle, "application": None, "may_apply": may_apply,
        "nominations_open": services.nominations_open(cycle), "zone": timezone.get_current_timezone_name(),
        "evidence": []})


def _evidence_rows(application: Application) -> list[dict]:
    return [{"pk": item.pk, "title": item.title, "size": item.size, "content_type": item.content_type,
             "url": protected_file_url("awards:evidence", item.file, application_id=application.pk,
                                       evidence_id=item.pk)}
            for item in application.evidence.all()]


@login_required
def application_edit(request, application_id: int):
    application = _application(request.user, application_id)
    require(request.user, "awards.edit_application", application)
    category = application.category
    questions = list(category.questions.order_by("position", "pk"))
    initial = {name: getattr(application, name) for name in ("title_ar", "title_en", "summary_ar", "summary_en")}
    initial.update({f"answer_{key}": value for key, value in (application.answers or {}).items()})
    form = ApplicationForm(request.POST or None, request.FILES or None, category=category, questions=questions,
                           initial=initial)
    form.fields["title_ar"].required = True
    if request.method == "POST" and form.is_valid():
        try:
            application = _save_application(request, form, application, category=category)
        except DomainError as error:
            form_error(form, error)
        else:
            return _after_save(request, application)
    return render(request, "awards/apply.html", {
        "form": form, "category": category, "cycle": application.cycle, "application": application, "may_apply": True,
        "nominations_open": services.nominations_open(application.cycle),
        "zone": timezone.get_current_timezone_name(), "evidence": _evidence_rows(application)})


@require_safe
def application_detail(request, application_id: int):
    user = request.user
    application = _application(user, application_id)
    cycle = application.cycle
    questions = list(application.category.questions.order_by("position", "pk"))
    answers = [(question, (application.answers or {}).get(str(question.pk), "")) for question in questions]
    manages = can(user, "awards.manage", application)
    applies = can(user, "awards.withdraw_application", application)
    return render(request, "awards/application.html", {
        "application": application, "cycle": cycle, "category": application.category, "answers": answers,
        "evidence": _evidence_rows(application), **_names(),
        "show_identity": manages or applies or not cycle.blind_judging,
        "can_edit": can(user, "awards.edit_application", application) and services.nominations_open(cycle),
        "can_delete": can(user, "awards.edit_application", application),
        "can_withdraw": applies and application.status != ApplicationStatus.WITHDRAWN
        and not cycle.is_at_or_after(CycleStage.DELIBERATION),
        "manages": manages, "feedback_url": reverse("awards:feedback", args=[application.pk])
        if can(user, "awards.view_feedback", application) and cycle.feedback_to_applicants else ""})


@login_required
@require_POST
def application_withdraw(request, application_id: int):
    application = _application(request.user, application_id)
    require(request.user, "awards.withdraw_application", application)
    try:
        services.application_withdraw(actor=request.user, application=application,
                                      reason=request.POST.get("reason", "")[:1000])
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The application was withdrawn."))
    return redirect("awards:application", application.pk)


@login_required
@require_POST
def application_delete(request, application_id: int):
    application = _application(request.user, application_id)
    require(request.user, "awards.edit_application", application)
    try:
        services.application_delete(actor=request.user, application=application)
    except DomainError as error:
        message_error(request, error)
        return redirect("awards:application", application.pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("awards:my_applications")


@login_required
def evidence_add(request, application_id: int):
    """Add one evidence file to a draft (the application form adds one per save too)."""
    application = _application(request.user, application_id)
    require(request.user, "awards.edit_application", application)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data.get("evidence_file"):
            form.add_error("evidence_file", _("Choose a file."))
        else:
            try:
                services.evidence_add(actor=request.user, application=application,
                                      title=form.cleaned_data["evidence_title"], upload=form.cleaned_data["evidence_file"])
            except DomainError as error:
                if error.field == "file":
                    error.field = "evidence_file"
                form_error(form, error)
            else:
                messages.success(request, _("The file was added."))
                return redirect("awards:application_edit", application.pk)
    return render(request, "awards/evidence_form.html", {"form": form, "application": application})


@login_required
@require_POST
def evidence_delete(request, application_id: int, evidence_id: int):
    application = _application(request.user, application_id)
    require(request.user, "awards.edit_application", application)
    evidence = get_object_or_404(ApplicationEvidence, pk=evidence_id, application=application)
    evidence.application = application
    try:
        services.evidence_delete(actor=request.user, evidence=evidence)
    except DomainError as error:
        message_error(request, error)
    else:
        messages.success(request, _("The file was deleted."))
    return redirect("awards:application_edit", application.pk)


@require_safe
def evidence_file(request, application_id: int, evidence_id: int, filename: str):
    """An evidence file: to whoever may see the application (never public)."""
    evidence = ApplicationEvidence.objects.filter(pk=evidence_id, application_id=application_id).first()
    if evidence is None or not is_named_in_url(evidence.file, filename):
        raise Http404
    _application(request.user, application_id)
    return protected_file_response(evidence.file, published=False)


@login_required
@require_safe
def my_applications(request):
    rows = selectors.own_application_rows(request.user)
    return render(request, "awards/my_applications.html", {"page_obj": _page(request, rows), **_names()})

