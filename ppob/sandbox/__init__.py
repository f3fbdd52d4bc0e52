"""A biller sandbox that speaks the Digiflazz buyer protocol over HTTP (reference §3–§8).

Mounted by the app under ``/sandbox/biller`` (the provider's paths beneath: ``/v1/transaction``…)
or run alone with ``market sandbox biller --port N``. It checks every ``sign``, keeps a deposit
balance, treats a repeated ``ref_id`` as a status check (never a second purchase), enforces the
one-check-per-minute throttle and the same-day pay rule (both configurable), and signs its
callbacks with ``X-Hub-Signature``.

Customer numbers decide the outcome (Digiflazz's documented test numbers behave as documented):

========================  ======================================================
last two digits           prepaid purchase / postpaid payment
========================  ======================================================
``20``–``99``             success at once (80 %)
``10``–``19``             pending, then success (10 %)
``05``–``09``             pending, then failure (5 %)
``00``–``04``             failure at once (5 %; postpaid ``00``: no bill at inquiry)
========================  ======================================================

PLN meter numbers ending ``999`` are unknown to ``/inquiry-pln``. Pending transactions settle
after ``pending_delay_s`` (or when ``settle`` / ``POST /_sandbox/settle`` is called, for tests),
and the sandbox then sends the callback.

Control endpoints for tests and demos live under ``/_sandbox/``: the transactions it recorded
(the witness that nothing was bought twice), settle, mode (``up``, ``down``: HTTP 503 without
processing, ``lost_response``: processed then HTTP 504, ``hang``: processed then no answer until
released) and product changes.

Where things are:

- ``scripts``: the scripted customer numbers, ``SandboxTxn`` (the transaction recorded) and the
  serial numbers and PLN tokens;
- ``data``: the price lists (prepaid and postpaid), names and PLN tariff segments;
- ``protocol``: ``SandboxConfig``, the ``sign`` check, the error body, the business date, the
  same-ref and throttle rules;
- ``state``: ``BillerSandbox``, the memory and its moves (start, settle, mode, products);
- ``prepaid`` (top-ups, ``/inquiry-pln``), ``postpaid`` (inquiry, pay, status) and ``account``
  (deposit balance, price list, deposit tickets): the provider's endpoints;
- ``callbacks``: sending a finished transaction's signed callback;
- ``app``: the ASGI app, ``/v1`` routes and their modes; ``controls``: ``/_sandbox``.
"""

from __future__ import annotations

from ppob.sandbox.app import create_app
from ppob.sandbox.callbacks import TLS
from ppob.sandbox.protocol import JAKARTA, SandboxConfig
from ppob.sandbox.scripts import POSTPAID_TEST, PREPAID_TEST, SandboxTxn, script_for
from ppob.sandbox.state import BillerSandbox

__all__ = [
    "JAKARTA",
    "POSTPAID_TEST",
    "PREPAID_TEST",
    "TLS",
    "BillerSandbox",
    "SandboxConfig",
    "SandboxTxn",
    "create_app",
    "script_for",
]
