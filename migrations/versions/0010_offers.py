"""offers of new times: the CRM's published availability, offers, and the salon's offer settings

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("salons") as batch_op:
        # Salons made before offers existed get them as soon as they publish availability.
        batch_op.add_column(
            sa.Column("auto_offers", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(
            sa.Column(
                "offer_notice_minutes", sa.Integer(), nullable=False, server_default="120"
            )
        )
    op.create_table(
        "availability",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salon_id", sa.Integer(), nullable=False),
        sa.Column("stylist", sa.String(length=100), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["salon_id"], ["salons.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_availability_salon_stylist_starts",
        "availability",
        ["salon_id", "stylist", "starts_at"],
    )
    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salon_id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("slots", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asked_by_message_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("closed_by_message_id", sa.Integer(), nullable=True),
        sa.Column("picked", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["salon_id"], ["salons.id"]),
        sa.ForeignKeyConstraint(["appointment_id"], ["appointments.id"]),
        sa.ForeignKeyConstraint(["asked_by_message_id"], ["messages.id"]),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"]),
        sa.ForeignKeyConstraint(["closed_by_message_id"], ["messages.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_offers_appointment", "offers", ["appointment_id", "id"])
    op.create_index("ix_offers_status_expires", "offers", ["status", "expires_at"])
    op.create_index("ix_offers_salon_created", "offers", ["salon_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_offers_salon_created", table_name="offers")
    op.drop_index("ix_offers_status_expires", table_name="offers")
    op.drop_index("ix_offers_appointment", table_name="offers")
    op.drop_table("offers")
    op.drop_index("ix_availability_salon_stylist_starts", table_name="availability")
    op.drop_table("availability")
    with op.batch_alter_table("salons") as batch_op:
        batch_op.drop_column("offer_notice_minutes")
        batch_op.drop_column("auto_offers")
