"""The jury's arithmetic, as pure functions over numbers (the services feed them rows and keep what they return).

- A judge's total for an application = Σ weight × score / 10, on 0–100 (weights sum to 100, scores are 0–10).
- An application's raw score = the mean of its judges' submitted totals.
- Normalisation (per round, optional): each judge's totals become z-scores over the applications that judge
  scored in the round, z = (total − the judge's mean) / the judge's standard deviation, and 0 when that deviation
  is 0; the application's normalised score is the mean of its judges' z-scores.
- Standard deviations are population deviations (divide by n): the judges of a panel and the applications a judge
  scored are the whole set being described, not a sample of one.
- Ranking: by the normalised score when the round normalises, else by the raw score; ties are broken by the higher
  mean score on the heaviest criterion (the first by position when several weigh the most), then by the smaller
  spread between the judges (highest total − lowest total). Applications still tied share the rank (1, 2, 2, 4)
  and are flagged for deliberation. Applications without a submitted scoresheet are not ranked.
- A submitted total is flagged as an outlier when it lies more than 30 points, or more than 2 standard
  deviations, from the mean of the application's submitted totals.

Decimals throughout; totals are exact to the hundredth (weights and scores are integers), z-scores and means are
rounded once, when kept (4 and 2 places).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import MAX_SCORE

OUTLIER_POINTS = Decimal(30)
OUTLIER_DEVIATIONS = Decimal(2)
TWO_PLACES = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")


def round2(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def round4(value: Decimal) -> Decimal:
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def sheet_total(weighted_scores: Iterable[tuple[int, int]]) -> Decimal:
    """Σ weight × score / 10 over (weight, score) pairs: 0–100 when the weights sum to 100."""
    return Decimal(sum(weight * score for weight, score in weighted_scores)) / MAX_SCORE


def mean(values: Iterable[Decimal]) -> Decimal | None:
    values = list(values)
    return sum(values, Decimal(0)) / len(values) if values else None


def population_sd(values: Iterable[Decimal]) -> Decimal:
    values = list(values)
    if len(values) < 2:
        return Decimal(0)
    centre = sum(values, Decimal(0)) / len(values)
    return (sum(((value - centre) ** 2 for value in values), Decimal(0)) / len(values)).sqrt()


def z_scores(totals: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """One judge's totals (by application) as z-scores over those applications; all 0 when σ = 0."""
    centre = mean(totals.values())
    sigma = population_sd(totals.values())
    if centre is None or sigma == 0:
        return {key: Decimal(0) for key in totals}
    return {key: (total - centre) / sigma for key, total in totals.items()}


@dataclass(frozen=True)
class Sheet:
    """A submitted scoresheet as the arithmetic needs it."""

    key: int  # the scoresheet's id
    judge: int
    application: int
    total: Decimal
    heaviest: int  # the score on the category's heaviest criterion


@dataclass
class Standing:
    application: int
    raw: Decimal | None = None
    normalised: Decimal | None = None
    heaviest: Decimal | None = None
    spread: Decimal | None = None
    judges: int = 0
    rank: int | None = None
    tied: bool = False


@dataclass(frozen=True)
class RoundResult:
    standings: dict[int, Standing]
    z_by_sheet: dict[int, Decimal]
    outliers: frozenset


def outlier_sheets(sheets: Iterable[Sheet]) -> frozenset:
    """The sheets whose total lies more than 30 points or more than 2σ from their application's mean."""
    by_application: dict[int, list[Sheet]] = defaultdict(list)
    for sheet in sheets:
        by_application[sheet.application].append(sheet)
    flagged = set()
    for group in by_application.values():
        totals = [sheet.total for sheet in group]
        centre = mean(totals) or Decimal(0)
        sigma = population_sd(totals)
        for sheet in group:
            distance = abs(sheet.total - centre)
            if distance > OUTLIER_POINTS or (sigma > 0 and distance > OUTLIER_DEVIATIONS * sigma):
                flagged.add(sheet.key)
    return frozenset(flagged)


