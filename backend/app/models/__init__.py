"""SQLAlchemy tables; one metadata for Alembic."""

from app.models.base import Base
from app.models.cluster import ClusterRecord, UserPreference

__all__ = ["Base", "ClusterRecord", "UserPreference"]
