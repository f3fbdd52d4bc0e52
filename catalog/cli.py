"""``market search …``: index maintenance from the command line."""

from __future__ import annotations

import asyncio

import typer

app = typer.Typer(help="Search index.", no_args_is_help=True)


@app.command()
def reindex() -> None:
    """Rebuild the search index from the products, with a progress bar."""
    from catalog import search, service
    from market import db
    from market.settings import load

    settings = load()
    config = db.tortoise_config(
        settings.database_url, pool_size=settings.db_pool_size, busy_timeout_ms=settings.sqlite_busy_timeout_ms
    )

    async def main() -> int:
        await db.init(config)
        try:
            engine = search.engine_from(settings)
            typer.echo(f"engine: {engine.name}")
            with typer.progressbar(length=1, label="indexing") as bar:

                def progress(done: int, total: int) -> None:
                    bar.length = max(total, 1)
                    bar.update(done - bar.pos)

                return await service.rebuild_index(engine, progress)
        finally:
            await db.close()

    count = asyncio.run(main())
    typer.echo(f"{count} products indexed.")


if __name__ == "__main__":
    app()
