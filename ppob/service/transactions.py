"""PPOB transactions: submit, follow to the end (biller answer, callback, polling), refund.

The state machine (``TxState``)::

    inquiry ──pay──▶ pending ──▶ success
                        │
    (prepaid) submit ───┘  └──▶ failed (refunded in the same database transaction)

    by invoice: submit / pay ──▶ awaiting_payment ──payment.succeeded──▶ pending (due at once)
                                        └──payment.failed / expired──▶ expired (nothing charged)

A member whose wallet is short pays by a Xendit invoice (``payments.create_payment``, kind
``ppob``). The outbox handler for ``payment.succeeded`` moves the money from payments' clearing
account into the PPOB hold and makes the transaction pending and due; the poller (or the receipt
page while the member watches it) sends it to the biller with its own ref_id. If it then fails,
the refund goes to the member's wallet, not back through the gateway: instant, exactly once in
the failure's database transaction, no refund fee (see ``books.refund``). An invoice paid after
its purchase expired is credited to the wallet too.

Three phases, never holding a database transaction across a call to the biller:

1. Commit the transaction row in state ``pending`` together with the ledger entry that holds the
   money (the wallet refuses to go below zero, so a short wallet changes nothing).
2. Call the biller with our ``ref_id`` (its idempotency key) while no lock is held.
3. Apply the answer with a conditional ``UPDATE … WHERE state = 'pending' RETURNING id`` in the
   same database transaction as its ledger entry: a callback, a poll and the original answer
   racing each other apply once, and the loser changes nothing.

A transaction whose answer is unknown (timeout, biller down, crash after phase 1) stays
``pending``; ``poll_pending`` re-sends the same ``ref_id`` (the biller's status check, which never
buys twice) until the biller gives a final answer.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError

from market import db
from market.csvfile import to_csv
from market.errors import InvalidInput
from market.service import Role, actor_by_id, get_cooperative, get_member, publish, record_participation
from payments import service as payments
from payments.events import PaymentExpired, PaymentFailed, PaymentSucceeded
from ppob.biller import RC_MESSAGES, BillerResult, Outcome
from ppob.events import TransactionFailed, TransactionSucceeded
from ppob.errors import (
    BillerRejected,
    BillerUnavailable,
    CallbackUnverified,
    CashAtCounterOnly,
    IdempotencyConflict,
    InquiryExpired,
    PriceChanged,
    TransactionNotFound,
    WalletNotOwner,
)
from ppob.models import Channel, Product, ProductKind, Transaction, TxState
from ppob.service import books, port
from ppob.service.products import get_product, quote
from ppob.service.validation import parse_pln_token, validate_customer_no

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


def _today() -> date:
    return datetime.now(ZoneInfo(port.wiring.timezone)).date()


def new_ref_id() -> str:
    """Our biller ref: ``PK`` + 18 random hex digits (unique; also the status-check key)."""
    return "PK" + secrets.token_hex(9).upper()


def _scoped_key(user_id: int | None, key: str | None) -> str | None:
    if not key:
        return None
    key = key.strip()
    if not key or len(key) > 200:
        raise InvalidInput("Kunci idempoten tidak valid", field="idempotency_key")
    return f"user:{user_id or 0}:{key}"


def _check_channel(channel: Channel | str, member_id: int | None) -> Channel:
    channel = Channel(channel)
    if channel == Channel.WALLET and member_id is None:
        raise InvalidInput("Bayar dengan dompet butuh anggota", field="pay_with")
    if channel == Channel.INVOICE and member_id is None:
        raise InvalidInput("Bayar lewat invoice butuh anggota", field="pay_with")
    return channel


STAFF = frozenset({Role.MANAGER, Role.CASHIER})


async def _check_payer(coop_id: int, member_id: int | None, channel: Channel, acting_user_id: int | None) -> None:
    """Who may pay this way. A wallet is spent only by its owner (the member's own login); cash is
    taken by the cooperative's staff at the counter (or the operator), never booked by a member;
    a Xendit invoice is a payment the customer makes, so whoever serves them may open it."""
    if channel == Channel.INVOICE:
        return
    actor = await actor_by_id(acting_user_id) if acting_user_id is not None else None
    if channel == Channel.WALLET:
        if actor is None or actor.member_id != member_id or actor.cooperative_id != coop_id:
            raise WalletNotOwner("Saldo dompet hanya dapat dipakai oleh anggota pemiliknya; di loket bayar tunai",
                                 field="pay_with")
        return
    if actor is None or not (actor.is_operator or (actor.role in STAFF and actor.cooperative_id == coop_id)):
        raise CashAtCounterOnly("Pembayaran tunai dicatat oleh kasir koperasi di loket", field="pay_with")


async def _existing(key: str | None, sku: str, customer_no: str) -> Transaction | None:
    if key is None:
        return None
    txn = await Transaction.get_or_none(idempotency_key=key)
    if txn is not None and (txn.sku != sku or txn.customer_no != customer_no):
        raise IdempotencyConflict("Kunci formulir ini sudah dipakai untuk pembelian lain; muat ulang halaman")
    return txn


async def buy_prepaid(
    *,
    coop_id: int,
    member_id: int | None,
    user_id: int | None,
    sku: str,
    customer_no: str,
    channel: Channel | str = Channel.WALLET,
    expected_price: int | None = None,
    idempotency_key: str | None = None,
) -> Transaction:
    """Buy a prepaid product for *customer_no*; the same idempotency key buys once.

    The price the customer was shown (*expected_price*) must still be the price charged, else
    PriceChanged and nothing happens.
    """
    await get_cooperative(coop_id)
    if member_id is not None:
        await get_member(coop_id, member_id)
    channel = _check_channel(channel, member_id)
    await _check_payer(coop_id, member_id, channel, user_id)
    product = await get_product(sku)
    if product.kind != ProductKind.PREPAID:
        raise InvalidInput("Produk pascabayar dibayar lewat cek tagihan", field="sku")
    number = validate_customer_no("prepaid", product.category, product.brand, customer_no)
    key = _scoped_key(user_id, idempotency_key)
    if (txn := await _existing(key, sku, number)) is not None:
        return txn
    price = await quote(coop_id, product.category, product.brand, product.base_price)
    if expected_price is not None and expected_price != price.sell:
        raise PriceChanged(f"Harga sekarang Rp {price.sell:,}".replace(",", "."), field="price", price=price.sell)
    by_invoice = channel == Channel.INVOICE
    try:
        async with db.transaction():
            txn = await Transaction.create(
                ref_id=new_ref_id(), idempotency_key=key, cooperative_id=coop_id, member_id=member_id,
                user_id=user_id, acting_user_id=user_id, channel=channel, kind=ProductKind.PREPAID, sku=product.sku,
                product_name=product.name, category=product.category, brand=product.brand,
                customer_no=number, base_price=price.base, platform_fee=price.platform_fee,
                sell_price=price.sell, state=TxState.AWAITING_PAYMENT if by_invoice else TxState.PENDING,
                business_date=_today(), submitted_at=None if by_invoice else _now(),
                next_check_at=None if by_invoice else _now() + timedelta(seconds=port.wiring.recheck_after_s),
            )
            if not by_invoice:
                await books.hold(txn)
    except IntegrityError:
        # A double click raced us to the same key: the first one is the purchase.
        if key and (txn := await Transaction.get_or_none(idempotency_key=key)) is not None:
            return txn
        raise
    if by_invoice:
        return txn  # the purchase goes ahead when the invoice is paid (``invoice_paid``)
    await _send(txn)
    return await Transaction.get(id=txn.id)


async def inquire_bill(
    *, coop_id: int, member_id: int | None, user_id: int | None, sku: str, customer_no: str,
    channel: Channel | str = Channel.WALLET,
) -> Transaction:
    """Look up a postpaid bill (name, period, amount) and keep it payable for today."""
    await get_cooperative(coop_id)
    if member_id is not None:
        await get_member(coop_id, member_id)
    channel = _check_channel(channel, member_id)
    await _check_payer(coop_id, member_id, channel, user_id)
    product = await get_product(sku)
    if product.kind != ProductKind.POSTPAID:
        raise InvalidInput("Produk prabayar tidak perlu cek tagihan", field="sku")
    number = validate_customer_no("postpaid", product.category, product.brand, customer_no)
    ref_id = new_ref_id()
    result = await port.biller().inquire_postpaid(product.sku, number, ref_id)
    if result.outcome is not Outcome.SUCCESS or result.price is None:
        raise BillerRejected(_reason(result), rc=result.rc, field="customer_no")
    price = await quote(coop_id, product.category, product.brand, result.price)
    return await Transaction.create(
        ref_id=ref_id, cooperative_id=coop_id, member_id=member_id, user_id=user_id, channel=channel,
        kind=ProductKind.POSTPAID, sku=product.sku, product_name=product.name, category=product.category,
        brand=product.brand, customer_no=number, customer_name=result.customer_name[:200],
        period=result.period[:40], details={"admin": result.admin, "desc": result.desc},
        base_price=price.base, platform_fee=price.platform_fee, sell_price=price.sell,
        state=TxState.INQUIRY, business_date=_today(),
    )


async def pay_bill(
    *, coop_id: int, txn_id: int, user_id: int | None, member_id: int | None,
    expected_price: int | None = None, idempotency_key: str | None = None,
    channel: Channel | str | None = None,
) -> Transaction:
    """Pay a bill looked up today; paying it twice (double click, retry) pays once.

    *channel* is how *user_id* pays it now (None: as chosen when it was looked up): ``wallet``
    only by the member who owns the wallet, ``cash`` only by the cooperative's staff at the
    counter, ``invoice`` (a member whose wallet is short) waits for a Xendit invoice. Whoever pays
    is recorded as the acting user; the member it was looked up for stays its customer.
    """
    txn = await get_transaction(coop_id, txn_id)
    if member_id is not None and txn.member_id != member_id:
        raise TransactionNotFound("Transaksi tidak ditemukan")
    if txn.state != TxState.INQUIRY:
        if txn.state == TxState.EXPIRED:
            raise InquiryExpired("Cek tagihan sudah kedaluwarsa; cek ulang tagihan")
        return txn  # already paid (or being paid): the retry gets the first result
    if txn.business_date != _today():
        raise InquiryExpired("Tagihan harus dibayar pada hari yang sama dengan cek tagihan; cek ulang")
    if expected_price is not None and expected_price != txn.sell_price:
        raise PriceChanged(f"Total tagihan Rp {txn.sell_price:,}".replace(",", "."), field="price", price=txn.sell_price)
    channel = _check_channel(txn.channel if channel is None else channel, txn.member_id)
    await _check_payer(coop_id, txn.member_id, channel, user_id)
    key = _scoped_key(user_id, idempotency_key)
    now = _now()
    if channel == Channel.INVOICE:
        await db.execute(
            "UPDATE ppob_transaction SET state = ?, channel = ?, acting_user_id = ?, idempotency_key = ?"
            " WHERE id = ? AND state = ?",
            str(TxState.AWAITING_PAYMENT), str(Channel.INVOICE), user_id, key, txn.id, str(TxState.INQUIRY),
        )
        return await Transaction.get(id=txn.id)
    async with db.transaction():
        rows = await db.execute(
            "UPDATE ppob_transaction SET state = ?, channel = ?, acting_user_id = ?, submitted_at = ?,"
            " next_check_at = ?, idempotency_key = ? WHERE id = ? AND state = ? RETURNING id",
            str(TxState.PENDING), str(channel), user_id, now, now + timedelta(seconds=port.wiring.recheck_after_s),
            key, txn.id, str(TxState.INQUIRY),
        )
        if rows:
            txn.channel, txn.acting_user_id = channel, user_id  # the hold takes the money from this payer
            await books.hold(txn)
    if not rows:
        return await Transaction.get(id=txn.id)
    await _send(await Transaction.get(id=txn.id))
    return await Transaction.get(id=txn.id)


async def _send(txn: Transaction) -> None:
    """Phase 2 and 3: ask the biller, apply what it says; unknown stays pending for polling."""
    try:
        if txn.kind == ProductKind.POSTPAID:
            result = await port.biller().pay_postpaid(txn.sku, txn.customer_no, txn.ref_id)
        else:
            result = await port.biller().purchase(txn.sku, txn.customer_no, txn.ref_id, max_price=txn.base_price)
    except BillerUnavailable as exc:
        log.warning("biller unavailable for %s: %s; left pending", txn.ref_id, exc.detail)
        return
    await apply_result(txn.id, result)


def _reason(result: BillerResult) -> str:
    return RC_MESSAGES.get(result.rc) or result.message or "Transaksi gagal"


async def apply_result(txn_id: int, result: BillerResult) -> TxState:
    """Apply a biller answer to a pending transaction, once; return the state after it."""
    now = _now()
    if result.outcome is Outcome.SUCCESS:
        async with db.transaction():
            txn = await Transaction.get(id=txn_id)
            cost = result.price if result.price is not None else txn.base_price
            margin = txn.sell_price - cost - txn.platform_fee
            token = parse_pln_token(result.sn) if txn.brand.upper() == "PLN" and txn.kind == ProductKind.PREPAID else ""
            rows = await db.execute(
                "UPDATE ppob_transaction SET state = ?, rc = ?, message = ?, sn = ?, token = ?, biller_price = ?,"
                " margin = ?, settled_at = ?, next_check_at = NULL WHERE id = ? AND state = ? RETURNING id",
                str(TxState.SUCCESS), result.rc[:4], result.message[:300], result.sn[:300], token, cost, margin,
                now, txn_id, str(TxState.PENDING),
            )
            if rows:
                # The ledger postings go last: they update the busiest rows (the cooperative's
                # and the platform's PPOB accounts), and a row lock is held until commit.
                await record_participation(
                    txn.cooperative_id, txn.member_id, "ppob", txn.sell_price, margin, f"ppob:{txn.id}"
                )
                await publish(TransactionSucceeded(**_event_fields(txn), margin=margin))
                await books.settle(txn, cost, txn.platform_fee, margin)
        return TxState.SUCCESS if rows else (await Transaction.get(id=txn_id)).state
    if result.outcome is Outcome.FAILED:
        async with db.transaction():
            rows = await db.execute(
                "UPDATE ppob_transaction SET state = ?, rc = ?, message = ?, retryable = ?, settled_at = ?,"
                " next_check_at = NULL WHERE id = ? AND state = ? RETURNING id",
                str(TxState.FAILED), result.rc[:4], _reason(result)[:300], result.retryable_later, now,
                txn_id, str(TxState.PENDING),
            )
            if rows:
                txn = await Transaction.get(id=txn_id)
                await publish(TransactionFailed(**_event_fields(txn)))
                await books.refund(txn)
        return TxState.FAILED if rows else (await Transaction.get(id=txn_id)).state
    # Pending or "ask again later": nothing moves; remember what the biller said.
    await db.execute(
        "UPDATE ppob_transaction SET rc = ?, message = ? WHERE id = ? AND state = ?",
        result.rc[:4], result.message[:300], txn_id, str(TxState.PENDING),
    )
    return (await Transaction.get(id=txn_id)).state


def _event_fields(txn: Transaction) -> dict[str, Any]:
    return {"transaction_id": txn.id, "ref_id": txn.ref_id, "cooperative_id": txn.cooperative_id,
            "member_id": txn.member_id, "sku": txn.sku, "amount": txn.sell_price}


async def handle_callback(body: bytes, signature: str | None) -> str:
    """Apply a biller callback; the signature is checked over the raw body before anything else."""
    biller = port.biller()
    if not biller.verify_callback(body, signature):
        raise CallbackUnverified("Tanda tangan callback tidak valid")
    import json

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


async def check_transaction(txn: Transaction) -> TxState:
    """Ask the biller about one pending transaction with its own ref_id, and apply the answer."""
    biller = port.biller()
    try:
        if txn.kind == ProductKind.POSTPAID:
            result = await biller.check_status("postpaid", txn.sku, txn.customer_no, txn.ref_id)
            if result.rc == "50":  # the payment never reached the biller
                if txn.business_date == _today():
                    result = await biller.pay_postpaid(txn.sku, txn.customer_no, txn.ref_id)
                else:
                    result = BillerResult(ref_id=txn.ref_id, outcome=Outcome.FAILED, rc="50",
                                          message="Tagihan tidak terbayar hari itu", status="Gagal")
        else:
            # Re-sending the identical purchase is Digiflazz's status check: it never buys twice.
            result = await biller.purchase(txn.sku, txn.customer_no, txn.ref_id, max_price=txn.base_price)
    except BillerUnavailable:
        return TxState.PENDING
    return await apply_result(txn.id, result)


async def poll_pending(*, limit: int = 200, concurrency: int = 20) -> int:
    """Follow pending transactions that are due a status check; return how many were checked.

    Each one is claimed by moving its ``next_check_at`` forward with a conditional update, so
    two worker processes do not check the same transaction in the same minute.
    """
    now = _now()
    due = await Transaction.filter(state=TxState.PENDING, next_check_at__lte=now).order_by("next_check_at").limit(limit)
    later = now + timedelta(seconds=port.wiring.recheck_after_s)
    claimed = []
    for txn in due:
        rows = await db.execute(
            "UPDATE ppob_transaction SET next_check_at = ?, checks = checks + 1"
            " WHERE id = ? AND state = ? AND next_check_at <= ? RETURNING id",
            later, txn.id, str(TxState.PENDING), now,
        )
        if rows:
            claimed.append(txn)
    gate = asyncio.Semaphore(concurrency)

    async def one(txn: Transaction) -> None:
        async with gate:
            try:
                await check_transaction(txn)
            except Exception:
                log.exception("status check of %s failed", txn.ref_id)

    await asyncio.gather(*(one(t) for t in claimed))
    return len(claimed)


async def expire_inquiries() -> int:
    """Bills looked up on an earlier day can no longer be paid: mark them expired."""
    return await Transaction.filter(state=TxState.INQUIRY, business_date__lt=_today()).update(state=TxState.EXPIRED)


# Paying by a Xendit invoice -----------------------------------------------------------------

PAYMENT_KIND = "ppob"


async def open_invoice(gateway, txn: Transaction, *, return_url: str | None = None, duration_s: int = 3600):
    """The Xendit invoice of a purchase waiting for payment (the same one on a retry)."""
    if txn.state != TxState.AWAITING_PAYMENT:
        raise InvalidInput("Transaksi ini tidak menunggu pembayaran", field="pay_with")
    wallet = await payments.member_wallet(txn.cooperative_id, txn.member_id)
    payment = await payments.create_payment(
        gateway, kind=PAYMENT_KIND, owner_id=txn.id, amount=txn.sell_price,
        description=f"PPOB {txn.product_name} {txn.customer_no}"[:255], idempotency_key=txn.ref_id,
        cooperative_id=txn.cooperative_id, metadata={"ref_id": txn.ref_id, "member_wallet_id": wallet.id},
        duration_s=duration_s, success_url=return_url, failure_url=return_url,
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
    now = _now()
    rows = await db.execute(
        "UPDATE ppob_transaction SET state = ?, submitted_at = ?, next_check_at = ?, invoice_ref = ?"
        " WHERE id = ? AND state = ? RETURNING id",
        str(TxState.PENDING), now, now, str(event.payment_id), txn.id, str(TxState.AWAITING_PAYMENT),
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
        str(TxState.EXPIRED), "Invoice tidak dibayar", event.owner_id, str(TxState.AWAITING_PAYMENT),
    )


async def follow_up(txn_id: int) -> TxState:
    """Check one pending transaction now if it is due (the receipt page asks while it waits);
    the same claim as ``poll_pending``, so it never hits the biller more often than allowed."""
    now = _now()
    rows = await db.execute(
        "UPDATE ppob_transaction SET next_check_at = ?, checks = checks + 1"
        " WHERE id = ? AND state = ? AND next_check_at <= ? RETURNING id",
        now + timedelta(seconds=port.wiring.recheck_after_s), txn_id, str(TxState.PENDING), now,
    )
    if not rows:
        return (await Transaction.get(id=txn_id)).state
    return await check_transaction(await Transaction.get(id=txn_id))


# Reading -------------------------------------------------------------------------------------

async def get_transaction(coop_id: int, txn_id: int) -> Transaction:
    txn = await Transaction.get_or_none(id=txn_id, cooperative_id=coop_id)
    if txn is None:
        raise TransactionNotFound("Transaksi tidak ditemukan")
    return txn


async def find_transaction(txn_id: int) -> Transaction:
    """A transaction by id alone (the receipt page decides who may see it)."""
    txn = await Transaction.get_or_none(id=txn_id)
    if txn is None:
        raise TransactionNotFound("Transaksi tidak ditemukan")
    return txn


@dataclass
class HistoryFilter:
    member_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    sku: str | None = None
    category: str | None = None
    state: TxState | None = None


async def list_transactions(coop_id: int, f: HistoryFilter | None = None, *, limit: int = 100, offset: int = 0) -> list[Transaction]:
    """A cooperative's (or one member's) transactions, newest first, filtered."""
    f = f or HistoryFilter()
    query = Transaction.filter(cooperative_id=coop_id).exclude(state=TxState.INQUIRY)
    if f.member_id is not None:
        query = query.filter(member_id=f.member_id)
    if f.date_from:
        query = query.filter(business_date__gte=f.date_from)
    if f.date_to:
        query = query.filter(business_date__lte=f.date_to)
    if f.sku:
        query = query.filter(sku=f.sku)
    if f.category:
        query = query.filter(category=f.category)
    if f.state:
        query = query.filter(state=f.state)
    return await query.order_by("-id").offset(offset).limit(min(limit, 5000))


CSV_COLUMNS = ("tanggal", "ref_id", "anggota_id", "kanal", "dibayar_oleh", "kategori", "produk",
               "nomor_pelanggan", "harga_jual", "harga_dasar", "fee_platform", "margin", "status", "rc", "sn")


async def export_csv(coop_id: int, f: HistoryFilter | None = None) -> str:
    """The filtered history as CSV (one row per transaction); money columns stay numbers, every
    text cell is neutralised against formula injection (``market.csvfile``)."""
    rows = await list_transactions(coop_id, f, limit=5000)
    return to_csv(([t.business_date, t.ref_id, t.member_id, str(t.channel), t.acting_user_id, t.category,
                    t.product_name, t.customer_no, t.sell_price, t.biller_price or t.base_price, t.platform_fee,
                    t.margin, str(t.state), t.rc, t.sn] for t in rows), header=CSV_COLUMNS)


async def product_kind(sku: str) -> str | None:
    product = await Product.get_or_none(sku=sku)
    return None if product is None else str(product.kind)


async def check_pln_customer(customer_no: str):
    """Validate a PLN meter / customer number with the biller and return the customer's name."""
    number = validate_customer_no("prepaid", "PLN", "PLN", customer_no)
    try:
        return await port.biller().inquire_pln(number)
    except BillerRejected as exc:
        raise BillerRejected(exc.detail, rc=exc.rc, field="customer_no") from exc
