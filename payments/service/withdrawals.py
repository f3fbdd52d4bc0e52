"""Cash-out: a member's or a buyer's wallet to their own bank account or e-wallet.

It is a payout (payments.service.payouts: the same state machine, callbacks and reconciliation)
with a wallet as its source. The request checks the PIN, asks the provider whose the bank
account is and refuses a name that does not match, then — in one transaction, under the
wallet's row lock and its daily limit — records the payout and moves amount + fee out of the
wallet into the held account (withdrawal_books). Then the provider is asked, with the payout's
own idempotency key; its final word settles or returns the held money exactly once.

The same idempotency key gets the first answer again, a success or a refusal.
"""

from __future__ import annotations

import re
import uuid

from tortoise.exceptions import IntegrityError

from market import db
from market.errors import InsufficientBalance
from market.service import idempotency
from market.service import throttle as throttle_
from payments.errors import AccountNameMismatch, AccountNotFound, IdempotencyMismatch, WithdrawalRefused
from payments.gateway import PAYOUT_CHANNELS, PAYOUT_EWALLET_CHANNELS, PAYOUT_MAX_IDR, PAYOUT_MIN_IDR, PaymentGateway
from payments.models import Payout
from payments.schemas import PayoutOut, WalletInfo
from payments.service import pin, withdrawal_books
from payments.service.invoices import check_amount
from payments.service.limits import DEFAULT_RULES, WalletRules, check_withdrawal_limit, lock_wallet
from payments.service.payouts import get_payout, send_payout
from payments.service.wallets import get_wallet

CHANNEL_NAMES = {
    "ID_BCA": "BCA",
    "ID_BRI": "BRI",
    "ID_BNI": "BNI",
    "ID_MANDIRI": "Mandiri",
    "ID_PERMATA": "Permata",
    "ID_BSI": "BSI",
    "ID_CIMB": "CIMB Niaga",
    "ID_BJB": "BJB",
    "ID_OVO": "OVO",
    "ID_DANA": "DANA",
    "ID_GOPAY": "GoPay",
    "ID_SHOPEEPAY": "ShopeePay",
    "ID_LINKAJA": "LinkAja",
}
_TITLES = frozenset({"BPK", "BAPAK", "IBU", "SDR", "SDRI", "TN", "NY", "NN", "H", "HJ", "IR", "DR", "DRS"})


def name_tokens(name: str) -> list[str]:
    """``Ibu Siti  Aminah, S.Pd`` -> ``['SITI', 'AMINAH', 'S', 'PD']`` minus courtesy titles."""
    return [t for t in re.sub(r"[^A-Z ]", " ", name.upper()).split() if t not in _TITLES]


def names_match(given: str, bank: str) -> bool:
    """The same words, or every word of the shorter name in the longer one (banks cut long names)
    when the shorter has at least two."""
    a, b = name_tokens(given), name_tokens(bank)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 2 and set(short) <= set(long)


def _destination(channel_code: str, account_number: str, holder: str) -> tuple[str, str, str]:
    channel = channel_code.strip().upper()
    number = re.sub(r"[\s\-.]", "", account_number)
    if channel not in PAYOUT_CHANNELS and channel not in PAYOUT_EWALLET_CHANNELS:
        raise WithdrawalRefused("Bank atau e-wallet tujuan belum didukung", field="channel_code")
    if not number.isdigit() or not 5 <= len(number) <= 20:
        raise WithdrawalRefused("Nomor rekening hanya angka (5–20 digit)", field="account_number")
    if channel in PAYOUT_EWALLET_CHANNELS and not (number.startswith("08") and 10 <= len(number) <= 13):
        raise WithdrawalRefused("Nomor e-wallet adalah nomor HP 08… (10–13 angka)", field="account_number")
    name = " ".join(holder.split())
    if len(name_tokens(name)) < 1:
        raise WithdrawalRefused("Nama pemilik rekening wajib diisi", field="account_holder_name")
    return channel, number, name


async def check_account(gateway: PaymentGateway, channel: str, number: str, holder: str, reference: str) -> None:
    """Refuse an account the bank does not know, or whose holder is someone else. E-wallets and a
    check that cannot answer now pass (the provider still fails a payout to a wrong name)."""
    if channel in PAYOUT_EWALLET_CHANNELS:
        return
    check = await gateway.validate_account(
        channel_code=channel, account_number=number, account_holder_name=holder, reference_id=reference
    )
    if check.status == "NOT_FOUND":
        raise AccountNotFound(f"Rekening {CHANNEL_NAMES[channel]} {number} tidak ditemukan", field="account_number")
    if check.status == "FOUND" and not names_match(holder, check.account_holder_name):
        raise AccountNameMismatch(
            f"Rekening {number} atas nama {check.account_holder_name}, bukan {holder}",
            field="account_holder_name",
            bank_name=check.account_holder_name,
        )


