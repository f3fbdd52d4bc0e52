"""The wallet's outgoing pages: transfer to a member (any cooperative), cash-out to a bank account
or e-wallet, and the transaction PIN. Each form carries an idempotency key; a refusal shows next
to its field and the corrected form is a new request (a new key)."""

from __future__ import annotations

from fastapi import Depends, Request

from market import service as market
from market.errors import DomainError
from market.http import RuntimeDep
from market.money import format_idr
from market.service import Actor
from payments import service, wiring
from payments.gateway import PAYOUT_CHANNELS, PAYOUT_EWALLET_CHANNELS
from payments.schemas import RecipientIn
from web.forms import FORM, FormError, domain_errors, idempotency_key, new_idempotency_key, parse_rupiah
from web.i18n import N_
from web.pages.payments import STATUS_LABELS
from web.render import flash, page, redirect, safe_next, viewer_zone
from web.routing import csrf_checked, page_router, signed_in

router = page_router()
TRANSFER_FIELDS = ("member_number", "cooperative", "phone", "amount", "note", "pin")
WITHDRAW_FIELDS = ("channel_code", "account_number", "account_holder_name", "amount", "pin")
PIN_FIELDS = ("current_pin", "new_pin", "confirm_pin")
CHANNELS = [(c, service.CHANNEL_NAMES[c]) for c in (*PAYOUT_CHANNELS, *PAYOUT_EWALLET_CHANNELS)]


def _form(values: dict | None = None, errors: dict | None = None, key: str = "") -> dict:
    return {"key": key or new_idempotency_key(), "values": values or {}, "errors": errors or {}}


async def _base(actor: Actor) -> dict:
    wallet = await service.wallet_of(actor)
    return {
        "wallet": wallet,
        "balance": await service.wallet_balance(wallet.id),
        "has_pin": await service.has_pin(actor.user_id),
        "zone": await viewer_zone(actor),
    }


# Transfer -------------------------------------------------------------------------------------


async def _transfer_ctx(actor: Actor, rt, form: dict | None = None) -> dict:
    ctx = await _base(actor)
    rules = wiring.wallet_rules(rt.settings)
    coops = await market.list_cooperatives(status=market.CoopStatus.ACTIVE)
    own = next((c.slug for c in coops if c.id == actor.cooperative_id), "")
    ctx.update(
        form=form or _form({"cooperative": own, "by": "member"}),
        cooperatives=[(c.slug, c.name) for c in coops],
        left_today=max(0, rules.transfer_daily_idr - await service.sent_today(ctx["wallet"], rules)),
        recipient=None,
        recipient_error=None,
    )
    return ctx


def _recipient_query(data) -> RecipientIn:
    if str(data.get("by", "member")) == "phone":
        return RecipientIn(phone=str(data.get("phone", "")).strip() or None)
    return RecipientIn(
        member_number=str(data.get("member_number", "")).strip() or None,
        cooperative=str(data.get("cooperative", "")).strip() or None,
    )


