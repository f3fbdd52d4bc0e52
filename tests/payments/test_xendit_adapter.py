"""The production Xendit adapter against the sandbox served by uvicorn over real HTTP, plus its
retry rules against a provider stand-in that fails on purpose."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn

from payments.errors import (
    GatewayBadRequest,
    GatewayDuplicate,
    GatewayForbidden,
    GatewayNotFound,
    GatewayUnauthorized,
    GatewayUnavailable,
)
from payments.sandbox import SandboxState, create_sandbox
from payments.xendit import XenditGateway

KEY = "xnd_development_live_test"


@pytest.fixture(scope="module")
def live_url():
    state = SandboxState(secret_key=KEY, retry_delays=())
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_sandbox(state), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:  # readiness, not timing
        time.sleep(0.01)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


@pytest.fixture
async def xendit(live_url):
    gateway = XenditGateway(live_url, KEY, backoff_s=0)
    yield gateway
    await gateway.aclose()


async def control(live_url, path, **body):
    async with httpx.AsyncClient(base_url=live_url, auth=(KEY, "")) as c:
        response = await c.post(f"/_sandbox/{path}", json=body)
        assert response.status_code == 200, response.text
        return response.json()


async def test_invoice_is_created_read_found_by_external_id_and_expired(xendit, live_url):
    # when
    invoice = await xendit.create_invoice(
        external_id="inv-1", amount=125_000, description="Beras 25 kg", duration_s=3600
    )
    # then
    assert len(invoice.id) == 24 and invoice.status == "PENDING" and invoice.amount == 125_000
    assert invoice.invoice_url == f"{live_url}/web/invoices/{invoice.id}"
    assert (await xendit.get_invoice(invoice.id)).status == "PENDING"
    assert [i.id for i in await xendit.find_invoices("inv-1")] == [invoice.id]
    assert (await xendit.expire_invoice(invoice.id)).status == "EXPIRED"
    assert (await xendit.get_invoice(invoice.id)).status == "EXPIRED"


async def test_invoice_create_with_the_same_idempotency_key_returns_the_same_invoice(xendit):
    first = await xendit.create_invoice(external_id="inv-same", amount=10_000, description="x", duration_s=60)
    again = await xendit.create_invoice(external_id="inv-same", amount=10_000, description="x", duration_s=60)
    assert again.id == first.id
    with pytest.raises(GatewayDuplicate) as err:
        await xendit.create_invoice(external_id="inv-same", amount=20_000, description="x", duration_s=60)
    assert err.value.provider_code == "DUPLICATE_ERROR"


async def test_provider_errors_become_typed_errors_with_the_provider_code(xendit, live_url):
    with pytest.raises(GatewayNotFound) as err:
        await xendit.get_invoice("0" * 24)
    assert err.value.provider_code == "INVOICE_NOT_FOUND_ERROR"
    with pytest.raises(GatewayBadRequest) as err:
        await xendit.create_invoice(external_id="too-big", amount=50_000_000_001, description="x", duration_s=60)
    assert err.value.provider_code == "API_VALIDATION_ERROR"
    wrong = XenditGateway(live_url, "xnd_development_wrong", backoff_s=0)
    with pytest.raises(GatewayUnauthorized) as err:
        await wrong.get_balance()
    assert err.value.provider_code == "INVALID_API_KEY"
    await wrong.aclose()
    # a paid invoice cannot be expired
    invoice = await xendit.create_invoice(external_id="paid", amount=10_000, description="x", duration_s=60)
    await control(live_url, f"invoices/{invoice.id}/pay", method="BRI")
    with pytest.raises(GatewayBadRequest) as err:
        await xendit.expire_invoice(invoice.id)
    assert err.value.provider_code == "INVOICE_ALREADY_PAID_ERROR"


async def test_refunds_follow_the_provider_rules(xendit, live_url):
    qris = await xendit.create_invoice(external_id="r-qris", amount=40_000, description="x", duration_s=60)
    await control(live_url, f"invoices/{qris.id}/pay", method="QRIS")
    refund = await xendit.create_refund(
        invoice_id=qris.id, amount=15_000, reason="REQUESTED_BY_CUSTOMER", reference_id="rf-1", idempotency_key="rf-1"
    )
    assert refund.id.startswith("rfd-") and refund.status == "PENDING" and refund.amount == 15_000
    assert (await xendit.get_refund(refund.id)).status == "SUCCEEDED"
    with pytest.raises(GatewayBadRequest) as err:  # 25 000 left
        await xendit.create_refund(
            invoice_id=qris.id, amount=25_001, reason="OTHERS", reference_id="rf-2", idempotency_key="rf-2"
        )
    assert err.value.provider_code == "REFUND_AMOUNT_EXCEEDED"
    va = await xendit.create_invoice(external_id="r-va", amount=40_000, description="x", duration_s=60)
    await control(live_url, f"invoices/{va.id}/pay", method="BNI")
    with pytest.raises(GatewayForbidden) as err:
        await xendit.create_refund(
            invoice_id=va.id, amount=1_000, reason="OTHERS", reference_id="rf-3", idempotency_key="rf-3"
        )
    assert err.value.provider_code == "REFUND_NOT_SUPPORTED"


async def test_payouts_are_idempotent_and_follow_the_test_mode_account_numbers(xendit):
    before = await xendit.get_balance()
    args = {
        "reference_id": "po-1",
        "channel_code": "ID_BCA",
        "account_number": "1234567890",
        "account_holder_name": "Koperasi Tani",
        "amount": 100_000,
        "description": "payout",
    }
    first = await xendit.create_payout(**args, idempotency_key="po-1")
    again = await xendit.create_payout(**args, idempotency_key="po-1")
    assert first.id == again.id and first.status == "ACCEPTED"
    assert (await xendit.get_payout(first.id)).status == "SUCCEEDED"
    assert await xendit.get_balance() == before - 100_000
    with pytest.raises(GatewayDuplicate) as err:
        await xendit.create_payout(**{**args, "amount": 200_000}, idempotency_key="po-1")
    assert err.value.provider_code == "DUPLICATE_ERROR"
    failing = await xendit.create_payout(
        **{**args, "reference_id": "po-2", "account_number": "121212"}, idempotency_key="po-2"
    )
    got = await xendit.get_payout(failing.id)
    assert (got.status, got.failure_code) == ("FAILED", "INVALID_DESTINATION")
    assert [p.id for p in await xendit.find_payouts("po-2")] == [failing.id]
    held = await xendit.create_payout(
        **{**args, "reference_id": "po-3", "account_number": "131313"}, idempotency_key="po-3"
    )
    assert (await xendit.cancel_payout(held.id)).status == "CANCELLED"
    with pytest.raises(GatewayBadRequest) as err:
        await xendit.create_payout(**{**args, "reference_id": "po-4", "amount": 9_999}, idempotency_key="po-4")
    assert err.value.provider_code == "MINIMUM_TRANSFER_LIMIT_ERROR"


async def test_safe_calls_retry_on_5xx_and_invoice_creates_do_not():
    # given a provider stand-in that answers 503 twice, then succeeds
    calls = []

    def provider(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        if len(calls) % 3:
            return httpx.Response(503, json={"error_code": "SERVER_ERROR", "message": "busy"})
        return httpx.Response(200, json={"balance": 7})

    gateway = XenditGateway(
        "http://xendit.invalid", KEY, backoff_s=0, retries=3, transport=httpx.MockTransport(provider)
    )
    # when / then: a GET is retried until it succeeds
    assert await gateway.get_balance() == 7
    assert calls == ["GET", "GET", "GET"]
    # an invoice create is not idempotent at the provider: one attempt, then the error
    calls.clear()
    with pytest.raises(GatewayUnavailable) as err:
        await gateway.create_invoice(external_id="x", amount=1_000, description="x", duration_s=60)
    assert calls == ["POST"] and err.value.provider_code == "SERVER_ERROR"
    await gateway.aclose()
