"""What the results framework needs to know about the records that own results, told by each owning app in its
AppConfig.ready(): which organisations report and approve, and who may read. This keeps `results` free of imports
from the apps that use it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models


@dataclass(frozen=True)
class Owner:
    # (reporting organisation id, approving organisation id) of an owner record.
    organizations: Callable[[Any], tuple[int, int]]
    # May this person read the owner's results?
    can_view: Callable[[Any, Any], bool]
    # The page that shows the owner's results, for links from the approval queue.
    url: Callable[[Any], str]
    # Called after an indicator's kept figures changed (e.g. the plan's progress is kept from them).
    on_change: Callable[[Any], None] | None = None


_owners: dict[type[models.Model], Owner] = {}


def register(model: type[models.Model], owner: Owner) -> None:
    _owners[model] = owner


def owner_of(model: type[models.Model]) -> Owner:
    try:
        return _owners[model]
    except KeyError:
        raise LookupError(f"{model.__name__} is not registered as a results owner") from None


def model_named(name: str) -> type[models.Model] | None:
    """The registered owner model whose model name is `name` (a URL's owner_kind), or None."""
    return next((model for model in _owners if model._meta.model_name == name), None)


def content_type(model_or_obj) -> ContentType:
    return ContentType.objects.get_for_model(model_or_obj)
