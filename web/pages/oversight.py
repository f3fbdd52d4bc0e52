"""The oversight pages: the operator's dashboard of the network (each figure a small SVG chart
drawn on the server with its table and a CSV), every cooperative's health for the operator
(sortable by province and band) and a cooperative's own health page. A provincial operator sees
their province only; another province's cooperative is 404."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from fastapi import Depends, Query, Request
from fastapi.responses import Response

from market.http import RuntimeDep
from market.service import Actor
from market.types import Id
from oversight import service as oversight
from oversight.schemas import Network
from web.i18n import N_
from web.render import page
from web.routing import page_router, signed_in

router = page_router()
ALERT_LABELS = {
    "rat_overdue": N_("RAT terlambat"),
    "cash_negative": N_("Kas negatif"),
    "payment_stuck": N_("Pembayaran tertahan"),
    "biller_deposit_low": N_("Deposit biller menipis"),
}
TABLES = ("provinsi", "kategori", "peringatan")


def _month(text: str | None) -> date:
    """``YYYY-MM`` (default this month) as a day in it."""
    try:
        year, month = (int(x) for x in (text or "").split("-"))
        return date(year, month, 15)
    except ValueError:
        today = datetime.now(UTC).date()
        return date(today.year, today.month, 15)


def bars(rows: list[tuple[str, int]]) -> dict:
    """A horizontal bar chart's geometry: each bar's width in % of the largest value."""
    top = max((v for _, v in rows), default=0) or 1
    return {"rows": [(label, value, round(max(value, 0) * 100 / top, 1)) for label, value in rows], "height": 22}


def charts(seen: Network) -> dict[str, dict]:
    provinces = seen.provinces
    return {
        "online": bars([(p.province, p.online) for p in provinces]),
        "registered": bars([(p.province, p.registered) for p in provinces]),
        "members": bars([(p.province, p.members) for p in provinces]),
        "gmv": bars([(p.province, p.gmv) for p in provinces]),
        "ppob": bars([(p.province, p.ppob_volume) for p in provinces]),
        "categories": bars([(c.name, c.gmv) for c in seen.categories]),
        "payouts": bars([(p.province, p.payouts_amount) for p in provinces]),
    }


@router.get("/operator/dasbor")
async def dashboard(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in), bulan: str | None = None):
    """Adoption, members, the month's GMV and PPOB by province, top categories, payouts, alerts."""
    seen = await oversight.network(actor, _month(bulan), biller=rt.biller)
    ctx = {"seen": seen, "charts": charts(seen), "labels": ALERT_LABELS, "month": f"{seen.as_of:%Y-%m}"}
    return page(request, "oversight/dashboard.html", ctx, "dashboard")


@router.get("/operator/dasbor.csv")
async def dashboard_csv(actor: Actor = Depends(signed_in), bulan: str | None = None, tabel: str = "provinsi"):
    """One of the dashboard's tables as CSV."""
    seen = await oversight.network(actor, _month(bulan))
    out = io.StringIO()
    writer = csv.writer(out)
    if tabel == "kategori":
        writer.writerow(["kategori", "nama", "gmv"])
        writer.writerows([c.category, c.name, c.gmv] for c in seen.categories)
    elif tabel == "peringatan":
        writer.writerow(["jenis", "koperasi_id", "koperasi", "provinsi", "pesan", "jumlah"])
        writer.writerows(
            [a.kind, a.cooperative_id or "", a.cooperative_name, a.province, a.message, a.amount or ""]
            for a in seen.alerts
        )
    else:
        fields = list(type(seen.total).model_fields)
        writer.writerow(fields)
        writer.writerows([getattr(p, f) for f in fields] for p in [*seen.provinces, seen.total])
    name = f"jaringan-{tabel if tabel in TABLES else 'provinsi'}-{seen.as_of:%Y-%m}.csv"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=disposition)


@router.get("/operator/kesehatan")
async def health_list(
    request: Request,
    actor: Actor = Depends(signed_in),
    tahun: int | None = Query(None, ge=2000, le=2100),
    urut: str = "province",
):
    """Every cooperative's health of a year, sorted by province, band or name."""
    year = tahun or datetime.now(UTC).year - 1
    rows = await oversight.health_overview(actor, year, urut)
    ctx = {"rows": rows, "year": year, "sort": urut, "band_names": oversight.BAND_NAMES}
    return page(request, "oversight/health_list.html", ctx, "health_list")


@router.get("/koperasi/{coop_id}/kesehatan")
async def health_page(
    request: Request, coop_id: Id, actor: Actor = Depends(signed_in), tahun: int | None = Query(None, ge=2000, le=2100)
):
    """The cooperative's health indicators with their formulas and inputs, and earlier years."""
    seen = await oversight.health(actor, coop_id, tahun)
    return page(request, "oversight/health.html", {"seen": seen, "band_names": oversight.BAND_NAMES}, "health")
