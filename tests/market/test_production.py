"""Production never pays through a sandbox: the app refuses to start without the providers' real
URLs and keys, never mounts the sandboxes, and every secret it derives for itself comes from one
documented derivation."""

from __future__ import annotations

import hashlib
import hmac
import os
import subprocess
import sys

import httpx
import pytest

from market import hashing
from market.app import create_app
from market.settings import ConfigError, Settings

REAL = {
    "BASE_URL": "https://pasar.example.id",
    "XENDIT_BASE_URL": "https://xendit.example.test",
    "XENDIT_SECRET_KEY": "xnd_production_abc",
    "XENDIT_CALLBACK_TOKEN": "token-from-the-dashboard",
    "BILLER_BASE_URL": "https://biller.example.test/v1",
    "BILLER_USERNAME": "koperasi",
    "BILLER_API_KEY": "biller-key",
}


@pytest.fixture(autouse=True)
def _standard_hashes(monkeypatch):
    """The suite hashes at test strength (tests/conftest.py), which production refuses: these tests
    judge production's other settings, so they run with the real strength."""
    monkeypatch.setenv(hashing.PROFILE_ENV, "standard")


def _production(tmp_path, **overrides) -> Settings:
    values = {
        "MARKET_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "DATABASE_URL": f"sqlite://{tmp_path}/p.db",
        **REAL,
        **overrides,
    }
    return Settings(**{k: v for k, v in values.items() if v is not None})


@pytest.mark.parametrize("missing", sorted(REAL))
def test_production_refuses_to_start_naming_each_missing_setting(tmp_path, missing):
    with pytest.raises(ConfigError) as refused:
        create_app(_production(tmp_path, **{missing: None}), manage_db=False)
    assert f"{missing} is not set" in str(refused.value)


@pytest.mark.parametrize("setting", ["XENDIT_BASE_URL", "BILLER_BASE_URL"])
def test_production_refuses_a_url_that_points_at_a_sandbox(tmp_path, setting):
    with pytest.raises(ConfigError, match=f"{setting} points at a sandbox"):
        create_app(_production(tmp_path, **{setting: "https://pasar.example.id/sandbox/x"}), manage_db=False)


def test_production_refuses_test_strength_password_hashes(tmp_path, monkeypatch):
    monkeypatch.setenv(hashing.PROFILE_ENV, "cheapest")
    with pytest.raises(ConfigError, match="MARKET_HASH_PROFILE=cheapest"):
        create_app(_production(tmp_path), manage_db=False)


def test_a_test_strength_hash_is_real_argon2id_and_the_standard_hasher_verifies_it(monkeypatch):
    monkeypatch.setenv(hashing.PROFILE_ENV, "cheapest")
    cheap = hashing.make("rahasia-123")
    monkeypatch.setenv(hashing.PROFILE_ENV, "standard")
    strong = hashing.make("rahasia-123")
    assert cheap.startswith("$argon2id$") and strong.startswith("$argon2id$v=19$m=65536,t=3,")
    assert hashing.matches(cheap, "rahasia-123") and not hashing.matches(cheap, "rahasia-124")
    assert hashing.matches(strong, "rahasia-123", hashing.Strength.SHORT)
    assert not hashing.matches("not-a-hash", "rahasia-123") and not hashing.matches(strong, 123456)
    assert hashing.make("123456", hashing.Strength.SHORT).startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_production_refuses_the_biller_sandbox_switch(tmp_path):
    with pytest.raises(ConfigError, match="BILLER_SANDBOX is on"):
        create_app(_production(tmp_path, BILLER_SANDBOX=True), manage_db=False)


async def test_a_configured_production_app_mounts_no_sandbox(tmp_path):
    app = create_app(_production(tmp_path), manage_db=False)
    paths = {getattr(route, "path", "") for route in app.routes}
    assert not [p for p in paths if p.startswith("/sandbox")], paths
    assert not hasattr(app.state, "xendit_sandbox") and not hasattr(app.state, "biller_sandbox")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        for path in ("/sandbox/xendit/v2/invoices", "/sandbox/biller/v1/price-list"):
            assert (await client.get(path)).status_code == 404


def test_the_embedded_default_still_serves_both_sandboxes(tmp_path):
    app = create_app(Settings(MARKET_ENV="dev", DATABASE_URL=f"sqlite://{tmp_path}/d.db"), manage_db=False)
    paths = {getattr(route, "path", "") for route in app.routes}
    assert {"/sandbox/xendit", "/sandbox/biller"} <= paths


def test_market_serve_and_worker_refuse_with_a_clear_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in REAL}
    env.update(
        MARKET_ENV="production", SECRET_KEY="s" * 40, DATABASE_URL=f"sqlite://{tmp_path}/c.db", PYTHONPATH=os.getcwd()
    )
    for command in ("serve", "worker"):
        result = subprocess.run(
            [sys.executable, "-m", "market.cli", command], capture_output=True, text=True, timeout=120, env=env
        )
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "XENDIT_BASE_URL is not set" in result.stderr and "Traceback" not in result.stderr


def test_every_derived_secret_uses_the_one_documented_derivation(tmp_path):
    from market.app import build_runtime
    from payments import wiring as payments_wiring
    from ppob import wiring

    settings = Settings(MARKET_ENV="dev", SECRET_KEY="k" * 32, DATABASE_URL=f"sqlite://{tmp_path}/d.db")

    def documented(purpose: str) -> str:
        return hmac.new(b"k" * 32, f"pasar-koperasi/{purpose}".encode(), hashlib.sha256).hexdigest()[:32]

    rt = build_runtime(settings)
    assert rt.callback_token == documented("xendit-callback-token")
    assert payments_wiring.secret_key(settings) == "xnd_development_" + documented("xendit-sandbox-key")
    assert wiring.credentials(settings) == (
        "pasar-koperasi",
        documented("biller-api-key"),
        documented("biller-callback-secret"),
    )


def test_secrets_show_prints_what_the_dashboards_need(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XENDIT_", "BILLER_"))}
    env.update(
        SECRET_KEY="k" * 32,
        BASE_URL="https://pasar.example.id",
        PYTHONPATH=os.getcwd(),
        DATABASE_URL=f"sqlite://{tmp_path}/s.db",
    )
    result = subprocess.run(
        [sys.executable, "-m", "market.cli", "secrets", "show"], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr
    secret = hmac.new(b"k" * 32, b"pasar-koperasi/biller-callback-secret", hashlib.sha256).hexdigest()[:32]
    assert "https://pasar.example.id/api/v1/payments/xendit/callback" in result.stdout
    assert "https://pasar.example.id/api/v1/ppob/biller/callback" in result.stdout
    assert f"webhook secret: {secret}" in result.stdout
