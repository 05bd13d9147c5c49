"""Question sets as instructors manage them: list, switch on/off, rename, remove, browse, search.

Nothing here deletes a question: students' answers, attempts and reports point at questions for
good. Removing a set switches it off and marks it removed — its `origin_format` gets the prefix
`removed:` (no schema change) — so it drops out of every list and is never served, while every
statistic that counts its past answers stays the same. Importing the same set again brings it
back; so does `restore`.
"""

from __future__ import annotations

import builtins
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, exists, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.bank.builtin_sets import BUILTIN_SETS, RESERVED_SLUGS
from quizapp.core.changes import Changes
from quizapp.core.db.models import Blueprint, Choice, Question, QuestionMedia, QuestionReport, QuestionSet
from quizapp.core.errors import UserError
from quizapp.core.questions import LETTERS, Citation, Media, QuestionData, QuestionKind, split_stored_tags
from quizapp.core.questions import Choice as ChoiceData

REMOVED = "removed:"
PACK_FORMAT = "exam-pack"  # origin_format of a set an exam pack brought in
PACK, PACK_REMOVED = "pack", "pack-removed"  # Blueprint.origin of a pack, taken or removed
MAX_NAME = 200
PAGE = 50


def is_removed(qset: QuestionSet) -> bool:
    return (qset.origin_format or "").startswith(REMOVED)


def live_sets() -> ColumnElement[bool]:
    """The SQL condition for sets that were not removed."""
    return or_(QuestionSet.origin_format.is_(None), ~QuestionSet.origin_format.startswith(REMOVED))


def find_set(session: Session, slug: str) -> QuestionSet:
    """The set `slug`, or UserError naming the sets there are (a removed set is not there)."""
    qset = session.scalar(select(QuestionSet).where(QuestionSet.slug == slug, live_sets()))
    if qset is None:
        known = ", ".join(session.scalars(select(QuestionSet.slug).where(live_sets()).order_by(QuestionSet.slug)))
        raise UserError(f"there is no question set {slug!r} (sets: {known or 'none'})")
    return qset


def clean_set_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserError("a set's name cannot be empty")
    if len(cleaned) > MAX_NAME:
        raise UserError(f"a set's name has at most {MAX_NAME} characters")
    return cleaned


@dataclass(frozen=True)
class SetInfo:
    slug: str
    name: str
    questions: int
    enabled: bool
    origin: str | None  # the file it came from
    format: str | None = None  # gift | aiken | moodle-xml | csv | json | bank | exam-pack

    @property
    def is_pack(self) -> bool:
        return self.format == PACK_FORMAT

    @property
    def is_builtin(self) -> bool:
        """One of the sets that ship with the app: browsed and exported, never renamed or removed."""
        return self.slug in RESERVED_SLUGS


@dataclass(frozen=True)
class QuestionSummary:
    """A row of the set's question browser."""

    question_id: int
    ext_id: str
    stem: str
    text_format: str
    kind: str
    domain: str | None
    subdomain: str | None
    topic: str | None
    difficulty: int | None
    options: int
    key: str  # letters, e.g. "B" or "AC"
    reports: int  # "Report a problem" reports students left on it


@dataclass(frozen=True)
class QuestionDetail:
    """One question of a set in full, as the importers would produce it, for the browser."""

    question_id: int
    set: str
    data: QuestionData
    reports: int


@dataclass(frozen=True)
class QuestionPage:
    set: str
    search: str
    total: int  # matches in all, of which `items` is the slice from `offset`
    offset: int
    items: tuple[QuestionSummary, ...]


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_condition(search: str) -> ColumnElement[bool] | None:
    """Every word of `search` in the stem, an option, the topic or the id, case-insensitive
    (ILIKE on PostgreSQL, lower() LIKE lower() on SQLite)."""
    clauses = []
    for word in search.split():
        pattern = _like(word)
        in_option = exists().where(Choice.question_id == Question.id, Choice.text.ilike(pattern, escape="\\"))
        clauses.append(or_(Question.stem.ilike(pattern, escape="\\"), Question.topic.ilike(pattern, escape="\\"),
                           Question.ext_id.ilike(pattern, escape="\\"), in_option))
    if not clauses:
        return None
    condition = clauses[0]
    for clause in clauses[1:]:
        condition = condition & clause
    return condition


