"""The shop: results page or only its block, filters kept in the URL, typo-tolerant search,
pagination, the product page with tiers and provenance, storefronts, hidden cooperatives."""

import re
from datetime import date
from html import unescape
from urllib.parse import parse_qs, urlsplit

from market import service
from market.models import CoopStatus
from tests.builders import deliver, make_coop, make_product
from tests.web.helpers import HTMX


def names(html: str) -> list[str]:
    return [unescape(n) for n in re.findall(r'<span class="product-name">([^<]*)</span>', html)]


def links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'hx-get="([^"]+)"', html)]


async def _two_provinces():
    bali = await make_coop(name="Koperasi Tani Kintamani", province="Bali")
    ntt = await make_coop(name="Koperasi Tani Bajawa", province="Nusa Tenggara Timur")
    await make_product(bali.id, name="Kopi Arabika Kintamani 250 g", category="kopi-teh", unit="pcs", price_idr=90_000)
    await make_product(
        ntt.id, name="Kopi Arabika Flores Bajawa 250 g", category="kopi-teh", unit="pcs", price_idr=85_000
    )
    await make_product(ntt.id, name="Tenun Ikat Sumba", category="tenun-kerajinan", unit="lembar", price_idr=1_250_000)
    await deliver()
    return bali, ntt


async def test_results_are_a_whole_page_normally_and_only_the_results_block_for_htmx(client):
    # given
    await _two_provinces()
    # when
    full = await client.get("/pasar/cari?q=kopi")
    block = await client.get("/pasar/cari?q=kopi", headers=HTMX)
    # then
    assert full.status_code == block.status_code == 200
    assert full.headers["vary"].startswith("HX-Request") and block.headers["vary"].startswith("HX-Request")
    assert "<html" in full.text and 'id="shop-q"' in full.text and 'id="results"' in full.text
    assert "<html" not in block.text and 'id="shop-q"' not in block.text
    assert block.text.lstrip().startswith('<div id="results"')
    assert (
        sorted(names(block.text))
        == sorted(names(full.text))
        == ["Kopi Arabika Flores Bajawa 250 g", "Kopi Arabika Kintamani 250 g"]
    )


async def test_a_misspelt_query_still_finds_the_product(client):
    await _two_provinces()
    page = await client.get("/pasar/cari", params={"q": "kopi arabica bajwa"})
    assert names(page.text) == ["Kopi Arabika Flores Bajawa 250 g"]


async def test_every_facet_link_keeps_the_other_filters_in_the_url(client):
    # given
    await _two_provinces()
    # when: narrowed by province, then sorted by price
    page = await client.get("/pasar/cari", params={"q": "kopi", "provinsi": "Bali", "urut": "price_asc"}, headers=HTMX)
    # then: only Bali's coffee, and every link keeps q, the province and the sort
    assert names(page.text) == ["Kopi Arabika Kintamani 250 g"]
    category_links = [u for u in links(page.text) if "kategori=" in u]
    assert category_links
    for url in category_links:
        params = parse_qs(urlsplit(url).query)
        assert params["q"] == ["kopi"] and params["provinsi"] == ["Bali"] and params["urut"] == ["price_asc"]
    # and the chip that removes the province keeps the rest
    chip = next(
        u
        for u in links(page.text)
        if "provinsi" not in u and "kategori" not in u and "halal" not in u and "harga" not in u and "koperasi" not in u
    )
    assert parse_qs(urlsplit(chip).query) == {"q": ["kopi"], "urut": ["price_asc"]}
    # and the sort form sends the filters along as hidden fields
    assert '<input type="hidden" name="provinsi" value="Bali">' in page.text
    assert 'hx-push-url:inherited="true"' in page.text


async def test_a_shared_link_with_filters_shows_the_same_results_as_a_whole_page(client):
    await _two_provinces()
    page = await client.get("/pasar/cari?q=kopi&provinsi=Nusa+Tenggara+Timur&kategori=kopi-teh&halal=0")
    assert page.status_code == 200 and "<html" in page.text
    assert names(page.text) == ["Kopi Arabika Flores Bajawa 250 g"]
    assert "aria-current=true" in page.text  # the chosen facet value is marked


