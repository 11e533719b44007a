"""The page floor's two halves: capture (in prepare.py, through Django's test client) and render (in floor.py).

Capture wraps the `render` of Django's two template backends (the Django template language and Jinja2,
so it does not care which one a page uses): every outermost render during a request is recorded as
(backend alias, template name, language, context), the context being what the template really sees:
the view's dict plus the backend's context processors' output (and, for Jinja2, `request`,
`csrf_input`, `csrf_token`). The context is made picklable: querysets become lists, a paginator page
keeps its rows and counts but not the whole queryset, the request becomes a `FloorRequest` that keeps
its plain attributes, and what still does not pickle is recorded by name.

Render (`render_all`) gets each template by name from the same engine and renders it with the captured
context and no request: no middleware, no URL resolution, no view, no context processors.
"""

import pickle
import threading
from types import SimpleNamespace
from typing import Any

_state = threading.local()


class FloorRequest:
    """What a template reads from a request, without the request (no socket, no session engine)."""

    def __init__(self, request):
        for name, value in vars(request).items():
            if name.startswith("_") and name not in ("_csp_nonce",):
                continue
            if name in ("environ", "META"):
                value = {k: v for k, v in value.items() if isinstance(v, (str, int, bool))}
            elif name == "resolver_match" and value is not None:  # its view function may not pickle
                value = SimpleNamespace(**{k: getattr(value, k, None) for k in (
                    "url_name", "app_name", "app_names", "namespace", "namespaces", "view_name", "route",
                    "args", "kwargs")})
            try:
                pickle.dumps(value)
            except Exception:  # whatever does not pickle is left out
                continue
            setattr(self, name, value)
        self._full_path = request.get_full_path()
        self._host = request.get_host()

    def get_full_path(self, force_append_slash=False):
        return self._full_path

    def get_host(self):
        return self._host

    def is_secure(self):
        return False

    def build_absolute_uri(self, location=None):
        return f"http://{self._host}{location or self._full_path}"


def _plain(value: Any, missing: list, name: str) -> Any:
    from django.core.paginator import Page
    from django.db.models.query import QuerySet
    from django.forms import BaseForm
    from django.http import HttpRequest

    if isinstance(value, HttpRequest):
        return FloorRequest(value)
    if isinstance(value, QuerySet):
        return list(value)
    if isinstance(value, BaseForm):
        # A form that has rendered holds its renderer's template engine (template libraries do not
        # pickle); the renderer builds it again when it next renders.
        vars(value.renderer).pop("engine", None)
    if isinstance(value, Page):
        paginator = value.paginator
        value.object_list = list(value.object_list)
        _ = paginator.count, paginator.num_pages  # cached on the paginator before its queryset goes
        paginator.object_list = []
        return value
    try:
        pickle.dumps(value)
        return value
    except Exception as error:
        why = f"{type(error).__name__}: {error}"[:100]
    if isinstance(value, dict):
        return {k: _plain(v, missing, f"{name}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, missing, name) for v in value]
    try:  # iterables bound to the request (the messages storage, say)
        items = list(value)
        pickle.dumps(items)
        return items
    except Exception:
        missing.append(f"{name} ({why})")
        return None


def _template_name(template) -> str:
    inner = getattr(template, "template", None)
    return getattr(inner, "name", None) or getattr(getattr(inner, "origin", None), "template_name", "")


def _flat_context(template, context, request) -> dict:
    flat: dict = {}
    if request is not None:
        flat["request"] = request
        backend = template.backend
        processors = getattr(backend, "template_context_processors", None)
        if processors is None:  # the Django template language: its engine holds them
            processors = backend.engine.template_context_processors
        else:  # Jinja2: the backend adds these itself
            from django.middleware.csrf import get_token
            from django.template.backends.utils import csrf_input

            flat["csrf_input"] = csrf_input(request)
            flat["csrf_token"] = get_token(request)
        for processor in processors:
            flat.update(processor(request))
    flat.update(context or {})
    return flat


def install_capture() -> None:
    """Wraps both backends' Template.render to record the outermost renders of the current recording."""
    from django.template.backends import django as dtl

    classes = [dtl.Template]
    try:
        from django.template.backends import jinja2 as j2

        classes.append(j2.Template)
    except ImportError:
        pass
    for cls in classes:
        if getattr(cls.render, "_bench_wrapped", False):
            continue
        original = cls.render

        def render(self, context=None, request=None, _original=original):
            records = getattr(_state, "records", None)
            depth = getattr(_state, "depth", 0)
            if records is not None and depth == 0:
                from django.utils import translation

                records.append({"using": self.backend.name, "name": _template_name(self),
                                "language": translation.get_language(),
                                "context": _flat_context(self, context, request)})
            _state.depth = depth + 1
            try:
                return _original(self, context, request)
            finally:
                _state.depth = depth

        render._bench_wrapped = True
        cls.render = render


def start() -> None:
    _state.records, _state.depth = [], 0


def stop() -> tuple[list, list]:
    """The recorded renders (picklable) and the names of context values that could not be kept."""
    records, _state.records = getattr(_state, "records", None) or [], None
    missing: list = []
    for record in records:
        record["context"] = {k: _plain(v, missing, k) for k, v in record["context"].items()}
        if not record["name"]:
            missing.append("(a template without a name)")
    return records, missing


def render_all(records: list) -> str:
    """Renders every recorded template from its context, with no request; the page is the last one."""
    from django.template import Context
    from django.template.backends import django as dtl
    from django.template.loader import get_template
    from django.utils import translation

    out = ""
    for record in records:
        template = get_template(record["name"], using=record["using"])
        with translation.override(record["language"]):
            if isinstance(template, dtl.Template):
                # A plain Context (no context processors: their output is in the record), with the
                # request stand-in where tags read `context.request` as on a RequestContext.
                context = Context(dict(record["context"]), autoescape=template.backend.engine.autoescape)
                context.request = record["context"].get("request")
                out = template.template.render(context)
            else:
                out = template.render(dict(record["context"]))
    return out
