"""The cooperative's own shop in the demo (Koperasi Kopi Bajawa), through ``retail.service``:
the cashier (kasir@…) opens a shift, sells to a member paying from their wallet with their PIN
and to a walk-in for cash; the cooperative's POS sends a batch with one sale it cannot record
(an unknown SKU), kept under *Masalah POS*. The shift stays open for the visitor to sell on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from catalog import service as catalog
from demo.flows import Flows, _actor
from market.models import Cooperative, Role
from payments import service as payments
from retail import service as retail
from retail.schemas import LineIn, PosBatchIn, PosLineIn, PosSaleIn, SaleIn

WALLET_PIN = "123456"


async def shop_day(flows: Flows, members: list, people: list, today: date) -> None:
    coop = await Cooperative.get_or_none(slug="kopi-bajawa")
    if coop is None or not members:
        return
    goods = [
        i for i in await catalog.counter_items(coop.id, limit=60) if i.supplier_member_id is None and i.available >= 10
    ]
    if len(goods) < 2:
        return
    cashier = await _actor("kasir@demo.pasarkoperasi.id", Role.CASHIER, "Kasir Koperasi Kopi Bajawa", coop.id)
    if await retail.current_shift(coop.id, actor=cashier) is None:
        await retail.open_shift(coop.id, 200_000, actor=cashier)
    person = people[0]  # anggota@…, whose wallet PIN the wallets demo set
    first, second = goods[0], goods[1]
    wallet = await payments.member_wallet(coop.id, person.id)
    enough = await payments.wallet_balance(wallet.id) >= 2 * first.price_idr + second.price_idr
    await retail.sell(
        coop.id,
        SaleIn(
            client_id="demo-toko-anggota-1",
            lines=[LineIn(product_id=first.id, quantity=Decimal(2)), LineIn(product_id=second.id, quantity=Decimal(1))],
            method="wallet" if enough else "cash",
            member=person.member_number,
            pin=WALLET_PIN if enough else "",
        ),
        actor=cashier,
    )
    await retail.sell(
        coop.id,
        SaleIn(client_id="demo-toko-umum-1", lines=[LineIn(product_id=second.id, quantity=Decimal(1))], tendered=0),
        actor=cashier,
    )
    yesterday = datetime.now(UTC) - timedelta(days=1)
    batch = PosBatchIn(
        sales=[
            PosSaleIn(
                client_id="demo-pos-0001", sold_at=yesterday, lines=[PosLineIn(sku=first.sku, quantity=Decimal(1))]
            ),
            PosSaleIn(
                client_id="demo-pos-0002",
                sold_at=yesterday,
                lines=[PosLineIn(sku="BARCODE-LAMA-01", quantity=Decimal(1))],
            ),
        ]
    )
    await retail.record_batch(coop.id, batch, actor=cashier)
