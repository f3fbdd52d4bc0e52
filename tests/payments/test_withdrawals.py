"""Cash-out of a wallet to a bank account or an e-wallet: the PIN, the bank's name check, amount +
fee held at request, paid out, or returned exactly once whatever order the callbacks come in."""

from __future__ import annotations

import pytest

from market import service as market
from market.errors import InsufficientBalance
from payments import service
from payments.errors import AccountNameMismatch, AccountNotFound, LimitReached, PinWrong, WithdrawalRefused
from payments.service import withdrawal_books
from tests.builders import token_for
from tests.payments.helpers import control, count
from tests.payments.wallet_helpers import PIN, member_with_wallet


async def _cash_out(gw, wallet, user, amount, key, *, channel="ID_BCA", number="1234567890", name="Budi Santoso", **kw):
    return await service.request_withdrawal(
        gw,
        wallet.id,
        amount,
        channel_code=channel,
        account_number=number,
        account_holder_name=name,
        pin_code=kw.pop("pin", PIN),
        user_id=user.id,
        idempotency_key=key,
        **kw,
    )


async def _balance(account) -> int:
    return await market.balance_of((await account()).id)


async def test_a_cash_out_checks_the_name_holds_amount_and_fee_then_pays(db, gw, sandbox):
    _, _, user, wallet = await member_with_wallet(amount=100_000, name="Budi Santoso")
    payout = await _cash_out(gw, wallet, user, 50_000, "w1", name="bpk. BUDI  santoso")
    again = await _cash_out(gw, wallet, user, 50_000, "w1", name="bpk. BUDI  santoso")
    await sandbox.drain()
    assert again.id == payout.id and (payout.wallet_id, payout.fee) == (wallet.id, 2_500)
    assert (await service.get_payout(payout.id)).status == "succeeded"
    assert await service.wallet_balance(wallet.id) == 47_500
    assert [(m.kind, m.amount) for m in await service.wallet_history(wallet.id)][0] == ("withdrawal", -52_500)
    assert await _balance(withdrawal_books.held_account) == 0
    assert await _balance(withdrawal_books.fee_account) == 2_500
    assert [c["bank_code"] for c in sandbox.name_checks] == ["BCA"] and len(sandbox.payouts) == 1
    assert await service.list_payouts() == []  # the operator's list of cooperatives' payouts
    assert await count("outbox_event", "WHERE topic = 'wallet.withdrawal_paid.v1'") == 1


async def test_failure_callbacks_twice_and_out_of_order_return_the_money_once(db, gw, sandbox, sbx):
    _, _, user, wallet = await member_with_wallet(amount=300_000, name="Budi Santoso")
    sandbox.default_mode = "hold"  # every callback waits to be released by hand
    reversed_ = await _cash_out(gw, wallet, user, 40_000, "rev", number="654321")  # succeeds, then bounces
    failed = await _cash_out(gw, wallet, user, 60_000, "fail", number="123456")  # fails
    assert await service.wallet_balance(wallet.id) == 300_000 - 42_500 - 62_500
    held = {d.object_id: [] for d in sandbox.deliveries.values()}
    for d in sandbox.deliveries.values():
        held[d.object_id].append(d)
    rev_succeeded, rev_reversed = held[reversed_.provider_id]
    (fail_failed,) = held[failed.provider_id]
    # the bounce arrives before the success, and again; the failure twice
    for delivery in (rev_reversed, fail_failed, rev_succeeded, rev_reversed, fail_failed):
        await control(sbx, f"deliveries/{delivery.id}/release")
        await sandbox.drain()
    assert (await service.get_payout(reversed_.id)).status == "reversed"
    assert (await service.get_payout(failed.id)).status == "failed"
    assert await service.wallet_balance(wallet.id) == 300_000
    for payout in (reversed_, failed):
        ref = f"wallet:withdrawal:{payout.id}"
        assert await count("journal_entry", "WHERE reference = ?", f"{ref}:return") == 1
        assert await count("journal_entry", "WHERE reference IN (?, ?)", f"{ref}:paid", f"{ref}:reversed") == 0
    assert await count("outbox_event", "WHERE topic = 'wallet.withdrawal_returned.v1'") == 2
    assert await _balance(withdrawal_books.held_account) == 0 and await _balance(withdrawal_books.fee_account) == 0
    # in order, a paid-then-bounced cash-out gives its fee up and returns everything once
    bounced = await _cash_out(gw, wallet, user, 20_000, "rev-2", number="654321")
    for delivery in [d for d in sandbox.deliveries.values() if d.object_id == bounced.provider_id]:
        await control(sbx, f"deliveries/{delivery.id}/release")  # succeeded, then reversed
        await sandbox.drain()
    assert (await service.get_payout(bounced.id)).status == "reversed"
    assert await service.wallet_balance(wallet.id) == 300_000
    assert await count("journal_entry", "WHERE reference = ?", f"wallet:withdrawal:{bounced.id}:reversed") == 1


