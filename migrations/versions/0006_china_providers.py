"""Alibaba Cloud and Tencent Cloud SMS: a provider per salon, template codes, held salons

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

Existing salons keep sending the way the deployment does: their provider stays unset, which
means SMS_PROVIDER.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

def upgrade() -> None:
    with op.batch_alter_table("salons") as batch:
        batch.add_column(sa.Column("provider", sa.String(20), nullable=True))
        batch.add_column(sa.Column("sign_name", sa.String(40), nullable=True))
        batch.add_column(sa.Column("extend_code", sa.String(12), nullable=True))
        batch.add_column(sa.Column("provider_blocked_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("provider_blocked_reason", sa.String(300)))
        batch.add_column(sa.Column("provider_probe_at", sa.DateTime(timezone=True)))
        batch.alter_column("sender_number", existing_type=sa.String(20), nullable=True)
        batch.create_unique_constraint(
            "uq_salons_provider_extend_code", ["provider", "extend_code"]
        )
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("template_params", sa.Text(), nullable=True))
        batch.add_column(sa.Column("fee", sa.Integer(), nullable=True))
        # China providers' codes are words: FailedOperation.PhoneNumberInBlacklist
        batch.alter_column(
            "error_code", existing_type=sa.String(20), type_=sa.String(64), existing_nullable=True
        )
    op.create_table(
        "template_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("locale", sa.String(8), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("international", sa.Boolean(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "provider", "locale", "name", "international", name="uq_template_codes_template"
        ),
    )
    op.create_table(
        "unrouted_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("dedupe_id", sa.String(80), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sign_name", sa.String(40), nullable=True),
        sa.Column("extend_code", sa.String(20), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("provider", "dedupe_id", name="uq_unrouted_replies_dedupe_id"),
    )


def downgrade() -> None:
    op.drop_table("unrouted_replies")
    op.drop_table("template_codes")
    with op.batch_alter_table("messages") as batch:
        batch.alter_column(
            "error_code", existing_type=sa.String(64), type_=sa.String(20), existing_nullable=True
        )
        batch.drop_column("fee")
        batch.drop_column("template_params")
    with op.batch_alter_table("salons") as batch:
        batch.drop_constraint("uq_salons_provider_extend_code", type_="unique")
        batch.alter_column("sender_number", existing_type=sa.String(20), nullable=False)
        batch.drop_column("provider_probe_at")
        batch.drop_column("provider_blocked_reason")
        batch.drop_column("provider_blocked_at")
        batch.drop_column("extend_code")
        batch.drop_column("sign_name")
        batch.drop_column("provider")
