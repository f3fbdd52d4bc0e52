"""Config for Tortoise's own CLI (``tortoise -c market.tortoise_cli.TORTOISE_ORM makemigrations``)."""

from market.db import tortoise_config
from market.settings import load

_settings = load()
TORTOISE_ORM = tortoise_config(_settings.database_url, pool_size=_settings.db_pool_size)
