"""Stock on hand in the cooperative's book: every change of it that is not a sale, a reservation
or a return the caller books itself moves persediaan (1108) by units × the product's unit cost
(``Product.cost_idr``), in the transaction that changes the stock.

    selisih       a count correction, loss or found stock (stock opname)
                  more: Dr persediaan / Cr selisih_lebih_persediaan (7102)
                  less: Dr selisih_kurang_persediaan (7202) / Cr persediaan
    kas, bank,    a purchase from outside: Dr persediaan / Cr what paid for it (kas, bank, or
    utang_usaha   utang usaha when it is not paid yet); fewer units is a return to the supplier
    none          the caller books it (a B2B receipt) or nothing is to be booked (the units of a
                  cancelled paid sub-order coming back: their HPP never left persediaan)

A member's own produce the cooperative sells for them (``supplier_member_id`` set) is not the
cooperative's inventory: its sale pays the member (their wallet), not persediaan, so its stock
changes book nothing. The inventory report lists it apart.
"""

from __future__ import annotations

from catalog.errors import InvalidProduct
from market import service as market

GAIN, LOSS, INVENTORY = "selisih_lebih_persediaan", "selisih_kurang_persediaan", "persediaan"
PURCHASE_LABELS = {"kas": "dibayar tunai", "bank": "dibayar lewat bank", "utang_usaha": "belum dibayar (utang usaha)"}
BOOKINGS = ("selisih", *PURCHASE_LABELS, "none")


def owned(product) -> bool:
    """The cooperative's own goods (in persediaan), not a member's produce it sells for them."""
    return product.supplier_member_id is None


async def book_stock(
    product, delta: int, booking: str, *, reason: str, reference: str, actor_user_id: int | None = None
) -> int:
    """Book *delta* units of *product* at its unit cost as *booking* says; the amount booked
    (positive into persediaan, negative out of it; 0 when nothing is booked)."""
    if booking not in BOOKINGS:
        raise InvalidProduct(f"Cara pencatatan stok tidak dikenal: {booking}", field="booking")
    amount = delta * product.cost_idr
    if booking == "none" or not owned(product) or amount == 0:
        return 0
    coop_id = product.cooperative_id
    other = (GAIN if delta > 0 else LOSS) if booking == "selisih" else booking
    if booking == "selisih":
        what = "Selisih lebih persediaan" if delta > 0 else "Selisih kurang persediaan"
    else:
        what = "Pembelian" if delta > 0 else "Retur pembelian"
        what += f" {PURCHASE_LABELS[booking]}"
    await market.post_entry(
        reference,
        [
            market.debit(await market.chart_account(coop_id, INVENTORY), amount),
            market.credit(await market.chart_account(coop_id, other), amount),
        ],
        description=f"{what}: {product.name} {delta:+d} {product.unit} × {product.cost_idr}: {reason}",
        cooperative_id=coop_id,
        actor_user_id=actor_user_id,
        source="adjustment" if booking == "selisih" else "",
    )
    return amount


async def revalue(product, new_cost: int, *, actor_user_id: int | None = None, reference: str) -> int:
    """A new unit cost for the units on hand: the difference × stock to selisih persediaan."""
    amount = (new_cost - product.cost_idr) * product.stock
    if not owned(product) or amount == 0:
        return 0
    coop_id = product.cooperative_id
    other = GAIN if amount > 0 else LOSS
    await market.post_entry(
        reference,
        [
            market.debit(await market.chart_account(coop_id, INVENTORY), amount),
            market.credit(await market.chart_account(coop_id, other), amount),
        ],
        description=(
            f"Penilaian ulang persediaan: {product.name} {product.stock} {product.unit},"
            f" HPP {product.cost_idr} → {new_cost}"
        ),
        cooperative_id=coop_id,
        actor_user_id=actor_user_id,
        source="adjustment",
    )
    return amount
