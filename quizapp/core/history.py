"""A profile's history as a file, to carry between computers (the lab and home).

Questions are named by (set slug, ext_id), the pair that survives every bank upgrade; attempts
by their UUID, so importing merges: an attempt already present is left as it is, and importing
the same file twice adds nothing. The file also lists the answer tallies for anyone reading it,
but an import rebuilds the tallies from the attempts it actually adds: tallies are sums, and a
sum cannot be merged twice without counting twice. Answers are re-scored against this
computer's keys (DESIGN.md: results are recomputed here), by the same rules as the answer path.

Reading validates the whole file before anything is written; a damaged file or one from a newer
quizapp raises UserError and changes nothing. Writing is atomic (temp file, then rename).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fsrs import Card
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from quizapp import __version__
from quizapp.core.answers import attempt_score
from quizapp.core.db.models import Attempt, AttemptItem, Blueprint, Question, QuestionSet, ReviewCard
from quizapp.core.errors import UserError
from quizapp.core.exam.attempts import ABANDONED, EXAM_MODES
from quizapp.core.scheduling import STATE_VERSION
from quizapp.core.scoring import is_correct
from quizapp.core.tallies import count_answer

FORMAT = "quizapp-history"
VERSION = 1
BLUEPRINT_SLUG = "blueprint_slug"  # kept in settings when the blueprint is not on this computer
CHUNK = 500
LONG_AGO = datetime.min.replace(tzinfo=UTC)

QuestionKey = tuple[str, str]


@dataclass(frozen=True)
class HistoryExport:
    path: Path
    attempts: int
    answers: int
    review_cards: int


@dataclass(frozen=True)
class HistoryImport:
    attempts_added: int
    attempts_present: int  # same attempt id already here: left as it is
    attempts_left_out: int  # exams still in progress on the other computer
    answers_added: int
    answers_skipped: int  # to questions this computer does not have
    answers_recomputed: int  # right or wrong differently here: this computer's key differs
    cards_added: int
    cards_updated: int  # the file's card had the more recent review
    cards_skipped: int  # question missing or retired here

    @property
    def changed(self) -> bool:
        return bool(self.attempts_added or self.cards_added or self.cards_updated)

    def summary(self) -> str:
        parts = [f"{self.attempts_added} sessions and {self.answers_added} answers added"]
        if self.attempts_present:
            parts.append(f"{self.attempts_present} sessions were already here")
        if self.answers_recomputed:
            parts.append(f"{self.answers_recomputed} answers re-scored against this computer's answer keys")
        if self.answers_skipped:
            parts.append(f"{self.answers_skipped} answers skipped: their questions are not on this computer")
        if self.attempts_left_out:
            parts.append(f"{self.attempts_left_out} unfinished exams left out")
        parts.append(f"{self.cards_added + self.cards_updated} review cards added or updated")
        return "; ".join(parts) + "."


# -- export ---------------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def history_document(session: Session, profile_id: int, profile_name: str, now: datetime) -> dict[str, Any]:
    """The JSON-ready history of one profile. Reads only."""
    keys = {qid: [slug, ext] for qid, slug, ext in session.execute(
        select(Question.id, QuestionSet.slug, Question.ext_id).join(QuestionSet, QuestionSet.id == Question.set_id))}
    blueprints = dict(session.execute(select(Blueprint.id, Blueprint.slug)).all())
    attempts: dict[int, dict[str, Any]] = {}
    counted: dict[int, bool] = {}
    mine = select(Attempt).where(Attempt.profile_id == profile_id).order_by(Attempt.started_at, Attempt.id)
    for a in session.scalars(mine):
        settings = dict(a.settings or {})
        blueprint = blueprints.get(a.blueprint_id) if a.blueprint_id is not None else settings.get(BLUEPRINT_SLUG)
        attempts[a.id] = {
            "id": a.uuid, "mode": a.mode, "blueprint": blueprint, "seed": a.seed,
            "started_at": _iso(a.started_at), "submitted_at": _iso(a.submitted_at),
            "elapsed_seconds": a.elapsed_seconds, "checkpoint_at": _iso(a.checkpoint_at),
            "time_limit_seconds": a.time_limit_seconds, "strict": a.strict, "accommodation": a.accommodation,
            "current_index": a.current_index, "settings": settings, "score": a.score, "items": [],
        }
        counted[a.id] = a.mode not in EXAM_MODES or a.submitted_at is not None
    tallies: dict[tuple[str, ...], list[float]] = {}
    items = session.scalars(
        select(AttemptItem).join(Attempt, Attempt.id == AttemptItem.attempt_id)
        .where(Attempt.profile_id == profile_id).order_by(AttemptItem.attempt_id, AttemptItem.position))
    for i in items:
        attempts[i.attempt_id]["items"].append({
            "position": i.position, "question": keys[i.question_id], "display_order": list(i.display_order or []),
            "chosen": None if i.chosen is None else list(i.chosen), "flagged": i.flagged, "guessed": i.guessed,
            "seconds_spent": i.seconds_spent, "correct": i.correct, "scored": i.scored,
            "answered_at": _iso(i.answered_at),
        })
        if i.chosen and i.correct is not None and i.scored and i.answered_at and counted[i.attempt_id]:
            day = i.answered_at.astimezone().date().isoformat()
            cell = tallies.setdefault((*keys[i.question_id], day), [0, 0, 0.0])
            cell[0] += 1
            cell[1] += int(i.correct)
            cell[2] += i.seconds_spent
    cards = [
        {"question": keys[c.question_id], "state": c.state, "state_version": c.state_version, "due": _iso(c.due)}
        for c in session.scalars(select(ReviewCard).where(ReviewCard.profile_id == profile_id).order_by(ReviewCard.id))
    ]
    daily = [
        {"question": [slug, ext], "day": day, "answered": int(a), "correct": int(c), "seconds": sec}
        for (slug, ext, day), (a, c, sec) in sorted(tallies.items(), key=lambda kv: (kv[0][2], kv[0][:2]))
    ]
    return {
        "format": FORMAT, "version": VERSION, "app_version": __version__, "exported_at": _iso(now),
        "profile": profile_name, "attempts": list(attempts.values()), "review_cards": cards, "answer_daily": daily,
    }


def write_json_atomic(path: Path, document: dict[str, Any]) -> None:
    """Writes beside the target, flushes to disk, then renames over it: a crash leaves either
    the old file or the new one, never half of one."""
    folder = path.parent
    if not folder.is_dir():
        raise UserError("the folder to save into does not exist", path)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UserError(f"cannot write here ({exc.strerror})", path) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, indent=1)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise UserError(f"cannot write the file ({exc.strerror})", path) from exc


# -- reading and validating -----------------------------------------------------------------


class _Damaged(Exception):
    pass


@dataclass(frozen=True)
class ItemRecord:
    position: int
    question: QuestionKey
    display_order: list[int]
    chosen: list[int] | None
    flagged: bool
    guessed: bool
    seconds_spent: float
    correct: bool | None
    scored: bool
    answered_at: datetime | None


@dataclass(frozen=True)
class AttemptRecord:
    id: str
    mode: str
    blueprint: str | None
    seed: int
    started_at: datetime
    submitted_at: datetime | None
    elapsed_seconds: float
    checkpoint_at: datetime | None
    time_limit_seconds: float | None
    strict: bool
    accommodation: float
    current_index: int
    settings: dict[str, Any]
    score: float | None
    items: tuple[ItemRecord, ...]


@dataclass(frozen=True)
class CardRecord:
    question: QuestionKey
    state: dict[str, Any]
    due: datetime
    last_review: datetime | None
    state_version: int = STATE_VERSION  # files before the version was written hold format 1


@dataclass(frozen=True)
class HistoryFile:
    profile: str
    attempts: tuple[AttemptRecord, ...]
    cards: tuple[CardRecord, ...]


def _field(obj: Any, key: str, kinds: type | tuple[type, ...], *, optional: bool = False) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise _Damaged(f"missing {key!r}")
    value = obj[key]
    if value is None and optional:
        return None
    if isinstance(value, bool) and bool not in (kinds if isinstance(kinds, tuple) else (kinds,)):
        raise _Damaged(f"{key!r} has the wrong type")
    if not isinstance(value, kinds):
        raise _Damaged(f"{key!r} has the wrong type")
    return value


def _moment(obj: Any, key: str, *, optional: bool = False) -> datetime | None:
    text = _field(obj, key, str, optional=optional)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise _Damaged(f"{key!r} is not a date and time") from exc
    if moment.tzinfo is None:
        raise _Damaged(f"{key!r} has no time zone")
    return moment


def _key(obj: Any) -> QuestionKey:
    value = _field(obj, "question", list)
    if len(value) != 2 or not all(isinstance(v, str) for v in value):
        raise _Damaged("a question reference is not [set, id]")
    return value[0], value[1]


def _ints(value: Any, key: str) -> list[int]:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise _Damaged(f"{key!r} is not a list of positions")
    return list(value)


def _item(obj: Any) -> ItemRecord:
    chosen = _field(obj, "chosen", list, optional=True)
    return ItemRecord(
        position=_field(obj, "position", int), question=_key(obj),
        display_order=_ints(_field(obj, "display_order", list), "display_order"),
        chosen=None if chosen is None else _ints(chosen, "chosen"),
        flagged=_field(obj, "flagged", bool), guessed=_field(obj, "guessed", bool),
        seconds_spent=float(_field(obj, "seconds_spent", (int, float))),
        correct=_field(obj, "correct", bool, optional=True), scored=_field(obj, "scored", bool),
        answered_at=_moment(obj, "answered_at", optional=True),
    )


def _attempt(obj: Any) -> AttemptRecord:
    items = tuple(_item(i) for i in _field(obj, "items", list))
    if len({i.position for i in items}) != len(items):
        raise _Damaged("two answers share a position")
    limit = _field(obj, "time_limit_seconds", (int, float), optional=True)
    score = _field(obj, "score", (int, float), optional=True)
    started = _moment(obj, "started_at")
    assert started is not None
    return AttemptRecord(
        id=_field(obj, "id", str), mode=_field(obj, "mode", str),
        blueprint=_field(obj, "blueprint", str, optional=True),
        seed=_field(obj, "seed", int), started_at=started, submitted_at=_moment(obj, "submitted_at", optional=True),
        elapsed_seconds=float(_field(obj, "elapsed_seconds", (int, float))),
        checkpoint_at=_moment(obj, "checkpoint_at", optional=True),
        time_limit_seconds=None if limit is None else float(limit), strict=_field(obj, "strict", bool),
        accommodation=float(_field(obj, "accommodation", (int, float))),
        current_index=_field(obj, "current_index", int), settings=dict(_field(obj, "settings", dict)),
        score=None if score is None else float(score), items=tuple(sorted(items, key=lambda i: i.position)),
    )


def _card(obj: Any) -> CardRecord:
    state = _field(obj, "state", dict)
    version = obj.get("state_version", STATE_VERSION) if isinstance(obj, dict) else STATE_VERSION
    if version != STATE_VERSION:
        raise _Damaged(f"a review card is in format {version!r}, which this quizapp does not read")
    try:
        card = Card.from_dict(state)
    except (KeyError, TypeError, ValueError) as exc:
        raise _Damaged("a review card's state is unreadable") from exc
    due = _moment(obj, "due")
    assert due is not None
    return CardRecord(_key(obj), dict(state), due, card.last_review, STATE_VERSION)


def parse_history(document: Any) -> HistoryFile:
    """Validates a decoded history document. Raises UserError (no file name) when it is not one."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise UserError("this is not a quizapp history file")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise UserError("this history file is damaged: its version is unreadable")
    if version > VERSION:
        raise UserError("this history file was made by a newer quizapp; update quizapp to import it")
    try:
        attempts = tuple(_attempt(a) for a in _field(document, "attempts", list))
        cards = tuple(_card(c) for c in _field(document, "review_cards", list))
        profile = _field(document, "profile", str)
    except _Damaged as exc:
        raise UserError(f"this history file is damaged ({exc}); nothing was imported") from exc
    if len({a.id for a in attempts}) != len(attempts):
        raise UserError("this history file is damaged (an attempt appears twice); nothing was imported")
    return HistoryFile(profile, attempts, cards)


