"""The counter (a member's ``/ppob`` or the cashier's): who sells to whom, its tabs, and the number
typed so far checked as it is typed, with the products it may buy."""

from __future__ import annotations

from dataclasses import dataclass

from market import service as market
from market.errors import DomainError, Forbidden
from market.service import Actor, Role
from payments import service as payments
from ppob.biller import PlnCustomer
from ppob.errors import BillerUnavailable
from ppob.service.books import wallet_balance
from ppob.service.port import Link
from ppob.service.prepaid import check_pln_customer
from ppob.service.products import PricedProduct, get_product, list_products
from ppob.service.validation import (
    EMONEY_CATEGORIES,
    OPERATOR_NAMES,
    PHONE_CATEGORIES,
    mobile_operator,
    validate_customer_no,
)

STAFF = frozenset({Role.MANAGER, Role.CASHIER})
MANAGERS = frozenset({Role.MANAGER})


# Who sells to whom, and what ---------------------------------------------------------------


@dataclass(frozen=True)
class CounterCategory:
    """A tab of the counter: a prepaid category of the biller, or one postpaid product."""

    key: str
    category: str  # the biller's category (prepaid) or "Pascabayar"
    sku: str = ""  # postpaid: the one product

    @property
    def postpaid(self) -> bool:
        return bool(self.sku)

    @property
    def phone(self) -> bool:
        return self.category in PHONE_CATEGORIES | EMONEY_CATEGORIES


COUNTER_CATEGORIES = (
    CounterCategory("pulsa", "Pulsa"),
    CounterCategory("data", "Data"),
    CounterCategory("token", "PLN"),
    CounterCategory("ewallet", "E-Money"),
    CounterCategory("pln", "Pascabayar", "pln"),
    CounterCategory("bpjs", "Pascabayar", "bpjs"),
    CounterCategory("pdam", "Pascabayar", "pdam"),
)
_BY_KEY = {c.key: c for c in COUNTER_CATEGORIES}


def counter_category(key: str | None) -> CounterCategory:
    """The tab *key* names; an unknown one opens the first."""
    return _BY_KEY.get(key or "", COUNTER_CATEGORIES[0])


def bill_category(sku: str) -> CounterCategory:
    return next((c for c in COUNTER_CATEGORIES if c.sku == sku), _BY_KEY["pln"])


@dataclass(frozen=True)
class Counter:
    """Who sells to whom: a member buying for themselves, or the cashier's counter."""

    coop_id: int
    member_id: int | None
    user_id: int
    cashier: bool

    @property
    def channel(self) -> str:
        return "cash" if self.cashier else "wallet"

    def pay_channel(self, chosen: str) -> str:
        """How this counter takes the money: cash at the cashier's; a member's wallet, or an invoice."""
        if self.cashier:
            return "cash"
        return "invoice" if chosen == "invoice" else "wallet"


def member_counter(actor: Actor) -> Counter:
    """The member's own counter; anyone else is Forbidden."""
    if actor.role != Role.MEMBER or actor.member_id is None or actor.cooperative_id is None:
        raise Forbidden("Halaman ini untuk anggota koperasi")
    return Counter(actor.cooperative_id, actor.member_id, actor.user_id, False)


def cashier_counter(actor: Actor, coop_id: int) -> Counter:
    """The cashier's counter of *coop_id*: its staff (or the operator) only."""
    market.require_coop(actor, coop_id, roles=STAFF)
    return Counter(coop_id, None, actor.user_id, True)


def staff_counter_of(actor: Actor) -> int | None:
    """The cooperative whose cashier's counter a staff member is sent to from ``/ppob``."""
    return actor.cooperative_id if actor.role in STAFF and actor.cooperative_id else None


def require_manager(actor: Actor, coop_id: int) -> None:
    market.require_coop(actor, coop_id, roles=MANAGERS)


def require_operator(actor: Actor) -> None:
    market.require_national_operator(actor)


@dataclass(frozen=True)
class CoopView:
    id: int
    name: str
    timezone: str  # dates on its receipts and history are on its own clock
    syariah: bool = False  # its pages say ujrah where a conventional one says fee (market.terms)


