"""phrases a salon teaches: an unclear reply staff read as confirm, change or cancel, remembered
so the next customer who writes the same words is understood

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "taught_phrases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("salon_id", sa.Integer(), sa.ForeignKey("salons.id"), nullable=False),
        sa.Column("text", sa.String(60), nullable=False),
        sa.Column("intent", sa.String(20), nullable=False),
        sa.Column("taught_by", sa.String(254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        # Also the index a salon's phrases are read by (salon_id first).
        sa.UniqueConstraint("salon_id", "text", name="uq_taught_phrases_salon_text"),
    )


def downgrade() -> None:
    op.drop_table("taught_phrases")
