"""helm repositories and tracked helm operations

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "helm_repositories",
        sa.Column("name", sa.String(63), primary_key=True),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("username", sa.String(200), nullable=True),
        sa.Column("password_encrypted", sa.Text(), nullable=True),
        sa.Column("ca_cert", sa.Text(), nullable=True),
        sa.Column("insecure_skip_tls_verify", sa.Boolean(), nullable=False),
        sa.Column("plain_http", sa.Boolean(), nullable=False),
        sa.Column("pass_credentials", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "helm_operations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("cluster_id", sa.String(63), nullable=False, index=True),
        sa.Column("namespace", sa.String(63), nullable=False),
        sa.Column("release", sa.String(53), nullable=False, index=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("phase", sa.String(200), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("helm_operations")
    op.drop_table("helm_repositories")
