"""Following a transaction to its end: the biller's answer applied once, its callbacks, status
polling, the Xendit invoice of a purchase and what its payment (or its expiry) does, and bills
that were never paid.

A member whose wallet is short pays by a Xendit invoice (``payments.create_payment``, kind
``ppob``). The outbox handler for ``payment.succeeded`` moves the money from payments' clearing
account into the PPOB hold and makes the transaction pending and due; the poller (or the receipt
page while the member watches it) sends it to the biller with its own ref_id. If it then fails,
the refund goes to the member's wallet, not back through the gateway: instant, exactly once in
the failure's database transaction, no refund fee (see ``books.refund``). An invoice paid after
its purchase expired is credited to the wallet too.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import timedelta
from typing import Any

from market import db
from market.errors import InvalidInput, NotFound
from market.service import publish
from payments import service as payments
from payments.events import PaymentExpired, PaymentFailed, PaymentSucceeded
from ppob.biller import RC_MESSAGES, Biller, BillerResult, Outcome
from ppob.errors import BillerUnavailable, CallbackUnverified
from ppob.events import TransactionFailed, TransactionSucceeded
from ppob.models import ProductKind, Transaction, TxState
from ppob.service import books
from ppob.service.port import Link
from ppob.service.transactions import utc_now
from ppob.service.validation import parse_pln_token

log = logging.getLogger(__name__)


async def send(biller: Biller, txn: Transaction) -> None:
    """Phase 2 and 3: ask the biller, apply what it says; unknown stays pending for polling."""
    try:
        if txn.kind == ProductKind.POSTPAID:
            result = await biller.pay_postpaid(txn.sku, txn.customer_no, txn.ref_id)
        else:
            result = await biller.purchase(txn.sku, txn.customer_no, txn.ref_id, max_price=txn.base_price)
    except BillerUnavailable as exc:
        log.warning("biller unavailable for %s: %s; left pending", txn.ref_id, exc.detail)
        return
    await apply_result(txn.id, result)


def reason(result: BillerResult) -> str:
    """Why the biller refused, in words the customer reads (its rc's message, else its own)."""
    return RC_MESSAGES.get(result.rc) or result.message or "Transaksi gagal"


async def apply_result(txn_id: int, result: BillerResult) -> TxState:
    """Apply a biller answer to a pending transaction, once; return the state after it."""
    now = utc_now()
    if result.outcome is Outcome.SUCCESS:
        async with db.transaction():
            txn = await Transaction.get(id=txn_id)
            cost = result.price if result.price is not None else txn.base_price
            margin = txn.sell_price - cost - txn.platform_fee
            token = parse_pln_token(result.sn) if txn.brand.upper() == "PLN" and txn.kind == ProductKind.PREPAID else ""
            rows = await db.execute(
                "UPDATE ppob_transaction SET state = ?, rc = ?, message = ?, sn = ?, token = ?, biller_price = ?,"
                " margin = ?, settled_at = ?, next_check_at = NULL WHERE id = ? AND state = ? RETURNING id",
                str(TxState.SUCCESS),
                result.rc[:4],
                result.message[:300],
                result.sn[:300],
                token,
                cost,
                margin,
                now,
                txn_id,
                str(TxState.PENDING),
            )
            if rows:
                # The ledger postings go last: they update the busiest rows (the cooperative's
                # and the platform's PPOB accounts), and a row lock is held until commit.
                await publish(TransactionSucceeded(**_event_fields(txn), margin=margin))
                await books.settle(txn, cost, txn.platform_fee, margin)
        return TxState.SUCCESS if rows else (await Transaction.get(id=txn_id)).state
    if result.outcome is Outcome.FAILED:
        async with db.transaction():
            rows = await db.execute(
                "UPDATE ppob_transaction SET state = ?, rc = ?, message = ?, retryable = ?, settled_at = ?,"
                " next_check_at = NULL WHERE id = ? AND state = ? RETURNING id",
                str(TxState.FAILED),
                result.rc[:4],
                reason(result)[:300],
                result.retryable_later,
                now,
                txn_id,
                str(TxState.PENDING),
            )
            if rows:
                txn = await Transaction.get(id=txn_id)
                await publish(TransactionFailed(**_event_fields(txn)))
                await books.refund(txn)
        return TxState.FAILED if rows else (await Transaction.get(id=txn_id)).state
    # Pending or "ask again later": nothing moves; remember what the biller said.
    await db.execute(
        "UPDATE ppob_transaction SET rc = ?, message = ? WHERE id = ? AND state = ?",
        result.rc[:4],
        result.message[:300],
        txn_id,
        str(TxState.PENDING),
    )
    return (await Transaction.get(id=txn_id)).state


def _event_fields(txn: Transaction) -> dict[str, Any]:
    return {
        "transaction_id": txn.id,
        "ref_id": txn.ref_id,
        "cooperative_id": txn.cooperative_id,
        "member_id": txn.member_id,
        "sku": txn.sku,
        "amount": txn.sell_price,
    }


async def handle_callback(link: Link, body: bytes, signature: str | None) -> str:
    """Apply a biller callback; the signature is checked over the raw body before anything else."""
    if not link.biller.verify_callback(body, signature):
        raise CallbackUnverified("Tanda tangan callback tidak valid")
    try:
        payload = json.loads(body)
        data = payload["data"]
        result = BillerResult.from_data(data)
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInput("Isi callback tidak dapat dibaca") from exc
    txn = await Transaction.get_or_none(ref_id=result.ref_id) if result.ref_id else None
    if txn is None:
        log.warning("biller callback for unknown ref %r ignored", result.ref_id)
        return "unknown"
    if (result.customer_no and result.customer_no != txn.customer_no) or (result.sku and result.sku != txn.sku):
        log.warning("biller callback for %s does not match the transaction; ignored", txn.ref_id)
        return "mismatch"
    return str(await apply_result(txn.id, result))


async def check_transaction(link: Link, txn: Transaction) -> TxState:
    """Ask the biller about one pending transaction with its own ref_id, and apply the answer."""
    biller = link.biller
    try:
        if txn.kind == ProductKind.POSTPAID:
            result = await biller.check_status("postpaid", txn.sku, txn.customer_no, txn.ref_id)
            if result.rc == "50":  # the payment never reached the biller
                if txn.business_date == link.business_day():
                    result = await biller.pay_postpaid(txn.sku, txn.customer_no, txn.ref_id)
                else:
                    result = BillerResult(
                        ref_id=txn.ref_id,
                        outcome=Outcome.FAILED,
                        rc="50",
                        message="Tagihan tidak terbayar hari itu",
                        status="Gagal",
                    )
        else:
            # Re-sending the identical purchase is Digiflazz's status check: it never buys twice.
            result = await biller.purchase(txn.sku, txn.customer_no, txn.ref_id, max_price=txn.base_price)
    except BillerUnavailable:
        return TxState.PENDING
    return await apply_result(txn.id, result)


async def poll_pending(link: Link, *, limit: int = 200, concurrency: int = 20) -> int:
    """Follow pending transactions that are due a status check; return how many were checked.

    Each one is claimed by moving its ``next_check_at`` forward with a conditional update, so
    two worker processes do not check the same transaction in the same minute.
    """
    now = utc_now()
    due = await Transaction.filter(state=TxState.PENDING, next_check_at__lte=now).order_by("next_check_at").limit(limit)
    later = now + timedelta(seconds=link.recheck_after_s)
    claimed = []
    for txn in due:
        rows = await db.execute(
            "UPDATE ppob_transaction SET next_check_at = ?, checks = checks + 1"
            " WHERE id = ? AND state = ? AND next_check_at <= ? RETURNING id",
            later,
            txn.id,
            str(TxState.PENDING),
            now,
        )
        if rows:
            claimed.append(txn)
    gate = asyncio.Semaphore(concurrency)

    async def one(txn: Transaction) -> None:
        async with gate:
            try:
                await check_transaction(link, txn)
            except Exception:
                log.exception("status check of %s failed", txn.ref_id)

    await asyncio.gather(*(one(t) for t in claimed))
    return len(claimed)


async def expire_inquiries(link: Link) -> int:
    """Bills looked up on an earlier day can no longer be paid: mark them expired."""
    today = link.business_day()
    return await Transaction.filter(state=TxState.INQUIRY, business_date__lt=today).update(state=TxState.EXPIRED)


# Paying by a Xendit invoice -----------------------------------------------------------------

PAYMENT_KIND = "ppob"


async def open_invoice(gateway, txn: Transaction, *, return_url: str | None = None, duration_s: int = 3600):
    """The Xendit invoice of a purchase waiting for payment (the same one on a retry)."""
    if txn.state != TxState.AWAITING_PAYMENT:
        raise InvalidInput("Transaksi ini tidak menunggu pembayaran", field="pay_with")
    if txn.member_id is None:  # as payments.member_wallet answers for no member
        raise NotFound("Anggota tidak ditemukan")
    wallet = await payments.member_wallet(txn.cooperative_id, txn.member_id)
    payment = await payments.create_payment(
        gateway,
        kind=PAYMENT_KIND,
        owner_id=txn.id,
        amount=txn.sell_price,
        description=f"PPOB {txn.product_name} {txn.customer_no}"[:255],
        idempotency_key=txn.ref_id,
        cooperative_id=txn.cooperative_id,
        metadata={"ref_id": txn.ref_id, "member_wallet_id": wallet.id},
        duration_s=duration_s,
        success_url=return_url,
        failure_url=return_url,
    )
    if txn.invoice_ref != str(payment.id):
        await Transaction.filter(id=txn.id).update(invoice_ref=str(payment.id))
    return payment


async def invoice_paid(event: PaymentSucceeded) -> None:
    """``payment.succeeded`` of kind ppob (outbox handler, inside its delivery's transaction):
    the money moves from payments' clearing into the PPOB hold and the transaction becomes
    pending, due for sending at once (the poller, or the receipt page, sends it). Delivered
    twice, it changes nothing the second time. Paid after the purchase expired: the money goes
    to the member's wallet."""
    if event.kind != PAYMENT_KIND:
        return
    txn = await Transaction.get_or_none(id=event.owner_id)
    if txn is None:
        log.warning("payment %s for unknown PPOB transaction %s", event.payment_id, event.owner_id)
        return
    now = utc_now()
    rows = await db.execute(
        "UPDATE ppob_transaction SET state = ?, submitted_at = ?, next_check_at = ?, invoice_ref = ?"
        " WHERE id = ? AND state = ? RETURNING id",
        str(TxState.PENDING),
        now,
        now,
        str(event.payment_id),
        txn.id,
        str(TxState.AWAITING_PAYMENT),
    )
    if rows:
        await books.hold(txn)
    elif txn.state == TxState.EXPIRED:
        await books.refund_late_payment(txn, event.amount)


async def invoice_unpaid(event: PaymentFailed | PaymentExpired) -> None:
    """``payment.failed`` / ``payment.expired`` of kind ppob: nothing was charged; the purchase expires."""
    if event.kind != PAYMENT_KIND:
        return
    await db.execute(
        "UPDATE ppob_transaction SET state = ?, message = ? WHERE id = ? AND state = ?",
        str(TxState.EXPIRED),
        "Invoice tidak dibayar",
        event.owner_id,
        str(TxState.AWAITING_PAYMENT),
    )


async def follow_up(link: Link, txn_id: int) -> TxState:
    """Check one pending transaction now if it is due (the receipt page asks while it waits);
    the same claim as ``poll_pending``, so it never hits the biller more often than allowed."""
    now = utc_now()
    rows = await db.execute(
        "UPDATE ppob_transaction SET next_check_at = ?, checks = checks + 1"
        " WHERE id = ? AND state = ? AND next_check_at <= ? RETURNING id",
        now + timedelta(seconds=link.recheck_after_s),
        txn_id,
        str(TxState.PENDING),
        now,
    )
    if not rows:
        return (await Transaction.get(id=txn_id)).state
    return await check_transaction(link, await Transaction.get(id=txn_id))
