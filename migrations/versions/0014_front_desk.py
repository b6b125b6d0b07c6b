"""a pick from an offer of new times is recorded as such, with its letter; staff sign in with a
phone number too; an unclear reply staff treated as an answer says as what, and who did it

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05

A reply that picked B from an offer was stored with the intent ``confirm``: the thread could not
tell a pick from a 确认. It is now ``offer_pick``, and the reply keeps the letter it took.

Staff in China sign in with their mobile number more readily than with an email: an account may
carry one (E.164, one account per number), and either signs in.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("picked", sa.String(1), nullable=True))
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("phone", sa.String(20), nullable=True))
        batch.create_unique_constraint("uq_staff_phone", ["phone"])
    with op.batch_alter_table("inbox_items") as batch:
        batch.add_column(sa.Column("treated_as", sa.String(20), nullable=True))
        batch.add_column(sa.Column("treated_by", sa.String(254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbox_items") as batch:
        batch.drop_column("treated_by")
        batch.drop_column("treated_as")
    with op.batch_alter_table("staff") as batch:
        batch.drop_constraint("uq_staff_phone", type_="unique")
        batch.drop_column("phone")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("picked")
