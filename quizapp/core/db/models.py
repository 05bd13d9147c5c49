"""The whole data model (DESIGN.md): later issues add columns by migration, never tables here first.

Questions are identified for life by (set, ext_id); the surrogate `id` only serves joins.
Nothing that answers point at is ever deleted: revised questions keep their row, retired ones
are hidden.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from quizapp.core.db.types import EpochSeconds, Milliseconds, PositionOrder, PositionSet, UTCDateTime

DEFAULT_DAILY_GOAL = 20  # questions a day, until the student sets their own

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class AppMeta(Base):
    """Small key/value facts about this database (e.g. the installed bank's content hash)."""

    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class QuestionSet(Base):
    __tablename__ = "question_set"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    origin_file: Mapped[str | None]
    origin_format: Mapped[str | None] = mapped_column(String(20))
    imported_at: Mapped[datetime]
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    content_hash: Mapped[str | None] = mapped_column(String(64))

    questions: Mapped[list[Question]] = relationship(back_populates="question_set")


class Question(Base):
    __tablename__ = "question"
    __table_args__ = (
        UniqueConstraint("set_id", "ext_id"),
        Index("ix_question_domain_subdomain", "domain", "subdomain"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("question_set.id"), index=True)
    ext_id: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str | None] = mapped_column(String(80))
    subdomain: Mapped[str | None] = mapped_column(String(80))
    topic: Mapped[str | None] = mapped_column(String(120), index=True)
    stem: Mapped[str] = mapped_column(Text)
    text_format: Mapped[str] = mapped_column(String(10), default="plain")
    kind: Mapped[str] = mapped_column(String(10))  # single | multiple | truefalse
    difficulty: Mapped[int | None]
    rationale: Mapped[str] = mapped_column(Text, default="")
    citations: Mapped[list[Any]] = mapped_column(default=list)  # [{"source", "locator"}]
    tags: Mapped[list[Any]] = mapped_column(default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime]

    question_set: Mapped[QuestionSet] = relationship(back_populates="questions")
    choices: Mapped[list[Choice]] = relationship(
        order_by="Choice.position", cascade="all, delete-orphan", back_populates="question"
    )
    media: Mapped[list[QuestionMedia]] = relationship(cascade="all, delete-orphan")


class Choice(Base):
    """An option in its stored position; answers refer to positions, so a revision that keeps
    positions keeps every past answer meaningful."""

    __tablename__ = "choice"
    __table_args__ = (UniqueConstraint("question_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    is_correct: Mapped[bool] = mapped_column(Boolean)
    feedback: Mapped[str] = mapped_column(Text, default="")

    question: Mapped[Question] = relationship(back_populates="choices")


class QuestionMedia(Base):
    __tablename__ = "question_media"
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(60))
    data: Mapped[bytes]
    alt: Mapped[str] = mapped_column(Text, default="")  # what a screen reader says instead


class Blueprint(Base):
    """An exam template: minutes and scored items per domain / sub-domain, plus unscored items.

    `counts` is {"domains": {name: n}, "subdomains": {name: n}}; an exam pack also fixes its
    questions (`question_ids`, as [set slug, ext_id] pairs) and may carry an instructor's pass mark.
    """

    __tablename__ = "blueprint"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int]
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    unscored: Mapped[int] = mapped_column(default=0)
    origin: Mapped[str] = mapped_column(String(20), default="builtin")  # builtin | instructor | pack
    pass_mark: Mapped[float | None]  # the instructor's, never the NHA's
    question_ids: Mapped[list[Any] | None]
    position: Mapped[int] = mapped_column(default=0)


class ExamPack(Base):
    """An exam pack as this computer knows it, named by who signed it and the pack's own short
    name (never by the set it was installed as).

    `role` "imported": a pack installed here as the set and exam `set_slug`; `trust` says how
    its signature relates to the signer pinned for its name ("pinned", "other-signer",
    "unsigned"). `role` "issued": a version this computer's instructor signed and exported,
    with its answer key (`answer_key`: {pack question id: {"kind", "keys", "options"}}), so a
    student's history is re-scored against the instructor's own copy.
    """

    __tablename__ = "exam_pack"
    __table_args__ = (Index("ix_exam_pack_name_signer", "name", "signer"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(10))  # imported | issued
    name: Mapped[str] = mapped_column(String(120))  # the pack's short name in its file
    signer: Mapped[str] = mapped_column(String(64), default="")  # raw Ed25519 public key, hex; "" unsigned
    version: Mapped[datetime | None]  # the pack file's created_at
    set_slug: Mapped[str | None] = mapped_column(String(120))  # imported: the set and exam it is here
    trust: Mapped[str] = mapped_column(String(20), default="")
    pass_mark: Mapped[float | None]
    minutes: Mapped[int | None]
    answer_key: Mapped[dict[str, Any] | None]
    recorded_at: Mapped[datetime]


class SchoolClass(Base):
    """A class on a shared database: its students are profiles; it shares the database's sets
    and blueprints. Profiles without a class form the database's one implicit class."""

    __tablename__ = "school_class"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    created_at: Mapped[datetime]


class Profile(Base):
    """A student. `uuid` names the profile for good, across computers: a history file carries
    it, so a file is never merged into another student's profile without being asked. Names are
    unique within a class (regardless of case, which the app checks); `pin_hash` is a scrypt
    hash of the student's PIN, when they set one."""

    __tablename__ = "profile"
    __table_args__ = (Index("ix_profile_uuid", "uuid", unique=True), UniqueConstraint("class_id", "name"))
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), default=lambda: str(uuid4()))
    name: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime]
    named_by_user: Mapped[bool] = mapped_column(Boolean, default=False)
    daily_goal: Mapped[int] = mapped_column(default=DEFAULT_DAILY_GOAL, server_default=str(DEFAULT_DAILY_GOAL))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id"), index=True)
    pin_hash: Mapped[str | None] = mapped_column(String(200))


