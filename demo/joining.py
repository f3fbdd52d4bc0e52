"""A cooperative that registered itself in the demo (``onboarding.service``): Koperasi Nelayan
Tanjung Luar waits in the operator's queue with its three papers, its manager already signed up
(``manajer.tanjungluar@demo.pasarkoperasi.id``, the demo password)."""

from __future__ import annotations

from pathlib import Path

from market import service as market
from onboarding import service as onboarding
from onboarding.schemas import RegistrationIn, Upload

EMAIL = "manajer.tanjungluar@demo.pasarkoperasi.id"
# The smallest PDF a viewer opens: one empty A4 page.
PAPER = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


async def pending_registration(media_dir: Path, password: str) -> str:
    """Register the cooperative once (the bank is not asked: the operator checks the name)."""
    if await market.email_taken(EMAIL):
        return ""
    form = RegistrationIn(
        name="Koperasi Nelayan Tanjung Luar",
        legal_number="AHU-0004711.AH.01.26.TAHUN 2020",
        nik_koperasi="5203070000004711",
        coop_type="produsen",
        province="Nusa Tenggara Barat",
        regency="Kabupaten Lombok Timur",
        address="Jl. Pelabuhan Tanjung Luar 3, Keruak",
        bank_name="BRI",
        bank_account_number="470101000047111",
        bank_account_holder="Koperasi Nelayan Tanjung Luar",
        contact_name="Haji Lalu Ahmad",
        contact_position="Ketua",
        contact_phone="081907004711",
        manager_name="Baiq Nurul",
        manager_email=EMAIL,
        manager_password=password,
    )
    papers = {
        kind: Upload(content=PAPER, filename=f"{kind}.pdf") for kind in ("akta_pendirian", "sk_pengesahan", "npwp")
    }
    joined = await onboarding.register(
        form, papers, directory=onboarding.documents_dir(media_dir), max_bytes=5 * 1024 * 1024
    )
    return f"{form.name}: registered, waiting for verification (application #{joined.application_id})"
