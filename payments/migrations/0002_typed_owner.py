from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

# A payment's owner was a string its owner package wrote and parsed back ("order:12", "7"); it is
# now the owner's own integer id beside its kind. Rows of the old shape keep their number.
COPY = {
    "sqlite": "UPDATE payments_payment SET owner_id = CAST(CASE WHEN owner_ref LIKE 'order:%'"
              " THEN SUBSTR(owner_ref, 7) ELSE owner_ref END AS INTEGER)"
              " WHERE owner_ref GLOB '[0-9]*' OR owner_ref GLOB 'order:[0-9]*'",
    "postgres": "UPDATE payments_payment SET owner_id = CAST(REGEXP_REPLACE(owner_ref, '^order:', '') AS BIGINT)"
                " WHERE owner_ref ~ '^(order:)?[0-9]+$'",
}


async def copy_owner(apps, schema_editor) -> None:
    client = schema_editor.client
    await client.execute_script(COPY["postgres" if client.capabilities.dialect == "postgres" else "sqlite"])


async def nothing(apps, schema_editor) -> None:
    return None

class Migration(migrations.Migration):
    dependencies = [('market', '0002_sessions_throttle_idempotency'), ('payments', '0001_initial')]

    initial = False

    operations = [
        ops.RemoveIndex(
            model_name='Payment',
            name=None,
            fields=['kind', 'owner_ref'],
        ),
        ops.AlterModelOptions(
            name='Payment',
            options={'table': 'payments_payment', 'app': 'payments', 'indexes': [Index(fields=['status', 'created_at']), Index(fields=['kind', 'owner_id'])], 'pk_attr': 'id', 'table_description': "Money asked of a payer through the gateway for an owner (``kind`` + the owner's own ``owner_id``)."},
        ),
        ops.AddField(
            model_name='Payment',
            name='owner_id',
            field=fields.BigIntField(default=0),
        ),
        ops.RunPython(copy_owner, reverse_code=nothing),
        ops.RemoveField(model_name='Payment', name='owner_ref'),
        ops.AddIndex(
            model_name='Payment',
            index=Index(fields=['kind', 'owner_id']),
        ),
        ops.AddField(
            model_name='Refund',
            name='part_id',
            field=fields.BigIntField(null=True),
        ),
    ]
