"""salon settings over HTTP: display names per locale, and the event types a CRM wants

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("salons") as batch_op:
        # Null: texts show the salon's name; every event type is sent (as before).
        batch_op.add_column(sa.Column("display_names", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("webhook_events", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("salons") as batch_op:
        batch_op.drop_column("webhook_events")
        batch_op.drop_column("display_names")