async def coop_view(coop_id: int) -> CoopView:
    coop = await market.get_cooperative(coop_id)
    return CoopView(coop.id, coop.name, coop.timezone, coop.syariah)


async def counter_balance(ctr: Counter) -> int | None:
    return None if ctr.member_id is None else await wallet_balance(ctr.coop_id, ctr.member_id)


async def counter_has_pin(ctr: Counter) -> bool:
    """Whether the member paying from their wallet here has made the PIN it asks (else the page
    sends them to make one, as checkout does)."""
    return not ctr.cashier and await payments.has_pin(ctr.user_id)


# The counter: choose, check the number, pick a product -------------------------------------


@dataclass(frozen=True)
class NumberCheck:
    """What the page says about the number typed so far, and the products it may buy."""

    number: str
    error: str | None = None
    operator: str | None = None
    customer: PlnCustomer | None = None
    products: tuple[PricedProduct, ...] = ()
    valid: bool = False
    notice: str | None = None


async def check_number(link: Link, ctr: Counter, cat: CounterCategory, raw: str) -> NumberCheck:
    """Check *raw* as the tab's customer number (``validation``'s rules; a PLN meter with the biller)."""
    raw = (raw or "").strip()
    if cat.postpaid:
        return await _check_bill_number(cat, raw)
    if cat.category in PHONE_CATEGORIES:
        return await _check_phone(link, ctr, cat, raw)
    products = tuple(await list_products(link, ctr.coop_id, category=cat.category))
    if not raw:
        return NumberCheck(raw, products=products)
    try:
        if cat.category in EMONEY_CATEGORIES:
            return NumberCheck(validate_customer_no("prepaid", cat.category, "", raw), products=products, valid=True)
        customer = await check_pln_customer(link, raw)
    except BillerUnavailable:
        return NumberCheck(
            raw, products=products, valid=True, notice="Nama pelanggan belum dapat dicek; periksa nomornya sekali lagi"
        )
    except DomainError as exc:
        return NumberCheck(raw, products=products, error=exc.detail)
    return NumberCheck(customer.customer_no, customer=customer, products=products, valid=True)


async def _check_bill_number(cat: CounterCategory, raw: str) -> NumberCheck:
    if not raw:
        return NumberCheck(raw)
    try:
        product = await get_product(cat.sku)
        return NumberCheck(validate_customer_no("postpaid", "Pascabayar", product.brand, raw), valid=True)
    except DomainError as exc:
        return NumberCheck(raw, error=exc.detail)


async def _check_phone(link: Link, ctr: Counter, cat: CounterCategory, raw: str) -> NumberCheck:
    """A mobile number shows its operator and only that operator's products."""
    if not raw:
        return NumberCheck(raw)
    try:
        phone, operator = mobile_operator(raw)
    except DomainError as exc:
        return NumberCheck(raw, error=exc.detail)
    products = tuple(
        p for p in await list_products(link, ctr.coop_id, category=cat.category) if p.brand.upper() == operator
    )
    return NumberCheck(
        phone,
        operator=OPERATOR_NAMES[operator],
        products=products,
        valid=True,
        notice=None if products else "Belum ada produk untuk operator ini",
    )


@dataclass(frozen=True)
class CounterScreen:
    ctr: Counter
    cats: tuple[CounterCategory, ...]
    cat: CounterCategory
    check: NumberCheck
    sku: str
    balance: int | None
    coop: CoopView


async def counter_screen(
    link: Link, ctr: Counter, key: str | None, number: str = "", *, sku: str = ""
) -> CounterScreen:
    """The counter on tab *key* with *number* checked (also the block the check-as-you-type swaps)."""
    cat = counter_category(key)
    return CounterScreen(
        ctr=ctr,
        cats=COUNTER_CATEGORIES,
        cat=cat,
        check=await check_number(link, ctr, cat, number),
        sku=sku,
        balance=await counter_balance(ctr),
        coop=await coop_view(ctr.coop_id),
    )
