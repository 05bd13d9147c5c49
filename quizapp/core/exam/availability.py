"""Can the bank fill a blueprint? Wanted vs available per domain and Clinical sub-domain.

The payload is `quizapp blueprint check SLUG --json` (DESIGN.md contract), and the shortfalls
are what the exam set-up page lists before "Start anyway". Counting happens in SQL (one GROUP
BY; questions repeating another's content, as an exam draws one of each, are taken off);
shaping is a pure function of those counts, so it is tested with hand-made numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Choice, Question, QuestionSet
from quizapp.core.exam.blueprints import ExamBlueprint, blueprint_by_slug
from quizapp.core.exam.draw import MOCK_KIND, MOCK_OPTIONS
from quizapp.core.same_content import one_per_content, shared_content
from quizapp.core.taxonomy import CCMA_DOMAINS, CLINICAL
from quizapp.core.wording import plural, plural_word

MISSING = "Not on this computer"
UNASSIGNED = "Unassigned"
Counts = Mapping[tuple[str, str | None], int]  # (domain, subdomain) -> questions


@dataclass(frozen=True)
class SubdomainAvailability:
    name: str
    wanted: int
    available: int


@dataclass(frozen=True)
class DomainAvailability:
    name: str
    wanted: int
    available: int
    subdomains: tuple[SubdomainAvailability, ...] = ()


@dataclass(frozen=True)
class Shortfall:
    """One slice the bank cannot fill, for the "the bank cannot fill this" panel."""

    domain: str
    subdomain: str | None
    wanted: int
    available: int

    @property
    def missing(self) -> int:
        return self.wanted - self.available

    @property
    def label(self) -> str:
        return self.domain if self.subdomain is None else f"{self.domain}: {self.subdomain}"


@dataclass(frozen=True)
class Availability:
    blueprint: str
    name: str
    minutes: int
    scored: int
    unscored: int
    domains: tuple[DomainAvailability, ...]
    shortfalls: tuple[Shortfall, ...]  # scored slices short, smallest slice named
    unscored_missing: int  # pretest items the leftovers cannot supply
    sets: tuple[str, ...] = ()  # names of the enabled sets the exam draws from
    blueprint_is_pack: bool = False

    @property
    def can_fill(self) -> bool:
        return not self.shortfalls and self.unscored_missing == 0

    @property
    def drawable(self) -> int:
        """How many items an exam started anyway would have."""
        return self.scored + self.unscored - sum(s.missing for s in self.shortfalls) - self.unscored_missing

    @property
    def distinct_exams(self) -> int:
        """How many exams of this blueprint the sets hold with no question used twice: the largest
        k with available ≥ k × wanted in every domain and sub-domain, and the pool ≥ k × all items
        (DESIGN.md). A pack's questions are fixed: one exam if all are here, else none."""
        if self.blueprint_is_pack:
            return int(self.can_fill)
        limits = []
        for domain in self.domains:
            if domain.wanted:
                limits.append(domain.available // domain.wanted)
            limits += [s.available // s.wanted for s in domain.subdomains if s.wanted]
        items = self.scored + self.unscored
        if items:
            limits.append(sum(d.available for d in self.domains) // items)
        return min(limits) if limits else 0

    def start_anyway_text(self) -> str:
        """Exactly what `Start anyway` gives, for a blueprint the sets cannot fill."""
        full = self.scored + self.unscored
        scored_drawn = self.scored - sum(s.missing for s in self.shortfalls)
        parts = [f"Start anyway gives an exam of {plural(self.drawable, 'item')} instead of {full}, in the same "
                 f"{plural(self.minutes, 'minute')} (times any extra time)."]
        if self.shortfalls:
            slices = "; ".join(f"{s.label}: {s.available} of {s.wanted}" for s in self.shortfalls)
            parts.append(f"The short domains get only the questions there are ({slices}); the missing items "
                         "are left out, not replaced by questions from other domains.")
        if self.unscored_missing:
            parts.append(f"{self.unscored_missing} of the {plural(self.unscored, 'unscored pretest item')} "
                         f"{plural_word(self.unscored_missing, 'is', 'are')} left out too: "
                         "there are not enough questions left over for them.")
        parts.append(f"Your percent is over the {plural(scored_drawn, 'scored item')} you get, so the short "
                     "domains weigh less than on the real exam. An instructor can fill them by importing a question "
                     "set.")
        return " ".join(parts)

    def payload(self) -> dict[str, Any]:
        return {
            "blueprint": self.blueprint,
            "minutes": self.minutes,
            "scored": self.scored,
            "unscored": self.unscored,
            "can_fill": self.can_fill,
            "distinct_exams": self.distinct_exams,
            "domains": [
                {"name": d.name, "wanted": d.wanted, "available": d.available,
                 "subdomains": [{"name": s.name, "wanted": s.wanted, "available": s.available}
                                for s in d.subdomains]}
                for d in self.domains
            ],
        }


def availability(blueprint: ExamBlueprint, counts: Counts, sets: tuple[str, ...] = ()) -> Availability:
    """Pure: the blueprint against counts of eligible questions per (domain, subdomain)."""
    def in_domain(domain: str) -> int:
        return sum(n for (d, _), n in counts.items() if d == domain)

    domains = []
    shortfalls = []
    for domain in blueprint.domains:
        subs: tuple[SubdomainAvailability, ...] = ()
        if domain == CLINICAL and blueprint.subdomains:
            subs = tuple(SubdomainAvailability(s, w, counts.get((domain, s), 0))
                         for s, w in blueprint.subdomains.items())
            shortfalls += [Shortfall(domain, s.name, s.wanted, s.available) for s in subs if s.available < s.wanted]
        entry = DomainAvailability(domain, blueprint.wanted(domain), in_domain(domain), subs)
        if not subs and entry.available < entry.wanted:
            shortfalls.append(Shortfall(domain, None, entry.wanted, entry.available))
        domains.append(entry)
    pool = sum(in_domain(d) for d in blueprint.domains)
    drawn_scored = blueprint.scored - sum(s.missing for s in shortfalls)
    unscored_missing = max(0, blueprint.unscored - (pool - drawn_scored))
    return Availability(blueprint.slug, blueprint.name, blueprint.minutes, blueprint.scored, blueprint.unscored,
                        tuple(domains), tuple(shortfalls), unscored_missing, sets)


def _eligibility(domains: list[str]) -> tuple[ColumnElement[bool], ...]:
    """Enabled, non-retired, four-option single-answer questions of these domains."""
    four = (
        select(Choice.question_id).group_by(Choice.question_id).having(func.count(Choice.id) == MOCK_OPTIONS)
    )
    return (QuestionSet.enabled == True, Question.retired == False,  # noqa: E712
            Question.kind == MOCK_KIND, Question.domain.in_(domains), Question.id.in_(four))


def _eligible(session: Session, domains: list[str]) -> list[tuple[str, str, str | None, int]]:
    """(set name, domain, subdomain, count) of eligible questions; one GROUP BY."""
    rows = session.execute(
        select(QuestionSet.name, Question.domain, Question.subdomain, func.count(Question.id))
        .join(QuestionSet, QuestionSet.id == Question.set_id)
        .where(*_eligibility(domains))
        .group_by(QuestionSet.id, Question.domain, Question.subdomain)
        .order_by(QuestionSet.id)
    )
    return [(name, d, s, int(n)) for name, d, s, n in rows if d is not None]  # named domains only, by the query


def _copies(session: Session, domains: list[str]) -> dict[tuple[str, str | None], int]:
    """Per (domain, subdomain), eligible questions that repeat another's content: an exam draws
    one of each content, so these do not count as available."""
    shared = shared_content(session)
    ids = sorted(shared)
    rows: list[tuple[int, str | None, str | None]] = []
    for start in range(0, len(ids), 500):
        rows += session.execute(
            select(Question.id, Question.domain, Question.subdomain)
            .join(QuestionSet, QuestionSet.id == Question.set_id)
            .where(*_eligibility(domains), Question.id.in_(ids[start:start + 500]))).all()
    kept = {id(row) for row in one_per_content(rows, shared, lambda row: row[0])}
    extra: dict[tuple[str, str | None], int] = {}
    for row in rows:
        if id(row) not in kept and row[1] is not None:  # eligible rows have a domain (the query's IN)
            place = (row[1], row[2])
            extra[place] = extra.get(place, 0) + 1
    return extra


def pack_availability(session: Session, blueprint: ExamBlueprint) -> Availability:
    """An exam pack wants each of its own questions: per domain, how many are still here (a
    removed or re-imported pack may have lost some)."""
    here: dict[tuple[str, str], tuple[str | None, str | None, bool]] = {
        (slug, ext): (domain, sub, retired) for slug, ext, domain, sub, retired in session.execute(
            select(QuestionSet.slug, Question.ext_id, Question.domain, Question.subdomain, Question.retired)
            .join(QuestionSet, QuestionSet.id == Question.set_id)
            .where(QuestionSet.slug.in_({s for s, _ in blueprint.question_ids})))
    }
    wanted: dict[str, list[int]] = {}
    subs: dict[str, list[int]] = {}
    for key in blueprint.question_ids:
        domain, sub, retired = here.get(key, (MISSING, None, True))
        entry = wanted.setdefault(domain or UNASSIGNED, [0, 0])
        entry[0] += 1
        entry[1] += int(not retired)
        if domain == CLINICAL and sub:
            sub_entry = subs.setdefault(sub, [0, 0])
            sub_entry[0] += 1
            sub_entry[1] += int(not retired)
    order = {name: i for i, name in enumerate(CCMA_DOMAINS)}
    domains = tuple(
        DomainAvailability(name, w, a, tuple(SubdomainAvailability(s, sw, sa) for s, (sw, sa) in subs.items())
                           if name == CLINICAL else ())
        for name, (w, a) in sorted(wanted.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    )
    shortfalls = tuple(Shortfall(d.name, None, d.wanted, d.available) for d in domains if d.available < d.wanted)
    return Availability(blueprint.slug, blueprint.name, blueprint.minutes, blueprint.scored, 0, domains, shortfalls, 0,
                        blueprint_is_pack=True)


def blueprint_availability(session: Session, slug: str) -> Availability:
    """Raises UserError naming the valid slugs when `slug` is unknown."""
    blueprint = blueprint_by_slug(session, slug)
    if blueprint.is_pack:
        return pack_availability(session, blueprint)
    rows = _eligible(session, list(blueprint.domains))
    counts: dict[tuple[str, str | None], int] = {}
    for _, d, s, n in rows:
        counts[(d, s)] = counts.get((d, s), 0) + n
    for place, n in _copies(session, list(blueprint.domains)).items():
        counts[place] -= n
    sets = tuple(dict.fromkeys(name for name, *_ in rows))
    return availability(blueprint, counts, sets)
