"""Opening balances of a cooperative that joins mid-life, from three CSV templates, booked as ONE
balanced entry (source ``opening``) dated the opening day, once per cooperative.

(a) ``neraca`` — the opening trial balance (neraca saldo) at that day: account number, debit,
    credit. It includes the year-to-date income and expense accounts (groups 4–8), not only the
    balance sheet: the PHU of the year and the SHU to share are then right from day one, and the
    year's figures stay traceable to lines rather than folded into one equity amount. SHU tahun
    berjalan (3107) is therefore refused: the year's result is what its income and expense lines
    say. Savings appear as their totals (3101 pokok, 3102 wajib, 2105 sukarela).
(b) ``simpanan`` — each member's savings (member number, pokok, wajib, sukarela). The totals
    must MATCH the 3101/3102/2105 lines of (a); the entry books them per member instead of the
    totals. Lines 3101/3102/2105 in (a) without this file are refused (a saving is a member's).
(c) ``transaksi`` — members' year-to-date business (member number, kind, amount): pembelian →
    4101, pasok → 5101, ppob → 4103. Posted as tagged legs (member + kind) splitting that line of
    (a), the rest untagged; their sum may not exceed the line. Members' SHU weights are then right
    from day one.

A bad file is refused whole (OpeningRefused, ``problems``: file, row, column, message) and
nothing changes. Wallets (2106) and the inter-book pair (1103, 2103) start at zero: they are
the platform's business.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from market import chart, db
from market.errors import DomainError
from market.models import Account, JournalEntry, Member
from market.service import ledger
from market.service.journal import csvrows
from market.service.journal.access import MANAGERS
from market.service.journal.accounts import PAIRED
from market.service.journal.entries import check_date
from market.service.journal.errors import OpeningExists, OpeningRefused
from market.service.journal.schemas import EntryOut
from market.service.journal.templates import KINDS, SAVINGS_CODES, SAVINGS_COLUMNS
from market.service.journal.views import get_entry
from market.service.users import Actor, require_coop

P = csvrows.Problems


@dataclass
class Line:
    row: int
    account: Account
    amount: int  # signed: debit +, credit −


async def _trial_balance(coop_id: int, content: bytes, out: P) -> dict[str, Line]:
    rows = csvrows.read(content, "neraca", ("nomor_akun", "debit", "kredit"), ("nomor_akun", "debit", "kredit"), out)
    accounts = {a.number: a for a in await Account.filter(cooperative_id=coop_id, member_id=None).exclude(number="")}
    lines: dict[str, Line] = {}
    for row in rows:
        n, number = row["_row"], row.get("nomor_akun", "")
        debit, credit = csvrows.amount(row, "debit", "neraca", out), csvrows.amount(row, "kredit", "neraca", out)
        account = accounts[number] if number in accounts else _savings_total(number)
        if account is None:
            out.add("neraca", n, "nomor_akun", f"Akun {number or '(kosong)'} tidak ada di bagan akun koperasi")
        elif account.code == "wallet" or account.code in PAIRED:
            out.add("neraca", n, "nomor_akun", f"Akun {number} dimulai dari nol (saldo platform), jangan diisi")
        elif account.code == "shu_tahun_berjalan":
            out.add("neraca", n, "nomor_akun", "SHU tahun berjalan dihitung dari akun pendapatan dan beban (4–8)")
        elif number in lines:
            out.add("neraca", n, "nomor_akun", f"Akun {number} sudah ada di baris {lines[number].row}")
        elif debit is None or credit is None:
            continue
        elif (debit > 0) == (credit > 0):
            out.add("neraca", n, "debit", "Isi debit atau kredit (salah satu, lebih dari nol)")
        elif not account.allow_negative and (debit - credit) * ledger.normal_sign(account.type) < 0:
            side = "debit" if ledger.normal_sign(account.type) > 0 else "kredit"
            out.add(
                "neraca", n, "debit" if side == "kredit" else "kredit", f"Saldo {account.name} harus di sisi {side}"
            )
        else:
            lines[number] = Line(n, account, debit - credit)
    total = sum(x.amount for x in lines.values())
    if rows and not out and total:
        debits = sum(x.amount for x in lines.values() if x.amount > 0)
        out.add("neraca", None, None, f"Neraca saldo tidak seimbang: debit {debits:,} ≠ kredit {debits - total:,}")
    return lines


def _savings_total(number: str) -> Account | None:
    """A stand-in for a per-member line of the chart (3101, 3102, 2105, 2106) named in (a)."""
    spec = next((s for s in chart.COOP_CHART if s.number == number and s.per_member), None)
    if spec is None:
        return None
    return Account(code=spec.code, number=spec.number, name=spec.name, type=spec.type, allow_negative=True)


async def _members(coop_id: int, rows: list[dict], file: str, out: P) -> dict[str, int]:
    numbers = {r.get("nomor_anggota", "") for r in rows}
    found = {m.member_number: m.id for m in await Member.filter(cooperative_id=coop_id, member_number__in=numbers)}
    for row in rows:
        if row.get("nomor_anggota", "") not in found:
            out.add(file, row["_row"], "nomor_anggota", f"Anggota {row.get('nomor_anggota') or '(kosong)'} tidak ada")
    return found


async def _savings(coop_id: int, content: bytes | None, lines: dict[str, Line], out: P) -> list[tuple[int, str, int]]:
    """(member id, account code, amount) per member and kind; totals checked against (a)."""
    rows = (
        csvrows.read(content, "simpanan", ("nomor_anggota",), ("nomor_anggota", *SAVINGS_COLUMNS), out)
        if content
        else []
    )
    members = await _members(coop_id, rows, "simpanan", out)
    seen: dict[str, int] = {}
    result: list[tuple[int, str, int]] = []
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        number = row.get("nomor_anggota", "")
        if number in seen:
            out.add("simpanan", row["_row"], "nomor_anggota", f"Anggota {number} sudah ada di baris {seen[number]}")
            continue
        seen[number] = row["_row"]
        for column in SAVINGS_COLUMNS:
            value = csvrows.amount(row, column, "simpanan", out)
            if value and number in members:
                result.append((members[number], SAVINGS_CODES[column], value))
                totals[column] += value
    by_code = _by_code(lines)
    for column, code in SAVINGS_CODES.items():
        line = by_code.get(code)
        expected = -line.amount if line else 0
        if totals[column] != expected:
            where = f"baris {line.row} neraca" if line else "neraca (tidak ada barisnya)"
            out.add("simpanan", None, column, f"Total {column} {totals[column]:,} ≠ {expected:,} di {where}")
    return result


def _by_code(lines: dict[str, Line]) -> dict[str, Line]:
    return {line.account.code: line for line in lines.values()}


async def _business(coop_id: int, content: bytes | None, lines: dict[str, Line], out: P) -> list[tuple[int, str, int]]:
    """(member id, kind, amount) summed per member and kind; per kind at most (a)'s line."""
    columns = ("nomor_anggota", "jenis", "jumlah")
    rows = csvrows.read(content, "transaksi", columns, columns, out) if content else []
    members = await _members(coop_id, rows, "transaksi", out)
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for row in rows:
        found = KINDS.get(row.get("jenis", "").strip().lower())
        value = csvrows.amount(row, "jumlah", "transaksi", out)
        if found is None:
            out.add("transaksi", row["_row"], "jenis", "Jenis harus pembelian, pasok atau ppob")
        elif value == 0:
            out.add("transaksi", row["_row"], "jumlah", "Jumlah harus lebih dari nol")
        elif value and row.get("nomor_anggota", "") in members:
            sums[(members[row["nomor_anggota"]], found[0])] += value
    by_code = _by_code(lines)
    for kind, code in dict(KINDS.values()).items():
        total = sum(v for (_, k), v in sums.items() if k == kind)
        line = by_code.get(code)
        room = line.amount * ledger.normal_sign(line.account.type) if line else 0
        if total > room:
            out.add(
                "transaksi", None, "jumlah", f"Total {kind} {total:,} melebihi saldo akun {code} di neraca ({room:,})"
            )
    return [(member, kind, value) for (member, kind), value in sums.items()]


