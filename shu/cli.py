"""CLI of the SHU close: ``market shu close --coop SLUG --year YYYY [--revise]``.

Refusals (books not locked, already closed or approved, a policy that does not add up) exit with
code 2 and the reason; the proposal is printed as its funds and totals.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from shu.schemas import ProposalOut

app = typer.Typer(help="SHU: the year-end close and its proposal.", no_args_is_help=True)


def _rp(amount: int) -> str:
    from market.money import format_idr

    return format_idr(amount)


def print_proposal(p: ProposalOut, slug: str) -> None:
    typer.echo(f"SHU {p.fiscal_year} {slug}: versi {p.version} ({p.state})")
    typer.echo(f"  Pendapatan        {_rp(p.income):>20}")
    typer.echo(f"  Beban             {_rp(p.expenses):>20}")
    typer.echo(f"  SHU sebelum pajak {_rp(p.shu_before_tax):>20}")
    typer.echo(f"  Pajak             {_rp(p.tax):>20}")
    typer.echo(f"  SHU setelah pajak {_rp(p.shu_after_tax):>20}")
    typer.echo(f"    dari anggota    {_rp(p.member_shu):>20}")
    typer.echo(f"    dari non-anggota{_rp(p.non_member_shu):>20}")
    typer.echo("Dana:")
    for f in p.funds:
        typer.echo(f"  {f.name:<32} {f.bps / 100:>6.2f} % {_rp(f.amount):>20}")
    typer.echo(f"  {'Jumlah':<32} {'':>8} {_rp(sum(f.amount for f in p.funds)):>20}")
    typer.echo(f"Anggota yang menerima bagian: {p.detail.get('members', 0)}")
    if p.shu_after_tax < 0:
        typer.echo("Tahun rugi: tidak ada yang dibagikan.")


@app.command("close")
def close(
    coop: Annotated[str, typer.Option(help="The cooperative's slug.")],
    year: Annotated[int, typer.Option(help="The fiscal year (its books locked through 31 December).")],
    revise: Annotated[bool, typer.Option(help="Make the next version (a correction before/after the vote).")] = False,
) -> None:
    """Close the fiscal year: compute and store its SHU proposal; print the funds and totals."""
    from market import db
    from market import service as market
    from market.errors import DomainError
    from market.settings import load
    from shu import service

    settings = load()
    config = db.tortoise_config(settings.database_url, pool_size=2, busy_timeout_ms=settings.sqlite_busy_timeout_ms)

    async def main() -> ProposalOut:
        await db.init(config)
        try:
            found = await market.get_cooperative_by_slug(coop)
            return await service.close_year(found.id, year, actor=None, revise=revise)
        finally:
            await db.close()

    try:
        proposal = asyncio.run(main())
    except DomainError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(2) from exc
    print_proposal(proposal, coop)
