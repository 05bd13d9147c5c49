"""classes: profiles grouped by class, a student's PIN; 64-bit integers and question search on PostgreSQL

- `school_class` (name, created): a class shares the database's sets and blueprints; its
  students are profiles. A profile without a class belongs to the database's one implicit class.
- `profile.class_id` and names unique within a class (`uq_profile_class_id` on (class, name)
  replaces `uq_profile_name`); the app also refuses names that differ only in case.
- `profile.pin_hash`: a student's PIN, as a scrypt hash (never the PIN).
- On PostgreSQL only: `attempt_item.answered_at` and `tally_question.last_at` (seconds since
  1970, past 2038) become `bigint`; SQLite's INTEGER already holds 64 bits (`display_order`
  is a BIGINT from 0005 on).
- On PostgreSQL only: question search (#21) with the server's own text search, as 0007 gave
  SQLite FTS5 (quizapp.core.search.index): `question_search` (one weighted tsvector per
  question, GIN-indexed, filled here from the questions already installed) and a generated,
  GIN-indexed `document` column on `question_note` that the server keeps in step with the note.

SQLite rebuilds `profile` to drop its old unique constraint; other tables point at it, so
quizapp.core.db.migrate runs SQLite migrations with foreign keys off and checks them all before
committing (SQLite's own procedure for changing a table).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

from __future__ import annotations

import html
import re

import sqlalchemy as sa
from alembic import op

import quizapp.core.db.types

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_WIDE = (('attempt_item', 'answered_at', True), ('tally_question', 'last_at', False))
BATCH = 2000
_TAG = re.compile(r"<[^>]*>")

# Frozen copies of quizapp.core.search.index.PG_SEARCH_DDL and PG_DOCUMENT as of this revision.
PG_SEARCH_DDL = (
    "CREATE TABLE IF NOT EXISTS question_search ("
    "question_id integer PRIMARY KEY REFERENCES question (id) ON DELETE CASCADE, document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_question_search_document ON question_search USING gin (document)",
    "ALTER TABLE question_note ADD COLUMN IF NOT EXISTS document tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_question_note_document ON question_note USING gin (document)",
)
PG_DOCUMENT = ("setweight(to_tsvector('english', %(stem)s), 'A') || setweight(to_tsvector('english', %(topic)s), 'A')"
               " || setweight(to_tsvector('english', %(options)s), 'B')"
               " || setweight(to_tsvector('english', %(rationale)s), 'C')")


def _plain(text: str | None, text_format: str) -> str:
    text = text or ""
    return html.unescape(_TAG.sub(" ", text)) if text_format == "html" else text


def _fill_question_search(bind: sa.Connection) -> None:
    """Every installed question's document, in batches."""
    options: dict[int, list[str]] = {}
    for qid, text in bind.execute(sa.text("SELECT question_id, text FROM choice ORDER BY question_id, position")):
        options.setdefault(qid, []).append(text)
    rows = bind.execute(sa.text("SELECT id, stem, text_format, rationale, topic FROM question ORDER BY id")).all()
    insert = f"INSERT INTO question_search (question_id, document) VALUES (%(id)s, {PG_DOCUMENT})"
    for start in range(0, len(rows), BATCH):
        bind.exec_driver_sql(insert, [
            {"id": qid, "stem": _plain(stem, fmt), "rationale": _plain(rationale, fmt), "topic": topic or "",
             "options": "\n".join(_plain(o, fmt) for o in options.get(qid, []))}
            for qid, stem, fmt, rationale, topic in rows[start:start + BATCH]])


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        for table, column, nullable in _WIDE:
            op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer(),
                            existing_nullable=nullable)
    op.create_table('school_class',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('created_at', quizapp.core.db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_school_class')),
        sa.UniqueConstraint('name', name=op.f('uq_school_class_name')),
    )
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('class_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pin_hash', sa.String(length=200), nullable=True))
        batch_op.drop_constraint('uq_profile_name', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_profile_class_id'), ['class_id', 'name'])
        batch_op.create_foreign_key(batch_op.f('fk_profile_class_id_school_class'), 'school_class',
                                    ['class_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_profile_class_id'), ['class_id'], unique=False)
    if bind.dialect.name == "postgresql":
        for statement in PG_SEARCH_DDL:
            bind.exec_driver_sql(statement)
        _fill_question_search(bind)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_question_note_document")
        op.execute("ALTER TABLE question_note DROP COLUMN IF EXISTS document")
        op.execute("DROP TABLE IF EXISTS question_search")
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_profile_class_id'))
        batch_op.drop_constraint(batch_op.f('fk_profile_class_id_school_class'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_profile_class_id'), type_='unique')
        batch_op.create_unique_constraint('uq_profile_name', ['name'])
        batch_op.drop_column('pin_hash')
        batch_op.drop_column('class_id')
    op.drop_table('school_class')
    if op.get_bind().dialect.name == "postgresql":
        for table, column, nullable in _WIDE:
            op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.BigInteger(),
                            existing_nullable=nullable)
