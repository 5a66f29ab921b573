from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamped


class ClusterRecord(Timestamped, Base):
    """A cluster added through the API. Its kubeconfig is stored encrypted, never in clear.
    Clusters from the config file or KUBEDECK_KUBECONFIG are not stored; only their
    overrides (display name, labels) are, keyed by the same id."""

    __tablename__ = "clusters"

    id: Mapped[str] = mapped_column(String(63), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    context: Mapped[str | None] = mapped_column(String(253), nullable=True)
    kubeconfig_encrypted: Mapped[str | None] = mapped_column(Text, nullable=True)
    labels: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # "api" for clusters added through the API; "override" for settings on configured ones.
    source: Mapped[str] = mapped_column(String(20), default="api")


class UserPreference(Timestamped, Base):
    """Per-user state kept server-side (survives restarts, shared by replicas)."""

    __tablename__ = "user_preferences"

    user_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    active_cluster_id: Mapped[str | None] = mapped_column(String(63), nullable=True)
