"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import quizapp.core.db.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_meta'))
    )
    op.create_table('blueprint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('unscored', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('pass_mark', sa.Double(), nullable=True),
    sa.Column('question_ids', sa.JSON(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blueprint')),
    sa.UniqueConstraint('slug', name=op.f('uq_blueprint_slug'))
    )
    op.create_table('profile',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('created_at', quizapp.core.db.types.UTCDateTime(), nullable=False),
    sa.Column('last_used_at', quizapp.core.db.types.UTCDateTime(), nullable=False),
    sa.Column('named_by_user', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_profile')),
    sa.UniqueConstraint('name', name=op.f('uq_profile_name'))
    )
    op.create_table('question_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('origin_file', sa.String(), nullable=True),
    sa.Column('origin_format', sa.String(length=20), nullable=True),
    sa.Column('imported_at', quizapp.core.db.types.UTCDateTime(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_set')),
    sa.UniqueConstraint('slug', name=op.f('uq_question_set_slug'))
    )
    op.create_table('attempt',
    sa.Column('id', sa.String(length=36), nullable=False),
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
    sa.ForeignKeyConstraint(['blueprint_id'], ['blueprint.id'], name=op.f('fk_attempt_blueprint_id_blueprint')),
    sa.ForeignKeyConstraint(['profile_id'], ['profile.id'], name=op.f('fk_attempt_profile_id_profile')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt'))
    )
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_blueprint_id'), ['blueprint_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attempt_profile_id'), ['profile_id'], unique=False)
        batch_op.create_index('ix_attempt_profile_mode_submitted', ['profile_id', 'mode', 'submitted_at'], unique=False)

    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('ext_id', sa.String(length=200), nullable=False),
    sa.Column('domain', sa.String(length=80), nullable=True),
    sa.Column('subdomain', sa.String(length=80), nullable=True),
    sa.Column('topic', sa.String(length=120), nullable=True),
    sa.Column('stem', sa.Text(), nullable=False),
    sa.Column('text_format', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('difficulty', sa.Integer(), nullable=True),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('citations', sa.JSON(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('updated_at', quizapp.core.db.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['set_id'], ['question_set.id'], name=op.f('fk_question_set_id_question_set')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question')),
    sa.UniqueConstraint('set_id', 'ext_id', name=op.f('uq_question_set_id'))
    )
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.create_index('ix_question_domain_subdomain', ['domain', 'subdomain'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_set_id'), ['set_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_topic'), ['topic'], unique=False)

    op.create_table('attempt_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('display_order', sa.JSON(), nullable=False),
    sa.Column('chosen', sa.JSON(), nullable=True),
    sa.Column('flagged', sa.Boolean(), nullable=False),
    sa.Column('guessed', sa.Boolean(), nullable=False),
    sa.Column('seconds_spent', sa.Float(), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=True),
    sa.Column('scored', sa.Boolean(), nullable=False),
    sa.Column('answered_at', quizapp.core.db.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['attempt.id'], name=op.f('fk_attempt_item_attempt_id_attempt')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_attempt_item_question_id_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempt_item')),
    sa.UniqueConstraint('attempt_id', 'position', name=op.f('uq_attempt_item_attempt_id'))
    )
    with op.batch_alter_table('attempt_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attempt_item_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index('ix_attempt_item_question_answered', ['question_id', 'answered_at'], unique=False)

    op.create_table('choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('is_correct', sa.Boolean(), nullable=False),
    sa.Column('feedback', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_choice_question_id_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_choice')),
    sa.UniqueConstraint('question_id', 'position', name=op.f('uq_choice_question_id'))
    )
    with op.batch_alter_table('choice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_choice_question_id'), ['question_id'], unique=False)

    op.create_table('question_media',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('mime', sa.String(length=60), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_question_media_question_id_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_media'))
    )
    with op.batch_alter_table('question_media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_media_question_id'), ['question_id'], unique=False)

    op.create_table('question_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', quizapp.core.db.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['profile.id'], name=op.f('fk_question_report_profile_id_profile')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_question_report_question_id_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_report'))
    )
    with op.batch_alter_table('question_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_report_profile_id'), ['profile_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_report_question_id'), ['question_id'], unique=False)

    op.create_table('review_card',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('due', quizapp.core.db.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['profile.id'], name=op.f('fk_review_card_profile_id_profile')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_review_card_question_id_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_card')),
    sa.UniqueConstraint('profile_id', 'question_id', name=op.f('uq_review_card_profile_id'))
    )
    with op.batch_alter_table('review_card', schema=None) as batch_op:
        batch_op.create_index('ix_review_card_profile_due', ['profile_id', 'due'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_card_question_id'), ['question_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('review_card', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_card_question_id'))
        batch_op.drop_index('ix_review_card_profile_due')

    op.drop_table('review_card')
    with op.batch_alter_table('question_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_report_question_id'))
        batch_op.drop_index(batch_op.f('ix_question_report_profile_id'))

    op.drop_table('question_report')
    with op.batch_alter_table('question_media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_media_question_id'))

    op.drop_table('question_media')
    with op.batch_alter_table('choice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_choice_question_id'))

    op.drop_table('choice')
    with op.batch_alter_table('attempt_item', schema=None) as batch_op:
        batch_op.drop_index('ix_attempt_item_question_answered')
        batch_op.drop_index(batch_op.f('ix_attempt_item_attempt_id'))

    op.drop_table('attempt_item')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_topic'))
        batch_op.drop_index(batch_op.f('ix_question_set_id'))
        batch_op.drop_index('ix_question_domain_subdomain')

    op.drop_table('question')
    with op.batch_alter_table('attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_attempt_profile_mode_submitted')
        batch_op.drop_index(batch_op.f('ix_attempt_profile_id'))
        batch_op.drop_index(batch_op.f('ix_attempt_blueprint_id'))

    op.drop_table('attempt')
    op.drop_table('question_set')
    op.drop_table('profile')
    op.drop_table('blueprint')
    op.drop_table('app_meta')
