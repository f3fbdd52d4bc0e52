"""The live, provisional SHU of the fiscal year to date, taken from the cooperative's books.

Every figure comes from the cooperative's own book (``ledger_posting`` rows of book = its id,
booked 1 January .. today in its time zone), so it can be traced to journal entries
(UU 25/1992 ps. 45; shared/reference/koperasi.md §2.2–2.5):

    SHU sebelum pajak = income (type income) − expenses (type expense, except group 81)
    SHU setelah pajak = SHU sebelum pajak − pajak (group 81)

The part earned from non-members (koperasi.md §2.3) is shown apart. The books do not say which
rupiah of the beban usaha served whom, so SHU after tax is split between the two in proportion
to their gross results — members: 41xx − 51xx, non-members: 42xx − 52xx — by largest remainder
(``allocate``) when both are positive; when only one is positive it earned all of it; when
neither is, nothing is attributed to non-members. With ``Cooperative.non_member_shu_to_reserve``
(default on) the jasa-usaha share of that part goes to cadangan instead of the jasa-usaha pool:

    distributable     = max(SHU setelah pajak, 0)
    pool jasa modal   = distributable × jasa_modal (bp)
    JU of non-members = non-member part × jasa_usaha (bp)         → cadangan (setting on)
    pool jasa usaha   = distributable × jasa_usaha (bp) − JU of non-members
    member's JU       = pool JU split by members' weights: their tagged postings of the year
                        (``member_id`` + ``kind`` purchase / supply / ppob, natural sign)
    member's JM       = pool JM split by members' capital (pokok + wajib, + sukarela if the
                        policy says so), balances today

Both splits use ``allocate`` so the members' shares add up to each pool to the rupiah.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from market import chart, db
from market.models import MemberStatus
from market.money import allocate, apply_bps
from market.service import zones
from market.service.cooperatives import get_cooperative
from market.service.members import SAVINGS, get_member

# The natural sign of a posting: debit-normal accounts count debits, the others credits.
_NATURAL = "CASE WHEN a.type IN ('asset', 'expense') THEN p.amount ELSE -p.amount END"


@dataclass
class MemberShu:
    member_id: int
    weight: int
    capital: int
    jasa_usaha: int
    jasa_modal: int
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.jasa_usaha + self.jasa_modal


@dataclass
class CoopShu:
    cooperative_id: int
    fiscal_year: int
    period_start: date
    period_end: date
    income: int
    expenses: int
    tax: int
    shu_before_tax: int
    shu_after_tax: int
    member_gross: int  # 41xx − 51xx
    non_member_gross: int  # 42xx − 52xx
    member_shu: int
    non_member_shu: int
    non_member_shu_to_reserve: bool
    non_member_jasa_usaha: int  # the jasa-usaha share of the non-member part, to cadangan
    distributable: int
    jasa_usaha_bps: int
    jasa_modal_bps: int
    pool_jasa_usaha_gross: int
    pool_jasa_usaha: int
    pool_jasa_modal: int
    weight_total: int
    capital_total: int
    capital_kinds: tuple[str, ...]
    members: dict[int, MemberShu]
    by_kind: dict[str, int]


def year_to_date(year: int | None, today: date) -> tuple[int, date, date]:
    """(year, 1 January, last day counted): today for the running year, 31 December for a past one."""
    year = year or today.year
    return year, date(year, 1, 1), min(today, date(year, 12, 31))


async def _results(coop_id: int, start: date, end: date) -> dict[str, int]:
    """Income, expenses, tax and the member / non-member gross results of the book in the period."""
    rows = await db.execute(
        "SELECT a.number AS number, a.type AS type, t.total AS total FROM"
        " (SELECT account_id, SUM(amount) AS total FROM ledger_posting"
        "  WHERE book = ? AND booked_on >= ? AND booked_on <= ? GROUP BY account_id) t"
        " JOIN ledger_account a ON a.id = t.account_id WHERE a.type IN ('income', 'expense')",
        coop_id,
        start,
        end,
    )
    out = dict.fromkeys(("income", "expenses", "tax", "member_gross", "non_member_gross"), 0)
    for row in rows:
        total, number = int(row["total"] or 0), str(row["number"] or "")
        _, group, _ = chart.section_of(number)
        if row["type"] == "income":
            out["income"] -= total
        elif number.startswith("81"):
            out["tax"] += total
        else:
            out["expenses"] += total
        if group in ("pendapatan_anggota", "hpp_anggota"):
            out["member_gross"] -= total
        elif group in ("pendapatan_non_anggota", "hpp_non_anggota"):
            out["non_member_gross"] -= total
    return out


def split_non_member(shu_after_tax: int, member_gross: int, non_member_gross: int) -> tuple[int, int]:
    """(member part, non-member part) of a positive SHU, by the two gross results."""
    if shu_after_tax <= 0 or non_member_gross <= 0:
        return max(shu_after_tax, 0), 0
    if member_gross <= 0:
        return 0, shu_after_tax
    member, non_member = allocate(shu_after_tax, [member_gross, non_member_gross])
    return member, non_member


async def _weights(coop_id: int, start: date, end: date) -> dict[int, dict[str, int]]:
    """Each member's tagged business in the period, per kind (natural sign)."""
    rows = await db.execute(
        f"SELECT p.member_id AS member_id, p.kind AS kind, SUM({_NATURAL}) AS total FROM ledger_posting p"
        " JOIN ledger_account a ON a.id = p.account_id"
        " WHERE p.book = ? AND p.booked_on >= ? AND p.booked_on <= ? AND p.member_id IS NOT NULL"
        " GROUP BY p.member_id, p.kind",
        coop_id,
        start,
        end,
    )
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        out[int(row["member_id"])][str(row["kind"])] = int(row["total"] or 0)
    return out


