"""Questions with the same content in two sets: one of them per exam or exam pack.

Importing an exported copy of a set (or the same quiz twice under two names) puts each question
in the database twice, with different ids; an exam drawn per domain could then ask it twice.
Two questions have the same content when their stems, their options and their keys are the same,
case and spacing aside, the options in any order (exams shuffle them).

SQL finds the few stems that repeat among live questions of switched-on sets (comparing them
without case, ASCII only, and without the spaces around them); only those questions' options are
read. `one_per_content` is the pure filter the draws apply to their pools.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core.db.models import Choice, Question, QuestionSet

Row = TypeVar("Row")
_CHUNK = 500  # ids per IN (…) query, well below SQLite's limit on bound parameters


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def content_key(stem: str, choices: Iterable[tuple[str, bool]]) -> str:
    """Stem, options and key, normalised: equal for two copies of one question."""
    options = sorted((_plain(text), bool(correct)) for text, correct in choices)
    return "\x1e".join([_plain(stem), *(("+" if correct else "-") + text for text, correct in options)])


def shared_content(session: Session) -> dict[int, str]:
    """Question id -> content key, for each live question of a switched-on set whose content
    another such question shares (usually none: then one GROUP BY and nothing else)."""
    stem = func.lower(func.trim(Question.stem))
    live = (QuestionSet.enabled == True, Question.retired == False)  # noqa: E712
    repeated = (select(stem).join(QuestionSet, QuestionSet.id == Question.set_id).where(*live)
                .group_by(stem).having(func.count(Question.id) > 1))
    stems = dict(session.execute(
        select(Question.id, Question.stem).join(QuestionSet, QuestionSet.id == Question.set_id)
        .where(*live, stem.in_(repeated))).all())
    if not stems:
        return {}
    choices: dict[int, list[tuple[str, bool]]] = {qid: [] for qid in stems}
    ids = sorted(stems)
    for start in range(0, len(ids), _CHUNK):
        for qid, text, correct in session.execute(
                select(Choice.question_id, Choice.text, Choice.is_correct)
                .where(Choice.question_id.in_(ids[start:start + _CHUNK]))):
            choices[qid].append((text, correct))
    keys = {qid: content_key(stems[qid], choices[qid]) for qid in ids}
    copies: dict[str, int] = {}
    for key in keys.values():
        copies[key] = copies.get(key, 0) + 1
    return {qid: key for qid, key in keys.items() if copies[key] > 1}


def one_per_content(rows: Sequence[Row], shared: Mapping[int, Hashable], question_id: Callable[[Row], int],
                    prefer: Callable[[Row], tuple[int, ...]] | None = None) -> list[Row]:
    """Pure: `rows` in their order, keeping of each group of same-content rows only the one
    `prefer` ranks first (smallest; default: the smallest question id, the older copy).
    Rows whose content nobody shares pass untouched."""
    rank = prefer or (lambda row: (question_id(row),))
    keep: dict[Hashable, Row] = {}
    for row in rows:
        key = shared.get(question_id(row))
        if key is not None and (key not in keep or rank(row) < rank(keep[key])):
            keep[key] = row
    kept = {id(row) for row in keep.values()}
    return [row for row in rows if shared.get(question_id(row)) is None or id(row) in kept]
