"""campaigns: a salon's offer to a chosen audience, with its dry run's figures; a campaign's
texts carry its id so their results are counted from the thread, and a salon's day counts them
apart (the marketing budget) from the texts its daily cap counts

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salon_id", sa.Integer(), sa.ForeignKey("salons.id"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("audience_count", sa.Integer(), nullable=False),
        sa.Column("excluded", sa.JSON(), nullable=False),
        sa.Column("segments", sa.Integer(), nullable=False),
        sa.Column("estimated_cost", sa.Numeric(12, 2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_campaigns_salon", "campaigns", ["salon_id", "id"])
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("campaign_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_messages_campaign_id_campaigns", "campaigns", ["campaign_id"], ["id"]
        )
    op.create_index("ix_messages_campaign", "messages", ["campaign_id"])
    with op.batch_alter_table("daily_text_counts") as batch:
        batch.add_column(
            sa.Column("marketing_texts", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("daily_text_counts") as batch:
        batch.drop_column("marketing_texts")
    op.drop_index("ix_messages_campaign", table_name="messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint("fk_messages_campaign_id_campaigns", type_="foreignkey")
        batch.drop_column("campaign_id")
    op.drop_index("ix_campaigns_salon", table_name="campaigns")
    op.drop_table("campaigns")
