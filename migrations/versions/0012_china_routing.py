"""a sign name shared only by salons the operator grouped; the reason a reply was not routed;
pushes kept as they came, and the records of a push that could not be used

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

Before, any number of salons of one provider could carry the same sign name, and a reply with
that sign went to whichever of them last texted the number: a salon's API key could take
another salon's signature. A sign name now belongs to one salon per provider, unless the
operator groups salons that share it (``flask salon update ID --share-sign-with OTHER``).
Salons that already share a sign name are grouped here, so their replies keep reaching them.

Pushes were read and acted on inside the request: one bad record could fail a whole batch on
PostgreSQL, and a slow database could make the provider give up. A push is now kept as it came
and answered; a worker acts on it record by record.
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
    op.create_table(
        "provider_pushes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("records_done", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(300), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_provider_pushes_unprocessed",
        "provider_pushes",
        ["received_at"],
        postgresql_where=sa.text("processed_at IS NULL"),
        sqlite_where=sa.text("processed_at IS NULL"),
    )
    op.create_index("ix_provider_pushes_received_at", "provider_pushes", ["received_at"])
    op.create_table(
        "push_problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("push_id", sa.Integer(), sa.ForeignKey("provider_pushes.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("acted_on", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_push_problems_push_id", "push_problems", ["push_id"])
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
    op.drop_index("ix_push_problems_push_id", table_name="push_problems")
    op.drop_table("push_problems")
    op.drop_index("ix_provider_pushes_received_at", table_name="provider_pushes")
    op.drop_index("ix_provider_pushes_unprocessed", table_name="provider_pushes")
    op.drop_table("provider_pushes")
    with op.batch_alter_table("unrouted_replies") as batch:
        batch.drop_column("reason")
    with op.batch_alter_table("salons") as batch:
        batch.drop_column("sign_group")
