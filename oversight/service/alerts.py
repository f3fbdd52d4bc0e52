"""The dashboard's alerts: a RAT overdue (the last fiscal year's not held by 30 June), a
cooperative's kas below zero, payments pending too long, the biller deposit running low."""

from __future__ import annotations

from datetime import date, datetime

from market import service as market
from market.service import figures as core_figures
from oversight.schemas import Alert
from payments.service import figures as payment_figures
from rat import service as rat


async def alerts(
    coops: list, as_of: date, stuck_before: datetime, province: str | None, deposit: int | None, low_deposit: int
) -> list[Alert]:
    by_id = {c.id: c for c in coops}
    found: list[Alert] = []
    active = [c for c in coops if c.status == market.CoopStatus.ACTIVE]
    for coop_id, due in (await rat.rat_deadlines(active, lambda _c: as_of)).items():
        if due.level == "overdue":
            found.append(_alert("rat_overdue", by_id[coop_id], due.message))
    for coop_id, balance in sorted((await core_figures.negative_cash()).items()):
        if coop_id in by_id:
            found.append(_alert("cash_negative", by_id[coop_id], "Saldo kas negatif", amount=balance))
    stuck = await payment_figures.stuck_payments_by_cooperative(stuck_before)
    for stuck_id, (count, amount, _oldest) in sorted(stuck.items(), key=lambda kv: kv[0] or 0):
        message = f"{count} pembayaran masih menunggu sejak sebelum {stuck_before:%d-%m-%Y %H:%M} UTC"
        if stuck_id is None and province is None:
            found.append(Alert(kind="payment_stuck", cooperative_id=None, cooperative_name="", province="",
                               message=message, amount=amount))  # fmt: skip
        elif stuck_id in by_id:
            found.append(_alert("payment_stuck", by_id[stuck_id], message, amount=amount))
    if deposit is not None and deposit < low_deposit:
        found.append(Alert(kind="biller_deposit_low", cooperative_id=None, cooperative_name="", province="",
                           message="Deposit biller PPOB menipis", amount=deposit))  # fmt: skip
    return found


def _alert(kind, coop, message: str, amount: int | None = None) -> Alert:
    return Alert(
        kind=kind, cooperative_id=coop.id, cooperative_name=coop.name, province=coop.province, message=message,
        amount=amount,
    )  # fmt: skip
