"""Merging a checked history file into a profile, in the caller's transaction.

- **Whose history**: the file names the profile it came from (its UUID, and its name). It goes
  into a profile with that UUID, or one a student already imported that profile into; anything
  else raises OtherProfile unless the caller passes `into_other_profile` (the window asks in an
  inline panel, the CLI wants `--into-other-profile`). A confirmed import from another
  computer remembers the source, so its next file goes through without asking.
- **Sessions** merge by UUID: one already here stays where it is, with whoever owns it.
- **Computed, never claimed**: every chosen option is checked against the question here (an
  option it does not have refuses the file), and every verdict and score is recomputed from
  this computer's keys — from the instructor's own copy for a pack session of a pack this
  computer issued (quizapp.core.history.pack_attempts). Answers to questions this computer does
  not have are left out and counted.
- **Review cards follow their sessions' owner**: a card goes to the profile that holds the
  newest session of the file answering its question, and never replaces a card reviewed more
  recently here.
- **Summaries** are rebuilt from the answers actually added, one upsert per question and per
  day and topic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from quizapp.core.db.models import (
    Attempt,
    AttemptItem,
    Blueprint,
    Bookmark,
    Profile,
    ProfileSource,
    Question,
    QuestionNote,
    QuestionSet,
    ReviewCard,
)
from quizapp.core.errors import UserError
from quizapp.core.exam.attempts import ABANDONED, EXAM_MODES
from quizapp.core.history.document import BLUEPRINT_SLUG
from quizapp.core.history.pack_attempts import IssuedKey, PackIndex, PackPlan, mismatch_warning
from quizapp.core.history.records import AttemptRecord, CardRecord, HistoryFile, ItemRecord, QuestionKey
from quizapp.core.scheduling import STATE_VERSION
from quizapp.core.scoring import MULTIPLE, is_correct
from quizapp.core.tallies import Place, add_many, day_number, topic_id
from quizapp.core.wording import plural, plural_word

CHUNK = 500
LONG_AGO = datetime.min.replace(tzinfo=UTC)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class HistoryImport:
    profile: str  # the profile imported into
    attempts_added: int
    attempts_present: int  # same session already here: left as it is, with its owner
    attempts_left_out: int  # exams still in progress on the other computer
    answers_added: int
    answers_skipped: int  # to questions this computer does not have
    answers_recomputed: int  # right or wrong differently here than the file claimed
    cards_added: int
    cards_updated: int  # the file's card had the more recent review
    cards_skipped: int  # question missing or retired here, or a newer card here
    cards_elsewhere: int = 0  # went to the profile that owns their sessions here
    warnings: tuple[str, ...] = ()
    bookmarks_added: int = 0
    notes_added: int = 0
    notes_updated: int = 0  # the file's note was written more recently

    @property
    def changed(self) -> bool:
        return bool(self.attempts_added or self.cards_added or self.cards_updated or self.bookmarks_added
                    or self.notes_added or self.notes_updated)

    def summary(self) -> str:
        parts = [f"{plural(self.attempts_added, 'session')} and {plural(self.answers_added, 'answer')} "
                 "added"]
        if self.attempts_present:
            were = plural_word(self.attempts_present, "was")
            parts.append(f"{plural(self.attempts_present, 'session')} {were} already here")
        if self.answers_recomputed:
            parts.append(f"{plural(self.answers_recomputed, 'answer')} re-scored against this computer's answer keys")
        if self.answers_skipped:
            whose = plural_word(self.answers_skipped, 'its question is', 'their questions are')
            parts.append(f"{plural(self.answers_skipped, 'answer')} skipped: {whose} not on this computer")
        if self.attempts_left_out:
            parts.append(f"{plural(self.attempts_left_out, 'unfinished exam')} left out")
        parts.append(f"{plural(self.cards_added + self.cards_updated, 'review card')} added or updated")
        if self.bookmarks_added or self.notes_added or self.notes_updated:
            notes = plural(self.notes_added + self.notes_updated, 'note')
            parts.append(f"{plural(self.bookmarks_added, 'bookmark')} and {notes} added or updated")
        return "; ".join(parts) + "."


class OtherProfile(UserError):
    """The file is another profile's; `history` is the file already read, so a front end can
    ask and then merge it without reading it again."""

    def __init__(self, message: str, history: HistoryFile, target: str) -> None:
        super().__init__(message)
        self.history = history
        self.target = target


# -- whose history -----------------------------------------------------------------------------

def _links(session: Session) -> dict[str, int]:
    """Every UUID this computer knows as a profile: its own profiles' and the sources linked."""
    known = dict(session.execute(select(Profile.uuid, Profile.id)).all())
    for source, owner in session.execute(select(ProfileSource.uuid, ProfileSource.profile_id)):
        known.setdefault(source, owner)
    return known


