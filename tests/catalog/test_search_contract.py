"""The search contract every engine keeps (SQLite FTS5, PostgreSQL, Meilisearch when MEILI_URL)."""

from __future__ import annotations

import pytest

from catalog import service
from market import service as market
from market.models import CoopStatus
from tests.builders import deliver, make_coop, make_product, make_user
from tests.catalog.conftest import current_engine

pytestmark = pytest.mark.usefixtures("search_engine")


@pytest.fixture
async def shop(db):
    """Two active cooperatives in two provinces, one pending, a dozen products."""
    flores = await make_coop(name="Koperasi Produsen Bajawa", province="Nusa Tenggara Timur", regency="Kabupaten Ngada")
    java = await make_coop(name="Koperasi Tani Ngawi", province="Jawa Timur", regency="Kabupaten Ngawi")
    pending = await make_coop(status=CoopStatus.PENDING, name="Koperasi Nelayan Merauke", province="Papua Selatan")
    p = {}
    p["arabika"] = await make_product(
        flores.id,
        name="Kopi Arabika Flores Bajawa 250 g",
        category="kopi-teh",
        unit="pcs",
        price_idr=85_000,
        halal=True,
    )
    p["robusta"] = await make_product(
        flores.id, name="Kopi Robusta Manggarai 1 kg", category="kopi-teh", unit="kg", price_idr=120_000
    )
    p["tenun"] = await make_product(
        flores.id,
        name="Tenun Ikat Sumba",
        category="tenun-kerajinan",
        unit="lembar",
        price_idr=1_500_000,
        description="Kerajinan tangan pewarna alami",
    )
    p["minyak"] = await make_product(
        java.id, name="Minyak Goreng 2 L", category="minyak-gula", unit="botol", price_idr=38_000, halal=True
    )
    p["beras"] = await make_product(
        java.id,
        name="Beras Pandan Wangi 5 kg",
        category="beras-biji-bijian",
        unit="karung",
        price_idr=75_000,
        halal=True,
    )
    p["gula"] = await make_product(
        java.id, name="Gula Aren Organik 500 gram", category="minyak-gula", unit="pcs", price_idr=22_000, halal=True
    )
    p["soldout"] = await make_product(
        java.id, name="Kopi Luwak Jawa 100 g", category="kopi-teh", unit="pcs", price_idr=250_000, stock=0
    )
    p["merauke"] = await make_product(
        pending.id, name="Ikan Kakap Merah Beku", category="ikan", unit="kg", price_idr=95_000
    )
    await deliver()
    return {"flores": flores, "java": java, "pending": pending, "p": p}


async def names(**query) -> list[str]:
    return [h.name for h in (await service.search_products(current_engine(), query)).hits]


# Typos, prefixes, case and accents --------------------------------------------------------------


async def test_one_typo_is_forgiven_from_four_letters_on(shop):
    assert await names(q="kopi arabica") == ["Kopi Arabika Flores Bajawa 250 g"]
    assert await names(q="minyk goreng") == ["Minyak Goreng 2 L"]
    assert await names(q="bears pandan") == ["Beras Pandan Wangi 5 kg"]  # swapped neighbours
    both = ["Kopi Arabika Flores Bajawa 250 g", "Kopi Robusta Manggarai 1 kg"]
    assert sorted(await names(q="kpoi")) == sorted(await names(q="kopu")) == both  # 4 letters, one typo


async def test_a_letter_left_out_of_a_four_letter_word_is_forgiven(shop):
    """ "mdu" is "madu" less a letter: the longer of the two words counts. A 3-letter word is never
    changed into another 3-letter word, and a number is not rounded to its neighbour."""
    await make_product(shop["java"].id, name="Madu Hutan Sumbawa 500 ml", category="olahan-umkm", unit="botol")
    await deliver()
    assert await names(q="mdu") == ["Madu Hutan Sumbawa 500 ml"]
    assert await names(q="mdu hutan") == ["Madu Hutan Sumbawa 500 ml"]
    assert await names(q="kopi 251") == []
    assert await names(q="minyak gorneg 3") == []  # "3" is a prefix of nothing here


async def test_one_misspelt_word_of_several_still_finds(shop):
    await make_product(shop["java"].id, name="Madu Hutan Sumbawa 500 ml", category="olahan-umkm", unit="botol")
    await deliver()
    assert await names(q="madu hutn") == ["Madu Hutan Sumbawa 500 ml"]  # the last word, misspelt
    assert await names(q="madu hutn sumbawa") == ["Madu Hutan Sumbawa 500 ml"]
    assert await names(q="kopi arabica bajwa") == ["Kopi Arabika Flores Bajawa 250 g"]


