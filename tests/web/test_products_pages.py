"""Staff product pages: inline errors and nothing changed, photos, stock adjustments, the CSV import
with its self-polling progress and report, tenancy (404) and CSRF (403)."""

import io
import re

from PIL import Image

from catalog import service as catalog
from market.schemas import Role
from tests.builders import make_coop, make_member, make_product
from tests.web.helpers import HTMX, csrf_of, field_error, signed_in

VALID = {
    "sku": "KOPI-BJW-250",
    "name": "Kopi Arabika Flores Bajawa 250 g",
    "category": "kopi-teh",
    "unit": "pcs",
    "price_idr": "85.000",
    "min_order_qty": "1",
    "stock": "120",
    "cost_idr": "52000",
    "tier_qty_1": "10",
    "tier_price_1": "80000",
    "origin_regency": "Kabupaten Ngada",
    "produced_on": "2025-08-15",
    "halal": "1",
    "description": "Biji sangrai medium",
}


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 80, 40)).save(buffer, "PNG")
    return buffer.getvalue()


async def _count(coop_id: int) -> int:
    total, _ = await catalog.list_products(coop_id)
    return total


async def test_a_product_with_bad_fields_is_refused_with_each_error_next_to_its_field(client):
    # given
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop.id)
    # when: a zero price, a tier dearer than the price, an unknown unit
    response = await client.post(
        f"/koperasi/{coop.id}/produk/baru",
        data={
            **VALID,
            "csrf_token": token,
            "price_idr": "0",
            "tier_qty_1": "10",
            "tier_price_1": "abc",
            "unit": "peti",
        },
    )
    # then
    assert response.status_code == 422
    assert field_error(response.text, "f-price_idr") == "Harus lebih dari nol"
    assert field_error(response.text, "f-unit") == "Pilihan tidak valid"  # never the list of every unit
    assert field_error(response.text, "f-tiers") == "Isi jumlah dan harga setiap tingkat grosir dengan angka"
    assert 'value="Kopi Arabika Flores Bajawa 250 g"' in response.text  # what was typed stays
    assert await _count(coop.id) == 0


async def test_tiers_out_of_order_are_explained_next_to_the_tiers(client):
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop.id)
    response = await client.post(
        f"/koperasi/{coop.id}/produk/baru",
        data={**VALID, "csrf_token": token, "tier_qty_1": "10", "tier_price_1": "90000"},
    )
    assert response.status_code == 422
    assert field_error(response.text, "f-tiers") == "harga grosir tingkat 1 harus di bawah harga satuan"
    assert await _count(coop.id) == 0


async def test_a_file_that_is_not_an_image_refuses_the_whole_product(client):
    # given
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop.id)
    # when
    response = await client.post(
        f"/koperasi/{coop.id}/produk/baru",
        data={**VALID, "csrf_token": token},
        files={"photo": ("foto.jpg", b"bukan gambar", "image/jpeg")},
    )
    # then
    assert response.status_code == 422
    assert field_error(response.text, "f-photo") == "Berkas bukan gambar yang dapat dibaca"
    assert await _count(coop.id) == 0


async def test_a_valid_product_with_a_photo_is_created_and_its_page_shown(client):
    # given
    coop = await make_coop()
    token = await signed_in(client, Role.CASHIER, coop.id)
    # when
    response = await client.post(
        f"/koperasi/{coop.id}/produk/baru",
        data={**VALID, "csrf_token": token},
        files={"photo": ("foto.png", png(), "image/png")},
    )
    # then
    _, [product] = await catalog.list_products(coop.id)
    assert response.status_code == 303
    assert response.headers["location"] == f"/koperasi/{coop.id}/produk/{product.id}"
    assert product.price_idr == 85_000 and product.stock == 120 and product.halal
    assert [(t.min_qty, t.price_idr) for t in product.tiers] == [(10, 80_000)]
    assert len(product.photos) == 1
    page = await client.get(response.headers["location"])
    assert "Produk Kopi Arabika Flores Bajawa 250 g ditambahkan." in page.text
    assert catalog.photo_url(product.photos[0]) in page.text


async def test_an_invalid_edit_changes_nothing_and_shows_the_error_inline(client):
    # given
    coop = await make_coop()
    product = await make_product(coop.id, name="Beras Merah Organik 1 kg", price_idr=32_000)
    token = await signed_in(client, Role.MANAGER, coop.id)
    form = {
        **VALID,
        "csrf_token": token,
        "sku": product.sku,
        "name": "B",
        "price_idr": "30000",
        "tier_qty_1": "",
        "tier_price_1": "",
    }
    # when
    response = await client.post(f"/koperasi/{coop.id}/produk/{product.id}", data=form)
    # then
    assert response.status_code == 422
    assert field_error(response.text, "f-name") == "Minimal 3 karakter"
    unchanged, _ = await catalog.staff_product(coop.id, product.id)
    assert unchanged.name == "Beras Merah Organik 1 kg" and unchanged.price_idr == 32_000
    # and a valid edit saves
    ok = await client.post(f"/koperasi/{coop.id}/produk/{product.id}", data={**form, "name": "Beras Merah 1 kg"})
    changed, _ = await catalog.staff_product(coop.id, product.id)
    assert ok.status_code == 303 and changed.name == "Beras Merah 1 kg" and changed.price_idr == 30_000
    assert changed.stock == product.stock  # the edit form never changes stock


