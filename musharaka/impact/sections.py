"""The "Social impact" section other pages show for an owner (the initiative page): its current published
analyses with their ratio, a link to its hub, and for its staff a link to prepare one. One query."""

from django.urls import reverse

from musharaka.core.permissions import can

from . import selectors


def section_for(owner, user) -> dict:
    return {
        "analyses": selectors.published_for(owner),
        "hub": reverse("impact:owner", kwargs={"owner_kind": owner._meta.model_name, "owner_id": owner.pk}),
        "can_prepare": can(user, "impact.add_analysis", owner),
    }
