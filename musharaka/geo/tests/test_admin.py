import pytest
from django.urls import reverse

from musharaka.geo.models import City, Country, Neighbourhood, Region


@pytest.mark.parametrize("model", [Country, Region, City, Neighbourhood])
def test_admin_lists_and_history_open_for_staff(client_for, platform_admin, model):
    client = client_for(platform_admin)
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    obj = model.objects.first()
    history = reverse(f"admin:{meta.app_label}_{meta.model_name}_history", args=[obj.pk])
    assert client.get(history).status_code == 200
