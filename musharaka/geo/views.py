from django.shortcuts import render

from . import selectors


def regions(request):
    return render(request, "geo/regions.html", {"countries": selectors.geography_tree()})
