"""Tortoise models of payments. Other packages use payments.service, never these models."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class PaymentStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    EXPIRED = "expired"


class RefundStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class PayoutStatus(StrEnum):
    PENDING = "pending"  # recorded, the provider not yet asked (or its answer was lost)
    ACCEPTED = "accepted"
    REQUESTED = "requested"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    REVERSED = "reversed"


class Payment(Model):
    """Money asked of a payer through the gateway for an owner (``kind`` + the owner's own ``owner_id``)."""

    id = fields.BigIntField(primary_key=True)
    # Whose payment it is, opaque to payments: "order", "wallet_topup", "ppob", …
    kind = fields.CharField(max_length=30)
    owner_id = fields.BigIntField(default=0)
    # Our id at the provider (invoice external_id); also the caller's idempotency key.
    external_id = fields.CharField(max_length=160, unique=True)
    provider = fields.CharField(max_length=20, default="xendit")
    provider_id = fields.CharField(max_length=64, null=True, unique=True)
    amount = fields.BigIntField()
    status = fields.CharEnumField(PaymentStatus, max_length=12, default=PaymentStatus.PENDING)
    description = fields.CharField(max_length=255, default="")
    invoice_url = fields.CharField(max_length=500, default="")
    cooperative: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "market.Cooperative", related_name="payments", null=True, on_delete=fields.RESTRICT
    )
    cooperative_id: int | None
    wallet: fields.ForeignKeyNullableRelation[Wallet] = fields.ForeignKeyField(
        "payments.Wallet", related_name="topups", null=True, on_delete=fields.RESTRICT
    )
    wallet_id: int | None
    payment_method = fields.CharField(max_length=40, default="")
    payment_channel = fields.CharField(max_length=40, default="")
    failure_code = fields.CharField(max_length=60, default="")
    refunded_amount = fields.BigIntField(default=0)
    metadata: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    expires_at = fields.DatetimeField(null=True)
    paid_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "payments_payment"
        indexes = (("status", "created_at"), ("kind", "owner_id"))


class PaymentTransition(Model):
    """One applied state change of a payment, unique per (payment, status): it happens once."""

    id = fields.BigIntField(primary_key=True)
    payment: fields.ForeignKeyRelation[Payment] = fields.ForeignKeyField("payments.Payment", related_name="transitions")
    payment_id: int
    from_status = fields.CharField(max_length=12)
    to_status = fields.CharField(max_length=12)
    source = fields.CharField(max_length=20)  # callback, reconcile, api
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payments_transition"
        unique_together = (("payment", "to_status"),)


class CallbackDelivery(Model):
    """Every verified delivery the provider made to the callback endpoint, with its outcome."""

    id = fields.BigIntField(primary_key=True)
    event = fields.CharField(max_length=60, default="")
    provider_id = fields.CharField(max_length=64, default="")
    status = fields.CharField(max_length=30, default="")
    # applied, duplicate, stale, unknown, invalid, mismatch
    outcome = fields.CharField(max_length=20)
    body = fields.TextField(default="")
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payments_callback"
        indexes = (("provider_id",),)