async def test_sorting_by_price_orders_the_hits(client):
    await _two_provinces()
    cheap_first = await client.get("/pasar/cari?urut=price_asc")
    dear_first = await client.get("/pasar/cari?urut=price_desc")
    assert names(cheap_first.text) == [
        "Kopi Arabika Flores Bajawa 250 g",
        "Kopi Arabika Kintamani 250 g",
        "Tenun Ikat Sumba",
    ]
    assert names(dear_first.text) == list(reversed(names(cheap_first.text)))


async def test_price_range_filters_and_unreadable_values_are_ignored(client):
    await _two_provinces()
    page = await client.get("/pasar/cari?harga_min=100.000&harga_maks=abc")
    assert names(page.text) == ["Tenun Ikat Sumba"]


async def test_results_are_paginated_and_the_next_page_link_keeps_the_query(client):
    # given 23 matching products
    coop = await make_coop()
    for n in range(23):
        await make_product(coop.id, name=f"Gula Aren Cetak {n:02d}", category="minyak-gula", price_idr=20_000 + n)
    await deliver()
    # when
    first = await client.get("/pasar/cari?q=gula&urut=price_asc")
    second_url = next(u for u in links(first.text) if "hal=2" in u)
    second = await client.get(second_url, headers=HTMX)
    # then
    assert len(names(first.text)) == 20 and "Halaman 1 dari 2" in first.text
    assert parse_qs(urlsplit(second_url).query) == {"q": ["gula"], "urut": ["price_asc"], "hal": ["2"]}
    assert names(second.text) == ["Gula Aren Cetak 20", "Gula Aren Cetak 21", "Gula Aren Cetak 22"]


async def test_the_product_page_shows_tiers_stock_unit_minimum_cooperative_and_provenance(client):
    # given
    origin = await make_coop(name="Koperasi Petani Ngada", province="Nusa Tenggara Timur")
    seller = await make_coop(name="Koperasi Kopi Bajawa", province="Nusa Tenggara Timur")
    product = await make_product(
        seller.id,
        name="Kopi Arabika Flores Bajawa 250 g",
        category="kopi-teh",
        unit="pcs",
        price_idr=85_000,
        min_order_qty=2,
        stock=120,
        tiers=[{"min_qty": 10, "price_idr": 80_000}, {"min_qty": 50, "price_idr": 76_000}],
        origin_regency="Kabupaten Ngada",
        produced_on=date(2025, 8, 15),
        origin_cooperative_id=origin.id,
        halal=True,
    )
    # when
    page = await client.get(f"/pasar/produk/{product.id}")
    text = re.sub(r"\s+", " ", unescape(page.text))
    # then
    assert page.status_code == 200
    assert "Rp 85.000" in text and "Rp 80.000" in text and "Rp 76.000" in text
    assert "2–9 pcs" in text and "mulai 10 pcs" in text and "mulai 50 pcs" in text
    assert "120 pcs tersedia" in text and "Minimum pesanan</dt><dd>2 pcs" in text.replace("</dt> <dd>", "</dt><dd>")
    assert f'href="/pasar/koperasi/{seller.slug}"' in text and "Koperasi Kopi Bajawa" in text
    assert "Kabupaten Ngada" in text and "15 Agu 2025" in text and "Koperasi Petani Ngada" in text
    assert "Halal" in text


async def test_a_suspended_cooperative_has_no_product_pages_no_storefront_and_no_results(client):
    # given
    coop = await make_coop(name="Koperasi Ditangguhkan")
    product = await make_product(coop.id, name="Madu Hutan Sumbawa 500 ml", category="olahan-umkm")
    await deliver()
    await service.set_status(coop.id, CoopStatus.SUSPENDED)
    await deliver()
    # when / then
    assert (await client.get(f"/pasar/produk/{product.id}")).status_code == 404
    assert (await client.get(f"/pasar/koperasi/{coop.slug}")).status_code == 404
    assert names((await client.get("/pasar/cari?q=madu")).text) == []


async def test_a_storefront_searches_only_its_own_products_and_keeps_its_address_in_links(client):
    # given
    bali, ntt = await _two_provinces()
    # when
    store = await client.get(f"/pasar/koperasi/{ntt.slug}?q=kopi")
    block = await client.get(f"/pasar/koperasi/{ntt.slug}?q=tenun", headers=HTMX)
    # then
    assert "Koperasi Tani Bajawa" in store.text
    assert names(store.text) == ["Kopi Arabika Flores Bajawa 250 g"]
    assert names(block.text) == ["Tenun Ikat Sumba"] and "<html" not in block.text
    assert all(u.startswith(f"/pasar/koperasi/{ntt.slug}") and "koperasi=" not in u for u in links(block.text))


