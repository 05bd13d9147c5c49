"""a second built-in set (CCMA Essentials), its study notes, alt text for images

- `note` and `note_section` hold the study notes, installed with the built-in sets.
- `question_media.alt` keeps an image's alt text (what a screen reader says).
- The first built-in set is now called "Career-guide bank".
- The slug `essentials` is reserved for CCMA Essentials: an instructor's set already called
  that moves to the first free `essentials-N` — with its exam pack, the pack's question list and
  practice sessions that named it — so nothing a student answered changes owner.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

RESERVED = "essentials"
OLD_NAME, NEW_NAME = "Built-in CCMA bank", "Career-guide bank"


def _free_slug(bind: sa.Connection) -> str:
    taken = {row[0] for row in bind.execute(sa.text("SELECT slug FROM question_set"))}
    taken |= {row[0] for row in bind.execute(sa.text("SELECT slug FROM blueprint"))}
    number = 1
    while f"{RESERVED}-{number}" in taken:
        number += 1
    return f"{RESERVED}-{number}"


def _renamed(value: Any, old: str, new: str) -> Any:
    """A pack's [set, ext_id] pairs or a practice session's set list, with the set renamed."""
    if isinstance(value, list):
        return [_renamed(v, old, new) for v in value]
    return new if value == old else value


def _move_user_set(bind: sa.Connection) -> None:
    row = bind.execute(sa.text("SELECT id FROM question_set WHERE slug = :s"), {"s": RESERVED}).first()
    if row is None:
        return
    new = _free_slug(bind)
    bind.execute(sa.text("UPDATE question_set SET slug = :new WHERE id = :id"), {"new": new, "id": row[0]})
    bind.execute(sa.text("UPDATE blueprint SET slug = :new WHERE slug = :old AND origin IN ('pack', 'pack-removed')"),
                 {"new": new, "old": RESERVED})
    for blueprint_id, ids in bind.execute(sa.text("SELECT id, question_ids FROM blueprint "
                                                  "WHERE question_ids IS NOT NULL")).all():
        pairs = json.loads(ids) if isinstance(ids, str) else ids
        moved = [[new if s == RESERVED else s, e] for s, e in pairs]
        if moved != pairs:
            bind.execute(sa.text("UPDATE blueprint SET question_ids = :ids WHERE id = :id"),
                         {"ids": json.dumps(moved), "id": blueprint_id})
    for attempt_id, settings in bind.execute(sa.text("SELECT id, settings FROM attempt "
                                                     "WHERE CAST(settings AS TEXT) LIKE '%essentials%'")).all():
        data = json.loads(settings) if isinstance(settings, str) else settings
        if isinstance(data, dict) and isinstance(data.get("sets"), list):
            data["sets"] = _renamed(data["sets"], RESERVED, new)
            bind.execute(sa.text("UPDATE attempt SET settings = :v WHERE id = :id"),
                         {"v": json.dumps(data), "id": attempt_id})


def upgrade() -> None:
    op.create_table('note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('domain', sa.String(length=80), nullable=False),
    sa.Column('subdomain', sa.String(length=80), nullable=True),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note')),
    sa.UniqueConstraint('name', name=op.f('uq_note_name'))
    )
    op.create_table('note_section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('note_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('heading', sa.String(length=200), nullable=False),
    sa.Column('anchor', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sources', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['note_id'], ['note.id'], name=op.f('fk_note_section_note_id_note')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_note_section')),
    sa.UniqueConstraint('note_id', 'anchor', name=op.f('uq_note_section_note_id'))
    )
    with op.batch_alter_table('note_section', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_note_section_note_id'), ['note_id'], unique=False)
    with op.batch_alter_table('question_media', schema=None) as batch_op:
        batch_op.add_column(sa.Column('alt', sa.Text(), nullable=False, server_default=''))

    bind = op.get_bind()
    bind.execute(sa.text("UPDATE question_set SET name = :new WHERE slug = 'builtin' AND name = :old"),
                 {"new": NEW_NAME, "old": OLD_NAME})
    _move_user_set(bind)


def downgrade() -> None:
    with op.batch_alter_table('question_media', schema=None) as batch_op:
        batch_op.drop_column('alt')
    with op.batch_alter_table('note_section', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_note_section_note_id'))
    op.drop_table('note_section')
    op.drop_table('note')
    op.get_bind().execute(sa.text("UPDATE question_set SET name = :old WHERE slug = 'builtin' AND name = :new"),
                          {"new": NEW_NAME, "old": OLD_NAME})
