"""Round trips of one PPOB purchase from the wallet — the whole service call a request makes (the
checks, the price, the hold, the biller's answer over HTTP, the settlement, the read-back) —
counted at the database driver in the steady state (the cooperative's accounts open on its first sale)."""

from __future__ import annotations

from market.models import Role
from ppob import service
from tests.builders import make_user
from tests.ppob.conftest import PIN, link, set_pin
from tests.statements import count_round_trips


async def test_a_wallet_purchase_takes_a_bounded_number_of_statements(world, engine):
    coop, member = world["coop"], world["members"][0]
    user = await make_user(Role.MEMBER, coop.id, member.id)
    await set_pin(user.id)

    async def buy(key: str, number: str):
        return await service.buy_prepaid(
            link(), coop_id=coop.id, member_id=member.id, user_id=user.id, sku="tsel10",
            customer_no=number, idempotency_key=key, pin=PIN,
        )  # fmt: skip

    await buy("rt-first", "081234567890")  # opens the settlement's accounts
    await buy("rt-warm", "081234567892")  # a process remembers a chart account from its second use
    async with count_round_trips() as seen:
        txn = await buy("rt-second", "081234567891")
    print(f"\nPPOB purchase: {len(seen.statements)} statements, {len(seen.control)} control, {seen.resets} resets")
    assert str(txn.state) == "success"
    # 32 on PostgreSQL, 35 on SQLite: the checks and the price, the wallet's balance and its PIN
    # (the PIN's row, the throttle's counter counted and cleared), the purchase's row, the wallet's
    # hold, the biller's answer applied, the settlement's entry and balances, the read-back. 38 and
    # 41 before the throttle answered from its own increment and a process remembered the member's
    # wallet (33 and 30 before the PIN was asked).
    assert len(seen.statements) <= (32 if engine == "postgres" else 35), seen
    async with count_round_trips() as again:
        assert (await buy("rt-second", "081234567891")).id == txn.id  # the same key: the first answer
    assert len(again.statements) <= 5, again  # the checks and the stored purchase, nothing written
