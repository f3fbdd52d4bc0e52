"""Tortoise models of the network counter. Other packages use network.service, never these."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Kind(StrEnum):
    WITHDRAWAL = "withdrawal"  # tarik tunai: the member's wallet down, the counter's kas out
    DEPOSIT = "deposit"  # setor tunai: the counter's kas in, the member's wallet up


class Status(StrEnum):
    PENDING = "pending"  # a withdrawal waiting for the member's confirmation
    DONE = "done"  # the money moved (confirmed withdrawal, or a deposit)
    CANCELLED = "cancelled"  # by the cashier, or declined by the member
    EXPIRED = "expired"  # not confirmed in time


class Via(StrEnum):
    PHONE = "phone"  # the member confirmed on their own phone with their PIN
    CODE = "code"  # the member told the cashier a one-time code from their page
    COUNTER = "counter"  # a deposit: the cashier found the member, no confirmation needed


class CounterTransaction(Model):
    """A cash movement at a cooperative's counter for a member of any network cooperative.

    ``counter_coop_id`` is the cooperative whose till the cash goes out of or into;
    ``home_coop_id`` the member's own cooperative (whose book holds the wallet). Times in UTC."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(Kind, max_length=12)
    status = fields.CharEnumField(Status, max_length=12, default=Status.PENDING)
    via = fields.CharEnumField(Via, max_length=8, null=True)
    counter_coop_id = fields.IntField()
    home_coop_id = fields.IntField()
    member_id = fields.IntField()
    member_number = fields.CharField(max_length=32)  # as they were at the time
    member_name = fields.CharField(max_length=200)
    wallet_id = fields.IntField()
    amount = fields.BigIntField()
    cashier_user_id = fields.IntField()
    member_user_id = fields.IntField(null=True)  # the member's login that confirmed (or declined)
    code_id = fields.IntField(null=True)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    done_at = fields.DatetimeField(null=True)
    ended_at = fields.DatetimeField(null=True)  # cancelled or expired
    ended_by_user_id = fields.IntField(null=True)

    class Meta:
        table = "network_counter_transaction"
        indexes = (("counter_coop_id", "id"), ("home_coop_id", "id"), ("member_id", "status"), ("status", "expires_at"))


class CounterCode(Model):
    """A one-time code a member makes on their page (with their PIN) for a withdrawal at a counter
    without their phone: up to ``max_amount``, until ``expires_at``, once. Only its hash is kept."""

    id = fields.IntField(primary_key=True)
    member_id = fields.IntField()
    home_coop_id = fields.IntField()
    user_id = fields.IntField()
    code_hash = fields.CharField(max_length=200)
    max_amount = fields.BigIntField()
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    used_by_id = fields.IntField(null=True)  # the counter transaction it confirmed
    voided_at = fields.DatetimeField(null=True)  # replaced by a newer code, withdrawn, or guessed at too often
    failed_attempts = fields.IntField(default=0)

    class Meta:
        table = "network_counter_code"
        indexes = (("member_id", "id"),)


class CoopLock(Model):
    """One row per cooperative, locked (in cooperative id order) by every counter movement and
    settlement that reads and then moves its position, so two of them never act on the same stale
    reading (SQLite's BEGIN IMMEDIATE already runs one writer at a time)."""

    cooperative_id = fields.IntField(primary_key=True, generated=False)

    class Meta:
        table = "network_coop_lock"


class Settlement(Model):
    """The network paying a cooperative what the counters made it owed: one cooperative payout."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField(db_index=True)
    amount = fields.BigIntField()
    claim = fields.CharField(max_length=60, unique=True)  # the idempotency claim it was made under
    payout_id = fields.IntField(null=True, unique=True)
    refused = fields.CharField(max_length=300, default="")  # why the payout was refused, if it was
    requested_by_user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "network_settlement"
