"""customers and invoices: document links, merges, review items, name index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 14:40:00

PostgreSQL also gets pg_trgm and a trigram GiST index on ``customer.normalized_name`` so
fuzzy name lookups are index scans; SQLite relies on the btree indexes (small installs).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("locked_fields", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_customer_merged_into_id_customer"),
            "customer",
            ["merged_into_id"],
            ["id"],
        )
        batch_op.create_index("ix_customer_workspace_postcode", ["workspace_id", "postcode"])
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("customer_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("invoice_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_document_customer_id_customer"),
            "customer",
            ["customer_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_document_invoice_id_invoice"),
            "invoice",
            ["invoice_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(batch_op.f("ix_document_invoice_id"), ["invoice_id"])
    op.create_table(
        "review_item",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("other_customer_id", sa.Uuid(), nullable=True),
        sa.Column("invoice_id", sa.Uuid(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
            name=op.f("fk_review_item_workspace_id_workspace"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_review_item_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_review_item_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["other_customer_id"],
            ["customer.id"],
            name=op.f("fk_review_item_other_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoice.id"],
            name=op.f("fk_review_item_invoice_id_invoice"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_item")),
    )
    with op.batch_alter_table("review_item", schema=None) as batch_op:
        batch_op.create_index("ix_review_item_workspace_status", ["workspace_id", "status"])
        batch_op.create_index(batch_op.f("ix_review_item_document_id"), ["document_id"])
        batch_op.create_index(batch_op.f("ix_review_item_customer_id"), ["customer_id"])
    op.create_table(
        "merge_audit",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("source_id", sa.Uuid(), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_ids", sa.JSON(), nullable=False),
        sa.Column("ibans", sa.JSON(), nullable=False),
        sa.Column("source_snapshot", sa.JSON(), nullable=False),
        sa.Column("merged_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspace.id"],
            name=op.f("fk_merge_audit_workspace_id_workspace"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["customer.id"], name=op.f("fk_merge_audit_source_id_customer")
        ),
        sa.ForeignKeyConstraint(
            ["target_id"], ["customer.id"], name=op.f("fk_merge_audit_target_id_customer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_audit")),
    )
    with op.batch_alter_table("merge_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_merge_audit_source_id"), ["source_id"])
        batch_op.create_index(batch_op.f("ix_merge_audit_target_id"), ["target_id"])
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(
            "CREATE INDEX ix_customer_normalized_name_trgm ON customer "
            "USING gist (normalized_name gist_trgm_ops)"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_customer_normalized_name_trgm")
    op.drop_table("merge_audit")
    op.drop_table("review_item")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_invoice_id"))
        batch_op.drop_constraint(batch_op.f("fk_document_invoice_id_invoice"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_document_customer_id_customer"), type_="foreignkey")
        batch_op.drop_column("invoice_id")
        batch_op.drop_column("customer_id")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_index("ix_customer_workspace_postcode")
        batch_op.drop_constraint(
            batch_op.f("fk_customer_merged_into_id_customer"), type_="foreignkey"
        )
        batch_op.drop_column("locked_fields")
        batch_op.drop_column("merged_into_id")
