"""indexes for the API's appointment list, sync by updated_since, and per-customer texts

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_appointments_salon_starts_at", "appointments", ["salon_id", "starts_at", "id"]
    )
    op.create_index("ix_appointments_salon_updated_at", "appointments", ["salon_id", "updated_at"])
    op.create_index("ix_messages_customer", "messages", ["customer_id"])


def downgrade() -> None:
    op.drop_index("ix_messages_customer", table_name="messages")
    op.drop_index("ix_appointments_salon_updated_at", table_name="appointments")
    op.drop_index("ix_appointments_salon_starts_at", table_name="appointments")
