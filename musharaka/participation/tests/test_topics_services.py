"""The topic summary's clustering and its stored summary: Arabic spellings meet, the topics are the subjects,
the same input gives the same topics, only visible content counts, and rebuilding happens only on new input."""

import pytest

from musharaka.core.errors import NotPermitted
from musharaka.orgs.models import Role
from musharaka.participation import topics
from musharaka.participation.models import Topic, TopicSummary, Visibility

from .topics_helpers import add_comment, add_idea, fill, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_org, make_user):
    org = make_org()
    process = make_process(org)
    resident = make_user()
    made = fill(process, resident)
    return process, resident, made


def test_words_fold_arabic_spellings():
    a = topics.analyse_text("الإِنَارَةُ")
    b = topics.analyse_text("انارة")
    c = topics.analyse_text("إنارـــه")
    assert a == b == c and len(a) == 1
    assert topics.analyse_text("في من على الى هذا") == []  # function words
    assert topics.analyse_text("حي ذو") == []  # shorter than three letters


def test_a_hamza_and_lam_begin_the_word_not_an_article():
    """ألعاب folds to العاب, which read as ال + عاب until the word was analysed as written."""
    from collections import Counter

    surfaces: Counter = Counter()
    assert topics.analyse_text("ألعاب الألعاب", surfaces)[0] == topics.analyse_text("الألعاب")[0] == "العاب"
    assert {surface for _stem, surface in surfaces} == {"ألعاب"}  # shown as written, without the article only
    assert topics.analyse_text("إلكترونية") == topics.analyse_text("الإلكترونية") != topics.analyse_text("كترونية")


def test_separated_subjects_become_their_topics(world):
    process, _resident, made = world
    summary = topics.topics_refresh(process)
    rows = list(summary.topics.order_by("position"))
    assert len(rows) == 3
    assert summary.post_count == 15
    assert all(row.size == 5 and row.idea_count == 5 and row.comment_count == 0 for row in rows)
    by_group = {next(iter(row.by_group)): row for row in rows}
    assert set(by_group) == {"youth", "women", "elders"}
    assert all(len(row.by_group) == 1 for row in rows)  # each topic is one subject, so one group
    for group, name in (("youth", "lighting"), ("women", "parks"), ("elders", "cleanliness")):
        row = by_group[group]
        ids = {idea.pk for idea in made[name]}
        assert {rep["id"] for rep in row.representatives} <= ids
        assert 3 <= len(row.representatives) <= 5
    terms = {group: row.terms for group, row in by_group.items()}
    assert "انارة" in terms["youth"] or "إنارة" in terms["youth"]
    assert any(term.startswith("حديق") for term in terms["women"])
    assert any(term.startswith("نفاي") or term.startswith("حاوي") for term in terms["elders"])


def test_deterministic(world):
    process, _resident, _made = world
    first = topics.cluster(topics.visible_posts(process.pk))
    second = topics.cluster(topics.visible_posts(process.pk))
    assert first == second


def test_only_visible_content(world, make_user):
    process, resident, made = world
    add_idea(process, resident, "مسبح عام للسباحة", "مسبح سباحة مغلق للسباحة", visibility=Visibility.HIDDEN)
    add_idea(process, resident, "مسبح عام للسباحة", "مسبح سباحة مغلق للسباحة", visibility=Visibility.PENDING)
    hidden_comment = add_comment(made["parks"][0], resident, "مسبح سباحة للسباحة", visibility=Visibility.HIDDEN)
    visible_comment = add_comment(made["parks"][0], resident, "نريد حديقة فيها أشجار وألعاب للأطفال")
    posts = topics.visible_posts(process.pk)
    keys = {(post.kind, post.pk) for post in posts}
    assert ("comment", visible_comment.pk) in keys and ("comment", hidden_comment.pk) not in keys
    assert len(posts) == 16
    summary = topics.topics_refresh(process)
    assert sum(row.size for row in summary.topics.all()) == 16
    assert all("مسبح" not in " ".join(row.terms) for row in summary.topics.all())
    parks = next(row for row in summary.topics.all() if row.comment_count)
    assert parks.comment_count == 1


def test_bounded_to_the_most_recent(world, monkeypatch):
    process, _resident, _made = world
    posts = topics.visible_posts(process.pk, limit=4)
    assert [post.pk for post in posts] == sorted(post.pk for post in posts)
    assert {post.pk for post in posts} == set(sorted(post.pk for post in topics.visible_posts(process.pk))[-4:])


def test_rebuilt_only_when_the_input_changed(world, django_assert_max_num_queries):
    process, resident, made = world
    assert topics.is_stale(process, None)
    summary = topics.topics_refresh(process)
    built_at = summary.generated_at
    first_ids = set(summary.topics.values_list("pk", flat=True))
    process.refresh_from_db()
    assert not topics.is_stale(process, summary)
    with django_assert_max_num_queries(2):  # the version and the summary: nothing else
        again = topics.topics_refresh(process)
    assert again.generated_at == built_at
    add_comment(made["lighting"][0], resident, "الإنارة ضرورية للأمان في الشوارع")
    process.refresh_from_db()
    assert topics.is_stale(process, summary)
    rebuilt = topics.topics_refresh(process)
    assert rebuilt.input_version == process.input_version and rebuilt.generated_at > built_at
    assert not set(rebuilt.topics.values_list("pk", flat=True)) & first_ids
    assert TopicSummary.objects.count() == 1
    assert Topic.objects.filter(summary=rebuilt).count() == 3


def test_forced_rebuild_and_empty_process(make_org):
    process = make_process(make_org())
    summary = topics.topics_refresh(process)
    assert summary.post_count == 0 and not summary.topics.exists() and summary.generated_at
    again = topics.topics_refresh(process, force=True)
    assert again.generated_at >= summary.generated_at


def test_ask_refresh_queues_once(world, django_capture_on_commit_callbacks):
    process, _resident, _made = world
    with django_capture_on_commit_callbacks(execute=True):
        assert topics.ask_refresh_if_stale(process, None) is True
    summary = TopicSummary.objects.get(process=process)  # the immediate backend ran it
    assert summary.topics.count() == 3 and not topics.is_pending(process.pk)
    process.refresh_from_db()
    assert topics.ask_refresh_if_stale(process, summary) is False  # up to date
    with django_capture_on_commit_callbacks(execute=False):
        assert topics.ask_refresh(process, force=True) is True
        assert topics.ask_refresh(process, force=True) is False  # one pending per process
    assert topics.is_pending(process.pk)


def test_only_editors_force_a_rebuild(world, make_member, make_user):
    process, resident, _made = world
    with pytest.raises(NotPermitted):
        topics.topics_request_refresh(actor=resident, process=process)
    editor = make_member(process.organization, Role.EDITOR)
    assert topics.topics_request_refresh(actor=editor, process=process) is True
