"""Helm state kubedeck keeps itself: chart repositories and tracked operations.

Releases are not stored: they live in the clusters (helm's release Secrets)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamped, utcnow


class HelmRepository(Timestamped, Base):
    """A chart repository (HTTP) or an OCI registry. The DB is the source of truth: helm's own
    `repositories.yaml` and `registry/config.json` on each replica are rebuilt from these rows.
    The password is encrypted (SecretBox) and never returned by the API."""

    __tablename__ = "helm_repositories"

    name: Mapped[str] = mapped_column(String(63), primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    kind: Mapped[str] = mapped_column(String(10), default="http")  # "http" | "oci"
    username: Mapped[str | None] = mapped_column(String(200), nullable=True)
    password_encrypted: Mapped[str | None] = mapped_column(Text, nullable=True)
    ca_cert: Mapped[str | None] = mapped_column(Text, nullable=True)  # PEM: public, not secret
    insecure_skip_tls_verify: Mapped[bool] = mapped_column(Boolean, default=False)
    plain_http: Mapped[bool] = mapped_column(Boolean, default=False)  # OCI registries only
    pass_credentials: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class HelmOperation(Base):
    """An install/upgrade/rollback/uninstall run in the background. Stored so that any replica
    can answer `GET /helm/operations/{id}`; the replica running it refreshes `heartbeat_at`, so
    a run whose replica died shows as lost instead of running forever."""

    __tablename__ = "helm_operations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    action: Mapped[str] = mapped_column(String(20))  # install | upgrade | rollback | uninstall
    cluster_id: Mapped[str] = mapped_column(String(63), index=True)
    namespace: Mapped[str] = mapped_column(String(63))
    release: Mapped[str] = mapped_column(String(53), index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    phase: Mapped[str] = mapped_column(String(200), default="queued")
    request: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # never the values
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