async def test_two_typos_need_a_word_of_eight_or_more_letters(shop):
    await make_product(shop["java"].id, name="Keripik Singkong Balado", category="olahan-umkm", unit="pcs")
    await deliver()
    assert await names(q="kerejinam") == ["Tenun Ikat Sumba"]  # 9 letters, 2 typos
    assert await names(q="sengkonh") == ["Keripik Singkong Balado"]  # 8 letters, 2 typos
    assert await names(q="manyik goreng") == []  # 6 letters, 2 typos
    assert await names(q="orhanek") == []  # 7 letters ("organik"), 2 typos


async def test_case_and_accents_do_not_matter(shop):
    assert await names(q="KÓPI ÁRABIKA") == ["Kopi Arabika Flores Bajawa 250 g"]


async def test_the_last_word_matches_as_a_prefix_while_typing(shop):
    assert await names(q="kopi ara") == ["Kopi Arabika Flores Bajawa 250 g"]
    assert await names(q="ara kopi") == []  # only the last word is a prefix
    assert await names(q="rob") == ["Kopi Robusta Manggarai 1 kg"]
    assert await names(q="kopi manggarai 1") == ["Kopi Robusta Manggarai 1 kg"]


async def test_all_words_must_match(shop):
    assert await names(q="kopi goreng") == []


# No dead end ------------------------------------------------------------------------------------


async def test_a_query_that_finds_nothing_offers_nearer_queries_and_the_nearest_categories(shop):
    engine = current_engine()
    far = await service.search_products(engine, {"q": "kopiii arabika"})  # 2 typos in 6 letters: too far
    assert far.total == 0 and far.did_you_mean[0] == "kopi arabika"
    assert [c.value for c in far.nearest_categories] == ["kopi-teh"]
    apart = await service.search_products(engine, {"q": "kopi goreng"})  # each word finds, not both
    assert apart.total == 0 and set(apart.did_you_mean) == {"kopi", "goreng"}
    assert {c.value for c in apart.nearest_categories} == {"kopi-teh", "minyak-gula"}
    for offer in far.did_you_mean + apart.did_you_mean:  # every offer leads somewhere
        assert (await service.search_products(engine, {"q": offer})).total > 0


async def test_nothing_near_at_all_still_offers_the_biggest_categories(shop):
    result = await service.search_products(current_engine(), {"q": "xqzvw"})
    assert result.total == 0 and result.did_you_mean == []
    biggest = [c.value for c in result.nearest_categories]
    assert len(biggest) == 3 and set(biggest[:2]) == {"minyak-gula", "kopi-teh"}  # 2 products each
    found = await service.search_products(current_engine(), {"q": "kopi"})
    assert found.did_you_mean == [] and found.nearest_categories == []


# Filters and facets ---------------------------------------------------------------------------


async def test_facets_count_the_matching_products(shop):
    result = await service.search_products(current_engine(), {"q": "kopi"})
    facets = {name: {v.value: v.count for v in values} for name, values in result.facets.items()}
    assert result.total == 2
    assert facets["category"] == {"kopi-teh": 2}
    assert facets["province"] == {"Nusa Tenggara Timur": 2}
    assert facets["halal"] == {"true": 1, "false": 1}
    assert facets["price"] == {"50000-100000": 1, "100000-250000": 1}
    coop = result.facets["cooperative"][0]
    assert (coop.value, coop.label, coop.count) == (str(shop["flores"].id), "Koperasi Produsen Bajawa", 2)


async def test_facets_of_everything_visible(shop):
    result = await service.search_products(current_engine(), {})
    facets = {name: {v.value: v.count for v in values} for name, values in result.facets.items()}
    assert result.total == 6
    assert facets["province"] == {"Nusa Tenggara Timur": 3, "Jawa Timur": 3}
    assert facets["category"]["minyak-gula"] == 2


async def test_filters_narrow_the_results(shop):
    assert set(await names(province="Jawa Timur")) == {
        "Minyak Goreng 2 L",
        "Beras Pandan Wangi 5 kg",
        "Gula Aren Organik 500 gram",
    }
    assert await names(category="minyak-gula", price_max=30_000) == ["Gula Aren Organik 500 gram"]
    assert set(await names(halal=True, cooperative_id=shop["flores"].id)) == {"Kopi Arabika Flores Bajawa 250 g"}
    assert await names(q="kopi", price_min=100_000) == ["Kopi Robusta Manggarai 1 kg"]
    result = await service.search_products(current_engine(), {"province": "Jawa Timur", "category": "minyak-gula"})
    assert result.total == 2
    assert {v.value: v.count for v in result.facets["province"]} == {"Jawa Timur": 2}


