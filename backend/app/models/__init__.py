"""SQLAlchemy tables; one metadata for Alembic."""

from app.models.audit import AuditEntry, AuditHead
from app.models.base import Base
from app.models.cluster import ClusterRecord, UserPreference
from app.models.user import LoginFailure, RefreshToken, RevokedAccessToken, User

__all__ = [
    "AuditEntry",
    "AuditHead",
    "Base",
    "ClusterRecord",
    "LoginFailure",
    "RefreshToken",
    "RevokedAccessToken",
    "User",
    "UserPreference",
]
from app.models.cost import CostApplied, CostLease, CostSettingsRow  # noqa: F401
from app.models.helm import HelmOperation, HelmRepository  # noqa: F401
