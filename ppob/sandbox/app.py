"""The ASGI app: the provider's paths under ``/v1`` (each a signed JSON ``POST``, answered as the
``mode`` says) and the test controls under ``/_sandbox``. Handlers find the sandbox on
``request.app.state.sandbox``, so one router serves every sandbox app."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from ppob.sandbox import account, controls, postpaid, prepaid
from ppob.sandbox.protocol import BAD_SIGN, error, signed

if TYPE_CHECKING:
    from ppob.sandbox.state import BillerSandbox

Handler = Callable[["BillerSandbox", dict[str, Any]], Awaitable[dict[str, Any]]]


async def transaction(sandbox: BillerSandbox, body: dict[str, Any]) -> dict[str, Any]:
    """``/transaction``: a top-up, or the postpaid step its ``commands`` names."""
    ref_id = str(body.get("ref_id", ""))
    if not ref_id:
        return error("40", "Payload Error")
    if not signed(sandbox.config, body, ref_id):
        return error("41", BAD_SIGN, ref_id=ref_id)
    commands = body.get("commands")
    if commands == "inq-pasca":
        return postpaid.inquiry(sandbox, body)
    if commands == "pay-pasca":
        return postpaid.pay(sandbox, body)
    if commands == "status-pasca":
        return postpaid.status(sandbox, body)
    if commands:
        return error("40", "Payload Error", ref_id=ref_id)
    return prepaid.topup(sandbox, body)


# The provider's paths, in the order the routes were always matched.
ENDPOINTS: dict[str, Handler] = {
    "/v1/cek-saldo": account.balance,
    "/v1/price-list": account.price_list,
    "/v1/deposit": account.deposit_ticket,
    "/v1/transaction": transaction,
    "/v1/inquiry-pln": prepaid.inquiry_pln,
}


def endpoint(handler: Handler):
    """The route for *handler*: ``down`` answers 503 unprocessed; a body that is not a JSON object
    is rc 40; ``lost_response`` processes then answers 504; ``hang`` processes then waits for release."""

    async def run(request: Request):
        sandbox: BillerSandbox = request.app.state.sandbox
        if sandbox.mode == "down":
            return JSONResponse({"message": "Service Unavailable"}, status_code=503)
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return JSONResponse(error("40", "Payload Error"))
        answer = await handler(sandbox, body)
        if sandbox.mode == "lost_response":
            return JSONResponse({"message": "Gateway Timeout"}, status_code=504)
        if sandbox.mode == "hang":
            await sandbox.released.wait()
        return JSONResponse(answer)

    return run


router = APIRouter()
for _path, _handler in ENDPOINTS.items():
    router.add_api_route(_path, endpoint(_handler), methods=["POST"])


def create_app(sandbox: BillerSandbox) -> FastAPI:
    """*sandbox* as an ASGI app: mount it (``/sandbox/biller``) or serve it alone."""
    api = FastAPI(title="Biller sandbox (Digiflazz protocol)", docs_url=None, redoc_url=None, openapi_url=None)
    api.state.sandbox = sandbox
    api.include_router(router)
    api.include_router(controls.router)
    return api
