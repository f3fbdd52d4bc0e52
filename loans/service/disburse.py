"""Disbursing an approved loan to the member's wallet or in cash at the counter, once.

A loan funded by a bank credit line is disbursed only within what was drawn from the bank
(``credit.check_funding``). The schedule is fixed at disbursement (instalment k due k months after the disbursement day);
the administration fee is taken from the money paid out. Idempotent: the same key of the same
staff member answers the same loan again; the loan's own row lock and the entry's reference make
a second disbursement impossible whatever the key.
"""

from __future__ import annotations

from catalog import service as catalog
from loans.errors import WrongState
from loans.events import LoanDisbursed
from loans.models import Channel, ScheduleLine, Status
from loans.schedule import compute
from loans.schemas import DisburseIn, LoanOut
from loans.service.books import book_disbursement
from loans.service.common import STAFF, load, loan_out, today
from loans.service.credit import check_funding
from market import db
from market import service as market
from market.service import Actor, idempotency


async def disburse(actor: Actor, coop_id: int, loan_id: int, data: DisburseIn, *, idempotency_key: str | None = None):
    market.require_coop(actor, coop_id, STAFF)
    request = {"op": "loans.disburse", "coop": coop_id, "loan": loan_id, "channel": data.channel}
    return await idempotency.once(
        idempotency.scope_of(actor.user_id),
        idempotency_key,
        request,
        lambda claim: _disburse(actor, coop_id, loan_id, data.channel),
        dump=lambda out: {"loan_id": out.id},
        load=lambda stored: _reload(coop_id, stored["loan_id"]),
    )


async def _reload(coop_id: int, loan_id: int) -> LoanOut:
    return loan_out(await load(coop_id, loan_id))


async def _disburse(actor: Actor, coop_id: int, loan_id: int, channel: str) -> LoanOut:
    async with db.transaction():
        row = await load(coop_id, loan_id, lock=True)
        if row.status != Status.APPROVED:
            raise WrongState("Hanya pinjaman yang sudah disetujui yang dapat dicairkan")
        await check_funding(coop_id, row.credit_line_id, row.principal)
        if (channel == "goods") != (row.goods_product_id is not None):
            raise WrongState(
                "Murabahah barang katalog diserahkan sebagai barang (channel goods); yang lain dicairkan ke dompet atau tunai"
            )
        if row.goods_product_id is not None:  # the goods leave stock (OutOfStock rolls it all back)
            await catalog.take_for_sale(
                row.goods_product_id, row.goods_quantity or 1, reference=f"loans:murabahah:{row.id}", reason="Murabahah"
            )
        day = await today(coop_id)
        lines = compute(row.principal, row.term_months, row.rate_bps_month, row.method, day)
        await ScheduleLine.bulk_create(
            [
                ScheduleLine(loan_id=row.id, seq=x.seq, due_on=x.due_on, principal=x.principal, jasa=x.jasa)
                for x in lines
            ]
        )
        await book_disbursement(coop_id, row.member_id, row.id, row.principal, row.admin_fee, channel, actor.user_id)
        row.status, row.channel, row.disbursed_by, row.disbursed_on = (
            Status.ACTIVE,
            Channel(channel),
            actor.user_id,
            day,
        )
        row.outstanding = row.principal
        await row.save()
        await market.publish(
            LoanDisbursed(
                loan_id=row.id,
                cooperative_id=coop_id,
                member_id=row.member_id,
                principal=row.principal,
                paid_out=row.principal - row.admin_fee,
                channel=channel,
            )
        )
    return loan_out(row)
