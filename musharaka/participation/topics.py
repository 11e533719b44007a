"""The summary of input: a process's visible ideas and comments grouped into topics (issue #17, item 7).

Offline and deterministic — scikit-learn on our own Arabic normalisation, no external service:

1. **Posts.** The `MAX_POSTS` most recent visible posts of the process: ideas (title + description) that are
   visible and not merged, and visible comments on such ideas. Older posts beyond the bound are left out (the
   summary says how many it read).
2. **Words.** Each word goes through `core.arabic` (NFKC, alef forms, alef maqsura, ta marbuta, tatweel and
   harakat folded; the article and its attached conjunctions dropped); function words (initiatives' `STOP_WORDS`)
   and words shorter than three letters are dropped; the rest are reduced to their stem (`word_stems`, read as a
   the shortest, so that الإنارة, إنارةِ, انارة and اناره meet). Each stem is shown as the surface word it was most often written
   as.
3. **Vectors.** TF-IDF over the stems (sublinear term frequency, rows L2-normalised), terms in at least two posts
   once there are 20 posts or more, at most `MAX_TERMS` terms.
4. **Topics.** KMeans (Lloyd, `random_state=0`, `n_init=4`). The number of topics k is chosen by the mean
   silhouette (cosine) over k = 2 … min(12, distinct posts − 1), measured on a fixed sample of at most
   `SILHOUETTE_SAMPLE` posts; ties go to the smaller k. Fewer than three distinct posts make one topic.
5. **What a topic says.** Its top terms (the centroid's largest weights), its size and idea/comment counts, counts
   per neighbourhood (a comment counts in its idea's neighbourhood) and per participant group, and the
   `REPRESENTATIVES` posts nearest its centroid. Topics are ordered by size, then by their first term.

The same input (the same posts) gives the same topics. `topics_refresh` rebuilds the stored summary in one
transaction, only when `Process.input_version` moved since it was built (or when an editor forces it); the pages
and the API call `ask_refresh`, which queues one background rebuild per process when the stored summary is stale.
"""

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from musharaka.core import arabic
from musharaka.core.permissions import require
from musharaka.core.tasks import enqueue_with_transaction
from musharaka.initiatives.selectors import STOP_WORDS

from .models import Comment, Idea, Process, Topic, TopicSummary, Visibility

if TYPE_CHECKING:
    from musharaka.accounts.models import User

MAX_POSTS = 20_000
MAX_TERMS = 5_000
MAX_TOPICS = 12
TOP_TERMS = 8
REPRESENTATIVES = 4
SILHOUETTE_SAMPLE = 2_000
SNIPPET = 240
PENDING_SECONDS = 15 * 60  # a queued rebuild that never ran is asked again after this
_MIN_WORD = 3


# ---------------------------------------------------------------- words


@lru_cache(maxsize=200_000)
def _analyse(surface: str) -> tuple[str, str] | None:
    """(stem, display form) of one written word (harakat and tatweel already removed), or None when dropped."""
    light = arabic.normalize_light(surface)
    if not light or " " in light or light.isdigit():
        return None
    # ألعاب folds to العاب, which would lose its first letters as an article: such a word has none.
    stripped = light if arabic.begins_with_hamza_lam(surface) else arabic.strip_article(light)
    cut = len(light) - len(stripped)  # the article is plain letters: as long in the surface as in `light`
    folded = stripped.replace("ة", "ه")
    if len(folded) < _MIN_WORD or folded in STOP_WORDS or light.replace("ة", "ه") in STOP_WORDS:
        return None
    stems = arabic.written_word_stems(surface)
    # The shortest of the stems: a ta marbuta typed as ه leaves the noun reading apart (اناره → اناره) while the
    # reading as written meets the others (انار), and the sound plural's verb reading keeps a letter (نفاي).
    stem = min(stems, key=lambda found: (len(found), found)) if stems else folded
    if len(stem) < 2:
        stem = folded
    return stem, surface[cut:]


def _surface_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text or "")
    text = arabic._INVISIBLE.sub("", text)
    text = arabic._DIACRITICS.sub("", text).replace(arabic._TATWEEL, "")
    return [word for word in arabic._NON_WORD.split(text) if word]


def analyse_text(text: str, surfaces: Counter | None = None) -> list[str]:
    """The stems of a text, in order (repeated as often as their words); `surfaces` counts (stem, surface)."""
    found = []
    for word in _surface_words(text):
        analysed = _analyse(word)
        if analysed is None:
            continue
        found.append(analysed[0])
        if surfaces is not None:
            surfaces[analysed] += 1
    return found


