"""Bad input changes nothing; price list sync; markups and the platform fee; history and CSV."""

from __future__ import annotations

import asyncio

from market.models import JournalEntry, Role
from ppob import service
from ppob.biller import callback_signature
from ppob.models import Product, Transaction
from ppob.service import quote
from tests.builders import make_coop, make_member, make_user, token_for
from tests.ppob.conftest import fund_wallet, link
from tests.ppob.test_transactions import buy, wallet


async def _nothing_changed(world, entries_before: int) -> None:
    assert await Transaction.all().count() == 0
    assert await JournalEntry.all().count() == entries_before
    assert world["sandbox"].purchases == []
    assert await wallet(world["coop"].id, world["members"][0].id) == 1_000_000


async def test_bad_input_gets_a_clear_error_and_changes_nothing(http, world):
    coop = world["coop"]
    entries = await JournalEntry.all().count()
    cases = [
        ({"sku": "tsel10", "number": "0812345"}, 422, "ppob.invalid_customer_number"),  # too short
        ({"sku": "tsel10", "number": "08123abc4567"}, 422, "ppob.invalid_customer_number"),
        ({"sku": "tsel10", "number": "087812345621"}, 422, "ppob.invalid_customer_number"),  # an XL number
        ({"sku": "pln20", "number": "1423456"}, 422, "ppob.invalid_customer_number"),  # not a meter number
        ({"sku": "tidakada", "number": "081234567821"}, 409, "ppob.product_unavailable"),
        ({"sku": "tsel10", "number": "081234567821", "price": 100}, 409, "ppob.price_changed"),  # tampered
    ]
    for n, (args, status, code) in enumerate(cases):
        r = await buy(http, world, args["sku"], args["number"], price=args.get("price", 11_825), key=f"salah-{n:04d}")
        assert r.status_code == status and r.json()["code"] == code, (args, r.text)
    # a float or string price is refused by the schema
    r = await http.post(
        f"/api/v1/cooperatives/{coop.id}/ppob/purchases",
        json={"sku": "tsel10", "customer_no": "081234567821", "price": "11825"},
        headers=world["member_headers"][0],
    )
    assert r.status_code == 422
    # the wrong operator's number says which operator it is
    r = await buy(http, world, "tsel10", "087812345621", key="operator-1")
    assert "Xl" in r.json()["detail"] or "XL" in r.json()["detail"].upper()
    await _nothing_changed(world, entries)


async def test_a_product_the_biller_disabled_cannot_be_bought(http, world):
    sandbox = world["sandbox"]
    entries = await JournalEntry.all().count()
    sandbox.set_product("tsel10", active=False)
    report = await service.sync_price_list(link())
    assert report.deactivated == ["tsel10"]
    r = await buy(http, world, "tsel10", "081234567821", price=11_825)
    assert r.status_code == 409 and r.json()["code"] == "ppob.product_unavailable"
    products = await http.get(
        f"/api/v1/cooperatives/{world['coop'].id}/ppob/products", headers=world["member_headers"][0]
    )
    assert "tsel10" not in {p["sku"] for p in products.json()}
    await _nothing_changed(world, entries)


async def test_an_insufficient_wallet_is_refused_and_nothing_is_held(http, world):
    coop = world["coop"]
    poor = await make_member(coop.id)
    await fund_wallet(coop.id, poor.id, 10_000)
    headers = await token_for(await make_user(Role.MEMBER, coop.id, poor.id))
    entries = await JournalEntry.all().count()
    r = await buy(http, world, "tsel10", "081234567821", headers=headers)
    assert r.status_code == 409 and r.json()["code"] == "ppob.wallet_insufficient"
    assert await wallet(coop.id, poor.id) == 10_000
    await _nothing_changed(world, entries)


async def test_a_forged_or_unsigned_callback_is_refused_before_it_is_read(http, world):
    txn = (await buy(http, world, "xld10", "087812345611")).json()
    assert txn["state"] == "pending"
    body = (
        '{{"data": {{"ref_id": "{}", "customer_no": "087812345611", "buyer_sku_code": "xld10", '
        '"status": "Gagal", "rc": "02", "message": "x"}}}}'.format(txn["ref_id"])
    ).encode()
    for headers in ({"X-Hub-Signature": callback_signature("tebakan", body)}, {}):
        r = await http.post("/api/v1/ppob/biller/callback", content=body, headers=headers)
        assert r.status_code == 401 and r.json()["code"] == "ppob.callback_unverified"
    garbage = b"not json at all"
    r = await http.post(
        "/api/v1/ppob/biller/callback",
        content=garbage,
        headers={"X-Hub-Signature": callback_signature("tebakan", garbage)},
    )
    assert r.status_code == 401
    assert (await Transaction.get(id=txn["id"])).state == "pending"
    assert not await JournalEntry.exists(reference=f"wallet:ppob:{txn['id']}:refund")


