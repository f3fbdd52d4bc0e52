"""Settings read from environment variables, once, when the app or CLI starts."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from market import hashing

DEV_SECRET = "dev-insecure-secret-change-me"
SANDBOX_PREFIX = "/sandbox/"


class ConfigError(Exception):
    """The settings cannot run this environment; the message names what to set."""


def derive_secret(secret_key: str, purpose: str) -> str:
    """The one derivation of every secret the app makes for itself from SECRET_KEY.

    ``HMAC-SHA256(key=SECRET_KEY, msg="pasar-koperasi/" + purpose)``, hex, first 32 characters.
    Every process with the same SECRET_KEY derives the same value, so an app and its
    `market worker` agree without sharing anything else; `market secrets show` prints the ones an
    operator pastes into a provider's dashboard.
    """
    message = f"pasar-koperasi/{purpose}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]


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
    # Not named ``timezone``: Tortoise sets TIMEZONE=UTC in the environment of every process it runs
    # in, and a field of that name would read it (populate_by_name) in any Settings made after it.
    business_timezone: str = Field("Asia/Jakarta", validation_alias="MARKET_TIMEZONE")
    media_dir: Path = Field(Path("var/media"), validation_alias="MEDIA_DIR")
    # The static files as served: hashed names and compressed copies, built at start-up (web.assets).
    static_dir: Path = Field(Path("var/static"), validation_alias="STATIC_DIR")
    session_max_age_s: int = Field(14 * 24 * 3600, validation_alias="SESSION_MAX_AGE")
    # Unset: on when MARKET_ENV=production (cookies only over HTTPS), off elsewhere.
    secure_cookies: bool | None = Field(None, validation_alias="SECURE_COOKIES")
    # A read replica (or the primary through a role that may only SELECT): read-only work
    # (search, listings, reports) runs there when set (market.db.reading).
    read_database_url: str | None = Field(None, validation_alias="READ_DATABASE_URL")
    # Log-in sessions and throttle counters, shared by every process (else the database keeps them).
    redis_url: str | None = Field(None, validation_alias="REDIS_URL")
    redis_key_prefix: str = Field("pk:", validation_alias="REDIS_KEY_PREFIX")
    # Background work (outbox, periodic jobs) inside each app process. Unset: on unless REDIS_URL
    # is set (a deployment with Redis runs `market worker` processes instead).
    embedded_worker: bool | None = Field(None, validation_alias="EMBEDDED_WORKER")
    # Log-in throttling: failed attempts allowed per account and per client address in one window.
    login_max_failures_per_account: int = Field(5, validation_alias="LOGIN_MAX_FAILURES_PER_ACCOUNT", ge=1)
    login_max_failures_per_ip: int = Field(20, validation_alias="LOGIN_MAX_FAILURES_PER_IP", ge=1)
    login_throttle_window_s: int = Field(15 * 60, validation_alias="LOGIN_THROTTLE_WINDOW_S", ge=1)
    # Self-registration of cooperatives: registrations accepted from one client address per window.
    registrations_per_ip: int = Field(10, validation_alias="REGISTRATIONS_PER_IP", ge=1)
    registration_window_s: int = Field(24 * 60 * 60, validation_alias="REGISTRATION_WINDOW_S", ge=1)
    # Wallet transaction PIN: wrong PINs allowed per login in one window before it locks.
    wallet_pin_max_failures: int = Field(5, validation_alias="WALLET_PIN_MAX_FAILURES", ge=1)
    wallet_pin_lock_window_s: int = Field(30 * 60, validation_alias="WALLET_PIN_LOCK_WINDOW_S", ge=1)
    # Wallet transfers and cash-outs: each wallet's daily totals, and the fee on top of a cash-out.
    wallet_transfer_daily_limit: int = Field(10_000_000, validation_alias="WALLET_TRANSFER_DAILY_LIMIT", ge=0)
    wallet_withdrawal_daily_limit: int = Field(10_000_000, validation_alias="WALLET_WITHDRAWAL_DAILY_LIMIT", ge=0)
    wallet_withdrawal_fee: int = Field(2_500, validation_alias="WALLET_WITHDRAWAL_FEE", ge=0)
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

    @model_validator(mode="after")
    def _secure_cookies_in_production(self) -> Settings:
        if self.secure_cookies is None:
            self.secure_cookies = self.env == "production"
        return self

    @property
    def timezone(self) -> str:
        """The business day's zone where no cooperative says otherwise (MARKET_TIMEZONE)."""
        return self.business_timezone

    @property
    def public_url(self) -> str:
        return self.base_url or f"http://{self.host}:{self.port}"

    @property
    def worker_in_process(self) -> bool:
        """Whether each app process runs the background work itself (EMBEDDED_WORKER)."""
        return self.embedded_worker if self.embedded_worker is not None else not self.redis_url

    @property
    def production(self) -> bool:
        return self.env == "production"

    def derive_secret(self, purpose: str) -> str:
        return derive_secret(self.secret_key, purpose)

    def production_problems(self) -> list[str]:
        """What stops this configuration from running in production (empty outside it).

        Production never talks to a sandbox: both providers need their real URL and credentials
        set explicitly (a derived key would only ever work against our own sandbox), and the
        public URL the providers call back on must be set.
        """
        if not self.production:
            return []
        required = {
            "BASE_URL": self.base_url,
            "XENDIT_BASE_URL": self.xendit_base_url,
            "XENDIT_SECRET_KEY": self.xendit_secret_key,
            "XENDIT_CALLBACK_TOKEN": self.xendit_callback_token,
            "BILLER_BASE_URL": self.biller_base_url,
            "BILLER_USERNAME": self.biller_username,
            "BILLER_API_KEY": self.biller_api_key,
        }
        problems = [f"{name} is not set" for name, value in required.items() if not value]
        for name in ("XENDIT_BASE_URL", "BILLER_BASE_URL"):
            if SANDBOX_PREFIX in (required[name] or ""):
                problems.append(f"{name} points at a sandbox ({required[name]})")
        if self.biller_sandbox:
            problems.append("BILLER_SANDBOX is on")
        if hashing.profile() != "standard":
            problems.append(f"{hashing.PROFILE_ENV}={hashing.profile()} (test-strength password hashes)")
        return problems

    def require_runnable(self) -> None:
        """Refuse to start a production process that would pay through a sandbox."""
        problems = self.production_problems()
        if problems:
            raise ConfigError(
                "MARKET_ENV=production refuses to start: "
                + "; ".join(problems)
                + ". Set the providers' real URLs and keys (see README, Settings)."
            )

    def sandboxes_allowed(self) -> bool:
        """Sandboxes are served by the app only outside production."""
        return not self.production


def load() -> Settings:
    return Settings()