def ownership_problem(session: Session, profile: Profile, history: HistoryFile) -> str | None:
    """None when the file is this profile's; else what a student must confirm, in words."""
    if history.profile_id is None:  # a file from before profiles had an id: its name is all there is
        if history.profile.casefold() == profile.name.casefold():
            return None
        return (f"this history file is {history.profile}'s (written before files named their profile), and you are "
                f"importing it into {profile.name}")
    owner = _links(session).get(history.profile_id)
    if owner == profile.id:
        return None
    if owner is not None:
        local = session.get(Profile, owner)
        who = local.name if local is not None else history.profile
        return (f"this history belongs to {who}, another profile on this computer, and you are importing it into "
                f"{profile.name}")
    return (f"this history comes from the profile {history.profile} on another computer, and you are importing it into "
            f"{profile.name}")


def _link(session: Session, profile: Profile, history: HistoryFile, now: datetime) -> None:
    """After a confirmed import: the source profile's later files come in without asking."""
    if history.profile_id is None or history.profile_id in _links(session):
        return
    session.add(ProfileSource(uuid=history.profile_id, profile_id=profile.id, linked_at=now))


# -- the questions here ----------------------------------------------------------------------

def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


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


def _present(session: Session, ids: Sequence[str]) -> dict[str, int]:
    """Session UUID -> the profile that holds it here."""
    found: dict[str, int] = {}
    for chunk in _chunks(ids):
        found.update(session.execute(select(Attempt.uuid, Attempt.profile_id)
                                     .where(Attempt.uuid.in_(list(chunk)))).all())
    return found


def _in_progress_exam(record: AttemptRecord) -> bool:
    return record.mode in EXAM_MODES and record.submitted_at is None and not record.settings.get(ABANDONED)


@dataclass
class _Counted:
    """Scored answers added, summed per question and per (day, topic) before any upsert."""

    questions: dict[int, list[Any]] = field(default_factory=dict)  # [answered, correct, seconds, last_at, last]
    days: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    places: dict[int, Place] = field(default_factory=dict)

    def add(self, question: Question, at: datetime, correct: bool, seconds: float) -> None:
        cell = self.questions.setdefault(question.id, [0, 0, 0.0, at, correct])
        cell[0] += 1
        cell[1] += int(correct)
        cell[2] += seconds
        if at >= cell[3]:
            cell[3], cell[4] = at, correct
        self.places.setdefault(question.id, Place.of(question))
        day = self.days.setdefault((question.id, day_number(at)), [0, 0])
        day[0] += 1
        day[1] += int(correct)

    def write(self, session: Session, profile_id: int) -> None:
        topics: dict[Place, int] = {}
        per_topic: dict[tuple[int, int], list[int]] = {}
        for (qid, day), (answered, correct) in self.days.items():
            place = self.places[qid]
            if place not in topics:
                topics[place] = topic_id(session, place)
            cell = per_topic.setdefault((day, topics[place]), [0, 0])
            cell[0] += answered
            cell[1] += correct
        add_many(session, profile_id,
                 [(qid, a, c, sec, at, last) for qid, (a, c, sec, at, last) in self.questions.items()],
                 [(day, topic, a, c) for (day, topic), (a, c) in per_topic.items()])


# -- one session -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Scoring:
    """What an item is scored against: the question here, or the instructor's issued key."""

    kind: str
    key: tuple[int, ...]
    options: tuple[int, ...]  # the option positions as the file numbers them
    stored: tuple[int, ...]  # ... and as this computer stores them, in the same order
    issued: bool = False  # scored against the instructor's copy: a student's copy may have differed


def _scoring(question: Question, issued: IssuedKey | None) -> _Scoring | None:
    positions = tuple(sorted(c.position for c in question.choices))
    if issued is None:
        return _Scoring(question.kind, tuple(c.position for c in question.choices if c.is_correct), positions,
                        positions)
    if issued.options != len(positions):
        return None  # the source question changed shape since the pack was issued: cannot be placed
    return _Scoring(issued.kind, issued.keys, tuple(range(issued.options)), positions, issued=True)


