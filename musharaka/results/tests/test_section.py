from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext

from musharaka.results import selectors


def _render(section, user=None):
    template = engines["jinja2"].from_string(
        '{% from "results/_section.html" import results_section %}{{ results_section(section) }}')
    return template.render({"section": section})


def test_section_for_shows_results_indicators_and_periods(results_world):
    world = results_world()
    indicator = world.indicator()
    world.report(indicator.periods.get(), value="40")
    section = selectors.section_for(world.initiative, world.admin)
    assert section.can_manage and section.insider
    [row] = section.results
    [item] = row.indicators
    assert item.indicator.actual_value == 40 and item.percent == 40 and item.target == 100
    html = _render(section)
    assert "تحسين مهارات الشباب في الحي" in html and 'aria-valuenow="40"' in html
    assert f"/results/initiative/{world.initiative.pk}/new/" in html


def test_section_for_hides_actions_and_pending_from_the_public(results_world, make_user):
    world = results_world()
    indicator = world.indicator()
    world.report(indicator.periods.get(), value="5", approve=False)
    section = selectors.section_for(world.initiative, make_user())
    assert not section.can_manage and not section.insider
    html = _render(section)
    assert "add-result" not in html and 'data-testid="pending"' not in html
    assert selectors.section_for(world.initiative, world.editor).results[0].indicators[0].pending == 1


def test_sections_for_runs_a_fixed_number_of_queries(results_world, make_initiative):
    world = results_world()
    for _ in range(3):
        world.indicator()
    others = [make_initiative(world.organization, status="approved", editor=world.editor) for _ in range(4)]
    owners = [world.initiative, *others]
    selectors.sections_for(type(world.initiative), owners, world.admin)  # the reader's roles are cached
    with CaptureQueriesContext(connection) as few:
        sections = selectors.sections_for(type(world.initiative), owners, world.admin)
        _render(sections[world.initiative.pk])
    assert len(few.captured_queries) == 4  # results, indicators, their dimensions, their periods
    assert set(sections) == {o.pk for o in owners}
    assert sections[others[0].pk].results == []


def test_initiative_page_shows_its_results_section(results_world, client_for, make_user):
    world = results_world()
    indicator = world.indicator()
    world.report(indicator.periods.get(), value="25")
    page = client_for(make_user()).get(f"/initiatives/{world.initiative.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="results-section"' in html and "عدد المستفيدين من البرنامج" in html
    assert 'aria-valuenow="25"' in html and "add-result" not in html
    staff = client_for(world.admin).get(f"/initiatives/{world.initiative.pk}/").content.decode()
    assert "add-result" in staff
