"""a sign name shared only by salons the operator grouped; the reason a reply was not routed

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

Before, any number of salons of one provider could carry the same sign name, and a reply with
that sign went to whichever of them last texted the number: a salon's API key could take
another salon's signature. A sign name now belongs to one salon per provider, unless the
operator groups salons that share it (``flask salon update ID --share-sign-with OTHER``).
Salons that already share a sign name are grouped here, so their replies keep reaching them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("salons") as batch:
        batch.add_column(sa.Column("sign_group", sa.Integer(), nullable=True))
    with op.batch_alter_table("unrouted_replies") as batch:
        batch.add_column(sa.Column("reason", sa.String(200), nullable=True))
    # Salons sharing a sign name today form a group named by the lowest id among them.
    op.execute(
        """
        UPDATE salons SET sign_group = (
            SELECT MIN(other.id) FROM salons AS other
            WHERE other.provider = salons.provider AND other.sign_name = salons.sign_name
        )
        WHERE sign_name IS NOT NULL AND provider IS NOT NULL AND (
            SELECT COUNT(*) FROM salons AS other
            WHERE other.provider = salons.provider AND other.sign_name = salons.sign_name
        ) > 1
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("unrouted_replies") as batch:
        batch.drop_column("reason")
    with op.batch_alter_table("salons") as batch:
        batch.drop_column("sign_group")
