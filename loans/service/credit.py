"""Bank credit channelled through the cooperative (issue 19): a credit line from a bank, drawn
down, lent on to members under the board's own approvals, repaid to the bank with interest.

Books (the cooperative's own book, koperasi.md §8):

drawdown       Dr kas / bank               Cr utang bank (2201)
repayment      Dr utang bank (principal)   Dr beban bunga pinjaman bank (6108, interest)
               Cr kas / bank (the whole)

Rules: only managers open, draw and repay; drawdowns never take the line above its limit in
all (a non-revolving facility: what was repaid is not drawn again); a repayment's principal is
at most what is owed. A member loan names the line that funds it at the application (staff
only); it goes through the same approvals, and it is disbursed only while the line's running
onward lending, this loan included, stays within what was drawn and is still owed to the bank
(the members' loans are the bank's money). Retries with the same idempotency key answer the
first result; the line's row lock keeps two drawdowns from passing the limit together.
"""

from __future__ import annotations

from loans.errors import CeilingExceeded, CreditLineNotFound, InvalidLoan
from loans.models import CreditLine, CreditMovement, Loan, Payment, Status
from loans.schedule import add_months, bank_schedule
from loans.schemas import BankInstalmentOut, BankRepayIn, CreditLineIn, CreditLineOut, CreditMovementOut, DrawIn
from loans.service.common import MANAGERS, today
from market import db, terms
from market import service as market
from market.errors import InsufficientBalance
from market.money import format_idr
from market.service import Actor, idempotency


async def _line(coop_id: int, line_id: int, *, lock: bool = False) -> CreditLine:
    query = CreditLine.filter(id=line_id, cooperative_id=coop_id)
    if lock:
        query = query.select_for_update()
    row = await query.first()
    if row is None:
        raise CreditLineNotFound("Fasilitas kredit bank tidak ditemukan", field="credit_line_id")
    return row


async def _position(row: CreditLine) -> CreditLineOut:
    day = await today(row.cooperative_id)
    loans = list(await Loan.filter(credit_line_id=row.id, status__in=[Status.ACTIVE, Status.PAID]))
    running = [x for x in loans if x.status == Status.ACTIVE]
    jasa = 0
    if loans:
        jasa = sum(p.jasa for p in await Payment.filter(loan_id__in=[x.id for x in loans]))
    moves = await CreditMovement.filter(line_id=row.id).order_by("id")
    return CreditLineOut(
        id=row.id,
        cooperative_id=row.cooperative_id,
        bank_name=row.bank_name,
        limit=row.limit,
        rate_bps_year=row.rate_bps_year,
        term_months=row.term_months,
        opened_on=row.opened_on,
        drawn=row.drawn,
        available=row.limit - row.drawn,
        owed_to_bank=row.owed,
        interest_paid=row.interest_paid,
        loans=len(running),
        members_owe=sum(x.outstanding for x in running),
        lent=sum(x.principal for x in loans),
        jasa_earned=jasa,
        margin=jasa - row.interest_paid,
        movements=[CreditMovementOut.model_validate(m) for m in moves],
        schedule=[
            BankInstalmentOut(**vars(line), total=line.total, overdue=line.due_on < day)
            for line in _bank_schedule(row, moves)
        ],
    )


def _bank_schedule(row: CreditLine, moves: list[CreditMovement]) -> list:
    """The line's instalments still to pay: one a month on the day it was opened, up to its
    term; each repayment with principal settles the earliest one, and what is owed is spread
    over the rest (a payment above or below the instalment evens out in the ones after)."""
    paid = sum(1 for m in moves if m.kind == "repay" and m.principal)
    dates = [add_months(row.opened_on, k) for k in range(1, row.term_months + 1)]
    return bank_schedule(row.owed, row.rate_bps_year, dates[paid:] or dates[-1:])


async def open_credit_line(actor: Actor, coop_id: int, data: CreditLineIn) -> CreditLineOut:
    market.require_coop(actor, coop_id, MANAGERS)
    await market.get_cooperative(coop_id)
    row = await CreditLine.create(
        cooperative_id=coop_id, **data.model_dump(), opened_on=await today(coop_id), created_by=actor.user_id
    )
    return await _position(row)


async def credit_lines(actor: Actor, coop_id: int) -> list[CreditLineOut]:
    """Every credit line of the cooperative with its position (staff and the operator)."""
    market.require_coop(actor, coop_id)
    await market.get_cooperative(coop_id)
    return [await _position(r) for r in await CreditLine.filter(cooperative_id=coop_id).order_by("id")]


async def credit_line(actor: Actor, coop_id: int, line_id: int) -> CreditLineOut:
    market.require_coop(actor, coop_id)
    return await _position_of(coop_id, line_id)


async def draw(
    actor: Actor, coop_id: int, line_id: int, data: DrawIn, *, idempotency_key: str | None = None
) -> CreditLineOut:
    """Draw *amount* from the bank into kas or the bank account, within the limit."""
    market.require_coop(actor, coop_id, MANAGERS)
    request = {"op": "loans.credit.draw", "coop": coop_id, "line": line_id, **data.model_dump()}
    return await idempotency.once(
        idempotency.scope_of(actor.user_id),
        idempotency_key,
        request,
        lambda claim: _draw(actor, coop_id, line_id, data),
        dump=lambda out: {"line_id": out.id},
        load=lambda stored: _position_of(coop_id, stored["line_id"]),
    )


