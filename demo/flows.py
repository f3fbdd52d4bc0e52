"""The demo cooperative's business, written through the real flows and the ledger only.

Last fiscal year (complete) and this year up to today, for Koperasi Kopi Bajawa: its members and
the public buy through checkout, pay on the embedded Xendit sandbox (driven in-process over
httpx's ASGI transport, as the tests do), the cooperative packs, ships and the buyer confirms;
Koperasi Pasar Keputran buys coffee from it (B2B), receives it into its own catalog and resells
it; members top up their wallets and buy pulsa from them, a walk-in buys it for cash at the
counter (PPOB on the embedded biller sandbox, the same ASGI way); the cooperative takes payouts to its bank and pays its
expenses (gaji, sewa, listrik, transport) and, at the year end, its income tax, each a journal
entry on its chart. Every entry is dated with ``market.service.booking_on(day)``; last year's months
are then closed, so its SHU can be closed and put to the RAT.

Nothing here writes a balance or a tag itself: the statements, the PHU and the SHU on ``/saya``
read what the flows booked. This package is wiring, like ``market.app``: it may import every
domain package (``market demo`` calls it).
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta
from pathlib import Path

import httpx

from catalog import demo as catalog_demo
from catalog import service as catalog
from market import demo as network_demo
from market import runtime
from market import service as market
from market.models import Cooperative, JournalEntry, Role, User
from market.schemas import SavingsMovementIn, UserIn
from market.service import journal
from market.service.shu import live_shu
from orders import demo as orders_demo
from orders import service as orders
from payments import service as payments
from payments import wiring
from payments.xendit import XenditGateway
from ppob import service as ppob
from ppob import wiring as ppob_wiring
from ppob.biller import DigiflazzBiller
from ppob.errors import WalletShort

BASE = "http://demo"
WALLET_PIN = "123456"  # every demo member's wallet PIN (as demo.wallets sets it)
FEE_BPS, PAYMENT_DURATION_S = 250, 86400  # the settings' defaults, as an edge hands them over
ADDRESS = {
    "recipient_name": "Pembeli Demo",
    "phone": "081234567890",
    "street": "Jl. Merdeka 10",
    "kelurahan": "Gambir",
    "kecamatan": "Gambir",
    "kabupaten": "Kabupaten Ngada",
    "provinsi": "Nusa Tenggara Timur",
    "kode_pos": "86413",
}
# Monthly expenses (account, amount, paid from, description).
EXPENSES = (
    ("beban_gaji", 90_000, "bank", "Honor kasir"),
    ("beban_sewa", 50_000, "bank", "Sewa gudang"),
    ("beban_listrik", 20_000, "bank", "Listrik dan telepon"),
    ("beban_transport", 15_000, "kas", "Transport ke pasar"),
)


class Flows:
    """The app in-process: the Xendit adapter talks to the app's own sandbox over ASGI."""

    def __init__(self, app) -> None:
        self.app = app
        self.state = app.state.xendit_sandbox
        self.transport = httpx.ASGITransport(app=app)
        self.gateway = XenditGateway(
            f"{BASE}/sandbox/xendit", wiring.secret_key(app.state.settings), transport=self.transport, backoff_s=0
        )
        self.sandbox = httpx.AsyncClient(
            transport=self.transport,
            base_url=f"{BASE}/sandbox/xendit",
            auth=(wiring.secret_key(app.state.settings), ""),
        )
        username, api_key, secret = ppob_wiring.credentials(app.state.settings)
        biller = DigiflazzBiller(
            base_url=f"{BASE}{ppob_wiring.SANDBOX_PATH}/v1",
            username=username,
            api_key=api_key,
            callback_secret=secret,
            transport=self.transport,
        )
        self.biller = biller
        self.ppob = dataclasses.replace(ppob.link_of(runtime.current()), biller=biller)
        runtime.replace(gateway=self.gateway)
        self.state.callback_url = f"{BASE}{wiring.CALLBACK_PATH}"
        self.state.callback_transport = self.transport
        self.state.retry_delays = (0.0, 0.0)

    async def close(self) -> None:
        await self.state.drain()
        await self.sandbox.aclose()
        await self.gateway.aclose()
        await self.biller.aclose()

    async def settle(self) -> None:
        """The provider's callbacks arrive, and the worker delivers every event."""
        await self.state.drain()
        while await market.dispatch_pending(limit=500):
            pass

    async def pay(self, provider_id: str) -> None:
        response = await self.sandbox.post(f"/_sandbox/invoices/{provider_id}/pay", json={"method": "QRIS"})
        response.raise_for_status()
        await self.settle()


