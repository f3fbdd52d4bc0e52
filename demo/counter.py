"""The network counter in the demo: cash withdrawn at another cooperative's counter, through
``network.service`` (the counter's request, the member's confirmation with their PIN)."""

from __future__ import annotations

from datetime import date

from demo.flows import Flows, _actor, top_up
from market import service as market
from market.models import Cooperative, Role
from network import service as network
from network.schemas import WithdrawalIn
from payments import service as payments

DEMO_PIN = "123456"  # the wallet PIN of the demo's Wamena member (anggota.wamena@…)


async def counter_withdrawal(flows: Flows, today: date) -> None:
    """Save in Papua, withdraw in Jakarta: a member of Koperasi Kopi Wamena tops up their wallet and
    takes 150,000 in cash at the counter of Koperasi Konsumen Warga Menteng, confirmed on their
    phone with their PIN (the network owes Menteng until it is settled)."""
    home = await Cooperative.get_or_none(slug="kopi-wamena")
    counter = await Cooperative.get_or_none(slug="konsumen-menteng")
    if home is None or counter is None:
        return
    person = (await market.list_members(home.id, limit=1))[0]
    member = await _actor("anggota.wamena@demo.pasarkoperasi.id", Role.MEMBER, person.name, home.id, person.id)
    cashier = await _actor("kasir.menteng@demo.pasarkoperasi.id", Role.CASHIER, f"Kasir {counter.name}", counter.id)
    if not await payments.has_pin(member.user_id):
        await payments.set_pin(member.user_id, DEMO_PIN)
    await top_up(flows, home.id, person.id, 300_000, today)
    data = WithdrawalIn(home_cooperative_id=home.id, member_number=person.member_number, amount=150_000)
    asked = await network.create_withdrawal(counter.id, data, actor=cashier, idempotency_key="demo:loket")
    await network.confirm_withdrawal(asked.id, DEMO_PIN, actor=member, idempotency_key="demo:loket")
