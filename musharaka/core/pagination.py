"""The one paginated envelope of every API list: {"count", "page", "page_size", "results"}
(searchable lists add "count_is_lower_bound")."""

from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema

from .errors import InvalidInput

T = TypeVar("T")


class Page(Schema, Generic[T]):
    count: int
    page: int
    page_size: int
    results: list[T]


class SearchPage(Page[T], Generic[T]):
    """The envelope of a list searched with `q`, with one more field."""

    count_is_lower_bound: bool = Field(
        False,
        description="True when `q` matches more records than a search considers (core.search.CANDIDATES, "
        "the best matches): `count` then counts those, and more match.",
    )


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="1-based page number")
    page_size: int = Field(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE)


class WholeListParams(PageParams):
    """Short reference lists (regions, axes, goals …) answer in one page unless asked otherwise."""

    page_size: int = Field(settings.API_MAX_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE)


def paginate(
    queryset: QuerySet,
    *,
    page: int,
    page_size: int,
    count: int | None = None,
    transform=None,
) -> dict[str, Any]:
    """One page of `queryset`. A page past the end is an empty page, not an error.

    `count` may be given when the caller has it cheaper (a cached or facet count);
    `transform` turns the page's rows into output items (rows may be model instances or dicts).
    """
    if page < 1 or page_size < 1 or page_size > settings.API_MAX_PAGE_SIZE:
        raise InvalidInput(code="invalid_page")
    total = queryset.count() if count is None else count
    offset = (page - 1) * page_size
    rows = list(queryset[offset : offset + page_size]) if offset < total else []
    return {
        "count": total,
        "page": page,
        "page_size": page_size,
        "results": transform(rows) if transform else rows,
    }
