"""Cash at any network counter: the cashier's counter page (find a visiting member by cooperative
and member number, a withdrawal — waiting for the member's phone, or paid at once with their
one-time code — or a deposit) and the status page that follows it; the member's page where
withdrawals waiting for them are confirmed with the PIN and one-time codes are made."""

from __future__ import annotations

from fastapi import Depends, Query, Request
from pydantic import ValidationError

from market import service as market
from market.errors import DomainError
from market.http import RuntimeDep, throttle_of
from market.service import Actor, CoopStatus
from market.types import Id, in_id_range
from network import service as network
from network.schemas import DepositIn, WithdrawalIn
from payments import service as payments
from payments import wiring
from payments.service import DEFAULT_RULES, WalletRules
from web.forms import (
    FORM,
    FormError,
    domain_errors,
    idempotency_key,
    new_idempotency_key,
    parse_rupiah,
    validation_errors,
)
from web.i18n import N_
from web.pages.payments import STATUS_LABELS as PAYOUT_LABELS
from web.render import flash, page, redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()
STATUS_LABELS = {
    "pending": N_("Menunggu konfirmasi anggota"),
    "done": N_("Selesai"),
    "cancelled": N_("Dibatalkan"),
    "expired": N_("Kedaluwarsa"),
}
KIND_LABELS = {"withdrawal": N_("Tarik tunai"), "deposit": N_("Setor tunai")}
VIA_LABELS = {
    "phone": N_("dikonfirmasi di ponsel anggota"),
    "code": N_("dengan kode tarik tunai"),
    "counter": N_("dicatat kasir"),
}
LABELS = {"status": STATUS_LABELS, "kind": KIND_LABELS, "via": VIA_LABELS}


def _id(text: object) -> int:
    raw = str(text or "").strip()
    return int(raw) if raw.isdigit() and in_id_range(int(raw)) else 0


def _blank(kind: str) -> dict:
    return {"kind": kind, "key": new_idempotency_key(), "values": {}, "errors": {}}


async def _counter_ctx(actor: Actor, coop_id: int, home_id: int, number: str, form: dict | None = None) -> dict:
    coop = await market.get_cooperative(coop_id)
    visitor, lookup_error = None, None
    if home_id and number.strip():
        try:
            visitor = await network.find_visitor(coop_id, home_id, number, actor=actor)
        except DomainError as exc:
            lookup_error = exc.detail
    recent = [
        t for t in await network.transactions(coop_id, actor=actor, limit=30) if t.counter_cooperative_id == coop_id
    ]
    return {
        "coop": coop,
        "zone": coop.timezone,
        "cooperatives": await market.list_cooperatives(status=CoopStatus.ACTIVE),
        "home_id": home_id,
        "number": number,
        "visitor": visitor,
        "lookup_error": lookup_error,
        "withdrawal": form if form and form["kind"] == "withdrawal" else _blank("withdrawal"),
        "deposit": form if form and form["kind"] == "deposit" else _blank("deposit"),
        "recent": recent[:10],
        "labels": LABELS,
        "min_idr": network.MIN_IDR,
        "max_idr": network.MAX_IDR,
    }


@router.get("/koperasi/{coop_id}/loket-jaringan")
async def counter_page(
    request: Request,
    coop_id: Id,
    koperasi: str = Query("", max_length=12),
    nomor: str = Query("", max_length=32),
    actor: Actor = Depends(signed_in),
):
    """The cashier finds a member of any network cooperative, then pays out or takes in cash."""
    network.require_counter(actor, coop_id)
    return page(request, "network/counter.html", await _counter_ctx(actor, coop_id, _id(koperasi), nomor))


