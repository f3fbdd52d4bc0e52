"""The product photos under /media: Starlette's static files, plus a year's immutable caching for
a product's photos (a photo's key is random and its files never change: a new photo is a new key)
and each WebP copy made from the photo the first time it is asked for (catalog.service.make_webp).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.staticfiles import StaticFiles

from catalog import service

FOREVER = "public, max-age=31536000, immutable"


class MediaFiles(StaticFiles):
    async def get_response(self, path: str, scope):
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            folder = Path(str(self.directory))
            made = exc.status_code == 404 and await asyncio.to_thread(service.make_webp, folder, path)
            if not made:
                raise
            response = await super().get_response(path, scope)
        if path.startswith("products/") and response.status_code in (200, 304):
            response.headers["Cache-Control"] = FOREVER
        return response
