"""How pages show what a service refused (a DomainError): on the form, under the field it names, or as a message.

A refusal of permission is no form error: it goes on, to the 403 page.
"""

from django.contrib import messages

from .errors import DomainError, NotPermitted


def form_error(form, error: DomainError) -> None:
    if isinstance(error, NotPermitted):
        raise error
    field = error.field.split(".")[0] if error.field else None  # "breakdown.sex" → the form's "breakdown"
    form.add_error(field if field in form.fields else None, str(error.message))


def message_error(request, error: DomainError) -> None:
    if isinstance(error, NotPermitted):
        raise error
    messages.error(request, str(error.message))