async def test_price_list_sync_reports_new_changed_disabled_and_returning_products(world):
    sandbox = world["sandbox"]
    # given
    sandbox.set_product("isat10", price=11_000)
    sandbox.set_product("dana20", active=False)
    sandbox.remove_product("smart5")
    new = dict(sandbox.prepaid["tsel5"], buyer_sku_code="tsel150", product_name="Telkomsel 150.000", price=147_900)
    sandbox.add_product(new)
    # when
    report = await service.sync_price_list(link())
    # then
    assert report.added == ["tsel150"]
    assert report.updated == [{"sku": "isat10", "old": 10_850, "new": 11_000}]
    assert sorted(report.deactivated) == ["dana20", "smart5"]
    assert (await Product.get(sku="isat10")).base_price == 11_000
    assert not (await Product.get(sku="smart5")).active
    sandbox.set_product("dana20", active=True)
    again = await service.sync_price_list(link())
    assert again.reactivated == ["dana20"] and again.added == [] and again.updated == []


async def test_markup_by_brand_beats_category_beats_default_and_never_undercuts_the_fee(world):
    coop = world["coop"]
    await service.set_markup(coop.id, "brand", "TELKOMSEL", 2_000, 100)  # Rp 2.000 + 1 %
    tsel = await quote(link(), coop.id, "Pulsa", "TELKOMSEL", 10_325)
    assert (tsel.markup, tsel.sell) == (2_000 + 103, 12_428)
    assert (await quote(link(), coop.id, "PLN", "PLN", 20_150)).sell == 22_650  # category PLN: Rp 2.500
    assert (await quote(link(), coop.id, "Pulsa", "XL", 10_100)).sell == 11_600  # default Rp 1.500
    other = await make_coop()
    # a cooperative without markups still covers the platform fee: margin 0, never negative
    bare = await quote(link(), other.id, "Pulsa", "XL", 10_100)
    assert (bare.sell, bare.margin) == (10_600, 0)
    await service.set_platform_fee(300, 100)
    fee = await quote(link(), other.id, "Pulsa", "XL", 10_100)
    assert fee.platform_fee == 300 + 101 and fee.margin == 0


async def test_history_filters_by_state_and_product_and_exports_csv(http, world):
    coop = world["coop"]
    headers = world["member_headers"][0]
    await buy(http, world, "xld10", "087812345621", key="riwayat-01")
    await buy(http, world, "xld10", "087812345601", key="riwayat-02")
    await buy(http, world, "tsel10", "081234567821", key="riwayat-03")
    await buy(http, world, "tsel10", "081234567822", key="riwayat-04", member=1)
    base = f"/api/v1/cooperatives/{coop.id}/ppob/transactions"
    mine = (await http.get(base, headers=headers)).json()
    assert len(mine) == 3  # a member sees only their own, whatever member_id they ask for
    assert len((await http.get(base, params={"member_id": world["members"][1].id}, headers=headers)).json()) == 3
    staff = world["cashier_headers"]
    assert len((await http.get(base, headers=staff)).json()) == 4
    assert [t["rc"] for t in (await http.get(base, params={"state": "failed"}, headers=staff)).json()] == ["02"]
    assert len((await http.get(base, params={"sku": "tsel10"}, headers=staff)).json()) == 2
    csv = await http.get(f"{base}.csv", params={"sku": "xld10"}, headers=staff)
    lines = csv.text.strip().splitlines()
    assert csv.headers["content-type"].startswith("text/csv") and lines[0].startswith("tanggal,ref_id")
    assert len(lines) == 3 and all(",XL 10.000," in line for line in lines[1:])
    # another cooperative's staff see nothing of it
    outsider = await token_for(await make_user(Role.MANAGER, (await make_coop()).id))
    assert (await http.get(base, headers=outsider)).status_code == 404


async def test_two_syncs_at_once_both_answer_and_list_each_product_once(live):
    # given: an empty price list and two syncs started together (the worker's and an operator's click)
    assert await Product.all().count() == 0
    # when
    first, second = await asyncio.gather(service.sync_price_list(link()), service.sync_price_list(link()))
    # then: neither fails with a server error, and every SKU is one row
    skus = [p.sku for p in await Product.all()]
    assert len(skus) == len(set(skus)) > 0
    assert sorted(set(first.added) | set(second.added)) == sorted(skus)
