"""Members and their savings (simpanan pokok, wajib, sukarela), each a ledger account."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Q

from market import db
from market.clock import today_in
from market.errors import Conflict, InvalidInput, NotFound, SavingsLocked
from market.models import Account, AccountType, Cooperative, Member, MemberStatus, Posting
from market.schemas import MemberIn, MemberOut, MemberUpdate, SavingsMovementIn, mask_nik
from market.service import idempotency, ledger
from market.service.cooperatives import coop_account, get_cooperative

SAVINGS = {
    # kind: (account code, name, type). Pokok and wajib are the member's capital (equity);
    # sukarela is money the cooperative owes the member (a liability).
    "pokok": ("simpanan_pokok", "Simpanan pokok", AccountType.EQUITY),
    "wajib": ("simpanan_wajib", "Simpanan wajib", AccountType.EQUITY),
    "sukarela": ("simpanan_sukarela", "Simpanan sukarela", AccountType.LIABILITY),
}
SAVINGS_LABELS = {"pokok": "Simpanan pokok", "wajib": "Simpanan wajib", "sukarela": "Simpanan sukarela"}


def member_out(member: Member) -> MemberOut:
    """The member as any page, API answer or log may show it: the NIK masked."""
    return MemberOut(
        id=member.id,
        cooperative_id=member.cooperative_id,
        member_number=member.member_number,
        name=member.name,
        phone=member.phone,
        nik_masked=mask_nik(member.nik),
        joined_on=member.joined_on,
        status=member.status,
    )


async def add_member(coop_id: int, data: MemberIn) -> Member:
    """Admit a member with the next member number (or the one given) and open their savings."""
    coop = await get_cooperative(coop_id)
    if await Member.exists(cooperative_id=coop_id, nik=data.nik):
        raise Conflict("NIK ini sudah terdaftar sebagai anggota koperasi ini", field="nik")
    async with db.transaction():
        number = data.member_number
        if number is None:
            await Cooperative.filter(id=coop_id).update(next_member_seq=F("next_member_seq") + 1)
            seq = (await Cooperative.get(id=coop_id)).next_member_seq - 1
            number = f"{coop.slug[:4].upper()}-{seq:05d}"
        try:
            member = await Member.create(
                cooperative_id=coop_id,
                member_number=number,
                name=data.name,
                phone=data.phone,
                nik=data.nik,
                joined_on=data.joined_on or today_in(coop),
            )
        except IntegrityError as exc:
            raise Conflict("Nomor anggota atau NIK sudah dipakai", field="member_number") from exc
        for kind in SAVINGS:
            await savings_account(coop_id, member.id, kind)
    return member


async def get_member(coop_id: int, member_id: int) -> Member:
    """The member of *this* cooperative; another cooperative's member is simply not found."""
    member = await Member.get_or_none(id=member_id, cooperative_id=coop_id)
    if member is None:
        raise NotFound("Anggota tidak ditemukan")
    return member


async def find_member(coop_id: int, member_number: str) -> MemberOut:
    """The active member with this member number in *this* cooperative (case and spaces ignored)."""
    number = member_number.strip()
    member = await Member.get_or_none(cooperative_id=coop_id, member_number__iexact=number, status=MemberStatus.ACTIVE)
    if member is None:
        raise NotFound("Anggota dengan nomor itu tidak ditemukan", field="member_number")
    return member_out(member)


async def members_with_phone(phone: str, *, limit: int = 5) -> list[MemberOut]:
    """The active members (of any cooperative) whose phone is *phone* (its national form)."""
    rows = await Member.filter(phone=phone, status=MemberStatus.ACTIVE).order_by("id").limit(limit)
    return [member_out(m) for m in rows]


async def list_members(coop_id: int, *, q: str = "", limit: int = 50, offset: int = 0) -> list[Member]:
    await get_cooperative(coop_id)
    query = Member.filter(cooperative_id=coop_id)
    q = q.strip()
    if q:
        query = query.filter(Q(name__icontains=q) | Q(member_number__icontains=q) | Q(phone__contains=q))
    return await query.order_by("member_number").offset(offset).limit(limit)


async def members_by_id(coop_id: int, member_ids: list[int]) -> list[Member]:
    """The cooperative's members among *member_ids* (another cooperative's are left out)."""
    if not member_ids:
        return []
    return await Member.filter(cooperative_id=coop_id, id__in=list(set(member_ids)))


async def count_members(coop_id: int) -> int:
    return await Member.filter(cooperative_id=coop_id).count()


async def update_member(coop_id: int, member_id: int, data: MemberUpdate) -> Member:
    member = await get_member(coop_id, member_id)
    changes = data.model_dump(exclude_none=True)
    if changes:
        member.update_from_dict(changes)
        await member.save(update_fields=list(changes))
    return member


async def savings_account(coop_id: int, member_id: int, kind: str) -> Account:
    return await ledger.chart_account(coop_id, SAVINGS[kind][0], member_id=member_id)


@dataclass
class Savings:
    pokok: int
    wajib: int
    sukarela: int

    @property
    def total(self) -> int:
        return self.pokok + self.wajib + self.sukarela


async def savings_of(coop_id: int, member_id: int) -> Savings:
    await get_member(coop_id, member_id)
    accounts = await Account.filter(owner_key=ledger.owner_key(coop_id, member_id))
    by_code = {a.code: ledger.natural_balance(a) for a in accounts}
    return Savings(**{kind: by_code.get(code, 0) for kind, (code, _, _) in SAVINGS.items()})


@dataclass
class SavingsLine:
    at: datetime  # when it was recorded
    kind: str
    amount: int
    description: str
    booked_on: date | None = None  # the accounting date (a back-dated or opening entry's own)


