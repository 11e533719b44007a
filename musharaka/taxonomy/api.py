from ninja import Query, Router

from musharaka.core.pagination import Page, PageParams, WholeListParams, paginate
from musharaka.core.schemas import error_responses

from . import selectors
from .schemas import AxisOut, GlossaryFilters, GlossaryTermOut, SDGOut, TargetGroupOut

router = Router(tags=["taxonomy"])


@router.get("/axes", response={200: Page[AxisOut], **error_responses()})
def list_axes(request, paging: Query[WholeListParams]):
    """The six development axes."""
    return paginate(selectors.axis_list(), page=paging.page, page_size=paging.page_size)


@router.get("/sdgs", response={200: Page[SDGOut], **error_responses()})
def list_sdgs(request, paging: Query[WholeListParams]):
    """The 17 Sustainable Development Goals."""
    return paginate(selectors.sdg_list(), page=paging.page, page_size=paging.page_size)


@router.get("/target-groups", response={200: Page[TargetGroupOut], **error_responses()})
def list_target_groups(request, paging: Query[WholeListParams]):
    return paginate(selectors.target_group_list(), page=paging.page, page_size=paging.page_size)


@router.get("/glossary", response={200: Page[GlossaryTermOut], **error_responses()})
def list_glossary(request, paging: Query[PageParams], filters: Query[GlossaryFilters]):
    """The unified concepts; `q` searches terms and definitions (Arabic-normalised)."""
    terms = selectors.glossary_term_list(query=filters.q)
    return paginate(terms, page=paging.page, page_size=paging.page_size)


@router.get("/glossary/{code}", response={200: GlossaryTermOut, **error_responses(lookup=True)})
def get_glossary_term(request, code: str):
    return selectors.glossary_term_detail(code=code)
