"""The catalog's business rules: the package's public surface (orders and web import this).

Products (products.py), stock (stock/), photos (photos.py), CSV import (imports.py), search
and indexing (searching.py), one call per shop or staff screen (pages.py).
"""

from catalog.service.counter import (
    CounterItem,
    counter_items,
    counter_items_by_ids,
    counter_items_by_sku,
    counter_items_since,
    put_back,
    take_for_sale,
    take_many_for_sale,
)
from catalog.service.imports import COLUMNS as IMPORT_COLUMNS
from catalog.service.imports import create_import, get_import, run_import, run_pending_imports, template_csv
from catalog.service.inventory import stock_value
from catalog.service.pages import (
    check_photo,
    create_listing,
    latest_imports,
    staff_product,
    storefront,
    suggest,
    update_listing,
)
from catalog.service.photos import add_photo, make_webp, photo_srcset, photo_url, remove_photo, stage_photo, staged_url
from catalog.service.products import (
    create_product,
    get_product,
    list_products,
    parse_product,
    remove_product,
    unit_price,
    update_product,
)
from catalog.service.searching import (
    cooperative_status_changed,
    parse_query,
    rebuild_index,
    reindex_products,
    search_products,
)
from catalog.service.stock import (
    adjust_stock,
    finish_many,
    offers,
    offers_beside,
    receive_stock,
    release,
    reserve,
    reserve_many,
    set_stock,
    stock_of,
    take,
)
from catalog.taxonomy import CATEGORIES, CATEGORY_NAMES, UNITS

__all__ = [name for name in dir() if not name.startswith("_")]