async def _counter_post(request: Request, coop_id: int, actor: Actor, kind: str, rules: WalletRules = DEFAULT_RULES):
    network.require_counter(actor, coop_id)
    form = await request.form()
    home_id, number = _id(form.get("koperasi")), str(form.get("nomor", ""))[:32]
    values = {name: str(form.get(name, "")).strip()[:40] for name in ("amount", "code")}
    values["identity_checked"] = "1" if form.get("identity_checked") else ""
    key = str(form.get("idempotency_key", ""))
    try:
        amount = parse_rupiah(values["amount"])
        if kind == "withdrawal":
            data = WithdrawalIn(
                home_cooperative_id=max(home_id, 1),
                member_number=number or "-",
                amount=amount,
                code=values["code"] or None,
                identity_checked=bool(values["identity_checked"]),
            )
            out = await network.create_withdrawal(
                coop_id, data, actor=actor, idempotency_key=idempotency_key(key), rules=rules
            )
        else:
            deposit = DepositIn(home_cooperative_id=max(home_id, 1), member_number=number or "-", amount=amount)
            out = await network.create_deposit(coop_id, deposit, actor=actor, idempotency_key=idempotency_key(key))
    except FormError as exc:
        errors = exc.errors
    except ValidationError as exc:
        errors = validation_errors(exc)
    except DomainError as exc:
        errors = domain_errors(exc, ("amount", "code", "identity_checked"), default=FORM)
        key = ""  # a refusal is the key's answer; the corrected form is a new request
    else:
        return redirect(request, f"/koperasi/{coop_id}/loket-jaringan/{out.id}")
    state = {"kind": kind, "key": key or new_idempotency_key(), "values": values, "errors": errors}
    ctx = await _counter_ctx(actor, coop_id, home_id, number, form=state)
    return page(request, "network/counter.html", ctx, status_code=422)