def _checked_choice(scoring: _Scoring, item: ItemRecord, where: str) -> tuple[int, ...] | None:
    """The chosen options, each one the question has; several for a one-answer question only
    against the instructor's copy (the student's copy said otherwise: it is simply wrong)."""
    if item.chosen is None:
        return None
    for p in item.chosen:
        if p not in scoring.options:
            raise UserError(f"this history file is damaged or was edited ({where}: 'chosen' holds option {p}, which "
                            f"the question {item.question[0]}/{item.question[1]} does not have); nothing was imported")
    if scoring.kind != MULTIPLE and len(item.chosen) > 1 and not scoring.issued:
        raise UserError(f"this history file is damaged or was edited ({where}: 'chosen' holds several options for "
                        f"a question with one answer); nothing was imported")
    return item.chosen


def _stored(scoring: _Scoring, positions: Iterable[int]) -> list[int]:
    mapping = dict(zip(scoring.options, scoring.stored, strict=True))
    return [mapping[p] for p in positions]


class _Merger:
    def __init__(self, session: Session, profile: Profile, history: HistoryFile, progress: Progress | None) -> None:
        self.session = session
        self.profile = profile
        self.history = history
        self.progress = progress
        self.present = _present(session, [a.id for a in history.attempts])
        index = PackIndex(session)
        self.plans: dict[str, PackPlan] = {}
        for record in history.attempts:
            plan = index.plan(record, history.profile)
            if plan is not None:
                self.plans[record.id] = plan
        self.pack_slugs = {i.question[0] for a in history.attempts if a.id in self.plans for i in a.items}
        keys = {k for a in history.attempts for i in a.items for k in self._candidates(a, i.question)}
        keys |= {k for c in history.cards for k in self._card_candidates(c.question)}
        keys |= {b.question for b in history.bookmarks} | {n.question for n in history.notes}
        self.questions = _question_map(session, keys)
        self.rows = {q.id: q for chunk in _chunks([qid for qid, _ in self.questions.values()])
                     for q in session.scalars(select(Question).where(Question.id.in_(list(chunk)))
                                              .options(selectinload(Question.choices)))}
        self.blueprints = dict(session.execute(select(Blueprint.slug, Blueprint.id)).all())
        self.counted = _Counted()
        self.warnings: list[str] = [w for plan in self.plans.values() for w in plan.warnings]
        self.added = self.left_out = self.answers = self.skipped = self.recomputed = 0
        self.owners: dict[str, int] = {}  # session UUID -> the profile that holds it after the merge
        self.pending: list[tuple[Attempt, list[dict[str, Any]]]] = []  # prepared, not yet stored

    def _candidates(self, record: AttemptRecord, key: QuestionKey) -> list[QuestionKey]:
        plan = self.plans.get(record.id)
        if plan is not None:
            return plan.keys_for(key)
        if record.mode == "pack" and record.pack is not None and record.pack.name is not None:
            return []  # a signed pack this computer does not have: never matched by slug to another
        return [key]

    def _card_candidates(self, key: QuestionKey) -> list[QuestionKey]:
        if key[0] not in self.pack_slugs:
            return [key]
        for plan in self.plans.values():
            found = plan.keys_for(key)
            if found:
                return found
        return []

    def _question(self, candidates: Iterable[QuestionKey]) -> Question | None:
        for key in candidates:
            found = self.questions.get(key)
            if found is not None:
                return self.rows[found[0]]
        return None

    def _flush(self) -> None:
        """Stores the sessions prepared so far: one flush for their keys, one insert for their items."""
        if not self.pending:
            return
        self.session.add_all([attempt for attempt, _ in self.pending])
        self.session.flush()
        self.session.execute(insert(AttemptItem), [{"attempt_id": attempt.id, **row}
                                                   for attempt, rows in self.pending for row in rows])
        self.pending.clear()

    def run(self) -> None:
        total = len(self.history.attempts)
        for number, record in enumerate(self.history.attempts, start=1):
            if record.id in self.present:
                self.owners[record.id] = self.present[record.id]
            elif _in_progress_exam(record):
                self.left_out += 1
            else:
                self._add(record, number)
            if self.progress is not None and (number % CHUNK == 0 or number == total):
                self.progress(number, total)
        self._flush()
        self.counted.write(self.session, self.profile.id)

    def _add(self, record: AttemptRecord, number: int) -> None:
        plan = self.plans.get(record.id)
        kept: list[tuple[ItemRecord, Question, _Scoring]] = []
        for item in record.items:
            question = self._question(self._candidates(record, item.question))
            issued = plan.issued.get(item.question[1]) if plan is not None and plan.issued is not None else None
            missing_key = plan is not None and plan.issued is not None and issued is None
            scoring = None if question is None or missing_key else _scoring(question, issued)
            if question is None or scoring is None:
                self.skipped += int(bool(item.chosen))
                continue
            kept.append((item, question, scoring))
        if not kept:
            return
        settings = dict(record.settings)
        blueprint_id = self.blueprints.get(record.blueprint) if record.blueprint else None
        if plan is not None:
            settings["pack"] = plan.stamp.as_settings()
            blueprint_id = self.blueprints.get(plan.slug_here) if plan.slug_here else None
            if blueprint_id is None:
                settings[BLUEPRINT_SLUG] = plan.stamp.name
        elif record.pack is not None:
            settings["pack"] = record.pack.as_settings()
        if record.blueprint and blueprint_id is None and BLUEPRINT_SLUG not in settings:
            settings[BLUEPRINT_SLUG] = record.blueprint
        attempt = Attempt(
            uuid=record.id, profile_id=self.profile.id, mode=record.mode, blueprint_id=blueprint_id, seed=record.seed,
            started_at=record.started_at, submitted_at=record.submitted_at, elapsed_seconds=record.elapsed_seconds,
            checkpoint_at=record.checkpoint_at, time_limit_seconds=record.time_limit_seconds, strict=record.strict,
            accommodation=record.accommodation, current_index=max(0, min(record.current_index, len(kept) - 1)),
            settings=settings, score=None)
        exam = record.mode in EXAM_MODES
        claimed_right = computed_right = differ = 0
        rows: list[dict[str, Any]] = []
        for position, (item, question, scoring) in enumerate(kept):  # renumbered: positions index the item list
            chosen = _checked_choice(scoring, item, f"session {number}, answer {item.position + 1}")
            settled = record.submitted_at is not None if exam else bool(chosen) and item.correct is not None
            correct: bool | None = None
            if settled:
                correct = bool(chosen) and is_correct(scoring.kind, chosen or (), scoring.key)
                if chosen and correct != item.correct:
                    self.recomputed += 1
                    differ += 1
                if item.scored:
                    claimed_right += int(bool(item.correct))
                    computed_right += int(correct)
                    if chosen:
                        at = item.answered_at or record.submitted_at or record.started_at
                        self.counted.add(question, at, correct, item.seconds_spent)
                        self.answers += 1
            order = list(item.display_order)
            if sorted(order) != list(scoring.options):
                order = list(scoring.options)  # shown in the question's own order where the file's does not fit
            rows.append({"position": position, "question_id": question.id, "display_order": _stored(scoring, order),
                         "chosen": None if chosen is None else _stored(scoring, chosen), "flagged": item.flagged,
                         "guessed": item.guessed, "seconds_spent": item.seconds_spent, "correct": correct,
                         "scored": item.scored, "answered_at": item.answered_at})
        if record.submitted_at is not None:
            scored = [r for r in rows if r["scored"] and r["correct"] is not None]
            attempt.score = sum(1 for r in scored if r["correct"]) / len(scored) if scored else None
        self.pending.append((attempt, rows))
        if len(self.pending) >= CHUNK:
            self._flush()
        if plan is not None and plan.issued is not None and (differ or _score_differs(record, attempt.score)):
            total = sum(1 for item, _, _ in kept if item.scored)
            self.warnings.append(mismatch_warning(self.history.profile, record, claimed_right, computed_right, total,
                                                  differ))
        self.owners[record.id] = self.profile.id
        self.added += 1

    # -- review cards ----------------------------------------------------------------------------

    def cards(self) -> tuple[int, int, int, int]:
        """(added, updated, skipped, went to another profile)."""
        newest: dict[QuestionKey, tuple[datetime, int]] = {}
        for record in self.history.attempts:
            owner = self.owners.get(record.id)
            if owner is None:
                continue
            for item in record.items:
                seen = newest.get(item.question)
                if seen is None or record.started_at >= seen[0]:
                    newest[item.question] = (record.started_at, owner)
        others = {o for o in self.owners.values() if o != self.profile.id}
        fallback = self.profile.id
        if others:
            latest = max((r for r in self.history.attempts if r.id in self.owners), key=lambda r: r.started_at)
            fallback = self.owners[latest.id]
        by_owner: dict[int, list[CardRecord]] = {}
        for card in self.history.cards:
            owner = newest[card.question][1] if card.question in newest else fallback
            by_owner.setdefault(owner, []).append(card)
        added = updated = skipped = elsewhere = 0
        for owner, cards in by_owner.items():
            a, u, s = self._merge_cards(owner, cards)
            skipped += s
            if owner == self.profile.id:
                added, updated = added + a, updated + u
            elif a + u:
                elsewhere += a + u
                who = self.session.get(Profile, owner)
                whom = who.name if who else "another profile"
                self.warnings.append(f"{plural(a + u, 'review card')} went to {whom}: "
                                     "they "
                                     "follow the sessions they come from, which are that profile's here")
        return added, updated, skipped, elsewhere

    def _merge_cards(self, owner: int, cards: Sequence[CardRecord]) -> tuple[int, int, int]:
        """A card missing here is added; one here is replaced only by a more recent review."""
        stored = self.session.scalars(select(ReviewCard).where(ReviewCard.profile_id == owner))
        mine = {c.question_id: c for c in stored}
        added = updated = skipped = 0
        for record in cards:
            question = self._question(self._card_candidates(record.question))
            if question is None or question.retired:
                skipped += 1
                continue
            current = mine.get(question.id)
            if current is None:
                mine[question.id] = ReviewCard(profile_id=owner, question_id=question.id, state=record.state,
                                               state_version=record.state_version, due=record.due)
                self.session.add(mine[question.id])
                added += 1
            elif current.state_version == STATE_VERSION and _last_review(current.state) < _aware(record.last_review):
                current.state = record.state
                current.state_version = record.state_version
                current.due = record.due
                current.previous_state = None  # a review made elsewhere: its grade stays as given
                updated += 1
            else:
                skipped += 1
        return added, updated, skipped

    # -- bookmarks and notes ---------------------------------------------------------------------

    def marks(self) -> tuple[int, int, int]:
        """(bookmarks added, notes added, notes updated): a bookmark missing here is added; a note
        missing here is added, one here replaced only by a more recently written one. Marks on
        questions this computer lacks are left out."""
        owner = self.profile.id
        marked = set(self.session.scalars(select(Bookmark.question_id).where(Bookmark.profile_id == owner)))
        bookmarks = 0
        for record in self.history.bookmarks:
            question = self._question([record.question])
            if question is None or question.id in marked:
                continue
            self.session.add(Bookmark(profile_id=owner, question_id=question.id, created_at=record.created_at))
            marked.add(question.id)
            bookmarks += 1
        mine = {n.question_id: n for n in self.session.scalars(
            select(QuestionNote).where(QuestionNote.profile_id == owner))}
        added = updated = 0
        for note in self.history.notes:
            question = self._question([note.question])
            if question is None:
                continue
            current = mine.get(question.id)
            if current is None:
                mine[question.id] = QuestionNote(profile_id=owner, question_id=question.id, text=note.text,
                                                 updated_at=note.updated_at)
                self.session.add(mine[question.id])
                added += 1
            elif _aware(current.updated_at) < _aware(note.updated_at) and current.text != note.text:
                current.text, current.updated_at = note.text, note.updated_at
                updated += 1
        return bookmarks, added, updated


