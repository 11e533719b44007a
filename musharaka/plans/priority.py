"""The prioritisation of needs: pure arithmetic over the kept figures, stated on the page as it is here.

- Matrix score (0–100) = Σ weight × score ÷ 5 over the plan's criteria (scores 0–5, weights summing to 100); a
  criterion not yet scored counts 0 and the need is marked as not fully scored.
- Vote score (0–100) = 100 × the need's votes ÷ the most votes any open need of the plan has (0 when nobody voted).
  The same per participant group, with that group's votes.
- Priority = (s × matrix score + (100 − s) × vote score) ÷ 100, where s is the plan's matrix share (e.g. 70).
- Ranked by priority, then votes, then people affected, then the earlier need.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import MAX_CRITERION_SCORE

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def matrix_score(weights: Mapping[int, int], scores: Mapping[int, int]) -> Decimal:
    """Σ weight × score ÷ 5 over the criteria (criterion id → weight, criterion id → score)."""
    total = sum((Decimal(weight) * Decimal(scores.get(pk, 0)) for pk, weight in weights.items()), Decimal(0))
    return (total / MAX_CRITERION_SCORE).quantize(CENT, rounding=ROUND_HALF_UP)


def vote_score(votes: int, most: int) -> Decimal:
    if most <= 0:
        return Decimal(0)
    return (HUNDRED * votes / most).quantize(CENT, rounding=ROUND_HALF_UP)


def combined(matrix: Decimal | None, votes: Decimal, matrix_share: int) -> Decimal:
    share = Decimal(matrix_share)
    return ((share * (matrix or 0) + (HUNDRED - share) * votes) / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Ranked:
    need_id: int
    matrix: Decimal | None
    votes: int
    vote_score: Decimal
    priority: Decimal
    fully_scored: bool
    rank: int = 0


def rank(needs: Sequence[Mapping], *, matrix_share: int, criteria_count: int, group: str | None = None) -> list[Ranked]:
    """needs: rows with id, matrix_score, vote_count, votes_<group>, people_affected, scored (criteria scored).
    With `group`, the votes are that group's only."""
    column = f"votes_{group}" if group else "vote_count"
    most = max((row[column] for row in needs), default=0)
    ranked = []
    for row in needs:
        votes = row[column]
        score = vote_score(votes, most)
        ranked.append(Ranked(need_id=row["id"], matrix=row["matrix_score"], votes=votes, vote_score=score,
                             priority=combined(row["matrix_score"], score, matrix_share),
                             fully_scored=criteria_count > 0 and row.get("scored", 0) >= criteria_count))
    people = {row["id"]: row.get("people_affected") or 0 for row in needs}
    ranked.sort(key=lambda r: (-r.priority, -r.votes, -people[r.need_id], r.need_id))
    for position, item in enumerate(ranked, start=1):
        item.rank = position
    return ranked


def progress_of_action(indicator_progress: Sequence[Decimal | None], status: str) -> Decimal | None:
    """An action's progress: the mean of its indicators' progress; without a measured indicator, 1 when completed and
    0 otherwise; none when cancelled (a cancelled action leaves its goal's mean)."""
    if status == "cancelled":
        return None
    measured = [value for value in indicator_progress if value is not None]
    if measured:
        return sum(measured, Decimal(0)) / len(measured)
    return Decimal(1) if status == "completed" else Decimal(0)


def progress_of_goal(indicator_progress: Sequence[Decimal | None],
                     action_progress: Sequence[Decimal | None]) -> Decimal | None:
    """A goal's progress: the mean of its own measured indicators and its actions (cancelled ones left out), each
    counting once."""
    values = [v for v in (*indicator_progress, *action_progress) if v is not None]
    return sum(values, Decimal(0)) / len(values) if values else None


def progress_of_plan(goal_progress: Sequence[Decimal | None]) -> Decimal | None:
    """The plan's progress: the mean of its goals' progress (goals with nothing measured yet left out)."""
    values = [v for v in goal_progress if v is not None]
    return sum(values, Decimal(0)) / len(values) if values else None
