from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


catalogue = initiative_create = most_replicated = portfolio = initiative_detail = initiative_edit = _todo
initiative_action = initiative_mark_success = initiative_replicate = _todo
