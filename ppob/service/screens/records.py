"""What was sold: a transaction's receipt, and the histories (a member's own, a cooperative's)
with their filters and CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from market import service as market
from market.errors import DomainError
from market.service import Actor, Role
from payments import service as payments
from ppob.errors import TransactionNotFound
from ppob.models import TxState
from ppob.schemas import TransactionOut
from ppob.service.followup import follow_up
from ppob.service.history import HistoryFilter, export_csv, find_transaction, list_transactions
from ppob.service.port import Link
from ppob.service.products import PricedProduct, list_products
from ppob.service.screens.counter import STAFF, CoopView, coop_view, member_counter

# The receipt -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptScreen:
    txn: TransactionOut
    coop: CoopView
    invoice_url: str | None
    staff: bool


async def receipt_screen(link: Link, actor: Actor, txn_id: int) -> ReceiptScreen:
    """The receipt of a member's own transaction, or of one at the staff's cooperative. A pending
    one is checked with the biller when it is due (rate limited like the poller)."""
    txn = await find_transaction(txn_id)
    staff = actor.role != Role.MEMBER
    if not staff and (txn.member_id is None or txn.member_id != actor.member_id):
        raise TransactionNotFound("Transaksi tidak ditemukan")
    if staff:
        market.require_coop(actor, txn.cooperative_id, roles=STAFF)
    if txn.state == TxState.PENDING:
        try:
            await follow_up(link, txn.id)
        except DomainError:
            pass
        txn = await find_transaction(txn_id)
    invoice_url = None
    invoice_ref = txn.invoice_ref or ""
    if txn.state == TxState.AWAITING_PAYMENT and invoice_ref.isdigit():
        invoice_url = (await payments.get_payment(int(invoice_ref))).invoice_url
    return ReceiptScreen(
        txn=TransactionOut.model_validate(txn),
        coop=await coop_view(txn.cooperative_id),
        invoice_url=invoice_url,
        staff=staff,
    )


# History -----------------------------------------------------------------------------------


def history_filter(
    member_id: int | None, dari: str, sampai: str, produk: str, status: str
) -> tuple[HistoryFilter, dict[str, str]]:
    """The filter from the query string, and its values as the form shows them again (a date or a
    status that cannot be read is dropped, not refused: a hand-edited link still shows rows)."""
    values = {"dari": dari[:10], "sampai": sampai[:10], "produk": produk[:64], "status": status[:20]}

    def day(text: str) -> date | None:
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            return None

    states = {str(s) for s in TxState}
    f = HistoryFilter(
        member_id=member_id,
        date_from=day(values["dari"]),
        date_to=day(values["sampai"]),
        sku=values["produk"] or None,
        state=TxState(values["status"]) if values["status"] in states else None,
    )
    values["dari"] = f.date_from.isoformat() if f.date_from else ""
    values["sampai"] = f.date_to.isoformat() if f.date_to else ""
    return f, values


def _history_scope(actor: Actor, coop_id: int | None) -> tuple[int, int | None]:
    """A member's own history (*coop_id* None), or the cooperative's for its staff."""
    if coop_id is None:
        ctr = member_counter(actor)
        return ctr.coop_id, ctr.member_id
    market.require_coop(actor, coop_id, roles=STAFF)
    return coop_id, None


@dataclass(frozen=True)
class HistoryScreen:
    rows: tuple[TransactionOut, ...]
    products: tuple[PricedProduct, ...]
    values: dict[str, str]
    coop: CoopView
    total: int  # sold, successful transactions only
    margin: int
    staff: bool


async def history_screen(
    link: Link,
    actor: Actor,
    coop_id: int | None = None,
    *,
    dari: str = "",
    sampai: str = "",
    produk: str = "",
    status: str = "",
) -> HistoryScreen:
    """The latest 200 transactions of a member (*coop_id* None) or of a cooperative, filtered."""
    coop_id, member_id = _history_scope(actor, coop_id)
    f, values = history_filter(member_id, dari, sampai, produk, status)
    rows = await list_transactions(coop_id, f, limit=200)
    done = [t for t in rows if t.state == TxState.SUCCESS]
    return HistoryScreen(
        rows=tuple(TransactionOut.model_validate(t) for t in rows),
        products=tuple(await list_products(link, coop_id, include_inactive=True)),
        values=values,
        coop=await coop_view(coop_id),
        total=sum(t.sell_price for t in done),
        margin=sum(t.margin or 0 for t in done),
        staff=member_id is None,
    )


async def history_csv(
    actor: Actor, coop_id: int | None = None, *, dari: str = "", sampai: str = "", produk: str = "", status: str = ""
) -> str:
    """The same history, filtered the same way, as CSV."""
    coop_id, member_id = _history_scope(actor, coop_id)
    f, _ = history_filter(member_id, dari, sampai, produk, status)
    return await export_csv(coop_id, f)
