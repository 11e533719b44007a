from django.db.models import QuerySet

from musharaka.core import search
from musharaka.core.errors import NotFound

from .indexing import GLOSSARY_KIND
from .models import SDG, Axis, GlossaryTerm, TargetGroup


def axis_list() -> QuerySet[Axis]:
    return Axis.objects.all()


def sdg_list() -> QuerySet[SDG]:
    return SDG.objects.all()


def target_group_list() -> QuerySet[TargetGroup]:
    return TargetGroup.objects.all()


def glossary_term_list(*, query: str | None = None) -> QuerySet[GlossaryTerm]:
    """Alphabetical, or best match first when searching (Arabic-normalised: ة/ه, alef forms, harakat)."""
    return search.search(GlossaryTerm.objects.all(), kind=GLOSSARY_KIND, query=query)


def glossary_term_detail(*, code: str) -> GlossaryTerm:
    try:
        return GlossaryTerm.objects.get(code=code)
    except GlossaryTerm.DoesNotExist:
        raise NotFound() from None
