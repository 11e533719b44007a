from typing import cast

from django.core.cache import cache


def home_stats() -> dict:
    """Headline counts for the home page, cached for a minute: they are read on every visit."""

    def compute() -> dict:
        from musharaka.geo.models import Region
        from musharaka.orgs.models import Organization

        return {
            "organizations": Organization.objects.count(),
            "verified_organizations": Organization.objects.filter(verified=True).count(),
            "regions": Region.objects.count(),
        }

    return cast(dict, cache.get_or_set("core:home_stats", compute, 60))  # never None: compute gives the default