# Sort and pages -------------------------------------------------------------------------------


async def test_sort_by_price_and_newest(shop):
    prices = [h.price_idr for h in (await service.search_products(current_engine(), {"sort": "price_asc"})).hits]
    assert prices == sorted(prices) and len(prices) == 6
    prices = [h.price_idr for h in (await service.search_products(current_engine(), {"sort": "price_desc"})).hits]
    assert prices == sorted(prices, reverse=True)
    newest = [h.product_id for h in (await service.search_products(current_engine(), {"sort": "newest"})).hits]
    assert newest == sorted(newest, reverse=True)


async def test_relevance_ranks_a_name_match_above_a_description_match(shop):
    await make_product(
        shop["java"].id,
        name="Keranjang Bambu",
        category="tenun-kerajinan",
        unit="pcs",
        description="Anyaman untuk wadah kopi",
    )
    await deliver()
    hits = await names(q="kopi", sort="relevance")
    assert hits[-1] == "Keranjang Bambu" and len(hits) == 3


async def test_a_word_in_the_product_itself_ranks_above_one_only_in_its_sellers_name(shop):
    """ "kopi" in a seller's name ("Koperasi Produsen Kopi …") still finds its products, but after
    every product with "kopi" in its own name or description."""
    seller = await make_coop(
        name="Koperasi Produsen Kopi Arabika Kintamani", province="Bali", regency="Kabupaten Bangli"
    )
    for name in ("Gula Semut Kintamani 250 g", "Jeruk Kintamani", "Madu Lebah Kintamani Organik Asli 1 kg"):
        await make_product(seller.id, name=name, category="olahan-umkm", unit="pcs")
    await make_product(
        shop["java"].id, name="Keranjang Bambu", category="tenun-kerajinan", unit="pcs", description="Wadah kopi"
    )
    await deliver()
    for q in ("kopi", "kopi arabika", "kop"):
        hits = await names(q=q, sort="relevance")
        own = [h for h in hits if h.startswith(("Kopi", "Keranjang"))]
        assert hits[: len(own)] == own and len(hits) - len(own) == 3, (q, hits)
    assert len(await names(q="kintamani")) == 3  # the seller's words still find its products


async def test_pages_split_the_results_without_overlap(shop):
    first = await service.search_products(current_engine(), {"sort": "price_asc", "per_page": 4, "page": 1})
    second = await service.search_products(current_engine(), {"sort": "price_asc", "per_page": 4, "page": 2})
    assert (first.total, second.total) == (6, 6)
    assert len(first.hits) == 4 and len(second.hits) == 2
    assert not {h.product_id for h in first.hits} & {h.product_id for h in second.hits}


# Hidden products ------------------------------------------------------------------------------


async def test_sold_out_and_inactive_cooperatives_are_hidden_unless_asked(shop):
    assert await names(q="luwak") == []
    assert await names(q="kakap") == []
    operator = await make_user("operator")
    actor = await market.actor_by_id(operator.id)
    everything = await service.search_products(current_engine(), {"include_hidden": True}, viewer=actor)
    assert everything.total == 8
    anonymous = await service.search_products(current_engine(), {"include_hidden": True})
    assert anonymous.total == 6


async def test_suspending_a_cooperative_hides_its_products_and_reinstating_shows_them(shop):
    await market.set_status(shop["java"].id, CoopStatus.SUSPENDED)
    await deliver()
    assert await names(q="minyak goreng") == []
    assert (await service.search_products(current_engine(), {})).total == 3
    await market.set_status(shop["java"].id, CoopStatus.ACTIVE)
    await deliver()
    assert await names(q="minyak goreng") == ["Minyak Goreng 2 L"]


# The index follows the database ---------------------------------------------------------------


async def test_edits_restocks_and_removals_reach_the_index_through_the_outbox(shop):
    p = shop["p"]
    await service.update_product(p["gula"].id, {"name": "Gula Semut Kelapa 500 gram"})
    await service.adjust_stock(p["soldout"].id, 5, reason="panen baru", booking="utang_usaha")
    await service.remove_product(p["minyak"].id)
    assert await names(q="gula semut") == []  # not yet delivered
    await deliver()
    assert await names(q="gula semut") == ["Gula Semut Kelapa 500 gram"]
    assert await names(q="gula aren") == []
    assert await names(q="luwak") == ["Kopi Luwak Jawa 100 g"]
    assert await names(q="goreng") == []


