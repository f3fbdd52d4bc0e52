"""Tortoise models of the core. Other packages use market.service, never these models."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class CoopType(StrEnum):
    PRODUSEN = "produsen"
    KONSUMEN = "konsumen"
    PEMASARAN = "pemasaran"
    JASA = "jasa"
    SIMPAN_PINJAM = "simpan_pinjam"
    SERBA_USAHA = "serba_usaha"


class CoopStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    SUSPENDED = "suspended"


class MemberStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    EXITED = "exited"


class Role(StrEnum):
    OPERATOR = "operator"
    MANAGER = "manager"
    CASHIER = "cashier"
    MEMBER = "member"
    BUYER = "buyer"
    # Dewan Pengawas Syariah of a syariah cooperative: reads everything of its cooperative, writes
    # nothing but its sign-off of the RAT documents (market.http refuses its other writes).
    DPS = "dps"


class AccountType(StrEnum):
    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    INCOME = "income"
    EXPENSE = "expense"


class Cooperative(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=200)
    legal_number = fields.CharField(max_length=100, unique=True)
    nik_koperasi = fields.CharField(max_length=32, unique=True)
    coop_type = fields.CharEnumField(CoopType, max_length=20)
    syariah = fields.BooleanField(default=False)
    province = fields.CharField(max_length=100)
    regency = fields.CharField(max_length=100)
    address = fields.TextField(default="")
    timezone = fields.CharField(max_length=40, default="Asia/Jakarta")
    bank_name = fields.CharField(max_length=100, default="")
    bank_account_number = fields.CharField(max_length=40, default="")
    bank_account_holder = fields.CharField(max_length=200, default="")
    # Fund shares of the year's SHU in basis points, summing to 10000 (see market.shu).
    shu_policy: fields.JSONField[dict[str, int]] = fields.JSONField(default=dict)
    sukarela_counts_for_modal = fields.BooleanField(default=False)
    # The jasa-usaha share of SHU earned from non-members goes to cadangan, not to members.
    non_member_shu_to_reserve = fields.BooleanField(default=True)
    simpanan_pokok_amount = fields.BigIntField(default=100_000)
    simpanan_wajib_amount = fields.BigIntField(default=20_000)
    status = fields.CharEnumField(CoopStatus, max_length=16, default=CoopStatus.PENDING)
    # Why the operator set the status (a suspension's reason, shown to the cooperative) and when.
    status_reason = fields.CharField(max_length=500, default="", db_default="")
    status_changed_at = fields.DatetimeField(null=True)
    # When the operator first verified it (pending -> active).
    verified_at = fields.DatetimeField(null=True)
    next_member_seq = fields.IntField(default=1)
    # The last day of the last closed month: nothing may be booked on or before it.
    books_locked_through = fields.DateField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "cooperative"


class Member(Model):
    id = fields.IntField(primary_key=True)
    cooperative: fields.ForeignKeyRelation[Cooperative] = fields.ForeignKeyField(
        "market.Cooperative", related_name="members"
    )
    cooperative_id: int
    member_number = fields.CharField(max_length=32)
    name = fields.CharField(max_length=200)
    phone = fields.CharField(max_length=20, default="")
    nik = fields.CharField(max_length=16)
    joined_on = fields.DateField()
    status = fields.CharEnumField(MemberStatus, max_length=16, default=MemberStatus.ACTIVE)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "member"
        unique_together = (("cooperative", "member_number"), ("cooperative", "nik"))


class User(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    name = fields.CharField(max_length=200, default="")
    password_hash = fields.CharField(max_length=255)
    role = fields.CharEnumField(Role, max_length=16)
    cooperative: fields.ForeignKeyNullableRelation[Cooperative] = fields.ForeignKeyField(
        "market.Cooperative", related_name="users", null=True, on_delete=fields.RESTRICT
    )
    cooperative_id: int | None
    member: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "market.Member", related_name="users", null=True, on_delete=fields.RESTRICT
    )
    member_id: int | None
    # An operator scoped to one province (a provincial office); None: the whole network.
    province = fields.CharField(max_length=100, null=True)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "app_user"


class ApiToken(Model):
    """A bearer token (its SHA-256 only). A person's own token (``cooperative`` unset) acts as its
    user with all their rights; a cooperative's token, made by its manager for the cooperative's
    own systems (its POS, its accounting), acts for that cooperative within its ``scopes`` only
    and lives until it is revoked (``user`` is who made it)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField("market.User", related_name="tokens")
    user_id: int
    token_hash = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=100, default="")
    cooperative: fields.ForeignKeyNullableRelation[Cooperative] = fields.ForeignKeyField(
        "market.Cooperative", related_name="api_tokens", null=True, on_delete=fields.RESTRICT
    )
    cooperative_id: int | None
    # None for a person's own token; the scopes (market.scopes) of a cooperative's token.
    scopes: fields.JSONField[list[str] | None] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_token"