def _score_differs(record: AttemptRecord, score: float | None) -> bool:
    return record.score is not None and (score is None or abs(record.score - score) > 1e-9)


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return LONG_AGO
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _last_review(state: dict[str, Any]) -> datetime:
    try:
        return _aware(datetime.fromisoformat(state["last_review"]))
    except (KeyError, TypeError, ValueError):
        return LONG_AGO


def merge_history(session: Session, profile_id: int, history: HistoryFile, now: datetime, *,
                  into_other_profile: bool = False, progress: Progress | None = None) -> HistoryImport:
    """Adds the file's history to a profile in the caller's transaction. Does not commit.
    Raises OtherProfile (before writing anything) when the file is another profile's and
    `into_other_profile` is not given; UserError when an answer names an option its question
    does not have."""
    profile = session.get(Profile, profile_id)
    if profile is None:
        raise UserError("that profile no longer exists")
    problem = ownership_problem(session, profile, history)
    if problem is not None and not into_other_profile:
        raise OtherProfile(f"{problem}. Nothing was imported; confirm to import it into {profile.name} anyway",
                           history, profile.name)
    merger = _Merger(session, profile, history, progress)
    merger.run()
    added, updated, skipped, elsewhere = merger.cards()
    bookmarks, notes_added, notes_updated = merger.marks()
    if problem is not None:
        _link(session, profile, history, now)
    return HistoryImport(profile.name, merger.added, len(merger.present), merger.left_out, merger.answers,
                         merger.skipped, merger.recomputed, added, updated, skipped, elsewhere,
                         tuple(merger.warnings), bookmarks, notes_added, notes_updated)