async def _actor(email: str, role: Role, name: str, coop_id: int | None = None, member_id: int | None = None):
    user = await User.get_or_none(email=email)
    if user is None:
        user = await market.create_user(
            UserIn(email=email, password="demo12345", role=role, name=name), cooperative_id=coop_id, member_id=member_id
        )
    return await market.actor_by_id(user.id)


async def _provider_id(payment_id: int | None) -> str:
    if payment_id is None:
        raise ValueError("the order has no payment")
    return (await payments.get_payment(payment_id)).provider_id or ""


async def sell(flows: Flows, seller_staff, actor, items, key: str, *, for_coop: bool = False, province: str = ""):
    """One order from checkout to completion: cart, place, pay, pack, ship, confirm."""
    for product_id, quantity in items:
        await orders.add_to_cart(product_id, quantity, user_id=actor.user_id)
    address = {**ADDRESS, **({"provinsi": province} if province else {})}
    order = await orders.place_order(
        flows.gateway,
        fee_bps=FEE_BPS,
        payment_duration_s=PAYMENT_DURATION_S,
        actor=actor,
        address=address,
        delivery={},
        idempotency_key=key,
        buy_for_cooperative=for_coop,
    )
    await flows.pay(await _provider_id(order.payment_id))
    for sub in order.suborders:
        await orders.pack_suborder(sub.cooperative_id, sub.id, actor=seller_staff)
        await orders.ship_suborder(
            sub.cooperative_id, sub.id, actor=seller_staff, courier="Kurir koperasi", tracking_number=f"DM-{sub.id}"
        )
    return order


async def _confirm(flows: Flows, order, actor) -> None:
    for sub in order.suborders:
        await orders.confirm_delivery(sub.id, actor=actor)
    await flows.settle()


async def expense(coop_id: int, ref: str, code: str, amount: int, source: str, description: str, actor_id: int):
    """A cost paid from kas or bank: Dr the expense account, Cr the money account."""
    await market.post_entry(
        ref,
        [
            market.debit(await market.chart_account(coop_id, code), amount),
            market.credit(await market.chart_account(coop_id, source), amount),
        ],
        description=description,
        cooperative_id=coop_id,
        actor_user_id=actor_id,
        source="manual",
    )


def _days(year: int, today: date) -> list[date]:
    """Three business days a month of *year*, up to *today*."""
    out = []
    for month in range(1, 13):
        for day in (5, 14, 24):
            moment = date(year, month, day)
            if moment < today:
                out.append(moment)
    return out


async def _stocked(coop_id: int, staff, *, at_least: int) -> list:
    _, products = await catalog.list_products(coop_id, actor=staff, limit=100)
    return [p for p in products if p.stock >= at_least]


