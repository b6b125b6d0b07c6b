"""the salon's address per locale, for the machine's answer to 在哪里 / "where are you?"

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("salons") as batch:
        batch.add_column(sa.Column("addresses", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("salons") as batch:
        batch.drop_column("addresses")
