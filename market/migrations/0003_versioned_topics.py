"""Outbox topics carry their event's version (``payment.succeeded`` -> ``payment.succeeded.v1``).

Undelivered rows written before typed events get the version their shape had; a row whose payload
no longer fits its class is refused by the dispatcher, loudly, for the operator to look at.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops


async def version_topics(apps, schema_editor) -> None:
    await schema_editor.client.execute_script(
        "UPDATE outbox_event SET topic = topic || '.v1' WHERE dispatched_at IS NULL AND topic NOT LIKE '%.v_'"
    )


async def nothing(apps, schema_editor) -> None:
    return None


class Migration(migrations.Migration):
    dependencies = [("market", "0002_sessions_throttle_idempotency")]

    operations = [ops.RunPython(version_topics, reverse_code=nothing)]