def read_history(path: Path) -> HistoryFile:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UserError("no such file", path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError("cannot read this file as a quizapp history file", path) from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"this history file is damaged (not JSON: {exc.msg}); nothing was imported",
                        path, exc.lineno) from exc
    try:
        return parse_history(document)
    except UserError as exc:
        raise UserError(exc.message, path) from exc


# -- merging ---------------------------------------------------------------------------------


def _question_map(session: Session, keys: set[QuestionKey]) -> dict[QuestionKey, tuple[int, bool]]:
    """(set slug, ext_id) -> (question id, retired) for the keys this computer has."""
    found: dict[QuestionKey, tuple[int, bool]] = {}
    slugs = sorted({slug for slug, _ in keys})
    for chunk in _chunks(slugs):
        for qid, slug, ext, retired in session.execute(
            select(Question.id, QuestionSet.slug, Question.ext_id, Question.retired)
            .join(QuestionSet, QuestionSet.id == Question.set_id).where(QuestionSet.slug.in_(list(chunk)))
        ):
            if (slug, ext) in keys:
                found[(slug, ext)] = (qid, retired)
    return found


def _existing_attempts(session: Session, ids: Sequence[str]) -> set[str]:
    present: set[str] = set()
    for chunk in _chunks(ids):
        present.update(session.scalars(select(Attempt.uuid).where(Attempt.uuid.in_(list(chunk)))))
    return present