def _legs(lines: dict[str, Line], savings, business, accounts: dict[tuple[str, int | None], Account]) -> list:
    legs = []
    tagged: dict[str, int] = defaultdict(int)
    code_of = dict(KINDS.values())
    for member, kind, value in business:
        account = accounts[(code_of[kind], None)]
        sign = ledger.normal_sign(account.type)  # revenue credits (−), HPP debits (+)
        legs.append(ledger.Leg(account, value * sign, member, kind))
        tagged[account.code] += value * sign
    for member, code, value in savings:
        legs.append(ledger.credit(accounts[(code, member)], value))
    for line in lines.values():
        if line.account.code in SAVINGS_CODES.values():
            continue  # booked per member above
        rest = line.amount - tagged.get(line.account.code, 0)
        if rest:
            legs.append(ledger.Leg(accounts[(line.account.code, None)], rest))
    return legs


async def _accounts(coop_id: int, lines: dict[str, Line], savings) -> dict[tuple[str, int | None], Account]:
    found: dict[tuple[str, int | None], Account] = {
        (line.account.code, None): line.account for line in lines.values() if line.account.id
    }
    for member, code, _ in savings:
        found[(code, member)] = await ledger.chart_account(coop_id, code, member_id=member)
    for _, code in KINDS.values():
        if (code, None) not in found:
            found[(code, None)] = await ledger.chart_account(coop_id, code)
    return found