def rank_standings(standings: Iterable[Standing], *, normalised: bool) -> list[Standing]:
    """Sets rank and tied on each standing with submitted scores; returns them best first (unranked last)."""
    scored = [standing for standing in standings if standing.judges > 0]
    unscored = [standing for standing in standings if standing.judges == 0]

    def key(standing: Standing) -> tuple:
        primary = standing.normalised if normalised else standing.raw
        return (-(primary or 0), -(standing.heaviest or 0), standing.spread or 0)

    scored.sort(key=lambda standing: (key(standing), str(standing.application)))
    for index, standing in enumerate(scored):
        previous = scored[index - 1] if index else None
        if previous is not None and key(previous) == key(standing):
            standing.rank = previous.rank
            standing.tied = previous.tied = True
        else:
            standing.rank = index + 1
            standing.tied = False
    for standing in unscored:
        standing.rank, standing.tied = None, False
    return scored + unscored


def round_result(applications: Iterable[int], sheets: Iterable[Sheet], *, normalised: bool) -> RoundResult:
    """Every figure of a round from its applications and their submitted sheets."""
    sheets = list(sheets)
    by_judge: dict[int, dict[int, Sheet]] = defaultdict(dict)
    for sheet in sheets:
        by_judge[sheet.judge][sheet.application] = sheet
    z_by_sheet: dict[int, Decimal] = {}
    for judged in by_judge.values():
        for application, z in z_scores({app: sheet.total for app, sheet in judged.items()}).items():
            z_by_sheet[judged[application].key] = z

    by_application: dict[int, list[Sheet]] = defaultdict(list)
    for sheet in sheets:
        by_application[sheet.application].append(sheet)
    standings = {}
    for application in applications:
        group = by_application.get(application, [])
        standing = Standing(application=application, judges=len(group))
        if group:
            totals = [sheet.total for sheet in group]
            standing.raw = round2(mean(totals) or Decimal(0))
            standing.normalised = round4(mean(z_by_sheet[sheet.key] for sheet in group) or Decimal(0))
            standing.heaviest = round2(mean(Decimal(sheet.heaviest) for sheet in group) or Decimal(0))
            standing.spread = round2(max(totals) - min(totals))
        standings[application] = standing
    rank_standings(standings.values(), normalised=normalised)
    return RoundResult(standings=standings, z_by_sheet={key: round4(z) for key, z in z_by_sheet.items()},
                       outliers=outlier_sheets(sheets))


def balanced_assignment(applications: Iterable[int], judges: Iterable[int], *, per_application: int,
                        excluded: set[tuple[int, int]], existing: Iterable[tuple[int, int]] = ()
                        ) -> list[tuple[int, int]]:
    """New (application, judge) pairs so that each application has `per_application` judges where it can.

    Each application takes the judges with the fewest applications so far (ties by the judges' order), never an
    excluded (application, judge) pair and never twice the same judge. Taking the least loaded every time keeps the
    loads within one of each other when no pair is excluded; recusals can only unbalance what they forbid. The
    most constrained applications (fewest judges free to take them) go first so that they are not left short.
    """
    judges = list(judges)
    order = {judge: index for index, judge in enumerate(judges)}
    load: dict[int, int] = {judge: 0 for judge in judges}
    has: dict[int, set] = defaultdict(set)
    for application, judge in existing:
        has[application].add(judge)
        if judge in load:
            load[judge] += 1

    def free_judges(application) -> list:
        return [judge for judge in judges
                if judge not in has[application] and (application, judge) not in excluded]

    applications = list(applications)
    applications.sort(key=lambda application: (len(free_judges(application)), str(application)))
    pairs = []
    for application in applications:
        missing = per_application - len(has[application])
        if missing <= 0:
            continue
        chosen = sorted(free_judges(application), key=lambda judge: (load[judge], order[judge]))[:missing]
        for judge in chosen:
            pairs.append((application, judge))
            has[application].add(judge)
            load[judge] += 1
    return pairs
