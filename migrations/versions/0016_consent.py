"""customers' marketing facts (birthday, tags) and their consent to marketing, with its history

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06

A salon may hold a customer's birthday and tags for its offers, and sends marketing only to
customers who agreed: the current consent is on the customer (one indexed query finds who may
get a campaign), every grant and withdrawal is a row of ``consent_changes`` with its evidence.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers") as batch:
        batch.add_column(sa.Column("birthday_month", sa.SmallInteger(), nullable=True))
        batch.add_column(sa.Column("birthday_day", sa.SmallInteger(), nullable=True))
        batch.add_column(sa.Column("birthday_year", sa.SmallInteger(), nullable=True))
        batch.add_column(sa.Column("tags", sa.JSON(), nullable=True))
        batch.add_column(
            sa.Column("marketing_consent_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.create_index(
        "ix_customers_salon_marketing_consent",
        "customers",
        ["salon_id"],
        postgresql_where=sa.text("marketing_consent_at IS NOT NULL"),
        sqlite_where=sa.text("marketing_consent_at IS NOT NULL"),
    )
    op.create_table(
        "consent_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salon_id", sa.Integer(), sa.ForeignKey("salons.id"), nullable=False),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("marketing", sa.Boolean(), nullable=False),
        sa.Column("method", sa.String(20), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(20), nullable=False),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("recorded_by_name", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_consent_changes_customer", "consent_changes", ["customer_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_consent_changes_customer", table_name="consent_changes")
    op.drop_table("consent_changes")
    op.drop_index("ix_customers_salon_marketing_consent", table_name="customers")
    with op.batch_alter_table("customers") as batch:
        batch.drop_column("marketing_consent_at")
        batch.drop_column("tags")
        batch.drop_column("birthday_year")
        batch.drop_column("birthday_day")
        batch.drop_column("birthday_month")
