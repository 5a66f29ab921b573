"""JWT access tokens and opaque refresh tokens.

Access tokens are HS256 JWTs carrying sub, role, jti and exp; decoding pins the algorithm, so
`none` and algorithm confusion are refused. Refresh tokens are `<id>.<secret>`, stored hashed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt

ALGORITHM = "HS256"
ISSUER = "kubedeck"


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    role: str
    jti: str
    expires_at: datetime


def load_or_create_signing_key(configured: str | None, data_dir: Path) -> str:
    if configured:
        return configured
    path = data_dir / "jwt.key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def issue_access(key: str, user_id: int, role: str, minutes: int) -> tuple[str, AccessClaims]:
    now = datetime.now(UTC)
    claims = AccessClaims(user_id, role, uuid.uuid4().hex, now + timedelta(minutes=minutes))
    token = jwt.encode(
        {
            "sub": str(user_id),
            "role": role,
            "jti": claims.jti,
            "iss": ISSUER,
            "iat": now,
            "exp": claims.expires_at,
        },
        key,
        algorithm=ALGORITHM,
    )
    return token, claims


def decode_access(key: str, token: str) -> AccessClaims | None:
    """The claims of a valid, unexpired token; None for anything else."""
    try:
        data: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["sub", "jti", "exp", "iss"]},
        )
        return AccessClaims(
            int(data["sub"]),
            str(data.get("role", "")),
            str(data["jti"]),
            datetime.fromtimestamp(int(data["exp"]), UTC),
        )
    except (jwt.PyJWTError, ValueError, TypeError, KeyError):
        return None


def new_refresh_token() -> tuple[str, str, str]:
    """(token to hand out, its id, the hash to store)."""
    token_id, secret = uuid.uuid4().hex, secrets.token_urlsafe(32)
    return f"{token_id}.{secret}", token_id, hash_secret(secret)


def split_refresh_token(token: str) -> tuple[str, str] | None:
    token_id, dot, secret = token.partition(".")
    if not dot or not token_id or not secret or len(token) > 200:
        return None
    return token_id, secret


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def same_secret(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
