"""A member's own page: their savings and their live SHU, explained so they can check it."""

from __future__ import annotations

from fastapi import Depends, Request

from market import service
from market.clock import today_in
from market.errors import Forbidden
from market.schemas import Role
from market.service import Actor
from network import service as network
from shu.service.close import member_share
from web.i18n import N_
from web.render import page
from web.routing import page_router, signed_in

router = page_router()

# What each kind of tagged business is, in the member's words.
WEIGHT_KINDS = {
    "purchase": N_("Belanja Anda di koperasi"),
    "supply": N_("Hasil bumi yang Anda pasok (nilai HPP)"),
    "ppob": N_("Jasa PPOB yang Anda bayar"),
    "loan": N_("Jasa dan biaya administrasi pinjaman yang Anda bayar"),
}


@router.get("/saya")
async def my_page(request: Request, actor: Actor = Depends(signed_in)):
    if actor.role != Role.MEMBER or actor.cooperative_id is None or actor.member_id is None:
        raise Forbidden(N_("Halaman ini khusus untuk anggota koperasi"))
    coop_id, member_id = actor.cooperative_id, actor.member_id
    service.require_member_self(actor, coop_id, member_id)
    coop = await service.get_cooperative(coop_id)
    ctx = {
        "coop": coop,
        "member": service.member_out(await service.get_member(coop_id, member_id)),
        "savings": await service.savings_of(coop_id, member_id),
        "shu": await service.member_shu(coop_id, member_id),
        "weight_kinds": WEIGHT_KINDS,
        "history": await service.savings_history(coop_id, member_id, limit=10),
        # the last closed year's proposal, this member's share only
        "shu_proposal": await member_share(coop_id, today_in(coop).year - 1, member_id),
        # withdrawals waiting at a network counter, and the one-time code (made on /saya/loket)
        "counter_pending": await network.member_transactions(actor, pending=True),
        "counter_code": await network.active_code(member_id),
    }
    return page(request, "me/show.html", ctx)