async def test_suggestions_are_a_block_for_htmx_and_a_plain_get_goes_to_the_results(client):
    # given
    await _two_provinces()
    # when
    block = await client.get("/pasar/saran?q=tenu", headers=HTMX)
    plain = await client.get("/pasar/saran?q=tenu")
    # then
    assert block.text.lstrip().startswith('<div id="suggestions"') and "Tenun Ikat Sumba" in block.text
    assert "Kopi" not in block.text
    assert plain.status_code == 303 and plain.headers["location"] == "/pasar/cari?q=tenu"


async def test_the_shop_home_lists_the_categories_with_counts_and_the_newest_products(client):
    await _two_provinces()
    page = await client.get("/pasar")
    text = re.sub(r"\s+", " ", unescape(page.text))
    assert page.status_code == 200
    assert 'href="/pasar/cari?kategori=kopi-teh"' in page.text
    assert 'Kopi & teh</span> <span class="muted small">2 produk' in text
    assert names(page.text)[0] == "Tenun Ikat Sumba"  # newest first
    assert 'href="/pasar"' in page.text  # the nav link to the shop


async def test_the_results_page_has_a_main_heading(client):
    await _two_provinces()
    assert re.search(r"<h1[^>]*>Cari “kopi”</h1>", (await client.get("/pasar/cari?q=kopi")).text)
    assert re.search(r"<h1[^>]*>Semua produk</h1>", (await client.get("/pasar/cari")).text)


async def test_the_pager_fetches_only_the_hits_and_the_new_page_takes_the_focus(client):
    # given 23 matching products, more than a page
    coop = await make_coop()
    for n in range(23):
        await make_product(coop.id, name=f"Gula Aren Cetak {n:02d}", category="minyak-gula", price_idr=20_000 + n)
    await deliver()
    first = await client.get("/pasar/cari?q=gula&urut=price_asc", headers=HTMX)
    pager = re.search(r'<a href="([^"]+hal=2)" hx-get="[^"]+" hx-target="#hits" hx-swap="([^"]+)"', first.text)
    assert pager and "show:#hits:top" in pager.group(2)
    # when: the pager asks for page 2 (htmx names its target)
    second = await client.get(unescape(pager.group(1)), headers={**HTMX, "HX-Target": "section#hits"})
    # then: only the hits section comes back, its heading focused; the facets stay as they are
    assert second.text.lstrip().startswith('<section id="hits"') and 'class="facets"' not in second.text
    assert re.search(r'<h2 id="results-count"[^>]*tabindex="-1" autofocus', second.text)
    assert names(second.text) == ["Gula Aren Cetak 20", "Gula Aren Cetak 21", "Gula Aren Cetak 22"]
    assert len(second.text) < len(first.text) / 2
    assert "autofocus" not in first.text  # a facet's or a whole page's heading does not grab the focus


async def test_a_query_that_finds_nothing_offers_what_was_meant_and_categories(client):
    await _two_provinces()
    page = await client.get("/pasar/cari", params={"q": "kopiii arabika"})
    text = unescape(page.text)
    assert names(page.text) == [] and "Tidak ada produk yang cocok." in text
    assert re.search(r'Maksud Anda:\s*<a href="/pasar/cari\?q=kopi\+arabika">kopi arabika</a>', text)
    assert '<a class="chip" href="/pasar/cari?kategori=kopi-teh">Kopi & teh</a>' in text
    followed = await client.get("/pasar/cari?q=kopi+arabika")
    assert len(names(followed.text)) == 2


async def test_suggestions_are_a_listbox_of_options_the_search_box_controls(client):
    await _two_provinces()
    home = await client.get("/pasar")
    assert re.search(
        r'<input id="shop-q"[^>]*role="combobox" aria-expanded="false" aria-controls="suggestions"', home.text
    )
    assert re.search(r'<script src="/static/search\.[0-9a-f]+\.js" defer></script>', home.text)
    block = await client.get("/pasar/saran?q=kopi", headers=HTMX)
    assert 'role="listbox"' in block.text
    ids = re.findall(r'<li role="option" id="([^"]+)" aria-selected="false"', block.text)
    assert ids == ["suggestion-1", "suggestion-2", "suggestion-all"]
