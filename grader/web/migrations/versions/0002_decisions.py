"""TA decisions on stored checks: one part's score, for one check or an answer group.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assignment", sa.String(80), nullable=False),
        sa.Column("part", sa.String(120), nullable=False),
        sa.Column("submission", sa.String(20), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("answer_key", sa.String(32), nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("by", sa.String(80), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_index("ix_decisions_assignment", "decisions", ["assignment"])


def downgrade() -> None:
    op.drop_table("decisions")