# ---------------------------------------------------------------- posts


@dataclass
class Post:
    kind: str  # "idea" | "comment"
    pk: int
    idea_id: int
    text: str
    snippet: str
    neighbourhood_id: int | None
    group: str
    created_at: Any = None
    stems: list[str] = field(default_factory=list)


def _snippet(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1].rstrip() + "…"


def visible_posts(process_id: int, limit: int = MAX_POSTS) -> list[Post]:
    """The `limit` most recent visible posts of a process (ideas and comments), oldest first, ties by kind and id."""
    ideas = (Idea.objects.filter(process_id=process_id, visibility=Visibility.VISIBLE, merged_into__isnull=True)
             .order_by("-created_at", "-pk")
             .values_list("pk", "title", "description", "neighbourhood_id", "group", "created_at")[:limit])
    comments = (Comment.objects.filter(idea__process_id=process_id, visibility=Visibility.VISIBLE,
                                       idea__visibility=Visibility.VISIBLE, idea__merged_into__isnull=True)
                .order_by("-created_at", "-pk")
                .values_list("pk", "idea_id", "body", "idea__neighbourhood_id", "group", "created_at")[:limit])
    posts = [Post("idea", pk, pk, f"{title}\n{description}", _snippet(title), hood, group, created)
             for pk, title, description, hood, group, created in ideas]
    posts += [Post("comment", pk, idea_id, body, _snippet(body), hood, group, created)
              for pk, idea_id, body, hood, group, created in comments]
    posts.sort(key=lambda post: (post.created_at, post.kind, post.pk), reverse=True)
    posts = posts[:limit]
    posts.reverse()
    return posts


# ---------------------------------------------------------------- clustering


@dataclass
class TopicResult:
    terms: list[str]
    size: int
    idea_count: int
    comment_count: int
    by_neighbourhood: dict[str, int]
    by_group: dict[str, int]
    representatives: list[dict[str, Any]]


def _identity(tokens):
    return tokens


def choose_k(matrix, distinct: int) -> int:
    """The number of topics: the best mean silhouette (cosine) for k = 2 … min(12, distinct − 1) on a fixed
    sample of the rows; ties go to the smaller k. One topic when fewer than three distinct posts."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    top = min(MAX_TOPICS, distinct - 1)
    if top < 2:
        return 1
    rows = matrix.shape[0]
    if rows > SILHOUETTE_SAMPLE:
        sample = np.random.RandomState(0).choice(rows, SILHOUETTE_SAMPLE, replace=False)
        sample.sort()
        matrix = matrix[sample]
    best_k, best_score = 2, -2.0
    for k in range(2, top + 1):
        labels = KMeans(n_clusters=k, random_state=0, n_init=2).fit_predict(matrix)
        if len(set(labels)) < 2:
            continue
        score = float(silhouette_score(matrix, labels, metric="cosine"))
        if score > best_score + 1e-9:
            best_k, best_score = k, score
    return best_k


def cluster(posts: list[Post]) -> list[TopicResult]:
    """Group the posts into topics (see the module's text). Deterministic for the same posts in the same order."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    surfaces: Counter = Counter()
    for post in posts:
        post.stems = analyse_text(post.text, surfaces)
    kept = [post for post in posts if post.stems]
    if not kept:
        return []
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2 if len(kept) >= 20 else 1,
                                 max_features=MAX_TERMS, dtype=np.float64)
    try:
        matrix = vectorizer.fit_transform([post.stems for post in kept])
    except ValueError:  # no term is in two posts
        return []
    nonempty = np.flatnonzero(matrix.getnnz(axis=1))
    kept = [kept[index] for index in nonempty]
    matrix = matrix[nonempty]
    if not kept:
        return []
    vocabulary = vectorizer.get_feature_names_out()
    distinct = len({tuple(sorted(post.stems)) for post in kept})
    k = choose_k(matrix, distinct)
    if k == 1:
        labels = np.zeros(len(kept), dtype=int)
        centres = np.asarray(matrix.mean(axis=0))
    else:
        model = KMeans(n_clusters=k, random_state=0, n_init=4).fit(matrix)
        labels, centres = model.labels_, model.cluster_centers_

    display: dict[str, str] = {}
    for (stem, surface), _count in sorted(surfaces.items(), key=lambda item: (-item[1], item[0][1])):
        display.setdefault(stem, surface)

    topics = []
    for label in range(centres.shape[0]):
        members = np.flatnonzero(labels == label)
        if not len(members):
            continue
        centre = centres[label]
        order = sorted(range(len(centre)), key=lambda index: (-centre[index], vocabulary[index]))
        terms = [display.get(vocabulary[index], vocabulary[index]) for index in order[:TOP_TERMS] if centre[index] > 0]
        similarity = np.asarray(matrix[members] @ centre).ravel()
        nearest = sorted(range(len(members)), key=lambda index: (-similarity[index], int(members[index])))
        representatives = [{"kind": kept[members[index]].kind, "id": kept[members[index]].pk,
                            "idea_id": kept[members[index]].idea_id, "text": kept[members[index]].snippet}
                           for index in nearest[:REPRESENTATIVES]]
        group_posts = [kept[index] for index in members]
        ideas = sum(1 for post in group_posts if post.kind == "idea")
        hoods = Counter("" if post.neighbourhood_id is None else str(post.neighbourhood_id) for post in group_posts)
        groups = Counter(post.group for post in group_posts)
        topics.append(TopicResult(terms=terms, size=len(group_posts), idea_count=ideas,
                                  comment_count=len(group_posts) - ideas,
                                  by_neighbourhood=dict(sorted(hoods.items(), key=lambda item: (-item[1], item[0]))),
                                  by_group=dict(sorted(groups.items(), key=lambda item: (-item[1], item[0]))),
                                  representatives=representatives))
    topics.sort(key=lambda topic: (-topic.size, topic.terms[:1]))
    return topics


