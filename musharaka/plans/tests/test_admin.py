import pytest
from django.urls import reverse

from musharaka.plans.models import Alignment, NeedCategory
from musharaka.results.models import Dimension


@pytest.mark.parametrize("model", [NeedCategory, Alignment, Dimension])
def test_the_lists_staff_edit_open_in_the_admin(client_for, platform_admin, model):
    client = client_for(platform_admin)
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    obj = model.objects.first()  # seeded by the migrations
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])).status_code == 200


def test_staff_add_an_alignment_objective_that_the_goal_form_then_offers(client_for, platform_admin, make_plan):
    url = reverse("admin:plans_alignment_add")
    data = {"framework": "regional", "code": "R-9", "name_ar": "تنمية الريف", "name_en": "Rural development",
            "position": 9}
    assert client_for(platform_admin).post(url, data).status_code == 302
    added = Alignment.objects.get(code="R-9")
    world = make_plan()
    page = client_for(world.admin).get(reverse("plans:goal_create", args=[world.plan.pk])).content.decode()
    assert f'value="{added.pk}"' in page and "R-9 · تنمية الريف" in page