def _in_progress_exam(record: AttemptRecord) -> bool:
    return record.mode in EXAM_MODES and record.submitted_at is None and not record.settings.get(ABANDONED)


def _settled(record: AttemptRecord, item: ItemRecord) -> bool:
    """Whether the source computer had scored this answer: practice and review as checked,
    exams only once submitted (the same rule as the answer path)."""
    if not item.chosen or item.correct is None:
        return False
    return record.mode not in EXAM_MODES or record.submitted_at is not None


def _verdict_here(question: Question, chosen: list[int]) -> bool:
    """The answer scored against this computer's key; options it does not have are wrong."""
    positions = {c.position for c in question.choices}
    if not set(chosen) <= positions:
        return False
    return is_correct(question.kind, chosen, [c.position for c in question.choices if c.is_correct])


def merge_history(session: Session, profile_id: int, history: HistoryFile) -> HistoryImport:
    """Adds the file's history to a profile in the caller's transaction. Does not commit."""
    keys = {i.question for a in history.attempts for i in a.items} | {c.question for c in history.cards}
    questions = _question_map(session, keys)
    present = _existing_attempts(session, [a.id for a in history.attempts])
    blueprints = dict(session.execute(select(Blueprint.slug, Blueprint.id)).all())
    rows = {q.id: q for q in session.scalars(
        select(Question).where(Question.id.in_([qid for qid, _ in questions.values()]))
        .options(selectinload(Question.choices)))}
    added = left_out = answers = skipped = recomputed = 0
    for record in history.attempts:
        if record.id in present:
            continue
        if _in_progress_exam(record):
            left_out += 1
            continue
        settings = dict(record.settings)
        blueprint_id = blueprints.get(record.blueprint) if record.blueprint else None
        if record.blueprint and blueprint_id is None:
            settings[BLUEPRINT_SLUG] = record.blueprint
        kept = [(i, rows[questions[i.question][0]]) for i in record.items if i.question in questions]
        skipped += sum(1 for i in record.items if i.question not in questions and i.chosen)
        if not kept:
            continue
        attempt = Attempt(
            uuid=record.id, profile_id=profile_id, mode=record.mode, blueprint_id=blueprint_id, seed=record.seed,
            started_at=record.started_at, submitted_at=record.submitted_at, elapsed_seconds=record.elapsed_seconds,
            checkpoint_at=record.checkpoint_at, time_limit_seconds=record.time_limit_seconds, strict=record.strict,
            accommodation=record.accommodation, current_index=max(0, min(record.current_index, len(kept) - 1)),
            settings=settings, score=record.score,
        )
        counted = []
        for position, (item, question) in enumerate(kept):  # renumbered: positions index the item list
            correct = item.correct
            if _settled(record, item):
                correct = _verdict_here(question, item.chosen or [])
                recomputed += correct != item.correct
                if item.scored:
                    counted.append((question, item, correct))
            attempt.items.append(AttemptItem(
                position=position, question_id=question.id, display_order=item.display_order, chosen=item.chosen,
                flagged=item.flagged, guessed=item.guessed, seconds_spent=max(0.0, item.seconds_spent),
                correct=correct, scored=item.scored, answered_at=item.answered_at))
        if record.submitted_at is not None:
            attempt.score = attempt_score(attempt)  # from the verdicts recomputed here
        session.add(attempt)
        for question, item, correct in counted:
            moment = item.answered_at or record.submitted_at or record.started_at
            count_answer(session, profile_id, question, moment, correct, max(0.0, item.seconds_spent))
            answers += 1
        added += 1
    cards_added, cards_updated, cards_skipped = _merge_cards(session, profile_id, history.cards, questions)
    return HistoryImport(added, len(present), left_out, answers, skipped, recomputed, cards_added, cards_updated,
                         cards_skipped)


def _merge_cards(session: Session, profile_id: int, cards: Sequence[CardRecord],
                 questions: dict[QuestionKey, tuple[int, bool]]) -> tuple[int, int, int]:
    """A card missing here is added; one present here is replaced only by a more recent review."""
    mine = {c.question_id: c for c in session.scalars(select(ReviewCard).where(ReviewCard.profile_id == profile_id))}
    added = updated = skipped = 0
    for record in cards:
        found = questions.get(record.question)
        if found is None or found[1]:
            skipped += 1
            continue
        qid = found[0]
        current = mine.get(qid)
        if current is None:
            mine[qid] = ReviewCard(profile_id=profile_id, question_id=qid, state=record.state,
                                   state_version=record.state_version, due=record.due)
            session.add(mine[qid])
            added += 1
        elif _last_review(current.state) < _aware(record.last_review):
            current.state = record.state
            current.state_version = record.state_version
            current.due = record.due
            updated += 1
    return added, updated, skipped


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return LONG_AGO
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _last_review(state: dict[str, Any]) -> datetime:
    try:
        return _aware(datetime.fromisoformat(state["last_review"]))
    except (KeyError, TypeError, ValueError):
        return LONG_AGO
