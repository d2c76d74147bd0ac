"""reconciliation: ranked candidates and the unallocated rest on bank transactions

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 15:00:00

``bank_transaction.candidates`` keeps what a person reviews (``needs_review``);
``bank_transaction.unallocated`` the part of a matched payment no invoice took.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bank_transaction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("candidates", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("unallocated", sa.Numeric(precision=14, scale=2), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("bank_transaction", schema=None) as batch_op:
        batch_op.drop_column("unallocated")
        batch_op.drop_column("candidates")
