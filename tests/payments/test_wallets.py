"""Wallets: credited only when a top-up is paid; debited by other packages once per reference,
never below zero (also under concurrent debits)."""

from __future__ import annotations

import asyncio

import pytest

from market import service as market
from market.errors import InsufficientBalance
from payments import service
from payments.errors import IdempotencyMismatch, InvalidAmount
from tests.builders import make_coop, make_member, make_user, token_for
from tests.payments.helpers import control, count


async def _funded_wallet(gw, sandbox, sbx, amount=100_000):
    coop = await make_coop()
    member = await make_member(coop.id)
    wallet = await service.member_wallet(coop.id, member.id)
    payment = await service.start_topup(gw, wallet.id, amount, idempotency_key="fund")
    await control(sbx, f"invoices/{payment.provider_id}/pay", method="QRIS")
    await sandbox.drain()
    return coop, member, wallet


async def test_debit_refuses_below_zero_and_is_idempotent_on_reference(db, gw, sandbox, sbx):
    _, _, wallet = await _funded_wallet(gw, sandbox, sbx)
    first = await service.debit_wallet(wallet.id, 60_000, reference="ppob:1", description="Token PLN")
    again = await service.debit_wallet(wallet.id, 60_000, reference="ppob:1")
    assert (first.created, again.created, again.balance) == (True, False, 40_000)
    with pytest.raises(InsufficientBalance):
        await service.debit_wallet(wallet.id, 40_001, reference="ppob:2")
    assert await service.wallet_balance(wallet.id) == 40_000
    assert await count("payments_wallet_movement", "WHERE reference = ?", "wallet:ppob:2") == 0
    with pytest.raises(IdempotencyMismatch):
        await service.debit_wallet(wallet.id, 1_000, reference="ppob:1")
    for bad in (0, -5, 10.5, True):
        with pytest.raises(InvalidAmount):
            await service.debit_wallet(wallet.id, bad, reference=f"bad:{bad}")
    # a credit back (a failed PPOB sale) is idempotent too
    await service.credit_wallet(wallet.id, 60_000, reference="ppob:1:refund")
    await service.credit_wallet(wallet.id, 60_000, reference="ppob:1:refund")
    assert await service.wallet_balance(wallet.id) == 100_000
    history = await service.wallet_history(wallet.id)
    assert [m.amount for m in history] == [60_000, -60_000, 100_000]


async def test_a_members_wallet_opened_by_a_top_up_is_their_line_of_the_chart(db, gw, sandbox, sbx):
    coop, member, wallet = await _funded_wallet(gw, sandbox, sbx, amount=40_000)
    account = await service.wallet_ledger_account(wallet.id)
    assert (account.number, account.name, account.cooperative_id) == ("2106", "Saldo dompet anggota", coop.id)
    assert account.id == (await market.chart_account(coop.id, "wallet", member_id=member.id)).id
    trial = await market.statements.trial_balance(coop.id)
    assert [(r.number, r.closing) for r in trial.rows if r.code == "wallet"] == [("2106", -40_000)]


async def test_concurrent_debits_never_take_a_wallet_below_zero(db, gw, sandbox, sbx):
    # given 100 000 in the wallet
    _, _, wallet = await _funded_wallet(gw, sandbox, sbx)

    async def spend(n):
        try:
            await service.debit_wallet(wallet.id, 30_000, reference=f"race:{n}")
            return True
        except InsufficientBalance:
            return False

    # when ten debits of 30 000 race
    results = await asyncio.gather(*(spend(n) for n in range(10)))
    # then exactly three fit
    assert sum(results) == 3
    assert await service.wallet_balance(wallet.id) == 10_000


async def test_member_tops_up_through_the_api_and_sees_the_balance(db, papp, pclient, sandbox, sbx):
    coop = await make_coop()
    member = await make_member(coop.id)
    user = await make_user("member", coop_id=coop.id, member_id=member.id)
    headers = await token_for(user)
    response = await pclient.post(
        "/api/v1/wallets/me/topups", json={"amount": 75_000}, headers={**headers, "Idempotency-Key": "t-1"}
    )
    assert response.status_code == 201, response.text
    topup = response.json()
    again = await pclient.post(
        "/api/v1/wallets/me/topups", json={"amount": 75_000}, headers={**headers, "Idempotency-Key": "t-1"}
    )
    assert again.json()["id"] == topup["id"]
    assert (await pclient.get("/api/v1/wallets/me", headers=headers)).json()["balance"] == 0
    # the payer uses the hosted invoice page
    page = await pclient.get(topup["invoice_url"])
    assert page.status_code == 200 and "Rp 75.000" in page.text
    paid = await pclient.post(f"{topup['invoice_url']}/pay", data={"method": "DANA"})
    assert paid.status_code == 303
    await sandbox.drain()
    assert (await pclient.get("/api/v1/wallets/me", headers=headers)).json()["balance"] == 75_000
    movements = (await pclient.get("/api/v1/wallets/me/movements", headers=headers)).json()
    assert [(m["amount"], m["kind"]) for m in movements] == [(75_000, "topup")]
    # staff of another cooperative cannot read this member's wallet
    other = await make_coop()
    stranger = await make_user("manager", coop_id=other.id)
    response = await pclient.get(
        f"/api/v1/cooperatives/{coop.id}/members/{member.id}/wallet", headers=await token_for(stranger)
    )
    assert response.status_code == 404


async def test_bad_top_up_amounts_get_a_4xx_and_create_nothing(db, papp, pclient):
    user = await make_user("buyer")
    headers = await token_for(user)
    for amount in (-10_000, 0, 10_000.5, "10000", True, 9_999, 20_000_001, 50_000_000_001):
        response = await pclient.post("/api/v1/wallets/me/topups", json={"amount": amount}, headers=headers)
        assert response.status_code == 422, (amount, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert await count("payments_payment") == 0
    assert await market.books_problems() == []
