"""Helpers of the orders tests: a small marketplace built through the services, the sandbox
driven the way a payer drives it, and a statement counter on the database client."""

from __future__ import annotations

import contextlib
import contextvars
import itertools

from tortoise.backends.base.client import BaseDBAsyncClient

from catalog import service as catalog
from market import db as database
from market import service as market
from market.models import Role
from orders import service
from tests import builders
from tests.builders import deliver, make_coop, make_member, make_user
from tests.payments.helpers import control

_sku = itertools.count(1)
# The rule numbers an edge hands place_order from the runtime (the settings' defaults).
RULES = {"fee_bps": 250, "payment_duration_s": 86400}
ADDRESS = {
    "recipient_name": "Siti Aminah",
    "phone": "081234567890",
    "street": "Jl. Merdeka 10",
    "kelurahan": "Gambir",
    "kecamatan": "Gambir",
    "kabupaten": "Jakarta Pusat",
    "provinsi": "DKI Jakarta",
    "kode_pos": "10110",
}


async def make_product(coop_id: int, **overrides):
    """A product with a cost basis (HPP 60.000), so margins are not the whole price."""
    return await builders.make_product(
        coop_id, **{"name": f"Beras Pandan Wangi {next(_sku)}", "cost_idr": 60_000, **overrides}
    )


async def buyer(coop_id: int | None = None, member_id: int | None = None, role: str = "buyer"):
    user = await make_user(Role(role), coop_id, member_id)
    return await market.actor_by_id(user.id)


async def pay(sbx, sandbox, order, *, deliver_mode: str = "now") -> None:
    """The payer pays the order's invoice on the sandbox; its callback arrives; the worker runs."""
    payment_id = order.payment_id
    rows = await database.execute("SELECT provider_id FROM payments_payment WHERE id = ?", payment_id)
    await control(sbx, f"invoices/{rows[0]['provider_id']}/pay", method="QRIS", deliver=deliver_mode)
    await sandbox.drain()
    await deliver()


async def pay_after_it_lapsed(sbx, sandbox, order) -> None:
    """The payer pays, the provider holds its callback, the order lapses (its expiry event), and
    then the payment's callback arrives and the worker runs."""
    from payments.events import PaymentExpired

    paid = await control(sbx, f"invoices/{await provider_id(order)}/pay", method="QRIS", deliver="hold")
    await service.payment_lapsed(
        builders.payment_news(
            PaymentExpired,
            payment_id=order.payment_id,
            kind="order",
            owner_id=order.id,
            amount=order.total,
            status="expired",
        )
    )
    await control(sbx, f"deliveries/{paid['id']}/release")
    await sandbox.drain()
    await deliver()
    await deliver()


async def provider_id(order) -> str:
    rows = await database.execute("SELECT provider_id FROM payments_payment WHERE id = ?", order.payment_id)
    return rows[0]["provider_id"]


async def stock(product_id: int):
    return await catalog.stock_of(product_id)


async def count(table: str, where: str = "", *args) -> int:
    rows = await database.execute(f"SELECT COUNT(*) AS n FROM {table} {where}", *args)
    return int(rows[0]["n"])


async def place(gw, actor, items, *, key="k1", delivery=None, **kw):
    """Fill the actor's cart with (product, quantity) and place it."""
    for product, quantity in items:
        await service.add_to_cart(product.id, quantity, user_id=actor.user_id)
    return await service.place_order(
        gw, **RULES, actor=actor, address=ADDRESS, delivery=delivery or {}, idempotency_key=key, **kw
    )


_inside = contextvars.ContextVar("counting_inside", default=False)
METHODS = ("execute_query", "execute_query_dict", "execute_insert", "execute_many", "execute_script")


def _all_clients(cls=BaseDBAsyncClient):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_clients(sub)


@contextlib.contextmanager
def count_statements():
    """Count the SQL statements the database clients run inside the block (each outermost call of
    execute_query / execute_query_dict / execute_insert / execute_many / execute_script; the
    transaction's BEGIN and COMMIT are not among them)."""
    seen: list[str] = []
    patched = []

    def wrap(original):
        async def counting(self, query, *args, **kwargs):
            if _inside.get() or "sandbox_" in query:  # the embedded sandbox's own (the provider's, not ours)
                return await original(self, query, *args, **kwargs)
            seen.append(query)
            token = _inside.set(True)
            try:
                return await original(self, query, *args, **kwargs)
            finally:
                _inside.reset(token)

        return counting

    for cls in set(_all_clients()):
        for name in METHODS:
            if name in cls.__dict__:
                original = cls.__dict__[name]
                setattr(cls, name, wrap(original))
                patched.append((cls, name, original))
    try:
        yield seen
    finally:
        for cls, name, original in patched:
            setattr(cls, name, original)


__all__ = [
    "ADDRESS",
    "make_coop",
    "make_member",
    "make_product",
    "buyer",
    "deliver",
    "pay",
    "stock",
    "count",
    "place",
    "count_statements",
    "provider_id",
]
