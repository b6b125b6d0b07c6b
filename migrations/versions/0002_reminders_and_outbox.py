"""reminders, quiet hours, and the outbox relay's timestamps

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("salons") as batch_op:
        batch_op.add_column(
            sa.Column("reminder_offsets", sa.String(100), nullable=False, server_default="1440")
        )
        batch_op.add_column(
            sa.Column("quiet_hours", sa.String(11), nullable=False, server_default="21:00-09:00")
        )
    with op.batch_alter_table("messages") as batch_op:
        batch_op.add_column(sa.Column("send_after", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("enqueued_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE messages SET send_after = created_at")
    with op.batch_alter_table("messages") as batch_op:
        batch_op.alter_column("send_after", nullable=False)
        batch_op.drop_index("ix_messages_status")
        batch_op.create_index("ix_messages_status_send_after", ["status", "send_after"])

    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("offset_minutes", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decision", sa.String(200), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["appointment_id"], ["appointments.id"]),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "appointment_id", "offset_minutes", "starts_at", name="uq_reminders_once"
        ),
    )
    op.create_index(
        "ix_reminders_pending_send_at",
        "reminders",
        ["send_at"],
        postgresql_where=sa.text("status = 'pending'"),
        sqlite_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index("ix_reminders_pending_send_at", table_name="reminders")
    op.drop_table("reminders")
    with op.batch_alter_table("messages") as batch_op:
        batch_op.drop_index("ix_messages_status_send_after")
        batch_op.create_index("ix_messages_status", ["status"])
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("enqueued_at")
        batch_op.drop_column("send_after")
    with op.batch_alter_table("salons") as batch_op:
        batch_op.drop_column("quiet_hours")
        batch_op.drop_column("reminder_offsets")
