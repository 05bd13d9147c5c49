"""One running mock exam: every action is committed at once, with a clock checkpoint.

The engine is what the exam page wraps (`MockExamPage(engine)`). Each action (answer, clear,
flag, move) is one transaction that also stores the elapsed time, so a crash or power cut loses
nothing but the seconds since the last commit; `tick()`, called by the UI about once a second,
commits a checkpoint every 4 s and submits the exam itself when the time reaches zero. Remaining
time is always derived from committed elapsed time plus monotonic time since, never from a widget.
An exam pack runs on the same engine (attempt mode `pack`), over all of its fixed questions.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.orm.attributes import flag_modified

from quizapp.core.answers import clear_answer, ensure_open, record_answer
from quizapp.core.changes import NOTHING, Changes
from quizapp.core.clock import Clock
from quizapp.core.db.models import Attempt, AttemptItem, Blueprint, Profile, Question
from quizapp.core.errors import UserError
from quizapp.core.exam.attempts import EXAM_MODES, MOCK, PACK_MODE, open_mock_attempts
from quizapp.core.exam.blueprints import PACK_STAMP, blueprint_by_slug, pack_stamp
from quizapp.core.exam.draw import draw_exam, load_pool
from quizapp.core.exam.errors import ExamClosed
from quizapp.core.exam.exposure import mock_exposure
from quizapp.core.exam.pack_draw import draw_pack
from quizapp.core.exam.state import ExamState, ExamUpdate, ItemState
from quizapp.core.exam.submission import AUTO_SUBMITTED, WARNED, abandon_attempt, submit_attempt
from quizapp.core.exam.timing import ExamTimer, WarningTracker, resumed_elapsed
from quizapp.core.views import question_view

ACCOMMODATIONS = (1.0, 1.5, 2.0)
ANSWERED = Changes(answers=True)
FINISHED = Changes(answers=True, attempts=True)


@dataclass(frozen=True)
class _Header:
    """What never changes while an exam runs."""

    attempt_id: int
    profile_id: int
    blueprint: str
    blueprint_name: str
    limit: float
    strict: bool
    accommodation: float


@dataclass(frozen=True)
class _Loaded:
    header: _Header
    items: tuple[ItemState, ...]
    current_index: int
    elapsed: float
    warned: tuple[int, ...]
    submitted: bool
    auto_submitted: bool


def _load(session: Session, attempt: Attempt) -> _Loaded:
    blueprint = session.get(Blueprint, attempt.blueprint_id) if attempt.blueprint_id is not None else None
    rows = list(session.scalars(
        select(AttemptItem).where(AttemptItem.attempt_id == attempt.id).order_by(AttemptItem.position)))
    questions = {q.id: q for q in session.scalars(
        select(Question)
        .where(Question.id.in_([r.question_id for r in rows]))
        .options(selectinload(Question.choices), selectinload(Question.media)))}
    items = tuple(
        ItemState(i, question_view(questions[r.question_id], list(r.display_order)), tuple(r.chosen or ()),
                  r.flagged)
        for i, r in enumerate(rows)
    )
    settings = attempt.settings or {}
    header = _Header(attempt.id, attempt.profile_id, blueprint.slug if blueprint else "",
                     blueprint.name if blueprint else "Mock exam", float(attempt.time_limit_seconds or 0.0),
                     attempt.strict, attempt.accommodation)
    return _Loaded(header, items, min(attempt.current_index, max(0, len(rows) - 1)),
                   attempt.elapsed_seconds, tuple(settings.get(WARNED, ())), attempt.submitted_at is not None,
                   bool(settings.get(AUTO_SUBMITTED)))


class ExamEngine:
    """A mock exam in progress (or just finished). Build it with `start()` or `resume()`."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, loaded: _Loaded) -> None:
        self._sessions = sessions
        self._clock = clock
        self._header = loaded.header
        self._items = list(loaded.items)
        self._current = loaded.current_index
        self._timer = ExamTimer(clock, loaded.elapsed, loaded.header.limit)
        self._warnings = WarningTracker(loaded.header.limit, loaded.warned)
        self._submitted = loaded.submitted
        self._auto_submitted = loaded.auto_submitted

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def start(cls, sessions: sessionmaker[Session], clock: Clock, profile_id: int, blueprint: str, *,
              accommodation: float = 1.0, strict: bool = False,
              seed: int | None = None) -> tuple[ExamEngine, Changes]:
        """Draws and stores a new exam; an unfinished one of this profile is abandoned (kept,
        never scored). A short bank gives a shorter exam; an empty one raises UserError."""
        if accommodation not in ACCOMMODATIONS:
            raise UserError(f"extra time is 1x, 1.5x or 2x, not {accommodation}x")
        seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
        with sessions.begin() as session:
            if session.get(Profile, profile_id) is None:
                raise UserError("that profile no longer exists")
            spec = blueprint_by_slug(session, blueprint)
            now = clock.now()
            if spec.is_pack:
                drawn = draw_pack(session, profile_id, spec, seed)
            else:
                drawn = draw_exam(load_pool(session, profile_id, spec), spec, seed,
                                  mock_exposure(session, profile_id))
            if not drawn:
                raise UserError(f"the question bank has no four-option questions for {spec.name}; "
                                "import a question set or enable one")
            for old in open_mock_attempts(session, profile_id):
                abandon_attempt(old, now)
            attempt = Attempt(
                uuid=str(uuid.uuid4()), profile_id=profile_id, mode=PACK_MODE if spec.is_pack else MOCK,
                blueprint_id=spec.id, seed=seed,
                started_at=now, elapsed_seconds=0.0, checkpoint_at=now,
                time_limit_seconds=spec.minutes * 60 * accommodation, strict=strict,
                accommodation=accommodation, current_index=0,
                settings={PACK_STAMP: pack_stamp(session, spec)} if spec.is_pack else {},
            )
            attempt.items = [
                AttemptItem(position=i, question_id=d.question_id, display_order=list(d.display_order),
                            scored=d.scored)
                for i, d in enumerate(drawn)
            ]
            session.add(attempt)
            session.flush()
            loaded = _load(session, attempt)
        return cls(sessions, clock, loaded), Changes(attempts=True)

    @classmethod
    def resume(cls, sessions: sessionmaker[Session], clock: Clock, attempt_id: int) -> tuple[ExamEngine, Changes]:
        """Reopens an unfinished exam. Default: the time the app was closed is not counted;
        strict: it is (wall clock, never negative). If that runs the time out, the exam is
        submitted now and the engine comes back finished."""
        with sessions.begin() as session:
            attempt = session.get(Attempt, attempt_id)
            if attempt is None or attempt.mode not in EXAM_MODES:
                raise UserError("that exam no longer exists")
            ensure_open(attempt)
            now = clock.now()
            limit = float(attempt.time_limit_seconds or 0.0)
            elapsed = resumed_elapsed(attempt.elapsed_seconds, attempt.checkpoint_at, now,
                                      strict=attempt.strict, limit=limit)
            changes = NOTHING
            if elapsed >= limit:
                submit_attempt(session, attempt, now, limit, auto=True)
                changes = FINISHED
            else:
                attempt.elapsed_seconds = elapsed
                attempt.checkpoint_at = now
                # Written even when nothing moved: an exam resumes only where its answers can be
                # kept, so a read-only database refuses here, in words, not at the first answer.
                flag_modified(attempt, "checkpoint_at")
            loaded = _load(session, attempt)
        return cls(sessions, clock, loaded), changes

    # -- reading ------------------------------------------------------------------------------

    @property
    def attempt_id(self) -> int:
        return self._header.attempt_id

    @property
    def submitted(self) -> bool:
        return self._submitted

    def remaining_seconds(self) -> float:
        if self._submitted:
            return max(0.0, self._header.limit - self._timer.committed)
        return self._timer.remaining()

    def state(self) -> ExamState:
        h = self._header
        elapsed = self._timer.committed if self._submitted else self._timer.elapsed()
        return ExamState(
            attempt_id=h.attempt_id, blueprint=h.blueprint, blueprint_name=h.blueprint_name,
            items=tuple(self._items), current_index=self._current,
            remaining_seconds=max(0.0, h.limit - elapsed), time_limit_seconds=h.limit,
            elapsed_seconds=elapsed, strict=h.strict, accommodation=h.accommodation,
            submitted=self._submitted, auto_submitted=self._auto_submitted,
        )

    # -- acting -------------------------------------------------------------------------------

    def answer(self, position: int, chosen: Sequence[int]) -> ExamUpdate:
        """Records the choice (stored positions, as `ChoiceView.position`) through the one answer
        path, which validates it; changing it is fine until the exam is submitted. No feedback:
        correctness is decided at submit."""
        self._item(position)
        picked = tuple(sorted(set(chosen)))  # what record_answer stores once it has validated it

        def write(session: Session, now: datetime) -> None:
            record_answer(session, self._attempt(session), position, picked, now)

        return self._act(write, lambda: self._set(position, chosen=picked))

    def clear_answer(self, position: int) -> ExamUpdate:
        self._item(position)

        def write(session: Session, now: datetime) -> None:
            clear_answer(session, self._attempt(session), position)

        return self._act(write, lambda: self._set(position, chosen=()))

    def set_flag(self, position: int, flagged: bool) -> ExamUpdate:
        self._item(position)

        def write(session: Session, now: datetime) -> None:
            self._row(session, position).flagged = flagged

        return self._act(write, lambda: self._set(position, flagged=flagged))

    def toggle_flag(self, position: int | None = None) -> ExamUpdate:
        """Flags or unflags an item (the current one by default): the `Flag for review` button."""
        position = self._current if position is None else position
        return self.set_flag(position, not self._item(position).flagged)

    def go_to(self, position: int) -> ExamUpdate:
        """Moves to an item (0-based). The time since the last commit is charged to the item left."""
        self._item(position)
        return self._act(None, lambda: None, index=position)

    def next_item(self) -> ExamUpdate:
        return self.go_to(min(self._current + 1, len(self._items) - 1))

    def previous_item(self) -> ExamUpdate:
        return self.go_to(max(self._current - 1, 0))

    def tick(self) -> ExamUpdate:
        """Called by the UI about once a second: submits at zero, checkpoints every 4 s, and
        reports "minutes left" warnings that became due. A finished exam just reports its state."""
        if self._submitted:
            return ExamUpdate(self.state(), NOTHING)
        if self._timer.expired():
            return self._finish(auto=True)
        due = self._warnings.due(self._timer.remaining())
        if due or self._timer.checkpoint_due():
            return self._act(None, lambda: None)
        return ExamUpdate(self.state(), NOTHING)

    def submit(self) -> ExamUpdate:
        """Scores and closes the exam (after the page's `Confirm submit`)."""
        self._ensure_open()
        return self._finish(auto=self._timer.expired())

    # -- internals ----------------------------------------------------------------------------

    def _ensure_open(self) -> None:
        if self._submitted:
            raise ExamClosed("this exam has been submitted; a submitted exam cannot be changed")

    def _item(self, position: int) -> ItemState:
        self._ensure_open()
        if not 0 <= position < len(self._items):
            raise UserError(f"there is no question {position + 1} in this exam")
        return self._items[position]

    def _set(self, position: int, **changes: Any) -> None:
        self._items[position] = replace(self._items[position], **changes)

    def _row(self, session: Session, position: int) -> AttemptItem:
        row = session.get(AttemptItem, (self.attempt_id, position))
        assert row is not None
        return row

    def _act(self, write: Callable[[Session, datetime], None] | None, apply: Callable[[], None], *,
             index: int | None = None) -> ExamUpdate:
        """One transaction: the action, the elapsed time, the current item and any warnings given.
        Memory follows only once the commit succeeded (`apply` runs after the `with` block), so a
        failed commit leaves the engine showing what is stored. Past zero, the exam submits instead."""
        if self._timer.expired():
            return self._finish(auto=True)
        elapsed = self._timer.elapsed()
        spent = elapsed - self._timer.committed  # charged to the item on screen until now
        due = self._warnings.due(self._header.limit - elapsed)
        new_index = self._current if index is None else index
        with self._sessions.begin() as session:
            attempt = self._attempt(session)
            now = self._clock.now()
            if write is not None:
                write(session, now)
            attempt.elapsed_seconds = elapsed
            attempt.checkpoint_at = now
            attempt.current_index = new_index
            if due:
                attempt.settings = {**(attempt.settings or {}), WARNED: sorted({*self._warnings.given, *due})}
            if spent > 0:
                self._row(session, self._current).seconds_spent += spent
        self._timer.committed_at(elapsed)
        self._warnings.give(due)
        self._current = new_index
        apply()
        return ExamUpdate(self.state(), ANSWERED if write is not None or index is not None else NOTHING, due)

    def _finish(self, *, auto: bool) -> ExamUpdate:
        elapsed = self._timer.limit if auto else self._timer.elapsed()
        spent = elapsed - self._timer.committed
        with self._sessions.begin() as session:
            attempt = self._attempt(session)
            if spent > 0:
                self._row(session, self._current).seconds_spent += spent
            submit_attempt(session, attempt, self._clock.now(), elapsed, auto=auto)
        self._timer.committed_at(elapsed)
        self._submitted = True
        self._auto_submitted = auto
        return ExamUpdate(self.state(), FINISHED)

    def _attempt(self, session: Session) -> Attempt:
        attempt = session.get(Attempt, self.attempt_id)
        if attempt is None:
            raise UserError("this exam no longer exists")
        ensure_open(attempt)
        return attempt
