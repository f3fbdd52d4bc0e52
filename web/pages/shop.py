"""The shop for buyers: home with the categories and a search box that suggests as you type,
results with a facet sidebar kept in the URL, a product's page and each cooperative's storefront.

Filters live in the query string (Indonesian names), so every state of the results is a link:
shareable, and the back button restores it. htmx asks for the ``results`` block only.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from catalog import service as catalog
from catalog.schemas import SortKey
from catalog.taxonomy import CATEGORIES, CATEGORY_NAMES, PRICE_BUCKETS
from market.http import RuntimeDep
from market.types import INT32_MAX, Id
from web.i18n import N_
from web.render import page, redirect
from web.routing import page_router

router = page_router()
PER_PAGE = 20
SORTS: tuple[tuple[SortKey, str], ...] = (
    ("relevance", N_("Paling cocok")),
    ("newest", N_("Terbaru")),
    ("price_asc", N_("Harga terendah")),
    ("price_desc", N_("Harga tertinggi")),
)
# URL parameter → SearchQuery field.
PARAMS = {
    "q": "q",
    "kategori": "category",
    "provinsi": "province",
    "koperasi": "cooperative_id",
    "halal": "halal",
    "harga_min": "price_min",
    "harga_maks": "price_max",
    "urut": "sort",
    "hal": "page",
}
PRICE_LABELS = {
    "0-25000": N_("di bawah Rp 25.000"),
    "25000-50000": N_("Rp 25.000–50.000"),
    "50000-100000": N_("Rp 50.000–100.000"),
    "100000-250000": N_("Rp 100.000–250.000"),
    "250000-": N_("Rp 250.000 ke atas"),
}


def _int(text: str | None, low: int = 0, high: int = 10**12) -> int | None:
    text = (text or "").strip().replace(".", "")
    if not text.isdigit() or len(text) > 13:
        return None
    value = int(text)
    return value if low <= value <= high else None


class Filters:
    """The results' state as read from the URL; builds the links that change one part of it.

    Values that cannot be read are dropped rather than refused: a hand-edited link still shows
    results.
    """

    def __init__(self, params: dict[str, str], base: str, fixed: tuple[str, ...] = ()) -> None:
        self.base = base
        self.fixed = fixed  # parameters the page itself sets (a storefront's cooperative)
        q = (params.get("q") or "").strip()[:200]
        category = params.get("kategori") or None
        sort = params.get("urut") or "relevance"
        halal = params.get("halal")
        self.values: dict[str, Any] = {
            "q": q,
            "kategori": category if category in CATEGORY_NAMES else None,
            "provinsi": (params.get("provinsi") or "").strip()[:100] or None,
            "koperasi": _int(params.get("koperasi"), 1, INT32_MAX),
            "halal": {"1": True, "0": False}.get(halal or ""),
            "harga_min": _int(params.get("harga_min")),
            "harga_maks": _int(params.get("harga_maks")),
            "urut": sort if sort in dict(SORTS) else "relevance",
            "hal": _int(params.get("hal"), 1, 1000) or 1,
        }
        if (
            self.values["harga_min"] is not None
            and self.values["harga_maks"] is not None
            and self.values["harga_min"] > self.values["harga_maks"]
        ):
            self.values["harga_min"], self.values["harga_maks"] = self.values["harga_maks"], self.values["harga_min"]

    def query(self, **fixed: Any) -> dict[str, Any]:
        """The SearchQuery fields of these filters."""
        out = {PARAMS[k]: v for k, v in self.values.items() if v not in (None, "")}
        return {**out, **fixed, "per_page": PER_PAGE}

    def _params(self, values: dict[str, Any]) -> dict[str, str]:
        out = {}
        for key, value in values.items():
            if (
                value in (None, "")
                or key in self.fixed
                or (key == "urut" and value == "relevance")
                or (key == "hal" and value == 1)
            ):
                continue
            out[key] = "1" if value is True else "0" if value is False else str(value)
        return out

    def url(self, **changes: Any) -> str:
        """This page's URL with *changes* (None removes a filter); any change but the page's
        number goes back to page 1."""
        values = dict(self.values)
        if "hal" not in changes:
            values["hal"] = 1
        values.update(changes)
        encoded = urlencode(self._params(values))
        return self.base + ("?" + encoded if encoded else "")

    def hidden(self, *skip: str) -> dict[str, str]:
        """The current filters as hidden form fields, except *skip* (the form's own fields)."""
        return {k: v for k, v in self._params({**self.values, "hal": 1}).items() if k not in skip}

    @property
    def active(self) -> list[tuple[str, str]]:
        """(label, URL without it) of every filter in force, for the removable chips."""
        v = self.values
        chips = []
        if v["kategori"]:
            chips.append((CATEGORY_NAMES[v["kategori"]], self.url(kategori=None)))
        if v["provinsi"]:
            chips.append((v["provinsi"], self.url(provinsi=None)))
        if v["koperasi"] and "koperasi" not in self.fixed:
            chips.append((N_("Koperasi terpilih"), self.url(koperasi=None)))
        if v["halal"] is not None:
            chips.append((N_("Halal") if v["halal"] else N_("Tidak berlabel halal"), self.url(halal=None)))
        if v["harga_min"] is not None or v["harga_maks"] is not None:
            chips.append((N_("Harga"), self.url(harga_min=None, harga_maks=None)))
        return chips

    def price_url(self, bucket: str) -> str:
        low, high = next((lo, hi) for key, lo, hi in PRICE_BUCKETS if key == bucket)
        return self.url(harga_min=low or None, harga_maks=(high - 1) if high else None)

    def price_selected(self, bucket: str) -> bool:
        low, high = next((lo, hi) for key, lo, hi in PRICE_BUCKETS if key == bucket)
        return self.values["harga_min"] == (low or None) and self.values["harga_maks"] == ((high - 1) if high else None)


def _context(filters: Filters, result, *, paged: bool = False, **extra: Any) -> dict[str, Any]:
    return {
        "f": filters,
        "result": result,
        "sorts": SORTS,
        "price_labels": PRICE_LABELS,
        "photo_url": catalog.photo_url,
        "paged": paged,
        **extra,
    }


def _results_block(request: Request) -> str:
    """The pager swaps only the hits (its target is ``#hits``): nothing else changes from one
    page of the same results to the next. Anything else swaps the whole results."""
    return "hits" if request.headers.get("HX-Target") == "section#hits" else "results"


@router.get("/pasar")
async def shop_home(request: Request, rt: RuntimeDep):
    result = await catalog.search_products(rt.search, {"sort": "newest", "per_page": 8}, viewer=request.state.actor)
    counts = {v.value: v.count for v in result.facets.get("category", [])}
    ctx = {
        "categories": [(slug, name, counts.get(slug, 0)) for slug, name in CATEGORIES],
        "result": result,
        "q": "",
        "suggestions": None,
        "photo_url": catalog.photo_url,
    }
    return page(request, "shop/home.html", ctx)


@router.get("/pasar/saran")
async def suggestions(request: Request, rt: RuntimeDep, q: str = ""):
    """The search box's as-you-type list (a block); a plain GET goes to the results page."""
    q = q.strip()[:200]
    if request.headers.get("HX-Request") != "true":
        return redirect(request, "/pasar/cari" + ("?" + urlencode({"q": q}) if q else ""))
    found = await catalog.suggest(rt.search, q)
    return page(
        request, "shop/home.html", {"q": q, "suggestions": found, "photo_url": catalog.photo_url}, block="suggestions"
    )


@router.get("/pasar/cari")
async def results(request: Request, rt: RuntimeDep):
    filters = Filters(dict(request.query_params), "/pasar/cari")
    result = await catalog.search_products(rt.search, filters.query(), viewer=request.state.actor)
    block = _results_block(request)
    return page(request, "shop/search.html", _context(filters, result, paged=block == "hits"), block=block)


@router.get("/pasar/produk/{product_id:int}")
async def product_page(request: Request, product_id: Id):
    product = await catalog.get_product(product_id, viewer=request.state.actor)
    return page(request, "shop/product.html", {"p": product, "photo_url": catalog.photo_url})


@router.get("/pasar/koperasi/{slug}")
async def storefront(request: Request, slug: str, rt: RuntimeDep):
    params = dict(request.query_params)
    params.pop("koperasi", None)
    base = f"/pasar/koperasi/{slug}"
    filters = Filters(params, base, fixed=("koperasi",))
    shop = await catalog.storefront(rt.search, slug[:64], filters.query(), viewer=request.state.actor)
    block = _results_block(request)
    ctx = _context(filters, shop.result, shop=shop, paged=block == "hits")
    return page(request, "shop/storefront.html", ctx, block=block)
