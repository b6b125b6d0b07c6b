"""the moment a text is handed to the provider, and when an unsettled one was reported

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch_op:
        batch_op.add_column(sa.Column("provider_call_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("uncertain_reported_at", sa.DateTime(timezone=True), nullable=True)
        )
    # Rows claimed before this release may have reached the provider: never send them again.
    op.execute("UPDATE messages SET provider_call_at = claimed_at WHERE claimed_at IS NOT NULL")
    # Texts already uncertain are old news to the salon, not a fresh alarm each.
    op.execute("UPDATE messages SET uncertain_reported_at = claimed_at WHERE status = 'uncertain'")


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch_op:
        batch_op.drop_column("uncertain_reported_at")
        batch_op.drop_column("provider_call_at")