def _citations(raw: Any) -> tuple[Citation, ...]:
    return tuple(Citation(str(c.get("source", "")), str(c.get("locator", "")), c.get("section") or None)
                 for c in raw or () if isinstance(c, dict))


def _kind(stored: str) -> QuestionKind:
    """A stored kind as the type it always is (the importers write nothing else)."""
    return "multiple" if stored == "multiple" else "truefalse" if stored == "truefalse" else "single"


def load_questions(session: Session, where: ColumnElement[bool]) -> list[tuple[int, QuestionData]]:
    """(question id, QuestionData) for the questions matching `where`, in stored order."""
    chosen = select(Question.id).where(where)
    choices: dict[int, list[ChoiceData]] = defaultdict(list)
    for qid, text, correct, feedback in session.execute(
        select(Choice.question_id, Choice.text, Choice.is_correct, Choice.feedback)
        .where(Choice.question_id.in_(chosen)).order_by(Choice.question_id, Choice.position)
    ):
        choices[qid].append(ChoiceData(text, bool(correct), feedback or ""))
    media: dict[int, list[Media]] = defaultdict(list)
    for qid, name, mime, data, alt in session.execute(
        select(QuestionMedia.question_id, QuestionMedia.name, QuestionMedia.mime, QuestionMedia.data, QuestionMedia.alt)
        .where(QuestionMedia.question_id.in_(chosen)).order_by(QuestionMedia.question_id, QuestionMedia.id)
    ):
        media[qid].append(Media(name, mime, bytes(data), alt or ""))
    rows = session.execute(
        select(Question.id, Question.ext_id, Question.domain, Question.subdomain, Question.topic, Question.stem,
               Question.text_format, Question.kind, Question.difficulty, Question.rationale, Question.citations,
               Question.tags)
        .where(where).order_by(Question.id)
    )
    loaded = []
    for qid, ext_id, domain, subdomain, topic, stem, text_format, kind, difficulty, rationale, citations, raw_tags \
            in rows:
        tags, moodle = split_stored_tags(raw_tags)
        loaded.append((qid, QuestionData(
            stem=stem, choices=tuple(choices[qid]), kind=_kind(kind), ext_id=ext_id, domain=domain, subdomain=subdomain,
            topic=topic, difficulty=difficulty, rationale=rationale or "", citations=_citations(citations),
            media=tuple(media[qid]), text_format="html" if text_format == "html" else "plain", tags=tags,
            moodle=moodle)))
    return loaded


def set_questions(session: Session, qset: QuestionSet) -> list[QuestionData]:
    """The set's live (not retired) questions as the importers would produce them: what an
    export writes. Three plain SELECTs, no ORM objects, so 10,000 questions load in a blink."""
    where = (Question.set_id == qset.id) & (Question.retired == False)  # noqa: E712
    return [data for _, data in load_questions(session, where)]