class Account(Model):
    """A ledger account. ``balance`` is the signed sum of its postings (debit +, credit −)."""

    id = fields.IntField(primary_key=True)
    # "platform", "coop:<id>" or "member:<id>": one unique key without NULL pitfalls.
    owner_key = fields.CharField(max_length=40)
    code = fields.CharField(max_length=60)
    # The chart-of-accounts number people read ("1101"); its digits place it on the statements.
    number = fields.CharField(max_length=10, default="")
    name = fields.CharField(max_length=200)
    type = fields.CharEnumField(AccountType, max_length=12)
    cooperative: fields.ForeignKeyNullableRelation[Cooperative] = fields.ForeignKeyField(
        "market.Cooperative", related_name="accounts", null=True, on_delete=fields.RESTRICT
    )
    cooperative_id: int | None
    member: fields.ForeignKeyNullableRelation[Member] = fields.ForeignKeyField(
        "market.Member", related_name="accounts", null=True, on_delete=fields.RESTRICT
    )
    member_id: int | None
    allow_negative = fields.BooleanField(default=True)
    balance = fields.BigIntField(default=0)

    class Meta:
        table = "ledger_account"
        unique_together = (("owner_key", "code"),)


class JournalEntry(Model):
    id = fields.BigIntField(primary_key=True)
    reference = fields.CharField(max_length=200, unique=True)
    description = fields.CharField(max_length=300, default="")
    cooperative: fields.ForeignKeyNullableRelation[Cooperative] = fields.ForeignKeyField(
        "market.Cooperative", related_name="entries", null=True, on_delete=fields.RESTRICT
    )
    cooperative_id: int | None
    # Who booked it when a person did (a cashier taking a deposit), apart from whose money it is;
    # None for what a provider or the system booked.
    actor_user_id = fields.IntField(null=True)
    # The accounting date, in the cooperative's own time zone (the platform's: Asia/Jakarta).
    booked_on = fields.DateField(null=True)
    # "" for what a flow booked; "manual", "opening", "reversal", "adjustment" otherwise.
    source = fields.CharField(max_length=20, default="")
    reverses_id = fields.BigIntField(null=True)
    # A photo of the receipt of a manual entry (a file name under the media directory).
    attachment = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "journal_entry"


class Posting(Model):
    id = fields.BigIntField(primary_key=True)
    entry: fields.ForeignKeyRelation[JournalEntry] = fields.ForeignKeyField(
        "market.JournalEntry", related_name="postings"
    )
    entry_id: int
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "market.Account", related_name="postings", on_delete=fields.RESTRICT
    )
    account_id: int
    amount = fields.BigIntField()
    # Copied from the account and the entry so a statement is one index range per book and date.
    book = fields.IntField(default=0)  # the account's cooperative id; 0 is the platform's book
    booked_on = fields.DateField(null=True)
    # Business a member did with their cooperative (the jasa-usaha weight of the SHU): the
    # member and the kind (purchase, supply, ppob). The posting's amount is the weight.
    member_id = fields.IntField(null=True)
    kind = fields.CharField(max_length=12, null=True)

    class Meta:
        table = "ledger_posting"
        indexes = (
            ("account_id",),
            ("book", "booked_on", "account_id", "amount"),
            ("book", "member_id", "booked_on"),
            ("book", "id"),  # a book's last posting: what a cached figure of that book is as of
        )


class OutboxEvent(Model):
    id = fields.BigIntField(primary_key=True)
    topic = fields.CharField(max_length=100)
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField()
    created_at = fields.DatetimeField(auto_now_add=True)
    dispatched_at = fields.DatetimeField(null=True)
    attempts = fields.IntField(default=0)
    last_error = fields.TextField(default="")
    # A failed delivery is retried with backoff: not before this instant (None: at once).
    next_attempt_at = fields.DatetimeField(null=True)
    # Set when the last attempt failed: the event waits for the operator.
    failed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_event"
        indexes = (("dispatched_at", "id"),)


class OutboxDelivery(Model):
    """One handler's successful handling of one event: makes redelivery harmless."""

    id = fields.BigIntField(primary_key=True)
    event: fields.ForeignKeyRelation[OutboxEvent] = fields.ForeignKeyField(
        "market.OutboxEvent", related_name="deliveries"
    )
    event_id: int
    handler = fields.CharField(max_length=150)
    delivered_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "outbox_delivery"
        unique_together = (("event", "handler"),)


class UserSession(Model):
    """Server-side log-in sessions (the id hash only).

    The cookie carries only the session's random id; the row holds that id's SHA-256, so a
    database dump gives no usable session."""

    id = fields.BigIntField(primary_key=True)
    key_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "market.User", related_name="sessions", on_delete=fields.CASCADE
    )
    user_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    last_seen_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)
    user_agent = fields.CharField(max_length=200, default="")
    client_ip = fields.CharField(max_length=64, default="")

    class Meta:
        table = "user_session"
        indexes = (("user_id", "revoked_at"),)


class ThrottleCounter(Model):
    """Fixed-window counters of the rate limiter, shared by every process.

    The embedded default's storage; Redis holds the same counters when REDIS_URL is set."""

    id = fields.BigIntField(primary_key=True)
    key = fields.CharField(max_length=200, unique=True)
    count = fields.IntField(default=0)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "throttle_counter"


class IdempotencyRecord(Model):
    """The first answer given to one idempotency key: replayed to every retry of that key."""

    id = fields.BigIntField(primary_key=True)
    scope = fields.CharField(max_length=100)
    key = fields.CharField(max_length=200)
    fingerprint = fields.CharField(max_length=64, default="")
    # pending while the first request runs (its process holds the claim until locked_until)
    state = fields.CharField(max_length=12, default="pending")
    status_code = fields.IntField(default=0)
    response: fields.JSONField[dict[str, Any] | None] = fields.JSONField(null=True)
    locked_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    completed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "idempotency_record"
        unique_together = (("scope", "key"),)
