"""Storing an imported exam pack: its questions as a set, its template as a pack blueprint.

Both are named by the pack's short name. The set is stored switched off, so the pack's questions
do not turn up in practice before the exam (a student may switch it on afterwards); the exam
serves them whatever the switch says. Importing the same pack again updates both in place — a
question that left the pack is retired, never deleted — and every earlier attempt still points
at its questions. Runs inside the caller's transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.bank.install import InstallReport, install_questions
from quizapp.core.db.models import Blueprint, QuestionSet
from quizapp.core.packs.pack_file import PackContent
from quizapp.core.packs.template import pass_mark_text
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

    @property
    def pass_mark_text(self) -> str:
        return pass_mark_text(self.pass_mark)


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
