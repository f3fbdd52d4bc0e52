"""Errors a person can see and read: pydantic's English never reaches a page, a CSV report or the
API (market.validation says it in Indonesian, the English switch translates it back); the long
forms open with an error summary linking to each field; the product form names a missing unit
without listing all 21, and keeps the photo it was sent with."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pydantic import BaseModel, Field, ValidationError

from catalog import service as catalog
from market.schemas import Role
from market.validation import MESSAGES, describe
from tests.builders import make_coop
from tests.web.helpers import csrf_of, field_error, signed_in
from tests.web.test_i18n import english
from web import formats, i18n

PRODUCT = {
    "sku": "KOPI-1",
    "name": "Kopi Arabika Bajawa 250 g",
    "category": "kopi-teh",
    "unit": "pcs",
    "price_idr": "85000",
    "min_order_qty": "1",
    "stock": "5",
}


class Sample(BaseModel):
    price: int = Field(gt=0, le=1_000_000)
    name: str = Field(min_length=3)
    stock: int = Field(ge=0)


def _errors(**data) -> dict[str, str]:
    try:
        Sample(**data)
    except ValidationError as exc:
        return {str(e["loc"][0]): describe(e) for e in exc.errors()}
    return {}


def test_pydantic_errors_are_said_in_indonesian_and_translate_back_under_the_switch():
    assert _errors(price=0, name="", stock=-1) == {
        "price": "Harus lebih dari nol",
        "name": "Wajib diisi",
        "stock": "Tidak boleh negatif",
    }
    assert _errors(price=2_000_000, name="ab", stock="x") == {
        "price": "Paling besar 1.000.000",
        "name": "Minimal 3 karakter",
        "stock": "Harus bilangan bulat",
    }
    assert _errors(name="Kopi", stock=1) == {"price": "Wajib diisi"}
    # every text has its English, and a filled-in text reads back against the catalog
    assert set(MESSAGES.values()) <= set(english())
    token = i18n.current_locale.set("en")
    try:
        assert i18n.gettext("harga: Harus lebih dari nol; stok: Paling besar 1.000.000") == (
            "harga: Must be more than zero; stok: At most 1.000.000"
        )
        assert i18n.gettext("Minimal 3 karakter") == "At least 3 characters"
        assert i18n.gettext("Kopi Bajawa") == "Kopi Bajawa"  # what the catalog does not know stays
    finally:
        i18n.current_locale.reset(token)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 80, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def _summary(html: str) -> list[tuple[str, str]]:
    """The error summary's links: (href, text)."""
    block = html.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]*)</a>', block)


async def test_a_refused_product_form_summarises_its_errors_and_keeps_the_photo(client, tmp_path):
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop.id)
    # when: no unit chosen and a price of zero, with a photo attached
    refused = await client.post(
        f"/koperasi/{coop.id}/produk/baru",
        data={**PRODUCT, "csrf_token": token, "unit": "", "price_idr": "0"},
        files={"photo": ("kopi.png", _png(), "image/png")},
    )
    # then: the summary at the top links to both fields, the unit's error lists no units
    assert refused.status_code == 422
    assert _summary(refused.text) == [
        ("#f-unit", "Satuan: Pilih satuan"),
        ("#f-price_idr", "Harga per satuan (Rp): Harus lebih dari nol"),
    ]
    assert "autofocus" in refused.text.split("data-error-summary")[0].rsplit("<div", 1)[1]
    assert (
        field_error(refused.text, "f-unit") == "Pilih satuan" and "karung" not in refused.text.split("<form")[1][:200]
    )
    assert "kg, gram" not in refused.text
    # and: the photo is kept, shown and carried by the form
    staged = re.search(r'name="photo_staged" value="([0-9a-f]{24})"', refused.text).group(1)
    thumb = re.search(r'<img src="(/media/staged/\d+/[0-9a-f]{24}-thumb\.jpg)"', refused.text).group(1)
    assert (await client.get(thumb)).status_code == 200
    # when: corrected, without choosing the photo again
    created = await client.post(
        f"/koperasi/{coop.id}/produk/baru",
        data={**PRODUCT, "csrf_token": csrf_of(refused.text), "photo_staged": staged},
    )
    assert created.status_code == 303
    _, [product] = await catalog.list_products(coop.id)
    assert len(product.photos) == 1
    assert (await client.get(thumb)).status_code == 404  # the staged copy is gone once stored
    # a token of another cooperative's or a forged one attaches nothing
    other = await client.post(
        f"/koperasi/{coop.id}/produk/baru",
        data={**PRODUCT, "sku": "KOPI-2", "csrf_token": csrf_of(refused.text), "photo_staged": "../../etc"},
    )
    assert other.status_code == 303
    _, products = await catalog.list_products(coop.id)
    assert sorted(len(p.photos) for p in products) == [0, 1]


async def test_a_csv_row_refused_by_the_schema_says_why_in_indonesian_then_english(client):
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop.id)
    csv_text = "sku;nama;kategori;satuan;harga;stok\nRUSAK-1;Minyak Goreng 2 L;minyak & gula;botol;0;3\n"
    started = await client.post(
        f"/koperasi/{coop.id}/produk/impor",
        data={"csrf_token": token},
        files={"file": ("produk.csv", csv_text.encode(), "text/csv")},
    )
    job_url = started.headers["location"]
    await catalog.run_import(int(job_url.rsplit("/", 1)[1]))
    report = (await client.get(job_url)).text
    assert "harga: Harus lebih dari nol" in report and "Input should" not in report
    await client.get("/bahasa/en")
    assert "harga: Must be more than zero" in (await client.get(job_url)).text


@pytest.mark.parametrize(
    ("url", "data", "first"),
    [
        ("/koperasi/{coop}/anggota/baru", {"name": "", "nik": "12"}, "#f-name"),
        ("/koperasi/{coop}/ongkir", {"rate-0": "abc"}, "#f-rate-0"),
        ("/koperasi/{coop}/jurnal/baru", {"mode": "cepat", "idempotency_key": "a" * 32, "amount": "x"}, "#f-amount"),
    ],
)
async def test_long_forms_open_with_an_error_summary(client, url, data, first):
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop.id)
    refused = await client.post(url.format(coop=coop.id), data={**data, "csrf_token": token})
    assert refused.status_code == 422
    links = _summary(refused.text)
    assert links and links[0][0] == first, links


def test_internal_references_are_shown_in_words():
    assert formats.tariff("R2 /000003500") == "R2 / 3.500 VA"
    assert formats.billing_period("202612") == "Desember 2026"
    assert formats.reference("ppob:51:refund") == "PPOB #51"
    assert formats.reference("order:12:wallet") == "Pesanan #12"
    assert formats.reference("saldo-awal:2026") == "saldo-awal:2026"  # not ours to guess: as it is
    assert formats.billing_period("202613") == "202613"
    token = i18n.current_locale.set("en")
    try:
        assert (formats.billing_period("202612"), formats.tariff("R1 /000001300")) == ("December 2026", "R1 / 1,300 VA")
    finally:
        i18n.current_locale.reset(token)
