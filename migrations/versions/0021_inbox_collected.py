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
INDEX = "ix_messages_text_problems_to_collect"
TO_COLLECT = "status IN ('failed', 'undelivered', 'uncertain') AND inbox_collected_at IS NULL"


def upgrade() -> None:
    postgresql = op.get_context().dialect.name == "postgresql"
    if postgresql:
        # IF NOT EXISTS: the index below commits this step first, so a run stopped during the
        # index build is run again from here.
        op.execute(
            "ALTER TABLE messages ADD COLUMN IF NOT EXISTS inbox_collected_at TIMESTAMPTZ"
        )
    else:
        with op.batch_alter_table("messages") as batch:
            batch.add_column(sa.Column("inbox_collected_at", sa.DateTime(timezone=True)))
    # Texts already in the inbox were collected when their item was written.
    op.execute(
        "UPDATE messages SET inbox_collected_at = "
        "(SELECT created_at FROM inbox_items WHERE inbox_items.message_id = messages.id) "
        "WHERE status IN ('failed', 'undelivered', 'uncertain') "
        "AND EXISTS (SELECT 1 FROM inbox_items WHERE inbox_items.message_id = messages.id)"
    )
    if not postgresql:
        op.create_index(INDEX, "messages", ["send_after", "id"], sqlite_where=sa.text(TO_COLLECT))
        return
    # Texts are written all the time (replies, sends, receipts): a plain CREATE INDEX would hold
    # them all back while it reads the whole table. CONCURRENTLY lets them through; it cannot
    # run inside a transaction, so what came before it is committed first.
    with op.get_context().autocommit_block():
        # A build stopped half-way leaves an invalid index behind: the next run builds it anew.
        op.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")
        op.create_index(
            INDEX,
            "messages",
            ["send_after", "id"],
            postgresql_where=sa.text(TO_COLLECT),
            postgresql_concurrently=True,
        )


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        op.drop_index(INDEX, table_name="messages")
    else:
        with op.get_context().autocommit_block():
            op.drop_index(INDEX, table_name="messages", postgresql_concurrently=True)
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("inbox_collected_at")
