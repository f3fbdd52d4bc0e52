"""Loan products and the cooperative's loan policy (set by its managers)."""

from __future__ import annotations

from loans.errors import InvalidLoan, ProductNotFound
from loans.models import LoanPolicy, LoanProduct
from loans.schemas import PolicyIn, PolicyOut, ProductIn, ProductOut
from loans.service.common import MANAGERS, policy_of
from market import service as market
from market.service import Actor


def check_akad(data: ProductIn, *, syariah: bool) -> None:
    """A syariah cooperative lends by murabahah or qard, never on interest (koperasi.md §5); a
    conventional one by its own products."""
    if not syariah:
        if data.akad != "konvensional":
            raise InvalidLoan("Akad murabahah dan qard hanya untuk koperasi syariah", field="akad")
        return
    if data.akad == "konvensional":
        raise InvalidLoan(
            "Koperasi syariah tidak memberi pinjaman berbunga: pilih akad murabahah atau qard", field="akad"
        )
    if data.akad == "qard" and (data.rate_bps_month or data.admin_fee_bps):
        raise InvalidLoan("Qard tanpa tambahan apa pun: margin dan biaya administrasi harus 0", field="rate")
    if data.akad == "murabahah" and data.method != "flat":
        raise InvalidLoan("Margin murabahah tetap sejak akad: pilih angsuran flat", field="method")


async def create_product(actor: Actor, coop_id: int, data: ProductIn) -> ProductOut:
    market.require_coop(actor, coop_id, MANAGERS)
    check_akad(data, syariah=await market.is_syariah(coop_id))
    row = await LoanProduct.create(cooperative_id=coop_id, **data.model_dump())
    return ProductOut.model_validate(row)


async def set_product_active(actor: Actor, coop_id: int, product_id: int, active: bool) -> ProductOut:
    market.require_coop(actor, coop_id, MANAGERS)
    row = await _product(coop_id, product_id)
    row.active = active
    await row.save(update_fields=["active"])
    return ProductOut.model_validate(row)


async def _product(coop_id: int, product_id: int) -> LoanProduct:
    row = await LoanProduct.get_or_none(id=product_id, cooperative_id=coop_id)
    if row is None:
        raise ProductNotFound("Produk pinjaman tidak ditemukan", field="product_id")
    return row


async def get_product(coop_id: int, product_id: int) -> ProductOut:
    return ProductOut.model_validate(await _product(coop_id, product_id))


async def list_products(actor: Actor, coop_id: int, *, active_only: bool = False) -> list[ProductOut]:
    """The cooperative's products: its staff see all, its members the active ones."""
    market.require_coop(actor, coop_id, MANAGERS | {market.Role.CASHIER, market.Role.MEMBER})
    query = LoanProduct.filter(cooperative_id=coop_id)
    if active_only or actor.role == market.Role.MEMBER:
        query = query.filter(active=True)
    return [ProductOut.model_validate(r) for r in await query.order_by("id")]


async def products_by_akad(coop_id: int) -> dict[str, int]:
    """How many of the cooperative's active loan products each akad has (what the health of a
    syariah cooperative reads: no interest-bearing product)."""
    counts: dict[str, int] = {}
    for row in await LoanProduct.filter(cooperative_id=coop_id, active=True):
        counts[row.akad] = counts.get(row.akad, 0) + 1
    return counts


async def get_policy(actor: Actor, coop_id: int) -> PolicyOut:
    market.require_coop(actor, coop_id)
    return await policy_of(coop_id)


async def set_policy(actor: Actor, coop_id: int, data: PolicyIn) -> PolicyOut:
    """The second-approval ceiling and the collectibility bands (increasing day bounds) with their provisions."""
    market.require_coop(actor, coop_id, MANAGERS)
    if not (0 <= data.bands[0] < data.bands[1] < data.bands[2]):
        raise InvalidLoan("Batas hari kolektibilitas harus naik berurutan", field="bands")
    if data.provisions != sorted(data.provisions) or data.provisions[-1] > 10_000:
        raise InvalidLoan("Cadangan risiko per kolektibilitas harus naik dan paling tinggi 100%", field="provisions")
    row = await LoanPolicy.get_or_none(cooperative_id=coop_id)
    if row is None:
        row = await LoanPolicy.create(cooperative_id=coop_id, **data.model_dump())
    else:
        await row.update_from_dict(data.model_dump()).save()
    return PolicyOut.model_validate(row)
