"""Reading the cooperative's journal: one entry with its lines, and the list by period and source.

An entry belongs to a cooperative's journal when it has postings in its book; only those
postings are shown (a bridged entry's platform half is the platform's business).
"""

from __future__ import annotations

from datetime import date

from market import db
from market.errors import NotFound
from market.models import Account, JournalEntry, Posting
from market.service.journal.schemas import EntryOut, LineOut

SOURCES = ("", "manual", "opening", "reversal", "adjustment")


async def get_entry(coop_id: int, entry_id: int) -> EntryOut:
    entry = await JournalEntry.get_or_none(id=entry_id)
    postings = await Posting.filter(entry_id=entry_id, book=coop_id).order_by("id") if entry else []
    if entry is None or not postings:
        raise NotFound("Jurnal tidak ditemukan di buku koperasi ini")
    accounts = {a.id: a for a in await Account.filter(id__in=[p.account_id for p in postings])}
    lines = [
        LineOut(
            account_id=p.account_id,
            number=accounts[p.account_id].number,
            name=accounts[p.account_id].name,
            debit=max(p.amount, 0),
            credit=max(-p.amount, 0),
            member_id=p.member_id,
            kind=p.kind,
        )
        for p in postings
    ]
    lines.sort(key=lambda x: (x.credit > 0, x.number, x.member_id or 0))
    reversal = await JournalEntry.get_or_none(reverses_id=entry_id)
    return _entry_out(entry, sum(x.debit for x in lines), lines, reversal.id if reversal else None)


def _entry_out(entry: JournalEntry, total: int, lines: list[LineOut], reversed_by: int | None) -> EntryOut:
    return EntryOut(
        id=entry.id,
        reference=entry.reference,
        booked_on=entry.booked_on,
        description=entry.description,
        source=entry.source,
        actor_user_id=entry.actor_user_id,
        reverses_id=entry.reverses_id,
        reversed_by_id=reversed_by,
        attachment=entry.attachment,
        created_at=entry.created_at,
        total=total,
        lines=lines,
    )


async def list_entries(
    coop_id: int,
    *,
    start: date | None = None,
    end: date | None = None,
    source: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[EntryOut]:
    """Entries with postings in the cooperative's book, newest first, booked between *start* and
    *end* (inclusive) and of one *source* when given; each with its total (the sum of its debits
    in this book), without its lines."""
    where: list[str] = ["p.book = ?"]
    args: list[object] = [coop_id]
    if start is not None:
        where.append("p.booked_on >= ?")
        args.append(start)
    if end is not None:
        where.append("p.booked_on <= ?")
        args.append(end)
    join = ""
    if source is not None:
        join = " JOIN journal_entry e ON e.id = p.entry_id"
        where.append("e.source = ?")
        args.append(source)
    rows = await db.execute(
        "SELECT p.entry_id AS id, SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END) AS total"
        f" FROM ledger_posting p{join} WHERE {' AND '.join(where)}"
        " GROUP BY p.entry_id ORDER BY p.entry_id DESC LIMIT ? OFFSET ?",
        *args,
        limit,
        offset,
    )
    totals = {r["id"]: int(r["total"]) for r in rows}
    entries = {e.id: e for e in await JournalEntry.filter(id__in=list(totals))}
    reversed_by = {e.reverses_id: e.id for e in await JournalEntry.filter(reverses_id__in=list(totals))}
    return [_entry_out(entries[i], totals[i], [], reversed_by.get(i)) for i in totals if i in entries]