async def _position_of(coop_id: int, line_id: int) -> CreditLineOut:
    return await _position(await _line(coop_id, line_id))


async def _draw(actor: Actor, coop_id: int, line_id: int, data: DrawIn) -> CreditLineOut:
    async with db.transaction():
        row = await _line(coop_id, line_id, lock=True)
        if row.drawn + data.amount > row.limit:
            raise CeilingExceeded(
                f"Melebihi plafon fasilitas: sisa yang dapat ditarik {format_idr(row.limit - row.drawn)}",
                field="amount",
            )
        day = await today(coop_id)
        n = await CreditMovement.filter(line_id=row.id).count()
        reference = f"loans:credit:{row.id}:{n + 1}"
        await market.post_entry(
            reference,
            [
                market.debit(await market.coop_account(coop_id, data.account), data.amount),
                market.credit(await market.coop_account(coop_id, "utang_bank"), data.amount),
            ],
            description=f"Pencairan kredit {row.bank_name} (fasilitas #{row.id})",
            cooperative_id=coop_id,
            actor_user_id=actor.user_id,
        )
        await CreditMovement.create(
            line_id=row.id,
            kind="draw",
            principal=data.amount,
            account=data.account,
            booked_on=day,
            reference=reference,
            actor_user_id=actor.user_id,
        )
        row.drawn += data.amount
        row.owed += data.amount
        await row.save(update_fields=["drawn", "owed"])
    return await _position(row)


async def repay_bank(
    actor: Actor, coop_id: int, line_id: int, data: BankRepayIn, *, idempotency_key: str | None = None
) -> CreditLineOut:
    """Pay the bank principal and interest from kas or the bank account."""
    market.require_coop(actor, coop_id, MANAGERS)
    request = {"op": "loans.credit.repay", "coop": coop_id, "line": line_id, **data.model_dump()}
    return await idempotency.once(
        idempotency.scope_of(actor.user_id),
        idempotency_key,
        request,
        lambda claim: _repay(actor, coop_id, line_id, data),
        dump=lambda out: {"line_id": out.id},
        load=lambda stored: _position_of(coop_id, stored["line_id"]),
    )


async def _repay(actor: Actor, coop_id: int, line_id: int, data: BankRepayIn) -> CreditLineOut:
    if not data.principal and not data.interest:
        missing = terms.word("Isi pokok atau bunga yang dibayar", syariah=await market.is_syariah(coop_id))
        raise InvalidLoan(missing, field="principal")
    async with db.transaction():
        row = await _line(coop_id, line_id, lock=True)
        if data.principal > row.owed:
            raise InvalidLoan(f"Pokok yang masih terutang {format_idr(row.owed)}", field="principal")
        day = await today(coop_id)
        n = await CreditMovement.filter(line_id=row.id).count()
        reference = f"loans:credit:{row.id}:{n + 1}"
        legs = [market.credit(await market.coop_account(coop_id, data.account), data.principal + data.interest)]
        if data.principal:
            legs.append(market.debit(await market.coop_account(coop_id, "utang_bank"), data.principal))
        if data.interest:
            legs.append(market.debit(await market.coop_account(coop_id, "beban_bunga_bank"), data.interest))
        try:
            await market.post_entry(
                reference,
                legs,
                description=f"Angsuran kredit {row.bank_name} (fasilitas #{row.id})",
                cooperative_id=coop_id,
                actor_user_id=actor.user_id,
            )
        except InsufficientBalance:
            raise InsufficientBalance("Saldo kas tidak cukup", field="account") from None
        await CreditMovement.create(
            line_id=row.id,
            kind="repay",
            principal=data.principal,
            interest=data.interest,
            account=data.account,
            booked_on=day,
            reference=reference,
            actor_user_id=actor.user_id,
        )
        row.owed -= data.principal
        row.interest_paid += data.interest
        await row.save(update_fields=["owed", "interest_paid"])
    return await _position(row)


async def check_funding(coop_id: int, credit_line_id: int | None, principal: int) -> None:
    """At disbursement (inside its transaction): a loan funded by a line stays within what was drawn
    from the bank and is still owed to it, with the line's running onward lending."""
    if credit_line_id is None:
        return
    row = await _line(coop_id, credit_line_id, lock=True)
    lent = sum(x.outstanding for x in await Loan.filter(credit_line_id=row.id, status=Status.ACTIVE))
    if lent + principal > row.owed:
        raise CeilingExceeded(
            f"Dana {row.bank_name} yang sudah ditarik belum cukup: tersedia {format_idr(max(0, row.owed - lent))}",
            field="credit_line_id",
        )


async def check_line(coop_id: int, credit_line_id: int | None) -> None:
    if credit_line_id is not None:
        await _line(coop_id, credit_line_id)