async def test_refusals_leave_the_wallet_as_it_was(db, gw, sandbox, sbx):
    _, _, user, wallet = await member_with_wallet(amount=100_000, name="Budi Santoso")
    await control(sbx, "accounts", bank_code="BRI", account_number="0987654321", account_holder_name="SLAMET RIYADI")
    with pytest.raises(AccountNameMismatch) as mismatch:
        await _cash_out(gw, wallet, user, 20_000, "n1", channel="ID_BRI", number="0987654321")
    assert mismatch.value.extra["bank_name"] == "SLAMET RIYADI"
    with pytest.raises(AccountNotFound):
        await _cash_out(gw, wallet, user, 20_000, "n2", number="0001234567")
    with pytest.raises(InsufficientBalance):  # the fee comes on top
        await _cash_out(gw, wallet, user, 100_000, "n3")
    with pytest.raises(WithdrawalRefused):
        await _cash_out(gw, wallet, user, 20_000, "n4", channel="ID_XYZ")
    with pytest.raises(PinWrong):
        await _cash_out(gw, wallet, user, 20_000, "n5", pin="000000")
    with pytest.raises(LimitReached):
        await _cash_out(gw, wallet, user, 20_000, "n6", rules=service.WalletRules(withdrawal_daily_idr=15_000))
    assert await count("payments_payout") == 0 and sandbox.payouts == {}
    assert await service.wallet_balance(wallet.id) == 100_000
    # an e-wallet: the number is the phone, no bank to ask for the name
    checks = len(sandbox.name_checks)
    to_ovo = await _cash_out(gw, wallet, user, 10_000, "ovo", channel="ID_OVO", number="081299887766")
    await sandbox.drain()
    assert (await service.get_payout(to_ovo.id)).status == "succeeded" and len(sandbox.name_checks) == checks


async def test_the_api_cash_out_answers_a_problem_for_a_name_mismatch(db, papp, pclient, sbx):
    _, _, user, _ = await member_with_wallet(amount=100_000, name="Budi Santoso")
    await control(sbx, "accounts", bank_code="BNI", account_number="5566778899", account_holder_name="Orang Lain")
    body = {
        "amount": 20_000,
        "channel_code": "ID_BNI",
        "account_number": "5566778899",
        "account_holder_name": "Budi Santoso",
        "pin": PIN,
    }
    headers = {**await token_for(user), "Idempotency-Key": "api-1"}
    refused = await pclient.post("/api/v1/wallet/withdrawals", json=body, headers=headers)
    assert (refused.status_code, refused.json()["code"]) == (422, "payments.account_name_mismatch")
    ok = await pclient.post(
        "/api/v1/wallet/withdrawals",
        json={**body, "account_number": "5566778800"},
        headers={**headers, "Idempotency-Key": "api-2"},
    )
    assert ok.status_code == 201 and ok.json()["fee"] == 2_500
    listed = await pclient.get("/api/v1/wallet/withdrawals", headers=headers)
    assert [p["id"] for p in listed.json()] == [ok.json()["id"]]
