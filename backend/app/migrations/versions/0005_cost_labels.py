"""cost: latest labels per workload and namespace, current rows per pod

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_POD_QUANTITIES = (
    "cpu_request",
    "cpu_usage",
    "cpu_alloc",
    "mem_request",
    "mem_usage",
    "mem_alloc",
    "storage_gib",
)


def upgrade() -> None:
    op.create_table(
        "cost_labels",
        sa.Column("cluster_id", sa.String(63), primary_key=True),
        sa.Column("namespace", sa.String(253), primary_key=True),
        sa.Column("kind", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(253), primary_key=True),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "cost_pod_rows",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("cluster_id", sa.String(63), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("namespace", sa.String(253), nullable=False),
        sa.Column("pod", sa.String(253), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("name", sa.String(253), nullable=False),
        sa.Column("node", sa.String(253), nullable=False),
        sa.Column("spot", sa.Boolean(), nullable=False),
        *(sa.Column(name, sa.Float(), nullable=False) for name in _POD_QUANTITIES),
    )
    op.create_index("ix_cost_pod_ns", "cost_pod_rows", ["cluster_id", "namespace"])


def downgrade() -> None:
    op.drop_table("cost_pod_rows")
    op.drop_table("cost_labels")
