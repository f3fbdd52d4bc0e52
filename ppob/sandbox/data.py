"""The sandbox biller's price list: pulsa and data for the five operators, PLN tokens, e-wallet
top-ups (prepaid), and PLN / PDAM / BPJS Kesehatan bills (postpaid), in the wire format of
Digiflazz's ``/price-list``. Prices are plausible 2025–26 H2H buyer prices."""

from __future__ import annotations

SELLER = "Sandbox Pasar Koperasi"


def _prepaid(sku, name, category, brand, price, desc="", type_="Umum"):
    return {
        "product_name": name,
        "category": category,
        "brand": brand,
        "type": type_,
        "seller_name": SELLER,
        "price": price,
        "buyer_sku_code": sku,
        "buyer_product_status": True,
        "seller_product_status": True,
        "unlimited_stock": True,
        "stock": 0,
        "multi": True,
        "start_cut_off": "23:45",
        "end_cut_off": "00:15",
        "desc": desc,
    }


def _postpaid(sku, name, brand, admin, commission, desc):
    return {
        "product_name": name,
        "category": "Pascabayar",
        "brand": brand,
        "seller_name": SELLER,
        "admin": admin,
        "commission": commission,
        "buyer_sku_code": sku,
        "buyer_product_status": True,
        "seller_product_status": True,
        "desc": desc,
    }


# operator brand → (sku prefix, spread by denomination in rupiah)
PULSA = {
    "TELKOMSEL": (
        "tsel",
        {5_000: 5_425, 10_000: 10_325, 20_000: 20_125, 25_000: 24_975, 50_000: 49_650, 100_000: 98_750},
    ),
    "INDOSAT": (
        "isat",
        {5_000: 5_850, 10_000: 10_850, 20_000: 19_900, 25_000: 24_850, 50_000: 48_900, 100_000: 97_600},
    ),
    "XL": ("xld", {5_000: 5_125, 10_000: 10_100, 25_000: 24_900, 50_000: 49_500, 100_000: 98_800}),
    "TRI": ("three", {5_000: 5_350, 10_000: 10_250, 20_000: 19_950, 25_000: 24_800, 50_000: 49_250, 100_000: 97_900}),
    "SMARTFREN": (
        "smart",
        {5_000: 5_100, 10_000: 10_050, 20_000: 19_875, 25_000: 24_750, 50_000: 49_300, 100_000: 98_100},
    ),
}
DATA = {
    "TELKOMSEL": [
        ("tseldata3", "Telkomsel Data 3 GB 30 Hari", 27_500),
        ("tseldata8", "Telkomsel Data 8 GB 30 Hari", 56_000),
    ],
    "INDOSAT": [
        ("isatdata5", "Indosat Freedom Internet 5 GB 30 Hari", 25_900),
        ("isatdata15", "Indosat Freedom Internet 15 GB 30 Hari", 53_500),
    ],
    "XL": [("xldata6", "XL Xtra Combo 6 GB 30 Hari", 41_250), ("xldata10", "XL Xtra Combo 10 GB 30 Hari", 58_900)],
    "TRI": [("threedata6", "Tri Happy 6 GB 30 Hari", 24_500), ("threedata16", "Tri Happy 16 GB 30 Hari", 52_000)],
    "SMARTFREN": [
        ("smartdata8", "Smartfren Unlimited Nonstop 8 GB", 33_500),
        ("smartdata15", "Smartfren Unlimited Nonstop 15 GB", 61_500),
    ],
}
PLN_TOKENS = {
    20_000: 20_150,
    50_000: 50_150,
    100_000: 100_150,
    200_000: 200_150,
    500_000: 500_150,
    1_000_000: 1_000_150,
}
EWALLETS = {
    "OVO": ("ovo", 1_000),
    "DANA": ("dana", 900),
    "GO PAY": ("gopay", 1_100),
    "SHOPEE PAY": ("shopeepay", 1_000),
}


DISPLAY = {
    "TELKOMSEL": "Telkomsel",
    "INDOSAT": "Indosat",
    "XL": "XL",
    "TRI": "Tri",
    "SMARTFREN": "Smartfren",
    "OVO": "OVO",
    "DANA": "DANA",
    "GO PAY": "GoPay",
    "SHOPEE PAY": "ShopeePay",
}


def price_list() -> list[dict]:
    items = []
    for brand, (prefix, prices) in PULSA.items():
        for denom, price in prices.items():
            label = f"{denom // 1000}.000"
            items.append(
                _prepaid(
                    f"{prefix}{denom // 1000}",
                    f"{DISPLAY[brand]} {label}",
                    "Pulsa",
                    brand,
                    price,
                    f"Pulsa {DISPLAY[brand]} Rp {label}",
                )
            )
    for brand, packages in DATA.items():
        for sku, name, price in packages:
            items.append(_prepaid(sku, name, "Data", brand, price, name))
    for denom, price in PLN_TOKENS.items():
        label = f"{denom:,}".replace(",", ".")
        items.append(
            _prepaid(f"pln{denom // 1000}", f"PLN {label}", "PLN", "PLN", price, f"Token listrik PLN Rp {label}")
        )
    for brand, (prefix, spread) in EWALLETS.items():
        for denom in (20_000, 50_000, 100_000, 200_000):
            label = f"{denom:,}".replace(",", ".")
            items.append(
                _prepaid(
                    f"{prefix}{denom // 1000}",
                    f"{DISPLAY[brand]} {label}",
                    "E-Money",
                    brand,
                    denom + spread,
                    f"Saldo {DISPLAY[brand]} Rp {label}",
                    type_="Customer",
                )
            )
    return items


def postpaid_list() -> list[dict]:
    return [
        _postpaid("pln", "PLN Pascabayar", "PLN", 2_500, 1_000, "Tagihan listrik PLN pascabayar"),
        _postpaid("pdam", "PDAM", "PDAM", 2_000, 700, "Tagihan air PDAM"),
        _postpaid("bpjs", "BPJS Kesehatan", "BPJS KESEHATAN", 2_500, 1_000, "Iuran BPJS Kesehatan"),
    ]


NAMES = (
    "SITI AMINAH",
    "BUDI SANTOSO",
    "I KETUT SUARDANA",
    "YOHANES WENDA",
    "NURHAYATI",
    "AGUS SALIM",
    "MARIA OCTAVIA",
    "RUDI PRAYITNO",
    "DEWI LESTARI",
    "ANDI MAPPANYUKKI",
    "FRANSISKUS LAKA",
    "RATNA SARI",
)
SEGMENTS = (("R1", 900, 1352), ("R1", 1300, 1444), ("R1", 2200, 1444), ("R2", 3500, 1699))
