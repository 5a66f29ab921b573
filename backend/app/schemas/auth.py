from __future__ import annotations

from pydantic import BaseModel, Field

from app.schemas.common import UtcDatetime
from app.services.permissions import ROLES

_ROLE = "^(" + "|".join(ROLES) + ")$"
_USERNAME = r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200)


class LogoutRequest(BaseModel):
    refresh_token: str | None = Field(default=None, max_length=200)


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 (the OAuth token type, not a secret)
    expires_in: int


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    cluster_roles: dict[str, str]
    disabled: bool
    must_change_password: bool
    created_at: UtcDatetime
    updated_at: UtcDatetime
    last_login_at: UtcDatetime | None


class MeOut(BaseModel):
    user: UserOut
    role: str
    global_permissions: list[str]
    permissions: dict[str, list[str]] = Field(description="cluster id → permissions there")


class UserCreate(BaseModel):
    username: str = Field(pattern=_USERNAME)
    password: str = Field(min_length=1, max_length=256)
    role: str = Field(pattern=_ROLE)
    display_name: str = Field(default="", max_length=200)
    cluster_roles: dict[str, str] = Field(default_factory=dict)
    must_change_password: bool = False


class UserUpdate(BaseModel):
    display_name: str | None = Field(default=None, max_length=200)
    role: str | None = Field(default=None, pattern=_ROLE)
    cluster_roles: dict[str, str] | None = None
    disabled: bool | None = None
    must_change_password: bool | None = None
    password: str | None = Field(default=None, min_length=1, max_length=256)


class RoleOut(BaseModel):
    role: str
    permissions: list[str]


class RolesOut(BaseModel):
    roles: list[RoleOut]
    global_permissions: list[str]
