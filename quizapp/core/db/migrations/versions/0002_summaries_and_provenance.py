"""tables for statistics summaries and bank provenance

answer_daily keeps answers per profile, question and local day in the answering transaction
(the statistics aggregate it instead of every answer); source_document holds the readable
titles of the bank's sources; bank_change logs what each bank upgrade did to a question.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import quizapp.core.db.types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('source_document',
    sa.Column('file', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('file', name=op.f('pk_source_document'))
    )
    op.create_table('bank_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('ext_id', sa.String(length=200), nullable=False),
    sa.Column('change', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('at', quizapp.core.db.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['set_id'], ['question_set.id'], name=op.f('fk_bank_change_set_id_question_set')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_change'))
    )
    with op.batch_alter_table('bank_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_change_set_id'), ['set_id'], unique=False)

    op.create_table('answer_daily',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['profile.id'], name=op.f('fk_answer_daily_profile_id_profile')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_answer_daily_question_id_question')),
    sa.PrimaryKeyConstraint('profile_id', 'question_id', 'day', name=op.f('pk_answer_daily'))
    )
    with op.batch_alter_table('answer_daily', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_daily_question_id'), ['question_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('answer_daily', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_daily_question_id'))

    op.drop_table('answer_daily')
    with op.batch_alter_table('bank_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_change_set_id'))

    op.drop_table('bank_change')
    op.drop_table('source_document')
