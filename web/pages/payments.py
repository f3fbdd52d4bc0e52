"""Wallet (saldo) pages for members and buyers, and the operator's payouts page."""

from __future__ import annotations

from fastapi import Depends, Request

from market import service as market
from market.errors import DomainError
from market.http import RuntimeDep
from market.service import Actor
from payments import service
from web.forms import FORM, FormError, domain_errors, idempotency_key, new_idempotency_key, parse_rupiah
from web.i18n import N_
from web.pages.wallet_statement import sale_order
from web.render import page, redirect, viewer_zone
from web.routing import csrf_checked, page_router, signed_in

router = page_router()
PAYOUT_STATUSES = ("pending", "accepted", "requested", "succeeded", "failed", "cancelled", "reversed")


async def _wallet_context(actor: Actor, *, form: dict | None = None) -> dict:
    wallet = await service.wallet_of(actor)
    return {
        "wallet": wallet,
        "zone": await viewer_zone(actor),  # a member's history in their cooperative's time
        "balance": await service.wallet_balance(wallet.id),
        "has_pin": await service.has_pin(actor.user_id),
        "kinds": service.KIND_LABELS,
        "sale_order": sale_order,
        "pending": await service.pending_topups(wallet.id),
        "history": await service.wallet_history(wallet.id, limit=20),
        "form": form or {"key": new_idempotency_key(), "values": {}, "errors": {}},
        "topup_min": service.TOPUP_MIN_IDR,
        "topup_max": service.TOPUP_MAX_IDR,
    }


@router.get("/dompet")
async def wallet_page(request: Request, actor: Actor = Depends(signed_in)):
    """Balance, top-ups still waiting for payment (the block polls itself), history, top-up form."""
    return page(request, "payments/wallet.html", await _wallet_context(actor), block="balance")


@router.post("/dompet/isi", dependencies=[Depends(csrf_checked)])
async def top_up(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    """Open a Xendit invoice and send the payer to its page; they come back to /dompet."""
    form = await request.form()
    values = {"amount": str(form.get("amount", "")).strip()}
    key = str(form.get("idempotency_key", ""))
    try:
        amount = parse_rupiah(values["amount"])
        wallet = await service.wallet_of(actor)
        payment = await service.start_topup(
            rt.gateway,
            wallet.id,
            amount,
            idempotency_key=idempotency_key(key),
            return_url=str(request.base_url).rstrip("/") + "/dompet",
            duration_s=rt.invoice_duration_s,
            actor_id=actor.user_id,
        )
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        errors = domain_errors(exc, ("amount",), default=FORM)
        key = ""  # the refused key keeps its answer; the corrected form is a new request
    else:
        return redirect(request, payment.invoice_url)
    ctx = await _wallet_context(actor, form={"key": key or new_idempotency_key(), "values": values, "errors": errors})
    return page(request, "payments/wallet.html", ctx, status_code=422)


@router.get("/operator/pencairan")
async def payouts_page(request: Request, status: str | None = None, actor: Actor = Depends(signed_in)):
    """Every payout to a cooperative's bank account and where it stands."""
    market.require_operator(actor)
    if status not in PAYOUT_STATUSES:
        status = None
    payouts = [p for p in await service.list_payouts(status=status) if actor.oversees(p.cooperative_id)]
    names = {
        c.id: c.name
        for c in await market.list_cooperatives(ids=sorted({p.cooperative_id for p in payouts if p.cooperative_id}))
    }
    return page(
        request,
        "payments/payouts.html",
        {
            "payouts": payouts,
            "names": names,
            "status": status,
            "statuses": PAYOUT_STATUSES,
            "status_labels": STATUS_LABELS,
        },
    )


STATUS_LABELS = {
    "pending": N_("Dicatat"),
    "accepted": N_("Diterima Xendit"),
    "requested": N_("Diproses bank"),
    "succeeded": N_("Berhasil"),
    "failed": N_("Gagal"),
    "cancelled": N_("Dibatalkan"),
    "reversed": N_("Dikembalikan bank"),
}
