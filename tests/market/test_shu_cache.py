"""The member's page reads the cooperative's live SHU from a per-process copy that is as of the
book's last posting: the same figure while nothing moved, a new one as soon as anything did."""

from __future__ import annotations

from market import service
from market.service import shu
from tests.builders import deposit, make_coop, make_member


async def _sale(coop_id: int, member_id: int, ref: str, amount: int) -> None:
    cash = await service.chart_account(coop_id, "kas")
    sales = await service.chart_account(coop_id, "penjualan_anggota")
    await service.post_entry(
        ref,
        [service.debit(cash, amount), service.credit(sales, amount, member_id=member_id, kind="purchase")],
        cooperative_id=coop_id,
    )


async def test_the_live_figure_is_reused_until_the_book_moves(db):
    coop = await make_coop()
    ani, budi = await make_member(coop.id), await make_member(coop.id)
    await deposit(coop.id, ani.id, "pokok", 100_000)
    await _sale(coop.id, ani.id, "t:1", 300_000)
    first = await shu.cached_live_shu(coop.id)
    assert await shu.cached_live_shu(coop.id) is first  # nothing moved: not recomputed
    assert first.members[ani.id].weight == 300_000 and first.members[budi.id].weight == 0
    # a sale to Budi is a new posting in the book: the next read is a new, right figure
    await _sale(coop.id, budi.id, "t:2", 100_000)
    second = await shu.cached_live_shu(coop.id)
    assert second is not first and second.members[budi.id].weight == 100_000
    assert second.shu_after_tax == 400_000 == (await shu.live_shu(coop.id)).shu_after_tax
    # a member joining changes the figure's members even with no posting
    cici = await make_member(coop.id)
    assert cici.id in (await shu.cached_live_shu(coop.id)).members
    # another cooperative's postings do not touch this one's copy
    other = await make_coop()
    third = await shu.cached_live_shu(coop.id)
    await _sale(other.id, (await make_member(other.id)).id, "t:3", 50_000)
    assert await shu.cached_live_shu(coop.id) is third
    # and the member's own page reads through it
    explained = await service.member_shu(coop.id, budi.id)
    assert explained.coop is third and explained.mine.weight == 100_000
