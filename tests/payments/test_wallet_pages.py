"""The wallet's pages: the PIN, a transfer to a member of another cooperative (the recipient's
name checked first, shown to them at once), a cash-out and its status, the monthly statement
(page, CSV, PDF) with a supplier's 'hasil penjualan' and its order, and 'Dompet' in every role's
menu."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx

from payments import service
from payments.models import WalletMovement
from payments.statement_pdf import month_name
from tests.builders import login, make_coop, make_user
from tests.payments.wallet_helpers import buyer_with_wallet, member_with_wallet


def _form(html: str, form_id: str) -> dict[str, str]:
    start = html.index(f'id="{form_id}"')
    part = html[start : html.index("</form>", start)]
    return {n: re.search(rf'name="{n}" value="([^"]*)"', part).group(1) for n in ("csrf_token", "idempotency_key")}


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


async def test_pin_transfer_across_cooperatives_cash_out_and_statement(db, papp, sandbox):
    coop, _, user, wallet = await member_with_wallet(amount=200_000, pin=None, name="Siti Aminah")
    far = await make_coop(name="Koperasi Merauke Jaya", slug="merauke-jaya")
    _, recipient, r_user, _ = await member_with_wallet(far, pin=None, name="Yohanes Gebze")
    await service.record_wallet_movement(
        coop.id, wallet.member_id, 15_000, reference="suborder:7:supplier:9", kind="sale",
        description="Hasil penjualan Kopi Bajawa 250 g, pesanan #7",
    )  # fmt: skip
    transport = httpx.ASGITransport(app=papp)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        await login(c, user.email)
        home = await c.get("/dompet")
        assert 'id="no-pin"' in home.text and 'id="nav-wallet"' in home.text
        assert "Hasil penjualan" in home.text and "Pesanan #7" in home.text
        # the PIN: two different entries are refused, then it is made
        pin_page = await c.get("/dompet/pin?next=/dompet/transfer")
        bad = await c.post(
            "/dompet/pin",
            data={
                "csrf_token": _csrf(pin_page.text),
                "new_pin": "246810",
                "confirm_pin": "246811",
                "next": "/dompet/transfer",
            },
        )
        assert bad.status_code == 422 and "Kedua PIN tidak sama" in bad.text
        made = await c.post(
            "/dompet/pin",
            data={
                "csrf_token": _csrf(pin_page.text),
                "new_pin": "246810",
                "confirm_pin": "246810",
                "next": "/dompet/transfer",
            },
        )
        assert made.status_code == 303 and made.headers["location"] == "/dompet/transfer"
        # transfer: check the recipient's name, then send with the PIN
        page = await c.get("/dompet/transfer")
        query = {"by": "member", "cooperative": "merauke-jaya", "member_number": recipient.member_number}
        check = await c.get("/dompet/transfer/penerima", params=query, headers={"HX-Request": "true"})
        assert check.text.lstrip().startswith('<div id="recipient"') and "Yohanes Gebze" in check.text
        data = {
            **_form(page.text, "transfer-form"),
            **query,
            "amount": "25.000",
            "note": "bayar bibit",
            "pin": "000000",
        }
        wrong = await c.post("/dompet/transfer", data=data)
        assert wrong.status_code == 422 and 'id="f-pin-error"' in wrong.text and "PIN salah" in wrong.text
        sent = await c.post("/dompet/transfer", data={**data, **_form(wrong.text, "transfer-form"), "pin": "246810"})
        assert sent.status_code == 303
        assert "Terkirim Rp 25.000 ke Yohanes Gebze" in (await c.get("/dompet")).text
        # cash-out to a bank account, its status on the page
        page = await c.get("/dompet/tarik")
        out = await c.post("/dompet/tarik", data={
            **_form(page.text, "withdraw-form"), "channel_code": "ID_BRI", "account_number": "1234567890123",
            "account_holder_name": "Siti Aminah", "amount": "50000", "pin": "246810",
        })  # fmt: skip
        assert out.status_code == 303
        await sandbox.drain()
        assert "Berhasil" in (await c.get("/dompet/tarik")).text
        # the month's statement: page, CSV and PDF
        statement = await c.get("/dompet/mutasi")
        assert all(s in statement.text for s in ("Transfer ke Yohanes Gebze", "Tarik tunai", "Hasil penjualan", "WIB"))
        csv = await c.get("/dompet/mutasi.csv")
        assert csv.headers["content-type"].startswith("text/csv") and "Saldo akhir" in csv.text
        assert csv.text.strip().splitlines()[-1].endswith(str(200_000 + 15_000 - 25_000 - 52_500))
        pdf = await c.get("/dompet/mutasi.pdf")
        assert pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"
        sale = next(m for m in await service.wallet_history(wallet.id) if m.kind == "sale")
        detail = await c.get(f"/dompet/mutasi/{sale.id}")
        assert 'id="movement-order"' in detail.text and "Pesanan #7" in detail.text
    # the recipient sees it at once, with the sender's name
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        await login(c, r_user.email)
        assert "Transfer dari Siti Aminah — bayar bibit" in (await c.get("/dompet")).text
        other = await c.get(f"/dompet/mutasi/{sale.id}")
        assert other.status_code == 404  # another wallet's line


async def test_every_role_has_its_wallet_in_the_menu(db, papp):
    coop = await make_coop()
    for role in ("buyer", "cashier", "operator"):  # the member's is in the test above
        user = await make_user(role, coop_id=coop.id if role == "cashier" else None)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=papp), base_url="http://test") as c:
            await login(c, user.email)
            page = await c.get("/dompet")
            assert page.status_code == 200 and 'id="nav-wallet"' in page.text, role
            assert 'id="wallet-balance"' in page.text, role


def _fact(html: str, fact_id: str) -> str:
    """The text of one figure of the statement (``<dd id=…>``), tags dropped."""
    return re.sub(r"<[^>]+>", "", re.search(rf'id="{fact_id}">(.*?)</dd>', html, re.S).group(1)).strip()


async def test_a_buyers_statement_moves_between_months_and_a_past_months_csv_has_only_that_month(db, papp):
    user, wallet = await buyer_with_wallet(pin=None)
    # given Rp 40.000 in on the 15th of last month (WIB) and Rp 10.000 in now
    now = datetime.now(UTC).astimezone(ZoneInfo("Asia/Jakarta"))
    n = now.year * 12 + now.month - 2
    last_year, last_month = n // 12, n % 12 + 1
    last, this = f"{last_year}-{last_month:02d}", f"{now.year}-{now.month:02d}"
    cash = await service.xendit_cash()  # as a paid top-up
    await service.credit_wallet(
        wallet.id, 40_000, reference="uji:lalu", description="Isi saldo bulan lalu", from_account=cash
    )
    await WalletMovement.filter(wallet_id=wallet.id, amount=40_000).update(
        created_at=datetime(last_year, last_month, 15, 5, 0, tzinfo=UTC)
    )
    await service.credit_wallet(
        wallet.id, 10_000, reference="uji:kini", description="Isi saldo bulan ini", from_account=cash
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=papp), base_url="http://test") as c:
        await login(c, user.email)
        # this month: opened with last month's money, a link back and none forward
        page = await c.get("/dompet/mutasi")
        assert page.status_code == 200 and 'id="nav-wallet"' in page.text
        assert _fact(page.text, "statement-opening") == "Rp 40.000"
        assert _fact(page.text, "statement-closing") == "Rp 50.000"
        assert "Isi saldo bulan ini" in page.text and "Isi saldo bulan lalu" not in page.text
        assert f'href="/dompet/mutasi?bulan={last}"' in page.text and 'id="month-next"' not in page.text
        # last month, as the "previous" link asks for it (htmx: the statement block only)
        past = await c.get(f"/dompet/mutasi?bulan={last}", headers={"HX-Request": "true"})
        assert past.status_code == 200 and past.text.lstrip().startswith('<section class="card" id="statement"')
        assert month_name(last_year, last_month) in past.text
        assert _fact(past.text, "statement-opening") == "Rp 0" and _fact(past.text, "statement-closing") == "Rp 40.000"
        assert "Isi saldo bulan lalu" in past.text and "Isi saldo bulan ini" not in past.text
        assert f'href="/dompet/mutasi?bulan={this}"' in past.text  # forward again to this month
        assert f'href="/dompet/mutasi.csv?bulan={last}"' in past.text
        # that month's CSV: its one line between its opening and closing balances
        csv = await c.get(f"/dompet/mutasi.csv?bulan={last}")
        assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
        assert f'filename="mutasi-dompet-{last}.csv"' in csv.headers["content-disposition"]
        rows = csv.text.lstrip("\ufeff").strip().splitlines()
        assert len(rows) == 4 and rows[0].startswith("Waktu")
        assert rows[1].endswith(",0") and "Isi saldo bulan lalu" in rows[2] and rows[2].endswith("40000,40000")
        assert rows[2].startswith(f"{last}-15 12:00 WIB") and rows[3].endswith(",40000")
        # an impossible month falls back to this one
        wrong = await c.get("/dompet/mutasi?bulan=2024-13")
        assert _fact(wrong.text, "statement-closing") == "Rp 50.000"
