"""Paying a loan: one instalment (in order), or the early settlement of the rest.

- An instalment is paid whole: its principal and jasa, plus the product's late charge when paid
  after its due date (``late_charge_bps`` of the instalment per started 30 days late).
- **Early repayment** settles the rest: all the principal still owed, the jasa of the
  instalments already due and their late charges, and of the jasa not yet due what the loan's
  rule (its product's, ``early_rule``) says: the running month's pro rata to the days elapsed in
  it (rounded half up; ``pro_rata``, the default), the running month's whole
  (``running_month``), or every remaining month's (``full``); the rest is not charged.
- From the wallet with the member's own PIN, or in cash at the counter by staff. Idempotent: the
  same key of the same person answers the same payment; the loan's row lock and the entry's
  reference (per instalment) make two payments of one instalment book once whatever the keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from loans.errors import AlreadyPaid, InvalidLoan, WrongState
from loans.events import LoanRepaid
from loans.models import Channel, Loan, Payment, ScheduleLine, Status
from loans.schedule import prorated
from loans.schemas import PayIn, PaymentOut
from loans.service.books import book_payment
from loans.service.common import STAFF, lines_of, load, today
from market import db
from market import service as market
from market.errors import Forbidden, InsufficientBalance
from market.money import apply_bps
from market.service import Actor, idempotency
from payments import service as payments


def late_charge(row: Loan, line: ScheduleLine, as_of: date) -> int:
    days = (as_of - line.due_on).days
    if days <= 0 or not row.late_charge_bps:
        return 0
    return apply_bps(line.principal + line.jasa, row.late_charge_bps) * ((days + 29) // 30)


@dataclass(frozen=True)
class Settlement:
    principal: int
    jasa: int
    late: int
    jasa_by_seq: dict[int, int]  # what each unpaid instalment's jasa is settled at

    @property
    def total(self) -> int:
        return self.principal + self.jasa + self.late


def settlement(row: Loan, lines: list[ScheduleLine], as_of: date) -> Settlement:
    """What settling the whole rest on *as_of* takes (the early repayment rule above)."""
    unpaid = [x for x in lines if x.paid_on is None]
    jasa_by_seq: dict[int, int] = {}
    running_seen = False
    for line in unpaid:
        if line.due_on <= as_of:
            jasa_by_seq[line.seq] = line.jasa
        elif row.early_rule == "full" or (not running_seen and row.early_rule == "running_month"):
            running_seen = True
            jasa_by_seq[line.seq] = line.jasa
        elif not running_seen:
            running_seen = True
            start = row.disbursed_on if line.seq == 1 else lines[line.seq - 2].due_on
            start = start or as_of
            jasa_by_seq[line.seq] = prorated(line.jasa, (as_of - start).days, (line.due_on - start).days)
        else:
            jasa_by_seq[line.seq] = 0
    return Settlement(
        principal=sum(x.principal for x in unpaid),
        jasa=sum(jasa_by_seq.values()),
        late=sum(late_charge(row, x, as_of) for x in unpaid),
        jasa_by_seq=jasa_by_seq,
    )


async def pay(actor: Actor, coop_id: int, loan_id: int, data: PayIn, *, idempotency_key: str | None = None):
    """Pay instalment ``data.seq`` (or settle the rest when it is None) from the wallet or in cash."""
    if data.channel == "wallet":
        if actor.role != market.Role.MEMBER:
            raise Forbidden("Pembayaran dari dompet dilakukan oleh anggota sendiri dengan PIN-nya")
        market.require_member_self(actor, coop_id, actor.member_id or 0)
        await payments.check_pin(actor.user_id, data.pin or "")
    else:
        market.require_coop(actor, coop_id, STAFF)
    request = {"op": "loans.pay", "coop": coop_id, "loan": loan_id, "seq": data.seq, "channel": data.channel}
    return await idempotency.once(
        idempotency.scope_of(actor.user_id),
        idempotency_key,
        request,
        lambda claim: _pay(actor, coop_id, loan_id, data),
        dump=lambda out: {"payment_id": out.id},
        load=lambda stored: _payment(stored["payment_id"]),
    )


async def _payment(payment_id: int) -> PaymentOut:
    return PaymentOut.model_validate(await Payment.get(id=payment_id))


def _instalment(row: Loan, lines: list[ScheduleLine], seq: int, as_of: date) -> tuple[list, tuple[int, int, int]]:
    by_seq = {x.seq: x for x in lines}
    line = by_seq.get(seq)
    if line is None:
        raise InvalidLoan(f"Angsuran ke-{seq} tidak ada", field="seq")
    if line.paid_on is not None:
        raise AlreadyPaid(f"Angsuran ke-{seq} sudah dibayar", field="seq")
    earlier = [x.seq for x in lines if x.seq < seq and x.paid_on is None]
    if earlier:
        raise InvalidLoan(f"Bayar angsuran ke-{earlier[0]} lebih dulu", field="seq")
    line.paid_principal, line.paid_jasa, line.paid_on = line.principal, line.jasa, as_of
    return [line], (line.principal, line.jasa, late_charge(row, line, as_of))


def _settle(row: Loan, lines: list[ScheduleLine], as_of: date) -> tuple[list, tuple[int, int, int]]:
    s = settlement(row, lines, as_of)
    touched = []
    for line in lines:
        if line.paid_on is None:
            line.paid_principal, line.paid_jasa, line.paid_on = line.principal, s.jasa_by_seq[line.seq], as_of
            touched.append(line)
    return touched, (s.principal, s.jasa, s.late)


async def _pay(actor: Actor, coop_id: int, loan_id: int, data: PayIn) -> PaymentOut:
    async with db.transaction():
        row = await load(coop_id, loan_id, lock=True)
        if row.status != Status.ACTIVE:
            raise WrongState("Pinjaman ini tidak sedang berjalan")
        if data.channel == "wallet" and actor.member_id != row.member_id:
            raise Forbidden("Hanya peminjam yang dapat membayar dari dompetnya")
        as_of, lines = await today(coop_id), await lines_of(row.id)
        if data.seq is not None:
            touched, parts = _instalment(row, lines, data.seq, as_of)
            kind, reference = "instalment", f"loans:pay:{row.id}:{data.seq}"
            what = f"Angsuran ke-{data.seq} pinjaman #{row.id}"
        else:
            touched, parts = _settle(row, lines, as_of)
            kind, reference, what = "early", f"loans:settle:{row.id}", f"Pelunasan dipercepat pinjaman #{row.id}"
        try:
            await book_payment(coop_id, row.member_id, reference, parts, data.channel, actor.user_id, what)
        except InsufficientBalance:
            kas = data.channel == "cash"
            raise InsufficientBalance(
                "Saldo kas tidak cukup" if kas else "Saldo dompet tidak cukup", field="channel"
            ) from None
        for line in touched:
            await line.save(update_fields=["paid_principal", "paid_jasa", "paid_on"])
        row.outstanding -= parts[0]
        closed = all(x.paid_on is not None for x in lines)
        if closed:
            row.status, row.closed_on = Status.PAID, as_of
        await row.save(update_fields=["outstanding", "status", "closed_on"])
        payment = await Payment.create(
            loan_id=row.id,
            reference=reference,
            kind=kind,
            seq=data.seq,
            amount=sum(parts),
            principal=parts[0],
            jasa=parts[1],
            late_charge=parts[2],
            channel=Channel(data.channel),
            actor_user_id=actor.user_id,
            paid_on=as_of,
        )
        await announce_repaid(row, coop_id, payment.id, parts, closed=closed)
    return PaymentOut.model_validate(payment)


async def announce_repaid(row: Loan, coop_id: int, payment_id: int, parts, *, closed: bool) -> None:
    """The LoanRepaid event of a payment booked as (principal, jasa, late charge) *parts*."""
    principal, jasa, late = parts
    await market.publish(
        LoanRepaid(
            loan_id=row.id,
            cooperative_id=coop_id,
            member_id=row.member_id,
            payment_id=payment_id,
            principal=principal,
            jasa=jasa,
            late_charge=late,
            closed=closed,
        )
    )
