"""Tortoise models of orders. Other packages use orders.service, never these models."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from orders.schemas import DeliveryOption, SubOrderState


class Cart(Model):
    """A cart of a logged-in user (``user_id``) or of an anonymous visitor (``visitor_key``)."""

    id = fields.IntField(primary_key=True)
    user_id = fields.IntField(null=True, unique=True)
    visitor_key = fields.CharField(max_length=64, null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "orders_cart"


class CartLine(Model):
    id = fields.IntField(primary_key=True)
    cart: fields.ForeignKeyRelation[Cart] = fields.ForeignKeyField(
        "orders.Cart", related_name="lines", on_delete=fields.CASCADE
    )
    cart_id: int
    product_id = fields.IntField()
    quantity = fields.IntField()
    added_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "orders_cart_line"
        unique_together = (("cart", "product_id"),)


class Order(Model):
    """One checkout, paid with one payment for every sub-order in it."""

    id = fields.IntField(primary_key=True)
    buyer_user_id = fields.IntField()
    buyer_name = fields.CharField(max_length=200, default="")
    # The buyer's own membership (for ``purchase`` participations with the selling cooperative).
    buyer_member_id = fields.IntField(null=True)
    buyer_cooperative_id = fields.IntField(null=True)
    # B2B: staff buying for their cooperative; the goods can be received into its catalog.
    buy_for_cooperative_id = fields.IntField(null=True)
    idempotency_key = fields.CharField(max_length=200, unique=True)
    recipient_name = fields.CharField(max_length=120)
    phone = fields.CharField(max_length=20)
    street = fields.CharField(max_length=300)
    kelurahan = fields.CharField(max_length=100)
    kecamatan = fields.CharField(max_length=100)
    kabupaten = fields.CharField(max_length=100)
    provinsi = fields.CharField(max_length=100)
    kode_pos = fields.CharField(max_length=5)
    goods_total = fields.BigIntField()
    delivery_total = fields.BigIntField()
    total = fields.BigIntField()
    # Paid from the buyer's wallet (its ``wallet_id``): all of the total, or a part with the rest
    # by the invoice. The part is taken at checkout (held until the invoice is paid).
    wallet_amount = fields.BigIntField(default=0)
    wallet_id = fields.IntField(null=True)
    payment_id = fields.IntField(null=True)
    invoice_url = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "orders_order"
        indexes = (("buyer_user_id", "id"),)


class SubOrder(Model):
    """The part of an order one cooperative fulfils: the unit of the life cycle and of the money."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "orders.Order", related_name="suborders", on_delete=fields.RESTRICT
    )
    order_id: int
    cooperative_id = fields.IntField()
    state = fields.CharEnumField(SubOrderState, max_length=20, default=SubOrderState.AWAITING_PAYMENT)
    goods_total = fields.BigIntField()
    delivery = fields.CharEnumField(DeliveryOption, max_length=10)
    delivery_fee = fields.BigIntField(default=0)
    platform_fee = fields.BigIntField(default=0)
    # Its share of the order's wallet part (split by sub-order totals at checkout): what its
    # refund gives back to the wallet; the rest of it goes back the way the invoice was paid.
    wallet_amount = fields.BigIntField(default=0)
    courier = fields.CharField(max_length=60, default="")
    tracking_number = fields.CharField(max_length=80, default="")
    cancel_reason = fields.CharField(max_length=300, default="")
    received_at = fields.DatetimeField(null=True)  # B2B: taken into the buyer cooperative's catalog
    created_at = fields.DatetimeField()
    paid_at = fields.DatetimeField(null=True)
    packed_at = fields.DatetimeField(null=True)
    shipped_at = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    completed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "orders_suborder"
        indexes = (("cooperative_id", "state"), ("state", "shipped_at"))


class OrderLine(Model):
    id = fields.IntField(primary_key=True)
    suborder: fields.ForeignKeyRelation[SubOrder] = fields.ForeignKeyField(
        "orders.SubOrder", related_name="lines", on_delete=fields.RESTRICT
    )
    suborder_id: int
    product_id = fields.IntField()
    name = fields.CharField(max_length=200)
    unit = fields.CharField(max_length=20)
    quantity = fields.IntField()
    unit_price = fields.BigIntField()
    line_total = fields.BigIntField()
    hpp_per_unit = fields.BigIntField(default=0)  # the product's cost basis when ordered
    supplier_member_id = fields.IntField(null=True)
    reservation_reference = fields.CharField(max_length=200)

    class Meta:
        table = "orders_line"


class SubOrderTransition(Model):
    id = fields.BigIntField(primary_key=True)
    suborder: fields.ForeignKeyRelation[SubOrder] = fields.ForeignKeyField(
        "orders.SubOrder", related_name="transitions", on_delete=fields.RESTRICT
    )
    suborder_id: int
    from_state = fields.CharField(max_length=20, null=True)
    to_state = fields.CharField(max_length=20)
    actor_user_id = fields.IntField(null=True)
    note = fields.CharField(max_length=300, default="")
    at = fields.DatetimeField()

    class Meta:
        table = "orders_transition"
        unique_together = (("suborder", "to_state"),)


class DeliveryRate(Model):
    """A cooperative's own delivery fee to one destination province."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField()
    province = fields.CharField(max_length=100)
    fee = fields.BigIntField()

    class Meta:
        table = "orders_delivery_rate"
        unique_together = (("cooperative_id", "province"),)


class OrderMoney(Model):
    """One movement of an order's money, written in the same transaction as the movement itself:
    what the order's pages list and link (the payment, the wallet movement, the journal entry).
    ``key`` is unique, so a movement booked once is listed once however often it is retried."""

    id = fields.BigIntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "orders.Order", related_name="money", on_delete=fields.RESTRICT
    )
    order_id: int
    suborder_id = fields.IntField(null=True)
    key = fields.CharField(max_length=200, unique=True)
    kind = fields.CharField(max_length=24)
    amount = fields.BigIntField()
    cooperative_id = fields.IntField(null=True)  # the sub-order's cooperative (its clock, its book)
    member_id = fields.IntField(null=True)  # a supplying member credited with their produce's HPP
    payment_id = fields.IntField(null=True)
    refund_id = fields.IntField(null=True)
    wallet_movement_id = fields.BigIntField(null=True)
    journal_entry_id = fields.BigIntField(null=True)
    status = fields.CharField(max_length=20, default="")
    at = fields.DatetimeField()

    class Meta:
        table = "orders_money"
        indexes = (("order_id", "id"),)
