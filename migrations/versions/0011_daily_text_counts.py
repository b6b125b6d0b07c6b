"""the daily cap's count as a row per salon and day, updated with each claim; retention's
look-up of event payloads still to blank by an index

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-01

Before, each send counted the salon's texts claimed since the start of its day (a range read
that grew with the salon's traffic, under the salon's row lock). Texts claimed earlier on the
day of the upgrade are not in the new count: that day, a salon may send up to its cap again.

The sweep's retention step read the whole of webhook_deliveries on every pass (bench/sweep.py:
115 ms at 1,000,000 appointments, growing with the table); the partial index mirrors the one on
messages' bodies.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "daily_text_counts",
        sa.Column("salon_id", sa.Integer(), sa.ForeignKey("salons.id"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("texts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("salon_id", "day"),
    )


    op.create_index(
        "ix_webhook_deliveries_unblanked_created_at",
        "webhook_deliveries",
        ["created_at"],
        postgresql_where=sa.text("payload <> ''"),
        sqlite_where=sa.text("payload <> ''"),
    )


def downgrade() -> None:
    op.drop_index("ix_webhook_deliveries_unblanked_created_at", table_name="webhook_deliveries")
    op.drop_table("daily_text_counts")
