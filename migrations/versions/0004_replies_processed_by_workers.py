"""replies are stored by the webhook and processed by workers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_UNPROCESSED = "direction = 'inbound' AND processed_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch_op:
        batch_op.add_column(sa.Column("opt_out_type", sa.String(10), nullable=True))
        batch_op.add_column(sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True))
    # Replies stored before this release were processed in the request.
    op.execute("UPDATE messages SET processed_at = created_at WHERE direction = 'inbound'")
    op.create_index(
        "ix_messages_unprocessed_replies",
        "messages",
        ["created_at"],
        postgresql_where=sa.text(_UNPROCESSED),
        sqlite_where=sa.text(_UNPROCESSED),
    )


def downgrade() -> None:
    op.drop_index("ix_messages_unprocessed_replies", table_name="messages")
    with op.batch_alter_table("messages") as batch_op:
        batch_op.drop_column("processed_at")
        batch_op.drop_column("opt_out_type")
