"""One wallet: the balance a member tops up on /dompet (a Xendit invoice paid on the payments
sandbox) is the balance PPOB spends and refunds to, and each PPOB movement is a line of the
wallet's history."""

from __future__ import annotations

import httpx

from market import runtime
from market.models import Role
from payments import service as payments
from ppob import service
from tests.builders import make_member, make_user, token_for
from tests.ppob.conftest import PIN, link, set_pin


async def test_a_wallet_topped_up_through_xendit_is_what_ppob_spends_and_refunds_to(live, world):
    app, _, base = live
    coop = world["coop"]
    member = await make_member(coop.id)
    user = await make_user(Role.MEMBER, coop.id, member.id)
    await set_pin(user.id)
    headers = await token_for(user)
    wallet = await payments.member_wallet(coop.id, member.id)
    # given a top-up of Rp 20.000 paid on the Xendit sandbox's invoice page
    topup = await payments.start_topup(runtime.current().gateway, wallet.id, 20_000, idempotency_key="isi-1")
    async with httpx.AsyncClient(timeout=30) as client:
        paid = await client.post(f"{topup.invoice_url}/pay", data={"method": "DANA"})
        assert paid.status_code == 303
        await app.state.xendit_sandbox.drain()
        assert await payments.wallet_balance(wallet.id) == 20_000
        assert await service.wallet_balance(coop.id, member.id) == 20_000  # the same account
        buy = f"{base}/api/v1/cooperatives/{coop.id}/ppob/purchases"
        # when the member buys Telkomsel 10.000 (Rp 11.825) and a purchase that fails
        ok = await client.post(
            buy,
            json={"sku": "tsel10", "customer_no": "081234567821", "price": 11_825, "pin": PIN},
            headers={**headers, "Idempotency-Key": "dompet-0001"},
        )
        failed = await client.post(
            buy,
            json={"sku": "tsel5", "customer_no": "081234567802", "price": 6_925, "pin": PIN},
            headers={**headers, "Idempotency-Key": "dompet-0002"},
        )
        # and then one more than what is left
        short = await client.post(
            buy,
            json={"sku": "tsel10", "customer_no": "081234567822", "price": 11_825, "pin": PIN},
            headers={**headers, "Idempotency-Key": "dompet-0003"},
        )
    assert ok.json()["state"] == "success" and failed.json()["state"] == "failed"
    assert short.status_code == 409 and short.json()["code"] == "ppob.wallet_insufficient"
    # then both views of the wallet agree, and its history shows the PPOB movements
    assert await payments.wallet_balance(wallet.id) == await service.wallet_balance(coop.id, member.id) == 8_175
    history = [(m.amount, m.description) for m in await payments.wallet_history(wallet.id)]
    assert history[:3] == [
        (6_925, "Pengembalian PPOB Telkomsel 5.000 081234567802"),
        (-6_925, "PPOB Telkomsel 5.000 081234567802"),
        (-11_825, "PPOB Telkomsel 10.000 081234567821"),
    ]
    assert history[3][0] == 20_000


async def test_a_purchase_paid_by_invoice_that_fails_is_refunded_to_the_wallet_once(live, world):
    from market.service import balance_of, dispatch_pending
    from ppob.models import Transaction, TxState

    app, sandbox, _ = live
    coop = world["coop"]
    member = await make_member(coop.id)
    wallet = await payments.member_wallet(coop.id, member.id)
    # given a purchase the biller will refuse, paid by a Xendit invoice (the wallet is empty)
    txn = await service.buy_prepaid(
        link(),
        coop_id=coop.id,
        member_id=member.id,
        user_id=None,
        sku="xld10",
        customer_no="087812345602",
        channel="invoice",
        idempotency_key="faktur-0001",
    )
    assert txn.state == TxState.AWAITING_PAYMENT
    invoice = await service.open_invoice(runtime.current().gateway, txn)
    assert (await service.open_invoice(runtime.current().gateway, txn)).id == invoice.id  # one invoice
    async with httpx.AsyncClient(timeout=30) as client:
        assert (await client.post(f"{invoice.invoice_url}/pay", data={"method": "QRIS"})).status_code == 303
    await app.state.xendit_sandbox.drain()
    # when the payment event is delivered (twice) and the poller sends the purchase
    while await dispatch_pending():
        pass
    from payments.events import PaymentSucceeded
    from tests.builders import payment_news

    await service.invoice_paid(
        payment_news(
            PaymentSucceeded, payment_id=invoice.id, kind="ppob", owner_id=txn.id, amount=txn.sell_price, status="paid"
        )
    )
    assert await service.poll_pending(link()) == 1
    # then it failed, and the money is in the member's wallet, once; nothing stays in clearing
    done = await Transaction.get(id=txn.id)
    assert done.state == TxState.FAILED and sandbox.purchases == [txn.ref_id]
    assert await payments.wallet_balance(wallet.id) == txn.sell_price
    assert await balance_of((await payments.clearing()).id) == 0
    await service.check_transaction(link(), done)
    assert await payments.wallet_balance(wallet.id) == txn.sell_price
