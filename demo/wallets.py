"""Wallets in the demo: every demo member's PIN, and transfers between members through
``payments.service.transfer`` (in one cooperative and to another cooperative's member)."""

from __future__ import annotations

from datetime import date

from demo.flows import Flows, top_up
from market import service as market
from market.models import Cooperative
from payments import service as payments
from payments.schemas import RecipientIn

WALLET_PIN = "123456"  # every demo member's wallet PIN (anggota@, anggota2@, anggota3@ …)


async def wallet_transfers(flows: Flows, members, people, today: date) -> None:
    """The demo members' PIN, and two transfers through the service: anggota@ sends anggota2@ their
    share of a fertiliser order, and a member of Koperasi Kopi Wamena (another cooperative, another
    book) the price of seedlings; each shows on both wallets with the other's name."""
    for actor in members:
        if not await payments.has_pin(actor.user_id):
            await payments.set_pin(actor.user_id, WALLET_PIN)
    wamena = await Cooperative.get_or_none(slug="kopi-wamena")
    wallet = await payments.member_wallet(members[0].cooperative_id, people[0].id)
    await top_up(flows, members[0].cooperative_id, people[0].id, 100_000, today)
    sends = [(RecipientIn(member_number=people[1].member_number, cooperative="kopi-bajawa"), 25_000, "Patungan pupuk")]
    if wamena is not None:
        far = (await market.list_members(wamena.id, limit=1))[0]
        sends.append((RecipientIn(member_number=far.member_number, cooperative="kopi-wamena"), 40_000, "Bibit kopi"))
    for n, (to, amount, note) in enumerate(sends):
        await payments.transfer(
            wallet.id, to, amount, pin_code=WALLET_PIN, user_id=members[0].user_id, note=note,
            idempotency_key=f"demo:transfer:{n}",
        )  # fmt: skip
