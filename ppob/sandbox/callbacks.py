"""Callbacks (reference §6): a finished transaction posted to its ``cb_url`` (else the configured
webhook) as the provider sends it, ``X-Hub-Signature`` signed with the callback secret; each
delivery is recorded in ``callbacks_sent`` or ``callback_failures``."""

from __future__ import annotations

import json
import ssl
import uuid
from typing import TYPE_CHECKING

import httpx

from ppob.biller import callback_signature

if TYPE_CHECKING:
    from ppob.sandbox.scripts import SandboxTxn
    from ppob.sandbox.state import BillerSandbox

# One TLS context for every callback client: building one per callback costs milliseconds of CPU.
TLS = ssl.create_default_context()


async def send(sandbox: BillerSandbox, txn: SandboxTxn, *, secret: str | None = None) -> int | None:
    """Post *txn*'s callback; the HTTP status, or None when there is no URL or no answer."""
    url = txn.cb_url or sandbox.config.callback_url
    if not url:
        return None
    body = json.dumps({"data": txn.data(sandbox.deposit)}).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Digiflazz-Event": "update",
        "X-Digiflazz-Delivery": str(uuid.uuid4()),
        "User-Agent": "Digiflazz-Pasca-Hookshot" if txn.kind == "postpaid" else "Digiflazz-Hookshot",
    }
    key = sandbox.config.callback_secret if secret is None else secret
    if key:
        headers["X-Hub-Signature"] = callback_signature(key, body)
    try:
        async with httpx.AsyncClient(transport=sandbox.callback_transport, timeout=10, verify=TLS) as client:
            response = await client.post(url, content=body, headers=headers)
        sandbox.callbacks_sent.append({"ref_id": txn.ref_id, "status": txn.status, "http": response.status_code})
        return response.status_code
    except httpx.HTTPError as exc:
        sandbox.callback_failures.append(f"{txn.ref_id}: {exc!r}")
        return None
