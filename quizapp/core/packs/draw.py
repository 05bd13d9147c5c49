"""Which questions an exam pack fixes, drawn once, when the instructor exports it.

From the sets switched on (and not removed) on the instructor's computer, any kind of question
the app serves, one of each content (a set imported twice gives its questions once); per domain
(a sub-domain named on its own is filled first, so its domain's count never takes the same
question twice) or per set. A template the sets cannot fill is refused with
every shortfall named: a pack is an exact exam, never a shorter one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Question, QuestionSet
from quizapp.core.errors import UserError
from quizapp.core.packs.template import PackTemplate
from quizapp.core.questions import QuestionData
from quizapp.core.same_content import one_per_content, shared_content
from quizapp.core.sets import PACK_FORMAT, live_sets, load_questions
from quizapp.core.taxonomy import CLINICAL_SUBDOMAINS


@dataclass(frozen=True)
class PoolRow:
    question_id: int
    set_slug: str
    ext_id: str
    domain: str | None
    subdomain: str | None


def pool(session: Session) -> list[PoolRow]:
    """Live questions of enabled sets (not packs brought in from elsewhere), in a stable order."""
    rows = session.execute(
        select(Question.id, QuestionSet.slug, Question.ext_id, Question.domain, Question.subdomain)
        .join(QuestionSet, QuestionSet.id == Question.set_id)
        .where(QuestionSet.enabled == True, Question.retired == False, live_sets(),  # noqa: E712
               (QuestionSet.origin_format != PACK_FORMAT) | QuestionSet.origin_format.is_(None))
        .order_by(QuestionSet.slug, Question.ext_id)
    )
    return [PoolRow(*row) for row in rows]


def _fits(row: PoolRow, key: str, by: str) -> bool:
    if by == "set":
        return row.set_slug == key
    if key in CLINICAL_SUBDOMAINS:
        return row.subdomain == key
    return row.domain == key


def choose(rows: list[PoolRow], template: PackTemplate, seed: int) -> list[PoolRow]:
    """Pure: the drawn rows, stratum by stratum in the template's order. UserError if short."""
    rng = random.Random(seed)
    keys = [k for k, _ in template.counts]
    # Sub-domains before their domain, so "Clinical Patient Care: 10" takes what is left.
    order = sorted(keys, key=lambda k: (k not in CLINICAL_SUBDOMAINS, keys.index(k)))
    wanted = dict(template.counts)
    taken: set[int] = set()
    drawn: dict[str, list[PoolRow]] = {}
    short: list[str] = []
    for key in order:
        fits = [r for r in rows if r.question_id not in taken and _fits(r, key, template.by)]
        if len(fits) < wanted[key]:
            short.append(f"{key}: {wanted[key]} wanted, {len(fits)} available")
            continue
        drawn[key] = rng.sample(fits, wanted[key])
        taken.update(r.question_id for r in drawn[key])
    if short:
        where = "switched-on sets" if template.by == "domain" else "sets"
        raise UserError(f"the {where} cannot fill this pack — " + "; ".join(short))
    return [row for key in keys for row in drawn[key]]


def draw_pack_questions(session: Session, template: PackTemplate, seed: int) -> list[QuestionData]:
    """The pack's questions in full, each named `set/id` so ids stay unique across sets."""
    if template.by == "set":
        known = set(session.scalars(select(QuestionSet.slug).where(live_sets())))
        missing = [k for k, _ in template.counts if k not in known]
        if missing:
            raise UserError(f"there is no question set {missing[0]!r} (see `quizapp sets`)")
    chosen = choose(one_per_content(pool(session), shared_content(session), lambda r: r.question_id), template, seed)
    loaded = dict(load_questions(session, Question.id.in_([r.question_id for r in chosen])))
    return [_named(loaded[r.question_id], r) for r in chosen]


def _named(question: QuestionData, row: PoolRow) -> QuestionData:
    return replace(question, ext_id=f"{row.set_slug}/{row.ext_id}")
