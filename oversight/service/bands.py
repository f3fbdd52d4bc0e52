"""Ratios and the bands koperasi.md §6 gives thresholds for.

The reference gives thresholds for one thing only: the assessment's total score out of 100
(Perdep 06/2016: Sehat 80–100, Cukup Sehat 66–<80, Dalam Pengawasan 51–<66, Dalam Pengawasan
Khusus <51). It gives each component's weight but not how a ratio becomes its points, and the
score needs aspects the books cannot answer (manajemen is a questionnaire; kualitas aktiva
produktif reads loans), so no indicator gets a band of its own and the score is shown only
when one is given."""

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
    "Tanpa predikat: pedoman penilaian kesehatan koperasi (Perdep 06/2016) memberi bobot komponen ini, tetapi tidak memberi ambang "
    "nilai rasio ke skor atau predikat."
)
NO_SCORE = (
    "Tanpa predikat keseluruhan: predikat (Sehat ≥ 80, Cukup Sehat 66–<80, Dalam Pengawasan 51–<66, "
    "Dalam Pengawasan Khusus < 51) dihitung dari skor 100 poin atas tujuh aspek; manajemen (kuesioner) "
    "dan kualitas aktiva produktif (pinjaman) tidak dapat dihitung dari buku, dan ambang skor per rasio "
    "tidak ada dalam rujukan."
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
