"""An instalment paid by a Xendit invoice ("bayar lewat Xendit").

The member opens an invoice for their next unpaid instalment: a ``LoanInvoice`` row fixes its
parts (principal, jasa and the late charge as of that day: the invoice asks exactly that) and its
id is the ``owner_id`` of payments' payment (kind ``loan``). While that invoice is pending,
asking again answers the same one. Payments books the collected money into its clearing account
and announces ``payment.succeeded``; ``invoice_paid`` (the outbox handler) then books the
instalment out of clearing — Cr piutang, jasa income (the member's SHU weight), late charge —
once: the loan's row lock, the instalment's unique journal reference and the invoice's own state
make a callback delivered three times, or out of order, book once. An invoice paid for an
instalment that is no longer open (paid meanwhile from the wallet or at the counter, or the loan
settled) is not lost: its money goes to the member's wallet, once.
"""

from __future__ import annotations

import logging
import uuid

from loans.errors import AlreadyPaid, InvalidLoan, WrongState
from loans.models import Channel, Loan, LoanInvoice, Payment, ScheduleLine, Status
from loans.service.books import book_invoice_to_wallet, book_payment
from loans.service.common import lines_of, load, today
from loans.service.repay import announce_repaid, late_charge
from market import db
from market import service as market
from market.service import Actor
from payments import service as payments
from payments.events import PaymentExpired, PaymentFailed, PaymentSucceeded
from payments.schemas import PaymentOut

log = logging.getLogger(__name__)
PAYMENT_KIND = "loan"


def _next_open(lines: list[ScheduleLine], seq: int) -> ScheduleLine:
    by_seq = {x.seq: x for x in lines}
    line = by_seq.get(seq)
    if line is None:
        raise InvalidLoan(f"Angsuran ke-{seq} tidak ada", field="seq")
    if line.paid_on is not None:
        raise AlreadyPaid(f"Angsuran ke-{seq} sudah dibayar", field="seq")
    earlier = [x.seq for x in lines if x.seq < seq and x.paid_on is None]
    if earlier:
        raise InvalidLoan(f"Bayar angsuran ke-{earlier[0]} lebih dulu", field="seq")
    return line


async def pay_by_invoice(
    gateway,
    actor: Actor,
    coop_id: int,
    loan_id: int,
    seq: int,
    *,
    idempotency_key: str | None = None,
    return_url: str | None = None,
    duration_s: int = 86400,
) -> PaymentOut:
    """The member's Xendit invoice for instalment *seq* (the same pending one when asked again)."""
    row = await load(coop_id, loan_id)
    market.require_member_self(actor, coop_id, row.member_id)
    if actor.member_id != row.member_id:
        raise InvalidLoan("Hanya peminjam yang membayar lewat Xendit", field="seq")
    if row.status != Status.ACTIVE:
        raise WrongState("Pinjaman ini tidak sedang berjalan")
    line = _next_open(await lines_of(row.id), seq)
    for open_one in await LoanInvoice.filter(loan_id=row.id, seq=seq, status="open").order_by("-id"):
        if open_one.payment_id is not None:
            found = await payments.get_payment(open_one.payment_id)
            if found.status == "pending":
                return found
    as_of = await today(coop_id)
    invoice = await LoanInvoice.create(
        loan_id=row.id,
        seq=seq,
        principal=line.principal,
        jasa=line.jasa,
        late_charge=late_charge(row, line, as_of),
        opened_by=actor.user_id,
    )
    payment = await payments.create_payment(
        gateway,
        kind=PAYMENT_KIND,
        owner_id=invoice.id,
        amount=invoice.principal + invoice.jasa + invoice.late_charge,
        description=f"Angsuran ke-{seq} pinjaman #{row.id}",
        idempotency_key=f"{row.id}-{seq}-{idempotency_key or uuid.uuid4().hex}",
        cooperative_id=coop_id,
        metadata={"loan_id": row.id, "seq": seq},
        duration_s=duration_s,
        success_url=return_url,
        failure_url=return_url,
    )
    await LoanInvoice.filter(id=invoice.id).update(payment_id=payment.id)
    return payment


async def invoice_paid(event: PaymentSucceeded) -> None:
    """``payment.succeeded`` of kind ``loan`` (outbox handler, inside its delivery's transaction)."""
    if event.kind != PAYMENT_KIND:
        return
    invoice = await LoanInvoice.get_or_none(id=event.owner_id)
    if invoice is None:
        log.warning("payment %s for unknown loan invoice %s", event.payment_id, event.owner_id)
        return
    async with db.transaction():
        row = await Loan.filter(id=invoice.loan_id).select_for_update().first()
        invoice = await LoanInvoice.get(id=invoice.id)
        if row is None or invoice.status in ("booked", "to_wallet"):
            return
        coop_id, what = row.cooperative_id, f"Angsuran ke-{invoice.seq} pinjaman #{row.id} (Xendit)"
        lines = await lines_of(row.id)
        try:
            if row.status != Status.ACTIVE:
                raise WrongState("Pinjaman ini tidak sedang berjalan")
            line = _next_open(lines, invoice.seq)
        except (WrongState, AlreadyPaid, InvalidLoan):
            await book_invoice_to_wallet(coop_id, row.member_id, event.payment_id, event.amount, f"{what}: ke dompet")
            invoice.status = "to_wallet"
            await invoice.save(update_fields=["status"])
            return
        as_of = await today(coop_id)
        parts = (invoice.principal, invoice.jasa, invoice.late_charge)
        reference = f"loans:pay:{row.id}:{invoice.seq}"
        await book_payment(coop_id, row.member_id, reference, parts, "xendit", invoice.opened_by, what)
        line.paid_principal, line.paid_jasa, line.paid_on = line.principal, line.jasa, as_of
        await line.save(update_fields=["paid_principal", "paid_jasa", "paid_on"])
        row.outstanding -= invoice.principal
        closed = all(x.paid_on is not None for x in lines)
        if closed:
            row.status, row.closed_on = Status.PAID, as_of
        await row.save(update_fields=["outstanding", "status", "closed_on"])
        payment = await Payment.create(
            loan_id=row.id,
            reference=reference,
            kind="instalment",
            seq=invoice.seq,
            amount=sum(parts),
            principal=parts[0],
            jasa=parts[1],
            late_charge=parts[2],
            channel=Channel.XENDIT,
            invoice_id=invoice.id,
            actor_user_id=invoice.opened_by,
            paid_on=as_of,
        )
        invoice.status = "booked"
        await invoice.save(update_fields=["status"])
        await announce_repaid(row, coop_id, payment.id, parts, closed=closed)


async def invoice_unpaid(event: PaymentFailed | PaymentExpired) -> None:
    """``payment.failed`` / ``payment.expired`` of kind ``loan``: the invoice lapses (the instalment stays open)."""
    if event.kind != PAYMENT_KIND:
        return
    await LoanInvoice.filter(id=event.owner_id, status="open").update(status="lapsed")
