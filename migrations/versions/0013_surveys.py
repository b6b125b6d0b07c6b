"""a satisfaction survey after each completed visit, and the feedback customers reply with

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05

Salons can switch on a one-text survey sent some time after a visit is marked completed; the
customer's reply (a score 1-5, a comment, or both) is kept as feedback, per appointment, for
the salon's figures and its quarterly report per stylist.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("salons") as batch:
        batch.add_column(
            sa.Column("survey_enabled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("survey_delay_minutes", sa.Integer(), nullable=False, server_default="120")
        )
        batch.add_column(
            sa.Column(
                "survey_min_days_between", sa.Integer(), nullable=False, server_default="30"
            )
        )
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salon_id", sa.Integer(), sa.ForeignKey("salons.id"), nullable=False),
        sa.Column("appointment_id", sa.Integer(), sa.ForeignKey("appointments.id"), nullable=False),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision", sa.String(200), nullable=False),
        sa.Column("message_id", sa.Integer(), sa.ForeignKey("messages.id"), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("appointment_id"),
    )
    op.create_index("ix_surveys_status_send_at", "surveys", ["status", "send_at"])
    op.create_index("ix_surveys_customer_sent_at", "surveys", ["customer_id", "sent_at"])
    op.create_index("ix_surveys_salon_sent_at", "surveys", ["salon_id", "sent_at"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("salon_id", sa.Integer(), sa.ForeignKey("salons.id"), nullable=False),
        sa.Column("survey_id", sa.Integer(), sa.ForeignKey("surveys.id"), nullable=False),
        sa.Column("appointment_id", sa.Integer(), sa.ForeignKey("appointments.id"), nullable=False),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("message_id", sa.Integer(), sa.ForeignKey("messages.id"), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
    )
    op.create_index("ix_feedback_salon_received", "feedback", ["salon_id", "received_at", "id"])
    op.create_index("ix_feedback_survey_id", "feedback", ["survey_id"])


def downgrade() -> None:
    op.drop_index("ix_feedback_survey_id", table_name="feedback")
    op.drop_index("ix_feedback_salon_received", table_name="feedback")
    op.drop_table("feedback")
    op.drop_index("ix_surveys_salon_sent_at", table_name="surveys")
    op.drop_index("ix_surveys_customer_sent_at", table_name="surveys")
    op.drop_index("ix_surveys_status_send_at", table_name="surveys")
    op.drop_table("surveys")
    with op.batch_alter_table("salons") as batch:
        batch.drop_column("survey_min_days_between")
        batch.drop_column("survey_delay_minutes")
        batch.drop_column("survey_enabled")
