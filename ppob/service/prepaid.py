"""Prepaid: a top-up, a data package, a PLN token or an e-wallet top-up, bought once per key.

A member whose wallet is short pays by a Xendit invoice instead: the purchase waits in
``awaiting_payment`` and goes ahead when the invoice is paid (``followup.invoice_paid``).
"""

from __future__ import annotations

from datetime import timedelta

from tortoise.exceptions import IntegrityError

from market import db
from market.errors import InvalidInput
from market.service import get_cooperative, get_member
from ppob.errors import BillerRejected, IdempotencyConflict, PriceChanged
from ppob.models import Channel, Product, ProductKind, Transaction, TxState
from ppob.service import books
from ppob.service.followup import send
from ppob.service.port import Link
from ppob.service.products import Quote, get_product, quote
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


async def _existing(key: str | None, sku: str, customer_no: str) -> Transaction | None:
    if key is None:
        return None
    txn = await Transaction.get_or_none(idempotency_key=key)
    if txn is not None and (txn.sku != sku or txn.customer_no != customer_no):
        raise IdempotencyConflict("Kunci formulir ini sudah dipakai untuk pembelian lain; muat ulang halaman")
    return txn


async def _create(
    link: Link,
    *,
    key: str | None,
    coop_id: int,
    member_id: int | None,
    user_id: int | None,
    channel: Channel,
    product: Product,
    number: str,
    price: Quote,
) -> Transaction:
    """The purchase's row and, unless an invoice pays it, the hold on the money, in one database
    transaction; a purchase paid by invoice waits in ``awaiting_payment``, unsubmitted."""
    by_invoice = channel == Channel.INVOICE
    async with db.transaction():
        txn = await Transaction.create(
            ref_id=new_ref_id(),
            idempotency_key=key,
            cooperative_id=coop_id,
            member_id=member_id,
            user_id=user_id,
            acting_user_id=user_id,
            channel=channel,
            kind=ProductKind.PREPAID,
            **sale_fields(product, number, price),
            state=TxState.AWAITING_PAYMENT if by_invoice else TxState.PENDING,
            business_date=link.business_day(),
            submitted_at=None if by_invoice else utc_now(),
            next_check_at=None if by_invoice else utc_now() + timedelta(seconds=link.recheck_after_s),
        )
        if not by_invoice:
            await books.hold(txn)
    return txn


async def buy_prepaid(
    link: Link,
    *,
    coop_id: int,
    member_id: int | None,
    user_id: int | None,
    sku: str,
    customer_no: str,
    channel: Channel | str = Channel.WALLET,
    expected_price: int | None = None,
    idempotency_key: str | None = None,
    pin: str | None = None,
) -> Transaction:
    """Buy a prepaid product for *customer_no*; the same idempotency key buys once (a replay
    gets the first purchase without the PIN being asked again).

    The price the customer was shown (*expected_price*) must still be the price charged, else
    PriceChanged and nothing happens. From the wallet, the owner's *pin* is checked last, so a
    try is spent only on a purchase that can go ahead (``check_wallet_spend``).
    """
    await get_cooperative(coop_id)
    if member_id is not None:
        await get_member(coop_id, member_id)
    channel = check_channel(channel, member_id)
    await check_payer(coop_id, member_id, channel, user_id)
    product = await get_product(sku)
    if product.kind != ProductKind.PREPAID:
        raise InvalidInput("Produk pascabayar dibayar lewat cek tagihan", field="sku")
    number = validate_customer_no("prepaid", product.category, product.brand, customer_no)
    key = scoped_key(user_id, idempotency_key)
    if (txn := await _existing(key, sku, number)) is not None:
        return txn
    price = await quote(link, coop_id, product.category, product.brand, product.base_price)
    if expected_price is not None and expected_price != price.sell:
        raise PriceChanged(f"Harga sekarang Rp {price.sell:,}".replace(",", "."), field="price", price=price.sell)
    if channel == Channel.WALLET and member_id is not None and user_id is not None:  # check_payer: both set
        await check_wallet_spend(coop_id, member_id, user_id, price.sell, pin)
    by_invoice = channel == Channel.INVOICE
    try:
        txn = await _create(
            link,
            key=key,
            coop_id=coop_id,
            member_id=member_id,
            user_id=user_id,
            channel=channel,
            product=product,
            number=number,
            price=price,
        )
    except IntegrityError:
        # A double click raced us to the same key: the first one is the purchase.
        if key and (txn := await Transaction.get_or_none(idempotency_key=key)) is not None:
            return txn
        raise
    if by_invoice:
        return txn  # the purchase goes ahead when the invoice is paid (``invoice_paid``)
    await send(link.biller, txn)
    return await Transaction.get(id=txn.id)


async def check_pln_customer(link: Link, customer_no: str):
    """Validate a PLN meter / customer number with the biller and return the customer's name."""
    number = validate_customer_no("prepaid", "PLN", "PLN", customer_no)
    try:
        return await link.biller.inquire_pln(number)
    except BillerRejected as exc:
        raise BillerRejected(exc.detail, rc=exc.rc, field="customer_no") from exc
