"""Tortoise models of the syariah business. Other packages use syariah.service, never these.

A member's tabungan mudharabah is a ledger account of the cooperative's book per member and
product (``tabungan_mudharabah:<product id>``, line 2117); these tables hold the products and, for
each month shared out, every input of the formula so a member can check their own bagi hasil.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


def default_codes() -> list[str]:
    """The income a product shares by default: what members pay on the cooperative's financing."""
    return ["jasa_pinjaman_anggota"]


def no_codes() -> list[str]:
    return []


def no_detail() -> dict[str, Any]:
    return {}


class MudharabahProduct(Model):
    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField(db_index=True)
    name = fields.CharField(max_length=100)
    # The savers' part of the pool's income in bp (4000 = nisbah 40:60, savers : cooperative).
    nisbah_bps = fields.IntField()
    # The pool: the income accounts (codes of the cooperative's chart) whose month's income is
    # shared, less the costs named (none: revenue sharing; some: profit sharing), as the akad says.
    income_codes: fields.JSONField[list[str]] = fields.JSONField(default=default_codes)
    cost_codes: fields.JSONField[list[str]] = fields.JSONField(default=no_codes)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "syariah_mudharabah_product"
        unique_together = (("cooperative_id", "name"),)


class ShareRun(Model):
    """One month shared out: bagi hasil of a mudharabah product, or a wadiah bonus (product None)."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField(db_index=True)
    product_id = fields.IntField(null=True)
    kind = fields.CharField(max_length=12)  # "bagi_hasil" | "bonus_wadiah"
    month = fields.CharField(max_length=7)  # YYYY-MM in the cooperative's time zone
    days = fields.IntField()
    income = fields.BigIntField(default=0)  # the pool's income of the month (bagi hasil)
    costs = fields.BigIntField(default=0)
    nisbah_bps = fields.IntField(default=0)
    savers_part = fields.BigIntField()  # what the savers share (the bonus: the amount declared)
    balance_days = fields.BigIntField()  # Σ of every saver's end-of-day balances over the month
    reference = fields.CharField(max_length=120, unique=True)  # the journal entry's
    booked_on = fields.DateField()
    actor_user_id = fields.IntField(null=True)
    detail: fields.JSONField[dict[str, Any]] = fields.JSONField(default=no_detail)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "syariah_share_run"


class Share(Model):
    """One saver's part of a run, with the inputs of their formula."""

    id = fields.IntField(primary_key=True)
    run_id = fields.IntField(db_index=True)
    member_id = fields.IntField(db_index=True)
    balance_days = fields.BigIntField()
    amount = fields.BigIntField()

    class Meta:
        table = "syariah_share"
        unique_together = (("run_id", "member_id"),)
