"""Domain errors raised by services; pages and the API turn them into translated answers."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    code = "invalid"
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, *, code: str | None = None, field: str | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.field = field
        super().__init__(str(self.message))


class NotPermitted(DomainError, PermissionDenied):
    """Pages answer it with the 403 page, the API with 403 JSON."""

    status = 403
    code = "permission_denied"
    default_message = _("You do not have permission to do this.")


class NotFound(DomainError, Http404):
    status = 404
    code = "not_found"
    default_message = _("Not found.")


class Conflict(DomainError):
    status = 409
    code = "conflict"
    default_message = _("Someone else changed this record first. Reload it and try again.")


class InvalidInput(DomainError):
    status = 422
    code = "invalid"
