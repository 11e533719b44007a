"""The hot pages read in a fixed number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from musharaka.volunteering import services

from .conftest import opportunity_data, shift_times

pytestmark = pytest.mark.django_db


def _more(world, region, count: int):
    for index in range(count):
        opportunity = services.opportunity_create(actor=world.editor, organization=world.organization,
                                                  data=opportunity_data(region, title_ar=f"فرصة تطوع رقم {index}"))
        starts, ends = shift_times(2 + index)
        services.shift_save(actor=world.editor, opportunity=opportunity,
                            data={"starts_at": starts, "ends_at": ends, "capacity": 4})
        services.opportunity_publish(actor=world.editor, opportunity=opportunity)


def _queries(client, url, data=None) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, data).status_code == 200
    return len(context.captured_queries)


def test_list_reads_a_fixed_number_of_queries(volunteering_world, region, client, django_assert_max_num_queries):
    url = reverse("volunteering:list")
    few = _queries(client, url)
    _more(volunteering_world, region, 8)
    assert _queries(client, url) == few
    with django_assert_max_num_queries(12):
        client.get(url, {"q": "تطوع", "region": region.pk, "open_seats": "on"})


def test_opportunity_page_reads_a_fixed_number_of_queries(volunteering_world, client_for, make_user,
                                                         django_assert_max_num_queries):
    world = volunteering_world
    client = client_for(world.volunteer)
    url = reverse("volunteering:opportunity", args=[world.opportunity.pk])
    services.application_decide(actor=world.editor, decision="accept",
                                application=services.application_create(actor=world.volunteer, shift=world.morning))
    few = _queries(client, url)
    for index in range(4):
        starts, ends = shift_times(6 + index)
        services.shift_save(actor=world.editor, opportunity=world.opportunity,
                            data={"starts_at": starts, "ends_at": ends, "capacity": 5})
        services.question_save(actor=world.editor, opportunity=world.opportunity,
                               data={"text_ar": f"سؤال رقم {index}"})
    services.application_create(actor=world.volunteer, shift=world.evening)
    assert _queries(client, url) == few
    with django_assert_max_num_queries(20):
        client.get(url)


def test_applications_and_hours_queue_read_a_fixed_number_of_queries(volunteering_world, client_for, make_user):
    world = volunteering_world
    client = client_for(world.editor)
    applications = reverse("volunteering:applications", args=[world.opportunity.pk])
    queue = reverse("volunteering:hours_queue", args=[world.organization.pk])
    services.shift_save(actor=world.editor, opportunity=world.opportunity, shift=world.morning, data={"capacity": 10})

    def add(count):
        for _index in range(count):
            person = make_user()
            application = services.application_create(actor=person, shift=world.morning)
            services.application_decide(actor=world.editor, application=application, decision="accept")
            services.hours_log(actor=person, opportunity=world.opportunity,
                               data={"date": world.opportunity.starts_on, "hours": 2, "shift_id": world.morning.pk})

    add(1)
    few = (_queries(client, applications), _queries(client, queue))
    add(5)
    assert (_queries(client, applications), _queries(client, queue)) == few
