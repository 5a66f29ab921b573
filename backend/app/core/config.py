"""Settings: `KUBEDECK_*` environment variables over an optional `kubedeck.yaml`, validated once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[3]


class ClusterConfig(BaseModel):
    """One entry of the config file's `clusters:` list (the product plan's CLUSTERS)."""

    id: str = Field(pattern=r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", max_length=63)
    name: str = ""
    kubeconfig_path: str
    context: str | None = None
    is_default: bool = False


class _YamlSource(PydanticBaseSettingsSource):
    """Reads `kubedeck.yaml` (or KUBEDECK_CONFIG_FILE); the environment wins over it."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path | None) -> None:
        super().__init__(settings_cls)
        self.data: dict[str, Any] = {}
        if path is not None and path.is_file():
            loaded = yaml.safe_load(path.read_text()) or {}
            if not isinstance(loaded, dict):
                raise ValueError(f"{path}: the config file must be a YAML mapping")
            self.data = loaded

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self.data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {k: v for k, v in self.data.items() if v is not None}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KUBEDECK_", extra="ignore")

    config_file: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = REPO_ROOT / ".data"
    database_url: str | None = None
    log_level: str = "INFO"
    # Clusters: the config file's list, and/or every context of one kubeconfig.
    clusters: list[ClusterConfig] = Field(default_factory=list)
    kubeconfig: Path | None = None
    # Encryption key for secrets at rest (a Fernet key); generated into the data dir if unset.
    secret_key: str | None = None
    cluster_timeout_seconds: float = 5.0
    health_interval_seconds: float = 15.0
    watch_idle_seconds: float = 300.0
    exec_idle_timeout_seconds: float = 1800.0
    # Helm repositories registered at start-up (name → URL), e.g. the bundled sample repo.
    helm_repos: dict[str, str] = Field(default_factory=dict)
    tools_bin: Path = REPO_ROOT / ".tools" / "bin"
    kubectl_bin: Path | None = None
    helm_bin: Path | None = None
    frontend_dist: Path = REPO_ROOT / "frontend" / "dist"
    # Authentication: the JWT signing key is generated into the data dir (0600) when unset.
    jwt_secret: str | None = None
    access_token_minutes: int = 15
    refresh_token_days: int = 7
    admin_password: str | None = None
    login_max_failures: int = 5
    login_window_seconds: int = 300
    audit_retention_days: int = 365
    # Seconds between cost samples of every cluster (KUBEDECK_COST_SAMPLE_INTERVAL).
    cost_sample_interval: int = Field(default=300, ge=1, le=86_400)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        env_path = env_settings().get("config_file")
        path = Path(env_path) if env_path else Path("kubedeck.yaml")
        return (init_settings, env_settings, _YamlSource(settings_cls, path))

    @field_validator("clusters")
    @classmethod
    def _unique_ids(cls, clusters: list[ClusterConfig]) -> list[ClusterConfig]:
        ids = [c.id for c in clusters]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"cluster ids must be unique; repeated: {', '.join(duplicates)}")
        return clusters

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'kubedeck.db'}"

    @property
    def kubectl_path(self) -> Path:
        return self.kubectl_bin or self.tools_bin / "kubectl"

    @property
    def helm_path(self) -> Path:
        return self.helm_bin or self.tools_bin / "helm"
