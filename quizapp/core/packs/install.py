"""Storing an imported exam pack: its questions as a set, its template as a pack blueprint.

A pack is identified by its signer and its own short name (an `exam_pack` row). Importing the
same pack again — same name, same signer — updates its set and exam in place (a question that
left the pack is retired, never deleted; an older copy than the one here is refused), and every
earlier attempt keeps its questions and the template it was taken under. A pack of the same
name from another signer, or an unsigned one, never touches it: it is installed beside it under
its own short name and marked "not from your instructor" (quizapp.core.packs.trust).

The set is stored switched off, so the pack's questions do not turn up in practice before the
exam (a student may switch it on afterwards); the exam serves them whatever the switch says.
Runs inside the caller's transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.bank.install import InstallReport, install_questions
from quizapp.core.db.models import Blueprint, ExamPack, QuestionSet
from quizapp.core.packs.pack_file import PackContent, PackError
from quizapp.core.packs.template import pass_mark_text
from quizapp.core.packs.trust import (
    IMPORTED,
    OTHER_SIGNER,
    PINNED,
    UNSIGNED,
    fingerprint,
    is_trusted,
    short_fingerprint,
    trust_note,
)
from quizapp.core.sets import PACK, PACK_FORMAT, PACK_REMOVED, REMOVED
from quizapp.core.taxonomy import CCMA_DOMAINS, CLINICAL

PACK_POSITION = 1000  # after the built-in and instructors' blueprints


@dataclass(frozen=True)
class PackSummary:
    """A pack as the import preview and report describe it."""

    blueprint: str  # slug of the exam (and of the set holding its questions)
    name: str
    minutes: int
    pass_mark: float  # the instructor's, 0-1
    questions: int
    signer: str = ""  # raw public key, hex; "" unsigned
    trust: str = UNSIGNED
    note: str = ""  # who it is from, in words (trust_note)

    @property
    def pass_mark_text(self) -> str:
        return pass_mark_text(self.pass_mark)

    @property
    def fingerprint(self) -> str | None:
        return short_fingerprint(self.signer) if self.signer else None

    @property
    def trusted(self) -> bool:
        return is_trusted(self.trust)


@dataclass(frozen=True)
class Placement:
    """Where a pack goes on this computer and how far it is trusted."""

    slug: str
    trust: str
    pinned_signer: str | None
    same: ExamPack | None  # this very pack (same name and signer), already here

    def note(self, name: str, signer: str) -> str:
        return trust_note(self.trust, signer, self.pinned_signer, name)


def _imported(session: Session) -> list[ExamPack]:
    return list(session.scalars(select(ExamPack).where(ExamPack.role == IMPORTED).order_by(ExamPack.id)))


def place(session: Session, content: PackContent, wanted_slug: str) -> Placement:
    """The slug and trust of `content` here. PackError for an older copy than the one here."""
    rows = _imported(session)
    same = next((r for r in rows if r.name == content.slug and r.signer == content.signer), None)
    pin = next((r for r in rows if r.name == content.slug and r.trust == PINNED), None)
    if not content.signer:
        trust = UNSIGNED
    elif pin is None or pin.signer == content.signer:
        trust = PINNED
    else:
        trust = OTHER_SIGNER
    pinned_signer = pin.signer if pin is not None else None
    if same is not None and same.set_slug:
        if same.version is not None and content.version is not None and content.version < same.version:
            made, here = f"{content.version:%Y-%m-%d %H:%M}", f"{same.version:%Y-%m-%d %H:%M}"
            raise PackError(f"this is an older copy of the exam pack {content.name!r} (made {made}) than the one "
                            f"already here (made {here}); nothing was imported")
        return Placement(same.set_slug, same.trust if same.trust == PINNED else trust, pinned_signer, same)
    taken = {r.set_slug for r in rows if r.set_slug}
    taken |= set(session.scalars(select(QuestionSet.slug).where(
        QuestionSet.origin_format.in_([PACK_FORMAT, REMOVED + PACK_FORMAT]))))
    slug = wanted_slug
    if slug in taken:
        base = f"{wanted_slug}-{fingerprint(content.signer)[:8]}" if content.signer else f"{wanted_slug}-unsigned"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
    return Placement(slug, trust, pinned_signer, None)


def record_import(session: Session, content: PackContent, placement: Placement, now: datetime) -> None:
    """Notes the pack (by name and signer) as installed at `placement.slug`."""
    row = placement.same
    if row is None:
        row = ExamPack(role=IMPORTED, name=content.slug, signer=content.signer, set_slug=placement.slug,
                       trust=placement.trust)
        session.add(row)
    row.version, row.pass_mark, row.minutes, row.recorded_at = content.version, content.pass_mark, content.minutes, now


def conflicts(session: Session, slug: str) -> list[str]:
    """Why the pack cannot take this short name: a set or exam of that name that is not a pack."""
    problems = []
    qset = session.scalar(select(QuestionSet).where(QuestionSet.slug == slug))
    if qset is not None and (qset.origin_format or "").removeprefix(REMOVED) != PACK_FORMAT:
        problems.append(f"a question set called {slug!r} already exists and is not this exam pack; "
                        "import the pack under another name (--name)")
    blueprint = session.scalar(select(Blueprint).where(Blueprint.slug == slug))
    if blueprint is not None and blueprint.origin not in (PACK, PACK_REMOVED):
        problems.append(f"an exam called {slug!r} already exists; import the pack under another name (--name)")
    return problems


def _counts(content: PackContent) -> dict[str, dict[str, int]]:
    domains = Counter(q.domain for q in content.questions if q.domain in CCMA_DOMAINS)
    subdomains = Counter(q.subdomain for q in content.questions if q.domain == CLINICAL and q.subdomain)
    return {"domains": {d: domains[d] for d in CCMA_DOMAINS if domains[d]}, "subdomains": dict(subdomains)}


def install_pack(session: Session, content: PackContent, slug: str, name: str, file_name: str,
                 now: datetime) -> InstallReport:
    """Upserts the pack's set and blueprint. Does not commit."""
    qset = session.scalar(select(QuestionSet).where(QuestionSet.slug == slug))
    if qset is None:
        qset = QuestionSet(slug=slug, name=name, imported_at=now)
        session.add(qset)
    qset.name, qset.origin_file, qset.origin_format, qset.imported_at = name, file_name, PACK_FORMAT, now
    qset.enabled = False
    session.flush()
    report = install_questions(session, qset, ((q, False) for q in content.questions), now, retire_missing=True)
    blueprint = session.scalar(select(Blueprint).where(Blueprint.slug == slug))
    if blueprint is None:
        blueprint = Blueprint(slug=slug)
        session.add(blueprint)
    blueprint.name, blueprint.minutes, blueprint.origin = name, content.minutes, PACK
    blueprint.counts, blueprint.unscored, blueprint.position = _counts(content), 0, PACK_POSITION
    blueprint.pass_mark = content.pass_mark
    blueprint.question_ids = [[slug, q.ext_id] for q in content.questions]
    return report
