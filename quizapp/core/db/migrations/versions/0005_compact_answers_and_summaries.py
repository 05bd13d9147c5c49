"""compact answers, real summaries, versioned review cards

A million answers took about 300 MiB: a 36-character text UUID in every answer row and in two
indexes, times as text, `display_order` and `chosen` as JSON text, and an `answer_daily`
"summary" holding one row per answer. This revision

- keys `attempt` by a small integer and keeps its UUID in `attempt.uuid` (histories from two
  computers still merge by it);
- rebuilds `attempt_item` without a rowid, keyed by (attempt, position), with `chosen` as a bit
  mask, `display_order` packed four bits per position, time spent in milliseconds
  (`spent_ms`) and `answered_at` as seconds since 1970, and one index (question);
- replaces `answer_daily` with `tally_question` (per profile and question, all time) and
  `tally_day` (per profile, local day and topic, named once in `tally_topic`), rebuilt from
  the answers themselves: scored answers only (issue #23: pretest answers never reach
  readiness), and the answers that 0001 -> 0002 left out of the statistics now counted;
- marks every review card's state with the format it is in (`state_version` 1).

Nothing is dropped before it has been copied, and the app takes a backup first
(quizapp.core.db.migrate). A settled answer stored without its time gets its attempt's (so its
day is known). Downgrading is by that backup.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from alembic import op

import quizapp.core.db.types
from quizapp.core.db.types import pack_order, pack_set

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

EXAM_MODES = ("mock", "pack")
BATCH = 5000
_EPOCH = datetime(1970, 1, 1).toordinal()

_new_attempt = sa.table(
    "attempt", sa.column("id", sa.Integer), sa.column("uuid", sa.String))
_FLAGS = ("flagged", "guessed", "correct", "scored")  # booleans: PostgreSQL takes no integer for them
_new_item = sa.table(
    "attempt_item", *(sa.column(name, sa.Boolean if name in _FLAGS else sa.Integer) for name in (
        "attempt_id", "position", "question_id", "display_order", "chosen", "flagged", "guessed", "spent_ms",
        "correct", "scored", "answered_at")))
_topic = sa.table("tally_topic", sa.column("id", sa.Integer), sa.column("domain", sa.String),
                  sa.column("subdomain", sa.String), sa.column("topic", sa.String))
_day = sa.table("tally_day", *(sa.column(n, sa.Integer) for n in ("profile_id", "day", "topic_id", "answered",
                                                                    "correct")))
_question = sa.table("tally_question", *(sa.column(n, sa.Boolean if n == "last_correct" else sa.Integer) for n in (
    "profile_id", "question_id", "answered", "correct", "spent_ms", "last_at", "last_correct")))


def _create_tables() -> None:
    op.create_table('attempt',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('profile_id', sa.Integer(), nullable=False),
        sa.Column('mode', sa.String(length=10), nullable=False),
        sa.Column('blueprint_id', sa.Integer(), nullable=True),
        sa.Column('seed', sa.Integer(), nullable=False),
        sa.Column('started_at', quizapp.core.db.types.UTCDateTime(), nullable=False),
        sa.Column('submitted_at', quizapp.core.db.types.UTCDateTime(), nullable=True),
        sa.Column('elapsed_seconds', sa.Float(), nullable=False),
        sa.Column('checkpoint_at', quizapp.core.db.types.UTCDateTime(), nullable=True),
        sa.Column('time_limit_seconds', sa.Float(), nullable=True),
        sa.Column('strict', sa.Boolean(), nullable=False),
        sa.Column('accommodation', sa.Float(), nullable=False),
        sa.Column('current_index', sa.Integer(), nullable=False),
        sa.Column('settings', sa.JSON(), nullable=False),
        sa.Column('score', sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(['blueprint_id'], ['blueprint.id'], name='fk_attempt_blueprint_id_blueprint'),
        sa.ForeignKeyConstraint(['profile_id'], ['profile.id'], name='fk_attempt_profile_id_profile'),
        sa.PrimaryKeyConstraint('id', name='pk_attempt'),
        sa.UniqueConstraint('uuid', name='uq_attempt_uuid'),
    )
    op.create_index('ix_attempt_blueprint_id', 'attempt', ['blueprint_id'], unique=False)
    op.create_index('ix_attempt_profile_mode_submitted', 'attempt', ['profile_id', 'mode', 'submitted_at'],
                    unique=False)
    op.create_table('attempt_item',
        sa.Column('attempt_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.SmallInteger(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('display_order', sa.BigInteger(), nullable=False),
        sa.Column('chosen', sa.Integer(), nullable=True),
        sa.Column('flagged', sa.Boolean(), nullable=False),
        sa.Column('guessed', sa.Boolean(), nullable=False),
        sa.Column('spent_ms', sa.Integer(), nullable=False),
        sa.Column('correct', sa.Boolean(), nullable=True),
        sa.Column('scored', sa.Boolean(), nullable=False),
        sa.Column('answered_at', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name='fk_attempt_item_attempt_id_attempt'),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], name='fk_attempt_item_question_id_question'),
        sa.PrimaryKeyConstraint('attempt_id', 'position', name='pk_attempt_item'),
        sqlite_with_rowid=False,
    )
    op.create_index('ix_attempt_item_question_id', 'attempt_item', ['question_id'], unique=False)
    op.create_table('tally_topic',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('domain', sa.String(length=80), nullable=False),
        sa.Column('subdomain', sa.String(length=80), nullable=False),
        sa.Column('topic', sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_tally_topic'),
        sa.UniqueConstraint('domain', 'subdomain', 'topic', name='uq_tally_topic_domain'),
    )
    op.create_table('tally_day',
        sa.Column('profile_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Integer(), nullable=False),
        sa.Column('topic_id', sa.Integer(), nullable=False),
        sa.Column('answered', sa.Integer(), nullable=False),
        sa.Column('correct', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['profile_id'], ['profile.id'], name='fk_tally_day_profile_id_profile'),
        sa.ForeignKeyConstraint(['topic_id'], ['tally_topic.id'], name='fk_tally_day_topic_id_tally_topic'),
        sa.PrimaryKeyConstraint('profile_id', 'day', 'topic_id', name='pk_tally_day'),
        sqlite_with_rowid=False,
    )
    op.create_table('tally_question',
        sa.Column('profile_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('answered', sa.Integer(), nullable=False),
        sa.Column('correct', sa.Integer(), nullable=False),
        sa.Column('spent_ms', sa.Integer(), nullable=False),
        sa.Column('last_at', sa.Integer(), nullable=False),
        sa.Column('last_correct', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['profile_id'], ['profile.id'], name='fk_tally_question_profile_id_profile'),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], name='fk_tally_question_question_id_question'),
        sa.PrimaryKeyConstraint('profile_id', 'question_id', name='pk_tally_question'),
        sqlite_with_rowid=False,
    )


def _moment(value: Any) -> datetime | None:
    """An old UTCDateTime value (naive UTC, as text in SQLite) as an aware datetime."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=timezone.utc)


