"""Blueprints as plain values, read from the `blueprint` table, and the strata a draw fills.

The draw and the availability check both walk `strata()`, so what "wanted" means for a domain
or a Clinical Patient Care sub-domain can never differ between them. An exam pack's blueprint
fixes its questions instead (`question_ids`) and carries the instructor's pass mark.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Blueprint
from quizapp.core.errors import UserError
from quizapp.core.taxonomy import CCMA_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS

PACK_ORIGIN = "pack"
EXAM_ORIGINS = ("builtin", "instructor", PACK_ORIGIN)


@dataclass(frozen=True)
class Stratum:
    """A slice of the exam filled on its own: a domain, or one Clinical sub-domain."""

    domain: str
    subdomain: str | None
    wanted: int

    def holds(self, domain: str | None, subdomain: str | None) -> bool:
        return domain == self.domain and (self.subdomain is None or subdomain == self.subdomain)


@dataclass(frozen=True)
class ExamBlueprint:
    id: int
    slug: str
    name: str
    minutes: int
    domains: dict[str, int]  # scored items per domain, in test-plan order
    subdomains: dict[str, int] = field(default_factory=dict)  # Clinical sub-domains, if given
    unscored: int = 0
    origin: str = "builtin"
    question_ids: tuple[tuple[str, str], ...] = ()  # an exam pack's questions, (set slug, ext_id)
    pass_mark: float | None = None  # the instructor's (packs), never the NHA's

    @property
    def is_pack(self) -> bool:
        return self.origin == PACK_ORIGIN

    def wanted(self, domain: str) -> int:
        """Scored items asked of a domain; Clinical Patient Care is the sum of its sub-domains."""
        if domain == CLINICAL and self.subdomains:
            return sum(self.subdomains.values())
        return self.domains.get(domain, 0)

    @property
    def scored(self) -> int:
        if self.is_pack:
            return len(self.question_ids)
        return sum(self.wanted(d) for d in self.domains)

    @property
    def total(self) -> int:
        return self.scored + self.unscored

    def strata(self) -> Iterator[Stratum]:
        """Domains in test-plan order; Clinical split by sub-domain when the blueprint says how."""
        for domain in self.domains:
            if domain == CLINICAL and self.subdomains:
                for sub, wanted in self.subdomains.items():
                    yield Stratum(domain, sub, wanted)
            else:
                yield Stratum(domain, None, self.domains[domain])


def from_row(row: Blueprint) -> ExamBlueprint:
    counts = row.counts or {}
    domains = counts.get("domains", {}) or {}
    subdomains = counts.get("subdomains", {}) or {}
    return ExamBlueprint(
        id=row.id,
        slug=row.slug,
        name=row.name,
        minutes=row.minutes,
        domains={d: int(domains[d]) for d in CCMA_DOMAINS if d in domains},
        subdomains={s: int(subdomains[s]) for s in CLINICAL_SUBDOMAINS if s in subdomains},
        unscored=int(row.unscored or 0),
        origin=row.origin,
        question_ids=tuple((str(s), str(e)) for s, e in row.question_ids or ()),
        pass_mark=row.pass_mark,
    )


def exam_blueprints(session: Session) -> list[ExamBlueprint]:
    """The blueprints a student can pick: built-in ones first, then instructors', then imported
    exam packs (taken like a mock exam over their fixed questions). Removed packs and pack
    templates (an instructor's drafts) are not exams."""
    rows = session.scalars(
        select(Blueprint)
        .where(Blueprint.origin.in_(EXAM_ORIGINS))
        .order_by(Blueprint.origin != "builtin", Blueprint.origin == PACK_ORIGIN, Blueprint.position, Blueprint.slug)
    )
    return [from_row(row) for row in rows]


def blueprint_by_slug(session: Session, slug: str) -> ExamBlueprint:
    row = session.scalar(select(Blueprint).where(Blueprint.slug == slug, Blueprint.origin.in_(EXAM_ORIGINS)))
    if row is None:
        known = [b.slug for b in exam_blueprints(session)]
        choices = ", ".join(known) if known else "none are installed"
        raise UserError(f"unknown blueprint {slug!r}; valid blueprints: {choices}")
    return from_row(row)
