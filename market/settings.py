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
    search_engine: str = Field("auto", validation_alias="SEARCH_ENGINE", pattern="^(auto|sqlite|postgres|meili)$")
    search_cache_size: int = Field(1024, validation_alias="SEARCH_CACHE_SIZE", ge=0)
    media_max_bytes: int = Field(5 * 1024 * 1024, validation_alias="MEDIA_MAX_BYTES", ge=1024)
    # Payments (Xendit). Unset in the embedded default: the app's own sandbox at
    # <public_url>/sandbox/xendit with a key and callback token derived from SECRET_KEY.
    xendit_secret_key: str | None = Field(None, validation_alias="XENDIT_SECRET_KEY")
    xendit_callback_token: str | None = Field(None, validation_alias="XENDIT_CALLBACK_TOKEN")
    xendit_base_url: str | None = Field(None, validation_alias="XENDIT_BASE_URL")
    xendit_timeout_s: float = Field(10.0, validation_alias="XENDIT_TIMEOUT_S", gt=0)
    invoice_duration_s: int = Field(24 * 3600, validation_alias="INVOICE_DURATION_S", ge=60)
    payment_reconcile_after_s: int = Field(15 * 60, validation_alias="PAYMENT_RECONCILE_AFTER_S", ge=0)
    payment_reconcile_every_s: float = Field(60.0, validation_alias="PAYMENT_RECONCILE_EVERY_S", gt=0)
    # PPOB biller (Digiflazz protocol). Unset in the embedded default: the app's own sandbox at
    # <public_url>/sandbox/biller/v1 with credentials derived from SECRET_KEY.
    biller_username: str | None = Field(None, validation_alias="BILLER_USERNAME")
    biller_api_key: str | None = Field(None, validation_alias="BILLER_API_KEY")
    biller_base_url: str | None = Field(None, validation_alias="BILLER_BASE_URL")
    biller_callback_secret: str | None = Field(None, validation_alias="BILLER_CALLBACK_SECRET")
    biller_timeout_s: float = Field(15.0, validation_alias="BILLER_TIMEOUT_S", gt=0)
    biller_testing: bool = Field(False, validation_alias="BILLER_TESTING")
    biller_sandbox: bool | None = Field(None, validation_alias="BILLER_SANDBOX")
    ppob_platform_fee: int = Field(0, validation_alias="PPOB_PLATFORM_FEE", ge=0)
    ppob_poll_every_s: float = Field(15.0, validation_alias="PPOB_POLL_EVERY_S", gt=0)
    ppob_recheck_after_s: int = Field(60, validation_alias="PPOB_RECHECK_AFTER_S", ge=0)
    ppob_sync_every_s: float = Field(6 * 3600.0, validation_alias="PPOB_SYNC_EVERY_S", gt=0)
    # Orders: the platform's fee on goods (basis points), days after shipping before a sub-order
    # completes by itself, and how long an order's invoice may be paid.
    order_platform_fee_bps: int = Field(250, validation_alias="ORDER_PLATFORM_FEE_BPS", ge=0, le=10000)
    order_auto_complete_days: int = Field(7, validation_alias="ORDER_AUTO_COMPLETE_DAYS", ge=1)
    order_payment_expiry_s: int = Field(24 * 3600, validation_alias="ORDER_PAYMENT_EXPIRY_S", ge=300)

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
