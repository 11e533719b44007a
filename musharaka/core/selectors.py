from typing import cast

from django.core.cache import cache


def home_stats() -> dict:
    """Headline counts for the home page, cached for a minute: they are read on every visit."""

    def compute() -> dict:
        from musharaka.geo.models import Region
        from musharaka.initiatives.models import PUBLISHED_STATUSES, Initiative
        from musharaka.orgs.models import Organization

        return {
            "initiatives": Initiative.objects.filter(status__in=PUBLISHED_STATUSES).count(),
            "success_stories": Initiative.objects.filter(is_success_story=True).count(),
            "organizations": Organization.objects.count(),
            "verified_organizations": Organization.objects.filter(verified=True).count(),
            "regions": Region.objects.count(),
        }

    return cast(dict, cache.get_or_set("core:home_stats", compute, 60))  # never None: compute gives the default
