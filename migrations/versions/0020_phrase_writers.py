"""a taught phrase remembers the customer whose reply it was taught from, so that erasing the
customer forgets the phrase (its words may name them)

Rows taught before this stay without a customer (which customer's reply it was is not recorded
anywhere a migration can read it reliably); an erasure removes such a phrase when its text is
that of one of the erased customer's replies (docs/privacy.md).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("taught_phrases") as batch:
        batch.add_column(sa.Column("customer_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_taught_phrases_customer_id", "customers", ["customer_id"], ["id"]
        )
        batch.create_index("ix_taught_phrases_customer_id", ["customer_id"])


def downgrade() -> None:
    with op.batch_alter_table("taught_phrases") as batch:
        batch.drop_index("ix_taught_phrases_customer_id")
        batch.drop_constraint("fk_taught_phrases_customer_id", type_="foreignkey")
        batch.drop_column("customer_id")
