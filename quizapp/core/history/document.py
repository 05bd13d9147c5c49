"""Writing a profile's history file (format 2): the profile's UUID and name, its sessions with
their answers, its review cards and, for anyone reading it, its answers per question and day.

Questions are named by (set slug, id), the pair that survives every bank upgrade; sessions by
their UUID. A pack session carries, in its settings, which pack it was taken on (the pack's own
name and its signer) and the template it was taken under. Writing is atomic (a temporary file,
then a rename) and compact: a file is for quizapp to read, and half the size fits twice the
history under the import's size limit.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp import __version__
from quizapp.core.db.models import (
    Attempt,
    AttemptItem,
    Blueprint,
    Bookmark,
    Profile,
    Question,
    QuestionNote,
    QuestionSet,
    ReviewCard,
)
from quizapp.core.errors import UserError
from quizapp.core.exam.attempts import EXAM_MODES
from quizapp.core.history.reading import FORMAT, VERSION

BLUEPRINT_SLUG = "blueprint_slug"  # kept in settings when the blueprint is not on this computer


@dataclass(frozen=True)
class HistoryExport:
    path: Path
    attempts: int
    answers: int
    review_cards: int


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def history_document(session: Session, profile_id: int, now: datetime) -> dict[str, Any]:
    """The JSON-ready history of one profile. Reads only."""
    profile = session.get(Profile, profile_id)
    if profile is None:
        raise UserError("that profile no longer exists")
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
    marked = select(Bookmark).where(Bookmark.profile_id == profile_id).order_by(Bookmark.created_at,
                                                                              Bookmark.question_id)
    written = select(QuestionNote).where(QuestionNote.profile_id == profile_id).order_by(QuestionNote.id)
    bookmarks = [{"question": keys[b.question_id], "created_at": _iso(b.created_at)} for b in session.scalars(marked)]
    notes = [{"question": keys[n.question_id], "text": n.text, "updated_at": _iso(n.updated_at)}
             for n in session.scalars(written)]
    return {
        "format": FORMAT, "version": VERSION, "app_version": __version__, "exported_at": _iso(now),
        "profile": profile.name, "profile_id": profile.uuid,
        "attempts": list(attempts.values()), "review_cards": cards, "answer_daily": daily,
        "bookmarks": bookmarks, "notes": notes,
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
            json.dump(document, out, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except (OSError, ValueError) as exc:
        Path(temp).unlink(missing_ok=True)
        detail = exc.strerror if isinstance(exc, OSError) else "a value is not a number"
        raise UserError(f"cannot write the file ({detail})", path) from exc