@router.get("/dompet/transfer")
async def transfer_page(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    return page(request, "payments/transfer.html", await _transfer_ctx(actor, rt))


@router.get("/dompet/transfer/penerima")
async def recipient_check(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    """The recipient's name before sending (the form's 'Cek penerima', swapped in by htmx)."""
    ctx = await _transfer_ctx(actor, rt)
    try:
        ctx["recipient"] = await service.find_recipient(_recipient_query(request.query_params))
    except DomainError as exc:
        ctx["recipient_error"] = exc.detail
    return page(request, "payments/transfer.html", ctx, block="recipient")


@router.post("/dompet/transfer", dependencies=[Depends(csrf_checked)])
async def transfer(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    form = await request.form()
    values = {k: str(form.get(k, "")).strip() for k in (*TRANSFER_FIELDS, "by") if k != "pin"}
    key = str(form.get("idempotency_key", ""))
    try:
        amount = parse_rupiah(values["amount"])
        wallet = await service.wallet_of(actor)
        sent = await service.transfer(
            wallet.id,
            _recipient_query(form),
            amount,
            pin_code=str(form.get("pin", "")),
            user_id=actor.user_id,
            note=values["note"],
            idempotency_key=idempotency_key(key),
            rules=wiring.wallet_rules(rt.settings),
        )
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        errors = domain_errors(exc, TRANSFER_FIELDS, default=FORM)
        key = ""  # the refused key keeps its answer; the corrected form is a new request
    else:
        flash(request, N_("Terkirim %(amount)s ke %(name)s."), amount=format_idr(sent.amount), name=sent.recipient_name)
        return redirect(request, "/dompet")
    ctx = await _transfer_ctx(actor, rt, form=_form(values, errors, key))
    return page(request, "payments/transfer.html", ctx, status_code=422)


# Cash-out -------------------------------------------------------------------------------------


async def _withdraw_ctx(actor: Actor, rt, form: dict | None = None) -> dict:
    ctx = await _base(actor)
    rules = wiring.wallet_rules(rt.settings)
    owner = await service.owner_name(ctx["wallet"])
    ctx.update(
        form=form or _form({"account_holder_name": owner, "channel_code": "ID_BRI"}),
        channels=CHANNELS,
        fee=rules.withdrawal_fee_idr,
        left_today=max(0, rules.withdrawal_daily_idr - await service.withdrawn_today(ctx["wallet"], rules)),
        withdrawals=await service.list_withdrawals(ctx["wallet"].id, limit=10),
        channel_names=service.CHANNEL_NAMES,
        status_labels=STATUS_LABELS,
    )
    return ctx


@router.get("/dompet/tarik")
async def withdraw_page(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    """The cash-out form and the last cash-outs (the list polls itself while one is on its way)."""
    return page(request, "payments/withdraw.html", await _withdraw_ctx(actor, rt), block="withdrawals")


@router.post("/dompet/tarik", dependencies=[Depends(csrf_checked)])
async def withdraw(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    form = await request.form()
    values = {k: str(form.get(k, "")).strip() for k in WITHDRAW_FIELDS if k != "pin"}
    key = str(form.get("idempotency_key", ""))
    try:
        amount = parse_rupiah(values["amount"])
        wallet = await service.wallet_of(actor)
        payout = await service.request_withdrawal(
            rt.gateway,
            wallet.id,
            amount,
            channel_code=values["channel_code"],
            account_number=values["account_number"],
            account_holder_name=values["account_holder_name"],
            pin_code=str(form.get("pin", "")),
            user_id=actor.user_id,
            idempotency_key=idempotency_key(key),
            rules=wiring.wallet_rules(rt.settings),
        )
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        errors = domain_errors(exc, WITHDRAW_FIELDS, default=FORM)
        key = ""
    else:
        flash(request, N_("Penarikan %(amount)s sedang dikirim."), amount=format_idr(payout.amount))
        return redirect(request, "/dompet/tarik")
    ctx = await _withdraw_ctx(actor, rt, form=_form(values, errors, key))
    return page(request, "payments/withdraw.html", ctx, status_code=422)


# PIN ------------------------------------------------------------------------------------------


@router.get("/dompet/pin")
async def pin_page(request: Request, next: str | None = None, actor: Actor = Depends(signed_in)):
    ctx = await _base(actor)
    ctx.update(form=_form({"next": safe_next(next) or ""}))
    return page(request, "payments/pin.html", ctx)


@router.post("/dompet/pin", dependencies=[Depends(csrf_checked)])
async def set_pin(request: Request, actor: Actor = Depends(signed_in)):
    form = await request.form()
    pins = {k: str(form.get(k, "")) for k in PIN_FIELDS}
    back = safe_next(str(form.get("next", ""))) or "/dompet"
    try:
        if pins["new_pin"] != pins["confirm_pin"]:
            raise FormError({"confirm_pin": N_("Kedua PIN tidak sama")})
        had = await service.has_pin(actor.user_id)
        await service.set_pin(actor.user_id, pins["new_pin"], current_pin=pins["current_pin"] if had else None)
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        errors = domain_errors(exc, ("current_pin", "new_pin"), default=FORM)
        if exc.field == "pin":
            errors = {"new_pin": exc.detail}
    else:
        flash(request, N_("PIN dompet diganti.") if had else N_("PIN dompet dibuat."))
        return redirect(request, back)
    ctx = await _base(actor)
    ctx.update(form=_form({"next": back}, errors))
    return page(request, "payments/pin.html", ctx, status_code=422)