class Year:
    """One cooperative's year of business: its people and the random draws that pick their orders."""

    def __init__(self, flows: Flows, coop: Cooperative, staff, members: list, public, rng: random.Random) -> None:
        self.flows, self.coop, self.staff, self.members, self.public, self.rng = (
            flows,
            coop,
            staff,
            members,
            public,
            rng,
        )

    async def order(self, buyer, key: str) -> None:
        stocked = await _stocked(self.coop.id, self.staff, at_least=8)
        if not stocked:
            return
        product = self.rng.choice(stocked)
        order = await sell(self.flows, self.staff, buyer, [(product.id, self.rng.randint(2, 5))], key)
        await _confirm(self.flows, order, buyer)

    async def month_end(self, year: int, month: int) -> None:
        """Savings, a payout of what the platform holds, then the month's expenses."""
        coop_id, staff_id = self.coop.id, self.staff.user_id
        for member in await market.list_members(coop_id, limit=100):
            await market.deposit(
                coop_id,
                member.id,
                SavingsMovementIn(kind="wajib", amount=self.coop.simpanan_wajib_amount, note=f"{month:02d}/{year}"),
                idempotency_key=f"demo:wajib:{member.id}:{year}-{month}",
            )
        held = await payments.coop_balance(coop_id)
        if held >= 100_000:
            await payments.request_payout(
                self.flows.gateway, coop_id, held // 2, idempotency_key=f"demo:cair:{year}-{month}", actor_id=staff_id
            )
            await self.flows.settle()
        for code, amount, source, text in EXPENSES:
            await expense(coop_id, f"demo:{code}:{coop_id}:{year}-{month}", code, amount, source, text, staff_id)
        await self.ppob_sales(year, month)

    async def ppob_sales(self, year: int, month: int) -> None:
        """A member's pulsa from their wallet, and a walk-in's at the counter for cash."""
        member = self.members[month % len(self.members)]
        if not await payments.has_pin(member.user_id):
            await payments.set_pin(member.user_id, WALLET_PIN)
        for who, user_id, channel, number in (
            (member.member_id, member.user_id, "wallet", f"0812-3456-78{20 + month}"),
            (None, self.staff.user_id, "cash", f"0813-9876-54{40 + month}"),
        ):
            try:
                await ppob.buy_prepaid(
                    self.flows.ppob,
                    coop_id=self.coop.id,
                    member_id=who,
                    user_id=user_id,
                    sku="tsel10",
                    customer_no=number,
                    channel=channel,
                    idempotency_key=f"demo:ppob:{channel}:{year}-{month}",
                    pin=WALLET_PIN if channel == "wallet" else None,
                )
            except WalletShort:
                continue  # a member whose wallet is empty buys nothing this month

    async def run(self, year: int, today: date) -> None:
        for n, day in enumerate(_days(year, today)):
            with market.booking_on(day):
                buyer = self.public if n % 3 == 1 else self.members[n % len(self.members)]
                await self.order(buyer, f"demo:{self.coop.slug}:{day}")
                if day.day == 24:
                    await self.month_end(year, day.month)

    async def close_year(self, year: int) -> None:
        """Income tax of the year, 10 % of the SHU before tax, booked on 31 December."""
        before = (await live_shu(self.coop.id, year=year)).shu_before_tax
        if before > 0:
            with market.booking_on(date(year, 12, 31)):
                await expense(
                    self.coop.id,
                    f"demo:pph:{self.coop.id}:{year}",
                    "pajak_penghasilan",
                    before // 10,
                    "bank",
                    f"PPh badan tahun {year}",
                    self.staff.user_id,
                )


async def b2b(flows: Flows, seller_staff, buyer_coop: Cooperative, public, day: date) -> None:
    """The buying cooperative takes ten bags for itself, receives them and resells three."""
    buyer_staff = await _actor(
        f"manajer.{buyer_coop.slug}@demo.pasarkoperasi.id", Role.MANAGER, f"Manajer {buyer_coop.name}", buyer_coop.id
    )
    stocked = await _stocked(seller_staff.cooperative_id, seller_staff, at_least=40)
    if not stocked:
        return
    with market.booking_on(date(day.year, 1, 1)):  # the traders' own money in the bank, to buy with
        await market.post_entry(
            f"demo:modal:{buyer_coop.slug}",
            [
                market.debit(await market.chart_account(buyer_coop.id, "bank"), 5_000_000),
                market.credit(await market.chart_account(buyer_coop.id, "modal_penyertaan"), 5_000_000),
            ],
            description="Modal penyertaan anggota disetor ke rekening bank",
            cooperative_id=buyer_coop.id,
            source="opening",
        )
    with market.booking_on(day):
        order = await sell(
            flows,
            seller_staff,
            buyer_staff,
            [(stocked[0].id, 10)],
            f"demo:b2b:{day}",
            for_coop=True,
            province=buyer_coop.province,
        )
        sub = order.suborders[0]
        await orders.mark_delivered(sub.cooperative_id, sub.id, actor=seller_staff)
        await orders.receive_suborder(buyer_coop.id, sub.id, actor=buyer_staff)
        await _confirm(flows, order, buyer_staff)
    resale = await _stocked(buyer_coop.id, buyer_staff, at_least=10)
    with market.booking_on(day + timedelta(days=10)):
        again = await sell(flows, buyer_staff, public, [(resale[0].id, 3)], f"demo:jual-ulang:{day}")
        await _confirm(flows, again, public)


