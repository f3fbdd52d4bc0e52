"""The page routes, one module per area. Routes are thin: read the form or query, call a
service function, render a template (or only its block for htmx)."""

from fastapi import APIRouter

from web.pages import (
    account,
    auth,
    cart,
    cooperatives,
    inventory,
    journal,
    journal_books,
    me,
    members,
    network,
    operator,
    orders,
    payments,
    ppob,
    products,
    rat,
    rat_voting,
    reports,
    shop,
    shu_close,
    shu_distribution,
    wallet,
    wallet_statement,
)

router = APIRouter()
for _area in (
    auth,
    account,
    operator,
    cooperatives,
    members,
    me,
    shop,
    products,
    inventory,
    payments,
    wallet,
    wallet_statement,
    cart,
    orders,
    ppob,
    journal,
    journal_books,
    rat,
    rat_voting,
    reports,
    shu_close,
    shu_distribution,
    network,
):
    router.include_router(_area.router)