async def test_another_cooperatives_staff_get_404_on_every_product_page(client):
    # given
    mine, theirs = await make_coop(), await make_coop()
    product = await make_product(theirs.id)
    token = await signed_in(client, Role.MANAGER, mine.id)
    base = f"/koperasi/{theirs.id}/produk"
    # when / then
    for url in (base, f"{base}/baru", f"{base}/{product.id}", f"{base}/impor"):
        assert (await client.get(url)).status_code == 404, url
    for url, data in ((f"{base}/{product.id}", VALID), (f"{base}/{product.id}/stok", {"delta": "5", "reason": "x"})):
        assert (await client.post(url, data={**data, "csrf_token": token})).status_code == 404, url
    # and their product through my cooperative's address is not found either
    assert (await client.get(f"/koperasi/{mine.id}/produk/{product.id}")).status_code == 404
    stock, _ = await catalog.staff_product(theirs.id, product.id)
    assert stock.stock == 10


async def test_a_member_may_not_manage_products(client):
    coop = await make_coop()
    member = await make_member(coop.id)
    await signed_in(client, Role.MEMBER, coop.id, member_id=member.id)
    assert (await client.get(f"/koperasi/{coop.id}/produk")).status_code == 403


async def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(client):
    # given
    coop = await make_coop()
    product = await make_product(coop.id)
    await signed_in(client, Role.MANAGER, coop.id)
    # when
    created = await client.post(f"/koperasi/{coop.id}/produk/baru", data=VALID)
    adjusted = await client.post(
        f"/koperasi/{coop.id}/produk/{product.id}/stok",
        data={"delta": "5", "reason": "panen", "idempotency_key": "a" * 32},
    )
    imported = await client.post(
        f"/koperasi/{coop.id}/produk/impor", files={"file": ("p.csv", catalog.template_csv().encode(), "text/csv")}
    )
    # then
    assert created.status_code == adjusted.status_code == imported.status_code == 403
    assert await _count(coop.id) == 1
    assert (await catalog.stock_of(product.id)).stock == 10
    assert await catalog.latest_imports(coop.id) == []


async def _stock_form(client, coop_id, product_id):
    page = await client.get(f"/koperasi/{coop_id}/produk/{product_id}")
    chunk = page.text.split('id="stock-form"')[1]
    return csrf_of(page.text), chunk.split('name="idempotency_key" value="')[1].split('"')[0]


async def test_a_stock_adjustment_needs_a_reason_and_a_double_submit_counts_once(client):
    # given
    coop = await make_coop()
    product = await make_product(coop.id, stock=10)
    await signed_in(client, Role.CASHIER, coop.id)
    token, key = await _stock_form(client, coop.id, product.id)
    url = f"/koperasi/{coop.id}/produk/{product.id}/stok"
    # when: no reason
    refused = await client.post(
        url, data={"csrf_token": token, "idempotency_key": key, "delta": "5", "reason": ""}, headers=HTMX
    )
    # then
    assert refused.status_code == 422 and "<html" not in refused.text
    assert field_error(refused.text, "f-reason") == "Wajib diisi"
    assert (await catalog.stock_of(product.id)).stock == 10
    # when: with a reason, submitted twice
    form = {"csrf_token": token, "idempotency_key": key, "delta": "+5", "reason": "panen baru"}
    first = await client.post(url, data=form, headers=HTMX)
    again = await client.post(url, data=form, headers=HTMX)
    # then
    assert first.status_code == again.status_code == 200
    assert first.text.lstrip().startswith('<section id="stock"') and "Stok ditambah 5." in first.text
    assert '<strong id="stock-available">15</strong>' in again.text
    assert (await catalog.stock_of(product.id)).stock == 15
    # and removing more than there is is refused next to the amount
    below = await client.post(url, data={**form, "idempotency_key": "b" * 32, "delta": "-20"}, headers=HTMX)
    assert below.status_code == 422 and field_error(below.text, "f-delta").startswith("Stok tidak dapat dikurangi 20")