class SetService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def list(self) -> list[SetInfo]:
        """Every set not removed, the built-in sets first; `questions` counts live questions."""
        live = func.count(Question.id).filter(Question.retired == False)  # noqa: E712
        query = (
            select(QuestionSet, live)
            .outerjoin(Question, Question.set_id == QuestionSet.id)
            .where(live_sets())
            .group_by(QuestionSet.id)
            .order_by(case({s.slug: i for i, s in enumerate(BUILTIN_SETS)}, value=QuestionSet.slug,
                           else_=len(BUILTIN_SETS)), QuestionSet.name)
        )
        with self._sessions() as session:
            return [
                SetInfo(s.slug, s.name, int(n), s.enabled, s.origin_file, s.origin_format)
                for s, n in session.execute(query)
            ]

    def set_enabled(self, slug: str, enabled: bool) -> Changes:
        """Switches a set off (its questions stop being served; history stays) or back on."""
        with self._sessions.begin() as session:
            find_set(session, slug).enabled = enabled
        return Changes(bank=True)

    def rename(self, slug: str, name: str) -> Changes:
        """A new display name; the slug — what history and exports refer to — stays. A pack's
        exam takes the new name too."""
        if slug in RESERVED_SLUGS:
            raise UserError("a built-in set keeps its name")
        cleaned = clean_set_name(name)
        with self._sessions.begin() as session:
            qset = find_set(session, slug)
            qset.name = cleaned
            if qset.origin_format == PACK_FORMAT:
                for blueprint in self._pack_blueprints(session, slug):
                    blueprint.name = cleaned
        return Changes(bank=True)

    def remove(self, slug: str) -> Changes:
        """Hides the set and stops serving its questions (and a pack's exam); keeps every
        question row, so answers, attempts, statistics and reports stay as they were."""
        if slug in RESERVED_SLUGS:
            raise UserError("a built-in set cannot be removed; switch it off instead")
        with self._sessions.begin() as session:
            qset = find_set(session, slug)
            qset.enabled = False
            qset.origin_format = (REMOVED + (qset.origin_format or ""))[:20]
            for blueprint in self._pack_blueprints(session, slug):
                blueprint.origin = PACK_REMOVED
        return Changes(bank=True)

    def removed(self) -> builtins.list[SetInfo]:
        """Sets removed earlier, for an "undo" or a restore list."""
        query = select(QuestionSet).where(~live_sets()).order_by(QuestionSet.name)
        with self._sessions() as session:
            return [SetInfo(s.slug, s.name, 0, False, s.origin_file, (s.origin_format or "")[len(REMOVED):])
                    for s in session.scalars(query)]

    def restore(self, slug: str) -> Changes:
        """Brings a removed set back, switched on (a pack's set stays off: its exam is back)."""
        with self._sessions.begin() as session:
            qset = session.scalar(select(QuestionSet).where(QuestionSet.slug == slug, ~live_sets()))
            if qset is None:
                raise UserError(f"there is no removed question set {slug!r}")
            qset.origin_format = (qset.origin_format or "")[len(REMOVED):] or None
            qset.enabled = qset.origin_format != PACK_FORMAT
            for blueprint in self._pack_blueprints(session, slug, PACK_REMOVED):
                blueprint.origin = PACK
        return Changes(bank=True)

    def browse(self, slug: str, search: str = "", *, offset: int = 0, limit: int = PAGE) -> QuestionPage:
        """A page of the set's live questions, in stored order, optionally searched."""
        with self._sessions() as session:
            qset = find_set(session, slug)
            where = (Question.set_id == qset.id) & (Question.retired == False)  # noqa: E712
            condition = search_condition(search)
            if condition is not None:
                where = where & condition
            total = int(session.scalar(select(func.count(Question.id)).where(where)) or 0)
            rows = list(session.scalars(select(Question).where(where).order_by(Question.id)
                                        .offset(max(0, offset)).limit(max(0, limit))))
            ids = [q.id for q in rows]
            keys: dict[int, list[tuple[int, bool]]] = {i: [] for i in ids}
            for qid, position, correct in session.execute(
                    select(Choice.question_id, Choice.position, Choice.is_correct)
                    .where(Choice.question_id.in_(ids)).order_by(Choice.question_id, Choice.position)):
                keys[qid].append((position, bool(correct)))
            reports = dict(session.execute(
                select(QuestionReport.question_id, func.count(QuestionReport.id))
                .where(QuestionReport.question_id.in_(ids)).group_by(QuestionReport.question_id)).all())
            items = tuple(
                QuestionSummary(q.id, q.ext_id, q.stem, q.text_format, q.kind, q.domain, q.subdomain, q.topic,
                                q.difficulty, len(keys[q.id]),
                                "".join(LETTERS[i] for i, (_, ok) in enumerate(keys[q.id]) if ok and i < len(LETTERS)),
                                int(reports.get(q.id, 0)))
                for q in rows
            )
        return QuestionPage(slug, search, total, max(0, offset), items)

    def question(self, slug: str, ext_id: str) -> QuestionDetail:
        """Everything about one live question of the set; UserError if it is not there."""
        with self._sessions() as session:
            qset = find_set(session, slug)
            found = load_questions(session, (Question.set_id == qset.id) & (Question.ext_id == ext_id)
                                   & (Question.retired == False))  # noqa: E712
            if not found:
                raise UserError(f"the set {slug!r} has no question {ext_id!r}")
            qid, data = found[0]
            reports = session.scalar(select(func.count(QuestionReport.id)).where(QuestionReport.question_id == qid))
        return QuestionDetail(qid, slug, data, int(reports or 0))

    @staticmethod
    def _pack_blueprints(session: Session, slug: str, origin: str = PACK) -> builtins.list[Blueprint]:
        return list(session.scalars(select(Blueprint).where(Blueprint.slug == slug, Blueprint.origin == origin)))