class ProfileSource(Base):
    """A profile on another computer whose history a student chose to import into this one
    (`uuid` is that profile's): later files from it import without asking again."""

    __tablename__ = "profile_source"
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"), index=True)
    linked_at: Mapped[datetime]


class Attempt(Base):
    """A practice, mock, review or pack session.

    Keyed by a small integer (what every answer row repeats); `uuid` names it for good, so
    histories from two computers merge without two attempts ever being taken for one.
    """

    __tablename__ = "attempt"
    __table_args__ = (Index("ix_attempt_profile_mode_submitted", "profile_id", "mode", "submitted_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"))  # found by the index above
    mode: Mapped[str] = mapped_column(String(10))  # practice | mock | review | pack
    blueprint_id: Mapped[int | None] = mapped_column(ForeignKey("blueprint.id"), index=True)
    seed: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    elapsed_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    checkpoint_at: Mapped[datetime | None]  # wall time of the last checkpoint (strict mode)
    time_limit_seconds: Mapped[float | None] = mapped_column(Float)
    strict: Mapped[bool] = mapped_column(Boolean, default=False)
    accommodation: Mapped[float] = mapped_column(Float, default=1.0)
    current_index: Mapped[int] = mapped_column(default=0)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    score: Mapped[float | None] = mapped_column(Float)

    items: Mapped[list[AttemptItem]] = relationship(
        order_by="AttemptItem.position", cascade="all, delete-orphan", back_populates="attempt"
    )


class AttemptItem(Base):
    """One question in an attempt: one row per question served, so every column is small.

    Clustered on (attempt, position) without a rowid; `chosen` is a bit mask of stored choice
    positions, `display_order` those positions packed four bits each, `seconds_spent` whole
    milliseconds and `answered_at` seconds since 1970 (see quizapp.core.db.types). Only
    quizapp.core.answers writes `chosen` and `correct`.
    """

    __tablename__ = "attempt_item"
    __table_args__ = (Index("ix_attempt_item_question_id", "question_id"), {"sqlite_with_rowid": False})
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), primary_key=True)
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    display_order: Mapped[list[int]] = mapped_column(PositionOrder, default=list)
    chosen: Mapped[list[int] | None] = mapped_column(PositionSet)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    guessed: Mapped[bool] = mapped_column(Boolean, default=False)
    seconds_spent: Mapped[float] = mapped_column("spent_ms", Milliseconds, default=0.0)
    correct: Mapped[bool | None] = mapped_column(Boolean)
    scored: Mapped[bool] = mapped_column(Boolean, default=True)
    answered_at: Mapped[datetime | None] = mapped_column(EpochSeconds)

    attempt: Mapped[Attempt] = relationship(back_populates="items")


class TallyTopic(Base):
    """A (domain, subdomain, topic) that `tally_day` counts answers under, named once here.

    Empty strings stand for "none" so the unique constraint holds on every database (NULLs are
    never equal in a unique index).
    """

    __tablename__ = "tally_topic"
    __table_args__ = (UniqueConstraint("domain", "subdomain", "topic"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    domain: Mapped[str] = mapped_column(String(80))
    subdomain: Mapped[str] = mapped_column(String(80))
    topic: Mapped[str] = mapped_column(String(120))


class TallyDay(Base):
    """Scored answers per profile, local day and topic: the recent windows, the weekly chart and
    readiness read a few thousand of these instead of every answer.

    `day` counts local days since 1970-01-01. Kept in the answering transaction by
    quizapp.core.tallies; unscored (pretest) answers never reach it.
    """

    __tablename__ = "tally_day"
    __table_args__ = {"sqlite_with_rowid": False}
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"), primary_key=True)
    day: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("tally_topic.id"), primary_key=True)
    answered: Mapped[int] = mapped_column(default=0)
    correct: Mapped[int] = mapped_column(default=0)


class TallyQuestion(Base):
    """Scored answers per profile and question, all time, with the latest one's verdict.

    At most one row per question a student has answered, however long the history: the home
    page, the all-time statistics and "unseen first, then missed" read these.
    """

    __tablename__ = "tally_question"
    __table_args__ = {"sqlite_with_rowid": False}
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True)
    answered: Mapped[int] = mapped_column(default=0)
    correct: Mapped[int] = mapped_column(default=0)
    seconds: Mapped[float] = mapped_column("spent_ms", Milliseconds, default=0.0)
    last_at: Mapped[datetime] = mapped_column(EpochSeconds)
    last_correct: Mapped[bool] = mapped_column(Boolean)