# ---------------------------------------------------------------- the stored summary


def is_stale(process: Process, summary: TopicSummary | None) -> bool:
    """The stored summary (if any) was built from another version of the input than the process's current one."""
    return summary is None or summary.generated_at is None or summary.input_version != process.input_version


def topics_refresh(process: Process, *, force: bool = False) -> TopicSummary:
    """Rebuild the process's topic summary when its input changed since it was built (or when forced).

    The version is read before the posts: a change made while the topics are computed leaves the summary stale,
    so the next reader asks again. The rows are replaced in one transaction.
    """
    version = Process.objects.filter(pk=process.pk).values_list("input_version", flat=True).get()
    summary = TopicSummary.objects.filter(process_id=process.pk).first()
    if not force and summary is not None and summary.generated_at is not None and summary.input_version == version:
        return summary
    posts = visible_posts(process.pk)
    results = cluster(posts)
    with transaction.atomic():
        summary, _created = TopicSummary.objects.select_for_update().get_or_create(process_id=process.pk)
        summary.topics.all().delete()
        Topic.objects.bulk_create([
            Topic(summary=summary, position=position, terms=result.terms, size=result.size,
                  idea_count=result.idea_count, comment_count=result.comment_count,
                  by_neighbourhood=result.by_neighbourhood, by_group=result.by_group,
                  representatives=result.representatives)
            for position, result in enumerate(results, start=1)])
        summary.input_version = version
        summary.post_count = len(posts)
        summary.generated_at = timezone.now()
        summary.save()
    cache.delete(_pending_key(process.pk))
    return summary


def _pending_key(process_id: int) -> str:
    return f"participation:topics-pending:{process_id}"


def is_pending(process_id: int) -> bool:
    """A rebuild of this process's summary was queued and has not finished."""
    return bool(cache.get(_pending_key(process_id)))


def ask_refresh(process: Process, *, force: bool = False) -> bool:
    """Queue one background rebuild of the summary when it is stale (or forced): at most one pending per process
    (a cache key held until the rebuild ends or `PENDING_SECONDS` pass). True when a rebuild was queued now."""
    if not cache.add(_pending_key(process.pk), 1, PENDING_SECONDS):
        return False
    from .topics_tasks import refresh_topics

    enqueue_with_transaction(refresh_topics, process_id=process.pk, force=force)
    return True


def ask_refresh_if_stale(process: Process, summary: TopicSummary | None) -> bool:
    return is_stale(process, summary) and ask_refresh(process)


def topics_request_refresh(*, actor: "User", process: Process) -> bool:
    """An editor asks for a new summary now, whether or not the input changed. True when queued now, False when
    one is already being prepared."""
    require(actor, "participation.change_process", process)
    return ask_refresh(process, force=True)