class Wallet(Model):
    """A member's or a buyer's saldo, a liability account in the ledger."""

    id = fields.IntField(primary_key=True)
    # "member:<id>" or "user:<id>", the same key as the ledger account's owner.
    owner_key = fields.CharField(max_length=40, unique=True)
    cooperative: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "market.Cooperative", related_name="wallets", null=True, on_delete=fields.RESTRICT
    )
    cooperative_id: int | None
    member: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "market.Member", related_name="wallets", null=True, on_delete=fields.RESTRICT
    )
    member_id: int | None
    user: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "market.User", related_name="wallets", null=True, on_delete=fields.RESTRICT
    )
    user_id: int | None
    account_id = fields.IntField(unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payments_wallet"


class WalletMovement(Model):
    """One credit (+) or debit (−) of a wallet. Its ``reference`` makes it happen once."""

    id = fields.BigIntField(primary_key=True)
    wallet: fields.ForeignKeyRelation[Wallet] = fields.ForeignKeyField("payments.Wallet", related_name="movements")
    wallet_id: int
    amount = fields.BigIntField()
    kind = fields.CharField(max_length=20)  # topup, debit, credit, refund
    reference = fields.CharField(max_length=200, unique=True)
    description = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payments_wallet_movement"
        indexes = (("wallet_id", "id"),)


class Refund(Model):
    id = fields.BigIntField(primary_key=True)
    payment: fields.ForeignKeyRelation[Payment] = fields.ForeignKeyField("payments.Payment", related_name="refunds")
    payment_id: int
    idempotency_key = fields.CharField(max_length=200, unique=True)
    # The payment owner's own id of the part refunded (orders: the sub-order), carried on its events.
    part_id = fields.BigIntField(null=True)
    amount = fields.BigIntField()
    reason = fields.CharField(max_length=30)
    status = fields.CharEnumField(RefundStatus, max_length=12, default=RefundStatus.PENDING)
    provider_id = fields.CharField(max_length=64, null=True, unique=True)
    failure_code = fields.CharField(max_length=60, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "payments_refund"


class Payout(Model):
    """Money sent out through the provider's payouts: a cooperative's or a wallet's.

    A cooperative's balance at the platform goes to its bank account; a wallet's cash-out
    (``wallet`` set) goes to its owner's bank account or e-wallet, its ``fee`` on top."""

    id = fields.BigIntField(primary_key=True)
    # The cooperative paid out, or the wallet's cooperative (None for a buyer's wallet).
    cooperative: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "market.Cooperative", related_name="payouts", null=True, on_delete=fields.RESTRICT
    )
    cooperative_id: int | None
    wallet: fields.ForeignKeyNullableRelation[Wallet] = fields.ForeignKeyField(
        "payments.Wallet", related_name="withdrawals", null=True, on_delete=fields.RESTRICT
    )
    wallet_id: int | None
    fee = fields.BigIntField(default=0)
    idempotency_key = fields.CharField(max_length=200, unique=True)
    amount = fields.BigIntField()
    status = fields.CharEnumField(PayoutStatus, max_length=12, default=PayoutStatus.PENDING)
    provider_id = fields.CharField(max_length=64, null=True, unique=True)
    channel_code = fields.CharField(max_length=30)
    account_number = fields.CharField(max_length=40)
    account_holder_name = fields.CharField(max_length=200)
    # The staff member (or operator) who asked for it; None for rows from before it was recorded.
    requested_by_user_id = fields.IntField(null=True)
    failure_code = fields.CharField(max_length=60, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "payments_payout"
        indexes = (("cooperative_id", "id"), ("status", "created_at"), ("wallet_id", "created_at"))


class WalletPin(Model):
    """A login's transaction PIN (6 digits), hashed like a password, guarding outgoing movements."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "market.User", related_name="wallet_pin", on_delete=fields.CASCADE, unique=True
    )
    user_id: int
    pin_hash = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "payments_wallet_pin"


class WalletTransfer(Model):
    """Money from one wallet to another: a member or a buyer to a member of any cooperative.

    Its ``reference`` (the idempotency claim's) makes it happen once."""

    id = fields.BigIntField(primary_key=True)
    from_wallet: fields.ForeignKeyRelation[Wallet] = fields.ForeignKeyField(
        "payments.Wallet", related_name="transfers_out", on_delete=fields.RESTRICT
    )
    from_wallet_id: int
    to_wallet: fields.ForeignKeyRelation[Wallet] = fields.ForeignKeyField(
        "payments.Wallet", related_name="transfers_in", on_delete=fields.RESTRICT
    )
    to_wallet_id: int
    amount = fields.BigIntField()
    reference = fields.CharField(max_length=200, unique=True)
    note = fields.CharField(max_length=100, default="")
    sender_user_id = fields.IntField(null=True)
    sender_name = fields.CharField(max_length=200, default="")
    recipient_name = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "payments_wallet_transfer"
        indexes = (("from_wallet_id", "created_at"), ("to_wallet_id", "id"))
