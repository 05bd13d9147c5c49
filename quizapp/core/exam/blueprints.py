"""Blueprints as plain values, read from the `blueprint` table, and the strata a draw fills.

The draw and the availability check both walk `strata()`, so what "wanted" means for a domain
or a Clinical Patient Care sub-domain can never differ between them. An exam pack's blueprint
fixes its questions instead (`question_ids`) and carries the instructor's pass mark.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Blueprint, ExamPack
from quizapp.core.errors import UserError
from quizapp.core.packs.trust import IMPORTED, PINNED, is_trusted, trust_note
from quizapp.core.taxonomy import CCMA_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS

PACK_ORIGIN = "pack"
EXAM_ORIGINS = ("builtin", "instructor", PACK_ORIGIN)
PACK_STAMP = "pack"  # in Attempt.settings: the pack a session was taken on and its template then


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
    signer_note: str | None = None  # a pack: who signed it, and "not from your instructor" when so
    trusted: bool = True  # a pack signed by the signer pinned for its name

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


def from_row(row: Blueprint, packs: dict[str, tuple[str, str, str | None]] | None = None) -> ExamBlueprint:
    counts = row.counts or {}
    domains = counts.get("domains", {}) or {}
    subdomains = counts.get("subdomains", {}) or {}
    signer = (packs or {}).get(row.slug)
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
        signer_note=None if signer is None else trust_note(signer[0], signer[1], signer[2], row.name),
        trusted=True if signer is None else is_trusted(signer[0]),
    )


def pack_signers(session: Session) -> dict[str, tuple[str, str, str | None]]:
    """Installed pack slug -> (trust, signer, the signer pinned for the pack's name)."""
    rows = list(session.scalars(select(ExamPack).where(ExamPack.role == IMPORTED).order_by(ExamPack.id)))
    pins: dict[str, str] = {}
    for r in rows:
        if r.trust == PINNED:
            pins.setdefault(r.name, r.signer)
    return {r.set_slug: (r.trust, r.signer, pins.get(r.name)) for r in rows if r.set_slug}


def pack_stamp(session: Session, spec: ExamBlueprint) -> dict[str, Any]:
    """What a pack session keeps of its pack: name, signer and version, and the template (pass
    mark and minutes) it is taken under, so a later copy of the pack never re-judges it."""
    stamp: dict[str, Any] = {"pass_mark": spec.pass_mark, "minutes": spec.minutes}
    row = session.scalar(select(ExamPack).where(ExamPack.role == IMPORTED, ExamPack.set_slug == spec.slug))
    if row is not None:
        stamp.update(name=row.name, signer=row.signer, version=None if row.version is None else row.version.isoformat())
    return stamp


def stamped_pass_mark(settings: dict[str, Any] | None, current: float | None) -> float | None:
    """The pass mark a pack session was taken under (its stamp), else the pack's current one."""
    stamp = (settings or {}).get(PACK_STAMP)
    if isinstance(stamp, dict):
        mark = stamp.get("pass_mark")
        if isinstance(mark, (int, float)) and not isinstance(mark, bool):
            return float(mark)
    return current


def exam_blueprints(session: Session) -> list[ExamBlueprint]:
    """The blueprints a student can pick: built-in ones first, then instructors', then imported
    exam packs (taken like a mock exam over their fixed questions). Removed packs and pack
    templates (an instructor's drafts) are not exams."""
    rows = session.scalars(
        select(Blueprint)
        .where(Blueprint.origin.in_(EXAM_ORIGINS))
        .order_by(Blueprint.origin != "builtin", Blueprint.origin == PACK_ORIGIN, Blueprint.position, Blueprint.slug)
    )
    signers = pack_signers(session)
    return [from_row(row, signers) for row in rows]


def blueprint_by_slug(session: Session, slug: str) -> ExamBlueprint:
    row = session.scalar(select(Blueprint).where(Blueprint.slug == slug, Blueprint.origin.in_(EXAM_ORIGINS)))
    if row is None:
        known = [b.slug for b in exam_blueprints(session)]
        choices = ", ".join(known) if known else "none are installed"
        raise UserError(f"unknown blueprint {slug!r}; valid blueprints: {choices}")
    return from_row(row, pack_signers(session) if row.origin == PACK_ORIGIN else None)
