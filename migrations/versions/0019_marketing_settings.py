"""marketing settings per salon: the frequency cap, the daily marketing budget and the pace a
minute (were fixed at 4, 500 and 60), and the birthday automation (``birthday_offers``); an
automatic campaign is one per salon, kind and salon day (a unique index, so sweeps running at
once make it once), and a customer's birthday offer is remembered by the year it was for

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("salons") as batch:
        batch.add_column(
            sa.Column("marketing_max_per_30_days", sa.Integer(), nullable=False, server_default="4")
        )
        batch.add_column(
            sa.Column("marketing_daily_budget", sa.Integer(), nullable=False, server_default="500")
        )
        batch.add_column(
            sa.Column("marketing_per_minute", sa.Integer(), nullable=False, server_default="60")
        )
        batch.add_column(sa.Column("birthday_offers", sa.JSON(), nullable=True))
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("automation_day", sa.Date(), nullable=True))
    op.create_index(
        "uq_campaigns_salon_kind_automation_day",
        "campaigns",
        ["salon_id", "kind", "automation_day"],
        unique=True,
    )
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("birthday_offered_for", sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("birthday_offered_for")
    op.drop_index("uq_campaigns_salon_kind_automation_day", table_name="campaigns")
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("automation_day")
    with op.batch_alter_table("salons") as batch:
        batch.drop_column("birthday_offers")
        batch.drop_column("marketing_per_minute")
        batch.drop_column("marketing_daily_budget")
        batch.drop_column("marketing_max_per_30_days")