async def _capital(coop_id: int, kinds: tuple[str, ...]) -> dict[int, int]:
    """Each member's capital (the natural balances of their savings of *kinds*), in one query."""
    codes = [SAVINGS[k][0] for k in kinds]
    marks = ", ".join("?" * len(codes))
    rows = await db.execute(
        "SELECT member_id, SUM(CASE WHEN type IN ('asset', 'expense') THEN balance ELSE -balance END) AS total"
        f" FROM ledger_account WHERE cooperative_id = ? AND member_id IS NOT NULL AND code IN ({marks})"
        " GROUP BY member_id",
        coop_id,
        *codes,
    )
    return {int(r["member_id"]): int(r["total"] or 0) for r in rows}


def _split(pool: int, weights: list[int]) -> list[int]:
    return allocate(pool, weights) if sum(weights) else [0] * len(weights)


async def _members(
    coop_id: int, start: date, end: date, capital_kinds: tuple[str, ...], pool_ju: int, pool_jm: int
) -> dict[int, MemberShu]:
    """Every member still in the cooperative: weight, capital and their shares of the two pools."""
    rows = await db.execute(
        "SELECT id FROM member WHERE cooperative_id = ? AND status <> ? ORDER BY id", coop_id, str(MemberStatus.EXITED)
    )
    ids = [int(r["id"]) for r in rows]
    weights, capital = await _weights(coop_id, start, end), await _capital(coop_id, capital_kinds)
    ju_weights = [max(sum(weights.get(i, {}).values()), 0) for i in ids]
    jm_weights = [max(capital.get(i, 0), 0) for i in ids]
    ju, jm = _split(pool_ju, ju_weights), _split(pool_jm, jm_weights)
    return {
        i: MemberShu(i, ju_weights[n], jm_weights[n], ju[n], jm[n], dict(weights.get(i, {}))) for n, i in enumerate(ids)
    }


async def live_shu(coop_id: int, *, year: int | None = None) -> CoopShu:
    """The provisional SHU of the cooperative and every member for the fiscal *year* (to date)."""
    coop = await get_cooperative(coop_id)
    today = await zones.day_in(coop_id)
    year, start, end = year_to_date(year, today)
    r = await _results(coop_id, start, end)
    before_tax = r["income"] - r["expenses"]
    after_tax = before_tax - r["tax"]
    member_part, non_member_part = split_non_member(after_tax, r["member_gross"], r["non_member_gross"])
    policy = coop.shu_policy or {}
    ju_bps, jm_bps = int(policy.get("jasa_usaha", 0)), int(policy.get("jasa_modal", 0))
    distributable = max(after_tax, 0)
    pool_ju_gross = apply_bps(distributable, ju_bps)
    to_reserve = coop.non_member_shu_to_reserve
    non_member_ju = apply_bps(non_member_part, ju_bps) if to_reserve else 0
    pool_ju, pool_jm = pool_ju_gross - non_member_ju, apply_bps(distributable, jm_bps)

    capital_kinds = ("pokok", "wajib") + (("sukarela",) if coop.sukarela_counts_for_modal else ())
    members = await _members(coop_id, start, end, capital_kinds, pool_ju, pool_jm)
    by_kind: dict[str, int] = defaultdict(int)
    for m in members.values():
        for kind, amount in m.by_kind.items():
            by_kind[kind] += amount
    return CoopShu(
        cooperative_id=coop_id,
        fiscal_year=year,
        period_start=start,
        period_end=end,
        income=r["income"],
        expenses=r["expenses"],
        tax=r["tax"],
        shu_before_tax=before_tax,
        shu_after_tax=after_tax,
        member_gross=r["member_gross"],
        non_member_gross=r["non_member_gross"],
        member_shu=member_part,
        non_member_shu=non_member_part,
        non_member_shu_to_reserve=to_reserve,
        non_member_jasa_usaha=non_member_ju,
        distributable=distributable,
        jasa_usaha_bps=ju_bps,
        jasa_modal_bps=jm_bps,
        pool_jasa_usaha_gross=pool_ju_gross,
        pool_jasa_usaha=pool_ju,
        pool_jasa_modal=pool_jm,
        weight_total=sum(m.weight for m in members.values()),
        capital_total=sum(m.capital for m in members.values()),
        capital_kinds=capital_kinds,
        members=members,
        by_kind=dict(by_kind),
    )


