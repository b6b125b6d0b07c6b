"""texts collected into the inbox: ``messages.inbox_collected_at``, and a partial index holding
only the failed, undelivered or uncertain texts not collected yet, so the sweep's search for
them reads new problems only (it read every failure of the last two days, every sweep)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

#: As ``gateway.models.messages.TEXT_PROBLEM_TO_COLLECT`` (a migration keeps its own copy).
TO_COLLECT = "status IN ('failed', 'undelivered', 'uncertain') AND inbox_collected_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("inbox_collected_at", sa.DateTime(timezone=True)))
    # Texts already in the inbox were collected when their item was written.
    op.execute(
        "UPDATE messages SET inbox_collected_at = "
        "(SELECT created_at FROM inbox_items WHERE inbox_items.message_id = messages.id) "
        "WHERE status IN ('failed', 'undelivered', 'uncertain') "
        "AND EXISTS (SELECT 1 FROM inbox_items WHERE inbox_items.message_id = messages.id)"
    )
    op.create_index(
        "ix_messages_text_problems_to_collect",
        "messages",
        ["send_after", "id"],
        postgresql_where=sa.text(TO_COLLECT),
        sqlite_where=sa.text(TO_COLLECT),
    )


def downgrade() -> None:
    op.drop_index("ix_messages_text_problems_to_collect", table_name="messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("inbox_collected_at")
