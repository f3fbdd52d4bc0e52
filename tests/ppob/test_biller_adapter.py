"""The Digiflazz adapter against the sandbox over real HTTP: signatures both ways, price list,
balance, PLN check, prepaid and postpaid purchases, ref_id idempotency, the biller down."""

from __future__ import annotations

import hashlib
import json

import pytest

from market import runtime
from ppob.biller import DigiflazzBiller, Outcome, callback_signature, sign, verify_callback_signature
from ppob.errors import BillerRejected, BillerUnavailable
from ppob.service import parse_pln_token


@pytest.fixture
def biller(live) -> DigiflazzBiller:
    return runtime.current().biller


def test_sign_is_md5_of_username_key_and_the_call_specific_suffix():
    # given the reference's formula
    expected = hashlib.md5(b"usernamekey123some1d").hexdigest()
    # then
    assert sign("username", "key123", "some1d") == expected and len(expected) == 32


def test_callback_signature_is_hmac_sha1_of_the_raw_body_and_rejects_any_change():
    body = b'{"data":{"ref_id":"PK1","status":"Sukses"}}'
    header = callback_signature("rahasia", body)
    assert header.startswith("sha1=") and len(header) == 45
    assert verify_callback_signature("rahasia", body, header)
    assert not verify_callback_signature("rahasia", body.replace(b"Sukses", b"Gagal"), header)
    assert not verify_callback_signature("lain", body, header)
    assert not verify_callback_signature("rahasia", body, None)


async def test_price_list_balance_and_a_wrong_key_is_refused_with_rc_41(live, biller):
    prepaid = await biller.price_list("prepaid")
    postpaid = await biller.price_list("postpaid")
    brands = {p.brand for p in prepaid}
    assert {"TELKOMSEL", "INDOSAT", "XL", "TRI", "SMARTFREN", "PLN", "OVO", "DANA", "GO PAY", "SHOPEE PAY"} <= brands
    assert {p.sku for p in postpaid} == {"pln", "pdam", "bpjs"}
    xld10 = next(p for p in prepaid if p.sku == "xld10")
    assert xld10.price == 10_100 and xld10.active and xld10.category == "Pulsa"
    assert await biller.balance() == live[1].deposit

    forged = DigiflazzBiller(base_url=biller.base_url, username=biller.username, api_key="wrong-key")
    try:
        with pytest.raises(BillerRejected) as rejected:
            await forged.price_list("prepaid")
        assert rejected.value.rc == "41"
        result = await forged.purchase("xld10", "087800001230", "PKFORGED1")
        assert result.outcome is Outcome.FAILED and result.rc == "41"
        assert live[1].purchases == []  # nothing was bought with a bad signature
    finally:
        await forged.aclose()


async def test_pln_check_returns_the_customer_and_refuses_a_wrong_length(biller):
    customer = await biller.inquire_pln("14234567891")
    assert customer.name and customer.segment_power.startswith("R")
    with pytest.raises(BillerRejected) as wrong:
        await biller.inquire_pln("1423456")
    assert wrong.value.rc == "57"


async def test_the_documented_test_numbers_succeed_fail_and_stay_pending(live, biller):
    sandbox = live[1]
    ok = await biller.purchase("xld10", "087800001230", "PKA1")
    assert ok.outcome is Outcome.SUCCESS and ok.rc == "00" and ok.sn and ok.price == 10_100
    failed = await biller.purchase("xld10", "087800001232", "PKA2")
    assert failed.outcome is Outcome.FAILED and failed.rc == "02"
    pending = await biller.purchase("xld10", "087800001233", "PKA3")
    assert pending.outcome is Outcome.PENDING and pending.rc == "03" and pending.sn == ""
    # the same ref again is the status check: still one purchase
    again = await biller.purchase("xld10", "087800001233", "PKA3")
    assert again.outcome is Outcome.PENDING
    assert sandbox.purchases == ["PKA1", "PKA2", "PKA3"]
    # the same ref for another number is refused, not bought
    clash = await biller.purchase("xld10", "087800001230", "PKA3")
    assert clash.rc == "49" and clash.outcome is Outcome.FAILED
    assert sandbox.purchases == ["PKA1", "PKA2", "PKA3"]


async def test_a_failed_purchase_gives_the_deposit_back(live, biller):
    sandbox = live[1]
    before = sandbox.deposit
    await biller.purchase("xld10", "087800001230", "PKD1")
    await biller.purchase("xld10", "087800001232", "PKD2")
    assert await biller.balance() == before - 10_100