class ReviewCard(Base):
    """A profile's FSRS card for a question. `state` is the fsrs library's own dict, as written
    by the format named in `state_version` (quizapp.core.scheduling reads only formats it
    knows, and never replaces an unreadable card by a new one without saying so)."""

    __tablename__ = "review_card"
    __table_args__ = (
        UniqueConstraint("profile_id", "question_id"),
        Index("ix_review_card_profile_due", "profile_id", "due"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state_version: Mapped[int] = mapped_column(SmallInteger, default=1)
    due: Mapped[datetime]
    # The card as it was before its latest review (format STATE_VERSION; {} for a card that
    # review created), so the student can change that review's grade: the new grade is applied
    # to this state at the same moment. None when there is nothing to change (an imported card).
    previous_state: Mapped[dict[str, Any] | None]


class Bookmark(Base):
    """A question a student keeps for later (Ctrl+B). Per profile; carried in the history file."""

    __tablename__ = "bookmark"
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True, index=True)
    created_at: Mapped[datetime]


class QuestionNote(Base):
    """A student's own note on a question ("My note"), shown under the rationale whenever the
    question comes back. At most one per profile and question; an emptied note is deleted.

    On SQLite its text is also in the full-text table `question_note_fts` (rowid = `id`), kept
    in step by triggers that migration 0007 creates (quizapp.core.search).
    """

    __tablename__ = "question_note"
    __table_args__ = (UniqueConstraint("profile_id", "question_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"))  # found by the unique index
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class QuestionReport(Base):
    """A student's "Report a problem" on a question, shown to instructors."""

    __tablename__ = "question_report"
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profile.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))  # wrong-key | unclear | typo | other
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class SourceDocument(Base):
    """A source document of the built-in bank and the readable title students see for it."""

    __tablename__ = "source_document"
    file: Mapped[str] = mapped_column(String(200), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))


class Note(Base):
    """A study note of CCMA Essentials, installed with the built-in sets so that the app and the
    CLI read it from the database like everything else. Replaced whole on every bank upgrade:
    nothing a student did points at a note (citations name it by `name` and section anchor)."""

    __tablename__ = "note"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)  # file stem, e.g. "phlebotomy"
    title: Mapped[str] = mapped_column(String(200))
    domain: Mapped[str] = mapped_column(String(80))
    subdomain: Mapped[str | None] = mapped_column(String(80))
    intro: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)  # test-plan order

    sections: Mapped[list[NoteSection]] = relationship(
        order_by="NoteSection.position", cascade="all, delete-orphan", back_populates="note"
    )


class NoteSection(Base):
    __tablename__ = "note_section"
    __table_args__ = (UniqueConstraint("note_id", "anchor"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("note.id"), index=True)
    position: Mapped[int]
    heading: Mapped[str] = mapped_column(String(200))
    anchor: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # Markdown, without the Sources line
    sources: Mapped[str] = mapped_column(Text, default="")

    note: Mapped[Note] = relationship(back_populates="sections")


class BankChange(Base):
    """The log of bank upgrades that changed a question (revised, re-keyed, retired, added)."""

    __tablename__ = "bank_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("question_set.id"), index=True)
    ext_id: Mapped[str] = mapped_column(String(200))
    change: Mapped[str] = mapped_column(String(20))  # added | revised | rekeyed | retired | restored
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime]


# Full-text tables made by migrations, not by these models (quizapp.core.search.index): SQLite's
# FTS5 tables (0007; SQLAlchemy cannot describe a virtual table, and FTS5 keeps each in shadow
# tables named after it, `question_fts_data`, `question_fts_idx`...) and PostgreSQL's
# `question_search` (0008), with the generated `document` column and GIN index it adds to
# `question_note`, which SQLite's table has not. Schema comparisons leave all of them out.
FULL_TEXT_TABLES = ("question_fts", "question_note_fts", "question_search")
FULL_TEXT_COLUMNS = (("question_note", "document"),)
FULL_TEXT_INDEXES = ("ix_question_note_document",)


def is_full_text_table(name: str | None) -> bool:
    """Whether `name` is a full-text table or one of its FTS5 shadow tables."""
    return name is not None and any(name == t or name.startswith(f"{t}_") for t in FULL_TEXT_TABLES)


def is_full_text_object(name: str | None, type_: str, parent_names: Mapping[str, str | None]) -> bool:
    """Whether a schema object Alembic's comparison meets (its `include_name` hook) is part of a
    full-text index rather than of these models."""
    if type_ == "table":
        return is_full_text_table(name)
    if type_ == "column":
        return (parent_names.get("table_name"), name) in FULL_TEXT_COLUMNS
    if type_ == "index":
        return name in FULL_TEXT_INDEXES
    return False
