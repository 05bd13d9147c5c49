"""bookmarks, personal notes, a daily goal, question search, changeable review grades

- `bookmark` (profile, question): questions a student keeps for later.
- `question_note`: a student's own note on a question, one per profile and question.
- `profile.daily_goal`: questions a day the student aims for (20 until they set their own).
- `review_card.previous_state`: the card before its latest review, so that review's grade can
  be changed (NULL for the cards already here: their last grade stays as it is).
- SQLite only: the full-text tables `question_fts` (every question's stem, options, rationale
  and topic, filled here from the questions already installed) and `question_note_fts` (the
  notes, kept in step by three triggers). PostgreSQL's index is described in
  quizapp.core.search.index; this revision adds none there.

Only tables and columns are added; nothing is changed or dropped, so `downgrade` simply drops
them again (the app also takes a backup first, quizapp.core.db.migrate).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08
"""

from __future__ import annotations

import html
import re

import sqlalchemy as sa
from alembic import op

import quizapp.core.db.types

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

BATCH = 2000
_TAG = re.compile(r"<[^>]*>")

# Frozen copy of quizapp.core.search.index.FTS_DDL as of this revision.
FTS_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS question_fts USING fts5("
    "stem, options, rationale, topic, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '3')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS question_note_fts USING fts5("
    "text, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '3')",
    "CREATE TRIGGER IF NOT EXISTS question_note_fts_insert AFTER INSERT ON question_note BEGIN "
    "INSERT INTO question_note_fts (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS question_note_fts_update AFTER UPDATE OF text ON question_note BEGIN "
    "DELETE FROM question_note_fts WHERE rowid = old.id; "
    "INSERT INTO question_note_fts (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS question_note_fts_delete AFTER DELETE ON question_note BEGIN "
    "DELETE FROM question_note_fts WHERE rowid = old.id; END",
)


def _plain(text: str | None, text_format: str) -> str:
    text = text or ""
    return html.unescape(_TAG.sub(" ", text)) if text_format == "html" else text


def _fill_question_index(bind: sa.Connection) -> None:
    """Every question's words, in batches (a 10,000-question bank is a few MB of text)."""
    options: dict[int, list[str]] = {}
    for qid, text in bind.execute(sa.text("SELECT question_id, text FROM choice ORDER BY question_id, position")):
        options.setdefault(qid, []).append(text)
    rows = bind.execute(sa.text("SELECT id, stem, text_format, rationale, topic FROM question ORDER BY id")).all()
    insert = sa.text("INSERT INTO question_fts (rowid, stem, options, rationale, topic) "
                     "VALUES (:id, :stem, :options, :rationale, :topic)")
    for start in range(0, len(rows), BATCH):
        bind.execute(insert, [
            {"id": qid, "stem": _plain(stem, fmt), "rationale": _plain(rationale, fmt), "topic": topic or "",
             "options": "\n".join(_plain(o, fmt) for o in options.get(qid, []))}
            for qid, stem, fmt, rationale, topic in rows[start:start + BATCH]])


def upgrade() -> None:
    op.create_table('bookmark',
        sa.Column('profile_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('created_at', quizapp.core.db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['profile_id'], ['profile.id'], name='fk_bookmark_profile_id_profile'),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], name='fk_bookmark_question_id_question'),
        sa.PrimaryKeyConstraint('profile_id', 'question_id', name='pk_bookmark'),
    )
    op.create_index('ix_bookmark_question_id', 'bookmark', ['question_id'], unique=False)
    op.create_table('question_note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('profile_id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('updated_at', quizapp.core.db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['profile_id'], ['profile.id'], name='fk_question_note_profile_id_profile'),
        sa.ForeignKeyConstraint(['question_id'], ['question.id'], name='fk_question_note_question_id_question'),
        sa.PrimaryKeyConstraint('id', name='pk_question_note'),
        sa.UniqueConstraint('profile_id', 'question_id', name='uq_question_note_profile_id'),
    )
    op.create_index('ix_question_note_question_id', 'question_note', ['question_id'], unique=False)
    with op.batch_alter_table('profile') as batch:
        batch.add_column(sa.Column('daily_goal', sa.Integer(), server_default='20', nullable=False))
    with op.batch_alter_table('review_card') as batch:
        batch.add_column(sa.Column('previous_state', sa.JSON(), nullable=True))

    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in FTS_DDL:
            bind.exec_driver_sql(statement)
        _fill_question_index(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("question_note_fts_insert", "question_note_fts_update", "question_note_fts_delete"):
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        for name in ("question_note_fts", "question_fts"):
            bind.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
    with op.batch_alter_table('review_card') as batch:
        batch.drop_column('previous_state')
    with op.batch_alter_table('profile') as batch:
        batch.drop_column('daily_goal')
    op.drop_index('ix_question_note_question_id', table_name='question_note')
    op.drop_table('question_note')
    op.drop_index('ix_bookmark_question_id', table_name='bookmark')
    op.drop_table('bookmark')
