"""CSV import: checked as a whole first, then row by row with a report; idempotent on SKU."""

from __future__ import annotations

import pytest

from catalog import service
from catalog.errors import InvalidImport
from catalog.models import ImportJob, Product
from tests.builders import deliver, make_coop, make_member
from tests.catalog.conftest import current_engine

HEADER = "sku;nama;kategori;satuan;harga;stok;harga_grosir;halal;nomor_anggota_pemasok\n"


async def _import(coop_id: int, text: str | bytes):
    content = text.encode() if isinstance(text, str) else text
    job = await service.create_import(coop_id, content, filename="produk.csv")
    return await service.run_import(job.id)


async def test_rows_are_created_updated_or_rejected_with_the_reason(db):
    coop = await make_coop()
    member = await make_member(coop.id)
    first = await _import(
        coop.id,
        HEADER
        + "K-1;Kopi Arabika Bajawa 250 g;kopi & teh;pcs;85.000;100;10:80000|50:76000;ya;"
        + f"{member.member_number}\n"
        + "B-5;Beras Pandan Wangi 5 kg;beras-biji-bijian;karung;75000;40;;tidak;\n"
        + "X-1;Barang;elektronik;pcs;1000;1;;;\n"
        + "X-2;Gula Aren;minyak-gula;pcs;0;1;;;\n"
        + "X-3;Gula Aren;minyak-gula;pcs;20000;1;5:25000;;\n"
        + "K-1;Kopi lagi;kopi-teh;pcs;1000;1;;;\n",
    )
    assert (first.status, first.created, first.updated, first.rejected, first.total) == ("done", 2, 0, 4, 6)
    messages = {r["row"]: r["message"] for r in first.report if r["result"] == "rejected"}
    assert "kategori" in messages[4] and "harga" in messages[5] and "harga_grosir" in messages[6]
    assert "ganda" in messages[7]
    kopi = await Product.get(cooperative_id=coop.id, sku="K-1")
    assert (kopi.price_idr, kopi.stock, kopi.halal, kopi.supplier_member_id) == (85_000, 100, True, member.id)
    assert kopi.tiers == [{"min_qty": 10, "price_idr": 80_000}, {"min_qty": 50, "price_idr": 76_000}]

    # (the supplier stays: goods cannot move between a member's produce and persediaan while in stock)
    again = await _import(
        coop.id, HEADER + f"K-1;Kopi Arabika Bajawa 250 g;kopi-teh;pcs;90000;80;;ya;{member.member_number}\n"
    )
    assert (again.created, again.updated, again.rejected) == (0, 1, 0)
    assert await Product.filter(cooperative_id=coop.id).count() == 2
    kopi = await Product.get(cooperative_id=coop.id, sku="K-1")
    assert (kopi.price_idr, kopi.stock) == (90_000, 80)
    await deliver()
    assert [h.name for h in (await service.search_products(current_engine(), {"q": "arabika"})).hits] == [
        "Kopi Arabika Bajawa 250 g"
    ]


@pytest.mark.parametrize(
    "content, words",
    [
        ("Kopi;Rp 85.000\n".encode("cp1252") + "Caf\xe9".encode("cp1252"), "UTF-8"),
        (b"sku,nama,harga\nA,Kopi,1000\n", "kategori, satuan"),
        (b"", "kosong"),
        (b"sku;nama;kategori;satuan;harga;stok\n", "tidak berisi"),
    ],
)
async def test_a_broken_file_is_refused_whole_and_nothing_is_queued(db, content, words):
    coop = await make_coop()
    with pytest.raises(InvalidImport) as caught:
        await service.create_import(coop.id, content)
    assert words in caught.value.detail
    assert await ImportJob.all().count() == 0 and await Product.all().count() == 0


async def test_a_comma_separated_file_with_a_bom_imports(db):
    coop = await make_coop()
    job = await _import(
        coop.id, "\ufeffsku,nama,kategori,satuan,harga,stok\nT-1,Tenun Ikat Sumba,Tenun & kerajinan,lembar,1500000,3\n"
    )
    assert (job.created, job.rejected) == (1, 0)


async def test_a_larger_file_imports_in_chunks_with_progress(db):
    coop = await make_coop()
    rows = "".join(f"S-{n};Sayur Kangkung Ikat {n};sayur;ikat;{3000 + n};{n % 50};;;\n" for n in range(600))
    job = await _import(coop.id, HEADER + rows)
    assert (job.status, job.processed, job.created) == ("done", 600, 600)
    assert await Product.filter(cooperative_id=coop.id).count() == 600
    assert len(job.report) == 600
    assert await service.run_import(job.id) == job  # a finished job does not run twice
    await deliver()
    result = await service.search_products(current_engine(), {"q": "kangkung", "per_page": 1})
    assert result.total == 588  # 12 rows have stock 0
