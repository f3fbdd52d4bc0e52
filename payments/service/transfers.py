"""Transfers between wallets: a member or a buyer sends to a member of any cooperative.

The recipient is found by member number and cooperative (slug or id), or by phone number. One
transaction writes the transfer, both wallets' movements (the recipient's names the sender) and
one journal entry — within one cooperative's book, or bridged across books when the wallets are
in different cooperatives (or one is a buyer's, in the platform's book). The sender's wallet row
is locked first (the daily limit is counted under it); balances move by the ledger's conditional
updates in account-id order, so a transfer never takes a wallet below zero and transfers both
ways at once cannot deadlock.

``transfer`` runs once per idempotency key (``market.service.idempotency.once_leased``): the same
key gets the first answer again, a success or a refusal (a wrong PIN too). The PIN is checked
outside the booking's transaction, so its wrong tries count even though the booking never runs.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from market import db
from market import service as market
from market.errors import InsufficientBalance, NotFound
from market.phones import InvalidPhone, normalize_mobile
from market.service import idempotency
from market.service import members as market_members
from market.service import throttle as throttle_
from payments.errors import InvalidAmount, RecipientAmbiguous, RecipientNotFound, SelfTransfer
from payments.events import WalletTransferred
from payments.models import WalletTransfer
from payments.schemas import RecipientIn, RecipientOut, TransferOut, WalletInfo
from payments.service import accounts, pin
from payments.service.invoices import check_amount
from payments.service.limits import DEFAULT_RULES, WalletRules, check_transfer_limit, lock_wallet
from payments.service.wallets import get_wallet, member_wallet

TRANSFER_MIN_IDR = 1_000
TRANSFER_MAX_IDR = 20_000_000  # a registered e-money balance's cap: no wallet holds more


async def _cooperative(ref: str):
    ref = ref.strip()
    try:
        by_id = ref.isascii() and ref.isdigit() and len(ref) <= 9  # an id, not a number past the column's range
        coop = await (market.get_cooperative(int(ref)) if by_id else market.get_cooperative_by_slug(ref))
    except NotFound:
        coop = None
    if coop is None or coop.status != market.CoopStatus.ACTIVE:
        raise RecipientNotFound("Koperasi tujuan tidak ditemukan", field="cooperative")
    return coop


async def find_recipient(query: RecipientIn) -> RecipientOut:
    """The member a transfer goes to (and their wallet, opened on first use)."""
    if query.phone:
        try:
            phone = normalize_mobile(query.phone)
        except InvalidPhone as exc:
            raise RecipientNotFound(str(exc), field="phone") from None
        found = await market_members.members_with_phone(phone, limit=2)
        if not found:
            raise RecipientNotFound("Tidak ada anggota dengan nomor HP itu", field="phone")
        if len(found) > 1:
            raise RecipientAmbiguous(
                "Nomor HP itu terdaftar pada lebih dari satu anggota; pakai nomor anggota dan koperasinya",
                field="phone",
            )
        member = found[0]
        coop = await _cooperative(str(member.cooperative_id))
    elif query.member_number and query.cooperative:
        coop = await _cooperative(query.cooperative)
        try:
            member = await market_members.find_member(coop.id, query.member_number)
        except NotFound:
            raise RecipientNotFound(
                f"Nomor anggota {query.member_number.strip()} tidak ada di {coop.name}", field="member_number"
            ) from None
    else:
        raise RecipientNotFound("Isi nomor anggota dan koperasinya, atau nomor HP penerima", field="member_number")
    wallet = await member_wallet(coop.id, member.id)
    return RecipientOut(
        wallet_id=wallet.id,
        member_id=member.id,
        cooperative_id=coop.id,
        cooperative_name=coop.name,
        member_number=member.member_number,
        name=member.name,
    )


async def owner_name(wallet: WalletInfo) -> str:
    """Who a wallet belongs to, as a transfer's other side sees it."""
    if wallet.member_id is not None and wallet.cooperative_id is not None:
        return (await market.get_member(wallet.cooperative_id, wallet.member_id)).name
    actor = await market.actor_by_id(wallet.user_id) if wallet.user_id is not None else None
    return actor.name if actor else ""


async def get_transfer(transfer_id: int) -> TransferOut:
    row = await WalletTransfer.get_or_none(id=transfer_id)
    if row is None:
        raise NotFound("Transfer tidak ditemukan")
    return TransferOut.model_validate(row)


async def transfer_by_reference(reference: str) -> TransferOut | None:
    """The transfer a movement's reference (``wallet:transfer:<id>:in|out``) came from."""
    parts = reference.split(":")
    if len(parts) != 4 or parts[:2] != ["wallet", "transfer"] or not parts[2].isdigit():
        return None
    row = await WalletTransfer.get_or_none(id=int(parts[2]))
    return TransferOut.model_validate(row) if row else None


