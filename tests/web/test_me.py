"""A member's own page: savings and the live SHU from the books, with every figure needed to
check it by hand and the entries the member's weight comes from."""

import re

from market import service
from market.schemas import Role
from tests.builders import make_coop, make_member
from tests.market.shu_books import book_a_year, expense
from tests.web.helpers import signed_in


def _plain(html: str) -> str:
    """The page's words without tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",")


async def test_a_member_sees_savings_and_the_shu_explained_from_the_books(client):
    # given the year of tests/market/shu_books.py; member a bought 1.000.000 and paid a 5.000 PPOB fee
    coop, a, b, c = await book_a_year()
    await signed_in(client, Role.MEMBER, coop.id, a.id)
    # when
    response = await client.get("/saya")
    # then
    assert response.status_code == 200
    text = _plain(response.text)
    assert "Total simpanan Rp 300.000" in text  # pokok 100.000 + wajib 200.000
    # the books: income − expenses = before tax; − tax = after tax
    assert "Pendapatan Rp 2.505.000 − beban Rp 2.200.000 = SHU sebelum pajak Rp 305.000" in text
    assert "Rp 305.000 − pajak penghasilan Rp 20.000 = SHU setelah pajak Rp 285.000" in text
    # the non-member part (285.000 × 200.000 ÷ 505.000), its jasa-usaha share going to cadangan
    assert "Bagian SHU dari bukan anggota = Rp 285.000 × Rp 200.000 ÷ ( Rp 305.000 + Rp 200.000 ) = Rp 112.871" in text
    assert "(Rp 45.148) masuk dana cadangan" in text
    assert "Pool jasa usaha = Rp 285.000 × 40% − Rp 45.148 = Rp 68.852" in text
    assert "Pool jasa modal = Rp 285.000 × 20% = Rp 57.000" in text
    # the weight per kind, the total, the formula, and the entries behind it
    assert "Belanja Anda di koperasi Rp 1.000.000" in text and "Jasa PPOB yang Anda bayar Rp 5.000" in text
    assert "Jumlah Rp 1.005.000 dari total transaksi semua anggota Rp 2.105.000" in text
    assert "Jasa usaha Anda = Rp 68.852 × Rp 1.005.000 ÷ Rp 2.105.000 = Rp 32.872" in text
    assert "Lihat 2 transaksi yang dihitung" in text
    assert "Penjualan uji:jual-a" in text and "uji:ppob-a" in text
    assert "uji:jual-c" not in text  # member c's purchase is not a's
    # capital and the total
    assert "Jasa modal Anda = Rp 57.000 × Rp 300.000 ÷ Rp 500.000 = Rp 34.200" in text
    assert "SHU sementara Anda = Rp 32.872 + Rp 34.200 = Rp 67.072" in text


async def test_a_loss_year_shows_nothing_to_distribute_and_why(client):
    coop, a, b, c = await book_a_year()
    await expense(coop.id, "uji:listrik", "beban_listrik", 400_000, "Listrik setahun")
    await signed_in(client, Role.MEMBER, coop.id, b.id)
    text = _plain((await client.get("/saya")).text)
    assert "Belum ada SHU yang dapat dibagi" in text
    assert "SHU setelah pajak -Rp 115.000" in text
    assert "SHU sementara Anda = Rp 0 + Rp 0 = Rp 0" in text
    assert (await service.member_shu(coop.id, b.id)).mine.weight == 500_000


async def test_a_member_with_no_business_yet_sees_zero_and_why(client):
    coop = await make_coop()
    member = await make_member(coop.id)
    await signed_in(client, Role.MEMBER, coop.id, member.id)
    response = await client.get("/saya")
    assert response.status_code == 200
    assert "Belum ada SHU yang dapat dibagi" in response.text
    assert "Belum ada setoran atau penarikan." in response.text
    assert "transaksi yang dihitung" not in response.text
