"""profile ids, the profiles a history came from, exam packs by signer

- `profile.uuid` names a student for good, across computers; every existing profile gets one.
- `profile_source` remembers a profile elsewhere whose history was imported into a profile here
  after the student confirmed it (issue #24: a history never mixes students silently).
- `exam_pack` names each exam pack by its signer and its own short name: a pack already
  installed becomes an "imported" row, unsigned (it was made before packs were signed).
- A pack attempt keeps the template it was taken under: its pass mark and time limit are copied
  into its settings (`pack`), so a later version of the pack never re-judges it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import sqlalchemy as sa
from alembic import op

import quizapp.core.db.types

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

def _profile_ids(bind: sa.Connection) -> None:
    """A plain ADD COLUMN (SQLite cannot rebuild `profile` while every history row points at
    it), filled, then a unique index."""
    op.add_column('profile', sa.Column('uuid', sa.String(length=36), nullable=False, server_default=''))
    for (profile_id,) in bind.execute(sa.text("SELECT id FROM profile")).all():
        bind.execute(sa.text("UPDATE profile SET uuid = :u WHERE id = :i"), {"u": str(uuid.uuid4()), "i": profile_id})
    op.create_index('ix_profile_uuid', 'profile', ['uuid'], unique=True)


def _installed_packs(bind: sa.Connection) -> None:
    """Every pack installed before signatures: unsigned, named by the slug it was installed as."""
    bind.execute(sa.text(
        "INSERT INTO exam_pack (role, name, signer, version, set_slug, trust, pass_mark, minutes, recorded_at) "
        "SELECT 'imported', b.slug, '', NULL, b.slug, 'unsigned', b.pass_mark, b.minutes, s.imported_at "
        "FROM blueprint b JOIN question_set s ON s.slug = b.slug "
        "WHERE b.origin IN ('pack', 'pack-removed') AND s.origin_format IN ('exam-pack', 'removed:exam-pack')"))


def _pack_attempts_keep_their_template(bind: sa.Connection) -> None:
    rows = bind.execute(sa.text(
        "SELECT a.id, a.settings, b.pass_mark, b.minutes FROM attempt a JOIN blueprint b ON b.id = a.blueprint_id "
        "WHERE a.mode = 'pack'")).all()
    for attempt_id, settings, mark, minutes in rows:
        value: dict[str, Any] = json.loads(settings) if isinstance(settings, str) else dict(settings or {})
        if not isinstance(value, dict) or "pack" in value:
            continue
        value["pack"] = {"pass_mark": mark, "minutes": minutes}
        bind.execute(sa.text("UPDATE attempt SET settings = :s WHERE id = :i"),
                     {"s": json.dumps(value), "i": attempt_id})


def upgrade() -> None:
    bind = op.get_bind()
    _profile_ids(bind)
    op.create_table('profile_source',
                    sa.Column('uuid', sa.String(length=36), nullable=False),
                    sa.Column('profile_id', sa.Integer(), nullable=False),
                    sa.Column('linked_at', quizapp.core.db.types.UTCDateTime(), nullable=False),
                    sa.ForeignKeyConstraint(['profile_id'], ['profile.id'],
                                            name=op.f('fk_profile_source_profile_id_profile')),
                    sa.PrimaryKeyConstraint('uuid', name=op.f('pk_profile_source')))
    op.create_index(op.f('ix_profile_source_profile_id'), 'profile_source', ['profile_id'], unique=False)
    op.create_table('exam_pack',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('role', sa.String(length=10), nullable=False),
                    sa.Column('name', sa.String(length=120), nullable=False),
                    sa.Column('signer', sa.String(length=64), nullable=False),
                    sa.Column('version', quizapp.core.db.types.UTCDateTime(), nullable=True),
                    sa.Column('set_slug', sa.String(length=120), nullable=True),
                    sa.Column('trust', sa.String(length=20), nullable=False),
                    sa.Column('pass_mark', sa.Double(), nullable=True),
                    sa.Column('minutes', sa.Integer(), nullable=True),
                    sa.Column('answer_key', sa.JSON(), nullable=True),
                    sa.Column('recorded_at', quizapp.core.db.types.UTCDateTime(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_pack')))
    op.create_index('ix_exam_pack_name_signer', 'exam_pack', ['name', 'signer'], unique=False)
    _installed_packs(bind)
    _pack_attempts_keep_their_template(bind)


def downgrade() -> None:
    op.drop_index('ix_exam_pack_name_signer', table_name='exam_pack')
    op.drop_table('exam_pack')
    op.drop_index(op.f('ix_profile_source_profile_id'), table_name='profile_source')
    op.drop_table('profile_source')
    op.drop_index('ix_profile_uuid', table_name='profile')
    op.drop_column('profile', 'uuid')
