"""Typed errors of the network counter (``network.*`` codes), rendered as problem bodies."""

from __future__ import annotations

from market.errors import Conflict, InvalidInput, NotFound


class VisitorNotFound(NotFound):
    """No active member with that number in that (active) cooperative."""

    code = "network.member_not_found"
    title = "Anggota tidak ditemukan"


class CounterNotFound(NotFound):
    code = "network.transaction_not_found"
    title = "Transaksi loket tidak ditemukan"


class InvalidAmount(InvalidInput):
    code = "network.invalid_amount"
    title = "Jumlah tidak valid"


class LimitReached(Conflict):
    """Above the per-transaction maximum, the member's daily total, or the wallet's cap."""

    code = "network.limit_reached"
    title = "Batas transaksi terlampaui"


class TillShort(Conflict):
    """The counter's kas holds less cash than it would pay out."""

    code = "network.till_short"
    title = "Kas loket tidak cukup"


class AlreadyPending(Conflict):
    """The member already has a withdrawal waiting for their confirmation."""

    code = "network.already_pending"
    title = "Masih ada permintaan yang menunggu konfirmasi"


class NotPending(Conflict):
    """The withdrawal was cancelled, expired or already paid: it cannot be confirmed or cancelled."""

    code = "network.not_pending"
    title = "Permintaan tidak lagi menunggu konfirmasi"


class CodeWrong(Conflict):
    """Not the member's code (each wrong code counts; the fifth voids the member's code)."""

    code = "network.code_wrong"
    title = "Kode tarik tunai salah"


class CodeExpired(Conflict):
    """The member's code is past its time, already used, or withdrawn."""

    code = "network.code_expired"
    title = "Kode tarik tunai tidak berlaku lagi"


class CodeAmountExceeded(Conflict):
    code = "network.code_amount_exceeded"
    title = "Jumlah melebihi batas kode tarik tunai"


class IdentityNotChecked(InvalidInput):
    """A withdrawal by code needs the cashier's word that the member's KTP was checked."""

    code = "network.identity_not_checked"
    title = "Identitas anggota belum dicocokkan"


class NothingToSettle(Conflict):
    code = "network.nothing_to_settle"
    title = "Tidak ada yang perlu disetel"


class Busy(Conflict):
    """The position moved under this request (a payout at the same moment): try again."""

    code = "network.busy"
    title = "Saldo koperasi sedang berubah; coba lagi"
