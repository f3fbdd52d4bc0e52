"""The cooperative's chart as people use it: accounts by number, and accounts it adds itself.

An added account's type and its place on the statements follow from its number
(``market.chart.type_of_number``, ``market.chart.section_of``); its code is ``akun_<number>``.
"""

from __future__ import annotations

from market import chart
from market.errors import Conflict, InvalidInput, NotFound
from market.models import Account
from market.service import ledger
from market.service.cooperatives import get_cooperative
from market.service.journal.access import MANAGERS
from market.service.journal.schemas import ChartAccountOut
from market.service.users import Actor, require_coop

# Accounts a hand-written entry may not touch: the halves of an inter-book pair mirror the
# platform's book (only the flows move them, through ``ledger.bridge``).
PAIRED = frozenset({chart.COOP_PAIR, chart.COOP_PPOB_PAIR})
CUSTOM_PREFIX = "akun_"


def account_out(account: Account, balance: int | None = None) -> ChartAccountOut:
    statement, group, title = chart.section_of(account.number)
    spec = chart.BY_CODE.get(account.code)
    return ChartAccountOut(
        id=account.id,
        code=account.code,
        number=account.number,
        name=account.name,
        type=str(account.type),
        statement=statement,
        group=group,
        group_title=title,
        balance=ledger.natural_balance(account) if balance is None else balance,
        per_member=bool(spec and spec.per_member),
        custom=account.code.startswith(CUSTOM_PREFIX),
    )


async def list_chart(coop_id: int) -> list[ChartAccountOut]:
    """Every line of the cooperative's chart by number; a per-member line (savings, wallets) once,
    with the sum of its members' accounts."""
    await get_cooperative(coop_id)
    accounts = await Account.filter(cooperative_id=coop_id).exclude(number="").order_by("number", "id")
    lines: dict[str, ChartAccountOut] = {}
    for account in accounts:
        row = lines.get(account.number)
        if row is None:
            lines[account.number] = account_out(account)
            if account.member_id is not None:
                lines[account.number].id = 0
        else:
            row.balance += ledger.natural_balance(account)
    for spec in chart.COOP_CHART:  # a per-member line nobody holds yet is still a line of the chart
        if spec.per_member and spec.number not in lines:
            statement, group, title = chart.section_of(spec.number)
            lines[spec.number] = ChartAccountOut(
                id=0, code=spec.code, number=spec.number, name=spec.name, type=str(spec.type), statement=statement,
                group=group, group_title=title, balance=0, per_member=True, custom=False,
            )  # fmt: skip
    return [lines[n] for n in sorted(lines)]


async def account_by_number(coop_id: int, number: str, *, field: str = "account") -> Account:
    """The cooperative's own (not per-member) account with *number*."""
    number = (number or "").strip()
    account = await Account.get_or_none(cooperative_id=coop_id, member_id=None, number=number)
    if account is None:
        spec = next((s for s in chart.COOP_CHART if s.number == number), None)
        if spec is not None and spec.per_member:
            raise InvalidInput(f"Akun {number} dicatat per anggota; gunakan menu simpanan anggota", field=field)
        raise NotFound(f"Akun {number or '(kosong)'} tidak ada di bagan akun koperasi ini", field=field)
    return account


async def add_account(coop_id: int, number: str, name: str, *, actor: Actor | None = None) -> ChartAccountOut:
    """Add an account to the cooperative's chart; its number (4 digits, 1–8 first) must be new."""
    if actor is not None:
        require_coop(actor, coop_id, roles=MANAGERS)
    await get_cooperative(coop_id)
    number, name = (number or "").strip(), " ".join((name or "").split())
    try:
        account_type = chart.type_of_number(number)
    except ValueError as exc:
        raise InvalidInput("Nomor akun terdiri dari 4 angka, diawali 1–8", field="number") from exc
    if len(name) < 3 or len(name) > 200:
        raise InvalidInput("Nama akun 3–200 karakter", field="name")
    if await Account.exists(cooperative_id=coop_id, number=number):
        raise Conflict(f"Nomor akun {number} sudah dipakai di bagan akun koperasi ini", field="number")
    account = await ledger.get_or_create_account(
        CUSTOM_PREFIX + number, name, account_type, cooperative_id=coop_id, number=number
    )
    if account.name != name:  # another request added the same number a moment earlier
        raise Conflict(f"Nomor akun {number} sudah dipakai di bagan akun koperasi ini", field="number")
    return account_out(account)