async def transfer(
    wallet_id: int,
    to: RecipientIn,
    amount: int,
    *,
    pin_code: str,
    user_id: int,
    note: str = "",
    idempotency_key: str | None,
    rules: WalletRules = DEFAULT_RULES,
    throttle: throttle_.Throttle | None = None,
) -> TransferOut:
    """Send *amount* from the wallet (whose login *user_id* gives its PIN) to a member's wallet.

    Refusals: InvalidAmount, RecipientNotFound / RecipientAmbiguous, SelfTransfer, PinNotSet /
    PinWrong / PinLocked, LimitReached, InsufficientBalance — each kept as the key's answer."""
    request = {"op": "payments.transfer", "wallet_id": wallet_id, "to": to.model_dump(), "amount": amount, "note": note}
    return await idempotency.once_leased(
        idempotency.scope_of(user_id),
        idempotency_key,
        request,
        lambda claim: _transfer(
            wallet_id,
            to,
            amount,
            pin_code=pin_code,
            user_id=user_id,
            note=note,
            reference=claim.reference if claim else f"transfer:{uuid.uuid4().hex}",
            rules=rules,
            throttle=throttle,
        ),
        dump=lambda out: {"transfer_id": out.id},
        load=lambda stored: get_transfer(stored["transfer_id"]),
        status=201,
    )


async def _transfer(
    wallet_id: int,
    to: RecipientIn,
    amount: int,
    *,
    pin_code: str,
    user_id: int,
    note: str,
    reference: str,
    rules: WalletRules,
    throttle: throttle_.Throttle | None,
) -> TransferOut:
    existing = await WalletTransfer.get_or_none(reference=reference)
    if existing is not None:  # a claim taken over after its process died: the booking was done
        return TransferOut.model_validate(existing)
    check_amount(amount, low=TRANSFER_MIN_IDR, high=TRANSFER_MAX_IDR)
    sender = await get_wallet(wallet_id)
    recipient = await find_recipient(to)
    if recipient.wallet_id == sender.id:
        raise SelfTransfer("Penerima adalah dompet Anda sendiri", field="member_number")
    await pin.check_pin(user_id, pin_code, throttle=throttle)
    return await book_transfer(
        sender,
        await get_wallet(recipient.wallet_id),
        amount,
        reference=reference,
        note=note.strip()[:100],
        sender_user_id=user_id,
        recipient_name=recipient.name,
        rules=rules,
    )


async def book_transfer(
    sender: WalletInfo,
    recipient: WalletInfo,
    amount: int,
    *,
    reference: str,
    note: str = "",
    sender_user_id: int | None = None,
    sender_name: str = "",
    recipient_name: str = "",
    rules: WalletRules = DEFAULT_RULES,
) -> TransferOut:
    """The booking alone, one transaction (no PIN, no key): the transfer, both movements, the entry.
    The names on both lines are looked up unless given."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise InvalidAmount("Jumlah harus bilangan bulat rupiah lebih dari 0", field="amount")
    sender_name = sender_name or await owner_name(sender)
    recipient_name = recipient_name or await owner_name(recipient)
    legs = [
        market.debit(await accounts.wallet_account_of(sender), amount),
        market.credit(await accounts.wallet_account_of(recipient), amount),
    ]
    now = datetime.now(UTC)
    try:
        async with db.transaction():
            await lock_wallet(sender.id)
            await check_transfer_limit(sender, amount, rules)
            # plain statements rather than ORM rows: this is the hot path of every transfer
            rows = await db.execute(
                "INSERT INTO payments_wallet_transfer (from_wallet_id, to_wallet_id, amount, reference, note,"
                " sender_user_id, sender_name, recipient_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                sender.id,
                recipient.id,
                amount,
                reference[:200],
                note,
                sender_user_id,
                sender_name[:200],
                recipient_name[:200],
                now,
            )
            out = TransferOut(
                id=rows[0]["id"],
                from_wallet_id=sender.id,
                to_wallet_id=recipient.id,
                amount=amount,
                note=note,
                sender_name=sender_name[:200],
                recipient_name=recipient_name[:200],
                created_at=now,
            )
            await _movements_and_entry(out, sender, recipient, legs, sender_user_id)
    except InsufficientBalance:
        raise InsufficientBalance("Saldo dompet tidak cukup", field="amount") from None
    except IntegrityError:  # the same reference booked at the same moment elsewhere
        return TransferOut.model_validate(await WalletTransfer.get(reference=reference[:200]))
    return out


async def _movements_and_entry(
    row: TransferOut, sender: WalletInfo, recipient: WalletInfo, legs, sender_user_id: int | None
) -> None:
    """Both wallets' lines (each names the other side), the entry, the event."""
    suffix = f" — {row.note}" if row.note else ""
    await db.execute(
        "INSERT INTO payments_wallet_movement (wallet_id, amount, kind, reference, description, created_at)"
        " VALUES (?, ?, 'transfer_out', ?, ?, ?), (?, ?, 'transfer_in', ?, ?, ?)",
        sender.id,
        -row.amount,
        f"wallet:transfer:{row.id}:out",
        f"Transfer ke {row.recipient_name}{suffix}"[:255],
        row.created_at,
        recipient.id,
        row.amount,
        f"wallet:transfer:{row.id}:in",
        f"Transfer dari {row.sender_name}{suffix}"[:255],
        row.created_at,
    )
    await market.post_entry(
        f"wallet:transfer:{row.id}",
        await market.bridge(legs),
        description=f"Transfer dompet #{row.id}: {row.sender_name} ke {row.recipient_name}"[:300],
        cooperative_id=sender.cooperative_id or recipient.cooperative_id,
        actor_user_id=sender_user_id,
    )
    await market.publish(
        WalletTransferred(transfer_id=row.id, from_wallet_id=sender.id, to_wallet_id=recipient.id, amount=row.amount)
    )