# The live SHU of a whole cooperative, per process: (database epoch, cooperative, year) ->
# (the book's last posting id then, the figure). A member's page reads it instead of recomputing
# every member of the cooperative on each request; any new posting in the book recomputes it.
_live: dict[tuple[int, int, int | None], tuple[tuple, CoopShu]] = {}


async def _book_stamp(coop_id: int) -> tuple:
    """What the live figure depends on besides time: the book's last posting, the members still
    in, and the SHU policy — one round trip."""
    rows = await db.execute(
        "SELECT (SELECT MAX(id) FROM ledger_posting WHERE book = c.id) AS last,"
        " (SELECT COUNT(*) FROM member m WHERE m.cooperative_id = c.id AND m.status <> ?) AS members,"
        " c.shu_policy AS policy, c.non_member_shu_to_reserve AS reserve, c.sukarela_counts_for_modal AS sukarela"
        " FROM cooperative c WHERE c.id = ?",
        str(MemberStatus.EXITED),
        coop_id,
    )
    return tuple(str(v) for v in rows[0].values()) if rows else ()


async def cached_live_shu(coop_id: int, *, year: int | None = None) -> CoopShu:
    """``live_shu`` as of the cooperative's last posting: recomputed only when its book moved, a
    member joined or left, or its SHU policy changed; one round trip otherwise."""
    key = (db.epoch, coop_id, year)
    stamp = await _book_stamp(coop_id)
    hit = _live.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    figure = await live_shu(coop_id, year=year)
    _live[key] = (stamp, figure)
    return figure


@dataclass
class WeightEntry:
    """One tagged posting behind a member's jasa-usaha weight."""

    booked_on: date
    reference: str
    description: str
    kind: str
    amount: int


@dataclass
class MemberShuExplained:
    coop: CoopShu
    mine: MemberShu
    entries: list[WeightEntry]


async def weight_entries(
    coop_id: int, member_id: int, start: date, end: date, *, limit: int = 500
) -> list[WeightEntry]:
    """The member's tagged postings in the period, oldest first: where their weight comes from."""
    rows = await db.execute(
        f"SELECT p.booked_on AS booked_on, e.reference AS reference, e.description AS description,"
        f" p.kind AS kind, {_NATURAL} AS amount FROM ledger_posting p"
        " JOIN ledger_account a ON a.id = p.account_id JOIN journal_entry e ON e.id = p.entry_id"
        " WHERE p.book = ? AND p.member_id = ? AND p.booked_on >= ? AND p.booked_on <= ?"
        " ORDER BY p.booked_on, p.id LIMIT ?",
        coop_id,
        member_id,
        start,
        end,
        limit,
    )
    return [
        WeightEntry(
            booked_on=r["booked_on"] if isinstance(r["booked_on"], date) else date.fromisoformat(str(r["booked_on"])),
            reference=str(r["reference"]),
            description=str(r["description"] or ""),
            kind=str(r["kind"]),
            amount=int(r["amount"]),
        )
        for r in rows
    ]


async def member_shu(coop_id: int, member_id: int, *, year: int | None = None) -> MemberShuExplained:
    """A member's live SHU with every figure needed to check it by hand, and the entries behind it."""
    await get_member(coop_id, member_id)
    coop = await cached_live_shu(coop_id, year=year)
    mine = coop.members.get(member_id) or MemberShu(member_id, 0, 0, 0, 0)
    entries = await weight_entries(coop_id, member_id, coop.period_start, coop.period_end)
    return MemberShuExplained(coop=coop, mine=mine, entries=entries)


# Public names for the year-end close (shu.service.close reuses the live SHU's reading of the book).
book_results = _results
member_weights = _weights
NATURAL_SIGN = _NATURAL