async def test_a_csv_import_shows_a_polling_progress_then_the_per_row_report(client):
    # given
    coop = await make_coop()
    await make_product(coop.id, sku="KOPI-1", name="Kopi Lama", category="kopi-teh", unit="pcs", price_idr=50_000)
    token = await signed_in(client, Role.MANAGER, coop.id)
    csv_text = (
        "sku;nama;kategori;satuan;harga;stok\n"
        "KOPI-1;Kopi Arabika Bajawa 250 g;kopi & teh;pcs;85000;12\n"
        "BERAS-5;Beras Pandan Wangi 5 kg;beras & biji-bijian;karung;75000;40\n"
        "RUSAK-1;Minyak Goreng 2 L;minyak & gula;botol;-5;3\n"
    )
    # when: uploaded
    response = await client.post(
        f"/koperasi/{coop.id}/produk/impor",
        data={"csrf_token": token},
        files={"file": ("produk.csv", csv_text.encode(), "text/csv")},
    )
    job_url = response.headers["location"]
    waiting = await client.get(job_url)
    poll = await client.get(job_url, headers=HTMX)
    # then: the progress component polls itself while the job waits
    assert response.status_code == 303 and re.fullmatch(rf"/koperasi/{coop.id}/produk/impor/\d+", job_url)
    assert 'hx-trigger="load delay:1s"' in waiting.text and "<html" in waiting.text
    assert poll.text.lstrip().startswith('<section id="import-status"') and "<html" not in poll.text
    assert 'hx-trigger="load delay:1s"' in poll.text
    # when: the worker runs it
    await catalog.run_import(int(job_url.rsplit("/", 1)[1]))
    done = await client.get(job_url, headers=HTMX)
    # then: the component stops polling and shows every row's result
    assert "hx-trigger" not in done.text and 'data-status="done"' in done.text
    assert '<strong id="count-created">1</strong>' in done.text
    assert '<strong id="count-updated">1</strong>' in done.text
    assert '<strong id="count-rejected">1</strong>' in done.text
    rejected = done.text.split('class="result-rejected"')[1].split("</tr>")[0]
    assert "RUSAK-1" in rejected and "harga" in rejected
    assert done.text.index("RUSAK-1") < done.text.index("BERAS-5")  # rejected rows first
    assert await _count(coop.id) == 2


async def test_a_csv_without_the_required_columns_is_refused_next_to_the_file_and_nothing_queued(client):
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop.id)
    response = await client.post(
        f"/koperasi/{coop.id}/produk/impor",
        data={"csrf_token": token},
        files={"file": ("p.csv", b"sku;nama\nA;B\n", "text/csv")},
    )
    assert response.status_code == 422
    assert field_error(response.text, "f-file").startswith("Kolom wajib tidak ada: kategori, satuan, harga, stok")
    assert await catalog.latest_imports(coop.id) == []


async def test_the_template_downloads_with_the_indonesian_columns(client):
    coop = await make_coop()
    await signed_in(client, Role.CASHIER, coop.id)
    response = await client.get(f"/koperasi/{coop.id}/produk/impor/templat.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.text.splitlines()[0].startswith("sku;nama;kategori;satuan;harga;stok")


async def test_the_product_list_searches_as_you_type_and_answers_with_its_block(client):
    # given
    coop = await make_coop()
    await make_product(coop.id, name="Gula Semut Kelapa 250 g", sku="GULA-1", category="minyak-gula")
    await make_product(coop.id, name="Beras Merah 1 kg", sku="BERAS-1")
    await signed_in(client, Role.MANAGER, coop.id)
    # when
    full = await client.get(f"/koperasi/{coop.id}/produk")
    block = await client.get(f"/koperasi/{coop.id}/produk?q=gula", headers=HTMX)
    # then
    assert "Gula Semut Kelapa 250 g" in full.text and "Beras Merah 1 kg" in full.text
    assert f'href="/koperasi/{coop.id}/produk"' in full.text  # the nav link for staff
    assert block.text.lstrip().startswith('<div id="product-rows"')
    assert "Gula Semut Kelapa 250 g" in block.text and "Beras Merah" not in block.text


async def test_the_barcode_is_entered_on_the_form_its_check_digit_explained_next_to_it(client):
    coop = await make_coop()
    product = await make_product(coop.id, name="Beras Merah Organik 1 kg", price_idr=32_000)
    token = await signed_in(client, Role.MANAGER, coop.id)
    form = {**VALID, "csrf_token": token, "sku": product.sku, "tier_qty_1": "", "tier_price_1": ""}
    page = await client.get(f"/koperasi/{coop.id}/produk/{product.id}")
    assert 'name="barcode"' in page.text and 'inputmode="numeric"' in page.text
    refused = await client.post(f"/koperasi/{coop.id}/produk/{product.id}", data={**form, "barcode": "8992761002016"})
    assert refused.status_code == 422
    assert "digit periksa" in field_error(refused.text, "f-barcode")
    assert (await catalog.staff_product(coop.id, product.id))[0].barcode == ""
    saved = await client.post(f"/koperasi/{coop.id}/produk/{product.id}", data={**form, "barcode": "8992761002015"})
    assert saved.status_code == 303
    assert (await catalog.staff_product(coop.id, product.id))[0].barcode == "8992761002015"
    again = await client.get(f"/koperasi/{coop.id}/produk/{product.id}")
    assert 'value="8992761002015"' in again.text  # the edit form shows it back