async def test_a_reservation_that_empties_the_stock_hides_the_product(shop):
    await service.reserve(shop["p"]["beras"].id, 10, reference="order:1:line:1")
    await deliver()
    assert await names(q="beras") == []
    await service.release("order:1:line:1")
    await deliver()
    assert await names(q="beras") == ["Beras Pandan Wangi 5 kg"]


async def test_rebuilding_the_index_gives_the_same_answers(shop):
    before = await service.search_products(current_engine(), {"q": "kopi"})
    indexed = await service.rebuild_index(current_engine())
    after = await service.search_products(current_engine(), {"q": "kopi"})
    assert indexed == 8
    assert [h.product_id for h in after.hits] == [h.product_id for h in before.hits]
    assert await names(q="minyk goreng") == ["Minyak Goreng 2 L"]


# The result cache of the in-database engines ------------------------------------------------------


async def test_a_cached_result_is_never_served_after_the_index_changes(shop, search_engine):
    """The same query twice is answered from the cache; a rename, a sale that sells out, a removal
    and a suspended cooperative each change the next answer at once."""
    if search_engine.name not in ("sqlite", "postgres"):
        pytest.skip("the result cache belongs to the in-database engines")
    first = await service.search_products(current_engine(), {"q": "minyak goreng"})
    assert [h.name for h in first.hits] == ["Minyak Goreng 2 L"]
    assert await service.search_products(current_engine(), {"q": "minyak goreng"}) == first  # served from the cache
    assert len(search_engine._cache) >= 1

    p = shop["p"]
    await service.update_product(p["minyak"].id, {"name": "Minyak Kelapa 1 L"})
    await deliver()
    assert await names(q="minyak goreng") == []
    assert await names(q="minyak kelapa") == ["Minyak Kelapa 1 L"]

    await service.adjust_stock(p["minyak"].id, -10, reason="habis terjual", booking="selisih")
    await deliver()
    assert await names(q="minyak kelapa") == []

    assert "Kopi Arabika Flores Bajawa 250 g" in await names(q="kopi")
    await market.set_status(shop["flores"].id, CoopStatus.SUSPENDED)
    await deliver()
    assert "Kopi Arabika Flores Bajawa 250 g" not in await names(q="kopi")


async def test_facet_counts_are_counted_once_per_match_set_and_index_generation(shop, search_engine):
    """With the result cache off, another sort or page of the same text and filters reads only its
    page and reuses the counts: a document changed behind the index's back (no new generation)
    shows in the page at once, not in the counts. A change through the index counts again."""
    if search_engine.name not in ("sqlite", "postgres"):
        pytest.skip("the match cache belongs to the in-database engines")
    from market import db

    search_engine.cache_size = 0
    first = await service.search_products(current_engine(), {"q": "kopi"})
    assert first.total == 2 and len(search_engine._matches) == 1
    robusta = shop["p"]["robusta"].id
    await db.execute("UPDATE catalog_search_doc SET in_stock = ? WHERE product_id = ?", False, robusta)
    cheap = await service.search_products(current_engine(), {"q": "kopi", "sort": "price_asc", "page": 1})
    assert [h.name for h in cheap.hits] == ["Kopi Arabika Flores Bajawa 250 g"]  # the page: read now
    assert cheap.total == 2 and cheap.facets == first.facets  # the counts: this generation's
    assert len(search_engine._matches) == 1

    await db.execute("UPDATE catalog_search_doc SET in_stock = ? WHERE product_id = ?", True, robusta)
    await service.adjust_stock(robusta, -10, reason="habis", booking="selisih")  # a new generation
    await deliver()
    after = await service.search_products(current_engine(), {"q": "kopi", "sort": "price_asc"})
    assert after.total == 1 and {v.value: v.count for v in after.facets["halal"]} == {"true": 1}


async def test_a_stock_change_a_search_cannot_see_keeps_the_cached_answers(shop, search_engine):
    """Selling 3 of 10 leaves the product in stock: its document is unchanged, so the index keeps
    its generation and every cached result and count stays valid; selling out is a new one."""
    if search_engine.name not in ("sqlite", "postgres"):
        pytest.skip("the generation belongs to the in-database engines")
    before = await search_engine._generation()
    await service.adjust_stock(shop["p"]["robusta"].id, -3, reason="terjual di loket", booking="selisih")
    await deliver()
    assert await search_engine._generation() == before
    await service.adjust_stock(shop["p"]["robusta"].id, -7, reason="habis", booking="selisih")
    await deliver()
    assert await search_engine._generation() != before
    assert "Kopi Robusta Manggarai 1 kg" not in await names(q="kopi")
