"""Settings read from environment variables, once, when the app or CLI starts."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-insecure-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", populate_by_name=True)

    env: str = Field("dev", validation_alias="MARKET_ENV")
    database_url: str = Field("sqlite://var/pasar.db", validation_alias="DATABASE_URL")
    db_pool_size: int = Field(20, validation_alias="DB_POOL_SIZE", ge=1, le=500)
    sqlite_busy_timeout_ms: int = Field(15000, validation_alias="SQLITE_BUSY_TIMEOUT_MS", ge=0)
    secret_key: str = Field(DEV_SECRET, validation_alias="SECRET_KEY")
    host: str = Field("127.0.0.1", validation_alias="HOST")
    port: int = Field(8000, validation_alias="PORT")
    base_url: str | None = Field(None, validation_alias="BASE_URL")
    default_locale: str = Field("id", validation_alias="DEFAULT_LOCALE")
    timezone: str = Field("Asia/Jakarta", validation_alias="MARKET_TIMEZONE")
    media_dir: Path = Field(Path("var/media"), validation_alias="MEDIA_DIR")
    session_max_age_s: int = Field(14 * 24 * 3600, validation_alias="SESSION_MAX_AGE")
    secure_cookies: bool = Field(False, validation_alias="SECURE_COOKIES")
    redis_url: str | None = Field(None, validation_alias="REDIS_URL")
    meili_url: str | None = Field(None, validation_alias="MEILI_URL")
    meili_key: str | None = Field(None, validation_alias="MEILI_KEY")

    @field_validator("secret_key")
    @classmethod
    def _secret_is_set_outside_dev(cls, value: str, info) -> str:
        if info.data.get("env", "dev") not in ("dev", "test") and value == DEV_SECRET:
            raise ValueError("SECRET_KEY must be set outside the dev environment")
        return value

    @property
    def public_url(self) -> str:
        return self.base_url or f"http://{self.host}:{self.port}"


def load() -> Settings:
    return Settings()
