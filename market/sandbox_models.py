"""Tables of the ``sandbox`` Tortoise app: the embedded sandboxes' objects (market.sandbox_store).
Registered only where sandboxes may run; production never has them."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class SandboxDocument(Model):
    """One object of a sandbox (``store``: xendit, biller): a key of one of its dicts, or a whole
    field (``key`` empty), as JSON text ("" once deleted)."""

    id = fields.BigIntField(primary_key=True)
    store = fields.CharField(max_length=32)
    field = fields.CharField(max_length=64)
    key = fields.CharField(max_length=255)
    body = fields.TextField()
    version = fields.BigIntField()

    class Meta:
        table = "sandbox_document"
        unique_together = (("store", "field", "key"),)
        indexes = (("store", "version"),)


class SandboxClock(Model):
    """The last version pushed per sandbox: pushes take the next one in their transaction."""

    store = fields.CharField(max_length=32, primary_key=True)
    version = fields.BigIntField(default=0)

    class Meta:
        table = "sandbox_clock"