async def savings_history(coop_id: int, member_id: int, limit: int = 50) -> list[SavingsLine]:
    accounts = await Account.filter(owner_key=ledger.owner_key(coop_id, member_id))
    kinds = {a.id: (k, ledger.normal_sign(a.type)) for a in accounts for k, v in SAVINGS.items() if v[0] == a.code}
    postings = (
        await Posting.filter(account_id__in=list(kinds))
        .select_related("entry")
        .order_by("-booked_on", "-id")
        .limit(limit)
    )
    return [
        SavingsLine(
            at=p.entry.created_at,
            kind=kinds[p.account_id][0],
            amount=p.amount * kinds[p.account_id][1],
            description=p.entry.description,
            booked_on=p.booked_on,
        )
        for p in postings
    ]


def _savings_dump(s: Savings) -> dict[str, int]:
    return {"pokok": s.pokok, "wajib": s.wajib, "sukarela": s.sukarela}


def _savings_load(d: dict[str, int]) -> Savings:
    return Savings(**d)


def _movement_request(op: str, coop_id: int, member_id: int, data: SavingsMovementIn) -> dict:
    return {"op": op, "cooperative_id": coop_id, "member_id": member_id, **data.model_dump(mode="json")}


async def _movement_once(op, work, coop_id, member_id, data, idempotency_key, actor_id) -> Savings:
    """One savings movement *work* under the acting user's idempotency key (the first answer kept)."""
    return await idempotency.once(
        idempotency.scope_of(actor_id),
        idempotency_key,
        _movement_request(op, coop_id, member_id, data),
        lambda claim: work(coop_id, member_id, data, claim, actor_id),
        dump=_savings_dump,
        load=_savings_load,
        status=201,
    )


async def deposit(
    coop_id: int,
    member_id: int,
    data: SavingsMovementIn,
    *,
    idempotency_key: str | None = None,
    actor_id: int | None = None,
) -> Savings:
    """Take a savings deposit in cash: debit the cooperative's cash, credit the member's savings.

    Simpanan pokok is paid once, in the cooperative's fixed amount: its reference is the member
    itself, so a second payment (or a retry) can never book it twice, and a pokok already on the
    books (an opening import) refuses it too. The same *idempotency_key*
    of the same *actor_id* gets the first answer again, a refusal included.
    """
    return await _movement_once("savings.deposit", _deposit, coop_id, member_id, data, idempotency_key, actor_id)


async def _deposit(
    coop_id: int, member_id: int, data: SavingsMovementIn, claim: idempotency.Claim | None, actor_id: int | None
) -> Savings:
    coop = await get_cooperative(coop_id)
    member = await get_member(coop_id, member_id)
    if member.status == MemberStatus.EXITED:
        raise Conflict("Anggota sudah keluar; simpanan tidak dapat ditambah")
    account = await savings_account(coop_id, member_id, data.kind)
    if data.kind == "pokok":
        if data.amount != coop.simpanan_pokok_amount:
            raise InvalidInput(
                f"Simpanan pokok koperasi ini Rp {coop.simpanan_pokok_amount:,}".replace(",", "."), field="amount"
            )
        if ledger.natural_balance(account) > 0:  # brought in by an opening import, say
            raise Conflict("Simpanan pokok anggota ini sudah dibayar", field="kind")
        reference = f"savings:pokok:{member_id}"
    else:
        reference = f"savings:{coop_id}:{claim.reference if claim else uuid.uuid4().hex}"
    label = SAVINGS_LABELS[data.kind]
    description = f"Setoran {label.lower()} {member.member_number}" + (f" — {data.note}" if data.note else "")
    async with db.transaction():
        cash = await coop_account(coop_id, "kas")
        _, created = await ledger.post_entry(
            reference,
            [ledger.debit(cash, data.amount), ledger.credit(account, data.amount)],
            description=description,
            cooperative_id=coop_id,
            actor_user_id=actor_id,
        )
    if not created and data.kind == "pokok":
        raise Conflict("Simpanan pokok anggota ini sudah dibayar", field="kind")
    return await savings_of(coop_id, member_id)


async def withdraw(
    coop_id: int,
    member_id: int,
    data: SavingsMovementIn,
    *,
    idempotency_key: str | None = None,
    actor_id: int | None = None,
) -> Savings:
    """Pay out savings in cash. Pokok and wajib stay while the member is active; sukarela never
    goes below zero (the ledger refuses the posting, even under concurrent withdrawals). The same
    *idempotency_key* of the same *actor_id* gets the first answer again: a refused withdrawal
    stays refused, even after a deposit."""
    return await _movement_once("savings.withdraw", _withdraw, coop_id, member_id, data, idempotency_key, actor_id)


async def _withdraw(
    coop_id: int, member_id: int, data: SavingsMovementIn, claim: idempotency.Claim | None, actor_id: int | None
) -> Savings:
    member = await get_member(coop_id, member_id)
    if data.kind in ("pokok", "wajib") and member.status != MemberStatus.EXITED:
        raise SavingsLocked(f"{SAVINGS_LABELS[data.kind]} tidak dapat ditarik selama masih anggota", field="kind")
    account = await savings_account(coop_id, member_id, data.kind)
    label = SAVINGS_LABELS[data.kind]
    description = f"Penarikan {label.lower()} {member.member_number}" + (f" — {data.note}" if data.note else "")
    async with db.transaction():
        cash = await coop_account(coop_id, "kas")
        await ledger.post_entry(
            f"savings:{coop_id}:{claim.reference if claim else uuid.uuid4().hex}",
            [ledger.debit(account, data.amount), ledger.credit(cash, data.amount)],
            description=description,
            cooperative_id=coop_id,
            actor_user_id=actor_id,
        )
    return await savings_of(coop_id, member_id)
