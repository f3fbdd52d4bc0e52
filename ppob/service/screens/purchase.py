"""Buying at the counter: a prepaid product confirmed at the price charged, then bought; a bill
looked up, shown, then paid; either one by a Xendit invoice when a member's wallet is short."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from market.errors import DomainError, InvalidInput
from ppob.biller import PlnCustomer
from ppob.errors import TransactionNotFound
from ppob.models import Transaction, TxState
from ppob.schemas import TransactionOut
from ppob.service.followup import open_invoice
from ppob.service.history import get_transaction
from ppob.service.port import Link
from ppob.service.postpaid import inquire_bill, pay_bill
from ppob.service.prepaid import buy_prepaid, check_pln_customer
from ppob.service.products import PricedProduct, get_product, quote
from ppob.service.screens.counter import (
    CoopView,
    Counter,
    CounterCategory,
    bill_category,
    coop_view,
    counter_balance,
    counter_category,
    counter_has_pin,
)
from ppob.service.validation import OPERATOR_NAMES, operator_of, validate_customer_no

# Prepaid: confirm, then buy ------------------------------------------------------------------


@dataclass(frozen=True)
class ConfirmScreen:
    """The product, the number and the price charged (the service's quote, not the form's)."""

    ctr: Counter
    cat: CounterCategory
    product: PricedProduct
    number: str
    customer: PlnCustomer | None
    operator: str
    price: int
    balance: int | None
    short: bool  # a member's wallet holds less than the price: offer a Xendit invoice
    coop: CoopView
    has_pin: bool  # a member paying from the wallet has a PIN to type


async def _pln_customer(link: Link, number: str) -> PlnCustomer | None:
    try:
        return await check_pln_customer(link, number)
    except DomainError:
        return None


async def confirm_screen(link: Link, ctr: Counter, key: str | None, sku: str, customer_no: str) -> ConfirmScreen:
    """Confirm buying *sku* for *customer_no*; a bad number or an unavailable product raises."""
    cat = counter_category(key)
    product = await get_product(sku)
    number = validate_customer_no(str(product.kind), product.category, product.brand, customer_no)
    customer = await _pln_customer(link, number) if cat.category == product.category == "PLN" else None
    price = await quote(link, ctr.coop_id, product.category, product.brand, product.base_price)
    balance = await counter_balance(ctr)
    return ConfirmScreen(
        ctr=ctr,
        cat=cat,
        number=number,
        customer=customer,
        price=price.sell,
        balance=balance,
        product=PricedProduct(
            sku=product.sku,
            name=product.name,
            category=product.category,
            brand=product.brand,
            kind=str(product.kind),
            description=product.description,
            quote=price,
        ),
        operator=OPERATOR_NAMES.get(operator_of(number) or "", "") if cat.phone else "",
        short=balance is not None and balance < price.sell,
        coop=await coop_view(ctr.coop_id),
        has_pin=await counter_has_pin(ctr),
    )


@dataclass(frozen=True)
class Paid:
    """Where a purchase or a bill payment stands: its receipt, or first a Xendit invoice to pay."""

    txn_id: int
    invoice_url: str | None = None


async def _paid(gateway: Any, txn: Transaction, return_url: Callable[[int], str]) -> Paid:
    if txn.state != TxState.AWAITING_PAYMENT:
        return Paid(txn.id)
    payment = await open_invoice(gateway, txn, return_url=return_url(txn.id))
    return Paid(txn.id, payment.invoice_url)


async def buy(
    gateway: Any,
    link: Link,
    ctr: Counter,
    *,
    sku: str,
    customer_no: str,
    pay_with: str,
    price: int,
    key: str,
    return_url: Callable[[int], str],
    pin: str | None = None,
) -> Paid:
    """Buy once per form key at the price the page showed; by invoice, open it (the same on a retry)."""
    txn = await buy_prepaid(
        link,
        coop_id=ctr.coop_id,
        member_id=ctr.member_id,
        user_id=ctr.user_id,
        sku=sku,
        customer_no=customer_no,
        channel=ctr.pay_channel(pay_with),
        expected_price=price,
        idempotency_key=key,
        pin=pin,
    )
    return await _paid(gateway, txn, return_url)


# Postpaid: look the bill up, then pay it -----------------------------------------------------


async def inquire(link: Link, ctr: Counter, key: str | None, customer_no: str) -> int:
    """Look the bill of tab *key* up for *customer_no*; return the inquiry's transaction id."""
    cat = counter_category(key)
    if not cat.postpaid:
        raise InvalidInput("Pilih jenis tagihan", field="k")
    txn = await inquire_bill(
        link,
        coop_id=ctr.coop_id,
        member_id=ctr.member_id,
        user_id=ctr.user_id,
        sku=cat.sku,
        customer_no=customer_no,
        channel=ctr.channel,
    )
    return txn.id


@dataclass(frozen=True)
class BillScreen:
    ctr: Counter
    txn: TransactionOut
    cat: CounterCategory
    admin: int
    detail: dict[str, Any]  # what the biller told about the bill (tariff, sheets, address)
    balance: int | None
    short: bool
    coop: CoopView
    payable: bool  # still an inquiry; once paid (or expired) the receipt says how it went
    has_pin: bool  # a member paying from the wallet has a PIN to type


async def bill_screen(ctr: Counter, txn_id: int) -> BillScreen:
    """A bill looked up at this counter; a member sees only their own."""
    txn = await get_transaction(ctr.coop_id, txn_id)
    if ctr.member_id is not None and txn.member_id != ctr.member_id:
        raise TransactionNotFound("Transaksi tidak ditemukan")
    balance = await counter_balance(ctr)
    desc = (txn.details or {}).get("desc") or {}
    return BillScreen(
        ctr=ctr,
        txn=TransactionOut.model_validate(txn),
        cat=bill_category(txn.sku),
        admin=(txn.details or {}).get("admin") or 0,
        detail=desc if isinstance(desc, dict) else {},
        balance=balance,
        short=balance is not None and balance < txn.sell_price,
        coop=await coop_view(ctr.coop_id),
        payable=txn.state == TxState.INQUIRY,
        has_pin=await counter_has_pin(ctr),
    )


async def pay(
    gateway: Any,
    link: Link,
    ctr: Counter,
    txn_id: int,
    *,
    pay_with: str,
    price: int,
    key: str,
    return_url: Callable[[int], str],
    pin: str | None = None,
) -> Paid:
    """Pay a bill looked up today, once per form key, at the total the page showed."""
    txn = await pay_bill(
        link,
        coop_id=ctr.coop_id,
        txn_id=txn_id,
        user_id=ctr.user_id,
        member_id=ctr.member_id,
        expected_price=price,
        idempotency_key=key,
        channel=ctr.pay_channel(pay_with),
        pin=pin,
    )
    return await _paid(gateway, txn, return_url)
