"""Manual journal entries and their reversals: what a cooperative books by hand (expenses —
gaji, sewa, listrik, transport, penyusutan —, other income, tax) and how a mistake is undone.

Nothing is ever edited or deleted. A wrong entry is answered by a reversing entry (every posting
negated, member tags kept) dated today, once per entry.

A manual entry moves only the cooperative's own accounts, never a per-member one (savings and
wallets have their own flows and rules; a member's business weight comes from real trades and
the opening import, not from a typed line) and never a half of an inter-book pair (piutang
platform, utang PPOB: they mirror the platform's book).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from market import db
from market.clock import today_in
from market.errors import InvalidInput, NotFound, PeriodLocked
from market.models import Account, JournalEntry, Posting
from market.service import idempotency, ledger
from market.service.cooperatives import get_cooperative
from market.service.journal import receipts
from market.service.journal.access import MANAGERS
from market.service.journal.accounts import PAIRED, account_by_number
from market.service.journal.errors import AlreadyReversed, EntryNotBalanced
from market.service.journal.schemas import MAX_LINES, MIN_DESCRIPTION, LineIn
from market.service.journal.views import get_entry
from market.service.users import Actor, require_coop

REVERSIBLE = frozenset({"manual", "opening"})


@dataclass(frozen=True)
class Photo:
    """An uploaded receipt photo and where receipts are kept."""

    content: bytes
    directory: Path
    max_bytes: int = 5 * 1024 * 1024


def _lines(lines: Iterable[LineIn | Sequence]) -> list[LineIn]:
    out = []
    for i, line in enumerate(lines, start=1):
        if not isinstance(line, LineIn):
            account, debit, credit = (list(line) + [0, 0])[:3]
            line = LineIn.model_construct(account=str(account), debit=debit, credit=credit)
        for value in (line.debit, line.credit):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidInput(f"Baris {i}: jumlah harus rupiah bulat, tidak negatif", field="lines")
        if (line.debit > 0) == (line.credit > 0):
            raise InvalidInput(f"Baris {i}: isi debit atau kredit (salah satu, lebih dari nol)", field="lines")
        out.append(line)
    if not 2 <= len(out) <= MAX_LINES:
        raise InvalidInput(f"Jurnal terdiri dari 2–{MAX_LINES} baris", field="lines")
    return out


def _check_text(description: str) -> str:
    text = " ".join((description or "").split())
    if len(text) < MIN_DESCRIPTION:
        raise InvalidInput(f"Keterangan paling sedikit {MIN_DESCRIPTION} karakter", field="description")
    if len(text) > 300:
        raise InvalidInput("Keterangan paling banyak 300 karakter", field="description")
    return text


async def check_date(coop_id: int, booked_on: date) -> None:
    """A date not in the future (in the cooperative's clock) and not in a closed month."""
    coop = await get_cooperative(coop_id)
    if booked_on > today_in(coop):
        raise InvalidInput("Tanggal tidak boleh di masa depan", field="booked_on")
    if coop.books_locked_through and booked_on <= coop.books_locked_through:
        raise PeriodLocked(
            f"Periode {booked_on:%m/%Y} sudah ditutup (sampai {coop.books_locked_through:%d/%m/%Y}):"
            " catat koreksi di periode yang terbuka",
            field="booked_on",
        )


async def _legs(coop_id: int, lines: list[LineIn]) -> list[ledger.Leg]:
    legs = []
    for i, line in enumerate(lines, start=1):
        account = await account_by_number(coop_id, line.account, field="lines")
        if account.code in PAIRED:
            raise InvalidInput(
                f"Baris {i}: akun {account.number} hanya digerakkan transaksi platform, tidak lewat jurnal manual",
                field="lines",
            )
        legs.append(ledger.debit(account, line.debit) if line.debit else ledger.credit(account, line.credit))
    debits, credits = sum(x.debit for x in lines), sum(x.credit for x in lines)
    if debits != credits:
        raise EntryNotBalanced(
            f"Jurnal tidak seimbang: debit Rp {debits:,} ≠ kredit Rp {credits:,}".replace(",", "."),
            field="lines",
            debit=debits,
            credit=credits,
        )
    return legs


async def post_manual(
    coop_id: int,
    lines: Iterable[LineIn | Sequence],
    *,
    booked_on: date,
    description: str,
    actor: Actor,
    attachment: Photo | None = None,
    idempotency_key: str | None = None,
):
    """Post a manual entry (source ``manual``) by the cooperative's manager or the operator.

    *lines* are ``LineIn`` or ``(account number, debit, credit)``: the cooperative's own accounts,
    each line a debit or a credit in whole rupiah above zero, debits equal to credits. Dated
    *booked_on* (not in the future in the cooperative's time zone, not in a closed month:
    PeriodLocked), described, the poster kept as ``actor_user_id``, an optional receipt photo.
    The same *idempotency_key* of the same user gets the first answer again (a refusal too).
    Nothing changes when it is refused."""
    require_coop(actor, coop_id, roles=MANAGERS)
    checked = _lines(lines)
    text = _check_text(description)
    jpeg = await receipts.checked(attachment.content, max_bytes=attachment.max_bytes) if attachment else None
    request = {
        "op": "journal.manual",
        "coop": coop_id,
        "lines": [[x.account, x.debit, x.credit] for x in checked],
        "booked_on": booked_on.isoformat(),
        "description": text,
        "photo": hashlib.sha256(attachment.content).hexdigest() if attachment else None,
    }

    async def work(claim: idempotency.Claim | None):
        await check_date(coop_id, booked_on)
        legs = await _legs(coop_id, checked)
        name = receipts.write(coop_id, jpeg, attachment.directory) if attachment and jpeg else ""
        try:
            entry, _ = await ledger.post_entry(
                f"manual:{coop_id}:{claim.reference if claim else uuid.uuid4().hex}",
                legs,
                description=text,
                cooperative_id=coop_id,
                actor_user_id=actor.user_id,
                booked_on=booked_on,
                source="manual",
                attachment=name,
            )
        except BaseException:
            if attachment and name:
                receipts.remove(name, attachment.directory)
            raise
        return await get_entry(coop_id, entry.id)

    return await idempotency.once(
        idempotency.scope_of(actor.user_id),
        idempotency_key,
        request,
        work,
        dump=lambda out: out.id,
        load=lambda entry_id: get_entry(coop_id, entry_id),
        status=201,
    )


async def reverse_entry(coop_id: int, entry_id: int, *, reason: str, actor: Actor):
    """Book the reversal of a manual or opening entry: every posting negated (member tags kept),
    dated today in the cooperative's time zone (always an open period), source ``reversal``,
    ``reverses_id`` set. Once per entry: a second reversal is AlreadyReversed (409). A reversal
    is not reversed again (book a new entry instead); entries the flows booked (sales, payments,
    savings…) are undone by their own flows (refund, withdrawal), not here."""
    require_coop(actor, coop_id, roles=MANAGERS)
    text = _check_text(reason)
    entry = await JournalEntry.get_or_none(id=entry_id)
    postings = await Posting.filter(entry_id=entry_id).order_by("id") if entry else []
    if entry is None or not postings or any(p.book != coop_id for p in postings):
        raise NotFound("Jurnal tidak ditemukan di buku koperasi ini")
    if entry.source not in REVERSIBLE:
        raise InvalidInput(
            "Hanya jurnal manual dan saldo awal yang dapat dibalik di sini; transaksi lain dikoreksi lewat alurnya"
            " (retur, penarikan, pembatalan)",
            field="entry",
        )
    done = await JournalEntry.get_or_none(reverses_id=entry_id)
    if done is not None:
        raise AlreadyReversed(f"Jurnal #{entry_id} sudah dibalik oleh jurnal #{done.id}", reversal_id=done.id)
    accounts = {a.id: a for a in await Account.filter(id__in=[p.account_id for p in postings])}
    legs = [ledger.Leg(accounts[p.account_id], -p.amount, p.member_id, p.kind) for p in postings]
    async with db.transaction():
        reversal, created = await ledger.post_entry(
            f"reversal:{entry_id}",
            legs,
            description=f"Pembalik jurnal #{entry_id}: {text}",
            cooperative_id=coop_id,
            actor_user_id=actor.user_id,
            source="reversal",
            reverses_id=entry_id,
        )
    if not created:
        raise AlreadyReversed(f"Jurnal #{entry_id} sudah dibalik oleh jurnal #{reversal.id}", reversal_id=reversal.id)
    return await get_entry(coop_id, reversal.id)
