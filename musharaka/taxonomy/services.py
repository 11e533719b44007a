"""Every write to the glossary. Axes, SDGs and target groups are reference data (migrations, admin)."""

from typing import Literal, TypedDict

from django.db import transaction

from musharaka.core import search
from musharaka.core.permissions import require

from .indexing import GLOSSARY_KIND, glossary_texts
from .models import GlossaryTerm


class GlossaryTermData(TypedDict, total=False):
    code: str
    term_ar: str
    term_en: str
    definition_ar: str
    definition_en: str


EditableField = Literal["term_ar", "term_en", "definition_ar", "definition_en"]
EDITABLE_FIELDS: tuple[EditableField, ...] = ("term_ar", "term_en", "definition_ar", "definition_en")


def glossary_term_reindex(*, term: GlossaryTerm) -> None:
    texts = glossary_texts(
        term_ar=term.term_ar, term_en=term.term_en, definition_ar=term.definition_ar, definition_en=term.definition_en
    )
    search.index(GLOSSARY_KIND, term.pk, *texts)


@transaction.atomic
def glossary_term_create(*, actor, data: GlossaryTermData) -> GlossaryTerm:
    require(actor, "taxonomy.add_glossaryterm")
    term = GlossaryTerm(code=data["code"], **{field: data[field] for field in EDITABLE_FIELDS})
    term.full_clean()
    term._history_user = actor
    term.save()
    glossary_term_reindex(term=term)
    return term


@transaction.atomic
def glossary_term_update(*, actor, term: GlossaryTerm, data: GlossaryTermData) -> GlossaryTerm:
    """Changes the wording; the code is stable (other records and links refer to it)."""
    require(actor, "taxonomy.change_glossaryterm", term)
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(term, field, data[field])
    term.full_clean()
    term._history_user = actor
    term.save()
    glossary_term_reindex(term=term)
    return term