async def test_pln_token_comes_in_the_serial_as_20_digits(biller):
    result = await biller.purchase("pln20", "14234567821", "PKT1")
    assert result.outcome is Outcome.SUCCESS
    token = parse_pln_token(result.sn)
    assert len(token.replace("-", "")) == 20 and token.count("-") == 4
    parts = result.sn.split("/")
    assert len(parts) == 5 and parts[3].endswith("VA") and "," in parts[4]


async def test_postpaid_inquiry_then_payment_with_the_same_ref(live, biller):
    inquiry = await biller.inquire_postpaid("pln", "530000000001", "PKP1")
    assert inquiry.outcome is Outcome.SUCCESS and inquiry.customer_name and inquiry.price > 0
    assert inquiry.desc["detail"][0]["periode"] == inquiry.period
    assert live[1].purchases == []  # an inquiry buys nothing
    paid = await biller.pay_postpaid("pln", "530000000001", "PKP1")
    assert paid.outcome is Outcome.SUCCESS and paid.sn and paid.price == inquiry.price
    again = await biller.pay_postpaid("pln", "530000000001", "PKP1")
    assert again.sn == paid.sn and live[1].purchases == ["PKP1"]
    status = await biller.check_status("postpaid", "pln", "530000000001", "PKP1")
    assert status.outcome is Outcome.SUCCESS
    no_bill = await biller.inquire_postpaid("pln", "530000000003", "PKP2")
    assert no_bill.outcome is Outcome.FAILED and no_bill.rc == "60"
    unknown = await biller.check_status("postpaid", "pln", "530000000001", "PKP9")
    assert unknown.rc == "50"


async def test_a_status_check_inside_the_throttle_window_is_rate_limited(live, biller):
    sandbox = live[1]
    sandbox.config.status_throttle_s = 60
    first = await biller.purchase("xld10", "087800001233", "PKR1")
    assert first.outcome is Outcome.PENDING
    throttled = await biller.purchase("xld10", "087800001233", "PKR1")
    assert throttled.rc == "85" and throttled.outcome is Outcome.RETRY


async def test_pending_settles_with_a_callback_signed_with_the_webhook_secret(live, biller, http):
    sandbox = live[1]
    await biller.purchase("xld10", "087800001234", "PKC1")
    received = []
    original = sandbox.send_callback

    async def spy(txn, **kw):
        received.append(json.dumps({"data": txn.data(sandbox.deposit)}).encode())
        return await original(txn, **kw)

    sandbox.send_callback = spy
    assert await sandbox.settle() == 1
    assert sandbox.transactions["PKC1"].status == "Gagal"
    # the app verified it (200, "unknown" ref here), and a forged one is refused with 401
    assert sandbox.callbacks_sent[-1]["http"] == 200
    forged = await http.post(
        "/api/v1/ppob/biller/callback",
        content=received[0],
        headers={"X-Hub-Signature": callback_signature("not-the-secret", received[0])},
    )
    assert forged.status_code == 401 and forged.json()["code"] == "ppob.callback_unverified"


async def test_biller_down_lost_answer_and_timeout_raise_unavailable_but_a_lost_answer_was_bought_once(live, biller):
    sandbox = live[1]
    sandbox.set_mode("down")
    with pytest.raises(BillerUnavailable):
        await biller.purchase("xld10", "087800001230", "PKX1")
    assert sandbox.purchases == []
    sandbox.set_mode("lost_response")
    with pytest.raises(BillerUnavailable):
        await biller.purchase("xld10", "087800001230", "PKX2")
    assert sandbox.purchases == ["PKX2"]
    sandbox.set_mode("up")
    recovered = await biller.purchase("xld10", "087800001230", "PKX2")
    assert recovered.outcome is Outcome.SUCCESS and sandbox.purchases == ["PKX2"]

    short = DigiflazzBiller(base_url=biller.base_url, username=biller.username, api_key=biller.api_key, timeout_s=0.2)
    sandbox.set_mode("hang")
    try:
        with pytest.raises(BillerUnavailable):
            await short.purchase("xld10", "087800001230", "PKX3")
    finally:
        sandbox.set_mode("up")
        await short.aclose()
    assert sandbox.purchases == ["PKX2", "PKX3"]
