"""Product photos travel light: WebP by width (srcset, made from the photo on first request), the
JPEG as the fallback, a year's immutable caching, and lazy loading only below the first row."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

from PIL import Image

from catalog import service as catalog
from tests.builders import make_coop, make_product
from web.render import env


def jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (150, 90, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


async def test_a_photo_is_served_as_webp_in_the_width_asked_and_cached_for_a_year(client, settings):
    # given: a product with a 640 x 480 photo (stored as JPEG only)
    coop = await make_coop()
    product = await make_product(coop.id, name="Kopi Arabika Bajawa 250 g")
    [key] = await catalog.add_photo(product.id, jpeg(640, 480), media_dir=settings.media_dir, max_bytes=10**6)
    # when: the product's page, then the WebP copies it lists
    page = await client.get(f"/pasar/produk/{product.id}")
    small = await client.get(f"/media/{key}-160.webp")
    wide = await client.get(f"/media/{key}-1024.webp")
    again = await client.get(f"/media/{key}-160.webp")
    fallback = await client.get(catalog.photo_url(key, "large"))
    # then: the page offers WebP by width with the JPEG as <img>, not lazy (it is the first screenful)
    picture = re.search(r"<picture>.*?</picture>", page.text, re.S)
    assert picture and catalog.photo_srcset(key) in picture[0]
    assert f'src="{catalog.photo_url(key, "large")}"' in picture[0] and "loading=" not in picture[0]
    # and: each copy made once at its width (never wider than the photo), then cached for a year
    assert small.status_code == wide.status_code == 200 and small.headers["content-type"] == "image/webp"
    assert Image.open(io.BytesIO(small.content)).size == (160, 120)
    assert Image.open(io.BytesIO(wide.content)).size == (640, 480)
    assert again.content == small.content and (settings.media_dir / f"{key}-160.webp").exists()
    for response in (small, fallback):
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert len(small.content) < len(fallback.content) / 3


async def test_only_the_widths_offered_and_only_photos_that_exist_are_made(client, settings):
    # given
    coop = await make_coop()
    product = await make_product(coop.id)
    [key] = await catalog.add_photo(product.id, jpeg(300, 300), media_dir=settings.media_dir, max_bytes=10**6)
    # when / then
    assert (await client.get(f"/media/{key}-170.webp")).status_code == 404
    assert (await client.get(f"/media/products/{product.id}/000000000000-160.webp")).status_code == 404
    assert (await client.get(f"/media/{key}-160.webp/../../x-160.webp")).status_code == 404
    assert not (settings.media_dir / f"{key}-170.webp").exists()
    # and: removing the photo removes its WebP copies too
    assert (await client.get(f"/media/{key}-320.webp")).status_code == 200
    await catalog.remove_photo(product.id, key, media_dir=settings.media_dir)
    assert not list(settings.media_dir.glob(f"{key}-*"))


def test_thumbnails_of_the_first_row_load_at_once_and_the_rest_lazily():
    # given: a product card's markup, as the shop's grids render it
    card = env.from_string(
        '{% from "shop/_macros.html" import product_card %}'
        "{% for hit in hits %}{{ product_card(hit, photo_url, lazy=loop.index > 2) }}{% endfor %}"
    )
    hits = [
        SimpleNamespace(
            product_id=n,
            name=f"Produk {n}",
            photo=f"products/{n}/abcdef012345",
            price_idr=10_000,
            unit="kg",
            cooperative_name="Koperasi",
            province="NTT",
            halal=False,
            in_stock=True,
            category="kopi",
        )
        for n in (1, 2, 3, 4)
    ]
    # when
    html = card.render(hits=hits, photo_url=catalog.photo_url)
    # then
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 4 and ['loading="lazy"' in tag for tag in images] == [False, False, True, True]
    assert all("loading" not in tag for tag in images[:2])
    assert html.count('type="image/webp"') == 4 and "/media/products/3/abcdef012345-160.webp 160w" in html
