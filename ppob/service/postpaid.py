"""Postpaid: look a bill up (name, period, amount), then pay it the same day, once."""

from __future__ import annotations

from datetime import timedelta

from market import db
from market.errors import InvalidInput
from market.service import get_cooperative, get_member
from ppob.biller import Outcome
from ppob.errors import BillerRejected, InquiryExpired, PriceChanged, TransactionNotFound
from ppob.models import Channel, ProductKind, Transaction, TxState
from ppob.service import books
from ppob.service.followup import reason, send
from ppob.service.history import get_transaction
from ppob.service.port import Link
from ppob.service.products import get_product, quote
from ppob.service.transactions import (
    check_channel,
    check_payer,
    check_wallet_spend,
    new_ref_id,
    sale_fields,
    scoped_key,
    utc_now,
)
from ppob.service.validation import validate_customer_no


async def inquire_bill(
    link: Link,
    *,
    coop_id: int,
    member_id: int | None,
    user_id: int | None,
    sku: str,
    customer_no: str,
    channel: Channel | str = Channel.WALLET,
) -> Transaction:
    """Look up a postpaid bill (name, period, amount) and keep it payable for today."""
    await get_cooperative(coop_id)
    if member_id is not None:
        await get_member(coop_id, member_id)
    channel = check_channel(channel, member_id)
    await check_payer(coop_id, member_id, channel, user_id)
    product = await get_product(sku)
    if product.kind != ProductKind.POSTPAID:
        raise InvalidInput("Produk prabayar tidak perlu cek tagihan", field="sku")
    number = validate_customer_no("postpaid", product.category, product.brand, customer_no)
    ref_id = new_ref_id()
    result = await link.biller.inquire_postpaid(product.sku, number, ref_id)
    if result.outcome is not Outcome.SUCCESS or result.price is None:
        raise BillerRejected(reason(result), rc=result.rc, field="customer_no")
    price = await quote(link, coop_id, product.category, product.brand, result.price)
    return await Transaction.create(
        ref_id=ref_id,
        cooperative_id=coop_id,
        member_id=member_id,
        user_id=user_id,
        channel=channel,
        kind=ProductKind.POSTPAID,
        **sale_fields(product, number, price),
        customer_name=result.customer_name[:200],
        period=result.period[:40],
        details={"admin": result.admin, "desc": result.desc},
        state=TxState.INQUIRY,
        business_date=link.business_day(),
    )


async def _await_invoice(txn_id: int, user_id: int | None, key: str | None) -> Transaction:
    """The bill waits for its Xendit invoice (``awaiting_payment``), paid by *user_id*'s customer."""
    await db.execute(
        "UPDATE ppob_transaction SET state = ?, channel = ?, acting_user_id = ?, idempotency_key = ?"
        " WHERE id = ? AND state = ?",
        str(TxState.AWAITING_PAYMENT),
        str(Channel.INVOICE),
        user_id,
        key,
        txn_id,
        str(TxState.INQUIRY),
    )
    return await Transaction.get(id=txn_id)


async def pay_bill(
    link: Link,
    *,
    coop_id: int,
    txn_id: int,
    user_id: int | None,
    member_id: int | None,
    expected_price: int | None = None,
    idempotency_key: str | None = None,
    channel: Channel | str | None = None,
    pin: str | None = None,
) -> Transaction:
    """Pay a bill looked up today; paying it twice (double click, retry) pays once (the retry
    is not asked the PIN again). From the wallet, the owner's *pin* is checked last.

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
    if txn.business_date != link.business_day():
        raise InquiryExpired("Tagihan harus dibayar pada hari yang sama dengan cek tagihan; cek ulang")
    if expected_price is not None and expected_price != txn.sell_price:
        raise PriceChanged(
            f"Total tagihan Rp {txn.sell_price:,}".replace(",", "."), field="price", price=txn.sell_price
        )
    channel = check_channel(txn.channel if channel is None else channel, txn.member_id)
    await check_payer(coop_id, txn.member_id, channel, user_id)
    key = scoped_key(user_id, idempotency_key)
    if channel == Channel.WALLET and txn.member_id is not None and user_id is not None:  # check_payer: both set
        await check_wallet_spend(coop_id, txn.member_id, user_id, txn.sell_price, pin)
    now = utc_now()
    if channel == Channel.INVOICE:
        return await _await_invoice(txn.id, user_id, key)
    async with db.transaction():
        rows = await db.execute(
            "UPDATE ppob_transaction SET state = ?, channel = ?, acting_user_id = ?, submitted_at = ?,"
            " next_check_at = ?, idempotency_key = ? WHERE id = ? AND state = ? RETURNING id",
            str(TxState.PENDING),
            str(channel),
            user_id,
            now,
            now + timedelta(seconds=link.recheck_after_s),
            key,
            txn.id,
            str(TxState.INQUIRY),
        )
        if rows:
            txn.channel, txn.acting_user_id = channel, user_id  # the hold takes the money from this payer
            await books.hold(txn)
    if not rows:
        return await Transaction.get(id=txn.id)
    await send(link.biller, await Transaction.get(id=txn.id))
    return await Transaction.get(id=txn.id)
