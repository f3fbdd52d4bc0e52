"""The HTTP edge of a syariah cooperative, on SQLite (the rules under it run on both engines): the
manager opens a product and takes deposits on the page, shares a month out, the member reads
their bagi hasil with every input of the formula; the statements and the menu say the
cooperative's own words, a conventional cooperative's stay as they were; the JSON API refuses
another cooperative (404) and a conventional one (409)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from loans import service as loans
from loans.schemas import ProductIn as LoanProductIn
from market import service as market
from syariah import service as syariah
from syariah.schemas import MovementIn, ProductIn
from tests.builders import deposit, login, make_coop, make_member, make_user, token_for
from tests.syariah.test_bagi_hasil import income, staff
from tests.web.helpers import csrf_now, form_value


@pytest.fixture
def engine() -> str:
    """These tests run on SQLite only."""
    return "sqlite"


async def _as(client, email: str) -> str:
    client.cookies.clear()
    assert (await login(client, email)).status_code == 303
    return await csrf_now(client)


async def test_a_month_shared_out_through_the_pages_and_explained_to_the_member(client):
    coop = await make_coop(syariah=True, name="BMT Halaman")
    member = await make_member(coop.id)
    member_user = await make_user("member", coop_id=coop.id, member_id=member.id)
    manager = await make_user("manager", coop_id=coop.id)
    base = f"/koperasi/{coop.id}/mudharabah"

    token = await _as(client, manager.email)
    bad = await client.post(f"{base}/produk", data={"csrf_token": token, "name": "Tabungan Haji", "nisbah": "100"})
    assert bad.status_code == 422 and "misalnya 40" in bad.text
    made = await client.post(f"{base}/produk", data={"csrf_token": token, "name": "Tabungan Haji", "nisbah": "35"})
    assert made.status_code == 303
    [product] = await syariah.list_products(staff(market.Role.MANAGER, coop.id), coop.id)
    assert (product.nisbah_bps, product.nisbah) == (3500, "35:65")

    shown = await client.get(base)
    form = {"csrf_token": token, "member": member.member_number, "product_id": str(product.id), "amount": "1.000.000"}
    key = form_value(shown.text, form_id="move-form")
    assert (
        await client.post(f"{base}/mutasi", data={**form, "idempotency_key": key, "direction": "in"})
    ).status_code == 303
    again = await client.post(f"{base}/mutasi", data={**form, "idempotency_key": key, "direction": "in"})
    assert again.status_code == 303  # the same form sent twice: one deposit
    [held] = await syariah.balances(staff(market.Role.MANAGER, coop.id), coop.id)
    assert held.balance == 1_000_000
    nobody = await client.post(
        f"{base}/mutasi",
        data={
            **form,
            "member": "X-0",
            "idempotency_key": form_value((await client.get(base)).text, form_id="move-form"),
        },
    )
    assert nobody.status_code == 422 and "tidak ditemukan" in nobody.text

    # The deposit is dated today; the month shared out is last month, with a saver since October.
    other = await make_member(coop.id)
    with market.booking_on(date(2026, 10, 1)):
        await syariah.move(
            staff(market.Role.MANAGER, coop.id),
            coop.id,
            MovementIn(member_id=other.id, product_id=product.id, amount=2_000_000),
        )
    await income(coop.id, date(2026, 11, 10), 1_000_000, 77)
    early = await client.post(
        f"{base}/bagi-hasil", data={"csrf_token": token, "product_id": str(product.id), "month": "2099-01"}
    )
    assert early.status_code == 422 and "belum berakhir" in early.text
    run = await client.post(
        f"{base}/bagi-hasil", data={"csrf_token": token, "product_id": str(product.id), "month": "2026-11"}
    )
    assert run.status_code == 303
    table = await client.get(run.headers["location"])
    assert table.status_code == 200 and "Rp 350.000" in table.text and 'id="shares"' in table.text

    await _as(client, member_user.email)
    mine = await client.get("/saya/bagi-hasil")
    assert mine.status_code == 200 and "Anda belum memiliki" not in mine.text
    assert "Bagi hasil = nisbah × pendapatan" not in mine.text  # November: this member saved only today
    await _as(client, (await make_user("member", coop_id=coop.id, member_id=other.id)).email)
    theirs = await client.get("/saya/bagi-hasil")
    assert "Bagi hasil = nisbah × pendapatan" in theirs.text and "November 2026" in theirs.text
    for shown_figure in ("Rp 1.000.000", "35%", "Rp 350.000", "Rp 2.000.000", "60.000.000"):
        assert shown_figure in theirs.text, shown_figure
    assert 'href="/saya/bagi-hasil"' in theirs.text and ">Pembiayaan<" in theirs.text


async def test_the_statements_and_menus_say_the_cooperatives_own_words(client):
    bmt, conventional = await make_coop(syariah=True), await make_coop()
    for coop in (bmt, conventional):
        member = await make_member(coop.id)
        await deposit(coop.id, member.id, "sukarela", 50_000)
        user = await make_user("manager", coop_id=coop.id)
        await _as(client, user.email)
        sheet = await client.get(f"/koperasi/{coop.id}/laporan/neraca")
        menu = await client.get(f"/koperasi/{coop.id}/pinjaman")
        assert sheet.status_code == 200 and menu.status_code == 200
        if coop.syariah:
            assert "Tabungan wadiah" in sheet.text and "Simpanan sukarela" not in sheet.text
            assert ">Pembiayaan<" in menu.text and f"/koperasi/{coop.id}/mudharabah" in menu.text
        else:
            assert "Simpanan sukarela" in sheet.text and "Tabungan wadiah" not in sheet.text
            assert ">Pinjaman<" in menu.text and "mudharabah" not in menu.text
            refused = await client.get(f"/koperasi/{coop.id}/mudharabah")
            assert refused.status_code == 409
        if coop.syariah:  # "tabungan" holds the letters, not the word
            assert not re.search(r"\bbunga\b", sheet.text + menu.text, re.IGNORECASE)
        prices = (await client.get(f"/koperasi/{coop.id}/ppob/markup")).text
        assert ("Ujrah platform per transaksi" in prices) == coop.syariah
        assert ("Fee platform" in prices) != coop.syariah  # a PPOB fee is an ujrah for a syariah one


async def test_the_api_refuses_other_and_conventional_cooperatives(client):
    bmt, other, conventional = await make_coop(syariah=True), await make_coop(syariah=True), await make_coop()
    manager = await make_user("manager", coop_id=bmt.id)
    headers = await token_for(manager)
    made = await client.post(
        f"/api/v1/cooperatives/{bmt.id}/mudharabah/products",
        json={"name": "Tabungan Qurban", "nisbah_bps": 4000},
        headers=headers,
    )
    assert made.status_code == 201 and made.json()["nisbah_bps"] == 4000
    assert (
        await client.get(f"/api/v1/cooperatives/{other.id}/mudharabah/products", headers=headers)
    ).status_code == 404
    theirs = await token_for(await make_user("manager", coop_id=conventional.id))
    refused = await client.get(f"/api/v1/cooperatives/{conventional.id}/mudharabah/products", headers=theirs)
    assert refused.status_code == 409 and refused.json()["code"] == "syariah.not_syariah"
    zis = await client.get(f"/api/v1/cooperatives/{bmt.id}/syariah/funds/zakat", headers=headers)
    assert zis.status_code == 200 and zis.json()["closing"] == 0
    await syariah.create_product(staff(market.Role.MANAGER, bmt.id), bmt.id, ProductIn(name="Lain", nisbah_bps=1))


async def test_the_dps_reads_every_page_of_its_cooperative_and_writes_only_its_sign_off(client):
    coop = await make_coop(syariah=True)
    dps = await make_user("dps", coop.id)
    client.cookies.clear()
    assert (await login(client, dps.email)).status_code == 303
    token = await csrf_now(client)
    for path in ("laporan/neraca", "anggota", "rat", "mudharabah", "jurnal", "pinjaman"):
        page = await client.get(f"/koperasi/{coop.id}/{path}")
        assert page.status_code == 200, path
    assert 'id="product-form"' not in (await client.get(f"/koperasi/{coop.id}/mudharabah")).text
    wrote = await client.post(
        f"/koperasi/{coop.id}/mudharabah/produk", data={"csrf_token": token, "name": "X", "nisbah": "40"}
    )
    assert wrote.status_code == 403
    other = await make_coop(syariah=True)
    assert (await client.get(f"/koperasi/{other.id}/anggota")).status_code == 404
    assert (await client.post("/keluar", data={"csrf_token": token})).status_code == 303


async def _lending_coop(client, is_syariah: bool):
    """A cooperative (syariah or not) with one loan product of its kind, its manager signed in."""
    from tests.loans.helpers import world
    from tests.syariah.test_murabahah import MURABAHAH

    w = await world(syariah=is_syariah)
    product = {**MURABAHAH} if is_syariah else {**MURABAHAH, "akad": "konvensional"}
    await loans.create_product(w.manager, w.coop.id, LoanProductIn(**product))
    manager = await make_user("manager", coop_id=w.coop.id)
    await _as(client, manager.email)
    return w, manager


async def test_the_loan_pages_of_a_syariah_cooperative_speak_of_financing_never_interest(client):
    for is_syariah in (True, False):
        w, manager = await _lending_coop(client, is_syariah)
        staff_page = (await client.get(f"/koperasi/{w.coop.id}/pinjaman")).text
        await _as(client, w.member_actor.email)
        mine = (await client.get("/saya/pinjaman")).text
        if is_syariah:
            assert "Pembiayaan anggota" in staff_page and "Akad murabahah" in staff_page
            assert "Pembiayaan saya" in mine and "margin 1,25% per bulan, tetap sejak akad" in mine
            assert "Pinjaman saya" not in mine and not re.search(r"\bbunga\b", staff_page + mine, re.IGNORECASE)
        else:
            assert "Pinjaman anggota" in staff_page and "Akad" not in staff_page
            assert "Pinjaman saya" in mine and "jasa 1,25% per bulan" in mine


async def test_a_member_applies_for_a_murabahah_of_the_catalogs_goods_on_their_page(client):
    from tests.builders import make_product
    from tests.loans.helpers import world
    from tests.syariah.test_murabahah import MURABAHAH

    w = await world(syariah=True)
    product = await loans.create_product(w.manager, w.coop.id, LoanProductIn(**MURABAHAH))
    urea = await make_product(w.coop.id, name="Pupuk Urea", unit="karung", price_idr=250_000, cost_idr=210_000, stock=9)
    token = await _as(client, w.member_actor.email)
    shown = await client.get("/saya/pinjaman")
    assert "Pupuk Urea — harga pokok Rp 210.000/karung, tersedia 9" in shown.text
    form = {"csrf_token": token, "product_id": str(product.id), "term_months": "4", "goods_product_id": str(urea.id)}
    too_many = await client.post("/saya/pinjaman", data={**form, "goods_quantity": "10"})
    assert too_many.status_code == 422 and "tinggal 9 karung" in too_many.text
    sent = await client.post("/saya/pinjaman", data={**form, "goods_quantity": "3"})
    assert sent.status_code == 303
    [contract] = await loans.member_loans(w.member_actor, w.coop.id, w.member.id)
    assert (contract.principal, contract.goods_product_id, contract.purpose) == (
        630_000,
        urea.id,
        "3 karung Pupuk Urea",
    )


async def test_a_syariah_members_own_page_says_tabungan_wadiah(client):
    coop = await make_coop(syariah=True)
    member = await make_member(coop.id)
    await deposit(coop.id, member.id, "sukarela", 70_000)
    user = await make_user("member", coop_id=coop.id, member_id=member.id)
    await _as(client, user.email)
    mine = (await client.get("/saya")).text
    assert "Tabungan wadiah" in mine and "Simpanan sukarela" not in mine
    manager = await make_user("manager", coop_id=coop.id)
    await _as(client, manager.email)
    staff_view = (await client.get(f"/koperasi/{coop.id}/anggota/{member.id}")).text
    assert "Tabungan wadiah" in staff_view and "Simpanan sukarela" not in staff_view


async def test_a_syariah_cooperatives_bank_financing_page_shares_by_bagi_hasil_never_interest(client):
    from loans.schemas import BankRepayIn, CreditLineIn, DrawIn
    from tests.loans.helpers import world

    line = CreditLineIn(bank_name="Bank Syariah Uji", limit=10_000_000, rate_bps_year=600, term_months=12)
    for is_syariah in (True, False):
        w = await world(syariah=is_syariah)
        made = await loans.open_credit_line(w.manager, w.coop.id, line)
        await loans.draw(w.manager, w.coop.id, made.id, DrawIn(amount=2_000_000))
        await loans.repay_bank(w.manager, w.coop.id, made.id, BankRepayIn(principal=500_000, interest=12_345))
        token = await _as(client, (await make_user("manager", coop_id=w.coop.id)).email)
        page = await client.get(f"/koperasi/{w.coop.id}/pinjaman/kredit-bank")
        assert page.status_code == 200 and f'id="position-{made.id}"' in page.text
        key = form_value(page.text, form_id=f"repay-{made.id}")
        empty = await client.post(
            f"/koperasi/{w.coop.id}/pinjaman/kredit-bank/{made.id}/bayar",
            data={"csrf_token": token, "idempotency_key": key, "principal": "", "interest": ""},
        )
        assert empty.status_code == 422
        said = "Isi pokok atau bagi hasil yang dibayar" if is_syariah else "Isi pokok atau bunga yang dibayar"
        assert said in empty.text
        assert "Rp 12.345" in page.text  # the bank's share paid, whatever it is called
        if is_syariah:
            assert not re.search(r"\bbunga\b", page.text, re.IGNORECASE)
            assert "bagi hasil Rp 12.345" in page.text and "Bagi hasil dibayar ke bank (Rp)" in page.text
            assert "ekuivalen bagi hasil 6% setahun" in page.text
        else:
            assert "bunga Rp 12.345" in page.text and "Bunga dibayar ke bank (Rp)" in page.text
            assert "bunga 6% setahun" in page.text and "bagi hasil" not in page.text


async def test_a_syariah_cooperatives_monthly_report_is_of_financing_on_the_page_csv_and_pdf(client):
    from tests.market.test_statements import _pdf_text

    for is_syariah in (True, False):
        w, manager = await _lending_coop(client, is_syariah)
        page = (await client.get(f"/koperasi/{w.coop.id}/pinjaman/laporan")).text
        url = f"/api/v1/cooperatives/{w.coop.id}/loans/report"
        headers = await token_for(manager)
        csv = (await client.get(url, params={"format": "csv"}, headers=headers)).text
        pdf = _pdf_text((await client.get(url, params={"format": "pdf"}, headers=headers)).content)
        if is_syariah:
            assert "<h1>Laporan pembiayaan bulanan</h1>" in page and "Laporan pinjaman" not in page
            assert csv.startswith("Laporan Pembiayaan Bulanan ") and "Pinjaman" not in csv
            assert "Margin/ujrah" in csv and "Jasa pinjaman" not in csv
            assert "Laporan Pembiayaan Bulanan" in pdf and "Pinjaman" not in pdf
            assert not re.search(r"\bbunga\b", page + csv + pdf, re.IGNORECASE)
        else:
            assert "<h1>Laporan pinjaman bulanan</h1>" in page and "pembiayaan" not in page.lower()
            assert csv.startswith("Laporan Pinjaman Bulanan ") and "Jasa pinjaman" in csv
            assert "Laporan Pinjaman Bulanan" in pdf and "Pembiayaan" not in pdf


async def test_the_dana_kebajikan_report_page_shows_the_funds_movements_and_totals(client):
    from market.clock import today_in

    bmt, elsewhere, conventional = await make_coop(syariah=True), await make_coop(syariah=True), await make_coop()
    today = today_in(bmt)
    new_year, last_year = date(today.year, 1, 1), date(today.year - 1, 12, 20)

    async def book(coop, n: int, day: date, amount: int, description: str) -> None:
        """*amount* into dana kebajikan from kas (a negative one: out of it to kas)."""
        fund = await market.coop_account(coop.id, "dana_kebajikan")
        kas = await market.coop_account(coop.id, "kas")
        legs = [market.debit(kas, amount), market.credit(fund, amount)]
        if amount < 0:
            legs = [market.debit(fund, -amount), market.credit(kas, -amount)]
        await market.post_entry(
            f"test:kebajikan:{coop.id}:{n}", legs, description=description, cooperative_id=coop.id, booked_on=day
        )

    await book(bmt, 1, last_year, 200_000, "Infak jamaah Desember")  # before the year: the opening
    await book(bmt, 2, new_year, 10_750, "Ta'widh angsuran terlambat")
    await book(bmt, 3, new_year, 39_250, "Infak anggota awal tahun")
    await book(bmt, 4, today, -60_000, "Qardhul hasan biaya berobat anggota")
    await book(elsewhere, 5, new_year, 999_000, "Infak koperasi lain")  # another cooperative's fund
    # opening 200,000 + sources 10,750 + 39,250 − uses 60,000 = closing 190,000
    await _as(client, (await make_user("manager", coop_id=bmt.id)).email)
    shown = await client.get(f"/koperasi/{bmt.id}/syariah/dana/kebajikan")
    assert shown.status_code == 200
    assert "Laporan sumber dan penggunaan dana kebajikan (qardhul hasan)" in shown.text
    summary = shown.text[shown.text.index('id="fund-summary"') :].split("</dl>")[0]
    figures = re.findall(r"<dt>([^<]+)</dt><dd>.*?(Rp [\d.]+)", summary, re.S)
    assert figures == [
        ("Saldo awal", "Rp 200.000"),
        ("Sumber dana", "Rp 50.000"),
        ("Penggunaan dana", "Rp 60.000"),
        ("Saldo akhir", "Rp 190.000"),
    ]
    sources, uses = shown.text.split("<h2>Sumber dana</h2>")[1].split("<h2>Penggunaan dana</h2>")
    assert "Ta&#39;widh angsuran terlambat" in sources and "Rp 10.750" in sources
    assert "Infak anggota awal tahun" in sources and "Rp 39.250" in sources
    assert "Qardhul hasan biaya berobat anggota" in uses and "Rp 60.000" in uses
    assert "Qardhul hasan" not in sources and "Infak anggota" not in uses
    for absent in ("Infak jamaah Desember", "Infak koperasi lain", "999.000"):
        assert absent not in shown.text, absent
    assert (await client.get(f"/koperasi/{bmt.id}/syariah/dana/lain")).status_code == 404
    assert (await client.get(f"/koperasi/{elsewhere.id}/syariah/dana/kebajikan")).status_code == 404
    await _as(client, (await make_user("manager", coop_id=conventional.id)).email)
    assert (await client.get(f"/koperasi/{conventional.id}/syariah/dana/kebajikan")).status_code == 409
