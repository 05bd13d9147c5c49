"""Which questions a mock exam asks, in which order: a pure function of rows and a seed.

Stratified by the blueprint (scored items per domain, per sub-domain inside Clinical Patient
Care); inside each stratum unseen questions come first, then ones missed last time, then the
rest, in a seeded random order. The pool holds one question of each content (a set imported
twice is drawn from once). The unscored (pretest) items come from what is left, spread
over the domains in the blueprint's proportions, and are shuffled in among the scored ones.
A short bank gives a short exam: the caller already chose to "start anyway".
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from quizapp.core.exam.blueprints import ExamBlueprint
from quizapp.core.same_content import one_per_content, shared_content
from quizapp.core.selection import Candidate, candidates
from quizapp.core.taxonomy import CCMA_DOMAINS

_NEVER = datetime.min.replace(tzinfo=UTC)  # sorts before any real meeting
MOCK_KIND = "single"
MOCK_OPTIONS = 4


@dataclass(frozen=True)
class DrawnItem:
    question_id: int
    domain: str
    subdomain: str | None
    scored: bool
    display_order: tuple[int, ...]  # stored choice positions in the order they are shown


def mock_eligible(c: Candidate) -> bool:
    """Four-option single-answer questions of a CCMA domain, as on the real exam."""
    return c.kind == MOCK_KIND and c.options == MOCK_OPTIONS and c.domain in CCMA_DOMAINS


def _ranked(pool: Sequence[Candidate], rng: random.Random,
            exposure: Mapping[int, datetime] | None = None) -> list[Candidate]:
    """Questions never met in an earlier mock exam first, then those met longest ago; inside
    each, unseen, then missed, then the rest; random inside each group (a stable sort keeps it)."""
    ordered = sorted(pool, key=lambda c: c.question_id)
    rng.shuffle(ordered)
    met = exposure or {}
    ordered.sort(key=lambda c: (c.question_id in met, met.get(c.question_id, _NEVER), c.rank))
    return ordered


def unscored_quotas(blueprint: ExamBlueprint, total: int) -> dict[str, int]:
    """`total` items split over the blueprint's domains in proportion to their scored counts
    (largest remainder; ties go to the earlier domain in test-plan order)."""
    weights = {d: blueprint.wanted(d) for d in blueprint.domains if blueprint.wanted(d) > 0}
    whole = sum(weights.values())
    if total <= 0 or whole == 0:
        return {d: 0 for d in weights}
    exact = {d: total * w / whole for d, w in weights.items()}
    quotas = {d: int(x) for d, x in exact.items()}
    order = sorted(weights, key=lambda d: (-(exact[d] - quotas[d]), list(weights).index(d)))
    for d in order[: total - sum(quotas.values())]:
        quotas[d] += 1
    return quotas


def draw_exam(pool: Iterable[Candidate], blueprint: ExamBlueprint, seed: int,
              exposure: Mapping[int, datetime] | None = None) -> list[DrawnItem]:
    """The exam's items in exam order. Never repeats a question; same rows + seed, same exam.

    `exposure` (question id -> when last met in a mock exam) keeps earlier exams' questions back
    until the unmet ones run out."""
    rng = random.Random(seed)
    eligible = sorted((c for c in pool if mock_eligible(c)), key=lambda c: c.question_id)
    taken: set[int] = set()
    scored: list[tuple[Candidate, bool]] = []
    for stratum in blueprint.strata():
        fits = [c for c in eligible if stratum.holds(c.domain, c.subdomain) and c.question_id not in taken]
        for c in _ranked(fits, rng, exposure)[: stratum.wanted]:
            taken.add(c.question_id)
            scored.append((c, True))
    unscored = _draw_unscored(eligible, taken, blueprint, rng, exposure)
    chosen = scored + [(c, False) for c in unscored]
    rng.shuffle(chosen)
    items = []
    for c, is_scored in chosen:
        order = list(range(c.options))
        rng.shuffle(order)
        items.append(DrawnItem(c.question_id, c.domain or "", c.subdomain, is_scored, tuple(order)))
    return items


def _draw_unscored(eligible: list[Candidate], taken: set[int], blueprint: ExamBlueprint,
                   rng: random.Random, exposure: Mapping[int, datetime] | None) -> list[Candidate]:
    if blueprint.unscored <= 0:
        return []
    quotas = unscored_quotas(blueprint, blueprint.unscored)
    left = [c for c in eligible if c.question_id not in taken and c.domain in quotas]
    picked: list[Candidate] = []
    for domain, quota in quotas.items():
        in_domain = _ranked([c for c in left if c.domain == domain], rng, exposure)
        picked += in_domain[:quota]
    # A domain short of leftovers hands its share to whatever is left elsewhere.
    missing = blueprint.unscored - len(picked)
    if missing > 0:
        used = {c.question_id for c in picked}
        picked += _ranked([c for c in left if c.question_id not in used], rng, exposure)[:missing]
    return picked


def load_pool(session: Session, profile_id: int, blueprint: ExamBlueprint) -> list[Candidate]:
    """The candidates for a blueprint's domains with this profile's history, from SQL; one of
    each content (`one_content_each`)."""
    pool = [c for c in candidates(session, profile_id, domains=list(blueprint.domains)) if mock_eligible(c)]
    return one_content_each(pool, shared_content(session))


def one_content_each(pool: Sequence[Candidate], shared: Mapping[int, str]) -> list[Candidate]:
    """Pure: of questions with the same content (a set imported twice), only the copy this
    student has answered most (then the older one) stays, so an exam never asks it twice and
    a copy never passes for unseen."""
    return one_per_content(pool, shared, lambda c: c.question_id, lambda c: (-c.seen, c.question_id))