async def top_up(flows: Flows, coop_id: int, member_id: int, amount: int, day: date) -> None:
    with market.booking_on(day):
        wallet = await payments.member_wallet(coop_id, member_id)
        payment = await payments.start_topup(
            flows.gateway, wallet.id, amount, idempotency_key=f"demo:isi:{member_id}:{day}"
        )
        await flows.pay(payment.provider_id or "")


async def seed_business(app, *, today: date | None = None) -> str:
    """Last year and this year of Koperasi Kopi Bajawa's business (once); a summary, or ""."""
    from demo import counter, loans, retail, syariah, wallets  # they build on this module's flows

    bajawa = await Cooperative.get_or_none(slug="kopi-bajawa")
    keputran = await Cooperative.get_or_none(slug="pasar-keputran")
    if bajawa is None or keputran is None or await JournalEntry.exists(reference__startswith="demo:pph:"):
        return ""
    today = today or date.today()
    flows = Flows(app)
    try:
        staff = await _actor("manajer@demo.pasarkoperasi.id", Role.MANAGER, "Manajer", bajawa.id)
        people = await market.list_members(bajawa.id, limit=3)
        members = [
            await _actor(
                f"anggota{'' if n == 0 else n + 1}@demo.pasarkoperasi.id", Role.MEMBER, p.name, bajawa.id, p.id
            )
            for n, p in enumerate(people)
        ]
        public = await _actor("pembeli@demo.pasarkoperasi.id", Role.BUYER, "Pembeli umum")
        await ppob.sync_price_list(flows.ppob)
        await ppob.set_markup(bajawa.id, "category", "Pulsa", 1_500)  # the cooperative's margin on pulsa
        year = Year(flows, bajawa, staff, members, public, random.Random(2025))
        await top_up(flows, bajawa.id, people[0].id, 250_000, date(today.year - 1, 2, 3))
        await year.run(today.year - 1, today)
        await b2b(flows, staff, keputran, public, date(today.year - 1, 6, 10))
        await year.close_year(today.year - 1)
        # savings and loans, the last five months (before last year is locked: early in a year they
        # reach into it)
        await loans.loan_book(staff, people, today)
        # last year's books closed by the manager, month by month up to December: ready for the
        # year-end SHU close and the RAT
        await journal.close_month(bajawa.id, today.year - 1, 12, actor=staff)
        await year.run(today.year, today)
        await wallets.wallet_transfers(flows, members, people, today)
        await counter.counter_withdrawal(flows, today)
        await retail.shop_day(flows, members, people, today)
        await syariah.bmt_savings(today)
    finally:
        await flows.close()
    return f"{bajawa.name}: {today.year - 1} and {today.year} booked through the flows"


async def seed_all(app, media_dir: Path, *, force: bool = False, per_coop: int = 36, photos: bool = True):
    """What ``market demo`` seeds: the network, its products and rates (their savings and opening
    stock dated 1 January of last year), then the demo cooperative's two years of business.
    Returns (network summary, products made, business summary)."""
    today = date.today()
    with market.booking_on(date(today.year - 1, 1, 1)):
        created = await network_demo.seed(force=force)
        products = await catalog_demo.seed_products(media_dir, per_coop=per_coop, photos=photos)
    await orders_demo.seed_rates()
    business = await seed_business(app, today=today)
    from demo import joining  # a cooperative that registered itself, waiting for the operator

    await joining.pending_registration(media_dir, network_demo.DEMO_PASSWORD)
    return created, products, business