@router.post("/koperasi/{coop_id}/loket-jaringan/tarik", dependencies=[Depends(csrf_checked)])
async def withdraw(request: Request, coop_id: Id, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    return await _counter_post(request, coop_id, actor, "withdrawal", wiring.wallet_rules(rt.settings))


@router.post("/koperasi/{coop_id}/loket-jaringan/setor", dependencies=[Depends(csrf_checked)])
async def deposit(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    return await _counter_post(request, coop_id, actor, "deposit")


@router.get("/koperasi/{coop_id}/loket-jaringan/{tx_id:int}")
async def counter_status(request: Request, coop_id: Id, tx_id: Id, actor: Actor = Depends(signed_in)):
    """Where a counter transaction stands; while it waits for the member the block polls itself."""
    tx = await network.counter_transaction(coop_id, tx_id, actor=actor)
    coop = await market.get_cooperative(coop_id)
    ctx = {"coop": coop, "zone": coop.timezone, "tx": tx, "labels": LABELS}
    return page(request, "network/status.html", ctx, block="status")


@router.post("/koperasi/{coop_id}/loket-jaringan/{tx_id:int}/batal", dependencies=[Depends(csrf_checked)])
async def cancel(request: Request, coop_id: Id, tx_id: Id, actor: Actor = Depends(signed_in)):
    try:
        await network.cancel_withdrawal(coop_id, tx_id, actor=actor)
    except DomainError as exc:
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=exc.detail)
    else:
        flash(request, N_("Permintaan tarik tunai dibatalkan."))
    return redirect(request, f"/koperasi/{coop_id}/loket-jaringan/{tx_id}")


# The member's side ------------------------------------------------------------------------


async def _member_ctx(actor: Actor, *, errors: dict | None = None, code_form: dict | None = None) -> dict:
    coop_id, member_id = network.require_member(actor)
    coop = await market.get_cooperative(coop_id)
    return {
        "coop": coop,
        "zone": coop.timezone,
        "pending": await network.member_transactions(actor, pending=True),
        "history": await network.member_transactions(actor, limit=20),
        "code": await network.active_code(member_id),
        "has_pin": await payments.has_pin(actor.user_id),
        "errors": errors or {},
        "key": new_idempotency_key(),
        "code_form": code_form or {"values": {}, "errors": {}},
        "labels": LABELS,
        "min_idr": network.MIN_IDR,
        "max_idr": network.MAX_IDR,
    }


@router.get("/saya/loket")
async def member_page(request: Request, actor: Actor = Depends(signed_in)):
    """Withdrawals waiting for the member (until one shows, the block looks again every few
    seconds), their one-time code and their counter transactions."""
    return page(request, "network/member.html", await _member_ctx(actor), block="pending")


@router.post("/saya/loket/{tx_id:int}/konfirmasi", dependencies=[Depends(csrf_checked)])
async def confirm(request: Request, tx_id: Id, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    form = await request.form()
    try:
        out = await network.confirm_withdrawal(
            tx_id,
            str(form.get("pin", ""))[:12],
            actor=actor,
            idempotency_key=idempotency_key(str(form.get("idempotency_key", ""))),
            throttle=throttle_of(request),
            rules=wiring.wallet_rules(rt.settings),
        )
    except FormError as exc:
        return page(
            request, "network/member.html", await _member_ctx(actor, errors={tx_id: exc.errors[FORM]}), status_code=422
        )
    except DomainError as exc:
        status = exc.status if 400 <= exc.status < 500 else 409
        return page(
            request, "network/member.html", await _member_ctx(actor, errors={tx_id: exc.detail}), status_code=status
        )
    flash(
        request,
        N_("Penarikan %(amount)s dikonfirmasi: terima uang tunai dari kasir %(coop)s."),
        amount=f"Rp {out.amount:,}".replace(",", "."),
        coop=out.counter_cooperative_name,
    )
    return redirect(request, "/saya/loket")


@router.post("/saya/loket/{tx_id:int}/tolak", dependencies=[Depends(csrf_checked)])
async def decline(request: Request, tx_id: Id, actor: Actor = Depends(signed_in)):
    try:
        await network.decline_withdrawal(tx_id, actor=actor)
    except DomainError as exc:
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=exc.detail)
    else:
        flash(request, N_("Permintaan tarik tunai ditolak; tidak ada uang yang berpindah."))
    return redirect(request, "/saya/loket")


@router.post("/saya/loket/kode", dependencies=[Depends(csrf_checked)])
async def make_code(request: Request, actor: Actor = Depends(signed_in)):
    """A new one-time code, shown on this answer only (only its hash is kept)."""
    form = await request.form()
    values = {"max_amount": str(form.get("max_amount", "")).strip()[:20]}
    try:
        amount = parse_rupiah(values["max_amount"], field="max_amount")
        made = await network.make_code(actor, str(form.get("pin", ""))[:12], amount, throttle=throttle_of(request))
    except FormError as exc:
        errors, status = exc.errors, 422
    except DomainError as exc:
        errors, status = (
            domain_errors(exc, ("max_amount", "pin"), default=FORM),
            exc.status if exc.status < 500 else 409,
        )
        if exc.field == "amount":
            errors = {"max_amount": exc.detail}
    else:
        coop = await market.get_cooperative(actor.cooperative_id or 0)
        return page(request, "network/code.html", {"coop": coop, "zone": coop.timezone, "made": made})
    ctx = await _member_ctx(actor, code_form={"values": values, "errors": errors})
    return page(request, "network/member.html", ctx, status_code=status)


@router.post("/saya/loket/kode/batal", dependencies=[Depends(csrf_checked)])
async def void_code(request: Request, actor: Actor = Depends(signed_in)):
    await network.void_code(actor)
    flash(request, N_("Kode tarik tunai dibatalkan."))
    return redirect(request, "/saya/loket")


# Positions and settlements ------------------------------------------------------------------


@router.get("/koperasi/{coop_id}/jaringan")
async def position_page(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    """The cooperative's position with the network, its counter transactions and settlements."""
    coop = await market.get_cooperative(coop_id)
    ctx = {
        "coop": coop,
        "zone": coop.timezone,
        "p": await network.position(coop_id, actor=actor),
        "transactions": await network.transactions(coop_id, actor=actor),
        "settlements": await network.settlements(coop_id, actor=actor),
        "operator": actor.is_operator,
        "key": new_idempotency_key(),
        "labels": LABELS,
        "payout_labels": PAYOUT_LABELS,
    }
    return page(request, "network/position.html", ctx)


@router.post("/koperasi/{coop_id}/jaringan/setel", dependencies=[Depends(csrf_checked)])
async def settle(request: Request, coop_id: Id, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    """The operator settles the cooperative: a payout of what its counters are owed."""
    form = await request.form()
    back = "/operator/jaringan" if form.get("next") == "operator" else f"/koperasi/{coop_id}/jaringan"
    try:
        key = idempotency_key(str(form.get("idempotency_key", "")))
        done = await network.settle(rt.gateway, coop_id, actor=actor, idempotency_key=key)
    except FormError as exc:
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=exc.errors[FORM])
    except DomainError as exc:
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=exc.detail)
    else:
        flash(
            request,
            N_("Penyelesaian %(amount)s dikirim ke rekening koperasi."),
            amount=f"Rp {done.amount:,}".replace(",", "."),
        )
    return redirect(request, back)


@router.get("/operator/jaringan")
async def operator_page(request: Request, actor: Actor = Depends(signed_in)):
    """Every cooperative's position with the network, and what a settlement would pay it."""
    positions = await network.positions(actor=actor)
    keys = {p.cooperative_id: new_idempotency_key() for p in positions}
    return page(request, "network/operator.html", {"positions": positions, "keys": keys})
