"""Ratios and the bands koperasi.md §6 gives thresholds for.

The reference gives thresholds for one thing only: the assessment's total score out of 100
(Perdep 06/2016: Sehat 80–100, Cukup Sehat 66–<80, Dalam Pengawasan 51–<66, Dalam Pengawasan
Khusus <51). It gives each component's weight but not how a ratio becomes its points (the
scoring tables of the Perdep are not in it), and the score needs the manajemen aspect, a yes/no
questionnaire the books cannot answer. So no total score can be computed by the reference's
method: no indicator gets a band of its own, and the total's band stays empty with NO_SCORE
saying why. ``band_of_score`` is the reference's table, ready for a score given by hand."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from oversight.schemas import Band

# (lowest score in the band, band), best first.
SCORE_BANDS: tuple[tuple[int, Band], ...] = ((80, "sehat"), (66, "cukup_sehat"), (51, "dalam_pengawasan"))
BAND_NAMES: dict[str, str] = {
    "sehat": "Sehat",
    "cukup_sehat": "Cukup Sehat",
    "dalam_pengawasan": "Dalam Pengawasan",
    "dalam_pengawasan_khusus": "Dalam Pengawasan Khusus",
}
BAND_ORDER = {"sehat": 0, "cukup_sehat": 1, "dalam_pengawasan": 2, "dalam_pengawasan_khusus": 3}

NO_RATIO_BAND = (
    "Tanpa predikat per rasio: pedoman penilaian kesehatan koperasi (Perdep 06/2016) memberi bobot tiap "
    "komponen, tetapi tidak memberi ambang nilai rasio ke skor atau predikat."
)
NO_SCORE = (
    "Tanpa predikat keseluruhan: predikat (Sehat ≥ 80, Cukup Sehat 66–<80, Dalam Pengawasan 51–<66, "
    "Dalam Pengawasan Khusus < 51) berasal dari skor 100 poin atas tujuh aspek. Skor itu tidak dapat "
    "dihitung di sini: rujukan tidak memuat tabel pengubah rasio menjadi poin, dan aspek manajemen "
    "(bobot 15) adalah kuesioner ya/tidak yang tidak ada dalam buku."
)


def band_of_score(score: int | float | Decimal) -> Band:
    """The predikat of a total score out of 100 (koperasi.md §6, Perdep 06/2016)."""
    if score < 0 or score > 100:
        raise ValueError("score out of 0–100")
    for lowest, band in SCORE_BANDS:
        if score >= lowest:
            return band
    return "dalam_pengawasan_khusus"


def ratio_bps(numerator: int, denominator: int) -> int | None:
    """numerator / denominator in basis points, half away from zero; None when it cannot be divided."""
    if denominator == 0:
        return None
    value = (Decimal(numerator) * 10_000 / Decimal(denominator)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(value)