async def import_opening(
    coop_id: int,
    *,
    opened_on: date,
    trial_balance: bytes,
    savings: bytes | None = None,
    transactions: bytes | None = None,
    actor: Actor,
) -> EntryOut:
    """Check the three files and book the opening entry; refuse them whole with every reason."""
    require_coop(actor, coop_id, roles=MANAGERS)
    await check_date(coop_id, opened_on)
    earlier = await JournalEntry.filter(cooperative_id=coop_id, source="opening").values_list("id", flat=True)
    undone = set(await JournalEntry.filter(reverses_id__in=list(earlier)).values_list("reverses_id", flat=True))
    if set(earlier) - undone:
        raise OpeningExists("Saldo awal koperasi ini sudah diimpor; koreksi lewat jurnal pembalik atau jurnal manual")
    out = P()
    lines = await _trial_balance(coop_id, trial_balance, out)
    if not lines and not out:
        out.add("neraca", None, None, "Neraca saldo tidak berisi baris")
    member_savings = await _savings(coop_id, savings, lines, out)
    business = await _business(coop_id, transactions, lines, out)
    if out:
        raise OpeningRefused(f"Impor ditolak: {len(out.items)} masalah; tidak ada yang dicatat", problems=out.items)
    async with db.transaction():
        legs = _legs(lines, member_savings, business, await _accounts(coop_id, lines, member_savings))
        try:
            entry, _ = await ledger.post_entry(
                f"opening:{coop_id}:{len(earlier) + 1}",
                legs,
                description=f"Saldo awal per {opened_on:%d/%m/%Y}",
                cooperative_id=coop_id,
                actor_user_id=actor.user_id,
                booked_on=opened_on,
                source="opening",
            )
        except DomainError as exc:
            if exc.status >= 500 or exc.code == "market.period_locked":
                raise
            raise OpeningRefused(exc.detail, problems=[{"file": "neraca", "row": None, "column": None,
                                                         "message": exc.detail}]) from exc  # fmt: skip
    return await get_entry(coop_id, entry.id)