def _positions(value: Any) -> list[int] | None:
    if value is None:
        return None
    found = json.loads(value) if isinstance(value, str) else value
    return [int(p) for p in found]


def _batches(rows: Iterator[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class _Tallies:
    """The summaries, summed in memory while the answers are copied (one pass over them)."""

    def __init__(self, places: dict[int, tuple[str, str, str]]) -> None:
        self.places = places
        self.questions: dict[tuple[int, int], list[int]] = {}  # answered, correct, ms, last_at, last_correct
        self.days: dict[tuple[int, int, tuple[str, str, str]], list[int]] = {}

    def count(self, profile_id: int, question_id: int, at: datetime, correct: bool, ms: int) -> None:
        epoch = int(at.timestamp())
        cell = self.questions.setdefault((profile_id, question_id), [0, 0, 0, epoch, int(correct)])
        cell[0] += 1
        cell[1] += int(correct)
        cell[2] += ms
        if epoch >= cell[3]:
            cell[3], cell[4] = epoch, int(correct)
        day = at.astimezone().date().toordinal() - _EPOCH
        tally = self.days.setdefault((profile_id, day, self.places[question_id]), [0, 0])
        tally[0] += 1
        tally[1] += int(correct)

    def write(self, connection: sa.Connection) -> None:
        ids: dict[tuple[str, str, str], int] = {}
        places = sorted({place for _, _, place in self.days})
        if places:
            connection.execute(_topic.insert(), [{"domain": d, "subdomain": s, "topic": t} for d, s, t in places])
        for topic_id, d, s, t in connection.execute(sa.select(_topic.c.id, _topic.c.domain, _topic.c.subdomain,
                                                              _topic.c.topic)):
            ids[(d, s, t)] = topic_id
        days = [{"profile_id": p, "day": d, "topic_id": ids[place], "answered": a, "correct": c}
                for (p, d, place), (a, c) in self.days.items()]
        questions = [{"profile_id": p, "question_id": q, "answered": a, "correct": c, "spent_ms": ms,
                      "last_at": at, "last_correct": bool(last)}
                     for (p, q), (a, c, ms, at, last) in self.questions.items()]
        for start in range(0, len(days), BATCH):
            connection.execute(_day.insert(), days[start:start + BATCH])
        for start in range(0, len(questions), BATCH):
            connection.execute(_question.insert(), questions[start:start + BATCH])


def _copy(connection: sa.Connection) -> None:
    connection.exec_driver_sql(
        "INSERT INTO attempt (uuid, profile_id, mode, blueprint_id, seed, started_at, submitted_at, elapsed_seconds, "
        "checkpoint_at, time_limit_seconds, strict, accommodation, current_index, settings, score) "
        "SELECT id, profile_id, mode, blueprint_id, seed, started_at, submitted_at, elapsed_seconds, checkpoint_at, "
        "time_limit_seconds, strict, accommodation, current_index, settings, score FROM attempt_0003 "
        "ORDER BY started_at, id")
    attempts = {uuid: (new_id, profile, mode, _moment(submitted), _moment(started))
                for uuid, new_id, profile, mode, submitted, started in connection.exec_driver_sql(
                    "SELECT a.uuid, a.id, a.profile_id, a.mode, a.submitted_at, a.started_at FROM attempt a")}
    places = {qid: (d or "", s or "", t or "") for qid, d, s, t in connection.exec_driver_sql(
        "SELECT id, domain, subdomain, topic FROM question")}
    tallies = _Tallies(places)
    rows = connection.exec_driver_sql(
        "SELECT attempt_id, position, question_id, display_order, chosen, flagged, guessed, seconds_spent, correct, "
        "scored, answered_at FROM attempt_item_0003 ORDER BY attempt_id, position")
    for batch in _batches(iter(rows)):
        values = []
        for old_id, position, qid, order, chosen, flagged, guessed, seconds, correct, scored, answered in batch:
            new_id, profile_id, mode, submitted, started = attempts[old_id]
            picked = _positions(chosen)
            at = _moment(answered)
            settled = bool(picked) and correct is not None and (mode not in EXAM_MODES or submitted is not None)
            if settled and at is None:
                at = submitted or started  # a settled answer is dated, so its day is known
            ms = max(0, round(float(seconds or 0.0) * 1000))
            if settled and scored and at is not None:
                tallies.count(profile_id, qid, at, bool(correct), ms)
            values.append({
                "attempt_id": new_id, "position": position, "question_id": qid,
                "display_order": pack_order(_positions(order) or []),
                "chosen": None if picked is None else pack_set(picked), "flagged": bool(flagged),
                "guessed": bool(guessed), "spent_ms": ms, "correct": None if correct is None else bool(correct),
                "scored": bool(scored),
                "answered_at": None if at is None else int(at.timestamp())})
        connection.execute(_new_item.insert(), values)
    tallies.write(connection)


def upgrade() -> None:
    for index, table in (('ix_attempt_item_attempt_id', 'attempt_item'),
                         ('ix_attempt_item_question_answered', 'attempt_item'),
                         ('ix_attempt_blueprint_id', 'attempt'), ('ix_attempt_profile_id', 'attempt'),
                         ('ix_attempt_profile_mode_submitted', 'attempt'),
                         ('ix_answer_daily_question_id', 'answer_daily')):
        op.drop_index(index, table_name=table)
    op.rename_table('attempt_item', 'attempt_item_0003')
    op.rename_table('attempt', 'attempt_0003')
    if op.get_bind().dialect.name != "sqlite":
        # PostgreSQL names a primary key or unique constraint by its index, and index names are
        # unique in a schema: the old tables' must step aside for the new tables' own.
        for table, constraint in (('attempt_item_0003', 'pk_attempt_item'),
                                  ('attempt_item_0003', 'uq_attempt_item_attempt_id'),
                                  ('attempt_0003', 'pk_attempt')):
            op.execute(f'ALTER TABLE {table} RENAME CONSTRAINT {constraint} TO {constraint}_0003')
    _create_tables()
    _copy(op.get_bind())
    op.drop_table('attempt_item_0003')
    op.drop_table('attempt_0003')
    op.drop_table('answer_daily')
    with op.batch_alter_table('review_card', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state_version', sa.SmallInteger(), nullable=False, server_default='1'))


def downgrade() -> None:
    raise NotImplementedError("0005 is undone by restoring the backup quizapp takes before migrating "
                              "(backups/quizapp-…-pre-migration.sqlite)")
