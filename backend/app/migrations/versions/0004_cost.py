"""cost history (aggregated quantities, rollups), settings, leader lease, applied changes

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ALLOCATION = (
    "cpu_request",
    "cpu_usage",
    "cpu_alloc",
    "cpu_spot",
    "mem_request",
    "mem_usage",
    "mem_alloc",
    "mem_spot",
    "storage_gib_h",
)


def _step() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("cluster_id", sa.String(63), nullable=False),
        sa.Column("resolution", sa.String(5), nullable=False),
        sa.Column("step_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("samples", sa.Integer(), nullable=False),
    ]


def _floats(*names: str) -> list[sa.Column[object]]:
    return [sa.Column(name, sa.Float(), nullable=False) for name in names]


def upgrade() -> None:
    op.create_table(
        "cost_workload_rows",
        *_step(),
        *_floats(*_ALLOCATION),
        sa.Column("namespace", sa.String(253), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("name", sa.String(253), nullable=False),
        sa.Column("container", sa.String(253), nullable=False),
        sa.Column("pods", sa.Integer(), nullable=False),
        *_floats("pod_hours", "cpu_p95", "cpu_peak", "mem_peak", "cpu_req_now", "mem_req_now"),
    )
    op.create_index(
        "ix_cost_workload_ns",
        "cost_workload_rows",
        ["cluster_id", "namespace", "resolution", "step_start"],
    )
    op.create_index(
        "ix_cost_workload_step", "cost_workload_rows", ["cluster_id", "resolution", "step_start"]
    )
    op.create_table(
        "cost_namespace_rows",
        *_step(),
        *_floats(*_ALLOCATION, "storage_unmounted_gib_h"),
        sa.Column("namespace", sa.String(253), nullable=False),
        sa.Column("workloads", sa.Integer(), nullable=False),
    )
    op.create_index(
        "ix_cost_namespace_step", "cost_namespace_rows", ["cluster_id", "resolution", "step_start"]
    )
    op.create_table(
        "cost_node_rows",
        *_step(),
        sa.Column("node", sa.String(253), nullable=False),
        sa.Column("instance_type", sa.String(100), nullable=False),
        sa.Column("spot", sa.Boolean(), nullable=False),
        *_floats("cpu_capacity", "mem_capacity", "cpu_alloc", "mem_alloc"),
    )
    op.create_index(
        "ix_cost_node_step", "cost_node_rows", ["cluster_id", "resolution", "step_start"]
    )
    op.create_table(
        "cost_volume_rows",
        *_step(),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("namespace", sa.String(253), nullable=False),
        sa.Column("name", sa.String(253), nullable=False),
        *_floats("size_gib_h", "mounted_hours"),
        sa.Column("phase", sa.String(20), nullable=False),
        sa.Column("mounted_by", sa.JSON(), nullable=False),
    )
    op.create_index(
        "ix_cost_volume_step", "cost_volume_rows", ["cluster_id", "resolution", "step_start"]
    )
    op.create_table(
        "cost_samples",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("cluster_id", sa.String(63), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("usage_source", sa.String(10), nullable=False),
        sa.Column("pods", sa.Integer(), nullable=False),
    )
    op.create_index("ix_cost_samples_at", "cost_samples", ["cluster_id", "at"])
    op.create_table(
        "cost_rollup_state",
        sa.Column("cluster_id", sa.String(63), primary_key=True),
        sa.Column("hour_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("day_until", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "cost_settings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "cost_leases",
        sa.Column("name", sa.String(63), primary_key=True),
        sa.Column("holder", sa.String(100), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "cost_applied",
        sa.Column("id", sa.String(512), primary_key=True),
        sa.Column("cluster_id", sa.String(63), nullable=False),
        sa.Column("cpu_cores", sa.Float(), nullable=False),
        sa.Column("memory_gib", sa.Float(), nullable=False),
        sa.Column("applied_by", sa.String(64), nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "cost_applied",
        "cost_leases",
        "cost_settings",
        "cost_rollup_state",
        "cost_samples",
        "cost_volume_rows",
        "cost_node_rows",
        "cost_namespace_rows",
        "cost_workload_rows",
    ):
        op.drop_table(table)