async def request_withdrawal(
    gateway: PaymentGateway,
    wallet_id: int,
    amount: int,
    *,
    channel_code: str,
    account_number: str,
    account_holder_name: str,
    pin_code: str,
    user_id: int,
    idempotency_key: str | None,
    rules: WalletRules = DEFAULT_RULES,
    throttle: throttle_.Throttle | None = None,
) -> PayoutOut:
    """Cash *amount* out of the wallet (fee on top); the wallet's login *user_id* gives the PIN."""
    request = {
        "op": "payments.withdrawal",
        "wallet_id": wallet_id,
        "amount": amount,
        "channel_code": channel_code,
        "account_number": account_number,
        "account_holder_name": account_holder_name,
    }
    key = idempotency_key or uuid.uuid4().hex
    return await idempotency.once_leased(
        idempotency.scope_of(user_id),
        idempotency_key,
        request,
        lambda claim: _withdraw(
            gateway,
            wallet_id,
            amount,
            (channel_code, account_number, account_holder_name),
            pin_code=pin_code,
            user_id=user_id,
            row_key=f"w{wallet_id}:u{user_id}:{key}"[:200],
            rules=rules,
            throttle=throttle,
        ),
        dump=lambda payout: {"payout_id": payout.id},
        load=lambda stored: get_payout(stored["payout_id"]),
        status=201,
    )


async def _withdraw(
    gateway: PaymentGateway,
    wallet_id: int,
    amount: int,
    destination: tuple[str, str, str],
    *,
    pin_code: str,
    user_id: int,
    row_key: str,
    rules: WalletRules,
    throttle: throttle_.Throttle | None,
) -> PayoutOut:
    payout = await Payout.get_or_none(idempotency_key=row_key)
    if payout is None:
        check_amount(amount, low=PAYOUT_MIN_IDR, high=PAYOUT_MAX_IDR)
        channel, number, holder = _destination(*destination)
        wallet = await get_wallet(wallet_id)
        await pin.check_pin(user_id, pin_code, throttle=throttle)
        await check_account(gateway, channel, number, holder, row_key)
        payout = await _hold(wallet, amount, channel, number, holder, row_key, user_id, rules)
    if payout.wallet_id != wallet_id or payout.amount != amount:
        raise IdempotencyMismatch("Kunci idempotensi ini sudah dipakai untuk penarikan lain")
    if payout.status != withdrawal_books.S.PENDING or payout.provider_id:
        return PayoutOut.model_validate(payout)
    return PayoutOut.model_validate(await send_payout(gateway, payout))


async def _hold(
    wallet: WalletInfo,
    amount: int,
    channel: str,
    number: str,
    holder: str,
    row_key: str,
    user_id: int,
    rules: WalletRules,
) -> Payout:
    try:
        async with db.transaction():
            await lock_wallet(wallet.id)
            await check_withdrawal_limit(wallet, amount, rules)
            payout = await Payout.create(
                cooperative_id=wallet.cooperative_id,
                wallet_id=wallet.id,
                fee=rules.withdrawal_fee_idr,
                idempotency_key=row_key,
                amount=amount,
                channel_code=channel,
                account_number=number,
                account_holder_name=holder,
                requested_by_user_id=user_id,
            )
            await withdrawal_books.book_hold(
                payout,
                actor_user_id=user_id,
                description=f"Tarik ke {CHANNEL_NAMES[channel]} {number[-4:].rjust(len(number), '•')} a.n. {holder}",
            )
    except InsufficientBalance:
        raise InsufficientBalance(
            f"Saldo dompet tidak cukup untuk Rp {amount:,} ditambah biaya Rp {rules.withdrawal_fee_idr:,}".replace(
                ",", "."
            ),
            field="amount",
        ) from None
    except IntegrityError:
        payout = await Payout.get(idempotency_key=row_key)
    return payout


async def list_withdrawals(wallet_id: int, *, limit: int = 20) -> list[PayoutOut]:
    rows = await Payout.filter(wallet_id=wallet_id).order_by("-id").limit(limit)
    return [PayoutOut.model_validate(p) for p in rows]
