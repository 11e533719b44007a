"""Draft analyses follow the approved values of the indicators their outcomes take their quantity from."""

from django.dispatch import receiver

from musharaka.results.signals import indicator_figures_changed


@receiver(indicator_figures_changed, dispatch_uid="impact.refresh_from_indicator")
def follow_indicator(sender, indicator, **kwargs) -> None:
    from .services import refresh_from_indicator

    refresh_from_indicator(indicator)
