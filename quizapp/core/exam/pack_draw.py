"""The items of an exam pack attempt: all of the pack's questions, in a new order each time.

A pure shuffle of the pack's questions from the attempt's seed; when it happens to repeat the
order of one of this student's earlier attempts at the pack, it is rotated until it does not,
so taking the same pack again serves the same questions in a different order. Options are shuffled too,
except True/False, which stays in that order.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Attempt, AttemptItem, Choice, Question, QuestionSet
from quizapp.core.errors import UserError
from quizapp.core.exam.attempts import PACK_MODE
from quizapp.core.exam.blueprints import ExamBlueprint
from quizapp.core.exam.draw import DrawnItem


def pack_order(question_ids: Sequence[int], seed: int,
               earlier: Collection[tuple[int, ...]] = ()) -> list[int]:
    """Pure: the questions shuffled by `seed`, rotated away from every `earlier` order while a
    rotation can (a single question, or every rotation taken, keeps the shuffle)."""
    order = list(question_ids)
    random.Random(seed).shuffle(order)
    for shift in range(len(order)):
        turned = order[shift:] + order[:shift]
        if tuple(turned) not in earlier:
            return turned
    return order


def _stored_ids(session: Session, blueprint: ExamBlueprint) -> list[int]:
    wanted = list(blueprint.question_ids)
    found = {
        (slug, ext): qid for qid, slug, ext in session.execute(
            select(Question.id, QuestionSet.slug, Question.ext_id)
            .join(QuestionSet, QuestionSet.id == Question.set_id)
            .where(QuestionSet.slug.in_({s for s, _ in wanted}), Question.retired == False))  # noqa: E712
    }
    missing = [key for key in wanted if key not in found]
    if missing or not wanted:
        raise UserError(f"{len(missing)} of the questions of {blueprint.name} are no longer on this computer; "
                        "import the exam pack again")
    return [found[key] for key in wanted]


def _earlier_orders(session: Session, profile_id: int, blueprint_id: int) -> set[tuple[int, ...]]:
    orders: dict[int, list[int]] = {}
    for attempt_id, question_id in session.execute(
            select(AttemptItem.attempt_id, AttemptItem.question_id)
            .join(Attempt, Attempt.id == AttemptItem.attempt_id)
            .where(Attempt.profile_id == profile_id, Attempt.blueprint_id == blueprint_id, Attempt.mode == PACK_MODE)
            .order_by(AttemptItem.attempt_id, AttemptItem.position)):
        orders.setdefault(attempt_id, []).append(question_id)
    return {tuple(order) for order in orders.values()}


def draw_pack(session: Session, profile_id: int, blueprint: ExamBlueprint, seed: int) -> list[DrawnItem]:
    """Every question of the pack, scored, in this attempt's order. UserError if some are gone."""
    ids = _stored_ids(session, blueprint)
    order = pack_order(ids, seed, _earlier_orders(session, profile_id, blueprint.id))
    rows = {q.id: q for q in session.scalars(select(Question).where(Question.id.in_(ids)))}
    positions: dict[int, list[int]] = {qid: [] for qid in ids}
    for qid, position in session.execute(select(Choice.question_id, Choice.position)
                                         .where(Choice.question_id.in_(ids)).order_by(Choice.position)):
        positions[qid].append(position)
    rng = random.Random(seed ^ 0x5EED)
    items = []
    for qid in order:
        shown = list(positions[qid])
        if rows[qid].kind != "truefalse":
            rng.shuffle(shown)
        items.append(DrawnItem(qid, rows[qid].domain or "", rows[qid].subdomain, True, tuple(shown)))
    return items
