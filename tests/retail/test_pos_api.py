"""The POS API driven as a client would: batches replayed and overlapping record each sale once,
a bad line kept with its reason for the staff, an offline POS's 500 sales with duplicates, the
catalog since a cursor, and only tokens with the ``pos`` scope."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from catalog import service as catalog
from market import service as market
from retail import service as retail
from tests.builders import make_user
from tests.retail.helpers import count, diff, figures, shop
from tests.web.helpers import signed_in


async def _token(coop_id: int, scopes: list[str]) -> dict[str, str]:
    manager = await make_user("manager", coop_id=coop_id)
    token, _ = await market.issue_coop_token(coop_id, name="POS toko", scopes=scopes, created_by=manager.id)
    return {"Authorization": f"Bearer {token}"}


def _sale(n: int, sku: str, qty: str = "1", *, when: datetime | None = None, **extra) -> dict:
    when = when or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    return {
        "client_id": f"pos-{n:05d}",
        "sold_at": (when + timedelta(minutes=n)).isoformat(),
        "lines": [{"sku": sku, "quantity": qty}],
        **extra,
    }


async def test_a_batch_sent_twice_and_an_overlapping_batch_record_each_sale_once(db, client):
    s = await shop()
    headers = await _token(s.coop.id, ["pos"])
    url = f"/api/v1/cooperatives/{s.coop.id}/pos/sales"
    before = await figures(s)
    first = {"sales": [_sale(n, s.kopi.sku) for n in (1, 2, 3)]}
    answer = await client.post(url, json=first, headers=headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["recorded"] == 3 and [r["duplicate"] for r in body["results"]] == [False] * 3
    again = (await client.post(url, json=first, headers=headers)).json()
    assert [(r["sale_id"], r["duplicate"]) for r in again["results"]] == [(r["sale_id"], True) for r in body["results"]]
    overlap = (await client.post(url, json={"sales": [_sale(n, s.kopi.sku) for n in (3, 4)]}, headers=headers)).json()
    assert [r["duplicate"] for r in overlap["results"]] == [True, False]
    assert await count("retail_sale") == 4
    assert diff(before, await figures(s)) == {
        "kas": 4 * 30_500,
        "penjualan_non_anggota": 4 * 30_500,
        "hpp_non_anggota": 4 * 21_000,
        "persediaan": -4 * 21_000,
        "stock_kopi": -4,
    }


async def test_a_line_that_cannot_be_recorded_is_answered_with_its_reason_and_kept_for_the_staff(db, client):
    s = await shop()
    headers = await _token(s.coop.id, ["pos"])
    url = f"/api/v1/cooperatives/{s.coop.id}/pos/sales"
    before = await figures(s)
    batch = {
        "sales": [
            _sale(1, s.kopi.sku, "2"),
            {
                **_sale(2, s.kopi.sku),
                "lines": [{"sku": s.kopi.sku, "quantity": "1"}, {"sku": "TIDAK-ADA", "quantity": "1"}],
            },
            _sale(3, s.gula.sku, "9"),  # 5 kg in stock
        ]
    }
    body = (await client.post(url, json=batch, headers=headers)).json()
    assert [r["status"] for r in body["results"]] == ["recorded", "needs_attention", "needs_attention"]
    assert body["results"][1]["reasons"] == [
        {"line": 2, "sku": "TIDAK-ADA", "code": "unknown_sku", "message": "Baris 2: SKU TIDAK-ADA tidak dikenal"}
    ]
    short = body["results"][2]["reasons"][0]
    assert (short["line"], short["code"]) == (1, "stock_short") and "stok tersedia 5 kg, diminta 9 kg" in short[
        "message"
    ]
    assert diff(before, await figures(s)) == {
        "kas": 61_000,
        "penjualan_non_anggota": 61_000,
        "hpp_non_anggota": 42_000,
        "persediaan": -42_000,
        "stock_kopi": -2,
    }
    # sent again: the same answers, nothing kept twice
    again = (await client.post(url, json=batch, headers=headers)).json()
    assert [r["problem_id"] for r in again["results"][1:]] == [r["problem_id"] for r in body["results"][1:]]
    listed = (await client.get(f"/api/v1/cooperatives/{s.coop.id}/pos/problems", headers=headers)).json()
    assert sorted(p["client_id"] for p in listed) == ["pos-00002", "pos-00003"]
    # the staff count 5 more kilos in and record the kept sale; the POS's resend now reads "recorded"
    await catalog.adjust_stock(s.gula.id, 5, reason="stok ditemukan", booking="selisih")
    resolved = await retail.resolve_problem(s.coop.id, body["results"][2]["problem_id"], "retry", actor=s.cashier)
    assert resolved.status == "recorded" and resolved.sale_id
    third = (await client.post(url, json={"sales": [batch["sales"][2]]}, headers=headers)).json()["results"][0]
    assert (third["status"], third["sale_id"], third["total"]) == ("recorded", resolved.sale_id, 108_000)


async def test_an_offline_pos_sends_500_sales_with_duplicates_after_reconnecting_and_each_is_recorded_once(db, client):
    s = await shop()
    await catalog.adjust_stock(s.kopi.id, 480, reason="stok opname", booking="selisih")  # 500 in stock
    headers = await _token(s.coop.id, ["pos"])
    url = f"/api/v1/cooperatives/{s.coop.id}/pos/sales"
    yesterday = datetime.now(UTC) - timedelta(days=1, hours=2)
    sales = [_sale(n, s.kopi.sku, when=yesterday) for n in range(500)]
    # the POS retries in chunks of 200 that overlap (a timeout after the first answer was lost)
    for start in (0, 150, 300, 300, 450):
        answer = await client.post(url, json={"sales": sales[start : start + 200]}, headers=headers)
        assert answer.status_code == 200
    assert await count("retail_sale") == 500
    assert (await catalog.stock_of(s.kopi.id)).stock == 0
    zone = await market.zone_of(s.coop.id)
    first, last = (yesterday.astimezone(zone).date(), (yesterday + timedelta(minutes=499)).astimezone(zone).date())
    report = await retail.report(s.coop.id, first, last, actor=s.cashier)  # each booked on its own day
    assert (report.sales_count, report.net_sales, report.hpp) == (500, 500 * 30_500, 500 * 21_000)
    more = (await client.post(url, json={"sales": [_sale(500, s.kopi.sku)]}, headers=headers)).json()
    assert more["results"][0]["status"] == "needs_attention"  # the 501st: none left, kept, not dropped


async def test_the_catalog_since_a_cursor_lists_only_goods_changed_after_it(db, client):
    s = await shop()
    headers = await _token(s.coop.id, ["pos"])
    url = f"/api/v1/cooperatives/{s.coop.id}/pos/catalog"
    full = (await client.get(url, headers=headers)).json()
    assert {i["sku"]: (i["available"], i["decimals"]) for i in full["items"]} == {
        s.kopi.sku: (20, 0),
        s.gula.sku: (5, 3),
    }
    cursor = full["next"]
    assert (await client.get(url, params={"since": cursor}, headers=headers)).json()["items"] == []
    await catalog.adjust_stock(s.gula.id, -1, reason="rusak", booking="selisih")
    changed = (await client.get(url, params={"since": cursor}, headers=headers)).json()
    assert [(i["sku"], i["available"]) for i in changed["items"]] == [(s.gula.sku, 4)]
    bad = await client.get(url, params={"since": "kemarin"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["code"] == "retail.invalid_sale"


async def test_a_token_without_the_pos_scope_is_refused_and_changes_nothing(db, client):
    s = await shop()
    headers = await _token(s.coop.id, ["catalog:read", "accounting:read"])
    url = f"/api/v1/cooperatives/{s.coop.id}/pos"
    sent = await client.post(f"{url}/sales", json={"sales": [_sale(1, s.kopi.sku)]}, headers=headers)
    assert sent.status_code == 403 and sent.json()["code"] == "market.scope_missing"
    assert (await client.get(f"{url}/catalog", headers=headers)).status_code == 403
    assert await count("retail_sale") == 0
    other = await shop()  # another cooperative's pos token cannot write into this one
    foreign = await _token(other.coop.id, ["pos"])
    assert (await client.post(f"{url}/sales", json={"sales": [_sale(1, s.kopi.sku)]}, headers=foreign)).status_code in (
        403,
        404,
    )
    assert await count("retail_sale") == 0


async def test_a_client_id_twice_in_one_batch_and_a_short_line_among_whole_units_are_answered_in_order(db, client):
    s = await shop()
    headers = await _token(s.coop.id, ["pos"])
    url = f"/api/v1/cooperatives/{s.coop.id}/pos/sales"
    before = await figures(s)
    two_lines = {
        **_sale(2, s.kopi.sku),
        "lines": [{"sku": s.kopi.sku, "quantity": "15"}, {"sku": s.kopi.sku, "quantity": "6"}],
    }
    batch = {"sales": [_sale(1, s.kopi.sku, "3"), _sale(1, s.kopi.sku, "3"), two_lines, _sale(3, s.kopi.sku, "17")]}
    body = (await client.post(url, json=batch, headers=headers)).json()
    results = body["results"]
    assert [(r["status"], r["duplicate"]) for r in results] == [
        ("recorded", False),
        ("recorded", True),  # the same client id later in the same batch: the first answer again
        ("needs_attention", False),  # 15 + 6 of one product in one sale, 17 left: refused whole
        ("recorded", False),
    ]
    assert results[1]["sale_id"] == results[0]["sale_id"]
    short = results[2]["reasons"][0]
    assert (short["line"], short["code"]) == (1, "stock_short") and "stok tersedia 17 pcs, diminta 21 pcs" in short[
        "message"
    ]
    assert (
        await count("retail_sale") == 2
        and await count("catalog_stock_movement", "WHERE reference LIKE 'counter:%'") == 2
    )
    assert diff(before, await figures(s)) == {
        "kas": 20 * 30_500 - 17 * 2_500,  # 17 pcs reach the tier: 28,000 each
        "penjualan_non_anggota": 20 * 30_500 - 17 * 2_500,
        "hpp_non_anggota": 20 * 21_000,
        "persediaan": -20 * 21_000,
        "stock_kopi": -20,
    }


async def test_the_monthly_report_takes_the_sales_of_the_cooperatives_own_month(db, client):
    s = await shop()
    headers = await _token(s.coop.id, ["pos"])
    wib = timezone(timedelta(hours=7))
    sales = [
        _sale(1, s.kopi.sku, "2", when=datetime(2026, 1, 5, 9, 0, tzinfo=wib)),
        _sale(2, s.kopi.sku, "1", when=datetime(2026, 1, 31, 23, 0, tzinfo=wib)),  # 16:00 UTC: still January
        _sale(3, s.kopi.sku, "1", when=datetime(2026, 2, 1, 0, 30, tzinfo=wib)),  # January 31st in UTC
        _sale(4, s.kopi.sku, "3", when=datetime(2025, 12, 31, 23, 0, tzinfo=wib)),
    ]
    answer = await client.post(f"/api/v1/cooperatives/{s.coop.id}/pos/sales", json={"sales": sales}, headers=headers)
    assert answer.json()["recorded"] == 4
    january = (await retail.report_view(s.coop.id, month_text="2026-01", actor=s.cashier)).report
    assert (january.start, january.end) == (date(2026, 1, 1), date(2026, 1, 31))
    assert (january.sales_count, january.gross_sales, january.hpp) == (2, 3 * 30_500, 3 * 21_000)
    february = (await retail.report_view(s.coop.id, month_text="2026-02", actor=s.cashier)).report
    assert (february.sales_count, february.gross_sales) == (1, 30_500)
    await signed_in(client, "manager", s.coop.id)
    csv = await client.get(f"/koperasi/{s.coop.id}/toko/laporan.csv", params={"bulan": "2026-01"})
    assert csv.status_code == 200 and "2026-01-01-2026-01-31" in csv.headers["content-disposition"]
    assert "ringkasan,periode,2026-01-01 s.d. 2026-01-31,2,91500,63000,28500" in csv.text
    assert [line.split(",")[1] for line in csv.text.splitlines() if line.startswith("hari,")] == [
        "2026-01-05",
        "2026-01-31",
    ]


async def test_openapi_documents_the_pos_api_with_examples_and_its_scope(client):
    spec = (await client.get("/openapi.json")).json()
    sales = spec["paths"]["/api/v1/cooperatives/{coop_id}/pos/sales"]["post"]
    assert sales["security"] and "pos" in sales["description"]
    assert {"200", "403", "422"} <= set(sales["responses"])
    schemas = spec["components"]["schemas"]
    batch = schemas[sales["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
    example = batch["examples"][0]["sales"][0]
    assert {"client_id", "sold_at", "lines"} <= set(example) and example["lines"][0]["sku"]
    catalog_page = schemas["CatalogPageOut"]
    assert catalog_page["examples"][0]["items"][0]["sku"] and "barcode" in schemas["CatalogItemOut"]["properties"]
